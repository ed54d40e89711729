/* boiler.c: matching text against the boilerplate phrases of
 * data/boilerplate.txt (see internal.h). The embedded list is scanned in
 * place; there is no table to build and no global state. */
#include "extract/internal.h"

#include <ctype.h>
#include <string.h>

#include "util/embedded.h"
#include "util/utf8.h"

/* Longest key we build: boilerplate is short by nature. */
#define KEY_MAX 160

/* Reduce S to its lowercased letters and digits with single spaces between
 * runs, into KEY (KEY_MAX bytes). Returns the key's length, or 0 when S is
 * too long to be boilerplate. *WORDS gets the number of words. */
static size_t make_key(const char *s, size_t n, char *key, size_t *words)
{
	size_t k = 0;
	int space = 0;
	*words = 0;
	for (size_t i = 0; i < n;) {
		uint32_t cp;
		i += utf8_decode(s + i, n - i, &cp);
		if (utf8_is_wordchar(cp) && cp != '_') {
			if ((space || !k) && *words >= 12)
				return 0; /* longer than any phrase plus four words */
			if (space && k) {
				if (k + 1 >= KEY_MAX)
					return 0;
				key[k++] = ' ';
			}
			if (!k || space)
				(*words)++;
			space = 0;
			char enc[4];
			size_t m = utf8_encode(utf8_tolower(cp), enc);
			if (k + m >= KEY_MAX)
				return 0;
			memcpy(key + k, enc, m);
			k += m;
		} else {
			space = 1;
		}
	}
	key[k] = '\0';
	return k;
}

int boiler_match(const char *s, size_t n)
{
	char key[KEY_MAX];
	size_t words;
	if (n > KEY_MAX)
		return BOILER_NONE; /* longer than any phrase and four more words */
	size_t klen = make_key(s, n, key, &words);
	if (klen == 0)
		return BOILER_NONE;
	const struct embedded_file *f = embedded_get("data/boilerplate.txt");
	if (!f)
		return BOILER_NONE;
	int kind = BOILER_DROP, best = BOILER_NONE;
	size_t best_len = 0;
	const char *p = f->data, *end = f->data + f->len;
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t len = nl ? (size_t)(nl - p) : (size_t)(end - p);
		while (len && (p[len - 1] == '\r' || p[len - 1] == ' '))
			len--;
		if (len && p[0] == '[') {
			kind = (len >= 5 && memcmp(p, "[end]", 5) == 0) ? BOILER_END : BOILER_DROP;
		} else if (len && p[0] != '#' && len <= klen && memcmp(p, key, len) == 0) {
			if (len == klen || key[len] == ' ') {
				/* phrase words + at most four more */
				size_t pw = 1;
				for (size_t i = 0; i < len; i++)
					pw += p[i] == ' ';
				if ((len == klen || (pw >= 2 && words <= pw + 4)) && len > best_len) {
					best = kind;
					best_len = len;
				}
			}
		}
		p += len;
		while (p < end && *p != '\n')
			p++;
		p++;
	}
	return best;
}
