/* simhash.h: near-duplicate detection for syndicated stories. A 64-bit
 * simhash over word 3-shingles: texts that differ by a few edits have
 * fingerprints a few bits apart. Pure functions, no allocation. */
#ifndef SECNEWS_SIMHASH_H
#define SECNEWS_SIMHASH_H
#include <stddef.h>
#include <stdint.h>

/* Bits two fingerprints may differ by and still be one story. */
#define SIMHASH_MAX_DISTANCE 5
/* The fingerprint is cut into this many bands; two fingerprints within
 * SIMHASH_MAX_DISTANCE share at least one band exactly (pigeonhole), so the
 * bands are what the store indexes to find candidates. */
#define SIMHASH_BANDS (SIMHASH_MAX_DISTANCE + 1)

/* The simhash of the N bytes of UTF-8 TEXT (words compared in lower case);
 * *WORDS (may be NULL) receives the number of words. */
uint64_t simhash(const char *text, size_t n, size_t *words);

/* Band I (0 <= I < SIMHASH_BANDS) of H, tagged with I so bands never collide. */
uint32_t simhash_band(uint64_t h, int i);

/* Number of differing bits. */
int simhash_distance(uint64_t a, uint64_t b);

#endif
