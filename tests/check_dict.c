/* check_dict.c: the dictionary format, merging, lookups, the bundled
 * dictionaries checked against ../shared/intel, and `dict import`'s
 * conversions (import.c). */
#include <ctype.h>
#include <dirent.h>
#include <jansson.h>

#include "tag/import.h"
#include "tag/internal.h"
#include "tag/tag.h"
#include "testutil.h"

static struct dict *load(const char *text)
{
	struct dict *d = dict_new();
	struct err e;
	ck_assert_msg(dict_load(d, text, strlen(text), "test.tsv", &e) == 0, "%s", e.msg);
	return d;
}

static size_t count_kind(const struct dict *d, int kind)
{
	size_t n = 0;
	for (size_t i = 0; i < dict_size(d); i++)
		n += dict_get(d, i)->kind == kind;
	return n;
}

START_TEST(format_fields_and_flags)
{
	struct dict *d = load("# comment\r\n\r\n"
			      "actor\tHAFNIUM\t=Hafnium|Silk Typhoon| Operation Exchange Marauder \tCN\tG0125\r\n"
			      "product\tMicrosoft Exchange Server\tExchange Server|?Exchange\tMicrosoft\tcpe:microsoft:exchange_server\tonline\n"
			      "vendor\tMicrosoft\t-\t-\tcpe:microsoft\n");
	ck_assert_uint_eq(dict_size(d), 3);
	const struct dict_entity *h = dict_lookup(d, KIND_ACTOR, "silk-typhoon");
	ck_assert_ptr_nonnull(h);
	ck_assert_str_eq(h->name, "HAFNIUM");
	ck_assert_str_eq(h->country, "CN");
	ck_assert_str_eq(h->ids, "G0125");
	ck_assert_uint_eq(h->naliases, 4);
	ck_assert_str_eq(h->aliases[0], "HAFNIUM");
	ck_assert_str_eq(h->aliases[3], "Operation Exchange Marauder");
	size_t hi = dict_index(d, h);
	ck_assert_uint_eq(dict_alias_flags(d, hi, 1), ALIAS_CASE);
	ck_assert_uint_eq(dict_alias_flags(d, hi, 2), 0);
	const struct dict_entity *x = dict_lookup(d, -1, "exchange");
	ck_assert_ptr_nonnull(x);
	ck_assert_str_eq(x->vendor, "Microsoft");
	ck_assert_uint_eq(dict_alias_flags(d, dict_index(d, x), 2), ALIAS_COMMON | ALIAS_CASE);
	ck_assert_str_eq(dict_entity_context(d, dict_index(d, x)), "online");
	ck_assert_ptr_null(dict_lookup(d, KIND_VENDOR, "exchange"));
	ck_assert_ptr_null(dict_lookup(d, KIND_ACTOR, "nobody"));
	dict_free(d);
}
END_TEST

START_TEST(format_errors_name_the_line)
{
	struct dict *d = dict_new();
	struct err e;
	const char *bad = "actor\tAPT1\t-\tCN\tG0006\ngroup\tAPT2\n";
	ck_assert_int_eq(dict_load(d, bad, strlen(bad), "x.tsv", &e), -1);
	ck_assert_msg(strstr(e.msg, "x.tsv:2:") && strstr(e.msg, "group"), "%s", e.msg);
	const char *noname = "vendor\t\tfoo\n";
	ck_assert_int_eq(dict_load(d, noname, strlen(noname), "y.tsv", &e), -1);
	ck_assert_msg(strstr(e.msg, "y.tsv:1:"), "%s", e.msg);
	dict_free(d);
}
END_TEST

START_TEST(norm_folds_case_and_separators)
{
	struct buf b = BUF_INIT;
	ck_assert_int_eq(dict_norm("  Storm-0558__x  Y ", &b), 0);
	ck_assert_str_eq(buf_str(&b), "storm 0558 x y");
	buf_reset(&b);
	ck_assert_int_eq(dict_norm("ÉQUIPE Ñ", &b), 0);
	ck_assert_str_eq(buf_str(&b), "équipe ñ");
	buf_free(&b);
}
END_TEST

START_TEST(merge_by_id_name_and_aliases)
{
	struct dict *d = load("actor\tAPT29\tCozy Bear|NOBELIUM\tRU\tG0016\n"
			      /* same id */
			      "actor\tMidnight Blizzard\tThe Dukes\t-\tG0016\n"
			      /* name is a known alias */
			      "actor\tCozy Bear\tCozyDuke\t-\t-\n"
			      /* an alias is a canonical name */
			      "actor\tDark Halo\tAPT29\t-\t-\n"
			      /* two shared aliases */
			      "actor\tUNC2452\tNOBELIUM|The Dukes\t-\t-\n"
			      /* one shared alias only: another group, the alias is shared */
			      "actor\tSomeone Else\tCozyDuke\tIR\t-\n");
	ck_assert_uint_eq(count_kind(d, KIND_ACTOR), 2);
	const struct dict_entity *a = dict_lookup(d, KIND_ACTOR, "midnight blizzard");
	ck_assert_str_eq(a->name, "APT29");
	ck_assert_str_eq(a->country, "RU");
	ck_assert_ptr_eq(dict_lookup(d, KIND_ACTOR, "dark halo"), a);
	ck_assert_ptr_eq(dict_lookup(d, KIND_ACTOR, "unc2452"), a);
	size_t v[4];
	ck_assert_uint_eq(dict_find_all(d, KIND_ACTOR, "CozyDuke", v, 4), 2);
	struct buf r = BUF_INIT;
	size_t shared, common;
	ck_assert_int_eq(dict_check_report(d, &r, &shared, &common), 0);
	ck_assert_uint_eq(shared, 1);
	ck_assert_msg(strstr(buf_str(&r), "\"cozyduke\"") && strstr(buf_str(&r), "otherwise APT29"), "%s", buf_str(&r));
	buf_free(&r);
	dict_free(d);
}
END_TEST

START_TEST(products_merge_only_with_their_vendor)
{
	struct dict *d = load("product\tAcme Gateway\tGateway X\tAcme\t-\n"
			      "product\tGateway X\t-\tOther Corp\t-\n"
			      "product\tGateway X\tAcme GW\tAcme\t-\n");
	ck_assert_uint_eq(count_kind(d, KIND_PRODUCT), 2);
	ck_assert_str_eq(dict_lookup(d, KIND_PRODUCT, "acme gw")->name, "Acme Gateway");
	dict_free(d);
}
END_TEST

START_TEST(common_lines_flag_aliases)
{
	struct dict *d = load("product\tOrion Suite\tOrion\tSolarWinds\t-\ncommon\t-\tOrion|Teams\n"
			      "product\tTeams App\tTeams\tMicrosoft\t-\n");
	const struct dict_entity *o = dict_lookup(d, KIND_PRODUCT, "orion");
	ck_assert_uint_eq(dict_alias_flags(d, dict_index(d, o), 1), ALIAS_COMMON | ALIAS_CASE);
	const struct dict_entity *t = dict_lookup(d, KIND_PRODUCT, "teams");
	ck_assert_uint_eq(dict_alias_flags(d, dict_index(d, t), 1), ALIAS_COMMON | ALIAS_CASE);
	dict_free(d);
}
END_TEST

START_TEST(fingerprint_follows_content)
{
	struct dict *a = load("vendor\tAcme\t-\t-\t-\n"), *b = load("vendor\tAcme\t-\t-\t-\n");
	ck_assert(dict_fingerprint(a) == dict_fingerprint(b));
	struct err e;
	const char *more = "vendor\tAcme\tAcme Corp\t-\t-\n";
	ck_assert_int_eq(dict_load(b, more, strlen(more), "m", &e), 0);
	ck_assert(dict_fingerprint(a) != dict_fingerprint(b));
	dict_free(a), dict_free(b);
}
END_TEST

/* ---- the bundled dictionaries ------------------------------------------------ */

static struct dict *bundled(void)
{
	struct dict *d = dict_new();
	struct err e;
	ck_assert_msg(dict_load_bundled(d, &e) == 0, "%s", e.msg);
	return d;
}

START_TEST(bundled_coverage)
{
	struct dict *d = bundled();
	ck_assert_uint_ge(count_kind(d, KIND_ACTOR), 150);
	ck_assert_uint_ge(count_kind(d, KIND_VENDOR), 200);
	ck_assert_uint_ge(count_kind(d, KIND_PRODUCT), 400);
	static const char *const want[][2] = {
		{"Silk Typhoon", "HAFNIUM"},        {"Hafnium", "HAFNIUM"},       {"Midnight Blizzard", "APT29"},
		{"Cozy Bear", "APT29"},             {"Forest Blizzard", "APT28"}, {"Fancy Bear", "APT28"},
		{"Seashell Blizzard", "Sandworm Team"}, {"Diamond Sleet", "Lazarus Group"},
		{"LockBit", "LockBit"},             {"Clop", "Cl0p"},             {"BlackCat", "ALPHV"},
		{"Black Basta", "Black Basta"},     {"Akira", "Akira"},           {"Conti", "Conti"},
		{"REvil", "GOLD SOUTHFIELD"},       {"Scattered Spider", "Scattered Spider"},
		{"Octo Tempest", "Scattered Spider"}, {"Storm 0558", "Storm-0558"}};
	for (size_t i = 0; i < sizeof want / sizeof *want; i++) {
		const struct dict_entity *x = dict_lookup(d, KIND_ACTOR, want[i][0]);
		ck_assert_msg(x && strcmp(x->name, want[i][1]) == 0, "%s -> %s, want %s", want[i][0],
			      x ? x->name : "nothing", want[i][1]);
	}
	ck_assert_str_eq(dict_lookup(d, KIND_ACTOR, "HAFNIUM")->ids, "G0125");
	const struct dict_entity *x = dict_lookup(d, KIND_PRODUCT, "MS Exchange");
	ck_assert_str_eq(x->name, "Microsoft Exchange Server");
	ck_assert_str_eq(x->vendor, "Microsoft");
	dict_free(d);
}
END_TEST

static json_t *load_json(const char *rel)
{
	char path[4096];
	snprintf(path, sizeof path, "%s/%s", shared_dir(), rel);
	json_error_t je;
	json_t *j = json_load_file(path, 0, &je);
	ck_assert_msg(j != NULL, "%s: %s", path, je.text);
	return j;
}

START_TEST(bundled_has_every_kev_vendor)
{
	struct dict *d = bundled();
	json_t *kev = load_json("intel/cisa-kev/known_exploited_vulnerabilities.json"), *v;
	size_t i, n = 0;
	json_array_foreach(json_object_get(kev, "vulnerabilities"), i, v)
	{
		const char *raw = json_string_value(json_object_get(v, "vendorProject"));
		char id[512];
		struct buf k = BUF_INIT;
		int sep = 0;
		for (const char *p = raw; *p; p++) {
			if (isalnum((unsigned char)*p)) {
				if (sep && k.len)
					buf_putc(&k, '_');
				buf_putc(&k, (char)tolower((unsigned char)*p));
				sep = 0;
			} else {
				sep = 1;
			}
		}
		snprintf(id, sizeof id, "cpe:%s", buf_str(&k));
		buf_free(&k);
		ck_assert_msg(dict_find_id(d, KIND_VENDOR, id) != (size_t)-1 || dict_lookup(d, KIND_VENDOR, raw),
			      "KEV vendor '%s' is not in the bundled vendors", raw);
		n++;
	}
	ck_assert_uint_gt(n, 1000);
	json_decref(kev);
	dict_free(d);
}
END_TEST

/* Owners: normalised alias -> the G-numbers a source gives it, as "G0001 G0002 ". */
struct owners {
	json_t *map; /* object: norm -> string of ids */
};

static void own(json_t *map, const char *alias, const char *gid)
{
	struct buf n = BUF_INIT;
	dict_norm(alias, &n);
	json_t *cur = json_object_get(map, buf_str(&n));
	char ids[4096];
	snprintf(ids, sizeof ids, "%s%s ", cur ? json_string_value(cur) : "", gid);
	if (!cur || !strstr(json_string_value(cur), gid))
		json_object_set_new(map, buf_str(&n), json_string(ids));
	buf_free(&n);
}

START_TEST(bundled_aliases_agree_with_intel)
{
	struct dict *d = bundled();
	json_t *mitre = json_object(), *misp = json_object();
	/* MITRE ATT&CK: every alias of every live intrusion set */
	static const char *const domains[] = {"enterprise-attack", "ics-attack", "mobile-attack"};
	for (int k = 0; k < 3; k++) {
		char dir[4096];
		snprintf(dir, sizeof dir, "%s/intel/mitre-attack/%s/intrusion-set", shared_dir(), domains[k]);
		DIR *dh = opendir(dir);
		ck_assert_ptr_nonnull(dh);
		struct dirent *de;
		while ((de = readdir(dh))) {
			if (de->d_name[0] == '.')
				continue;
			char rel[4096];
			snprintf(rel, sizeof rel, "intel/mitre-attack/%s/intrusion-set/%s", domains[k], de->d_name);
			json_t *b = load_json(rel), *o;
			size_t i;
			json_array_foreach(json_object_get(b, "objects"), i, o)
			{
				if (json_is_true(json_object_get(o, "revoked")) ||
				    json_is_true(json_object_get(o, "x_mitre_deprecated")))
					continue;
				json_t *ref = json_array_get(json_object_get(o, "external_references"), 0), *a;
				const char *gid = json_string_value(json_object_get(ref, "external_id"));
				size_t j;
				json_array_foreach(json_object_get(o, "aliases"), j, a) own(mitre, json_string_value(a), gid);
			}
			json_decref(b);
		}
		closedir(dh);
	}
	/* MISP threat-actor: synonyms of entries that name their G-number */
	json_t *ta = load_json("intel/misp-galaxy/clusters/threat-actor.json"), *v;
	size_t i;
	json_array_foreach(json_object_get(ta, "values"), i, v)
	{
		json_t *syn = json_object_get(json_object_get(v, "meta"), "synonyms"), *s;
		const char *gid = NULL;
		size_t j, ng = 0;
		json_array_foreach(syn, j, s)
		{
			const char *x = json_string_value(s);
			if (x[0] == 'G' && strlen(x) == 5 && isdigit((unsigned char)x[1]))
				gid = x, ng++;
		}
		if (ng != 1)
			continue;
		own(misp, json_string_value(json_object_get(v, "value")), gid);
		json_array_foreach(syn, j, s) own(misp, json_string_value(s), gid);
	}
	json_decref(ta);
	size_t checked = 0, bad = 0;
	for (size_t e = 0; e < dict_size(d); e++) {
		const struct dict_entity *x = dict_get(d, e);
		if (x->kind != KIND_ACTOR)
			continue;
		for (size_t k = 0; k < x->naliases; k++) {
			struct buf n = BUF_INIT;
			dict_norm(x->aliases[k], &n);
			json_t *srcs[2] = {json_object_get(mitre, buf_str(&n)), json_object_get(misp, buf_str(&n))};
			for (int s = 0; s < 2; s++) {
				if (!srcs[s])
					continue;
				checked++;
				/* the alias must belong to (one of) the groups the source names */
				int ok = 0;
				const char *ids = json_string_value(srcs[s]);
				for (const char *p = ids; *p; p += 6)
					if (x->ids && strstr(x->ids, (char[6]){p[0], p[1], p[2], p[3], p[4], 0}))
						ok = 1;
				/* where MITRE and MISP disagree, MITRE (the canonical source) wins */
				if (!ok && s == 1 && srcs[0])
					ok = 1;
				if (!ok) {
					bad++;
					printf("intel: alias \"%s\" of %s (%s) is %s's %s\n", x->aliases[k], x->name,
					       x->ids ? x->ids : "no id", s ? "MISP" : "MITRE", ids);
				}
			}
			buf_free(&n);
		}
	}
	printf("intel: %zu alias checks against MITRE ATT&CK and MISP, %zu disagreements\n", checked, bad);
	ck_assert_uint_gt(checked, 500);
	ck_assert_uint_eq(bad, 0);
	json_decref(mitre), json_decref(misp);
	dict_free(d);
}
END_TEST

/* ---- import ------------------------------------------------------------------------ */

static char *convert(const char *rel, size_t *count, const char **format)
{
	size_t n;
	char *data = read_shared(rel, &n);
	struct buf out = BUF_INIT;
	struct err e;
	ck_assert_msg(dict_import_convert(data, n, rel, &out, count, format, &e) == 0, "%s", e.msg);
	free(data);
	return buf_detach(&out);
}

START_TEST(import_everything_no_second_hafnium)
{
	struct dict *d = bundled();
	static const char *const files[] = {
		"intel/misp-galaxy/clusters/threat-actor.json", "intel/misp-galaxy/clusters/microsoft-activity-group.json",
		"intel/misp-galaxy/clusters/mitre-intrusion-set.json", "intel/misp-galaxy/clusters/ransomware.json",
		"intel/cisa-kev/known_exploited_vulnerabilities.json", "intel/cisa-kev/known_exploited_vulnerabilities.csv"};
	size_t before = count_kind(d, KIND_ACTOR);
	for (size_t i = 0; i < sizeof files / sizeof *files; i++) {
		size_t count;
		const char *format;
		char *lines = convert(files[i], &count, &format);
		ck_assert_uint_gt(count, 100);
		struct err e;
		ck_assert_msg(dict_load(d, lines, strlen(lines), files[i], &e) == 0, "%s", e.msg);
		free(lines);
	}
	ck_assert_uint_gt(count_kind(d, KIND_ACTOR), before + 300);
	static const char *const one[] = {"HAFNIUM", "Silk Typhoon", "APT29", "Midnight Blizzard", "APT28",
					  "Forest Blizzard", "Lazarus Group", "Sandworm Team"};
	for (size_t i = 0; i < sizeof one / sizeof *one; i++) {
		size_t v[8];
		size_t n = dict_find_all(d, KIND_ACTOR, one[i], v, 8);
		ck_assert_msg(n == 1, "%zu actors named %s after importing ../shared/intel", n, one[i]);
	}
	ck_assert_str_eq(dict_lookup(d, KIND_ACTOR, "Silk Typhoon")->name, "HAFNIUM");
	ck_assert_uint_eq(dict_find_id(d, KIND_ACTOR, "G0125"), dict_index(d, dict_lookup(d, KIND_ACTOR, "HAFNIUM")));
	/* the KEV import adds no vendor: every one is bundled already */
	size_t vendors = count_kind(d, KIND_VENDOR);
	struct dict *b = bundled();
	ck_assert_uint_eq(vendors, count_kind(b, KIND_VENDOR));
	dict_free(b);
	/* imports do not change the flags of bundled names */
	const struct dict_entity *x = dict_lookup(d, KIND_PRODUCT, "Exchange Server");
	ck_assert_str_eq(x->name, "Microsoft Exchange Server");
	for (size_t k = 0; k < x->naliases; k++)
		if (strcmp(x->aliases[k], "Exchange Server") == 0)
			ck_assert_uint_eq(dict_alias_flags(d, dict_index(d, x), k), 0);
	dict_free(d);
}
END_TEST

START_TEST(import_kev_csv_equals_json)
{
	size_t nj, nc;
	const char *fj, *fc;
	char *j = convert("intel/cisa-kev/known_exploited_vulnerabilities.json", &nj, &fj);
	char *c = convert("intel/cisa-kev/known_exploited_vulnerabilities.csv", &nc, &fc);
	ck_assert_str_eq(fj, "CISA KEV (JSON)");
	ck_assert_str_eq(fc, "CISA KEV (CSV)");
	ck_assert_uint_eq(nj, nc);
	ck_assert_str_eq(j, c);
	ck_assert_msg(strstr(j, "product\tMicrosoft Exchange Server\t?Exchange Server\tMicrosoft\tcpe:microsoft:exchange_server\n"),
		      "no Exchange Server line");
	free(j), free(c);
}
END_TEST

START_TEST(import_stix_object_bundle_and_revoked)
{
	const char *obj = "{\"type\":\"intrusion-set\",\"name\":\"Test Group\",\"aliases\":[\"Test Group\",\"Tester Bear\",\"x\"],"
			  "\"external_references\":[{\"source_name\":\"mitre-attack\",\"external_id\":\"G9999\"}]}";
	const char *bundle = "{\"type\":\"bundle\",\"objects\":[{\"type\":\"intrusion-set\",\"name\":\"Old\",\"revoked\":true},"
			     "{\"type\":\"intrusion-set\",\"name\":\"Dep\",\"x_mitre_deprecated\":true},"
			     "{\"type\":\"malware\",\"name\":\"M\"},"
			     "{\"type\":\"intrusion-set\",\"name\":\"Live Group\",\"aliases\":[\"Live Group\"]}]}";
	struct buf out = BUF_INIT;
	size_t n;
	const char *f;
	struct err e;
	ck_assert_int_eq(dict_import_convert(obj, strlen(obj), "o.json", &out, &n, &f, &e), 0);
	ck_assert_uint_eq(n, 1);
	ck_assert_str_eq(buf_str(&out), "actor\tTest Group\tTester Bear\t-\tG9999\n");
	buf_reset(&out);
	ck_assert_int_eq(dict_import_convert(bundle, strlen(bundle), "b.json", &out, &n, &f, &e), 0);
	ck_assert_uint_eq(n, 1);
	ck_assert_str_eq(buf_str(&out), "actor\tLive Group\t-\t-\t-\n");
	buf_free(&out);
}
END_TEST

START_TEST(import_rejects_what_it_does_not_know)
{
	struct buf out = BUF_INIT;
	size_t n;
	const char *f;
	struct err e;
	ck_assert_int_eq(dict_import_convert("hello", 5, "a.txt", &out, &n, &f, &e), -1);
	ck_assert_msg(strstr(e.msg, "a.txt"), "%s", e.msg);
	ck_assert_int_eq(dict_import_convert("{\"x\":", 5, "b.json", &out, &n, &f, &e), -1);
	ck_assert_msg(strstr(e.msg, "b.json") && strstr(e.msg, "JSON"), "%s", e.msg);
	const char *g = "{\"type\":\"sector\",\"values\":[]}";
	ck_assert_int_eq(dict_import_convert(g, strlen(g), "c.json", &out, &n, &f, &e), -1);
	ck_assert_msg(strstr(e.msg, "sector"), "%s", e.msg);
	ck_assert_uint_eq(out.len, 0);
	buf_free(&out);
}
END_TEST

START_TEST(import_misp_galaxy)
{
	size_t n;
	const char *f;
	char *l = convert("intel/misp-galaxy/clusters/mitre-intrusion-set.json", &n, &f);
	ck_assert_str_eq(f, "mitre-intrusion-set");
	ck_assert_msg(strstr(l, "actor\tHAFNIUM\t") && strstr(l, "\tG0125\n"), "HAFNIUM line missing");
	ck_assert_msg(!strstr(l, " - G0125"), "the ' - Gnnnn' suffix was kept");
	free(l);
	l = convert("intel/misp-galaxy/clusters/ransomware.json", &n, &f);
	ck_assert_msg(strstr(l, "product\tVortex Ransomware\t?Vortex"), "ransomware stem not flagged");
	free(l);
}
END_TEST

static Suite *make_suite(void)
{
	Suite *s = suite_create("dict");
	TCase *tc = tcase_create("format");
	tcase_add_test(tc, format_fields_and_flags);
	tcase_add_test(tc, format_errors_name_the_line);
	tcase_add_test(tc, norm_folds_case_and_separators);
	tcase_add_test(tc, merge_by_id_name_and_aliases);
	tcase_add_test(tc, products_merge_only_with_their_vendor);
	tcase_add_test(tc, common_lines_flag_aliases);
	tcase_add_test(tc, fingerprint_follows_content);
	suite_add_tcase(s, tc);
	tc = tcase_create("bundled");
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, bundled_coverage);
	tcase_add_test(tc, bundled_has_every_kev_vendor);
	tcase_add_test(tc, bundled_aliases_agree_with_intel);
	suite_add_tcase(s, tc);
	tc = tcase_create("import");
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, import_everything_no_second_hafnium);
	tcase_add_test(tc, import_kev_csv_equals_json);
	tcase_add_test(tc, import_stix_object_bundle_and_revoked);
	tcase_add_test(tc, import_rejects_what_it_does_not_know);
	tcase_add_test(tc, import_misp_galaxy);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return run_suite(make_suite()) ? 1 : 0;
}
