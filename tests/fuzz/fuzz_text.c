/* fuzz_text.c: fuzz target for plain-text extraction (extract() with EXTRACT_TEXT). */
#include "fuzz_article.h"

int fuzz_text(const uint8_t *data, size_t n);

int fuzz_text(const uint8_t *data, size_t n)
{
	struct extract_opts o = {NULL, NULL, EXTRACT_TEXT};
	return fuzz_extract_check(data, n, &o);
}

#ifdef FUZZ_MAIN
FUZZ_HOOK(fuzz_text)
#endif
