/* records.c: the records the listing commands print, built from query
 * rows, shared by the commands (query.c) and the server (src/serve), so
 * that `--format json` and the JSON API say the same things (see table.h). */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "cmd/cli.h"
#include "cmd/table.h"
#include "export/export.h"
#include "store/feed.h"

static const struct column article_cols[] = {
	{"id", COL_NUM},           {"published", COL_DAY},  {"ingested", COL_DAY},  {"site", COL_FLEX},
	{"title", COL_FLEX},       {"url", 0},              {"actors", COL_LIST | COL_HIDE},
	{"vendors", COL_LIST | COL_HIDE}, {"products", COL_LIST | COL_HIDE}, {"cves", COL_LIST | COL_HIDE},
	{"copies", COL_NUM},       {"names", COL_FLEX | COL_TABLE}, {"match", COL_FLEX},
};
enum { ARTICLE_NCOLS = sizeof article_cols / sizeof *article_cols };

/* The url column hidden (a terminal's table), or not. */
static const struct column article_cols_nourl[] = {
	{"id", COL_NUM},           {"published", COL_DAY},  {"ingested", COL_DAY},  {"site", COL_FLEX},
	{"title", COL_FLEX},       {"url", COL_HIDE},       {"actors", COL_LIST | COL_HIDE},
	{"vendors", COL_LIST | COL_HIDE}, {"products", COL_LIST | COL_HIDE}, {"cves", COL_LIST | COL_HIDE},
	{"copies", COL_NUM},       {"names", COL_FLEX | COL_TABLE}, {"match", COL_FLEX},
};

struct table *table_new_articles(int search, int hide_url)
{
	return table_new(hide_url ? article_cols_nourl : article_cols, ARTICLE_NCOLS - (search ? 0 : 1));
}

int table_add_article(struct table *t, int search, const struct article_row *r)
{
	char id[24], copies[24];
	snprintf(id, sizeof id, "%lld", (long long)r->id);
	snprintf(copies, sizeof copies, "%ld", r->copies > 0 ? r->copies : 1);
	struct buf names = BUF_INIT;
	const char *parts[] = {r->actors, r->vendors, r->products, r->cves};
	for (size_t i = 0; i < 4; i++)
		if (parts[i] && *parts[i])
			buf_printf(&names, "%s%s", names.len ? "; " : "", parts[i]);
	const char *cells[] = {id,          r->published, r->fetched, r->site,     r->title,           r->url,
			       r->actors,   r->vendors, r->products, r->cves,            copies,
			       buf_str(&names), search ? r->snippet : ""};
	int rc = table_add(t, cells);
	buf_free(&names);
	return rc;
}

static const struct column entity_cols[][5] = {
	{{"name", 0}, {"vendor", COL_HIDE}, {"country", COL_HIDE}, {"articles", COL_NUM}, {"last_seen", 0}},
	{{"name", 0}, {"vendor", 0}, {"country", COL_HIDE}, {"articles", COL_NUM}, {"last_seen", 0}},
	{{"name", 0}, {"vendor", COL_HIDE}, {"country", 0}, {"articles", COL_NUM}, {"last_seen", 0}},
};

struct table *table_new_entities(const char *kind)
{
	int which = strcmp(kind, "product") == 0 ? 1 : strcmp(kind, "actor") == 0 ? 2 : 0;
	return table_new(entity_cols[which], 5);
}

int table_add_entity(void *t, const struct entity_row *r)
{
	char n[24], day[11] = "";
	snprintf(n, sizeof n, "%ld", r->articles);
	if (r->last_seen)
		snprintf(day, sizeof day, "%s", r->last_seen);
	const char *cells[] = {r->name, r->vendor, r->country, n, day};
	return table_add(t, cells);
}

static const struct column related_cols[] = {{"kind", 0}, {"name", 0}, {"articles", COL_NUM}};

struct table *table_new_related(void)
{
	return table_new(related_cols, 3);
}

int table_add_related(void *t, const struct related_row *r)
{
	char n[24];
	snprintf(n, sizeof n, "%ld", r->articles);
	const char *cells[] = {r->kind, r->name, n};
	return table_add(t, cells);
}

static const struct column stat_cols[] = {{"section", 0}, {"key", 0}, {"count", COL_NUM}};

struct table *table_new_stats(void)
{
	return table_new(stat_cols, 3);
}

int table_add_stat(void *t, const char *section, const char *key, long count)
{
	char n[24];
	snprintf(n, sizeof n, "%ld", count);
	const char *cells[] = {section, key, n};
	return table_add(t, cells);
}

/* ---- show --format json ------------------------------------------------------ */

static int rec_mention_json(void *ctx, const struct mention_row *m)
{
	struct buf *b = ctx;
	buf_puts(b, b->data[b->len - 1] == '[' ? "{" : ",{");
	buf_puts(b, "\"kind\":");
	export_json_string(b, m->kind);
	buf_puts(b, ",\"name\":");
	export_json_string(b, m->name);
	if (m->vendor) {
		buf_puts(b, ",\"vendor\":");
		export_json_string(b, m->vendor);
	}
	buf_printf(b, ",\"count\":%ld,\"text\":", m->count);
	export_json_string(b, m->text);
	buf_putc(b, '}');
	return 0;
}

static int rec_copy_json(void *ctx, const struct article_row *r)
{
	struct buf *b = ctx;
	buf_printf(b, "%s{\"id\":%lld,\"site\":", b->data[b->len - 1] == '[' ? "" : ",", (long long)r->id);
	export_json_string(b, r->site);
	buf_puts(b, ",\"url\":");
	export_json_string(b, r->url);
	buf_puts(b, ",\"title\":");
	export_json_string(b, r->title);
	buf_putc(b, '}');
	return 0;
}

int record_article_json(struct store *s, const struct article_row *r, struct buf *b, struct err *e)
{
	buf_printf(b, "{\"id\":%lld,\"published\":", (long long)r->id);
	export_json_string(b, r->published);
	buf_puts(b, ",\"ingested\":");
	export_json_string(b, r->fetched);
	const char *keys[] = {"site", "title", "url", "author", "lang", "description", "body"};
	const char *vals[] = {r->site, r->title, r->url, r->author, r->lang, r->description, r->body};
	for (size_t i = 0; i < 7; i++) {
		buf_printf(b, ",\"%s\":", keys[i]);
		export_json_string(b, vals[i]);
	}
	buf_puts(b, ",\"mentions\":[");
	if (query_mentions(s, r->id, 0, rec_mention_json, b, e) < 0)
		return -1;
	buf_puts(b, "],\"copies\":[");
	if (query_copies(s, r->id, rec_copy_json, b, e) < 0)
		return -1;
	buf_puts(b, "]}");
	return b->failed ? err_set(e, "out of memory") : 0;
}

/* ---- export records ------------------------------------------------------------ */

struct names {
	char *copy;
	const char **v;
	size_t n;
};

/* Split "a; b; c" into N names (pointers into a copy). */
static void split_names(const char *s, struct names *out)
{
	memset(out, 0, sizeof *out);
	if (!s || !*s || !(out->copy = strdup(s)))
		return;
	size_t cap = 1;
	for (const char *p = s; (p = strstr(p, "; ")); p += 2)
		cap++;
	out->v = malloc(cap * sizeof *out->v);
	if (!out->v)
		return;
	char *p = out->copy;
	for (;;) {
		out->v[out->n++] = p;
		char *sep = strstr(p, "; ");
		if (!sep)
			break;
		*sep = 0;
		p = sep + 2;
	}
}

static void names_free(struct names *n)
{
	free(n->copy);
	free(n->v);
	memset(n, 0, sizeof *n);
}

struct record_builder {
	struct names lists[4];
	struct export_entity *ents;
	struct names *ent_aliases;
	char **ent_strs;
	size_t nents, cap;
	int failed;
};

struct record_builder *record_builder_new(void)
{
	return calloc(1, sizeof(struct record_builder));
}

static char *dup_or_null(const char *s)
{
	return s ? strdup(s) : NULL;
}

static int collect_entity(void *ctx, const struct mention_row *m)
{
	struct record_builder *x = ctx;
	if (x->nents == x->cap) {
		size_t cap = x->cap ? x->cap * 2 : 16;
		struct export_entity *v = realloc(x->ents, cap * sizeof *v);
		if (!v)
			return x->failed = -1;
		x->ents = v;
		struct names *a = realloc(x->ent_aliases, cap * sizeof *a);
		if (!a)
			return x->failed = -1;
		x->ent_aliases = a;
		char **st = realloc(x->ent_strs, cap * 5 * sizeof *st);
		if (!st)
			return x->failed = -1;
		x->ent_strs = st;
		x->cap = cap;
	}
	size_t i = x->nents++;
	char **s = x->ent_strs + i * 5;
	s[0] = dup_or_null(m->kind), s[1] = dup_or_null(m->name), s[2] = dup_or_null(m->vendor);
	s[3] = dup_or_null(m->country), s[4] = dup_or_null(m->ids);
	split_names(m->aliases, &x->ent_aliases[i]);
	x->ents[i] = (struct export_entity){s[0], s[1], s[2], s[3], s[4],
					    {x->ent_aliases[i].v, x->ent_aliases[i].n}};
	return 0;
}

static void clear(struct record_builder *x)
{
	for (size_t i = 0; i < x->nents; i++) {
		for (int k = 0; k < 5; k++)
			free(x->ent_strs[i * 5 + k]);
		names_free(&x->ent_aliases[i]);
	}
	x->nents = 0;
	for (int k = 0; k < 4; k++)
		names_free(&x->lists[k]);
	x->failed = 0;
}

int record_build(struct record_builder *x, struct store *s, const struct article_row *r, int entities,
		 struct export_record *out, struct err *e)
{
	clear(x);
	const char *lists[4] = {r->actors, r->vendors, r->products, r->cves};
	for (int k = 0; k < 4; k++)
		split_names(lists[k], &x->lists[k]);
	*out = (struct export_record){
		.id = r->id, .published = r->published, .ingested = r->fetched, .site = r->site, .title = r->title,
		.url = r->url,
		.author = r->author, .lang = r->lang, .description = r->description, .body = r->body,
		.actors = {x->lists[0].v, x->lists[0].n}, .vendors = {x->lists[1].v, x->lists[1].n},
		.products = {x->lists[2].v, x->lists[2].n}, .cves = {x->lists[3].v, x->lists[3].n},
	};
	if (entities) {
		if (query_mentions(s, r->id, 1, collect_entity, x, e) < 0)
			return -1;
		if (x->failed)
			return err_set(e, "out of memory");
		out->entities = x->ents;
		out->nentities = x->nents;
	}
	return 0;
}

void record_builder_free(struct record_builder *x)
{
	if (!x)
		return;
	clear(x);
	free(x->ents), free(x->ent_aliases), free(x->ent_strs);
	free(x);
}

char *record_feed_json(const struct feed_row *r)
{
	json_t *o = json_object();
	if (!o)
		return NULL;
	json_object_set_new(o, "url", json_string(r->url));
	json_object_set_new(o, "name", r->name ? json_string(r->name) : json_null());
	json_object_set_new(o, "category", r->category ? json_string(r->category) : json_null());
	json_object_set_new(o, "last_checked", r->last_checked ? json_string(r->last_checked) : json_null());
	json_object_set_new(o, "last_status", r->last_checked ? json_integer(r->last_status) : json_null());
	json_object_set_new(o, "last_error", r->last_error ? json_string(r->last_error) : json_null());
	json_object_set_new(o, "retry_after", r->retry_after ? json_string(r->retry_after) : json_null());
	json_object_set_new(o, "failures", json_integer(r->failures));
	json_object_set_new(o, "articles", json_integer(r->articles));
	char *js = json_dumps(o, JSON_COMPACT | JSON_ENSURE_ASCII);
	json_decref(o);
	return js;
}
