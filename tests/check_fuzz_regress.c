/* check_fuzz_regress.c: replays every input kept under tests/fuzz/regress/TARGET/
 * (crashes, hangs and failed invariants the fuzzers found) and a few hostile
 * inputs through the fuzz targets' own entry functions, so `make check`
 * keeps them fixed without clang. */
#include <dirent.h>

#include "fuzz/fuzz_csv.c"
#include "fuzz/fuzz_charset.c"
#include "fuzz/fuzz_date.c"
#include "fuzz/fuzz_feed.c"
#include "fuzz/fuzz_query.c"
#include "fuzz/fuzz_html.c"
#include "fuzz/fuzz_json.c"
#include "fuzz/fuzz_tagger.c"
#include "fuzz/fuzz_text.c"
#include "testutil.h"

typedef int (*entry_fn)(const uint8_t *, size_t);

/* Run ENTRY on every file in tests/fuzz/regress/NAME; returns the count run. */
static int replay_dir(const char *name, entry_fn entry)
{
	char dir[256];
	snprintf(dir, sizeof dir, "tests/fuzz/regress/%s", name);
	DIR *d = opendir(dir);
	if (!d)
		return 0;
	int count = 0;
	struct dirent *de;
	while ((de = readdir(d))) {
		if (de->d_name[0] == '.')
			continue;
		char path[600];
		snprintf(path, sizeof path, "%s/%s", dir, de->d_name);
		size_t n;
		char *data = read_local(path, &n);
		int r = entry((const uint8_t *)data, n);
		free(data);
		ck_assert_msg(r == 0, "%s: fuzz invariant failed (see stderr)", path);
		count++;
	}
	closedir(d);
	return count;
}

/* Inputs every target gets: empty, NULs, invalid UTF-8, deep markup. */
static void replay_builtin(entry_fn entry)
{
	static const char *const fixed[] = {
		"", "\n", "<", "<html><body><p>", "\xEF\xBB\xBF", "\xFF\xFE<\0h\0t\0m\0l\0>\0",
		"\xC0\xAF\xE0\x80\xAF\xED\xA0\x80\xF4\x90\x80\x80", "\x1B[2J\x1B]52;c;aGk=\x07\xC2\x9B" "31m",
		"=cmd|' /C calc'!A0", "\"\"\"", "NEAR(", "Mar 99th, 2021 99:99 pm", "9999-99-99T99:99:99+99:99",
	};
	for (size_t i = 0; i < sizeof fixed / sizeof *fixed; i++)
		ck_assert_int_eq(entry((const uint8_t *)fixed[i], i == 5 ? 14 : strlen(fixed[i])), 0); /* [5] holds NULs */
	size_t n = 500000; /* 100,000 levels of <div> */
	uint8_t *deep = malloc(n);
	ck_assert_ptr_nonnull(deep);
	for (size_t i = 0; i < n; i++)
		deep[i] = "<div>"[i % 5];
	ck_assert_int_eq(entry(deep, n), 0);
	memset(deep, 0, n);
	ck_assert_int_eq(entry(deep, 64), 0);
	free(deep);
}

#define REPLAY_TEST(name, done)                           \
	START_TEST(name##_replays_its_regressions)        \
	{                                                 \
		replay_builtin(name);                     \
		replay_dir(#name, name);                  \
		done;                                     \
	}                                                 \
	END_TEST

REPLAY_TEST(fuzz_html, (void)0)
REPLAY_TEST(fuzz_text, (void)0)
REPLAY_TEST(fuzz_charset, (void)0)
REPLAY_TEST(fuzz_date, (void)0)
REPLAY_TEST(fuzz_feed, (void)0)
REPLAY_TEST(fuzz_tagger, fuzz_tagger_done())
REPLAY_TEST(fuzz_query, fuzz_query_done())
REPLAY_TEST(fuzz_csv, (void)0)
REPLAY_TEST(fuzz_json, (void)0)

START_TEST(every_target_has_a_regress_folder_or_none_found)
{
	/* the replay folders, when present, hold only regular files */
	DIR *d = opendir("tests/fuzz/regress");
	if (!d)
		return;
	struct dirent *de;
	while ((de = readdir(d)))
		ck_assert_msg(de->d_name[0] == '.' || strncmp(de->d_name, "fuzz_", 5) == 0,
			      "tests/fuzz/regress/%s: not named after a target", de->d_name);
	closedir(d);
}
END_TEST

static Suite *make_suite(void)
{
	Suite *s = suite_create("fuzz_regress");
	TCase *t = tcase_create("replay");
	tcase_set_timeout(t, 120);
	tcase_add_test(t, fuzz_html_replays_its_regressions);
	tcase_add_test(t, fuzz_text_replays_its_regressions);
	tcase_add_test(t, fuzz_charset_replays_its_regressions);
	tcase_add_test(t, fuzz_date_replays_its_regressions);
	tcase_add_test(t, fuzz_feed_replays_its_regressions);
	tcase_add_test(t, fuzz_tagger_replays_its_regressions);
	tcase_add_test(t, fuzz_query_replays_its_regressions);
	tcase_add_test(t, fuzz_csv_replays_its_regressions);
	tcase_add_test(t, fuzz_json_replays_its_regressions);
	tcase_add_test(t, every_target_has_a_regress_folder_or_none_found);
	suite_add_tcase(s, t);
	return s;
}

int main(void)
{
	return run_suite(make_suite()) ? 1 : 0;
}
