/* fuzz_html.c: fuzz target for HTML extraction (extract() with EXTRACT_HTML). */
#include "fuzz_article.h"

int fuzz_html(const uint8_t *data, size_t n);

int fuzz_html(const uint8_t *data, size_t n)
{
	struct extract_opts o = {"https://example.org/news/a.html", NULL, EXTRACT_HTML};
	return fuzz_extract_check(data, n, &o);
}

#ifdef FUZZ_MAIN
FUZZ_HOOK(fuzz_html)
#endif
