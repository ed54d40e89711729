/* store.h: the SQLite store: opening and migrating the database, storing an
 * article with its mentions, the entity tables, and the dictionary lines
 * imported with `dict import`. Queries live in query.h.
 *
 * Ownership: struct store is an opaque handle from store_open(), released by
 * store_close() (NULL is harmless). Strings passed in are copied by SQLite;
 * nothing handed out needs freeing unless a function says so. */
#ifndef SECNEWS_STORE_H
#define SECNEWS_STORE_H
#include <sqlite3.h>
#include <stdint.h>

#include "extract/article.h"
#include "tag/tag.h"
#include "util/buf.h"
#include "util/err.h"

struct store;

/* Open (creating it if needed) the database at PATH and bring its schema up
 * to date: WAL mode, a busy timeout, foreign keys on. A database made by a
 * newer secnews is refused. 0, or -1 with a message in E that names PATH. */
int store_open(const char *path, struct store **out, struct err *e);

/* Apply the embedded migrations up to and including version UPTO (0: all).
 * store_open() does this already; tests use it to build an old database. */
int store_migrate(sqlite3 *db, int upto, struct err *e);

/* The schema version this binary writes (the highest migration). */
int store_schema_version(void);

/* Open the database at PATH for reading only (`serve`: one per worker
 * thread, beside the writers): no migration, no dictionary sync, writes
 * refused by SQLite (PRAGMA query_only). The schema must be the one this
 * binary writes (store_open() first brings it there). 0, or -1 with a
 * message in E that names PATH. */
int store_open_readonly(const char *path, struct store **out, struct err *e);

void store_close(struct store *s);

/* The SQLite handle, for the query and feed modules. Owned by the store. */
sqlite3 *store_db(struct store *s);

/* Run SQL (no parameters, no rows). 0 or -1 with SQLite's message in E. */
int store_exec(struct store *s, const char *sql, struct err *e);

/* Make the entity and alias tables match D (every entity, every alias),
 * unless they already do (the dict's fingerprint is remembered). 0 or -1. */
int store_sync_dict(struct store *s, const struct dict *d, struct err *e);

/* Dictionary lines added by `dict import`, in the data/ format. */
/* Append every stored line (in the order added) to OUT. 0 or -1. */
int store_dict_lines(struct store *s, struct buf *out, struct err *e);
/* Store LINES (one entry per line) from ORIGIN (a file name). 0 or -1. */
int store_dict_add(struct store *s, const char *lines, const char *origin, struct err *e);

enum store_status {
	STORE_NEW = 0,       /* a new article */
	STORE_UNCHANGED = 1, /* same URL, same text: already stored */
	STORE_UPDATED = 2,   /* same URL, new text: replaced with its mentions */
	STORE_COPY = 4       /* a new URL whose text is already stored (the same, or nearly:
				a syndicated copy): stored, and grouped with that story */
};

/* Store article A and its mentions M in one transaction. SOURCE_ID is the
 * feed it came from (0: none). An article is identified by its canonical
 * URL (else its URL); the same (or nearly the same) body text under another
 * URL is stored too, as a copy in the first one's story. `published` is
 * stored as YYYY-MM-DDTHH:MM:SSZ, or NULL when A has none (or it is not a
 * date). Returns an enum store_status and the article's id in *ID, or -1
 * with a message in E (nothing stored). */
int store_put_article(struct store *s, const struct article *a, const struct mention_list *m,
		      int64_t source_id, int64_t *id, struct err *e);

/* When article ID is a copy in another article's story: 0, with that first
 * article's id in *FIRST and its site and URL appended to SITE and URL.
 * 1 when ID is a story's first article (or unknown); -1 with E. */
int store_copy_of(struct store *s, int64_t id, int64_t *first, struct buf *site, struct buf *url,
		  struct err *e);

/* Replace the mentions of article ID with M (retag), in the caller's
 * transaction or its own. 0 or -1. */
int store_set_mentions(struct store *s, int64_t id, const struct mention_list *m, struct err *e);

/* Begin/commit/rollback a write transaction (BEGIN IMMEDIATE). 0 or -1. */
int store_begin(struct store *s, struct err *e);
int store_commit(struct store *s, struct err *e);
void store_rollback(struct store *s);

#endif
