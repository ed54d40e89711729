/* bench.c: the benchmark driver behind `make bench`. Prints one line per
 * figure: NAME VALUE UNIT.
 *
 *   bench exec NAME COUNT UNIT CMD...   run CMD once; print NAME as COUNT/seconds
 *                                       and the child's peak memory
 *   bench store DB N                    N synthetic articles through the store API
 *                                       (inserts/s), then query latencies
 *   bench query DB                      only the query latencies, on a database made by store
 *   bench export N                      the CSV, JSON and STIX writers on N records
 *   bench feed FILE                     feed parsing on FILE */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <math.h>
#include <time.h>
#include <unistd.h>

#include "bench_feed.c"
#include "store/query.h"
#include "store/store.h"
#include "util/io.h"

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static int bench_exec(int argc, char **argv)
{
	if (argc < 5)
		return 2;
	const char *name = argv[0], *unit = argv[2];
	double count = atof(argv[1]);
	double t0 = now();
	pid_t pid = fork();
	if (pid == 0) {
		if (!freopen("/dev/null", "w", stdout))
			_exit(127);
		execvp(argv[3], argv + 3);
		_exit(127);
	}
	int status;
	struct rusage ru;
	if (wait4(pid, &status, 0, &ru) < 0)
		return 1;
	double dt = now() - t0;
	printf("%-32s %12.1f %s\n", name, count / dt, unit);
	printf("%-32s %12.1f MiB\n", "  peak_memory", ru.ru_maxrss / 1024.0);
	printf("%-32s %12.2f s\n", "  wall_time", dt);
	return WIFEXITED(status) && WEXITSTATUS(status) == 0 ? 0 : 1;
}

static const char *const words[] = {
	"attackers", "exploited", "vulnerability", "servers", "patch", "ransomware", "campaign", "espionage",
	"network", "credentials", "phishing", "malware", "backdoor", "researchers", "disclosed", "update",
	"firmware", "router", "cloud", "identity", "token", "supply", "chain", "zero-day", "VPN", "gateway"};
static const char *const actors[] = {"HAFNIUM", "APT29", "APT28", "Lazarus Group", "Sandworm Team",
				     "Volt Typhoon", "LockBit", "Cl0p", "Scattered Spider", "Akira"};
static const char *const vendors[] = {"Microsoft", "Fortinet", "Cisco", "Ivanti", "Citrix",
				      "VMware", "Google", "Apple", "Palo Alto Networks", "SolarWinds"};

static int cmp_d(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

static int count_cb(void *ctx, const struct article_row *r)
{
	(void)r;
	(*(long *)ctx)++;
	return 0;
}

static double median_ms(double *v, int n)
{
	qsort(v, (size_t)n, sizeof *v, cmp_d);
	return v[n / 2] * 1000;
}

static int bench_queries(const char *path);

static int bench_store(const char *path, long n)
{
	struct store *s;
	struct err e;
	unlink(path);
	if (store_open(path, &s, &e)) {
		fprintf(stderr, "%s\n", e.msg);
		return 1;
	}
	srand(42);
	char url[128], title[256], body[4096], cve[32];
	double t0 = now();
	for (long i = 0; i < n; i++) {
		if (i % 1000 == 0 && store_begin(s, &e))
			return 1;
		snprintf(url, sizeof url, "https://news.example/%ld", i);
		int a = rand() % 10, v = rand() % 10;
		snprintf(title, sizeof title, "%s targets %s %s in %s campaign", actors[a], vendors[v],
			 words[rand() % 26], words[rand() % 26]);
		/* 300 words, Zipf-like over a 20,000-word vocabulary; the domain
		 * words stand at ranks 100, 200, ... 2600, so the commonest is in
		 * about a quarter of the articles and the rarest in about 1 % */
		size_t len = 0;
		for (int w = 0; w < 300 && len < sizeof body - 40; w++) {
			double u = rand() / (RAND_MAX + 1.0);
			long rank = (long)exp(u * log(20000.0));
			if (rank % 100 == 0 && rank / 100 <= 26)
				len += (size_t)snprintf(body + len, sizeof body - len, " %s", words[rank / 100 - 1]);
			else
				len += (size_t)snprintf(body + len, sizeof body - len, " w%lx", rank * 2654435761UL % 1000003);
		}
		snprintf(body + len, sizeof body - len, " %ld", i);
		snprintf(cve, sizeof cve, "CVE-20%02d-%05d", 18 + rand() % 8, rand() % 50000);
		char day[16];
		snprintf(day, sizeof day, "20%02d-%02d-%02d", 18 + rand() % 8, 1 + rand() % 12, 1 + rand() % 28);
		struct article art = {.url = url, .title = title, .body = body, .published = day, .site = "Bench"};
		struct mention_list m = {0};
		mention_list_add(&m, KIND_ACTOR, actors[a], NULL, actors[a], strlen(actors[a]), FIELD_TITLE, 0, 1);
		mention_list_add(&m, KIND_VENDOR, vendors[v], NULL, vendors[v], strlen(vendors[v]), FIELD_TITLE, 20, 1);
		mention_list_add(&m, KIND_CVE, cve, NULL, cve, strlen(cve), FIELD_BODY, 40, 1);
		int64_t id;
		if (store_put_article(s, &art, &m, 0, &id, &e) < 0) {
			fprintf(stderr, "%s\n", e.msg);
			return 1;
		}
		mention_list_free(&m);
		if (i % 1000 == 999 && store_commit(s, &e))
			return 1;
	}
	if (!sqlite3_get_autocommit(store_db(s)) && store_commit(s, &e))
		return 1;
	double dt = now() - t0;
	printf("%-32s %12.0f inserts/s (%ld articles, 3 mentions each, 1000 per transaction)\n",
	       "store_inserts_per_s", n / dt, n);

	store_close(s);
	return bench_queries(path);
}

/* Query latencies on the database at PATH (made by bench_store). */
static int bench_queries(const char *path)
{
	struct store *s;
	struct err e;
	if (store_open(path, &s, &e)) {
		fprintf(stderr, "%s\n", e.msg);
		return 1;
	}
	enum { RUNS = 50 };
	double lat[RUNS];
	long rows = 0;
	for (int r = 0; r < RUNS; r++) {
		double q0 = now();
		struct query_entity q;
		if (query_resolve(s, "actor", r % 2 ? "apt29" : "hafnium", &q, NULL, &e) != 0)
			return 1;
		struct query_filter f = {.actor = q.id, .limit = 50};
		rows = 0;
		query_articles(s, &f, 0, count_cb, &rows, &e);
		query_entity_free(&q);
		lat[r] = now() - q0;
	}
	printf("%-32s %12.2f ms (median of %d; resolve alias + newest 50 articles)\n", "query_actor_latency",
	       median_ms(lat, RUNS), RUNS);
	for (int r = 0; r < RUNS; r++) {
		double q0 = now();
		struct query_filter f = {.match = r % 2 ? "ransomware NEAR espionage" : "\"supply chain\" zero", .limit = 20};
		rows = 0;
		if (query_articles(s, &f, 0, count_cb, &rows, &e) < 0) {
			fprintf(stderr, "%s\n", e.msg);
			return 1;
		}
		lat[r] = now() - q0;
	}
	printf("%-32s %12.2f ms (median of %d; bm25 top 20 with snippets)\n", "query_search_latency",
	       median_ms(lat, RUNS), RUNS);
	for (int r = 0; r < RUNS; r++) {
		double q0 = now();
		struct query_filter f = {.match = "Microsoft AND exploited", .limit = 20};
		rows = 0;
		query_articles(s, &f, 0, count_cb, &rows, &e);
		lat[r] = now() - q0;
	}
	printf("%-32s %12.2f ms (median of %d; a vendor in 10 %% of titles AND a word in 25 %% of bodies)\n",
	       "query_search_common_latency",
	       median_ms(lat, RUNS), RUNS);
	for (int r = 0; r < RUNS; r++) {
		double q0 = now();
		struct query_filter f = {.match = "attackers", .limit = 20};
		rows = 0;
		query_articles(s, &f, 0, count_cb, &rows, &e);
		lat[r] = now() - q0;
	}
	printf("%-32s %12.2f ms (median of %d; one word in a quarter of all articles: every match is scored)\n",
	       "query_search_broad_latency", median_ms(lat, RUNS), RUNS);
	store_close(s);
	return 0;
}

double bench_export(const char *format, size_t n);

int main(int argc, char **argv)
{
	if (argc == 3 && strcmp(argv[1], "feed") == 0) {
		struct buf b = BUF_INIT;
		struct err e;
		if (io_read_file(argv[2], 0, &b, &e)) {
			fprintf(stderr, "%s\n", e.msg);
			return 1;
		}
		size_t items = 0;
		double mbs = bench_feed_parse(b.data, b.len, 200, &items);
		printf("%-32s %12.1f MB/s (%zu KB feed, %zu items, 200 parses)\n", "feed_parse_mb_per_s", mbs,
		       b.len >> 10, items);
		buf_free(&b);
		return 0;
	}
	if (argc == 3 && strcmp(argv[1], "export") == 0) {
		const char *fmts[] = {"csv", "json", "stix"};
		for (int i = 0; i < 3; i++) {
			char name[32];
			snprintf(name, sizeof name, "export_%s_per_s", fmts[i]);
			printf("%-32s %12.0f articles/s (%ld synthetic articles)\n", name,
			       bench_export(fmts[i], (size_t)atol(argv[2])), atol(argv[2]));
		}
		return 0;
	}
	if (argc >= 2 && strcmp(argv[1], "exec") == 0)
		return bench_exec(argc - 2, argv + 2);
	if (argc == 3 && strcmp(argv[1], "query") == 0)
		return bench_queries(argv[2]);
	if (argc == 4 && strcmp(argv[1], "store") == 0)
		return bench_store(argv[2], atol(argv[3]));
	fprintf(stderr, "usage: bench exec NAME COUNT UNIT CMD... | bench store DB N\n");
	return 2;
}
