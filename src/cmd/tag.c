/* tag.c: `secnews tag`, `dict list|import|check`, `retag`. */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cmd/cli.h"
#include "extract/extract.h"
#include "pipeline.h"
#include "tag/import.h"
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

static void csv_cell(FILE *f, const char *s)
{
	if (!strpbrk(s, ",\"\n\r")) {
		cli_put_clean(f, s);
		return;
	}
	fputc('"', f);
	for (; *s; s++) {
		if (*s == '"')
			fputc('"', f);
		fputc(*s, f);
	}
	fputc('"', f);
}

static int dict_list(struct cli *c, int argc, char **argv)
{
	int kind = -1, format = FORMAT_TABLE;
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--kind") == 0 && i + 1 < argc) {
			kind = kind_parse(argv[++i]);
			if (kind != KIND_ACTOR && kind != KIND_VENDOR && kind != KIND_PRODUCT)
				return cli_usage_error("dict list", "unknown kind '%s' (use actor, vendor or product)",
						       argv[i]);
		} else if (strcmp(argv[i], "--format") == 0 && i + 1 < argc) {
			if ((format = cli_parse_format("dict list", argv[++i])) < 0)
				return EXIT_USAGE;
		} else {
			return cli_usage_error("dict list", "unknown argument '%s'", argv[i]);
		}
	}
	struct err e = {{0}};
	struct pipeline *p;
	struct dict *d;
	struct tagger *own;
	const struct tagger *t = NULL;
	if (open_dict(c, &p, &d, &t, &own, &e)) {
		cli_error("%s", e.msg);
		return EXIT_FAIL;
	}
	const struct dict *dd = p ? pipeline_dict(p) : d;
	size_t shown = 0;
	if (format == FORMAT_CSV)
		printf("kind,name,vendor,country,ids,aliases\n");
	for (size_t i = 0; i < dict_size(dd); i++) {
		const struct dict_entity *x = dict_get(dd, i);
		if (kind >= 0 && x->kind != kind)
			continue;
		shown++;
		if (format == FORMAT_JSON) {
			fputs("{\"kind\":", stdout);
			json_str(stdout, kind_name(x->kind));
			fputs(",\"name\":", stdout);
			json_str(stdout, x->name);
			if (x->vendor)
				fputs(",\"vendor\":", stdout), json_str(stdout, x->vendor);
			if (x->country)
				fputs(",\"country\":", stdout), json_str(stdout, x->country);
			fputs(",\"ids\":[", stdout);
			for (const char *s = x->ids; s && *s;) {
				const char *sp = strchr(s, ' ');
				char id[256];
				snprintf(id, sizeof id, "%.*s", sp ? (int)(sp - s) : (int)strlen(s), s);
				if (s != x->ids)
					fputc(',', stdout);
				json_str(stdout, id);
				s = sp ? sp + 1 : "";
			}
			fputs("],\"aliases\":[", stdout);
			for (size_t k = 1; k < x->naliases; k++) {
				if (k > 1)
					fputc(',', stdout);
				json_str(stdout, x->aliases[k]);
			}
			fputs("]}\n", stdout);
			continue;
		}
		if (format == FORMAT_CSV) {
			const char *cells[5] = {kind_name(x->kind), x->name, x->vendor ? x->vendor : "",
						x->country ? x->country : "", x->ids ? x->ids : ""};
			for (int k = 0; k < 5; k++) {
				csv_cell(stdout, cells[k]);
				fputc(',', stdout);
			}
			struct buf al = BUF_INIT;
			for (size_t k = 1; k < x->naliases; k++)
				buf_printf(&al, "%s%s", k > 1 ? "; " : "", x->aliases[k]);
			csv_cell(stdout, buf_str(&al));
			buf_free(&al);
			fputc('\n', stdout);
			continue;
		}
		printf("%-8s ", kind_name(x->kind));
		cli_put_clean(stdout, x->name);
		if (x->vendor)
			fputs("  [", stdout), cli_put_clean(stdout, x->vendor), fputc(']', stdout);
		if (x->country)
			printf("  [%s]", x->country);
		if (x->ids)
			fputs("  ", stdout), cli_put_clean(stdout, x->ids);
		if (x->naliases > 1) {
			fputs("\n         aka ", stdout);
			for (size_t k = 1; k < x->naliases; k++) {
				if (k > 1)
					fputs(", ", stdout);
				cli_put_clean(stdout, x->aliases[k]);
			}
		}
		fputc('\n', stdout);
	}
	tagger_free(own);
	dict_free(d);
	pipeline_close(p);
	return shown ? EXIT_OK : EXIT_NOTHING;
}

static int dict_check(struct cli *c, int argc, char **argv)
{
	if (argc > 1)
		return cli_usage_error("dict check", "unknown argument '%s'", argv[1]);
	struct err e = {{0}};
	struct pipeline *p;
	struct dict *d;
	struct tagger *own;
	const struct tagger *t = NULL;
	if (open_dict(c, &p, &d, &t, &own, &e)) {
		cli_error("%s", e.msg);
		return EXIT_FAIL;
	}
	const struct dict *dd = p ? pipeline_dict(p) : d;
	struct buf out = BUF_INIT;
	size_t nshared, ncommon;
	int rc = EXIT_OK;
	if (dict_check_report(dd, &out, &nshared, &ncommon)) {
		cli_error("dict check: out of memory");
		rc = EXIT_FAIL;
	} else {
		fwrite(out.data ? out.data : "", 1, out.len, stdout);
		size_t na[3] = {0, 0, 0}, nal = 0;
		for (size_t i = 0; i < dict_size(dd); i++) {
			na[dict_get(dd, i)->kind]++;
			nal += dict_get(dd, i)->naliases;
		}
		printf("%zu actors, %zu vendors, %zu products, %zu names; %zu shared aliases; "
		       "%zu common-word aliases (tagged only with support: another name of the entity or its "
		       "vendor in the article, or a qualifier next to them)\n",
		       na[0], na[1], na[2], nal, nshared, ncommon);
	}
	buf_free(&out);
	tagger_free(own);
	dict_free(d);
	pipeline_close(p);
	return rc;
}

static int dict_import(struct cli *c, int argc, char **argv)
{
	if (argc < 2)
		return cli_usage_error("dict import", "missing FILE (MISP galaxy, ATT&CK STIX, or CISA KEV JSON/CSV)");
	struct err e = {{0}};
	struct pipeline *p = NULL;
	if (pipeline_open(c->db, &p, &e)) {
		cli_error("%s", e.msg);
		return EXIT_FAIL;
	}
	int rc = EXIT_OK;
	for (int i = 1; i < argc && rc == EXIT_OK; i++) {
		struct buf in = BUF_INIT, lines = BUF_INIT;
		size_t count;
		const char *format;
		const char *base = strrchr(argv[i], '/') ? strrchr(argv[i], '/') + 1 : argv[i];
		if (io_read_file(argv[i], 0, &in, &e) ||
		    dict_import_convert(buf_str(&in), in.len, argv[i], &lines, &count, &format, &e) ||
		    store_dict_add(pipeline_store(p), buf_str(&lines), base, &e)) {
			cli_error("%s", e.msg);
			rc = EXIT_FAIL;
		} else {
			fprintf(stderr, "%s: %s, %zu entries imported\n", argv[i], format, count);
		}
		buf_free(&in);
		buf_free(&lines);
	}
	pipeline_close(p);
	if (rc == EXIT_OK) {
		/* load once more: checks the lines and brings the entity tables up to date */
		if (pipeline_open(c->db, &p, &e)) {
			cli_error("%s", e.msg);
			return EXIT_FAIL;
		}
		fprintf(stderr, "dictionary: %zu entities; run 'secnews retag' to tag stored articles again\n",
			dict_size(pipeline_dict(p)));
		pipeline_close(p);
	}
	return rc;
}

int cmd_dict(struct cli *c, int argc, char **argv)
{
	int help = argc < 2;
	for (int i = 1; i < argc; i++) /* "dict list --help" asks for help too */
		help |= strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0;
	if (help) {
		FILE *f = argc < 2 ? stderr : stdout;
		fprintf(f, "usage: secnews dict list [--kind actor|vendor|product] [--format table|json|csv]\n"
			   "       secnews dict import FILE...\n"
			   "       secnews dict check\n\n"
			   "list    the entities the tagger knows: bundled, plus those imported into --db\n"
			   "import  MISP galaxy clusters (threat-actor, microsoft-activity-group,\n"
			   "        mitre-intrusion-set, ransomware, ...), ATT&CK STIX intrusion-sets\n"
			   "        (objects or bundles) and the CISA KEV catalogue (JSON or CSV) into --db;\n"
			   "        entries merge with the bundled ones by external id and shared names\n"
			   "check   aliases that name several entities, and how each is resolved\n");
		return argc < 2 ? EXIT_USAGE : EXIT_OK;
	}
	if (strcmp(argv[1], "list") == 0)
		return dict_list(c, argc - 1, argv + 1);
	if (strcmp(argv[1], "import") == 0)
		return dict_import(c, argc - 1, argv + 1);
	if (strcmp(argv[1], "check") == 0)
		return dict_check(c, argc - 1, argv + 1);
	return cli_usage_error("dict", "unknown subcommand '%s' (use list, import or check)", argv[1]);
}

int cmd_retag(struct cli *c, int argc, char **argv)
{
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
			printf("usage: secnews retag\n\n"
			       "Tag every stored article again (after a dictionary change or an upgrade),\n"
			       "replacing its mentions, a few hundred articles per transaction.\n");
			return EXIT_OK;
		}
		return cli_usage_error("retag", "unknown argument '%s'", argv[i]);
	}
	struct err e = {{0}};
	struct pipeline *p;
	if (pipeline_open(c->db, &p, &e)) {
		cli_error("%s", e.msg);
		return EXIT_FAIL;
	}
	pipeline_set_max_mentions(p, c->max_mentions);
	sqlite3 *db = store_db(pipeline_store(p));
	sqlite3_stmt *count = NULL, *sel = NULL;
	int rc = EXIT_OK;
	long long total = 0, done = 0, last = 0;
	size_t nment = 0;
	enum { BATCH = 256 };
	if (sqlite3_prepare_v2(db, "SELECT count(*) FROM article", -1, &count, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(db, "SELECT id, title, body FROM article WHERE id > ?1 ORDER BY id LIMIT ?2", -1,
			       &sel, NULL) != SQLITE_OK) {
		cli_error("retag: %s", sqlite3_errmsg(db));
		rc = EXIT_FAIL;
		goto out;
	}
	if (sqlite3_step(count) == SQLITE_ROW)
		total = sqlite3_column_int64(count, 0);
	for (;;) {
		/* read a batch, tag it, then write it in one transaction */
		struct item {
			long long id;
			struct mention_list m;
		} items[BATCH];
		int n = 0, r;
		sqlite3_bind_int64(sel, 1, last);
		sqlite3_bind_int(sel, 2, BATCH);
		while (n < BATCH && (r = sqlite3_step(sel)) == SQLITE_ROW) {
			struct article a = {0};
			a.title = (char *)sqlite3_column_text(sel, 1);
			a.body = (char *)sqlite3_column_text(sel, 2);
			items[n].id = sqlite3_column_int64(sel, 0);
			memset(&items[n].m, 0, sizeof items[n].m);
			if (tagger_tag_article(pipeline_tagger(p), &a, &items[n].m)) {
				mention_list_free(&items[n].m);
				rc = EXIT_FAIL;
				cli_error("retag: out of memory");
				break;
			}
			pipeline_cap_mentions(p, &items[n].m);
			n++;
		}
		sqlite3_reset(sel);
		if (rc == EXIT_OK && n > 0) {
			if (store_begin(pipeline_store(p), &e))
				rc = EXIT_FAIL;
			for (int i = 0; i < n && rc == EXIT_OK; i++) {
				if (store_set_mentions(pipeline_store(p), items[i].id, &items[i].m, &e))
					rc = EXIT_FAIL;
				nment += items[i].m.n;
			}
			if (rc == EXIT_OK && store_commit(pipeline_store(p), &e))
				rc = EXIT_FAIL;
			if (rc != EXIT_OK) {
				store_rollback(pipeline_store(p));
				cli_error("retag: %s", e.msg);
			}
		}
		for (int i = 0; i < n; i++)
			mention_list_free(&items[i].m);
		if (rc != EXIT_OK || n == 0)
			break;
		last = items[n - 1].id;
		done += n;
		if (c->stderr_tty)
			fprintf(stderr, "\rretag: %lld/%lld articles", done, total);
		if (n < BATCH)
			break;
	}
	if (c->stderr_tty && done)
		fputc('\n', stderr);
	if (rc == EXIT_OK)
		fprintf(stderr, "retagged %lld articles, %zu mentions\n", done, nment);
out:
	sqlite3_finalize(count);
	sqlite3_finalize(sel);
	pipeline_close(p);
	return rc;
}
