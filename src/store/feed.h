/* store/feed.h: the feeds (rows of `source`) and their polling state: adding,
 * listing, removing, ETag/Last-Modified, last status and error, when to poll
 * again, and the feed items already seen. All SQL uses bound parameters.
 *
 * Ownership: strings in struct feed_row are heap copies owned by the row;
 * feed_rows_free() releases an array from feedstore_list(), feed_row_clear()
 * one row. Strings passed in are copied by SQLite. */
#ifndef SECNEWS_STORE_FEED_H
#define SECNEWS_STORE_FEED_H
#include <stddef.h>
#include <stdint.h>

#include "store/store.h"
#include "util/err.h"

struct feed_row {
	int64_t id;
	char *url, *name, *category;
	char *etag, *last_modified; /* validators from the last good response */
	char *last_checked;         /* ISO 8601 UTC, NULL when never polled */
	long last_status;           /* HTTP status (0: no response) */
	char *last_error;           /* NULL after a good poll */
	char *retry_after;          /* ISO 8601 UTC: do not poll before; NULL */
	long failures;              /* failed polls in a row */
	long articles;              /* articles stored from this feed */
};

/* Add feed URL (NAME and CATEGORY may be NULL). A URL already present keeps
 * its row; a NAME or CATEGORY given fills the row's when it has none.
 * Returns 0 when added, 1 when it was there already, -1 on error. *ID (may
 * be NULL) gets the row's id. */
int feedstore_add(struct store *s, const char *url, const char *name, const char *category,
		  int64_t *id, struct err *e);

/* Remove feed URL and its item records (articles stay, unlinked).
 * 0 removed, 1 no such feed, -1 error. */
int feedstore_rm(struct store *s, const char *url, struct err *e);

/* Every feed of kind 'feed', ordered by id, or only URL when URL is not
 * NULL. *ROWS (caller frees with feed_rows_free) and *N. 0 or -1. */
int feedstore_list(struct store *s, const char *url, struct feed_row **rows, size_t *n,
		   struct err *e);
void feed_row_clear(struct feed_row *r);
void feed_rows_free(struct feed_row *rows, size_t n);

/* Record a poll of feed ID: STATUS (HTTP, 0: none), ERROR (NULL: success,
 * which also resets `failures`), ETAG and LAST_MODIFIED (stored only when
 * not NULL; a success without them clears the old ones only if CLEAR is 1),
 * RETRY_AFTER (ISO 8601 or NULL to clear). 0 or -1. */
int feedstore_polled(struct store *s, int64_t id, long status, const char *error, const char *etag,
		     const char *last_modified, int clear, const char *retry_after, struct err *e);

/* 1 if feed SOURCE_ID has seen an item with GUID, or any feed an item or
 * article with URL (URL may be NULL); 0 if not; -1 on error. */
int feedstore_seen(struct store *s, int64_t source_id, const char *guid, const char *url,
		   struct err *e);

/* Remember item GUID of feed SOURCE_ID, read from URL, stored as ARTICLE_ID
 * (0: not stored, e.g. not an article). 0 or -1. */
int feedstore_item_add(struct store *s, int64_t source_id, const char *guid, const char *url,
		       int64_t article_id, struct err *e);

#endif
