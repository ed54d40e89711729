/* check_extract.c: the extractor's behaviour on the seed article, on plain
 * text and on unusable input. */
#include <stdint.h>

#include "extract/extract.h"
#include "testutil.h"
#include "util/utf8.h"

/* Extract DATA (N bytes) as KIND into A; returns the status. */
static int run(const char *data, size_t n, int kind, struct article *a)
{
	struct extract_opts o = {NULL, NULL, kind};
	struct err e;
	return extract(data, n, &o, a, &e);
}

static int starts_with(const char *s, const char *p)
{
	return s && strncmp(s, p, strlen(p)) == 0;
}

START_TEST(seed_article_title_and_body)
{
	size_t n;
	char *d = read_shared("corpus/seed-article.txt", &n);
	struct article a;
	ck_assert_int_eq(run(d, n, EXTRACT_AUTO, &a), EXTRACT_OK);
	ck_assert_str_eq(a.title, "State-sponsored hackers in China targeting email services: Microsoft");
	ck_assert(starts_with(a.body, "Microsoft has said a state-sponsored hacking group"));
	ck_assert_ptr_nonnull(strstr(a.body, "SolarWinds-related attacks.\xE2\x80\x9D"));
	const char *end = strstr(a.body, "SolarWinds-related attacks.\xE2\x80\x9D");
	end += strlen("SolarWinds-related attacks.\xE2\x80\x9D");
	ck_assert(*end == '\0' || strcmp(end, " /AFP") == 0);
	static const char *const noise[] = {"GA4", "27.2", "Singapore\n", "Advertisement", "Hot this week",
					    "Popular Categories", "addEventListener", "//",
					    "Enable Notifications", "bur-reb", "Reddit", NULL};
	for (int i = 0; noise[i]; i++)
		ck_assert_msg(!strstr(a.body, noise[i]), "body holds noise '%s'", noise[i]);
	ck_assert_ptr_nonnull(strstr(a.body, ".\n\nThe company said"));
	article_free(&a);
	free(d);
}
END_TEST

START_TEST(text_with_url_sets_url)
{
	const char *t = "A headline about a breach\n\nThe company said on Monday that attackers had "
			"stolen the records of many customers from its servers.\n";
	struct extract_opts o = {"https://example.org/a", NULL, EXTRACT_TEXT};
	struct article a;
	struct err e;
	ck_assert_int_eq(extract(t, strlen(t), &o, &a, &e), EXTRACT_OK);
	ck_assert_str_eq(a.url, "https://example.org/a");
	ck_assert_str_eq(a.title, "A headline about a breach");
	article_free(&a);
}
END_TEST

START_TEST(text_boilerplate_and_code_removed)
{
	const char *t = "Skip to content\n"
			"Patch released for a router flaw\n\n"
			"The vendor released firmware updates on Friday to fix a flaw that let remote "
			"attackers run commands.\n\n"
			"Share this article\n\n"
			"Users should install the update as soon as possible, the vendor said.\n\n"
			"Related articles\n\n"
			"Another story about something else entirely that nobody asked about here.\n\n"
			"var x = function() { return 1; };\n";
	struct article a;
	ck_assert_int_eq(run(t, strlen(t), EXTRACT_AUTO, &a), EXTRACT_OK);
	ck_assert_str_eq(a.title, "Patch released for a router flaw");
	ck_assert(starts_with(a.body, "The vendor released firmware"));
	ck_assert_ptr_null(strstr(a.body, "Share this"));
	ck_assert_ptr_nonnull(strstr(a.body, "as soon as possible"));
	ck_assert_ptr_null(strstr(a.body, "Another story"));
	ck_assert_ptr_null(strstr(a.body, "function"));
	article_free(&a);
}
END_TEST

START_TEST(text_largest_prose_run_wins)
{
	/* a cookie notice in sentences before the headline, teasers after */
	const char *t = "We use cookies to give you the best experience on our website and to show you "
			"relevant advertising.\n\n"
			"Menu\nNews\nUpdated: March 4, 2024\n\n"
			"Water utility says attackers reached its control network\n\n"
			"A regional water utility said on Monday that attackers had reached the network that "
			"controls its pumps, but that they had not changed any settings.\n\n"
			"The utility disconnected the network from the internet and brought in outside "
			"investigators, its chief executive told reporters at a briefing.\n\n"
			"Customers were told that the water remained safe to drink and that no service "
			"interruption was expected while the investigation continued.\n\n"
			"Most read\n\n"
			"A different story about a football match that ended in a draw after extra time was played.\n";
	struct article a;
	ck_assert_int_eq(run(t, strlen(t), EXTRACT_TEXT, &a), EXTRACT_OK);
	ck_assert_str_eq(a.title, "Water utility says attackers reached its control network");
	ck_assert(starts_with(a.body, "A regional water utility said on Monday"));
	ck_assert_ptr_null(strstr(a.body, "cookies"));
	ck_assert_ptr_null(strstr(a.body, "football"));
	ck_assert_ptr_nonnull(strstr(a.body, "investigation continued."));
	ck_assert(starts_with(a.published, "2024-03-04"));
	article_free(&a);
}
END_TEST

START_TEST(empty_and_binary_input_rejected)
{
	struct article a;
	struct extract_opts o = {NULL, NULL, EXTRACT_AUTO};
	struct err e;
	ck_assert_int_eq(extract("", 0, &o, &a, &e), EXTRACT_ERROR);
	ck_assert_int_eq(extract(" \n\t\n", 4, &o, &a, &e), EXTRACT_ERROR);
	ck_assert_ptr_nonnull(strstr(e.msg, "empty"));
	const char bin[] = "\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\x01\0\0\0\x01\0\x08\x06\0\0\0";
	ck_assert_int_eq(extract(bin, sizeof bin - 1, &o, &a, &e), EXTRACT_ERROR);
	ck_assert_str_eq(e.msg, "binary data, not a page or text");
	ck_assert_ptr_null(a.body);
}
END_TEST

START_TEST(invalid_utf8_repaired)
{
	const char *t = "Flaw found in a widely used library\n\n"
			"Researchers said the caf\xE9 bug \xFF\xFE lets attackers read memory from "
			"servers that parse untrusted input.\n";
	struct article a;
	ck_assert_int_eq(run(t, strlen(t), EXTRACT_TEXT, &a), EXTRACT_OK);
	ck_assert(utf8_valid(a.body, strlen(a.body)));
	ck_assert(utf8_valid(a.title, strlen(a.title)));
	article_free(&a);
}
END_TEST

START_TEST(text_without_prose_is_not_article)
{
	const char *t = "Home\nNews\nSecurity\nAbout us\nContact\n";
	struct article a;
	ck_assert_int_eq(run(t, strlen(t), EXTRACT_TEXT, &a), EXTRACT_NOT_ARTICLE);
	article_free(&a);
	/* a JSON document is data even when its strings hold sentences */
	const char *j = "{\n  \"title\": \"A title\",\n  \"summary\": \"The company said on Monday that "
			"attackers had stolen the records of many customers from its servers.\"\n}\n";
	ck_assert_int_eq(run(j, strlen(j), EXTRACT_AUTO, &a), EXTRACT_NOT_ARTICLE);
	article_free(&a);
}
END_TEST

START_TEST(sniffing)
{
	ck_assert(extract_is_html("<!DOCTYPE html><html>", 21));
	ck_assert(extract_is_html("\n  <html lang=en>", 17));
	ck_assert(!extract_is_html("Plain words and x < y here.", 27));
}
END_TEST

static Suite *make_suite(void)
{
	Suite *s = suite_create("extract");
	TCase *tc = tcase_create("core");
	tcase_add_test(tc, seed_article_title_and_body);
	tcase_add_test(tc, text_with_url_sets_url);
	tcase_add_test(tc, text_boilerplate_and_code_removed);
	tcase_add_test(tc, text_largest_prose_run_wins);
	tcase_add_test(tc, empty_and_binary_input_rejected);
	tcase_add_test(tc, invalid_utf8_repaired);
	tcase_add_test(tc, text_without_prose_is_not_article);
	tcase_add_test(tc, sniffing);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return run_suite(make_suite()) ? 1 : 0;
}
