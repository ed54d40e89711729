/* atom.c: Atom 1.0 feeds (RFC 4287) for watch lists (see export.h). */
#include <stdint.h>
#include <string.h>

#include "export/export.h"
#include "export/uuid.h"
#include "util/utf8.h"

/* Append S escaped for XML text and attributes; invalid UTF-8 becomes
 * U+FFFD and code points XML 1.0 forbids (controls, U+FFFE/F) are dropped. */
static void esc(struct buf *out, const char *s)
{
	if (!s)
		return;
	size_t n = strlen(s);
	for (size_t i = 0; i < n;) {
		uint32_t cp;
		size_t l = utf8_decode(s + i, n - i, &cp);
		if (cp == '&')
			buf_puts(out, "&amp;");
		else if (cp == '<')
			buf_puts(out, "&lt;");
		else if (cp == '>')
			buf_puts(out, "&gt;");
		else if (cp == '"')
			buf_puts(out, "&quot;");
		else if ((cp < 0x20 && cp != '\t' && cp != '\n' && cp != '\r') || cp == 0xFFFE || cp == 0xFFFF ||
			 (cp >= 0x7F && cp < 0xA0))
			; /* not allowed in XML 1.0 (C1 controls are discouraged) */
		else {
			char u[4];
			buf_append(out, u, utf8_encode(cp, u));
		}
		i += l;
	}
}

static void element(struct buf *out, const char *name, const char *text)
{
	buf_printf(out, "<%s>", name);
	esc(out, text);
	buf_printf(out, "</%s>", name);
}

int atom_feed_begin(struct buf *out, const char *title, const char *id_seed, const char *updated)
{
	char id[37];
	uuid5(UUID_NS_SECNEWS, id_seed, strlen(id_seed), id);
	buf_puts(out, "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\">\n");
	buf_printf(out, "<id>urn:uuid:%s</id>\n", id);
	element(out, "title", title);
	buf_puts(out, "\n");
	element(out, "updated", updated);
	buf_puts(out, "\n<author><name>secnews</name></author>\n<generator>secnews</generator>\n");
	return out->failed ? -1 : 0;
}

static void categories(struct buf *out, const char *kind, const struct namelist *l)
{
	for (size_t i = 0; i < l->n; i++) {
		if (!l->v[i] || !*l->v[i])
			continue;
		buf_puts(out, "<category term=\"");
		esc(out, l->v[i]);
		buf_printf(out, "\" scheme=\"urn:secnews:%s\" label=\"%s: ", kind, kind);
		esc(out, l->v[i]);
		buf_puts(out, "\"/>\n");
	}
}

int atom_entry(struct buf *out, const struct export_record *r, const char *summary)
{
	char id[37];
	const char *url = r->url ? r->url : "";
	uuid5(UUID_NS_SECNEWS, url, strlen(url), id);
	buf_printf(out, "<entry>\n<id>urn:uuid:%s</id>\n", id);
	element(out, "title", r->title && *r->title ? r->title : url);
	buf_puts(out, "\n<link rel=\"alternate\" href=\"");
	esc(out, url);
	buf_puts(out, "\"/>\n");
	element(out, "updated", r->ingested);
	buf_putc(out, '\n');
	if (r->published && *r->published) {
		element(out, "published", r->published);
		buf_putc(out, '\n');
	}
	if (r->author && *r->author) {
		buf_puts(out, "<author>");
		element(out, "name", r->author);
		buf_puts(out, "</author>\n");
	}
	const char *sum = r->description && *r->description ? r->description : summary;
	if (sum && *sum) {
		buf_puts(out, "<summary type=\"text\">");
		esc(out, sum);
		buf_puts(out, "</summary>\n");
	}
	if (r->site && *r->site) {
		buf_puts(out, "<source><title>");
		esc(out, r->site);
		buf_puts(out, "</title></source>\n");
	}
	categories(out, "actor", &r->actors);
	categories(out, "vendor", &r->vendors);
	categories(out, "product", &r->products);
	categories(out, "cve", &r->cves);
	buf_puts(out, "</entry>\n");
	return out->failed ? -1 : 0;
}

int atom_feed_end(struct buf *out)
{
	return buf_puts(out, "</feed>\n");
}
