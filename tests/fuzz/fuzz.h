/* fuzz.h: what the fuzz targets share. Each tests/fuzz/fuzz_NAME.c defines
 * fuzz_NAME(), the entry that checks one input, and (built with -DFUZZ_MAIN
 * by `make fuzz`) the libFuzzer hook that calls it. tests/check_fuzz_regress.c
 * includes the same files and replays tests/fuzz/regress/NAME/ through the
 * same entries, so found inputs stay tested without clang.
 *
 * An entry returns 0 when the input was handled correctly, or 1 when an
 * invariant failed (the message is printed on stderr); crashes and sanitizer
 * reports speak for themselves. Entries may keep state built once (a tagger,
 * a database) in statics; fuzz_NAME_done() releases it. */
#ifndef SECNEWS_FUZZ_H
#define SECNEWS_FUZZ_H
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t n);

/* Print a failed invariant and return 1 from the entry. */
#define FUZZ_FAIL(...)                                                                  \
	do {                                                                            \
		fprintf(stderr, "fuzz invariant failed (%s:%d): ", __FILE__, __LINE__); \
		fprintf(stderr, __VA_ARGS__);                                           \
		fputc('\n', stderr);                                                    \
		return 1;                                                               \
	} while (0)

/* A NUL-terminated copy of the input (caller frees), or NULL. */
static inline char *fuzz_strndup(const uint8_t *d, size_t n)
{
	char *s = malloc(n + 1);
	if (!s)
		return NULL;
	if (n)
		memcpy(s, d, n);
	s[n] = 0;
	return s;
}

/* The libFuzzer hook: an entry failing an invariant is a crash. */
#define FUZZ_HOOK(entry)                                                  \
	int LLVMFuzzerTestOneInput(const uint8_t *data, size_t n)         \
	{                                                                 \
		if (entry(data, n) != 0)                                  \
			abort();                                          \
		return 0;                                                 \
	}

#endif
