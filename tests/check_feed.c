/* check_feed.c: tests of fetch/feed.c: RSS/RDF/Atom parsing, charsets, entity
 * bombs, HTML to text, OPML; the feedparser corpus read with its Expect: oracles. */
#include <dirent.h>
#include <stdint.h>
#include <strings.h>

#include "fetch/feed.h"
#include "testutil.h"
#include "util/utf8.h"

#define CORPUS "corpus/feeds/feedparser/"

/* Parse a string as a feed served from http://example.com/feed/. */
static int parse_str(const char *s, const char *ctype, struct feed *f, struct err *e)
{
	return feed_parse(s, strlen(s), ctype, "http://example.com/feed/", f, e);
}

/* Parse a corpus file, with the Content-Type of its Header: line if any. */
static int parse_corpus(const char *name, struct feed *f, struct err *e)
{
	char rel[256];
	size_t n;
	snprintf(rel, sizeof rel, CORPUS "%s", name);
	char *data = read_shared(rel, &n);
	int r = feed_parse(data, n, NULL, "http://example.com/feed/", f, e);
	free(data);
	return r;
}

static void assert_utf8(const char *s)
{
	if (s)
		ck_assert_msg(utf8_valid(s, strlen(s)), "not UTF-8: %s", s);
}

static void assert_feed_utf8(const struct feed *f)
{
	assert_utf8(f->title);
	assert_utf8(f->link);
	for (size_t i = 0; i < f->n; i++) {
		const struct feed_item *it = &f->items[i];
		assert_utf8(it->guid);
		assert_utf8(it->link);
		assert_utf8(it->title);
		assert_utf8(it->author);
		assert_utf8(it->published);
		assert_utf8(it->summary);
		assert_utf8(it->content);
	}
}

/* The value after "KEY:" in the leading comment, as ASCII (UTF-16 files
 * are read by dropping NUL bytes). */
static int header_field(const char *data, size_t n, const char *key, char *out, size_t outn)
{
	char ascii[2048];
	size_t k = 0;
	for (size_t i = 0; i < n && k + 1 < sizeof ascii; i++)
		if (data[i])
			ascii[k++] = data[i];
	ascii[k] = 0;
	const char *p = strstr(ascii, key);
	if (!p)
		return 0;
	p += strlen(key);
	while (*p == ' ' || *p == ':')
		p++;
	size_t len = strcspn(p, "\r\n");
	while (len && p[len - 1] == ' ')
		len--;
	snprintf(out, outn, "%.*s", (int)len, p);
	return 1;
}

/* Every corpus file: no crash, UTF-8 out, and the Expect: oracle's
 * "bozo" / "not bozo" and "encoding == 'X'" parts. */
START_TEST(corpus_oracles)
{
	char dir[4096];
	snprintf(dir, sizeof dir, "%s/" CORPUS, shared_dir());
	DIR *d = opendir(dir);
	ck_assert_msg(d != NULL, "no corpus at %s", dir);
	struct dirent *de;
	int files = 0, oracles = 0;
	while ((de = readdir(d))) {
		if (!strstr(de->d_name, ".xml"))
			continue;
		char rel[512];
		size_t n;
		snprintf(rel, sizeof rel, CORPUS "%s", de->d_name);
		char *data = read_shared(rel, &n);
		char expect[512] = "", header[256] = "", ctype[256] = "";
		header_field(data, n, "Expect:", expect, sizeof expect);
		if (header_field(data, n, "Header:", header, sizeof header) && strncasecmp(header, "Content-type", 12) == 0)
			snprintf(ctype, sizeof ctype, "%s", header + 13 + (header[13] == ' '));
		struct feed f;
		struct err e = {{0}};
		int r = feed_parse(data, n, ctype[0] ? ctype : NULL, "http://example.com/", &f, &e);
		files++;
		if (r == 0)
			assert_feed_utf8(&f);
		else
			ck_assert_msg(e.msg[0] != 0, "%s: failed without a message", de->d_name);
		if (strncmp(expect, "not bozo", 8) == 0) {
			oracles++;
			ck_assert_msg(r == 0 && !f.malformed, "%s: expected well-formed; got %d, %s %s", de->d_name, r,
				      f.problem, e.msg);
			const char *enc = strstr(expect, "encoding == '");
			if (enc) {
				char want[40];
				snprintf(want, sizeof want, "%.*s", (int)strcspn(enc + 13, "'"), enc + 13);
				ck_assert_msg(strcasecmp(f.encoding, want) == 0, "%s: encoding %s, expected %s",
					      de->d_name, f.encoding, want);
			}
		} else if (strncmp(expect, "bozo", 4) == 0) {
			oracles++;
			ck_assert_msg(r != 0 || f.malformed, "%s: expected to be reported malformed", de->d_name);
		}
		if (r == 0)
			feed_free(&f);
		free(data);
	}
	closedir(d);
	ck_assert_int_ge(files, 29);
	ck_assert_int_ge(oracles, 20);
}
END_TEST

START_TEST(rss_fields_from_corpus)
{
	struct feed f;
	struct err e;
	ck_assert_int_eq(parse_corpus("wellformed_rss_channel_title.xml", &f, &e), 0);
	ck_assert_int_eq(f.kind, FEED_RSS2);
	ck_assert_str_eq(f.title, "Example feed");
	feed_free(&f);
	ck_assert_int_eq(parse_corpus("wellformed_rss_item_author.xml", &f, &e), 0);
	ck_assert_uint_eq(f.n, 1);
	ck_assert_str_eq(f.items[0].author, "Example editor");
	feed_free(&f);
	ck_assert_int_eq(parse_corpus("wellformed_rss_item_dc_creator.xml", &f, &e), 0);
	ck_assert_str_eq(f.items[0].author, "Example editor");
	feed_free(&f);
	ck_assert_int_eq(parse_corpus("wellformed_rss_item_content_encoded.xml", &f, &e), 0);
	ck_assert_str_eq(f.items[0].content, "<p>Example content</p>");
	feed_free(&f);
}
END_TEST

START_TEST(rdf_and_rss090_from_corpus)
{
	struct feed f;
	struct err e;
	ck_assert_int_eq(parse_corpus("wellformed_rdf_rdf_item_description.xml", &f, &e), 0);
	ck_assert_int_eq(f.kind, FEED_RSS1);
	ck_assert_uint_eq(f.n, 1);
	ck_assert_str_eq(f.items[0].summary, "Example description");
	feed_free(&f);
	ck_assert_int_eq(parse_corpus("wellformed_rdf_rss090_item_title.xml", &f, &e), 0);
	ck_assert_int_eq(f.kind, FEED_RSS09);
	ck_assert_str_eq(f.items[0].title, "Item title");
	feed_free(&f);
	ck_assert_int_eq(parse_corpus("wellformed_rdf_rss_version_10.xml", &f, &e), 0);
	ck_assert_int_eq(f.kind, FEED_RSS1);
	feed_free(&f);
}
END_TEST

START_TEST(atom_text_constructs_from_corpus)
{
	static const char *const files[] = {"wellformed_atom10_entry_summary_base64.xml",
					    "wellformed_atom10_entry_summary_escaped_markup.xml",
					    "wellformed_atom10_entry_summary_inline_markup.xml"};
	for (size_t i = 0; i < 3; i++) {
		struct feed f;
		struct err e;
		ck_assert_int_eq(parse_corpus(files[i], &f, &e), 0);
		ck_assert_int_eq(f.kind, FEED_ATOM);
		ck_assert_uint_eq(f.n, 1);
		ck_assert_msg(f.items[0].summary && strcmp(f.items[0].summary, "Example <b>Atom</b>") == 0, "%s: [%s]",
			      files[i], f.items[0].summary);
		feed_free(&f);
	}
	struct feed f;
	struct err e;
	ck_assert_int_eq(parse_corpus("wellformed_atom10_entry_author_name.xml", &f, &e), 0);
	ck_assert_str_eq(f.items[0].author, "Example author");
	feed_free(&f);
}
END_TEST

START_TEST(encodings_from_corpus)
{
	struct feed f;
	struct err e;
	/* windows-1252 code points written as C1 controls */
	ck_assert_int_eq(parse_corpus("encoding_demoronize-1.xml", &f, &e), 0);
	ck_assert_str_eq(f.items[0].summary, "don\u2019t");
	feed_free(&f);
	/* UTF-8 that was read as Latin-1 and encoded again */
	ck_assert_int_eq(parse_corpus("encoding_double-encoded-html.xml", &f, &e), 0);
	ck_assert_str_eq(f.items[0].summary, "\u2026");
	feed_free(&f);
	ck_assert_int_eq(parse_corpus("encoding_euc-kr.xml", &f, &e), 0);
	ck_assert_str_eq(f.title, "\ub144");
	ck_assert_int_eq(f.malformed, 0);
	feed_free(&f);
	ck_assert_int_eq(parse_corpus("encoding_utf-16le-bom.xml", &f, &e), 0);
	ck_assert_int_eq(f.kind, FEED_RSS2);
	ck_assert_int_eq(f.malformed, 0);
	feed_free(&f);
	/* undeclared bytes that are not UTF-8: read, flagged, valid UTF-8 out */
	ck_assert_int_eq(parse_corpus("illformed_chardet_koi8r.xml", &f, &e), 0);
	ck_assert_int_eq(f.malformed, 1);
	ck_assert_uint_eq(f.n, 1);
	assert_feed_utf8(&f);
	feed_free(&f);
	ck_assert_int_eq(parse_corpus("encoding_bozo_encoding_mismatch_crash.xml", &f, &e), 0);
	assert_feed_utf8(&f);
	feed_free(&f);
}
END_TEST

START_TEST(malformed_feeds_keep_what_they_can)
{
	struct feed f;
	struct err e;
	ck_assert_int_eq(parse_corpus("illformed_rss_item_link_corrupted_ampersands.xml", &f, &e), 0);
	ck_assert_int_eq(f.malformed, 1);
	ck_assert_str_eq(f.items[0].link, "http://link/get?a=1&b=2");
	feed_free(&f);
	ck_assert_int_eq(parse_corpus("illformed_rss_incomplete_cdata.xml", &f, &e), 0);
	ck_assert_int_eq(f.malformed, 1);
	ck_assert_str_eq(f.title, "can feedparser read this xml");
	ck_assert(f.problem[0] != 0);
	feed_free(&f);
	ck_assert_int_eq(parse_corpus("illformed_undeclared_namespace.xml", &f, &e), 0);
	ck_assert_int_eq(f.malformed, 1);
	ck_assert_ptr_nonnull(strstr(f.problem, "itunes"));
	feed_free(&f);
	/* only a comment: not a feed at all */
	ck_assert_int_eq(parse_corpus("illformed_rss_empty_document.xml", &f, &e), -1);
	ck_assert_ptr_nonnull(strstr(e.msg, "not a feed"));
}
END_TEST

START_TEST(large_atom_feed_has_every_entry)
{
	size_t n;
	char *data = read_shared(CORPUS "wellformed_sanitize_large_atom_feed_that_needs_css_sanitisation.xml", &n);
	size_t entries = 0;
	for (const char *p = data; (p = strstr(p, "<entry>")); p++)
		entries++;
	struct feed f;
	struct err e;
	ck_assert_int_eq(feed_parse(data, n, NULL, NULL, &f, &e), 0);
	ck_assert_uint_eq(f.n, entries);
	ck_assert_uint_gt(entries, 1);
	for (size_t i = 0; i < f.n; i++) {
		ck_assert_ptr_nonnull(f.items[i].guid);
		ck_assert_ptr_nonnull(f.items[i].title);
		ck_assert_msg(f.items[i].link && strncmp(f.items[i].link, "http://", 7) == 0, "entry %zu", i);
		ck_assert_ptr_nonnull(f.items[i].published);
	}
	assert_feed_utf8(&f);
	feed_free(&f);
	free(data);
}
END_TEST

START_TEST(billion_laughs_is_refused)
{
	struct buf b = BUF_INIT;
	buf_puts(&b, "<?xml version=\"1.0\"?>\n<!DOCTYPE rss [\n<!ENTITY l0 \"lol\">\n");
	for (int i = 1; i < 10; i++) {
		buf_printf(&b, "<!ENTITY l%d \"", i);
		for (int k = 0; k < 10; k++)
			buf_printf(&b, "&l%d;", i - 1);
		buf_puts(&b, "\">\n");
	}
	buf_puts(&b, "]>\n<rss version=\"2.0\"><channel><item><title>&l9;</title></item></channel></rss>");
	struct feed f;
	struct err e;
	ck_assert_int_eq(parse_str(b.data, NULL, &f, &e), -1);
	ck_assert_msg(strstr(e.msg, "entity expansion bomb") != NULL, "%s", e.msg);
	buf_free(&b);
}
END_TEST

START_TEST(quadratic_blowup_is_refused)
{
	/* one big entity referenced many times: each level is shallow */
	struct buf b = BUF_INIT;
	buf_puts(&b, "<?xml version=\"1.0\"?>\n<!DOCTYPE rss [<!ENTITY a \"");
	for (int i = 0; i < 40000; i++)
		buf_putc(&b, 'A');
	buf_puts(&b, "\">]>\n<rss version=\"2.0\"><channel><item><title>");
	for (int i = 0; i < 40000; i++)
		buf_puts(&b, "&a;");
	buf_puts(&b, "</title></item></channel></rss>");
	struct feed f;
	struct err e;
	ck_assert_int_eq(parse_str(b.data, NULL, &f, &e), -1);
	ck_assert_msg(strstr(e.msg, "bomb") != NULL, "%s", e.msg);
	buf_free(&b);
}
END_TEST

START_TEST(small_internal_entities_still_work)
{
	struct feed f;
	struct err e;
	ck_assert_int_eq(parse_str("<?xml version=\"1.0\"?><!DOCTYPE rss [<!ENTITY co \"Jo &amp; Co\">]>"
				   "<rss version=\"2.0\"><channel><item><title>By &co; &#169;</title></item>"
				   "</channel></rss>",
				   NULL, &f, &e),
			 0);
	ck_assert_str_eq(f.items[0].title, "By Jo & Co \u00a9");
	feed_free(&f);
}
END_TEST

START_TEST(html_entities_are_understood)
{
	struct feed f;
	struct err e;
	ck_assert_int_eq(parse_str("<rss version=\"2.0\"><channel><title>T&nbsp;1</title><item>"
				   "<title>caf&eacute; &copy; &amp; &rsquo;s &bogus; end</title>"
				   "<description>x &lt;b&gt;y&lt;/b&gt; &hellip;</description></item></channel></rss>",
				   NULL, &f, &e),
			 0);
	ck_assert_str_eq(f.title, "T 1");
	ck_assert_str_eq(f.items[0].title, "caf\u00e9 \u00a9 & \u2019s &bogus; end"); /* unknown: as written */
	ck_assert_str_eq(f.items[0].summary, "x <b>y</b> \u2026");
	ck_assert_int_eq(f.malformed, 0);
	feed_free(&f);
}
END_TEST

START_TEST(external_entities_are_not_loaded)
{
	struct feed f;
	struct err e;
	int r = parse_str("<?xml version=\"1.0\"?><!DOCTYPE rss [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>"
			  "<rss version=\"2.0\"><channel><item><title>A&x;B</title></item></channel></rss>",
			  NULL, &f, &e);
	if (r == 0) {
		ck_assert_ptr_null(strstr(f.items[0].title ? f.items[0].title : "", "root"));
		feed_free(&f);
	}
}
END_TEST

START_TEST(html_and_garbage_are_not_feeds)
{
	struct feed f;
	struct err e;
	ck_assert_int_eq(parse_str("<!DOCTYPE html><html><head><title>x</title></head><body><p>Hi</p></body></html>",
				   "text/html", &f, &e),
			 -1);
	ck_assert_msg(strstr(e.msg, "HTML") != NULL, "%s", e.msg);
	ck_assert_int_eq(parse_str("\x01\x02garbage \xff\xfe", NULL, &f, &e), -1);
	ck_assert_msg(strstr(e.msg, "not a feed") != NULL, "%s", e.msg);
	ck_assert_int_eq(parse_str("   \n", NULL, &f, &e), -1);
	ck_assert_msg(strstr(e.msg, "empty") != NULL, "%s", e.msg);
	const char *svg = "<?xml version=\"1.0\"?><svg xmlns=\"http://www.w3.org/2000/svg\"/>";
	ck_assert_int_eq(parse_str(svg, NULL, &f, &e), -1);
	ck_assert_msg(strstr(e.msg, "<svg>") != NULL, "%s", e.msg);
}
END_TEST

START_TEST(rss_dates_links_and_guids)
{
	struct feed f;
	struct err e;
	ck_assert_int_eq(
		parse_str("<rss version=\"2.0\"><channel><title>T</title>"
			  "<item><title>One</title><link> /news/1.html </link><guid isPermaLink=\"false\">x-1</guid>"
			  "<pubDate>Tue, 02 Mar 2021 14:05:00 EST</pubDate><author>jd@example.com (John Doe)</author></item>"
			  "<item><title>Two</title><guid>https://example.com/news/2</guid>"
			  "<pubDate>Tuesday, 02-Mar-21 14:05:00 PDT</pubDate></item>"
			  "<item><title>Three</title><guid isPermaLink=\"false\">https://example.com/3</guid>"
			  "<pubDate>not a date</pubDate></item>"
			  "<item><title><![CDATA[Four & <b>bold</b>]]></title><link>https://example.com/4</link>"
			  "<pubDate>Wed, 03 Mar 2021 10:00:00 +05:30</pubDate></item>"
			  "<item xmlns:feedburner=\"http://rssnamespace.org/feedburner/ext/1.0\"><title>Five</title>"
			  "<link>http://feedproxy.example.com/~r/x/5</link>"
			  "<feedburner:origLink>https://example.com/5</feedburner:origLink></item>"
			  "</channel></rss>",
			  NULL, &f, &e),
		0);
	ck_assert_uint_eq(f.n, 5);
	ck_assert_str_eq(f.items[0].link, "http://example.com/news/1.html");
	ck_assert_str_eq(f.items[0].guid, "x-1");
	ck_assert_str_eq(f.items[0].published, "2021-03-02T19:05:00Z");
	ck_assert_str_eq(f.items[0].author, "John Doe");
	ck_assert_str_eq(f.items[1].link, "https://example.com/news/2");
	ck_assert_str_eq(f.items[1].published, "2021-03-02T21:05:00Z");
	ck_assert_ptr_null(f.items[2].link); /* not a permalink */
	ck_assert_ptr_null(f.items[2].published);
	ck_assert_str_eq(f.items[3].title, "Four & bold");
	ck_assert_str_eq(f.items[3].published, "2021-03-03T04:30:00Z");
	ck_assert_str_eq(f.items[4].link, "https://example.com/5"); /* the page, not the redirector */
	feed_free(&f);
}
END_TEST

START_TEST(atom_links_bases_and_content_types)
{
	struct feed f;
	struct err e;
	ck_assert_int_eq(
		parse_str("<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:base=\"https://blog.example.org/a/\">"
			  "<title type=\"html\">A &lt;i&gt;blog&lt;/i&gt;</title>"
			  "<entry><id>urn:1</id><title type=\"text\">x &lt; y</title>"
			  "<link rel=\"self\" href=\"/feed/1\"/><link rel=\"enclosure\" href=\"1.mp3\"/>"
			  "<link href=\"1.html\"/>"
			  "<updated>2024-05-14T09:30:00+02:00</updated>"
			  "<author><name>A</name></author><author><name>B</name></author>"
			  "<summary>1 &lt; 2</summary>"
			  "<content type=\"html\">&lt;p&gt;Body&lt;/p&gt;</content></entry>"
			  "<entry xml:base=\"/b/\"><id>urn:2</id><link rel=\"alternate\" type=\"application/pdf\" href=\"2.pdf\"/>"
			  "<link rel=\"alternate\" type=\"text/html\" href=\"2.html\"/>"
			  "<published>2024-05-13T00:00:00Z</published><updated>2024-05-14T00:00:00Z</updated>"
			  "<content type=\"text\">Plain &amp; simple</content></entry>"
			  "</feed>",
			  NULL, &f, &e),
		0);
	ck_assert_int_eq(f.kind, FEED_ATOM);
	ck_assert_str_eq(f.title, "A blog");
	ck_assert_uint_eq(f.n, 2);
	ck_assert_str_eq(f.items[0].link, "https://blog.example.org/a/1.html");
	ck_assert_str_eq(f.items[0].guid, "urn:1");
	ck_assert_str_eq(f.items[0].title, "x < y");
	ck_assert_str_eq(f.items[0].author, "A; B");
	ck_assert_str_eq(f.items[0].published, "2024-05-14T07:30:00Z"); /* updated, when no published */
	ck_assert_str_eq(f.items[0].summary, "1 &lt; 2");               /* text, escaped as HTML */
	ck_assert_str_eq(f.items[0].content, "<p>Body</p>");
	ck_assert_str_eq(f.items[1].link, "https://blog.example.org/b/2.html");
	ck_assert_str_eq(f.items[1].published, "2024-05-13T00:00:00Z");
	ck_assert_str_eq(f.items[1].content, "Plain &amp; simple");
	feed_free(&f);
}
END_TEST

START_TEST(charset_order)
{
	char enc[40];
	/* the BOM beats the header and the declaration */
	ck_assert_int_eq(feed_charset("\xEF\xBB\xBF<?xml version=\"1.0\" encoding=\"iso-8859-1\"?><a/>", 50,
				      "text/xml; charset=koi8-r", 0, enc, sizeof enc),
			 0);
	ck_assert_str_eq(enc, "UTF-8");
	/* the header beats the declaration */
	const char *latin = "<?xml version=\"1.0\" encoding=\"utf-8\"?><a>caf\xe9</a>";
	feed_charset(latin, strlen(latin), "application/rss+xml; charset=\"ISO-8859-1\"", 0, enc, sizeof enc);
	ck_assert_str_eq(enc, "ISO-8859-1");
	/* the declaration when there is no header charset */
	const char *decl = "<?xml version='1.0' encoding='windows-1251'?><a>\xcf\xf0\xe8</a>";
	ck_assert_int_eq(feed_charset(decl, strlen(decl), "text/xml", 0, enc, sizeof enc), 0);
	ck_assert_str_eq(enc, "windows-1251");
	/* a declaration the bytes contradict: valid multi-byte UTF-8 wins */
	const char *sjis = "<?xml version=\"1.0\" encoding=\"Shift_JIS\"?><a>\xe6\x97\xa5\xe6\x9c\xac</a>";
	ck_assert_int_eq(feed_charset(sjis, strlen(sjis), NULL, 0, enc, sizeof enc), 1);
	ck_assert_str_eq(enc, "UTF-8");
	/* undeclared and not UTF-8: Latin-1 (C1 as windows-1252), flagged */
	const char *raw = "<a>caf\xe9</a>";
	ck_assert_int_eq(feed_charset(raw, strlen(raw), NULL, 0, enc, sizeof enc), 1);
	ck_assert_str_eq(enc, "ISO-8859-1");
	/* HTML: <meta charset> */
	const char *html = "<html><head><meta charset=\"euc-kr\"></head><body>\xb3\xe2</body></html>";
	feed_charset(html, strlen(html), NULL, 1, enc, sizeof enc);
	ck_assert_str_eq(enc, "euc-kr");
}
END_TEST

START_TEST(header_charset_is_applied)
{
	const char *doc = "<rss version=\"2.0\"><channel><title>Caf\xe9 \x93quoted\x94</title></channel></rss>";
	struct feed f;
	struct err e;
	ck_assert_int_eq(feed_parse(doc, strlen(doc), "application/xml; charset=iso-8859-1", NULL, &f, &e), 0);
	ck_assert_int_eq(f.malformed, 0);
	ck_assert_str_eq(f.title, "Caf\u00e9 \u201cquoted\u201d");
	feed_free(&f);
}
END_TEST

START_TEST(bytes_the_declared_charset_cannot_decode)
{
	/* declared Big5 (by the header) but written in windows-1252 */
	const char *doc = "<rss version=\"2.0\"><channel><title>Na\xef" "ve \x93" "caf\xe9\x94 \x81 end</title>"
			  "<item><title>Item</title></item></channel></rss>";
	struct feed f;
	struct err e;
	ck_assert_int_eq(feed_parse(doc, strlen(doc), "text/xml; charset=big5", NULL, &f, &e), 0);
	ck_assert_int_eq(f.malformed, 1);
	ck_assert_ptr_nonnull(strstr(f.problem, "big5"));
	ck_assert_str_eq(f.title, "Na\u00efve \u201ccaf\u00e9\u201d \ufffd end");
	ck_assert_uint_eq(f.n, 1);
	feed_free(&f);
}
END_TEST

START_TEST(html_text_keeps_paragraphs_drops_scripts)
{
	struct buf b = BUF_INIT;
	ck_assert_int_eq(feed_html_text("<p>One &amp; <b>two</b>\n  words.</p><script>evil()</script>"
					"<ul><li>three</li><li>four&nbsp;five</li></ul>tail<br>end",
					&b),
			 0);
	ck_assert_str_eq(buf_str(&b), "One & two words.\n\nthree\n\nfour\u00a0five\n\ntail\n\nend");
	buf_free(&b);
	ck_assert_int_eq(feed_html_text("", &b), 0);
	ck_assert_uint_eq(b.len, 0);
	buf_free(&b);
}
END_TEST

struct opml_seen {
	int n;
	char urls[4][128], titles[4][64], cats[4][64];
};

static void opml_add(void *ctx, const char *url, const char *title, const char *cat)
{
	struct opml_seen *s = ctx;
	if (s->n < 4) {
		snprintf(s->urls[s->n], sizeof s->urls[0], "%s", url);
		snprintf(s->titles[s->n], sizeof s->titles[0], "%s", title ? title : "");
		snprintf(s->cats[s->n], sizeof s->cats[0], "%s", cat ? cat : "");
	}
	s->n++;
}

START_TEST(opml_outlines_and_folders)
{
	const char *doc = "<opml version=\"2.0\"><body><outline text=\"News\">"
			  "<outline text=\"A\" xmlUrl=\"https://a.example/rss\"/>"
			  "<outline title=\"B &amp; C\" text=\"b\" xmlUrl=\"https://b.example/atom\" category=\"vendor\"/>"
			  "</outline><outline text=\"Folder only\"/>"
			  "<outline xmlUrl=\"https://c.example/\"/></body></opml>";
	struct opml_seen s = {0};
	struct err e;
	ck_assert_int_eq(feed_opml_parse(doc, strlen(doc), opml_add, &s, &e), 3);
	ck_assert_int_eq(s.n, 3);
	ck_assert_str_eq(s.urls[0], "https://a.example/rss");
	ck_assert_str_eq(s.titles[0], "A");
	ck_assert_str_eq(s.cats[0], "News");
	ck_assert_str_eq(s.titles[1], "B & C");
	ck_assert_str_eq(s.cats[1], "vendor");
	ck_assert_str_eq(s.cats[2], "");
	ck_assert_int_eq(feed_opml_parse("<rss/>", 6, opml_add, &s, &e), -1);
	ck_assert_ptr_nonnull(strstr(e.msg, "OPML"));
}
END_TEST

static Suite *make_suite(void)
{
	Suite *s = suite_create("feed");
	TCase *tc = tcase_create("parse");
	tcase_set_timeout(tc, 30);
	tcase_add_test(tc, corpus_oracles);
	tcase_add_test(tc, rss_fields_from_corpus);
	tcase_add_test(tc, rdf_and_rss090_from_corpus);
	tcase_add_test(tc, atom_text_constructs_from_corpus);
	tcase_add_test(tc, encodings_from_corpus);
	tcase_add_test(tc, malformed_feeds_keep_what_they_can);
	tcase_add_test(tc, large_atom_feed_has_every_entry);
	tcase_add_test(tc, billion_laughs_is_refused);
	tcase_add_test(tc, quadratic_blowup_is_refused);
	tcase_add_test(tc, small_internal_entities_still_work);
	tcase_add_test(tc, html_entities_are_understood);
	tcase_add_test(tc, external_entities_are_not_loaded);
	tcase_add_test(tc, html_and_garbage_are_not_feeds);
	tcase_add_test(tc, rss_dates_links_and_guids);
	tcase_add_test(tc, atom_links_bases_and_content_types);
	tcase_add_test(tc, charset_order);
	tcase_add_test(tc, header_charset_is_applied);
	tcase_add_test(tc, bytes_the_declared_charset_cannot_decode);
	tcase_add_test(tc, html_text_keeps_paragraphs_drops_scripts);
	tcase_add_test(tc, opml_outlines_and_folders);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return run_suite(make_suite()) ? 1 : 0;
}
