/* query.h: the questions secnews answers from the store: which entity a
 * name means, the entities of a kind, the articles naming one, full-text
 * search, one article, counts. Answers come from indexed joins; user text
 * only ever reaches SQL as a bound parameter.
 *
 * Ownership: rows passed to callbacks point into SQLite's buffers and are
 * valid only during the call; copy what you keep. Structs filled by
 * query_resolve() are freed with query_entity_free(). */
#ifndef SECNEWS_QUERY_H
#define SECNEWS_QUERY_H
#include <stdint.h>

#include "store/store.h"
#include "util/err.h"

/* An entity as stored. Strings owned by the struct. */
struct query_entity {
	int64_t id;
	char *kind, *name, *vendor, *country, *ids;
	char *aliases; /* every alias, joined by "; " */
};
void query_entity_free(struct query_entity *q);

/* Find the entity of KIND ("actor", ...) that NAME means: its canonical name
 * or any alias, in any case, hyphens and spaces alike (CVE ids in any case).
 * 0 and *OUT filled; 1 when nothing matches (then SUGGEST, if not NULL,
 * receives up to three close names joined by ", ", or ""); -1 on error. */
int query_resolve(struct store *s, const char *kind, const char *name, struct query_entity *out,
		  struct buf *suggest, struct err *e);

/* Restrictions shared by search, the views and export. NULL/0: none. */
struct query_filter {
	int64_t actor, vendor, product, cve; /* entity ids (from query_resolve) */
	const char *vendor_name;             /* with vendor: its canonical name (products match) */
	const char *source;                  /* site name or host, case-insensitive */
	const char *since, *until;           /* ISO 8601 dates, inclusive */
	const char *match;                   /* FTS5 query (search), checked first */
	int64_t id;                          /* one article by id */
	const char *url;                     /* one article by URL or canonical URL */
	int stories;                         /* 1: one row per story (syndicated copies folded) */
	int limit;                           /* 0: no limit */
	int64_t entity;                      /* any kind's entity id (kinds without a field above) */
	/* Pages: a date-ordered listing continues after the row (AFTER_DATE,
	 * AFTER_ID) (its coalesce(published, fetched) and id, as the last row
	 * of the previous page gave them); a search skips its first OFFSET rows. */
	const char *after_date;
	int64_t after_id;
	long offset;
	const char *mark_open, *mark_close;  /* a search snippet's match marks (NULL: "[" and "]") */
};

struct article_row {
	int64_t id;
	const char *published; /* NULL when unknown */
	const char *fetched;   /* when it was stored */
	const char *site, *title, *url, *author, *lang, *description;
	const char *body;      /* only when asked for (export) */
	const char *snippet;   /* search only: "...[match]..." (marks: query_filter) */
	const char *actors, *vendors, *products, *cves; /* "; "-joined */
	double rank;           /* search only: bm25, lower is better */
	int64_t story;         /* id of the story's first article (syndicated copies share it) */
	long copies;           /* articles in that story, this one included */
};

typedef int (*article_cb)(void *ctx, const struct article_row *r);

/* Call CB for every article matching F, newest first (by rank for a search).
 * CB returning non-zero stops the walk. WITH_BODY also loads the body.
 * Returns the number of rows, or -1 with a message in E (a malformed FTS
 * query gets a message saying what is wrong). */
long query_articles(struct store *s, const struct query_filter *f, int with_body, article_cb cb,
		    void *ctx, struct err *e);

struct entity_row {
	const char *name, *vendor, *country;
	long articles;
	const char *last_seen;
};
typedef int (*entity_cb)(void *ctx, const struct entity_row *r);

/* Every entity of KIND named by at least one article, with its article count
 * and the date last seen, most recent first (vendors count the articles that
 * name their products too). Returns the number of rows or -1. */
long query_entities(struct store *s, const char *kind, entity_cb cb, void *ctx, struct err *e);

/* Entities most often named together with entity ID, of every kind but its
 * own (an actor's vendors, products, CVEs): name, kind, shared article count. */
struct related_row {
	const char *kind, *name;
	long articles;
};
typedef int (*related_cb)(void *ctx, const struct related_row *r);
long query_related(struct store *s, int64_t id, int limit, related_cb cb, void *ctx, struct err *e);

/* The other copies of article ID's story (syndicated near-duplicates):
 * CB gets each as an article_row with id, published, site, title, url. */
long query_copies(struct store *s, int64_t id, article_cb cb, void *ctx, struct err *e);

/* The entities article ID names, in order of first mention: kind, name,
 * vendor, country, ids, aliases ("; "-joined), count, text as first written. */
struct mention_row {
	const char *kind, *name, *vendor, *country, *ids, *aliases, *text;
	long count;
};
typedef int (*mention_cb)(void *ctx, const struct mention_row *r);
long query_mentions(struct store *s, int64_t id, int with_aliases, mention_cb cb, void *ctx,
		    struct err *e);

/* Counts for `stats`: CB gets (section, key, count) for the sections
 * "total" (articles, sources, entities, mentions), "kind" (articles per
 * entity kind), "site", "month". Returns rows or -1. */
typedef int (*stat_cb)(void *ctx, const char *section, const char *key, long count);
long query_stats(struct store *s, stat_cb cb, void *ctx, struct err *e);

/* Articles per month ("2021-03") of the articles F selects (its entity,
 * source and date fields; not match or paging), oldest month first. */
typedef int (*month_cb)(void *ctx, const char *month, long count);
long query_months(struct store *s, const struct query_filter *f, month_cb cb, void *ctx, struct err *e);

/* The entities of KIND named by the most articles dated SINCE (ISO 8601)
 * or later, most first, at most LIMIT: entity_row with the count and the
 * date last seen (vendors count their products' articles too). */
long query_top(struct store *s, const char *kind, const char *since, int limit, entity_cb cb, void *ctx,
	       struct err *e);

/* Every entity kind the store holds ("actor", "cve", ...), in order of
 * name (one index seek per kind). */
typedef int (*kind_cb)(void *ctx, const char *kind);
long query_kinds(struct store *s, kind_cb cb, void *ctx, struct err *e);

/* Articles in the order they were stored: by (fetched, id), those after
 * (AFTER, AFTER_ID) (AFTER NULL: from the first), at most LIMIT; rows as
 * query_articles gives them, without body or snippet. */
long query_ingested(struct store *s, const char *after, int64_t after_id, int limit, article_cb cb, void *ctx,
		    struct err *e);

/* 1 when an article stored before (FETCHED, ID) (by fetched, then id)
 * names every entity (KINDS[i], NAMES[i]), i < N; 0 when none does (also
 * for N = 0: there is no such set); -1 on error. */
int query_named_before(struct store *s, const char *const *kinds, const char *const *names, size_t n,
		       const char *fetched, int64_t id, struct err *e);

/* Check an FTS5 query before use: 0 when usable; -1 with a message saying
 * what is wrong (unbalanced quotes or parentheses, a dangling operator,
 * an FTS5 syntax error). */
int query_check_fts(struct store *s, const char *q, struct err *e);

#endif
