/* check_store.c: the SQLite store: migrations, storing articles with their
 * mentions, de-duplication, the FTS index, and the queries. */
#include <sqlite3.h>
#include <unistd.h>

#include "store/neardup.h"
#include "store/query.h"
#include "store/store.h"
#include "testutil.h"

static char dbpath[64];
static struct store *s;

static void setup(void)
{
	snprintf(dbpath, sizeof dbpath, "/tmp/secnews-check-store-%ld.db", (long)getpid());
	unlink(dbpath);
	struct err e;
	ck_assert_msg(store_open(dbpath, &s, &e) == 0, "%s", e.msg);
}

static void teardown(void)
{
	store_close(s);
	s = NULL;
	char p[80];
	unlink(dbpath);
	snprintf(p, sizeof p, "%s-wal", dbpath);
	unlink(p);
	snprintf(p, sizeof p, "%s-shm", dbpath);
	unlink(p);
}

static long scalar(const char *sql)
{
	sqlite3_stmt *st;
	ck_assert_int_eq(sqlite3_prepare_v2(store_db(s), sql, -1, &st, NULL), SQLITE_OK);
	long v = -1;
	if (sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return v;
}

static void seed_mentions(struct mention_list *m)
{
	ck_assert_int_eq(mention_list_add(m, KIND_ACTOR, "HAFNIUM", NULL, "Hafnium", 7, FIELD_BODY, 120, 7), 0);
	ck_assert_int_eq(mention_list_add(m, KIND_ACTOR, "HAFNIUM", NULL, "Hafnium", 7, FIELD_BODY, 40, 7), 0);
	ck_assert_int_eq(mention_list_add(m, KIND_VENDOR, "Microsoft", NULL, "Microsoft", 9, FIELD_TITLE, 60, 9), 0);
	ck_assert_int_eq(mention_list_add(m, KIND_PRODUCT, "Microsoft Exchange Server", "Microsoft", "Exchange", 8,
					  FIELD_BODY, 90, 8),
			 0);
	ck_assert_int_eq(mention_list_add(m, KIND_CVE, "CVE-2021-26855", NULL, "cve-2021-26855", 14, FIELD_BODY, 300, 14),
			 0);
}

static int count_rows(void *ctx, const struct article_row *r)
{
	(void)r;
	(*(long *)ctx)++;
	return 0;
}

static int last_title(void *ctx, const struct article_row *r)
{
	snprintf(ctx, 128, "%s", r->title ? r->title : "");
	return 0;
}

static struct article make_article(const char *url, const char *title, const char *body, const char *published)
{
	struct article a = {0};
	article_set(&a.url, url);
	article_set(&a.title, title);
	article_set(&a.body, body);
	article_set(&a.published, published);
	article_set(&a.site, "Example News");
	return a;
}

START_TEST(test_schema_version_and_pragmas)
{
	ck_assert_int_eq(scalar("PRAGMA user_version"), store_schema_version());
	ck_assert_int_ge(store_schema_version(), 2);
	ck_assert_int_eq(scalar("PRAGMA foreign_keys"), 1);
	sqlite3_stmt *st;
	sqlite3_prepare_v2(store_db(s), "PRAGMA journal_mode", -1, &st, NULL);
	ck_assert_int_eq(sqlite3_step(st), SQLITE_ROW);
	ck_assert_str_eq((const char *)sqlite3_column_text(st, 0), "wal");
	sqlite3_finalize(st);
}
END_TEST

START_TEST(test_migration_1_database_is_upgraded)
{
	/* build a database by migration 1 only, store a row, then open it */
	char old[80];
	snprintf(old, sizeof old, "%s.old", dbpath);
	unlink(old);
	sqlite3 *db;
	ck_assert_int_eq(sqlite3_open(old, &db), SQLITE_OK);
	struct err e;
	ck_assert_msg(store_migrate(db, 1, &e) == 0, "%s", e.msg);
	ck_assert_int_eq(sqlite3_exec(db,
				      "INSERT INTO source(url, name) VALUES ('https://example.org/feed', 'ex');"
				      "INSERT INTO article(url, title, body, fetched, hash) VALUES "
				      "('https://example.org/a', 'Old', 'old body', '2021-01-01T00:00:00Z', 'x');",
				      NULL, NULL, NULL),
			 SQLITE_OK);
	sqlite3_stmt *st;
	sqlite3_prepare_v2(db, "PRAGMA user_version", -1, &st, NULL);
	sqlite3_step(st);
	ck_assert_int_eq(sqlite3_column_int(st, 0), 1);
	sqlite3_finalize(st);
	sqlite3_close(db);

	struct store *s2;
	ck_assert_msg(store_open(old, &s2, &e) == 0, "%s", e.msg);
	sqlite3_prepare_v2(store_db(s2), "SELECT count(*) FROM feed_item", -1, &st, NULL);
	ck_assert_int_eq(sqlite3_step(st), SQLITE_ROW); /* the table migration 2 adds */
	sqlite3_finalize(st);
	sqlite3_prepare_v2(store_db(s2), "SELECT etag IS NULL, (SELECT title FROM article) FROM source", -1, &st, NULL);
	ck_assert_int_eq(sqlite3_step(st), SQLITE_ROW);
	ck_assert_int_eq(sqlite3_column_int(st, 0), 1);
	ck_assert_str_eq((const char *)sqlite3_column_text(st, 1), "Old"); /* nothing lost */
	sqlite3_finalize(st);
	sqlite3_prepare_v2(store_db(s2), "PRAGMA user_version", -1, &st, NULL);
	sqlite3_step(st);
	ck_assert_int_eq(sqlite3_column_int(st, 0), store_schema_version());
	sqlite3_finalize(st);
	store_close(s2);
	/* opening again changes nothing */
	ck_assert_int_eq(store_open(old, &s2, &e), 0);
	store_close(s2);
	unlink(old);
}
END_TEST

START_TEST(test_newer_database_is_refused)
{
	ck_assert_int_eq(sqlite3_exec(store_db(s), "PRAGMA user_version = 999", NULL, NULL, NULL), SQLITE_OK);
	store_close(s);
	struct err e;
	ck_assert_int_eq(store_open(dbpath, &s, &e), -1);
	ck_assert_ptr_nonnull(strstr(e.msg, "newer"));
	ck_assert_ptr_nonnull(strstr(e.msg, dbpath));
}
END_TEST

START_TEST(test_not_a_database_is_refused)
{
	char bad[80];
	snprintf(bad, sizeof bad, "%s.bad", dbpath);
	FILE *f = fopen(bad, "w");
	fputs("this is a text file, not SQLite, and it is long enough to have a header.......\n", f);
	fclose(f);
	struct store *s2;
	struct err e;
	ck_assert_int_eq(store_open(bad, &s2, &e), -1);
	ck_assert_ptr_nonnull(strstr(e.msg, bad));
	f = fopen(bad, "r");
	char line[128];
	ck_assert_ptr_nonnull(fgets(line, sizeof line, f));
	ck_assert_ptr_nonnull(strstr(line, "not SQLite")); /* untouched */
	fclose(f);
	unlink(bad);
}
END_TEST

START_TEST(test_article_and_mentions_stored_together)
{
	struct article a = make_article("https://example.org/hafnium", "Hafnium hits Exchange",
					"Microsoft said Hafnium exploited Exchange.", "2021-03-02");
	struct mention_list m = {0};
	seed_mentions(&m);
	int64_t id = 0;
	struct err e;
	ck_assert_int_eq(store_put_article(s, &a, &m, 0, &id, &e), STORE_NEW);
	ck_assert_int_gt(id, 0);
	ck_assert_int_eq(scalar("SELECT count(*) FROM article"), 1);
	/* one row per entity, counted, first offset kept */
	ck_assert_int_eq(scalar("SELECT count(*) FROM mention"), 4);
	ck_assert_int_eq(scalar("SELECT count FROM mention m JOIN entity e ON e.id = m.entity_id WHERE e.name = 'HAFNIUM'"), 2);
	ck_assert_int_eq(scalar("SELECT first_offset FROM mention m JOIN entity e ON e.id = m.entity_id WHERE e.name = 'HAFNIUM'"), 40);
	ck_assert_int_eq(scalar("SELECT count(*) FROM entity WHERE kind = 'product' AND vendor = 'Microsoft'"), 1);
	/* the FTS index has it */
	ck_assert_int_eq(scalar("SELECT count(*) FROM article_fts WHERE article_fts MATCH 'exploited'"), 1);
	mention_list_free(&m);
	article_free(&a);
}
END_TEST

START_TEST(test_same_url_unchanged_then_updated)
{
	struct article a = make_article("https://example.org/x", "T", "first body text", NULL);
	struct mention_list m = {0};
	seed_mentions(&m);
	int64_t id1, id2, id3;
	struct err e;
	ck_assert_int_eq(store_put_article(s, &a, &m, 0, &id1, &e), STORE_NEW);
	ck_assert_int_eq(store_put_article(s, &a, &m, 0, &id2, &e), STORE_UNCHANGED);
	ck_assert_int_eq(id1, id2);
	article_set(&a.body, "second body text, changed");
	struct mention_list m2 = {0};
	ck_assert_int_eq(mention_list_add(&m2, KIND_ACTOR, "APT29", NULL, "Cozy Bear", 9, FIELD_BODY, 0, 9), 0);
	ck_assert_int_eq(store_put_article(s, &a, &m2, 0, &id3, &e), STORE_UPDATED);
	ck_assert_int_eq(id1, id3);
	ck_assert_int_eq(scalar("SELECT count(*) FROM article"), 1);
	/* the old mentions are replaced */
	ck_assert_int_eq(scalar("SELECT count(*) FROM mention"), 1);
	ck_assert_int_eq(scalar("SELECT count(*) FROM article_fts WHERE article_fts MATCH 'changed'"), 1);
	ck_assert_int_eq(scalar("SELECT count(*) FROM article_fts WHERE article_fts MATCH 'first'"), 0);
	mention_list_free(&m);
	mention_list_free(&m2);
	article_free(&a);
}
END_TEST

START_TEST(test_same_text_other_url_is_stored_as_a_copy)
{
	struct article a = make_article("https://one.example/a", "T", "Same   text\n\nhere", NULL);
	struct article b = make_article("https://two.example/b", "T", "Same text\n\nhere", NULL);
	article_set(&b.site, "Two");
	int64_t id1, id2;
	struct err e;
	ck_assert_int_eq(store_put_article(s, &a, NULL, 0, &id1, &e), STORE_NEW);
	ck_assert_int_eq(store_put_article(s, &b, NULL, 0, &id2, &e), STORE_COPY);
	ck_assert_int_ne(id1, id2);
	/* both kept, in one story: the second names the first */
	ck_assert_int_eq(scalar("SELECT count(*) FROM article"), 2);
	ck_assert_int_eq(scalar("SELECT count(DISTINCT story) FROM article"), 1);
	int64_t first = 0;
	struct buf site = BUF_INIT, url = BUF_INIT;
	ck_assert_int_eq(store_copy_of(s, id2, &first, &site, &url, &e), 0);
	ck_assert_int_eq(first, id1);
	ck_assert_str_eq(buf_str(&url), "https://one.example/a");
	ck_assert_str_eq(buf_str(&site), "Example News");
	ck_assert_int_eq(store_copy_of(s, id1, &first, &site, &url, &e), 1);
	/* the copy again is unchanged */
	ck_assert_int_eq(store_put_article(s, &b, NULL, 0, &id2, &e), STORE_UNCHANGED);
	buf_free(&site);
	buf_free(&url);
	article_free(&a);
	article_free(&b);
}
END_TEST

START_TEST(test_published_is_one_form_or_null)
{
	struct article a = make_article("https://example.org/d1", "T", "body one", "2021-03-02");
	struct article b = make_article("https://example.org/d2", "T", "body two", "Tue, 02 Mar 2021 14:05:00 +0100");
	struct article c = make_article("https://example.org/d3", "T", "body three", "not a date");
	struct article d = make_article("https://example.org/d4", "T", "body four", NULL);
	int64_t id;
	struct err e;
	ck_assert_int_eq(store_put_article(s, &a, NULL, 0, &id, &e), STORE_NEW);
	ck_assert_int_eq(store_put_article(s, &b, NULL, 0, &id, &e), STORE_NEW);
	ck_assert_int_eq(store_put_article(s, &c, NULL, 0, &id, &e), STORE_NEW);
	ck_assert_int_eq(store_put_article(s, &d, NULL, 0, &id, &e), STORE_NEW);
	ck_assert_int_eq(scalar("SELECT count(*) FROM article WHERE published = '2021-03-02T00:00:00Z'"), 1);
	ck_assert_int_eq(scalar("SELECT count(*) FROM article WHERE published = '2021-03-02T13:05:00Z'"), 1);
	ck_assert_int_eq(scalar("SELECT count(*) FROM article WHERE published IS NULL"), 2);
	/* every stored timestamp has the one form */
	ck_assert_int_eq(scalar("SELECT count(*) FROM article WHERE fetched NOT GLOB "
				"'[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9]Z'"),
			 0);
	article_free(&a);
	article_free(&b);
	article_free(&c);
	article_free(&d);
}
END_TEST

static int count_stat(void *ctx, const char *section, const char *key, long count)
{
	long *v = ctx;
	if (strcmp(section, "month") == 0)
		v[0] += count, v[1] += strcmp(key, "undated") == 0 ? count : 0;
	return 0;
}

START_TEST(test_undated_articles_left_out_of_dates_unless_asked)
{
	struct article b = make_article("https://example.org/u2", "undated", "undated body", NULL);
	struct article a = make_article("https://example.org/u1", "dated", "dated body", "2021-03-02");
	int64_t id;
	struct err e;
	ck_assert_int_eq(store_put_article(s, &a, NULL, 0, &id, &e), STORE_NEW);
	ck_assert_int_eq(store_put_article(s, &b, NULL, 0, &id, &e), STORE_NEW);
	long n = 0;
	/* the undated one was stored today: --since must not take that for its date */
	struct query_filter f = {.since = "2000"};
	ck_assert_int_eq(query_articles(s, &f, 0, count_rows, &n, &e), 1);
	struct query_filter fu = {.until = "2100"};
	ck_assert_int_eq(query_articles(s, &fu, 0, count_rows, &n, &e), 1);
	struct query_filter fi = {.since = "2000", .include_undated = 1};
	ck_assert_int_eq(query_articles(s, &fi, 0, count_rows, &n, &e), 2);
	long months[2] = {0, 0};
	ck_assert_int_ge(query_stats(s, 0, count_stat, months, &e), 0);
	ck_assert_int_eq(months[0], 1);
	ck_assert_int_eq(months[1], 0);
	months[0] = months[1] = 0;
	ck_assert_int_ge(query_stats(s, 1, count_stat, months, &e), 0);
	ck_assert_int_eq(months[0], 2);
	ck_assert_int_eq(months[1], 1);
	/* listings: newest published first, undated last */
	struct query_filter all = {0};
	char title[128] = "";
	ck_assert_int_eq(query_articles(s, &all, 0, last_title, title, &e), 2);
	ck_assert_str_eq(title, "undated");
	article_free(&a);
	article_free(&b);
}
END_TEST

START_TEST(test_canonical_url_identifies_the_article)
{
	struct article a = make_article("file:///tmp/saved.html", "T", "body one", NULL);
	article_set(&a.canonical, "https://example.org/story");
	struct article b = make_article("https://example.org/story", "T", "body two", NULL);
	int64_t id1, id2;
	struct err e;
	ck_assert_int_eq(store_put_article(s, &a, NULL, 0, &id1, &e), STORE_NEW);
	ck_assert_int_eq(store_put_article(s, &b, NULL, 0, &id2, &e), STORE_UPDATED);
	ck_assert_int_eq(id1, id2);
	article_free(&a);
	article_free(&b);
}
END_TEST

START_TEST(test_failed_store_leaves_nothing_half_stored)
{
	struct article a = make_article("https://example.org/y", "T", "a body", NULL);
	struct mention_list m = {0};
	/* an unknown kind cannot be stored: the whole article must roll back */
	ck_assert_int_eq(mention_list_add(&m, KIND_ACTOR, "APT28", NULL, "APT28", 5, FIELD_BODY, 0, 5), 0);
	ck_assert_int_eq(sqlite3_exec(store_db(s),
				      "CREATE TRIGGER no_apt28 BEFORE INSERT ON entity WHEN new.name = 'APT28' "
				      "BEGIN SELECT RAISE(ABORT, 'refused'); END",
				      NULL, NULL, NULL),
			 SQLITE_OK);
	int64_t id;
	struct err e;
	ck_assert_int_eq(store_put_article(s, &a, &m, 0, &id, &e), -1);
	ck_assert_int_eq(scalar("SELECT count(*) FROM article"), 0);
	ck_assert_int_eq(scalar("SELECT count(*) FROM mention"), 0);
	ck_assert_int_eq(sqlite3_get_autocommit(store_db(s)), 1); /* no transaction left open */
	mention_list_free(&m);
	article_free(&a);
}
END_TEST

static int first_title(void *ctx, const struct article_row *r)
{
	snprintf(ctx, 128, "%s", r->title ? r->title : "");
	return 1;
}

START_TEST(test_queries_by_entity_and_text)
{
	struct err e;
	struct article a = make_article("https://example.org/1", "Hafnium hits Exchange servers",
					"Microsoft said Hafnium exploited Exchange.", "2021-03-02");
	struct article b = make_article("https://example.org/2", "Patch Tuesday",
					"Microsoft fixed bugs; Exchange is mentioned and hafnium too.", "2021-04-13");
	struct mention_list m = {0}, m2 = {0};
	seed_mentions(&m);
	ck_assert_int_eq(mention_list_add(&m2, KIND_PRODUCT, "Microsoft Exchange Server", "Microsoft", "Exchange", 8,
					  FIELD_BODY, 30, 8),
			 0);
	int64_t id;
	ck_assert_int_ge(store_put_article(s, &a, &m, 0, &id, &e), 0);
	ck_assert_int_ge(store_put_article(s, &b, &m2, 0, &id, &e), 0);

	struct query_entity q;
	struct buf sug = BUF_INIT;
	ck_assert_int_eq(query_resolve(s, "actor", "hafnium", &q, &sug, &e), 0);
	ck_assert_str_eq(q.name, "HAFNIUM");
	struct query_filter f = {.actor = q.id};
	long n = 0;
	ck_assert_int_eq(query_articles(s, &f, 0, count_rows, &n, &e), 1);
	query_entity_free(&q);

	/* a vendor's articles include those that name only its products */
	ck_assert_int_eq(query_resolve(s, "vendor", "MICROSOFT", &q, NULL, &e), 0);
	struct query_filter fv = {.vendor = q.id, .vendor_name = q.name};
	ck_assert_int_eq(query_articles(s, &fv, 0, count_rows, &n, &e), 2);
	query_entity_free(&q);

	/* unknown names suggest close ones */
	buf_reset(&sug);
	ck_assert_int_eq(query_resolve(s, "actor", "hafnum", &q, &sug, &e), 1);
	ck_assert_ptr_nonnull(strstr(buf_str(&sug), "HAFNIUM"));
	buf_free(&sug);

	/* full text: a title match ranks above a body-only match */
	char title[128] = "";
	struct search_opts so = {.query = "hafnium"};
	ck_assert_int_eq(query_search(s, &so, first_title, title, &e), 1);
	ck_assert_str_eq(title, "Hafnium hits Exchange servers");
	/* date filters */
	struct query_filter fd = {.since = "2021-04-01"};
	ck_assert_int_eq(query_articles(s, &fd, 0, count_rows, &n, &e), 1);
	struct query_filter fu = {.until = "2021-03-02"};
	ck_assert_int_eq(query_articles(s, &fu, 0, count_rows, &n, &e), 1);
	mention_list_free(&m);
	mention_list_free(&m2);
	article_free(&a);
	article_free(&b);
}
END_TEST

START_TEST(test_dict_lines_round_trip)
{
	struct err e;
	ck_assert_int_eq(store_dict_add(s, "# comment\nactor\tX1\n\nactor\tX2\n", "test", &e), 0);
	struct buf b = BUF_INIT;
	ck_assert_int_eq(store_dict_lines(s, &b, &e), 0);
	ck_assert_str_eq(buf_str(&b), "actor\tX1\nactor\tX2\n");
	buf_free(&b);
}
END_TEST

START_TEST(test_neardup_groups_edited_copies_not_strangers)
{
	size_t n;
	char *seed = read_shared("corpus/seed-article.txt", &n);
	/* a copy with its first paragraph dropped and a line added */
	const char *p = strstr(seed, "The company said");
	ck_assert_ptr_nonnull(p);
	struct buf copy = BUF_INIT;
	buf_puts(&copy, p);
	buf_puts(&copy, "\nReporting by the wire desk, with staff.\n");
	struct neardup a, b, c;
	neardup_sign(seed, n, &a);
	neardup_sign(copy.data, copy.len, &b);
	ck_assert_uint_ge(a.words, NEARDUP_MIN_WORDS);
	ck_assert_msg(neardup_similarity(a.h, b.h) >= NEARDUP_MIN_SIMILARITY, "copy similarity %.2f",
		      neardup_similarity(a.h, b.h));
	int shared = 0;
	for (int i = 0; i < NEARDUP_BANDS; i++)
		shared += neardup_band(&a, i) == neardup_band(&b, i);
	ck_assert_int_gt(shared, 0); /* found by the band index */
	size_t m;
	char *other = read_shared("corpus/pages/readability/bbc-1/expected.html", &m);
	neardup_sign(other, m, &c);
	ck_assert_msg(neardup_similarity(a.h, c.h) < 0.2, "stranger similarity %.2f", neardup_similarity(a.h, c.h));
	/* case and punctuation do not matter */
	struct neardup x, y;
	neardup_sign("Alpha beta, gamma delta!", 24, &x);
	neardup_sign("alpha BETA gamma -- delta", 25, &y);
	ck_assert_int_eq(neardup_similarity(x.h, y.h) == 1.0, 1);
	free(seed);
	free(other);
	buf_free(&copy);
}
END_TEST

static Suite *make_suite(void)
{
	Suite *su = suite_create("store");
	TCase *tc = tcase_create("store");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_schema_version_and_pragmas);
	tcase_add_test(tc, test_migration_1_database_is_upgraded);
	tcase_add_test(tc, test_newer_database_is_refused);
	tcase_add_test(tc, test_not_a_database_is_refused);
	tcase_add_test(tc, test_article_and_mentions_stored_together);
	tcase_add_test(tc, test_same_url_unchanged_then_updated);
	tcase_add_test(tc, test_same_text_other_url_is_stored_as_a_copy);
	tcase_add_test(tc, test_published_is_one_form_or_null);
	tcase_add_test(tc, test_undated_articles_left_out_of_dates_unless_asked);
	tcase_add_test(tc, test_canonical_url_identifies_the_article);
	tcase_add_test(tc, test_failed_store_leaves_nothing_half_stored);
	tcase_add_test(tc, test_queries_by_entity_and_text);
	tcase_add_test(tc, test_dict_lines_round_trip);
	tcase_add_test(tc, test_neardup_groups_edited_copies_not_strangers);
	suite_add_tcase(su, tc);
	return su;
}

int main(void)
{
	return run_suite(make_suite()) ? EXIT_FAILURE : EXIT_SUCCESS;
}
