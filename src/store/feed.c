/* store/feed.c: feeds and their polling state in SQLite (see store/feed.h). */
#include "store/feed.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "util/date.h"

static int fail(sqlite3 *db, struct err *e, const char *what)
{
	return err_set(e, "%s: %s", what, sqlite3_errmsg(db));
}

static int prep(sqlite3 *db, const char *sql, sqlite3_stmt **st, struct err *e)
{
	if (sqlite3_prepare_v2(db, sql, -1, st, NULL) != SQLITE_OK)
		return fail(db, e, "preparing a feed query");
	return 0;
}

static void bind_text(sqlite3_stmt *st, int i, const char *s)
{
	if (s)
		sqlite3_bind_text(st, i, s, -1, SQLITE_TRANSIENT);
	else
		sqlite3_bind_null(st, i);
}

static char *col_dup(sqlite3_stmt *st, int i)
{
	const unsigned char *t = sqlite3_column_text(st, i);
	return t ? strdup((const char *)t) : NULL;
}

int feedstore_add(struct store *s, const char *url, const char *name, const char *category,
		  int64_t *id, struct err *e)
{
	sqlite3 *db = store_db(s);
	sqlite3_stmt *st;
	if (prep(db, "SELECT id FROM source WHERE url = ?1", &st, e))
		return -1;
	bind_text(st, 1, url);
	int rc = sqlite3_step(st);
	int existed = rc == SQLITE_ROW;
	sqlite3_finalize(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return fail(db, e, "looking up a feed");
	if (prep(db,
		 "INSERT INTO source(url, name, kind, category) VALUES (?1, ?2, 'feed', ?3) "
		 "ON CONFLICT(url) DO UPDATE SET name = coalesce(source.name, excluded.name), "
		 "category = coalesce(source.category, excluded.category), kind = 'feed' "
		 "RETURNING id",
		 &st, e))
		return -1;
	bind_text(st, 1, url);
	bind_text(st, 2, name && *name ? name : NULL);
	bind_text(st, 3, category && *category ? category : NULL);
	rc = sqlite3_step(st);
	if (rc != SQLITE_ROW) {
		fail(db, e, "adding a feed");
		sqlite3_finalize(st);
		return -1;
	}
	if (id)
		*id = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return existed;
}

int feedstore_rm(struct store *s, const char *url, struct err *e)
{
	sqlite3 *db = store_db(s);
	sqlite3_stmt *st;
	if (prep(db, "DELETE FROM source WHERE url = ?1 AND kind = 'feed'", &st, e))
		return -1;
	bind_text(st, 1, url);
	int rc = sqlite3_step(st);
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return fail(db, e, "removing a feed");
	return sqlite3_changes(db) > 0 ? 0 : 1;
}

void feed_row_clear(struct feed_row *r)
{
	if (!r)
		return;
	free(r->url);
	free(r->name);
	free(r->category);
	free(r->etag);
	free(r->last_modified);
	free(r->last_checked);
	free(r->last_error);
	free(r->retry_after);
	memset(r, 0, sizeof *r);
}

void feed_rows_free(struct feed_row *rows, size_t n)
{
	for (size_t i = 0; rows && i < n; i++)
		feed_row_clear(&rows[i]);
	free(rows);
}

int feedstore_list(struct store *s, const char *url, struct feed_row **rows, size_t *n,
		   struct err *e)
{
	sqlite3 *db = store_db(s);
	sqlite3_stmt *st;
	*rows = NULL;
	*n = 0;
	if (prep(db,
		 "SELECT id, url, name, category, etag, last_modified, last_checked, last_status, "
		 "last_error, retry_after, failures, "
		 "(SELECT count(*) FROM article a WHERE a.source_id = source.id) "
		 "FROM source WHERE kind = 'feed' AND (?1 IS NULL OR url = ?1) ORDER BY id",
		 &st, e))
		return -1;
	bind_text(st, 1, url);
	size_t cap = 0;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (*n == cap) {
			cap = cap ? cap * 2 : 16;
			struct feed_row *t = realloc(*rows, cap * sizeof *t);
			if (!t) {
				sqlite3_finalize(st);
				feed_rows_free(*rows, *n);
				*rows = NULL, *n = 0;
				return err_set(e, "out of memory");
			}
			*rows = t;
		}
		struct feed_row *r = &(*rows)[(*n)++];
		memset(r, 0, sizeof *r);
		r->id = sqlite3_column_int64(st, 0);
		r->url = col_dup(st, 1);
		r->name = col_dup(st, 2);
		r->category = col_dup(st, 3);
		r->etag = col_dup(st, 4);
		r->last_modified = col_dup(st, 5);
		r->last_checked = col_dup(st, 6);
		r->last_status = (long)sqlite3_column_int64(st, 7);
		r->last_error = col_dup(st, 8);
		r->retry_after = col_dup(st, 9);
		r->failures = (long)sqlite3_column_int64(st, 10);
		r->articles = (long)sqlite3_column_int64(st, 11);
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE) {
		feed_rows_free(*rows, *n);
		*rows = NULL, *n = 0;
		return fail(db, e, "listing feeds");
	}
	return 0;
}

int feedstore_polled(struct store *s, int64_t id, long status, const char *error, const char *etag,
		     const char *last_modified, int clear, const char *retry_after, struct err *e)
{
	sqlite3 *db = store_db(s);
	sqlite3_stmt *st;
	char now[32];
	date_iso(time(NULL), 1, now);
	if (prep(db,
		 "UPDATE source SET last_checked = ?2, last_status = ?3, last_error = ?4, "
		 "etag = CASE WHEN ?5 IS NOT NULL THEN ?5 WHEN ?7 THEN NULL ELSE etag END, "
		 "last_modified = CASE WHEN ?6 IS NOT NULL THEN ?6 WHEN ?7 THEN NULL ELSE last_modified END, "
		 "retry_after = ?8, failures = CASE WHEN ?4 IS NULL THEN 0 ELSE failures + 1 END "
		 "WHERE id = ?1",
		 &st, e))
		return -1;
	sqlite3_bind_int64(st, 1, id);
	bind_text(st, 2, now);
	sqlite3_bind_int64(st, 3, status);
	bind_text(st, 4, error);
	bind_text(st, 5, etag);
	bind_text(st, 6, last_modified);
	sqlite3_bind_int(st, 7, clear);
	bind_text(st, 8, retry_after);
	int rc = sqlite3_step(st);
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return fail(db, e, "recording a feed poll");
	return 0;
}

int feedstore_seen(struct store *s, int64_t source_id, const char *guid, const char *url,
		   struct err *e)
{
	sqlite3 *db = store_db(s);
	sqlite3_stmt *st;
	if (prep(db,
		 "SELECT EXISTS (SELECT 1 FROM feed_item WHERE source_id = ?1 AND guid = ?2) "
		 "OR (?3 IS NOT NULL AND (EXISTS (SELECT 1 FROM feed_item WHERE url = ?3) "
		 "OR EXISTS (SELECT 1 FROM article WHERE url = ?3 OR canonical = ?3)))",
		 &st, e))
		return -1;
	sqlite3_bind_int64(st, 1, source_id);
	bind_text(st, 2, guid ? guid : "");
	bind_text(st, 3, url);
	int rc = sqlite3_step(st);
	int seen = rc == SQLITE_ROW ? sqlite3_column_int(st, 0) : -1;
	sqlite3_finalize(st);
	if (seen < 0)
		return fail(db, e, "looking up a feed item");
	return seen ? 1 : 0;
}

int feedstore_item_add(struct store *s, int64_t source_id, const char *guid, const char *url,
		       int64_t article_id, struct err *e)
{
	sqlite3 *db = store_db(s);
	sqlite3_stmt *st;
	if (prep(db,
		 "INSERT INTO feed_item(source_id, guid, url, article_id) VALUES (?1, ?2, ?3, ?4) "
		 "ON CONFLICT DO UPDATE SET url = excluded.url, "
		 "article_id = coalesce(excluded.article_id, feed_item.article_id)",
		 &st, e))
		return -1;
	sqlite3_bind_int64(st, 1, source_id);
	bind_text(st, 2, guid);
	bind_text(st, 3, url);
	if (article_id > 0)
		sqlite3_bind_int64(st, 4, article_id);
	else
		sqlite3_bind_null(st, 4);
	int rc = sqlite3_step(st);
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return fail(db, e, "recording a feed item");
	return 0;
}
