/* charset.c: choosing a page's character set and decoding it to UTF-8
 * (see internal.h). Order: BOM, HTTP Content-Type, the document's own
 * declaration; any declaration loses to bytes that are valid UTF-8. */
#include "extract/internal.h"

#include <ctype.h>
#include <errno.h>
#include <iconv.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "util/utf8.h"

int charset_is_utf16(const unsigned char *d, size_t n, int *order)
{
	if (n >= 2 && d[0] == 0xFF && d[1] == 0xFE) {
		*order = 'L';
		return 1;
	}
	if (n >= 2 && d[0] == 0xFE && d[1] == 0xFF) {
		*order = 'B';
		return 1;
	}
	/* BOM-less: most odd (LE) or even (BE) bytes are zero, the others not */
	size_t m = n < 1024 ? n : 1024, zero_even = 0, zero_odd = 0;
	if (m < 8)
		return 0;
	m &= ~(size_t)1;
	for (size_t i = 0; i < m; i += 2) {
		zero_even += d[i] == 0;
		zero_odd += d[i + 1] == 0;
	}
	if (zero_odd * 10 >= m / 2 * 8 && zero_even * 10 < m / 2) {
		*order = 'L';
		return 1;
	}
	if (zero_even * 10 >= m / 2 * 8 && zero_odd * 10 < m / 2) {
		*order = 'B';
		return 1;
	}
	return 0;
}

/* Copy the charset name found at S (up to a quote, ';', space or '>') into
 * NAME (40 bytes), lowercased. 1 if a name was found. */
static int take_name(const char *s, const char *end, char *name)
{
	while (s < end && (*s == ' ' || *s == '"' || *s == '\'' || *s == '='))
		s++;
	size_t k = 0;
	while (s < end && k < 39 && (isalnum((unsigned char)*s) || *s == '-' || *s == '_' || *s == ':' ||
				     *s == '.')) {
		name[k++] = (char)tolower((unsigned char)*s);
		s++;
	}
	name[k] = '\0';
	return k > 0;
}

/* Case-insensitive search for NEEDLE (lowercase) in [S, END). */
static const char *find_ci(const char *s, const char *end, const char *needle)
{
	size_t m = strlen(needle);
	char first = needle[0];
	for (; s + m <= end; s++)
		if ((*s | 32) == first && strncasecmp(s, needle, m) == 0)
			return s;
	return NULL;
}

/* The charset parameter of a Content-Type value. */
static int from_content_type(const char *ct, char *name)
{
	if (!ct)
		return 0;
	const char *p = find_ci(ct, ct + strlen(ct), "charset");
	return p && take_name(p + 7, ct + strlen(ct), name);
}

/* The document's declaration, in its first 8 KiB: <meta charset>, a meta
 * http-equiv Content-Type, or <?xml encoding?>. */
static int from_document(const char *d, size_t n, char *name)
{
	const char *end = d + (n < 8192 ? n : 8192), *p = d;
	if (n > 5 && memcmp(d, "<?xml", 5) == 0) {
		const char *q = memchr(d, '>', (size_t)(end - d));
		const char *enc = q ? find_ci(d, q, "encoding") : NULL;
		if (enc && take_name(enc + 8, q, name))
			return 1;
	}
	while ((p = find_ci(p, end, "<meta")) != NULL) {
		const char *q = memchr(p, '>', (size_t)(end - p));
		if (!q)
			break;
		const char *cs = find_ci(p, q, "charset");
		if (cs && take_name(cs + 7, q, name))
			return 1;
		p = q;
	}
	return 0;
}

/* Map a declared name to the one iconv should use (WHATWG aliases). */
static const char *iconv_name(const char *name)
{
	static const struct {
		const char *from, *to;
	} map[] = {
		{"iso-8859-1", "WINDOWS-1252"}, {"latin1", "WINDOWS-1252"},   {"iso8859-1", "WINDOWS-1252"},
		{"us-ascii", "WINDOWS-1252"},   {"ascii", "WINDOWS-1252"},    {"x-sjis", "CP932"},
		{"shift_jis", "CP932"},         {"shift-jis", "CP932"},       {"sjis", "CP932"},
		{"windows-31j", "CP932"},       {"gb2312", "GB18030"},        {"gbk", "GB18030"},
		{"x-gbk", "GB18030"},           {"euc-kr", "CP949"},          {"ks_c_5601-1987", "CP949"},
		{"big5", "BIG5-HKSCS"},         {"iso-8859-9", "WINDOWS-1254"}, {"tis-620", "CP874"},
		{"iso-8859-11", "CP874"},
	};
	for (size_t i = 0; i < sizeof map / sizeof map[0]; i++)
		if (strcmp(name, map[i].from) == 0)
			return map[i].to;
	return name;
}

/* Decode with iconv from CODE; invalid bytes become U+FFFD. -1 if iconv
 * does not know CODE. */
static int decode_iconv(const char *d, size_t n, const char *code, struct buf *out)
{
	iconv_t cd = iconv_open("UTF-8", code);
	if (cd == (iconv_t)-1)
		return -1;
	char tmp[8192];
	char *in = (char *)d;
	size_t left = n;
	while (left > 0) {
		char *o = tmp;
		size_t room = sizeof tmp;
		size_t r = iconv(cd, &in, &left, &o, &room);
		int err = r == (size_t)-1 ? errno : 0;
		/* drop NULs from the output */
		for (char *c = tmp; c < o;) {
			char *z = memchr(c, '\0', (size_t)(o - c));
			size_t k = z ? (size_t)(z - c) : (size_t)(o - c);
			buf_append(out, c, k);
			c += k + (z != NULL);
		}
		if (err == EILSEQ || err == EINVAL) {
			buf_append(out, "\xEF\xBF\xBD", 3);
			in++;
			left--;
		} else if (err && err != E2BIG) {
			break;
		}
	}
	iconv_close(cd);
	return out->failed ? -2 : 0;
}

int charset_plain_utf8(const char *data, size_t n)
{
	const unsigned char *d = (const unsigned char *)data;
	const uint64_t high = 0x8080808080808080ull, ones = 0x0101010101010101ull;
	size_t i = 0;
	if (n >= 3 && d[0] == 0xEF && d[1] == 0xBB && d[2] == 0xBF)
		return 0;
	while (i < n) {
		/* eight ASCII bytes at a time, none of them NUL */
		while (i + 8 <= n) {
			uint64_t v;
			memcpy(&v, d + i, 8);
			if ((v & high) || ((v - ones) & ~v & high))
				break;
			i += 8;
		}
		if (i >= n)
			break;
		if (d[i] == 0)
			return 0;
		if (d[i] < 0x80) {
			i++;
			continue;
		}
		uint32_t cp;
		size_t l = utf8_decode(data + i, n - i, &cp);
		if (cp == 0xFFFD && l == 1)
			return 0;
		i += l;
	}
	return 1;
}

int charset_to_utf8(const char *data, size_t n, const char *content_type, int is_html,
		    struct buf *out, char *name)
{
	const unsigned char *d = (const unsigned char *)data;
	int order;
	if (n >= 3 && d[0] == 0xEF && d[1] == 0xBB && d[2] == 0xBF) {
		snprintf(name, 40, "utf-8");
		return utf8_sanitize(out, data + 3, n - 3);
	}
	if (charset_is_utf16(d, n, &order)) {
		int bom = n >= 2 && ((d[0] == 0xFF && d[1] == 0xFE) || (d[0] == 0xFE && d[1] == 0xFF));
		snprintf(name, 40, order == 'L' ? "utf-16le" : "utf-16be");
		int r = decode_iconv(data + (bom ? 2 : 0), n - (bom ? 2 : 0),
				     order == 'L' ? "UTF-16LE" : "UTF-16BE", out);
		return r == -2 ? -1 : 0;
	}
	char decl[40] = "";
	if (!from_content_type(content_type, decl) && is_html)
		from_document(data, n, decl);
	if (utf8_valid(data, n) || !decl[0] || strcmp(decl, "utf-8") == 0 || strcmp(decl, "utf8") == 0 ||
	    strncmp(decl, "utf-16", 6) == 0) {
		/* valid UTF-8 whatever the declaration says; a page declaring
		 * UTF-8 (or UTF-16 while being 8-bit) is repaired as UTF-8 */
		if (utf8_valid(data, n) || decl[0]) {
			snprintf(name, 40, "utf-8");
			return utf8_sanitize(out, data, n);
		}
		snprintf(decl, sizeof decl, "windows-1252");
	}
	snprintf(name, 40, "%s", decl);
	int r = decode_iconv(data, n, iconv_name(decl), out);
	if (r == -1) {
		snprintf(name, 40, "utf-8");
		return utf8_sanitize(out, data, n);
	}
	return r == -2 ? -1 : 0;
}
