/* buf.h: the one growable byte buffer, with a hard size cap.
 *
 * Used for HTTP bodies, file contents and text assembly instead of ad-hoc
 * realloc loops. The data is always NUL-terminated (once anything has been
 * appended) so it can be used as a C string when it holds text.
 *
 * Ownership: the buffer owns `data` until buf_detach() hands it to the
 * caller (who frees it with free()) or buf_free() releases it. A failed
 * append (cap exceeded or out of memory) leaves the contents as they were
 * and sets `failed`; later appends fail too until buf_reset(). */
#ifndef SECNEWS_BUF_H
#define SECNEWS_BUF_H
#include <stdarg.h>
#include <stddef.h>

#define BUF_DEFAULT_MAX ((size_t)1 << 30)

struct buf {
	char *data;
	size_t len;
	size_t cap;
	size_t max;  /* largest len allowed; 0 means BUF_DEFAULT_MAX */
	int failed;  /* 1: an append hit the cap, 2: out of memory */
};

#define BUF_INIT {0, 0, 0, 0, 0}

/* Start an empty buffer that may grow to MAX bytes (0: the default). */
void buf_init(struct buf *b, size_t max);

/* Append N bytes. 0 on success, -1 if the cap or memory ran out. */
int buf_append(struct buf *b, const void *p, size_t n);
int buf_puts(struct buf *b, const char *s);
int buf_putc(struct buf *b, int c);
int buf_printf(struct buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
int buf_vprintf(struct buf *b, const char *fmt, va_list ap);

/* Make room for N more bytes; 0 or -1. */
int buf_reserve(struct buf *b, size_t n);

/* Forget the contents (keep the memory, clear `failed`). */
void buf_reset(struct buf *b);

/* Give the contents to the caller as a NUL-terminated string (never NULL:
 * an empty buffer gives ""; NULL only when out of memory). The buffer is
 * left empty. Caller frees with free(). */
char *buf_detach(struct buf *b);

/* Release the memory. buf_free on a zeroed or freed buffer is harmless. */
void buf_free(struct buf *b);

/* The contents as a string ("" when empty). Valid until the next append. */
const char *buf_str(const struct buf *b);

#endif
