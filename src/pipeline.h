/* pipeline.h: the path from bytes to a stored, tagged article:
 * extract -> tag -> store. Used by `ingest`, `get` and `fetch`.
 *
 * Ownership: struct pipeline owns its store, dictionary and tagger; one
 * pipeline_close() releases them all (NULL is harmless). */
#ifndef SECNEWS_PIPELINE_H
#define SECNEWS_PIPELINE_H
#include <stddef.h>
#include <stdint.h>

#include "extract/extract.h"
#include "store/store.h"
#include "tag/tag.h"
#include "util/err.h"

struct pipeline;

/* Open the database at DBPATH, load the bundled dictionaries plus those
 * imported into it, build the tagger. 0 or -1 with a message in E. */
int pipeline_open(const char *dbpath, struct pipeline **out, struct err *e);
void pipeline_close(struct pipeline *p);

struct store *pipeline_store(struct pipeline *p);
const struct tagger *pipeline_tagger(struct pipeline *p);
const struct dict *pipeline_dict(struct pipeline *p);

enum ingest_status {
	INGEST_NEW = STORE_NEW,
	INGEST_UNCHANGED = STORE_UNCHANGED,
	INGEST_UPDATED = STORE_UPDATED,
	INGEST_COPY = STORE_COPY, /* another URL for a stored story: stored as its copy */
	INGEST_NOT_ARTICLE = 3, /* recognised as an index/home/search page: skipped */
	INGEST_ERROR = -1       /* message in E; nothing stored */
};

struct ingest_result {
	int status;       /* enum ingest_status */
	int64_t id;       /* the article's id (NEW, UNCHANGED, UPDATED) */
	size_t nmentions; /* mentions stored */
	char *title;      /* the article's title, or NULL; owned by the caller: free() */
	int store_failed; /* 1: the database refused the write (full, read-only, damaged,
			     locked): later inputs would fail the same way */
	size_t mentions_dropped; /* mentions beyond the per-article limit, not stored */
	int64_t copy_of;  /* COPY: the story's first article */
	char copy_note[640]; /* COPY: "the same story as article 4 (SITE, URL)" for messages */
};

/* Mentions stored per article at most, unless set otherwise: a page naming
 * every known actor stays a bounded write. */
#define PIPELINE_MAX_MENTIONS 10000

/* Set the per-article mention limit (0: PIPELINE_MAX_MENTIONS). */
void pipeline_set_max_mentions(struct pipeline *p, size_t n);

/* Drop the mentions of M beyond the limit (the first ones, title then body,
 * are kept); returns how many were dropped. */
size_t pipeline_cap_mentions(const struct pipeline *p, struct mention_list *m);

/* Extract, tag and store the N bytes at DATA. Returns R->status. */
int pipeline_ingest(struct pipeline *p, const char *data, size_t n, const struct extract_opts *o,
		    int64_t source_id, struct ingest_result *r, struct err *e);

/* Tag and store an article that is already extracted (a feed item's own
 * text). Returns R->status. */
int pipeline_ingest_article(struct pipeline *p, const struct article *a, int64_t source_id,
			    struct ingest_result *r, struct err *e);

#endif
