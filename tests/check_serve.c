/* check_serve.c: the server's units (HTML escaping, marked spans, search
 * snippets, the SVG chart, the secret comparison) and the server itself
 * over real HTTP on loopback: a temporary database, libcurl as the client. */
#include <curl/curl.h>
#include <unistd.h>

#include "serve/serve.h"
#include "store/query.h"
#include "store/store.h"
#include "testutil.h"

static char *esc(const char *s)
{
	struct buf b = BUF_INIT;
	ck_assert_int_eq(serve_html_escape(&b, s, strlen(s)), 0);
	return buf_detach(&b);
}

START_TEST(escape_turns_markup_into_text)
{
	char *o = esc("<img src=x onerror=alert(1)> & \"q\" 'a' </script>");
	ck_assert_str_eq(o, "&lt;img src=x onerror=alert(1)&gt; &amp; &quot;q&quot; &#39;a&#39; &lt;/script&gt;");
	free(o);
}
END_TEST

START_TEST(escape_drops_controls_and_repairs_utf8)
{
	char *o = esc("a\x01" "b\x1b[31mc\tx\ny\xc2\x85z \xff end \xc3\xa9");
	/* C0 (but TAB, LF) and C1 controls gone; an invalid byte is U+FFFD; é kept */
	ck_assert_str_eq(o, "ab[31mc\tx\nyz \xef\xbf\xbd end \xc3\xa9");
	free(o);
}
END_TEST

START_TEST(url_encode_keeps_only_unreserved)
{
	struct buf b = BUF_INIT;
	serve_url_encode(&b, "Silk Typhoon/\"x\"?&=#%\xc3\xa9-._~");
	ck_assert_str_eq(buf_str(&b), "Silk%20Typhoon%2F%22x%22%3F%26%3D%23%25%C3%A9-._~");
	buf_free(&b);
}
END_TEST

START_TEST(marked_wraps_each_span_and_escapes)
{
	const char *t = "Hafnium <b> hit Exchange.\n\nHafnium again";
	struct serve_span sp[] = {{0, 7, "/actor/HAFNIUM"}, {16, 24, NULL}, {27, 34, "/actor/HAFNIUM"}};
	struct buf b = BUF_INIT;
	ck_assert_int_eq(serve_html_marked(&b, t, strlen(t), sp, 3, 1), 0);
	ck_assert_str_eq(buf_str(&b), "<p><a class=\"m\" href=\"/actor/HAFNIUM\"><mark>Hafnium</mark></a> &lt;b&gt; hit "
				      "<mark>Exchange</mark>.</p>\n<p><a class=\"m\" href=\"/actor/HAFNIUM\">"
				      "<mark>Hafnium</mark></a> again</p>\n");
	buf_free(&b);
}
END_TEST

START_TEST(marked_skips_overlapping_and_outside_spans)
{
	const char *t = "abcdef";
	struct serve_span sp[] = {{0, 3, NULL}, {2, 4, NULL}, {4, 99, NULL}, {5, 5, NULL}, {5, 6, NULL}};
	struct buf b = BUF_INIT;
	serve_html_marked(&b, t, strlen(t), sp, 5, 0);
	ck_assert_str_eq(buf_str(&b), "<mark>abc</mark>de<mark>f</mark>");
	buf_free(&b);
}
END_TEST

START_TEST(snippet_marks_between_markers_only)
{
	const char *s = "...a [x] \x02Hafnium\x03 <i>\x02open";
	struct buf b = BUF_INIT;
	serve_html_snippet(&b, s, strlen(s), '\x02', '\x03');
	/* literal brackets stay text; an unclosed mark is closed */
	ck_assert_str_eq(buf_str(&b), "...a [x] <mark>Hafnium</mark> &lt;i&gt;<mark>open</mark>");
	buf_free(&b);
}
END_TEST

static int count(const char *hay, const char *needle)
{
	int n = 0;
	for (const char *p = hay; (p = strstr(p, needle)); p++)
		n++;
	return n;
}

START_TEST(chart_draws_a_bar_per_month_with_gaps)
{
	struct serve_month v[] = {{"2021-03", 4}, {"2021-06", 2}, {"2022-01", 1}};
	struct buf b = BUF_INIT;
	ck_assert_int_eq(serve_svg_months(&b, v, 3, "Articles naming <HAFNIUM>"), 0);
	const char *s = buf_str(&b);
	ck_assert_ptr_eq(strstr(s, "<svg"), s);
	/* March 2021 to January 2022: 11 months, zeros drawn */
	ck_assert_int_eq(count(s, "<rect"), 11);
	ck_assert_ptr_nonnull(strstr(s, "<title>2021-04: 0 articles</title>"));
	ck_assert_ptr_nonnull(strstr(s, "<title>2021-03: 4 articles</title>"));
	ck_assert_ptr_nonnull(strstr(s, "<title>2022-01: 1 article</title>"));
	ck_assert_ptr_nonnull(strstr(s, "Articles naming &lt;HAFNIUM&gt;"));
	/* a strict CSP: no style attribute, no script */
	ck_assert_ptr_null(strstr(s, "style="));
	ck_assert_ptr_null(strstr(s, "<script"));
	/* the tallest bar reaches the top margin, height 88 of the 120 box */
	ck_assert_ptr_nonnull(strstr(s, "height=\"88.00\"><title>2021-03"));
	buf_free(&b);
}
END_TEST

START_TEST(chart_keeps_the_latest_months_and_skips_bad_ones)
{
	struct serve_month v[] = {{"2001-01", 1}, {"2020-12", 3}, {"20x1-01", 9}, {"2021-13", 9}};
	struct buf b = BUF_INIT;
	serve_svg_months(&b, v, 4, "t");
	ck_assert_int_eq(count(buf_str(&b), "<rect"), SERVE_CHART_MONTHS);
	ck_assert_ptr_null(strstr(buf_str(&b), "2001-01:"));
	ck_assert_ptr_nonnull(strstr(buf_str(&b), "2020-12: 3 articles"));
	buf_reset(&b);
	serve_svg_months(&b, v, 0, "t");
	ck_assert_uint_eq(b.len, 0);
	buf_free(&b);
}
END_TEST

START_TEST(secret_equal_compares_whole_strings)
{
	ck_assert(serve_secret_equal("abcdefgh", 8, "abcdefgh", 8));
	ck_assert(!serve_secret_equal("abcdefgX", 8, "abcdefgh", 8));
	ck_assert(!serve_secret_equal("abcdefg", 7, "abcdefgh", 8));
	ck_assert(!serve_secret_equal("abcdefghi", 9, "abcdefgh", 8));
	ck_assert(!serve_secret_equal("", 0, "abcdefgh", 8));
}
END_TEST

START_TEST(loopback_is_127_and_v6_one)
{
	ck_assert(serve_is_loopback("127.0.0.1"));
	ck_assert(serve_is_loopback("127.5.4.3"));
	ck_assert(serve_is_loopback("::1"));
	ck_assert(!serve_is_loopback("0.0.0.0"));
	ck_assert(!serve_is_loopback("10.0.0.1"));
	ck_assert(!serve_is_loopback("::"));
	ck_assert(!serve_is_loopback("localhost"));
}
END_TEST

/* ---- the server over HTTP ------------------------------------------------------------ */

static char dbpath[64];
static struct serve *sv;

static void db_setup(void)
{
	snprintf(dbpath, sizeof dbpath, "/tmp/secnews-check-serve-%ld.db", (long)getpid());
	unlink(dbpath);
	struct store *s;
	struct err e;
	ck_assert_msg(store_open(dbpath, &s, &e) == 0, "%s", e.msg);
	struct article a = {.url = "https://news.example/1", .title = "<img src=x onerror=alert(1)> HAFNIUM",
			    .body = "HAFNIUM exploited Exchange.", .published = "2021-03-02", .site = "Example"};
	struct mention_list m = {0};
	mention_list_add(&m, KIND_ACTOR, "HAFNIUM", NULL, "HAFNIUM", 7, FIELD_BODY, 0, 7);
	int64_t id;
	ck_assert_int_eq(store_put_article(s, &a, &m, 0, &id, &e), STORE_NEW);
	mention_list_free(&m);
	store_close(s);
}

static void db_teardown(void)
{
	serve_stop(sv);
	sv = NULL;
	char p[80];
	unlink(dbpath);
	snprintf(p, sizeof p, "%s-wal", dbpath);
	unlink(p);
	snprintf(p, sizeof p, "%s-shm", dbpath);
	unlink(p);
}

static void start(const char *token)
{
	struct serve_opts o = {.db = dbpath, .host = "127.0.0.1", .port = 0, .token = token, .threads = 2};
	struct err e;
	ck_assert_msg(serve_start(&o, &sv, &e) == 0, "%s", e.msg);
	ck_assert_uint_gt(serve_port(sv), 0);
}

struct got {
	long status;
	struct buf body, headers;
};

static size_t on_data(char *p, size_t size, size_t n, void *ctx)
{
	buf_append(ctx, p, size * n);
	return size * n;
}

/* METHOD PATH (raw, sent as is) with optional header H; fills G. */
static void fetch(const char *method, const char *path, const char *h, struct got *g)
{
	char url[8192];
	snprintf(url, sizeof url, "http://127.0.0.1:%u%s", serve_port(sv), path);
	memset(g, 0, sizeof *g);
	CURL *c = curl_easy_init();
	ck_assert_ptr_nonnull(c);
	struct curl_slist *hl = h ? curl_slist_append(NULL, h) : NULL;
	curl_easy_setopt(c, CURLOPT_URL, url);
	curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, method);
	curl_easy_setopt(c, CURLOPT_HTTPHEADER, hl);
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_data);
	curl_easy_setopt(c, CURLOPT_WRITEDATA, &g->body);
	curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, on_data);
	curl_easy_setopt(c, CURLOPT_HEADERDATA, &g->headers);
	curl_easy_setopt(c, CURLOPT_PATH_AS_IS, 1L);
	curl_easy_setopt(c, CURLOPT_TIMEOUT, 20L);
	ck_assert_int_eq(curl_easy_perform(c), CURLE_OK);
	curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &g->status);
	curl_slist_free_all(hl);
	curl_easy_cleanup(c);
}

static void got_free(struct got *g)
{
	buf_free(&g->body);
	buf_free(&g->headers);
}

START_TEST(pages_escape_and_carry_the_csp)
{
	start(NULL);
	struct got g;
	fetch("GET", "/actor/hafnium", NULL, &g);
	ck_assert_int_eq(g.status, 200);
	ck_assert_ptr_nonnull(strstr(buf_str(&g.headers), "Content-Security-Policy: default-src 'none'"));
	ck_assert_ptr_nonnull(strstr(buf_str(&g.body), "&lt;img src=x onerror=alert(1)&gt; HAFNIUM"));
	ck_assert_ptr_null(strstr(buf_str(&g.body), "<img"));
	ck_assert_ptr_null(strstr(buf_str(&g.body), "<script"));
	ck_assert_ptr_nonnull(strstr(buf_str(&g.body), "<svg class=\"chart\""));
	got_free(&g);
}
END_TEST

START_TEST(no_write_methods)
{
	start(NULL);
	const char *methods[] = {"POST", "PUT", "DELETE", "PATCH", "OPTIONS"};
	for (int i = 0; i < 5; i++) {
		struct got g;
		fetch(methods[i], "/", NULL, &g);
		ck_assert_int_eq(g.status, 405);
		ck_assert_ptr_nonnull(strstr(buf_str(&g.headers), "Allow: GET, HEAD"));
		got_free(&g);
	}
}
END_TEST

START_TEST(malformed_requests_get_400)
{
	start(NULL);
	const char *bad[] = {"/actor/HAF%00NIUM", "/search?q=%ff%fe", "/search?q=a%01b", "/api/v1/search?q=x&limit=0",
			     "/api/v1/search?q=x&limit=99999", "/api/v1/search?q=%22open", "/article/12x",
			     "/api/v1/actor/hafnium?cursor=zzz", "/search?q=x&since=yesterday",
			     "/taxii2/secnews/collections/07a31ce8-1639-51e7-8ac0-acb9cb091cf8/objects/?added_after=x"};
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		struct got g;
		fetch("GET", bad[i], NULL, &g);
		ck_assert_msg(g.status == 400, "%s: %ld", bad[i], g.status);
		ck_assert_uint_lt(g.body.len, 2000);
		got_free(&g);
	}
	/* a query longer than allowed */
	char path[2000] = "/api/v1/search?q=";
	memset(path + strlen(path), 'a', SERVE_MAX_QUERY + 1);
	struct got g;
	fetch("GET", path, NULL, &g);
	ck_assert_int_eq(g.status, 400);
	ck_assert_ptr_nonnull(strstr(buf_str(&g.body), "longer than"));
	got_free(&g);
}
END_TEST

START_TEST(unknown_names_and_paths_get_404)
{
	start(NULL);
	const char *paths[] = {"/actor/nosuchgroup", "/article/999", "/../../etc/passwd", "/static/../Makefile",
			       "/nokind/x", "/api/v1/nokind"};
	for (size_t i = 0; i < sizeof paths / sizeof *paths; i++) {
		struct got g;
		fetch("GET", paths[i], NULL, &g);
		ck_assert_msg(g.status == 404, "%s: %ld", paths[i], g.status);
		got_free(&g);
	}
}
END_TEST

START_TEST(token_is_required_when_set)
{
	start("0123456789abcdef-secret");
	struct got g;
	fetch("GET", "/", NULL, &g);
	ck_assert_int_eq(g.status, 401);
	got_free(&g);
	fetch("GET", "/", "Authorization: Bearer 0123456789abcdef-secreT", &g);
	ck_assert_int_eq(g.status, 401);
	got_free(&g);
	fetch("GET", "/api/v1/stats", "Authorization: Bearer 0123456789abcdef-secret", &g);
	ck_assert_int_eq(g.status, 200);
	got_free(&g);
}
END_TEST

START_TEST(non_loopback_needs_a_token)
{
	struct serve_opts o = {.db = dbpath, .host = "0.0.0.0", .port = 0};
	struct err e;
	ck_assert_int_eq(serve_start(&o, &sv, &e), -1);
	ck_assert_ptr_nonnull(strstr(e.msg, "--token"));
	o.host = "localhost";
	ck_assert_int_eq(serve_start(&o, &sv, &e), -1);
}
END_TEST

START_TEST(oversized_requests_are_refused)
{
	start(NULL);
	/* a header past the 64 KiB a connection may hold */
	size_t n = 80 * 1024;
	char *h = malloc(n + 16);
	ck_assert_ptr_nonnull(h);
	memcpy(h, "X-Big: ", 7);
	memset(h + 7, 'a', n);
	h[7 + n] = 0;
	struct got g;
	fetch("GET", "/", h, &g);
	ck_assert_msg(g.status >= 400 && g.status < 500, "%ld", g.status);
	got_free(&g);
	free(h);
	/* a GET with a body */
	fetch("GET", "/", "Content-Length: 5", &g);
	ck_assert_int_ge(g.status, 400);
	got_free(&g);
	/* a page size past the limit */
	fetch("GET", "/api/v1/articles?limit=201", NULL, &g);
	ck_assert_int_eq(g.status, 400);
	got_free(&g);
}
END_TEST

static Suite *make_suite(void)
{
	Suite *s = suite_create("serve");
	TCase *u = tcase_create("units");
	tcase_add_test(u, escape_turns_markup_into_text);
	tcase_add_test(u, escape_drops_controls_and_repairs_utf8);
	tcase_add_test(u, url_encode_keeps_only_unreserved);
	tcase_add_test(u, marked_wraps_each_span_and_escapes);
	tcase_add_test(u, marked_skips_overlapping_and_outside_spans);
	tcase_add_test(u, snippet_marks_between_markers_only);
	tcase_add_test(u, chart_draws_a_bar_per_month_with_gaps);
	tcase_add_test(u, chart_keeps_the_latest_months_and_skips_bad_ones);
	tcase_add_test(u, secret_equal_compares_whole_strings);
	tcase_add_test(u, loopback_is_127_and_v6_one);
	suite_add_tcase(s, u);
	TCase *h = tcase_create("http");
	tcase_add_checked_fixture(h, db_setup, db_teardown);
	tcase_set_timeout(h, 60);
	tcase_add_test(h, pages_escape_and_carry_the_csp);
	tcase_add_test(h, no_write_methods);
	tcase_add_test(h, malformed_requests_get_400);
	tcase_add_test(h, unknown_names_and_paths_get_404);
	tcase_add_test(h, token_is_required_when_set);
	tcase_add_test(h, non_loopback_needs_a_token);
	tcase_add_test(h, oversized_requests_are_refused);
	suite_add_tcase(s, h);
	return s;
}

int main(void)
{
	curl_global_init(CURL_GLOBAL_DEFAULT);
	int failed = run_suite(make_suite());
	curl_global_cleanup();
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
