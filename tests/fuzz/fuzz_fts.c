/* fuzz_fts.c: fuzz target for the FTS query check (query_check_fts) on a
 * store in a temporary file with a few articles: the check must never crash,
 * and a query it accepts must run without an error. */
#include <unistd.h>

#include "fuzz.h"
#include "store/query.h"

int fuzz_fts(const uint8_t *data, size_t n);
void fuzz_fts_done(void);

static struct store *fz_store;
static char fz_path[64];

void fuzz_fts_done(void)
{
	store_close(fz_store);
	fz_store = NULL;
	if (fz_path[0]) {
		char p[80];
		unlink(fz_path);
		snprintf(p, sizeof p, "%s-wal", fz_path);
		unlink(p);
		snprintf(p, sizeof p, "%s-shm", fz_path);
		unlink(p);
		fz_path[0] = 0;
	}
}

static int count_row(void *ctx, const struct article_row *r)
{
	(void)r;
	++*(long *)ctx;
	return 0;
}

static void open_store(void)
{
	struct err e;
	snprintf(fz_path, sizeof fz_path, "/tmp/secnews-fuzz-fts-%ld.db", (long)getpid());
	unlink(fz_path);
	if (store_open(fz_path, &fz_store, &e)) {
		fprintf(stderr, "fuzz_fts: %s\n", e.msg);
		abort();
	}
	static const char *const bodies[] = {
		"HAFNIUM exploited CVE-2021-26855 in Microsoft Exchange servers.",
		"Conti ransomware hit the government of Costa Rica.",
		"A NEAR-miss: the OR gate and the AND gate, NOT a bug.",
	};
	for (size_t i = 0; i < sizeof bodies / sizeof *bodies; i++) {
		char url[64];
		int64_t id;
		snprintf(url, sizeof url, "https://example.org/%zu", i);
		struct article a = {.url = url, .title = "A title", .body = (char *)bodies[i]};
		if (store_put_article(fz_store, &a, NULL, 0, &id, &e) < 0) {
			fprintf(stderr, "fuzz_fts: %s\n", e.msg);
			abort();
		}
	}
}

int fuzz_fts(const uint8_t *data, size_t n)
{
	if (!fz_store)
		open_store();
	char *q = fuzz_strndup(data, n);
	if (!q)
		return 0;
	struct err e;
	int bad = 0;
	if (query_check_fts(fz_store, q, &e) == 0) {
		struct query_filter f = {.match = q, .limit = 5};
		long rows = 0;
		if (query_articles(fz_store, &f, 0, count_row, &rows, &e) < 0) {
			fprintf(stderr, "fuzz invariant failed: query '%s' passed the check but failed: %s\n", q,
				e.msg);
			bad = 1;
		}
	} else if (!e.msg[0]) {
		fprintf(stderr, "fuzz invariant failed: query '%s' rejected without a message\n", q);
		bad = 1;
	}
	free(q);
	return bad;
}

#ifdef FUZZ_MAIN
FUZZ_HOOK(fuzz_fts)
#endif
