/* simhash.c: 64-bit simhash over word 3-shingles (see simhash.h). */
#include "store/simhash.h"

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

uint64_t simhash(const char *text, size_t n, size_t *words)
{
	int32_t v[64] = {0};
	uint64_t w[3] = {0, 0, 0}; /* the last three word hashes */
	size_t nw = 0, i = 0;
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
		if (++nw < 3)
			continue;
		uint64_t sh = mix(w[0] * 31 * 31 + w[1] * 31 + w[2]);
		for (int b = 0; b < 64; b++)
			v[b] += (sh >> b) & 1 ? 1 : -1;
	}
	if (nw > 0 && nw < 3) { /* a very short text: its words as one shingle */
		uint64_t sh = mix(w[0] * 31 * 31 + w[1] * 31 + w[2]);
		for (int b = 0; b < 64; b++)
			v[b] += (sh >> b) & 1 ? 1 : -1;
	}
	if (words)
		*words = nw;
	uint64_t h = 0;
	for (int b = 0; b < 64; b++)
		if (v[b] > 0)
			h |= 1ULL << b;
	return h;
}

uint32_t simhash_band(uint64_t h, int i)
{
	/* 64 bits in SIMHASH_BANDS nearly equal slices */
	int lo = i * 64 / SIMHASH_BANDS, hi = (i + 1) * 64 / SIMHASH_BANDS;
	uint64_t slice = (h >> lo) & ((hi - lo == 64) ? ~0ULL : ((1ULL << (hi - lo)) - 1));
	return (uint32_t)slice | ((uint32_t)i << 24);
}

int simhash_distance(uint64_t a, uint64_t b)
{
	return __builtin_popcountll(a ^ b);
}
