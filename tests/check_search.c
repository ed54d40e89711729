/* check_search.c: search over a real store (src/store/search.c): the query
 * language compiled to FTS5 and SQL, stemming with exact forms first, the
 * ranking, field filters through aliases, paging, copies folded. */
#include <sqlite3.h>
#include <unistd.h>

#include "store/query.h"
#include "store/store.h"
#include "tag/tag.h"
#include "testutil.h"

static char dbpath[64];
static struct store *s;

static void setup(void)
{
	snprintf(dbpath, sizeof dbpath, "/tmp/secnews-check-search-%ld.db", (long)getpid());
	unlink(dbpath);
	struct err e;
	ck_assert_msg(store_open(dbpath, &s, &e) == 0, "%s", e.msg);
	struct dict *d = dict_new();
	ck_assert_int_eq(dict_load_bundled(d, &e), 0);
	ck_assert_msg(store_sync_dict(s, d, &e) == 0, "%s", e.msg);
	dict_free(d);
}

static void teardown(void)
{
	store_close(s);
	char p[80];
	unlink(dbpath);
	snprintf(p, sizeof p, "%s-wal", dbpath);
	unlink(p);
	snprintf(p, sizeof p, "%s-shm", dbpath);
	unlink(p);
}

/* Store an article; KIND/NAME (may be NULL) is one mention. */
static int64_t put(const char *url, const char *title, const char *body, const char *published, int kind,
		   const char *name)
{
	struct article a = {0};
	article_set(&a.url, url);
	article_set(&a.title, title);
	article_set(&a.body, body);
	article_set(&a.published, published);
	article_set(&a.site, "Example");
	struct mention_list m = {0};
	if (name)
		ck_assert_int_eq(mention_list_add(&m, kind, name, NULL, name, strlen(name), FIELD_BODY, 0, strlen(name)), 0);
	int64_t id;
	struct err e;
	ck_assert_msg(store_put_article(s, &a, &m, 0, &id, &e) >= 0, "%s", e.msg);
	mention_list_free(&m);
	article_free(&a);
	return id;
}

struct hits {
	int64_t id[64];
	long copies[64];
	char snippet[256];
	int n;
};

static int collect(void *ctx, const struct article_row *r)
{
	struct hits *h = ctx;
	if (h->n == 0 && r->snippet)
		snprintf(h->snippet, sizeof h->snippet, "%s", r->snippet);
	h->copies[h->n] = r->copies;
	h->id[h->n++] = r->id;
	return h->n >= 64;
}

/* Search Q; the rows' ids in order into H; returns query_search's result. */
static long search(const char *q, struct hits *h)
{
	memset(h, 0, sizeof *h);
	struct search_opts o = {.query = q};
	struct err e;
	long r = query_search(s, &o, collect, h, &e);
	ck_assert_msg(r == h->n || r < 0, "%s: %ld rows but %d handed over", q, r, h->n);
	return r;
}

START_TEST(test_stemming_finds_every_form_and_the_exact_one_first)
{
	int64_t a = put("https://x/1", "Advisory one", "Attackers exploited the flaw last week.", "2024-01-10", 0, NULL);
	int64_t b = put("https://x/2", "Advisory two", "The gang exploits the flaw again.", "2024-01-10", 0, NULL);
	int64_t c = put("https://x/3", "Advisory three", "A public exploit for the flaw.", "2024-01-10", 0, NULL);
	int64_t d = put("https://x/4", "Advisory four", "Nothing to see here at all.", "2024-01-10", 0, NULL);
	struct hits h;
	ck_assert_int_eq(search("exploited", &h), 3);
	ck_assert_int_eq(h.id[0], a);
	ck_assert_int_eq(search("exploit", &h), 3);
	ck_assert_int_eq(h.id[0], c);
	ck_assert_int_eq(search("exploits", &h), 3);
	ck_assert_int_eq(h.id[0], b);
	ck_assert_int_eq(search("exploiting", &h), 3); /* a form no article has */
	(void)d;
	/* the snippet marks the word as the article wrote it */
	search("exploiting", &h);
	ck_assert_msg(strstr(h.snippet, "[exploit"), "%s", h.snippet);
}
END_TEST

START_TEST(test_words_with_punctuation_are_searched_as_written)
{
	int64_t a = put("https://x/1", "State-sponsored", "State-sponsored hackers used CVE-2021-26855 on 7.0.3 "
					 "servers via cmd.exe and example[.]com.", "2024-01-10", 0, NULL);
	put("https://x/2", "Unrelated", "The state said sponsored content on version 7 and 2021 is fine.", "2024-01-10",
	    0, NULL);
	struct hits h;
	const char *qs[] = {"state-sponsored", "CVE-2021-26855", "cve-2021-26855", "7.0.3", "cmd.exe", "example[.]com",
			    "example.com", "\"state-sponsored hackers\""};
	for (size_t i = 0; i < sizeof qs / sizeof *qs; i++) {
		ck_assert_msg(search(qs[i], &h) == 1, "%s: %d rows", qs[i], h.n);
		ck_assert_int_eq(h.id[0], a);
	}
}
END_TEST

START_TEST(test_operators)
{
	int64_t a = put("https://x/1", "One", "ransomware hit the hospital network", "2024-01-10", 0, NULL);
	int64_t b = put("https://x/2", "Two", "phishing hit the bank", "2024-01-10", 0, NULL);
	int64_t c = put("https://x/3", "Three", "ransomware and phishing together, far apart in this long text "
					"with many many words: the ransomware was long gone before anyone at the hospital", "2024-01-10", 0, NULL);
	struct hits h;
	ck_assert_int_eq(search("ransomware -phishing", &h), 1);
	ck_assert_int_eq(h.id[0], a);
	ck_assert_int_eq(search("ransomware NOT phishing", &h), 1);
	ck_assert_int_eq(search("hospital OR bank", &h), 3);
	ck_assert_int_eq(search("(hospital OR bank) -ransomware", &h), 1);
	ck_assert_int_eq(h.id[0], b);
	ck_assert_int_eq(search("ransomware NEAR/3 hospital", &h), 1);
	ck_assert_int_eq(h.id[0], a);
	ck_assert_int_eq(search("ransom*", &h), 2);
	ck_assert_int_eq(search("\"hit the bank\"", &h), 1);
	ck_assert_int_eq(search("-phishing", &h), 1); /* only exclusions: everything else */
	ck_assert_int_eq(h.id[0], a);
	ck_assert_int_eq(search("zzzznothing", &h), 0);
	ck_assert_int_eq(search("\"unclosed", &h), QUERY_EBAD);
	ck_assert_int_eq(search("&&& ---", &h), QUERY_EBAD);
	(void)c;
}
END_TEST

START_TEST(test_title_hits_and_recency_rank)
{
	int64_t body = put("https://x/1", "A report", "Lazarus used a new loader.", "2024-01-10", 0, NULL);
	int64_t title = put("https://x/2", "Lazarus loader", "A new loader was seen.", "2024-01-10", 0, NULL);
	struct hits h;
	ck_assert_int_eq(search("lazarus", &h), 2);
	ck_assert_int_eq(h.id[0], title);
	ck_assert_int_eq(h.id[1], body);
	/* the same text, years apart: the recent one first, whatever the order stored */
	int64_t recent = put("https://y/1", "Wiper", "A wiper named zxcwiper hit banks.", "2026-01-02", 0, NULL);
	int64_t old = put("https://y/2", "Wiper", "A wiper named zxcwiper hit banks, again.", "2019-01-02", 0, NULL);
	ck_assert_int_eq(search("zxcwiper", &h), 2);
	ck_assert_int_eq(h.id[0], recent);
	ck_assert_int_eq(h.id[1], old);
}
END_TEST

START_TEST(test_field_filters_resolve_aliases)
{
	int64_t a = put("https://x/1", "Exchange attacks", "Silk Typhoon exploited Exchange.", "2021-03-02", KIND_ACTOR,
			"HAFNIUM");
	int64_t b = put("https://x/2", "Router attacks", "APT28 exploited routers.", "2023-05-02", KIND_ACTOR, "APT28");
	put("https://x/3", "Undated", "Someone exploited something.", NULL, 0, NULL);
	struct hits h;
	/* an alias, any case, resolves to the entity */
	ck_assert_int_eq(search("actor:\"silk typhoon\"", &h), 1);
	ck_assert_int_eq(h.id[0], a);
	ck_assert_int_eq(search("exploited actor:hafnium", &h), 1);
	ck_assert_int_eq(search("exploited -actor:hafnium", &h), 2);
	ck_assert_int_eq(search("actor:hafnium OR actor:apt28", &h), 2);
	ck_assert_int_eq(search("exploited since:2022", &h), 1);
	ck_assert_int_eq(h.id[0], b);
	ck_assert_int_eq(search("exploited until:2021-03", &h), 1);
	ck_assert_int_eq(h.id[0], a);
	ck_assert_int_eq(search("exploited site:example", &h), 3);
	ck_assert_int_eq(search("title:router", &h), 1);
	/* a field with an unknown name says so, with close names */
	struct search_opts o = {.query = "actor:hafnum"};
	struct err e;
	ck_assert_int_eq(query_search(s, &o, collect, &h, &e), QUERY_EUNKNOWN);
	ck_assert_msg(strstr(e.msg, "HAFNIUM"), "%s", e.msg);
	/* the command's own filters combine with the query's */
	memset(&h, 0, sizeof h);
	struct search_opts o2 = {.query = "exploited", .filter = {.since = "2000", .include_undated = 1}};
	ck_assert_int_eq(query_search(s, &o2, collect, &h, &e), 3);
	memset(&h, 0, sizeof h);
	struct search_opts o3 = {.query = "exploited", .filter = {.since = "2000"}};
	ck_assert_int_eq(query_search(s, &o3, collect, &h, &e), 2);
}
END_TEST

START_TEST(test_every_entity_kind_is_a_field)
{
	/* generic over kinds: an identifier kind works as a field like a dictionary kind */
	int64_t a = put("https://x/1", "Technique", "They used T1190 to get in.", "2024-01-10", KIND_TECHNIQUE, "T1190");
	put("https://x/2", "Other", "They used phishing to get in.", "2024-01-10", 0, NULL);
	struct hits h;
	ck_assert_int_eq(search("technique:T1190", &h), 1);
	ck_assert_int_eq(h.id[0], a);
	ck_assert_int_eq(search("used cve:CVE-1999-0001", &h), QUERY_EUNKNOWN);
}
END_TEST

START_TEST(test_pages_do_not_overlap_and_copies_fold)
{
	char url[64], body[128];
	for (int i = 0; i < 30; i++) {
		snprintf(url, sizeof url, "https://x/%d", i);
		snprintf(body, sizeof body, "Patch %d of the series, number %d, fixes a flaw.", i, i);
		put(url, "Patch", body, "2024-01-10", 0, NULL);
	}
	/* a copy of article 1 under another URL folds into its story */
	put("https://mirror/1", "Patch", "Patch 1 of the series, number 1, fixes a flaw.", "2024-01-11", 0, NULL);
	struct hits h;
	ck_assert_int_eq(search("patch", &h), 30);
	int copies = 0;
	for (int i = 0; i < h.n; i++)
		copies += h.copies[i] == 2;
	ck_assert_int_eq(copies, 1);
	int64_t seen[40];
	int n = 0;
	for (long off = 0; off < 40; off += 7) {
		struct hits p;
		memset(&p, 0, sizeof p);
		struct search_opts o = {.query = "patch", .limit = 7, .offset = off};
		struct err e;
		long r = query_search(s, &o, collect, &p, &e);
		ck_assert_int_ge(r, 0);
		for (int i = 0; i < p.n; i++) {
			for (int j = 0; j < n; j++)
				ck_assert_int_ne(seen[j], p.id[i]);
			seen[n++] = p.id[i];
		}
	}
	ck_assert_int_eq(n, 30);
}
END_TEST

static Suite *make_suite(void)
{
	Suite *su = suite_create("search");
	TCase *tc = tcase_create("search");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_stemming_finds_every_form_and_the_exact_one_first);
	tcase_add_test(tc, test_words_with_punctuation_are_searched_as_written);
	tcase_add_test(tc, test_operators);
	tcase_add_test(tc, test_title_hits_and_recency_rank);
	tcase_add_test(tc, test_field_filters_resolve_aliases);
	tcase_add_test(tc, test_every_entity_kind_is_a_field);
	tcase_add_test(tc, test_pages_do_not_overlap_and_copies_fold);
	suite_add_tcase(su, tc);
	return su;
}

int main(void)
{
	return run_suite(make_suite()) ? EXIT_FAILURE : EXIT_SUCCESS;
}
