/* io.h: reading whole files and streams into a buffer, with a size cap. */
#ifndef SECNEWS_IO_H
#define SECNEWS_IO_H
#include <stddef.h>

#include "util/buf.h"
#include "util/err.h"

/* Default cap on one input file or page: 64 MiB. */
#define IO_MAX_INPUT ((size_t)64 << 20)

/* Append the whole of PATH ("-" is standard input) to OUT, reading at most
 * MAX bytes (0: IO_MAX_INPUT). 0 on success; -1 with a message in E naming
 * the path when it cannot be opened or read or is larger than MAX. */
int io_read_file(const char *path, size_t max, struct buf *out, struct err *e);

/* Write N bytes to PATH atomically (temporary file, fsync, rename).
 * 0 or -1 with a message in E. */
int io_write_file(const char *path, const void *data, size_t n, struct err *e);

#endif
