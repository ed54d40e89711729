/* internal.h: what the server's files share: a request being answered and
 * its response. server.c owns the HTTP side (libmicrohttpd, limits, the
 * token, one read-only store per worker thread) and hands each GET to the
 * routes: pages.c (HTML), api.c (/api/v1/), taxii.c (/taxii2/). Not part of
 * the module's interface (that is serve.h).
 *
 * Ownership: a route fills R->body (the request's buffer, freed or handed
 * to libmicrohttpd by server.c); strings it points at from R must live as
 * long as the request (static strings or R's own arrays). */
#ifndef SECNEWS_SERVE_INTERNAL_H
#define SECNEWS_SERVE_INTERNAL_H
#include <stdint.h>

#include "serve/serve.h"
#include "store/query.h"

#define SERVE_MAX_HEADERS 4

struct req {
	struct serve *sv;
	const struct serve_opts *o;
	struct store *st;        /* this worker thread's read-only connection */
	void *conn;              /* struct MHD_Connection * (for req_arg) */
	const char *path;        /* decoded path, starts with '/' */
	const char *base;        /* "http://HOST" from a valid Host header, else "" */

	/* the response */
	int status;              /* 200 unless a route says otherwise */
	const char *type;        /* Content-Type */
	struct buf body;
	char filename[96];       /* non-empty: a download (Content-Disposition) */
	const char *hdr_name[SERVE_MAX_HEADERS];
	char hdr_value[SERVE_MAX_HEADERS][96];
	int nhdr;
};

/* The value of query parameter NAME (decoded, already checked to be UTF-8
 * without control characters), or NULL. */
const char *req_arg(struct req *r, const char *name);

/* Every value of query parameter NAME (TAXII's match[type]=a,b may also be
 * repeated): calls CB for each, stops at non-zero. */
void req_args(struct req *r, const char *name, int (*cb)(void *ctx, const char *value), void *ctx);

/* The value of request header NAME, or NULL. */
const char *req_header_in(struct req *r, const char *name);

/* Add a response header (NAME static). */
void req_header(struct req *r, const char *name, const char *value);

/* Answer with STATUS and a short message: JSON ({"error": ...}, or TAXII's
 * error object under /taxii2/) or a small HTML page. Returns 0. */
int req_fail(struct req *r, int status, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/* Parse the limit= parameter: DEF when absent; -1 after req_fail (400)
 * when it is not a number from 1 to MAX. */
int req_limit(struct req *r, int def, int max);

/* Fragments that cost many rows to compute (an entity's chart and related
 * names, the home page's lists) are kept for SERVE_CACHE_SECONDS, shared
 * by the worker threads: under load a popular entity is computed once per
 * period. cache_get appends the fragment cached under KEY to OUT and
 * returns 1, or returns 0 (absent or too old); cache_put keeps a copy. */
#define SERVE_CACHE_SECONDS 30
int cache_get(struct req *r, const char *key, struct buf *out);
void cache_put(struct req *r, const char *key, const char *data, size_t n);

/* Routes: each answers the request (1) or leaves it to the next (0). */
int pages_route(struct req *r);
int api_route(struct req *r);
int taxii_route(struct req *r);

/* ---- shared by pages and api ------------------------------------------ */

/* A listing request, as parsed from the query string: the filters
 * (actor=, vendor=, product=, cve=, malware=... any kind, source=,
 * since=, until=), paging (limit=, cursor=) and, for a search, q=. */
struct listing {
	struct query_filter f;
	char *vendor_name;       /* owned: a vendor filter's canonical name */
	char since[32], until[32];
	int64_t ents[8];         /* resolved entity filters */
	char after_date[40];
	int search;
};

/* Fill L from R's parameters (Q: the search query or NULL). 0, or -1
 * after req_fail (400 for a malformed value, 404 for an unknown name). */
int listing_parse(struct req *r, struct listing *l, const char *q, int limit_def, int limit_max);
void listing_free(struct listing *l);

/* The cursor for the page after row A (date listings: its date and id;
 * searches: the offset reached). Written to OUT (at least 64 bytes). */
void listing_cursor(const struct listing *l, const struct article_row *a, long shown, char *out, size_t n);

/* Set F to select the articles naming ENT (a vendor's: or its products'). */
void entity_filter(struct query_filter *f, const struct query_entity *ent);

/* Article R's date for its listing ("2021-03-02"), or "". */
void day_of(const struct article_row *a, char out[11]);

#endif
