/* meta.c: the metadata of an HTML page, best source first (JSON-LD, meta
 * tags, links, the visible byline and dateline, the URL), and the whole
 * HTML path: parse once, read the metadata, then hand the tree to
 * html_body() for the text. */
#include "extract/internal.h"

#include <ctype.h>
#include <jansson.h>
#include <libxml/HTMLparser.h>
#include <libxml/uri.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "util/date.h"
#include "util/utf8.h"

#define MAX_METAS 96
#define MAX_H 8

struct meta_kv {
	char *key; /* lowercased, spaces removed */
	const char *val;
};

/* What one walk over the page collects; strings point into the tree
 * unless noted. */
struct found {
	struct meta_kv metas[MAX_METAS];
	size_t nmetas;
	char *title;       /* <title> text (owned) */
	char *h[MAX_H];    /* h1 and h2 texts (owned) */
	int hlevel[MAX_H];
	size_t nh, nh1;
	const char *lang;
	const char *canonical;
	char *time_dt;     /* first <time datetime> or itemprop=datePublished (owned) */
	char *dateline;    /* text of a small element whose class names a date (owned) */
	struct buf ld[4];  /* JSON-LD scripts */
	size_t nld;
};

static const char *attr(xmlNode *n, const char *name)
{
	for (xmlAttr *a = n->properties; a; a = a->next)
		if (a->children && a->children->type == XML_TEXT_NODE && strcasecmp((const char *)a->name, name) == 0)
			return (const char *)a->children->content;
	return NULL;
}

/* Decode the character references left in S (pages that escape twice:
 * "&#8216;", "&amp;"); returns a new string (caller frees). */
static char *unescape(const char *s)
{
	if (!s)
		return NULL;
	struct buf b = BUF_INIT;
	for (const char *p = s; *p;) {
		const char *semi;
		if (*p == '&' && (semi = strchr(p, ';')) != NULL && semi - p < 12) {
			uint32_t cp = 0;
			if (p[1] == '#') {
				char *end;
				unsigned long v = (p[2] == 'x' || p[2] == 'X') ? strtoul(p + 3, &end, 16)
										 : strtoul(p + 2, &end, 10);
				if (end == semi && v > 0 && v < 0x110000)
					cp = (uint32_t)v;
			} else {
				char name[16];
				size_t k = (size_t)(semi - p - 1);
				memcpy(name, p + 1, k);
				name[k] = '\0';
				const htmlEntityDesc *d = htmlEntityLookup((const xmlChar *)name);
				if (d)
					cp = d->value;
			}
			if (cp) {
				char enc[4];
				buf_append(&b, enc, utf8_encode(cp, enc));
				p = semi + 1;
				continue;
			}
		}
		buf_putc(&b, *p++);
	}
	return buf_detach(&b);
}

/* Normalised, unescaped copy of S; NULL when empty. */
static char *clean_dup(const char *s)
{
	if (!s)
		return NULL;
	char *u = strchr(s, '&') ? unescape(s) : NULL;
	char *r = norm_dup(u ? u : s, strlen(u ? u : s));
	free(u);
	return r;
}

static void add_meta(struct found *f, const char *key, size_t klen, int dots_to_colons, const char *val)
{
	if (f->nmetas == MAX_METAS || !klen || klen > 64)
		return;
	char *k = malloc(klen + 1);
	if (!k)
		return;
	size_t j = 0;
	for (size_t i = 0; i < klen; i++) {
		char ch = key[i];
		if (isspace((unsigned char)ch))
			continue;
		if (dots_to_colons && ch == '.')
			ch = ':';
		k[j++] = (char)tolower((unsigned char)ch);
	}
	k[j] = '\0';
	f->metas[f->nmetas].key = k;
	f->metas[f->nmetas].val = val;
	f->nmetas++;
}

/* The value of the last meta with KEY, trimmed; NULL if none or empty. */
static const char *meta_get(const struct found *f, const char *key)
{
	for (size_t i = f->nmetas; i-- > 0;)
		if (strcmp(f->metas[i].key, key) == 0) {
			const char *v = f->metas[i].val;
			while (*v && isspace((unsigned char)*v))
				v++;
			if (*v)
				return v;
		}
	return NULL;
}

/* Case-insensitive substring test (NEEDLE's first byte in lowercase). */
static int has_ci(const char *s, const char *needle)
{
	size_t m = strlen(needle);
	char first = needle[0];
	for (; *s; s++)
		if ((*s == first || (*s | 32) == first) && strncasecmp(s, needle, m) == 0)
			return 1;
	return 0;
}

static int class_names_date(const char *s)
{
	static const char *const w[] = {"date", "published", "timestamp", "posted", NULL};
	char low[256];
	size_t k = 0;
	if (!s || !*s)
		return 0;
	for (; s[k] && k + 1 < sizeof low; k++)
		low[k] = (char)((s[k] >= 'A' && s[k] <= 'Z') ? s[k] + 32 : s[k]);
	low[k] = '\0';
	for (int i = 0; w[i]; i++)
		if (strstr(low, w[i]))
			return 1;
	return 0;
}

/* 1 if LABEL names a publication date. */
static int date_label(const char *label)
{
	static const char *const w[] = {"publish", "posted", "announced", "released", "date", "issued",
					"veröffentlicht", "publié", "publicado", "公開", "発行", "登録日", NULL};
	for (int i = 0; w[i]; i++)
		if (has_ci(label, w[i]))
			return 1;
	return 0;
}

/* One walk over the page. */
static void collect(xmlNode *root, struct found *f)
{
	xmlNode *n = root;
	while (n) {
		if (n->type == XML_ELEMENT_NODE) {
			const char *name = (const char *)n->name;
			int skip_kids = 0;
			/* every name tested below starts with one of these letters */
			if (!name[0] || !strchr("hmltsd", name[0])) {
				/* nothing by name */
			} else if (strcmp(name, "html") == 0 && !f->lang) {
				f->lang = attr(n, "lang");
				if (!f->lang)
					f->lang = attr(n, "xml:lang");
			} else if (strcmp(name, "meta") == 0) {
				const char *content = attr(n, "content");
				if (!content)
					content = attr(n, "value");
				const char *prop = attr(n, "property"), *nm = attr(n, "name");
				const char *ip = attr(n, "itemprop"), *he = attr(n, "http-equiv");
				if (content) {
					if (prop) {
						for (const char *p = prop; *p;) {
							while (*p && isspace((unsigned char)*p))
								p++;
							size_t k = 0;
							while (p[k] && !isspace((unsigned char)p[k]))
								k++;
							add_meta(f, p, k, 0, content);
							p += k;
						}
					}
					if (nm)
						add_meta(f, nm, strlen(nm), 1, content);
					if (ip)
						add_meta(f, ip, strlen(ip), 0, content);
					if (he && strcasecmp(he, "content-language") == 0)
						add_meta(f, "content-language", 16, 0, content);
				}
			} else if (strcmp(name, "link") == 0) {
				const char *rel = attr(n, "rel"), *href = attr(n, "href");
				if (rel && href && strcasecmp(rel, "canonical") == 0 && !f->canonical)
					f->canonical = href;
			} else if (strcmp(name, "title") == 0 && !f->title) {
				f->title = node_text(n, 1);
				skip_kids = 1;
			} else if (strcmp(name, "script") == 0) {
				const char *type = attr(n, "type");
				if (type && strcasecmp(type, "application/ld+json") == 0 && f->nld < 4) {
					struct buf *b = &f->ld[f->nld++];
					for (xmlNode *k = n->children; k; k = k->next)
						if (k->content)
							buf_puts(b, (const char *)k->content);
				}
				skip_kids = 1;
			} else if (strcmp(name, "style") == 0) {
				skip_kids = 1;
			} else if ((strcmp(name, "h1") == 0 || strcmp(name, "h2") == 0) && f->nh < MAX_H) {
				/* a heading that holds a kicker and the headline: the
				 * child marked as the headline */
				xmlNode *hl = NULL;
				for (xmlNode *k = n->children; k && !hl; k = k->next)
					if (k->type == XML_ELEMENT_NODE && attr(k, "class") &&
					    has_ci(attr(k, "class"), "headline"))
						hl = k;
				char *t = node_text(hl ? hl : n, 1);
				if (t) {
					f->hlevel[f->nh] = name[1] - '0';
					f->nh1 += name[1] == '1';
					f->h[f->nh++] = t;
				}
			} else if (strcmp(name, "time") == 0 && !f->time_dt) {
				const char *dt = attr(n, "datetime");
				if (dt && *dt)
					f->time_dt = strdup(dt);
			}
			const char *pcl = NULL, *pid = NULL, *pip = NULL;
			for (xmlAttr *pa = n->properties; pa; pa = pa->next) {
				if (!pa->children || pa->children->type != XML_TEXT_NODE)
					continue;
				const char *an = (const char *)pa->name, *av = (const char *)pa->children->content;
				if (an[0] == 'c' && strcmp(an, "class") == 0)
					pcl = av;
				else if (an[0] == 'i' && an[1] == 'd' && an[2] == '\0')
					pid = av;
				else if (an[0] == 'i' && strcmp(an, "itemprop") == 0)
					pip = av;
			}
			if (!f->time_dt) {
				const char *ip = pip;
				if (ip && strcmp(ip, "datePublished") == 0) {
					const char *v = attr(n, "datetime");
					if (!v)
						v = attr(n, "content");
					if (v && *v)
						f->time_dt = strdup(v);
					else
						f->time_dt = node_text(n, 1);
				}
			}
			if (!f->dateline && name[0] && name[1] && !name[2] &&
			    (strcmp(name, "dt") == 0 || strcmp(name, "th") == 0)) {
				/* a labelled date: <dt>Published</dt><dd>April 2, 2024</dd> */
				char *label = node_text(n, 1);
				xmlNode *v = n->next;
				while (v && v->type != XML_ELEMENT_NODE)
					v = v->next;
				if (label && v && strlen(label) < 40 && date_label(label)) {
					char *t = node_text(v, 1);
					time_t tm;
					if (t && strlen(t) < 80 && date_find(t, strlen(t), &tm, NULL) == 0)
						f->dateline = t;
					else
						free(t);
				}
				free(label);
			}
			if (!f->dateline && strcmp(name, "body") != 0 && strcmp(name, "html") != 0 &&
			    (class_names_date(pcl) || class_names_date(pid))) {
				char *t = node_text(n, 1);
				if (t && strlen(t) < 120) {
					time_t tm;
					if (date_find(t, strlen(t), &tm, NULL) == 0) {
						f->dateline = t;
						t = NULL;
					}
				}
				free(t);
			}
			if (!skip_kids && n->children) {
				n = n->children;
				continue;
			}
		}
		while (n && n != root && !n->next)
			n = n->parent;
		if (!n || n == root)
			break;
		n = n->next;
	}
}

static void found_free(struct found *f)
{
	for (size_t i = 0; i < f->nmetas; i++)
		free(f->metas[i].key);
	for (size_t i = 0; i < f->nh; i++)
		free(f->h[i]);
	for (size_t i = 0; i < f->nld; i++)
		buf_free(&f->ld[i]);
	free(f->title);
	free(f->time_dt);
	free(f->dateline);
}

/* ---- JSON-LD ------------------------------------------------------------------ */

struct ld {
	char *title, *author, *description, *site, *published, *url;
	int article, collection;
};

static int article_type(const char *t)
{
	static const char *const types[] = {
		"Article", "NewsArticle", "AnalysisNewsArticle", "AskPublicNewsArticle", "BackgroundNewsArticle",
		"OpinionNewsArticle", "ReportageNewsArticle", "ReviewNewsArticle", "Report", "SatiricalArticle",
		"ScholarlyArticle", "MedicalScholarlyArticle", "SocialMediaPosting", "BlogPosting",
		"LiveBlogPosting", "DiscussionForumPosting", "TechArticle", "APIReference",
		"AdvertiserContentArticle", NULL};
	for (int i = 0; t && types[i]; i++)
		if (strcmp(t, types[i]) == 0)
			return 1;
	return 0;
}

static int collection_type(const char *t)
{
	return t && (strcmp(t, "CollectionPage") == 0 || strcmp(t, "SearchResultsPage") == 0 ||
		     strcmp(t, "ItemList") == 0 || strcmp(t, "ProfilePage") == 0);
}

/* 1 if the object's @type (a string or an array) passes TEST. */
static int type_is(json_t *o, int (*test)(const char *))
{
	json_t *t = json_object_get(o, "@type");
	if (json_is_string(t))
		return test(json_string_value(t));
	size_t i;
	json_t *v;
	json_array_foreach(t, i, v) if (json_is_string(v) && test(json_string_value(v))) return 1;
	return 0;
}

/* Find the article object in a parsed JSON-LD value (an object, an array,
 * or an object with @graph). */
static json_t *find_article(json_t *v, int depth, int *collection)
{
	if (depth > 3 || !v)
		return NULL;
	if (json_is_array(v)) {
		size_t i;
		json_t *x;
		json_array_foreach(v, i, x)
		{
			json_t *r = find_article(x, depth + 1, collection);
			if (r)
				return r;
		}
		return NULL;
	}
	if (!json_is_object(v))
		return NULL;
	if (type_is(v, article_type))
		return v;
	if (type_is(v, collection_type))
		*collection = 1;
	json_t *g = json_object_get(v, "@graph");
	if (g)
		return find_article(g, depth + 1, collection);
	return NULL;
}

static char *json_str(json_t *v)
{
	return json_is_string(v) ? clean_dup(json_string_value(v)) : NULL;
}

/* Names of the author value (a string, an object with name, or an array). */
static void author_names(json_t *v, struct buf *b)
{
	if (json_is_string(v)) {
		if (b->len)
			buf_puts(b, "; ");
		buf_puts(b, json_string_value(v));
	} else if (json_is_object(v)) {
		json_t *nm = json_object_get(v, "name");
		if (json_is_string(nm)) {
			if (b->len)
				buf_puts(b, "; ");
			buf_puts(b, json_string_value(nm));
		}
	} else if (json_is_array(v)) {
		size_t i;
		json_t *x;
		json_array_foreach(v, i, x) author_names(x, b);
	}
}

static double similarity(const char *a, const char *b);

static void parse_ld(struct found *f, struct ld *ld)
{
	for (size_t i = 0; i < f->nld; i++) {
		if (!f->ld[i].len)
			continue;
		/* some pages wrap the JSON in <![CDATA[ ... ]]> */
		const char *j = f->ld[i].data;
		size_t jn = f->ld[i].len;
		while (jn && isspace((unsigned char)*j))
			j++, jn--;
		if (jn >= 9 && memcmp(j, "<![CDATA[", 9) == 0)
			j += 9, jn -= 9;
		while (jn && isspace((unsigned char)j[jn - 1]))
			jn--;
		if (jn >= 3 && memcmp(j + jn - 3, "]]>", 3) == 0)
			jn -= 3;
		json_t *root = json_loadb(j, jn, 0, NULL);
		if (!root)
			continue;
		int coll = 0;
		json_t *a = find_article(root, 0, &coll);
		if (coll)
			ld->collection = 1;
		if (!a || ld->article) {
			json_decref(root);
			continue;
		}
		json_t *ctx = json_object_get(a, "@context");
		(void)ctx;
		ld->article = 1;
		char *name = json_str(json_object_get(a, "name"));
		char *headline = json_str(json_object_get(a, "headline"));
		json_t *pubo = json_object_get(a, "publisher");
		char *pubname = json_is_object(pubo) ? json_str(json_object_get(pubo, "name")) : NULL;
		if (name && pubname && strcmp(name, pubname) == 0) {
			/* the "name" of the page is the site's */
			free(name);
			name = NULL;
		}
		free(pubname);
		if (name && headline && strcmp(name, headline) != 0 && f->title) {
			int nm = similarity(name, f->title) > 0.75, hm = similarity(headline, f->title) > 0.75;
			if (hm && !nm) {
				ld->title = headline;
				headline = NULL;
			} else {
				ld->title = name;
				name = NULL;
			}
		} else if (headline) {
			ld->title = headline;
			headline = NULL;
		} else {
			ld->title = name;
			name = NULL;
		}
		free(name);
		free(headline);
		struct buf b = BUF_INIT;
		author_names(json_object_get(a, "author"), &b);
		ld->author = b.len ? clean_dup(b.data) : NULL;
		buf_free(&b);
		ld->description = json_str(json_object_get(a, "description"));
		json_t *pub = json_object_get(a, "publisher");
		if (json_is_object(pub))
			ld->site = json_str(json_object_get(pub, "name"));
		ld->published = json_str(json_object_get(a, "datePublished"));
		json_t *u = json_object_get(a, "url");
		ld->url = json_str(u);
		json_decref(root);
	}
}

static void ld_free(struct ld *ld)
{
	free(ld->title);
	free(ld->author);
	free(ld->description);
	free(ld->site);
	free(ld->published);
	free(ld->url);
}

/* ---- title ---------------------------------------------------------------------- */

/* Share of B's words (by length) that A also holds: 1 - Readability's
 * distance of B from A. */
static double similarity(const char *a, const char *b)
{
	size_t total = 0, uniq = 0;
	const char *p = b;
	size_t bl = strlen(b), al = strlen(a);
	while (p < b + bl) {
		uint32_t cp;
		size_t k = utf8_decode(p, (size_t)(b + bl - p), &cp);
		if (!utf8_is_wordchar(cp)) {
			p += k;
			continue;
		}
		const char *s = p;
		while (p < b + bl) {
			k = utf8_decode(p, (size_t)(b + bl - p), &cp);
			if (!utf8_is_wordchar(cp))
				break;
			p += k;
		}
		size_t len = (size_t)(p - s);
		total += len + 1;
		int found = 0;
		for (size_t q = 0; q + len <= al && !found; q++) {
			if (strncasecmp(a + q, s, len) != 0)
				continue;
			uint32_t c1 = ' ', c2 = ' ';
			if (q > 0) {
				size_t j = q - 1;
				while (j > 0 && ((unsigned char)a[j] & 0xC0) == 0x80)
					j--;
				utf8_decode(a + j, q - j, &c1);
			}
			if (q + len < al)
				utf8_decode(a + q + len, al - q - len, &c2);
			found = !utf8_is_wordchar(c1) && !utf8_is_wordchar(c2);
		}
		if (!found)
			uniq += len + 1;
	}
	return total ? 1.0 - (double)uniq / (double)total : 0;
}

static size_t word_count(const char *s)
{
	size_t w = 0;
	int in = 0;
	for (; *s; s++) {
		if (isspace((unsigned char)*s))
			in = 0;
		else if (!in)
			in = 1, w++;
	}
	return w;
}

/* Separators between a title and the site's name: " | ", " - ", en and em
 * dashes, " / ", " > ", " » ", " \ ". Returns the separator's length at S
 * (including the spaces around it) or 0. */
static size_t sep_at(const char *s, int *hier)
{
	if (s[0] != ' ')
		return 0;
	const char *p = s + 1;
	size_t k = 0;
	if (*p == '|' || *p == '-') {
		k = 1;
		*hier = 0;
	} else if (*p == '\\' || *p == '/' || *p == '>') {
		k = 1;
		*hier = 1;
	} else if (strncmp(p, "\xE2\x80\x93", 3) == 0 || strncmp(p, "\xE2\x80\x94", 3) == 0) {
		k = 3;
		*hier = 0;
	} else if (strncmp(p, "\xC2\xBB", 2) == 0) {
		k = 2;
		*hier = 1;
	}
	if (k && p[k] == ' ')
		return k + 2;
	return 0;
}

/* Readability's reading of <title>: drop a site name after (or before) a
 * separator, or a prefix before a colon, unless too little would remain. */
static char *title_from_doc(const struct found *f)
{
	const char *orig = f->title;
	if (!orig)
		return NULL;
	size_t n = strlen(orig);
	char *cur = NULL;
	int had_hier = 0;
	size_t first_sep = n, last_sep = n, first_len = 0, last_len = 0;
	for (size_t i = 0; i < n; i++) {
		int h = 0;
		size_t k = sep_at(orig + i, &h);
		if (k) {
			if (first_sep == n) {
				first_sep = i;
				first_len = k;
			}
			last_sep = i;
			last_len = k;
			had_hier |= h;
		}
	}
	const char *colon = strstr(orig, ": ");
	if (first_sep < n) {
		cur = strndup(orig, last_sep);
		if (cur && word_count(cur) < 3) {
			free(cur);
			cur = strdup(orig + first_sep + first_len);
		}
	} else if (colon) {
		int match = 0;
		for (size_t i = 0; i < f->nh; i++)
			if (strcmp(f->h[i], orig) == 0)
				match = 1;
		if (match) {
			cur = strdup(orig);
		} else {
			const char *last = colon;
			for (const char *q = colon; (q = strstr(q + 1, ": ")) != NULL;)
				last = q;
			cur = strdup(last + 2);
			if (cur && word_count(cur) < 3) {
				free(cur);
				cur = strdup(colon + 2);
			} else if (cur) {
				char *pre = strndup(orig, (size_t)(colon - orig));
				if (pre && word_count(pre) > 5) {
					free(cur);
					cur = strdup(orig);
				}
				free(pre);
			}
		}
	} else if ((n > 150 || n < 15) && f->nh1 == 1) {
		for (size_t i = 0; i < f->nh; i++)
			if (f->hlevel[i] == 1)
				cur = strdup(f->h[i]);
	}
	if (!cur)
		cur = strdup(orig);
	if (!cur)
		return NULL;
	char *t = norm_dup(cur, strlen(cur));
	free(cur);
	if (!t)
		return strdup(orig);
	size_t wc = word_count(t);
	if (wc <= 4) {
		/* words of the original without its separators */
		size_t ow = 0;
		int in = 0;
		for (size_t i = 0; i < n; i++) {
			int h;
			size_t k = sep_at(orig + i, &h);
			if (k) {
				i += k - 2;
				in = 0;
				continue;
			}
			if (isspace((unsigned char)orig[i]))
				in = 0;
			else if (!in)
				in = 1, ow++;
		}
		if (!had_hier || wc != ow - 1) {
			free(t);
			return strdup(orig);
		}
	}
	(void)last_len;
	return t;
}

/* 1 if the N bytes at S are an identifier: one token of letters, digits
 * and hyphens with at least one digit and one letter ("JVNDB-2018-013542"). */
static int is_identifier(const char *s, size_t n)
{
	int digit = 0, alpha = 0;
	if (n < 6 || n > 40)
		return 0;
	for (size_t i = 0; i < n; i++) {
		unsigned char ch = (unsigned char)s[i];
		if (isdigit(ch))
			digit = 1;
		else if (isalpha(ch))
			alpha = 1;
		else if (ch != '-' && ch != '_' && ch != '.' && ch != ':')
			return 0;
	}
	return digit && alpha;
}

/* Pages named by an identifier (advisory databases): <title> is "ID - Site
 * - ...", and the heading holding the ID is followed by the headline. Returns
 * the headline (caller frees) and the site name in *SITE, or NULL. */
static char *title_after_id(const struct found *f, char **site)
{
	const char *t = f->title;
	if (!t)
		return NULL;
	int h;
	size_t n = strlen(t), first = n, k = 0;
	for (size_t i = 0; i < n && first == n; i++)
		if ((k = sep_at(t + i, &h)) != 0)
			first = i;
	if (!is_identifier(t, first))
		return NULL;
	for (size_t i = 0; i + 1 < f->nh; i++) {
		if (strlen(f->h[i]) != first || strncmp(f->h[i], t, first) != 0)
			continue;
		const char *next = f->h[i + 1];
		if (strlen(next) < 10 || is_identifier(next, strlen(next)))
			return NULL;
		if (first < n) {
			const char *rest = t + first + k;
			size_t m = strlen(rest), end = m;
			for (size_t j = 0; j < m; j++)
				if (sep_at(rest + j, &h)) {
					end = j;
					break;
				}
			if (end > 0 && end <= 60)
				*site = strndup(rest, end);
		}
		return strdup(next);
	}
	return NULL;
}

/* ---- dates, URLs -------------------------------------------------------------- */

/* Normalise a date string to ISO 8601; NULL if it is not a date. */
static char *iso_date(const char *s)
{
	time_t t;
	int ht = 0;
	char out[32];
	if (!s)
		return NULL;
	if (date_parse(s, &t, &ht) == 0 || date_find(s, strlen(s), &t, &ht) == 0)
		return strdup(date_iso(t, ht, out));
	return NULL;
}

/* A date written in a URL's path: /2021/03/02/, /2021-03-02-, /20210302/. */
static char *url_date(const char *u)
{
	if (!u)
		return NULL;
	const char *p = strstr(u, "://");
	p = p ? strchr(p + 3, '/') : u;
	for (; p && *p; p++) {
		int y, m, d;
		char sep;
		if (*p != '/' && *p != '-' && *p != '_')
			continue;
		if (sscanf(p + 1, "%4d%c%2d", &y, &sep, &m) == 3 && (sep == '/' || sep == '-') && y >= 1995 &&
		    y <= 2100 && m >= 1 && m <= 12 && isdigit((unsigned char)p[4]) && p[5] == sep) {
			d = 1;
			int have_day = sscanf(p + 8, "%c%2d", &sep, &d) == 2 && (sep == '/' || sep == '-') &&
				       isdigit((unsigned char)p[9]) && isdigit((unsigned char)p[10]) &&
				       (p[11] == '/' || p[11] == '-' || p[11] == '.' || p[11] == '\0');
			if (have_day && d >= 1 && d <= 31) {
				char out[16];
				snprintf(out, sizeof out, "%04d-%02d-%02d", y, m, d);
				return strdup(out);
			}
		}
	}
	return NULL;
}

/* HREF resolved against BASE, as a new string (caller frees); NULL when
 * it cannot be made absolute. */
static char *resolve(const char *href, const char *base)
{
	if (!href)
		return NULL;
	char *h = norm_dup(href, strlen(href));
	if (!h)
		return NULL;
	if (strstr(h, "://"))
		return h;
	xmlChar *r = base ? xmlBuildURI((const xmlChar *)h, (const xmlChar *)base) : NULL;
	if (!r || !strstr((const char *)r, "://")) {
		/* a relative address with nothing to resolve it against */
		xmlFree(r);
		free(h);
		return NULL;
	}
	char *out = strdup((const char *)r);
	xmlFree(r);
	free(h);
	return out;
}

/* The host of URL, without "www.". */
static char *host_of(const char *url)
{
	const char *p = url ? strstr(url, "://") : NULL;
	if (!p)
		return NULL;
	p += 3;
	size_t k = strcspn(p, "/:?#");
	if (k > 4 && strncasecmp(p, "www.", 4) == 0)
		p += 4, k -= 4;
	return k ? strndup(p, k) : NULL;
}

/* BCP 47 from "en_US" / "en-us": "en-US". */
static char *lang_tag(const char *s)
{
	char *t = s ? norm_dup(s, strlen(s)) : NULL;
	if (!t)
		return NULL;
	size_t k = strcspn(t, " ,;");
	t[k] = '\0';
	for (char *p = t; *p; p++)
		if (*p == '_')
			*p = '-';
	if (!*t) {
		free(t);
		return NULL;
	}
	return t;
}

static char *first_of(const struct found *f, const char *const *keys)
{
	for (int i = 0; keys[i]; i++) {
		const char *v = meta_get(f, keys[i]);
		if (v) {
			char *s = clean_dup(v);
			if (s)
				return s;
		}
	}
	return NULL;
}

/* 1 if A and B are equal ignoring case and spaces. */
static int same_name(const char *a, size_t an, const char *b)
{
	size_t bn = strlen(b), i = 0, j = 0;
	while (i < an || j < bn) {
		while (i < an && isspace((unsigned char)a[i]))
			i++;
		while (j < bn && isspace((unsigned char)b[j]))
			j++;
		if (i == an || j == bn)
			return i == an && j == bn;
		if (tolower((unsigned char)a[i]) != tolower((unsigned char)b[j]))
			return 0;
		i++, j++;
	}
	return 1;
}

/* 1 if the title segment S (N bytes) names the site: it equals the site
 * name, begins it, or equals the host's name. */
static int names_site(const char *s, size_t n, const char *site, const char *host)
{
	if (n == 0 || n > 80)
		return 0;
	if (site && (same_name(s, n, site) || (strncasecmp(site, s, n) == 0 && n >= 4)))
		return 1;
	if (host) {
		size_t hn = strcspn(host, ".");
		if (hn == n && strncasecmp(host, s, n) == 0)
			return 1;
		if (same_name(s, n, host))
			return 1;
	}
	return 0;
}

/* Improve the chosen title T: prefer a heading that is one part of it,
 * and drop a site name after or before a separator. Returns T or a new
 * string (T freed). */
static char *refine_title(char *t, const struct found *f, const char *site, const char *host,
			  int from_doc)
{
	if (!t)
		return t;
	size_t n = strlen(t);
	for (size_t i = 0; i < f->nh; i++)
		if (strcmp(f->h[i], t) == 0)
			return t;
	size_t first = n, flen = 0, last = n, llen = 0;
	for (size_t i = 0; i < n; i++) {
		int h;
		size_t k = sep_at(t + i, &h);
		if (!k && t[i] == ' ' && t[i + 1] == ':' && t[i + 2] == ':' && t[i + 3] == ' ')
			k = 4;
		if (k) {
			if (first == n)
				first = i, flen = k;
			last = i, llen = k;
			i += k - 1;
		}
	}
	if (first == n)
		return t;
	/* a heading equal to the part before the first or after the last separator */
	for (size_t i = 0; i < f->nh; i++) {
		const char *h = f->h[i];
		if (f->hlevel[i] != 1)
			continue;
		if (strlen(h) == first && strncmp(t, h, first) == 0) {
			char *r = strdup(h);
			if (r) {
				free(t);
				return r;
			}
		}
	}
	if (!from_doc) {
		/* metadata titles keep what their site wrote */
	} else if (names_site(t + last + llen, n - last - llen, site, host)) {
		char *r = strndup(t, last);
		if (r && word_count(r) >= 2) {
			free(t);
			return r;
		}
		free(r);
	} else if (names_site(t, first, site, host)) {
		char *r = strdup(t + first + flen);
		if (r && word_count(r) >= 2) {
			free(t);
			return r;
		}
		free(r);
	}
	return t;
}

/* Clean a byline: drop "By" (and its translations) before the names and a
 * date after them ("Dan Goodin - Apr 16, 2015"). Returns A or a new string
 * (A freed); NULL when nothing is left. */
static char *clean_author(char *a)
{
	static const char *const by[] = {"by ", "von ", "par ", "por ", "door ", "di ", "av ", "written by ",
					 "posted by ", NULL};
	if (!a)
		return NULL;
	const char *s = a;
	for (int i = 0; by[i]; i++)
		if (strncasecmp(s, by[i], strlen(by[i])) == 0) {
			s += strlen(by[i]);
			break;
		}
	size_t n = strlen(s);
	static const char *const seps[] = {" - ", " | ", " \xE2\x80\x94 ", " \xE2\x80\x93 ", " \xE2\x80\xA2 ",
					   ", ", NULL};
	for (int i = 0; seps[i]; i++) {
		const char *p = strstr(s, seps[i]);
		time_t t;
		if (p && date_find(p, strlen(p), &t, NULL) == 0) {
			n = (size_t)(p - s);
			break;
		}
	}
	char *r = n ? norm_dup(s, n) : NULL;
	free(a);
	return r;
}

static void take(char **field, char *v)
{
	if (!*field)
		*field = v;
	else
		free(v);
}

int html_extract(const char *s, size_t n, const char *url, struct article *a, struct err *e)
{
	xmlDoc *doc = html_parse(s, n, url);
	if (!doc)
		return err_set(e, "cannot parse the page as HTML");
	xmlNode *root = xmlDocGetRootElement(doc);
	if (!root) {
		xmlFreeDoc(doc);
		return err_set(e, "the page has no HTML elements");
	}
	struct found f;
	memset(&f, 0, sizeof f);
	collect(root, &f);
	struct ld ld;
	memset(&ld, 0, sizeof ld);
	parse_ld(&f, &ld);

	static const char *const title_keys[] = {"dc:title", "dcterm:title", "og:title", "weibo:article:title",
						 "weibo:webpage:title", "title", "twitter:title",
						 "parsely-title", NULL};
	static const char *const author_keys[] = {"dc:creator", "dcterm:creator", "author", "parsely-author",
						  "article:author", "sailthru:author", "byl", NULL};
	static const char *const desc_keys[] = {"dc:description", "dcterm:description", "og:description",
						"weibo:article:description", "weibo:webpage:description",
						"description", "twitter:description", NULL};
	static const char *const date_keys[] = {
		"article:published_time", "parsely-pub-date", "og:published_time", "datepublished",
		"article:published", "pubdate", "publishdate", "publish-date", "date", "dc:date",
		"dcterms:created", "dcterm:created", "dc:date:issued", "citation_publication_date",
		"sailthru:date", "article:modified_time", "dcterms:date", NULL};

	a->title = ld.title;
	ld.title = NULL;
	take(&a->title, first_of(&f, title_keys));
	int title_from_page = !a->title;
	char *id_site = NULL;
	if (!a->title)
		a->title = title_after_id(&f, &id_site);
	take(&a->title, title_from_doc(&f));

	a->author = ld.author;
	ld.author = NULL;
	char *au = first_of(&f, author_keys);
	if (au && strstr(au, "://")) {
		free(au);
		au = NULL;
	}
	take(&a->author, au);

	a->description = ld.description;
	ld.description = NULL;
	take(&a->description, first_of(&f, desc_keys));

	a->site = ld.site;
	ld.site = NULL;
	take(&a->site, first_of(&f, (const char *const[]){"og:site_name", "application-name", NULL}));
	take(&a->site, id_site);

	take(&a->published, iso_date(ld.published));
	for (int i = 0; date_keys[i] && !a->published; i++)
		a->published = iso_date(meta_get(&f, date_keys[i]));
	take(&a->published, iso_date(f.time_dt));
	take(&a->published, iso_date(f.dateline));

	const char *canon = f.canonical ? f.canonical : meta_get(&f, "og:url");
	a->canonical = resolve(canon, url);
	if (!a->canonical && ld.url && strstr(ld.url, "://"))
		a->canonical = strdup(ld.url);
	take(&a->published, url_date(a->canonical));
	take(&a->published, url_date(url));
	if (!a->site)
		a->site = host_of(a->canonical ? a->canonical : url);

	char *host = host_of(a->canonical ? a->canonical : url);
	a->title = refine_title(a->title, &f, a->site, host, title_from_page);
	free(host);

	a->lang = lang_tag(f.lang);
	take(&a->lang, lang_tag(meta_get(&f, "content-language")));
	take(&a->lang, lang_tag(meta_get(&f, "og:locale")));

	/* an "author" that is the site itself names no one */
	if (a->author && a->site && same_name(a->author, strlen(a->author), a->site)) {
		free(a->author);
		a->author = NULL;
	}
	int collection = ld.collection && !ld.article;
	ld_free(&ld);
	found_free(&f);

	char *body = NULL, *byline = NULL;
	int not_article = 0;
	html_body(doc, s, n, url, a->title, a->description, a->author != NULL, &body, &byline, &not_article);
	a->body = body;
	if (byline && !a->author)
		a->author = byline;
	else
		free(byline);
	a->author = clean_author(a->author);
	if (!a->body || collection || not_article)
		return EXTRACT_NOT_ARTICLE;
	return EXTRACT_OK;
}
