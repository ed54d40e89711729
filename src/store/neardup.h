/* neardup.h: near-duplicate detection for syndicated stories. A wire story
 * reappears on many sites with small edits (another first line, a dropped
 * paragraph, a credit); its copies share most of their word 3-shingles.
 * MinHash estimates that share (the Jaccard similarity) from a few numbers
 * per text, and LSH bands of those numbers find the candidates by index.
 * Pure functions, no allocation. */
#ifndef SECNEWS_NEARDUP_H
#define SECNEWS_NEARDUP_H
#include <stddef.h>
#include <stdint.h>

#define NEARDUP_HASHES 32 /* MinHash values per text */
#define NEARDUP_ROWS 4    /* values per LSH band */
#define NEARDUP_BANDS (NEARDUP_HASHES / NEARDUP_ROWS)
/* Estimated Jaccard similarity from which two texts are one story. With
 * 8 bands of 4 a pair at 0.8 becomes a candidate with p = 0.985, a pair at
 * 0.3 with p = 0.06 (and is then rejected by the estimate). */
#define NEARDUP_MIN_SIMILARITY 0.5
/* Texts shorter than this many words are never grouped. */
#define NEARDUP_MIN_WORDS 40

struct neardup {
	uint64_t h[NEARDUP_HASHES];
	size_t words;
};

/* Fingerprint the N bytes of UTF-8 TEXT (words compared in lower case). */
void neardup_sign(const char *text, size_t n, struct neardup *out);

/* The index key of band I (0 <= I < NEARDUP_BANDS), a positive 63-bit value. */
int64_t neardup_band(const struct neardup *d, int i);

/* Estimated Jaccard similarity of two fingerprints, 0..1. */
double neardup_similarity(const uint64_t *a, const uint64_t *b);

#endif
