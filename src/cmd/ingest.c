/* ingest.c: `secnews init` and `secnews ingest`. */
#include <dirent.h>
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cmd/cli.h"
#include "pipeline.h"
#include "util/io.h"

int cmd_init(struct cli *c, int argc, char **argv)
{
	if (argc > 1 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)) {
		printf("usage: secnews [--db FILE] init\n\n"
		       "Create the database, or upgrade it to this version's schema. Running it\n"
		       "again changes nothing. Every other command does this implicitly.\n");
		return EXIT_OK;
	}
	if (argc > 1)
		return cli_usage_error("init", "unexpected argument '%s'", argv[1]);
	struct pipeline *p;
	struct err e;
	if (pipeline_open(c->db, &p, &e)) {
		cli_error("%s", e.msg);
		return EXIT_FAIL;
	}
	fprintf(stderr, "secnews: %s: schema version %d\n", c->db, store_schema_version());
	pipeline_close(p);
	return EXIT_OK;
}

struct ingest_run {
	struct cli *cli;
	struct pipeline *p;
	const char *url; /* --url, for a single input */
	size_t max;
	size_t total, done;
	int counts[5]; /* new, unchanged, updated, skipped, copies */
	int failed;
	int stop; /* the database or the process cannot go on: read no more inputs */
};

static const char *const status_word[] = {"new", "unchanged", "updated", "skipped", "copy"};

static void progress(struct ingest_run *r)
{
	if (r->cli->stderr_tty && r->total > 1)
		fprintf(stderr, "\r%zu/%zu pages", r->done, r->total);
}

static void ingest_one(struct ingest_run *r, const char *path)
{
	struct buf data;
	struct err e;
	buf_init(&data, 0);
	r->done++;
	progress(r);
	if (io_read_file(path, r->max, &data, &e)) {
		int en = errno;
		if (r->cli->stderr_tty)
			fputc('\n', stderr);
		if (en == EMFILE || en == ENFILE) {
			r->stop = 1;
			cli_error("%s: cannot open: too many open files; raise the limit (ulimit -n)"
				  " (stopped: %zu inputs left unread)", path, r->total - r->done);
		} else {
			cli_error("%s", e.msg);
		}
		r->failed++;
		buf_free(&data);
		return;
	}
	char addr[PATH_MAX + 16];
	const char *url = r->url;
	if (!url) {
		char real[PATH_MAX];
		if (strcmp(path, "-") == 0)
			url = NULL;
		else if (realpath(path, real)) {
			snprintf(addr, sizeof addr, "file://%s", real);
			url = addr;
		}
	}
	struct extract_opts o = {.url = url, .content_type = NULL, .kind = EXTRACT_AUTO};
	struct ingest_result res = {0};
	int st;
	if (!url && strcmp(path, "-") == 0) {
		/* stdin without --url: name it by its content */
		char hash[40];
		unsigned long long h = 0xcbf29ce484222325ULL;
		for (size_t i = 0; i < data.len; i++)
			h = (h ^ (unsigned char)data.data[i]) * 0x100000001b3ULL;
		snprintf(hash, sizeof hash, "stdin:%016llx", h);
		o.url = hash;
		st = pipeline_ingest(r->p, data.data, data.len, &o, 0, &res, &e);
	} else {
		st = pipeline_ingest(r->p, data.data, data.len, &o, 0, &res, &e);
	}
	if (r->cli->stderr_tty && r->total > 1)
		fputs("\r\033[K", stderr);
	const char *name = strcmp(path, "-") == 0 ? "-" : path;
	if (st == INGEST_ERROR && res.store_failed) {
		r->stop = 1; /* the next inputs would fail the same way: one message, not one each */
		cli_error("%s: %s (stopped: %zu inputs left unread)", name, e.msg, r->total - r->done);
		r->failed++;
	} else if (st == INGEST_ERROR) {
		cli_error("%s: %s", name, e.msg);
		r->failed++;
	} else if (st == INGEST_NOT_ARTICLE) {
		cli_error("%s: skipped: not an article (an index, home or search page)", name);
		r->counts[3]++;
	} else {
		r->counts[st]++;
		printf("%s\t%lld\t", status_word[st], (long long)res.id);
		cli_put_clean(stdout, name);
		putchar('\t');
		cli_put_clean(stdout, res.title ? res.title : "");
		putchar('\n');
		fflush(stdout); /* a report of "stored" is true the moment it is read */
		if (st == INGEST_COPY) {
			fputs("secnews: ", stderr);
			cli_put_clean(stderr, name);
			fprintf(stderr, ": %s: stored as a copy\n", res.copy_note);
		}
		if (res.mentions_dropped)
			cli_error("%s: %zu mentions beyond the limit of %zu per article were not stored "
				  "(raise it with --max-mentions)",
				  name, res.mentions_dropped, res.nmentions);
	}
	free(res.title);
	buf_free(&data);
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Every regular file under DIR, sorted, appended to *V (caller frees). */
static int walk(const char *dir, char ***v, size_t *n, size_t *cap, int depth)
{
	if (depth > 64)
		return 0;
	DIR *d = opendir(dir);
	if (!d) {
		cli_error("%s: cannot open folder: %s", dir, strerror(errno));
		return -1;
	}
	char **names = NULL;
	size_t nn = 0, nc = 0;
	struct dirent *de;
	while ((de = readdir(d))) {
		if (de->d_name[0] == '.')
			continue;
		if (nn == nc) {
			nc = nc ? nc * 2 : 32;
			char **t = realloc(names, nc * sizeof *t);
			if (!t)
				break;
			names = t;
		}
		names[nn++] = strdup(de->d_name);
	}
	closedir(d);
	if (nn)
		qsort(names, nn, sizeof *names, cmp_str);
	int rc = 0;
	for (size_t i = 0; i < nn; i++) {
		char path[PATH_MAX];
		struct stat st;
		if (!names[i] || snprintf(path, sizeof path, "%s/%s", dir, names[i]) >= (int)sizeof path ||
		    stat(path, &st) != 0) {
			free(names[i]);
			continue;
		}
		if (S_ISDIR(st.st_mode)) {
			if (walk(path, v, n, cap, depth + 1))
				rc = -1;
		} else if (S_ISREG(st.st_mode)) {
			if (*n == *cap) {
				*cap = *cap ? *cap * 2 : 64;
				char **t = realloc(*v, *cap * sizeof *t);
				if (!t) {
					free(names[i]);
					continue;
				}
				*v = t;
			}
			(*v)[(*n)++] = strdup(path);
		}
		free(names[i]);
	}
	free(names);
	return rc;
}

static void ingest_help(void)
{
	printf("usage: secnews [--db FILE] ingest [--url URL] [--max-size MIB] PATH...\n\n"
	       "Extract the article from each file (HTML is recognised by its content,\n"
	       "anything else is read as plain text), tag it and store it. A folder is\n"
	       "read recursively; '-' reads standard input. The same URL or the same text\n"
	       "again is reported 'unchanged'; a changed text under a known URL 'updated'.\n\n"
	       "Prints one line per stored article on stdout:\n"
	       "  STATUS<TAB>ID<TAB>PATH<TAB>TITLE   (STATUS: new, updated, unchanged)\n"
	       "Skipped pages and errors are reported on stderr.\n\n"
	       "  --url URL        the page's address (only with a single PATH)\n"
	       "  --max-size MIB   largest input accepted (default 64)\n\n"
	       "Exit status: 0 when every input was stored or skipped, 3 when any failed.\n");
}

int cmd_ingest(struct cli *c, int argc, char **argv)
{
	static const struct option opts[] = {{"url", required_argument, 0, 'u'},
					     {"max-size", required_argument, 0, 'm'},
					     {"help", no_argument, 0, 'h'},
					     {0, 0, 0, 0}};
	struct ingest_run r = {.cli = c};
	int ch;
	optind = 0;
	while ((ch = getopt_long(argc, argv, "+u:m:h", opts, NULL)) != -1) {
		switch (ch) {
		case 'u':
			r.url = optarg;
			break;
		case 'm': {
			char *end;
			long v = strtol(optarg, &end, 10);
			if (*end || v <= 0 || v > 4096)
				return cli_usage_error("ingest", "--max-size takes MiB from 1 to 4096");
			r.max = (size_t)v << 20;
			break;
		}
		case 'h':
			ingest_help();
			return EXIT_OK;
		default:
			return cli_usage_error("ingest", "unknown option");
		}
	}
	if (optind >= argc)
		return cli_usage_error("ingest", "no PATH given");
	char **files = NULL;
	size_t n = 0, cap = 0;
	for (int i = optind; i < argc; i++) {
		struct stat st;
		if (strcmp(argv[i], "-") == 0 || (stat(argv[i], &st) == 0 && !S_ISDIR(st.st_mode))) {
			if (n == cap) {
				cap = cap ? cap * 2 : 16;
				char **t = realloc(files, cap * sizeof *t);
				if (!t)
					break;
				files = t;
			}
			files[n++] = strdup(argv[i]);
		} else if (stat(argv[i], &st) == 0) {
			size_t before = n;
			if (walk(argv[i], &files, &n, &cap, 0))
				r.failed++;
			else if (n == before) {
				cli_error("%s: the folder holds no files to ingest", argv[i]);
				r.failed++;
			}
		} else {
			cli_error("%s: %s", argv[i], strerror(errno));
			r.failed++;
		}
	}
	if (r.url && n > 1) {
		for (size_t i = 0; i < n; i++)
			free(files[i]);
		free(files);
		return cli_usage_error("ingest", "--url applies to a single PATH, and %zu were given", n);
	}
	struct err e;
	if (n && pipeline_open(c->db, &r.p, &e)) {
		cli_error("%s", e.msg);
		for (size_t i = 0; i < n; i++)
			free(files[i]);
		free(files);
		return EXIT_FAIL;
	}
	if (r.p)
		pipeline_set_max_mentions(r.p, c->max_mentions);
	r.total = n;
	for (size_t i = 0; i < n; i++) {
		if (!r.stop)
			ingest_one(&r, files[i]);
		free(files[i]);
	}
	free(files);
	pipeline_close(r.p);
	if (n > 1 || r.failed)
		fprintf(stderr, "secnews: ingest: %d new, %d copies, %d updated, %d unchanged, %d skipped, %d failed\n",
			r.counts[0], r.counts[4], r.counts[2], r.counts[1], r.counts[3], r.failed);
	return r.failed ? EXIT_FAIL : EXIT_OK;
}
