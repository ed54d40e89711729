/* check_qlang.c: the search language: what analysts type parses into the
 * tree they mean, plain text is never an error, malformed queries get one
 * sentence, long queries are capped. Cases are data: input -> the tree in
 * qlang_format's syntax, or the start of the error message. */
#include "qlang/qlang.h"
#include "testutil.h"

struct qcase {
	const char *in, *out;
};

static const struct qcase parses[] = {
	/* words with punctuation are one term, searched as written */
	{"state-sponsored", "state-sponsored"},
	{"CVE-2021-26855", "CVE-2021-26855"},
	{"GHSA-jfh8-c2jp-5v3q", "GHSA-jfh8-c2jp-5v3q"},
	{"7.0.3", "7.0.3"},
	{"log4j-core", "log4j-core"},
	{"cmd.exe", "cmd.exe"},
	{"example[.]com", "example[.]com"},
	{"C:\\Windows\\System32", "C:\\Windows\\System32"},
	{"https://example.com/a?b=c", "https://example.com/a?b=c"},
	{"10:30", "10:30"},
	{"foo:bar", "foo:bar"},
	/* the operators */
	{"zero-day NEAR VPN", "(zero-day NEAR VPN)"},
	{"a NEAR/3 b NEAR c", "(a NEAR/3 b NEAR/3 c)"},
	{"\"web shells\" OR spray", "(\"web shells\" OR spray)"},
	{"exploit -phishing", "(exploit -phishing)"},
	{"exploit NOT phishing", "(exploit -phishing)"},
	{"a AND b", "(a b)"},
	{"(a OR b) c", "((a OR b) c)"},
	{"-(a b)", "-(a b)"},
	{"--a", "\"--a\""},
	{"patch*", "patch*"},
	{"\"web sh\"*", "\"web sh\"*"},
	{"func(x)", "\"func(x)\""},
	/* operators with nothing on a side are words; lower case is a word */
	{"OR", "\"OR\""},
	{"a OR", "(a \"OR\")"},
	{"NOT", "\"NOT\""},
	{"AND b", "(\"AND\" b)"},
	{"cats or dogs", "(cats or dogs)"},
	{"- a", "(\"-\" a)"},
	/* fields */
	{"actor:hafnium exploit*", "(actor:hafnium exploit*)"},
	{"Actor:\"silk typhoon\"", "actor:\"silk typhoon\""},
	{"source:bleepingcomputer", "site:bleepingcomputer"},
	{"since:2021-03 until:7d", "(since:2021-03 until:7d)"},
	{"title:exchange", "title:exchange"},
	{"cve:CVE-2021-26855 OR actor:apt28", "(cve:CVE-2021-26855 OR actor:apt28)"},
	{"actor:", "\"actor:\""},
};

static const struct qcase errors[] = {
	{"(a", "malformed query: a '(' is not closed"},
	{"a)", "malformed query: a ')' has no matching '('"},
	{"\"web shells", "malformed query: a '\"' is not closed"},
	{"actor:\"silk", "malformed query: a '\"' is not closed"},
	{"since:soon", "since: 'soon' is not a date"},
	{"()", "empty query"},
	{"   ", "empty query"},
};

START_TEST(test_queries_parse_as_meant)
{
	for (size_t i = 0; i < sizeof parses / sizeof *parses; i++) {
		struct qnode *n;
		struct err e;
		ck_assert_msg(qlang_parse(parses[i].in, &n, &e) == 0, "%s: %s", parses[i].in, e.msg);
		struct buf b = BUF_INIT;
		ck_assert_int_eq(qlang_format(n, &b), 0);
		ck_assert_msg(strcmp(buf_str(&b), parses[i].out) == 0, "%s: got %s, want %s", parses[i].in,
			      buf_str(&b), parses[i].out);
		/* what format prints parses back to the same tree */
		struct qnode *again;
		ck_assert_int_eq(qlang_parse(buf_str(&b), &again, &e), 0);
		struct buf b2 = BUF_INIT;
		qlang_format(again, &b2);
		ck_assert_str_eq(buf_str(&b2), buf_str(&b));
		buf_free(&b);
		buf_free(&b2);
		qnode_free(n);
		qnode_free(again);
	}
}
END_TEST

START_TEST(test_malformed_queries_get_one_clear_sentence)
{
	for (size_t i = 0; i < sizeof errors / sizeof *errors; i++) {
		struct qnode *n = (struct qnode *)1;
		struct err e;
		ck_assert_int_eq(qlang_parse(errors[i].in, &n, &e), -1);
		ck_assert_ptr_null(n);
		ck_assert_msg(strncmp(e.msg, errors[i].out, strlen(errors[i].out)) == 0, "%s: got '%s'", errors[i].in,
			      e.msg);
	}
}
END_TEST

START_TEST(test_plain_text_is_never_an_error)
{
	/* prose as people paste it: punctuation, operators in odd places */
	static const char *const prose[] = {
		"State-sponsored hackers in China targeting email services: Microsoft",
		"CISA adds 3 flaws (CVE-2024-1234, CVE-2024-5678) to KEV; patch by 2024-05-01!",
		"OR AND NOT NEAR", "a - b -- c", "100% of *all* users", "C++ & C# | .NET", "what? why! :-(",
		"ünïcödé — 中文 — русский", "NEAR/0 NEAR/1000 x", "*", "a:b:c", "-", "'single quotes'",
	};
	for (size_t i = 0; i < sizeof prose / sizeof *prose; i++) {
		struct qnode *n;
		struct err e;
		int r = qlang_parse(prose[i], &n, &e);
		/* an unbalanced parenthesis is the one thing prose can hold */
		if (strchr(prose[i], '(') || strchr(prose[i], ')'))
			ck_assert_msg(r == 0 || strstr(e.msg, "'('") || strstr(e.msg, "')'"), "%s: %s", prose[i], e.msg);
		else
			ck_assert_msg(r == 0, "%s: %s", prose[i], e.msg);
		qnode_free(r == 0 ? n : NULL);
	}
}
END_TEST

START_TEST(test_long_queries_are_capped)
{
	struct buf q = BUF_INIT;
	for (int i = 0; i < QLANG_MAX_TERMS; i++)
		buf_printf(&q, "w%d ", i);
	struct qnode *n;
	struct err e;
	ck_assert_msg(qlang_parse(buf_str(&q), &n, &e) == 0, "%s", e.msg);
	qnode_free(n);
	buf_puts(&q, "one-too-many");
	ck_assert_int_eq(qlang_parse(buf_str(&q), &n, &e), -1);
	ck_assert_ptr_nonnull(strstr(e.msg, "query too long"));
	buf_reset(&q);
	for (int i = 0; i <= QLANG_MAX_BYTES / 10; i++)
		buf_puts(&q, "aaaaaaaaa ");
	ck_assert_int_eq(qlang_parse(buf_str(&q), &n, &e), -1);
	ck_assert_ptr_nonnull(strstr(e.msg, "bytes"));
	/* deep nesting is refused, not a stack overflow */
	buf_reset(&q);
	for (int i = 0; i < 1000; i++)
		buf_putc(&q, '(');
	buf_putc(&q, 'a');
	for (int i = 0; i < 1000; i++)
		buf_putc(&q, ')');
	ck_assert_int_eq(qlang_parse(buf_str(&q), &n, &e), -1);
	ck_assert_ptr_nonnull(strstr(e.msg, "nested"));
	buf_free(&q);
}
END_TEST

START_TEST(test_date_bounds)
{
	char out[32];
	time_t now = 1717200000; /* 2024-06-01T00:00:00Z */
	ck_assert_int_eq(qlang_date("2021", now, out), 0);
	ck_assert_str_eq(out, "2021");
	ck_assert_int_eq(qlang_date("2021-03", now, out), 0);
	ck_assert_str_eq(out, "2021-03");
	ck_assert_int_eq(qlang_date("2021-03-02", now, out), 0);
	ck_assert_str_eq(out, "2021-03-02");
	ck_assert_int_eq(qlang_date("March 2, 2021", now, out), 0);
	ck_assert_str_eq(out, "2021-03-02");
	ck_assert_int_eq(qlang_date("7d", now, out), 0);
	ck_assert_str_eq(out, "2024-05-25");
	ck_assert_int_eq(qlang_date("2w", now, out), 0);
	ck_assert_str_eq(out, "2024-05-18");
	ck_assert_int_eq(qlang_date("yesterday", now, out), 0);
	ck_assert_str_eq(out, "2024-05-31");
	ck_assert_int_eq(qlang_date("today", now, out), 0);
	ck_assert_str_eq(out, "2024-06-01");
	ck_assert_int_eq(qlang_date("2021-13", now, out), -1);
	ck_assert_int_eq(qlang_date("soon", now, out), -1);
	ck_assert_int_eq(qlang_date("d", now, out), -1);
	ck_assert_int_eq(qlang_date("", now, out), -1);
}
END_TEST

START_TEST(test_plain_words_are_letters_only)
{
	ck_assert_int_eq(qlang_plain_word("exploited"), 1);
	ck_assert_int_eq(qlang_plain_word("Ransomware"), 1);
	ck_assert_int_eq(qlang_plain_word("log4j"), 0);
	ck_assert_int_eq(qlang_plain_word("zero-day"), 1);
	ck_assert_int_eq(qlang_plain_word("-day"), 0);
	ck_assert_int_eq(qlang_plain_word("cmd.exe"), 0);
	ck_assert_int_eq(qlang_plain_word(""), 0);
}
END_TEST

static Suite *make_suite(void)
{
	Suite *su = suite_create("qlang");
	TCase *tc = tcase_create("qlang");
	tcase_add_test(tc, test_queries_parse_as_meant);
	tcase_add_test(tc, test_malformed_queries_get_one_clear_sentence);
	tcase_add_test(tc, test_plain_text_is_never_an_error);
	tcase_add_test(tc, test_long_queries_are_capped);
	tcase_add_test(tc, test_date_bounds);
	tcase_add_test(tc, test_plain_words_are_letters_only);
	suite_add_tcase(su, tc);
	return su;
}

int main(void)
{
	return run_suite(make_suite()) ? EXIT_FAILURE : EXIT_SUCCESS;
}
