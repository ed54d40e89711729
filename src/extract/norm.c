/* norm.c: text normalisation for extracted text (see internal.h). */
#include "extract/internal.h"

#include <stdlib.h>
#include <string.h>

#include "util/utf8.h"

/* 1 for code points that are whitespace in page text. */
static int is_space_cp(uint32_t c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v' ||
	       c == 0xA0 || c == 0x1680 || (c >= 0x2000 && c <= 0x200A) || c == 0x2028 ||
	       c == 0x2029 || c == 0x202F || c == 0x205F || c == 0x3000 || c == 0x85;
}

/* 1 for code points that are dropped: soft hyphen, zero-width and format
 * characters, controls, noncharacters. */
static int is_dropped_cp(uint32_t c)
{
	return c < 0x20 || (c >= 0x7F && c < 0xA0) || c == 0xAD || (c >= 0x200B && c <= 0x200D) ||
	       c == 0x2060 || c == 0xFEFF || c == 0xFFFE || c == 0xFFFF;
}

void norm_append(struct norm *nm, const char *s, size_t n)
{
	size_t i = 0;
	while (i < n) {
		unsigned char c = (unsigned char)s[i];
		if (c < 0x80) {
			/* fast path for ASCII runs */
			size_t j = i;
			while (j < n && (unsigned char)s[j] > 0x20 && (unsigned char)s[j] < 0x7F)
				j++;
			if (j > i) {
				if (nm->pending_space && nm->out->len && nm->out->data[nm->out->len - 1] != '\n')
					buf_putc(nm->out, ' ');
				nm->pending_space = 0;
				buf_append(nm->out, s + i, j - i);
				i = j;
				continue;
			}
			if (c == ' ' || (c >= '\t' && c <= '\r'))
				nm->pending_space = 1;
			i++;
			continue;
		}
		uint32_t cp;
		size_t k = utf8_decode(s + i, n - i, &cp);
		if (is_space_cp(cp)) {
			nm->pending_space = 1;
		} else if (!is_dropped_cp(cp)) {
			if (nm->pending_space && nm->out->len && nm->out->data[nm->out->len - 1] != '\n')
				buf_putc(nm->out, ' ');
			nm->pending_space = 0;
			if (cp == 0xFFFD && k == 1)
				buf_append(nm->out, "\xEF\xBF\xBD", 3);
			else
				buf_append(nm->out, s + i, k);
		}
		i += k;
	}
}

char *norm_dup(const char *s, size_t n)
{
	struct buf b = BUF_INIT;
	struct norm nm = {&b, 0};
	if (!s)
		return NULL;
	norm_append(&nm, s, n);
	if (b.failed || b.len == 0) {
		buf_free(&b);
		return NULL;
	}
	return buf_detach(&b);
}

/* 1 for CJK code points that stand for a word each (roughly). */
static int is_cjk(uint32_t c)
{
	return (c >= 0x3040 && c <= 0x30FF) || (c >= 0x3400 && c <= 0x9FFF) ||
	       (c >= 0xAC00 && c <= 0xD7AF) || (c >= 0xF900 && c <= 0xFAFF);
}

size_t norm_words(const char *s, size_t n)
{
	size_t words = 0, cjk = 0;
	int in = 0;
	for (size_t i = 0; i < n;) {
		uint32_t cp;
		size_t k = utf8_decode(s + i, n - i, &cp);
		i += k;
		if (is_cjk(cp)) {
			cjk++;
			in = 0;
		} else if (utf8_is_wordchar(cp)) {
			if (!in)
				words++;
			in = 1;
		} else if (cp != '\'' && cp != 0x2019 && cp != '-') {
			in = 0;
		}
	}
	return words + cjk / 2;
}

int norm_ends_sentence(const char *s, size_t n)
{
	while (n > 0) {
		unsigned char c = (unsigned char)s[n - 1];
		if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '"' || c == '\'' || c == ')' ||
		    c == ']' || c == '*') {
			n--;
			continue;
		}
		if (c >= 0x80) {
			size_t j = n - 1;
			while (j > 0 && ((unsigned char)s[j] & 0xC0) == 0x80)
				j--;
			uint32_t cp;
			utf8_decode(s + j, n - j, &cp);
			if (cp == 0x201D || cp == 0x2019 || cp == 0xBB || cp == 0x300D || cp == 0x300F ||
			    cp == 0xFF09 || cp == 0xA0) {
				n = j;
				continue;
			}
			return cp == 0x3002 || cp == 0xFF01 || cp == 0xFF1F || cp == 0x2026 || cp == 0xFF0E;
		}
		return c == '.' || c == '!' || c == '?' || c == ':' || c == ';';
	}
	return 0;
}

static void text_into(xmlNode *n, struct norm *nm, int skip_code)
{
	for (xmlNode *k = n->children; k; k = k->next) {
		if (k->type == XML_TEXT_NODE || k->type == XML_CDATA_SECTION_NODE) {
			if (k->content)
				norm_append(nm, (const char *)k->content, strlen((const char *)k->content));
		} else if (k->type == XML_ELEMENT_NODE && k->children &&
			   !(skip_code && (strcmp((const char *)k->name, "script") == 0 ||
					   strcmp((const char *)k->name, "style") == 0))) {
			text_into(k, nm, skip_code);
		}
	}
}

char *node_text(xmlNode *n, int skip_code)
{
	struct buf b = BUF_INIT;
	struct norm nm = {&b, 0};
	text_into(n, &nm, skip_code);
	if (b.failed || !b.len) {
		buf_free(&b);
		return NULL;
	}
	return buf_detach(&b);
}
