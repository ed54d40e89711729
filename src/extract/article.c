/* article.c: the article struct's helpers (see article.h). */
#include "extract/article.h"

#include <stdlib.h>
#include <string.h>

void article_free(struct article *a)
{
	if (!a)
		return;
	free(a->url);
	free(a->canonical);
	free(a->title);
	free(a->author);
	free(a->published);
	free(a->site);
	free(a->lang);
	free(a->description);
	free(a->body);
	memset(a, 0, sizeof *a);
}

int article_set(char **field, const char *s)
{
	char *c = NULL;
	if (s && !(c = strdup(s)))
		return -1;
	free(*field);
	*field = c;
	return 0;
}
