/* search.c: the query language (qlang.h) compiled to FTS5 and SQL, and the
 * ranking of a bounded set of candidates (see query.h, "search"). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "qlang/qlang.h"
#include "store/internal.h"
#include "store/query.h"

/* ---- the hits function ----------------------------------------------------- */

#define MAX_PHRASES 1024

/* secnews_hits(T): per phrase of the MATCH, its hits in column 0 (title)
 * and column 1 (body), as uint16 pairs (saturating). */
static void hits_fn(const Fts5ExtensionApi *api, Fts5Context *fc, sqlite3_context *ctx, int nval,
		    sqlite3_value **val)
{
	(void)nval, (void)val;
	int np = api->xPhraseCount(fc);
	if (np > MAX_PHRASES)
		np = MAX_PHRASES;
	uint16_t h[2 * MAX_PHRASES];
	memset(h, 0, (size_t)np * 2 * sizeof *h);
	int ninst = 0;
	if (api->xInstCount(fc, &ninst) != SQLITE_OK) {
		sqlite3_result_error(ctx, "secnews_hits: cannot read the hits", -1);
		return;
	}
	for (int i = 0; i < ninst; i++) {
		int p, c, off;
		if (api->xInst(fc, i, &p, &c, &off) != SQLITE_OK)
			break;
		if (p >= 0 && p < np && c >= 0 && c < 2 && h[2 * p + c] < UINT16_MAX)
			h[2 * p + c]++;
	}
	sqlite3_result_blob(ctx, h, np * 2 * (int)sizeof *h, SQLITE_TRANSIENT);
}

int search_register(sqlite3 *db)
{
	fts5_api *api = NULL;
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(db, "SELECT fts5(?1)", -1, &st, NULL) != SQLITE_OK)
		return -1;
	sqlite3_bind_pointer(st, 1, (void *)&api, "fts5_api_ptr", NULL);
	sqlite3_step(st);
	sqlite3_finalize(st);
	if (!api)
		return -1;
	return api->xCreateFunction(api, "secnews_hits", NULL, hits_fn, NULL) == SQLITE_OK ? 0 : -1;
}

/* ---- compiling ------------------------------------------------------------- */

struct plan {
	struct store *s;
	struct err *e;
	int rc;               /* first failure: -1, QUERY_EBAD, QUERY_EUNKNOWN */
	struct buf fts;       /* the driving MATCH ("" when the query has no words) */
	int stem;             /* the driving MATCH goes to article_stem (it has plain words) */
	double weight[MAX_PHRASES]; /* per phrase of fts: 1, or 0 under NOT */
	int nphrase;
	struct sqlb where;    /* " AND ..." over the article a */
	char **owned;         /* strings the arguments point to */
	size_t nowned;
	int dropped;          /* terms with nothing searchable in them */
};

static int plan_fail(struct plan *p, int rc, const char *msg)
{
	if (!p->rc) {
		p->rc = rc;
		err_set(p->e, "%s", msg);
	}
	return -1;
}

/* Keep S (allocated) until the plan is freed; returns it or NULL. */
static char *own(struct plan *p, char *s)
{
	if (!s) {
		plan_fail(p, -1, "out of memory");
		return NULL;
	}
	char **v = realloc(p->owned, (p->nowned + 1) * sizeof *v);
	if (!v) {
		free(s);
		plan_fail(p, -1, "out of memory");
		return NULL;
	}
	p->owned = v;
	p->owned[p->nowned++] = s;
	return s;
}

static void plan_free(struct plan *p)
{
	buf_free(&p->fts);
	sqlb_free(&p->where);
	for (size_t i = 0; i < p->nowned; i++)
		free(p->owned[i]);
	free(p->owned);
}

/* Cut B back to LEN bytes (still a string). */
static void cut_to(struct buf *b, size_t len)
{
	b->len = len;
	if (b->data)
		b->data[len] = 0;
}

/* Does T hold anything the tokenizer indexes (a letter or a digit)? Bytes
 * from 0x80 up count: non-ASCII letters are indexed. */
static int searchable(const char *t)
{
	for (const unsigned char *c = (const unsigned char *)t; *c; c++)
		if ((*c >= '0' && *c <= '9') || ((*c | 0x20) >= 'a' && (*c | 0x20) <= 'z') || *c >= 0x80)
			return 1;
	return 0;
}

/* A term, a NEAR group, or a title: field: the leaves of a MATCH. */
static int is_fts_leaf(const struct qnode *n)
{
	return n->type == Q_WORD || n->type == Q_PHRASE || n->type == Q_PREFIX || n->type == Q_NEAR ||
	       (n->type == Q_FIELD && strcmp(n->field, "title") == 0);
}

/* Can N be said in FTS5 alone? (NOT only beside something positive.) */
static int fts_able(const struct qnode *n)
{
	if (is_fts_leaf(n))
		return 1;
	if (n->type == Q_OR) {
		for (size_t i = 0; i < n->nkid; i++)
			if (!fts_able(n->kid[i]))
				return 0;
		return 1;
	}
	if (n->type == Q_AND) {
		int pos = 0;
		for (size_t i = 0; i < n->nkid; i++) {
			const struct qnode *k = n->kid[i];
			if (k->type == Q_NOT ? !fts_able(k->kid[0]) : !fts_able(k))
				return 0;
			pos |= k->type != Q_NOT;
		}
		return pos;
	}
	return 0;
}

/* Does N hold a plain word (one that is stemmed)? */
static int has_plain(const struct qnode *n)
{
	if (n->type == Q_WORD)
		return qlang_plain_word(n->text);
	for (size_t i = 0; i < n->nkid; i++)
		if (n->kid[i]->type != Q_FIELD && has_plain(n->kid[i]))
			return 1;
	return 0;
}

/* Append the phrase T ("..." with quotes doubled; '*' for a prefix). */
static void put_phrase(struct buf *b, const char *t, int prefix)
{
	buf_putc(b, '"');
	for (const char *c = t; *c; c++) {
		if (*c == '"')
			buf_putc(b, '"');
		buf_putc(b, (unsigned char)*c < ' ' ? ' ' : *c);
	}
	buf_puts(b, prefix ? "\" *" : "\"");
}

/* Write N as FTS5 into B. NEG: N is under a NOT (its phrases weigh 0).
 * Returns 0, 1 when nothing searchable was left (B unchanged), -1. */
static int fts_expr(struct plan *p, const struct qnode *n, int neg, struct buf *b)
{
	size_t mark = b->len;
	switch (n->type) {
	case Q_WORD:
	case Q_PHRASE:
	case Q_PREFIX:
		if (!searchable(n->text)) {
			p->dropped++;
			return 1;
		}
		if (p->nphrase >= MAX_PHRASES)
			return plan_fail(p, QUERY_EBAD, "query too long: too many phrases");
		p->weight[p->nphrase++] = neg ? 0 : 1;
		put_phrase(b, n->text, n->type == Q_PREFIX);
		return 0;
	case Q_FIELD: /* title: */
		buf_puts(b, "{title} : ");
		if (fts_expr(p, n->kid[0], neg, b)) {
			cut_to(b, mark);
			return 1;
		}
		return 0;
	case Q_NEAR: {
		buf_puts(b, "NEAR(");
		int k = 0;
		for (size_t i = 0; i < n->nkid; i++) {
			size_t before = b->len;
			if (k)
				buf_putc(b, ' ');
			int r = fts_expr(p, n->kid[i], neg, b);
			if (r < 0)
				return -1;
			if (r)
				cut_to(b, before);
			else
				k++;
		}
		if (k == 0) {
			cut_to(b, mark);
			return 1;
		}
		buf_printf(b, ", %d)", n->dist);
		return 0;
	}
	case Q_AND:
	case Q_OR: {
		buf_putc(b, '(');
		int k = 0;
		for (size_t i = 0; i < n->nkid; i++) {
			if (n->kid[i]->type == Q_NOT)
				continue;
			size_t before = b->len;
			if (k)
				buf_puts(b, n->type == Q_AND ? " AND " : " OR ");
			int r = fts_expr(p, n->kid[i], neg, b);
			if (r < 0)
				return -1;
			if (r)
				cut_to(b, before);
			else
				k++;
		}
		if (k == 0) {
			cut_to(b, mark);
			return 1;
		}
		buf_putc(b, ')');
		for (size_t i = 0; i < n->nkid; i++) {
			if (n->kid[i]->type != Q_NOT)
				continue;
			size_t before = b->len;
			buf_puts(b, " NOT ");
			int r = fts_expr(p, n->kid[i]->kid[0], !neg, b);
			if (r < 0)
				return -1;
			if (r)
				cut_to(b, before);
		}
		{ /* the NOTs bind to this group only */
			struct buf t = BUF_INIT;
			buf_putc(&t, '(');
			buf_append(&t, b->data + mark, b->len - mark);
			buf_putc(&t, ')');
			cut_to(b, mark);
			buf_append(b, t.data, t.len);
			buf_free(&t);
		}
		return 0;
	}
	case Q_NOT:
		break;
	}
	return plan_fail(p, -1, "internal error: a NOT outside a group");
}

/* Resolve an entity field (actor:hafnium) into a predicate. */
static int entity_field(struct plan *p, const struct qnode *n, struct sqlb *w)
{
	struct query_entity ent;
	struct buf sug = BUF_INIT;
	struct err e2;
	int r = query_resolve(p->s, n->field, n->text, &ent, &sug, &e2);
	if (r < 0) {
		buf_free(&sug);
		return plan_fail(p, -1, e2.msg);
	}
	if (r == 1) {
		char msg[512];
		if (sug.len)
			snprintf(msg, sizeof msg, "no %s named '%.80s'; did you mean: %.200s?", n->field, n->text,
				 buf_str(&sug));
		else
			snprintf(msg, sizeof msg, "no %s named '%.80s' (see 'secnews %s' for the known ones)", n->field,
				 n->text, n->field);
		buf_free(&sug);
		return plan_fail(p, QUERY_EUNKNOWN, msg);
	}
	buf_free(&sug);
	int64_t id = ent.id;
	if (strcmp(n->field, "vendor") == 0) {
		char *name = own(p, ent.name);
		ent.name = NULL;
		query_entity_free(&ent);
		if (!name)
			return -1;
		sqlb_puts(w, "EXISTS (SELECT 1 FROM mention m JOIN entity x ON x.id = m.entity_id "
			     "WHERE m.article_id = a.id AND (x.id = ");
		sqlb_int(w, id);
		sqlb_puts(w, " OR (x.kind = 'product' AND x.vendor = ");
		sqlb_text(w, name);
		sqlb_puts(w, ")))");
		return 0;
	}
	sqlb_puts(w, "EXISTS (SELECT 1 FROM mention m WHERE m.article_id = a.id AND m.entity_id = ");
	sqlb_int(w, id);
	sqlb_puts(w, ")");
	query_entity_free(&ent);
	return 0;
}

/* Write N as an SQL condition over `a` into W. 0, 1 when nothing was left
 * of it (W unchanged), -1. */
static int sql_expr(struct plan *p, const struct qnode *n, struct sqlb *w)
{
	if (fts_able(n) || is_fts_leaf(n)) {
		struct buf m = BUF_INIT;
		int saved = p->nphrase;
		int r = fts_expr(p, n, 1, &m);
		p->nphrase = saved; /* not part of the driving MATCH */
		if (r) {
			buf_free(&m);
			return r;
		}
		char *match = own(p, buf_detach(&m));
		if (!match)
			return -1;
		const char *t = has_plain(n) ? "article_stem" : "article_fts";
		sqlb_puts(w, "a.id IN (SELECT rowid FROM ");
		sqlb_puts(w, t);
		sqlb_puts(w, " WHERE ");
		sqlb_puts(w, t);
		sqlb_puts(w, " MATCH ");
		sqlb_text(w, match);
		sqlb_puts(w, ")");
		return 0;
	}
	switch (n->type) {
	case Q_FIELD: {
		const char *f = n->field;
		if (strcmp(f, "site") == 0) {
			sqlb_puts(w, "(a.site = ");
			sqlb_text(w, n->text);
			sqlb_puts(w, " COLLATE NOCASE OR a.url LIKE '%://' || ");
			sqlb_text(w, n->text);
			sqlb_puts(w, " || '/%' OR a.url LIKE '%://www.' || ");
			sqlb_text(w, n->text);
			sqlb_puts(w, " || '/%' OR a.source_id IN (SELECT id FROM source WHERE name = ");
			sqlb_text(w, n->text);
			sqlb_puts(w, " COLLATE NOCASE))");
			return 0;
		}
		if (strcmp(f, "lang") == 0) {
			sqlb_puts(w, "(a.lang = ");
			sqlb_text(w, n->text);
			sqlb_puts(w, " COLLATE NOCASE OR a.lang LIKE ");
			sqlb_text(w, n->text);
			sqlb_puts(w, " || '-%')");
			return 0;
		}
		if (strcmp(f, "since") == 0 || strcmp(f, "until") == 0) {
			char day[32];
			if (qlang_date(n->text, time(NULL), day))
				return plan_fail(p, QUERY_EBAD, "a since: or until: value is not a date");
			char *d = own(p, strdup(day));
			if (!d)
				return -1;
			if (f[0] == 's') {
				sqlb_puts(w, "a.published >= ");
				sqlb_text(w, d);
			} else {
				sqlb_puts(w, "substr(a.published, 1, length(");
				sqlb_text(w, d);
				sqlb_puts(w, ")) <= ");
				sqlb_text(w, d);
			}
			return 0;
		}
		return entity_field(p, n, w);
	}
	case Q_NOT: {
		size_t mark = w->sql.len;
		sqlb_puts(w, "NOT (");
		int r = sql_expr(p, n->kid[0], w);
		if (r) {
			cut_to(&w->sql, mark);
			return r;
		}
		sqlb_puts(w, ")");
		return 0;
	}
	case Q_AND:
	case Q_OR: {
		size_t mark = w->sql.len;
		sqlb_puts(w, "(");
		int k = 0;
		for (size_t i = 0; i < n->nkid; i++) {
			size_t before = w->sql.len;
			if (k)
				sqlb_puts(w, n->type == Q_AND ? " AND " : " OR ");
			int r = sql_expr(p, n->kid[i], w);
			if (r < 0)
				return -1;
			if (r)
				cut_to(&w->sql, before);
			else
				k++;
		}
		if (!k) {
			cut_to(&w->sql, mark);
			return 1;
		}
		sqlb_puts(w, ")");
		return 0;
	}
	default:
		break;
	}
	return plan_fail(p, -1, "internal error: an unknown query node");
}

/* Split the top-level AND of ROOT: words to the driving MATCH, the rest to
 * SQL. 0 or -1 (p->rc says why). */
static int compile(struct plan *p, const struct qnode *root)
{
	const struct qnode *const *conj = (const struct qnode *const *)&root;
	size_t n = 1;
	if (root->type == Q_AND)
		conj = (const struct qnode *const *)root->kid, n = root->nkid;
	int plain = 0, pos = 0, neg = 0;
	for (size_t i = 0; i < n; i++) {
		const struct qnode *c = conj[i];
		if (c->type == Q_NOT && fts_able(c->kid[0]))
			neg++, plain |= has_plain(c->kid[0]);
		else if (fts_able(c))
			pos++, plain |= has_plain(c);
	}
	p->stem = plain;
	/* the words, all of them required */
	int k = 0;
	for (size_t i = 0; pos && i < n; i++) {
		if (!fts_able(conj[i]))
			continue;
		size_t before = p->fts.len;
		if (k)
			buf_puts(&p->fts, " AND ");
		int r = fts_expr(p, conj[i], 0, &p->fts);
		if (r < 0)
			return -1;
		if (r)
			cut_to(&p->fts, before);
		else
			k++;
	}
	/* the words excluded: NOT beside the others, else a condition */
	struct buf nots = BUF_INIT;
	int kn = 0;
	for (size_t i = 0; neg && i < n; i++) {
		if (conj[i]->type != Q_NOT || !fts_able(conj[i]->kid[0]))
			continue;
		size_t before = nots.len;
		if (kn)
			buf_puts(&nots, " OR ");
		int r = fts_expr(p, conj[i]->kid[0], 1, &nots);
		if (r < 0) {
			buf_free(&nots);
			return -1;
		}
		if (r)
			cut_to(&nots, before);
		else
			kn++;
	}
	if (k && kn) {
		struct buf t = BUF_INIT;
		buf_printf(&t, "(%s) NOT (%s)", buf_str(&p->fts), buf_str(&nots));
		buf_free(&p->fts);
		p->fts = t;
	} else if (kn) {
		char *m = own(p, buf_detach(&nots));
		if (!m)
			return -1;
		const char *t = p->stem ? "article_stem" : "article_fts";
		sqlb_puts(&p->where, " AND a.id NOT IN (SELECT rowid FROM ");
		sqlb_puts(&p->where, t);
		sqlb_puts(&p->where, " WHERE ");
		sqlb_puts(&p->where, t);
		sqlb_puts(&p->where, " MATCH ");
		sqlb_text(&p->where, m);
		sqlb_puts(&p->where, ")");
	}
	buf_free(&nots);
	int conds = 0;
	for (size_t i = 0; i < n; i++) {
		const struct qnode *c = conj[i];
		if (fts_able(c) || (c->type == Q_NOT && fts_able(c->kid[0])))
			continue;
		size_t before = p->where.sql.len;
		sqlb_puts(&p->where, " AND ");
		int r = sql_expr(p, c, &p->where);
		if (r < 0)
			return -1;
		if (r)
			cut_to(&p->where.sql, before);
		else
			conds++;
	}
	if (!k && !kn && !conds)
		return plan_fail(p, QUERY_EBAD,
				 "nothing to search for: the query has no letters or digits outside its operators");
	if (p->fts.failed || p->where.failed)
		return plan_fail(p, -1, "out of memory");
	return 0;
}

/* ---- running ------------------------------------------------------------------ */

/* Do the conditions W read only what the index article_rank holds? Then
 * the candidates are joined through it, never touching the large rows. */
static int covered(const struct sqlb *w)
{
	static const char *const cols[] = {"a.site", "a.url", "a.lang", "a.source_id", "a.canonical", "a.title"};
	const char *sql = buf_str(&w->sql);
	for (size_t i = 0; i < sizeof cols / sizeof *cols; i++)
		if (strstr(sql, cols[i]))
			return 0;
	return 1;
}

struct cand {
	int64_t id, story;
	double days;  /* age in days */
	double score;
	uint16_t *hits; /* 2 per phrase */
	int exact;
};

static int by_score(const void *a, const void *b)
{
	const struct cand *x = a, *y = b;
	if (x->score != y->score)
		return x->score < y->score ? 1 : -1;
	return x->id < y->id ? 1 : x->id > y->id ? -1 : 0;
}

/* Score the candidates C[0..N) (see query.h). */
static void score(const struct plan *p, struct cand *c, size_t n)
{
	double idf[MAX_PHRASES];
	int npos = 0;
	for (int k = 0; k < p->nphrase; k++) {
		size_t df = 0;
		for (size_t i = 0; i < n; i++)
			if (c[i].hits && (c[i].hits[2 * k] || c[i].hits[2 * k + 1]))
				df++;
		idf[k] = log(1.0 + ((double)n - (double)df + 0.5) / ((double)df + 0.5));
		npos += p->weight[k] > 0;
	}
	for (size_t i = 0; i < n; i++) {
		double rel = 0, titled = 0;
		for (int k = 0; c[i].hits && k < p->nphrase; k++) {
			if (p->weight[k] <= 0)
				continue;
			double tf = SEARCH_TITLE_WEIGHT * c[i].hits[2 * k] + c[i].hits[2 * k + 1];
			rel += p->weight[k] * idf[k] * tf / (tf + 1.2);
			titled += c[i].hits[2 * k] > 0;
		}
		double title = 1.0 + (npos ? titled / npos : 0);
		double exact = c[i].exact ? SEARCH_EXACT_BOOST : 1.0;
		double age = c[i].days > 0 ? c[i].days : 0;
		c[i].score = (rel > 0 ? rel : 1e-9) * title * exact / (1.0 + age / 365.0);
	}
}

/* Mark the candidates (sorted by id, descending) that match the driving
 * MATCH in the unstemmed index. 0 or -1. */
static int mark_exact(struct store *s, const struct plan *p, struct cand *c, size_t n, struct err *e)
{
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(store_db(s),
			       "SELECT rowid FROM article_fts WHERE article_fts MATCH ?1 AND rowid >= ?2 AND rowid <= ?3 "
			       "ORDER BY rowid DESC",
			       -1, &st, NULL) != SQLITE_OK)
		return store_qerr(s, e);
	sqlite3_bind_text(st, 1, buf_str(&p->fts), -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, c[n - 1].id);
	sqlite3_bind_int64(st, 3, c[0].id);
	size_t j = 0;
	int r;
	while ((r = sqlite3_step(st)) == SQLITE_ROW) {
		int64_t id = sqlite3_column_int64(st, 0);
		while (j < n && c[j].id > id)
			j++;
		if (j == n)
			break;
		if (c[j].id == id)
			c[j].exact = 1;
	}
	sqlite3_finalize(st);
	if (r != SQLITE_ROW && r != SQLITE_DONE)
		return store_qerr(s, e);
	return 0;
}

static void free_cands(struct cand *c, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(c[i].hits);
	free(c);
}

long query_search(struct store *s, const struct search_opts *o, article_cb cb, void *ctx, struct err *e)
{
	struct qnode *parsed = NULL;
	const struct qnode *ast = o->ast;
	if (o->query) {
		if (qlang_parse(o->query, &parsed, e))
			return QUERY_EBAD;
		ast = parsed;
	}
	if (!ast) {
		return err_set(e, "empty query: give words to search for"), QUERY_EBAD;
	}
	struct plan p = {.s = s, .e = e};
	sqlb_init(&p.where, 2); /* ?1 is the MATCH */
	long rows = -1;
	struct cand *c = NULL;
	size_t nc = 0, capc = 0;
	sqlite3_stmt *st = NULL;
	struct rowload rl = {0};
	int64_t *seen = NULL;
	size_t nseen = 0, capseen = 0;
	struct sqlb sql;
	sqlb_init(&sql, 1);
	if (compile(&p, ast)) {
		rows = p.rc;
		goto out;
	}
	const char *table = p.stem ? "article_stem" : "article_fts";
	char rowid[32];
	snprintf(rowid, sizeof rowid, "%s.rowid", p.fts.len ? table : "a");
	filter_sql(&o->filter, rowid, &p.where);
	long limit = o->limit == 0 ? SEARCH_DEFAULT_LIMIT : o->limit;
	long offset = o->offset > 0 ? o->offset : 0;
	long want = limit < 0 ? -1 : limit + offset;
	int text = p.fts.len > 0;
	/* conditions beside the words make each candidate cost a scan of
	 * several matches: fewer candidates then */
	long k0 = p.where.sql.len ? SEARCH_CANDIDATES_FILTERED : SEARCH_CANDIDATES;
	long bound = want < 0 || o->stored_order ? -1 : want * 2 > k0 ? want * 2 : k0;
	if (text) {
		buf_printf(&sql.sql,
			   "SELECT %s.rowid, a.story, %s%s%s, julianday('now') - julianday(coalesce(a.published, a.fetched)) "
			   "FROM %s CROSS JOIN article a%s ON a.id = %s.rowid WHERE %s MATCH ?1",
			   table, o->stored_order ? "NULL" : "secnews_hits(", o->stored_order ? "" : table,
			   o->stored_order ? "" : ")", table, covered(&p.where) ? " INDEXED BY article_rank" : "", table,
			   table);
	} else {
		buf_puts(&sql.sql, "SELECT a.id, a.story, NULL, 0 FROM article a WHERE 1");
	}
	buf_append(&sql.sql, p.where.sql.data, p.where.sql.len);
	if (text)
		buf_printf(&sql.sql, " ORDER BY %s.rowid DESC", table);
	else if (o->stored_order)
		buf_puts(&sql.sql, " ORDER BY a.id DESC");
	else
		buf_puts(&sql.sql, " ORDER BY a.published DESC, a.id DESC");
	if (bound > 0 && text)
		buf_printf(&sql.sql, " LIMIT %ld", bound);
	else if (!text && want > 0)
		buf_printf(&sql.sql, " LIMIT %ld", want * 4); /* folded copies do not count */
	if (sql.sql.failed) {
		rows = err_set(e, "out of memory");
		goto out;
	}
	if (sqlite3_prepare_v2(store_db(s), buf_str(&sql.sql), -1, &st, NULL) != SQLITE_OK) {
		rows = store_qerr(s, e);
		goto out;
	}
	if (text)
		sqlite3_bind_text(st, 1, buf_str(&p.fts), -1, SQLITE_STATIC);
	sqlb_bind(&p.where, st);
	int r;
	while ((r = sqlite3_step(st)) == SQLITE_ROW) {
		if (nc == capc) {
			size_t cap = capc ? capc * 2 : 256;
			struct cand *v = realloc(c, cap * sizeof *v);
			if (!v) {
				rows = err_set(e, "out of memory");
				goto out;
			}
			c = v, capc = cap;
		}
		struct cand *x = &c[nc++];
		memset(x, 0, sizeof *x);
		x->id = sqlite3_column_int64(st, 0);
		x->story = sqlite3_column_int64(st, 1);
		x->days = sqlite3_column_double(st, 3);
		int nb = sqlite3_column_bytes(st, 2);
		if (nb == p.nphrase * 4 && nb > 0 && (x->hits = malloc((size_t)nb)))
			memcpy(x->hits, sqlite3_column_blob(st, 2), (size_t)nb);
		/* unranked: the order is the walk's, and the walk can stop early */
		if ((o->stored_order || !text) && want > 0 && nc >= (size_t)want * 4)
			break;
	}
	if (r != SQLITE_ROW && r != SQLITE_DONE) {
		rows = store_qerr(s, e);
		goto out;
	}
	sqlite3_finalize(st);
	st = NULL;
	if (text && !o->stored_order && nc) {
		if (p.stem && mark_exact(s, &p, c, nc, e))
			goto out;
		if (!p.stem)
			for (size_t i = 0; i < nc; i++)
				c[i].exact = 1;
		score(&p, c, nc);
		qsort(c, nc, sizeof *c, by_score);
	}
	if (rowload_open(s, &rl, o->with_body, text ? table : NULL, text ? buf_str(&p.fts) : NULL,
			 o->filter.mark_open, o->filter.mark_close, e))
		goto out;
	rows = 0;
	long skipped = 0;
	for (size_t i = 0; i < nc; i++) {
		if (c[i].story) { /* a story once, at its best copy */
			int fresh = idset_add(&seen, &nseen, &capseen, c[i].story);
			if (fresh < 0) {
				rows = err_set(e, "out of memory");
				goto out;
			}
			if (!fresh)
				continue;
		}
		if (skipped < offset) {
			skipped++;
			continue;
		}
		int stop = rowload_emit(s, &rl, c[i].id, c[i].score, c[i].story, cb, ctx, e);
		if (stop < 0) {
			rows = -1;
			goto out;
		}
		rows++;
		if (stop || (limit > 0 && rows >= limit))
			break;
	}
out:
	sqlite3_finalize(st);
	rowload_close(&rl);
	free(seen);
	free_cands(c, nc);
	sqlb_free(&sql);
	plan_free(&p);
	qnode_free(parsed);
	return rows;
}
