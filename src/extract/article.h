/* article.h: the article, the plain data that flows from extract to tag to
 * store. Every string is UTF-8, NUL-terminated, heap-allocated and owned by
 * the struct; NULL means unknown. article_free() releases them all. */
#ifndef SECNEWS_ARTICLE_H
#define SECNEWS_ARTICLE_H

struct article {
	char *url;         /* where the page was read from (URL or file path) */
	char *canonical;   /* canonical URL (rel=canonical, og:url), absolute */
	char *title;
	char *author;      /* several authors joined by "; " */
	char *published;   /* ISO 8601: "2021-03-02" or "2021-03-02T14:05:00Z" */
	char *site;        /* site name ("Ars Technica"), else the host */
	char *lang;        /* BCP 47 language tag, e.g. "en", "ja" */
	char *description;
	char *body;        /* paragraphs separated by one blank line ("\n\n") */
	int summary_only;  /* 1: body is only the text a feed item carried */
};

/* Free every string of A and zero it; A itself is not freed. NULL is fine. */
void article_free(struct article *a);

/* Replace *FIELD with a copy of S (NULL clears it). 0 or -1 (out of memory). */
int article_set(char **field, const char *s);

#endif
