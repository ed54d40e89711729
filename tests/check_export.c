/* check_export.c: the CSV, JSON lines and STIX writers (src/export/). */
#include <jansson.h>
#include <stdint.h>
#include <unistd.h>

#include "export/export.h"
#include "export/uuid.h"
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

/* Run CMD; return what it printed on stdout and stderr (caller frees) and
 * store its wait status in *STATUS. */
static char *run_status(const char *cmd, int *status)
{
	char full[8192];
	snprintf(full, sizeof full, "%s 2>&1", cmd);
	FILE *p = popen(full, "r");
	ck_assert_ptr_nonnull(p);
	struct buf b = BUF_INIT;
	char chunk[4096];
	size_t k;
	while ((k = fread(chunk, 1, sizeof chunk, p)) > 0)
		buf_append(&b, chunk, k);
	*status = pclose(p);
	return buf_detach(&b);
}

/* Run CMD and return what it printed (caller frees); fails the test when it
 * exits non-zero. */
static char *run_capture(const char *cmd)
{
	int st;
	char *s = run_status(cmd, &st);
	ck_assert_msg(st == 0, "'%s' failed (status %d): %s", cmd, st, s);
	return s;
}

static const char *const tricky_actors[] = {"APT28", "Fancy Bear, \"Sofacy\""};
static const char *const tricky_vendors[] = {"=Evil()"};
static const char *const tricky_products[] = {"Exchange Server", "Outlook\nWeb"};
static const char *const tricky_cves[] = {"CVE-2021-26855", "CVE-2021-27065"};

static const struct export_record tricky[] = {
	{.id = 1, .published = "2021-03-02", .ingested = "2024-05-01T08:00:00Z", .site = "Site, Inc.",
	 .title = "He said \"patch now\", twice\r\nand left", .url = "https://example.test/a?x=1,2",
	 .actors = {tricky_actors, 2}, .vendors = {tricky_vendors, 1},
	 .products = {tricky_products, 2}, .cves = {tricky_cves, 2}},
	{.id = 2, .published = NULL, .site = "+plus", .title = "@mention -dash \xe4\xb8\xad\xe6\x96\x87 \xc3\xa9",
	 .url = "-http://x", .actors = {NULL, 0}},
	{.id = 3, .published = "2021-03-03T10:00:00Z", .site = "\tTab", .title = "bad \xff utf8",
	 .url = "\rcr"},
};

/* What each row of TRICKY should read back as. */
static const char *const tricky_want[][10] = {
	{"1", "2021-03-02", "2024-05-01T08:00:00Z", "Site, Inc.", "He said \"patch now\", twice\r\nand left",
	 "https://example.test/a?x=1,2", "APT28; Fancy Bear, \"Sofacy\"", "'=Evil()",
	 "Exchange Server; Outlook\nWeb", "CVE-2021-26855; CVE-2021-27065"},
	{"2", "", "", "'+plus", "'@mention -dash \xe4\xb8\xad\xe6\x96\x87 \xc3\xa9", "'-http://x", "", "", "", ""},
	{"3", "2021-03-03T10:00:00Z", "", "'\tTab", "bad \xef\xbf\xbd utf8", "'\rcr", "", "", "", ""},
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

	static const char *const header[] = {"id", "published", "ingested", "site", "title", "url",
					     "actors", "vendors", "products", "cves"};
	for (size_t r = 0; r < json_array_size(rows); r++) {
		json_t *row = json_array_get(rows, r);
		ck_assert_int_eq(json_array_size(row), 10);
		for (size_t c = 0; c < 10; c++) {
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

/* The SHA-1 of the N bytes at P in hex. */
static void sha1_is(const void *p, size_t n, const char *want)
{
	struct sha1 c;
	unsigned char d[20];
	char hex[41];
	sha1_init(&c);
	sha1_update(&c, p, n);
	sha1_final(&c, d);
	for (int i = 0; i < 20; i++)
		snprintf(hex + 2 * i, 3, "%02x", d[i]);
	ck_assert_str_eq(hex, want);
}

START_TEST(sha1_matches_fips_180_vectors)
{
	sha1_is("", 0, "da39a3ee5e6b4b0d3255bfef95601890afd80709");
	sha1_is("abc", 3, "a9993e364706816aba3e25717850c26c9cd0d89d");
	const char *two = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
	sha1_is(two, strlen(two), "84983e441c3bd26ebaae4aa1f95129e5e54670f1");
	/* RFC 3174 test 4: "01234567" 80 times (640 bytes, several blocks). */
	char rep[641];
	for (int i = 0; i < 80; i++)
		memcpy(rep + 8 * i, "01234567", 8);
	sha1_is(rep, 640, "dea356a2cddd90c7a7ecedc5ebb563934f460452");
	/* One million 'a', fed in uneven pieces: block boundaries inside updates. */
	struct sha1 c;
	sha1_init(&c);
	char a[997];
	memset(a, 'a', sizeof a);
	size_t left = 1000000;
	for (size_t k = 1; left; k = (k * 7 + 13) % sizeof a + 1) {
		size_t m = k < left ? k : left;
		sha1_update(&c, a, m);
		left -= m;
	}
	unsigned char d[20];
	sha1_final(&c, d);
	static const unsigned char want[20] = {0x34, 0xaa, 0x97, 0x3c, 0xd4, 0xc4, 0xda, 0xa4, 0xf6, 0x1e,
					       0xeb, 0x2b, 0xdb, 0xad, 0x27, 0x31, 0x65, 0x34, 0x01, 0x6f};
	ck_assert_mem_eq(d, want, 20);
	/* 55, 56 and 64 bytes: the padding edge cases. */
	sha1_is(a, 55, "c1c8bbdc22796e28c0e15163d20899b65621d65a");
	sha1_is(a, 56, "c2db330f6083854c99d4b5bfb6e8f29f201be699");
	sha1_is(a, 64, "0098ba824b5c16427bd7a1122a5a442a25ec644d");
}
END_TEST

START_TEST(uuid5_matches_rfc_4122_examples)
{
	char out[37];
	ck_assert_str_eq(uuid5(UUID_NS_DNS, "python.org", 10, out), "886313e1-3b8a-5372-9b90-0c9aee199e5d");
	unsigned char u[16];
	ck_assert_int_eq(uuid_parse("6BA7B810-9dad-11d1-80b4-00c04fd430c8", u), 0);
	ck_assert_mem_eq(u, UUID_NS_DNS, 16);
	ck_assert_str_eq(uuid_format(u, out), "6ba7b810-9dad-11d1-80b4-00c04fd430c8");
	ck_assert_int_eq(uuid_parse("6ba7b810-9dad-11d1-80b4-00c04fd430c", u), -1);
	ck_assert_int_eq(uuid_parse("6ba7b810x9dad-11d1-80b4-00c04fd430c8", u), -1);
	ck_assert_int_eq(uuid_parse("6ba7b810-9dad-11d1-80b4-00c04fd430c8a", u), -1);
	ck_assert_int_eq(uuid_parse("6ba7b810-9dad-11d1-80b4-00c04fd430g8", u), -1);
	/* In pieces: the same as in one go. */
	struct sha1 c;
	char out2[37];
	uuid5_begin(&c, UUID_NS_DNS);
	sha1_update(&c, "python", 6);
	sha1_update(&c, ".org", 4);
	ck_assert_str_eq(uuid5_end(&c, out2), "886313e1-3b8a-5372-9b90-0c9aee199e5d");
}
END_TEST

/* export_json_string(S) gives WANT. */
static void jstr_is(const char *s, const char *want)
{
	struct buf b = BUF_INIT;
	ck_assert_int_eq(export_json_string(&b, s), 0);
	ck_assert_str_eq(buf_str(&b), want);
	buf_free(&b);
}

START_TEST(json_string_escapes)
{
	jstr_is(NULL, "null");
	jstr_is("", "\"\"");
	jstr_is("plain", "\"plain\"");
	jstr_is("q\"b\\s/", "\"q\\\"b\\\\s/\"");
	jstr_is("a\nb\rc\td", "\"a\\nb\\rc\\td\"");
	jstr_is("\x01\x1f\x7f\x08\x0c", "\"\\u0001\\u001f\\u007f\\u0008\\u000c\"");
	jstr_is("caf\xc3\xa9 \xe4\xb8\xad \xf0\x9f\x98\x80", "\"caf\xc3\xa9 \xe4\xb8\xad \xf0\x9f\x98\x80\"");
	jstr_is("x\xe2\x80\xa8y", "\"x\\u2028y\"");
	jstr_is("bad\xff\xc3(", "\"bad\xef\xbf\xbd\xef\xbf\xbd(\"");
	jstr_is("\xed\xa0\x80", "\"\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\""); /* surrogate */
	jstr_is("trunc\xe4\xb8", "\"trunc\xef\xbf\xbd\xef\xbf\xbd\"");
}
END_TEST

/* Check that JSON array A holds exactly the N strings of V. */
static void array_is(json_t *a, const char *const *v, size_t n)
{
	ck_assert(json_is_array(a));
	ck_assert_int_eq(json_array_size(a), n);
	for (size_t i = 0; i < n; i++)
		ck_assert_str_eq(json_string_value(json_array_get(a, i)), v[i]);
}

START_TEST(json_lines_round_trip_through_jansson)
{
	static const char *const actors[] = {"HAFNIUM", "APT \"40\""};
	static const char *const cves[] = {"CVE-2021-26855"};
	static const struct export_record recs[] = {
		{.id = 42, .published = "2021-03-02T14:05:00Z", .site = "News\tSite",
		 .title = "Line\none \"quoted\" \\ back \x01 ctl \xe4\xb8\xad", .url = "https://x.test/?a=1&b=2",
		 .author = "A; B", .lang = "en", .description = "d",
		 .body = "para one\n\npara two \xff bad", .actors = {actors, 2}, .cves = {cves, 1}},
		{.id = -7},
	};
	FILE *f = tmpfile();
	ck_assert_ptr_nonnull(f);
	for (size_t i = 0; i < 2; i++)
		ck_assert_int_eq(json_write_record(f, &recs[i]), 0);
	rewind(f);
	char line[8192];

	ck_assert_ptr_nonnull(fgets(line, sizeof line, f));
	ck_assert(line[strlen(line) - 1] == '\n');
	json_error_t je;
	json_t *o = json_loads(line, JSON_REJECT_DUPLICATES, &je);
	ck_assert_msg(o != NULL, "%s: %s", je.text, line);
	ck_assert_int_eq(json_integer_value(json_object_get(o, "id")), 42);
	ck_assert_str_eq(json_string_value(json_object_get(o, "published")), "2021-03-02T14:05:00Z");
	ck_assert_str_eq(json_string_value(json_object_get(o, "site")), "News\tSite");
	ck_assert_str_eq(json_string_value(json_object_get(o, "title")),
			 "Line\none \"quoted\" \\ back \x01 ctl \xe4\xb8\xad");
	ck_assert_str_eq(json_string_value(json_object_get(o, "url")), "https://x.test/?a=1&b=2");
	ck_assert_str_eq(json_string_value(json_object_get(o, "author")), "A; B");
	ck_assert_str_eq(json_string_value(json_object_get(o, "lang")), "en");
	ck_assert_str_eq(json_string_value(json_object_get(o, "description")), "d");
	ck_assert_str_eq(json_string_value(json_object_get(o, "body")), "para one\n\npara two \xef\xbf\xbd bad");
	array_is(json_object_get(o, "actors"), actors, 2);
	array_is(json_object_get(o, "vendors"), NULL, 0);
	array_is(json_object_get(o, "products"), NULL, 0);
	array_is(json_object_get(o, "cves"), cves, 1);
	json_decref(o);

	ck_assert_ptr_nonnull(fgets(line, sizeof line, f));
	o = json_loads(line, JSON_REJECT_DUPLICATES, &je);
	ck_assert_msg(o != NULL, "%s: %s", je.text, line);
	ck_assert_int_eq(json_integer_value(json_object_get(o, "id")), -7);
	ck_assert(json_is_null(json_object_get(o, "title")));
	ck_assert(json_is_null(json_object_get(o, "body")));
	array_is(json_object_get(o, "actors"), NULL, 0);
	json_decref(o);
	ck_assert_ptr_null(fgets(line, sizeof line, f));
	fclose(f);
}
END_TEST

/* ---- STIX ---------------------------------------------------------------- */

static const char *const hafnium_aliases[] = {"HAFNIUM", "Hafnium", "Silk Typhoon", "silk  typhoon"};
static const char *const exchange_aliases[] = {"Exchange Server", "Exchange"};
static const struct export_entity ents1[] = {
	{.kind = "actor", .name = "HAFNIUM", .country = "CN", .ids = "G0125 other:1",
	 .aliases = {hafnium_aliases, 4}},
	{.kind = "vendor", .name = "Microsoft"},
	{.kind = "product", .name = "Exchange Server", .vendor = "Microsoft", .aliases = {exchange_aliases, 2}},
	{.kind = "technique", .name = "T1190"},
};
static const char *const s_actors1[] = {"HAFNIUM"};
static const char *const s_vendors1[] = {"Microsoft", "SolarWinds"};
static const char *const s_products1[] = {"Exchange Server"};
static const char *const s_cves1[] = {"CVE-2021-26855", "cve-2021-27065"};
static const char *const s_vendors2[] = {"Microsoft"};
static const char *const s_products2[] = {"Outlook \"Web\" \xc3\xa9"};
static const char *const s_actors4[] = {"Unknown\x01 Group"};
static const char *const s_cves4[] = {"CVE-2021-0001", "CVE-21-1"};

static const struct export_record stix_recs[] = {
	{.id = 1, .url = "https://news.test/hafnium", .published = "2021-03-02", .site = "News Site",
	 .title = "Hackers target \"email\"", .description = "Microsoft says, twice.", .lang = "en",
	 .actors = {s_actors1, 1}, .vendors = {s_vendors1, 2}, .products = {s_products1, 1},
	 .cves = {s_cves1, 2}, .entities = ents1, .nentities = 4},
	{.id = 2, .url = "https://other.test/b?q=a b&x=\xc3\xa9", .published = "Tue, 02 Mar 2021 14:05:00 GMT",
	 .site = "cve", .title = "Again", .actors = {s_actors1, 1}, .vendors = {s_vendors2, 1},
	 .products = {s_products2, 1}, .entities = ents1, .nentities = 1},
	{.id = 3, .site = "Quiet \"Blog\"", .title = NULL, .published = "not a date"},
	{.id = 4, .url = "/var/pages/page.html", .title = "bad \xff title\x02", .site = NULL,
	 .actors = {s_actors4, 1}, .cves = {s_cves4, 2}},
};
#define NSTIX (sizeof stix_recs / sizeof *stix_recs)

/* Write a bundle of the N records at R to a new temp file; its path in PATH. */
static void write_bundle(const struct export_record *r, size_t n, char *path, size_t len)
{
	FILE *f = temp_file(path, len);
	struct stix_writer *w = stix_begin(f);
	ck_assert_ptr_nonnull(w);
	for (size_t i = 0; i < n; i++)
		ck_assert_int_eq(stix_add(w, &r[i]), 0);
	ck_assert_int_eq(stix_end(w), 0);
	ck_assert_int_eq(fclose(f), 0);
}

/* Run tests/stix_validate.py on PATH; its wait status, output in *OUT. */
static int validate(const char *path, char **out)
{
	char cmd[8192];
	snprintf(cmd, sizeof cmd, "/usr/bin/python3 tests/stix_validate.py '%s/stix/schemas' '%s'",
		 shared_dir(), path);
	int st;
	*out = run_status(cmd, &st);
	return st;
}

static json_t *load_json_file(const char *path)
{
	json_error_t je;
	json_t *j = json_load_file(path, JSON_REJECT_DUPLICATES, &je);
	ck_assert_msg(j != NULL, "%s:%d: %s", path, je.line, je.text);
	return j;
}

/* The objects of BUNDLE of type TYPE (NULL: any) whose member KEY is VALUE
 * (KEY NULL: all); how many in *N, the last one returned. */
static json_t *find_obj(json_t *bundle, const char *type, const char *key, const char *value, size_t *n)
{
	json_t *found = NULL;
	size_t i, count = 0;
	json_t *o;
	json_array_foreach(json_object_get(bundle, "objects"), i, o)
	{
		if (type && strcmp(json_string_value(json_object_get(o, "type")), type) != 0)
			continue;
		const char *v = key ? json_string_value(json_object_get(o, key)) : NULL;
		if (key && (!v || strcmp(v, value) != 0))
			continue;
		found = o;
		count++;
	}
	if (n)
		*n = count;
	return found;
}

static const char *sval(json_t *o, const char *key)
{
	const char *v = json_string_value(json_object_get(o, key));
	ck_assert_msg(v != NULL, "no string member %s", key);
	return v;
}

/* 1 if array A holds string S. */
static int holds(json_t *a, const char *s)
{
	size_t i;
	json_t *x;
	json_array_foreach(a, i, x) if (json_string_value(x) && strcmp(json_string_value(x), s) == 0) return 1;
	return 0;
}

START_TEST(stix_namespace_is_documented_derivation)
{
	char a[37], b[37];
	uuid5(UUID_NS_DNS, "stix.secnews.invalid", 20, a);
	ck_assert_str_eq(uuid_format(UUID_NS_SECNEWS, b), a);
	ck_assert_str_eq(uuid_format(UUID_NS_STIX_SCO, b), "00abedb4-aa42-466c-9c01-fed23315a9b7");
}
END_TEST

START_TEST(stix_bundle_validates_against_schemas)
{
	char path[4096];
	write_bundle(stix_recs, NSTIX, path, sizeof path);
	char *out;
	int st = validate(path, &out);
	unlink(path); /* before any assertion, so a failure leaves no file behind */
	ck_assert_msg(st == 0, "validator failed: %s", out);
	ck_assert_ptr_nonnull(strstr(out, "ok: "));
	free(out);
}
END_TEST

START_TEST(stix_validator_rejects_a_bad_bundle)
{
	/* A report without object_refs or published, and a dangling ref: the
	 * validator must say no, or the test above proves nothing. */
	char path[4096];
	FILE *f = temp_file(path, sizeof path);
	fputs("{\"type\":\"bundle\",\"id\":\"bundle--40a8994f-0d2b-54f6-b320-94f611959335\",\"objects\":[{"
	      "\"type\":\"report\",\"spec_version\":\"2.1\",\"id\":\"report--40a8994f-0d2b-54f6-b320-94f611959335\","
	      "\"created\":\"2021-03-02T00:00:00Z\",\"modified\":\"2021-03-02T00:00:00.000Z\",\"name\":\"x\"}]}\n",
	      f);
	ck_assert_int_eq(fclose(f), 0);
	char *out;
	int st = validate(path, &out);
	ck_assert_msg(st != 0, "validator accepted a bad bundle: %s", out);
	ck_assert_ptr_nonnull(strstr(out, "object_refs"));
	free(out);
	unlink(path);
}
END_TEST

START_TEST(stix_maps_articles_and_entities)
{
	char path[4096];
	write_bundle(stix_recs, NSTIX, path, sizeof path);
	json_t *b = load_json_file(path);
	unlink(path);
	ck_assert_str_eq(sval(b, "type"), "bundle");
	ck_assert_int_eq(strncmp(sval(b, "id"), "bundle--", 8), 0);
	size_t n;

	/* Each entity once, though two articles name it. */
	json_t *hafnium = find_obj(b, "intrusion-set", "name", "HAFNIUM", &n);
	ck_assert_int_eq(n, 1);
	json_t *aliases = json_object_get(hafnium, "aliases");
	ck_assert_int_eq(json_array_size(aliases), 1); /* case variants and repeats dropped */
	ck_assert(holds(aliases, "Silk Typhoon"));
	json_t *xref = json_array_get(json_object_get(hafnium, "external_references"), 0);
	ck_assert_str_eq(sval(xref, "source_name"), "mitre-attack");
	ck_assert_str_eq(sval(xref, "external_id"), "G0125");
	json_t *ms = find_obj(b, "identity", "name", "Microsoft", &n);
	ck_assert_int_eq(n, 1);
	ck_assert_str_eq(sval(ms, "identity_class"), "organization");
	json_t *exch = find_obj(b, "software", "name", "Exchange Server", &n);
	ck_assert_int_eq(n, 1);
	ck_assert_str_eq(sval(exch, "vendor"), "Microsoft");
	find_obj(b, "software", NULL, NULL, &n);
	ck_assert_int_eq(n, 2);
	json_t *v = find_obj(b, "vulnerability", "name", "CVE-2021-27065", &n); /* upper-cased */
	ck_assert_int_eq(n, 1);
	xref = json_array_get(json_object_get(v, "external_references"), 0);
	ck_assert_str_eq(sval(xref, "source_name"), "cve");
	ck_assert_str_eq(sval(xref, "external_id"), "CVE-2021-27065");
	v = find_obj(b, "vulnerability", "name", "CVE-21-1", &n); /* not a CVE id: no reference */
	ck_assert_int_eq(n, 1);
	ck_assert_ptr_null(json_object_get(v, "external_references"));
	find_obj(b, "vulnerability", NULL, NULL, &n);
	ck_assert_int_eq(n, 4);
	find_obj(b, "intrusion-set", NULL, NULL, &n);
	ck_assert_int_eq(n, 2);

	/* HAFNIUM targets Microsoft: once, though both articles support it. */
	const char *hid = sval(hafnium, "id"), *mid = sval(ms, "id");
	size_t i, targets = 0, related = 0;
	json_t *o;
	json_array_foreach(json_object_get(b, "objects"), i, o)
	{
		if (strcmp(sval(o, "type"), "relationship") != 0 || strcmp(sval(o, "source_ref"), hid) != 0)
			continue;
		if (strcmp(sval(o, "target_ref"), mid) == 0) {
			ck_assert_str_eq(sval(o, "relationship_type"), "targets");
			targets++;
		}
		if (strcmp(sval(o, "target_ref"), sval(exch, "id")) == 0) {
			ck_assert_str_eq(sval(o, "relationship_type"), "related-to");
			related++;
		}
	}
	ck_assert_int_eq(targets, 1);
	ck_assert_int_eq(related, 1);
	/* No relationship from an article without an actor, none between two vendors. */
	find_obj(b, "relationship", "source_ref", mid, &n);
	ck_assert_int_eq(n, 0);

	/* Reports. */
	json_t *r1 = find_obj(b, "report", "name", "Hackers target \"email\"", &n);
	ck_assert_int_eq(n, 1);
	ck_assert_str_eq(sval(r1, "published"), "2021-03-02T00:00:00Z");
	ck_assert_str_eq(sval(r1, "created"), "2021-03-02T00:00:00.000Z");
	ck_assert_str_eq(sval(r1, "modified"), "2021-03-02T00:00:00.000Z");
	ck_assert_str_eq(sval(r1, "description"), "Microsoft says, twice.");
	ck_assert(holds(json_object_get(r1, "report_types"), "threat-report"));
	json_t *refs = json_object_get(r1, "object_refs");
	ck_assert(holds(refs, hid) && holds(refs, mid) && holds(refs, sval(exch, "id")));
	ck_assert_int_eq(json_array_size(refs), 6 + 5); /* 6 named + HAFNIUM against the 5 others */
	xref = json_array_get(json_object_get(r1, "external_references"), 0);
	ck_assert_str_eq(sval(xref, "source_name"), "News Site");
	ck_assert_str_eq(sval(xref, "url"), "https://news.test/hafnium");
	char want[64], u[37];
	const char *key = "report:https://news.test/hafnium";
	snprintf(want, sizeof want, "report--%s", uuid5(UUID_NS_SECNEWS, key, strlen(key), u));
	ck_assert_str_eq(sval(r1, "id"), want);

	json_t *r2 = find_obj(b, "report", "name", "Again", &n);
	ck_assert_str_eq(sval(r2, "published"), "2021-03-02T14:05:00Z");
	xref = json_array_get(json_object_get(r2, "external_references"), 0);
	ck_assert_str_eq(sval(xref, "source_name"), "secnews"); /* "cve" is reserved */
	ck_assert_str_eq(sval(xref, "url"), "https://other.test/b?q=a%20b&x=%C3%A9");

	/* Names nothing: refers to its site; no date: the epoch; no title or URL. */
	json_t *r3 = find_obj(b, "report", "name", "(untitled)", &n);
	ck_assert_int_eq(n, 1);
	ck_assert_str_eq(sval(r3, "published"), "1970-01-01T00:00:00Z");
	refs = json_object_get(r3, "object_refs");
	ck_assert_int_eq(json_array_size(refs), 1);
	json_t *site = find_obj(b, "identity", "id", json_string_value(json_array_get(refs, 0)), &n);
	ck_assert_int_eq(n, 1);
	ck_assert_str_eq(sval(site, "name"), "Quiet \"Blog\"");
	ck_assert_ptr_null(json_object_get(r3, "external_references"));

	/* A file path is no URI: kept as a description; bad UTF-8 repaired. */
	json_t *r4 = find_obj(b, "report", "name", "bad \xef\xbf\xbd title\x02", &n);
	ck_assert_int_eq(n, 1);
	xref = json_array_get(json_object_get(r4, "external_references"), 0);
	ck_assert_str_eq(sval(xref, "description"), "/var/pages/page.html");
	ck_assert_ptr_null(json_object_get(xref, "url"));
	json_decref(b);
}
END_TEST

START_TEST(stix_ids_are_deterministic)
{
	char p1[4096], p2[4096], p3[4096];
	write_bundle(stix_recs, NSTIX, p1, sizeof p1);
	write_bundle(stix_recs, NSTIX, p2, sizeof p2);
	char *a = read_local(p1, NULL), *c = read_local(p2, NULL);
	ck_assert_str_eq(a, c); /* byte for byte */
	free(a);
	free(c);
	/* The second article alone: the same ids for what it shares. */
	write_bundle(&stix_recs[1], 1, p3, sizeof p3);
	json_t *all = load_json_file(p1), *one = load_json_file(p3);
	size_t n;
	ck_assert_str_eq(sval(find_obj(one, "report", "name", "Again", &n), "id"),
			 sval(find_obj(all, "report", "name", "Again", &n), "id"));
	ck_assert_str_eq(sval(find_obj(one, "intrusion-set", "name", "HAFNIUM", &n), "id"),
			 sval(find_obj(all, "intrusion-set", "name", "HAFNIUM", &n), "id"));
	ck_assert_str_eq(sval(find_obj(one, "relationship", "relationship_type", "targets", &n), "id"),
			 sval(find_obj(all, "relationship", "target_ref",
				       sval(find_obj(all, "identity", "name", "Microsoft", NULL), "id"), &n),
			      "id"));
	ck_assert_str_ne(sval(one, "id"), sval(all, "id")); /* other content, other bundle */
	json_decref(all);
	json_decref(one);
	unlink(p1);
	unlink(p2);
	unlink(p3);
}
END_TEST

START_TEST(stix_empty_bundle)
{
	char path[4096];
	write_bundle(NULL, 0, path, sizeof path);
	json_t *b = load_json_file(path);
	ck_assert_ptr_null(json_object_get(b, "objects")); /* the schema wants at least one if present */
	json_decref(b);
	char *out;
	int st = validate(path, &out);
	ck_assert_msg(st == 0, "validator failed: %s", out);
	free(out);
	unlink(path);
	stix_free(NULL);
	struct stix_writer *w = stix_begin(stdout);
	stix_free(w); /* nothing written, nothing leaked */
}
END_TEST

START_TEST(writers_report_write_errors)
{
	/* /dev/full refuses every write; unbuffered, the writer sees it at once. */
	FILE *f = fopen("/dev/full", "w");
	ck_assert_ptr_nonnull(f);
	setvbuf(f, NULL, _IONBF, 0);
	ck_assert_int_eq(csv_write_header(f), -1);
	ck_assert_int_eq(csv_write_record(f, &tricky[0]), -1);
	clearerr(f);
	ck_assert_int_eq(json_write_record(f, &tricky[0]), -1);
	clearerr(f);
	struct stix_writer *w = stix_begin(f);
	ck_assert_ptr_nonnull(w);
	ck_assert_int_eq(stix_add(w, &tricky[0]), 0); /* held in memory */
	ck_assert_int_eq(stix_end(w), -1);
	fclose(f);
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

	tc = tcase_create("uuid");
	tcase_add_test(tc, sha1_matches_fips_180_vectors);
	tcase_add_test(tc, uuid5_matches_rfc_4122_examples);
	suite_add_tcase(s, tc);

	tc = tcase_create("json");
	tcase_add_test(tc, json_string_escapes);
	tcase_add_test(tc, json_lines_round_trip_through_jansson);
	suite_add_tcase(s, tc);

	tc = tcase_create("stix");
	tcase_add_test(tc, stix_namespace_is_documented_derivation);
	tcase_add_test(tc, stix_bundle_validates_against_schemas);
	tcase_add_test(tc, stix_validator_rejects_a_bad_bundle);
	tcase_add_test(tc, stix_maps_articles_and_entities);
	tcase_add_test(tc, stix_ids_are_deterministic);
	tcase_add_test(tc, stix_empty_bundle);
	tcase_add_test(tc, writers_report_write_errors);
	tcase_set_timeout(tc, 60);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return run_suite(make_suite()) ? 1 : 0;
}
