/* testutil.h: what the Check suites share: where the shared corpus is, and
 * reading a fixture. Tests run from the repository's top folder. */
#ifndef SECNEWS_TESTUTIL_H
#define SECNEWS_TESTUTIL_H
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/buf.h"
#include "util/io.h"

/* The shared corpus folder: $SECNEWS_SHARED, else ../shared. */
static inline const char *shared_dir(void)
{
	const char *s = getenv("SECNEWS_SHARED");
	return s && *s ? s : "../shared";
}

/* Read a file below the shared folder (REL like "corpus/seed-article.txt")
 * into a new string (caller frees); *N gets its length. Fails the test when
 * the file cannot be read. */
static inline char *read_shared(const char *rel, size_t *n)
{
	char path[4096];
	snprintf(path, sizeof path, "%s/%s", shared_dir(), rel);
	struct buf b = BUF_INIT;
	struct err e;
	if (io_read_file(path, 0, &b, &e) != 0)
		ck_abort_msg("cannot read fixture: %s", e.msg);
	if (n)
		*n = b.len;
	return buf_detach(&b);
}

/* Read a file given by path relative to the repository. */
static inline char *read_local(const char *path, size_t *n)
{
	struct buf b = BUF_INIT;
	struct err e;
	if (io_read_file(path, 0, &b, &e) != 0)
		ck_abort_msg("cannot read fixture: %s", e.msg);
	if (n)
		*n = b.len;
	return buf_detach(&b);
}

/* Run one suite; returns the number of failures. Each test binary's main is
 * `return run_suite(make_suite()) ? EXIT_FAILURE : EXIT_SUCCESS;`. */
static inline int run_suite(Suite *s)
{
	SRunner *sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed;
}

#endif
