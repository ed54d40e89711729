/* listing.c: a listing's filters and paging from the query string, shared
 * by the pages and the API (see internal.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "serve/internal.h"
#include "util/date.h"

void day_of(const struct article_row *a, char out[11])
{
	snprintf(out, 11, "%s", a->published ? a->published : a->fetched ? a->fetched : "");
}

/* A date parameter (YYYY, YYYY-MM, YYYY-MM-DD or a full ISO 8601 time)
 * into OUT; -1 after req_fail. */
static int date_arg(struct req *r, const char *name, char out[32])
{
	const char *v = req_arg(r, name);
	out[0] = 0;
	if (!v || !*v)
		return 0;
	char tmp[40];
	size_t n = strlen(v);
	if (n == 7 && v[4] == '-')
		snprintf(tmp, sizeof tmp, "%s-01", v);
	else if (n == 4)
		snprintf(tmp, sizeof tmp, "%s-01-01", v);
	else
		snprintf(tmp, sizeof tmp, "%.39s", v);
	time_t t;
	int has_time = 0;
	if (n > 32 || date_parse(tmp, &t, &has_time) != 0) {
		req_fail(r, 400, "%s must be a date (YYYY-MM-DD)", name);
		return -1;
	}
	date_iso(t, has_time, out);
	return 0;
}

int listing_parse(struct req *r, struct listing *l, const char *q, int limit_def, int limit_max)
{
	memset(l, 0, sizeof *l);
	struct query_filter *f = &l->f;
	f->stories = 1;
	if (q) {
		l->search = 1;
		if (strlen(q) > SERVE_MAX_QUERY)
			return req_fail(r, 400, "the query is longer than %d bytes", SERVE_MAX_QUERY), -1;
		struct err e;
		if (query_check(r->st, q, &e))
			return req_fail(r, 400, "%s", e.msg), -1;
		f->match = q;
	}
	/* an entity filter per kind: ?actor=hafnium&vendor=microsoft */
	for (int k = 0; k < KIND__COUNT; k++) {
		const char *kind = kind_name(k), *v = req_arg(r, kind);
		if (!v)
			continue;
		struct query_entity ent;
		struct err e;
		int rc = query_resolve(r->st, kind, v, &ent, NULL, &e);
		if (rc < 0)
			return req_fail(r, 500, "%s", e.msg), -1;
		if (rc == 1)
			return req_fail(r, 404, "no %s named '%.100s'", kind, v), -1;
		if (strcmp(kind, "actor") == 0)
			f->actor = ent.id;
		else if (strcmp(kind, "vendor") == 0) {
			f->vendor = ent.id;
			free(l->vendor_name);
			l->vendor_name = ent.name, ent.name = NULL;
			f->vendor_name = l->vendor_name;
		} else if (strcmp(kind, "product") == 0)
			f->product = ent.id;
		else if (strcmp(kind, "cve") == 0)
			f->cve = ent.id;
		else
			f->entity = ent.id;
		query_entity_free(&ent);
	}
	f->source = req_arg(r, "source");
	if (f->source && (!*f->source || strlen(f->source) > 200))
		return req_fail(r, 400, "source must be a site name or host"), -1;
	if (date_arg(r, "since", l->since) || date_arg(r, "until", l->until))
		return -1;
	f->since = l->since[0] ? l->since : NULL;
	f->until = l->until[0] ? l->until : NULL;
	if ((f->limit = req_limit(r, limit_def, limit_max)) < 0)
		return -1;
	const char *c = req_arg(r, "cursor");
	if (c && *c) {
		/* a search: "o" and the rows already shown; a date listing: the
		 * last row's date, "_", its id */
		char *end;
		if (l->search) {
			long off = c[0] == 'o' ? strtol(c + 1, &end, 10) : -1;
			if (off < 0 || c[1] == 0 || *end || off > 100000)
				return req_fail(r, 400, "malformed cursor"), -1;
			f->offset = off;
		} else {
			const char *us = strrchr(c, '_');
			size_t dl = us ? (size_t)(us - c) : 0;
			if (!us || dl == 0 || dl >= sizeof l->after_date || strspn(c, "0123456789-:TZ.+") != dl)
				return req_fail(r, 400, "malformed cursor"), -1;
			long long id = strtoll(us + 1, &end, 10);
			if (us[1] == 0 || *end || id < 0)
				return req_fail(r, 400, "malformed cursor"), -1;
			memcpy(l->after_date, c, dl);
			l->after_date[dl] = 0;
			f->after_date = l->after_date;
			f->after_id = id;
		}
	}
	return 0;
}

void listing_free(struct listing *l)
{
	free(l->vendor_name);
	l->vendor_name = NULL;
}

void listing_cursor(const struct listing *l, const struct article_row *a, long shown, char *out, size_t n)
{
	if (l->search)
		snprintf(out, n, "o%ld", l->f.offset + shown);
	else
		snprintf(out, n, "%.35s_%lld", a->published ? a->published : "0",
			 (long long)a->id);
}
