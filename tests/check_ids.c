/* check_ids.c: identifiers found by pattern (ids.c): CVE, GHSA, ATT&CK ids,
 * indicators defanged or not, and what is not an indicator. */
#include "tag/tag.h"
#include "testutil.h"

static struct dict *D;
static struct tagger *T;

static void setup(void)
{
	struct err e;
	D = dict_new();
	ck_assert_int_eq(dict_load_bundled(D, &e), 0);
	T = tagger_new(D, &e);
	ck_assert_ptr_nonnull(T);
}

static void teardown(void)
{
	tagger_free(T);
	dict_free(D);
}

/* "kind=name@offset+length;" for each identifier mention of S. */
static char *ids(const char *s)
{
	struct mention_list m = {0};
	ck_assert_int_eq(tagger_tag_text(T, s, strlen(s), FIELD_TEXT, &m), 0);
	struct buf b = BUF_INIT;
	for (size_t i = 0; i < m.n; i++) {
		if (m.v[i].kind < KIND_CVE && !(m.v[i].kind == KIND_ACTOR && m.v[i].text[0] == 'G' && m.v[i].length == 5))
			continue;
		ck_assert_int_eq(strncmp(s + m.v[i].offset, m.v[i].text, m.v[i].length), 0);
		buf_printf(&b, "%s=%s@%zu+%zu;", kind_name(m.v[i].kind), m.v[i].name, m.v[i].offset, m.v[i].length);
	}
	mention_list_free(&m);
	return buf_detach(&b);
}

#define IDS(s, want)                                                                                         \
	do {                                                                                                 \
		char *got_ = ids(s);                                                                         \
		ck_assert_msg(strcmp(got_, want) == 0, "'%s':\n got  %s\n want %s", s, got_, want);          \
		free(got_);                                                                                  \
	} while (0)

START_TEST(cve_any_case_and_dash)
{
	IDS("Patch CVE-2021-26855 now.", "cve=CVE-2021-26855@6+14;");
	IDS("see cve-2021-27065, CVE\xE2\x80\x93" "2024\xE2\x80\x93" "3400 and (CVE-2023-4966)",
	    "cve=CVE-2021-27065@4+14;cve=CVE-2024-3400@20+17;cve=CVE-2023-4966@43+13;");
	IDS("CVE-21-1234 and CVE-2021-123 and XCVE-2021-12345 are not ids", "");
}
END_TEST

START_TEST(ghsa_and_attack_ids)
{
	IDS("GHSA-8qvm-4fp2-7xf2 fixed it", "ghsa=GHSA-8qvm-4fp2-7xf2@0+19;");
	IDS("T1190, T1059.001 and T1059.1", "technique=T1190@0+5;technique=T1059.001@7+9;technique=T1059@21+5;");
	IDS("the group G0125 and the unknown G9999", "actor=HAFNIUM@10+5;");
	IDS("AT1190 T11900 G01250", "");
}
END_TEST

START_TEST(indicators_refanged)
{
	IDS("C2: hxxp://evil[.]com/a.php", "url=http://evil.com/a.php@4+23;");
	IDS("beacon to hxxps[://]bad(.)example[.]net/x", "url=https://bad.example.net/x@10+31;");
	IDS("domains bad-domain[.]ru and update-check.com.", "domain=bad-domain.ru@8+15;domain=update-check.com@28+16;");
	IDS("mail x[@]evil.com or admin@corp-mail.org", "email=x@evil.com@5+12;email=admin@corp-mail.org@21+19;");
	IDS("IPs 45.77.12[.]9:443 and 185.220.101.4", "ipv4=45.77.12.9@4+12;ipv4=185.220.101.4@25+13;");
	IDS("v6 2a03:2880:f003:c07:face:b00c::2 seen", "ipv6=2a03:2880:f003:c07:face:b00c:0:2@3+31;");
	IDS("md5 D41D8CD98F00B204E9800998ECF8427E",
	    "md5=d41d8cd98f00b204e9800998ecf8427e@4+32;");
	IDS("sha1 da39a3ee5e6b4b0d3255bfef95601890afd80709",
	    "sha1=da39a3ee5e6b4b0d3255bfef95601890afd80709@5+40;");
	IDS("sha256 509aa4a846c6cb52e9756a282de67da3e8ec82769bceafa1265428b1289459b3.",
	    "sha256=509aa4a846c6cb52e9756a282de67da3e8ec82769bceafa1265428b1289459b3@7+64;");
}
END_TEST

START_TEST(not_indicators)
{
	IDS("private 10.0.0.1, 192.168.1.20, 172.16.5.4, 127.0.0.1, 169.254.1.1", "");
	IDS("documentation 192.0.2.1 198.51.100.7 203.0.113.9 and 2001:db8::1, fe80::1, ::1", "");
	IDS("update to version 1.2.3.4 or v2.0.1.5; release 10.4.11.2; 1.2.3.4.5", "");
	IDS("files readme.md, setup.py, index.html and e.g. U.S. are not domains", "");
	IDS("at 12:30:45 on std::string", "");
	IDS("a 32-digit number 12345678901234567890123456789012", "");
}
END_TEST

START_TEST(entity_in_url_is_not_tagged)
{
	const char *s = "Read https://www.microsoft.com/security/blog and mail security@microsoft.com; "
			"microsoft.com hosts it; see C:\\Windows\\System32 and /opt/fortinet/bin.";
	struct mention_list m = {0};
	ck_assert_int_eq(tagger_tag_text(T, s, strlen(s), FIELD_TEXT, &m), 0);
	for (size_t i = 0; i < m.n; i++)
		ck_assert_msg(m.v[i].kind > KIND_PRODUCT, "tagged %s (%s) inside a locator", m.v[i].name, m.v[i].text);
	mention_list_free(&m);
}
END_TEST

static Suite *make_suite(void)
{
	Suite *s = suite_create("ids");
	TCase *tc = tcase_create("ids");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, cve_any_case_and_dash);
	tcase_add_test(tc, ghsa_and_attack_ids);
	tcase_add_test(tc, indicators_refanged);
	tcase_add_test(tc, not_indicators);
	tcase_add_test(tc, entity_in_url_is_not_tagged);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return run_suite(make_suite()) ? 1 : 0;
}
