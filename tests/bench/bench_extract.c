/* bench_extract.c: extraction throughput on the corpus pages, against
 * libxml2's HTML parse alone on the same bytes.
 *
 * bench_extract(SHARED) reads every source.html under
 * SHARED/corpus/pages/readability and SHARED/corpus/security, then prints
 *   extract_pages_per_s VALUE pages/s
 *   parse_only_pages_per_s VALUE pages/s
 *   extract_vs_parse_ratio VALUE ratio
 * Each figure is the best of five interleaved rounds of at least 0.3 s of
 * CPU time on one core.
 * Built standalone with -DBENCH_EXTRACT_MAIN:
 *   cc -O2 -std=c11 -D_DEFAULT_SOURCE -DBENCH_EXTRACT_MAIN -Isrc \
 *      $(pkg-config --cflags libxml-2.0) tests/bench/bench_extract.c build/libsecnews.a \
 *      $(pkg-config --libs libxml-2.0 jansson sqlite3 libcurl) -lm
 *   ./a.out ../shared */
#include <dirent.h>
#include <libxml/HTMLparser.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "extract/extract.h"
#include "util/buf.h"
#include "util/io.h"

void bench_extract(const char *shared_dir);

struct page {
	char *data;
	size_t n;
};

struct pages {
	struct page *v;
	size_t n, cap;
};

static void load_dir(struct pages *p, const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	if (!d)
		return;
	while ((de = readdir(d)) != NULL) {
		if (de->d_name[0] == '.')
			continue;
		char path[4096];
		snprintf(path, sizeof path, "%s/%s/source.html", dir, de->d_name);
		struct buf b = BUF_INIT;
		struct err e;
		if (io_read_file(path, 0, &b, &e) != 0) {
			buf_free(&b);
			continue;
		}
		if (p->n == p->cap) {
			size_t cap = p->cap ? 2 * p->cap : 128;
			struct page *v = realloc(p->v, cap * sizeof *v);
			if (!v) {
				buf_free(&b);
				break;
			}
			p->v = v;
			p->cap = cap;
		}
		p->v[p->n].n = b.len;
		p->v[p->n].data = buf_detach(&b);
		p->n++;
	}
	closedir(d);
}

/* CPU time of this thread: other processes on the machine do not count. */
static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* Pages per second of F over all pages in one round of >= 0.3 s CPU time. */
static double round_rate(const struct pages *p, void (*f)(const struct page *))
{
	size_t done = 0;
	double t0 = now(), t;
	do {
		for (size_t i = 0; i < p->n; i++)
			f(&p->v[i]);
		done += p->n;
		t = now() - t0;
	} while (t < 0.3);
	return done / t;
}

static void run_extract(const struct page *pg)
{
	struct extract_opts o = {NULL, NULL, EXTRACT_AUTO};
	struct article a;
	struct err e;
	if (extract(pg->data, pg->n, &o, &a, &e) != EXTRACT_ERROR)
		article_free(&a);
}

static void run_parse(const struct page *pg)
{
	htmlDocPtr doc = htmlReadMemory(pg->data, (int)pg->n, NULL, NULL,
					HTML_PARSE_RECOVER | HTML_PARSE_NONET | HTML_PARSE_NOERROR |
						HTML_PARSE_NOWARNING);
	xmlFreeDoc(doc);
}

/* libxml2 reports the encoding errors of pages parsed raw; not ours to print */
static void quiet(void *ctx, const char *msg, ...)
{
	(void)ctx, (void)msg;
}

void bench_extract(const char *shared_dir)
{
	xmlSetGenericErrorFunc(NULL, quiet);
	struct pages p = {NULL, 0, 0};
	char dir[4096];
	snprintf(dir, sizeof dir, "%s/corpus/pages/readability", shared_dir);
	load_dir(&p, dir);
	snprintf(dir, sizeof dir, "%s/corpus/security", shared_dir);
	load_dir(&p, dir);
	if (p.n == 0) {
		fprintf(stderr, "bench_extract: no pages under %s/corpus\n", shared_dir);
		return;
	}
	/* rounds interleaved, best of each kept */
	double ex = 0, parse = 0;
	for (int round = 0; round < 5; round++) {
		double e = round_rate(&p, run_extract), q = round_rate(&p, run_parse);
		ex = e > ex ? e : ex;
		parse = q > parse ? q : parse;
	}
	printf("extract_pages_per_s %.1f pages/s\n", ex);
	printf("parse_only_pages_per_s %.1f pages/s\n", parse);
	printf("extract_vs_parse_ratio %.3f ratio\n", parse > 0 ? ex / parse : 0);
	for (size_t i = 0; i < p.n; i++)
		free(p.v[i].data);
	free(p.v);
}

#ifdef BENCH_EXTRACT_MAIN
int main(int argc, char **argv)
{
	bench_extract(argc > 1 ? argv[1] : "../shared");
	return 0;
}
#endif
