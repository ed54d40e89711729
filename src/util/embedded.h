/* embedded.h: files compiled into the binary (schema/ and data/).
 *
 * The table is generated at build time by tools/embed.c from every
 * schema/NNN_*.sql and data file listed in the Makefile. All memory is
 * static and read-only: nothing here is freed. */
#ifndef SECNEWS_EMBEDDED_H
#define SECNEWS_EMBEDDED_H
#include <stddef.h>

struct embedded_file {
	const char *path; /* as given to the generator, e.g. "schema/001_init.sql" */
	const char *data; /* NUL-terminated */
	size_t len;       /* without the NUL */
};

/* Terminated by an entry whose path is NULL; schema files sort by name. */
extern const struct embedded_file embedded_files[];

/* The embedded file at PATH, or NULL. */
const struct embedded_file *embedded_get(const char *path);

#endif
