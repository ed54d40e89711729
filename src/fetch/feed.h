/* fetch/feed.h: parsing RSS 2.0 / 0.9x, RSS 1.0 (RDF) and Atom 1.0 documents
 * into a list of items, with libxml2 (no network, no external entities, no
 * DTD loading; entity-expansion bombs refused). No database, no global state.
 *
 * Charset: the BOM first, then the charset of the HTTP Content-Type, then
 * the XML declaration; a declared legacy charset is not trusted when the
 * bytes are valid UTF-8 with multi-byte sequences, and bytes that are not
 * UTF-8 and undeclared, or that the declared charset cannot decode, are read
 * as ISO-8859-1 with bytes 0x80-0x9F taken as windows-1252 (the feed is then
 * marked malformed). Every string handed out is valid UTF-8.
 *
 * Ownership: feed_parse() fills a struct feed the caller releases with
 * feed_free(); every string in it is a heap copy owned by the struct. */
#ifndef SECNEWS_FETCH_FEED_H
#define SECNEWS_FETCH_FEED_H
#include <stddef.h>

#include "util/buf.h"
#include "util/err.h"

enum feed_kind { FEED_UNKNOWN = 0, FEED_RSS2, FEED_RSS09, FEED_RSS1, FEED_ATOM };

struct feed_item {
	char *guid;      /* guid / id / rdf:about; NULL when absent */
	char *link;      /* absolute URL of the page (Atom rel="alternate"); NULL when absent */
	char *title;     /* plain text */
	char *author;    /* author / dc:creator / atom:author/name; several joined by "; " */
	char *published; /* ISO 8601 UTC, NULL when absent or unparseable */
	char *summary;   /* description / atom:summary, as HTML */
	char *content;   /* content:encoded / atom:content, as HTML; NULL when absent */
};

struct feed {
	int kind;                /* enum feed_kind */
	char *title, *link;      /* the channel's */
	char encoding[40];       /* the charset the bytes were read as, e.g. "UTF-8" */
	int malformed;           /* 1: not well-formed XML; what could be read was kept */
	char problem[200];       /* why it is malformed ("" when not) */
	struct feed_item *items;
	size_t n;
};

/* Items kept from one feed at most (the first ones); `fetch --max-items`
 * chooses how many of them are read, up to this. */
#define FEED_MAX_ITEMS 5000

/* Parse the N bytes at DATA, fetched from BASE_URL (for relative links; may
 * be NULL) with HTTP header CONTENT_TYPE (may be NULL).
 * Returns 0 for a feed (possibly malformed: see F->malformed), or -1 with a
 * message in E when the bytes are not a feed at all (HTML, garbage, empty,
 * an entity bomb). On -1, F is left empty. */
int feed_parse(const char *data, size_t n, const char *content_type, const char *base_url,
	       struct feed *f, struct err *e);

void feed_free(struct feed *f);

/* The plain text of an HTML fragment S (paragraphs separated by a blank
 * line, entities decoded, scripts dropped), appended to OUT. 0 or -1. */
int feed_html_text(const char *s, struct buf *out);

/* Pick the charset of a document: BOM, then CONTENT_TYPE's charset=, then
 * the XML declaration (or <meta charset> when HTML is 1), checked against
 * the bytes as described above. Writes an encoding name into OUT (size
 * OUTN) and returns 1 when the choice contradicts or lacks a declaration
 * and had to be guessed, else 0. */
int feed_charset(const char *data, size_t n, const char *content_type, int html, char *out,
		 size_t outn);

/* Read an OPML document (a feed reader's subscription list): ADD(CTX, url,
 * title, category) is called for every outline with an xmlUrl (title and
 * category may be NULL; the category is the enclosing outline's text).
 * Returns the number of feeds found, or -1 with a message in E. */
int feed_opml_parse(const char *data, size_t n,
		    void (*add)(void *ctx, const char *url, const char *title, const char *category),
		    void *ctx, struct err *e);

#endif
