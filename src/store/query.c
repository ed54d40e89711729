/* query.c: the questions answered from the store (see query.h). */
#include "store/query.h"

#include "qlang/qlang.h"
#include "store/internal.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void query_entity_free(struct query_entity *q)
{
	if (!q)
		return;
	free(q->kind), free(q->name), free(q->vendor), free(q->country), free(q->ids), free(q->aliases);
	memset(q, 0, sizeof *q);
}

static char *col_dup(sqlite3_stmt *st, int i)
{
	const unsigned char *t = sqlite3_column_text(st, i);
	return t ? strdup((const char *)t) : NULL;
}

static int qerr(struct store *s, struct err *e)
{
	return err_set(e, "database query failed: %s", sqlite3_errmsg(store_db(s)));
}

/* A caller's callback and context, for the row adaptors below. */
struct walk {
	void (*cb)(void); /* any function pointer converts back to its own type */
	void *ctx;
};

/* Step ST to the end, handing each row to ROW (which builds the row struct
 * and calls the caller's callback; non-zero stops), then finalize ST.
 * Returns the rows handed over, or -1 with a message in E. */
static long walk_rows(struct store *s, sqlite3_stmt *st, int (*row)(sqlite3_stmt *, const struct walk *),
		      const struct walk *w, struct err *e)
{
	long n = 0;
	int r;
	while ((r = sqlite3_step(st)) == SQLITE_ROW) {
		n++;
		if (row(st, w))
			break;
	}
	sqlite3_finalize(st);
	if (r != SQLITE_ROW && r != SQLITE_DONE)
		return qerr(s, e);
	return n;
}

static const char *text(sqlite3_stmt *st, int i)
{
	return (const char *)sqlite3_column_text(st, i);
}

/* Levenshtein distance between A and B, bytes, capped at 99. */
static int distance(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);
	if (la > 60 || lb > 60)
		return 99;
	int row[61];
	for (size_t j = 0; j <= lb; j++)
		row[j] = (int)j;
	for (size_t i = 1; i <= la; i++) {
		int prev = row[0];
		row[0] = (int)i;
		for (size_t j = 1; j <= lb; j++) {
			int cur = row[j];
			int best = prev + (a[i - 1] != b[j - 1]);
			if (row[j] + 1 < best)
				best = row[j] + 1;
			if (row[j - 1] + 1 < best)
				best = row[j - 1] + 1;
			row[j] = best;
			prev = cur;
		}
	}
	return row[lb];
}

static void suggest_names(struct store *s, const char *kind, const char *norm, struct buf *out)
{
	struct {
		int d;
		char *name;
	} best[3] = {{99, NULL}, {99, NULL}, {99, NULL}};
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(store_db(s),
			       "SELECT a.norm, e.name FROM alias a JOIN entity e ON e.id = a.entity_id "
			       "WHERE e.kind = ?1 UNION SELECT lower(name), name FROM entity WHERE kind = ?1",
			       -1, &st, NULL) != SQLITE_OK)
		return;
	sqlite3_bind_text(st, 1, kind, -1, SQLITE_STATIC);
	while (sqlite3_step(st) == SQLITE_ROW) {
		const char *n = (const char *)sqlite3_column_text(st, 0);
		const char *name = (const char *)sqlite3_column_text(st, 1);
		if (!n || !name)
			continue;
		int d = distance(norm, n);
		/* a prefix or substring match is close whatever the length */
		if (strstr(n, norm) || strstr(norm, n))
			d = d < 2 ? d : 2;
		if (d > 3 && d * 3 > (int)strlen(norm))
			continue;
		int dup = 0;
		for (int k = 0; k < 3; k++)
			if (best[k].name && strcmp(best[k].name, name) == 0) {
				if (d < best[k].d)
					best[k].d = d;
				dup = 1;
			}
		if (dup)
			continue;
		for (int k = 0; k < 3; k++)
			if (d < best[k].d) {
				free(best[2].name);
				memmove(&best[k + 1], &best[k], (size_t)(2 - k) * sizeof best[0]);
				best[k].d = d;
				best[k].name = strdup(name);
				break;
			}
	}
	sqlite3_finalize(st);
	for (int k = 0; k < 3; k++)
		if (best[k].name) {
			if (out->len)
				buf_puts(out, ", ");
			buf_puts(out, best[k].name);
			free(best[k].name);
		}
}

int query_resolve(struct store *s, const char *kind, const char *name, struct query_entity *out,
		  struct buf *suggest, struct err *e)
{
	memset(out, 0, sizeof *out);
	struct buf norm = BUF_INIT;
	if (dict_norm(name, &norm))
		return err_set(e, "out of memory");
	sqlite3_stmt *st;
	/* the canonical name as given (or upper-cased: CVE ids), else any alias;
	 * each an index lookup */
	const char *sql =
		"SELECT e.id, e.kind, e.name, e.vendor, e.country, e.ids, "
		" (SELECT group_concat(name, '; ') FROM (SELECT DISTINCT name FROM alias WHERE entity_id = e.id "
		"   AND name <> e.name ORDER BY name)) "
		"FROM (SELECT id, 0 AS pri FROM entity WHERE kind = ?1 AND name IN (?2, upper(?2)) "
		"      UNION ALL SELECT x.id, 1 FROM alias a JOIN entity x ON x.id = a.entity_id "
		"      WHERE a.norm = ?3 AND x.kind = ?1 ORDER BY pri, id LIMIT 1) AS hit "
		"JOIN entity e ON e.id = hit.id";
	if (sqlite3_prepare_v2(store_db(s), sql, -1, &st, NULL) != SQLITE_OK) {
		buf_free(&norm);
		return qerr(s, e);
	}
	sqlite3_bind_text(st, 1, kind, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, name, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, buf_str(&norm), -1, SQLITE_STATIC);
	int r = sqlite3_step(st);
	if (r == SQLITE_ROW) {
		out->id = sqlite3_column_int64(st, 0);
		out->kind = col_dup(st, 1);
		out->name = col_dup(st, 2);
		out->vendor = col_dup(st, 3);
		out->country = col_dup(st, 4);
		out->ids = col_dup(st, 5);
		out->aliases = col_dup(st, 6);
	}
	sqlite3_finalize(st);
	if (r == SQLITE_ROW) {
		buf_free(&norm);
		return 0;
	}
	if (r != SQLITE_DONE) {
		buf_free(&norm);
		return qerr(s, e);
	}
	if (suggest)
		suggest_names(s, kind, buf_str(&norm), suggest);
	buf_free(&norm);
	return 1;
}

int query_check(struct store *s, const char *q, struct err *e)
{
	(void)s;
	struct qnode *n;
	if (qlang_parse(q, &n, e))
		return -1;
	qnode_free(n);
	return 0;
}

int store_qerr(struct store *s, struct err *e)
{
	return qerr(s, e);
}

/* ---- SQL with its arguments --------------------------------------------- */

void sqlb_init(struct sqlb *b, int first)
{
	memset(b, 0, sizeof *b);
	b->first = first;
}

void sqlb_free(struct sqlb *b)
{
	buf_free(&b->sql);
	free(b->arg);
	memset(b, 0, sizeof *b);
}

void sqlb_puts(struct sqlb *b, const char *sql)
{
	if (buf_puts(&b->sql, sql))
		b->failed = 1;
}

static void sqlb_arg(struct sqlb *b, struct sqlarg a)
{
	if (b->n == b->cap) {
		int cap = b->cap ? b->cap * 2 : 16;
		struct sqlarg *v = realloc(b->arg, (size_t)cap * sizeof *v);
		if (!v) {
			b->failed = 1;
			return;
		}
		b->arg = v, b->cap = cap;
	}
	b->arg[b->n++] = a;
	if (buf_printf(&b->sql, "?%d", b->first + b->n - 1))
		b->failed = 1;
}

void sqlb_text(struct sqlb *b, const char *str)
{
	sqlb_arg(b, (struct sqlarg){1, str, 0});
}

void sqlb_int(struct sqlb *b, int64_t i)
{
	sqlb_arg(b, (struct sqlarg){0, NULL, i});
}

void sqlb_bind(const struct sqlb *b, sqlite3_stmt *st)
{
	for (int i = 0; i < b->n; i++) {
		if (b->arg[i].text)
			sqlite3_bind_text(st, b->first + i, b->arg[i].s, -1, SQLITE_STATIC);
		else
			sqlite3_bind_int64(st, b->first + i, b->arg[i].i);
	}
}

/* ---- filters -------------------------------------------------------------- */

/* " AND EXISTS a mention of entity ID" (vendors: or of one of its products,
 * named VENDOR). */
static void entity_pred(struct sqlb *b, int64_t id, const char *vendor)
{
	if (vendor) {
		sqlb_puts(b, " AND EXISTS (SELECT 1 FROM mention m JOIN entity x ON x.id = m.entity_id "
			     "WHERE m.article_id = a.id AND (x.id = ");
		sqlb_int(b, id);
		sqlb_puts(b, " OR (x.kind = 'product' AND x.vendor = ");
		sqlb_text(b, vendor);
		sqlb_puts(b, ")))");
		return;
	}
	sqlb_puts(b, " AND EXISTS (SELECT 1 FROM mention m WHERE m.article_id = a.id AND m.entity_id = ");
	sqlb_int(b, id);
	sqlb_puts(b, ")");
}

void filter_sql(const struct query_filter *f, const char *rowid, struct sqlb *b)
{
	if (f->actor)
		entity_pred(b, f->actor, NULL);
	if (f->vendor)
		entity_pred(b, f->vendor, f->vendor_name ? f->vendor_name : "");
	if (f->product)
		entity_pred(b, f->product, NULL);
	if (f->cve)
		entity_pred(b, f->cve, NULL);
	if (f->source) {
		sqlb_puts(b, " AND (a.site = ");
		sqlb_text(b, f->source);
		sqlb_puts(b, " COLLATE NOCASE OR a.url LIKE '%://' || ");
		sqlb_text(b, f->source);
		sqlb_puts(b, " || '/%' OR a.url LIKE '%://www.' || ");
		sqlb_text(b, f->source);
		sqlb_puts(b, " || '/%' OR a.source_id IN (SELECT id FROM source WHERE name = ");
		sqlb_text(b, f->source);
		sqlb_puts(b, " COLLATE NOCASE OR url = ");
		sqlb_text(b, f->source);
		sqlb_puts(b, "))");
	}
	if (f->since) {
		sqlb_puts(b, f->include_undated ? " AND (a.published IS NULL OR a.published >= " : " AND (a.published >= ");
		sqlb_text(b, f->since);
		sqlb_puts(b, ")");
	}
	if (f->until) {
		sqlb_puts(b, f->include_undated ? " AND (a.published IS NULL OR substr(a.published, 1, length("
						: " AND (substr(a.published, 1, length(");
		sqlb_text(b, f->until);
		sqlb_puts(b, ")) <= ");
		sqlb_text(b, f->until);
		sqlb_puts(b, ")");
	}
	if (f->ingested_since) {
		sqlb_puts(b, " AND a.fetched >= ");
		sqlb_text(b, f->ingested_since);
	}
	if (f->entity)
		entity_pred(b, f->entity, NULL);
	if (f->id_above) {
		buf_printf(&b->sql, " AND %s > ", rowid);
		sqlb_int(b, f->id_above);
	}
	if (f->id_upto) {
		buf_printf(&b->sql, " AND %s <= ", rowid);
		sqlb_int(b, f->id_upto);
	}
	if (f->id) {
		sqlb_puts(b, " AND a.id = ");
		sqlb_int(b, f->id);
	}
	if (f->url) {
		sqlb_puts(b, " AND (a.url = ");
		sqlb_text(b, f->url);
		sqlb_puts(b, " OR a.canonical = ");
		sqlb_text(b, f->url);
		sqlb_puts(b, ")");
	}
}

/* ---- rows ----------------------------------------------------------------- */

#define TAGS(k)                                                                                     \
	"(SELECT group_concat(name, '; ') FROM (SELECT e.name FROM mention m JOIN entity e ON "      \
	"e.id = m.entity_id WHERE m.article_id = a.id AND e.kind = '" k "' ORDER BY m.first_field " \
	"DESC, m.first_offset))"

int rowload_open(struct store *s, struct rowload *rl, int with_body, const char *snip_table, const char *match,
		 const char *mark_open, const char *mark_close, struct err *e)
{
	memset(rl, 0, sizeof *rl);
	char sql[2048];
	snprintf(sql, sizeof sql,
		 "SELECT a.id, a.published, a.site, a.title, a.url, a.author, a.lang, a.description, %s, " TAGS(
			 "actor") ", " TAGS("vendor") ", " TAGS("product") ", " TAGS("cve") ", a.fetched, "
		 "(SELECT count(*) FROM article c WHERE c.story = a.story) FROM article a WHERE a.id = ?1",
		 with_body ? "a.body" : "NULL");
	if (sqlite3_prepare_v2(store_db(s), sql, -1, &rl->row, NULL) != SQLITE_OK)
		return qerr(s, e);
	if (snip_table && match) {
		snprintf(sql, sizeof sql,
			 "SELECT snippet(%s, 1, ?3, ?4, '...', 16) FROM %s WHERE %s MATCH ?1 AND rowid = ?2",
			 snip_table, snip_table, snip_table);
		if (sqlite3_prepare_v2(store_db(s), sql, -1, &rl->snip, NULL) != SQLITE_OK) {
			qerr(s, e);
			rowload_close(rl);
			return -1;
		}
		sqlite3_bind_text(rl->snip, 1, match, -1, SQLITE_STATIC);
		sqlite3_bind_text(rl->snip, 3, mark_open ? mark_open : "[", -1, SQLITE_STATIC);
		sqlite3_bind_text(rl->snip, 4, mark_close ? mark_close : "]", -1, SQLITE_STATIC);
	}
	return 0;
}

int rowload_emit(struct store *s, struct rowload *rl, int64_t id, double rank, int64_t story, article_cb cb,
		 void *ctx, struct err *e)
{
	sqlite3_stmt *row = rl->row;
	sqlite3_bind_int64(row, 1, id);
	int r = sqlite3_step(row);
	if (r == SQLITE_DONE) { /* gone since it was chosen */
		sqlite3_reset(row);
		return 0;
	}
	if (r != SQLITE_ROW) {
		qerr(s, e);
		sqlite3_reset(row);
		return -1;
	}
	const char *snippet = NULL;
	if (rl->snip) {
		sqlite3_bind_int64(rl->snip, 2, id);
		if (sqlite3_step(rl->snip) == SQLITE_ROW)
			snippet = text(rl->snip, 0);
	}
	struct article_row ar = {
		.id = id,
		.published = text(row, 1),
		.site = text(row, 2),
		.title = text(row, 3),
		.url = text(row, 4),
		.author = text(row, 5),
		.lang = text(row, 6),
		.description = text(row, 7),
		.body = text(row, 8),
		.snippet = snippet,
		.actors = text(row, 9),
		.vendors = text(row, 10),
		.products = text(row, 11),
		.cves = text(row, 12),
		.fetched = text(row, 13),
		.rank = rank,
		.story = story,
		.copies = sqlite3_column_int(row, 14),
	};
	int stop = cb(ctx, &ar) != 0;
	sqlite3_reset(row);
	if (rl->snip)
		sqlite3_reset(rl->snip);
	return stop;
}

void rowload_close(struct rowload *rl)
{
	sqlite3_finalize(rl->row);
	sqlite3_finalize(rl->snip);
	memset(rl, 0, sizeof *rl);
}

int idset_add(int64_t **set, size_t *n, size_t *cap, int64_t v)
{
	if (2 * (*n + 1) > *cap) {
		size_t nc = *cap ? *cap * 2 : 256;
		int64_t *ns = calloc(nc, sizeof *ns);
		if (!ns)
			return -1;
		for (size_t i = 0; i < *cap; i++)
			if ((*set)[i]) {
				size_t j = ((uint64_t)(*set)[i] * 0x9e3779b97f4a7c15ULL) & (nc - 1);
				while (ns[j])
					j = (j + 1) & (nc - 1);
				ns[j] = (*set)[i];
			}
		free(*set);
		*set = ns, *cap = nc;
	}
	size_t j = ((uint64_t)v * 0x9e3779b97f4a7c15ULL) & (*cap - 1);
	while ((*set)[j]) {
		if ((*set)[j] == v)
			return 0;
		j = (j + 1) & (*cap - 1);
	}
	(*set)[j] = v;
	(*n)++;
	return 1;
}

/* Two steps: select the ids in order (cheap: indexes only), then load each
 * chosen article with its tags, so the per-article work is done for the
 * rows shown, not for every match. A filter with a search query is a
 * search (search.c). */
long query_articles(struct store *s, const struct query_filter *f, int with_body, article_cb cb,
		    void *ctx, struct err *e)
{
	if (f->match) {
		struct search_opts o = {.query = f->match, .filter = *f, .limit = f->limit > 0 ? f->limit : -1,
					.offset = f->offset, .with_body = with_body};
		o.filter.match = NULL;
		long r = query_search(s, &o, cb, ctx, e);
		return r < -1 ? -1 : r;
	}
	/* An entity named by many articles is listed fastest by walking the date
	 * index and checking membership; a rare one by its mention rows. */
	int64_t ent = f->actor ? f->actor : f->product ? f->product : f->cve ? f->cve : f->entity;
	int walk_dates = 0;
	if (ent && !f->vendor && f->limit > 0) {
		sqlite3_stmt *c;
		if (sqlite3_prepare_v2(store_db(s), "SELECT count(*) FROM mention WHERE entity_id = ?1", -1, &c,
				       NULL) == SQLITE_OK) {
			sqlite3_bind_int64(c, 1, ent);
			if (sqlite3_step(c) == SQLITE_ROW && sqlite3_column_int64(c, 0) > 20LL * f->limit)
				walk_dates = 1;
			sqlite3_finalize(c);
		}
	}
	struct sqlb b;
	sqlb_init(&b, 1);
	sqlb_puts(&b, "SELECT a.id, a.story FROM article a WHERE 1");
	if (ent && !walk_dates) {
		/* drive from the entity's mention rows */
		sqlb_puts(&b, " AND a.id IN (SELECT article_id FROM mention WHERE entity_id = ");
		sqlb_int(&b, ent);
		sqlb_puts(&b, ")");
	}
	filter_sql(f, "a.id", &b);
	/* the next page: after the last row shown, in the order below (dated
	 * rows newest first, then the undated ones; "0" is an undated row) */
	if (f->after_date && strcmp(f->after_date, "0") == 0) {
		sqlb_puts(&b, " AND a.published IS NULL AND a.id < ");
		sqlb_int(&b, f->after_id);
	} else if (f->after_date) {
		sqlb_puts(&b, " AND (a.published IS NULL OR a.published < ");
		sqlb_text(&b, f->after_date);
		sqlb_puts(&b, " OR (a.published = ");
		sqlb_text(&b, f->after_date);
		sqlb_puts(&b, " AND a.id < ");
		sqlb_int(&b, f->after_id);
		sqlb_puts(&b, "))");
	}
	sqlb_puts(&b, " ORDER BY a.published DESC, a.id DESC");
	/* folded copies do not count against the limit: ask for more rows */
	long offset = f->offset > 0 ? f->offset : 0;
	if (f->limit > 0)
		buf_printf(&b.sql, " LIMIT %lld", ((long long)f->limit + offset) * (f->stories ? 4 : 1));
	if (b.failed) {
		sqlb_free(&b);
		return err_set(e, "out of memory");
	}
	sqlite3_stmt *st = NULL;
	struct rowload rl = {0};
	long n = 0, skip = 0;
	int r = SQLITE_DONE;
	int64_t *seen = NULL; /* stories already listed */
	size_t nseen = 0, capseen = 0;
	if (sqlite3_prepare_v2(store_db(s), buf_str(&b.sql), -1, &st, NULL) != SQLITE_OK) {
		qerr(s, e);
		n = -1;
		goto out;
	}
	sqlb_bind(&b, st);
	if (rowload_open(s, &rl, with_body, NULL, NULL, NULL, NULL, e)) {
		n = -1;
		goto out;
	}
	while ((r = sqlite3_step(st)) == SQLITE_ROW) {
		int64_t id = sqlite3_column_int64(st, 0);
		int64_t story = sqlite3_column_int64(st, 1);
		if (f->stories && story) {
			int fresh = idset_add(&seen, &nseen, &capseen, story);
			if (fresh < 0) {
				n = err_set(e, "out of memory");
				goto out;
			}
			if (!fresh)
				continue;
		}
		if (skip < offset) {
			skip++;
			continue;
		}
		int stop = rowload_emit(s, &rl, id, 0, story, cb, ctx, e);
		if (stop < 0) {
			n = -1;
			goto out;
		}
		n++;
		if (stop || (f->limit > 0 && n >= f->limit))
			break;
	}
	if (r != SQLITE_ROW && r != SQLITE_DONE)
		n = qerr(s, e);
out:
	free(seen);
	sqlite3_finalize(st);
	rowload_close(&rl);
	sqlb_free(&b);
	return n;
}

static int entity_row(sqlite3_stmt *st, const struct walk *w)
{
	struct entity_row row = {text(st, 0), text(st, 1), text(st, 2), sqlite3_column_int(st, 3), text(st, 4)};
	return ((entity_cb)w->cb)(w->ctx, &row);
}

long query_entities(struct store *s, const char *kind, entity_cb cb, void *ctx, struct err *e)
{
	const char *sql =
		"SELECT e.name, e.vendor, e.country, count(DISTINCT a.id), "
		"max(a.published) AS last FROM entity e "
		"JOIN entity t ON t.id = e.id OR (e.kind = 'vendor' AND t.kind = 'product' AND t.vendor = e.name) "
		"JOIN mention m ON m.entity_id = t.id JOIN article a ON a.id = m.article_id "
		"WHERE e.kind = ?1 GROUP BY e.id ORDER BY last DESC, 4 DESC, e.name";
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(store_db(s), sql, -1, &st, NULL) != SQLITE_OK)
		return qerr(s, e);
	sqlite3_bind_text(st, 1, kind, -1, SQLITE_STATIC);
	struct walk w = {(void (*)(void))cb, ctx};
	return walk_rows(s, st, entity_row, &w, e);
}

static int related_row(sqlite3_stmt *st, const struct walk *w)
{
	struct related_row row = {text(st, 0), text(st, 1), sqlite3_column_int(st, 2)};
	return ((related_cb)w->cb)(w->ctx, &row);
}

long query_related(struct store *s, int64_t id, int limit, related_cb cb, void *ctx, struct err *e)
{
	/* counted by entity id first, the names joined for the rows counted
	 * ((article, entity) is the key of mention: count(*) counts articles) */
	const char *sql = "SELECT o.kind, o.name, x.n FROM (SELECT m2.entity_id AS eid, count(*) AS n FROM mention m1 "
			  "JOIN mention m2 ON m2.article_id = m1.article_id WHERE m1.entity_id = ?1 "
			  "AND m2.entity_id <> ?1 GROUP BY m2.entity_id) x JOIN entity o ON o.id = x.eid "
			  "WHERE o.kind <> (SELECT kind FROM entity WHERE id = ?1) "
			  "ORDER BY x.n DESC, o.kind, o.name LIMIT ?2";
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(store_db(s), sql, -1, &st, NULL) != SQLITE_OK)
		return qerr(s, e);
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_int(st, 2, limit > 0 ? limit : -1);
	struct walk w = {(void (*)(void))cb, ctx};
	return walk_rows(s, st, related_row, &w, e);
}

static int mention_row(sqlite3_stmt *st, const struct walk *w)
{
	struct mention_row row = {
		.kind = text(st, 0),
		.name = text(st, 1),
		.vendor = text(st, 2),
		.country = text(st, 3),
		.ids = text(st, 4),
		.aliases = text(st, 5),
		.text = text(st, 6),
		.count = sqlite3_column_int(st, 7),
	};
	return ((mention_cb)w->cb)(w->ctx, &row);
}

long query_mentions(struct store *s, int64_t id, int with_aliases, mention_cb cb, void *ctx,
		    struct err *e)
{
	char sql[1024];
	snprintf(sql, sizeof sql,
		 "SELECT e.kind, e.name, e.vendor, e.country, e.ids, %s, m.text, m.count FROM mention m "
		 "JOIN entity e ON e.id = m.entity_id WHERE m.article_id = ?1 "
		 "ORDER BY m.first_field DESC, m.first_offset",
		 with_aliases ? "(SELECT group_concat(name, '; ') FROM (SELECT DISTINCT name FROM alias "
				"WHERE entity_id = e.id AND name <> e.name ORDER BY name))"
			      : "NULL");
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(store_db(s), sql, -1, &st, NULL) != SQLITE_OK)
		return qerr(s, e);
	sqlite3_bind_int64(st, 1, id);
	struct walk w = {(void (*)(void))cb, ctx};
	return walk_rows(s, st, mention_row, &w, e);
}

long query_stats(struct store *s, int include_undated, stat_cb cb, void *ctx, struct err *e)
{
	static const char *const sql[] = {
		"SELECT 'total', 'articles', count(*) FROM article "
		"UNION ALL SELECT 'total', 'sources', count(*) FROM source "
		"UNION ALL SELECT 'total', 'entities named', count(DISTINCT entity_id) FROM mention "
		"UNION ALL SELECT 'total', 'mentions', coalesce(sum(count), 0) FROM mention",
		"SELECT 'kind', e.kind, count(DISTINCT m.article_id) FROM mention m JOIN entity e ON "
		"e.id = m.entity_id GROUP BY e.kind ORDER BY 3 DESC, 2",
		"SELECT 'site', coalesce(site, '(unknown)'), count(*) FROM article GROUP BY 2 "
		"ORDER BY 3 DESC, 2 LIMIT 25",
		"SELECT 'month', substr(published, 1, 7) AS mo, count(*) FROM article WHERE published IS NOT NULL "
		"GROUP BY mo ORDER BY mo DESC",
		"SELECT 'month', 'undated', count(*) FROM article WHERE published IS NULL",
	};
	long n = 0;
	size_t nsql = sizeof sql / sizeof *sql - !include_undated;
	for (size_t i = 0; i < nsql; i++) {
		sqlite3_stmt *st;
		if (sqlite3_prepare_v2(store_db(s), sql[i], -1, &st, NULL) != SQLITE_OK)
			return qerr(s, e);
		int r;
		while ((r = sqlite3_step(st)) == SQLITE_ROW) {
			n++;
			if (cb(ctx, (const char *)sqlite3_column_text(st, 0),
			       (const char *)sqlite3_column_text(st, 1), sqlite3_column_int(st, 2)))
				break;
		}
		sqlite3_finalize(st);
		if (r != SQLITE_ROW && r != SQLITE_DONE)
			return qerr(s, e);
	}
	return n;
}

static int copy_row(sqlite3_stmt *st, const struct walk *w)
{
	struct article_row row = {
		.id = sqlite3_column_int64(st, 0),
		.published = text(st, 1),
		.site = text(st, 2),
		.title = text(st, 3),
		.url = text(st, 4),
	};
	return ((article_cb)w->cb)(w->ctx, &row);
}

long query_copies(struct store *s, int64_t id, article_cb cb, void *ctx, struct err *e)
{
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(store_db(s),
			       "SELECT c.id, c.published, c.site, c.title, c.url FROM article a JOIN article c "
			       "ON c.story = a.story AND c.id <> a.id WHERE a.id = ?1 ORDER BY c.id",
			       -1, &st, NULL) != SQLITE_OK)
		return qerr(s, e);
	sqlite3_bind_int64(st, 1, id);
	struct walk w = {(void (*)(void))cb, ctx};
	return walk_rows(s, st, copy_row, &w, e);
}

static int month_row(sqlite3_stmt *st, const struct walk *w)
{
	return ((month_cb)w->cb)(w->ctx, text(st, 0), sqlite3_column_int(st, 1));
}

long query_months(struct store *s, const struct query_filter *f, month_cb cb, void *ctx, struct err *e)
{
	struct sqlb b;
	sqlb_init(&b, 1);
	sqlb_puts(&b, "SELECT substr(a.published, 1, 7) AS mo, count(*) FROM article a WHERE a.published IS NOT NULL");
	struct query_filter g = *f;
	g.include_undated = 0;
	filter_sql(&g, "a.id", &b);
	sqlb_puts(&b, " GROUP BY mo ORDER BY mo");
	sqlite3_stmt *st;
	if (b.failed) {
		sqlb_free(&b);
		return err_set(e, "out of memory");
	}
	int rc = sqlite3_prepare_v2(store_db(s), buf_str(&b.sql), -1, &st, NULL);
	if (rc == SQLITE_OK)
		sqlb_bind(&b, st);
	sqlb_free(&b);
	if (rc != SQLITE_OK)
		return qerr(s, e);
	struct walk w = {(void (*)(void))cb, ctx};
	return walk_rows(s, st, month_row, &w, e);
}

long query_top(struct store *s, const char *kind, const char *since, int limit, entity_cb cb, void *ctx,
	       struct err *e)
{
	/* the recent articles first (date index), then their mentions, and for
	 * vendors their products' mentions (each an index lookup) */
	const char *sql =
		"SELECT e.name, e.vendor, e.country, count(DISTINCT x.aid) AS n, max(x.day) FROM ("
		" SELECT m.entity_id AS eid, a.id AS aid, a.published AS day FROM article a "
		" JOIN mention m ON m.article_id = a.id WHERE a.published >= ?2 "
		" UNION ALL SELECT v.id, a.id, a.published FROM article a "
		" JOIN mention m ON m.article_id = a.id JOIN entity p ON p.id = m.entity_id "
		" JOIN entity v ON v.kind = 'vendor' AND v.name = p.vendor "
		" WHERE ?1 = 'vendor' AND p.kind = 'product' AND a.published >= ?2) x "
		"JOIN entity e ON e.id = x.eid WHERE e.kind = ?1 GROUP BY e.id ORDER BY n DESC, e.name LIMIT ?3";
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(store_db(s), sql, -1, &st, NULL) != SQLITE_OK)
		return qerr(s, e);
	sqlite3_bind_text(st, 1, kind, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, since, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 3, limit > 0 ? limit : -1);
	struct walk w = {(void (*)(void))cb, ctx};
	return walk_rows(s, st, entity_row, &w, e);
}

static int kind_row(sqlite3_stmt *st, const struct walk *w)
{
	return ((kind_cb)w->cb)(w->ctx, text(st, 0));
}

long query_kinds(struct store *s, kind_cb cb, void *ctx, struct err *e)
{
	/* a skip scan of the (kind, name) index: the next kind after each */
	const char *sql = "WITH RECURSIVE k(kind) AS (SELECT min(kind) FROM entity UNION ALL "
			  "SELECT (SELECT min(kind) FROM entity WHERE kind > k.kind) FROM k WHERE k.kind IS NOT NULL) "
			  "SELECT kind FROM k WHERE kind IS NOT NULL";
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(store_db(s), sql, -1, &st, NULL) != SQLITE_OK)
		return qerr(s, e);
	struct walk w = {(void (*)(void))cb, ctx};
	return walk_rows(s, st, kind_row, &w, e);
}

static int ingested_row(sqlite3_stmt *st, const struct walk *w)
{
	struct article_row row = {
		.id = sqlite3_column_int64(st, 0),
		.published = text(st, 1),
		.site = text(st, 2),
		.title = text(st, 3),
		.url = text(st, 4),
		.author = text(st, 5),
		.lang = text(st, 6),
		.description = text(st, 7),
		.actors = text(st, 8),
		.vendors = text(st, 9),
		.products = text(st, 10),
		.cves = text(st, 11),
		.fetched = text(st, 12),
		.story = sqlite3_column_int64(st, 13),
		.copies = 1,
	};
	return ((article_cb)w->cb)(w->ctx, &row);
}

long query_ingested(struct store *s, const char *after, int64_t after_id, int limit, article_cb cb, void *ctx,
		    struct err *e)
{
	const char *sql =
		"SELECT a.id, a.published, a.site, a.title, a.url, a.author, a.lang, a.description, " TAGS(
			"actor") ", " TAGS("vendor") ", " TAGS("product") ", " TAGS("cve") ", a.fetched, a.story "
		"FROM article a WHERE ?1 IS NULL OR a.fetched > ?1 OR (a.fetched = ?1 AND a.id > ?2) "
		"ORDER BY a.fetched, a.id LIMIT ?3";
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(store_db(s), sql, -1, &st, NULL) != SQLITE_OK)
		return qerr(s, e);
	if (after)
		sqlite3_bind_text(st, 1, after, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, after_id);
	sqlite3_bind_int(st, 3, limit > 0 ? limit : -1);
	struct walk w = {(void (*)(void))cb, ctx};
	return walk_rows(s, st, ingested_row, &w, e);
}

int query_named_before(struct store *s, const char *const *kinds, const char *const *names, size_t n,
		       const char *fetched, int64_t id, struct err *e)
{
	if (n == 0)
		return 0;
	/* the first entity's articles, oldest first (the mention index), each
	 * checked for the others */
	struct buf sql = BUF_INIT;
	buf_puts(&sql, "SELECT 1 FROM mention m JOIN article a ON a.id = m.article_id WHERE m.entity_id = "
		       "(SELECT id FROM entity WHERE kind = ?3 AND name = ?4) "
		       "AND (a.fetched < ?1 OR (a.fetched = ?1 AND a.id < ?2)) ");
	for (size_t i = 1; i < n; i++)
		buf_printf(&sql, "AND EXISTS (SELECT 1 FROM mention x WHERE x.article_id = a.id AND x.entity_id = "
				 "(SELECT id FROM entity WHERE kind = ?%zu AND name = ?%zu)) ",
			   3 + 2 * i, 4 + 2 * i);
	buf_puts(&sql, "LIMIT 1");
	sqlite3_stmt *st;
	if (sql.failed || n > 400) {
		buf_free(&sql);
		return err_set(e, "out of memory");
	}
	int rc = sqlite3_prepare_v2(store_db(s), buf_str(&sql), -1, &st, NULL);
	buf_free(&sql);
	if (rc != SQLITE_OK)
		return qerr(s, e);
	sqlite3_bind_text(st, 1, fetched, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, id);
	for (size_t i = 0; i < n; i++) {
		sqlite3_bind_text(st, (int)(3 + 2 * i), kinds[i], -1, SQLITE_STATIC);
		sqlite3_bind_text(st, (int)(4 + 2 * i), names[i], -1, SQLITE_STATIC);
	}
	int r = sqlite3_step(st);
	sqlite3_finalize(st);
	if (r == SQLITE_ROW)
		return 1;
	if (r == SQLITE_DONE)
		return 0;
	return qerr(s, e);
}
