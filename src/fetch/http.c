/* fetch/http.c: parallel, polite HTTP GETs with the libcurl multi interface (see fetch/http.h). */
#include "fetch/http.h"

#include <ctype.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include <curl/curl.h>

#include "util/buf.h"
#include "util/date.h"

void http_limits_default(struct http_limits *l)
{
	memset(l, 0, sizeof *l); /* every field not named below is off or NULL */
	l->jobs = 8;
	l->per_host = 2;
	l->host_delay_ms = 250;
	l->connect_timeout = 15;
	l->timeout = 60;
	l->low_speed_time = 20;
	l->low_speed_limit = 10;
	l->max_size = (size_t)10 << 20;
	l->max_redirs = 5;
	l->retries = 2;
	l->backoff_ms = 1000;
	l->max_backoff = 60;
}

struct host {
	char *name;
	int active;
	long long next_at; /* ms: no request to this host starts before */
};

struct req {
	struct req *next;
	char *url, *etag, *last_modified, *host;
	size_t hostix; /* index in struct http's hosts */
	void *tag;
	long long not_before; /* ms */
	int attempts;
	CURL *easy;
	struct curl_slist *headers;
	struct buf body;
	int oversize;
	char errbuf[CURL_ERROR_SIZE];
};

struct http {
	struct http_limits lim;
	CURLM *multi;
	struct req *pending; /* FIFO */
	struct req *running; /* transfers in progress */
	struct req **pending_tail;
	size_t active, started;
	struct host *hosts;
	size_t nhosts, caphosts;
	uint64_t rng; /* jitter */
};

static long long now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static uint64_t rnd(struct http *h)
{
	/* xorshift64*: jitter only, no need for quality */
	h->rng ^= h->rng >> 12;
	h->rng ^= h->rng << 25;
	h->rng ^= h->rng >> 27;
	return h->rng * 0x2545F4914F6CDD1DULL;
}

struct http *http_new(const struct http_limits *l, struct err *e)
{
	if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
		err_set(e, "libcurl could not be initialised");
		return NULL;
	}
	struct http *h = calloc(1, sizeof *h);
	if (!h) {
		curl_global_cleanup();
		err_set(e, "out of memory");
		return NULL;
	}
	h->lim = *l;
	if (h->lim.jobs < 1)
		h->lim.jobs = 1;
	if (h->lim.per_host < 1)
		h->lim.per_host = 1;
	h->pending_tail = &h->pending;
	h->rng = ((uint64_t)time(NULL) << 20) ^ (uint64_t)getpid() ^ (uint64_t)now_ms() ^ 0x9E3779B97F4A7C15ULL;
	if (!(h->multi = curl_multi_init())) {
		free(h);
		curl_global_cleanup();
		err_set(e, "libcurl could not be initialised");
		return NULL;
	}
	curl_multi_setopt(h->multi, CURLMOPT_MAX_HOST_CONNECTIONS, (long)h->lim.per_host);
	curl_multi_setopt(h->multi, CURLMOPT_MAX_TOTAL_CONNECTIONS, (long)h->lim.jobs);
	return h;
}

static void req_free(struct req *r)
{
	if (!r)
		return;
	if (r->easy)
		curl_easy_cleanup(r->easy);
	curl_slist_free_all(r->headers);
	buf_free(&r->body);
	free(r->url);
	free(r->etag);
	free(r->last_modified);
	free(r->host);
	free(r);
}

void http_free(struct http *h)
{
	if (!h)
		return;
	struct req *r = h->pending;
	while (r) {
		struct req *n = r->next;
		req_free(r);
		r = n;
	}
	if (h->multi) {
		/* transfers still running (only after an error) */
		for (r = h->running; r;) {
			struct req *n = r->next;
			curl_multi_remove_handle(h->multi, r->easy);
			req_free(r);
			r = n;
		}
		curl_multi_cleanup(h->multi);
	}
	for (size_t i = 0; i < h->nhosts; i++)
		free(h->hosts[i].name);
	free(h->hosts);
	free(h);
	curl_global_cleanup();
}

size_t http_started(const struct http *h)
{
	return h->started;
}

/* The lowercased host of URL, or NULL (with a reason in E) when URL is not
 * an absolute http(s) URL. */
static char *url_host(const char *url, struct err *e)
{
	CURLU *u = curl_url();
	char *scheme = NULL, *host = NULL, *r = NULL;
	if (!u) {
		err_set(e, "out of memory");
		return NULL;
	}
	if (curl_url_set(u, CURLUPART_URL, url, 0) != CURLUE_OK) {
		err_set(e, "'%.200s' is not a valid absolute URL", url);
		goto out;
	}
	if (curl_url_get(u, CURLUPART_SCHEME, &scheme, 0) != CURLUE_OK ||
	    (strcasecmp(scheme, "http") != 0 && strcasecmp(scheme, "https") != 0)) {
		err_set(e, "'%.200s': only http and https URLs can be fetched", url);
		goto out;
	}
	if (curl_url_get(u, CURLUPART_HOST, &host, 0) != CURLUE_OK || !*host) {
		err_set(e, "'%.200s' has no host", url);
		goto out;
	}
	if ((r = strdup(host)))
		for (char *p = r; *p; p++)
			*p = (char)tolower((unsigned char)*p);
out:
	curl_free(scheme);
	curl_free(host);
	curl_url_cleanup(u);
	return r;
}

int http_url_check(const char *url, struct err *e)
{
	char *h = url_host(url, e);
	free(h);
	return h ? 0 : -1;
}

char *http_url_resolve(const char *base, const char *rel)
{
	if (!rel || !*rel)
		return NULL;
	CURLU *u = curl_url();
	char *out = NULL, *r = NULL;
	if (!u)
		return NULL;
	if ((base && curl_url_set(u, CURLUPART_URL, base, 0) != CURLUE_OK) ||
	    curl_url_set(u, CURLUPART_URL, rel, CURLU_NON_SUPPORT_SCHEME) != CURLUE_OK ||
	    curl_url_get(u, CURLUPART_URL, &out, 0) != CURLUE_OK) {
		curl_url_cleanup(u);
		return NULL;
	}
	r = strdup(out);
	curl_free(out);
	curl_url_cleanup(u);
	return r;
}

/* The index of host NAME in H's table (added if new), or -1. */
static long host_index(struct http *h, const char *name)
{
	for (size_t i = 0; i < h->nhosts; i++)
		if (strcmp(h->hosts[i].name, name) == 0)
			return (long)i;
	if (h->nhosts == h->caphosts) {
		size_t cap = h->caphosts ? h->caphosts * 2 : 16;
		struct host *t = realloc(h->hosts, cap * sizeof *t);
		if (!t)
			return -1;
		h->hosts = t, h->caphosts = cap;
	}
	char *n = strdup(name);
	if (!n)
		return -1;
	struct host *x = &h->hosts[h->nhosts++];
	x->name = n, x->active = 0, x->next_at = 0;
	return (long)(h->nhosts - 1);
}

int http_add(struct http *h, const char *url, const char *etag, const char *last_modified,
	     void *tag, struct err *e)
{
	struct req *r = calloc(1, sizeof *r);
	if (!r)
		return err_set(e, "out of memory");
	buf_init(&r->body, h->lim.max_size);
	r->tag = tag;
	if (!(r->host = url_host(url, e))) {
		req_free(r);
		return -1;
	}
	long ix = host_index(h, r->host);
	if (ix < 0) {
		req_free(r);
		return err_set(e, "out of memory");
	}
	r->hostix = (size_t)ix;
	if (!(r->url = strdup(url)) || (etag && !(r->etag = strdup(etag))) ||
	    (last_modified && !(r->last_modified = strdup(last_modified)))) {
		req_free(r);
		return err_set(e, "out of memory");
	}
	*h->pending_tail = r;
	h->pending_tail = &r->next;
	return 0;
}

static size_t on_body(char *p, size_t size, size_t n, void *ud)
{
	struct req *r = ud;
	if (buf_append(&r->body, p, size * n)) {
		r->oversize = r->body.failed == 1;
		return 0; /* abort the transfer */
	}
	return size * n;
}

static int start(struct http *h, struct req *r, struct err *e)
{
	CURL *c = curl_easy_init();
	if (!c)
		return err_set(e, "out of memory");
	r->easy = c;
	buf_reset(&r->body);
	r->oversize = 0;
	r->errbuf[0] = 0;
	curl_slist_free_all(r->headers);
	r->headers = NULL;
	char hdr[600];
	if (r->etag) {
		snprintf(hdr, sizeof hdr, "If-None-Match: %s", r->etag);
		r->headers = curl_slist_append(r->headers, hdr);
	}
	if (r->last_modified) {
		snprintf(hdr, sizeof hdr, "If-Modified-Since: %s", r->last_modified);
		r->headers = curl_slist_append(r->headers, hdr);
	}
	curl_easy_setopt(c, CURLOPT_URL, r->url);
	curl_easy_setopt(c, CURLOPT_PRIVATE, (char *)r);
	curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(c, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 1L);
	curl_easy_setopt(c, CURLOPT_MAXREDIRS, h->lim.max_redirs);
	curl_easy_setopt(c, CURLOPT_HTTP_VERSION, (long)CURL_HTTP_VERSION_2TLS);
	if (h->lim.cainfo)
		curl_easy_setopt(c, CURLOPT_CAINFO, h->lim.cainfo);
	curl_easy_setopt(c, CURLOPT_PIPEWAIT, 1L); /* prefer multiplexing on an HTTP/2 connection */
	curl_easy_setopt(c, CURLOPT_ACCEPT_ENCODING, "");
	curl_easy_setopt(c, CURLOPT_USERAGENT, HTTP_USER_AGENT);
	curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, h->lim.connect_timeout);
	curl_easy_setopt(c, CURLOPT_TIMEOUT, h->lim.timeout);
	curl_easy_setopt(c, CURLOPT_LOW_SPEED_TIME, h->lim.low_speed_time);
	curl_easy_setopt(c, CURLOPT_LOW_SPEED_LIMIT, h->lim.low_speed_limit);
	curl_easy_setopt(c, CURLOPT_MAXFILESIZE_LARGE, (curl_off_t)h->lim.max_size);
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_body);
	curl_easy_setopt(c, CURLOPT_WRITEDATA, r);
	curl_easy_setopt(c, CURLOPT_ERRORBUFFER, r->errbuf);
	curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(c, CURLOPT_HTTPHEADER, r->headers);
	if (curl_multi_add_handle(h->multi, c) != CURLM_OK) {
		curl_easy_cleanup(c);
		r->easy = NULL;
		return err_set(e, "libcurl refused a transfer");
	}
	r->attempts++;
	r->next = h->running;
	h->running = r;
	h->active++;
	h->started++;
	return 0;
}

/* Start every pending request that the limits allow now. Returns the ms
 * until the next one could start (-1: none pending). */
static long start_ready(struct http *h, struct err *e, int *failed)
{
	long long now = now_ms(), next = -1;
	struct req **pp = &h->pending;
	while (*pp) {
		struct req *r = *pp;
		if (h->active >= (size_t)h->lim.jobs)
			return 50;
		struct host *x = &h->hosts[r->hostix];
		long long when = r->not_before > x->next_at ? r->not_before : x->next_at;
		if (x->active >= h->lim.per_host || when > now) {
			long long wait = x->active >= h->lim.per_host ? 50 : when - now;
			if (next < 0 || wait < next)
				next = wait;
			pp = &r->next;
			continue;
		}
		*pp = r->next;
		if (h->pending_tail == &r->next)
			h->pending_tail = pp;
		r->next = NULL;
		if (start(h, r, e)) {
			req_free(r);
			*failed = -1;
			return -1;
		}
		x->active++;
		x->next_at = now + h->lim.host_delay_ms;
	}
	return next;
}

static const char *header(CURL *c, const char *name)
{
	struct curl_header *hd;
	if (curl_easy_header(c, name, 0, CURLH_HEADER, -1, &hd) == CURLHE_OK && hd->value && *hd->value)
		return hd->value;
	return NULL;
}

/* Seconds asked by a Retry-After value (delta or HTTP date), -1 if none. */
static long retry_after(const char *v)
{
	if (!v)
		return -1;
	char *end;
	long s = strtol(v, &end, 10);
	if (end != v && *end == 0)
		return s < 0 ? 0 : s;
	time_t t;
	if (date_parse(v, &t, NULL) == 0) {
		time_t now = time(NULL);
		return t > now ? (long)(t - now) : 0;
	}
	return -1;
}

static void describe(struct http *h, struct req *r, CURLcode rc, struct buf *msg)
{
	const char *detail = r->errbuf[0] ? r->errbuf : curl_easy_strerror(rc);
	switch (rc) {
	case CURLE_COULDNT_RESOLVE_HOST:
		buf_printf(msg, "DNS lookup failed: %s", detail);
		break;
	case CURLE_COULDNT_CONNECT:
		buf_printf(msg, "connection failed (refused or unreachable): %s", detail);
		break;
	case CURLE_OPERATION_TIMEDOUT:
		if (strstr(detail, "too slow"))
			buf_printf(msg, "stalled: less than %ld bytes/s for %ld s; aborted", h->lim.low_speed_limit,
				   h->lim.low_speed_time);
		else
			buf_printf(msg, "timed out: %s", detail);
		break;
	case CURLE_SSL_CONNECT_ERROR:
	case CURLE_PEER_FAILED_VERIFICATION:
	case CURLE_SSL_CERTPROBLEM:
	case CURLE_SSL_CIPHER:
	case CURLE_SSL_CACERT_BADFILE:
	case CURLE_SSL_ISSUER_ERROR:
		buf_printf(msg, "TLS error: %s", detail);
		break;
	case CURLE_PARTIAL_FILE:
		buf_printf(msg, "truncated body: %s", detail);
		break;
	case CURLE_TOO_MANY_REDIRECTS:
		buf_printf(msg, "too many redirects (more than %ld) or a redirect loop", h->lim.max_redirs);
		break;
	case CURLE_UNSUPPORTED_PROTOCOL:
		buf_printf(msg, "refused: only http and https may be fetched, redirects included (%s)", detail);
		break;
	case CURLE_FILESIZE_EXCEEDED:
		buf_printf(msg, "the body is larger than the limit of %zu bytes", h->lim.max_size);
		break;
	case CURLE_WRITE_ERROR:
		if (r->oversize) {
			buf_printf(msg, "the body is larger than the limit of %zu bytes; aborted", h->lim.max_size);
			break;
		}
		buf_printf(msg, "out of memory while downloading");
		break;
	case CURLE_BAD_CONTENT_ENCODING:
		buf_printf(msg, "bad compressed body: %s", detail);
		break;
	case CURLE_GOT_NOTHING:
		buf_printf(msg, "the server closed the connection without a response");
		break;
	default:
		buf_printf(msg, "%s", detail);
	}
}

static int retryable(long status, CURLcode rc)
{
	return rc == CURLE_GOT_NOTHING ||
	       (rc == CURLE_OK && (status == 429 || status == 502 || status == 503 || status == 504));
}

/* Handle one finished transfer: retry it, or report it. */
static void finish(struct http *h, CURL *c, CURLcode rc, http_done_fn done, void *ctx)
{
	struct req *r = NULL;
	curl_easy_getinfo(c, CURLINFO_PRIVATE, (char **)&r);
	curl_multi_remove_handle(h->multi, c);
	for (struct req **pp = &h->running; *pp; pp = &(*pp)->next)
		if (*pp == r) {
			*pp = r->next;
			break;
		}
	r->next = NULL;
	h->active--;
	struct host *x = &h->hosts[r->hostix];
	if (x->active > 0)
		x->active--;
	long status = 0;
	curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
	long ra = rc == CURLE_OK ? retry_after(header(c, "Retry-After")) : -1;
	if (retryable(status, rc) && r->attempts <= h->lim.retries &&
	    (ra < 0 || ra <= h->lim.max_backoff)) {
		/* exponential backoff with jitter, bounded; Retry-After is a floor */
		long long base = h->lim.backoff_ms << (r->attempts - 1 < 20 ? r->attempts - 1 : 20);
		long long wait = base + (long long)(rnd(h) % (uint64_t)(base > 0 ? base : 1));
		if (ra >= 0 && wait < ra * 1000LL)
			wait = ra * 1000LL;
		if (wait > h->lim.max_backoff * 1000LL)
			wait = h->lim.max_backoff * 1000LL;
		r->not_before = now_ms() + wait;
		curl_easy_cleanup(c);
		r->easy = NULL;
		*h->pending_tail = r;
		h->pending_tail = &r->next;
		return;
	}
	struct http_response resp = {0};
	struct buf msg = BUF_INIT;
	char *final = NULL;
	curl_easy_getinfo(c, CURLINFO_EFFECTIVE_URL, &final);
	resp.url = r->url;
	resp.final_url = final ? final : r->url;
	resp.status = status;
	resp.retry_after = ra;
	resp.attempts = r->attempts;
	resp.body = buf_str(&r->body);
	resp.len = r->body.len;
	if (rc != CURLE_OK) {
		describe(h, r, rc, &msg);
		resp.error = buf_str(&msg);
		resp.body = "";
		resp.len = 0;
	} else {
		resp.not_modified = status == 304;
		char *ct = NULL;
		curl_easy_getinfo(c, CURLINFO_CONTENT_TYPE, &ct);
		resp.content_type = ct;
		resp.etag = header(c, "ETag");
		resp.last_modified = header(c, "Last-Modified");
	}
	done(ctx, r->tag, &resp);
	buf_free(&msg);
	req_free(r);
}

int http_run(struct http *h, http_done_fn done, void *ctx, struct err *e)
{
	for (;;) {
		int failed = 0;
		long wait = start_ready(h, e, &failed);
		if (failed)
			return -1;
		if (!h->active && !h->pending)
			return 0;
		int running = 0;
		if (curl_multi_perform(h->multi, &running) != CURLM_OK)
			return err_set(e, "libcurl failed while transferring");
		CURLMsg *m;
		int left, finished = 0;
		while ((m = curl_multi_info_read(h->multi, &left)))
			if (m->msg == CURLMSG_DONE) {
				finish(h, m->easy_handle, m->data.result, done, ctx);
				finished = 1;
			}
		if (finished)
			continue;
		long t = 1000;
		if (wait >= 0 && wait < t)
			t = wait;
		if (t > 0 && curl_multi_poll(h->multi, NULL, 0, (int)t, NULL) != CURLM_OK)
			return err_set(e, "libcurl failed while waiting");
	}
}
