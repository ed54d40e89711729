/* fuzz_tagger.c: fuzz target for the tagger: tagger_tag_text over the bundled
 * dictionaries (built once) on the raw input, and tagger_tag_article with the
 * first line as title and the rest as body. Every mention must lie inside its
 * field, quote the text there, and come in order of offset. */
#include "fuzz.h"
#include "tag/tag.h"

int fuzz_tagger(const uint8_t *data, size_t n);
void fuzz_tagger_done(void);

static struct dict *fz_dict;
static struct tagger *fz_tagger;

void fuzz_tagger_done(void)
{
	tagger_free(fz_tagger);
	dict_free(fz_dict);
	fz_tagger = NULL;
	fz_dict = NULL;
}

/* Check the mentions from index FROM of L against the fields' texts. */
static int check_mentions(const struct mention_list *l, const char *const *texts, const size_t *lens)
{
	for (size_t i = 0; i < l->n; i++) {
		const struct mention *m = &l->v[i];
		if (m->kind < 0 || m->kind >= KIND__COUNT || !m->name || !m->text)
			FUZZ_FAIL("mention %zu: bad kind %d or missing name/text", i, m->kind);
		if (m->field < FIELD_TITLE || m->field > FIELD_TEXT)
			FUZZ_FAIL("mention %zu: bad field %d", i, m->field);
		const char *f = texts[m->field];
		size_t fl = lens[m->field];
		if (!f || m->offset > fl || m->length > fl - m->offset)
			FUZZ_FAIL("mention %zu ('%s') at %zu+%zu lies outside its field (%zu bytes)", i, m->name,
				  m->offset, m->length, fl);
		size_t tl = strlen(m->text);
		if (tl > m->length || memcmp(m->text, f + m->offset, tl) != 0)
			FUZZ_FAIL("mention %zu: text '%s' is not what its field holds at %zu", i, m->text,
				  m->offset);
		if (i > 0 && l->v[i - 1].field == m->field && l->v[i - 1].offset > m->offset)
			FUZZ_FAIL("mention %zu: out of order (%zu after %zu)", i, m->offset, l->v[i - 1].offset);
	}
	return 0;
}

int fuzz_tagger(const uint8_t *data, size_t n)
{
	struct err e;
	if (!fz_tagger) {
		if (!(fz_dict = dict_new()) || dict_load_bundled(fz_dict, &e) ||
		    !(fz_tagger = tagger_new(fz_dict, &e))) {
			fprintf(stderr, "cannot build the tagger\n");
			abort();
		}
	}
	int bad = 0;
	struct mention_list l = {0};
	const char *texts[3] = {NULL, NULL, (const char *)data};
	size_t lens[3] = {0, 0, n};
	if (tagger_tag_text(fz_tagger, (const char *)data, n, FIELD_TEXT, &l) == 0)
		bad |= check_mentions(&l, texts, lens);
	mention_list_free(&l);

	/* as an article: title up to the first newline, body after it */
	char *s = fuzz_strndup(data, n);
	if (!s)
		return bad;
	struct article a = {0};
	char *nl = strchr(s, '\n');
	a.title = s;
	a.body = nl ? nl + 1 : NULL;
	if (nl)
		*nl = 0;
	texts[FIELD_TITLE] = a.title;
	lens[FIELD_TITLE] = strlen(a.title);
	texts[FIELD_BODY] = a.body;
	lens[FIELD_BODY] = a.body ? strlen(a.body) : 0;
	if (tagger_tag_article(fz_tagger, &a, &l) == 0)
		bad |= check_mentions(&l, texts, lens);
	mention_list_free(&l);
	free(s);
	return bad;
}

#ifdef FUZZ_MAIN
FUZZ_HOOK(fuzz_tagger)
#endif
