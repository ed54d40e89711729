/* fuzz_charset.c: fuzz target for charset handling: raw bytes through
 * extract() with EXTRACT_AUTO, under a Content-Type chosen by the first
 * input byte (none, a real charset, UTF-16, an unknown one). */
#include "fuzz_article.h"

int fuzz_charset(const uint8_t *data, size_t n);

int fuzz_charset(const uint8_t *data, size_t n)
{
	static const char *const types[] = {
		NULL,
		"text/html; charset=iso-8859-1",
		"text/html; charset=\"utf-8\"",
		"text/html; charset=UTF-16",
		"text/plain; charset=shift_jis",
		"text/html; charset=windows-1251",
		"application/xhtml+xml; charset=euc-kr",
		"text/html; charset=no-such-charset",
		"text/html; charset=",
		"text/plain; charset=utf-16le",
		"text/html; charset=big5",
		"text/html; charset=gb18030",
	};
	if (n == 0)
		return 0;
	struct extract_opts o = {NULL, types[data[0] % (sizeof types / sizeof *types)], EXTRACT_AUTO};
	return fuzz_extract_check(data + 1, n - 1, &o);
}

#ifdef FUZZ_MAIN
FUZZ_HOOK(fuzz_charset)
#endif
