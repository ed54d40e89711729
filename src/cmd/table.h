/* table.h: printing listings as an aligned table, JSON lines or CSV.
 * Every listing command collects its rows in a table and prints it once.
 *
 * Ownership: a table copies the cells it is given; table_free() releases
 * everything (NULL is harmless). */
#ifndef SECNEWS_TABLE_H
#define SECNEWS_TABLE_H
#include <stddef.h>
#include <stdio.h>

#include "export/export.h"
#include "store/query.h"

enum {
	COL_NUM = 1,  /* JSON: a number, table: right-aligned */
	COL_FLEX = 2, /* table: shortened to fit the terminal (titles) */
	COL_LIST = 4, /* JSON: an array, split on "; " */
	COL_HIDE = 8,   /* table: not shown (JSON and CSV only) */
	COL_TABLE = 16, /* table only: not in JSON or CSV (a column derived for reading) */
	COL_DAY = 32    /* table: a timestamp's first 10 characters, its day (JSON, CSV: whole) */
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

/* ---- the records (records.c): what the listing commands print, built
 * from query rows; the server (src/serve) prints the same. The adders have
 * the callback types of store/query.h, so a table can be a query's CTX. */

/* The article listing: id, published, site, title, url, actors, vendors,
 * products, cves, copies (and match, for SEARCH). HIDE_URL: not in a table. */
struct table *table_new_articles(int search, int hide_url);
int table_add_article(struct table *t, int search, const struct article_row *r);
/* Entities of KIND: name, vendor, country, articles, last_seen. */
struct table *table_new_entities(const char *kind);
int table_add_entity(void *t, const struct entity_row *r);
/* Entities named together with one: kind, name, articles. */
struct table *table_new_related(void);
int table_add_related(void *t, const struct related_row *r);
/* Counts: section, key, count. */
struct table *table_new_stats(void);
int table_add_stat(void *t, const char *section, const char *key, long count);

/* Append the object `show --format json` prints for article R (loaded with
 * its body) to OUT, without a line end: its fields, mentions and copies.
 * 0 or -1 with a message in E. */
int record_article_json(struct store *s, const struct article_row *r, struct buf *out, struct err *e);

/* The object `feed list --format json` prints for feed R, on one line
 * without its end; NULL when out of memory. Caller frees with free(). */
struct feed_row;
char *record_feed_json(const struct feed_row *r);

/* Export records (export/export.h) from query rows. A builder owns the
 * strings of the last record it built; they stay valid until the next
 * record_build() or record_builder_free() (NULL is harmless). */
struct record_builder;
struct record_builder *record_builder_new(void);
/* Fill *OUT from R (its lists split); with ENTITIES, also every entity R
 * names, with aliases and ids (what STIX needs). 0 or -1. */
int record_build(struct record_builder *b, struct store *s, const struct article_row *r, int entities,
		 struct export_record *out, struct err *e);
void record_builder_free(struct record_builder *b);

#endif
