/* err.c: error values (see err.h). */
#include "util/err.h"

#include <stdarg.h>
#include <stdio.h>

int err_set(struct err *e, const char *fmt, ...)
{
	if (e) {
		va_list ap;
		va_start(ap, fmt);
		vsnprintf(e->msg, sizeof e->msg, fmt, ap);
		va_end(ap);
	}
	return -1;
}

void err_clear(struct err *e)
{
	if (e)
		e->msg[0] = 0;
}
