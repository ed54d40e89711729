/* query.h: the questions secnews answers from the store: which entity a
 * name means, the entities of a kind, the articles naming one, search in
 * the query language of qlang/qlang.h, one article, counts, watch lists.
 * Answers come from indexed joins; user text only ever reaches SQL as a
 * bound parameter.
 *
 * Dates: `published` is NULL when the article gave none, else
 * YYYY-MM-DDTHH:MM:SSZ; `fetched` (shown as "ingested") is when it was
 * stored, in the same form. since/until compare `published`, so undated
 * articles are left out of them unless include_undated is set.
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
	const char *since, *until;           /* published, inclusive: ISO 8601 prefixes ("2021", "2021-03-02") */
	int include_undated;                 /* 1: with since/until, keep articles without a date */
	const char *ingested_since;          /* stored on or after this ISO 8601 prefix */
	int64_t id_above, id_upto;           /* ids in (id_above, id_upto]; 0: unbounded */
	const char *match;                   /* a search query (qlang.h): query_articles then searches */
	int64_t id;                          /* one article by id */
	const char *url;                     /* one article by URL or canonical URL */
	int stories;                         /* 1: one row per story (syndicated copies folded) */
	int limit;                           /* 0: no limit */
	int64_t entity;                      /* any kind's entity id (kinds without a field above) */
	/* Pages: a date-ordered listing continues after the row (AFTER_DATE,
	 * AFTER_ID): the last row's published date and id ("0" as the date of
	 * an undated row: they come last); a search skips its first OFFSET rows. */
	const char *after_date;
	int64_t after_id;
	long offset;
	const char *mark_open, *mark_close;  /* a search snippet's match marks (NULL: "[" and "]") */
};

struct article_row {
	int64_t id;
	const char *published; /* NULL when unknown */
	const char *fetched;   /* when it was stored ("ingested" in every output) */
	const char *site, *title, *url, *author, *lang, *description;
	const char *body;      /* only when asked for (export) */
	const char *snippet;   /* search only: "...[match]..." (marks: query_filter) */
	const char *actors, *vendors, *products, *cves; /* "; "-joined */
	double rank;           /* search only: the score, higher is better */
	int64_t story;         /* id of the story's first article (syndicated copies share it) */
	long copies;           /* articles in that story, this one included */
};

typedef int (*article_cb)(void *ctx, const struct article_row *r);

/* Call CB for every article matching F, newest published first (undated
 * last). CB returning non-zero stops the walk. WITH_BODY also loads the
 * body. Returns the number of rows, or -1 with a message in E. */
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
 * entity kind), "site", "month" (by published; undated articles only when
 * INCLUDE_UNDATED, under the key "undated"). Returns rows or -1. */
typedef int (*stat_cb)(void *ctx, const char *section, const char *key, long count);
long query_stats(struct store *s, int include_undated, stat_cb cb, void *ctx, struct err *e);

/* Articles per month published ("2021-03") of the articles F selects (its
 * entity, source and date fields; not match or paging), oldest month
 * first; undated articles are in no month. */
typedef int (*month_cb)(void *ctx, const char *month, long count);
long query_months(struct store *s, const struct query_filter *f, month_cb cb, void *ctx, struct err *e);

/* The entities of KIND named by the most articles published SINCE (ISO 8601)
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

/* Check a search query (qlang.h) before use: 0 when it parses; -1 with
 * one sentence saying what is wrong (an unclosed quote or parenthesis, a
 * bad field value, too long). Fields naming unknown entities are found
 * when it runs (QUERY_EUNKNOWN). */
int query_check(struct store *s, const char *q, struct err *e);

/* ---- search ---------------------------------------------------------------
 * A query (qlang.h) is compiled to FTS5: plain words go to the Porter-stemmed
 * index (article_stem), so exploit finds exploited; words with punctuation,
 * phrases and prefixes are phrases as written. Field filters become SQL over
 * the article, entities resolved through their aliases as the views do.
 *
 * Ranking: the SEARCH_CANDIDATES most recently stored matches (or
 * SEARCH_CANDIDATES_FILTERED when conditions narrow the words; or twice the
 * rows the page asked for, when more) are scored, so that a word found in
 * every article costs the same as a rare one:
 *   score = relevance x title x exact x recency
 * relevance sums, over the query's phrases, hits (a title hit counts
 * SEARCH_TITLE_WEIGHT) saturated as tf/(tf+1.2), weighted by how rare the
 * phrase is among the candidates; title = 1 + the share of phrases found in
 * the title; exact = SEARCH_EXACT_BOOST when the row matches the query in
 * the unstemmed index too; recency = 1 / (1 + age in years), the age taken
 * from `published`, else from when it was stored. */
#define SEARCH_CANDIDATES 1000
#define SEARCH_CANDIDATES_FILTERED 200 /* when fields or options narrow the words */
#define SEARCH_DEFAULT_LIMIT 50
#define SEARCH_TITLE_WEIGHT 3.0
#define SEARCH_EXACT_BOOST 2.0

struct qnode;

struct search_opts {
	const char *query;          /* as typed; or NULL and ast */
	const struct qnode *ast;    /* an already parsed query (borrowed) */
	struct query_filter filter; /* further restrictions (command options); its limit is unused */
	long limit;                 /* rows wanted; 0: SEARCH_DEFAULT_LIMIT, < 0: all */
	long offset;                /* rows skipped first (the next page) */
	int stored_order;           /* 1: every match unranked, newest stored first (watch runs) */
	int with_body;              /* rows carry the body */
};

enum {
	QUERY_EBAD = -2,    /* the query is malformed, too long, or empty: the user's to fix */
	QUERY_EUNKNOWN = -3 /* a field names an entity nobody knows (E suggests close names) */
};

/* Search as O says; CB gets each row (with a snippet, "...[match]...",
 * when the query has words), best first, syndicated copies folded into
 * their story's best row (copies counted). Returns the rows handed to CB,
 * or -1 (failure), QUERY_EBAD or QUERY_EUNKNOWN, with a message in E. */
long query_search(struct store *s, const struct search_opts *o, article_cb cb, void *ctx, struct err *e);

/* ---- watch lists ------------------------------------------------------- */

/* Add a watch NAME for QUERY (checked: it must parse and its fields must
 * name known entities). 0; 1 when NAME is taken; -1, QUERY_EBAD or
 * QUERY_EUNKNOWN with a message in E. */
int watch_add(struct store *s, const char *name, const char *query, struct err *e);
/* Remove watch NAME and its history. 0, 1 when there is none, -1. */
int watch_rm(struct store *s, const char *name, struct err *e);

struct watch_row {
	const char *name, *query, *created, *last_run;
	long reported; /* articles reported so far */
};
typedef int (*watch_cb)(void *ctx, const struct watch_row *w);
/* Every watch (or the one named NAME), by name. Rows or -1. */
long watch_list(struct store *s, const char *name, watch_cb cb, void *ctx, struct err *e);

/* One watch's part of a run: CB gets the watch's name first (ROW NULL),
 * then its new articles. */
typedef int (*watch_article_cb)(void *ctx, const char *watch, const struct article_row *r);

/* Run the watch NAME (NULL: every watch). Without SINCE: the articles
 * stored since each watch last ran that match it are claimed for this run,
 * handed to CB (newest stored first), then DELIVER is called; when it
 * returns 0 they are recorded as reported, else they are released for the
 * next run. Two runs at once never get the same article, and an article a
 * run claimed but could not deliver (it failed, or was killed) goes to a
 * later run. With SINCE (an ISO 8601 prefix): the matches stored since
 * then, nothing recorded. Returns the articles handed to CB, or -1 with a
 * message in E, or WATCH_NONE when no watch has that name. A stored query
 * that no longer compiles (an entity gone from the dictionaries) skips its
 * watch: the others still run, *BAD counts the skipped ones and the first
 * one's message is in E. */
#define WATCH_NONE (-4)
long watch_run(struct store *s, const char *name, const char *since, watch_article_cb cb,
	       int (*deliver)(void *ctx), void *ctx, int *bad, struct err *e);

#endif
