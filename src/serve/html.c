/* html.c: text into HTML: escaping, URL encoding, marked spans and search
 * snippets (see serve.h). Everything the server writes from the database
 * passes through serve_html_escape(). */
#include <stdint.h>
#include <string.h>

#include "serve/serve.h"
#include "util/utf8.h"

/* Append one code point CP (decoded from L bytes at P) escaped. */
static void put_escaped(struct buf *out, const char *p, size_t l, uint32_t cp)
{
	switch (cp) {
	case '&': buf_puts(out, "&amp;"); return;
	case '<': buf_puts(out, "&lt;"); return;
	case '>': buf_puts(out, "&gt;"); return;
	case '"': buf_puts(out, "&quot;"); return;
	case '\'': buf_puts(out, "&#39;"); return;
	case '\t':
	case '\n': buf_putc(out, (int)cp); return;
	default: break;
	}
	if (cp < 0x20 || cp == 0x7f || (cp >= 0x80 && cp < 0xa0))
		return; /* control characters */
	buf_append(out, p, l);
}

int serve_html_escape(struct buf *out, const char *s, size_t n)
{
	size_t i = 0;
	while (i < n) {
		uint32_t cp;
		size_t l = utf8_decode(s + i, n - i, &cp);
		if (cp == 0xFFFD)
			buf_puts(out, "\xef\xbf\xbd"); /* invalid bytes: one U+FFFD each */
		else
			put_escaped(out, s + i, l, cp);
		i += l;
	}
	return out->failed ? -1 : 0;
}

int serve_html(struct buf *out, const char *s)
{
	return s ? serve_html_escape(out, s, strlen(s)) : 0;
}

int serve_url_encode(struct buf *out, const char *s)
{
	static const char hex[] = "0123456789ABCDEF";
	for (const unsigned char *p = (const unsigned char *)(s ? s : ""); *p; p++) {
		if ((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '-' ||
		    *p == '.' || *p == '_' || *p == '~') {
			buf_putc(out, *p);
		} else {
			buf_putc(out, '%');
			buf_putc(out, hex[*p >> 4]);
			buf_putc(out, hex[*p & 15]);
		}
	}
	return out->failed ? -1 : 0;
}

/* Escape [A, B) of TEXT, turning paragraph breaks into </p><p> and single
 * line ends into <br> when PARAS. */
static void text_run(struct buf *out, const char *text, size_t a, size_t b, int paras)
{
	if (!paras) {
		serve_html_escape(out, text + a, b - a);
		return;
	}
	size_t i = a;
	while (i < b) {
		const char *nl = memchr(text + i, '\n', b - i);
		size_t end = nl ? (size_t)(nl - text) : b;
		serve_html_escape(out, text + i, end - i);
		if (!nl)
			break;
		size_t j = end;
		int lines = 0;
		while (j < b && (text[j] == '\n' || text[j] == '\r')) {
			lines += text[j] == '\n';
			j++;
		}
		buf_puts(out, lines > 1 ? "</p>\n<p>" : "<br>\n");
		i = j;
	}
}

int serve_html_marked(struct buf *out, const char *text, size_t n, const struct serve_span *spans,
		      size_t nspans, int paragraphs)
{
	if (paragraphs)
		buf_puts(out, "<p>");
	size_t at = 0;
	for (size_t k = 0; k < nspans; k++) {
		const struct serve_span *sp = &spans[k];
		if (sp->start < at || sp->end <= sp->start || sp->end > n)
			continue;
		text_run(out, text, at, sp->start, paragraphs);
		if (sp->href) {
			buf_puts(out, "<a class=\"m\" href=\"");
			serve_html(out, sp->href);
			buf_puts(out, "\">");
		}
		buf_puts(out, "<mark>");
		serve_html_escape(out, text + sp->start, sp->end - sp->start);
		buf_puts(out, "</mark>");
		if (sp->href)
			buf_puts(out, "</a>");
		at = sp->end;
	}
	text_run(out, text, at, n, paragraphs);
	if (paragraphs)
		buf_puts(out, "</p>\n");
	return out->failed ? -1 : 0;
}

int serve_html_snippet(struct buf *out, const char *snippet, size_t n, char open, char close)
{
	size_t i = 0;
	int in = 0;
	while (i < n) {
		const char *o = memchr(snippet + i, in ? close : open, n - i);
		size_t end = o ? (size_t)(o - snippet) : n;
		serve_html_escape(out, snippet + i, end - i);
		if (!o)
			break;
		buf_puts(out, in ? "</mark>" : "<mark>");
		in = !in;
		i = end + 1;
	}
	if (in)
		buf_puts(out, "</mark>");
	return out->failed ? -1 : 0;
}
