/* bench_feed.c: feed-parsing throughput, for the lead's `make bench` harness.
 * Not built on its own: tests/bench/bench.c may #include it and call
 * bench_feed_parse(). */
#include <stdio.h>
#include <time.h>

#include "fetch/feed.h"

/* Parse the N bytes at DATA ROUNDS times; returns MB/s (0 on a parse
 * failure) and stores the items of one parse in *ITEMS (may be NULL). */
static double bench_feed_parse(const char *data, size_t n, int rounds, size_t *items)
{
	struct timespec a, b;
	clock_gettime(CLOCK_MONOTONIC, &a);
	for (int i = 0; i < rounds; i++) {
		struct feed f;
		struct err e;
		if (feed_parse(data, n, NULL, "http://example.com/", &f, &e))
			return 0;
		if (items)
			*items = f.n;
		feed_free(&f);
	}
	clock_gettime(CLOCK_MONOTONIC, &b);
	double s = (double)(b.tv_sec - a.tv_sec) + (double)(b.tv_nsec - a.tv_nsec) / 1e9;
	return s > 0 ? (double)n * rounds / s / 1e6 : 0;
}
