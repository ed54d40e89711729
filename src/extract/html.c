/* html.c: the article body of an HTML page, readability-style: parse with
 * libxml2 (recover mode, no network), drop what cannot be content, score
 * block containers by the paragraphs they hold (text length, commas, class
 * and id hints, link density), take the best one with its related siblings,
 * clean it conditionally, and write its text out as paragraphs.
 *
 * Every DOM walk is linear: per-node figures (text length, link text,
 * counts of paragraphs, images, list items, ...) are computed in one
 * bottom-up pass and kept in a side record per element (node->_private). */
#include "extract/internal.h"

#include <libxml/HTMLparser.h>
#include <libxml/tree.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "util/utf8.h"

/* ---- tags --------------------------------------------------------------- */

enum tag {
	T_OTHER, T_A, T_ABBR, T_ADDRESS, T_ARTICLE, T_ASIDE, T_AUDIO, T_B, T_BDO, T_BLOCKQUOTE, T_BODY,
	T_BR, T_BUTTON, T_CANVAS, T_CAPTION, T_CENTER, T_CITE, T_CODE, T_COL, T_COLGROUP, T_DATA,
	T_DATALIST, T_DD, T_DEL, T_DETAILS, T_DFN, T_DIALOG, T_DIV, T_DL, T_DT, T_EM, T_EMBED,
	T_FIELDSET, T_FIGCAPTION, T_FIGURE, T_FONT, T_FOOTER, T_FORM, T_H1, T_H2, T_H3, T_H4, T_H5,
	T_H6, T_HEAD, T_HEADER, T_HR, T_HTML, T_I, T_IFRAME, T_IMG, T_INPUT, T_INS, T_KBD, T_LABEL,
	T_LI, T_LINK, T_MAIN, T_MARK, T_MATH, T_META, T_METER, T_NAV, T_NOSCRIPT, T_OBJECT, T_OL,
	T_OPTION, T_OUTPUT, T_P, T_PICTURE, T_PRE, T_PROGRESS, T_Q, T_RUBY, T_S, T_SAMP, T_SCRIPT,
	T_SECTION, T_SELECT, T_SMALL, T_SOURCE, T_SPAN, T_STRONG, T_STYLE, T_SUB, T_SUMMARY, T_SUP,
	T_SVG, T_TABLE, T_TBODY, T_TD, T_TEMPLATE, T_TEXTAREA, T_TFOOT, T_TH, T_THEAD, T_TIME,
	T_TITLE, T_TR, T_U, T_UL, T_VAR, T_VIDEO, T_WBR
};

static const struct {
	const char *name;
	unsigned char tag;
} tags[] = {
	{"a", T_A}, {"abbr", T_ABBR}, {"address", T_ADDRESS}, {"article", T_ARTICLE},
	{"aside", T_ASIDE}, {"audio", T_AUDIO}, {"b", T_B}, {"bdo", T_BDO},
	{"blockquote", T_BLOCKQUOTE}, {"body", T_BODY}, {"br", T_BR}, {"button", T_BUTTON},
	{"canvas", T_CANVAS}, {"caption", T_CAPTION}, {"center", T_CENTER}, {"cite", T_CITE},
	{"code", T_CODE}, {"col", T_COL}, {"colgroup", T_COLGROUP}, {"data", T_DATA},
	{"datalist", T_DATALIST}, {"dd", T_DD}, {"del", T_DEL}, {"details", T_DETAILS},
	{"dfn", T_DFN}, {"dialog", T_DIALOG}, {"div", T_DIV}, {"dl", T_DL}, {"dt", T_DT},
	{"em", T_EM}, {"embed", T_EMBED}, {"fieldset", T_FIELDSET}, {"figcaption", T_FIGCAPTION},
	{"figure", T_FIGURE}, {"font", T_FONT}, {"footer", T_FOOTER}, {"form", T_FORM},
	{"h1", T_H1}, {"h2", T_H2}, {"h3", T_H3}, {"h4", T_H4}, {"h5", T_H5}, {"h6", T_H6},
	{"head", T_HEAD}, {"header", T_HEADER}, {"hr", T_HR}, {"html", T_HTML}, {"i", T_I},
	{"iframe", T_IFRAME}, {"img", T_IMG}, {"input", T_INPUT}, {"ins", T_INS}, {"kbd", T_KBD},
	{"label", T_LABEL}, {"li", T_LI}, {"link", T_LINK}, {"main", T_MAIN}, {"mark", T_MARK},
	{"math", T_MATH}, {"meta", T_META}, {"meter", T_METER}, {"nav", T_NAV},
	{"noscript", T_NOSCRIPT}, {"object", T_OBJECT}, {"ol", T_OL}, {"option", T_OPTION},
	{"output", T_OUTPUT}, {"p", T_P}, {"picture", T_PICTURE}, {"pre", T_PRE},
	{"progress", T_PROGRESS}, {"q", T_Q}, {"ruby", T_RUBY}, {"s", T_S}, {"samp", T_SAMP},
	{"script", T_SCRIPT}, {"section", T_SECTION}, {"select", T_SELECT}, {"small", T_SMALL},
	{"source", T_SOURCE}, {"span", T_SPAN}, {"strong", T_STRONG}, {"style", T_STYLE},
	{"sub", T_SUB}, {"summary", T_SUMMARY}, {"sup", T_SUP}, {"svg", T_SVG}, {"table", T_TABLE},
	{"tbody", T_TBODY}, {"td", T_TD}, {"template", T_TEMPLATE}, {"textarea", T_TEXTAREA},
	{"tfoot", T_TFOOT}, {"th", T_TH}, {"thead", T_THEAD}, {"time", T_TIME}, {"title", T_TITLE},
	{"tr", T_TR}, {"u", T_U}, {"ul", T_UL}, {"var", T_VAR}, {"video", T_VIDEO}, {"wbr", T_WBR},
};

static int tag_of_name(const char *name)
{
	size_t lo = 0, hi = sizeof tags / sizeof tags[0];
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		int c = strcmp(name, tags[mid].name);
		if (c == 0)
			return tags[mid].tag;
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return T_OTHER;
}

static int is_heading(int t)
{
	return t >= T_H1 && t <= T_H6;
}

/* ---- per-node records ---------------------------------------------------- */

struct ni {
	double score;
	unsigned text;     /* length of the collapsed text, in code points */
	double link;       /* text inside links (links to "#..." weigh 0.3) */
	unsigned commas;
	unsigned np, nimg, nli, ninput, nembed, ntable, ndatatable;
	unsigned head;     /* text inside headings */
	unsigned list;     /* text inside ul/ol */
	unsigned rows, cols, cells, special; /* table shape */
	unsigned char tag;
	unsigned char scored, datatable, counted;
};

#define ARENA_BLOCK 1024

struct ctx {
	xmlDoc *doc;
	struct ni **blocks;
	size_t nblocks, used; /* records used in the last block */
	const char *title;    /* the article title, to drop a heading repeating it */
	const char *desc;     /* the page's description, to drop a standfirst repeating it */
	int have_byline;
	char *byline;         /* a byline found in the page (caller frees) */
	int strip_unlikely, weight_classes, clean_conditionally, keep_hidden;
	xmlNode **score; /* elements to score */
	size_t nscore, capscore;
	int oom;
	struct ni scratch; /* handed out when memory runs out */
	int passes;        /* attempts made on this page */
	/* every node a pass takes out of the page or moves into the article,
	 * with where it was, so the next pass can put the page back */
	struct jentry {
		xmlNode *node, *parent, *prev;
	} *journal;
	size_t njournal, capjournal;
};

static struct ni *ni_new(struct ctx *c)
{
	if (c->nblocks == 0 || c->used == ARENA_BLOCK) {
		struct ni **nb = realloc(c->blocks, (c->nblocks + 1) * sizeof *nb);
		if (!nb)
			return NULL;
		c->blocks = nb;
		if (!(nb[c->nblocks] = calloc(ARENA_BLOCK, sizeof **nb)))
			return NULL;
		c->nblocks++;
		c->used = 0;
	}
	return &c->blocks[c->nblocks - 1][c->used++];
}

/* The record of element N (created on first use; NULL only out of memory). */
static struct ni *NI(struct ctx *c, xmlNode *n)
{
	if (!n->_private) {
		struct ni *r = ni_new(c);
		if (!r) {
			c->oom = 1;
			memset(&c->scratch, 0, sizeof c->scratch);
			return &c->scratch;
		}
		r->tag = (unsigned char)tag_of_name((const char *)n->name);
		n->_private = r;
	}
	return n->_private;
}

static int TAG(struct ctx *c, xmlNode *n)
{
	return n->type == XML_ELEMENT_NODE ? NI(c, n)->tag : -1;
}

static void set_tag(struct ctx *c, xmlNode *n, const char *name)
{
	xmlNodeSetName(n, (const xmlChar *)name);
	NI(c, n)->tag = (unsigned char)tag_of_name(name);
}

static void ctx_free(struct ctx *c)
{
	free(c->journal);
	for (size_t i = 0; i < c->nblocks; i++)
		free(c->blocks[i]);
	free(c->blocks);
	free(c->score);
	free(c->byline);
}

/* ---- small DOM helpers --------------------------------------------------- */

static const char *attr(xmlNode *n, const char *name)
{
	for (xmlAttr *a = n->properties; a; a = a->next)
		if (a->children && a->children->type == XML_TEXT_NODE && strcmp((const char *)a->name, name) == 0)
			return (const char *)a->children->content;
	return NULL;
}

static xmlNode *first_el(xmlNode *n)
{
	for (xmlNode *c = n ? n->children : NULL; c; c = c->next)
		if (c->type == XML_ELEMENT_NODE)
			return c;
	return NULL;
}

static xmlNode *next_el(xmlNode *n)
{
	for (xmlNode *c = n->next; c; c = c->next)
		if (c->type == XML_ELEMENT_NODE)
			return c;
	return NULL;
}

/* The next element in document order; with SKIP_KIDS, not inside N. */
static xmlNode *next_node(xmlNode *n, int skip_kids)
{
	xmlNode *f;
	if (!skip_kids && (f = first_el(n)))
		return f;
	while (n) {
		xmlNode *s = next_el(n);
		if (s)
			return s;
		n = n->parent;
		if (n && n->type != XML_ELEMENT_NODE)
			return NULL;
	}
	return NULL;
}

/* Take N out of the tree, recording where it was (see undo_journal). Out
 * of memory, N stays where it is (and the caller's pass sees it). */
static int detach(struct ctx *c, xmlNode *n)
{
	if (c->njournal == c->capjournal) {
		size_t cap = c->capjournal ? 2 * c->capjournal : 256;
		struct jentry *j = realloc(c->journal, cap * sizeof *j);
		if (!j) {
			c->oom = 1;
			return -1;
		}
		c->journal = j;
		c->capjournal = cap;
	}
	c->journal[c->njournal++] = (struct jentry){n, n->parent, n->prev};
	xmlUnlinkNode(n);
	return 0;
}

/* Link N as the last child of PARENT, without libxml2's merging of
 * adjacent text nodes (which would free N). */
static void link_last(xmlNode *parent, xmlNode *n)
{
	n->parent = parent;
	n->next = NULL;
	n->prev = parent->last;
	if (parent->last)
		parent->last->next = n;
	else
		parent->children = n;
	parent->last = n;
}

/* Move N to the end of PARENT (the article), recorded in the journal. */
static void move_to(struct ctx *c, xmlNode *n, xmlNode *parent)
{
	if (detach(c, n) == 0)
		link_last(parent, n);
}

/* Put back every node the pass took out or moved, last first. */
static void undo_journal(struct ctx *c)
{
	while (c->njournal) {
		struct jentry *j = &c->journal[--c->njournal];
		xmlNode *n = j->node;
		if (n->parent || n->prev || n->next)
			xmlUnlinkNode(n);
		n->parent = j->parent;
		n->prev = j->prev;
		if (j->prev) {
			n->next = j->prev->next;
			j->prev->next = n;
		} else {
			n->next = j->parent->children;
			j->parent->children = n;
		}
		if (n->next)
			n->next->prev = n;
		else
			j->parent->last = n;
	}
}

static xmlNode *remove_and_next(struct ctx *c, xmlNode *n)
{
	xmlNode *next = next_node(n, 1);
	detach(c, n);
	return next;
}

static int is_ws_text(const xmlNode *n)
{
	if (n->type != XML_TEXT_NODE && n->type != XML_CDATA_SECTION_NODE)
		return 0;
	for (const xmlChar *s = n->content; s && *s; s++)
		if (*s != ' ' && *s != '\t' && *s != '\n' && *s != '\r' && *s != '\f')
			return 0;
	return 1;
}

/* Case-insensitive substring test (NEEDLE in lowercase). */
static int has_ci(const char *s, const char *needle)
{
	size_t m = strlen(needle);
	char first = needle[0];
	for (; s && *s; s++)
		if ((*s | 32) == first && strncasecmp(s, needle, m) == 0)
			return 1;
	return 0;
}

/* A class or id string lowercased, with the set of its byte pairs, so
 * that a pattern whose first two bytes are absent is rejected at once. */
struct lowstr {
	char s[512];
	uint64_t pairs[8]; /* 512-bit set, hashed pairs of bytes */
};

static unsigned pair_hash(unsigned char a, unsigned char b)
{
	return ((unsigned)a * 31u + b) & 511u;
}

static void lower_into(const char *s, struct lowstr *l)
{
	size_t k = 0;
	memset(l->pairs, 0, sizeof l->pairs);
	for (; s && s[k] && k + 1 < sizeof l->s; k++) {
		l->s[k] = (char)((s[k] >= 'A' && s[k] <= 'Z') ? s[k] + 32 : s[k]);
		if (k) {
			unsigned h = pair_hash((unsigned char)l->s[k - 1], (unsigned char)l->s[k]);
			l->pairs[h >> 6] |= (uint64_t)1 << (h & 63);
		}
	}
	l->s[k] = '\0';
}

/* 1 if L holds any of the patterns in LIST (lowercase, two bytes or more). */
static int has_any(const struct lowstr *l, const char *const *list)
{
	if (!l->s[0])
		return 0;
	for (; *list; list++) {
		const char *p = *list;
		unsigned h = pair_hash((unsigned char)p[0], (unsigned char)p[1]);
		if ((l->pairs[h >> 6] >> (h & 63)) & 1)
			if (strstr(l->s, p))
				return 1;
	}
	return 0;
}

/* 1 if S holds any of the patterns in LIST, ignoring case. */
static int match_any(const char *s, const char *const *list)
{
	struct lowstr l;
	if (!s || !*s)
		return 0;
	lower_into(s, &l);
	return has_any(&l, list);
}

/* "hid" as a whole class word. */
static int has_hid_word(const char *s)
{
	for (const char *p = s; p && (p = strstr(p, "hid")) != NULL; p += 3)
		if ((p == s || p[-1] == ' ') && (p[3] == '\0' || p[3] == ' '))
			return 1;
	return 0;
}

static const char *const UNLIKELY[] = {
	"-ad-", "ai2html", "banner", "breadcrumbs", "combx", "comment", "community", "cover-wrap",
	"disqus", "extra", "footer", "gdpr", "header", "legends", "menu", "related", "remark", "replies",
	"rss", "shoutbox", "sidebar", "skyscraper", "social", "sponsor", "supplemental", "ad-break",
	"agegate", "pagination", "pager", "popup", "yom-remote", "footnote", "newsletter", "cookie",
	"signup", NULL};
static const char *const MAYBE[] = {
	"and", "article", "body", "column", "content", "main", "mathjax", "shadow", NULL};
static const char *const POSITIVE[] = {
	"article", "body", "content", "entry", "hentry", "h-entry", "main", "page", "pagination", "post",
	"text", "blog", "story", NULL};
static const char *const NEGATIVE[] = {
	"-ad-", "hidden", "banner", "combx", "comment", "com-", "contact", "footer", "gdpr", "masthead",
	"media", "meta", "outbrain", "promo", "related", "scroll", "share", "shoutbox", "sidebar",
	"skyscraper", "sponsor", "shopping", "tags", "widget", NULL};
static const char *const DEK[] = {
	"intro", "dek", "standfirst", "subtitle", "subhead", "summary", "teaser", "excerpt", "kicker",
	"lede", "deck", NULL};
static const char *const BYLINE[] = {
	"byline", "author", "dateline", "writtenby", "p-author", NULL};

static int class_weight(struct ctx *c, xmlNode *n)
{
	if (!c->weight_classes)
		return 0;
	int w = 0;
	const char *cl = attr(n, "class"), *id = attr(n, "id");
	if (cl && *cl) {
		if (match_any(cl, NEGATIVE) || has_hid_word(cl))
			w -= 25;
		if (match_any(cl, POSITIVE))
			w += 25;
	}
	if (id && *id) {
		if (match_any(id, NEGATIVE) || has_hid_word(id))
			w -= 25;
		if (match_any(id, POSITIVE))
			w += 25;
	}
	return w;
}

/* 1 if N has an ancestor with tag T within DEPTH levels (0: any). */
static int has_ancestor(struct ctx *c, xmlNode *n, int t, int depth)
{
	int d = 0;
	for (xmlNode *p = n->parent; p && p->type == XML_ELEMENT_NODE; p = p->parent) {
		if (depth > 0 && d++ >= depth)
			return 0;
		if (TAG(c, p) == t)
			return 1;
	}
	return 0;
}

/* The attributes the first walk looks at, found in one scan. */
struct attrs {
	const char *cls, *id, *style, *aria_hidden, *aria_modal, *role, *rel, *itemprop;
	int hidden;
};

static void get_attrs(xmlNode *n, struct attrs *a)
{
	memset(a, 0, sizeof *a);
	for (xmlAttr *p = n->properties; p; p = p->next) {
		const char *nm = (const char *)p->name;
		const char *v = p->children && p->children->type == XML_TEXT_NODE ? (const char *)p->children->content
									       : "";
		switch (nm[0]) {
		case 'c':
			if (strcmp(nm, "class") == 0)
				a->cls = v;
			break;
		case 'i':
			if (strcmp(nm, "id") == 0)
				a->id = v;
			else if (strcmp(nm, "itemprop") == 0)
				a->itemprop = v;
			break;
		case 's':
			if (strcmp(nm, "style") == 0)
				a->style = v;
			break;
		case 'h':
			if (strcmp(nm, "hidden") == 0)
				a->hidden = 1;
			break;
		case 'a':
			if (strcmp(nm, "aria-hidden") == 0)
				a->aria_hidden = v;
			else if (strcmp(nm, "aria-modal") == 0)
				a->aria_modal = v;
			break;
		case 'r':
			if (strcmp(nm, "role") == 0)
				a->role = v;
			else if (strcmp(nm, "rel") == 0)
				a->rel = v;
			break;
		default:
			break;
		}
	}
}

static int is_visible(const struct attrs *a)
{
	if (a->style) {
		char s[256];
		size_t k = 0;
		for (const char *p = a->style; *p && k + 1 < sizeof s; p++)
			if (*p != ' ')
				s[k++] = (char)((*p >= 'A' && *p <= 'Z') ? *p + 32 : *p);
		s[k] = '\0';
		if (strstr(s, "display:none") || strstr(s, "visibility:hidden"))
			return 0;
	}
	if (a->hidden)
		return 0;
	if (a->aria_hidden && strcmp(a->aria_hidden, "true") == 0)
		return a->cls && strstr(a->cls, "fallback-image");
	return 1;
}

/* Collapsed text length of the string S in code points, and its commas. */
static unsigned text_len(const char *s, unsigned *commas)
{
	unsigned len = 0;
	int space = 0;
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		unsigned char ch = *p;
		if (ch == ' ' || ch == '\n' || ch == '\t' || ch == '\r' || ch == '\f') {
			space = 1;
			continue;
		}
		if ((ch & 0xC0) == 0x80)
			continue;
		if (space && len)
			len++;
		space = 0;
		len++;
		if (ch == ',')
			(*commas)++;
		else if (ch == 0xEF && p[1] == 0xBC && p[2] == 0x8C) /* U+FF0C */
			(*commas)++;
		else if (ch == 0xD8 && p[1] == 0x8C) /* U+060C */
			(*commas)++;
		else if (ch == 0xE3 && p[1] == 0x80 && p[2] == 0x81) /* U+3001 */
			(*commas)++;
	}
	if (space && len)
		len++;
	return len;
}

/* ---- statistics, bottom-up -------------------------------------------------- */

/* Compute the figures of every element below ROOT (and ROOT) in one
 * post-order pass. */
static void compute_stats(struct ctx *c, xmlNode *root)
{
	xmlNode *n = root;
	/* descend to the first leaf, then walk post-order */
	for (;;) {
		while (n->children && !(n->type == XML_ELEMENT_NODE && NI(c, n)->counted))
			n = n->children;
		for (;;) {
			if (n->type == XML_ELEMENT_NODE && !NI(c, n)->counted) {
				struct ni *r = NI(c, n);
				r->counted = 1;
				r->text = r->commas = r->np = r->nimg = r->nli = r->ninput = r->nembed = 0;
				r->ntable = r->ndatatable = r->head = r->list = r->rows = r->cols = 0;
				r->cells = r->special = 0;
				r->link = 0;
				for (xmlNode *k = n->children; k; k = k->next) {
					if (k->type == XML_TEXT_NODE || k->type == XML_CDATA_SECTION_NODE) {
						if (k->content)
							r->text += text_len((const char *)k->content, &r->commas);
					} else if (k->type == XML_ELEMENT_NODE) {
						struct ni *q = k->_private;
						if (!q)
							continue;
						r->text += q->text;
						r->commas += q->commas;
						r->link += q->link;
						r->np += q->np + (q->tag == T_P);
						r->nimg += q->nimg + (q->tag == T_IMG);
						r->nli += q->nli + (q->tag == T_LI);
						r->ninput += q->ninput + (q->tag == T_INPUT);
						r->nembed += q->nembed + (q->tag == T_OBJECT || q->tag == T_EMBED ||
									 q->tag == T_IFRAME);
						r->ntable += q->ntable + (q->tag == T_TABLE);
						r->ndatatable += q->ndatatable + q->datatable;
						r->head += is_heading(q->tag) ? q->text : q->head;
						r->list += (q->tag == T_UL || q->tag == T_OL) ? q->text : q->list;
						if (q->tag == T_TD || q->tag == T_TH) {
							const char *cs = attr(k, "colspan");
							int span = cs ? atoi(cs) : 1;
							r->cells += span > 0 && span < 100 ? (unsigned)span : 1;
						}
						if (q->tag == T_TH || q->tag == T_THEAD || q->tag == T_TFOOT ||
						    q->tag == T_COL || q->tag == T_COLGROUP ||
						    (q->tag == T_CAPTION && k->children))
							r->special++;
						if (q->tag == T_TR) {
							r->rows++;
							if (q->cells > r->cols)
								r->cols = q->cells;
						} else if (q->tag != T_TABLE) {
							r->rows += q->rows;
							if (q->cols > r->cols)
								r->cols = q->cols;
						}
						r->special += q->tag == T_TABLE ? 0 : q->special;
					}
				}
				if (r->tag == T_A) {
					const char *h = attr(n, "href");
					r->link = r->text * ((h && h[0] == '#') ? 0.3 : 1.0);
				}
				if (r->tag == T_TABLE) {
					const char *role = attr(n, "role"), *dt = attr(n, "datatable");
					if ((role && strcmp(role, "presentation") == 0) || (dt && strcmp(dt, "0") == 0))
						r->datatable = 0;
					else if (attr(n, "summary") || r->special)
						r->datatable = 1;
					else if (r->ntable)
						r->datatable = 0;
					else if (r->rows == 1 || r->cols == 1)
						r->datatable = 0;
					else
						r->datatable = r->rows >= 10 || r->cols > 4 || r->rows * r->cols > 10;
				}
			}
			if (n == root)
				return;
			if (n->next) {
				n = n->next;
				break;
			}
			n = n->parent;
		}
	}
}

/* Remove N and take its figures off its ancestors up to STOP. */
static void remove_counted(struct ctx *c, xmlNode *n, xmlNode *stop)
{
	struct ni *r = NI(c, n);
	for (xmlNode *p = n->parent; p && p->type == XML_ELEMENT_NODE; p = p->parent) {
		struct ni *q = NI(c, p);
		q->text -= r->text < q->text ? r->text : q->text;
		q->link -= r->link < q->link ? r->link : q->link;
		q->commas -= r->commas < q->commas ? r->commas : q->commas;
		q->np -= (r->np + (r->tag == T_P)) <= q->np ? r->np + (r->tag == T_P) : q->np;
		q->nimg -= (r->nimg + (r->tag == T_IMG)) <= q->nimg ? r->nimg + (r->tag == T_IMG) : q->nimg;
		q->nli -= (r->nli + (r->tag == T_LI)) <= q->nli ? r->nli + (r->tag == T_LI) : q->nli;
		q->ninput -= r->ninput <= q->ninput ? r->ninput : q->ninput;
		q->nembed -= r->nembed <= q->nembed ? r->nembed : q->nembed;
		unsigned h = is_heading(r->tag) ? r->text : r->head;
		q->head -= h <= q->head ? h : q->head;
		unsigned l = (r->tag == T_UL || r->tag == T_OL) ? r->text : r->list;
		q->list -= l <= q->list ? l : q->list;
		if (p == stop)
			break;
	}
	detach(c, n);
}

static double link_density(struct ni *r)
{
	return r->text ? r->link / r->text : 0;
}

/* ---- preparing the document ------------------------------------------------ */

/* Phrasing content: text, inline elements, and a/del/ins holding only those. */
static int is_phrasing(struct ctx *c, xmlNode *n)
{
	if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE)
		return 1;
	if (n->type != XML_ELEMENT_NODE)
		return n->type == XML_ENTITY_REF_NODE;
	switch (TAG(c, n)) {
	case T_ABBR: case T_AUDIO: case T_B: case T_BDO: case T_BR: case T_BUTTON: case T_CITE:
	case T_CODE: case T_DATA: case T_DATALIST: case T_DFN: case T_EM: case T_EMBED: case T_I:
	case T_IMG: case T_INPUT: case T_KBD: case T_LABEL: case T_MARK: case T_MATH: case T_METER:
	case T_NOSCRIPT: case T_OBJECT: case T_OUTPUT: case T_PROGRESS: case T_Q: case T_RUBY:
	case T_SAMP: case T_SCRIPT: case T_SELECT: case T_SMALL: case T_SPAN: case T_STRONG:
	case T_SUB: case T_SUP: case T_TEXTAREA: case T_TIME: case T_VAR: case T_WBR: case T_S:
	case T_U: case T_FONT: case T_CANVAS: case T_SVG: case T_PICTURE: case T_VIDEO:
		return 1;
	case T_A: case T_DEL: case T_INS:
		for (xmlNode *k = n->children; k; k = k->next)
			if (!is_phrasing(c, k))
				return 0;
		return 1;
	default:
		return 0;
	}
}

/* Whitespace text or a <br>. */
static int is_whitespace(struct ctx *c, xmlNode *n)
{
	return is_ws_text(n) || (n->type == XML_ELEMENT_NODE && TAG(c, n) == T_BR);
}

/* The next sibling that is not whitespace text. */
static xmlNode *next_significant(xmlNode *n)
{
	while (n && is_ws_text(n))
		n = n->next;
	return n;
}

/* Runs of two or more <br> become paragraph breaks: the content after the
 * run, up to the next run, goes into a new <p>. */
static void replace_brs(struct ctx *c, xmlNode *br)
{
	xmlNode *next = br->next;
	int replaced = 0;
	while ((next = next_significant(next)) && next->type == XML_ELEMENT_NODE && TAG(c, next) == T_BR) {
		replaced = 1;
		xmlNode *sib = next->next;
		xmlUnlinkNode(next);
		xmlFreeNode(next);
		next = sib;
	}
	if (!replaced)
		return;
	xmlNode *p = xmlNewDocNode(c->doc, NULL, (const xmlChar *)"p", NULL);
	if (!p)
		return;
	xmlNode *parent = br->parent;
	xmlReplaceNode(br, p);
	xmlFreeNode(br);
	NI(c, p);
	next = p->next;
	while (next) {
		if (next->type == XML_ELEMENT_NODE && TAG(c, next) == T_BR) {
			xmlNode *nn = next_significant(next->next);
			if (nn && nn->type == XML_ELEMENT_NODE && TAG(c, nn) == T_BR)
				break;
		}
		if (!is_phrasing(c, next))
			break;
		xmlNode *sib = next->next;
		xmlUnlinkNode(next);
		xmlAddChild(p, next);
		next = sib;
	}
	while (p->last && is_whitespace(c, p->last)) {
		xmlNode *l = p->last;
		xmlUnlinkNode(l);
		xmlFreeNode(l);
	}
	if (parent && parent->type == XML_ELEMENT_NODE && TAG(c, parent) == T_P)
		set_tag(c, parent, "div");
}

/* Remove scripts, styles and comments; <br><br> runs become paragraphs;
 * <font> becomes <span>. One walk. */
static void prep_document(struct ctx *c, xmlNode *root)
{
	xmlNode *n = root;
	while (n) {
		xmlNode *next = NULL;
		if (n->type == XML_COMMENT_NODE || n->type == XML_PI_NODE) {
			next = n->next ? n->next : NULL;
			xmlNode *up = n->parent;
			xmlUnlinkNode(n);
			xmlFreeNode(n);
			if (next) {
				n = next;
				continue;
			}
			n = up;
			goto ascend;
		}
		if (n->type == XML_ELEMENT_NODE) {
			int t = TAG(c, n);
			if (t == T_SCRIPT || t == T_STYLE || t == T_NOSCRIPT || t == T_TEMPLATE) {
				next = n->next;
				xmlNode *up = n->parent;
				xmlUnlinkNode(n);
				xmlFreeNode(n);
				if (next) {
					n = next;
					continue;
				}
				n = up;
				goto ascend;
			}
			if (t == T_FONT)
				set_tag(c, n, "span");
			if (t == T_BR) {
				xmlNode *prev = n->prev;
				replace_brs(c, n);
				/* N may be gone; continue from what now follows PREV */
				xmlNode *cur = prev ? prev->next : NULL;
				if (cur && cur != n) {
					n = cur;
					if (n->type == XML_ELEMENT_NODE && TAG(c, n) == T_P && n->children) {
						n = n->children;
						continue;
					}
					goto advance;
				}
			}
			if (n->children) {
				n = n->children;
				continue;
			}
		}
	advance:
		if (n == root)
			return;
		if (n->next) {
			n = n->next;
			continue;
		}
		n = n->parent;
	ascend:
		while (n && n != root && !n->next)
			n = n->parent;
		if (!n || n == root)
			return;
		n = n->next;
	}
}

/* ---- grabbing the article ------------------------------------------------- */

static void push_score(struct ctx *c, xmlNode *n)
{
	if (c->nscore == c->capscore) {
		size_t cap = c->capscore ? 2 * c->capscore : 256;
		xmlNode **s = realloc(c->score, cap * sizeof *s);
		if (!s) {
			c->oom = 1;
			return;
		}
		c->score = s;
		c->capscore = cap;
	}
	c->score[c->nscore++] = n;
}

static int has_block_child(struct ctx *c, xmlNode *n)
{
	for (xmlNode *k = n->children; k; k = k->next) {
		if (k->type != XML_ELEMENT_NODE)
			continue;
		switch (TAG(c, k)) {
		case T_BLOCKQUOTE: case T_DL: case T_DIV: case T_IMG: case T_OL: case T_P: case T_PRE:
		case T_TABLE: case T_UL:
			return 1;
		default:
			if (has_block_child(c, k))
				return 1;
		}
	}
	return 0;
}

static int without_content(struct ctx *c, xmlNode *n)
{
	for (xmlNode *k = n->children; k; k = k->next) {
		if (k->type == XML_ELEMENT_NODE) {
			int t = TAG(c, k);
			if (t != T_BR && t != T_HR)
				return 0;
		} else if ((k->type == XML_TEXT_NODE || k->type == XML_CDATA_SECTION_NODE) && !is_ws_text(k)) {
			return 0;
		}
	}
	return 1;
}

/* Readability-style similarity of B to A: share of B's text in tokens A lacks. */
static double text_similarity(const char *a, const char *b)
{
	/* tokens: lowercase runs of word characters */
	size_t total = 0, uniq = 0, ntok = 0;
	const char *p = b;
	while (*p) {
		uint32_t cp;
		size_t k = utf8_decode(p, strlen(p), &cp);
		if (!utf8_is_wordchar(cp)) {
			p += k;
			continue;
		}
		const char *s = p;
		while (*p) {
			k = utf8_decode(p, strlen(p), &cp);
			if (!utf8_is_wordchar(cp))
				break;
			p += k;
		}
		size_t len = (size_t)(p - s);
		ntok++;
		total += len + 1;
		/* is the token in A (as a whole word, case-insensitive)? */
		int found = 0;
		for (const char *q = a; *q; q++) {
			if (strncasecmp(q, s, len) == 0) {
				uint32_t c1 = 0, c2 = 0;
				if (q > a)
					utf8_decode(q - 1, 1, &c1);
				if (q[len])
					utf8_decode(q + len, strlen(q + len), &c2);
				if ((q == a || !utf8_is_wordchar(c1)) && (!q[len] || !utf8_is_wordchar(c2))) {
					found = 1;
					break;
				}
			}
		}
		if (!found)
			uniq += len + 1;
	}
	if (!ntok || !total)
		return 0;
	return 1.0 - (double)uniq / (double)total;
}

/* Wrap runs of phrasing content inside DIV into <p> elements. */
static void wrap_phrasing(struct ctx *c, xmlNode *div)
{
	xmlNode *p = NULL, *k = div->children;
	while (k) {
		xmlNode *next = k->next;
		if (is_phrasing(c, k)) {
			if (p) {
				xmlUnlinkNode(k);
				xmlAddChild(p, k);
			} else if (!is_whitespace(c, k)) {
				p = xmlNewDocNode(c->doc, NULL, (const xmlChar *)"p", NULL);
				if (!p)
					return;
				NI(c, p);
				xmlAddPrevSibling(k, p);
				xmlUnlinkNode(k);
				xmlAddChild(p, k);
			}
		} else if (p) {
			while (p->last && is_whitespace(c, p->last)) {
				xmlNode *l = p->last;
				xmlUnlinkNode(l);
				xmlFreeNode(l);
			}
			p = NULL;
		}
		k = next;
	}
}

/* Link density of a small subtree, computed directly. */
static void subtree_text(struct ctx *c, xmlNode *n, int in_link, unsigned *text, double *link)
{
	for (xmlNode *k = n->children; k; k = k->next) {
		if (k->type == XML_TEXT_NODE || k->type == XML_CDATA_SECTION_NODE) {
			unsigned commas = 0, l = k->content ? text_len((const char *)k->content, &commas) : 0;
			*text += l;
			if (in_link)
				*link += l;
		} else if (k->type == XML_ELEMENT_NODE) {
			subtree_text(c, k, in_link || TAG(c, k) == T_A, text, link);
		}
	}
}

static int role_unlikely(const char *r)
{
	static const char *const roles[] = {"menu", "menubar", "complementary", "navigation", "alert",
					    "alertdialog", "dialog", NULL};
	for (int i = 0; r && roles[i]; i++)
		if (strcmp(r, roles[i]) == 0)
			return 1;
	return 0;
}

/* The first walk: drop hidden and unlikely nodes, the byline and the
 * heading that repeats the title; turn div-only layouts into paragraphs;
 * collect the elements to score. */
static void first_walk(struct ctx *c, xmlNode *root)
{
	int title_header = c->title != NULL;
	xmlNode *n = root;
	while (n) {
		int t = TAG(c, n);
		struct attrs at;
		get_attrs(n, &at);
		const char *cl = at.cls, *id = at.id;
		char match[512];
		struct lowstr low;
		match[0] = low.s[0] = '\0';
		if ((cl && *cl) || (id && *id)) {
			snprintf(match, sizeof match, "%s %s", cl ? cl : "", id ? id : "");
			lower_into(match, &low);
		}
		if (!c->keep_hidden && !is_visible(&at)) {
			n = remove_and_next(c, n);
			continue;
		}
		const char *am = at.aria_modal, *role = at.role;
		if (am && strcmp(am, "true") == 0 && role && strcmp(role, "dialog") == 0) {
			n = remove_and_next(c, n);
			continue;
		}
		if (!c->have_byline && t != T_HTML && t != T_BODY) {
			const char *rel = at.rel, *ip = at.itemprop;
			if ((rel && strcmp(rel, "author") == 0) || (ip && strstr(ip, "author")) ||
			    has_any(&low, BYLINE)) {
				char *s = node_text(n, 0);
				if (s && strlen(s) < 100) {
					c->byline = s;
					c->have_byline = 1;
					n = remove_and_next(c, n);
					continue;
				}
				free(s);
			}
		}
		if (title_header && (t == T_H1 || t == T_H2)) {
			char *s = node_text(n, 0);
			if (s && text_similarity(c->title, s) > 0.75) {
				free(s);
				title_header = 0;
				n = remove_and_next(c, n);
				continue;
			}
			free(s);
		}
		if (c->strip_unlikely) {
			if (has_any(&low, UNLIKELY) && !has_any(&low, MAYBE) && !has_ancestor(c, n, T_TABLE, 3) &&
			    !has_ancestor(c, n, T_CODE, 3) && t != T_BODY && t != T_A) {
				n = remove_and_next(c, n);
				continue;
			}
			if (role_unlikely(role)) {
				n = remove_and_next(c, n);
				continue;
			}
		}
		if ((t == T_DIV || t == T_SECTION || t == T_HEADER || is_heading(t)) && without_content(c, n)) {
			n = remove_and_next(c, n);
			continue;
		}
		if (t == T_SECTION || t == T_H2 || t == T_H3 || t == T_H4 || t == T_H5 || t == T_H6 ||
		    t == T_P || t == T_TD || t == T_PRE)
			push_score(c, n);
		if (t == T_DIV) {
			wrap_phrasing(c, n);
			xmlNode *only = first_el(n);
			int single = only && TAG(c, only) == T_P && !next_el(only);
			for (xmlNode *k = n->children; single && k; k = k->next)
				if ((k->type == XML_TEXT_NODE || k->type == XML_CDATA_SECTION_NODE) && !is_ws_text(k))
					single = 0;
			unsigned tl = 0;
			double ll = 0;
			if (single)
				subtree_text(c, n, 0, &tl, &ll);
			if (single && (tl == 0 || ll / tl < 0.25)) {
				/* the paragraph keeps the class that described it */
				const char *dcl = attr(n, "class");
				if (dcl && !attr(only, "class"))
					xmlSetProp(only, (const xmlChar *)"class", (const xmlChar *)dcl);
				xmlUnlinkNode(only);
				xmlReplaceNode(n, only);
				xmlFreeNode(n);
				n = only;
				push_score(c, n);
			} else if (!has_block_child(c, n)) {
				set_tag(c, n, "p");
				push_score(c, n);
			}
		}
		n = next_node(n, 0);
	}
}

static void init_node(struct ctx *c, xmlNode *n)
{
	struct ni *r = NI(c, n);
	r->scored = 1;
	r->score = 0;
	switch (r->tag) {
	case T_DIV: r->score += 5; break;
	case T_PRE: case T_TD: case T_BLOCKQUOTE: r->score += 3; break;
	case T_ADDRESS: case T_OL: case T_UL: case T_DL: case T_DD: case T_DT: case T_LI: case T_FORM:
		r->score -= 3;
		break;
	case T_H1: case T_H2: case T_H3: case T_H4: case T_H5: case T_H6: case T_TH: r->score -= 5; break;
	default: break;
	}
	r->score += class_weight(c, n);
}

#define NTOP 5

/* Score the collected elements; return the best candidate, or NULL. */
static xmlNode *pick_top(struct ctx *c, xmlNode **cands, size_t *ncands_out, xmlNode ***all, size_t *nall)
{
	xmlNode **list = NULL;
	size_t nlist = 0, cap = 0;
	for (size_t i = 0; i < c->nscore; i++) {
		xmlNode *e = c->score[i];
		if (!e->parent || e->parent->type != XML_ELEMENT_NODE)
			continue;
		struct ni *r = NI(c, e);
		if (r->text < 25)
			continue;
		double cs = 1 + r->commas + (r->text / 100 < 3 ? r->text / 100 : 3);
		int level = 0;
		for (xmlNode *a = e->parent; a && a->type == XML_ELEMENT_NODE && level < 5; a = a->parent, level++) {
			if (!a->parent || a->parent->type != XML_ELEMENT_NODE)
				break;
			struct ni *q = NI(c, a);
			if (!q->scored) {
				init_node(c, a);
				if (nlist == cap) {
					cap = cap ? 2 * cap : 64;
					xmlNode **nl = realloc(list, cap * sizeof *nl);
					if (!nl) {
						c->oom = 1;
						break;
					}
					list = nl;
				}
				list[nlist++] = a;
			}
			double div = level == 0 ? 1 : level == 1 ? 2 : level * 3;
			q->score += cs / div;
		}
	}
	size_t ntop = 0;
	for (size_t i = 0; i < nlist; i++) {
		struct ni *q = NI(c, list[i]);
		q->score *= 1 - link_density(q);
		size_t j = ntop < NTOP ? ntop++ : NTOP;
		if (j == NTOP && q->score <= NI(c, cands[NTOP - 1])->score)
			continue;
		if (j == NTOP)
			j = NTOP - 1;
		while (j > 0 && NI(c, cands[j - 1])->score < q->score) {
			cands[j] = cands[j - 1];
			j--;
		}
		cands[j] = list[i];
	}
	*ncands_out = ntop;
	*all = list;
	*nall = nlist;
	return ntop ? cands[0] : NULL;
}

/* Readability's conditional cleaning of every TAG element below ROOT. */
static int should_clean(struct ctx *c, xmlNode *n, xmlNode *root)
{
	struct ni *r = NI(c, n);
	int t = r->tag;
	if (t == T_TABLE && r->datatable)
		return 0;
	for (xmlNode *p = n->parent; p && p != root->parent && p->type == XML_ELEMENT_NODE; p = p->parent) {
		struct ni *q = NI(c, p);
		if (q->tag == T_TABLE && q->datatable)
			return 0;
		if (q->tag == T_CODE)
			return 0;
	}
	if (r->ndatatable)
		return 0;
	int is_list = t == T_UL || t == T_OL;
	if (!is_list && r->text && (double)r->list / r->text > 0.9)
		is_list = 1;
	int weight = class_weight(c, n);
	if (weight < 0)
		return 1;
	if (r->commas >= 10)
		return 0;
	double p = r->np, img = r->nimg, li = (double)r->nli - 100, input = r->ninput;
	double heading_density = r->text ? (double)r->head / r->text : 0;
	double ld = link_density(r);
	unsigned len = r->text;
	int in_figure = has_ancestor(c, n, T_FIGURE, 3);
	int remove = (img > 1 && p / img < 0.5 && !in_figure) || (!is_list && li > p) ||
		     (input > floor(p / 3)) ||
		     (!is_list && heading_density < 0.9 && len < 25 && (img == 0 || img > 2) && !in_figure) ||
		     (!is_list && weight < 25 && ld > 0.2) || (weight >= 25 && ld > 0.5) ||
		     (r->nembed == 1 && len < 75) || r->nembed > 1;
	if (is_list && remove) {
		for (xmlNode *k = first_el(n); k; k = next_el(k))
			if (first_el(k) && next_el(first_el(k)))
				return remove;
		if (r->nimg == r->nli)
			return 0;
	}
	return remove;
}

/* Collect every element below ROOT with a tag in TAGS (terminated by -1),
 * in document order. */
static size_t collect(struct ctx *c, xmlNode *root, const int *tagset, xmlNode ***out)
{
	size_t n = 0, cap = 0;
	xmlNode **v = NULL;
	for (xmlNode *k = first_el(root); k; k = next_node(k, 0)) {
		if (k == root)
			break;
		int t = TAG(c, k);
		for (const int *q = tagset; *q >= 0; q++)
			if (*q == t) {
				if (n == cap) {
					cap = cap ? 2 * cap : 32;
					xmlNode **nv = realloc(v, cap * sizeof *nv);
					if (!nv) {
						*out = v;
						return n;
					}
					v = nv;
				}
				v[n++] = k;
				break;
			}
		/* stay inside ROOT */
		xmlNode *nx = first_el(k);
		if (!nx) {
			xmlNode *up = k;
			while (up && up != root && !next_el(up))
				up = up->parent;
			if (!up || up == root)
				break;
		}
	}
	*out = v;
	return n;
}

/* Remove every element below ROOT with a tag in TAGSET for which PRED holds
 * (NULL: all), last first. */
static void remove_tags(struct ctx *c, xmlNode *root, const int *tagset,
			int (*pred)(struct ctx *, xmlNode *, xmlNode *))
{
	xmlNode **v;
	size_t n = collect(c, root, tagset, &v);
	for (size_t i = n; i-- > 0;)
		if (!pred || pred(c, v[i], root))
			remove_counted(c, v[i], root);
	free(v);
}

static int is_share(struct ctx *c, xmlNode *n, xmlNode *root)
{
	const char *cl = attr(n, "class"), *id = attr(n, "id");
	char m[512];
	snprintf(m, sizeof m, "%s %s", cl ? cl : "", id ? id : "");
	if (n->parent == root)
		return 0;
	if (!(has_ci(m, "share") || has_ci(m, "sharedaddy")))
		return 0;
	/* "share" as a word: at a boundary on both sides */
	int word = 0;
	for (const char *p = m; *p; p++) {
		if (strncasecmp(p, "share", 5) != 0)
			continue;
		char b = p > m ? p[-1] : ' ', a = p[5];
		int lb = !((b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z') || (b >= '0' && b <= '9'));
		int la = !((a >= 'a' && a <= 'z') || (a >= 'A' && a <= 'Z') || (a >= '0' && a <= '9')) ||
			 strncasecmp(p, "sharedaddy", 10) == 0;
		if (lb && la) {
			word = 1;
			break;
		}
	}
	return word && NI(c, n)->text < 500;
}

static int is_neg_header(struct ctx *c, xmlNode *n, xmlNode *root)
{
	return class_weight(c, n) < 0;
}

static int is_boiler(struct ctx *c, xmlNode *n, xmlNode *root)
{
	struct ni *r = NI(c, n);
	if (r->text == 0 || r->text > 60 || r->np)
		return 0;
	/* a word inside running text ("contact us by <a>email</a>") stays */
	for (xmlNode *k = n->prev; k && k->type != XML_ELEMENT_NODE; k = k->prev)
		if ((k->type == XML_TEXT_NODE || k->type == XML_CDATA_SECTION_NODE) && !is_ws_text(k))
			return 0;
	for (xmlNode *k = n->next; k && k->type != XML_ELEMENT_NODE; k = k->next)
		if ((k->type == XML_TEXT_NODE || k->type == XML_CDATA_SECTION_NODE) && !is_ws_text(k))
			return 0;
	char *s = node_text(n, 0);
	int b = s ? boiler_match(s, strlen(s)) : 0;
	free(s);
	/* phrases that start a trailing block are left for trim_edges to cut at */
	return b == BOILER_DROP;
}

/* Photo credits and captions of pictures outside <figure>: short text
 * in an element whose class names it. */
static int is_credit(struct ctx *c, xmlNode *n, xmlNode *root)
{
	struct ni *r = NI(c, n);
	const char *cl = attr(n, "class");
	if (!cl || r->text == 0 || r->text > 200 || r->np > 1)
		return 0;
	static const char *const credit[] = {"credit", "photographer", NULL}, *const caption[] = {"caption", NULL};
	if (match_any(cl, credit))
		return 1;
	return match_any(cl, caption) && !has_ancestor(c, n, T_FIGURE, 4);
}

/* A definition list of short facts ("Impact: moderate", "Reporter: X"):
 * page metadata, not text. */
static int is_meta_dl(struct ctx *c, xmlNode *n, xmlNode *root)
{
	if (NI(c, n)->text > 600)
		return 0;
	int pairs = 0;
	for (xmlNode *k = first_el(n); k; k = next_el(k)) {
		int t = TAG(c, k);
		if (t == T_DD && NI(c, k)->text > 60)
			return 0;
		pairs += t == T_DD;
	}
	return pairs >= 1;
}

/* Share bars, boilerplate labels, photo credits. */
static int is_junk_block(struct ctx *c, xmlNode *n, xmlNode *root)
{
	return is_share(c, n, root) || is_boiler(c, n, root) || is_credit(c, n, root);
}

static int is_empty_p(struct ctx *c, xmlNode *n, xmlNode *root)
{
	struct ni *r = NI(c, n);
	return r->text == 0 && r->nimg == 0 && r->nembed == 0;
}

/* The first cleaning round, one test per kind of element: forms
 * (conditionally), embeds and page furniture (always), share bars,
 * boilerplate labels and credits, lists of facts, headings weighted as
 * negative. */
static int first_round(struct ctx *c, xmlNode *n, xmlNode *root)
{
	switch (TAG(c, n)) {
	case T_FORM: case T_FIELDSET:
		return c->clean_conditionally && should_clean(c, n, root);
	case T_OBJECT: case T_EMBED: case T_FOOTER: case T_LINK: case T_ASIDE: case T_IFRAME: case T_INPUT:
	case T_TEXTAREA: case T_SELECT: case T_BUTTON: case T_NAV: case T_SVG: case T_CANVAS:
		return 1;
	case T_DL:
		return is_meta_dl(c, n, root);
	case T_H1: case T_H2:
		return is_neg_header(c, n, root);
	default:
		return is_junk_block(c, n, root);
	}
}

static void prep_article(struct ctx *c, xmlNode *art)
{
	static const int first[] = {T_FORM, T_FIELDSET, T_OBJECT, T_EMBED, T_FOOTER, T_LINK, T_ASIDE, T_IFRAME,
				    T_INPUT, T_TEXTAREA, T_SELECT, T_BUTTON, T_NAV, T_SVG, T_CANVAS, T_DL,
				    T_H1, T_H2, T_DIV, T_SECTION, T_UL, T_OL, T_P, T_SPAN, T_LI, T_A, -1};
	static const int cond[] = {T_TABLE, T_UL, T_DIV, -1};
	static const int ps[] = {T_P, -1};
	/* each round visits the elements last first, so the inner ones are
	 * judged (and removed) before the blocks that hold them */
	remove_tags(c, art, first, first_round);
	if (c->clean_conditionally)
		remove_tags(c, art, cond, should_clean);
	remove_tags(c, art, ps, is_empty_p);
}

/* Build the article container from the best candidate and its siblings. */
static xmlNode *grab(struct ctx *c, xmlNode *body)
{
	xmlNode *cands[NTOP], **all = NULL;
	size_t ncand = 0, nall = 0;
	xmlNode *top = pick_top(c, cands, &ncand, &all, &nall);
	xmlNode *art = xmlNewDocNode(c->doc, NULL, (const xmlChar *)"div", NULL);
	if (!art) {
		free(all);
		return NULL;
	}
	NI(c, art);
	if (!top || TAG(c, top) == T_BODY) {
		/* everything in the body */
		if (body) {
			xmlNode *k = body->children;
			while (k) {
				xmlNode *nx = k->next;
				move_to(c, k, art);
				k = nx;
			}
		}
		free(all);
		compute_stats(c, art);
		prep_article(c, art);
		return art;
	}
	/* an ancestor shared by several near-best candidates is better */
	double top_score = NI(c, top)->score;
	xmlNode *alts[NTOP];
	size_t nalt = 0;
	for (size_t i = 1; i < ncand; i++)
		if (NI(c, cands[i])->score / top_score >= 0.75)
			alts[nalt++] = cands[i];
	if (nalt >= 3) {
		for (xmlNode *p = top->parent; p && p->type == XML_ELEMENT_NODE && TAG(c, p) != T_BODY; p = p->parent) {
			size_t hits = 0;
			for (size_t i = 0; i < nalt; i++)
				for (xmlNode *q = alts[i]; q; q = q->parent)
					if (q == p) {
						hits++;
						break;
					}
			if (hits >= 3) {
				top = p;
				break;
			}
		}
	}
	if (!NI(c, top)->scored)
		init_node(c, top);
	/* climb while the parent scores well */
	double last = NI(c, top)->score, threshold = last / 3;
	for (xmlNode *p = top->parent; p && p->type == XML_ELEMENT_NODE && TAG(c, p) != T_BODY; p = p->parent) {
		struct ni *q = NI(c, p);
		if (!q->scored)
			continue;
		if (q->score < threshold)
			break;
		if (q->score > last) {
			top = p;
			break;
		}
		last = q->score;
	}
	/* climb through parents that hold only this */
	while (top->parent && top->parent->type == XML_ELEMENT_NODE && TAG(c, top->parent) != T_BODY &&
	       first_el(top->parent) == top && !next_el(top)) {
		top = top->parent;
		if (!NI(c, top)->scored)
			init_node(c, top);
	}
	top_score = NI(c, top)->score;
	double sib_threshold = top_score * 0.2 > 10 ? top_score * 0.2 : 10;
	const char *top_class = attr(top, "class");
	xmlNode *parent = top->parent;
	xmlNode *sib = first_el(parent);
	while (sib) {
		xmlNode *nx = next_el(sib);
		int append = sib == top;
		if (!append) {
			struct ni *q = NI(c, sib);
			double bonus = 0;
			const char *sc = attr(sib, "class");
			if (top_class && *top_class && sc && strcmp(sc, top_class) == 0)
				bonus = top_score * 0.2;
			if (q->scored && q->score + bonus >= sib_threshold) {
				append = 1;
			} else if (q->tag == T_P) {
				double ld = link_density(q);
				if (q->text > 80 && ld < 0.25) {
					append = 1;
				} else if (q->text < 80 && q->text > 0 && ld == 0) {
					char *s = node_text(sib, 0);
					append = s && (strstr(s, ". ") || (strlen(s) && s[strlen(s) - 1] == '.'));
					free(s);
				}
			}
		}
		if (append) {
			int t = TAG(c, sib);
			if (t != T_DIV && t != T_ARTICLE && t != T_SECTION && t != T_P && t != T_OL && t != T_UL)
				set_tag(c, sib, "div");
			move_to(c, sib, art);
		}
		sib = nx;
	}
	free(all);
	/* the figures were computed on the whole page; re-count the article */
	compute_stats(c, art);
	prep_article(c, art);
	return art;
}

/* ---- writing the text -------------------------------------------------------- */

/* A paragraph of the output: where it starts, and whether all its text
 * was in italics or inside links (promos, teasers and link lists). */
struct para {
	size_t start;
	signed char boiler; /* boiler_match of the text, -1 until known */
	unsigned char all_italic, all_link, all_dek, all_heading;
};

struct out {
	struct buf *b;
	struct norm nm;
	int brk; /* 0 none, 1 line, 2 paragraph */
	int italic, link; /* depth inside i/em and a */
	int dek, heading; /* depth inside standfirst-like elements and headings */
	struct para *p;
	size_t np, capp;
};

static void new_para(struct out *o, size_t start)
{
	if (o->np == o->capp) {
		size_t cap = o->capp ? 2 * o->capp : 64;
		struct para *np = realloc(o->p, cap * sizeof *np);
		if (!np)
			return;
		o->p = np;
		o->capp = cap;
	}
	o->p[o->np].start = start;
	o->p[o->np].boiler = -1;
	o->p[o->np].all_italic = 1;
	o->p[o->np].all_link = 1;
	o->p[o->np].all_dek = 1;
	o->p[o->np].all_heading = 1;
	o->np++;
}

static void mark_para(struct out *o)
{
	if (o->np) {
		o->p[o->np - 1].all_italic &= o->italic > 0;
		o->p[o->np - 1].all_link &= o->link > 0;
		o->p[o->np - 1].all_dek &= o->dek > 0;
		o->p[o->np - 1].all_heading &= o->heading > 0;
	}
}

static void out_text(struct out *o, const char *s, size_t n)
{
	size_t before = o->b->len;
	if (o->brk && o->b->len) {
		/* write the break lazily, only if visible text follows */
		size_t mark = o->b->len;
		buf_puts(o->b, o->brk == 2 ? "\n\n" : "\n");
		size_t after = o->b->len;
		o->nm.pending_space = 0;
		norm_append(&o->nm, s, n);
		if (o->b->len == after) {
			o->b->len = mark;
			o->b->data[mark] = '\0';
		} else {
			if (o->brk == 2)
				new_para(o, after);
			o->brk = 0;
			mark_para(o);
		}
		return;
	}
	if (!o->b->len)
		o->nm.pending_space = 0;
	norm_append(&o->nm, s, n);
	if (o->b->len != before) {
		if (before == 0)
			new_para(o, 0);
		o->brk = 0;
		mark_para(o);
	}
}

static int is_block(int t)
{
	switch (t) {
	case T_P: case T_DIV: case T_SECTION: case T_ARTICLE: case T_H1: case T_H2: case T_H3: case T_H4:
	case T_H5: case T_H6: case T_LI: case T_UL: case T_OL: case T_DL: case T_DT: case T_DD:
	case T_BLOCKQUOTE: case T_PRE: case T_TABLE: case T_TR: case T_FIGURE: case T_FIGCAPTION:
	case T_HEADER: case T_FOOTER: case T_MAIN: case T_ASIDE: case T_ADDRESS: case T_HR:
	case T_DETAILS: case T_SUMMARY: case T_CENTER: case T_FORM: case T_FIELDSET: case T_CAPTION:
	case T_NAV: case T_TBODY: case T_THEAD: case T_TFOOT:
		return 1;
	default:
		return 0;
	}
}

static void write_pre(struct out *o, xmlNode *n)
{
	for (xmlNode *k = n->children; k; k = k->next) {
		if (k->type == XML_TEXT_NODE || k->type == XML_CDATA_SECTION_NODE) {
			const char *s = (const char *)k->content;
			while (s && *s) {
				const char *nl = strchr(s, '\n');
				size_t len = nl ? (size_t)(nl - s) : strlen(s);
				out_text(o, s, len);
				if (nl && o->brk == 0 && o->b->len)
					o->brk = 1;
				s += len + (nl != NULL);
			}
		} else if (k->type == XML_ELEMENT_NODE) {
			struct ni *r = k->_private;
			if (r && r->tag == T_BR) {
				if (!o->brk)
					o->brk = 1;
			} else {
				write_pre(o, k);
			}
		}
	}
}

static void write_node(struct out *o, xmlNode *n)
{
	for (xmlNode *k = n->children; k; k = k->next) {
		if (k->type == XML_TEXT_NODE || k->type == XML_CDATA_SECTION_NODE) {
			if (k->content)
				out_text(o, (const char *)k->content, strlen((const char *)k->content));
			continue;
		}
		if (k->type != XML_ELEMENT_NODE)
			continue;
		struct ni *r = k->_private;
		int t = r ? r->tag : T_OTHER;
		if (t == T_BR) {
			if (o->brk < 1)
				o->brk = 1;
			continue;
		}
		if (t == T_TD || t == T_TH) {
			o->nm.pending_space = 1;
			write_node(o, k);
			o->nm.pending_space = 1;
			continue;
		}
		if (t == T_IMG || t == T_SCRIPT || t == T_STYLE || t == T_HEAD || t == T_TITLE)
			continue;
		int blk = is_block(t);
		int it = t == T_I || t == T_EM, ln = t == T_A, hd = is_heading(t);
		const char *cl = hd ? NULL : attr(k, "class");
		int dk = hd || (cl && match_any(cl, DEK));
		if (blk)
			o->brk = 2;
		o->italic += it;
		o->link += ln;
		o->dek += dk;
		o->heading += hd;
		if (t == T_PRE)
			write_pre(o, k);
		else
			write_node(o, k);
		o->italic -= it;
		o->link -= ln;
		o->dek -= dk;
		o->heading -= hd;
		if (blk)
			o->brk = 2;
	}
}

/* ---- trimming the edges ------------------------------------------------------ */

/* 1 if the paragraph is a byline left in the text: a short name in
 * capitals, a bare e-mail address, or "By ..." */
static int byline_residue(const char *s, size_t n)
{
	size_t words = norm_words(s, n);
	if (words == 0 || words > 12)
		return 0;
	static const char *const by[] = {"By ", "BY ", "Von ", "Par ", "Por ", "Door ", "Di ", "Av ", NULL};
	for (int i = 0; by[i]; i++)
		if (n > strlen(by[i]) && strncmp(s, by[i], strlen(by[i])) == 0)
			return !norm_ends_sentence(s, n);
	if (memchr(s, '@', n) && !memchr(s, ' ', n))
		return 1;
	size_t upper = 0, lower = 0;
	for (size_t i = 0; i < n; i++) {
		unsigned char ch = (unsigned char)s[i];
		upper += ch >= 'A' && ch <= 'Z';
		lower += ch >= 'a' && ch <= 'z';
	}
	return words >= 2 && words <= 5 && upper >= 4 && lower == 0 && upper * 3 >= n * 2;
}

/* 1 if the paragraph is decoration: a few words framed by symbols ("-= The Team =-"). */
static int decorative(const char *s, size_t n)
{
	if (n < 2 || norm_words(s, n) > 6)
		return 0;
	unsigned char a = (unsigned char)s[0], z = (unsigned char)s[n - 1];
	int pa = a < 0x80 && !((a | 32) >= 'a' && (a | 32) <= 'z') && !(a >= '0' && a <= '9') && a != '"' && a != '(';
	int pz = z < 0x80 && !((z | 32) >= 'a' && (z | 32) <= 'z') && !(z >= '0' && z <= '9') && z != '.' &&
		 z != '"' && z != ')' && z != '!' && z != '?';
	return pa && pz;
}

/* 1 if the text has a digit: a linked identifier (CVE-2018-20395) is content. */
static int has_digit(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] >= '0' && s[i] <= '9')
			return 1;
	return 0;
}

static size_t count_sub(const char *s, size_t n, const char *sub)
{
	size_t k = strlen(sub), c = 0;
	for (size_t i = 0; i + k <= n; i++)
		if (memcmp(s + i, sub, k) == 0)
			c++;
	return c;
}

/* Drop furniture left at the start (a standfirst repeating the
 * description, a byline, boilerplate) and at the end (promos in italics,
 * link lists, "related" blocks, signatures) of the text in O; a byline
 * found there goes to *BYLINE when that is not NULL and still unset. Returns the
 * new text (caller frees) or NULL to keep O's. */
/* The boilerplate kind of paragraph I (S, N bytes), computed once. */
static int para_boiler(struct out *o, size_t i, const char *s, size_t n)
{
	if (o->p[i].boiler < 0)
		o->p[i].boiler = (signed char)boiler_match(s, n);
	return o->p[i].boiler;
}

static char *trim_edges(struct out *o, const char *desc, char **byline)
{
	const char *t = o->b->data;
	size_t np = o->np, first = 0;
	if (np < 2 || !t)
		return NULL;
#define PEND(i) ((i) + 1 < np ? o->p[(i) + 1].start - 2 : o->b->len)
	/* header markers: a byline, or a standfirst repeating the description;
	 * everything up to the last of them is the page's header */
	size_t marker = np;
	for (size_t i = 0; i < np - 1 && i < 5; i++) {
		const char *s = t + o->p[i].start;
		size_t n = PEND(i) - o->p[i].start;
		if (byline_residue(s, n)) {
			marker = i;
			if (byline && !*byline)
				*byline = norm_dup(s, n);
		} else if (o->p[i].all_dek && desc && n < 1024 && n <= strlen(desc) * 6 / 5 + 10 &&
			   n * 2 >= strlen(desc)) {
			char tmp[1024];
			memcpy(tmp, s, n);
			tmp[n] = '\0';
			if (text_similarity(desc, tmp) > 0.8)
				marker = i;
		}
	}
	if (marker < np) {
		first = marker + 1;
		/* a dateline or agency credit right after the header */
		while (first < np - 1 && first < marker + 3) {
			const char *s = t + o->p[first].start;
			size_t n = PEND(first) - o->p[first].start;
			if (norm_words(s, n) > 3 || norm_ends_sentence(s, n))
				break;
			first++;
		}
	}
	for (; first < np - 1 && first < 3; first++) {
		const char *s = t + o->p[first].start;
		size_t n = PEND(first) - o->p[first].start;
		char tmp[1024];
		int dup = 0;
		if (desc && n < sizeof tmp && n <= strlen(desc) * 6 / 5 + 10 && n * 2 >= strlen(desc)) {
			memcpy(tmp, s, n);
			tmp[n] = '\0';
			dup = text_similarity(desc, tmp) > 0.8;
		}
		int dek = o->p[first].all_dek && (dup || (norm_words(s, n) <= 8 && !norm_ends_sentence(s, n)) ||
						  (o->p[first].all_heading && norm_words(s, n) <= 20));
		int italic_sub = o->p[first].all_italic && !norm_ends_sentence(s, n) && norm_words(s, n) <= 20;
		/* a section or category link above the text ("Biz & IT") */
		int label = o->p[first].all_link && norm_words(s, n) <= 4 && !norm_ends_sentence(s, n);
		if (!(dek || italic_sub || label || byline_residue(s, n) ||
		      para_boiler(o, first, s, n) != BOILER_NONE))
			break;
	}
	size_t last = np;
	for (size_t i = first + (np - first) / 2; i < np; i++) {
		if (i > first && para_boiler(o, i, t + o->p[i].start, PEND(i) - o->p[i].start) == BOILER_END) {
			last = i;
			break;
		}
	}
	while (last > first + 1) {
		size_t i = last - 1;
		const char *s = t + o->p[i].start;
		size_t n = PEND(i) - o->p[i].start;
		if (para_boiler(o, i, s, n) != BOILER_NONE || o->p[i].all_italic || o->p[i].all_heading ||
		    o->p[i].all_dek ||
		    (o->p[i].all_link && norm_words(s, n) <= 12 && !has_digit(s, n)) ||
		    count_sub(s, n, " | ") >= 2 || decorative(s, n))
			last--;
		else
			break;
	}
	int stray = 0;
	for (size_t i = first; i < last && !stray; i++)
		stray = para_boiler(o, i, t + o->p[i].start, PEND(i) - o->p[i].start) == BOILER_END;
	if (first == 0 && last == np && !stray)
		return NULL;
	struct buf b = BUF_INIT;
	for (size_t i = first; i < last; i++) {
		if (para_boiler(o, i, t + o->p[i].start, PEND(i) - o->p[i].start) == BOILER_END)
			continue; /* a stray "Related" label in the first half */
		if (b.len)
			buf_puts(&b, "\n\n");
		buf_append(&b, t + o->p[i].start, PEND(i) - o->p[i].start);
	}
#undef PEND
	return buf_detach(&b);
}

/* ---- entry ------------------------------------------------------------------- */

static xmlNode *find_body(struct ctx *c, xmlNode *root)
{
	for (xmlNode *k = first_el(root); k; k = next_el(k))
		if (TAG(c, k) == T_BODY)
			return k;
	return NULL;
}

/* One attempt at the body with the flags in C; text into OUT. */
/* One attempt at the body with the flags in C on the page C->doc (made
 * ready by prep_document before the first); text into OUT. The page is put
 * back as it was (but for the normalisation of the first walk) afterwards. */
static int attempt(struct ctx *c, struct buf *out, int *not_article)
{
	xmlNode *root = xmlDocGetRootElement(c->doc);
	if (!root)
		return -1;
	/* figures and scores of the last pass are stale (the first pass
	 * finds its records zeroed) */
	for (size_t b = 0; c->passes && b < c->nblocks; b++) {
		size_t used = b + 1 == c->nblocks ? c->used : ARENA_BLOCK;
		for (size_t i = 0; i < used; i++) {
			struct ni *r = &c->blocks[b][i];
			unsigned char tag = r->tag;
			memset(r, 0, sizeof *r);
			r->tag = tag;
		}
	}
	c->nscore = 0;
	c->passes++;
	xmlNode *body = find_body(c, root);
	first_walk(c, body ? body : root);
	compute_stats(c, root);
	xmlNode *art = grab(c, body);
	if (art) {
		struct out o;
		memset(&o, 0, sizeof o);
		o.b = out;
		o.nm.out = out;
		write_node(&o, art);
		char *trimmed = trim_edges(&o, c->desc, c->have_byline ? NULL : &c->byline);
		if (trimmed) {
			buf_reset(out);
			buf_puts(out, trimmed);
			free(trimmed);
		}
		free(o.p);
		struct ni *r = NI(c, art);
		/* an index page: its text is mostly links, or it is a list of
		 * teasers (linked headings, several <article> items) */
		size_t linked_heads = 0, items = 0;
		for (xmlNode *k = first_el(art); k; k = next_node(k, 0)) {
			struct ni *q = NI(c, k);
			if (is_heading(q->tag) && q->text > 0 && q->link >= 0.8 * q->text)
				linked_heads++;
			items += q->tag == T_ARTICLE;
		}
		double own = r->text - r->link; /* text outside links */
		size_t teasers = linked_heads > items ? linked_heads : items;
		*not_article = (r->text > 0 && link_density(r) > 0.5) || (teasers >= 3 && own / teasers < 400);
	}
	undo_journal(c);
	if (art)
		xmlFreeNode(art); /* empty again */
	return 0;
}

xmlDoc *html_parse(const char *s, size_t n, const char *url)
{
	if (n > 0x7FFFFFFF)
		return NULL;
	return htmlReadMemory(s, (int)n, url, "UTF-8",
			      HTML_PARSE_RECOVER | HTML_PARSE_NONET | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING);
}

int html_body(xmlDoc *doc, const char *s, size_t n, const char *url, const char *title,
	      const char *desc, int have_byline, char **body, char **byline, int *not_article)
{
	struct buf best = BUF_INIT;
	int best_na = 0;
	*body = NULL;
	*byline = NULL;
	struct ctx c;
	memset(&c, 0, sizeof c);
	c.doc = doc ? doc : html_parse(s, n, url);
	if (!c.doc)
		return 0;
	xmlNode *root = xmlDocGetRootElement(c.doc);
	if (root)
		prep_document(&c, root);
	c.title = title;
	c.desc = desc;
	c.have_byline = have_byline;
	/* passes 1-3 relax the rules as Readability does; pass 4 keeps hidden
	 * nodes too, for pages whose script reveals the article. Each pass
	 * works on the same tree, put back after the pass before. */
	for (int pass = 0; pass < 5 && root; pass++) {
		c.strip_unlikely = pass < 1 || pass == 4;
		c.weight_classes = pass < 2 || pass == 4;
		c.clean_conditionally = pass < 3 || pass == 4;
		c.keep_hidden = pass == 4;
		struct buf out = BUF_INIT;
		int na = 0;
		if (attempt(&c, &out, &na)) {
			buf_free(&out);
			break;
		}
		/* the hidden-nodes pass wins only when it finds much more text */
		if (pass == 0 || (pass < 4 && out.len > best.len) || (pass == 4 && out.len > 2 * best.len + 200)) {
			buf_free(&best);
			best = out;
			best_na = na;
		} else {
			buf_free(&out);
		}
		if (best.len >= 500)
			break;
	}
	if (c.byline) {
		*byline = c.byline;
		c.byline = NULL;
	}
	xmlFreeDoc(c.doc);
	ctx_free(&c);
	*not_article = best_na;
	*body = best.len ? buf_detach(&best) : NULL;
	buf_free(&best);
	return 0;
}
