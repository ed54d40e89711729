/* check_http.c: tests of fetch/http.c that need no server: URL checks and
 * resolution, refused schemes, and a refused connection reported as such. */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include "fetch/http.h"
#include "testutil.h"

START_TEST(only_http_and_https_urls)
{
	struct err e;
	ck_assert_int_eq(http_url_check("http://example.com/feed", &e), 0);
	ck_assert_int_eq(http_url_check("HTTPS://Example.COM:8443/a?b#c", &e), 0);
	ck_assert_int_eq(http_url_check("file:///etc/passwd", &e), -1);
	ck_assert_ptr_nonnull(strstr(e.msg, "only http and https"));
	ck_assert_int_eq(http_url_check("ftp://example.com/x", &e), -1);
	ck_assert_int_eq(http_url_check("gopher://example.com/", &e), -1);
	ck_assert_int_eq(http_url_check("/relative/path", &e), -1);
	ck_assert_int_eq(http_url_check("not a url", &e), -1);
	ck_assert_int_eq(http_url_check("", &e), -1);
}
END_TEST

START_TEST(relative_links_resolve_against_the_page)
{
	char *u = http_url_resolve("https://example.com/blog/feed.xml", "../news/1.html");
	ck_assert_str_eq(u, "https://example.com/news/1.html");
	free(u);
	u = http_url_resolve("https://example.com/blog/feed.xml", "//cdn.example.org/x");
	ck_assert_str_eq(u, "https://cdn.example.org/x");
	free(u);
	u = http_url_resolve("https://example.com/blog/", "http://other.example.net/p?q=1&r=2");
	ck_assert_str_eq(u, "http://other.example.net/p?q=1&r=2");
	free(u);
	u = http_url_resolve(NULL, "https://example.com/a");
	ck_assert_str_eq(u, "https://example.com/a");
	free(u);
	ck_assert_ptr_null(http_url_resolve("https://example.com/", ""));
	ck_assert_ptr_null(http_url_resolve(NULL, "relative"));
}
END_TEST

START_TEST(other_schemes_are_refused_when_queued)
{
	struct http_limits l;
	http_limits_default(&l);
	struct err e;
	struct http *h = http_new(&l, &e);
	ck_assert_ptr_nonnull(h);
	ck_assert_int_eq(http_add(h, "file:///etc/passwd", NULL, NULL, NULL, &e), -1);
	ck_assert_int_eq(http_add(h, "dict://127.0.0.1/", NULL, NULL, NULL, &e), -1);
	ck_assert_uint_eq(http_started(h), 0);
	http_free(h);
	http_free(NULL);
}
END_TEST

START_TEST(defaults_match_the_documented_limits)
{
	struct http_limits l;
	memset(&l, 0xAB, sizeof l); /* whatever the stack held */
	http_limits_default(&l);
	ck_assert_ptr_null(l.cainfo); /* the system's CA certificates */
	ck_assert_int_eq(l.jobs, 8);
	ck_assert_int_eq(l.per_host, 2);
	ck_assert_uint_eq(l.max_size, (size_t)10 << 20);
	ck_assert_int_eq(l.max_redirs, 5);
	ck_assert_ptr_nonnull(strstr(HTTP_USER_AGENT, "secnews/" SECNEWS_VERSION));
}
END_TEST

struct outcome {
	int calls;
	long status;
	char error[512];
};

static void record(void *ctx, void *tag, const struct http_response *r)
{
	struct outcome *o = ctx;
	o->calls++;
	o->status = r->status;
	snprintf(o->error, sizeof o->error, "%s", r->error ? r->error : "");
	ck_assert_ptr_eq(tag, ctx);
}

START_TEST(refused_connection_is_reported)
{
	/* a port on 127.0.0.1 with nothing listening */
	int s = socket(AF_INET, SOCK_STREAM, 0);
	struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = 0};
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	socklen_t len = sizeof a;
	ck_assert_int_eq(bind(s, (struct sockaddr *)&a, sizeof a), 0);
	ck_assert_int_eq(getsockname(s, (struct sockaddr *)&a, &len), 0);
	close(s);
	char url[64];
	snprintf(url, sizeof url, "http://127.0.0.1:%d/feed.xml", ntohs(a.sin_port));

	struct http_limits l;
	http_limits_default(&l);
	l.connect_timeout = 5;
	struct err e;
	struct http *h = http_new(&l, &e);
	struct outcome o = {0};
	ck_assert_int_eq(http_add(h, url, "\"etag\"", "Sat, 28 Nov 2026 10:00:00 GMT", &o, &e), 0);
	ck_assert_int_eq(http_run(h, record, &o, &e), 0);
	ck_assert_int_eq(o.calls, 1);
	ck_assert_int_eq(o.status, 0);
	ck_assert_msg(strstr(o.error, "connection failed") != NULL, "%s", o.error);
	ck_assert_uint_eq(http_started(h), 1); /* a refused connection is not retried */
	http_free(h);
}
END_TEST

static Suite *make_suite(void)
{
	Suite *s = suite_create("http");
	TCase *tc = tcase_create("http");
	tcase_set_timeout(tc, 30);
	tcase_add_test(tc, only_http_and_https_urls);
	tcase_add_test(tc, relative_links_resolve_against_the_page);
	tcase_add_test(tc, other_schemes_are_refused_when_queued);
	tcase_add_test(tc, defaults_match_the_documented_limits);
	tcase_add_test(tc, refused_connection_is_reported);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return run_suite(make_suite()) ? 1 : 0;
}
