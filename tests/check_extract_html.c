/* check_extract_html.c: the HTML path of the extractor: charsets,
 * metadata, body cleaning, paragraph splitting, index pages. */
#include <dirent.h>
#include <jansson.h>
#include <stdint.h>

#include "extract/extract.h"
#include "testutil.h"
#include "util/utf8.h"

static int run_opts(const char *data, size_t n, const char *url, const char *ct, struct article *a)
{
	struct extract_opts o = {url, ct, EXTRACT_AUTO};
	struct err e;
	return extract(data, n, &o, a, &e);
}

static int run(const char *html, struct article *a)
{
	return run_opts(html, strlen(html), NULL, NULL, a);
}

static int starts_with(const char *s, const char *p)
{
	return s && strncmp(s, p, strlen(p)) == 0;
}

static int ends_with(const char *s, const char *p)
{
	size_t n = s ? strlen(s) : 0, m = strlen(p);
	return s && n >= m && strcmp(s + n - m, p) == 0;
}

/* Count paragraphs (blocks separated by a blank line). */
static int paragraphs(const char *s)
{
	int n = s && *s ? 1 : 0;
	for (const char *p = s; p && (p = strstr(p, "\n\n")); p += 2)
		n++;
	return n;
}

START_TEST(jvndb_declares_shift_jis_but_reads_as_utf8)
{
	size_t n;
	char *d = read_shared("corpus/security/jvndb-2018-013542/source.html", &n);
	struct article a;
	ck_assert_int_ge(run_opts(d, n, NULL, NULL, &a), 0);
	ck_assert_ptr_nonnull(a.body);
	ck_assert(utf8_valid(a.body, strlen(a.body)));
	ck_assert_ptr_nonnull(strstr(a.body, "証明書・パスワードの管理に関する脆弱性が存在します。"));
	/* <title> names the page by its identifier; the heading after the
	 * identifier's heading is the headline */
	ck_assert_str_eq(a.title, "NETWAVE MNG6200 デバイスにおける証明書・パスワードの管理に関する脆弱性");
	ck_assert_str_eq(a.site, "JVN iPedia");
	ck_assert(starts_with(a.body, "NETWAVE MNG6200 デバイスには、"));
	ck_assert(ends_with(a.body, "CVE-2018-20395"));
	ck_assert_str_eq(a.lang, "ja");
	article_free(&a);
	free(d);
}
END_TEST

START_TEST(latin1_declared_page_is_converted)
{
	size_t n;
	char *d = read_local("tests/data/extract/latin1.html", &n);
	struct article a;
	ck_assert_int_eq(run_opts(d, n, NULL, NULL, &a), EXTRACT_OK);
	ck_assert_str_eq(a.title, "Caf\xC3\xA9 r\xC3\xA9seau attaqu\xC3\xA9");
	ck_assert(starts_with(a.body, "Le r\xC3\xA9seau du caf\xC3\xA9 a \xC3\xA9t\xC3\xA9 attaqu\xC3\xA9"));
	ck_assert(utf8_valid(a.body, strlen(a.body)));
	article_free(&a);
	free(d);
}
END_TEST

START_TEST(http_content_type_beats_the_document)
{
	/* undeclared in the page, latin-1 by the HTTP header */
	const char *html = "<html><head><title>Na\xEFve attack</title></head><body><p>The na\xEFve "
			   "attack worked against every server the researchers tried in their lab, they said.</p>"
			   "</body></html>";
	struct article a;
	ck_assert_int_eq(run_opts(html, strlen(html), NULL, "text/html; charset=ISO-8859-1", &a), EXTRACT_OK);
	ck_assert_str_eq(a.title, "Na\xC3\xAFve attack");
	article_free(&a);
}
END_TEST

START_TEST(utf16_with_bom)
{
	size_t n;
	char *d = read_local("tests/data/extract/utf16le-bom.html", &n);
	struct article a;
	ck_assert_int_eq(run_opts(d, n, NULL, NULL, &a), EXTRACT_OK);
	ck_assert_str_eq(a.title, "Datenleck bei Versicherer");
	ck_assert(starts_with(a.body, "Ein gro\xC3\x9F" "er Versicherer hat ein Datenleck gemeldet"));
	ck_assert_int_eq(paragraphs(a.body), 2);
	article_free(&a);
	free(d);
}
END_TEST

START_TEST(invalid_utf8_in_html_repaired)
{
	const char *html = "<html><head><title>Bad \xC3 bytes</title></head><body><p>Some \xFF\xFE invalid bytes "
			   "appear in this paragraph, which the extractor must still turn into valid text.</p></body></html>";
	struct article a;
	ck_assert_int_eq(run(html, &a), EXTRACT_OK);
	ck_assert(utf8_valid(a.title, strlen(a.title)));
	ck_assert(utf8_valid(a.body, strlen(a.body)));
	ck_assert_ptr_nonnull(strstr(a.body, "invalid bytes appear"));
	article_free(&a);
}
END_TEST

START_TEST(boilerplate_left_out)
{
	size_t n;
	char *d = read_local("tests/data/extract/boilerplate.html", &n);
	struct article a;
	ck_assert_int_eq(run_opts(d, n, "https://news.example.org/x", NULL, &a), EXTRACT_OK);
	ck_assert_str_eq(a.title, "Router maker patches critical flaw");
	ck_assert_str_eq(a.author, "Jane Roe");
	ck_assert_str_eq(a.site, "Example Security News");
	ck_assert_str_eq(a.published, "2024-03-05T09:30:00Z");
	ck_assert_str_eq(a.canonical, "https://news.example.org/2024/03/05/router-flaw");
	ck_assert_str_eq(a.lang, "en");
	ck_assert(starts_with(a.body, "A widely used line of home routers"));
	ck_assert(ends_with(a.body, "to the whole internet."));
	ck_assert_int_eq(paragraphs(a.body), 4);
	static const char *const noise[] = {"Home", "cookies", "Share on", "Advertisement", "Related",
					    "Another router bug", "newsletter", "Great article", "Copyright",
					    "tracking", NULL};
	for (int i = 0; noise[i]; i++)
		ck_assert_msg(!strstr(a.body, noise[i]), "body holds '%s'", noise[i]);
	/* the entity was decoded */
	ck_assert_ptr_nonnull(strstr(a.body, "interface\xE2\x80\x99s diagnostics"));
	article_free(&a);
	free(d);
}
END_TEST

START_TEST(double_br_splits_paragraphs)
{
	const char *html =
		"<html><head><title>Breach at a retailer</title></head><body><div id=\"story\">"
		"The retailer said attackers had copied card data from its checkout systems over several weeks."
		"<br><br>Investigators found the malware on hundreds of terminals in stores across the country."
		"<br> <br>Customers who shopped there in March should check their statements for unknown charges."
		"</div></body></html>";
	struct article a;
	ck_assert_int_eq(run(html, &a), EXTRACT_OK);
	ck_assert_int_eq(paragraphs(a.body), 3);
	ck_assert(starts_with(a.body, "The retailer said"));
	ck_assert_ptr_nonnull(strstr(a.body, "weeks.\n\nInvestigators found"));
	ck_assert_ptr_nonnull(strstr(a.body, "country.\n\nCustomers who"));
	article_free(&a);
}
END_TEST

START_TEST(div_layout_and_invisible_characters)
{
	const char *html =
		"<html><head><title>Patch day</title></head><body><div class=\"article-body\">"
		"<div>The vendor fixed seventy flaws this month, six of them rated critical by its own "
		"engineers, in products used by millions of businesses.</div>"
		"<div>One flaw, in the mail server, was already exploited before the fix, the com\xC2\xAD"
		"pany said in an advisory.\xE2\x80\x8B</div>"
		"<div style=\"display:none\">Hidden text that no reader sees.</div>"
		"<div>Admini&shy;strators should patch internet-facing servers first, then everything else "
		"within the usual maintenance window.</div></div></body></html>";
	struct article a;
	ck_assert_int_eq(run(html, &a), EXTRACT_OK);
	ck_assert_int_eq(paragraphs(a.body), 3);
	ck_assert_ptr_nonnull(strstr(a.body, "the company said"));
	ck_assert_ptr_nonnull(strstr(a.body, "Administrators should"));
	ck_assert_ptr_null(strstr(a.body, "\xE2\x80\x8B"));
	ck_assert_ptr_null(strstr(a.body, "Hidden text"));
	article_free(&a);
}
END_TEST

START_TEST(tag_index_is_not_an_article)
{
	size_t n;
	char *d = read_local("tests/data/extract/tag-index.html", &n);
	struct article a;
	ck_assert_int_eq(run_opts(d, n, NULL, NULL, &a), EXTRACT_NOT_ARTICLE);
	ck_assert_ptr_nonnull(a.title);
	article_free(&a);
	free(d);
}
END_TEST

START_TEST(security_page_metadata)
{
	size_t n;
	struct article a;
	char *d = read_shared("corpus/security/threatpost-android-ransomware/source.html", &n);
	ck_assert_int_eq(run_opts(d, n, NULL, NULL, &a), EXTRACT_OK);
	ck_assert_str_eq(a.author, "Lindsey O'Donnell"); /* unescaped twice-escaped entity */
	ck_assert(starts_with(a.published, "2019-07-30"));
	ck_assert(starts_with(a.body, "Researchers are warning of a new Android ransomware"));
	article_free(&a);
	free(d);

	d = read_shared("corpus/security/ars-minecraft-exploit/source.html", &n);
	ck_assert_int_eq(run_opts(d, n, NULL, NULL, &a), EXTRACT_OK);
	ck_assert_str_eq(a.author, "Dan Goodin"); /* date cut from the byline */
	ck_assert_str_eq(a.site, "Ars Technica");
	ck_assert(starts_with(a.canonical, "https://arstechnica.com/"));
	article_free(&a);
	free(d);

	d = read_shared("corpus/security/mozilla-mfsa2024-17/source.html", &n);
	ck_assert_int_eq(run_opts(d, n, NULL, NULL, &a), EXTRACT_OK);
	ck_assert_str_eq(a.published, "2024-04-02"); /* from a labelled <dt>/<dd> date */
	article_free(&a);
	free(d);
}
END_TEST

/* Title and site name against expected-metadata.json on every readability page. */
START_TEST(readability_titles)
{
	char path[4096];
	snprintf(path, sizeof path, "%s/corpus/pages/readability", shared_dir());
	DIR *dir = opendir(path);
	ck_assert_ptr_nonnull(dir);
	struct dirent *de;
	int pages = 0, good = 0;
	while ((de = readdir(dir)) != NULL) {
		if (de->d_name[0] == '.')
			continue;
		char rel[1024];
		snprintf(rel, sizeof rel, "corpus/pages/readability/%s/expected-metadata.json", de->d_name);
		size_t mn;
		char *meta = read_shared(rel, &mn);
		json_t *m = json_loadb(meta, mn, 0, NULL);
		free(meta);
		ck_assert_ptr_nonnull(m);
		const char *want = json_string_value(json_object_get(m, "title"));
		if (want && *want) {
			snprintf(rel, sizeof rel, "corpus/pages/readability/%s/source.html", de->d_name);
			size_t n;
			char *d = read_shared(rel, &n);
			struct article a;
			run_opts(d, n, NULL, NULL, &a);
			/* compare with whitespace collapsed */
			char *w = strdup(want);
			char *q = w;
			for (const char *p = want; *p; p++)
				if (!(*p == ' ' && (q == w || q[-1] == ' ')))
					*q++ = *p == '\n' ? ' ' : *p;
			*q = '\0';
			pages++;
			good += a.title && strcmp(a.title, w) == 0;
			free(w);
			ck_assert(a.body == NULL || utf8_valid(a.body, strlen(a.body)));
			article_free(&a);
			free(d);
		}
		json_decref(m);
	}
	closedir(dir);
	ck_assert_int_ge(pages, 80);
	ck_assert_msg(good * 100 >= pages * 90, "titles exact on %d of %d pages", good, pages);
}
END_TEST

static Suite *make_suite(void)
{
	Suite *s = suite_create("extract_html");
	TCase *tc = tcase_create("core");
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, jvndb_declares_shift_jis_but_reads_as_utf8);
	tcase_add_test(tc, latin1_declared_page_is_converted);
	tcase_add_test(tc, http_content_type_beats_the_document);
	tcase_add_test(tc, utf16_with_bom);
	tcase_add_test(tc, invalid_utf8_in_html_repaired);
	tcase_add_test(tc, boilerplate_left_out);
	tcase_add_test(tc, double_br_splits_paragraphs);
	tcase_add_test(tc, div_layout_and_invisible_characters);
	tcase_add_test(tc, tag_index_is_not_an_article);
	tcase_add_test(tc, security_page_metadata);
	tcase_add_test(tc, readability_titles);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return run_suite(make_suite()) ? 1 : 0;
}
