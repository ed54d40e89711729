/* query.c: the listing commands: actor, vendor, product, cve, search, show,
 * stats, export. Each parses its options, asks store/query.h, and prints a
 * table (cmd/table.h) or an export (export/export.h). */
#include <errno.h>
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

struct qopts {
	int format;
	const char *actor, *vendor, *product, *cve, *source, *since, *until, *out;
	int limit, related, help, include_undated;
	long offset;
	char since_buf[32], until_buf[32];
};

enum {
	OPT_ACTOR = 256,
	OPT_VENDOR,
	OPT_PRODUCT,
	OPT_CVE,
	OPT_SOURCE,
	OPT_SINCE,
	OPT_UNTIL,
	OPT_LIMIT,
	OPT_RELATED,
	OPT_UNDATED,
	OPT_OFFSET
};

static const struct option long_opts[] = {
	{"format", required_argument, 0, 'f'},  {"actor", required_argument, 0, OPT_ACTOR},
	{"vendor", required_argument, 0, OPT_VENDOR}, {"product", required_argument, 0, OPT_PRODUCT},
	{"cve", required_argument, 0, OPT_CVE},      {"source", required_argument, 0, OPT_SOURCE},
	{"since", required_argument, 0, OPT_SINCE},  {"until", required_argument, 0, OPT_UNTIL},
	{"limit", required_argument, 0, OPT_LIMIT},  {"related", no_argument, 0, OPT_RELATED},
	{"output", required_argument, 0, 'o'},       {"help", no_argument, 0, 'h'},
	{"include-undated", no_argument, 0, OPT_UNDATED}, {"offset", required_argument, 0, OPT_OFFSET},
	{0, 0, 0, 0}};

/* A date option: what since:/until: take in a query (qlang_date); -1 after
 * a usage message. */
static int parse_day(const char *cmd, const char *opt, const char *s, char out[32])
{
	if (qlang_date(s, time(NULL), out) != 0) {
		cli_usage_error(cmd, "%s '%s' is not a date (use YYYY-MM-DD, YYYY-MM, YYYY, 7d, 2w, today)", opt, s);
		return -1;
	}
	return 0;
}

/* Parse options; *ARGI gets the index of the first operand. EXIT_OK or a
 * usage exit status (-1 when --help was printed: caller returns EXIT_OK). */
static int parse_opts(const char *cmd, int argc, char **argv, struct qopts *q, int *argi)
{
	memset(q, 0, sizeof *q);
	q->format = FORMAT_TABLE;
	int ch;
	optind = 0;
	while ((ch = getopt_long(argc, argv, "f:o:h", long_opts, NULL)) != -1) {
		switch (ch) {
		case 'f':
			if ((q->format = cli_parse_format(cmd, optarg)) < 0) {
				if (strcmp(cmd, "export") == 0 && strcmp(optarg, "stix") == 0) {
					q->format = 3;
					break;
				}
				return EXIT_USAGE;
			}
			break;
		case OPT_ACTOR:
			q->actor = optarg;
			break;
		case OPT_VENDOR:
			q->vendor = optarg;
			break;
		case OPT_PRODUCT:
			q->product = optarg;
			break;
		case OPT_CVE:
			q->cve = optarg;
			break;
		case OPT_SOURCE:
			q->source = optarg;
			break;
		case OPT_SINCE:
			if (parse_day(cmd, "--since", optarg, q->since_buf))
				return EXIT_USAGE;
			q->since = q->since_buf;
			break;
		case OPT_UNTIL:
			if (parse_day(cmd, "--until", optarg, q->until_buf))
				return EXIT_USAGE;
			q->until = q->until_buf;
			break;
		case OPT_LIMIT: {
			char *end;
			long v = strtol(optarg, &end, 10);
			if (*end || v <= 0 || v > 1000000)
				return cli_usage_error(cmd, "--limit takes a number from 1 to 1000000");
			q->limit = (int)v;
			break;
		}
		case OPT_RELATED:
			q->related = 1;
			break;
		case OPT_UNDATED:
			q->include_undated = 1;
			break;
		case OPT_OFFSET: {
			char *end;
			long v = strtol(optarg, &end, 10);
			if (*end || v < 0 || v > 1000000)
				return cli_usage_error(cmd, "--offset takes a number from 0 to 1000000");
			q->offset = v;
			break;
		}
		case 'o':
			q->out = optarg;
			break;
		case 'h':
			q->help = 1;
			return EXIT_OK;
		default:
			return cli_usage_error(cmd, "unknown option");
		}
	}
	*argi = optind;
	return EXIT_OK;
}

/* Open the store for reading commands; the entity tables are filled from the
 * bundled dictionaries the first time. NULL after printing a message. */
static struct store *open_store(struct cli *c)
{
	struct err e;
	struct store *s;
	if (store_open(c->db, &s, &e)) {
		cli_error("%s", e.msg);
		return NULL;
	}
	sqlite3_stmt *st;
	int synced = 0;
	if (sqlite3_prepare_v2(store_db(s), "SELECT 1 FROM meta WHERE key = 'dict_fingerprint'", -1, &st, NULL) ==
	    SQLITE_OK) {
		synced = sqlite3_step(st) == SQLITE_ROW;
		sqlite3_finalize(st);
	}
	if (!synced) {
		store_close(s);
		struct pipeline *p;
		if (pipeline_open(c->db, &p, &e)) {
			cli_error("%s", e.msg);
			return NULL;
		}
		pipeline_close(p);
		if (store_open(c->db, &s, &e)) {
			cli_error("%s", e.msg);
			return NULL;
		}
	}
	return s;
}

/* Resolve NAME of KIND into *ID (and its canonical name into NAMEBUF);
 * EXIT_OK, EXIT_NOTHING after saying so (with suggestions), EXIT_FAIL. */
static int resolve(struct store *s, const char *kind, const char *name, int64_t *id, char **canon)
{
	struct query_entity q;
	struct buf sug = BUF_INIT;
	struct err e;
	int r = query_resolve(s, kind, name, &q, &sug, &e);
	if (r < 0) {
		cli_error("%s", e.msg);
		buf_free(&sug);
		return EXIT_FAIL;
	}
	if (r == 1) {
		if (sug.len)
			cli_error("no %s named '%s'; did you mean: %s?", kind, name, buf_str(&sug));
		else
			cli_error("no %s named '%s' (see 'secnews %s' for the known ones)", kind, name, kind);
		buf_free(&sug);
		return EXIT_NOTHING;
	}
	*id = q.id;
	if (canon)
		*canon = q.name, q.name = NULL;
	query_entity_free(&q);
	buf_free(&sug);
	return EXIT_OK;
}

/* Fill F from the filter options. Owned strings go to *VENDOR_NAME. */
static int resolve_filters(struct store *s, const struct qopts *q, struct query_filter *f, char **vendor_name)
{
	int r;
	memset(f, 0, sizeof *f);
	if (q->actor && (r = resolve(s, "actor", q->actor, &f->actor, NULL)))
		return r;
	if (q->vendor && (r = resolve(s, "vendor", q->vendor, &f->vendor, vendor_name)))
		return r;
	f->vendor_name = *vendor_name;
	if (q->product && (r = resolve(s, "product", q->product, &f->product, NULL)))
		return r;
	if (q->cve && (r = resolve(s, "cve", q->cve, &f->cve, NULL)))
		return r;
	f->source = q->source;
	f->since = q->since;
	f->until = q->until;
	f->include_undated = q->include_undated;
	f->limit = q->limit;
	return EXIT_OK;
}

/* ---- article listings --------------------------------------------------- */

struct listing {
	struct table *t;
	int search;
	int format;
};

static int add_article(void *ctx, const struct article_row *r)
{
	struct listing *l = ctx;
	return table_add_article(l->t, l->search, r);
}

/* Print the articles matching F (or, with SO, the search SO); EXIT_OK,
 * EXIT_NOTHING when none, EXIT_USAGE for a malformed query. */
static int list_articles(struct store *s, const struct query_filter *f, int format,
			 const struct search_opts *so)
{
	/* the url column is too wide for a terminal; in a pipe it helps */
	struct listing l = {table_new_articles(so != NULL, format == FORMAT_TABLE && isatty(1)), so != NULL,
			    format};
	struct err e;
	if (!l.t) {
		cli_error("out of memory");
		return EXIT_FAIL;
	}
	long n;
	if (so) {
		n = query_search(s, so, add_article, &l, &e);
	} else {
		struct query_filter fs = *f;
		fs.stories = 1; /* a syndicated story once, with its number of copies */
		n = query_articles(s, &fs, 0, add_article, &l, &e);
	}
	if (n < 0) {
		cli_error("%s", e.msg);
		table_free(l.t);
		return n == QUERY_EBAD ? EXIT_USAGE : n == QUERY_EUNKNOWN ? EXIT_NOTHING : EXIT_FAIL;
	}
	if (format != FORMAT_TABLE || n > 0)
		table_print(l.t, stdout, format, table_term_width());
	table_free(l.t);
	if (n == 0) {
		fprintf(stderr, "secnews: no articles found\n");
		return EXIT_NOTHING;
	}
	if (so && so->limit == 0 && n == SEARCH_DEFAULT_LIMIT)
		fprintf(stderr, "secnews: the best %d shown; --limit N (and --offset N) for more\n",
			SEARCH_DEFAULT_LIMIT);
	return EXIT_OK;
}

/* ---- the entity views --------------------------------------------------- */

static void view_help(const char *kind)
{
	printf("usage: secnews [--db FILE] %s [NAME] [--related] [filters] [--format table|json|csv]\n\n", kind);
	printf("Without NAME: every %s named by a stored article, with its article count\n"
	       "and the date it was last seen, most recent first.\n"
	       "With NAME (its canonical name or any alias, any case): the %s's name and\n"
	       "aliases, then its articles, newest first, with the other names each gives.\n",
	       kind, kind);
	if (strcmp(kind, "vendor") == 0)
		printf("A vendor's articles include those naming any of its products.\n");
	printf("\n  --related         the entities most often named with it instead\n"
	       "  --actor NAME --vendor NAME --product NAME --cve ID\n"
	       "  --source SITE --since DATE --until DATE --limit N   narrow the articles\n"
	       "  --include-undated with --since/--until, keep articles without a date\n"
	       "  --format F        table (default), json (one object per line) or csv\n\n"
	       "Exit status: 0 found, 1 nothing found or unknown name, 2 usage, 3 failure.\n");
}

static int view(struct cli *c, const char *kind, int argc, char **argv)
{
	struct qopts q;
	int argi, r = parse_opts(kind, argc, argv, &q, &argi);
	if (r != EXIT_OK)
		return r;
	if (q.help) {
		view_help(kind);
		return EXIT_OK;
	}
	if (argc - argi > 1)
		return cli_usage_error(kind, "give one NAME (quote names with spaces)");
	struct store *s = open_store(c);
	if (!s)
		return EXIT_FAIL;
	struct err e;
	if (argi == argc) {
		struct table *t = table_new_entities(kind);
		long n = t ? query_entities(s, kind, table_add_entity, t, &e) : -1;
		if (n < 0)
			cli_error("%s", t ? e.msg : "out of memory");
		else if (n == 0)
			fprintf(stderr, "secnews: no %s is named by any stored article\n", kind);
		else
			table_print(t, stdout, q.format, table_term_width());
		table_free(t);
		store_close(s);
		return n < 0 ? EXIT_FAIL : n == 0 ? EXIT_NOTHING : EXIT_OK;
	}
	struct query_entity ent;
	struct buf sug = BUF_INIT;
	r = query_resolve(s, kind, argv[argi], &ent, &sug, &e);
	if (r != 0) {
		if (r < 0)
			cli_error("%s", e.msg);
		else if (sug.len)
			cli_error("no %s named '%s'; did you mean: %s?", kind, argv[argi], buf_str(&sug));
		else
			cli_error("no %s named '%s' (see 'secnews %s' for the known ones)", kind, argv[argi], kind);
		buf_free(&sug);
		store_close(s);
		return r < 0 ? EXIT_FAIL : EXIT_NOTHING;
	}
	buf_free(&sug);
	if (q.format == FORMAT_TABLE) {
		printf("%s", ent.name);
		if (ent.vendor)
			printf(" (%s)", ent.vendor);
		if (ent.country)
			printf(" [%s]", ent.country);
		if (ent.ids)
			printf(" %s", ent.ids);
		putchar('\n');
		if (ent.aliases && *ent.aliases) {
			fputs("aliases: ", stdout);
			cli_put_clean(stdout, ent.aliases);
			putchar('\n');
		}
		putchar('\n');
	}
	if (q.related) {
		struct table *t = table_new_related();
		long n = t ? query_related(s, ent.id, q.limit ? q.limit : 25, table_add_related, t, &e) : -1;
		if (n < 0)
			cli_error("%s", t ? e.msg : "out of memory");
		else if (n > 0)
			table_print(t, stdout, q.format, table_term_width());
		else
			fprintf(stderr, "secnews: nothing is named together with %s\n", ent.name);
		table_free(t);
		query_entity_free(&ent);
		store_close(s);
		return n < 0 ? EXIT_FAIL : n == 0 ? EXIT_NOTHING : EXIT_OK;
	}
	struct query_filter f;
	char *vname = NULL;
	r = resolve_filters(s, &q, &f, &vname);
	if (r == EXIT_OK) {
		if (strcmp(kind, "actor") == 0)
			f.actor = ent.id;
		else if (strcmp(kind, "vendor") == 0)
			f.vendor = ent.id, f.vendor_name = ent.name;
		else if (strcmp(kind, "product") == 0)
			f.product = ent.id;
		else
			f.cve = ent.id;
		r = list_articles(s, &f, q.format, NULL);
	}
	free(vname);
	query_entity_free(&ent);
	store_close(s);
	return r;
}

int cmd_actor(struct cli *c, int argc, char **argv)
{
	return view(c, "actor", argc, argv);
}

int cmd_vendor(struct cli *c, int argc, char **argv)
{
	return view(c, "vendor", argc, argv);
}

int cmd_product(struct cli *c, int argc, char **argv)
{
	return view(c, "product", argc, argv);
}

int cmd_cve(struct cli *c, int argc, char **argv)
{
	return view(c, "cve", argc, argv);
}

/* ---- search --------------------------------------------------------------- */

static void search_help(void)
{
	printf("usage: secnews [--db FILE] search QUERY [filters] [--limit N] [--offset N]\n"
	       "                                    [--format table|json|csv]\n\n"
	       "Search titles and bodies, best match first, with a snippet where the match\n"
	       "is marked [like this].\n\n"
	       "QUERY, as you would type it:\n"
	       "  state-sponsored CVE-2021-26855 log4j-core 7.0.3 cmd.exe example[.]com\n"
	       "                    words with hyphens, dots, slashes or digits: as written\n"
	       "  exploit           plain words also find their other forms (exploits,\n"
	       "                    exploited, exploiting); the exact form ranks first\n"
	       "  \"web shells\"      a phrase          patch*     a prefix\n"
	       "  -phishing         without it (also NOT phishing)\n"
	       "  a OR b            either; words side by side must all appear\n"
	       "  a NEAR b          within 10 words (NEAR/5: within 5)\n"
	       "  ( ... )           grouping\n"
	       "  actor:hafnium  vendor:microsoft  product:exchange  cve:CVE-2021-26855\n"
	       "  malware:NAME  tool:NAME  (every entity kind; names and aliases as in the views)\n"
	       "  site:NAME  lang:en  title:WORD  since:2024-01  until:2024-06-30  since:7d\n"
	       "Operators are upper case. Only an unclosed quote or parenthesis is an error.\n"
	       "A query holds at most %d terms and %d bytes.\n\n"
	       "Ranking: relevance (a title hit weighs %.0f times a body hit), the share of\n"
	       "the words found in the title, exact forms, and recency (an article a year\n"
	       "old counts half). A query matching more than %d articles ranks its %d\n"
	       "most recently stored matches (%d when fields narrow the words; more when\n"
	       "--offset + --limit reach further).\n"
	       "Shows the best %d unless --limit says otherwise.\n\n"
	       "Filters: --actor NAME --vendor NAME --product NAME --cve ID --source SITE\n"
	       "         --since DATE --until DATE (published; --include-undated keeps\n"
	       "         articles without a date)\n\n"
	       "Exit status: 0 found, 1 nothing found (or an unknown name in a field),\n"
	       "2 usage or malformed query, 3 failure.\n",
	       QLANG_MAX_TERMS, QLANG_MAX_BYTES, SEARCH_TITLE_WEIGHT, SEARCH_CANDIDATES, SEARCH_CANDIDATES,
	       SEARCH_CANDIDATES_FILTERED, SEARCH_DEFAULT_LIMIT);
}

/* Split ARGV into options (to OPTV, with argv[0]) and the words of the
 * query (to QUERY): "-word" excludes a word, so only the options this
 * command knows are options; "--" ends them. Returns the options' count. */
static int split_query_args(int argc, char **argv, char **optv, struct buf *query)
{
	int n = 0, words = 0, opts_done = 0;
	optv[n++] = argv[0];
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		int is_opt = 0, takes = 0;
		if (!opts_done && strcmp(a, "--") == 0) {
			opts_done = 1;
			continue;
		}
		if (!opts_done && strncmp(a, "--", 2) == 0) {
			for (const struct option *o = long_opts; o->name; o++) {
				size_t l = strlen(o->name);
				if (strncmp(a + 2, o->name, l) == 0 && (a[2 + l] == 0 || a[2 + l] == '=')) {
					is_opt = 1;
					takes = o->has_arg == required_argument && a[2 + l] == 0;
				}
			}
			if (!is_opt)
				is_opt = 1; /* an unknown --option: getopt names it */
		} else if (!opts_done && a[0] == '-' && a[1] && strchr("foh", a[1]) && a[2] == 0) {
			is_opt = 1;
			takes = a[1] != 'h';
		}
		if (is_opt) {
			optv[n++] = argv[i];
			if (takes && i + 1 < argc)
				optv[n++] = argv[++i];
			continue;
		}
		buf_printf(query, "%s%s", words++ ? " " : "", a);
	}
	optv[n] = NULL;
	return n;
}

int cmd_search(struct cli *c, int argc, char **argv)
{
	struct qopts q;
	char **optv = calloc((size_t)argc + 1, sizeof *optv);
	struct buf query = BUF_INIT;
	if (!optv) {
		cli_error("out of memory");
		return EXIT_FAIL;
	}
	int optc = split_query_args(argc, argv, optv, &query);
	int argi, r = parse_opts("search", optc, optv, &q, &argi);
	free(optv);
	if (r != EXIT_OK || q.help) {
		buf_free(&query);
		if (q.help)
			search_help();
		return r;
	}
	if (query.len == 0) {
		buf_free(&query);
		return cli_usage_error("search", "no QUERY given");
	}
	/* a malformed query is the user's to fix before any database work */
	struct qnode *ast;
	struct err e;
	if (query.failed || qlang_parse(buf_str(&query), &ast, &e)) {
		cli_error("%s", query.failed ? "out of memory" : e.msg);
		buf_free(&query);
		return query.failed ? EXIT_FAIL : EXIT_USAGE;
	}
	buf_free(&query);
	struct store *s = open_store(c);
	if (!s) {
		qnode_free(ast);
		return EXIT_FAIL;
	}
	struct search_opts so = {.ast = ast, .limit = q.limit, .offset = q.offset};
	char *vname = NULL;
	r = resolve_filters(s, &q, &so.filter, &vname);
	if (r == EXIT_OK)
		r = list_articles(s, NULL, q.format, &so);
	free(vname);
	qnode_free(ast);
	store_close(s);
	return r;
}

/* ---- show ----------------------------------------------------------------- */

struct show_ctx {
	int format;
	struct buf *json;
	int found;
	struct store *s;
};

static void show_field(const char *k, const char *v)
{
	if (!v || !*v)
		return;
	printf("%-10s ", k);
	cli_put_clean(stdout, v);
	putchar('\n');
}

static int show_mention(void *ctx, const struct mention_row *m)
{
	(void)ctx;
	printf("  %-9s ", m->kind);
	cli_put_clean(stdout, m->name);
	if (m->vendor)
		printf(" (%s)", m->vendor);
	printf("  x%ld", m->count);
	if (m->text && strcmp(m->text, m->name) != 0) {
		fputs("  as \"", stdout);
		cli_put_clean(stdout, m->text);
		putchar('"');
	}
	putchar('\n');
	return 0;
}

static int show_copy(void *ctx, const struct article_row *r)
{
	(void)ctx;
	printf("copy       %lld  ", (long long)r->id);
	cli_put_clean(stdout, r->site ? r->site : "");
	putchar(' ');
	cli_put_clean(stdout, r->url ? r->url : "");
	putchar('\n');
	return 0;
}

static int show_article(void *ctx, const struct article_row *r)
{
	struct show_ctx *x = ctx;
	struct err e;
	x->found = 1;
	if (x->format == FORMAT_JSON) {
		if (record_article_json(x->s, r, x->json, &e))
			return -1;
		buf_putc(x->json, '\n');
		fwrite(x->json->data, 1, x->json->len, stdout);
		return 0;
	}
	printf("%-10s %lld\n", "id", (long long)r->id);
	show_field("title", r->title);
	show_field("published", r->published);
	show_field("ingested", r->fetched);
	show_field("site", r->site);
	show_field("author", r->author);
	show_field("url", r->url);
	show_field("lang", r->lang);
	printf("tags\n");
	if (query_mentions(x->s, r->id, 0, show_mention, x, &e) < 0)
		return -1;
	if (query_copies(x->s, r->id, show_copy, x, &e) < 0)
		return -1;
	putchar('\n');
	/* the body keeps its paragraphs; control characters are dropped */
	for (const char *p = r->body ? r->body : ""; *p;) {
		const char *nl = strchr(p, '\n');
		size_t n = nl ? (size_t)(nl - p) : strlen(p);
		char *line = strndup(p, n);
		cli_put_clean(stdout, line ? line : "");
		free(line);
		putchar('\n');
		p += n + (nl != NULL);
	}
	return 0;
}

int cmd_show(struct cli *c, int argc, char **argv)
{
	struct qopts q;
	int argi, r = parse_opts("show", argc, argv, &q, &argi);
	if (r != EXIT_OK)
		return r;
	if (q.help) {
		printf("usage: secnews [--db FILE] show ID|URL [--format table|json]\n\n"
		       "Print one article: its metadata, its tags (kind, canonical name, count,\n"
		       "the text as first written) and its body.\n");
		return EXIT_OK;
	}
	if (argc - argi != 1)
		return cli_usage_error("show", "give one article ID or URL");
	struct store *s = open_store(c);
	if (!s)
		return EXIT_FAIL;
	struct query_filter f = {0};
	char *end;
	long long id = strtoll(argv[argi], &end, 10);
	if (*end == 0 && id > 0)
		f.id = id;
	else
		f.url = argv[argi];
	struct buf json = BUF_INIT;
	struct show_ctx x = {q.format, &json, 0, s};
	struct err e;
	long n = query_articles(s, &f, 1, show_article, &x, &e);
	buf_free(&json);
	store_close(s);
	if (n < 0) {
		cli_error("%s", e.msg);
		return EXIT_FAIL;
	}
	if (!x.found) {
		cli_error("no article %s", argv[argi]);
		return EXIT_NOTHING;
	}
	return EXIT_OK;
}

/* ---- stats ---------------------------------------------------------------- */

int cmd_stats(struct cli *c, int argc, char **argv)
{
	struct qopts q;
	int argi, r = parse_opts("stats", argc, argv, &q, &argi);
	if (r != EXIT_OK)
		return r;
	if (q.help) {
		printf("usage: secnews [--db FILE] stats [--include-undated] [--format table|json|csv]\n\n"
		       "Counts: articles, sources, entities and mentions in all; articles per\n"
		       "entity kind, per site and per month published. Articles without a date\n"
		       "are in no month; --include-undated counts them under \"undated\".\n");
		return EXIT_OK;
	}
	if (argi < argc)
		return cli_usage_error("stats", "unexpected argument '%s'", argv[argi]);
	struct store *s = open_store(c);
	if (!s)
		return EXIT_FAIL;
	struct table *t = table_new_stats();
	struct err e;
	long n = t ? query_stats(s, q.include_undated, table_add_stat, t, &e) : -1;
	if (n < 0)
		cli_error("%s", t ? e.msg : "out of memory");
	else
		table_print(t, stdout, q.format, table_term_width());
	table_free(t);
	store_close(s);
	return n < 0 ? EXIT_FAIL : EXIT_OK;
}

/* ---- export --------------------------------------------------------------- */

struct export_ctx {
	int format;
	FILE *f;
	struct store *s;
	struct stix_writer *stix;
	struct record_builder *rb;
	int failed;
};

static int export_article(void *ctx, const struct article_row *r)
{
	struct export_ctx *x = ctx;
	struct export_record rec;
	struct err e;
	int rc = record_build(x->rb, x->s, r, x->format != FORMAT_CSV && x->format != FORMAT_JSON, &rec, &e);
	if (rc == 0) {
		if (x->format == FORMAT_CSV)
			rc = csv_write_record(x->f, &rec);
		else if (x->format == FORMAT_JSON)
			rc = json_write_record(x->f, &rec);
		else
			rc = stix_add(x->stix, &rec);
	}
	if (rc)
		x->failed = 1;
	return rc;
}

int cmd_export(struct cli *c, int argc, char **argv)
{
	struct qopts q;
	int argi, r = parse_opts("export", argc, argv, &q, &argi);
	if (r != EXIT_OK)
		return r;
	if (q.help) {
		printf("usage: secnews [--db FILE] export [--format csv|json|stix] [filters] [-o FILE]\n\n"
		       "Write the stored articles with their tags, newest first.\n"
		       "  csv   RFC 4180 with a header: id,published,site,title,url,actors,vendors,\n"
		       "        products,cves (several values joined by \"; \"); cells a spreadsheet\n"
		       "        would run as a formula are prefixed with '\n"
		       "  json  one object per line, with the body\n"
		       "  stix  one STIX 2.1 bundle (reports, intrusion sets, identities, software,\n"
		       "        vulnerabilities, relationships; ids stable across exports)\n\n"
		       "Filters: --actor NAME --vendor NAME --product NAME --cve ID --source SITE\n"
		       "         --since DATE --until DATE --limit N\n"
		       "  -o, --output FILE   write to FILE (replaced whole, only on success)\n");
		return EXIT_OK;
	}
	if (argi < argc)
		return cli_usage_error("export", "unexpected argument '%s'", argv[argi]);
	if (q.format == FORMAT_TABLE)
		q.format = FORMAT_CSV;
	struct store *s = open_store(c);
	if (!s)
		return EXIT_FAIL;
	struct query_filter f;
	char *vname = NULL;
	r = resolve_filters(s, &q, &f, &vname);
	if (r != EXIT_OK) {
		free(vname);
		store_close(s);
		return r;
	}
	char tmp[4096] = "";
	FILE *out = stdout;
	if (q.out && strcmp(q.out, "-") != 0) {
		snprintf(tmp, sizeof tmp, "%s.tmp.%ld", q.out, (long)getpid());
		if (!(out = fopen(tmp, "w"))) {
			cli_error("%s: cannot write: %s", q.out, strerror(errno));
			free(vname);
			store_close(s);
			return EXIT_FAIL;
		}
	}
	struct export_ctx x = {.format = q.format, .f = out, .s = s, .rb = record_builder_new()};
	struct err e;
	long n = -1;
	if (!x.rb) {
		x.failed = 1;
	} else if (q.format == FORMAT_CSV && csv_write_header(out)) {
		x.failed = 1;
	} else if (q.format == 3 && !(x.stix = stix_begin(out))) {
		x.failed = 1;
	} else {
		n = query_articles(s, &f, q.format == FORMAT_JSON, export_article, &x, &e);
		if (n < 0)
			cli_error("%s", e.msg);
	}
	if (x.stix) {
		if (x.failed || n < 0)
			stix_free(x.stix);
		else if (stix_end(x.stix))
			x.failed = 1;
	}
	record_builder_free(x.rb);
	int bad = n < 0 || x.failed || fflush(out) != 0 || ferror(out);
	if (out != stdout) {
		bad |= fclose(out) != 0;
		if (!bad && rename(tmp, q.out) != 0)
			bad = 1;
		if (bad)
			unlink(tmp);
	}
	if (bad && n >= 0)
		cli_error("%s: write error", q.out ? q.out : "standard output");
	else if (!bad && q.out)
		fprintf(stderr, "secnews: exported %ld articles to %s\n", n, q.out);
	free(vname);
	store_close(s);
	return bad ? EXIT_FAIL : n == 0 ? EXIT_NOTHING : EXIT_OK;
}
