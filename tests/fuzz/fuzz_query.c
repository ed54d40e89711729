/* fuzz_query.c: fuzz target for the search language: the parser
 * (qlang_parse) and the store's compiler and search (query_search) on a
 * store in a temporary file with a few articles. Invariants: parsing never
 * crashes and either gives a tree or a message; what qlang_format prints
 * parses again to the same text; a query that parses never makes the
 * search fail (a bad field value or an unknown name is the user's error,
 * not a failure). */
#include <unistd.h>

#include "fuzz.h"
#include "qlang/qlang.h"
#include "store/query.h"

int fuzz_query(const uint8_t *data, size_t n);
void fuzz_query_done(void);

static struct store *fz_store;
static char fz_path[64];

void fuzz_query_done(void)
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
	snprintf(fz_path, sizeof fz_path, "/tmp/secnews-fuzz-query-%ld.db", (long)getpid());
	unlink(fz_path);
	if (store_open(fz_path, &fz_store, &e)) {
		fprintf(stderr, "fuzz_query: %s\n", e.msg);
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
		struct mention_list m = {0};
		if (i == 0)
			mention_list_add(&m, KIND_ACTOR, "HAFNIUM", NULL, "HAFNIUM", 7, FIELD_BODY, 0, 7);
		if (store_put_article(fz_store, &a, &m, 0, &id, &e) < 0) {
			fprintf(stderr, "fuzz_query: %s\n", e.msg);
			abort();
		}
		mention_list_free(&m);
	}
}

int fuzz_query(const uint8_t *data, size_t n)
{
	if (!fz_store)
		open_store();
	char *q = fuzz_strndup(data, n);
	if (!q)
		return 0;
	struct err e;
	e.msg[0] = 0;
	struct qnode *ast = NULL;
	int bad = 0;
	if (qlang_parse(q, &ast, &e) == 0) {
		struct buf a = BUF_INIT, b = BUF_INIT;
		struct qnode *again = NULL;
		qlang_format(ast, &a);
		if (qlang_parse(buf_str(&a), &again, &e) != 0) {
			fprintf(stderr, "fuzz invariant failed: '%s' printed as '%s', which does not parse: %s\n", q,
				buf_str(&a), e.msg);
			bad = 1;
		} else {
			qlang_format(again, &b);
			struct buf c = BUF_INIT;
			struct qnode *third = NULL;
			/* printing is a fixpoint after one round */
			if (qlang_parse(buf_str(&b), &third, &e) == 0)
				qlang_format(third, &c);
			if (strcmp(buf_str(&b), buf_str(&c)) != 0) {
				fprintf(stderr, "fuzz invariant failed: '%s' prints as '%s' then '%s'\n", q, buf_str(&b),
					buf_str(&c));
				bad = 1;
			}
			qnode_free(third);
			buf_free(&c);
		}
		qnode_free(again);
		buf_free(&a);
		buf_free(&b);
		struct search_opts o = {.ast = ast, .limit = 5};
		long rows = 0;
		long r = query_search(fz_store, &o, count_row, &rows, &e);
		if (r == -1) {
			fprintf(stderr, "fuzz invariant failed: query '%s' parsed but the search failed: %s\n", q, e.msg);
			bad = 1;
		}
		qnode_free(ast);
	} else if (!e.msg[0]) {
		fprintf(stderr, "fuzz invariant failed: query '%s' rejected without a message\n", q);
		bad = 1;
	}
	free(q);
	return bad;
}

#ifdef FUZZ_MAIN
FUZZ_HOOK(fuzz_query)
#endif
