/* tag.c: `secnews tag`, `dict list|import|check`, `retag`. */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cmd/cli.h"
#include "extract/extract.h"
#include "pipeline.h"
#include "tag/tag.h"
#include "util/buf.h"
#include "util/io.h"

/* Print S as a JSON string. */
static void json_str(FILE *f, const char *s)
{
	fputc('"', f);
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if (*p == '"' || *p == '\\')
			fprintf(f, "\\%c", *p);
		else if (*p == '\n')
			fputs("\\n", f);
		else if (*p == '\t')
			fputs("\\t", f);
		else if (*p == '\r')
			fputs("\\r", f);
		else if (*p < 0x20)
			fprintf(f, "\\u%04x", *p);
		else
			fputc(*p, f);
	}
	fputc('"', f);
}

static void print_mention(FILE *f, const struct mention *m)
{
	fputs("{\"kind\":", f);
	json_str(f, kind_name(m->kind));
	fputs(",\"name\":", f);
	json_str(f, m->name);
	if (m->vendor) {
		fputs(",\"vendor\":", f);
		json_str(f, m->vendor);
	}
	fputs(",\"text\":", f);
	json_str(f, m->text);
	fputs(",\"field\":", f);
	json_str(f, field_name(m->field));
	fprintf(f, ",\"offset\":%zu,\"length\":%zu}\n", m->offset, m->length);
}

/* The dictionary for commands that may run without a database: bundled
 * plus imported when DB exists. Fills *P or *D (caller frees). */
static int open_dict(struct cli *c, struct pipeline **p, struct dict **d, const struct tagger **t,
		     struct tagger **own, struct err *e)
{
	*p = NULL, *d = NULL, *own = NULL;
	if (access(c->db, F_OK) == 0) {
		if (pipeline_open(c->db, p, e))
			return -1;
		*t = pipeline_tagger(*p);
		return 0;
	}
	if (!(*d = dict_new()))
		return err_set(e, "out of memory");
	if (dict_load_bundled(*d, e) || !(*own = tagger_new(*d, e))) {
		dict_free(*d);
		*d = NULL;
		return -1;
	}
	*t = *own;
	return 0;
}

int cmd_tag(struct cli *c, int argc, char **argv)
{
	int raw = 0;
	const char *path = NULL;
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
			printf("usage: secnews tag [--raw] PATH|-\n\n"
			       "Print the threat actors, vendors, products and identifiers named in the\n"
			       "article PATH holds (its title and body, as ingest would store it), one\n"
			       "JSON object per line: kind, name (canonical), vendor (products), text (as\n"
			       "written), field (title/body), offset and length (bytes in that field).\n"
			       "--raw tags the input bytes as they are (field \"text\").\n"
			       "Uses the bundled dictionaries plus those imported into --db, if it exists.\n");
			return EXIT_OK;
		}
		if (strcmp(argv[i], "--raw") == 0)
			raw = 1;
		else if (argv[i][0] == '-' && argv[i][1])
			return cli_usage_error("tag", "unknown option '%s'", argv[i]);
		else if (path)
			return cli_usage_error("tag", "one PATH only");
		else
			path = argv[i];
	}
	if (!path)
		return cli_usage_error("tag", "missing PATH (a file, or '-' for standard input)");
	struct err e = {{0}};
	struct buf in = BUF_INIT;
	if (io_read_file(path, 0, &in, &e)) {
		cli_error("%s", e.msg);
		return EXIT_FAIL;
	}
	struct pipeline *p;
	struct dict *d;
	struct tagger *own;
	const struct tagger *t = NULL;
	if (open_dict(c, &p, &d, &t, &own, &e)) {
		buf_free(&in);
		cli_error("%s", e.msg);
		return EXIT_FAIL;
	}
	struct mention_list m = {0};
	int rc = EXIT_OK;
	if (raw) {
		if (tagger_tag_text(t, buf_str(&in), in.len, FIELD_TEXT, &m))
			rc = EXIT_FAIL, cli_error("tag: out of memory");
	} else {
		struct article a = {0};
		struct extract_opts o = {.url = strcmp(path, "-") ? path : NULL};
		int x = extract(buf_str(&in), in.len, &o, &a, &e);
		if (x == EXTRACT_ERROR) {
			cli_error("%s: %s", path, e.msg);
			rc = EXIT_FAIL;
		} else if (x == EXTRACT_NOT_ARTICLE) {
			cli_error("%s: not an article", path);
			rc = EXIT_NOTHING;
		} else if (tagger_tag_article(t, &a, &m)) {
			cli_error("tag: out of memory");
			rc = EXIT_FAIL;
		}
		article_free(&a);
	}
	for (size_t i = 0; rc == EXIT_OK && i < m.n; i++)
		print_mention(stdout, &m.v[i]);
	mention_list_free(&m);
	tagger_free(own);
	dict_free(d);
	pipeline_close(p);
	buf_free(&in);
	return rc;
}

int cmd_dict(struct cli *c, int argc, char **argv)
{
	cli_error("dict: not implemented yet");
	return EXIT_FAIL;
}

int cmd_retag(struct cli *c, int argc, char **argv)
{
	cli_error("retag: not implemented yet");
	return EXIT_FAIL;
}
