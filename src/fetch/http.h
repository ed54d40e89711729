/* fetch/http.h: polite parallel HTTP(S) GETs with the libcurl multi
 * interface. Requests are queued with http_add() and run by http_run(),
 * which calls back once per request with the outcome; the callback may queue
 * more requests. At most `jobs` transfers run at once, at most `per_host` to
 * one host, and requests to one host start at least `host_delay_ms` apart.
 * Only http and https, for redirects too; HTTP/2 over TLS when offered; every
 * compression libcurl has; conditional requests (ETag, Last-Modified);
 * connect and total timeouts; abort of stalled transfers; a body-size limit
 * enforced while downloading; 429/502/503/504 retried with bounded
 * exponential backoff and jitter, honouring Retry-After.
 *
 * Ownership: struct http is opaque, from http_new(), freed by http_free()
 * (NULL is harmless). Strings given to http_add() are copied. Everything in
 * a struct http_response lives only during the callback. */
#ifndef SECNEWS_HTTP_H
#define SECNEWS_HTTP_H
#include <stddef.h>

#include "util/err.h"

/* Names secnews and its version; a contact URL can be added at build time
 * with -DSECNEWS_CONTACT='"+https://..."'. */
#ifndef SECNEWS_CONTACT
#define SECNEWS_CONTACT "security news indexer"
#endif
#define HTTP_USER_AGENT "secnews/" SECNEWS_VERSION " (" SECNEWS_CONTACT ")"

struct http_limits {
	int jobs;             /* transfers at once (default 8) */
	int per_host;         /* transfers at once to one host (2) */
	long host_delay_ms;   /* least time between two request starts to one host (250) */
	long connect_timeout; /* seconds to connect (15) */
	long timeout;         /* seconds for a whole transfer (60) */
	long low_speed_time;  /* abort when slower than low_speed_limit for this long, s (20) */
	long low_speed_limit; /* bytes per second (10) */
	size_t max_size;      /* largest body, after decompression (10 MiB) */
	long max_redirs;      /* redirects followed (5) */
	int retries;          /* retries after 429/502/503/504 (2) */
	long backoff_ms;      /* first retry delay; doubles each time, plus jitter (1000) */
	long max_backoff;     /* longest wait for a retry, s; a longer Retry-After is not waited (60) */
	const char *cainfo;   /* CA certificates to trust instead of the system's (--cacert), or NULL;
				 borrowed: must outlive the struct http */
};

/* Fill L with the defaults above. */
void http_limits_default(struct http_limits *l);

struct http_response {
	const char *url;           /* as requested */
	const char *final_url;     /* after redirects */
	long status;               /* HTTP status of the last response, 0 when none came */
	int not_modified;          /* 1 for 304 */
	const char *content_type;  /* header, or NULL */
	const char *etag;          /* header, or NULL */
	const char *last_modified; /* header, or NULL */
	long retry_after;          /* seconds asked by Retry-After (429, 503), -1 when none */
	int attempts;              /* requests made (1 + retries) */
	const char *body;          /* NUL-terminated; "" when none */
	size_t len;
	const char *error; /* NULL when a response came (any status); else what failed */
};

typedef void (*http_done_fn)(void *ctx, void *tag, const struct http_response *r);

/* A new request runner with limits L (copied). NULL with a message in E. */
struct http *http_new(const struct http_limits *l, struct err *e);
void http_free(struct http *h);

/* Queue a GET of URL (http or https only), conditional on ETAG and/or
 * LAST_MODIFIED when not NULL. TAG is passed back to the callback.
 * 0, or -1 with a message in E (bad URL, other scheme). */
int http_add(struct http *h, const char *url, const char *etag, const char *last_modified,
	     void *tag, struct err *e);

/* Run until every queued request (including those queued by DONE) has
 * finished; DONE(CTX, tag, response) is called once for each. 0, or -1
 * when libcurl itself failed (message in E). */
int http_run(struct http *h, http_done_fn done, void *ctx, struct err *e);

/* Requests started so far, retries included. */
size_t http_started(const struct http *h);

/* 0 when URL is an absolute http or https URL with a host; else -1 and a
 * message in E saying why. */
int http_url_check(const char *url, struct err *e);

/* REL resolved against BASE (both may be absolute), as a new string the
 * caller frees, or NULL when it is not a valid URL. */
char *http_url_resolve(const char *base, const char *rel);

#endif
