/* internal.h: the extractor's internal interface, shared by the files of
 * src/extract/ only (charset.c, norm.c, boiler.c, text.c, html.c, meta.c).
 * Nothing here is used outside the module; extract.h is the public face.
 *
 * Ownership: functions that fill a struct buf append to a caller-owned
 * buffer; functions that fill a struct article set fields the caller frees
 * with article_free(). */
#ifndef SECNEWS_EXTRACT_INTERNAL_H
#define SECNEWS_EXTRACT_INTERNAL_H
#include <stddef.h>
#include <stdint.h>

#include <libxml/tree.h>

#include "extract/extract.h"
#include "util/buf.h"
#include "util/err.h"

/* ---- charset.c ---------------------------------------------------------- */

/* Decode the N bytes at DATA to UTF-8, appending to OUT (a BOM is dropped).
 * The charset is chosen from the BOM, then the charset parameter of
 * CONTENT_TYPE (may be NULL), then (when IS_HTML) the document's own
 * <meta charset> / http-equiv / <?xml encoding?> declaration; a declaration
 * is overruled when the bytes are valid UTF-8. Undeclared non-UTF-8 bytes
 * are read as windows-1252. Invalid sequences become U+FFFD; NUL bytes are
 * dropped. The charset used is written to NAME (at least 40 bytes).
 * 0, or -1 when the buffer cap is hit. */
int charset_to_utf8(const char *data, size_t n, const char *content_type, int is_html,
		    struct buf *out, char *name);

/* 1 when the N bytes at DATA can be used as they are: valid UTF-8, no
 * NUL byte, no byte order mark (what charset_to_utf8 would copy unchanged). */
int charset_plain_utf8(const char *data, size_t n);

/* 1 when the bytes start with a UTF-16 byte order mark, or look like
 * BOM-less UTF-16 text (every other byte zero); stores 'L' or 'B' in *ORDER. */
int charset_is_utf16(const unsigned char *d, size_t n, int *order);

/* ---- norm.c: text normalisation ------------------------------------------ */

/* Whitespace state for norm_append: collapse runs into one space. */
struct norm {
	struct buf *out;
	int pending_space; /* a space is owed before the next visible char */
};

/* Append the N bytes of UTF-8 text at S to N->out: whitespace runs (ASCII,
 * NBSP, Unicode spaces) become one space, soft hyphens, zero-width
 * characters and controls are dropped, invalid UTF-8 becomes U+FFFD. A
 * leading space is only written once something follows. */
void norm_append(struct norm *nm, const char *s, size_t n);

/* Copy S (N bytes) normalised as above and trimmed into a new string
 * (caller frees), or NULL when empty or out of memory. */
char *norm_dup(const char *s, size_t n);

/* The text of N's whole subtree, normalised as above, in a new string
 * (caller frees), or NULL when empty or out of memory. SKIP_CODE leaves out
 * the text of <script> and <style> elements. */
char *node_text(xmlNode *n, int skip_code);

/* Number of words in S (N bytes): runs of word characters; each CJK
 * ideograph/kana/hangul character counts as half a word. */
size_t norm_words(const char *s, size_t n);

/* 1 if the text S (N bytes) ends a sentence: the last visible character,
 * before closing quotes or brackets, is . ! ? or a CJK full stop. */
int norm_ends_sentence(const char *s, size_t n);

/* ---- boiler.c: boilerplate phrases (data/boilerplate.txt) ---------------- */

enum boiler_kind {
	BOILER_NONE = 0,
	BOILER_DROP = 1, /* the line or element is noise: drop it */
	BOILER_END = 2   /* the line starts a trailing block: the article ended */
};

/* Classify the text S (N bytes): its letters and digits, lowercased, equal
 * a listed phrase, or begin with one and the text is at most a few words
 * longer. Returns an enum boiler_kind. */
int boiler_match(const char *s, size_t n);

/* ---- text.c: plain text ------------------------------------------------- */

/* Extract from plain UTF-8 text (N bytes at S). Returns an enum
 * extract_status; fills A. */
int text_extract(const char *s, size_t n, struct article *a, struct err *e);

/* ---- html.c: the body of an HTML page ------------------------------------ */


/* Parse the N bytes of UTF-8 HTML at S (libxml2, recover mode, no network).
 * NULL on failure. Caller frees with xmlFreeDoc(). */
xmlDoc *html_parse(const char *s, size_t n, const char *url);

/* The article body of the page: DOC (consumed: freed here; NULL to parse S)
 * is the page parsed from the N bytes at S. TITLE (may be NULL) is the
 * article title, whose repeating heading is left out; DESC (may be NULL)
 * the description, whose repeating standfirst is left out; when HAVE_BYLINE is 0
 * a byline element is taken out of the text and returned in *BYLINE.
 * *BODY gets the text (paragraphs separated by a blank line) or NULL;
 * *NOT_ARTICLE is set when the best block is mostly links or a list of
 * teasers (linked headings, several <article> items). Caller frees
 * *BODY and *BYLINE. Returns 0. */
int html_body(xmlDoc *doc, const char *s, size_t n, const char *url, const char *title,
	      const char *desc, int have_byline, char **body, char **byline, int *not_article);

/* ---- meta.c: metadata and the whole HTML path ----------------------------- */

/* Extract from an HTML page already decoded to UTF-8 (N bytes at S): the
 * metadata (JSON-LD, meta tags, links, visible bylines and datelines, the
 * URL), then the body with html_body(). URL (may be NULL) resolves relative
 * links. Returns an enum extract_status. */
int html_extract(const char *s, size_t n, const char *url, struct article *a, struct err *e);

#endif
