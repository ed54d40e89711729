/* tagger.c: find the aliases in a text (automaton.h), then apply the rules
 * that need the whole article: common words need support, shared aliases
 * are resolved by the other names (see tag.h, data/README.md). */
#include <stdlib.h>
#include <string.h>

#include "tag/automaton.h"
#include "tag/internal.h"
#include "tag/tag.h"
#include "util/utf8.h"

#define NONE ((size_t)-1)

struct tagger {
	const struct dict *d;
	struct trie tr;
	size_t *vendor_of; /* entity -> its vendor's entity, or NONE */
};

/* Words that, next to a common-word alias, support it (per kind). */
static const char *const qual_actor[] = {"group", "gang", "apt", "hackers", "hacker", "hacking", "actor",
					 "actors", "crew", "operators", "operator", "ransomware", "threat",
					 "campaign", "campaigns", "espionage", "cyberespionage", "affiliates",
					 "attackers", "collective", NULL};
static const char *const qual_product[] = {
	"server", "servers", "platform", "software", "client", "app", "application", "vulnerability",
	"vulnerabilities", "flaw", "flaws", "bug", "bugs", "exploit", "exploits", "browser", "patch",
	"patches", "appliance", "appliances", "firmware", "instances", "installations", "deployments",
	"zero day", "0 day", "users", "customers", "devices", "computers", "pcs", "machines", "systems", "hosts",
	"endpoints", "desktops", "laptops", NULL};
static const char *const qual_vendor[] = {"inc", "corp", "corporation", "ltd", "patched", "fixed",
					  "advisory", "advisories", NULL};

struct tagger *tagger_new(const struct dict *d, struct err *e)
{
	struct tagger *t = calloc(1, sizeof *t);
	if (!t) {
		err_set(e, "out of memory");
		return NULL;
	}
	t->d = d;
	size_t n = dict_size(d);
	if (trie_build(&t->tr, d) || !(t->vendor_of = malloc((n ? n : 1) * sizeof *t->vendor_of))) {
		tagger_free(t);
		err_set(e, "out of memory building the tagger");
		return NULL;
	}
	for (size_t i = 0; i < n; i++) {
		const struct dict_entity *x = dict_get(d, i);
		t->vendor_of[i] = NONE;
		if (x->kind == KIND_PRODUCT && x->vendor) {
			size_t v;
			if (dict_find_all(d, KIND_VENDOR, x->vendor, &v, 1))
				t->vendor_of[i] = v;
		}
	}
	return t;
}

void tagger_free(struct tagger *t)
{
	if (!t)
		return;
	trie_free(&t->tr);
	free(t->vendor_of);
	free(t);
}

/* ASCII separators (tag_is_sep). */
static const unsigned char septab[128] = {[' '] = 1, ['\t'] = 1, ['\n'] = 1, ['\r'] = 1, ['-'] = 1, ['_'] = 1};

/* Length of the separator at S[I], or 0. */
static size_t sep_at(const char *s, size_t n, size_t i)
{
	unsigned char c = (unsigned char)s[i];
	if (c < 0x80)
		return tag_is_sep(c) ? 1 : 0;
	uint32_t cp;
	size_t l = utf8_decode(s + i, n - i, &cp);
	return tag_is_sep(cp) ? l : 0;
}

static int word_at(const char *s, size_t n, size_t i)
{
	if (i >= n)
		return 0;
	unsigned char c = (unsigned char)s[i];
	if (c < 0x80)
		return utf8_is_wordchar(c);
	uint32_t cp;
	utf8_decode(s + i, n - i, &cp);
	return utf8_is_wordchar(cp);
}

/* Han, kana and hangul: scripts written without spaces, so a Latin name
 * next to them still stands on its own ("MicrosoftのExchange"). */
static int is_cjk(uint32_t c)
{
	return (c >= 0x3040 && c <= 0x30FF) || (c >= 0x3400 && c <= 0x4DBF) || (c >= 0x4E00 && c <= 0x9FFF) ||
	       (c >= 0xAC00 && c <= 0xD7AF) || (c >= 0xF900 && c <= 0xFAFF) || (c >= 0xFF66 && c <= 0xFF9F);
}

/* 1 if an alias ending at J (its last byte ASCII or not) ends a word there. */
static int word_end(const char *s, size_t n, size_t j)
{
	if (j >= n)
		return 1;
	unsigned char c = (unsigned char)s[j];
	if (c < 0x80)
		return !utf8_is_wordchar(c);
	uint32_t cp;
	utf8_decode(s + j, n - j, &cp);
	return !utf8_is_wordchar(cp) || (is_cjk(cp) && (unsigned char)s[j - 1] < 0x80);
}

/* 1 if TEXT (TN bytes) is alias A as written, separators folded. */
static int as_written(const char *a, const char *t, size_t tn)
{
	size_t an = strlen(a), i = 0, j = 0;
	for (;;) {
		int sa = 0, st = 0;
		size_t l;
		while (i < an && (l = sep_at(a, an, i)))
			i += l, sa = 1;
		while (j < tn && (l = sep_at(t, tn, j)))
			j += l, st = 1;
		if (i == an || j == tn)
			return i == an && j == tn;
		if (sa != st || a[i] != t[j])
			return 0;
		i++, j++;
	}
}

static int pattern_ok(const struct tagger *t, const struct pattern *p, const char *s, size_t len)
{
	unsigned fl = dict_alias_flags(t->d, p->ent, p->alias);
	if (!(fl & ALIAS_CASE))
		return 1;
	return as_written(dict_get(t->d, p->ent)->aliases[p->alias], s, len);
}

static int node_ok(const struct tagger *t, uint32_t node, const char *s, size_t len)
{
	for (uint32_t p = t->tr.term[node]; p != UINT32_MAX; p = t->tr.pats[p].next)
		if (pattern_ok(t, &t->tr.pats[p], s, len))
			return 1;
	return 0;
}

/* Walk the trie from word start I: the end of the longest alias that ends
 * at a word boundary and matches as written, or 0. */
static size_t walk(const struct tagger *t, const char *s, size_t n, size_t i, uint32_t *best_node)
{
	uint32_t node = 0;
	size_t j = i, best = 0;
	int sep = 0, nl = 0;
	while (j < n) {
		unsigned char c = (unsigned char)s[j];
		uint32_t cp = c;
		size_t l = 1;
		if (c >= 0x80)
			l = utf8_decode(s + j, n - j, &cp);
		if (c < 0x80 ? septab[c] : tag_is_sep(cp)) {
			if (cp == '\n' && ++nl > 1)
				break;
			sep = 1;
			j += l;
			continue;
		}
		if (sep) {
			if (!(node = trie_step(&t->tr, node, ' ')))
				break;
			sep = 0, nl = 0;
		}
		if (cp < 0x80) {
			if (!(node = trie_step(&t->tr, node, (unsigned char)(c >= 'A' && c <= 'Z' ? c + 32 : c))))
				break;
		} else {
			char tmp[4];
			size_t el = utf8_encode(utf8_tolower(cp), tmp);
			for (size_t k = 0; k < el && node; k++)
				node = trie_step(&t->tr, node, (unsigned char)tmp[k]);
			if (!node)
				break;
		}
		j += l;
		if (t->tr.term[node] != UINT32_MAX && word_end(s, n, j) && node_ok(t, node, s + i, j - i))
			best = j, *best_node = node;
	}
	return best;
}

static int is_space(unsigned char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

int tag_in_locator(const char *s, size_t n, size_t a, size_t b)
{
	if (a > 0 && (s[a - 1] == '/' || s[a - 1] == '\\' || s[a - 1] == '@'))
		return 1;
	if (a > 1 && s[a - 1] == '.' && word_at(s, n, a - 2))
		return 1;
	if (b + 1 < n && (s[b] == '.' || s[b] == '@') && word_at(s, n, b + 1) && (s[b + 1] & 0x80) == 0)
		return 1;
	if (b + 3 < n && (s[b] == '[' || s[b] == '(') && s[b + 1] == '.' && (s[b + 2] == ']' || s[b + 2] == ')'))
		return 1;
	size_t ts = a, te = b;
	while (ts > 0 && a - ts < 300 && !is_space((unsigned char)s[ts - 1]))
		ts--;
	while (te < n && te - b < 300 && !is_space((unsigned char)s[te]))
		te++;
	while (ts < a && strchr("\"'([{<", s[ts]))
		ts++;
	if (s[ts] == '/' || (s[ts] == '~' && ts + 1 < te && s[ts + 1] == '/'))
		return 1;
	size_t firstslash = NONE, firstdot = NONE;
	for (size_t i = ts; i < te; i++) {
		char c = s[i];
		if (c == '@' || c == '\\')
			return 1;
		if (c == ':' && i + 2 < te && s[i + 1] == '/' && s[i + 2] == '/')
			return 1;
		if (c == '/' && firstslash == NONE)
			firstslash = i;
		if (c == '.' && firstdot == NONE && i + 1 < te && word_at(s, n, i + 1) && i > ts && word_at(s, n, i - 1))
			firstdot = i;
	}
	return firstslash != NONE && firstdot != NONE && firstdot < firstslash;
}

/* A place in the text where some alias matched. */
struct cand {
	size_t s, e;
	int field;
	uint32_t node;
	const char *text; /* the field's text */
	size_t n;
};

struct cands {
	struct cand *v;
	size_t n, cap;
};

/* ASCII letters and digits: 1; other ASCII: 0; bytes >= 0x80: 2 (decode). */
static const unsigned char wordtab[128] = {
	['0'] = 1, ['1'] = 1, ['2'] = 1, ['3'] = 1, ['4'] = 1, ['5'] = 1, ['6'] = 1, ['7'] = 1, ['8'] = 1,
	['9'] = 1, ['A'] = 1, ['B'] = 1, ['C'] = 1, ['D'] = 1, ['E'] = 1, ['F'] = 1, ['G'] = 1, ['H'] = 1,
	['I'] = 1, ['J'] = 1, ['K'] = 1, ['L'] = 1, ['M'] = 1, ['N'] = 1, ['O'] = 1, ['P'] = 1, ['Q'] = 1,
	['R'] = 1, ['S'] = 1, ['T'] = 1, ['U'] = 1, ['V'] = 1, ['W'] = 1, ['X'] = 1, ['Y'] = 1, ['Z'] = 1,
	['a'] = 1, ['b'] = 1, ['c'] = 1, ['d'] = 1, ['e'] = 1, ['f'] = 1, ['g'] = 1, ['h'] = 1, ['i'] = 1,
	['j'] = 1, ['k'] = 1, ['l'] = 1, ['m'] = 1, ['n'] = 1, ['o'] = 1, ['p'] = 1, ['q'] = 1, ['r'] = 1,
	['s'] = 1, ['t'] = 1, ['u'] = 1, ['v'] = 1, ['w'] = 1, ['x'] = 1, ['y'] = 1, ['z'] = 1};


static inline int wordclass(unsigned char c)
{
	return c >= 0x80 ? 2 : wordtab[c];
}

static int add_cand(struct cands *out, struct cand c)
{
	if (out->n == out->cap) {
		size_t cap = out->cap ? out->cap * 2 : 64;
		struct cand *v = realloc(out->v, cap * sizeof *v);
		if (!v)
			return -1;
		out->v = v, out->cap = cap;
	}
	out->v[out->n++] = c;
	return 0;
}

/* Every alias match in S: walk the trie from each word start. */
static int find(const struct tagger *t, const char *s, size_t n, int field, struct cands *out,
		struct mention_list *ids)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t i = 0;
	while (i < n) {
		unsigned char c = u[i];
		int w = wordclass(c);
		if (w == 0) {
			i++;
			continue;
		}
		size_t l = 1;
		int cjk = 0;
		if (w == 2) {
			uint32_t cp;
			l = utf8_decode(s + i, n - i, &cp);
			if (!utf8_is_wordchar(cp)) {
				i += l;
				continue;
			}
			cjk = is_cjk(cp);
		}
		/* a word starts at I: an identifier? */
		if (c == 'C' || c == 'c' || c == 'G' || c == 'g' || c == 'T') {
			int rc;
			size_t e = ids_at(t->d, s, n, i, field, ids, &rc);
			if (rc)
				return -1;
			if (e) {
				i = e;
				continue;
			}
		}
		/* walk unless its first two bytes start no alias */
		size_t ws = i;
		int go = 1;
		if (w == 1) {
			unsigned char c2 = i + 1 < n ? u[i + 1] : ' ';
			if (c2 < 0x80) {
				unsigned char c1 = c >= 'A' && c <= 'Z' ? c + 32 : c;
				c2 = c2 >= 'A' && c2 <= 'Z' ? c2 + 32 : septab[c2] ? ' ' : c2;
				go = trie_may_start(&t->tr, c1, c2);
				unsigned char c3 = i + 2 < n ? u[i + 2] : ' ';
				c3 = c3 >= 'A' && c3 <= 'Z' ? c3 + 32 : c3;
				int a = trie_c36(c1), b = trie_c36(c2), d = trie_c36(c3);
				if (go && a >= 0 && b >= 0 && d >= 0)
					go = trie_may_start3(&t->tr, a, b, d);
			} else {
				go = t->tr.root[c >= 'A' && c <= 'Z' ? c + 32 : c] != 0;
			}
		}
		if (go) {
			uint32_t node = 0;
			size_t e = walk(t, s, n, i, &node);
			if (e) {
				if (!tag_in_locator(s, n, i, e) && add_cand(out, (struct cand){i, e, field, node, s, n}))
					return -1;
				i = e; /* the next character is not a word character */
				continue;
			}
		}
		/* skip the rest of the word (a CJK character is a word of its own) */
		i += l;
		while (!cjk) {
			while (i < n && u[i] < 0x80 && wordtab[u[i]])
				i++;
			if (i >= n || wordclass(u[i]) == 0)
				break;
			uint32_t cp;
			size_t l2 = utf8_decode(s + i, n - i, &cp);
			if (!utf8_is_wordchar(cp) || is_cjk(cp))
				break;
			i += l2;
		}
		if ((i - ws == 32 || i - ws == 40 || i - ws == 64) && ids_hash(s, ws, i, field, ids))
			return -1;
	}
	return 0;
}

/* 1 if WORD (W bytes) is in the NULL-terminated LIST or in the comma list CTX. */
static int in_list(const char *w, size_t wl, const char *const *list, const char *ctx)
{
	for (; list && *list; list++)
		if (strlen(*list) == wl && strncasecmp(*list, w, wl) == 0)
			return 1;
	while (ctx && *ctx) {
		const char *c = strchr(ctx, ',');
		size_t cl = c ? (size_t)(c - ctx) : strlen(ctx);
		if (cl == wl && strncasecmp(ctx, w, wl) == 0)
			return 1;
		ctx = c ? c + 1 : NULL;
	}
	return 0;
}

/* 1 if the word just before or just after the candidate is a qualifier. */
static int qualified(const struct tagger *t, const struct cand *c, size_t ent)
{
	const struct dict_entity *x = dict_get(t->d, ent);
	const char *const *list = x->kind == KIND_ACTOR ? qual_actor : x->kind == KIND_PRODUCT ? qual_product
												: qual_vendor;
	const char *ctx = dict_entity_context(t->d, ent);
	const char *s = c->text;
	size_t n = c->n, i = c->e;
	/* after (not after a possessive: "Lorenz's group" is his) */
	while (i < n && (s[i] == ' ' || s[i] == '-'))
		i++;
	size_t j = i;
	while (j < n && word_at(s, n, j))
		j++;
	if (j > i && in_list(s + i, j - i, list, ctx))
		return 1;
	/* before */
	size_t k = c->s;
	while (k > 0 && (s[k - 1] == ' ' || s[k - 1] == '-'))
		k--;
	size_t b = k;
	while (b > 0 && word_at(s, n, b - 1))
		b--;
	return k > b && in_list(s + b, k - b, list, ctx);
}

static int cmp_mention(const void *a, const void *b)
{
	const struct mention *x = a, *y = b;
	if (x->field != y->field)
		return x->field < y->field ? -1 : 1;
	if (x->offset != y->offset)
		return x->offset < y->offset ? -1 : 1;
	return x->kind - y->kind;
}

/* Choose, for candidate C and kind K, the entity to emit (NONE: nothing). */
static size_t choose(const struct tagger *t, const struct cand *c, int k, const unsigned char *strong,
		     int pass)
{
	size_t best = NONE;
	int bestscore = -1, nplain = 0, ncommon = 0;
	for (uint32_t p = t->tr.term[c->node]; p != UINT32_MAX; p = t->tr.pats[p].next) {
		const struct pattern *pt = &t->tr.pats[p];
		if (dict_get(t->d, pt->ent)->kind != k || !pattern_ok(t, pt, c->text + c->s, c->e - c->s))
			continue;
		if (dict_alias_flags(t->d, pt->ent, pt->alias) & ALIAS_COMMON)
			ncommon++;
		else
			nplain++;
	}
	for (uint32_t p = t->tr.term[c->node]; p != UINT32_MAX; p = t->tr.pats[p].next) {
		const struct pattern *pt = &t->tr.pats[p];
		if (dict_get(t->d, pt->ent)->kind != k || !pattern_ok(t, pt, c->text + c->s, c->e - c->s))
			continue;
		int common = (dict_alias_flags(t->d, pt->ent, pt->alias) & ALIAS_COMMON) != 0;
		if (nplain && common)
			continue; /* a plain alias of this spelling wins */
		size_t v = t->vendor_of[pt->ent];
		/* support: the entity named by another name (or, for a vendor,
		 * one of its products), a product's vendor named */
		int score = 2 * (strong[pt->ent] != 0) + (v != NONE && strong[v] == 1);
		if (common && pass < 2)
			continue;
		if (common && !score && !qualified(t, c, pt->ent))
			continue;
		if (pass == 0 && nplain > 1)
			continue; /* shared: decided in pass 1 */
		if (score > bestscore)
			bestscore = score, best = pt->ent;
	}
	(void)ncommon;
	return best;
}

/* Resolve the candidates and append mentions. */
static int resolve(const struct tagger *t, const struct cands *cs, struct mention_list *out)
{
	size_t n = dict_size(t->d);
	unsigned char *strong = calloc(n ? n : 1, 1);
	size_t *pick = malloc((cs->n ? cs->n : 1) * 3 * sizeof *pick);
	if (!strong || !pick) {
		free(strong), free(pick);
		return -1;
	}
	for (size_t i = 0; i < cs->n * 3; i++)
		pick[i] = NONE;
	/* pass 0: unshared plain aliases; 1: shared plain ones; 2: common words */
	for (int pass = 0; pass < 3; pass++)
		for (size_t i = 0; i < cs->n; i++)
			for (int k = KIND_ACTOR; k <= KIND_PRODUCT; k++) {
				if (pick[i * 3 + k] != NONE)
					continue;
				size_t ent = choose(t, &cs->v[i], k, strong, pass);
				if (ent == NONE)
					continue;
				pick[i * 3 + k] = ent;
				if (pass < 2) {
					strong[ent] = 1;
					/* a product named supports its vendor's common names */
					if (t->vendor_of[ent] != NONE && !strong[t->vendor_of[ent]])
						strong[t->vendor_of[ent]] = 2;
				}
			}
	int rc = 0;
	for (size_t i = 0; i < cs->n && !rc; i++)
		for (int k = KIND_ACTOR; k <= KIND_PRODUCT && !rc; k++) {
			if (pick[i * 3 + k] == NONE)
				continue;
			const struct dict_entity *x = dict_get(t->d, pick[i * 3 + k]);
			const struct cand *c = &cs->v[i];
			rc = mention_list_add(out, k, x->name, x->vendor, c->text + c->s, c->e - c->s, c->field, c->s,
					      c->e - c->s);
		}
	free(strong), free(pick);
	return rc;
}

static int tag_fields(const struct tagger *t, const char *const *texts, const size_t *lens, const int *fields,
		      int nf, struct mention_list *out)
{
	struct cands cs = {0};
	size_t first = out->n;
	int rc = 0;
	for (int f = 0; f < nf && !rc; f++)
		if (texts[f])
			rc = find(t, texts[f], lens[f], fields[f], &cs, out);
	if (!rc)
		rc = resolve(t, &cs, out);
	for (int f = 0; f < nf && !rc; f++)
		if (texts[f])
			rc = ids_scan(t->d, texts[f], lens[f], fields[f], out);
	free(cs.v);
	if (!rc && out->n > first)
		qsort(out->v + first, out->n - first, sizeof *out->v, cmp_mention);
	return rc;
}

int tagger_tag_text(const struct tagger *t, const char *text, size_t n, int field, struct mention_list *out)
{
	return tag_fields(t, &text, &n, &field, 1, out);
}

int tagger_tag_article(const struct tagger *t, const struct article *a, struct mention_list *out)
{
	const char *texts[2] = {a->title, a->body};
	size_t lens[2] = {a->title ? strlen(a->title) : 0, a->body ? strlen(a->body) : 0};
	int fields[2] = {FIELD_TITLE, FIELD_BODY};
	return tag_fields(t, texts, lens, fields, 2, out);
}
