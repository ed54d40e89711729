/* extract.c: the extractor's entry point (see extract.h): reject unusable
 * input, decode to UTF-8, and hand the text to the HTML or plain-text path. */
#include "extract/extract.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "extract/internal.h"

int extract_is_html(const char *data, size_t n)
{
	static const char *const marks[] = {"<!doctype html", "<html", "<head", "<body", "<meta",
					    "<title", "<div", "<p>", "<p ", "<br", "<article",
					    "<link", "<script", "<table", "<span", "<a href"};
	size_t i = 0;
	if (n >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0)
		i = 3;
	while (i < n && (data[i] == ' ' || data[i] == '\t' || data[i] == '\r' || data[i] == '\n'))
		i++;
	if (i < n && data[i] == '<' && i + 1 < n &&
	    (data[i + 1] == '!' || data[i + 1] == '?' || ((data[i + 1] | 32) >= 'a' && (data[i + 1] | 32) <= 'z')))
		return 1;
	size_t m = n < 2048 ? n : 2048;
	for (size_t j = i; j < m; j++) {
		if (data[j] != '<')
			continue;
		for (size_t k = 0; k < sizeof marks / sizeof marks[0]; k++) {
			size_t l = strlen(marks[k]);
			if (j + l <= n && strncasecmp(data + j, marks[k], l) == 0)
				return 1;
		}
	}
	return 0;
}

/* 1 when the bytes are binary data rather than text in some charset: NUL
 * bytes that are not UTF-16, or many control bytes. */
static int looks_binary(const char *data, size_t n)
{
	const unsigned char *d = (const unsigned char *)data;
	int order;
	if (charset_is_utf16(d, n, &order))
		return 0;
	size_t m = n < 8192 ? n : 8192, ctl = 0;
	for (size_t i = 0; i < m; i++) {
		unsigned char c = d[i];
		if (c == 0)
			return 1;
		if (c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f' && c != '\v' && c != 0x1B)
			ctl++;
	}
	return ctl * 20 > m;
}

int extract(const char *data, size_t n, const struct extract_opts *o, struct article *out,
	    struct err *e)
{
	static const struct extract_opts none = {NULL, NULL, EXTRACT_AUTO};
	if (!o)
		o = &none;
	memset(out, 0, sizeof *out);
	size_t blank = 0;
	while (blank < n && (data[blank] == ' ' || data[blank] == '\t' || data[blank] == '\n' ||
			     data[blank] == '\r'))
		blank++;
	if (n == 0 || blank == n)
		return err_set(e, "empty input, not a page or text");
	if (looks_binary(data, n))
		return err_set(e, "binary data, not a page or text");

	int kind = o->kind, order;
	struct buf conv = BUF_INIT;
	const char *text = data;
	size_t len = n;
	if (charset_is_utf16((const unsigned char *)data, n, &order) || !charset_plain_utf8(data, n)) {
		/* anything but clean UTF-8 is decoded into a copy */
		char cs[40];
		int html_guess = kind == EXTRACT_HTML || (kind == EXTRACT_AUTO && extract_is_html(data, n));
		if (charset_to_utf8(data, n, o->content_type, html_guess, &conv, cs)) {
			buf_free(&conv);
			return err_set(e, "input too large");
		}
		text = buf_str(&conv);
		len = conv.len;
	}
	if (kind == EXTRACT_AUTO)
		kind = extract_is_html(text, len) ? EXTRACT_HTML : EXTRACT_TEXT;
	if (len == 0) {
		buf_free(&conv);
		return err_set(e, "empty input, not a page or text");
	}
	int r = kind == EXTRACT_HTML ? html_extract(text, len, o->url, out, e) : text_extract(text, len, out, e);
	buf_free(&conv);
	if (r == EXTRACT_ERROR) {
		article_free(out);
		return r;
	}
	if (o->url && article_set(&out->url, o->url)) {
		article_free(out);
		return err_set(e, "out of memory");
	}
	return r;
}
