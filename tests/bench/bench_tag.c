/* bench_tag.c: tagger throughput and automaton build time.
 *
 * bench_tag(SHARED) prints, one figure per line (name, value, unit):
 *   tag_mb_per_s              tagging plain text with the bundled dictionaries plus everything
 *                             in SHARED/intel imported (all MISP clusters, ATT&CK, KEV)
 *   tag_aliases               how many aliases that dictionary has
 *   tag_mb_per_s_100_aliases  the same text, a dictionary of 100 aliases
 *   tag_mb_per_s_10k_aliases  the same 100 plus 9,900 made-up names that never occur: how the
 *                             matcher itself scales with the dictionary
 *   tag_mb_per_s_N_real_aliases  10,000 real aliases (N: as many as the dictionary has), which
 *                             also find more mentions in the text
 *   tag_build_10k_ms          building the tagger (automaton) over those 10,000 real aliases
 * The text is the corpus (seed article, security pages, readability pages with their markup
 * dropped) repeated to 64 MB, tagged in 16 KB pieces (article-sized). It also writes
 * bench_tag_aliases.txt and bench_tag_text.txt in the current folder, for comparing with
 *   time grep -F -i -w -o -f bench_tag_aliases.txt bench_tag_text.txt | wc -l
 *
 * Standalone: cc -O2 -DBENCH_TAG_MAIN -Isrc -Ibuild/gen tests/bench/bench_tag.c build/libsecnews.a \
 *             $(pkg-config --libs sqlite3 libxml-2.0 libcurl jansson) -lm && ./a.out ../shared */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "tag/import.h"
#include "tag/internal.h"
#include "tag/tag.h"
#include "util/buf.h"
#include "util/io.h"

void bench_tag(const char *shared_dir);

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* Append the text of FILE (markup and scripts dropped when it is HTML). */
static void add_text(struct buf *out, const char *path)
{
	struct buf b = BUF_INIT;
	struct err e;
	if (io_read_file(path, 0, &b, &e)) {
		buf_free(&b);
		return;
	}
	int html = strstr(path, ".html") != NULL, in_tag = 0;
	for (size_t i = 0; i < b.len; i++) {
		char c = b.data[i];
		if (html && c == '<') {
			if (strncasecmp(b.data + i, "<script", 7) == 0 || strncasecmp(b.data + i, "<style", 6) == 0) {
				const char *end = strstr(b.data + i, strncasecmp(b.data + i, "<script", 7) == 0 ? "</script" : "</style");
				if (end) {
					i = (size_t)(end - b.data);
					continue;
				}
			}
			in_tag = 1;
			continue;
		}
		if (in_tag) {
			if (c == '>')
				in_tag = 0, buf_putc(out, ' ');
			continue;
		}
		buf_putc(out, c);
	}
	buf_putc(out, '\n');
	buf_free(&b);
}

static void add_dir(struct buf *out, const char *dir, const char *file)
{
	DIR *d = opendir(dir);
	if (!d)
		return;
	struct dirent *de;
	while ((de = readdir(d))) {
		if (de->d_name[0] == '.')
			continue;
		char p[4096];
		snprintf(p, sizeof p, "%s/%s/%s", dir, de->d_name, file);
		add_text(out, p);
	}
	closedir(d);
}

static void import_file(struct dict *d, const char *path)
{
	struct buf in = BUF_INIT, lines = BUF_INIT;
	struct err e;
	size_t n;
	const char *f;
	if (io_read_file(path, 0, &in, &e) == 0 &&
	    dict_import_convert(buf_str(&in), in.len, path, &lines, &n, &f, &e) == 0)
		dict_load(d, buf_str(&lines), lines.len, path, &e);
	buf_free(&in);
	buf_free(&lines);
}

/* MB/s tagging TEXT with T, in 16 KB pieces cut at spaces; best of 3. */
static double throughput(const struct tagger *t, const char *text, size_t n, size_t *mentions)
{
	double best = 0;
	for (int rep = 0; rep < 3; rep++) {
		double t0 = now();
		size_t m = 0;
		for (size_t i = 0; i < n;) {
			size_t len = n - i < 16384 ? n - i : 16384;
			while (i + len < n && len > 1 && text[i + len] != ' ')
				len--;
			struct mention_list ml = {0};
			tagger_tag_text(t, text + i, len, FIELD_TEXT, &ml);
			m += ml.n;
			mention_list_free(&ml);
			i += len;
		}
		double mbs = n / 1e6 / (now() - t0);
		if (mbs > best)
			best = mbs;
		*mentions = m;
	}
	return best;
}

/* Append "product" lines for the first N aliases of FULL (flags kept). */
static size_t real_aliases(const struct dict *full, size_t n, struct buf *lines, FILE *dump)
{
	size_t k = 0;
	for (size_t i = 0; i < dict_size(full) && k < n; i++) {
		const struct dict_entity *x = dict_get(full, i);
		for (size_t a = 0; a < x->naliases && k < n; a++, k++) {
			/* the alias keeps its flags (case-sensitive, common word) */
			unsigned fl = dict_alias_flags(full, i, a);
			buf_printf(lines, "product\t%s\t%s%s\t-\t-\n", x->aliases[a],
				   fl & ALIAS_COMMON ? "?" : fl & ALIAS_CASE ? "=" : "", x->aliases[a]);
			if (dump)
				fprintf(dump, "%s\n", x->aliases[a]);
		}
	}
	return k;
}

/* Append N made-up two-word names ("Kavorin Telumex") that the text does not
 * hold but whose prefixes are those of ordinary words. */
static void synthetic_aliases(size_t n, struct buf *lines)
{
	static const char *const syl[] = {"ka", "vo", "rin", "te", "lu", "mex", "sa", "dor", "pa", "th",
					  "in", "co", "re", "an", "st", "ma", "ne", "lo", "qu", "ix"};
	unsigned long long x = 88172645463325252ULL;
	for (size_t i = 0; i < n; i++) {
		char w[64];
		size_t l = 0;
		for (int word = 0; word < 2; word++) {
			for (int k = 0; k < 3; k++) {
				x ^= x << 13, x ^= x >> 7, x ^= x << 17;
				const char *sy = syl[x % 20];
				memcpy(w + l, sy, strlen(sy));
				l += strlen(sy);
			}
			w[l++] = word ? '\0' : ' ';
		}
		w[0] = (char)(w[0] - 32);
		buf_printf(lines, "product\t%s%zu\t-\t-\t-\n", w, i);
	}
}

static struct dict *dict_of(const struct buf *lines)
{
	struct dict *d = dict_new();
	struct err e;
	dict_load(d, buf_str(lines), lines->len, "bench", &e);
	return d;
}

void bench_tag(const char *shared_dir)
{
	char p[4096];
	struct buf corpus = BUF_INIT;
	snprintf(p, sizeof p, "%s/corpus/seed-article.txt", shared_dir);
	add_text(&corpus, p);
	snprintf(p, sizeof p, "%s/corpus/security", shared_dir);
	add_dir(&corpus, p, "source.html");
	snprintf(p, sizeof p, "%s/corpus/pages/readability", shared_dir);
	add_dir(&corpus, p, "source.html");
	struct buf text = BUF_INIT;
	while (corpus.len && text.len < ((size_t)64 << 20))
		buf_append(&text, corpus.data, corpus.len);

	/* the full dictionary: bundled + all of intel */
	struct dict *full = dict_new();
	struct err e;
	dict_load_bundled(full, &e);
	static const char *const clusters[] = {"threat-actor", "microsoft-activity-group", "mitre-intrusion-set",
					       "ransomware", "mitre-malware", "mitre-tool", "tool"};
	for (size_t i = 0; i < sizeof clusters / sizeof *clusters; i++) {
		snprintf(p, sizeof p, "%s/intel/misp-galaxy/clusters/%s.json", shared_dir, clusters[i]);
		import_file(full, p);
	}
	snprintf(p, sizeof p, "%s/intel/cisa-kev/known_exploited_vulnerabilities.json", shared_dir);
	import_file(full, p);
	size_t naliases = 0;
	for (size_t i = 0; i < dict_size(full); i++)
		naliases += dict_get(full, i)->naliases;

	size_t m;
	struct tagger *t = tagger_new(full, &e);
	printf("tag_aliases %zu aliases\n", naliases);
	printf("tag_mb_per_s %.1f MB/s\n", throughput(t, text.data, text.len, &m));
	tagger_free(t);

	/* 100 real aliases; the same plus 9,900 that never occur (the automaton's
	 * own scaling); 10,000 real ones (more of them occur: more mentions) */
	struct buf l100 = BUF_INIT, l10k = BUF_INIT, lreal = BUF_INIT;
	real_aliases(full, 100, &l100, NULL);
	buf_append(&l10k, l100.data, l100.len);
	synthetic_aliases(9900, &l10k);
	FILE *dump = fopen("bench_tag_aliases.txt", "w");
	size_t nreal = real_aliases(full, 10000, &lreal, dump);
	if (dump)
		fclose(dump);
	FILE *tf = fopen("bench_tag_text.txt", "w");
	if (tf) {
		fwrite(text.data, 1, text.len, tf);
		fclose(tf);
	}
	struct dict *d100 = dict_of(&l100), *d10k = dict_of(&l10k), *dreal = dict_of(&lreal);
	t = tagger_new(d100, &e);
	printf("tag_mb_per_s_100_aliases %.1f MB/s\n", throughput(t, text.data, text.len, &m));
	tagger_free(t);
	t = tagger_new(d10k, &e);
	printf("tag_mb_per_s_10k_aliases %.1f MB/s\n", throughput(t, text.data, text.len, &m));
	tagger_free(t);
	double best = 1e9;
	for (int rep = 0; rep < 5; rep++) {
		double t0 = now();
		t = tagger_new(dreal, &e);
		double ms = (now() - t0) * 1e3;
		if (ms < best)
			best = ms;
		if (rep < 4)
			tagger_free(t);
	}
	printf("tag_mb_per_s_%zu_real_aliases %.1f MB/s\n", nreal, throughput(t, text.data, text.len, &m));
	printf("tag_build_10k_ms %.1f ms\n", best);
	tagger_free(t);
	dict_free(dreal);
	buf_free(&l100), buf_free(&l10k), buf_free(&lreal);
	dict_free(d100), dict_free(d10k), dict_free(full);
	buf_free(&text), buf_free(&corpus);
}

#ifdef BENCH_TAG_MAIN
int main(int argc, char **argv)
{
	bench_tag(argc > 1 ? argv[1] : "../shared");
	return 0;
}
#endif
