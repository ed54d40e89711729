/* main.c: command dispatch, global options (--db, --help, --version). */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmd/cli.h"

struct command {
	const char *name;
	int (*run)(struct cli *, int, char **);
	const char *args;
	const char *what;
};

static const struct command commands[] = {
	{"init", cmd_init, "", "create or upgrade the database"},
	{"ingest", cmd_ingest, "[--url URL] PATH...", "extract, tag and store pages or text files ('-': stdin)"},
	{"extract", cmd_extract, "[--json] [--url URL] PATH|-", "print the article a page holds"},
	{"tag", cmd_tag, "[--raw] PATH|-", "print the mentions in an article, one JSON object per line"},
	{"actor", cmd_actor, "[NAME]", "threat actors, or the articles naming one"},
	{"vendor", cmd_vendor, "[NAME]", "vendors, or the articles concerning one"},
	{"product", cmd_product, "[NAME]", "products, or the articles naming one"},
	{"cve", cmd_cve, "[ID]", "CVE ids, or the articles naming one"},
	{"search", cmd_search, "QUERY [filters]", "full-text search"},
	{"watch", cmd_watch, "add NAME QUERY|list|rm NAME|run [NAME]", "saved searches that report what is new"},
	{"show", cmd_show, "ID|URL", "one article with its tags"},
	{"export", cmd_export, "[--format csv|json|stix] [-o FILE]", "export tagged articles"},
	{"stats", cmd_stats, "", "counts by kind, source and month"},
	{"dict", cmd_dict, "list|import FILE|check", "dictionaries of actors, vendors, products"},
	{"retag", cmd_retag, "", "tag every stored article again"},
	{"feed", cmd_feed, "add|list|rm|import|export", "manage the feeds to poll"},
	{"fetch", cmd_fetch, "[--jobs N] [--feed URL]", "poll feeds and ingest new articles"},
	{"get", cmd_get, "URL...", "fetch pages and ingest them"},
	{"serve", cmd_serve, "[--listen ADDR:PORT]", "web pages, JSON API and TAXII 2.1, read-only"},
};

static void usage(FILE *f)
{
	fprintf(f, "usage: secnews [--db FILE] COMMAND [ARGS]\n\n"
		   "secnews indexes security news and advisories: it extracts articles from\n"
		   "pages and feeds, tags the threat actors, vendors, products and CVEs they\n"
		   "name, and answers questions about them from a SQLite database.\n\n"
		   "Commands:\n");
	for (size_t i = 0; i < sizeof commands / sizeof *commands; i++)
		fprintf(f, "  %-8s %-36s %s\n", commands[i].name, commands[i].args, commands[i].what);
	fprintf(f, "\nOptions:\n"
		   "  --db FILE    database (default: $SECNEWS_DB, else ./secnews.db)\n"
		   "  --max-mentions N  mentions stored per article at most (default 10000)\n"
		   "  --help       this text; 'secnews COMMAND --help' for one command\n"
		   "  --version    print the version\n\n"
		   "Exit status: 0 success, 1 nothing found, 2 usage error, 3 failure.\n"
		   "See secnews(1).\n");
}

int main(int argc, char **argv)
{
	struct cli c = {0};
	c.db = getenv("SECNEWS_DB");
	if (!c.db || !*c.db)
		c.db = "secnews.db";
	c.stderr_tty = isatty(2);
	c.stdout_tty = isatty(1);

	/* --db and --max-mentions may stand anywhere before "--"; take them out of argv. */
	int n = 1;
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--") == 0) {
			while (i < argc)
				argv[n++] = argv[i++];
			break;
		}
		if (strcmp(argv[i], "--db") == 0) {
			if (i + 1 >= argc) {
				cli_error("--db needs a file name");
				return EXIT_USAGE;
			}
			c.db = argv[++i];
			continue;
		}
		if (strncmp(argv[i], "--db=", 5) == 0) {
			c.db = argv[i] + 5;
			continue;
		}
		if (strcmp(argv[i], "--max-mentions") == 0 || strncmp(argv[i], "--max-mentions=", 15) == 0) {
			const char *v = argv[i][14] == '=' ? argv[i] + 15 : i + 1 < argc ? argv[++i] : "";
			char *end;
			long long m = strtoll(v, &end, 10);
			if (!*v || *end || m < 1 || m > 10000000) {
				cli_error("--max-mentions takes a number from 1 to 10000000");
				return EXIT_USAGE;
			}
			c.max_mentions = (size_t)m;
			continue;
		}
		argv[n++] = argv[i];
	}
	argc = n;
	argv[argc] = NULL;

	if (argc < 2) {
		usage(stderr);
		return EXIT_USAGE;
	}
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "help") == 0) {
		usage(stdout);
		return EXIT_OK;
	}
	if (strcmp(argv[1], "--version") == 0) {
		printf("secnews %s\n", SECNEWS_VERSION);
		return EXIT_OK;
	}
	for (size_t i = 0; i < sizeof commands / sizeof *commands; i++)
		if (strcmp(argv[1], commands[i].name) == 0) {
			int r = commands[i].run(&c, argc - 1, argv + 1);
			if (fflush(stdout) != 0 || ferror(stdout)) {
				cli_error("error writing output");
				return EXIT_FAIL;
			}
			return r;
		}
	cli_error("unknown command '%s'\nTry 'secnews --help'.", argv[1]);
	return EXIT_USAGE;
}
