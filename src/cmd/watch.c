/* watch.c: `secnews watch`: saved searches (store/query.h, watch lists)
 * and their runs, printed as a table, JSON lines, CSV or an Atom feed. */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cmd/cli.h"
#include "cmd/table.h"
#include "export/export.h"
#include "pipeline.h"
#include "qlang/qlang.h"
#include "store/query.h"
#include "util/date.h"

enum { FORMAT_ATOM = 16 };

static void watch_help(void)
{
	printf("usage: secnews [--db FILE] watch add NAME QUERY...\n"
	       "       secnews [--db FILE] watch list [--format table|json|csv]\n"
	       "       secnews [--db FILE] watch rm NAME\n"
	       "       secnews [--db FILE] watch run [NAME] [--since DATE] [--format table|json|csv|atom]\n\n"
	       "A watch is a saved search (QUERY as for 'secnews search'). 'watch run' prints,\n"
	       "for each watch (or NAME), the matching articles stored since that watch last\n"
	       "ran, newest first, then records them as seen; the first run reports every\n"
	       "match. Two runs at once never report an article twice, and an article a run\n"
	       "could not print (write error, interrupted) is reported by the next one.\n"
	       "--since DATE re-reads the matches stored since DATE, marking nothing seen.\n"
	       "--format atom writes one Atom 1.0 feed (an entry per article, its tags as\n"
	       "categories), for a feed reader.\n\n"
	       "Exit status: 0 something new, 1 nothing new (or no such watch), 2 usage,\n"
	       "3 failure.\n");
}

static struct store *open_db(struct cli *c)
{
	struct err e;
	struct pipeline *p;
	/* the pipeline fills the entity tables the first time */
	if (pipeline_open(c->db, &p, &e)) {
		cli_error("%s", e.msg);
		return NULL;
	}
	pipeline_close(p);
	struct store *s;
	if (store_open(c->db, &s, &e)) {
		cli_error("%s", e.msg);
		return NULL;
	}
	return s;
}

static int parse_format(const char *s, int atom_ok)
{
	if (atom_ok && strcmp(s, "atom") == 0)
		return FORMAT_ATOM;
	return cli_parse_format("watch", s);
}

/* ---- add, rm, list --------------------------------------------------------- */

static int watch_add_cmd(struct cli *c, int argc, char **argv)
{
	if (argc < 3)
		return cli_usage_error("watch", "add takes a NAME and a QUERY");
	const char *name = argv[1];
	for (const char *p = name; *p; p++)
		if (*p <= ' ' || *p == 0x7f)
			return cli_usage_error("watch", "a watch name has no spaces or control characters");
	struct buf q = BUF_INIT;
	for (int i = 2; i < argc; i++)
		buf_printf(&q, "%s%s", i > 2 ? " " : "", argv[i]);
	struct qnode *ast;
	struct err e;
	if (qlang_parse(buf_str(&q), &ast, &e)) {
		cli_error("%s", e.msg);
		buf_free(&q);
		return EXIT_USAGE;
	}
	qnode_free(ast);
	struct store *s = open_db(c);
	if (!s) {
		buf_free(&q);
		return EXIT_FAIL;
	}
	int r = watch_add(s, name, buf_str(&q), &e);
	store_close(s);
	buf_free(&q);
	if (r == 0) {
		fprintf(stderr, "secnews: watch %s added\n", name);
		return EXIT_OK;
	}
	cli_error("%s", e.msg);
	return r == 1 || r == QUERY_EBAD ? EXIT_USAGE : r == QUERY_EUNKNOWN ? EXIT_NOTHING : EXIT_FAIL;
}

static int watch_rm_cmd(struct cli *c, int argc, char **argv)
{
	if (argc != 2)
		return cli_usage_error("watch", "rm takes one NAME");
	struct store *s = open_db(c);
	if (!s)
		return EXIT_FAIL;
	struct err e;
	int r = watch_rm(s, argv[1], &e);
	store_close(s);
	if (r < 0)
		cli_error("%s", e.msg);
	else if (r == 1)
		cli_error("no watch named '%s'", argv[1]);
	return r < 0 ? EXIT_FAIL : r == 1 ? EXIT_NOTHING : EXIT_OK;
}

static int add_watch_row(void *ctx, const struct watch_row *w)
{
	char n[24];
	snprintf(n, sizeof n, "%ld", w->reported);
	const char *cells[] = {w->name, w->query, w->created, w->last_run, n};
	return table_add(ctx, cells);
}

static int watch_list_cmd(struct cli *c, int format)
{
	struct store *s = open_db(c);
	if (!s)
		return EXIT_FAIL;
	const struct column cols[] = {{"name", 0}, {"query", COL_FLEX}, {"created", 0}, {"last_run", 0},
				      {"reported", COL_NUM}};
	struct table *t = table_new(cols, 5);
	struct err e;
	long n = t ? watch_list(s, NULL, add_watch_row, t, &e) : -1;
	if (n < 0)
		cli_error("%s", t ? e.msg : "out of memory");
	else if (n == 0)
		fprintf(stderr, "secnews: no watches (add one with 'secnews watch add NAME QUERY')\n");
	else
		table_print(t, stdout, format, table_term_width());
	table_free(t);
	store_close(s);
	return n < 0 ? EXIT_FAIL : n == 0 ? EXIT_NOTHING : EXIT_OK;
}

/* ---- run ----------------------------------------------------------------- */

static const struct column run_cols[] = {
	{"watch", 0},       {"id", COL_NUM},   {"published", 0},  {"ingested", 0},
	{"site", 0},        {"title", COL_FLEX}, {"url", 0},      {"actors", COL_LIST | COL_HIDE},
	{"vendors", COL_LIST | COL_HIDE}, {"products", COL_LIST | COL_HIDE}, {"cves", COL_LIST | COL_HIDE},
};

struct run_ctx {
	int format;
	struct table *t;
	struct buf atom; /* entries */
	const char *name;
	int failed;
};

/* Split "a; b" into a namelist over a copy (freed by the caller). */
static char *names(const char *s, const char **v, size_t max, struct namelist *out)
{
	out->v = v, out->n = 0;
	char *copy = s && *s ? strdup(s) : NULL;
	for (char *p = copy; p && out->n < max;) {
		v[out->n++] = p;
		char *sep = strstr(p, "; ");
		if (!sep)
			break;
		*sep = 0;
		p = sep + 2;
	}
	return copy;
}

static int run_row(void *ctx, const char *watch, const struct article_row *r)
{
	struct run_ctx *x = ctx;
	if (!r)
		return 0;
	if (x->format == FORMAT_ATOM) {
		const char *va[64], *vv[64], *vp[64], *vc[64];
		struct export_record rec = {.id = r->id, .published = r->published, .ingested = r->fetched,
					    .site = r->site, .title = r->title, .url = r->url, .author = r->author,
					    .description = r->description};
		char *ca = names(r->actors, va, 64, &rec.actors), *cv = names(r->vendors, vv, 64, &rec.vendors);
		char *cp = names(r->products, vp, 64, &rec.products), *cc = names(r->cves, vc, 64, &rec.cves);
		char summary[160];
		snprintf(summary, sizeof summary, "Found by the watch %s.", watch);
		if (atom_entry(&x->atom, &rec, summary))
			x->failed = 1;
		free(ca), free(cv), free(cp), free(cc);
		return x->failed;
	}
	char id[24], day[32] = "", stored[32] = "";
	int cut = x->format == FORMAT_TABLE ? 11 : 32;
	snprintf(id, sizeof id, "%lld", (long long)r->id);
	if (r->published)
		snprintf(day, (size_t)cut, "%s", r->published);
	if (r->fetched)
		snprintf(stored, (size_t)cut, "%s", r->fetched);
	const char *cells[] = {watch, id, day, stored, r->site, r->title, r->url,
			       r->actors, r->vendors, r->products, r->cves};
	return table_add(x->t, cells);
}

/* Print what was collected; 0 when all of it reached stdout. */
static int run_deliver(void *ctx)
{
	struct run_ctx *x = ctx;
	if (x->failed)
		return -1;
	if (x->format == FORMAT_ATOM) {
		char now[32];
		date_iso(time(NULL), 1, now);
		struct buf head = BUF_INIT;
		char title[200], seed[200];
		snprintf(title, sizeof title, "secnews watch%s%s", x->name ? " " : "es", x->name ? x->name : "");
		snprintf(seed, sizeof seed, "watch:%s", x->name ? x->name : "*");
		if (atom_feed_begin(&head, title, seed, now) || atom_feed_end(&x->atom)) {
			buf_free(&head);
			return -1;
		}
		int bad = fwrite(head.data, 1, head.len, stdout) != head.len ||
			  fwrite(x->atom.data, 1, x->atom.len, stdout) != x->atom.len;
		buf_free(&head);
		return bad || fflush(stdout) != 0 || ferror(stdout) ? -1 : 0;
	}
	if (x->format != FORMAT_TABLE || table_rows(x->t) > 0)
		if (table_print(x->t, stdout, x->format, table_term_width()))
			return -1;
	return fflush(stdout) != 0 || ferror(stdout) ? -1 : 0;
}

static int watch_run_cmd(struct cli *c, const char *name, const char *since, int format)
{
	struct store *s = open_db(c);
	if (!s)
		return EXIT_FAIL;
	struct column cols[sizeof run_cols / sizeof *run_cols];
	memcpy(cols, run_cols, sizeof cols);
	if (format == FORMAT_TABLE && isatty(1))
		cols[6].flags = COL_HIDE;
	struct run_ctx x = {.format = format, .name = name};
	x.t = table_new(cols, sizeof cols / sizeof *cols);
	struct err e;
	int bad = 0;
	int oom = !x.t;
	long n = x.t ? watch_run(s, name, since, run_row, run_deliver, &x, &bad, &e) : -1;
	table_free(x.t);
	buf_free(&x.atom);
	store_close(s);
	if (n == WATCH_NONE) {
		cli_error("%s", e.msg);
		return EXIT_NOTHING;
	}
	if (n < 0) {
		cli_error("%s", oom ? "out of memory" : e.msg);
		return EXIT_FAIL;
	}
	if (bad)
		cli_error("%s (%d watch%s skipped)", e.msg, bad, bad > 1 ? "es" : "");
	if (n == 0)
		fprintf(stderr, "secnews: nothing new\n");
	return bad ? EXIT_FAIL : n > 0 ? EXIT_OK : EXIT_NOTHING;
}

int cmd_watch(struct cli *c, int argc, char **argv)
{
	static const struct option opts[] = {{"format", required_argument, 0, 'f'},
					     {"since", required_argument, 0, 's'},
					     {"help", no_argument, 0, 'h'},
					     {0, 0, 0, 0}};
	int format = FORMAT_TABLE, ch;
	const char *since = NULL;
	char since_buf[32];
	/* "add NAME -word" keeps its query words: stop at the first operand */
	optind = 0;
	while ((ch = getopt_long(argc, argv, "+f:h", opts, NULL)) != -1) {
		switch (ch) {
		case 'f':
			if ((format = parse_format(optarg, 1)) < 0)
				return EXIT_USAGE;
			break;
		case 's':
			if (qlang_date(optarg, time(NULL), since_buf))
				return cli_usage_error("watch", "--since '%s' is not a date (use YYYY-MM-DD, 7d, today)",
						       optarg);
			since = since_buf;
			break;
		case 'h':
			watch_help();
			return EXIT_OK;
		default:
			return cli_usage_error("watch", "unknown option");
		}
	}
	if (optind >= argc)
		return cli_usage_error("watch", "give add, list, rm or run");
	const char *sub = argv[optind];
	int sargc = argc - optind;
	char **sargv = argv + optind;
	if (strcmp(sub, "add") == 0)
		return watch_add_cmd(c, sargc, sargv);
	if (strcmp(sub, "rm") == 0)
		return watch_rm_cmd(c, sargc, sargv);
	/* list and run take their options after the subcommand too */
	optind = 0;
	while ((ch = getopt_long(sargc, sargv, "f:h", opts, NULL)) != -1) {
		switch (ch) {
		case 'f':
			if ((format = parse_format(optarg, strcmp(sub, "run") == 0)) < 0)
				return EXIT_USAGE;
			break;
		case 's':
			if (qlang_date(optarg, time(NULL), since_buf))
				return cli_usage_error("watch", "--since '%s' is not a date (use YYYY-MM-DD, 7d, today)",
						       optarg);
			since = since_buf;
			break;
		case 'h':
			watch_help();
			return EXIT_OK;
		default:
			return cli_usage_error("watch", "unknown option");
		}
	}
	if (format == FORMAT_ATOM && strcmp(sub, "run") != 0)
		return cli_usage_error("watch", "--format atom is for 'watch run'");
	if (strcmp(sub, "list") == 0) {
		if (optind < sargc)
			return cli_usage_error("watch", "list takes no arguments");
		return watch_list_cmd(c, format);
	}
	if (strcmp(sub, "run") == 0) {
		if (sargc - optind > 1)
			return cli_usage_error("watch", "run takes at most one NAME");
		return watch_run_cmd(c, optind < sargc ? sargv[optind] : NULL, since, format);
	}
	return cli_usage_error("watch", "unknown subcommand '%s' (use add, list, rm or run)", sub);
}
