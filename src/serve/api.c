/* api.c: the JSON API under /api/v1/, mirroring the pages, with the
 * records the command line prints with --format json (cmd/table.h), and
 * CSV (?format=csv) and STIX 2.1 (?format=stix, export/export.h) downloads
 * of every listing. Described in doc/api.md. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd/cli.h"
#include "cmd/table.h"
#include "export/export.h"
#include "serve/internal.h"
#include "store/feed.h"

enum { OUT_JSON, OUT_CSV, OUT_STIX };

/* format=: json (default), csv, stix (STIX only where ALLOW_STIX). -1 after req_fail. */
static int out_format(struct req *r, int allow_stix)
{
	const char *f = req_arg(r, "format");
	if (!f || strcmp(f, "json") == 0)
		return OUT_JSON;
	if (strcmp(f, "csv") == 0)
		return OUT_CSV;
	if (allow_stix && strcmp(f, "stix") == 0)
		return OUT_STIX;
	req_fail(r, 400, "format must be json, csv%s", allow_stix ? " or stix" : "");
	return -1;
}

/* Append T printed by the command line's writer in FORMAT (JSON: one
 * object a line, here joined into an array) to the body. 0 or -1. */
static int put_table(struct req *r, const struct table *t, int format)
{
	char *mem = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&mem, &len);
	if (!f)
		return -1;
	int rc = table_print(t, f, format == OUT_CSV ? FORMAT_CSV : FORMAT_JSON, 0);
	if (fclose(f) != 0)
		rc = -1;
	if (rc == 0) {
		if (format == OUT_CSV) {
			buf_append(&r->body, mem, len);
		} else {
			buf_putc(&r->body, '[');
			for (size_t i = 0; i < len; i++)
				if (mem[i] != '\n')
					buf_putc(&r->body, mem[i]);
				else if (i + 1 < len)
					buf_putc(&r->body, ',');
			buf_putc(&r->body, ']');
		}
	}
	free(mem);
	return rc || r->body.failed ? -1 : 0;
}

static void download(struct req *r, const char *stem, int format)
{
	if (format == OUT_CSV) {
		r->type = "text/csv; charset=utf-8; header=present";
		snprintf(r->filename, sizeof r->filename, "secnews-%s.csv", stem);
	} else if (format == OUT_STIX) {
		r->type = "application/stix+json;version=2.1";
		snprintf(r->filename, sizeof r->filename, "secnews-%s.stix.json", stem);
	} else {
		r->type = "application/json";
	}
}

/* ---- article listings -------------------------------------------------------------- */

struct rows {
	struct req *r;
	struct listing *l;
	struct table *t;
	struct stix_writer *stix;
	struct record_builder *rb;
	long n;
	char cursor[80];
	int failed;
};

static int add_row(void *ctx, const struct article_row *a)
{
	struct rows *x = ctx;
	x->n++;
	listing_cursor(x->l, a, x->n, x->cursor, sizeof x->cursor);
	if (x->stix) {
		struct export_record rec;
		struct err e;
		if (record_build(x->rb, x->r->st, a, 1, &rec, &e) || stix_add(x->stix, &rec))
			return x->failed = 1;
		return 0;
	}
	return table_add_article(x->t, x->l->search, a) ? (x->failed = 1) : 0;
}

/* Answer with the articles L selects in FORMAT. HEAD_JSON, when not NULL,
 * is written first inside the JSON object (e.g. "\"entity\":{...},"). */
static int listing_answer(struct req *r, struct listing *l, int format, const char *stem, const char *head_json)
{
	struct rows x = {r, l, NULL, NULL, NULL, 0, "", 0};
	char *mem = NULL;
	size_t len = 0;
	FILE *mf = NULL;
	struct err e;
	if (format == OUT_STIX) {
		if (!(mf = open_memstream(&mem, &len)) || !(x.stix = stix_begin(mf)) || !(x.rb = record_builder_new())) {
			stix_free(x.stix);
			if (mf)
				fclose(mf);
			free(mem);
			record_builder_free(x.rb);
			return req_fail(r, 500, "out of memory");
		}
	} else if (!(x.t = table_new_articles(l->search, 0))) {
		return req_fail(r, 500, "out of memory");
	}
	if (format == OUT_STIX)
		l->f.stories = 0; /* a STIX download is an export: every copy of a story is its own report */
	long n = query_articles(r->st, &l->f, 0, add_row, &x, &e);
	int rc = 0;
	if (n < 0 || x.failed) {
		rc = req_fail(r, 500, "%s", n < 0 ? e.msg : "out of memory");
		stix_free(x.stix);
		x.stix = NULL;
	} else if (format == OUT_STIX) {
		download(r, stem, format);
		int bad = stix_end(x.stix);
		x.stix = NULL;
		bad |= fclose(mf) != 0;
		mf = NULL;
		if (bad)
			rc = req_fail(r, 500, "the STIX bundle could not be written");
		else
			buf_append(&r->body, mem, len);
	} else if (format == OUT_CSV) {
		download(r, stem, format);
		if (put_table(r, x.t, OUT_CSV))
			rc = req_fail(r, 500, "out of memory");
	} else {
		download(r, stem, format);
		buf_putc(&r->body, '{');
		if (head_json)
			buf_puts(&r->body, head_json);
		buf_puts(&r->body, "\"articles\":");
		if (put_table(r, x.t, OUT_JSON))
			rc = req_fail(r, 500, "out of memory");
		else {
			buf_puts(&r->body, ",\"next_cursor\":");
			export_json_string(&r->body, l->f.limit > 0 && n >= l->f.limit ? x.cursor : NULL);
			buf_puts(&r->body, "}\n");
		}
	}
	if (mf)
		fclose(mf);
	free(mem);
	table_free(x.t);
	record_builder_free(x.rb);
	return rc;
}

static int api_search(struct req *r)
{
	int format = out_format(r, 1);
	if (format < 0)
		return 1;
	const char *q = req_arg(r, "q");
	if (q && !*q)
		q = NULL;
	struct listing l;
	int big = format != OUT_JSON;
	if (listing_parse(r, &l, q, big ? 1000 : 50, big ? SERVE_MAX_DOWNLOAD : SERVE_MAX_PAGE) == 0) {
		struct buf head = BUF_INIT;
		buf_puts(&head, "\"query\":");
		export_json_string(&head, q);
		buf_putc(&head, ',');
		listing_answer(r, &l, format, q ? "search" : "articles", buf_str(&head));
		buf_free(&head);
	}
	listing_free(&l);
	return 1;
}

/* ---- entities ------------------------------------------------------------------------- */

struct erows {
	struct table *t;
	long skip, n, limit;
};

static int add_erow(void *ctx, const struct entity_row *e)
{
	struct erows *x = ctx;
	if (x->skip > 0) {
		x->skip--;
		return 0;
	}
	if (x->n >= x->limit)
		return 1;
	x->n++;
	return table_add_entity(x->t, e);
}

static int api_kind(struct req *r, const char *kind)
{
	int format = out_format(r, 0);
	if (format < 0)
		return 1;
	int limit = req_limit(r, format == OUT_CSV ? SERVE_MAX_DOWNLOAD : 100,
			      format == OUT_CSV ? SERVE_MAX_DOWNLOAD : SERVE_MAX_PAGE);
	if (limit < 0)
		return 1;
	const char *c = req_arg(r, "cursor");
	long off = 0;
	if (c) {
		char *end;
		off = c[0] == 'o' && c[1] ? strtol(c + 1, &end, 10) : -1;
		if (off < 0 || *end)
			return req_fail(r, 400, "malformed cursor"), 1;
	}
	struct erows x = {table_new_entities(kind), off, 0, limit};
	struct err e;
	if (!x.t)
		return req_fail(r, 500, "out of memory"), 1;
	if (query_entities(r->st, kind, add_erow, &x, &e) < 0) {
		table_free(x.t);
		return req_fail(r, 500, "%s", e.msg), 1;
	}
	download(r, kind, format);
	if (format == OUT_CSV) {
		put_table(r, x.t, OUT_CSV);
	} else {
		buf_puts(&r->body, "{\"kind\":");
		export_json_string(&r->body, kind);
		buf_puts(&r->body, ",\"entities\":");
		put_table(r, x.t, OUT_JSON);
		char next[32];
		snprintf(next, sizeof next, "o%ld", off + x.n);
		buf_puts(&r->body, ",\"next_cursor\":");
		export_json_string(&r->body, x.n >= limit ? next : NULL);
		buf_puts(&r->body, "}\n");
	}
	table_free(x.t);
	return 1;
}

static int month_json(void *ctx, const char *month, long count)
{
	struct buf *b = ctx;
	buf_printf(b, "%s{\"month\":", b->data[b->len - 1] == '[' ? "" : ",");
	export_json_string(b, month);
	buf_printf(b, ",\"articles\":%ld}", count);
	return 0;
}

/* A "; "- or space-separated list as a JSON array of strings. */
static void json_list(struct buf *b, const char *s, const char *sep)
{
	buf_putc(b, '[');
	size_t sl = strlen(sep);
	int first = 1;
	while (s && *s) {
		const char *e = strstr(s, sep);
		size_t n = e ? (size_t)(e - s) : strlen(s);
		if (n) {
			char *v = strndup(s, n);
			if (!first)
				buf_putc(b, ',');
			first = 0;
			export_json_string(b, v ? v : "");
			free(v);
		}
		s += n + (e ? sl : 0);
	}
	buf_putc(b, ']');
}

static int api_entity(struct req *r, const char *kind, const char *name)
{
	int format = out_format(r, 1);
	if (format < 0)
		return 1;
	struct query_entity ent;
	struct err e;
	int rc = query_resolve(r->st, kind, name, &ent, NULL, &e);
	if (rc < 0)
		return req_fail(r, 500, "%s", e.msg), 1;
	if (rc == 1)
		return req_fail(r, 404, "no %s named '%.100s'", kind, name), 1;
	struct listing l;
	int big = format != OUT_JSON;
	if (listing_parse(r, &l, NULL, big ? 1000 : 50, big ? SERVE_MAX_DOWNLOAD : SERVE_MAX_PAGE) == 0) {
		entity_filter(&l.f, &ent);
		struct buf head = BUF_INIT;
		char key[64];
		snprintf(key, sizeof key, "api-entity:%lld", (long long)ent.id);
		if (format == OUT_JSON && !cache_get(r, key, &head)) {
			/* the entity: the fields of query_entity, months, related */
			buf_puts(&head, "\"entity\":{\"kind\":");
			export_json_string(&head, ent.kind);
			buf_puts(&head, ",\"name\":");
			export_json_string(&head, ent.name);
			buf_puts(&head, ",\"vendor\":");
			export_json_string(&head, ent.vendor);
			buf_puts(&head, ",\"country\":");
			export_json_string(&head, ent.country);
			buf_puts(&head, ",\"ids\":");
			json_list(&head, ent.ids, " ");
			buf_puts(&head, ",\"aliases\":");
			json_list(&head, ent.aliases, "; ");
			buf_puts(&head, "},\"months\":[");
			struct query_filter mf = {0};
			entity_filter(&mf, &ent);
			if (query_months(r->st, &mf, month_json, &head, &e) < 0)
				head.failed = 1;
			buf_puts(&head, "],\"related\":");
			struct table *t = table_new_related();
			if (!t || query_related(r->st, ent.id, 25, table_add_related, t, &e) < 0)
				head.failed = 1;
			else {
				struct req sub = *r;
				sub.body = head;
				put_table(&sub, t, OUT_JSON);
				head = sub.body;
			}
			table_free(t);
			buf_putc(&head, ',');
			if (!head.failed)
				cache_put(r, key, buf_str(&head), head.len);
		}
		if (head.failed)
			req_fail(r, 500, "%s", e.msg);
		else
			listing_answer(r, &l, format, ent.name, buf_str(&head));
		buf_free(&head);
	}
	listing_free(&l);
	query_entity_free(&ent);
	return 1;
}

/* ---- one article ---------------------------------------------------------------------- */

struct one {
	struct req *r;
	int format, found;
};

static int one_article(void *ctx, const struct article_row *a)
{
	struct one *x = ctx;
	struct err e;
	x->found = 1;
	if (x->format == OUT_STIX) {
		char *mem = NULL;
		size_t len = 0;
		FILE *mf = open_memstream(&mem, &len);
		struct stix_writer *w = mf ? stix_begin(mf) : NULL;
		struct record_builder *rb = record_builder_new();
		struct export_record rec;
		int bad = !w || !rb || record_build(rb, x->r->st, a, 1, &rec, &e) || stix_add(w, &rec);
		if (bad)
			stix_free(w);
		else
			bad = stix_end(w) != 0;
		if (mf)
			bad |= fclose(mf) != 0;
		record_builder_free(rb);
		if (bad)
			req_fail(x->r, 500, "the STIX bundle could not be written");
		else {
			char stem[32];
			snprintf(stem, sizeof stem, "article-%lld", (long long)a->id);
			download(x->r, stem, OUT_STIX);
			buf_append(&x->r->body, mem, len);
		}
		free(mem);
		return 1;
	}
	x->r->type = "application/json";
	if (record_article_json(x->r->st, a, &x->r->body, &e))
		req_fail(x->r, 500, "%s", e.msg);
	else
		buf_putc(&x->r->body, '\n');
	return 1;
}

static int api_article(struct req *r, const char *id)
{
	const char *f = req_arg(r, "format");
	int format = f && strcmp(f, "stix") == 0 ? OUT_STIX : OUT_JSON;
	if (f && strcmp(f, "stix") != 0 && strcmp(f, "json") != 0)
		return req_fail(r, 400, "format must be json or stix"), 1;
	if (!*id || strspn(id, "0123456789") != strlen(id) || strlen(id) > 15)
		return req_fail(r, 400, "an article id is a positive number"), 1;
	struct query_filter qf = {.id = strtoll(id, NULL, 10)};
	struct one x = {r, format, 0};
	struct err e;
	if (qf.id <= 0)
		return req_fail(r, 400, "an article id is a positive number"), 1;
	if (query_articles(r->st, &qf, 1, one_article, &x, &e) < 0)
		return req_fail(r, 500, "%s", e.msg), 1;
	if (!x.found)
		return req_fail(r, 404, "no article %s", id), 1;
	return 1;
}

/* ---- stats, feeds, index ------------------------------------------------------------------ */

static int api_stats(struct req *r)
{
	int format = out_format(r, 0);
	if (format < 0)
		return 1;
	struct table *t = table_new_stats();
	struct err e;
	if (!t || query_stats(r->st, 0, table_add_stat, t, &e) < 0) {
		table_free(t);
		return req_fail(r, 500, "%s", t ? e.msg : "out of memory"), 1;
	}
	download(r, "stats", format);
	if (format == OUT_JSON)
		buf_puts(&r->body, "{\"stats\":");
	put_table(r, t, format);
	if (format == OUT_JSON)
		buf_puts(&r->body, "}\n");
	table_free(t);
	return 1;
}

static int api_feeds(struct req *r)
{
	int format = out_format(r, 0);
	if (format < 0)
		return 1;
	struct feed_row *rows;
	size_t n;
	struct err e;
	if (feedstore_list(r->st, NULL, &rows, &n, &e))
		return req_fail(r, 500, "%s", e.msg), 1;
	download(r, "feeds", format);
	struct buf *b = &r->body;
	if (format == OUT_CSV) {
		/* the columns of `feed list --format csv` */
		buf_puts(b, "name,url,last_checked,last_status,last_error,articles\r\n");
		for (size_t i = 0; i < n; i++) {
			const struct feed_row *f = &rows[i];
			char st[24] = "", na[24];
			if (f->last_checked)
				snprintf(st, sizeof st, "%ld", f->last_status);
			snprintf(na, sizeof na, "%ld", f->articles);
			const char *cells[] = {f->name ? f->name : "", f->url, f->last_checked ? f->last_checked : "", st,
					       f->last_error ? f->last_error : "", na};
			for (int c = 0; c < 6; c++) {
				if (c)
					buf_putc(b, ',');
				csv_cell(b, cells[c]);
			}
			buf_puts(b, "\r\n");
		}
	} else {
		buf_puts(b, "{\"feeds\":[");
		for (size_t i = 0; i < n; i++) {
			char *js = record_feed_json(&rows[i]);
			if (i)
				buf_putc(b, ',');
			buf_puts(b, js ? js : "null");
			free(js);
		}
		buf_puts(b, "]}\n");
	}
	feed_rows_free(rows, n);
	return 1;
}

static int kind_ok(void *ctx, const char *kind)
{
	const char **want = ctx;
	if (*want && strcmp(*want, kind) == 0)
		*want = NULL; /* found */
	return 0;
}

/* 1 when KIND is a kind the store holds. */
static int known_kind(struct req *r, const char *kind)
{
	const char *want = kind;
	struct err e;
	query_kinds(r->st, kind_ok, &want, &e);
	return want == NULL;
}

static int kind_json(void *ctx, const char *kind)
{
	struct buf *b = ctx;
	if (b->data[b->len - 1] != '[')
		buf_putc(b, ',');
	export_json_string(b, kind);
	return 0;
}

int api_route(struct req *r)
{
	const char *p = r->path;
	if (strncmp(p, "/api/", 5) != 0)
		return 0;
	if (strncmp(p, "/api/v1/", 8) != 0 && strcmp(p, "/api/v1") != 0)
		return req_fail(r, 404, "the API is under /api/v1/"), 1;
	p += 7;
	if (*p == 0 || strcmp(p, "/") == 0) {
		r->type = "application/json";
		buf_puts(&r->body, "{\"api\":\"secnews\",\"version\":1,\"doc\":\"doc/api.md\",\"endpoints\":["
				   "\"/api/v1/search?q=QUERY\",\"/api/v1/articles\",\"/api/v1/KIND\",\"/api/v1/KIND/NAME\","
				   "\"/api/v1/article/ID\",\"/api/v1/stats\",\"/api/v1/feeds\"],\"kinds\":[");
		struct err e;
		query_kinds(r->st, kind_json, &r->body, &e);
		buf_puts(&r->body, "]}\n");
		return 1;
	}
	p++;
	if (strcmp(p, "search") == 0 || strcmp(p, "articles") == 0)
		return api_search(r);
	if (strcmp(p, "stats") == 0)
		return api_stats(r);
	if (strcmp(p, "feeds") == 0)
		return api_feeds(r);
	if (strncmp(p, "article/", 8) == 0)
		return api_article(r, p + 8);
	const char *slash = strchr(p, '/');
	char kind[24];
	size_t kl = slash ? (size_t)(slash - p) : strlen(p);
	if (kl == 0 || kl >= sizeof kind)
		return req_fail(r, 404, "no such endpoint"), 1;
	snprintf(kind, sizeof kind, "%.*s", (int)kl, p);
	if (!known_kind(r, kind))
		return req_fail(r, 404, "no such endpoint"), 1;
	if (!slash || !slash[1])
		return api_kind(r, kind);
	if (strlen(slash + 1) > 200)
		return req_fail(r, 400, "the name is too long"), 1;
	return api_entity(r, kind, slash + 1);
}
