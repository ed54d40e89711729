/* fuzz_feed.c: fuzz target for feed parsing (fetch/feed.h): feed_parse under a
 * Content-Type chosen by the first input byte, then feed_html_text on each
 * item's summary; every string handed out must be valid UTF-8, and a failed
 * parse must leave the feed empty. */
#include "fetch/feed.h"
#include "fuzz.h"
#include "util/utf8.h"

int fuzz_feed(const uint8_t *data, size_t n);

static int utf8_field(const char *what, const char *s)
{
	if (s && !utf8_valid(s, strlen(s)))
		FUZZ_FAIL("feed %s is not valid UTF-8", what);
	return 0;
}

int fuzz_feed(const uint8_t *data, size_t n)
{
	static const char *const types[] = {NULL, "application/rss+xml", "application/atom+xml; charset=utf-8",
					    "text/xml; charset=iso-8859-1", "application/xml; charset=utf-16",
					    "text/html", "application/rss+xml; charset=bogus"};
	if (n == 0)
		return 0;
	struct feed f;
	struct err e;
	memset(&f, 0, sizeof f);
	int bad = 0;
	int r = feed_parse((const char *)data + 1, n - 1, types[data[0] % (sizeof types / sizeof *types)],
			   "https://example.org/feed/", &f, &e);
	if (r != 0 && (f.n || f.items || f.title)) {
		fprintf(stderr, "fuzz invariant failed: feed_parse failed but left items\n");
		bad = 1;
	}
	bad |= utf8_field("title", f.title) | utf8_field("link", f.link);
	for (size_t i = 0; i < f.n && !bad; i++) {
		const struct feed_item *it = &f.items[i];
		bad |= utf8_field("item guid", it->guid) | utf8_field("item link", it->link) |
		       utf8_field("item title", it->title) | utf8_field("item author", it->author) |
		       utf8_field("item published", it->published) | utf8_field("item summary", it->summary) |
		       utf8_field("item content", it->content);
		if (it->summary) {
			struct buf t = BUF_INIT;
			if (feed_html_text(it->summary, &t) == 0)
				bad |= utf8_field("summary text", buf_str(&t));
			buf_free(&t);
		}
	}
	feed_free(&f);
	return bad;
}

#ifdef FUZZ_MAIN
FUZZ_HOOK(fuzz_feed)
#endif
