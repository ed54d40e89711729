/* check_tagger.c: the tagger on real sentences: aliases, context rules,
 * boundaries, shared aliases, the seed article. */
#include "tag/tag.h"
#include "testutil.h"

static struct dict *D;
static struct tagger *T;

static void setup(void)
{
	struct err e;
	D = dict_new();
	ck_assert_ptr_nonnull(D);
	ck_assert_msg(dict_load_bundled(D, &e) == 0, "%s", e.msg);
	T = tagger_new(D, &e);
	ck_assert_msg(T != NULL, "%s", e.msg);
}

static void teardown(void)
{
	tagger_free(T);
	dict_free(D);
}

/* Tag S; return a "kind:name" list joined by ";" (entities only, once each). */
static char *tags(const char *s)
{
	struct mention_list m = {0};
	ck_assert_int_eq(tagger_tag_text(T, s, strlen(s), FIELD_TEXT, &m), 0);
	struct buf b = BUF_INIT;
	for (size_t i = 0; i < m.n; i++) {
		char one[512];
		snprintf(one, sizeof one, "%s:%s;", kind_name(m.v[i].kind), m.v[i].name);
		if (!strstr(buf_str(&b), one))
			buf_puts(&b, one);
	}
	mention_list_free(&m);
	return buf_detach(&b);
}

#define HAS(s, t)                                                                                            \
	do {                                                                                                 \
		char *got_ = tags(s);                                                                        \
		ck_assert_msg(strstr(got_, t) != NULL, "'%s': expected %s, got %s", s, t, got_);             \
		free(got_);                                                                                  \
	} while (0)
#define LACKS(s, t)                                                                                          \
	do {                                                                                                 \
		char *got_ = tags(s);                                                                        \
		ck_assert_msg(strstr(got_, t) == NULL, "'%s': did not expect %s, got %s", s, t, got_);       \
		free(got_);                                                                                  \
	} while (0)

START_TEST(seed_article_body)
{
	size_t n;
	char *s = read_shared("corpus/seed-article.txt", &n);
	char *start = strstr(s, "Microsoft has said");
	char *end = strstr(s, "/AFP");
	ck_assert_ptr_nonnull(start);
	ck_assert_ptr_nonnull(end);
	struct article a = {0};
	a.title = strdup("State-sponsored hackers in China targeting email services: Microsoft");
	a.body = strndup(start, (size_t)(end - start));
	struct mention_list m = {0};
	ck_assert_int_eq(tagger_tag_article(T, &a, &m), 0);
	int hafnium = 0, ms = 0, sw = 0, exch = 0, title_ms = 0;
	for (size_t i = 0; i < m.n; i++) {
		struct mention *x = &m.v[i];
		const char *f = x->field == FIELD_TITLE ? a.title : a.body;
		/* offset and length point at the text as written */
		ck_assert_int_eq(strncmp(f + x->offset, x->text, x->length), 0);
		if (x->kind == KIND_ACTOR && strcmp(x->name, "HAFNIUM") == 0 && strcmp(x->text, "Hafnium") == 0)
			hafnium++;
		if (x->kind == KIND_VENDOR && strcmp(x->name, "Microsoft") == 0)
			ms++, title_ms += x->field == FIELD_TITLE;
		if (x->kind == KIND_VENDOR && strcmp(x->name, "SolarWinds") == 0)
			sw++;
		if (x->kind == KIND_PRODUCT && strcmp(x->name, "Microsoft Exchange Server") == 0) {
			ck_assert_str_eq(x->vendor, "Microsoft");
			ck_assert_str_eq(x->text, "Exchange");
			exch++;
		}
		ck_assert_msg(x->kind != KIND_ACTOR || strcmp(x->name, "HAFNIUM") == 0, "stray actor %s", x->name);
	}
	ck_assert_int_eq(hafnium, 3);
	ck_assert_int_ge(ms, 5);
	ck_assert_int_eq(title_ms, 1);
	ck_assert_int_eq(sw, 2);
	ck_assert_int_eq(exch, 1);
	mention_list_free(&m);
	article_free(&a);
	free(s);
}
END_TEST

START_TEST(common_words_need_support)
{
	LACKS("Shares on the stock exchange fell sharply on Monday.", "product:");
	LACKS("The Stock Exchange fell sharply on Monday.", "product:");
	HAS("Microsoft patched Exchange on Tuesday.", "product:Microsoft Exchange Server;");
	HAS("Attackers hit Exchange Server boxes.", "product:Microsoft Exchange Server;");
	LACKS("Orion's belt is easy to find in winter.", "product:");
	HAS("SolarWinds said Orion was compromised.", "product:SolarWinds Orion;");
	HAS("the Orion platform was backdoored", "product:SolarWinds Orion;");
	LACKS("He was raised like Lazarus from the dead.", "actor:");
	HAS("The Lazarus group stole millions.", "actor:Lazarus Group;");
	HAS("Hidden Cobra, also known as Lazarus, struck again.", "actor:Lazarus Group;");
}
END_TEST

START_TEST(case_and_variants)
{
	HAS("HAFNIUM exploited the flaws", "actor:HAFNIUM;");
	HAS("Hafnium’s operators", "actor:HAFNIUM;");
	HAS("APT28's new tool", "actor:APT28;");
	HAS("APT-28 returned", "actor:APT28;");
	HAS("midnight blizzard phished staff", "actor:APT29;");
	LACKS("hafnium is a chemical element", "actor:");
	LACKS("see https://blog.microsoft.com/hafnium/ for details", "vendor:Microsoft;");
	LACKS("write to security@microsoft.com today", "vendor:");
	LACKS("the file C:\\Windows\\Microsoft\\x.dll", "vendor:");
	LACKS("Microsoftish things", "vendor:");
}
END_TEST

static Suite *make_suite(void)
{
	Suite *s = suite_create("tagger");
	TCase *tc = tcase_create("core");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, seed_article_body);
	tcase_add_test(tc, common_words_need_support);
	tcase_add_test(tc, case_and_variants);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return run_suite(make_suite()) ? 1 : 0;
}
