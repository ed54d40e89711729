/* check_harden.c: regressions the hardening work found outside the fuzzers
 * (valgrind, hostile-input and injection scripts), pinned at the unit level. */
#include <jansson.h>

#include "export/export.h"
#include "tag/tag.h"
#include "testutil.h"
#include "util/date.h"

START_TEST(dict_norm_of_only_separators_is_an_empty_string)
{
	/* a name of separators only ("_", "-", " ") normalises to "", and the
	 * buffer holds that string, not uninitialised memory */
	const char *names[] = {"_", "-", "   ", "_-_"};
	for (size_t i = 0; i < sizeof names / sizeof *names; i++) {
		struct buf b = BUF_INIT;
		ck_assert_int_eq(dict_norm(names[i], &b), 0);
		ck_assert_uint_eq(b.len, 0);
		ck_assert_str_eq(buf_str(&b), "");
		buf_free(&b);
	}
}
END_TEST

START_TEST(buf_reserve_leaves_a_terminated_string)
{
	struct buf b = BUF_INIT;
	ck_assert_int_eq(buf_reserve(&b, 100), 0);
	ck_assert_str_eq(buf_str(&b), "");
	buf_free(&b);
}
END_TEST

START_TEST(date_find_gives_up_on_long_runs_without_spaces)
{
	/* 200 KB of markup without a space and without a date: no date, and
	 * (not timed here) linear work */
	size_t n = 200000;
	char *s = malloc(n);
	ck_assert_ptr_nonnull(s);
	for (size_t i = 0; i < n; i++)
		s[i] = "<div>"[i % 5];
	time_t t;
	ck_assert_int_eq(date_find(s, n, &t, NULL), -1);
	/* a date after the run is still found */
	memcpy(s + n - 20, " on 2 March 2021 ok ", 20);
	ck_assert_int_eq(date_find(s, n, &t, NULL), 0);
	ck_assert_int_eq((long long)t, 1614643200LL);
	free(s);
}
END_TEST

START_TEST(dates_carried_out_of_range_are_refused)
{
	time_t t;
	ck_assert_int_eq(date_parse("2100-12-31T23:59:60Z", &t, NULL), -1);
	ck_assert_int_eq(date_parse("2100-12-31T23:30:00-01:00", &t, NULL), -1);
	ck_assert_int_eq(date_parse("1970-01-01T00:30:00+01:00", &t, NULL), -1);
	ck_assert_int_eq(date_parse("2100-12-31T23:59:59Z", &t, NULL), 0);
	/* an ISO date at the very end of an unterminated text */
	const char text[10] = {'2', '0', '2', '1', '-', '0', '3', '-', '0', '2'};
	ck_assert_int_eq(date_find(text, sizeof text, &t, NULL), 0);
}
END_TEST

START_TEST(csv_cells_drop_terminal_controls_but_keep_line_breaks)
{
	struct buf b = BUF_INIT;
	ck_assert_int_eq(csv_cell(&b, "a\x1b[2Jb\x07" "c\xc2\x9b" "1md\x7f"), 0);
	ck_assert_str_eq(buf_str(&b), "a[2Jbc1md");
	buf_reset(&b);
	/* a control in front of a formula does not hide it */
	ck_assert_int_eq(csv_cell(&b, "\x01=cmd"), 0);
	ck_assert_str_eq(buf_str(&b), "'=cmd");
	buf_reset(&b);
	ck_assert_int_eq(csv_cell(&b, "two\r\nlines"), 0);
	ck_assert_str_eq(buf_str(&b), "\"two\r\nlines\"");
	buf_free(&b);
}
END_TEST

START_TEST(json_strings_escape_c1_controls)
{
	struct buf b = BUF_INIT;
	ck_assert_int_eq(export_json_string(&b, "x\xc2\x9b" "31m\x1b"), 0);
	ck_assert_str_eq(buf_str(&b), "\"x\\u009b31m\\u001b\"");
	json_t *j = json_loads(buf_str(&b), JSON_DECODE_ANY, NULL);
	ck_assert_ptr_nonnull(j);
	ck_assert_str_eq(json_string_value(j), "x\xc2\x9b" "31m\x1b");
	json_decref(j);
	buf_free(&b);
}
END_TEST

static Suite *make_suite(void)
{
	Suite *s = suite_create("harden");
	TCase *t = tcase_create("regressions");
	tcase_add_test(t, dict_norm_of_only_separators_is_an_empty_string);
	tcase_add_test(t, buf_reserve_leaves_a_terminated_string);
	tcase_add_test(t, date_find_gives_up_on_long_runs_without_spaces);
	tcase_add_test(t, dates_carried_out_of_range_are_refused);
	tcase_add_test(t, csv_cells_drop_terminal_controls_but_keep_line_breaks);
	tcase_add_test(t, json_strings_escape_c1_controls);
	suite_add_tcase(s, t);
	return s;
}

int main(void)
{
	return run_suite(make_suite()) ? 1 : 0;
}
