/* neardup.c: MinHash over word 3-shingles, with LSH bands (see neardup.h). */
#include "store/neardup.h"

#include <string.h>

#include "util/utf8.h"

static uint64_t mix(uint64_t x)
{
	x ^= x >> 33;
	x *= 0xff51afd7ed558ccdULL;
	x ^= x >> 33;
	x *= 0xc4ceb9fe1a85ec53ULL;
	x ^= x >> 33;
	return x;
}

static void add_shingle(struct neardup *d, uint64_t sh)
{
	for (int i = 0; i < NEARDUP_HASHES; i++) {
		uint64_t v = mix(sh ^ (0x9e3779b97f4a7c15ULL * (uint64_t)(i + 1)));
		if (v < d->h[i])
			d->h[i] = v;
	}
}

void neardup_sign(const char *text, size_t n, struct neardup *d)
{
	memset(d->h, 0xff, sizeof d->h);
	d->words = 0;
	uint64_t w[3] = {0, 0, 0};
	size_t i = 0;
	while (i < n) {
		uint32_t cp;
		size_t l = utf8_decode(text + i, n - i, &cp);
		if (!utf8_is_wordchar(cp)) {
			i += l;
			continue;
		}
		uint64_t h = 0xcbf29ce484222325ULL;
		while (i < n) {
			l = utf8_decode(text + i, n - i, &cp);
			if (!utf8_is_wordchar(cp))
				break;
			h = (h ^ utf8_tolower(cp)) * 0x100000001b3ULL;
			i += l;
		}
		w[0] = w[1], w[1] = w[2], w[2] = h;
		if (++d->words >= 3)
			add_shingle(d, mix(w[0]) ^ mix(w[1] + 1) ^ mix(w[2] + 2));
	}
	if (d->words && d->words < 3)
		add_shingle(d, mix(w[0]) ^ mix(w[1] + 1) ^ mix(w[2] + 2));
}

int64_t neardup_band(const struct neardup *d, int i)
{
	uint64_t k = mix((uint64_t)i + 0x51ed27);
	for (int r = 0; r < NEARDUP_ROWS; r++)
		k = mix(k ^ d->h[i * NEARDUP_ROWS + r]);
	return (int64_t)(k >> 1);
}

double neardup_similarity(const uint64_t *a, const uint64_t *b)
{
	int same = 0;
	for (int i = 0; i < NEARDUP_HASHES; i++)
		same += a[i] == b[i];
	return (double)same / NEARDUP_HASHES;
}
