/* parse.c: the search language (see qlang.h): a lexer that decides which
 * characters are syntax, then a recursive-descent parser over its tokens. */
#include "qlang/qlang.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "tag/tag.h"
#include "util/date.h"

enum tk { TK_WORD, TK_PHRASE, TK_LP, TK_RP, TK_OR, TK_AND, TK_NOT, TK_NEG, TK_NEAR, TK_END };

struct tok {
	enum tk t;
	char *text;        /* WORD, PHRASE: the term; operators: as typed (if they turn out to be words) */
	const char *field; /* WORD: canonical field name when written field:value */
	int prefix;        /* a '*' followed it */
	int quoted;        /* a field whose value is a phrase */
	int dist;          /* NEAR */
};

struct parser {
	struct tok *v;
	size_t n, cap, i;
	size_t terms;
	struct err *e;
	int failed; /* a message is in e */
};

/* ---- fields and dates --------------------------------------------------- */

const char *qlang_field(const char *name, size_t len)
{
	static const char *const fields[] = {"site", "lang", "since", "until", "title"};
	char low[24];
	if (len == 0 || len >= sizeof low)
		return NULL;
	for (size_t i = 0; i < len; i++) {
		if (!isalpha((unsigned char)name[i]))
			return NULL;
		low[i] = (char)tolower((unsigned char)name[i]);
	}
	low[len] = 0;
	if (strcmp(low, "source") == 0)
		return "site";
	for (size_t i = 0; i < sizeof fields / sizeof *fields; i++)
		if (strcmp(low, fields[i]) == 0)
			return fields[i];
	int k = kind_parse(low);
	return k >= 0 ? kind_name(k) : NULL;
}

int qlang_date(const char *v, time_t now, char out[32])
{
	size_t n = strlen(v);
	if (n == 0 || n > 40)
		return -1;
	/* an age: 7d, 2w, 3m, 1y */
	char unit = (char)tolower((unsigned char)v[n - 1]);
	if (n >= 2 && strchr("dwmy", unit)) {
		long k = 0;
		size_t i = 0;
		for (; i < n - 1 && isdigit((unsigned char)v[i]) && k < 100000; i++)
			k = k * 10 + (v[i] - '0');
		if (i == n - 1) {
			long days = unit == 'd' ? k : unit == 'w' ? 7 * k : unit == 'm' ? 30 * k : 365 * k;
			if (days > 200L * 365)
				return -1;
			date_iso(now - (time_t)days * 86400, 0, out);
			return 0;
		}
	}
	if (strcmp(v, "today") == 0 || strcmp(v, "yesterday") == 0) {
		date_iso(now - (v[0] == 'y' ? 86400 : 0), 0, out);
		return 0;
	}
	/* a bare year or month is a prefix of every date in it */
	int digits = 1;
	for (size_t i = 0; i < n; i++)
		if (!isdigit((unsigned char)v[i]) && !(v[i] == '-' && i == 4))
			digits = 0;
	if (digits && (n == 4 || n == 7)) {
		int y = atoi(v), m = n == 7 ? atoi(v + 5) : 1;
		if (y < 1970 || y > 2100 || m < 1 || m > 12)
			return -1;
		memcpy(out, v, n + 1);
		return 0;
	}
	time_t t;
	if (date_parse(v, &t, NULL))
		return -1;
	date_iso(t, 0, out);
	return 0;
}

int qlang_plain_word(const char *w)
{
	if (!*w || *w == '-')
		return 0;
	for (const unsigned char *p = (const unsigned char *)w; *p; p++)
		if (!(isalpha(*p) || *p >= 0x80 || (*p == '-' && p[1] && p[1] != '-')))
			return 0;
	return 1;
}

/* ---- nodes -------------------------------------------------------------- */

void qnode_free(struct qnode *n)
{
	if (!n)
		return;
	for (size_t i = 0; i < n->nkid; i++)
		qnode_free(n->kid[i]);
	free(n->kid);
	free(n->text);
	free(n->field);
	free(n);
}

static struct qnode *node(struct parser *p, enum qtype t)
{
	struct qnode *n = calloc(1, sizeof *n);
	if (!n && !p->failed) {
		err_set(p->e, "out of memory");
		p->failed = 1;
	}
	if (n)
		n->type = t;
	return n;
}

/* Append K to N's children (K is freed on failure). 0 or -1. */
static int adopt(struct parser *p, struct qnode *n, struct qnode *k)
{
	struct qnode **v = realloc(n->kid, (n->nkid + 1) * sizeof *v);
	if (!v) {
		qnode_free(k);
		if (!p->failed)
			err_set(p->e, "out of memory");
		p->failed = 1;
		return -1;
	}
	n->kid = v;
	n->kid[n->nkid++] = k;
	return 0;
}

/* ---- lexer -------------------------------------------------------------- */

static int push(struct parser *p, struct tok t)
{
	if (p->n == p->cap) {
		size_t cap = p->cap ? p->cap * 2 : 32;
		struct tok *v = realloc(p->v, cap * sizeof *v);
		if (!v) {
			free(t.text);
			return err_set(p->e, "out of memory");
		}
		p->v = v, p->cap = cap;
	}
	p->v[p->n++] = t;
	return 0;
}

static int is_space(unsigned char c)
{
	return c <= ' ' || c == 0x7f;
}

/* Can the byte C start a term or a group (after a '-')? */
static int starts_term(unsigned char c)
{
	return c && !is_space(c) && c != '-' && c != ')';
}

/* Classify the word W[0..N) and push it. */
static int push_word(struct parser *p, const char *w, size_t n)
{
	struct tok t = {.t = TK_WORD};
	if (n == 2 && memcmp(w, "OR", 2) == 0)
		t.t = TK_OR;
	else if (n == 3 && memcmp(w, "AND", 3) == 0)
		t.t = TK_AND;
	else if (n == 3 && memcmp(w, "NOT", 3) == 0)
		t.t = TK_NOT;
	else if (n == 4 && memcmp(w, "NEAR", 4) == 0)
		t.t = TK_NEAR, t.dist = QLANG_NEAR;
	else if (n > 5 && n < 9 && memcmp(w, "NEAR/", 5) == 0) {
		int d = 0, ok = 1;
		for (size_t i = 5; i < n; i++)
			if (isdigit((unsigned char)w[i]))
				d = d * 10 + (w[i] - '0');
			else
				ok = 0;
		if (ok && d >= 1 && d <= 100)
			t.t = TK_NEAR, t.dist = d;
	}
	const char *colon = t.t == TK_WORD ? memchr(w, ':', n) : NULL;
	if (colon && colon + 1 < w + n && (t.field = qlang_field(w, (size_t)(colon - w)))) {
		n -= (size_t)(colon + 1 - w);
		w = colon + 1;
	}
	if (t.t == TK_WORD)
		while (n > 1 && w[n - 1] == '*')
			n--, t.prefix = 1;
	if (!(t.text = strndup(w, n)))
		return err_set(p->e, "out of memory");
	return push(p, t);
}

/* Split Q into tokens. 0 or -1 (message in E). */
static int lex(struct parser *p, const char *q)
{
	const char *s = q;
	size_t depth = 0; /* groups open */
	while (*s) {
		unsigned char c = (unsigned char)*s;
		if (is_space(c)) {
			s++;
			continue;
		}
		if (c == '(') {
			if (push(p, (struct tok){.t = TK_LP}))
				return -1;
			depth++, s++;
			continue;
		}
		if (c == ')') {
			if (!depth)
				return err_set(p->e, "malformed query: a ')' has no matching '(' before it");
			if (push(p, (struct tok){.t = TK_RP}))
				return -1;
			depth--, s++;
			continue;
		}
		if (c == '"') {
			const char *end = strchr(s + 1, '"');
			if (!end)
				return err_set(p->e, "malformed query: a '\"' is not closed "
						     "(a phrase goes between two double quotes)");
			struct tok t = {.t = TK_PHRASE, .text = strndup(s + 1, (size_t)(end - s - 1))};
			if (!t.text)
				return err_set(p->e, "out of memory");
			s = end + 1;
			if (*s == '*')
				t.prefix = 1, s++;
			while (*s == '*')
				s++;
			if (push(p, t))
				return -1;
			continue;
		}
		if (c == '-' && starts_term((unsigned char)s[1])) {
			if (push(p, (struct tok){.t = TK_NEG}))
				return -1;
			s++;
			continue;
		}
		/* a word: up to a space, a quote, or a ')' that closes a group;
		 * parentheses opened inside the word stay in it: func(x) */
		const char *w = s;
		int inner = 0;
		while (*s && !is_space((unsigned char)*s) && *s != '"') {
			if (*s == '(')
				inner++;
			else if (*s == ')') {
				if (!inner)
					break;
				inner--;
			}
			s++;
		}
		size_t n = (size_t)(s - w);
		int field_phrase = 0;
		if (*s == '"' && n > 1 && w[n - 1] == ':' && qlang_field(w, n - 1)) {
			/* field:"a phrase" */
			const char *end = strchr(s + 1, '"');
			if (!end)
				return err_set(p->e, "malformed query: a '\"' is not closed "
						     "(a phrase goes between two double quotes)");
			struct tok t = {.t = TK_WORD, .field = qlang_field(w, n - 1), .quoted = 1,
					.text = strndup(s + 1, (size_t)(end - s - 1))};
			if (!t.text)
				return err_set(p->e, "out of memory");
			s = end + 1;
			if (*s == '*')
				t.prefix = 1;
			while (*s == '*')
				s++;
			if (push(p, t))
				return -1;
			field_phrase = 1;
		}
		if (!field_phrase && push_word(p, w, n))
			return -1;
	}
	if (depth)
		return err_set(p->e, "malformed query: a '(' is not closed");
	return push(p, (struct tok){.t = TK_END});
}

/* An operator with nothing usable on one side is a word: "OR" alone, "a AND". */
static void demote_operators(struct parser *p)
{
	for (size_t i = 0; i < p->n; i++) {
		struct tok *t = &p->v[i];
		enum tk next = p->v[i + 1 < p->n ? i + 1 : i].t;
		int starts = next == TK_WORD || next == TK_PHRASE || next == TK_LP || next == TK_NEG || next == TK_NOT;
		int after = i > 0 && (p->v[i - 1].t == TK_WORD || p->v[i - 1].t == TK_PHRASE || p->v[i - 1].t == TK_RP);
		if (t->t == TK_NOT && !starts)
			t->t = TK_WORD;
		else if ((t->t == TK_OR || t->t == TK_AND || t->t == TK_NEAR) && !(starts && after))
			t->t = TK_WORD;
	}
}

/* ---- parser ------------------------------------------------------------- */

static struct qnode *parse_or(struct parser *p, int depth);

static int count_term(struct parser *p)
{
	if (++p->terms > QLANG_MAX_TERMS) {
		err_set(p->e, "query too long: more than %d terms (words, phrases and fields); split it",
			QLANG_MAX_TERMS);
		p->failed = 1;
		return -1;
	}
	return 0;
}

static struct qnode *term(struct parser *p, const struct tok *t)
{
	if (count_term(p))
		return NULL;
	enum qtype ty = t->prefix ? Q_PREFIX : t->t == TK_PHRASE || t->quoted ? Q_PHRASE : Q_WORD;
	struct qnode *n = node(p, ty);
	if (!n)
		return NULL;
	if (!(n->text = strdup(t->text))) {
		qnode_free(n);
		err_set(p->e, "out of memory");
		p->failed = 1;
		return NULL;
	}
	if (!t->field)
		return n;
	/* field:value: the value stays a term (title: searches it) */
	struct qnode *f = node(p, Q_FIELD);
	if (!f || !(f->field = strdup(t->field)) || !(f->text = strdup(t->text))) {
		qnode_free(f);
		qnode_free(n);
		if (!p->failed)
			err_set(p->e, "out of memory");
		p->failed = 1;
		return NULL;
	}
	f->quoted = t->quoted;
	if (adopt(p, f, n)) {
		qnode_free(f);
		return NULL;
	}
	char day[32];
	if ((strcmp(f->field, "since") == 0 || strcmp(f->field, "until") == 0) &&
	    qlang_date(f->text, time(NULL), day)) {
		err_set(p->e, "%s: '%.60s' is not a date (use YYYY-MM-DD, YYYY-MM, YYYY, 7d, 2w, today)", f->field,
			f->text);
		p->failed = 1;
		qnode_free(f);
		return NULL;
	}
	return f;
}

static int simple(const struct qnode *n)
{
	return n && (n->type == Q_WORD || n->type == Q_PHRASE || n->type == Q_PREFIX || n->type == Q_NEAR);
}

/* Join L and R with TYPE, merging into L or R when they already are one.
 * Takes both; NULL only on failure (or when both are NULL). */
static struct qnode *join(struct parser *p, enum qtype type, struct qnode *l, struct qnode *r)
{
	if (!l || !r)
		return l ? l : r;
	if (l->type != type) {
		struct qnode *n = node(p, type);
		if (!n) {
			qnode_free(l);
			qnode_free(r);
			return NULL;
		}
		if (adopt(p, n, l)) {
			qnode_free(n);
			qnode_free(r);
			return NULL;
		}
		l = n;
	}
	if (r->type != type) {
		if (adopt(p, l, r)) {
			qnode_free(l);
			return NULL;
		}
		return l;
	}
	/* move R's children to L */
	struct qnode **v = realloc(l->kid, (l->nkid + r->nkid) * sizeof *v);
	if (!v) {
		if (!p->failed)
			err_set(p->e, "out of memory");
		p->failed = 1;
		qnode_free(l);
		qnode_free(r);
		return NULL;
	}
	l->kid = v;
	memcpy(l->kid + l->nkid, r->kid, r->nkid * sizeof *v);
	l->nkid += r->nkid;
	r->nkid = 0;
	qnode_free(r);
	return l;
}

static struct qnode *parse_primary(struct parser *p, int depth)
{
	struct tok *t = &p->v[p->i];
	if (t->t == TK_LP) {
		p->i++;
		struct qnode *n = parse_or(p, depth + 1);
		if (p->failed) {
			qnode_free(n);
			return NULL;
		}
		/* the lexer balanced the parentheses: this is the ')' */
		if (p->v[p->i].t == TK_RP)
			p->i++;
		return n;
	}
	p->i++;
	/* a word that is an operator in the wrong place is the word itself */
	return term(p, t);
}

/* NOT and '-' bind tightest: -a NEAR b is (-a) NEAR b. */
static struct qnode *parse_not(struct parser *p, int depth)
{
	if (depth > QLANG_MAX_DEPTH) {
		if (!p->failed)
			err_set(p->e, "malformed query: nested deeper than %d levels", QLANG_MAX_DEPTH);
		p->failed = 1;
		return NULL;
	}
	enum tk t = p->v[p->i].t;
	if (t != TK_NOT && t != TK_NEG)
		return parse_primary(p, depth);
	p->i++;
	struct qnode *k = parse_not(p, depth + 1);
	if (!k)
		return NULL;
	if (k->type == Q_NOT) { /* --a is a */
		struct qnode *inner = k->kid[0];
		k->nkid = 0;
		qnode_free(k);
		return inner;
	}
	struct qnode *n = node(p, Q_NOT);
	if (!n) {
		qnode_free(k);
		return NULL;
	}
	if (adopt(p, n, k)) {
		qnode_free(n);
		return NULL;
	}
	return n;
}

static struct qnode *parse_near(struct parser *p, int depth)
{
	struct qnode *l = parse_not(p, depth);
	while (!p->failed && p->v[p->i].t == TK_NEAR) {
		int dist = p->v[p->i].dist;
		p->i++;
		struct qnode *r = parse_not(p, depth);
		if (p->failed) {
			qnode_free(l);
			qnode_free(r);
			return NULL;
		}
		if (!simple(l) || !simple(r) || r->type == Q_NEAR) {
			l = join(p, Q_AND, l, r); /* NEAR between groups or fields: both must match */
			continue;
		}
		if (l->type != Q_NEAR) {
			struct qnode *n = node(p, Q_NEAR);
			if (!n) {
				qnode_free(l);
				qnode_free(r);
				return NULL;
			}
			if (adopt(p, n, l)) {
				qnode_free(n);
				qnode_free(r);
				return NULL;
			}
			n->dist = dist;
			l = n;
		} else if (dist < l->dist)
			l->dist = dist;
		if (adopt(p, l, r)) {
			qnode_free(l);
			return NULL;
		}
	}
	return l;
}

static struct qnode *parse_and(struct parser *p, int depth)
{
	struct qnode *all = NULL;
	for (;;) {
		enum tk t = p->v[p->i].t;
		if (t == TK_END || t == TK_RP || t == TK_OR)
			break;
		if (t == TK_AND) {
			p->i++;
			continue;
		}
		struct qnode *k = parse_near(p, depth);
		if (p->failed) {
			qnode_free(k);
			qnode_free(all);
			return NULL;
		}
		all = join(p, Q_AND, all, k);
		if (p->failed)
			return NULL;
	}
	return all;
}

static struct qnode *parse_or(struct parser *p, int depth)
{
	if (depth > QLANG_MAX_DEPTH) {
		err_set(p->e, "malformed query: parentheses nested deeper than %d levels", QLANG_MAX_DEPTH);
		p->failed = 1;
		return NULL;
	}
	struct qnode *any = parse_and(p, depth);
	while (!p->failed && p->v[p->i].t == TK_OR) {
		p->i++;
		struct qnode *k = parse_and(p, depth);
		if (p->failed) {
			qnode_free(k);
			qnode_free(any);
			return NULL;
		}
		any = join(p, Q_OR, any, k);
		if (p->failed)
			return NULL;
	}
	if (p->failed) {
		qnode_free(any);
		return NULL;
	}
	return any;
}

int qlang_parse(const char *q, struct qnode **out, struct err *e)
{
	*out = NULL;
	size_t len = strlen(q);
	if (len > QLANG_MAX_BYTES)
		return err_set(e, "query too long: %zu bytes (at most %d); split it", len, QLANG_MAX_BYTES);
	struct parser p = {.e = e};
	int rc = lex(&p, q);
	if (rc == 0) {
		demote_operators(&p);
		struct qnode *n = parse_or(&p, 0);
		if (p.failed)
			rc = -1;
		else if (!n)
			rc = err_set(e, "empty query: give words to search for");
		else
			*out = n;
	}
	for (size_t i = 0; i < p.n; i++)
		free(p.v[i].text);
	free(p.v);
	return rc;
}

/* ---- printing ----------------------------------------------------------- */

/* Would the word W lex as something else (an operator, a field, a
 * negation, a prefix, a group)? Then it is printed as a phrase. */
static int needs_quotes(const char *w)
{
	size_t n = strlen(w);
	if (n == 0 || w[0] == '-' || w[0] == '(' || w[n - 1] == '*' || strchr(w, ')') || strchr(w, '(') ||
	    strcmp(w, "OR") == 0 || strcmp(w, "AND") == 0 || strcmp(w, "NOT") == 0 || strncmp(w, "NEAR", 4) == 0)
		return 1;
	for (const char *p = w; *p; p++)
		if (is_space((unsigned char)*p))
			return 1;
	const char *colon = strchr(w, ':');
	return colon && qlang_field(w, (size_t)(colon - w));
}

static int format_term(const struct qnode *n, struct buf *out)
{
	if (n->type == Q_WORD && !needs_quotes(n->text))
		return buf_puts(out, n->text);
	if (n->type == Q_PREFIX && !strchr(n->text, ' ') && !needs_quotes(n->text))
		return buf_printf(out, "%s*", n->text);
	return buf_printf(out, "\"%s\"%s", n->text, n->type == Q_PREFIX ? "*" : "");
}

int qlang_format(const struct qnode *n, struct buf *out)
{
	switch (n->type) {
	case Q_WORD:
	case Q_PHRASE:
	case Q_PREFIX:
		return format_term(n, out);
	case Q_FIELD:
		buf_printf(out, "%s:", n->field);
		return format_term(n->kid[0], out);
	case Q_NOT: /* groups print their own parentheses */
		buf_puts(out, "-");
		return qlang_format(n->kid[0], out);
	case Q_AND:
	case Q_OR:
	case Q_NEAR:
		buf_putc(out, '(');
		for (size_t i = 0; i < n->nkid; i++) {
			if (i) {
				if (n->type == Q_AND)
					buf_putc(out, ' ');
				else if (n->type == Q_OR)
					buf_puts(out, " OR ");
				else if (n->dist == QLANG_NEAR)
					buf_puts(out, " NEAR ");
				else
					buf_printf(out, " NEAR/%d ", n->dist);
			}
			qlang_format(n->kid[i], out);
		}
		return buf_putc(out, ')');
	}
	return -1;
}
