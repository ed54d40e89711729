/* utf8.h: UTF-8 decoding, validation and repair. No allocation except in
 * utf8_sanitize, which appends to a caller-owned buffer. */
#ifndef SECNEWS_UTF8_H
#define SECNEWS_UTF8_H
#include <stddef.h>
#include <stdint.h>

#include "util/buf.h"

/* Decode one code point from S (N bytes available, N > 0). Stores it in *CP
 * and returns its length in bytes (1..4). Invalid, overlong, surrogate or
 * truncated sequences give *CP = 0xFFFD and length 1. */
size_t utf8_decode(const char *s, size_t n, uint32_t *cp);

/* Encode CP into OUT (at least 4 bytes); returns the length (1..4). Invalid
 * code points are encoded as U+FFFD. */
size_t utf8_encode(uint32_t cp, char *out);

/* 1 if the N bytes at S are entirely valid UTF-8 (no overlongs, no
 * surrogates), else 0. */
int utf8_valid(const char *s, size_t n);

/* Append S to OUT with every invalid sequence replaced by U+FFFD and NUL
 * bytes dropped. 0 or -1 (buffer cap). */
int utf8_sanitize(struct buf *out, const char *s, size_t n);

/* 1 if CP is a letter or digit in the sense needed for word boundaries
 * (ASCII alnum, Latin-1 letters, and every code point >= 0x100 that is not
 * punctuation, a space or a symbol we know of). */
int utf8_is_wordchar(uint32_t cp);

/* Lowercase a code point (ASCII, Latin-1, Latin Extended-A, Greek, Cyrillic);
 * others are returned unchanged. */
uint32_t utf8_tolower(uint32_t cp);

#endif
