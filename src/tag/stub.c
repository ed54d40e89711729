/* stub.c: placeholder until the tagger lands (issue 4). */
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
	for (int k = 0; k < KIND__COUNT; k++)
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

struct dict {
	int dummy;
};
struct tagger {
	int dummy;
};

struct dict *dict_new(void)
{
	return calloc(1, sizeof(struct dict));
}
void dict_free(struct dict *d)
{
	free(d);
}
int dict_load(struct dict *d, const char *text, size_t n, const char *origin, struct err *e)
{
	return 0;
}
int dict_load_bundled(struct dict *d, struct err *e)
{
	return 0;
}
size_t dict_size(const struct dict *d)
{
	return 0;
}
const struct dict_entity *dict_get(const struct dict *d, size_t i)
{
	return NULL;
}
const struct dict_entity *dict_lookup(const struct dict *d, int kind, const char *name)
{
	return NULL;
}
unsigned long long dict_fingerprint(const struct dict *d)
{
	return 0;
}
int dict_norm(const char *name, struct buf *out)
{
	for (const char *p = name; *p; p++)
		if (buf_putc(out, (*p >= 'A' && *p <= 'Z') ? *p + 32 : (*p == '-' || *p == '_') ? ' ' : *p))
			return -1;
	return 0;
}
struct tagger *tagger_new(const struct dict *d, struct err *e)
{
	return calloc(1, sizeof(struct tagger));
}
void tagger_free(struct tagger *t)
{
	free(t);
}
int tagger_tag_text(const struct tagger *t, const char *text, size_t n, int field,
		    struct mention_list *out)
{
	return 0;
}
int tagger_tag_article(const struct tagger *t, const struct article *a, struct mention_list *out)
{
	return 0;
}
