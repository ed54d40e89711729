/* feed.c: `secnews feed add|list|rm|import|export`, `secnews fetch` and `secnews get`. */
#include <ctype.h>
#include <errno.h>
#include <getopt.h>
#include <jansson.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cmd/cli.h"
#include "cmd/table.h"
#include "fetch/feed.h"
#include "fetch/http.h"
#include "pipeline.h"
#include "store/feed.h"
#include "util/date.h"
#include "util/embedded.h"
#include "util/io.h"

/* ---- shared: limits on the command line --------------------------------- */

enum {
	OPT_JOBS = 1000,
	OPT_PER_HOST,
	OPT_HOST_DELAY,
	OPT_CONNECT_TIMEOUT,
	OPT_TIMEOUT,
	OPT_LOW_SPEED_TIME,
	OPT_LOW_SPEED_LIMIT,
	OPT_MAX_SIZE,
	OPT_MAX_REDIRS,
	OPT_RETRIES,
	OPT_BACKOFF,
	OPT_MAX_BACKOFF,
	OPT_MAX_ITEMS,
	OPT_CACERT,
	OPT_FEED,
	OPT_FORCE,
	OPT_HELP
};

#define LIMIT_OPTIONS                                                                                  \
	{"jobs", required_argument, 0, OPT_JOBS}, {"per-host", required_argument, 0, OPT_PER_HOST},    \
		{"host-delay", required_argument, 0, OPT_HOST_DELAY},                                  \
		{"connect-timeout", required_argument, 0, OPT_CONNECT_TIMEOUT},                        \
		{"timeout", required_argument, 0, OPT_TIMEOUT},                                        \
		{"low-speed-time", required_argument, 0, OPT_LOW_SPEED_TIME},                          \
		{"low-speed-limit", required_argument, 0, OPT_LOW_SPEED_LIMIT},                        \
		{"max-size", required_argument, 0, OPT_MAX_SIZE},                                      \
		{"max-redirs", required_argument, 0, OPT_MAX_REDIRS},                                  \
		{"retries", required_argument, 0, OPT_RETRIES},                                        \
		{"backoff", required_argument, 0, OPT_BACKOFF},                                        \
		{"max-backoff", required_argument, 0, OPT_MAX_BACKOFF},                                \
		{"cacert", required_argument, 0, OPT_CACERT}, {"help", no_argument, 0, OPT_HELP}

static const char limits_help[] =
	"  --jobs N              transfers at once (default 8)\n"
	"  --per-host N          transfers at once to one host (default 2)\n"
	"  --host-delay MS       least time between requests to one host (default 250)\n"
	"  --connect-timeout S   seconds to connect (default 15)\n"
	"  --timeout S           seconds for one whole transfer (default 60)\n"
	"  --low-speed-time S    abort a transfer slower than --low-speed-limit for S s (default 20)\n"
	"  --low-speed-limit B   bytes per second (default 10)\n"
	"  --max-size SIZE       largest body, e.g. 500K, 10M (default 10M)\n"
	"  --max-redirs N        redirects followed (default 5)\n"
	"  --retries N           retries after 429, 502, 503, 504 (default 2)\n"
	"  --backoff MS          first retry delay, doubled each time, plus jitter (default 1000)\n"
	"  --max-backoff S       longest wait for a retry; a longer Retry-After defers (default 60)\n"
	"  --cacert FILE         trust the CA certificates in FILE (PEM) instead of the system's\n";

/* Parse a whole number in [LO, HI]; SIZE allows a K/M/G suffix. */
static int number(const char *cmd, const char *opt, const char *s, long long lo, long long hi, int size,
		  long long *out)
{
	char *end;
	errno = 0;
	long long v = strtoll(s, &end, 10);
	if (size && end != s && *end && !end[1]) {
		int u = toupper((unsigned char)*end);
		int sh = u == 'K' ? 10 : u == 'M' ? 20 : u == 'G' ? 30 : -1;
		if (sh > 0 && v < (1LL << 33)) {
			v <<= sh;
			end++;
		}
	}
	if (errno || end == s || *end || v < lo || v > hi) {
		cli_usage_error(cmd, "--%s takes a number from %lld to %lld%s", opt, lo, hi,
				size ? " (K, M, G suffixes allowed)" : "");
		return -1;
	}
	*out = v;
	return 0;
}

/* Apply one limit option CH; 1 if CH is not a limit option, 0 done, -1 bad. */
static int limit_opt(const char *cmd, int ch, const char *arg, struct http_limits *l)
{
	long long v;
	switch (ch) {
	case OPT_JOBS:
		if (number(cmd, "jobs", arg, 1, 256, 0, &v))
			return -1;
		l->jobs = (int)v;
		return 0;
	case OPT_PER_HOST:
		if (number(cmd, "per-host", arg, 1, 64, 0, &v))
			return -1;
		l->per_host = (int)v;
		return 0;
	case OPT_HOST_DELAY:
		if (number(cmd, "host-delay", arg, 0, 600000, 0, &v))
			return -1;
		l->host_delay_ms = (long)v;
		return 0;
	case OPT_CONNECT_TIMEOUT:
		if (number(cmd, "connect-timeout", arg, 1, 3600, 0, &v))
			return -1;
		l->connect_timeout = (long)v;
		return 0;
	case OPT_TIMEOUT:
		if (number(cmd, "timeout", arg, 1, 86400, 0, &v))
			return -1;
		l->timeout = (long)v;
		return 0;
	case OPT_LOW_SPEED_TIME:
		if (number(cmd, "low-speed-time", arg, 1, 3600, 0, &v))
			return -1;
		l->low_speed_time = (long)v;
		return 0;
	case OPT_LOW_SPEED_LIMIT:
		if (number(cmd, "low-speed-limit", arg, 1, 1 << 30, 0, &v))
			return -1;
		l->low_speed_limit = (long)v;
		return 0;
	case OPT_MAX_SIZE:
		if (number(cmd, "max-size", arg, 1024, 1LL << 32, 1, &v))
			return -1;
		l->max_size = (size_t)v;
		return 0;
	case OPT_CACERT:
		if (access(arg, R_OK) != 0) {
			cli_usage_error(cmd, "--cacert %s: %s", arg, strerror(errno));
			return -1;
		}
		l->cainfo = arg;
		return 0;
	case OPT_MAX_REDIRS:
		if (number(cmd, "max-redirs", arg, 0, 50, 0, &v))
			return -1;
		l->max_redirs = (long)v;
		return 0;
	case OPT_RETRIES:
		if (number(cmd, "retries", arg, 0, 10, 0, &v))
			return -1;
		l->retries = (int)v;
		return 0;
	case OPT_BACKOFF:
		if (number(cmd, "backoff", arg, 0, 600000, 0, &v))
			return -1;
		l->backoff_ms = (long)v;
		return 0;
	case OPT_MAX_BACKOFF:
		if (number(cmd, "max-backoff", arg, 0, 86400, 0, &v))
			return -1;
		l->max_backoff = (long)v;
		return 0;
	}
	return 1;
}

static const char *status_word(int st)
{
	static const char *const w[] = {"new", "unchanged", "updated", "skipped", "copy"};
	return st >= 0 && st <= 4 ? w[st] : "error";
}

/* The line for a stored page; a copy also says on stderr what it joined. */
static void print_stored(int st, const struct ingest_result *res, const char *url)
{
	printf("%s\t%lld\t", status_word(st), (long long)res->id);
	cli_put_clean(stdout, url);
	putchar('\t');
	cli_put_clean(stdout, res->title ? res->title : "");
	putchar('\n');
	if (st == INGEST_COPY) {
		fflush(stdout);
		fputs("secnews: ", stderr);
		cli_put_clean(stderr, url);
		fprintf(stderr, ": %s: stored as a copy\n", res->copy_note);
	}
}

/* A short reason for an HTTP status that is not a success. */
static void http_status_error(long status, char *out, size_t n)
{
	const char *why = status == 404   ? "not found"
			  : status == 410 ? "gone: the server says it was removed for good"
			  : status == 401 ? "authentication required"
			  : status == 403 ? "forbidden"
			  : status == 429 ? "too many requests"
			  : status == 503 ? "service unavailable"
			  : status >= 500 ? "server error"
			  : status >= 400 ? "request refused"
					  : "unexpected status";
	snprintf(out, n, "HTTP %ld: %s", status, why);
}

static int permanent_status(long status)
{
	return status >= 400 && status < 500 && status != 408 && status != 429;
}

/* ---- fetch -------------------------------------------------------------- */

struct fetch_run;

enum { TAG_FEED, TAG_ITEM, TAG_PAGE };

struct feed_job {
	int tag; /* TAG_FEED */
	struct fetch_run *run;
	struct feed_row *row;
	int pending;                    /* item pages still being fetched */
	long status;
	char *etag, *last_modified;     /* to store once every item is done */
	char error[600];                /* "" on success */
	char note[300];                 /* e.g. malformed feed */
	char *retry_after;              /* ISO time, or NULL */
	char *site;                     /* the feed's title */
	int items, seen, stored, item_failures;
	int not_modified;
};

struct item_job {
	int tag; /* TAG_ITEM */
	struct feed_job *fj;
	char *guid, *link;
	struct feed_item item; /* moved out of the parsed feed */
};

struct fetch_run {
	struct cli *cli;
	struct pipeline *p;
	struct http *h;
	size_t total, done, checked, not_modified, failed, deferred;
	size_t new_articles, item_failures;
	int max_items;
};

static void progress(struct fetch_run *r)
{
	if (r->cli->stderr_tty)
		fprintf(stderr, "\r\033[Kfeeds %zu/%zu done, %zu articles stored", r->done, r->total,
			r->new_articles);
}

static void clear_progress(struct fetch_run *r)
{
	if (r->cli->stderr_tty)
		fputs("\r\033[K", stderr);
}

static void iso_in(long seconds, char out[32])
{
	date_iso(time(NULL) + seconds, 1, out);
}

/* Everything about feed FJ is known: record it and report. */
static void feed_finish(struct feed_job *fj)
{
	struct fetch_run *r = fj->run;
	struct err e;
	const char *error = fj->error[0] ? fj->error : NULL;
	/* items that failed for now are tried again next time, so the next
	 * request must not be answered with a 304: keep no validators then */
	int keep = !error && !fj->item_failures;
	if (feedstore_polled(pipeline_store(r->p), fj->row->id, fj->status, error, keep ? fj->etag : NULL,
			     keep ? fj->last_modified : NULL, !error && !fj->not_modified, fj->retry_after, &e))
		cli_error("%s", e.msg);
	r->done++;
	r->checked++;
	clear_progress(r);
	if (error) {
		r->failed++;
		/* failures are reported on a terminal too */
		fputs("secnews: fetch: ", stderr);
		cli_put_clean(stderr, fj->row->url);
		fprintf(stderr, ": failed: %s%s%s\n", error, fj->retry_after ? "; next try after " : "",
			fj->retry_after ? fj->retry_after : "");
	} else if (fj->not_modified) {
		r->not_modified++;
		if (!r->cli->stderr_tty) {
			fputs("secnews: fetch: ", stderr);
			cli_put_clean(stderr, fj->row->url);
			fputs(": not modified\n", stderr);
		}
	} else if (!r->cli->stderr_tty) {
		fputs("secnews: fetch: ", stderr);
		cli_put_clean(stderr, fj->row->url);
		fprintf(stderr, ": %d items, %d seen before, %d new articles", fj->items, fj->seen, fj->stored);
		if (fj->item_failures)
			fprintf(stderr, ", %d items failed", fj->item_failures);
		if (fj->note[0]) {
			fputs(" (", stderr);
			cli_put_clean(stderr, fj->note);
			fputc(')', stderr);
		}
		fputc('\n', stderr);
	}
	progress(r);
}

static int is_http_url(const char *s)
{
	return s && (strncasecmp(s, "http://", 7) == 0 || strncasecmp(s, "https://", 8) == 0);
}

/* Build the article a feed item carries (its content, else its summary).
 * Returns 0 with *A filled, or -1 when the item has no text or no URL. */
static int item_article(const struct item_job *ij, int use_summary, struct article *a)
{
	const char *html = ij->item.content ? ij->item.content : use_summary ? ij->item.summary : NULL;
	memset(a, 0, sizeof *a);
	if (!html || !ij->link)
		return -1;
	struct buf body = BUF_INIT, desc = BUF_INIT;
	feed_html_text(html, &body);
	if (ij->item.summary && ij->item.content)
		feed_html_text(ij->item.summary, &desc);
	if (body.failed || body.len == 0) {
		buf_free(&body);
		buf_free(&desc);
		return -1;
	}
	a->body = buf_detach(&body);
	if (desc.len)
		a->description = buf_detach(&desc);
	buf_free(&desc);
	article_set(&a->url, ij->link);
	article_set(&a->title, ij->item.title);
	article_set(&a->author, ij->item.author);
	article_set(&a->published, ij->item.published);
	article_set(&a->site, ij->fj->site);
	a->summary_only = ij->item.content ? 0 : 1;
	return 0;
}

static void item_record(struct item_job *ij, int64_t article_id)
{
	struct err e;
	if (feedstore_item_add(pipeline_store(ij->fj->run->p), ij->fj->row->id, ij->guid, ij->link,
			       article_id, &e))
		cli_error("%s", e.msg);
}

static void item_stored(struct item_job *ij, int st, const struct ingest_result *res, const char *url)
{
	struct fetch_run *r = ij->fj->run;
	if (st == INGEST_NEW || st == INGEST_UPDATED || st == INGEST_COPY) {
		ij->fj->stored += st != INGEST_UPDATED;
		r->new_articles += st != INGEST_UPDATED;
		clear_progress(r);
		print_stored(st, res, url);
		progress(r);
	}
	item_record(ij, res->id);
}

/* The page of IJ could not be used (WHY): store the feed's own text when
 * it has the full content, or its summary when the failure is permanent;
 * else leave the item unrecorded so the next fetch tries again. */
static void item_fallback(struct item_job *ij, int permanent, const char *why)
{
	struct fetch_run *r = ij->fj->run;
	struct article a;
	if (item_article(ij, permanent, &a) == 0) {
		struct ingest_result res = {0};
		struct err e;
		int st = pipeline_ingest_article(r->p, &a, ij->fj->row->id, &res, &e);
		if (st >= 0) {
			item_stored(ij, st, &res, ij->link);
		} else {
			clear_progress(r);
			cli_error("fetch: %s: %s", ij->link, e.msg);
			ij->fj->item_failures++;
			r->item_failures++;
			progress(r);
		}
		free(res.title);
		article_free(&a);
		return;
	}
	if (permanent) {
		item_record(ij, 0);
		return;
	}
	clear_progress(r);
	fputs("secnews: fetch: ", stderr);
	cli_put_clean(stderr, ij->link);
	fprintf(stderr, ": %s (will try again next time)\n", why);
	progress(r);
	ij->fj->item_failures++;
	r->item_failures++;
}

static void item_job_free(struct item_job *ij)
{
	free(ij->guid);
	free(ij->link);
	free(ij->item.guid);
	free(ij->item.link);
	free(ij->item.title);
	free(ij->item.author);
	free(ij->item.published);
	free(ij->item.summary);
	free(ij->item.content);
	free(ij);
}

static void on_item(struct item_job *ij, const struct http_response *resp)
{
	struct fetch_run *r = ij->fj->run;
	char why[600];
	if (resp->error) {
		snprintf(why, sizeof why, "%s", resp->error);
		/* an oversize page will not shrink; a truncated or refused one may work later */
		item_fallback(ij, strstr(resp->error, "larger than the limit") || strstr(resp->error, "refused"),
			      why);
	} else if (resp->status < 200 || resp->status > 299) {
		http_status_error(resp->status, why, sizeof why);
		item_fallback(ij, permanent_status(resp->status), why);
	} else {
		struct extract_opts o = {.url = resp->final_url, .content_type = resp->content_type,
					 .kind = EXTRACT_AUTO};
		struct ingest_result res = {0};
		struct err e;
		int st = pipeline_ingest(r->p, resp->body, resp->len, &o, ij->fj->row->id, &res, &e);
		if (st == INGEST_ERROR || st == INGEST_NOT_ARTICLE) {
			snprintf(why, sizeof why, "%s",
				 st == INGEST_ERROR ? e.msg : "the page is not an article");
			item_fallback(ij, 1, why);
		} else {
			item_stored(ij, st, &res, resp->final_url);
		}
		free(res.title);
	}
	struct feed_job *fj = ij->fj;
	item_job_free(ij);
	if (--fj->pending == 0)
		feed_finish(fj);
}

/* Handle the items of parsed feed F: queue pages of those not seen yet. */
static void feed_items(struct feed_job *fj, struct feed *f, const char *base)
{
	struct fetch_run *r = fj->run;
	struct store *s = pipeline_store(r->p);
	size_t n = f->n < (size_t)r->max_items ? f->n : (size_t)r->max_items;
	for (size_t i = 0; i < n; i++) {
		struct feed_item *it = &f->items[i];
		struct err e;
		char *link = it->link ? http_url_resolve(base, it->link) : NULL;
		if (link && http_url_check(link, NULL)) {
			free(link);
			link = NULL;
		}
		if (!link && is_http_url(it->guid))
			link = http_url_resolve(NULL, it->guid);
		const char *guid = it->guid ? it->guid : link;
		if (!guid) {
			free(link);
			continue; /* nothing identifies it */
		}
		fj->items++;
		int seen = feedstore_seen(s, fj->row->id, guid, link, &e);
		if (seen != 0) {
			if (seen < 0)
				cli_error("%s", e.msg);
			fj->seen++;
			free(link);
			continue;
		}
		struct item_job *ij = calloc(1, sizeof *ij);
		if (!ij || !(ij->guid = strdup(guid))) {
			free(ij);
			free(link);
			continue;
		}
		ij->tag = TAG_ITEM;
		ij->fj = fj;
		ij->link = link;
		ij->item = *it;
		memset(it, 0, sizeof *it);
		if (!link) {
			item_record(ij, 0); /* no page to read and no address to store it under */
			item_job_free(ij);
			continue;
		}
		if (http_add(r->h, link, NULL, NULL, ij, &e)) {
			item_fallback(ij, 1, e.msg);
			item_job_free(ij);
			continue;
		}
		fj->pending++;
	}
}

static void on_feed(struct feed_job *fj, const struct http_response *resp)
{
	fj->status = resp->status;
	if (resp->error) {
		snprintf(fj->error, sizeof fj->error, "%s", resp->error);
	} else if (resp->not_modified) {
		fj->not_modified = 1;
	} else if (resp->status < 200 || resp->status > 299) {
		http_status_error(resp->status, fj->error, sizeof fj->error);
		if (resp->status == 429 || resp->status == 503) {
			/* honour Retry-After; else back off exponentially, with jitter, up to 6 hours */
			long wait = resp->retry_after;
			if (wait < 0) {
				long f = fj->row->failures < 10 ? fj->row->failures : 10;
				wait = 60L << f;
				wait += (long)(((uint64_t)fj->row->id * 7919u + (uint64_t)time(NULL)) % (uint64_t)(wait / 4 + 1));
			}
			if (wait > 6 * 3600L && resp->retry_after < 0)
				wait = 6 * 3600L;
			if (wait > 7 * 86400L)
				wait = 7 * 86400L;
			char iso[32];
			iso_in(wait, iso);
			fj->retry_after = strdup(iso);
		}
	} else {
		struct feed f;
		struct err e;
		if (feed_parse(resp->body, resp->len, resp->content_type, resp->final_url, &f, &e)) {
			snprintf(fj->error, sizeof fj->error, "%s", e.msg);
		} else {
			if (f.malformed)
				snprintf(fj->note, sizeof fj->note, "malformed feed, read what could be: %s", f.problem);
			fj->etag = resp->etag ? strdup(resp->etag) : NULL;
			fj->last_modified = resp->last_modified ? strdup(resp->last_modified) : NULL;
			fj->site = f.title ? strdup(f.title) : fj->row->name ? strdup(fj->row->name) : NULL;
			if (!fj->row->name && f.title) /* name the feed after its title */
				feedstore_add(pipeline_store(fj->run->p), fj->row->url, f.title, NULL, NULL, NULL);
			feed_items(fj, &f, resp->final_url);
			feed_free(&f);
		}
	}
	if (fj->pending == 0)
		feed_finish(fj);
}

struct page_job {
	int tag; /* TAG_PAGE */
	int failed;
	struct pipeline *p;
	int counts[5]; /* new, unchanged, updated, skipped, copies */
};

static void on_page(struct page_job *pj, const struct http_response *resp)
{
	char why[600];
	if (resp->error || resp->status < 200 || resp->status > 299) {
		if (resp->error)
			snprintf(why, sizeof why, "%s", resp->error);
		else
			http_status_error(resp->status, why, sizeof why);
		fputs("secnews: get: ", stderr);
		cli_put_clean(stderr, resp->url);
		fprintf(stderr, ": %s\n", why);
		pj->failed++;
		return;
	}
	struct extract_opts o = {.url = resp->final_url, .content_type = resp->content_type,
				 .kind = EXTRACT_AUTO};
	struct ingest_result res = {0};
	struct err e;
	int st = pipeline_ingest(pj->p, resp->body, resp->len, &o, 0, &res, &e);
	if (st == INGEST_ERROR) {
		fputs("secnews: get: ", stderr);
		cli_put_clean(stderr, resp->url);
		fprintf(stderr, ": %s\n", e.msg);
		pj->failed++;
	} else if (st == INGEST_NOT_ARTICLE) {
		fputs("secnews: get: ", stderr);
		cli_put_clean(stderr, resp->url);
		fputs(": skipped: not an article (an index, home or search page)\n", stderr);
		pj->counts[3]++;
	} else {
		pj->counts[st]++;
		print_stored(st, &res, resp->final_url);
	}
	free(res.title);
}

static void on_done(void *ctx, void *tag, const struct http_response *resp)
{
	(void)ctx;
	int kind = *(int *)tag;
	if (kind == TAG_FEED)
		on_feed(tag, resp);
	else if (kind == TAG_ITEM)
		on_item(tag, resp);
	else
		on_page(tag, resp);
}

static void fetch_help(void)
{
	printf("usage: secnews [--db FILE] fetch [--feed URL] [--max-items N] [--force] [limits]\n\n"
	       "Poll every feed (or the one given), fetch the pages of items not seen before,\n"
	       "and extract, tag and store them. Requests are conditional (ETag,\n"
	       "Last-Modified): an unchanged feed costs a 304 and no parsing. When an item's\n"
	       "page cannot be read, the item's own text is stored instead: its full content\n"
	       "(content:encoded, Atom content) always, its summary only when the failure is\n"
	       "permanent (marked as a summary); otherwise the item is tried again next time.\n"
	       "A feed answering 429 or 503 is not polled again before its Retry-After (or an\n"
	       "exponential backoff) has passed, unless --force is given.\n\n"
	       "Prints one line per stored article on stdout (STATUS<TAB>ID<TAB>URL<TAB>TITLE);\n"
	       "progress and errors on stderr, then a summary line.\n\n"
	       "  --feed URL            poll only this feed (it must have been added)\n"
	       "  --max-items N         items read per feed, from the top (default 100, at most 5000)\n"
	       "  --force               poll feeds that asked to be left alone for a while\n"
	       "%s\n"
	       "Exit status: 0 unless every feed polled failed (3).\n",
	       limits_help);
}

int cmd_fetch(struct cli *c, int argc, char **argv)
{
	static const struct option opts[] = {LIMIT_OPTIONS,
					     {"feed", required_argument, 0, OPT_FEED},
					     {"max-items", required_argument, 0, OPT_MAX_ITEMS},
					     {"force", no_argument, 0, OPT_FORCE},
					     {0, 0, 0, 0}};
	struct http_limits lim;
	http_limits_default(&lim);
	const char *only = NULL;
	long long max_items = 100;
	int force = 0, ch;
	optind = 0;
	while ((ch = getopt_long(argc, argv, "+", opts, NULL)) != -1) {
		if (ch == OPT_HELP) {
			fetch_help();
			return EXIT_OK;
		} else if (ch == OPT_FEED) {
			only = optarg;
		} else if (ch == OPT_FORCE) {
			force = 1;
		} else if (ch == OPT_MAX_ITEMS) {
			if (number("fetch", "max-items", optarg, 1, FEED_MAX_ITEMS, 0, &max_items))
				return EXIT_USAGE;
		} else {
			int l = ch == '?' ? 1 : limit_opt("fetch", ch, optarg, &lim);
			if (l < 0)
				return EXIT_USAGE;
			if (l > 0)
				return cli_usage_error("fetch", "unknown option");
		}
	}
	if (optind < argc)
		return cli_usage_error("fetch", "unexpected argument '%s'", argv[optind]);

	struct fetch_run r = {.cli = c, .max_items = (int)max_items};
	struct err e;
	struct feed_row *rows = NULL;
	size_t n = 0;
	struct feed_job *jobs = NULL;
	int rc = EXIT_FAIL;
	if (pipeline_open(c->db, &r.p, &e) || feedstore_list(pipeline_store(r.p), only, &rows, &n, &e)) {
		cli_error("%s", e.msg);
		goto out;
	}
	pipeline_set_max_mentions(r.p, c->max_mentions);
	if (n == 0) {
		if (only)
			cli_error("fetch: %s is not a feed of this database; add it with 'secnews feed add'", only);
		else
			cli_error("fetch: no feeds yet; add some with 'secnews feed add URL' or "
				  "'secnews feed import --default'");
		rc = only ? EXIT_FAIL : EXIT_OK;
		goto out;
	}
	if (!(r.h = http_new(&lim, &e)) || !(jobs = calloc(n, sizeof *jobs))) {
		cli_error("%s", r.h ? "out of memory" : e.msg);
		goto out;
	}
	char now[32];
	date_iso(time(NULL), 1, now);
	for (size_t i = 0; i < n; i++) {
		struct feed_job *fj = &jobs[i];
		fj->tag = TAG_FEED;
		fj->run = &r;
		fj->row = &rows[i];
		if (!force && rows[i].retry_after && strcmp(rows[i].retry_after, now) > 0) {
			r.deferred++;
			fputs("secnews: fetch: ", stderr);
			cli_put_clean(stderr, rows[i].url);
			fprintf(stderr, ": deferred: the server asked to wait until %s\n", rows[i].retry_after);
			continue;
		}
		if (http_add(r.h, rows[i].url, rows[i].etag, rows[i].last_modified, fj, &e)) {
			snprintf(fj->error, sizeof fj->error, "%s", e.msg);
			r.total++;
			feed_finish(fj);
			continue;
		}
		r.total++;
	}
	progress(&r);
	if (http_run(r.h, on_done, &r, &e)) {
		clear_progress(&r);
		cli_error("fetch: %s", e.msg);
		goto out;
	}
	clear_progress(&r);
	fprintf(stderr, "secnews: fetch: %zu feeds checked, %zu not modified, %zu new articles, %zu failed",
		r.checked, r.not_modified, r.new_articles, r.failed);
	if (r.deferred)
		fprintf(stderr, ", %zu deferred", r.deferred);
	if (r.item_failures)
		fprintf(stderr, ", %zu articles failed", r.item_failures);
	fputc('\n', stderr);
	rc = r.checked > 0 && r.failed == r.checked ? EXIT_FAIL : EXIT_OK;
out:
	http_free(r.h);
	for (size_t i = 0; jobs && i < n; i++) {
		free(jobs[i].etag);
		free(jobs[i].last_modified);
		free(jobs[i].retry_after);
		free(jobs[i].site);
	}
	free(jobs);
	feed_rows_free(rows, n);
	pipeline_close(r.p);
	return rc;
}

/* ---- get ---------------------------------------------------------------- */

static void get_help(void)
{
	printf("usage: secnews [--db FILE] get [limits] URL...\n\n"
	       "Fetch each page (http and https only) and extract, tag and store its article.\n"
	       "Prints STATUS<TAB>ID<TAB>URL<TAB>TITLE per stored article on stdout.\n\n%s\n"
	       "Exit status: 0 when every page was stored or skipped, 3 when any failed.\n",
	       limits_help);
}

int cmd_get(struct cli *c, int argc, char **argv)
{
	static const struct option opts[] = {LIMIT_OPTIONS, {0, 0, 0, 0}};
	struct http_limits lim;
	http_limits_default(&lim);
	int ch;
	optind = 0;
	while ((ch = getopt_long(argc, argv, "+", opts, NULL)) != -1) {
		if (ch == OPT_HELP) {
			get_help();
			return EXIT_OK;
		}
		int l = ch == '?' ? 1 : limit_opt("get", ch, optarg, &lim);
		if (l < 0)
			return EXIT_USAGE;
		if (l > 0)
			return cli_usage_error("get", "unknown option");
	}
	if (optind >= argc)
		return cli_usage_error("get", "no URL given");
	struct err e;
	for (int i = optind; i < argc; i++)
		if (http_url_check(argv[i], &e))
			return cli_usage_error("get", "%s", e.msg);
	struct page_job pj = {.tag = TAG_PAGE};
	struct http *h = NULL;
	int rc = EXIT_FAIL;
	if (pipeline_open(c->db, &pj.p, &e) || !(h = http_new(&lim, &e))) {
		cli_error("%s", e.msg);
		goto out;
	}
	pipeline_set_max_mentions(pj.p, c->max_mentions);
	for (int i = optind; i < argc; i++)
		if (http_add(h, argv[i], NULL, NULL, &pj, &e)) {
			cli_error("get: %s", e.msg);
			pj.failed++;
		}
	if (http_run(h, on_done, NULL, &e)) {
		cli_error("get: %s", e.msg);
		goto out;
	}
	if (argc - optind > 1 || pj.failed)
		fprintf(stderr, "secnews: get: %d new, %d copies, %d updated, %d unchanged, %d skipped, %d failed\n",
			pj.counts[0], pj.counts[4], pj.counts[2], pj.counts[1], pj.counts[3], pj.failed);
	rc = pj.failed ? EXIT_FAIL : EXIT_OK;
out:
	http_free(h);
	pipeline_close(pj.p);
	return rc;
}

/* ---- feed add|list|rm|import|export -------------------------------------- */

static void feed_help(void)
{
	printf("usage: secnews [--db FILE] feed COMMAND\n\n"
	       "  feed add URL [--name NAME] [--category KIND]   subscribe to a feed\n"
	       "  feed list [--format table|json|csv]           feeds with their last poll\n"
	       "  feed rm URL                                   unsubscribe (articles stay)\n"
	       "  feed import FILE|--default                    add the feeds of a list: OPML, or\n"
	       "                                                TSV lines 'site<TAB>url<TAB>kind'\n"
	       "                                                (--default: the bundled list)\n"
	       "  feed export                                   every feed as OPML on stdout\n\n"
	       "Only http and https URLs are accepted.\n");
}

struct import_run {
	struct store *s;
	int added, present, invalid;
};

static void import_one(void *ctx, const char *url, const char *name, const char *category)
{
	struct import_run *ir = ctx;
	struct err e;
	if (http_url_check(url, &e)) {
		cli_error("feed import: skipped: %s", e.msg);
		ir->invalid++;
		return;
	}
	if (name && strcmp(name, url) == 0)
		name = NULL; /* an export names unnamed feeds by their URL */
	int r = feedstore_add(ir->s, url, name, category, NULL, &e);
	if (r < 0) {
		cli_error("feed import: %s", e.msg);
		ir->invalid++;
	} else if (r == 0) {
		ir->added++;
	} else {
		ir->present++;
	}
}

static int import_tsv(struct import_run *ir, char *text)
{
	int found = 0;
	for (char *line = text; line && *line;) {
		char *next = strchr(line, '\n');
		if (next)
			*next++ = 0;
		size_t len = strlen(line);
		if (len && line[len - 1] == '\r')
			line[--len] = 0;
		if (*line && *line != '#') {
			char *f[3] = {line, NULL, NULL};
			for (int k = 1; k < 3; k++)
				if (f[k - 1] && (f[k] = strchr(f[k - 1], '\t')))
					*f[k]++ = 0;
			if (!f[1]) {
				/* a bare URL per line is fine too */
				f[1] = f[0];
				f[0] = NULL;
			}
			if (strcmp(f[1], "feed_url") != 0) {
				import_one(ir, f[1], f[0], f[2]);
				found++;
			}
		}
		line = next;
	}
	return found;
}

static int feed_list(struct store *s, int fmt)
{
	struct feed_row *rows;
	size_t n;
	struct err e;
	if (feedstore_list(s, NULL, &rows, &n, &e)) {
		cli_error("%s", e.msg);
		return EXIT_FAIL;
	}
	if (fmt == FORMAT_JSON) {
		for (size_t i = 0; i < n; i++) {
			struct feed_row *r = &rows[i];
			char *js = record_feed_json(r);
			if (js)
				puts(js);
			free(js);
		}
	} else if (fmt == FORMAT_CSV) {
		puts("name,url,last_checked,last_status,last_error,articles");
		for (size_t i = 0; i < n; i++) {
			struct feed_row *r = &rows[i];
			const char *cells[] = {r->name ? r->name : "", r->url, r->last_checked ? r->last_checked : "",
					       NULL, r->last_error ? r->last_error : ""};
			for (int k = 0; k < 5; k++) {
				if (k == 3) {
					if (r->last_checked)
						printf("%ld", r->last_status);
				} else {
					putchar('"');
					for (const char *p = cells[k]; *p; p++) {
						if (*p == '"')
							putchar('"');
						putchar(*p);
					}
					putchar('"');
				}
				putchar(',');
			}
			printf("%ld\n", r->articles);
		}
	} else {
		printf("%-24s %-50s %-20s %6s %8s  %s\n", "NAME", "URL", "LAST CHECK", "STATUS", "ARTICLES",
		       "LAST ERROR");
		for (size_t i = 0; i < n; i++) {
			struct feed_row *r = &rows[i];
			char name[25], url[51];
			snprintf(name, sizeof name, "%s", r->name ? r->name : "-");
			snprintf(url, sizeof url, "%s", r->url);
			cli_put_clean(stdout, name);
			printf("%*s ", (int)(24 - strlen(name) > 0 ? 24 - strlen(name) : 0), "");
			cli_put_clean(stdout, url);
			printf("%*s ", (int)(50 - strlen(url)), "");
			printf("%-20s ", r->last_checked ? r->last_checked : "never");
			if (r->last_checked)
				printf("%6ld ", r->last_status);
			else
				printf("%6s ", "-");
			printf("%8ld  ", r->articles);
			cli_put_clean(stdout, r->last_error ? r->last_error : "");
			if (r->retry_after)
				printf(" (next poll after %s)", r->retry_after);
			putchar('\n');
		}
	}
	feed_rows_free(rows, n);
	return n ? EXIT_OK : EXIT_NOTHING;
}

static void xml_escaped(const char *s)
{
	for (const unsigned char *p = (const unsigned char *)s; p && *p; p++) {
		if (*p == '&')
			fputs("&amp;", stdout);
		else if (*p == '<')
			fputs("&lt;", stdout);
		else if (*p == '>')
			fputs("&gt;", stdout);
		else if (*p == '"')
			fputs("&quot;", stdout);
		else if (*p < 0x20 && *p != '\t')
			continue;
		else
			putchar(*p);
	}
}

static int feed_export(struct store *s)
{
	struct feed_row *rows;
	size_t n;
	struct err e;
	if (feedstore_list(s, NULL, &rows, &n, &e)) {
		cli_error("%s", e.msg);
		return EXIT_FAIL;
	}
	printf("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<opml version=\"2.0\">\n"
	       "  <head><title>secnews feeds</title></head>\n  <body>\n");
	for (size_t i = 0; i < n; i++) {
		const char *name = rows[i].name ? rows[i].name : rows[i].url;
		fputs("    <outline type=\"rss\" text=\"", stdout);
		xml_escaped(name);
		fputs("\" title=\"", stdout);
		xml_escaped(name);
		fputs("\" xmlUrl=\"", stdout);
		xml_escaped(rows[i].url);
		if (rows[i].category) {
			fputs("\" category=\"", stdout);
			xml_escaped(rows[i].category);
		}
		fputs("\"/>\n", stdout);
	}
	printf("  </body>\n</opml>\n");
	feed_rows_free(rows, n);
	return EXIT_OK;
}

int cmd_feed(struct cli *c, int argc, char **argv)
{
	if (argc < 2)
		return cli_usage_error("feed", "add, list, rm, import or export?");
	const char *sub = argv[1];
	if (strcmp(sub, "--help") == 0 || strcmp(sub, "-h") == 0 || strcmp(sub, "help") == 0) {
		feed_help();
		return EXIT_OK;
	}
	const char *name = NULL, *category = NULL, *arg = NULL;
	int fmt = FORMAT_TABLE, use_default = 0;
	for (int i = 2; i < argc; i++) {
		if (strcmp(argv[i], "--help") == 0) {
			feed_help();
			return EXIT_OK;
		} else if (strcmp(argv[i], "--name") == 0 && i + 1 < argc) {
			name = argv[++i];
		} else if (strcmp(argv[i], "--category") == 0 && i + 1 < argc) {
			category = argv[++i];
		} else if (strcmp(argv[i], "--format") == 0 && i + 1 < argc) {
			if ((fmt = cli_parse_format("feed", argv[++i])) < 0)
				return EXIT_USAGE;
		} else if (strcmp(argv[i], "--default") == 0) {
			use_default = 1;
		} else if (argv[i][0] == '-' && argv[i][1]) {
			return cli_usage_error("feed", "unknown option '%s'", argv[i]);
		} else if (!arg) {
			arg = argv[i];
		} else {
			return cli_usage_error("feed", "unexpected argument '%s'", argv[i]);
		}
	}
	int needs_arg = !strcmp(sub, "add") || !strcmp(sub, "rm") || (!strcmp(sub, "import") && !use_default);
	if (strcmp(sub, "add") && strcmp(sub, "rm") && strcmp(sub, "import") && strcmp(sub, "list") &&
	    strcmp(sub, "export"))
		return cli_usage_error("feed", "unknown subcommand '%s' (add, list, rm, import, export)", sub);
	if (needs_arg && !arg)
		return cli_usage_error("feed", "%s needs %s", sub, strcmp(sub, "import") ? "a URL" : "a FILE");
	if (!needs_arg && arg)
		return cli_usage_error("feed", "unexpected argument '%s'", arg);
	struct err e;
	if (!strcmp(sub, "add") && http_url_check(arg, &e))
		return cli_usage_error("feed", "%s", e.msg);

	struct buf data = BUF_INIT;
	if (!strcmp(sub, "import") && !use_default && io_read_file(arg, 0, &data, &e)) {
		cli_error("feed import: %s", e.msg);
		return EXIT_FAIL;
	}
	struct store *s;
	if (store_open(c->db, &s, &e)) {
		buf_free(&data);
		cli_error("%s", e.msg);
		return EXIT_FAIL;
	}
	int rc = EXIT_OK;
	if (!strcmp(sub, "add")) {
		int r = feedstore_add(s, arg, name, category, NULL, &e);
		if (r < 0) {
			cli_error("%s", e.msg);
			rc = EXIT_FAIL;
		} else {
			fprintf(stderr, "secnews: feed: %s %s\n", r ? "already present:" : "added", arg);
		}
	} else if (!strcmp(sub, "rm")) {
		int r = feedstore_rm(s, arg, &e);
		if (r < 0) {
			cli_error("%s", e.msg);
			rc = EXIT_FAIL;
		} else if (r == 1) {
			cli_error("feed rm: no such feed: %s", arg);
			rc = EXIT_NOTHING;
		} else {
			fprintf(stderr, "secnews: feed: removed %s\n", arg);
		}
	} else if (!strcmp(sub, "list")) {
		rc = feed_list(s, fmt);
	} else if (!strcmp(sub, "export")) {
		rc = feed_export(s);
	} else {
		struct import_run ir = {.s = s};
		int found;
		if (use_default) {
			const struct embedded_file *f = embedded_get("data/feeds.tsv");
			buf_append(&data, f ? f->data : "", f ? f->len : 0);
		}
		size_t k = 0;
		while (k < data.len && (data.data[k] == ' ' || data.data[k] == '\n' || data.data[k] == '\r' ||
					data.data[k] == '\t' || (unsigned char)data.data[k] == 0xEF ||
					(unsigned char)data.data[k] == 0xBB || (unsigned char)data.data[k] == 0xBF))
			k++;
		if (k < data.len && data.data[k] == '<') {
			found = feed_opml_parse(data.data, data.len, import_one, &ir, &e);
			if (found < 0)
				cli_error("feed import: %s: %s", arg, e.msg);
		} else {
			found = data.len ? import_tsv(&ir, data.data) : 0;
		}
		if (found >= 0)
			fprintf(stderr, "secnews: feed import: %d added, %d already present, %d invalid\n", ir.added,
				ir.present, ir.invalid);
		if (found <= 0 || ir.added + ir.present == 0)
			rc = EXIT_FAIL;
	}
	buf_free(&data);
	store_close(s);
	return rc;
}
