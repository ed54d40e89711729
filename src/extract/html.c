/* html.c: article extraction from HTML with libxml2 (first version: title
 * and the text of the page's paragraphs outside navigation). */
#include "extract/internal.h"

#include <libxml/HTMLparser.h>
#include <string.h>
#include <strings.h>

static int skip_tag(const char *n)
{
	static const char *const t[] = {"script", "style", "noscript", "nav", "footer", "aside",
					"header", "form", "iframe", "svg", "template", NULL};
	for (int i = 0; t[i]; i++)
		if (strcasecmp(n, t[i]) == 0)
			return 1;
	return 0;
}

/* Deeper markup than this is not read (its recursion would overflow the stack). */
#define MAX_DEPTH 256

static void text_of(xmlNode *n, struct norm *nm, int depth)
{
	if (depth > MAX_DEPTH)
		return;
	for (xmlNode *c = n->children; c; c = c->next) {
		if (c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE)
			norm_append(nm, (const char *)c->content, strlen((const char *)c->content));
		else if (c->type == XML_ELEMENT_NODE && !skip_tag((const char *)c->name))
			text_of(c, nm, depth + 1);
	}
}

static void walk(xmlNode *n, struct buf *body, char **title, int depth)
{
	if (depth > MAX_DEPTH)
		return;
	for (xmlNode *c = n; c; c = c->next) {
		if (c->type != XML_ELEMENT_NODE)
			continue;
		const char *name = (const char *)c->name;
		if (skip_tag(name))
			continue;
		if (!*title && strcasecmp(name, "title") == 0) {
			struct buf t = BUF_INIT;
			struct norm nm = {&t, 0};
			text_of(c, &nm, 0);
			*title = t.len ? buf_detach(&t) : NULL;
			buf_free(&t);
			continue;
		}
		if (strcasecmp(name, "p") == 0) {
			size_t mark = body->len;
			if (body->len)
				buf_puts(body, "\n\n");
			size_t start = body->len;
			struct norm nm = {body, 0};
			text_of(c, &nm, 0);
			if (body->len == start || norm_words(body->data + start, body->len - start) < 5) {
				body->len = mark;
				if (body->data) /* still NULL when nothing was ever appended */
					body->data[mark] = '\0';
			}
			continue;
		}
		walk(c->children, body, title, depth + 1);
	}
}

int html_extract(const char *s, size_t n, const char *url, struct article *a, struct err *e)
{
	htmlDocPtr doc = htmlReadMemory(s, (int)n, url, "UTF-8",
					HTML_PARSE_RECOVER | HTML_PARSE_NONET | HTML_PARSE_NOERROR |
						HTML_PARSE_NOWARNING);
	if (!doc)
		return err_set(e, "cannot parse the page as HTML");
	struct buf body = BUF_INIT;
	walk(xmlDocGetRootElement(doc), &body, &a->title, 0);
	xmlFreeDoc(doc);
	a->body = buf_detach(&body);
	return a->body && *a->body ? EXTRACT_OK : EXTRACT_NOT_ARTICLE;
}
