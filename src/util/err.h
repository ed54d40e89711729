/* err.h: error values. A function that can fail takes a `struct err *`
 * (which may be NULL) and, on failure, writes one human-readable sentence
 * into it: what went wrong and, where it helps, what to do. Nothing is
 * allocated; the caller owns the struct, usually on its stack. */
#ifndef SECNEWS_ERR_H
#define SECNEWS_ERR_H

struct err {
	char msg[512];
};

/* Write a printf-style message into E (if E is not NULL). Returns -1 so that
 * callers can write `return err_set(e, ...);`. */
int err_set(struct err *e, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* Clear E (if not NULL). */
void err_clear(struct err *e);

#endif
