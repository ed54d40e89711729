/* serve.h: `secnews serve`: a read-only HTTP server over the store, for a
 * team sharing one secnews: HTML pages (home, search, one page per entity,
 * article, feeds), a JSON API under /api/v1/ (with CSV and STIX downloads
 * of every listing) and a read-only TAXII 2.1 collection under /taxii2/.
 * HTTP is libmicrohttpd's (its thread pool); every worker thread reads
 * through its own read-only store connection, so ingest and fetch keep
 * writing. Every read goes through store/query.h and store/feed.h.
 *
 * Also here, as small units of their own with their own tests: HTML
 * escaping (html.c), highlighting marked spans of a text (html.c), and the
 * mentions-by-month chart drawn as inline SVG (svg.c).
 *
 * Ownership: struct serve is an opaque handle from serve_start(), stopped
 * and freed by serve_stop() (NULL is harmless). The options and the tagger
 * they point to are borrowed and must outlive the server. The units append
 * to a caller's struct buf and keep nothing. */
#ifndef SECNEWS_SERVE_H
#define SECNEWS_SERVE_H
#include <stddef.h>

#include "tag/tag.h"
#include "util/buf.h"
#include "util/err.h"

/* Limits: what one request may ask. */
#define SERVE_MAX_URL 4096          /* bytes of path and query string */
#define SERVE_MAX_QUERY 512         /* bytes of a search query (q=) */
#define SERVE_MAX_PAGE 200          /* rows in one page (limit=) */
#define SERVE_MAX_DOWNLOAD 10000    /* rows in one CSV or STIX download */
#define SERVE_MAX_TAXII_PAGE 1000   /* objects in one TAXII page */

struct serve_opts {
	const char *db;        /* the database (already created and migrated) */
	const char *host;      /* address to bind, numeric IPv4 or IPv6 ("127.0.0.1") */
	unsigned port;         /* 0: any free port (serve_port() tells which) */
	const char *token;     /* bearer token every request must carry; NULL: none */
	unsigned threads;      /* worker threads (0: 4) */
	unsigned max_conns;    /* concurrent connections (0: 256) */
	unsigned timeout_s;    /* idle seconds before a connection is closed (0: 15) */
	const struct tagger *tagger; /* to mark mentions in an article's text; NULL: none */
};

struct serve;

/* Start serving O in the background (libmicrohttpd's threads). Binding to
 * an address other than loopback requires O->token. 0, or -1 with a
 * message in E (address in use, bad address, database unreadable). */
int serve_start(const struct serve_opts *o, struct serve **out, struct err *e);

/* The port actually bound. */
unsigned serve_port(const struct serve *sv);

/* Stop accepting, finish or drop the connections, close every worker's
 * store connection, free SV. NULL is harmless. */
void serve_stop(struct serve *sv);

/* 1 when HOST (numeric) is a loopback address (127.0.0.0/8, ::1). */
int serve_is_loopback(const char *host);

/* 1 when the N bytes at A equal the M bytes at B, in time that depends
 * on M only (not on where they differ): for comparing secrets. */
int serve_secret_equal(const char *a, size_t n, const char *b, size_t m);

/* ---- HTML text (html.c) ---------------------------------------------- */

/* Append the N bytes at S to OUT escaped for HTML text and quoted
 * attribute values: & < > " ' become entities; invalid UTF-8 becomes
 * U+FFFD; control characters other than TAB and LF are dropped. 0 or -1. */
int serve_html_escape(struct buf *out, const char *s, size_t n);
/* The same for a NUL-terminated S (NULL: nothing). */
int serve_html(struct buf *out, const char *s);

/* Append S percent-encoded for one URL path segment or query value
 * (everything but A-Z a-z 0-9 - . _ ~ is encoded). 0 or -1. */
int serve_url_encode(struct buf *out, const char *s);

/* A span of a text to mark: [START, END) bytes, and the link (a path on
 * this server, or NULL) the marked text leads to. */
struct serve_span {
	size_t start, end;
	const char *href;
};

/* Append the N bytes of TEXT as HTML paragraphs (split at blank lines;
 * single line ends become <br>), escaped, with each span of SPANS (sorted
 * by start; overlapping or out-of-range spans are skipped) wrapped in
 * <mark>, inside <a href> when it has a link. 0 or -1. */
int serve_html_marked(struct buf *out, const char *text, size_t n, const struct serve_span *spans,
		      size_t nspans, int paragraphs);

/* Append the N bytes of SNIPPET escaped, with the text between the bytes
 * OPEN and CLOSE (as a search snippet marks matches) wrapped in <mark>. */
int serve_html_snippet(struct buf *out, const char *snippet, size_t n, char open, char close);

/* ---- the chart (svg.c) ----------------------------------------------------- */

struct serve_month {
	char month[8]; /* "2021-03" */
	long count;
};

/* Append an inline <svg> bar chart of V (N months, oldest first; months
 * missing between two given ones are drawn as zero), with a <title> per
 * bar ("2021-03: 4 articles") and TITLE (escaped) as its accessible name.
 * At most SERVE_CHART_MONTHS bars: the latest ones. Nothing is drawn for
 * N = 0. Sizes are attributes (no style), so a strict CSP allows it. */
#define SERVE_CHART_MONTHS 120
int serve_svg_months(struct buf *out, const struct serve_month *v, size_t n, const char *title);

#endif
