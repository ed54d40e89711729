/* table.h: printing listings as an aligned table, JSON lines or CSV.
 * Every listing command collects its rows in a table and prints it once.
 *
 * Ownership: a table copies the cells it is given; table_free() releases
 * everything (NULL is harmless). */
#ifndef SECNEWS_TABLE_H
#define SECNEWS_TABLE_H
#include <stddef.h>
#include <stdio.h>

enum {
	COL_NUM = 1,  /* JSON: a number, table: right-aligned */
	COL_FLEX = 2, /* table: shortened to fit the terminal (titles) */
	COL_LIST = 4, /* JSON: an array, split on "; " */
	COL_HIDE = 8,   /* table: not shown (JSON and CSV only) */
	COL_TABLE = 16  /* table only: not in JSON or CSV (a column derived for reading) */
};

struct column {
	const char *name;
	int flags;
};

struct table;

struct table *table_new(const struct column *cols, size_t ncols);
/* Add a row of NCOLS cells (NULL cells are empty). 0 or -1. */
int table_add(struct table *t, const char *const *cells);
size_t table_rows(const struct table *t);
/* Print in FORMAT (enum format of cli.h). WIDTH: the terminal's width for
 * tables, 0 when stdout is not a terminal (no shortening). Page text is
 * cleaned of control characters in table output. */
int table_print(const struct table *t, FILE *f, int format, int width);
void table_free(struct table *t);

/* The width of the terminal on stdout, or 0 when it is not one. */
int table_term_width(void);

#endif
