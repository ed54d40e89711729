/* check_store_feed.c: tests of store/feed.c: feed rows, poll state, items seen. */
#include <unistd.h>

#include "store/feed.h"
#include "testutil.h"

static struct store *open_tmp(char *path, size_t n)
{
	snprintf(path, n, "/tmp/secnews-check-store-feed-%ld.db", (long)getpid());
	unlink(path);
	struct store *s;
	struct err e;
	ck_assert_msg(store_open(path, &s, &e) == 0, "%s", e.msg);
	return s;
}

static void close_tmp(struct store *s, const char *path)
{
	char side[600];
	store_close(s);
	unlink(path);
	snprintf(side, sizeof side, "%s-wal", path);
	unlink(side);
	snprintf(side, sizeof side, "%s-shm", path);
	unlink(side);
}

START_TEST(add_is_idempotent_and_fills_missing_names)
{
	char path[256];
	struct store *s = open_tmp(path, sizeof path);
	struct err e;
	int64_t a, b;
	ck_assert_int_eq(feedstore_add(s, "https://a.example/rss", NULL, NULL, &a, &e), 0);
	ck_assert_int_eq(feedstore_add(s, "https://a.example/rss", "Site A", "news", &b, &e), 1);
	ck_assert_int_eq(a, b);
	ck_assert_int_eq(feedstore_add(s, "https://a.example/rss", "Other", NULL, NULL, &e), 1);
	ck_assert_int_eq(feedstore_add(s, "https://b.example/atom", "B", NULL, NULL, &e), 0);
	struct feed_row *rows;
	size_t n;
	ck_assert_int_eq(feedstore_list(s, NULL, &rows, &n, &e), 0);
	ck_assert_uint_eq(n, 2);
	ck_assert_str_eq(rows[0].name, "Site A"); /* the first name given sticks */
	ck_assert_str_eq(rows[0].category, "news");
	ck_assert_ptr_null(rows[0].last_checked);
	ck_assert_int_eq(rows[0].articles, 0);
	feed_rows_free(rows, n);
	ck_assert_int_eq(feedstore_list(s, "https://b.example/atom", &rows, &n, &e), 0);
	ck_assert_uint_eq(n, 1);
	ck_assert_str_eq(rows[0].name, "B");
	feed_rows_free(rows, n);
	/* a name full of SQL is only data */
	ck_assert_int_eq(feedstore_add(s, "https://c.example/'; DROP TABLE source; --", "x'y", NULL, NULL, &e), 0);
	ck_assert_int_eq(feedstore_list(s, NULL, &rows, &n, &e), 0);
	ck_assert_uint_eq(n, 3);
	feed_rows_free(rows, n);
	close_tmp(s, path);
}
END_TEST

START_TEST(poll_state_is_kept_and_cleared)
{
	char path[256];
	struct store *s = open_tmp(path, sizeof path);
	struct err e;
	int64_t id;
	struct feed_row *rows;
	size_t n;
	ck_assert_int_eq(feedstore_add(s, "https://a.example/rss", NULL, NULL, &id, &e), 0);
	const char *lm = "Sat, 28 Nov 2026 10:00:00 GMT";
	ck_assert_int_eq(feedstore_polled(s, id, 200, NULL, "\"v1\"", lm, 1, NULL, &e), 0);
	/* a failure keeps the validators and counts */
	ck_assert_int_eq(feedstore_polled(s, id, 503, "HTTP 503", NULL, NULL, 0, "2030-01-01T00:00:00Z", &e), 0);
	ck_assert_int_eq(feedstore_polled(s, id, 0, "timed out", NULL, NULL, 0, NULL, &e), 0);
	ck_assert_int_eq(feedstore_list(s, NULL, &rows, &n, &e), 0);
	ck_assert_str_eq(rows[0].etag, "\"v1\"");
	ck_assert_str_eq(rows[0].last_modified, "Sat, 28 Nov 2026 10:00:00 GMT");
	ck_assert_str_eq(rows[0].last_error, "timed out");
	ck_assert_int_eq(rows[0].last_status, 0);
	ck_assert_int_eq(rows[0].failures, 2);
	ck_assert_ptr_nonnull(rows[0].last_checked);
	feed_rows_free(rows, n);
	/* a 304 keeps them too; a success clears the error and the count */
	ck_assert_int_eq(feedstore_polled(s, id, 304, NULL, NULL, NULL, 0, NULL, &e), 0);
	ck_assert_int_eq(feedstore_list(s, NULL, &rows, &n, &e), 0);
	ck_assert_str_eq(rows[0].etag, "\"v1\"");
	ck_assert_ptr_null(rows[0].last_error);
	ck_assert_int_eq(rows[0].failures, 0);
	feed_rows_free(rows, n);
	/* a 200 without validators clears the old ones */
	ck_assert_int_eq(feedstore_polled(s, id, 200, NULL, NULL, NULL, 1, NULL, &e), 0);
	ck_assert_int_eq(feedstore_list(s, NULL, &rows, &n, &e), 0);
	ck_assert_ptr_null(rows[0].etag);
	ck_assert_ptr_null(rows[0].last_modified);
	feed_rows_free(rows, n);
	close_tmp(s, path);
}
END_TEST

START_TEST(items_are_seen_by_guid_or_url)
{
	char path[256];
	struct store *s = open_tmp(path, sizeof path);
	struct err e;
	int64_t a, b;
	feedstore_add(s, "https://a.example/rss", NULL, NULL, &a, &e);
	feedstore_add(s, "https://b.example/rss", NULL, NULL, &b, &e);
	ck_assert_int_eq(feedstore_seen(s, a, "g1", "https://a.example/1", &e), 0);
	ck_assert_int_eq(feedstore_item_add(s, a, "g1", "https://a.example/1", 0, &e), 0);
	ck_assert_int_eq(feedstore_seen(s, a, "g1", NULL, &e), 1);
	ck_assert_int_eq(feedstore_seen(s, a, "other", "https://a.example/1", &e), 1);
	/* another feed: its own guids, but the same URL counts */
	ck_assert_int_eq(feedstore_seen(s, b, "g1", NULL, &e), 0);
	ck_assert_int_eq(feedstore_seen(s, b, "g9", "https://a.example/1", &e), 1);
	ck_assert_int_eq(feedstore_item_add(s, a, "g1", "https://a.example/1", 0, &e), 0); /* again: fine */
	/* removing the feed forgets its items */
	ck_assert_int_eq(feedstore_rm(s, "https://a.example/rss", &e), 0);
	ck_assert_int_eq(feedstore_rm(s, "https://a.example/rss", &e), 1);
	ck_assert_int_eq(feedstore_seen(s, b, "g9", "https://a.example/1", &e), 0);
	close_tmp(s, path);
}
END_TEST

static Suite *make_suite(void)
{
	Suite *s = suite_create("store_feed");
	TCase *tc = tcase_create("feeds");
	tcase_add_test(tc, add_is_idempotent_and_fills_missing_names);
	tcase_add_test(tc, poll_state_is_kept_and_cleared);
	tcase_add_test(tc, items_are_seen_by_guid_or_url);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return run_suite(make_suite()) ? 1 : 0;
}
