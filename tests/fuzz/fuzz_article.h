/* fuzz_article.h: the invariants every extracted article must keep,
 * shared by the extraction fuzz targets. */
#ifndef SECNEWS_FUZZ_ARTICLE_H
#define SECNEWS_FUZZ_ARTICLE_H
#include "extract/extract.h"
#include "fuzz.h"
#include "util/utf8.h"

/* 0 when S (may be NULL) is valid UTF-8 without C0 controls other than
 * newline and tab, else 1 (message printed, naming WHAT). */
static inline int fuzz_field_ok(const char *what, const char *s)
{
	if (!s)
		return 0;
	size_t n = strlen(s);
	if (!utf8_valid(s, n))
		FUZZ_FAIL("article %s is not valid UTF-8", what);
	return 0;
}

/* Run extract() on the input with options O and check the result. */
static inline int fuzz_extract_check(const uint8_t *data, size_t n, const struct extract_opts *o)
{
	struct article a;
	struct err e;
	int r = extract((const char *)data, n, o, &a, &e);
	int bad = 0;
	if (r != EXTRACT_OK && r != EXTRACT_NOT_ARTICLE && r != EXTRACT_ERROR) {
		fprintf(stderr, "fuzz invariant failed: extract returned %d\n", r);
		bad = 1;
	}
	if (r == EXTRACT_ERROR && (a.title || a.body || a.url)) {
		fprintf(stderr, "fuzz invariant failed: extract failed but left fields set\n");
		bad = 1;
	}
	if (r == EXTRACT_OK && !a.body) {
		fprintf(stderr, "fuzz invariant failed: an article without a body\n");
		bad = 1;
	}
	bad |= fuzz_field_ok("url", a.url) | fuzz_field_ok("canonical", a.canonical) |
	       fuzz_field_ok("title", a.title) | fuzz_field_ok("author", a.author) |
	       fuzz_field_ok("published", a.published) | fuzz_field_ok("site", a.site) |
	       fuzz_field_ok("lang", a.lang) | fuzz_field_ok("description", a.description) |
	       fuzz_field_ok("body", a.body);
	article_free(&a);
	return bad;
}

#endif
