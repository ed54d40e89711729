/* internal.h: what the store's own files share (not part of its interface):
 * an SQL text with its bound values built together, the filter predicates
 * every listing uses, and loading an article row for a callback.
 *
 * Ownership: struct sqlb owns its text and argument array (strings bound
 * are borrowed: they must outlive the statement); sqlb_free() releases.
 * struct rowload owns its statements; rowload_close() releases. */
#ifndef SECNEWS_STORE_INTERNAL_H
#define SECNEWS_STORE_INTERNAL_H
#include <sqlite3.h>
#include <stdint.h>

#include "store/query.h"

struct sqlarg {
	int text; /* 1: s, 0: i */
	const char *s;
	int64_t i;
};

struct sqlb {
	struct buf sql;
	struct sqlarg *arg;
	int n, cap;
	int first; /* number of the first parameter (?FIRST) */
	int failed;
};

void sqlb_init(struct sqlb *b, int first);
void sqlb_free(struct sqlb *b);
/* Append SQL text / a parameter "?N" bound to S (borrowed) or I. */
void sqlb_puts(struct sqlb *b, const char *sql);
void sqlb_text(struct sqlb *b, const char *s);
void sqlb_int(struct sqlb *b, int64_t i);
/* Bind every parameter of B to ST. */
void sqlb_bind(const struct sqlb *b, sqlite3_stmt *st);

/* Append " AND ..." for every restriction of F (over the article as `a`;
 * the id bounds over ROWID, "a.id" or "article_stem.rowid"); not its
 * match, paging or limit. */
void filter_sql(const struct query_filter *f, const char *rowid, struct sqlb *b);

/* Loading the shown rows: the article, its tags, copies, and a snippet. */
struct rowload {
	sqlite3_stmt *row, *snip;
};
/* Prepare; SNIP_TABLE (article_stem or article_fts) and MATCH (borrowed)
 * give snippets, NULL: none, their matches between MARK_OPEN and
 * MARK_CLOSE (NULL: "[" and "]"). 0 or -1 with a message. */
int rowload_open(struct store *s, struct rowload *rl, int with_body, const char *snip_table, const char *match,
		 const char *mark_open, const char *mark_close, struct err *e);
/* Load article ID and hand it to CB. 0, 1 when CB asked to stop, -1. */
int rowload_emit(struct store *s, struct rowload *rl, int64_t id, double rank, int64_t story, article_cb cb,
		 void *ctx, struct err *e);
void rowload_close(struct rowload *rl);

/* Add V (> 0) to the set *SET (N used of CAP slots). 1 if new, 0 if it was
 * there, -1 out of memory. */
int idset_add(int64_t **set, size_t *n, size_t *cap, int64_t v);

/* Register the FTS5 function secnews_hits(T) on DB (search.c): a blob of
 * two uint16 per phrase of the MATCH, its hits in the title and the body. */
int search_register(sqlite3 *db);

int store_qerr(struct store *s, struct err *e);

#endif
