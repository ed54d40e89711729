/* check_export.c: the CSV, JSON lines and STIX writers (src/export/). */
#include <jansson.h>
#include <stdint.h>
#include <unistd.h>

#include "export/export.h"
#include "testutil.h"

/* Append CSV cell S to a fresh buffer and compare with WANT. */
static void cell_is(const char *s, const char *want)
{
	struct buf b = BUF_INIT;
	ck_assert_int_eq(csv_cell(&b, s), 0);
	ck_assert_str_eq(buf_str(&b), want);
	buf_free(&b);
}

START_TEST(csv_cell_quotes_only_when_needed)
{
	cell_is("plain", "plain");
	cell_is("", "");
	cell_is(NULL, "");
	cell_is("a,b", "\"a,b\"");
	cell_is("say \"hi\"", "\"say \"\"hi\"\"\"");
	cell_is("two\nlines", "\"two\nlines\"");
	cell_is("cr\rhere", "\"cr\rhere\"");
	cell_is("caf\xc3\xa9", "caf\xc3\xa9");
}
END_TEST

START_TEST(csv_cell_neutralises_formulas)
{
	cell_is("=1+2", "'=1+2");
	cell_is("+1", "'+1");
	cell_is("-2", "'-2");
	cell_is("@SUM(A1)", "'@SUM(A1)");
	cell_is("\tx", "'\tx");
	cell_is("\rx", "\"'\rx\"");
	cell_is("=HYPERLINK(\"http://x\",\"y\")", "\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\"");
	cell_is("a=b", "a=b");
	cell_is("1-2", "1-2");
}
END_TEST

START_TEST(csv_cell_repairs_invalid_utf8)
{
	cell_is("a\xff" "b", "a\xef\xbf\xbd" "b");
}
END_TEST

/* A temporary file's path (caller unlinks) with its FILE* open for writing. */
static FILE *temp_file(char *path, size_t n)
{
	const char *dir = getenv("TMPDIR");
	snprintf(path, n, "%s/secnews-export-XXXXXX", dir && *dir ? dir : "/tmp");
	int fd = mkstemp(path);
	ck_assert_int_ge(fd, 0);
	FILE *f = fdopen(fd, "w+b");
	ck_assert_ptr_nonnull(f);
	return f;
}

/* Run CMD and return what it printed (caller frees); fails the test when it
 * exits non-zero. */
static char *run_capture(const char *cmd)
{
	FILE *p = popen(cmd, "r");
	ck_assert_ptr_nonnull(p);
	struct buf b = BUF_INIT;
	char chunk[4096];
	size_t k;
	while ((k = fread(chunk, 1, sizeof chunk, p)) > 0)
		buf_append(&b, chunk, k);
	int st = pclose(p);
	char *s = buf_detach(&b);
	ck_assert_msg(st == 0, "'%s' failed (status %d): %s", cmd, st, s);
	return s;
}

static const char *const tricky_actors[] = {"APT28", "Fancy Bear, \"Sofacy\""};
static const char *const tricky_vendors[] = {"=Evil()"};
static const char *const tricky_products[] = {"Exchange Server", "Outlook\nWeb"};
static const char *const tricky_cves[] = {"CVE-2021-26855", "CVE-2021-27065"};

static const struct export_record tricky[] = {
	{.id = 1, .published = "2021-03-02", .site = "Site, Inc.",
	 .title = "He said \"patch now\", twice\r\nand left", .url = "https://example.test/a?x=1,2",
	 .actors = {tricky_actors, 2}, .vendors = {tricky_vendors, 1},
	 .products = {tricky_products, 2}, .cves = {tricky_cves, 2}},
	{.id = 2, .published = NULL, .site = "+plus", .title = "@mention -dash \xe4\xb8\xad\xe6\x96\x87 \xc3\xa9",
	 .url = "-http://x", .actors = {NULL, 0}},
	{.id = 3, .published = "2021-03-03T10:00:00Z", .site = "\tTab", .title = "bad \xff utf8",
	 .url = "\rcr"},
};

/* What each row of TRICKY should read back as. */
static const char *const tricky_want[][9] = {
	{"1", "2021-03-02", "Site, Inc.", "He said \"patch now\", twice\r\nand left",
	 "https://example.test/a?x=1,2", "APT28; Fancy Bear, \"Sofacy\"", "'=Evil()",
	 "Exchange Server; Outlook\nWeb", "CVE-2021-26855; CVE-2021-27065"},
	{"2", "", "'+plus", "'@mention -dash \xe4\xb8\xad\xe6\x96\x87 \xc3\xa9", "'-http://x", "", "", "", ""},
	{"3", "2021-03-03T10:00:00Z", "'\tTab", "bad \xef\xbf\xbd utf8", "'\rcr", "", "", "", ""},
};

START_TEST(csv_round_trips_through_python_csv)
{
	char path[4096];
	FILE *f = temp_file(path, sizeof path);
	ck_assert_int_eq(csv_write_header(f), 0);
	for (size_t i = 0; i < sizeof tricky / sizeof *tricky; i++)
		ck_assert_int_eq(csv_write_record(f, &tricky[i]), 0);
	ck_assert_int_eq(fclose(f), 0);

	char cmd[8192];
	snprintf(cmd, sizeof cmd,
		 "/usr/bin/python3 -c 'import csv, json, sys\n"
		 "with open(sys.argv[1], newline=\"\", encoding=\"utf-8\") as f:\n"
		 "    print(json.dumps(list(csv.reader(f, strict=True))))' '%s'", path);
	char *out = run_capture(cmd);
	json_error_t je;
	json_t *rows = json_loads(out, 0, &je);
	ck_assert_msg(rows != NULL, "python printed no JSON: %s", out);
	ck_assert_int_eq(json_array_size(rows), 1 + sizeof tricky / sizeof *tricky);

	static const char *const header[] = {"id", "published", "site", "title", "url",
					     "actors", "vendors", "products", "cves"};
	for (size_t r = 0; r < json_array_size(rows); r++) {
		json_t *row = json_array_get(rows, r);
		ck_assert_int_eq(json_array_size(row), 9);
		for (size_t c = 0; c < 9; c++) {
			const char *want = r == 0 ? header[c] : tricky_want[r - 1][c];
			ck_assert_str_eq(json_string_value(json_array_get(row, c)), want);
		}
	}
	json_decref(rows);
	free(out);

	/* Records end in CRLF (the header, between rows, and at the end). */
	char *raw = read_local(path, NULL);
	ck_assert_ptr_nonnull(strstr(raw, "cves\r\n1,"));
	ck_assert_ptr_nonnull(strstr(raw, "CVE-2021-27065\r\n2,"));
	size_t len = strlen(raw);
	ck_assert(len >= 2 && raw[len - 2] == '\r' && raw[len - 1] == '\n');
	free(raw);
	unlink(path);
}
END_TEST

static Suite *make_suite(void)
{
	Suite *s = suite_create("export");
	TCase *tc = tcase_create("csv");
	tcase_add_test(tc, csv_cell_quotes_only_when_needed);
	tcase_add_test(tc, csv_cell_neutralises_formulas);
	tcase_add_test(tc, csv_cell_repairs_invalid_utf8);
	tcase_add_test(tc, csv_round_trips_through_python_csv);
	tcase_set_timeout(tc, 30);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return run_suite(make_suite()) ? 1 : 0;
}
