/* pages.c: the HTML pages: home, search, the entity kinds and one page per
 * entity, article, feeds; and the stylesheet. Plain server-rendered HTML,
 * no script; every text from the database goes through serve_html(). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "serve/internal.h"
#include "store/feed.h"
#include "util/date.h"
#include "util/embedded.h"

/* ---- the kinds the store holds ----------------------------------------------- */

#define MAX_KINDS 32

struct kinds {
	char name[MAX_KINDS][24];
	size_t n;
};

static int add_kind(void *ctx, const char *kind)
{
	struct kinds *k = ctx;
	if (k->n < MAX_KINDS && kind && strlen(kind) < sizeof k->name[0])
		snprintf(k->name[k->n++], sizeof k->name[0], "%s", kind);
	return 0;
}

static void load_kinds(struct req *r, struct kinds *k)
{
	struct err e;
	k->n = 0;
	query_kinds(r->st, add_kind, k, &e);
}

static int has_kind(const struct kinds *k, const char *kind, size_t n)
{
	for (size_t i = 0; i < k->n; i++)
		if (strlen(k->name[i]) == n && strncmp(k->name[i], kind, n) == 0)
			return 1;
	return 0;
}

/* "Actors", "CVEs", "Malware": a kind's heading. */
static void kind_label(struct buf *b, const char *kind, int plural)
{
	static const char *const special[][3] = {
		{"cve", "CVE", "CVEs"}, {"malware", "Malware", "Malware"}, {"ghsa", "GHSA", "GHSAs"},
		{"ipv4", "IPv4 address", "IPv4 addresses"}, {"ipv6", "IPv6 address", "IPv6 addresses"},
		{"url", "URL", "URLs"}, {"md5", "MD5", "MD5s"}, {"sha1", "SHA-1", "SHA-1s"}, {"sha256", "SHA-256", "SHA-256s"},
	};
	for (size_t i = 0; i < sizeof special / sizeof *special; i++)
		if (strcmp(kind, special[i][0]) == 0) {
			buf_puts(b, special[i][plural ? 2 : 1]);
			return;
		}
	struct buf t = BUF_INIT;
	buf_puts(&t, kind);
	if (t.len && t.data[0] >= 'a' && t.data[0] <= 'z')
		t.data[0] = (char)(t.data[0] - 32);
	serve_html(b, buf_str(&t));
	if (plural)
		buf_putc(b, 's');
	buf_free(&t);
}

/* ---- page frame ----------------------------------------------------------------- */

static void page_begin(struct req *r, const struct kinds *k, const char *title, const char *q)
{
	struct buf *b = &r->body;
	r->type = "text/html; charset=utf-8";
	buf_puts(b, "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n"
		    "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>");
	serve_html(b, title);
	buf_puts(b, " - secnews</title>\n<link rel=\"stylesheet\" href=\"/static/style.css\">\n</head>\n<body>\n"
		    "<header><a class=\"brand\" href=\"/\">secnews</a>\n"
		    "<form class=\"search\" action=\"/search\" method=\"get\" role=\"search\">"
		    "<input type=\"search\" name=\"q\" aria-label=\"Search\" placeholder=\"Search\" maxlength=\"512\" value=\"");
	serve_html(b, q);
	buf_puts(b, "\"><button type=\"submit\">Search</button></form>\n<nav>");
	for (size_t i = 0; i < k->n; i++) {
		buf_puts(b, "<a href=\"/");
		serve_url_encode(b, k->name[i]);
		buf_puts(b, "\">");
		kind_label(b, k->name[i], 1);
		buf_puts(b, "</a> ");
	}
	buf_puts(b, "<a href=\"/feeds\">Feeds</a> <a href=\"/api/v1/\">API</a></nav></header>\n<main>\n");
}

static void page_end(struct req *r)
{
	buf_puts(&r->body, "</main>\n<footer>secnews " SECNEWS_VERSION
			   " &middot; read-only &middot; <a href=\"/taxii2/\">TAXII 2.1</a></footer>\n</body></html>\n");
}

/* href="/KIND/NAME" */
static void entity_href(struct buf *b, const char *kind, const char *name)
{
	buf_putc(b, '/');
	serve_url_encode(b, kind);
	buf_putc(b, '/');
	serve_url_encode(b, name);
}

static void entity_link(struct buf *b, const char *kind, const char *name)
{
	buf_puts(b, "<a class=\"tag ");
	serve_html(b, kind);
	buf_puts(b, "\" href=\"");
	entity_href(b, kind, name);
	buf_puts(b, "\">");
	serve_html(b, name);
	buf_puts(b, "</a>");
}

/* The names of a "; "-joined list as links. */
static void list_links(struct buf *b, const char *kind, const char *list)
{
	if (!list)
		return;
	const char *p = list;
	while (*p) {
		const char *sep = strstr(p, "; ");
		size_t n = sep ? (size_t)(sep - p) : strlen(p);
		char *name = strndup(p, n);
		if (name) {
			entity_link(b, kind, name);
			buf_putc(b, ' ');
		}
		free(name);
		p += n + (sep ? 2 : 0);
	}
}

/* ---- article lists --------------------------------------------------------------- */

struct alist {
	struct req *r;
	struct listing *l;
	long n;
	char cursor[80];
};

static int article_item(void *ctx, const struct article_row *a)
{
	struct alist *x = ctx;
	struct buf *b = &x->r->body;
	char day[11];
	day_of(a, day);
	buf_printf(b, "<li><a class=\"title\" href=\"/article/%lld\">", (long long)a->id);
	serve_html(b, a->title && *a->title ? a->title : "(untitled)");
	buf_puts(b, "</a><div class=\"meta\">");
	serve_html(b, day);
	if (a->site) {
		buf_puts(b, " &middot; ");
		serve_html(b, a->site);
	}
	if (a->copies > 1)
		buf_printf(b, " &middot; %ld copies", a->copies);
	buf_puts(b, "</div>");
	if (a->snippet) {
		buf_puts(b, "<p class=\"snippet\">");
		serve_html_snippet(b, a->snippet, strlen(a->snippet), '\x02', '\x03');
		buf_puts(b, "</p>");
	}
	if ((a->actors && *a->actors) || (a->vendors && *a->vendors) || (a->products && *a->products) ||
	    (a->cves && *a->cves)) {
		buf_puts(b, "<div class=\"tags\">");
		list_links(b, "actor", a->actors);
		list_links(b, "vendor", a->vendors);
		list_links(b, "product", a->products);
		list_links(b, "cve", a->cves);
		buf_puts(b, "</div>");
	}
	buf_puts(b, "</li>\n");
	x->n++;
	if (x->l)
		listing_cursor(x->l, a, x->n, x->cursor, sizeof x->cursor);
	return 0;
}

/* The articles L selects, as a list; a link to the next page when full.
 * SELF is the page's path and query string without cursor. -1 on error. */
static int article_list(struct req *r, struct listing *l, const char *self)
{
	struct buf *b = &r->body;
	struct alist x = {r, l, 0, ""};
	struct err e;
	buf_puts(b, "<ol class=\"articles\">\n");
	l->f.mark_open = "\x02", l->f.mark_close = "\x03";
	long n = query_articles(r->st, &l->f, 0, article_item, &x, &e);
	buf_puts(b, "</ol>\n");
	if (n < 0)
		return req_fail(r, 500, "%s", e.msg), -1;
	if (n == 0)
		buf_puts(b, "<p class=\"none\">No articles.</p>\n");
	if (l->f.limit > 0 && n >= l->f.limit) {
		buf_puts(b, "<p class=\"more\"><a rel=\"next\" href=\"");
		serve_html(b, self);
		buf_puts(b, strchr(self, '?') ? "&amp;cursor=" : "?cursor=");
		struct buf c = BUF_INIT;
		serve_url_encode(&c, x.cursor);
		serve_html(b, buf_str(&c));
		buf_free(&c);
		buf_puts(b, "\">More &rarr;</a></p>\n");
	}
	return 0;
}

/* ---- the query string of a listing page, for links ----------------------------------- */

/* Append "?k=v&..." for the current listing parameters (no cursor), with
 * SET=VAL set (VAL NULL: SET removed). For links (escape the result). */
static void qs_with(struct req *r, struct buf *out, const char *set, const char *val)
{
	const char *keys[KIND__COUNT + 8];
	size_t nk = 0;
	keys[nk++] = "q";
	for (int k = 0; k < KIND__COUNT; k++)
		keys[nk++] = kind_name(k);
	keys[nk++] = "source";
	keys[nk++] = "since";
	keys[nk++] = "until";
	int first = 1, done = 0;
	for (size_t i = 0; i < nk; i++) {
		const char *v = req_arg(r, keys[i]);
		if (set && strcmp(keys[i], set) == 0)
			v = val, done = 1;
		if (!v || !*v)
			continue;
		buf_putc(out, first ? '?' : '&');
		first = 0;
		buf_puts(out, keys[i]);
		buf_putc(out, '=');
		serve_url_encode(out, v);
	}
	if (set && !done && val) {
		buf_putc(out, first ? '?' : '&');
		buf_puts(out, set);
		buf_putc(out, '=');
		serve_url_encode(out, val);
	}
}

/* ---- home ------------------------------------------------------------------------- */

struct top {
	struct req *r;
	const char *kind;
};

static int top_item(void *ctx, const struct entity_row *row)
{
	struct top *t = ctx;
	struct buf *b = &t->r->body;
	buf_puts(b, "<li>");
	entity_link(b, t->kind, row->name);
	buf_printf(b, " <span class=\"n\">%ld</span></li>\n", row->articles);
	return 0;
}

static int latest_day(void *ctx, const struct article_row *a)
{
	day_of(a, ctx);
	return 1;
}

static int page_home(struct req *r, const struct kinds *k)
{
	struct buf *b = &r->body;
	page_begin(r, k, "Latest", NULL);
	/* the 30 days up to today, or up to the latest article if it is older */
	char today[32], end[11] = "";
	date_iso(time(NULL), 0, today);
	struct query_filter lf = {.limit = 1};
	struct err e;
	query_articles(r->st, &lf, 0, latest_day, end, &e);
	if (!end[0] || strcmp(end, today) > 0)
		snprintf(end, sizeof end, "%.10s", today);
	int y, m, d;
	char since[32] = "0000-00-00";
	if (sscanf(end, "%4d-%2d-%2d", &y, &m, &d) == 3) {
		time_t t = (time_t)(date_days_from_civil(y, m, d) - 30) * 86400;
		date_iso(t, 0, since);
	}
	buf_puts(b, "<div class=\"cols\"><section class=\"main\"><h1>Latest articles</h1>\n");
	struct listing l = {0};
	l.f.limit = 25;
	l.f.stories = 1;
	if (article_list(r, &l, "/search") < 0)
		return 1;
	buf_puts(b, "</section>\n<aside><h2>Most named, 30 days to ");
	serve_html(b, end);
	buf_puts(b, "</h2>\n");
	char key[64];
	snprintf(key, sizeof key, "home:%.32s", since);
	if (!cache_get(r, key, b)) {
		size_t at = b->len;
		const char *want[] = {"actor", "malware", "vendor"};
		for (size_t i = 0; i < 3; i++) {
			if (!has_kind(k, want[i], strlen(want[i])))
				continue;
			buf_puts(b, "<h3>");
			kind_label(b, want[i], 1);
			buf_puts(b, "</h3><ol class=\"top\">\n");
			struct top t = {r, want[i]};
			long n = query_top(r->st, want[i], since, 10, top_item, &t, &e);
			if (n < 0)
				return req_fail(r, 500, "%s", e.msg), 1;
			buf_puts(b, "</ol>\n");
			if (n == 0)
				buf_puts(b, "<p class=\"none\">None named.</p>\n");
		}
		cache_put(r, key, b->data + at, b->len - at);
	}
	buf_puts(b, "</aside></div>\n");
	page_end(r);
	return 1;
}

/* ---- search ------------------------------------------------------------------------- */

/* The names the results give, with how often, to narrow by. */
struct facet {
	char *kind, *name;
	int n;
};
struct facets {
	struct facet v[64];
	size_t n;
};

static void facet_add(struct facets *fs, const char *kind, const char *list)
{
	if (!list)
		return;
	const char *p = list;
	while (*p) {
		const char *sep = strstr(p, "; ");
		size_t len = sep ? (size_t)(sep - p) : strlen(p);
		size_t i;
		for (i = 0; i < fs->n; i++)
			if (strcmp(fs->v[i].kind, kind) == 0 && strlen(fs->v[i].name) == len &&
			    strncmp(fs->v[i].name, p, len) == 0)
				break;
		if (i < fs->n)
			fs->v[i].n++;
		else if (fs->n < 64 && (fs->v[fs->n].name = strndup(p, len))) {
			fs->v[fs->n].kind = (char *)kind;
			fs->v[fs->n++].n = 1;
		}
		p += len + (sep ? 2 : 0);
	}
}

struct search_ctx {
	struct alist list;
	struct facets fs;
};

static int search_item(void *ctx, const struct article_row *a)
{
	struct search_ctx *x = ctx;
	facet_add(&x->fs, "actor", a->actors);
	facet_add(&x->fs, "vendor", a->vendors);
	facet_add(&x->fs, "product", a->products);
	facet_add(&x->fs, "cve", a->cves);
	return article_item(&x->list, a);
}

static int facet_cmp(const void *a, const void *b)
{
	const struct facet *x = a, *y = b;
	return x->n != y->n ? y->n - x->n : strcmp(x->name, y->name);
}

/* A link to this search with SET=VAL (NULL: without SET). */
static void search_link(struct req *r, const char *set, const char *val, const char *label, int active)
{
	struct buf qs = BUF_INIT;
	qs_with(r, &qs, set, val);
	buf_printf(&r->body, "<a class=\"f%s\" href=\"/search", active ? " on" : "");
	serve_html(&r->body, buf_str(&qs));
	buf_puts(&r->body, "\">");
	serve_html(&r->body, label);
	buf_puts(&r->body, "</a> ");
	buf_free(&qs);
}

static int page_search(struct req *r, const struct kinds *k)
{
	struct buf *b = &r->body;
	const char *q = req_arg(r, "q");
	if (q && !*q)
		q = NULL;
	struct listing l;
	/* without a query: the filters alone (every article they select) */
	if (listing_parse(r, &l, q, 20, SERVE_MAX_PAGE)) {
		listing_free(&l);
		return 1;
	}
	page_begin(r, k, q ? q : "Search", q);
	buf_puts(b, "<h1>");
	if (q) {
		buf_puts(b, "Search: ");
		serve_html(b, q);
	} else {
		buf_puts(b, "Articles");
	}
	buf_puts(b, "</h1>\n");
	/* the filters in force, each with a link that drops it */
	struct buf self = BUF_INIT;
	buf_puts(&self, "/search");
	qs_with(r, &self, NULL, NULL);
	buf_puts(b, "<p class=\"filters\">");
	int any = 0;
	const char *keys[KIND__COUNT + 3];
	size_t nk = 0;
	for (int i = 0; i < KIND__COUNT; i++)
		keys[nk++] = kind_name(i);
	keys[nk++] = "source", keys[nk++] = "since", keys[nk++] = "until";
	for (size_t i = 0; i < nk; i++) {
		const char *v = req_arg(r, keys[i]);
		if (!v || !*v)
			continue;
		struct buf label = BUF_INIT;
		buf_printf(&label, "%s: %s \xc3\x97", keys[i], v);
		search_link(r, keys[i], NULL, buf_str(&label), 1);
		buf_free(&label);
		any = 1;
	}
	/* dates as links */
	char today[32], y1[32], m1[32];
	time_t now = time(NULL);
	date_iso(now, 0, today);
	date_iso(now - 30 * 86400, 0, m1);
	date_iso(now - 365 * 86400, 0, y1);
	const char *since = req_arg(r, "since");
	search_link(r, "since", m1, "past 30 days", since && strcmp(since, m1) == 0);
	search_link(r, "since", y1, "past year", since && strcmp(since, y1) == 0);
	if (since)
		search_link(r, "since", NULL, "any time", 0);
	(void)any;
	buf_puts(b, "</p>\n");
	struct search_ctx x = {{r, &l, 0, ""}, {.n = 0}};
	struct err e;
	l.f.mark_open = "\x02", l.f.mark_close = "\x03";
	buf_puts(b, "<ol class=\"articles\">\n");
	long n = query_articles(r->st, &l.f, 0, search_item, &x, &e);
	buf_puts(b, "</ol>\n");
	if (n < 0) {
		req_fail(r, 500, "%s", e.msg);
	} else {
		if (n == 0)
			buf_puts(b, "<p class=\"none\">No articles found.</p>\n");
		if (n >= l.f.limit) {
			buf_puts(b, "<p class=\"more\"><a rel=\"next\" href=\"");
			serve_html(b, buf_str(&self));
			buf_puts(b, strchr(buf_str(&self), '?') ? "&amp;cursor=" : "?cursor=");
			serve_html(b, x.list.cursor);
			buf_puts(b, "\">More &rarr;</a></p>\n");
		}
		/* narrow by the names these results give */
		if (x.fs.n) {
			qsort(x.fs.v, x.fs.n, sizeof x.fs.v[0], facet_cmp);
			buf_puts(b, "<h2>Narrow by</h2><p class=\"facets\">");
			for (size_t i = 0; i < x.fs.n && i < 24; i++) {
				if (req_arg(r, x.fs.v[i].kind))
					continue;
				struct buf label = BUF_INIT;
				buf_printf(&label, "%s (%d)", x.fs.v[i].name, x.fs.v[i].n);
				search_link(r, x.fs.v[i].kind, x.fs.v[i].name, buf_str(&label), 0);
				buf_free(&label);
			}
			buf_puts(b, "</p>\n");
		}
		buf_puts(b, "<p class=\"dl\">Download: <a href=\"/api/v1");
		serve_html(b, buf_str(&self));
		buf_puts(b, "\">JSON</a> ");
		const char *fmts[] = {"csv", "stix"};
		for (int i = 0; i < 2; i++) {
			buf_puts(b, "<a href=\"/api/v1");
			serve_html(b, buf_str(&self));
			buf_printf(b, "%sformat=%s\">%s</a> ", strchr(buf_str(&self), '?') ? "&amp;" : "?", fmts[i],
				   i ? "STIX" : "CSV");
		}
		buf_puts(b, "</p>\n");
		page_end(r);
	}
	for (size_t i = 0; i < x.fs.n; i++)
		free(x.fs.v[i].name);
	buf_free(&self);
	listing_free(&l);
	return 1;
}

/* ---- kinds and entities ---------------------------------------------------------------- */

struct eindex {
	struct req *r;
	const char *kind;
	long n;
};

static int index_item(void *ctx, const struct entity_row *row)
{
	struct eindex *x = ctx;
	struct buf *b = &x->r->body;
	buf_puts(b, "<tr><td>");
	entity_link(b, x->kind, row->name);
	buf_puts(b, "</td><td>");
	serve_html(b, row->vendor ? row->vendor : row->country);
	buf_printf(b, "</td><td class=\"n\">%ld</td><td>", row->articles);
	char day[11];
	snprintf(day, sizeof day, "%s", row->last_seen ? row->last_seen : "");
	serve_html(b, day);
	buf_puts(b, "</td></tr>\n");
	return ++x->n >= 2000;
}

static int page_kind(struct req *r, const struct kinds *k, const char *kind)
{
	struct buf *b = &r->body, title = BUF_INIT;
	kind_label(&title, kind, 1);
	page_begin(r, k, buf_str(&title), NULL);
	buf_puts(b, "<h1>");
	buf_puts(b, buf_str(&title));
	buf_puts(b, "</h1>\n<div class=\"wide\"><table><thead><tr><th>name</th><th></th><th>articles</th>"
		    "<th>last seen</th></tr></thead><tbody>\n");
	buf_free(&title);
	struct eindex x = {r, kind, 0};
	struct err e;
	if (query_entities(r->st, kind, index_item, &x, &e) < 0)
		return req_fail(r, 500, "%s", e.msg), 1;
	buf_puts(b, "</tbody></table></div>\n");
	if (x.n == 0)
		buf_puts(b, "<p class=\"none\">No stored article names one.</p>\n");
	page_end(r);
	return 1;
}

struct months {
	struct serve_month v[600];
	size_t n;
};

static int add_month(void *ctx, const char *month, long count)
{
	struct months *m = ctx;
	if (m->n < 600 && month) {
		snprintf(m->v[m->n].month, sizeof m->v[0].month, "%s", month);
		m->v[m->n++].count = count;
	}
	return 0;
}

static int related_item(void *ctx, const struct related_row *row)
{
	struct buf *b = ctx;
	buf_puts(b, "<li>");
	entity_link(b, row->kind, row->name);
	buf_printf(b, " <span class=\"n\">%ld</span></li>\n", row->articles);
	return 0;
}

void entity_filter(struct query_filter *f, const struct query_entity *ent)
{
	if (strcmp(ent->kind, "actor") == 0)
		f->actor = ent->id;
	else if (strcmp(ent->kind, "vendor") == 0)
		f->vendor = ent->id, f->vendor_name = ent->name;
	else if (strcmp(ent->kind, "product") == 0)
		f->product = ent->id;
	else if (strcmp(ent->kind, "cve") == 0)
		f->cve = ent->id;
	else
		f->entity = ent->id;
}

static int page_entity(struct req *r, const struct kinds *k, const char *kind, const char *name)
{
	struct buf *b = &r->body;
	struct query_entity ent;
	struct buf sug = BUF_INIT;
	struct err e;
	int rc = query_resolve(r->st, kind, name, &ent, &sug, &e);
	if (rc < 0) {
		buf_free(&sug);
		return req_fail(r, 500, "%s", e.msg), 1;
	}
	if (rc == 1) {
		if (sug.len)
			req_fail(r, 404, "no %s named '%.100s'; did you mean: %s?", kind, name, buf_str(&sug));
		else
			req_fail(r, 404, "no %s named '%.100s'", kind, name);
		buf_free(&sug);
		return 1;
	}
	buf_free(&sug);
	struct listing l = {0};
	l.f.stories = 1;
	if ((l.f.limit = req_limit(r, 20, SERVE_MAX_PAGE)) < 0) {
		query_entity_free(&ent);
		return 1;
	}
	/* the cursor is parsed as a listing's */
	struct listing pl;
	if (listing_parse(r, &pl, NULL, l.f.limit, SERVE_MAX_PAGE)) {
		listing_free(&pl);
		query_entity_free(&ent);
		return 1;
	}
	l.f = pl.f;
	entity_filter(&l.f, &ent);
	page_begin(r, k, ent.name, NULL);
	buf_puts(b, "<h1>");
	serve_html(b, ent.name);
	buf_puts(b, " <small>");
	kind_label(b, kind, 0);
	buf_puts(b, "</small></h1>\n<dl class=\"facts\">");
	if (ent.vendor) {
		buf_puts(b, "<dt>vendor</dt><dd>");
		entity_link(b, "vendor", ent.vendor);
		buf_puts(b, "</dd>");
	}
	if (ent.country) {
		buf_puts(b, "<dt>country</dt><dd>");
		serve_html(b, ent.country);
		buf_puts(b, "</dd>");
	}
	if (ent.ids && *ent.ids) {
		buf_puts(b, "<dt>ids</dt><dd class=\"ids\">");
		serve_html(b, ent.ids);
		buf_puts(b, "</dd>");
	}
	if (ent.aliases && *ent.aliases) {
		buf_puts(b, "<dt>aliases</dt><dd class=\"aliases\">");
		serve_html(b, ent.aliases);
		buf_puts(b, "</dd>");
	}
	buf_puts(b, "</dl>\n<h2>Articles by month</h2>\n");
	char key[64];
	snprintf(key, sizeof key, "chart:%lld", (long long)ent.id);
	if (!cache_get(r, key, b)) {
		struct months *m = calloc(1, sizeof *m);
		struct query_filter mf = {0};
		entity_filter(&mf, &ent);
		if (!m || query_months(r->st, &mf, add_month, m, &e) < 0) {
			free(m);
			query_entity_free(&ent);
			listing_free(&pl);
			return req_fail(r, 500, "%s", m ? e.msg : "out of memory"), 1;
		}
		struct buf frag = BUF_INIT, title = BUF_INIT;
		buf_printf(&title, "Articles naming %s, by month", ent.name);
		serve_svg_months(&frag, m->v, m->n, buf_str(&title));
		buf_free(&title);
		if (m->n == 0)
			buf_puts(&frag, "<p class=\"none\">No stored article names it.</p>\n");
		free(m);
		buf_append(b, frag.data, frag.len);
		cache_put(r, key, buf_str(&frag), frag.len);
		buf_free(&frag);
	}
	buf_puts(b, "<div class=\"cols\"><section class=\"main\"><h2>Articles</h2>\n");
	struct buf self = BUF_INIT;
	entity_href(&self, kind, ent.name);
	if (article_list(r, &l, buf_str(&self)) < 0) {
		buf_free(&self);
		query_entity_free(&ent);
		listing_free(&pl);
		return 1;
	}
	buf_puts(b, "<p class=\"dl\">Download: <a href=\"/api/v1");
	serve_html(b, buf_str(&self));
	buf_puts(b, "\">JSON</a> <a href=\"/api/v1");
	serve_html(b, buf_str(&self));
	buf_puts(b, "?format=csv\">CSV</a> <a href=\"/api/v1");
	serve_html(b, buf_str(&self));
	buf_puts(b, "?format=stix\">STIX</a></p>\n");
	buf_puts(b, "</section><aside><h2>Named with it</h2>\n");
	snprintf(key, sizeof key, "related:%lld", (long long)ent.id);
	if (!cache_get(r, key, b)) {
		struct buf frag = BUF_INIT;
		buf_puts(&frag, "<ol class=\"top\">\n");
		long n = query_related(r->st, ent.id, 20, related_item, &frag, &e);
		buf_puts(&frag, "</ol>\n");
		if (n == 0)
			buf_puts(&frag, "<p class=\"none\">Nothing yet.</p>\n");
		buf_append(b, frag.data, frag.len);
		if (n >= 0)
			cache_put(r, key, buf_str(&frag), frag.len);
		buf_free(&frag);
	}
	buf_puts(b, "</aside></div>\n");
	page_end(r);
	buf_free(&self);
	query_entity_free(&ent);
	listing_free(&pl);
	return 1;
}

/* ---- article --------------------------------------------------------------------------- */

struct stored {
	struct mention_row *v;
	char **strs;
	size_t n, cap;
};

static int stored_add(void *ctx, const struct mention_row *m)
{
	struct stored *s = ctx;
	if (s->n == s->cap) {
		size_t cap = s->cap ? s->cap * 2 : 16;
		struct mention_row *v = realloc(s->v, cap * sizeof *v);
		if (!v)
			return -1;
		s->v = v;
		char **st = realloc(s->strs, cap * 3 * sizeof *st);
		if (!st)
			return -1;
		s->strs = st;
		s->cap = cap;
	}
	char **p = s->strs + s->n * 3;
	p[0] = strdup(m->kind ? m->kind : "");
	p[1] = strdup(m->name ? m->name : "");
	p[2] = strdup(m->text ? m->text : "");
	s->v[s->n] = (struct mention_row){.kind = p[0], .name = p[1], .text = p[2], .count = m->count};
	s->n++;
	return 0;
}

static void stored_free(struct stored *s)
{
	for (size_t i = 0; i < s->n * 3; i++)
		free(s->strs[i]);
	free(s->strs);
	free(s->v);
}

struct art_ctx {
	struct req *r;
	const struct kinds *k;
	struct stored tags;
	int found;
};

static int span_cmp(const void *a, const void *b)
{
	const struct serve_span *x = a, *y = b;
	return x->start < y->start ? -1 : x->start > y->start;
}

/* Spans of FIELD's mentions in M that the article's stored tags hold, with
 * links (strings kept in HREFS, freed by the caller). */
static size_t spans_of(const struct mention_list *m, int field, const struct stored *tags, struct serve_span *out,
		       char **hrefs, size_t max)
{
	size_t n = 0;
	for (size_t i = 0; i < m->n && n < max; i++) {
		const struct mention *x = &m->v[i];
		if (x->field != field)
			continue;
		const char *kind = kind_name(x->kind);
		int known = 0;
		for (size_t t = 0; t < tags->n && !known; t++)
			known = kind && strcmp(tags->v[t].kind, kind) == 0 && strcmp(tags->v[t].name, x->name) == 0;
		if (!known)
			continue;
		struct buf h = BUF_INIT;
		entity_href(&h, kind, x->name);
		hrefs[n] = buf_detach(&h);
		out[n] = (struct serve_span){x->offset, x->offset + x->length, hrefs[n]};
		n++;
	}
	qsort(out, n, sizeof *out, span_cmp);
	return n;
}

static void field(struct buf *b, const char *k, const char *v)
{
	if (!v || !*v)
		return;
	buf_puts(b, "<dt>");
	buf_puts(b, k);
	buf_puts(b, "</dt><dd>");
	serve_html(b, v);
	buf_puts(b, "</dd>");
}

static int copy_item(void *ctx, const struct article_row *a)
{
	struct buf *b = ctx;
	buf_printf(b, "<li><a href=\"/article/%lld\">", (long long)a->id);
	serve_html(b, a->title && *a->title ? a->title : "(untitled)");
	buf_puts(b, "</a> <span class=\"meta\">");
	serve_html(b, a->site);
	buf_puts(b, "</span></li>\n");
	return 0;
}

static int show_article(void *ctx, const struct article_row *a)
{
	struct art_ctx *x = ctx;
	struct req *r = x->r;
	struct buf *b = &r->body;
	struct err e;
	x->found = 1;
	if (query_mentions(r->st, a->id, 0, stored_add, &x->tags, &e) < 0)
		return req_fail(r, 500, "%s", e.msg), 1;
	/* where each mention is: the tagger again over the stored text, kept
	 * to the entities stored for this article */
	struct mention_list ml = {0};
	if (r->o->tagger) {
		struct article art = {.title = (char *)a->title, .body = (char *)a->body};
		tagger_tag_article(r->o->tagger, &art, &ml);
	}
	enum { MAXSPANS = 4096 };
	struct serve_span *sp = calloc(MAXSPANS, sizeof *sp);
	char **hrefs = calloc(MAXSPANS, sizeof *hrefs);
	if (!sp || !hrefs) {
		free(sp), free(hrefs);
		mention_list_free(&ml);
		return req_fail(r, 500, "out of memory"), 1;
	}
	page_begin(r, x->k, a->title && *a->title ? a->title : "(untitled)", NULL);
	buf_puts(b, "<article><h1>");
	const char *title = a->title && *a->title ? a->title : "(untitled)";
	size_t n = a->title ? spans_of(&ml, FIELD_TITLE, &x->tags, sp, hrefs, MAXSPANS) : 0;
	serve_html_marked(b, title, strlen(title), sp, n, 0);
	for (size_t i = 0; i < n; i++)
		free(hrefs[i]);
	buf_puts(b, "</h1>\n<dl class=\"facts\">");
	field(b, "published", a->published);
	field(b, "stored", a->fetched);
	field(b, "site", a->site);
	field(b, "author", a->author);
	if (a->url) {
		buf_puts(b, "<dt>url</dt><dd class=\"url\">");
		if (strncmp(a->url, "https://", 8) == 0 || strncmp(a->url, "http://", 7) == 0) {
			buf_puts(b, "<a rel=\"noopener noreferrer nofollow\" href=\"");
			serve_html(b, a->url);
			buf_puts(b, "\">");
			serve_html(b, a->url);
			buf_puts(b, "</a>");
		} else {
			serve_html(b, a->url);
		}
		buf_puts(b, "</dd>");
	}
	field(b, "lang", a->lang);
	field(b, "summary", a->description);
	buf_puts(b, "</dl>\n");
	if (x->tags.n) {
		buf_puts(b, "<h2>Names</h2><ul class=\"names\">\n");
		for (size_t i = 0; i < x->tags.n; i++) {
			const struct mention_row *t = &x->tags.v[i];
			buf_puts(b, "<li>");
			entity_link(b, t->kind, t->name);
			buf_puts(b, " <span class=\"meta\">");
			serve_html(b, t->kind);
			buf_printf(b, " &times;%ld", t->count);
			if (t->text && strcmp(t->text, t->name) != 0) {
				buf_puts(b, " as &ldquo;");
				serve_html(b, t->text);
				buf_puts(b, "&rdquo;");
			}
			buf_puts(b, "</span></li>\n");
		}
		buf_puts(b, "</ul>\n");
	}
	struct buf copies = BUF_INIT;
	long nc = query_copies(r->st, a->id, copy_item, &copies, &e);
	if (nc > 0) {
		buf_puts(b, "<h2>Copies of this story</h2><ul>\n");
		buf_append(b, copies.data, copies.len);
		buf_puts(b, "</ul>\n");
	}
	buf_free(&copies);
	buf_puts(b, "<h2>Text</h2>\n<div class=\"body\">");
	n = a->body ? spans_of(&ml, FIELD_BODY, &x->tags, sp, hrefs, MAXSPANS) : 0;
	serve_html_marked(b, a->body ? a->body : "", a->body ? strlen(a->body) : 0, sp, n, 1);
	for (size_t i = 0; i < n; i++)
		free(hrefs[i]);
	buf_printf(b, "</div></article>\n<p class=\"dl\">Download: <a href=\"/api/v1/article/%lld\">JSON</a> "
		      "<a href=\"/api/v1/article/%lld?format=stix\">STIX</a></p>\n",
		   (long long)a->id, (long long)a->id);
	free(sp), free(hrefs);
	mention_list_free(&ml);
	page_end(r);
	return 1;
}

/* A positive article id from TEXT (all digits); 0 if malformed. */
static long long parse_id(const char *s)
{
	if (!*s || strspn(s, "0123456789") != strlen(s) || strlen(s) > 15)
		return 0;
	return strtoll(s, NULL, 10);
}

static int page_article(struct req *r, const struct kinds *k, const char *id)
{
	long long n = parse_id(id);
	if (n <= 0)
		return req_fail(r, 400, "an article id is a positive number"), 1;
	struct query_filter f = {.id = n};
	struct art_ctx x = {r, k, {0}, 0};
	struct err e;
	long rc = query_articles(r->st, &f, 1, show_article, &x, &e);
	stored_free(&x.tags);
	if (rc < 0)
		return req_fail(r, 500, "%s", e.msg), 1;
	if (!x.found)
		return req_fail(r, 404, "no article %lld", n), 1;
	return 1;
}

/* ---- feeds ----------------------------------------------------------------------------- */

static int page_feeds(struct req *r, const struct kinds *k)
{
	struct buf *b = &r->body;
	struct feed_row *rows;
	size_t n;
	struct err e;
	if (feedstore_list(r->st, NULL, &rows, &n, &e))
		return req_fail(r, 500, "%s", e.msg), 1;
	page_begin(r, k, "Feeds", NULL);
	buf_printf(b, "<h1>Feeds <small>%zu</small></h1>\n", n);
	if (n == 0)
		buf_puts(b, "<p class=\"none\">No feeds (secnews feed add URL, or feed import --default).</p>\n");
	else
		buf_puts(b, "<div class=\"wide\"><table><thead><tr><th>feed</th><th>last fetch</th><th>status</th>"
			    "<th>error</th><th>failures</th><th>articles</th></tr></thead><tbody>\n");
	for (size_t i = 0; i < n; i++) {
		const struct feed_row *f = &rows[i];
		buf_printf(b, "<tr class=\"%s\"><td>", f->last_error ? "bad" : "");
		serve_html(b, f->name ? f->name : f->url);
		buf_puts(b, "<br><span class=\"meta url\">");
		serve_html(b, f->url);
		buf_puts(b, "</span></td><td>");
		serve_html(b, f->last_checked ? f->last_checked : "never");
		buf_puts(b, "</td><td>");
		if (f->last_checked)
			buf_printf(b, "%ld", f->last_status);
		buf_puts(b, "</td><td>");
		serve_html(b, f->last_error);
		if (f->retry_after) {
			buf_puts(b, " <span class=\"meta\">(next try after ");
			serve_html(b, f->retry_after);
			buf_puts(b, ")</span>");
		}
		buf_printf(b, "</td><td class=\"n\">%ld</td><td class=\"n\">%ld</td></tr>\n", f->failures, f->articles);
	}
	if (n)
		buf_puts(b, "</tbody></table></div>\n");
	feed_rows_free(rows, n);
	page_end(r);
	return 1;
}

/* ---- routes ---------------------------------------------------------------------------- */

int pages_route(struct req *r)
{
	const char *p = r->path;
	if (strcmp(p, "/static/style.css") == 0) {
		const struct embedded_file *css = embedded_get("data/style.css");
		if (!css)
			return 0;
		r->type = "text/css; charset=utf-8";
		buf_append(&r->body, css->data, css->len);
		return 1;
	}
	struct kinds k;
	load_kinds(r, &k);
	if (strcmp(p, "/") == 0)
		return page_home(r, &k);
	if (strcmp(p, "/search") == 0)
		return page_search(r, &k);
	if (strcmp(p, "/feeds") == 0)
		return page_feeds(r, &k);
	if (strncmp(p, "/article/", 9) == 0)
		return page_article(r, &k, p + 9);
	/* /KIND and /KIND/NAME for every kind the store holds */
	const char *slash = strchr(p + 1, '/');
	size_t kl = slash ? (size_t)(slash - p - 1) : strlen(p + 1);
	if (kl == 0 || !has_kind(&k, p + 1, kl))
		return 0;
	char kind[24];
	snprintf(kind, sizeof kind, "%.*s", (int)kl, p + 1);
	if (!slash || !slash[1])
		return page_kind(r, &k, kind);
	if (strlen(slash + 1) > 200)
		return req_fail(r, 400, "the name is too long"), 1;
	return page_entity(r, &k, kind, slash + 1);
}
