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

START_TEST(more_traps)
{
	LACKS("Teams of researchers from three universities took part.", "product:");
	LACKS("teams of researchers found windows of opportunity", "product:");
	LACKS("Windows of opportunity close fast, the minister said.", "product:");
	LACKS("The Office for National Statistics said prices rose.", "product:");
	LACKS("Chrome plating and the Edge of the forest", "product:");
	LACKS("The Equation of state was solved by a patchwork of methods.", "actor:");
	LACKS("I play the game every day.", "actor:");
	LACKS("Lorenz's group at MIT studied chaos; Lorenz’s team too.", "actor:");
	/* with support they are tagged */
	HAS("Microsoft said Teams and Outlook were abused.", "product:Microsoft Teams;");
	HAS("Microsoft said Teams and Outlook were abused.", "product:Microsoft Outlook;");
	HAS("Google fixed a Chrome zero-day.", "product:Google Chrome;");
	HAS("The Equation Group used the implant.", "actor:Equation;");
	HAS("The Play ransomware gang leaked files.", "actor:Play;");
	/* a product named supports its vendor's common name */
	LACKS("Elastic bands and Progress reports", "vendor:");
	HAS("Progress said MOVEit Transfer was patched.", "vendor:Progress Software;");
}
END_TEST

START_TEST(longest_match_and_boundaries)
{
	const char *s = "Microsoft Exchange Server was hit.";
	struct mention_list m = {0};
	ck_assert_int_eq(tagger_tag_text(T, s, strlen(s), FIELD_TEXT, &m), 0);
	ck_assert_uint_eq(m.n, 1);
	ck_assert_int_eq(m.v[0].kind, KIND_PRODUCT);
	ck_assert_str_eq(m.v[0].text, "Microsoft Exchange Server");
	ck_assert_uint_eq(m.v[0].offset, 0);
	ck_assert_uint_eq(m.v[0].length, 25);
	mention_list_free(&m);
	HAS("Storm-0558 and Storm 0558 are one group", "actor:Storm-0558;");
	HAS("MicrosoftのExchangeサーバー", "product:Microsoft Exchange Server;");
	HAS("«Microsoft» said", "vendor:Microsoft;");
	LACKS("Microsoftové produkty", "vendor:");
	LACKS("xAPT28 and APT28x", "actor:");
	HAS("(APT28)", "actor:APT28;");
}
END_TEST

/* A small dictionary where "Winnti" names two groups. */
START_TEST(shared_alias_resolved_by_other_names)
{
	const char *text = "actor\tAPT41\tWinnti|Wicked Panda\tCN\tG0096\n"
			   "actor\tWinnti Group\tWinnti|Blackfly\tCN\tG0044\n";
	struct dict *d = dict_new();
	struct err e;
	ck_assert_int_eq(dict_load(d, text, strlen(text), "t", &e), 0);
	struct tagger *t = tagger_new(d, &e);
	struct mention_list m = {0};
	const char *a = "Blackfly, a Winnti unit, struck.";
	ck_assert_int_eq(tagger_tag_text(t, a, strlen(a), FIELD_TEXT, &m), 0);
	ck_assert_uint_eq(m.n, 2);
	ck_assert_str_eq(m.v[1].name, "Winnti Group");
	mention_list_free(&m);
	const char *b = "Winnti struck again.";
	ck_assert_int_eq(tagger_tag_text(t, b, strlen(b), FIELD_TEXT, &m), 0);
	ck_assert_uint_eq(m.n, 1);
	ck_assert_str_eq(m.v[0].name, "APT41"); /* the fallback: first in dictionary order */
	mention_list_free(&m);
	tagger_free(t);
	dict_free(d);
}
END_TEST

START_TEST(article_context_spans_title_and_body)
{
	struct article a = {0};
	a.title = strdup("Microsoft patches zero-days");
	a.body = strdup("Exchange and Outlook were fixed.\n\nAdmins should update.");
	struct mention_list m = {0};
	ck_assert_int_eq(tagger_tag_article(T, &a, &m), 0);
	ck_assert_uint_eq(m.n, 3);
	ck_assert_int_eq(m.v[0].field, FIELD_TITLE);
	ck_assert_str_eq(m.v[1].name, "Microsoft Exchange Server");
	ck_assert_int_eq(m.v[1].field, FIELD_BODY);
	ck_assert_uint_eq(m.v[1].offset, 0);
	ck_assert_str_eq(m.v[2].name, "Microsoft Outlook");
	mention_list_free(&m);
	/* without the vendor, the body's common words stay untagged */
	free(a.title);
	a.title = strdup("Patches and zero-days");
	ck_assert_int_eq(tagger_tag_article(T, &a, &m), 0);
	ck_assert_uint_eq(m.n, 0);
	mention_list_free(&m);
	article_free(&a);
}
END_TEST

/* Tagging reads only the N bytes it is given (run under ASan: exact-size copies). */
START_TEST(reads_only_the_bytes_given)
{
	static const char *const texts[] = {"Microsoft", "Exchange", "CVE-2021-2685", "GHSA-8qvm-4fp2-7xf",
					    "hxxp://evil[.", "10.0.0.", "T1059.", "G012", "APT-2", "Hafnium\xE2\x80",
					    "d41d8cd98f00b204e9800998ecf8427", "x@evil.c", "[", "\xE3\x81", "Storm-"};
	for (size_t k = 0; k < sizeof texts / sizeof *texts; k++) {
		size_t n = strlen(texts[k]);
		char *exact = malloc(n ? n : 1);
		memcpy(exact, texts[k], n);
		struct mention_list m = {0};
		ck_assert_int_eq(tagger_tag_text(T, exact, n, FIELD_TEXT, &m), 0);
		for (size_t i = 0; i < m.n; i++)
			ck_assert_uint_le(m.v[i].offset + m.v[i].length, n);
		mention_list_free(&m);
		free(exact);
	}
}
END_TEST

/* One set of "kind:name" strings. */
struct set {
	char *v[64];
	int n;
};

static int set_has(const struct set *s, const char *x)
{
	for (int i = 0; i < s->n; i++)
		if (strcmp(s->v[i], x) == 0)
			return 1;
	return 0;
}

static void set_add(struct set *s, const char *x)
{
	if (!set_has(s, x) && s->n < 64)
		s->v[s->n++] = strdup(x);
}

static void set_free(struct set *s)
{
	for (int i = 0; i < s->n; i++)
		free(s->v[i]);
	s->n = 0;
}

static int kind_of(const char *x)
{
	return strncmp(x, "actor:", 6) == 0 ? 0 : strncmp(x, "vendor:", 7) == 0 ? 1 : 2;
}

/* Precision and recall on tests/data/tag_passages.tsv, per kind. A product
 * counts for its vendor too, as the vendor views count it. */
START_TEST(labelled_passages)
{
	char *data = read_local("tests/data/tag_passages.tsv", NULL);
	int tp[3] = {0}, fp[3] = {0}, fn[3] = {0}, passages = 0;
	for (char *line = data, *next; line && *line; line = next) {
		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		if (line[0] == '#' || !strchr(line, '\t'))
			continue;
		char *text = strchr(line, '\t');
		*text++ = '\0';
		passages++;
		struct set want = {0}, got = {0};
		if (strcmp(line, "-") != 0)
			for (char *x = line, *semi; x; x = semi) {
				if ((semi = strchr(x, ';')))
					*semi++ = '\0';
				if (*x)
					set_add(&want, x);
			}
		struct mention_list m = {0};
		ck_assert_int_eq(tagger_tag_text(T, text, strlen(text), FIELD_TEXT, &m), 0);
		for (size_t i = 0; i < m.n; i++) {
			char one[512];
			if (m.v[i].kind > KIND_PRODUCT)
				continue;
			snprintf(one, sizeof one, "%s:%s", kind_name(m.v[i].kind), m.v[i].name);
			set_add(&got, one);
			if (m.v[i].vendor) {
				snprintf(one, sizeof one, "vendor:%s", m.v[i].vendor);
				set_add(&got, one);
			}
		}
		mention_list_free(&m);
		for (int i = 0; i < got.n; i++) {
			int k = kind_of(got.v[i]);
			if (set_has(&want, got.v[i]))
				tp[k]++;
			else
				fp[k]++, printf("passages: false positive %s in \"%.60s...\"\n", got.v[i], text);
		}
		for (int i = 0; i < want.n; i++)
			if (!set_has(&got, want.v[i]))
				fn[kind_of(want.v[i])]++, printf("passages: missed %s in \"%.60s...\"\n", want.v[i], text);
		set_free(&want), set_free(&got);
	}
	free(data);
	ck_assert_int_ge(passages, 40);
	static const char *const names[] = {"actors", "vendors", "products"};
	for (int k = 0; k < 3; k++) {
		double p = tp[k] + fp[k] ? (double)tp[k] / (tp[k] + fp[k]) : 1.0;
		double r = tp[k] + fn[k] ? (double)tp[k] / (tp[k] + fn[k]) : 1.0;
		printf("tag_passages %s: precision %.3f recall %.3f (tp %d fp %d fn %d, %d passages)\n", names[k], p, r,
		       tp[k], fp[k], fn[k], passages);
		ck_assert_msg(p >= 0.95 && r >= 0.95, "%s: precision %.3f recall %.3f below 0.95", names[k], p, r);
	}
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
	tcase_add_test(tc, labelled_passages);
	tcase_add_test(tc, reads_only_the_bytes_given);
	tcase_add_test(tc, more_traps);
	tcase_add_test(tc, longest_match_and_boundaries);
	tcase_add_test(tc, shared_alias_resolved_by_other_names);
	tcase_add_test(tc, article_context_spans_title_and_body);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return run_suite(make_suite()) ? 1 : 0;
}
