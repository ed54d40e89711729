/* cli.h: what every command shares: the options main() parsed, exit codes,
 * messages, output formats. Commands live in src/cmd/, one file per group;
 * each is `int cmd_NAME(struct cli *c, int argc, char **argv)` with argv[0]
 * the command's name, and returns the process exit status. Only commands
 * print; the stages below them return values. */
#ifndef SECNEWS_CLI_H
#define SECNEWS_CLI_H
#include <stdio.h>

/* Exit status contract (design.md). */
enum {
	EXIT_OK = 0,
	EXIT_NOTHING = 1, /* a query found nothing; extract: not an article */
	EXIT_USAGE = 2,
	EXIT_FAIL = 3
};

enum format { FORMAT_TABLE, FORMAT_JSON, FORMAT_CSV };

struct cli {
	const char *db;  /* --db, else $SECNEWS_DB, else "secnews.db" */
	size_t max_mentions; /* --max-mentions: per-article limit when storing (0: default) */
	int stderr_tty;  /* progress indicators only when 1 */
	int stdout_tty;
};

/* "secnews: " + message + newline on stderr. */
void cli_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Print "secnews CMD: " + message and a pointer to --help; return EXIT_USAGE. */
int cli_usage_error(const char *cmd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Parse a --format value; -1 (after printing a usage message) if unknown. */
int cli_parse_format(const char *cmd, const char *s);

/* Print S for a terminal or a file: control characters and escape sequences
 * from page text are dropped (tabs and newlines become spaces), so a
 * malicious title cannot drive the user's terminal. */
void cli_put_clean(FILE *f, const char *s);

/* Commands. */
int cmd_init(struct cli *c, int argc, char **argv);
int cmd_ingest(struct cli *c, int argc, char **argv);
int cmd_extract(struct cli *c, int argc, char **argv);
int cmd_tag(struct cli *c, int argc, char **argv);
int cmd_actor(struct cli *c, int argc, char **argv);
int cmd_vendor(struct cli *c, int argc, char **argv);
int cmd_product(struct cli *c, int argc, char **argv);
int cmd_cve(struct cli *c, int argc, char **argv);
int cmd_search(struct cli *c, int argc, char **argv);
int cmd_watch(struct cli *c, int argc, char **argv);
int cmd_show(struct cli *c, int argc, char **argv);
int cmd_export(struct cli *c, int argc, char **argv);
int cmd_stats(struct cli *c, int argc, char **argv);
int cmd_dict(struct cli *c, int argc, char **argv);
int cmd_retag(struct cli *c, int argc, char **argv);
int cmd_feed(struct cli *c, int argc, char **argv);
int cmd_fetch(struct cli *c, int argc, char **argv);
int cmd_get(struct cli *c, int argc, char **argv);
int cmd_serve(struct cli *c, int argc, char **argv);

#endif
