/* server.c: the HTTP side of `serve` (see serve.h): libmicrohttpd with its
 * thread pool, the limits, the bearer token, the security headers, one
 * read-only store connection per worker thread, and the hand-over of each
 * GET to the routes (internal.h). */
#include <arpa/inet.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>

#include "export/export.h"
#include "serve/internal.h"
#include "util/utf8.h"

/* Every page: no script at all, our stylesheet, our images (none), no
 * framing, forms to ourselves only. */
#define CSP                                                                                             \
	"default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; " \
	"base-uri 'none'"

#define CACHE_SLOTS 512

struct cached {
	char *key, *data;
	size_t len;
	double at; /* monotonic seconds */
};

struct serve {
	struct serve_opts o;
	pthread_mutex_t cache_lock;
	struct cached cache[CACHE_SLOTS]; /* direct-mapped by the key's hash */
	struct MHD_Daemon *d;
	unsigned port;
	pthread_key_t key; /* this thread's struct store * */
	pthread_mutex_t lock;
	struct store **stores; /* every worker's connection, closed at the end */
	size_t nstores, cap;
};

int serve_is_loopback(const char *host)
{
	struct in_addr a4;
	struct in6_addr a6;
	if (inet_pton(AF_INET, host, &a4) == 1)
		return (ntohl(a4.s_addr) >> 24) == 127;
	if (inet_pton(AF_INET6, host, &a6) == 1)
		return IN6_IS_ADDR_LOOPBACK(&a6);
	return 0;
}

int serve_secret_equal(const char *a, size_t n, const char *b, size_t m)
{
	/* walk all of B whatever A holds; any difference (or length) sets d */
	volatile unsigned char d = (unsigned char)(n != m);
	for (size_t i = 0; i < m; i++)
		d |= (unsigned char)((i < n ? (unsigned char)a[i] : 0) ^ (unsigned char)b[i]);
	return d == 0;
}

/* This thread's store, opened on its first request. NULL when it cannot be. */
static struct store *thread_store(struct serve *sv, struct err *e)
{
	struct store *s = pthread_getspecific(sv->key);
	if (s)
		return s;
	if (store_open_readonly(sv->o.db, &s, e))
		return NULL;
	pthread_mutex_lock(&sv->lock);
	if (sv->nstores == sv->cap) {
		size_t cap = sv->cap ? sv->cap * 2 : 8;
		struct store **v = realloc(sv->stores, cap * sizeof *v);
		if (!v) {
			pthread_mutex_unlock(&sv->lock);
			store_close(s);
			err_set(e, "out of memory");
			return NULL;
		}
		sv->stores = v, sv->cap = cap;
	}
	sv->stores[sv->nstores++] = s;
	pthread_mutex_unlock(&sv->lock);
	pthread_setspecific(sv->key, s);
	return s;
}

/* ---- the fragment cache (internal.h) ------------------------------------------- */

static double now_s(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + t.tv_nsec / 1e9;
}

static size_t slot_of(const char *key)
{
	uint64_t h = 1469598103934665603ULL;
	for (const unsigned char *p = (const unsigned char *)key; *p; p++)
		h = (h ^ *p) * 1099511628211ULL;
	return (size_t)(h % CACHE_SLOTS);
}

int cache_get(struct req *r, const char *key, struct buf *out)
{
	struct serve *sv = r->sv;
	struct cached *c = &sv->cache[slot_of(key)];
	int hit = 0;
	pthread_mutex_lock(&sv->cache_lock);
	if (c->key && strcmp(c->key, key) == 0 && now_s() - c->at < SERVE_CACHE_SECONDS) {
		buf_append(out, c->data, c->len);
		hit = 1;
	}
	pthread_mutex_unlock(&sv->cache_lock);
	return hit;
}

void cache_put(struct req *r, const char *key, const char *data, size_t n)
{
	struct serve *sv = r->sv;
	char *k = strdup(key), *d = malloc(n + 1);
	if (!k || !d) {
		free(k), free(d);
		return;
	}
	memcpy(d, data, n);
	d[n] = 0;
	struct cached *c = &sv->cache[slot_of(key)];
	pthread_mutex_lock(&sv->cache_lock);
	free(c->key), free(c->data);
	*c = (struct cached){k, d, n, now_s()};
	pthread_mutex_unlock(&sv->cache_lock);
}

/* ---- requests ------------------------------------------------------------- */

const char *req_arg(struct req *r, const char *name)
{
	return MHD_lookup_connection_value(r->conn, MHD_GET_ARGUMENT_KIND, name);
}

const char *req_header_in(struct req *r, const char *name)
{
	return MHD_lookup_connection_value(r->conn, MHD_HEADER_KIND, name);
}

struct args_walk {
	const char *name;
	int (*cb)(void *, const char *);
	void *ctx;
};

static enum MHD_Result args_one(void *cls, enum MHD_ValueKind kind, const char *key, const char *value)
{
	struct args_walk *w = cls;
	if (strcmp(key, w->name) == 0 && w->cb(w->ctx, value ? value : ""))
		return MHD_NO;
	return MHD_YES;
}

void req_args(struct req *r, const char *name, int (*cb)(void *ctx, const char *value), void *ctx)
{
	struct args_walk w = {name, cb, ctx};
	MHD_get_connection_values(r->conn, MHD_GET_ARGUMENT_KIND, args_one, &w);
}

void req_header(struct req *r, const char *name, const char *value)
{
	if (r->nhdr >= SERVE_MAX_HEADERS)
		return;
	r->hdr_name[r->nhdr] = name;
	snprintf(r->hdr_value[r->nhdr], sizeof r->hdr_value[0], "%s", value);
	r->nhdr++;
}

int req_fail(struct req *r, int status, const char *fmt, ...)
{
	char msg[300];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	buf_reset(&r->body);
	r->status = status;
	r->filename[0] = 0;
	if (strncmp(r->path, "/taxii2", 7) == 0) {
		r->type = "application/taxii+json;version=2.1";
		buf_puts(&r->body, "{\"title\":");
		export_json_string(&r->body, msg);
		buf_printf(&r->body, ",\"http_status\":\"%d\"}\n", status);
	} else if (strncmp(r->path, "/api/", 5) == 0) {
		r->type = "application/json";
		buf_puts(&r->body, "{\"error\":");
		export_json_string(&r->body, msg);
		buf_printf(&r->body, ",\"status\":%d}\n", status);
	} else {
		r->type = "text/html; charset=utf-8";
		buf_printf(&r->body,
			   "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
			   "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
			   "<title>%d</title><link rel=\"stylesheet\" href=\"/static/style.css\"></head>"
			   "<body><main><h1>%d</h1><p class=\"err\">",
			   status, status);
		serve_html(&r->body, msg);
		buf_puts(&r->body, "</p><p><a href=\"/\">secnews</a></p></main></body></html>\n");
	}
	return 0;
}

int req_limit(struct req *r, int def, int max)
{
	const char *v = req_arg(r, "limit");
	if (!v)
		return def;
	char *end;
	long n = strtol(v, &end, 10);
	if (!*v || *end || n < 1 || n > max) {
		req_fail(r, 400, "limit must be a number from 1 to %d", max);
		return -1;
	}
	return (int)n;
}

/* A parameter value or the path is acceptable: UTF-8, no control characters. */
static int text_ok(const char *s)
{
	size_t n = strlen(s);
	if (n > SERVE_MAX_URL || !utf8_valid(s, n))
		return 0;
	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		if (*p < 0x20 || *p == 0x7f)
			return 0;
	return 1;
}

static enum MHD_Result check_arg(void *cls, enum MHD_ValueKind kind, const char *key, const char *value)
{
	int *bad = cls;
	if (!text_ok(key) || (value && !text_ok(value))) {
		*bad = 1;
		return MHD_NO;
	}
	return MHD_YES;
}

/* libmicrohttpd decodes %XX in the path and the parameters with this: as
 * its own does, but a %00 becomes DEL, which text_ok() refuses, instead of
 * cutting the string short without a word. Returns the new length. */
static size_t unescape(void *cls, struct MHD_Connection *c, char *s)
{
	char *w = s;
	for (const char *p = s; *p; p++) {
		int hi, lo;
		if (*p == '%' && p[1] && p[2] && (hi = (p[1] >= '0' && p[1] <= '9') ? p[1] - '0'
						      : ((p[1] | 32) >= 'a' && (p[1] | 32) <= 'f') ? (p[1] | 32) - 'a' + 10
												    : -1) >= 0 &&
		    (lo = (p[2] >= '0' && p[2] <= '9') ? p[2] - '0'
			  : ((p[2] | 32) >= 'a' && (p[2] | 32) <= 'f') ? (p[2] | 32) - 'a' + 10
								       : -1) >= 0) {
			int ch = hi * 16 + lo;
			*w++ = (char)(ch ? ch : 0x7f);
			p += 2;
		} else {
			*w++ = *p;
		}
	}
	*w = 0;
	return (size_t)(w - s);
}

/* "http://HOST" when the Host header is a plain host[:port], else "". */
static void base_url(struct MHD_Connection *c, char *out, size_t n)
{
	out[0] = 0;
	const char *h = MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_HOST);
	if (!h || !*h || strlen(h) > 255)
		return;
	for (const char *p = h; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') || *p == '.' ||
		      *p == '-' || *p == ':' || *p == '[' || *p == ']'))
			return;
	snprintf(out, n, "http://%s", h);
}

static enum MHD_Result reply(struct MHD_Connection *c, struct req *r)
{
	size_t len = r->body.len;
	char *body = buf_detach(&r->body);
	if (!body)
		return MHD_NO;
	struct MHD_Response *resp = MHD_create_response_from_buffer(len, body, MHD_RESPMEM_MUST_FREE);
	if (!resp) {
		free(body);
		return MHD_NO;
	}
	MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE, r->type ? r->type : "text/plain; charset=utf-8");
	MHD_add_response_header(resp, "Content-Security-Policy", CSP);
	MHD_add_response_header(resp, "X-Content-Type-Options", "nosniff");
	MHD_add_response_header(resp, "X-Frame-Options", "DENY");
	MHD_add_response_header(resp, "Referrer-Policy", "no-referrer");
	MHD_add_response_header(resp, MHD_HTTP_HEADER_CACHE_CONTROL, "no-cache");
	if (r->filename[0]) {
		char cd[160];
		snprintf(cd, sizeof cd, "attachment; filename=\"%s\"", r->filename);
		MHD_add_response_header(resp, "Content-Disposition", cd);
	}
	for (int i = 0; i < r->nhdr; i++)
		MHD_add_response_header(resp, r->hdr_name[i], r->hdr_value[i]);
	if (r->status == 405)
		MHD_add_response_header(resp, MHD_HTTP_HEADER_ALLOW, "GET, HEAD");
	if (r->status == 401)
		MHD_add_response_header(resp, MHD_HTTP_HEADER_WWW_AUTHENTICATE, "Bearer realm=\"secnews\"");
	enum MHD_Result ret = MHD_queue_response(c, (unsigned)r->status, resp);
	MHD_destroy_response(resp);
	return ret;
}

/* 1 when the request announces a body (a GET has none). */
static int has_body(struct MHD_Connection *c)
{
	const char *cl = MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_LENGTH);
	return (cl && strcmp(cl, "0") != 0) ||
	       MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_TRANSFER_ENCODING) != NULL;
}

/* The token check: "Authorization: Bearer TOKEN", compared in constant time. */
static int authorised(struct serve *sv, struct MHD_Connection *c)
{
	if (!sv->o.token)
		return 1;
	const char *h = MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_AUTHORIZATION);
	if (!h || strncmp(h, "Bearer ", 7) != 0)
		return 0;
	h += 7;
	return serve_secret_equal(h, strlen(h), sv->o.token, strlen(sv->o.token));
}

static enum MHD_Result handle(void *cls, struct MHD_Connection *c, const char *url, const char *method,
			      const char *version, const char *upload, size_t *upload_size, void **con_cls)
{
	struct serve *sv = cls;
	struct req r = {.sv = sv, .o = &sv->o, .conn = c, .path = url ? url : "/", .status = 200};
	char base[300];
	base_url(c, base, sizeof base);
	r.base = base;
	buf_init(&r.body, 64u << 20);
	int bad = 0;
	if (!authorised(sv, c)) {
		req_fail(&r, 401, "this server needs a bearer token (Authorization: Bearer ...)");
	} else if (strcmp(method, MHD_HTTP_METHOD_GET) != 0 && strcmp(method, MHD_HTTP_METHOD_HEAD) != 0) {
		req_fail(&r, 405, "read-only: only GET and HEAD are served");
	} else if (*upload_size > 0 || has_body(c)) {
		req_fail(&r, 413, "a GET takes no request body");
	} else if (strlen(r.path) > SERVE_MAX_URL || r.path[0] != '/' || !text_ok(r.path)) {
		req_fail(&r, 400, "malformed path");
	} else if (MHD_get_connection_values(c, MHD_GET_ARGUMENT_KIND, check_arg, &bad), bad) {
		req_fail(&r, 400, "malformed query string (parameters must be UTF-8 text)");
	} else {
		struct err e;
		if (!(r.st = thread_store(sv, &e))) {
			req_fail(&r, 503, "the database cannot be read now");
		} else if (!taxii_route(&r) && !api_route(&r) && !pages_route(&r)) {
			req_fail(&r, 404, "no such page");
		}
	}
	*upload_size = 0;
	enum MHD_Result ret = reply(c, &r);
	buf_free(&r.body);
	return ret;
}

int serve_start(const struct serve_opts *o, struct serve **out, struct err *e)
{
	*out = NULL;
	struct sockaddr_in a4 = {0};
	struct sockaddr_in6 a6 = {0};
	struct sockaddr *sa;
	unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_AUTO;
	if (inet_pton(AF_INET, o->host, &a4.sin_addr) == 1) {
		a4.sin_family = AF_INET;
		a4.sin_port = htons((uint16_t)o->port);
		sa = (struct sockaddr *)&a4;
	} else if (inet_pton(AF_INET6, o->host, &a6.sin6_addr) == 1) {
		a6.sin6_family = AF_INET6;
		a6.sin6_port = htons((uint16_t)o->port);
		sa = (struct sockaddr *)&a6;
		flags |= MHD_USE_IPv6;
	} else {
		return err_set(e, "'%s' is not a numeric IPv4 or IPv6 address", o->host);
	}
	if (o->port > 65535)
		return err_set(e, "port %u is out of range", o->port);
	if (!serve_is_loopback(o->host) && (!o->token || !*o->token))
		return err_set(e, "listening on %s (not loopback) needs --token FILE: anyone who can reach it "
				  "could read the database", o->host);
	struct serve *sv = calloc(1, sizeof *sv);
	if (!sv)
		return err_set(e, "out of memory");
	sv->o = *o;
	if (!sv->o.threads)
		sv->o.threads = 4;
	if (!sv->o.max_conns)
		sv->o.max_conns = 256;
	if (!sv->o.timeout_s)
		sv->o.timeout_s = 15;
	/* the database must be readable before we say we are serving it */
	struct store *probe;
	if (store_open_readonly(o->db, &probe, e)) {
		free(sv);
		return -1;
	}
	store_close(probe);
	pthread_key_create(&sv->key, NULL);
	pthread_mutex_init(&sv->lock, NULL);
	pthread_mutex_init(&sv->cache_lock, NULL);
	sv->d = MHD_start_daemon(
		flags, (uint16_t)o->port, NULL, NULL, handle, sv, MHD_OPTION_SOCK_ADDR, sa,
		MHD_OPTION_THREAD_POOL_SIZE, sv->o.threads, MHD_OPTION_CONNECTION_LIMIT, sv->o.max_conns,
		MHD_OPTION_CONNECTION_TIMEOUT, sv->o.timeout_s, MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)65536,
		MHD_OPTION_UNESCAPE_CALLBACK, unescape, NULL, MHD_OPTION_LISTEN_BACKLOG_SIZE, 256, MHD_OPTION_END);
	if (!sv->d) {
		pthread_key_delete(sv->key);
		pthread_mutex_destroy(&sv->lock);
		pthread_mutex_destroy(&sv->cache_lock);
		free(sv);
		return err_set(e, "cannot listen on %s port %u (in use, or not an address of this machine)", o->host,
			       o->port);
	}
	const union MHD_DaemonInfo *info = MHD_get_daemon_info(sv->d, MHD_DAEMON_INFO_BIND_PORT);
	sv->port = info ? info->port : o->port;
	*out = sv;
	return 0;
}

unsigned serve_port(const struct serve *sv)
{
	return sv->port;
}

void serve_stop(struct serve *sv)
{
	if (!sv)
		return;
	MHD_stop_daemon(sv->d); /* joins the worker threads */
	for (size_t i = 0; i < sv->nstores; i++)
		store_close(sv->stores[i]);
	free(sv->stores);
	for (size_t i = 0; i < CACHE_SLOTS; i++)
		free(sv->cache[i].key), free(sv->cache[i].data);
	pthread_key_delete(sv->key);
	pthread_mutex_destroy(&sv->lock);
	pthread_mutex_destroy(&sv->cache_lock);
	free(sv);
}
