/* fetch/feed.c: RSS 2.0/0.9x, RSS 1.0 (RDF) and Atom 1.0 parsing with libxml2 (see fetch/feed.h). */
#include "fetch/feed.h"

#include <ctype.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <libxml/HTMLparser.h>
#include <libxml/SAX2.h>
#include <libxml/entities.h>
#include <libxml/globals.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/uri.h>

#include "util/date.h"
#include "util/utf8.h"

/* Caps that keep a hostile feed from costing much: one text field, the
 * items kept, and the depth of entity references followed. */
#define FIELD_MAX ((size_t)4 << 20)
#define ENTITY_DEPTH_MAX 3

#define NS_ATOM "http://www.w3.org/2005/Atom"
#define NS_ATOM03 "http://purl.org/atom/ns#"
#define NS_RSS090 "http://my.netscape.com/rdf/simple/0.9/"
#define NS_CONTENT "http://purl.org/rss/1.0/modules/content/"
#define NS_DC "http://purl.org/dc/elements/1.1/"

/* ---- quiet libxml2 ------------------------------------------------------- */

/* libxml2 reports charset conversion errors through its process-wide
 * handler even with XML_PARSE_NOERROR. While one of our parses runs, that
 * handler is swapped for a silent one and then put back, so nothing is
 * printed; the errors still reach the parser context (malformed). */
struct quiet {
	xmlStructuredErrorFunc fn;
	void *ctx;
	int conversion_errors; /* bytes the charset could not decode */
};

static void silent(void *ctx, xmlErrorPtr err)
{
	struct quiet *q = ctx;
	if (err && (err->domain == XML_FROM_I18N || err->domain == XML_FROM_IO))
		q->conversion_errors++;
}

static void quiet_begin(struct quiet *q)
{
	q->fn = xmlStructuredError;
	q->ctx = xmlStructuredErrorContext;
	q->conversion_errors = 0;
	xmlSetStructuredErrorFunc(q, silent);
}

static void quiet_end(const struct quiet *q)
{
	xmlSetStructuredErrorFunc(q->ctx, q->fn);
}

/* ---- charset ---------------------------------------------------------- */

static int is_utf8_name(const char *s)
{
	return strcasecmp(s, "utf-8") == 0 || strcasecmp(s, "utf8") == 0;
}

/* Copy the value of `NAME=` (quoted or not) found in S[0..N) into OUT. */
static int find_param(const char *s, size_t n, const char *name, char *out, size_t outn)
{
	size_t nl = strlen(name);
	for (size_t i = 0; i + nl < n; i++) {
		if (strncasecmp(s + i, name, nl) != 0 || (i && isalnum((unsigned char)s[i - 1])))
			continue;
		size_t j = i + nl;
		while (j < n && s[j] == ' ')
			j++;
		if (j >= n || s[j] != '=')
			continue;
		j++;
		while (j < n && s[j] == ' ')
			j++;
		char q = j < n && (s[j] == '"' || s[j] == '\'') ? s[j++] : 0;
		size_t k = 0;
		while (j < n && k + 1 < outn && s[j] != q && (q || (s[j] != ';' && s[j] != ' ')) &&
		       (isalnum((unsigned char)s[j]) || strchr("-_.:", s[j])))
			out[k++] = s[j++];
		out[k] = 0;
		return k > 0;
	}
	return 0;
}

/* 1 when the bytes hold a multi-byte UTF-8 sequence and are all valid UTF-8. */
static int utf8_multibyte(const char *s, size_t n)
{
	int high = 0;
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)s[i] >= 0x80) {
			high = 1;
			break;
		}
	return high && utf8_valid(s, n);
}

int feed_charset(const char *data, size_t n, const char *content_type, int html, char *out,
		 size_t outn)
{
	const unsigned char *u = (const unsigned char *)data;
	char dec[40] = "";
	if (n >= 3 && u[0] == 0xEF && u[1] == 0xBB && u[2] == 0xBF) {
		snprintf(out, outn, "UTF-8");
		return 0;
	}
	if (n >= 2 && u[0] == 0xFF && u[1] == 0xFE) {
		snprintf(out, outn, "UTF-16LE");
		return 0;
	}
	if (n >= 2 && u[0] == 0xFE && u[1] == 0xFF) {
		snprintf(out, outn, "UTF-16BE");
		return 0;
	}
	if (!(content_type && find_param(content_type, strlen(content_type), "charset", dec, sizeof dec))) {
		size_t head = n < 1024 ? n : 1024;
		if (html)
			find_param(data, head, "charset", dec, sizeof dec);
		else if (head > 5 && memcmp(data, "<?xml", 5) == 0) {
			const char *end = memchr(data, '>', head);
			find_param(data, end ? (size_t)(end - data) : head, "encoding", dec, sizeof dec);
		}
	}
	int valid = utf8_valid(data, n);
	if (!dec[0] || is_utf8_name(dec) || strcasecmp(dec, "us-ascii") == 0) {
		if (valid) {
			snprintf(out, outn, "UTF-8");
			return 0;
		}
		snprintf(out, outn, "ISO-8859-1"); /* with C1 read as windows-1252 */
		return 1;
	}
	if (strncasecmp(dec, "utf-16", 6) == 0 || strncasecmp(dec, "ucs", 3) == 0) {
		/* no BOM: UTF-16 is not what ASCII-compatible bytes are */
		snprintf(out, outn, "%s", valid ? "UTF-8" : dec);
		return valid;
	}
	if (utf8_multibyte(data, n)) {
		snprintf(out, outn, "UTF-8");
		return 1;
	}
	snprintf(out, outn, "%s", dec);
	return 0;
}

/* ---- text cleanup ----------------------------------------------------- */

/* windows-1252 meanings of U+0080..U+009F (0: undefined). */
static const uint16_t cp1252_c1[32] = {
	0x20AC, 0, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
	0x2039, 0x0152, 0,      0x017D, 0,      0,      0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
	0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0,      0x017E, 0x0178};

/* When every code point of S is below U+0100 and their bytes spell valid
 * multi-byte UTF-8, S is UTF-8 that was read as Latin-1: undo that into OUT.
 * Returns 1 when it did. */
static int undo_double_encoding(const char *s, size_t n, struct buf *out)
{
	struct buf raw = BUF_INIT;
	int high = 0;
	for (size_t i = 0; i < n;) {
		uint32_t cp;
		i += utf8_decode(s + i, n - i, &cp);
		if (cp > 0xFF) {
			buf_free(&raw);
			return 0;
		}
		high |= cp >= 0x80;
		buf_putc(&raw, (int)cp);
	}
	int ok = high && !raw.failed && utf8_multibyte(raw.data, raw.len);
	if (ok)
		buf_append(out, raw.data, raw.len);
	buf_free(&raw);
	return ok;
}

/* Append S as clean UTF-8: mojibake undone, C1 controls read as
 * windows-1252, other controls dropped (tab and newline kept; with FLAT,
 * all whitespace runs become one space and the ends are trimmed). */
static void clean_text(struct buf *out, const char *s, size_t n, int flat)
{
	struct buf tmp = BUF_INIT;
	if (undo_double_encoding(s, n, &tmp))
		s = tmp.data, n = tmp.len;
	size_t start = out->len;
	int space = 0;
	for (size_t i = 0; i < n;) {
		uint32_t cp;
		i += utf8_decode(s + i, n - i, &cp);
		if (cp >= 0x80 && cp <= 0x9F)
			cp = cp1252_c1[cp - 0x80] ? cp1252_c1[cp - 0x80] : 0xFFFD;
		if (flat && (cp == ' ' || cp == '\t' || cp == '\n' || cp == '\r' || cp == 0xA0)) {
			space = 1;
			continue;
		}
		if (cp == '\r')
			continue;
		if ((cp < 0x20 && cp != '\n' && cp != '\t') || cp == 0x7F)
			continue;
		if (space && out->len > start)
			buf_putc(out, ' ');
		space = 0;
		char enc[4];
		buf_append(out, enc, utf8_encode(cp, enc));
	}
	buf_free(&tmp);
}

static char *clean_dup(const char *s, size_t n, int flat)
{
	struct buf b = BUF_INIT;
	clean_text(&b, s, n, flat);
	if (b.failed || b.len == 0) {
		buf_free(&b);
		return NULL;
	}
	return buf_detach(&b);
}

/* ---- XML helpers -------------------------------------------------------- */

static int is_named(const xmlNode *n, const char *name)
{
	return n && n->type == XML_ELEMENT_NODE && strcmp((const char *)n->name, name) == 0;
}

static int in_ns(const xmlNode *n, const char *ns)
{
	return n->ns && n->ns->href && strcmp((const char *)n->ns->href, ns) == 0;
}

static const char *prefix_of(const xmlNode *n)
{
	return n->ns && n->ns->prefix ? (const char *)n->ns->prefix : "";
}

/* Append the text below N. Entity references are followed a few levels
 * deep only, and OUT has a cap, so an expansion bomb cannot run away. */
static void gather(const xmlNode *n, struct buf *out, int depth)
{
	for (const xmlNode *c = n->children; c && !out->failed; c = c->next) {
		if (c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) {
			if (c->content)
				buf_puts(out, (const char *)c->content);
		} else if (c->type == XML_ELEMENT_NODE) {
			gather(c, out, depth);
		} else if (c->type == XML_ENTITY_REF_NODE) {
			if (depth >= ENTITY_DEPTH_MAX) {
				out->failed = 1;
				return;
			}
			const xmlEntity *ent = (const xmlEntity *)c->children;
			if (ent && ent->type == XML_ENTITY_DECL)
				gather((const xmlNode *)ent, out, depth + 1);
		}
	}
}

/* The text of N, cleaned (FLAT: one line); NULL when empty. *BOMB is set
 * when the text ran over the caps. */
static char *node_text(const xmlNode *n, int flat, int *bomb)
{
	struct buf b;
	buf_init(&b, FIELD_MAX);
	gather(n, &b, 0);
	if (b.failed) {
		*bomb = 1;
		buf_free(&b);
		return NULL;
	}
	char *r = clean_dup(buf_str(&b), b.len, flat);
	buf_free(&b);
	return r;
}

static char *attr(const xmlNode *n, const char *name)
{
	xmlChar *v = xmlGetProp(n, (const xmlChar *)name);
	if (!v)
		return NULL;
	char *r = clean_dup((const char *)v, strlen((const char *)v), 1);
	xmlFree(v);
	return r;
}

static void append_escaped(struct buf *b, const char *s)
{
	for (; *s; s++) {
		if (*s == '<')
			buf_puts(b, "&lt;");
		else if (*s == '>')
			buf_puts(b, "&gt;");
		else if (*s == '&')
			buf_puts(b, "&amp;");
		else
			buf_putc(b, *s);
	}
}

static int b64val(int c)
{
	if (c >= 'A' && c <= 'Z')
		return c - 'A';
	if (c >= 'a' && c <= 'z')
		return c - 'a' + 26;
	if (c >= '0' && c <= '9')
		return c - '0' + 52;
	if (c == '+' || c == '-')
		return 62;
	if (c == '/' || c == '_')
		return 63;
	return -1;
}

static void base64_decode(const char *s, struct buf *out)
{
	unsigned v = 0;
	int bits = 0;
	for (; *s && *s != '='; s++) {
		int d = b64val((unsigned char)*s);
		if (d < 0)
			continue;
		v = (v << 6) | (unsigned)d;
		bits += 6;
		if (bits >= 8) {
			bits -= 8;
			buf_putc(out, (int)((v >> bits) & 0xFF));
		}
	}
}

/* An Atom text construct (title, summary, content) or an RSS field, as HTML
 * (AS_HTML) or plain text. RSS fields (ATOM 0) are HTML when AS_HTML. */
static char *text_construct(const xmlNode *n, int atom, int as_html, int *bomb)
{
	char *type = atom ? attr(n, "type") : NULL;
	char *r = NULL;
	struct buf b;
	buf_init(&b, FIELD_MAX);
	if (!atom) {
		r = node_text(n, !as_html, bomb);
		if (r && !as_html && strchr(r, '<')) {
			/* titles sometimes carry markup: keep its text */
			feed_html_text(r, &b);
			free(r);
			r = clean_dup(buf_str(&b), b.len, 1);
		}
	} else if (!type || strcasecmp(type, "text") == 0 || strncasecmp(type, "text/", 5) == 0) {
		if (type && strcasecmp(type, "text/html") == 0)
			goto html;
		r = node_text(n, !as_html, bomb);
		if (r && as_html) {
			append_escaped(&b, r);
			free(r);
			r = clean_dup(buf_str(&b), b.len, 0);
		}
	} else if (strcasecmp(type, "html") == 0) {
	html:
		r = node_text(n, 0, bomb);
		if (r && !as_html) {
			feed_html_text(r, &b);
			free(r);
			r = clean_dup(buf_str(&b), b.len, 1);
		}
	} else if (strcasecmp(type, "xhtml") == 0 || strstr(type, "xml")) {
		const xmlNode *div = n->children;
		while (div && div->type != XML_ELEMENT_NODE)
			div = div->next;
		const xmlNode *from = is_named(div, "div") ? div : n;
		if (!as_html) {
			r = node_text(from, 1, bomb);
		} else {
			xmlBufferPtr xb = xmlBufferCreate();
			for (xmlNode *c = from->children; xb && c; c = c->next)
				xmlNodeDump(xb, n->doc, c, 0, 0);
			if (xb && xmlBufferLength(xb) < (int)FIELD_MAX) {
				const char *s = (const char *)xmlBufferContent(xb);
				r = clean_dup(s, strlen(s), 0);
			}
			xmlBufferFree(xb);
		}
	} else {
		/* any other media type is base64 */
		char *raw = node_text(n, 0, bomb);
		if (raw) {
			struct buf dec = BUF_INIT;
			base64_decode(raw, &dec);
			free(raw);
			struct buf u = BUF_INIT;
			utf8_sanitize(&u, buf_str(&dec), dec.len);
			r = clean_dup(buf_str(&u), u.len, !as_html);
			buf_free(&u);
			buf_free(&dec);
		}
	}
	buf_free(&b);
	free(type);
	return r;
}

/* Resolve HREF against N's xml:base and the document's URL. */
static char *resolve(const xmlNode *n, const char *href)
{
	if (!href || !*href)
		return NULL;
	xmlChar *base = xmlNodeGetBase(n->doc, n);
	xmlChar *abs = base ? xmlBuildURI((const xmlChar *)href, base) : NULL;
	char *r = strdup(abs ? (const char *)abs : href);
	xmlFree(abs);
	xmlFree(base);
	return r;
}

static void set_once(char **field, char *v)
{
	if (!*field && v)
		*field = v;
	else
		free(v);
}

static void set_date(char **field, const char *s)
{
	time_t t;
	int ht = 0;
	if (*field || !s || date_parse(s, &t, &ht) != 0)
		return;
	char iso[32];
	*field = strdup(date_iso(t, ht, iso));
}

/* "jdoe@example.com (John Doe)" -> "John Doe". */
static char *author_name(char *s)
{
	if (!s)
		return NULL;
	char *open = strchr(s, '(');
	char *close = open ? strrchr(open, ')') : NULL;
	if (strchr(s, '@') && open && close && close > open + 1) {
		char *r = clean_dup(open + 1, (size_t)(close - open - 1), 1);
		if (r) {
			free(s);
			return r;
		}
	}
	return s;
}

static void add_author(char **field, char *name)
{
	if (!name)
		return;
	if (!*field) {
		*field = name;
		return;
	}
	struct buf b = BUF_INIT;
	buf_printf(&b, "%s; %s", *field, name);
	free(name);
	if (!b.failed) {
		free(*field);
		*field = buf_detach(&b);
	} else {
		buf_free(&b);
	}
}

/* ---- items -------------------------------------------------------------- */

static void item_free(struct feed_item *it)
{
	free(it->guid);
	free(it->link);
	free(it->title);
	free(it->author);
	free(it->published);
	free(it->summary);
	free(it->content);
	memset(it, 0, sizeof *it);
}

static void parse_item(const xmlNode *node, int atom, struct feed_item *it, int *bomb)
{
	char *updated = NULL, *alt = NULL, *anylink = NULL, *orig = NULL;
	int guid_permalink = 1;
	for (const xmlNode *c = node->children; c; c = c->next) {
		if (c->type != XML_ELEMENT_NODE)
			continue;
		const char *nm = (const char *)c->name;
		if (strcmp(nm, "title") == 0 && !in_ns(c, NS_DC)) {
			set_once(&it->title, text_construct(c, atom, 0, bomb));
		} else if (strcmp(nm, "title") == 0) {
			set_once(&it->title, node_text(c, 1, bomb));
		} else if (strcmp(nm, "link") == 0 && atom) {
			char *rel = attr(c, "rel"), *href = attr(c, "href");
			char *type = attr(c, "type");
			if (href && (!rel || strcmp(rel, "alternate") == 0)) {
				if (!type || strstr(type, "html"))
					set_once(&alt, resolve(c, href));
				else
					set_once(&anylink, resolve(c, href));
			}
			free(rel), free(href), free(type);
		} else if (strcmp(nm, "link") == 0 && !*prefix_of(c)) {
			char *t = node_text(c, 1, bomb); /* RSS, RSS 0.90/1.0 default namespace */
			set_once(&it->link, resolve(c, t));
			free(t);
		} else if (strcmp(nm, "origLink") == 0) {
			/* FeedBurner: <link> is its redirector, this is the page */
			char *t = node_text(c, 1, bomb);
			set_once(&orig, resolve(c, t));
			free(t);
		} else if (strcmp(nm, "guid") == 0 || (strcmp(nm, "id") == 0 && atom)) {
			char *pl = attr(c, "isPermaLink");
			if (pl && strcasecmp(pl, "false") == 0)
				guid_permalink = 0;
			free(pl);
			set_once(&it->guid, node_text(c, 1, bomb));
		} else if (strcmp(nm, "description") == 0 || (strcmp(nm, "summary") == 0 && atom)) {
			set_once(&it->summary, text_construct(c, atom, 1, bomb));
		} else if ((strcmp(nm, "encoded") == 0 && in_ns(c, NS_CONTENT)) ||
			   (strcmp(nm, "content") == 0 && atom)) {
			set_once(&it->content, text_construct(c, atom, 1, bomb));
		} else if (strcmp(nm, "author") == 0 && atom) {
			for (const xmlNode *a = c->children; a; a = a->next)
				if (is_named(a, "name"))
					add_author(&it->author, node_text(a, 1, bomb));
		} else if (strcmp(nm, "author") == 0 || strcmp(nm, "creator") == 0) {
			if (!it->author)
				it->author = author_name(node_text(c, 1, bomb));
		} else if (strcmp(nm, "pubDate") == 0 || strcmp(nm, "published") == 0 ||
			   strcmp(nm, "issued") == 0 || (strcmp(nm, "date") == 0 && in_ns(c, NS_DC))) {
			char *t = node_text(c, 1, bomb);
			set_date(&it->published, t);
			free(t);
		} else if (strcmp(nm, "updated") == 0 || strcmp(nm, "modified") == 0) {
			set_once(&updated, node_text(c, 1, bomb));
		}
	}
	if (!atom) {
		char *about = attr(node, "about");
		if (about && !it->guid)
			it->guid = about;
		else
			free(about);
	}
	if (orig) {
		free(it->link);
		it->link = orig;
	}
	set_once(&it->link, alt);
	set_once(&it->link, anylink);
	if (!it->link && it->guid && guid_permalink &&
	    (strncasecmp(it->guid, "http://", 7) == 0 || strncasecmp(it->guid, "https://", 8) == 0))
		it->link = strdup(it->guid);
	set_date(&it->published, updated);
	free(updated);
}

static int add_item(struct feed *f, size_t *cap, const xmlNode *node, int atom, int *bomb)
{
	if (f->n >= FEED_MAX_ITEMS)
		return 0;
	if (f->n == *cap) {
		*cap = *cap ? *cap * 2 : 16;
		struct feed_item *t = realloc(f->items, *cap * sizeof *t);
		if (!t)
			return -1;
		f->items = t;
	}
	struct feed_item *it = &f->items[f->n++];
	memset(it, 0, sizeof *it);
	parse_item(node, atom, it, bomb);
	return 0;
}

static void channel_meta(struct feed *f, const xmlNode *ch, int atom, int *bomb)
{
	for (const xmlNode *c = ch->children; c; c = c->next) {
		if (is_named(c, "title"))
			set_once(&f->title, text_construct(c, atom, 0, bomb));
		else if (is_named(c, "link") && atom) {
			char *rel = attr(c, "rel"), *href = attr(c, "href");
			if (href && (!rel || strcmp(rel, "alternate") == 0))
				set_once(&f->link, resolve(c, href));
			free(rel), free(href);
		} else if (is_named(c, "link") && !*prefix_of(c)) {
			char *t = node_text(c, 1, bomb);
			set_once(&f->link, resolve(c, t));
			free(t);
		}
	}
}

void feed_free(struct feed *f)
{
	if (!f)
		return;
	for (size_t i = 0; i < f->n; i++)
		item_free(&f->items[i]);
	free(f->items);
	free(f->title);
	free(f->link);
	memset(f, 0, sizeof *f);
}

/* The first line of libxml2's message, trimmed. */
static void xml_message(xmlParserCtxtPtr ctxt, char *out, size_t n)
{
	const xmlError *x = xmlCtxtGetLastError(ctxt);
	const char *m = x && x->message ? x->message : "not well-formed";
	size_t len = strcspn(m, "\n");
	if (x && x->line > 0)
		snprintf(out, n, "line %d: %.*s", x->line, (int)len, m);
	else
		snprintf(out, n, "%.*s", (int)len, m);
}

/* Feeds often use HTML entities (&nbsp; &eacute;) that XML does not
 * define. When the document does not define one, an HTML 4 entity of that
 * name is declared in the document as its character (any other name as its
 * own literal text), so the text keeps it and the feed stays well-formed. */
static xmlEntityPtr html_entity(void *ctx, const xmlChar *name)
{
	xmlParserCtxtPtr ctxt = ctx;
	xmlEntityPtr ent = xmlSAX2GetEntity(ctx, name);
	if (ent || !ctxt || !ctxt->myDoc || ctxt->inSubset)
		return ent;
	const htmlEntityDesc *h = htmlEntityLookup(name);
	char text[128];
	if (h) {
		size_t len = utf8_encode(h->value, text);
		text[len] = 0;
	} else if (snprintf(text, sizeof text, "&#38;%s;", (const char *)name) >= (int)sizeof text) {
		return NULL;
	}
	/* an unknown name stays in the text as written ("&bogus;"): after a
	 * well-formedness error libxml2 drops every later entity reference,
	 * &amp; included, so keeping the document well-formed matters */
	if (!ctxt->myDoc->intSubset && !xmlCreateIntSubset(ctxt->myDoc, NULL, NULL, NULL))
		return NULL;
	return xmlAddDocEntity(ctxt->myDoc, name, XML_INTERNAL_GENERAL_ENTITY, NULL, NULL, (const xmlChar *)text);
}

static int bomb_error(int code)
{
	return code == XML_ERR_ENTITY_LOOP || code == XML_ERR_ENTITY_BOUNDARY;
}

static int parse_doc(const char *data, size_t n, const char *content_type, const char *base_url,
		     struct feed *f, struct quiet *q, struct err *e);

int feed_parse(const char *data, size_t n, const char *content_type, const char *base_url,
	       struct feed *f, struct err *e)
{
	struct quiet q;
	quiet_begin(&q);
	int r = parse_doc(data, n, content_type, base_url, f, &q, e);
	quiet_end(&q);
	return r;
}

static int parse_doc(const char *data, size_t n, const char *content_type, const char *base_url,
		     struct feed *f, struct quiet *q, struct err *e)
{
	memset(f, 0, sizeof *f);
	size_t ws = 0;
	while (ws < n && isspace((unsigned char)data[ws]))
		ws++;
	if (ws == n)
		return err_set(e, "not a feed: the document is empty");
	if (n > INT32_MAX)
		return err_set(e, "not a feed: the document is too large");
	int guessed = feed_charset(data, n, content_type, 0, f->encoding, sizeof f->encoding);
	const unsigned char *u = (const unsigned char *)data;
	int bom = n >= 2 && ((u[0] == 0xFF && u[1] == 0xFE) || (u[0] == 0xFE && u[1] == 0xFF));

	int opts = XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING | XML_PARSE_NOCDATA;
	xmlParserCtxtPtr ctxt = xmlNewParserCtxt();
	if (!ctxt)
		return err_set(e, "out of memory");
	ctxt->sax->getEntity = html_entity;
	xmlDocPtr doc = xmlCtxtReadMemory(ctxt, data, (int)n, base_url, bom ? NULL : f->encoding, opts);
	if (q->conversion_errors && !bom && strcasecmp(f->encoding, "ISO-8859-1") != 0) {
		/* the bytes are not in the charset declared: read them as Latin-1
		 * (every byte decodes; C1 bytes become windows-1252 punctuation) */
		char declared[sizeof f->encoding];
		snprintf(declared, sizeof declared, "%s", f->encoding);
		snprintf(f->encoding, sizeof f->encoding, "ISO-8859-1");
		xmlFreeDoc(doc);
		xmlCtxtReset(ctxt);
		doc = xmlCtxtReadMemory(ctxt, data, (int)n, base_url, f->encoding, opts);
		guessed = 1;
		if (!doc || !ctxt->wellFormed || !ctxt->nsWellFormed) {
			xmlFreeDoc(doc);
			xmlCtxtReset(ctxt);
			doc = xmlCtxtReadMemory(ctxt, data, (int)n, base_url, f->encoding, opts | XML_PARSE_RECOVER);
		}
		f->malformed = 1;
		snprintf(f->problem, sizeof f->problem, "the bytes are not %.40s as declared; read as ISO-8859-1",
			 declared);
	}
	const xmlError *x = xmlCtxtGetLastError(ctxt);
	if (x && bomb_error(x->code)) {
		xmlFreeDoc(doc);
		xmlFreeParserCtxt(ctxt);
		return err_set(e, "not a feed: refused an XML entity expansion bomb (entities that expand "
			       "without bound)");
	}
	if (!f->malformed && (!doc || !ctxt->wellFormed || !ctxt->nsWellFormed)) {
		f->malformed = 1;
		xml_message(ctxt, f->problem, sizeof f->problem);
		xmlFreeDoc(doc);
		xmlCtxtReset(ctxt);
		doc = xmlCtxtReadMemory(ctxt, data, (int)n, base_url, bom ? NULL : f->encoding,
					opts | XML_PARSE_RECOVER);
		x = xmlCtxtGetLastError(ctxt);
		if (x && bomb_error(x->code)) {
			xmlFreeDoc(doc);
			xmlFreeParserCtxt(ctxt);
			return err_set(e, "not a feed: refused an XML entity expansion bomb");
		}
	}
	if (guessed && !f->malformed) {
		f->malformed = 1;
		snprintf(f->problem, sizeof f->problem, "the charset is not declared correctly; read as %s",
			 f->encoding);
	}
	xmlNode *root = doc ? xmlDocGetRootElement(doc) : NULL;
	if (!root) {
		char problem[sizeof f->problem];
		snprintf(problem, sizeof problem, "%s", f->problem);
		xmlFreeDoc(doc);
		xmlFreeParserCtxt(ctxt);
		memset(f, 0, sizeof *f);
		return err_set(e, "not a feed: the document is not XML (%s)", problem);
	}
	const char *rn = (const char *)root->name;
	int atom = 0;
	xmlNode *channel = NULL, *items_parent = NULL;
	if (strcasecmp(rn, "rss") == 0) {
		char *v = attr(root, "version");
		f->kind = v && strncmp(v, "0.9", 3) == 0 ? FEED_RSS09 : FEED_RSS2;
		free(v);
		for (xmlNode *c = root->children; c; c = c->next)
			if (is_named(c, "channel")) {
				channel = c;
				break;
			}
		items_parent = channel ? channel : root;
	} else if (strcmp(rn, "RDF") == 0) {
		f->kind = FEED_RSS1;
		for (xmlNode *c = root->children; c; c = c->next)
			if (is_named(c, "channel")) {
				channel = c;
				break;
			}
		items_parent = root;
		if (in_ns(root, NS_RSS090) || (channel && in_ns(channel, NS_RSS090)))
			f->kind = FEED_RSS09;
	} else if (strcmp(rn, "feed") == 0 && (in_ns(root, NS_ATOM) || in_ns(root, NS_ATOM03) || !root->ns)) {
		f->kind = FEED_ATOM;
		atom = 1;
		channel = items_parent = root;
	} else {
		int html = strcasecmp(rn, "html") == 0;
		char name[48];
		snprintf(name, sizeof name, "%.40s", rn);
		xmlFreeDoc(doc);
		xmlFreeParserCtxt(ctxt);
		memset(f, 0, sizeof *f);
		if (html)
			return err_set(e, "not a feed: got an HTML page");
		return err_set(e, "not a feed: the document is <%s>, not RSS or Atom", name);
	}
	int bomb = 0;
	size_t cap = 0;
	if (channel)
		channel_meta(f, channel, atom, &bomb);
	const char *item_name = atom ? "entry" : "item";
	for (int pass = 0; pass < 2; pass++) {
		/* RSS puts items in the channel; some put them beside it */
		xmlNode *parent = pass == 0 ? items_parent : (channel && channel != items_parent ? root : NULL);
		if (!parent || (pass == 1 && f->n))
			continue;
		for (xmlNode *c = parent->children; c && !bomb; c = c->next)
			if (is_named(c, item_name) && add_item(f, &cap, c, atom, &bomb)) {
				bomb = -1;
				break;
			}
	}
	xmlFreeDoc(doc);
	xmlFreeParserCtxt(ctxt);
	if (bomb) {
		feed_free(f);
		if (bomb < 0)
			return err_set(e, "out of memory");
		return err_set(e, "not a feed: refused an XML entity expansion bomb (text expands beyond "
			       "%zu MiB or entities nest more than %d deep)", FIELD_MAX >> 20, ENTITY_DEPTH_MAX);
	}
	return 0;
}

/* ---- HTML to text ------------------------------------------------------- */

struct text_state {
	struct buf *out;
	int brk;   /* 2: paragraph break pending, 1: space pending */
	int any;   /* text written */
};

static int is_block(const char *n)
{
	static const char *const blocks[] = {"p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4",
					     "h5", "h6", "blockquote", "pre", "table", "tr", "section",
					     "article", "header", "footer", "dl", "dt", "dd", "hr",
					     "figure", "figcaption", "aside", "nav", "main"};
	for (size_t i = 0; i < sizeof blocks / sizeof *blocks; i++)
		if (strcasecmp(n, blocks[i]) == 0)
			return 1;
	return 0;
}

static void html_walk(const xmlNode *n, struct text_state *st, int depth)
{
	for (const xmlNode *c = n->children; c && depth < 200; c = c->next) {
		if (c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) {
			for (const char *p = (const char *)c->content; p && *p; p++) {
				if (isspace((unsigned char)*p)) {
					if (st->brk < 1)
						st->brk = 1;
					continue;
				}
				if (st->any && st->brk == 2)
					buf_puts(st->out, "\n\n");
				else if (st->any && st->brk == 1)
					buf_putc(st->out, ' ');
				st->brk = 0;
				st->any = 1;
				buf_putc(st->out, *p);
			}
		} else if (c->type == XML_ELEMENT_NODE) {
			const char *nm = (const char *)c->name;
			if (!strcasecmp(nm, "script") || !strcasecmp(nm, "style") || !strcasecmp(nm, "noscript") ||
			    !strcasecmp(nm, "iframe") || !strcasecmp(nm, "object") || !strcasecmp(nm, "template"))
				continue;
			int block = is_block(nm);
			if (block)
				st->brk = 2;
			html_walk(c, st, depth + 1);
			if (block)
				st->brk = 2;
		}
	}
}

int feed_html_text(const char *s, struct buf *out)
{
	if (!s || !*s)
		return 0;
	size_t n = strlen(s);
	if (n > INT32_MAX)
		return -1;
	struct quiet q;
	quiet_begin(&q);
	htmlDocPtr doc = htmlReadMemory(s, (int)n, NULL, "UTF-8",
					HTML_PARSE_NONET | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING |
						HTML_PARSE_RECOVER | HTML_PARSE_NOIMPLIED);
	quiet_end(&q);
	if (!doc)
		return 0;
	struct buf raw;
	buf_init(&raw, FIELD_MAX);
	struct text_state st = {&raw, 0, 0};
	html_walk((const xmlNode *)doc, &st, 0);
	xmlFreeDoc(doc);
	clean_text(out, buf_str(&raw), raw.len, 0);
	buf_free(&raw);
	return out->failed ? -1 : 0;
}

/* ---- OPML --------------------------------------------------------------- */

static int opml_walk(const xmlNode *n, const char *category, int depth,
		     void (*add)(void *, const char *, const char *, const char *), void *ctx)
{
	int found = 0;
	for (const xmlNode *c = n->children; c && depth < 50; c = c->next) {
		if (!is_named(c, "outline"))
			continue;
		char *url = attr(c, "xmlUrl");
		char *title = attr(c, "title");
		if (!title)
			title = attr(c, "text");
		if (url) {
			char *cat = attr(c, "category");
			add(ctx, url, title, cat ? cat : category);
			free(cat);
			found++;
		}
		found += opml_walk(c, url ? category : title, depth + 1, add, ctx);
		free(url);
		free(title);
	}
	return found;
}

int feed_opml_parse(const char *data, size_t n,
		    void (*add)(void *ctx, const char *url, const char *title, const char *category),
		    void *ctx, struct err *e)
{
	if (n > INT32_MAX)
		return err_set(e, "the OPML file is too large");
	struct quiet q;
	quiet_begin(&q);
	xmlDocPtr doc = xmlReadMemory(data, (int)n, NULL, NULL,
				      XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING |
					      XML_PARSE_RECOVER);
	quiet_end(&q);
	xmlNode *root = doc ? xmlDocGetRootElement(doc) : NULL;
	if (!root || strcmp((const char *)root->name, "opml") != 0) {
		xmlFreeDoc(doc);
		return err_set(e, "not an OPML document (no <opml> element)");
	}
	int found = 0;
	for (const xmlNode *c = root->children; c; c = c->next)
		if (is_named(c, "body"))
			found += opml_walk(c, NULL, 0, add, ctx);
	xmlFreeDoc(doc);
	return found;
}
