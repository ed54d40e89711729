/* pipeline.c: extract -> tag -> store (see pipeline.h). */
#include "pipeline.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct pipeline {
	size_t max_mentions;
	struct store *store;
	struct dict *dict;
	struct tagger *tagger;
};

int pipeline_open(const char *dbpath, struct pipeline **out, struct err *e)
{
	*out = NULL;
	struct pipeline *p = calloc(1, sizeof *p);
	if (!p)
		return err_set(e, "out of memory");
	struct buf lines = BUF_INIT;
	if (store_open(dbpath, &p->store, e))
		goto fail;
	if (!(p->dict = dict_new())) {
		err_set(e, "out of memory");
		goto fail;
	}
	if (dict_load_bundled(p->dict, e) || store_dict_lines(p->store, &lines, e) ||
	    dict_load(p->dict, buf_str(&lines), lines.len, "imported dictionary", e) ||
	    store_sync_dict(p->store, p->dict, e))
		goto fail;
	if (!(p->tagger = tagger_new(p->dict, e)))
		goto fail;
	buf_free(&lines);
	*out = p;
	return 0;
fail:
	buf_free(&lines);
	pipeline_close(p);
	return -1;
}

void pipeline_close(struct pipeline *p)
{
	if (!p)
		return;
	tagger_free(p->tagger);
	dict_free(p->dict);
	store_close(p->store);
	free(p);
}

void pipeline_set_max_mentions(struct pipeline *p, size_t n)
{
	p->max_mentions = n;
}

size_t pipeline_cap_mentions(const struct pipeline *p, struct mention_list *m)
{
	size_t max = p->max_mentions ? p->max_mentions : PIPELINE_MAX_MENTIONS;
	if (m->n <= max)
		return 0;
	size_t dropped = m->n - max;
	for (size_t i = max; i < m->n; i++)
		free(m->v[i].name), free(m->v[i].vendor), free(m->v[i].text);
	m->n = max;
	return dropped;
}

struct store *pipeline_store(struct pipeline *p)
{
	return p->store;
}

const struct tagger *pipeline_tagger(struct pipeline *p)
{
	return p->tagger;
}

const struct dict *pipeline_dict(struct pipeline *p)
{
	return p->dict;
}

int pipeline_ingest_article(struct pipeline *p, const struct article *a, int64_t source_id,
			    struct ingest_result *r, struct err *e)
{
	struct mention_list m = {0};
	r->status = INGEST_ERROR;
	r->nmentions = 0;
	if (!r->title && a->title)
		r->title = strdup(a->title);
	if (tagger_tag_article(p->tagger, a, &m)) {
		mention_list_free(&m);
		return err_set(e, "out of memory while tagging");
	}
	r->mentions_dropped = pipeline_cap_mentions(p, &m);
	int st = store_put_article(p->store, a, &m, source_id, &r->id, e);
	r->nmentions = m.n;
	mention_list_free(&m);
	if (st < 0) {
		r->store_failed = 1;
		return INGEST_ERROR;
	}
	if (st == STORE_COPY) {
		struct buf site = BUF_INIT, url = BUF_INIT;
		if (store_copy_of(p->store, r->id, &r->copy_of, &site, &url, e) == 0)
			snprintf(r->copy_note, sizeof r->copy_note, "the same story as article %lld (%s%s%s)",
				 (long long)r->copy_of, buf_str(&site), site.len ? ", " : "", buf_str(&url));
		buf_free(&site);
		buf_free(&url);
	}
	r->status = st;
	return st;
}

int pipeline_ingest(struct pipeline *p, const char *data, size_t n, const struct extract_opts *o,
		    int64_t source_id, struct ingest_result *r, struct err *e)
{
	struct article a = {0};
	memset(r, 0, sizeof *r);
	r->status = INGEST_ERROR;
	int x = extract(data, n, o, &a, e);
	if (x == EXTRACT_ERROR)
		return INGEST_ERROR;
	if (a.title)
		r->title = strdup(a.title);
	if (x == EXTRACT_NOT_ARTICLE) {
		article_free(&a);
		r->status = INGEST_NOT_ARTICLE;
		return INGEST_NOT_ARTICLE;
	}
	if (!a.url && o && o->url)
		article_set(&a.url, o->url);
	if (!a.url) {
		article_free(&a);
		return err_set(e, "internal error: the article has no address");
	}
	int st = pipeline_ingest_article(p, &a, source_id, r, e);
	article_free(&a);
	return st;
}
