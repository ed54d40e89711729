/* kinds.c: names of kinds and fields, and the mention list (see tag.h). */
#include <stdlib.h>
#include <string.h>

#include "tag/tag.h"

static const char *const kinds[] = {"actor", "vendor", "product", "cve", "ghsa", "technique", "ipv4",
				    "ipv6", "domain", "url", "email", "md5", "sha1", "sha256"};

const char *kind_name(int k)
{
	return k >= 0 && k < KIND__COUNT ? kinds[k] : NULL;
}

int kind_parse(const char *s)
{
	for (int k = 0; s && k < KIND__COUNT; k++)
		if (strcmp(s, kinds[k]) == 0)
			return k;
	return -1;
}

const char *field_name(int f)
{
	return f == FIELD_TITLE ? "title" : f == FIELD_BODY ? "body" : "text";
}

int mention_list_add(struct mention_list *l, int kind, const char *name, const char *vendor,
		     const char *text, size_t textlen, int field, size_t offset, size_t length)
{
	if (l->n == l->cap) {
		size_t cap = l->cap ? l->cap * 2 : 16;
		struct mention *v = realloc(l->v, cap * sizeof *v);
		if (!v)
			return -1;
		l->v = v, l->cap = cap;
	}
	struct mention *m = &l->v[l->n];
	memset(m, 0, sizeof *m);
	m->kind = kind, m->field = field, m->offset = offset, m->length = length;
	m->name = strdup(name);
	m->vendor = vendor ? strdup(vendor) : NULL;
	m->text = strndup(text, textlen);
	if (!m->name || !m->text || (vendor && !m->vendor)) {
		free(m->name), free(m->vendor), free(m->text);
		return -1;
	}
	l->n++;
	return 0;
}

void mention_list_free(struct mention_list *l)
{
	for (size_t i = 0; i < l->n; i++)
		free(l->v[i].name), free(l->v[i].vendor), free(l->v[i].text);
	free(l->v);
	memset(l, 0, sizeof *l);
}
