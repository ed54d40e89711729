/* dict.c: dictionaries of actors, vendors and products: the data/ format
 * loader, merging by external id and shared alias, lookups (see tag.h and
 * data/README.md for the format). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "tag/internal.h"
#include "tag/tag.h"
#include "util/embedded.h"
#include "util/utf8.h"

#define NONE ((size_t)-1)
#define MAX_ALIAS 200 /* bytes of a normalised alias; longer ones are ignored */

struct ent {
	struct dict_entity pub;
	char *name, *vendor, *country, *ids, *ctx;
	char **al;
	unsigned char *fl;
	size_t n, cap;
};

/* A string-keyed multimap: key -> chain of entity indexes, in insertion order. */
struct ref {
	size_t ent, next;
};
struct slot {
	char *key;
	size_t head;
};
struct index {
	struct slot *slots;
	size_t cap, used;
	struct ref *refs;
	size_t nrefs, crefs;
};

struct dict {
	struct ent **v;
	size_t n, cap;
	struct index alias, ids, common;
};

static uint64_t hash_str(const char *s)
{
	uint64_t h = 0xcbf29ce484222325ULL;
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 0x100000001b3ULL;
	return h;
}

static void index_free(struct index *x)
{
	for (size_t i = 0; i < x->cap; i++)
		free(x->slots[i].key);
	free(x->slots);
	free(x->refs);
	memset(x, 0, sizeof *x);
}

static struct slot *index_slot(const struct index *x, const char *key)
{
	if (!x->cap)
		return NULL;
	for (size_t i = hash_str(key) & (x->cap - 1);; i = (i + 1) & (x->cap - 1)) {
		struct slot *s = &x->slots[i];
		if (!s->key || strcmp(s->key, key) == 0)
			return s;
	}
}

/* First ref of KEY, or NONE. */
static size_t index_head(const struct index *x, const char *key)
{
	struct slot *s = index_slot(x, key);
	return s && s->key ? s->head : NONE;
}

static int index_grow(struct index *x)
{
	size_t cap = x->cap ? x->cap * 2 : 256;
	struct slot *old = x->slots;
	size_t ocap = x->cap;
	if (!(x->slots = calloc(cap, sizeof *x->slots))) {
		x->slots = old;
		return -1;
	}
	x->cap = cap;
	for (size_t i = 0; i < ocap; i++)
		if (old[i].key)
			*index_slot(x, old[i].key) = old[i];
	free(old);
	return 0;
}

/* Add ENT under KEY unless it is there already. 0, 1 (already there) or -1. */
static int index_add(struct index *x, const char *key, size_t ent)
{
	if ((x->used + 1) * 2 > x->cap && index_grow(x))
		return -1;
	struct slot *s = index_slot(x, key);
	size_t *link = NULL;
	if (s->key) {
		for (size_t r = s->head; r != NONE; r = x->refs[r].next) {
			if (x->refs[r].ent == ent)
				return 1;
			link = &x->refs[r].next;
		}
	}
	if (x->nrefs == x->crefs) {
		size_t c = x->crefs ? x->crefs * 2 : 256;
		struct ref *r = realloc(x->refs, c * sizeof *r);
		if (!r)
			return -1;
		x->refs = r, x->crefs = c;
		if (s->key) /* LINK pointed into the old array */
			for (size_t q = s->head; q != NONE; q = x->refs[q].next)
				link = &x->refs[q].next;
	}
	x->refs[x->nrefs] = (struct ref){ent, NONE};
	if (!s->key) {
		if (!(s->key = strdup(key)))
			return -1;
		s->head = x->nrefs;
		x->used++;
	} else {
		*link = x->nrefs;
	}
	x->nrefs++;
	return 0;
}

int tag_is_sep(uint32_t c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '-' || c == '_' || c == 0xA0 ||
	       c == 0x2010 || c == 0x2011;
}

int dict_norm(const char *name, struct buf *out)
{
	size_t n = strlen(name), start = out->len;
	int sep = 1; /* no leading space */
	for (size_t i = 0; i < n;) {
		uint32_t cp;
		size_t l = utf8_decode(name + i, n - i, &cp);
		i += l;
		if (tag_is_sep(cp)) {
			if (!sep && buf_putc(out, ' '))
				return -1;
			sep = 1;
			continue;
		}
		sep = 0;
		char tmp[4];
		if (buf_append(out, tmp, utf8_encode(utf8_tolower(cp), tmp)))
			return -1;
	}
	if (out->len > start && out->data[out->len - 1] == ' ')
		out->data[--out->len] = '\0';
	return buf_reserve(out, 1);
}

struct dict *dict_new(void)
{
	return calloc(1, sizeof(struct dict));
}

static void ent_free(struct ent *x)
{
	if (!x)
		return;
	for (size_t i = 0; i < x->n; i++)
		free(x->al[i]);
	free(x->al), free(x->fl);
	free(x->name), free(x->vendor), free(x->country), free(x->ids), free(x->ctx);
	free(x);
}

void dict_free(struct dict *d)
{
	if (!d)
		return;
	for (size_t i = 0; i < d->n; i++)
		ent_free(d->v[i]);
	free(d->v);
	index_free(&d->alias), index_free(&d->ids), index_free(&d->common);
	free(d);
}

static void ent_sync(struct ent *x)
{
	x->pub.name = x->name;
	x->pub.vendor = x->vendor;
	x->pub.country = x->country;
	x->pub.ids = x->ids;
	x->pub.aliases = (const char *const *)x->al;
	x->pub.naliases = x->n;
}

/* Add alias S (flags FL) to entity E (index EI) unless it has it. 0 or -1. */
static int ent_add_alias(struct dict *d, size_t ei, const char *s, unsigned fl, struct buf *tmp)
{
	struct ent *x = d->v[ei];
	buf_reset(tmp);
	if (dict_norm(s, tmp))
		return -1;
	if (tmp->len == 0 || tmp->len > MAX_ALIAS)
		return 0;
	if (index_head(&d->common, buf_str(tmp)) != NONE)
		fl |= ALIAS_COMMON;
	if (fl & ALIAS_COMMON)
		fl |= ALIAS_CASE;
	/* The same spelling already there: keep the first flags. A case
	 * variant of a case-sensitive alias is another alias. */
	for (size_t i = 0; i < x->n; i++)
		if (strcmp(x->al[i], s) == 0) {
			/* the first flags stay (bundled lines load first), except
			 * that the canonical name, added without flags, takes
			 * those it is listed with among the aliases */
			if (i == 0)
				x->fl[i] |= (unsigned char)fl;
			return 0;
		}
	int r = index_add(&d->alias, buf_str(tmp), ei);
	if (r < 0)
		return -1;
	if (r == 1 && !(fl & ALIAS_CASE)) {
		/* Same normalised form: only worth keeping if the old one was
		 * case-sensitive and this one is not. */
		int keep = 0;
		struct buf t2 = BUF_INIT;
		for (size_t i = 0; i < x->n; i++) {
			buf_reset(&t2);
			if (dict_norm(x->al[i], &t2)) {
				buf_free(&t2);
				return -1;
			}
			if (strcmp(buf_str(&t2), buf_str(tmp)) == 0 && !(x->fl[i] & ALIAS_CASE))
				keep = 1;
		}
		buf_free(&t2);
		if (keep)
			return 0;
	}
	if (x->n == x->cap) {
		size_t c = x->cap ? x->cap * 2 : 8;
		char **a = realloc(x->al, c * sizeof *a);
		if (!a)
			return -1;
		x->al = a;
		unsigned char *f = realloc(x->fl, c);
		if (!f)
			return -1;
		x->fl = f, x->cap = c;
	}
	if (!(x->al[x->n] = strdup(s)))
		return -1;
	x->fl[x->n++] = (unsigned char)fl;
	ent_sync(x);
	return 0;
}

static int ent_add_id(struct dict *d, size_t ei, const char *id, size_t n)
{
	struct ent *x = d->v[ei];
	char *tok = strndup(id, n);
	if (!tok)
		return -1;
	int r = index_add(&d->ids, tok, ei);
	if (r == 0) {
		size_t old = x->ids ? strlen(x->ids) : 0;
		char *s = realloc(x->ids, old + n + 2);
		if (!s) {
			free(tok);
			return -1;
		}
		if (old)
			s[old++] = ' ';
		memcpy(s + old, tok, n + 1);
		x->ids = s;
		ent_sync(x);
	}
	free(tok);
	return r < 0 ? -1 : 0;
}

/* Fields of one line. */
struct line {
	int kind;
	const char *f[6];
	size_t l[6];
};

static int field_empty(const struct line *ln, int i)
{
	return ln->l[i] == 0 || (ln->l[i] == 1 && ln->f[i][0] == '-');
}

static char *field_dup(const struct line *ln, int i)
{
	return field_empty(ln, i) ? NULL : strndup(ln->f[i], ln->l[i]);
}

/* Call FN for every alias of field 2 (with its flags), and the name first. */
struct alias_tok {
	char s[512];
	unsigned fl;
};

static size_t split_aliases(const struct line *ln, struct alias_tok *out, size_t max)
{
	size_t k = 0;
	if (!field_empty(ln, 1) && ln->l[1] < sizeof out[0].s) {
		memcpy(out[k].s, ln->f[1], ln->l[1]);
		out[k].s[ln->l[1]] = '\0';
		out[k++].fl = 0;
	}
	if (field_empty(ln, 2))
		return k;
	const char *p = ln->f[2], *end = p + ln->l[2];
	while (p < end && k < max) {
		const char *q = memchr(p, '|', (size_t)(end - p));
		if (!q)
			q = end;
		const char *a = p, *b = q;
		unsigned fl = 0;
		while (a < b && (*a == ' ' || *a == '=' || *a == '?')) {
			if (*a == '=')
				fl |= ALIAS_CASE;
			else if (*a == '?')
				fl |= ALIAS_COMMON | ALIAS_CASE;
			a++;
		}
		while (b > a && b[-1] == ' ')
			b--;
		if (b > a && (size_t)(b - a) < sizeof out[0].s) {
			memcpy(out[k].s, a, (size_t)(b - a));
			out[k].s[b - a] = '\0';
			out[k++].fl = fl;
		}
		p = q + 1;
	}
	return k;
}

/* The existing entity this line describes, or NONE. */
static size_t find_target(struct dict *d, const struct line *ln, const struct alias_tok *al, size_t nal,
			  struct buf *tmp)
{
	/* 1. a shared external id */
	const char *p = ln->f[4], *end = p + (field_empty(ln, 4) ? 0 : ln->l[4]);
	while (p < end) {
		while (p < end && *p == ' ')
			p++;
		const char *q = p;
		while (q < end && *q != ' ')
			q++;
		if (q > p) {
			char tok[128];
			size_t n = (size_t)(q - p) < sizeof tok - 1 ? (size_t)(q - p) : sizeof tok - 1;
			memcpy(tok, p, n);
			tok[n] = '\0';
			for (size_t r = index_head(&d->ids, tok); r != NONE; r = d->ids.refs[r].next)
				if (d->v[d->ids.refs[r].ent]->pub.kind == ln->kind)
					return d->ids.refs[r].ent;
		}
		p = q;
	}
	/* 2. the name is a known alias (products: of the same vendor);
	 * 3. an alias is a known canonical name; 4. two shared aliases. */
	size_t best = NONE, bestn = 0;
	size_t *count = NULL;
	for (size_t i = 0; i < nal; i++) {
		buf_reset(tmp);
		if (dict_norm(al[i].s, tmp))
			break;
		for (size_t r = index_head(&d->alias, buf_str(tmp)); r != NONE; r = d->alias.refs[r].next) {
			size_t ei = d->alias.refs[r].ent;
			struct ent *x = d->v[ei];
			if (x->pub.kind != ln->kind)
				continue;
			if (ln->kind == KIND_PRODUCT && x->vendor && !field_empty(ln, 3) &&
			    (strlen(x->vendor) != ln->l[3] || strncasecmp(x->vendor, ln->f[3], ln->l[3])))
				continue;
			if (i == 0 && !(al[i].fl & ALIAS_COMMON)) {
				free(count);
				return ei;
			}
			struct buf t2 = BUF_INIT;
			int canon = dict_norm(x->name, &t2) == 0 && strcmp(buf_str(&t2), buf_str(tmp)) == 0;
			buf_free(&t2);
			if (canon && !(al[i].fl & ALIAS_COMMON)) {
				free(count);
				return ei;
			}
			if (!count && !(count = calloc(d->n, sizeof *count)))
				return NONE;
			if (++count[ei] > bestn)
				bestn = count[ei], best = ei;
		}
	}
	free(count);
	return bestn >= 2 ? best : NONE;
}

static int load_common(struct dict *d, const struct line *ln, struct buf *tmp)
{
	struct alias_tok al[256];
	size_t nal = split_aliases(ln, al, sizeof al / sizeof *al);
	for (size_t i = 0; i < nal; i++) {
		buf_reset(tmp);
		if (dict_norm(al[i].s, tmp) || index_add(&d->common, buf_str(tmp), 0) < 0)
			return -1;
	}
	/* aliases already loaded that are common words */
	struct buf t = BUF_INIT;
	for (size_t e = 0; e < d->n; e++)
		for (size_t i = 0; i < d->v[e]->n; i++) {
			buf_reset(&t);
			if (dict_norm(d->v[e]->al[i], &t)) {
				buf_free(&t);
				return -1;
			}
			if (index_head(&d->common, buf_str(&t)) != NONE)
				d->v[e]->fl[i] |= ALIAS_COMMON | ALIAS_CASE;
		}
	buf_free(&t);
	return 0;
}

static int load_line(struct dict *d, const struct line *ln, struct buf *tmp)
{
	static const size_t max = 1024;
	struct alias_tok *al = malloc(max * sizeof *al);
	if (!al)
		return -1;
	size_t nal = split_aliases(ln, al, max);
	int rc = -1;
	size_t ei = find_target(d, ln, al, nal, tmp);
	if (ei == NONE) {
		if (d->n == d->cap) {
			size_t c = d->cap ? d->cap * 2 : 256;
			struct ent **v = realloc(d->v, c * sizeof *v);
			if (!v)
				goto out;
			d->v = v, d->cap = c;
		}
		struct ent *x = calloc(1, sizeof *x);
		if (!x || !(x->name = field_dup(ln, 1))) {
			free(x);
			goto out;
		}
		x->pub.kind = ln->kind;
		ei = d->n;
		d->v[d->n++] = x;
		ent_sync(x);
	}
	struct ent *x = d->v[ei];
	if (ln->kind == KIND_PRODUCT && !x->vendor && !field_empty(ln, 3) && !(x->vendor = field_dup(ln, 3)))
		goto out;
	if (ln->kind == KIND_ACTOR && !x->country && !field_empty(ln, 3) && !(x->country = field_dup(ln, 3)))
		goto out;
	if (!x->ctx && !field_empty(ln, 5) && !(x->ctx = field_dup(ln, 5)))
		goto out;
	if (ent_add_alias(d, ei, x->name, 0, tmp))
		goto out;
	for (size_t i = 0; i < nal; i++) {
		/* a merged line's name that lists several things ("iOS and
		 * macOS") is not a name of the entity it merged into */
		if (i == 0 && strcmp(al[0].s, x->name) != 0 && (strstr(al[0].s, " and ") || strstr(al[0].s, ", ")))
			continue;
		if (ent_add_alias(d, ei, al[i].s, al[i].fl, tmp))
			goto out;
	}
	const char *p = ln->f[4], *end = p + (field_empty(ln, 4) ? 0 : ln->l[4]);
	while (p < end) {
		while (p < end && *p == ' ')
			p++;
		const char *q = p;
		while (q < end && *q != ' ')
			q++;
		if (q > p && ent_add_id(d, ei, p, (size_t)(q - p)))
			goto out;
		p = q;
	}
	ent_sync(x);
	rc = 0;
out:
	free(al);
	return rc;
}

int dict_load(struct dict *d, const char *text, size_t n, const char *origin, struct err *e)
{
	struct buf tmp = BUF_INIT;
	size_t lineno = 0;
	const char *p = text, *end = text + n;
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *le = nl ? nl : end;
		lineno++;
		const char *s = p;
		p = nl ? nl + 1 : end;
		if (le > s && le[-1] == '\r')
			le--;
		if (le == s || *s == '#')
			continue;
		struct line ln = {0};
		int nf = 0;
		for (const char *f = s; nf < 6;) {
			const char *t = memchr(f, '\t', (size_t)(le - f));
			ln.f[nf] = f;
			ln.l[nf] = (size_t)((t ? t : le) - f);
			nf++;
			if (!t)
				break;
			f = t + 1;
		}
		char kind[16];
		size_t kl = ln.l[0] < sizeof kind - 1 ? ln.l[0] : sizeof kind - 1;
		memcpy(kind, ln.f[0], kl);
		kind[kl] = '\0';
		int rc;
		if (strcmp(kind, "common") == 0) {
			rc = load_common(d, &ln, &tmp);
		} else {
			ln.kind = kind_parse(kind);
			if (ln.kind != KIND_ACTOR && ln.kind != KIND_VENDOR && ln.kind != KIND_PRODUCT) {
				buf_free(&tmp);
				return err_set(e, "%s:%zu: unknown kind '%s' (use actor, vendor, product or common)",
					       origin, lineno, kind);
			}
			if (nf < 2 || field_empty(&ln, 1)) {
				buf_free(&tmp);
				return err_set(e, "%s:%zu: no name (fields: kind, name, aliases, country or vendor, "
						  "ids, context; tab-separated)", origin, lineno);
			}
			rc = load_line(d, &ln, &tmp);
		}
		if (rc) {
			buf_free(&tmp);
			return err_set(e, "%s:%zu: out of memory", origin, lineno);
		}
	}
	buf_free(&tmp);
	return 0;
}

int dict_load_bundled(struct dict *d, struct err *e)
{
	/* the dictionaries among the embedded data files (data/feeds.tsv is not one) */
	static const char *const files[] = {"data/actors.tsv", "data/products.tsv", "data/vendors.tsv"};
	for (size_t i = 0; i < sizeof files / sizeof *files; i++) {
		const struct embedded_file *f = embedded_get(files[i]);
		if (!f)
			return err_set(e, "internal error: %s is not built in", files[i]);
		if (dict_load(d, f->data, f->len, f->path, e))
			return -1;
	}
	return 0;
}

size_t dict_size(const struct dict *d)
{
	return d ? d->n : 0;
}

const struct dict_entity *dict_get(const struct dict *d, size_t i)
{
	return d && i < d->n ? &d->v[i]->pub : NULL;
}

size_t dict_index(const struct dict *d, const struct dict_entity *p)
{
	for (size_t i = 0; i < d->n; i++)
		if (&d->v[i]->pub == p)
			return i;
	return NONE;
}

unsigned dict_alias_flags(const struct dict *d, size_t ent, size_t i)
{
	return ent < d->n && i < d->v[ent]->n ? d->v[ent]->fl[i] : 0;
}

const char *dict_entity_context(const struct dict *d, size_t ent)
{
	return ent < d->n ? d->v[ent]->ctx : NULL;
}

size_t dict_find_all(const struct dict *d, int kind, const char *name, size_t *out, size_t max)
{
	struct buf t = BUF_INIT;
	size_t k = 0;
	if (dict_norm(name, &t) == 0)
		for (size_t r = index_head(&d->alias, buf_str(&t)); r != NONE; r = d->alias.refs[r].next) {
			size_t ei = d->alias.refs[r].ent;
			if (kind >= 0 && d->v[ei]->pub.kind != kind)
				continue;
			if (k < max)
				out[k] = ei;
			k++;
		}
	buf_free(&t);
	return k;
}

const struct dict_entity *dict_lookup(const struct dict *d, int kind, const char *name)
{
	if (!d || !name)
		return NULL;
	for (int k = (kind >= 0 ? kind : KIND_ACTOR); k <= (kind >= 0 ? kind : KIND_PRODUCT); k++) {
		size_t ei;
		if (dict_find_all(d, k, name, &ei, 1))
			return &d->v[ei]->pub;
	}
	return NULL;
}

static uint64_t fnv(uint64_t h, const char *s)
{
	for (; s && *s; s++)
		h = (h ^ (unsigned char)*s) * 0x100000001b3ULL;
	return (h ^ 0xff) * 0x100000001b3ULL;
}

unsigned long long dict_fingerprint(const struct dict *d)
{
	uint64_t h = 0xcbf29ce484222325ULL;
	for (size_t i = 0; d && i < d->n; i++) {
		const struct ent *x = d->v[i];
		h = fnv(h, kind_name(x->pub.kind));
		h = fnv(fnv(fnv(fnv(fnv(h, x->name), x->vendor), x->country), x->ids), x->ctx);
		for (size_t k = 0; k < x->n; k++) {
			char f[2] = {(char)('0' + x->fl[k]), 0};
			h = fnv(fnv(h, x->al[k]), f);
		}
	}
	return h;
}

size_t dict_find_id(const struct dict *d, int kind, const char *id)
{
	for (size_t r = index_head(&d->ids, id); r != NONE; r = d->ids.refs[r].next)
		if (kind < 0 || d->v[d->ids.refs[r].ent]->pub.kind == kind)
			return d->ids.refs[r].ent;
	return NONE;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void put_ent(struct buf *b, const struct ent *x)
{
	buf_puts(b, x->name);
	if (x->ids || x->vendor) {
		buf_puts(b, " (");
		if (x->vendor)
			buf_printf(b, "vendor %s%s", x->vendor, x->ids ? ", " : "");
		if (x->ids) {
			const char *sp = strchr(x->ids, ' ');
			buf_printf(b, "%.*s", sp ? (int)(sp - x->ids) : (int)strlen(x->ids), x->ids);
		}
		buf_putc(b, ')');
	}
}

int dict_check_report(const struct dict *d, struct buf *out, size_t *nshared, size_t *ncommon)
{
	char **lines = NULL;
	size_t n = 0, cap = 0;
	struct buf l = BUF_INIT;
	*nshared = *ncommon = 0;
	for (size_t e = 0; e < d->n; e++)
		for (size_t i = 0; i < d->v[e]->n; i++)
			*ncommon += (d->v[e]->fl[i] & ALIAS_COMMON) != 0;
	for (size_t si = 0; si < d->alias.cap; si++) {
		const struct slot *s = &d->alias.slots[si];
		if (!s->key || d->alias.refs[s->head].next == NONE)
			continue;
		int kinds[3] = {0, 0, 0};
		for (size_t r = s->head; r != NONE; r = d->alias.refs[r].next)
			kinds[d->v[d->alias.refs[r].ent]->pub.kind]++;
		buf_reset(&l);
		for (int k = KIND_ACTOR; k <= KIND_PRODUCT; k++) {
			if (kinds[k] < 2)
				continue;
			buf_printf(&l, "shared %s alias \"%s\": ", kind_name(k), s->key);
			size_t first = NONE;
			for (size_t r = s->head; r != NONE; r = d->alias.refs[r].next) {
				size_t ei = d->alias.refs[r].ent;
				if (d->v[ei]->pub.kind != k)
					continue;
				if (first != NONE)
					buf_puts(&l, "; ");
				else
					first = ei;
				put_ent(&l, d->v[ei]);
			}
			buf_printf(&l, "\n  resolved to the one whose other names%s the article also names; "
				       "otherwise %s\n", k == KIND_PRODUCT ? " or vendor" : "", d->v[first]->name);
			(*nshared)++;
		}
		if ((kinds[0] > 0) + (kinds[1] > 0) + (kinds[2] > 0) > 1) {
			buf_printf(&l, "alias \"%s\" names entities of several kinds:", s->key);
			for (size_t r = s->head; r != NONE; r = d->alias.refs[r].next) {
				buf_printf(&l, " %s ", kind_name(d->v[d->alias.refs[r].ent]->pub.kind));
				put_ent(&l, d->v[d->alias.refs[r].ent]);
			}
			buf_puts(&l, "\n  each kind is tagged\n");
		}
		if (!l.len)
			continue;
		if (n == cap) {
			size_t c = cap ? cap * 2 : 64;
			char **v = realloc(lines, c * sizeof *v);
			if (!v)
				goto oom;
			lines = v, cap = c;
		}
		if (!(lines[n] = buf_detach(&l)))
			goto oom;
		n++;
	}
	qsort(lines, n, sizeof *lines, cmp_str);
	int rc = 0;
	for (size_t i = 0; i < n; i++) {
		if (buf_puts(out, lines[i]))
			rc = -1;
		free(lines[i]);
	}
	free(lines);
	buf_free(&l);
	return rc;
oom:
	for (size_t i = 0; i < n; i++)
		free(lines[i]);
	free(lines);
	buf_free(&l);
	return -1;
}
