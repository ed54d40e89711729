/* extract.c: `secnews extract [--json] [--url URL] PATH|-`: print the
 * article a page or text holds, as text or as one JSON object. */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "cmd/cli.h"
#include "extract/extract.h"
#include "util/io.h"

static void usage(FILE *f)
{
	fprintf(f, "usage: secnews extract [--json] [--url URL] [--html|--text] PATH|-\n\n"
		   "Extract the article from an HTML page or a copied text (PATH, or '-' for\n"
		   "standard input) and print its body, paragraphs separated by a blank line.\n\n"
		   "  --json      print {title, author, published, site, url, lang, description,\n"
		   "              body} as one JSON object (url: the canonical URL if known)\n"
		   "  --url URL   the page's address, for resolving links and dates\n"
		   "  --html      read the input as HTML; --text: as plain text (default: sniff)\n\n"
		   "Exit status: 0 an article, 1 not an article (an index, home or search\n"
		   "page), 2 usage error, 3 unreadable or unusable input.\n");
}

/* Set KEY of OBJ to the string S, or null. */
static void put(json_t *obj, const char *key, const char *s)
{
	json_t *v = s ? json_string(s) : NULL;
	json_object_set_new(obj, key, v ? v : json_null());
}

static int print_json(const struct article *a)
{
	json_t *o = json_object();
	if (!o)
		return -1;
	put(o, "title", a->title);
	put(o, "author", a->author);
	put(o, "published", a->published);
	put(o, "site", a->site);
	put(o, "url", a->canonical ? a->canonical : a->url);
	put(o, "lang", a->lang);
	put(o, "description", a->description);
	put(o, "body", a->body);
	char *s = json_dumps(o, JSON_PRESERVE_ORDER | JSON_INDENT(2));
	json_decref(o);
	if (!s)
		return -1;
	puts(s);
	free(s);
	return 0;
}

int cmd_extract(struct cli *c, int argc, char **argv)
{
	int json = 0;
	const char *path = NULL;
	struct extract_opts o = {NULL, NULL, EXTRACT_AUTO};
	(void)c;
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
			usage(stdout);
			return EXIT_OK;
		} else if (strcmp(a, "--json") == 0) {
			json = 1;
		} else if (strcmp(a, "--html") == 0) {
			o.kind = EXTRACT_HTML;
		} else if (strcmp(a, "--text") == 0) {
			o.kind = EXTRACT_TEXT;
		} else if (strcmp(a, "--url") == 0 || strncmp(a, "--url=", 6) == 0) {
			if (a[5] == '=')
				o.url = a + 6;
			else if (i + 1 < argc)
				o.url = argv[++i];
			else
				return cli_usage_error("extract", "--url needs a URL");
		} else if (a[0] == '-' && a[1] != '\0') {
			return cli_usage_error("extract", "unknown option '%s'", a);
		} else if (path) {
			return cli_usage_error("extract", "one PATH only ('%s' is extra)", a);
		} else {
			path = a;
		}
	}
	if (!path)
		return cli_usage_error("extract", "missing PATH (a file, or '-' for standard input)");

	struct buf data;
	struct err e;
	buf_init(&data, 0);
	if (io_read_file(path, 0, &data, &e)) {
		buf_free(&data);
		cli_error("%s", e.msg);
		return EXIT_FAIL;
	}
	struct article a;
	int r = extract(data.data ? data.data : "", data.len, &o, &a, &e);
	buf_free(&data);
	const char *name = strcmp(path, "-") == 0 ? "standard input" : path;
	if (r == EXTRACT_ERROR) {
		cli_error("%s: %s", name, e.msg);
		return EXIT_FAIL;
	}
	if (r == EXTRACT_NOT_ARTICLE) {
		cli_error("%s: not an article (an index, home or search page)", name);
		if (json)
			print_json(&a);
		article_free(&a);
		return EXIT_NOTHING;
	}
	int w = json ? print_json(&a) : (fputs(a.body ? a.body : "", stdout), putchar('\n'), 0);
	article_free(&a);
	if (w || fflush(stdout) != 0) {
		cli_error("extract: cannot write the output");
		return EXIT_FAIL;
	}
	return EXIT_OK;
}
