/* check_util.c: the buffer, UTF-8 and date helpers. */
#include "testutil.h"
#include "util/date.h"
#include "util/utf8.h"

START_TEST(test_buf_grows_and_respects_its_cap)
{
	struct buf b;
	buf_init(&b, 10);
	ck_assert_int_eq(buf_puts(&b, "12345"), 0);
	ck_assert_int_eq(buf_printf(&b, "%d", 6789), 0);
	ck_assert_str_eq(buf_str(&b), "123456789");
	ck_assert_int_eq(buf_puts(&b, "ab"), -1); /* 11 > 10 */
	ck_assert_str_eq(buf_str(&b), "123456789"); /* unchanged */
	ck_assert_int_eq(b.failed, 1);
	ck_assert_int_eq(buf_putc(&b, 'x'), -1); /* sticky until reset */
	buf_reset(&b);
	ck_assert_int_eq(buf_putc(&b, 'x'), 0);
	char *s = buf_detach(&b);
	ck_assert_str_eq(s, "x");
	ck_assert_ptr_null(b.data);
	free(s);
	buf_free(&b);
	buf_free(&b); /* twice is harmless */
	/* reserved but empty is still a string */
	ck_assert_int_eq(buf_reserve(&b, 5), 0);
	ck_assert_str_eq(buf_str(&b), "");
	buf_free(&b);
}
END_TEST

START_TEST(test_utf8_decode_rejects_overlong_and_surrogates)
{
	uint32_t cp;
	ck_assert_uint_eq(utf8_decode("\xC3\xA9", 2, &cp), 2);
	ck_assert_uint_eq(cp, 0xE9);
	ck_assert_uint_eq(utf8_decode("\xC0\xAF", 2, &cp), 1); /* overlong '/' */
	ck_assert_uint_eq(cp, 0xFFFD);
	ck_assert_uint_eq(utf8_decode("\xED\xA0\x80", 3, &cp), 1); /* surrogate */
	ck_assert_uint_eq(cp, 0xFFFD);
	ck_assert_uint_eq(utf8_decode("\xE2\x82", 2, &cp), 1); /* truncated */
	ck_assert_int_eq(utf8_valid("caf\xC3\xA9", 5), 1);
	ck_assert_int_eq(utf8_valid("caf\xE9", 4), 0);
}
END_TEST

START_TEST(test_utf8_sanitize_repairs_and_drops_nul)
{
	struct buf b = BUF_INIT;
	ck_assert_int_eq(utf8_sanitize(&b, "a\xFF" "b\0c\xC3\xA9", 7), 0);
	ck_assert_str_eq(buf_str(&b), "a\xEF\xBF\xBD" "bc\xC3\xA9");
	ck_assert_int_eq(utf8_valid(b.data, b.len), 1);
	buf_free(&b);
}
END_TEST

static const char *iso(const char *s)
{
	static char out[32];
	time_t t;
	int ht = 0;
	if (date_parse(s, &t, &ht) != 0)
		return "invalid";
	return date_iso(t, ht, out);
}

START_TEST(test_dates_in_the_forms_pages_and_feeds_use)
{
	ck_assert_str_eq(iso("2021-03-02"), "2021-03-02");
	ck_assert_str_eq(iso("2021-03-02T14:05:00Z"), "2021-03-02T14:05:00Z");
	ck_assert_str_eq(iso("2021-03-02T14:05:00.123+05:30"), "2021-03-02T08:35:00Z");
	ck_assert_str_eq(iso("Tue, 02 Mar 2021 14:05:00 GMT"), "2021-03-02T14:05:00Z");
	ck_assert_str_eq(iso("Tue, 02 Mar 2021 09:05:00 EST"), "2021-03-02T14:05:00Z");
	ck_assert_str_eq(iso("Tue, 02 Mar 2021 14:05:00 -0800"), "2021-03-02T22:05:00Z");
	ck_assert_str_eq(iso("Tue, 02 Mar 2021 14:05 Z"), "2021-03-02T14:05:00Z");
	ck_assert_str_eq(iso("March 2, 2021"), "2021-03-02");
	ck_assert_str_eq(iso("2 March 2021"), "2021-03-02");
	ck_assert_str_eq(iso("Tuesday, June 23, 2026"), "2026-06-23");
	ck_assert_str_eq(iso("Mar 2nd, 2021 10:05 pm"), "2021-03-02T22:05:00Z");
	ck_assert_str_eq(iso("2019/02/13"), "2019-02-13");
	ck_assert_str_eq(iso("02.03.2021"), "2021-03-02");
	ck_assert_str_eq(iso("22. April 2022"), "2022-04-22");
	ck_assert_str_eq(iso("not a date"), "invalid");
	ck_assert_str_eq(iso("2021-02-30"), "invalid");
	ck_assert_str_eq(iso("27.2 C"), "invalid");
	ck_assert_str_eq(iso(""), "invalid");
}
END_TEST

START_TEST(test_date_found_in_free_text)
{
	time_t t;
	int ht;
	char out[32];
	const char *s = "By Jane Doe | Published Tuesday, June 23, 2026 at 10:15 am | 3 min read";
	ck_assert_int_eq(date_find(s, strlen(s), &t, &ht), 0);
	ck_assert_str_eq(date_iso(t, 0, out), "2026-06-23");
	const char *u = "https://example.org/2019/02/13/story.html";
	ck_assert_int_eq(date_find(u, strlen(u), &t, &ht), 0);
	ck_assert_str_eq(date_iso(t, 0, out), "2019-02-13");
	ck_assert_int_eq(date_find("no date here at all", 19, &t, &ht), -1);
}
END_TEST

static Suite *make_suite(void)
{
	Suite *s = suite_create("util");
	TCase *tc = tcase_create("util");
	tcase_add_test(tc, test_buf_grows_and_respects_its_cap);
	tcase_add_test(tc, test_utf8_decode_rejects_overlong_and_surrogates);
	tcase_add_test(tc, test_utf8_sanitize_repairs_and_drops_nul);
	tcase_add_test(tc, test_dates_in_the_forms_pages_and_feeds_use);
	tcase_add_test(tc, test_date_found_in_free_text);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return run_suite(make_suite()) ? EXIT_FAILURE : EXIT_SUCCESS;
}
