/* extract.h: turn the bytes of a page (HTML) or a copied text into an
 * article: metadata and clean body text. No network, no database, no global
 * state: bytes in, struct out.
 *
 * Ownership: on success *OUT is filled with strings the caller owns and
 * releases with article_free(). On failure *OUT is left zeroed. */
#ifndef SECNEWS_EXTRACT_H
#define SECNEWS_EXTRACT_H
#include <stddef.h>

#include "extract/article.h"
#include "util/err.h"

enum extract_status {
	EXTRACT_OK = 0,          /* an article */
	EXTRACT_NOT_ARTICLE = 1, /* a page but not an article (index, home, search) */
	EXTRACT_ERROR = -1       /* unusable input: empty, binary; message in E */
};

enum extract_kind { EXTRACT_AUTO = 0, EXTRACT_HTML, EXTRACT_TEXT };

struct extract_opts {
	const char *url;          /* the page's address, for resolving links; may be NULL */
	const char *content_type; /* HTTP Content-Type header, if fetched; may be NULL */
	int kind;                 /* enum extract_kind */
};

/* Extract the article from the N bytes at DATA. Returns an enum
 * extract_status. With EXTRACT_NOT_ARTICLE, *OUT still holds what metadata
 * was found (title, url) so the caller can name the page. */
int extract(const char *data, size_t n, const struct extract_opts *o, struct article *out,
	    struct err *e);

/* 1 if the bytes look like HTML (markup near the start), else 0. */
int extract_is_html(const char *data, size_t n);

#endif
