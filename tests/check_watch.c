/* check_watch.c: watch lists (src/store/watch.c): what is new is reported
 * once; a run that could not deliver gives its articles back; claims left
 * by a run that died go to the next run; --since re-reads without state. */
#include <sqlite3.h>
#include <sys/wait.h>
#include <unistd.h>

#include "store/query.h"
#include "store/store.h"
#include "testutil.h"

static char dbpath[64];
static struct store *s;

static void setup(void)
{
	snprintf(dbpath, sizeof dbpath, "/tmp/secnews-check-watch-%ld.db", (long)getpid());
	unlink(dbpath);
	struct err e;
	ck_assert_msg(store_open(dbpath, &s, &e) == 0, "%s", e.msg);
}

static void teardown(void)
{
	store_close(s);
	char p[80];
	unlink(dbpath);
	snprintf(p, sizeof p, "%s-wal", dbpath);
	unlink(p);
	snprintf(p, sizeof p, "%s-shm", dbpath);
	unlink(p);
}

static int64_t put(int i, const char *body)
{
	char url[64];
	snprintf(url, sizeof url, "https://x/%d", i);
	struct article a = {0};
	article_set(&a.url, url);
	article_set(&a.title, "T");
	article_set(&a.body, body);
	int64_t id;
	struct err e;
	ck_assert_msg(store_put_article(s, &a, NULL, 0, &id, &e) >= 0, "%s", e.msg);
	article_free(&a);
	return id;
}

struct got {
	int64_t id[64];
	int n, heads;
	int fail_delivery;
};

static int got_row(void *ctx, const char *watch, const struct article_row *r)
{
	struct got *g = ctx;
	if (!r) {
		g->heads++;
		return 0;
	}
	ck_assert_ptr_nonnull(watch);
	if (g->n < 64)
		g->id[g->n++] = r->id;
	return 0;
}

static int deliver(void *ctx)
{
	return ((struct got *)ctx)->fail_delivery ? -1 : 0;
}

static long run(const char *name, const char *since, struct got *g, int fail)
{
	memset(g, 0, sizeof *g);
	g->fail_delivery = fail;
	struct err e;
	int bad;
	return watch_run(s, name, since, got_row, deliver, g, &bad, &e);
}

START_TEST(test_new_articles_are_reported_once)
{
	struct err e;
	put(1, "ransomware hit a hospital");
	put(2, "a quiet day");
	ck_assert_int_eq(watch_add(s, "rw", "ransomware", &e), 0);
	ck_assert_int_eq(watch_add(s, "rw", "other", &e), 1); /* the name is taken */
	ck_assert_int_eq(watch_add(s, "bad", "(unclosed", &e), QUERY_EBAD);
	struct got g;
	ck_assert_int_eq(run(NULL, NULL, &g, 0), 1); /* the first run: every match so far */
	ck_assert_int_eq(run(NULL, NULL, &g, 0), 0);
	int64_t c = put(3, "more ransomware news");
	put(4, "nothing here");
	ck_assert_int_eq(run("rw", NULL, &g, 0), 1);
	ck_assert_int_eq(g.id[0], c);
	ck_assert_int_eq(run("rw", NULL, &g, 0), 0);
	ck_assert_int_eq(run("nope", NULL, &g, 0), WATCH_NONE);
	/* --since re-reads and records nothing */
	ck_assert_int_eq(run("rw", "2000-01-01", &g, 0), 2);
	ck_assert_int_eq(run("rw", NULL, &g, 0), 0);
	ck_assert_int_eq(watch_rm(s, "rw", &e), 0);
	ck_assert_int_eq(watch_rm(s, "rw", &e), 1);
}
END_TEST

START_TEST(test_undelivered_articles_stay_new)
{
	struct err e;
	ck_assert_int_eq(watch_add(s, "rw", "ransomware", &e), 0);
	int64_t a = put(1, "ransomware hit a hospital");
	struct got g;
	ck_assert_int_eq(run(NULL, NULL, &g, 1), -1); /* the report could not be written */
	ck_assert_int_eq(run(NULL, NULL, &g, 0), 1);
	ck_assert_int_eq(g.id[0], a);
	ck_assert_int_eq(run(NULL, NULL, &g, 0), 0);
}
END_TEST

START_TEST(test_claims_of_a_dead_run_go_to_the_next)
{
	struct err e;
	ck_assert_int_eq(watch_add(s, "rw", "ransomware", &e), 0);
	int64_t a = put(1, "ransomware hit a hospital");
	/* a run that claimed article A and was killed: its pid is gone */
	pid_t child = fork();
	if (child == 0)
		_exit(0);
	ck_assert_int_gt(child, 0);
	waitpid(child, NULL, 0);
	char sql[256];
	snprintf(sql, sizeof sql,
		 "INSERT INTO watch_item(watch_id, article_id, claimed) SELECT id, %lld, %lld FROM watch;"
		 "UPDATE watch SET seen_upto = %lld",
		 (long long)a, (long long)child << 32 | 12345, (long long)a);
	ck_assert_int_eq(sqlite3_exec(store_db(s), sql, NULL, NULL, NULL), SQLITE_OK);
	struct got g;
	ck_assert_int_eq(run(NULL, NULL, &g, 0), 1);
	ck_assert_int_eq(g.id[0], a);
	/* a claim by a live run (this process's parent) is left alone */
	int64_t b = put(2, "ransomware again");
	snprintf(sql, sizeof sql,
		 "INSERT INTO watch_item(watch_id, article_id, claimed) SELECT id, %lld, %lld FROM watch;"
		 "UPDATE watch SET seen_upto = %lld",
		 (long long)b, (long long)getppid() << 32 | 1, (long long)b);
	ck_assert_int_eq(sqlite3_exec(store_db(s), sql, NULL, NULL, NULL), SQLITE_OK);
	ck_assert_int_eq(run(NULL, NULL, &g, 0), 0);
}
END_TEST

static Suite *make_suite(void)
{
	Suite *su = suite_create("watch");
	TCase *tc = tcase_create("watch");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_new_articles_are_reported_once);
	tcase_add_test(tc, test_undelivered_articles_stay_new);
	tcase_add_test(tc, test_claims_of_a_dead_run_go_to_the_next);
	suite_add_tcase(su, tc);
	return su;
}

int main(void)
{
	return run_suite(make_suite()) ? EXIT_FAILURE : EXIT_SUCCESS;
}
