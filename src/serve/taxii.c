/* taxii.c: a read-only TAXII 2.1 server (OASIS TAXII 2.1, sections 4 and
 * 5): discovery at /taxii2/, one API root /taxii2/secnews/, one collection
 * holding the STIX objects `secnews export --format stix` writes, with
 * objects/, objects/ID/, objects/ID/versions/ and manifest/.
 *
 * The collection is the export taken article by article in the order they
 * were stored (fetched, then id). Each STIX object is added once, with the
 * first article that yields it: the report with its article; an entity
 * (intrusion set, identity, software, vulnerability...) or a relationship
 * with the first article naming every entity it stands on. Which entities
 * those are is found by asking the export itself (the object vanishes when
 * the entity is left out of the record), so this follows whatever the STIX
 * mapping in src/export becomes. An object's date_added is its article's
 * `fetched` time plus (id mod 10^6) microseconds: unique and increasing
 * within a second, so added_after never skips an article stored in the same
 * second as the last one a client saw. Objects keep the export's
 * deterministic ids and timestamps, so polling again gives the same
 * objects, and added_after gives only the new ones. */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd/table.h"
#include "export/export.h"
#include "export/uuid.h"
#include "serve/internal.h"

#define TAXII_TYPE "application/taxii+json;version=2.1"
#define STIX_TYPE "application/stix+json;version=2.1"
#define ROOT "/taxii2/secnews/"
#define SCAN_BUDGET 1000 /* articles looked at in one request, at most */

static void collection_id(char out[37])
{
	uuid5(UUID_NS_SECNEWS, "taxii-collection:secnews", 24, out);
}

/* ---- the collection's objects, article by article ---------------------------------------- */

/* The objects of the STIX bundle for R alone, as a JSON array (new reference), or NULL. */
static json_t *stix_objects(const struct export_record *r)
{
	char *mem = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&mem, &len);
	if (!f)
		return NULL;
	struct stix_writer *w = stix_begin(f);
	int bad = !w || stix_add(w, r);
	if (bad)
		stix_free(w);
	else
		bad = stix_end(w) != 0;
	bad |= fclose(f) != 0;
	json_t *objs = NULL;
	if (!bad) {
		json_t *root = json_loadb(mem, len, 0, NULL);
		objs = json_object_get(root, "objects");
		if (objs)
			json_incref(objs);
		else
			objs = json_array();
		json_decref(root);
	}
	free(mem);
	return objs;
}

static int has_id(json_t *objs, const char *id)
{
	size_t i;
	json_t *o;
	json_array_foreach(objs, i, o)
	{
		const char *x = json_string_value(json_object_get(o, "id"));
		if (x && strcmp(x, id) == 0)
			return 1;
	}
	return 0;
}

/* Copy of list L without NAME. */
static struct namelist without(const struct namelist *l, const char *name, const char **buf)
{
	size_t n = 0;
	for (size_t i = 0; i < l->n; i++)
		if (strcmp(l->v[i], name) != 0)
			buf[n++] = l->v[i];
	return (struct namelist){buf, n};
}

/* R without its entity number SKIP (from the entities and the name lists). */
static json_t *objects_without(const struct export_record *r, size_t skip)
{
	const struct export_entity *gone = &r->entities[skip];
	struct export_entity *ents = malloc((r->nentities ? r->nentities : 1) * sizeof *ents);
	size_t total = r->actors.n + r->vendors.n + r->products.n + r->cves.n + 4;
	const char **names = malloc(total * sizeof *names);
	if (!ents || !names) {
		free(ents), free(names);
		return NULL;
	}
	size_t n = 0;
	for (size_t i = 0; i < r->nentities; i++)
		if (i != skip)
			ents[n++] = r->entities[i];
	struct export_record x = *r;
	x.entities = ents, x.nentities = n;
	const char **p = names;
	x.actors = without(&r->actors, gone->name, p), p += r->actors.n;
	x.vendors = without(&r->vendors, gone->name, p), p += r->vendors.n;
	x.products = without(&r->products, gone->name, p), p += r->products.n;
	x.cves = without(&r->cves, gone->name, p);
	json_t *objs = stix_objects(&x);
	free(ents), free(names);
	return objs;
}

/* The objects the collection adds with article A, in the export's order,
 * as a JSON array (new reference); NULL on error (message in E). */
static json_t *article_objects(struct store *st, struct record_builder *rb, const struct article_row *a,
			       struct err *e)
{
	struct export_record rec;
	if (record_build(rb, st, a, 1, &rec, e))
		return NULL;
	json_t *all = stix_objects(&rec);
	if (!all) {
		err_set(e, "the STIX objects could not be written");
		return NULL;
	}
	size_t ne = rec.nentities;
	json_t **gone = calloc(ne ? ne : 1, sizeof *gone); /* the objects without entity i */
	const char **kinds = calloc(ne ? ne : 1, sizeof *kinds), **names = calloc(ne ? ne : 1, sizeof *names);
	json_t *out = json_array();
	int failed = !gone || !kinds || !names || !out;
	for (size_t i = 0; i < ne && !failed; i++)
		failed = !(gone[i] = objects_without(&rec, i));
	size_t k;
	json_t *o;
	json_array_foreach(all, k, o)
	{
		if (failed)
			break;
		const char *type = json_string_value(json_object_get(o, "type"));
		const char *id = json_string_value(json_object_get(o, "id"));
		if (!type || !id)
			continue;
		if (strcmp(type, "report") != 0) {
			/* the entities it stands on; named together before: not ours */
			size_t nd = 0;
			for (size_t i = 0; i < ne; i++)
				if (!has_id(gone[i], id))
					kinds[nd] = rec.entities[i].kind, names[nd++] = rec.entities[i].name;
			int before = query_named_before(st, kinds, names, nd, a->fetched, a->id, e);
			if (before < 0) {
				failed = 1;
				break;
			}
			if (before)
				continue;
		}
		json_array_append(out, o);
	}
	for (size_t i = 0; gone && i < ne; i++)
		json_decref(gone[i]);
	free(gone), free(kinds), free(names);
	json_decref(all);
	if (failed) {
		json_decref(out);
		if (!e->msg[0])
			err_set(e, "out of memory");
		return NULL;
	}
	return out;
}

/* ---- a request's filters -------------------------------------------------------------- */

struct sel {
	char added_after[40];    /* canonical, "" for none */
	char *types[32];
	size_t ntypes;
	char *ids[32];
	size_t nids;
	char version[40];        /* a timestamp, or "" (last/first/all: every object has one version) */
	int spec_ok;
	int limit;
	/* the token: resume at article (fetched, id), skipping its first skip objects */
	char t_fetched[40];
	long long t_id;
	long t_skip;
	int bad;
};

/* A STIX/TAXII timestamp into the canonical form "YYYY-MM-DDTHH:MM:SS.ffffffZ"; -1 if malformed. */
static int canon_time(const char *s, char out[40])
{
	size_t n = strlen(s);
	if (n < 20 || n > 40 || s[4] != '-' || s[7] != '-' || s[10] != 'T' || s[13] != ':' || s[16] != ':' ||
	    s[n - 1] != 'Z')
		return -1;
	for (size_t i = 0; i < 19; i++)
		if (i != 4 && i != 7 && i != 10 && i != 13 && i != 16 && (s[i] < '0' || s[i] > '9'))
			return -1;
	char frac[7] = "000000";
	if (s[19] == '.') {
		size_t d = 0;
		for (size_t i = 20; i < n - 1; i++) {
			if (s[i] < '0' || s[i] > '9')
				return -1;
			if (d < 6)
				frac[d++] = s[i];
		}
		if (n - 1 == 20)
			return -1;
	} else if (n != 20) {
		return -1;
	}
	snprintf(out, 40, "%.19s.%sZ", s, frac);
	return 0;
}

static void date_added(const struct article_row *a, char out[40])
{
	snprintf(out, 40, "%.19s.%06lldZ", a->fetched ? a->fetched : "1970-01-01T00:00:00",
		 (long long)(a->id % 1000000));
}

static int add_list(char **v, size_t *n, const char *value)
{
	/* "a,b" or repeated parameters */
	const char *p = value;
	while (*p) {
		const char *c = strchr(p, ',');
		size_t l = c ? (size_t)(c - p) : strlen(p);
		if (l && *n < 32)
			v[(*n)++] = strndup(p, l);
		p += l + (c != NULL);
	}
	return 0;
}

static int add_type(void *ctx, const char *v)
{
	struct sel *s = ctx;
	return add_list(s->types, &s->ntypes, v);
}

static int add_match_id(void *ctx, const char *v)
{
	struct sel *s = ctx;
	return add_list(s->ids, &s->nids, v);
}

static void sel_free(struct sel *s)
{
	for (size_t i = 0; i < s->ntypes; i++)
		free(s->types[i]);
	for (size_t i = 0; i < s->nids; i++)
		free(s->ids[i]);
}

/* Read the request's filters; -1 after req_fail. */
static int sel_parse(struct req *r, struct sel *s)
{
	memset(s, 0, sizeof *s);
	s->spec_ok = 1;
	const char *v = req_arg(r, "added_after");
	if (v && canon_time(v, s->added_after))
		return req_fail(r, 400, "added_after must be a timestamp like 2021-03-02T10:00:00.000Z"), -1;
	req_args(r, "match[type]", add_type, s);
	req_args(r, "match[id]", add_match_id, s);
	v = req_arg(r, "match[version]");
	if (v && strcmp(v, "last") != 0 && strcmp(v, "first") != 0 && strcmp(v, "all") != 0 &&
	    canon_time(v, s->version))
		return req_fail(r, 400, "match[version] must be last, first, all or a timestamp"), -1;
	v = req_arg(r, "match[spec_version]");
	if (v)
		s->spec_ok = strstr(v, "2.1") != NULL;
	if ((s->limit = req_limit(r, 100, SERVE_MAX_TAXII_PAGE)) < 0)
		return -1;
	v = req_arg(r, "next");
	if (v) {
		/* FETCHED_ID_SKIP */
		const char *u2 = strrchr(v, '_');
		const char *u1 = u2 && u2 > v ? u2 - 1 : NULL;
		while (u1 && u1 > v && *u1 != '_')
			u1--;
		char *end;
		if (!u2 || !u1 || *u1 != '_' || (size_t)(u1 - v) >= sizeof s->t_fetched || u1 == v)
			return req_fail(r, 400, "malformed next"), -1;
		memcpy(s->t_fetched, v, (size_t)(u1 - v));
		s->t_fetched[u1 - v] = 0;
		s->t_id = strtoll(u1 + 1, &end, 10);
		if (end != u2 || s->t_id < 0)
			return req_fail(r, 400, "malformed next"), -1;
		s->t_skip = strtol(u2 + 1, &end, 10);
		if (*end || u2[1] == 0 || s->t_skip < 0 || strspn(s->t_fetched, "0123456789-:TZ") != strlen(s->t_fetched))
			return req_fail(r, 400, "malformed next"), -1;
	}
	return 0;
}

static int sel_match(const struct sel *s, json_t *o, const char *added)
{
	if (!s->spec_ok)
		return 0;
	if (s->added_after[0] && strcmp(added, s->added_after) <= 0)
		return 0;
	const char *type = json_string_value(json_object_get(o, "type"));
	const char *id = json_string_value(json_object_get(o, "id"));
	if (s->ntypes) {
		int ok = 0;
		for (size_t i = 0; i < s->ntypes && !ok; i++)
			ok = type && strcmp(type, s->types[i]) == 0;
		if (!ok)
			return 0;
	}
	if (s->nids) {
		int ok = 0;
		for (size_t i = 0; i < s->nids && !ok; i++)
			ok = id && strcmp(id, s->ids[i]) == 0;
		if (!ok)
			return 0;
	}
	if (s->version[0]) {
		const char *ver = json_string_value(json_object_get(o, "modified"));
		if (!ver)
			ver = json_string_value(json_object_get(o, "created"));
		char cv[40];
		if (!ver || canon_time(ver, cv) || strcmp(cv, s->version) != 0)
			return 0;
	}
	return 1;
}

/* ---- the walk ---------------------------------------------------------------------------- */

struct hit {
	json_t *obj; /* borrowed from the article's array, kept alive by ARTS */
	char added[40];
};

struct walk {
	struct req *r;
	struct sel *s;
	struct record_builder *rb;
	json_t *arts;           /* the arrays of the articles walked (kept for their objects) */
	struct hit *hits;
	size_t nhits, want;     /* want = limit + 1: one more tells there is more */
	long scanned;
	int full, failed;
	char err[512];
	/* where the next page starts */
	char next_fetched[40];
	long long next_id;
	long next_skip;
	char last_fetched[40];
	long long last_id;
	int resume;             /* the token's article not yet reached */
};

static int walk_article(void *ctx, const struct article_row *a)
{
	struct walk *w = ctx;
	if (w->full)
		return 1;
	w->scanned++;
	snprintf(w->last_fetched, sizeof w->last_fetched, "%s", a->fetched ? a->fetched : "");
	w->last_id = a->id;
	char added[40];
	date_added(a, added);
	/* an article all of whose objects are not after added_after: skip quickly */
	if (w->s->added_after[0] && strcmp(added, w->s->added_after) <= 0)
		return 0;
	struct err e = {{0}};
	json_t *objs = article_objects(w->r->st, w->rb, a, &e);
	if (!objs) {
		snprintf(w->err, sizeof w->err, "%.500s", e.msg);
		w->failed = 1;
		return 1;
	}
	json_array_append_new(w->arts, objs);
	long skip = 0;
	if (w->resume && strcmp(a->fetched ? a->fetched : "", w->s->t_fetched) == 0 && a->id == w->s->t_id)
		skip = w->s->t_skip;
	w->resume = 0;
	long k = 0; /* matching objects of this article so far */
	size_t i;
	json_t *o;
	json_array_foreach(objs, i, o)
	{
		if (!sel_match(w->s, o, added))
			continue;
		k++;
		if (k <= skip)
			continue;
		if (w->nhits + 1 == w->want) {
			/* one past the page: the next page starts here */
			w->full = 1;
			snprintf(w->next_fetched, sizeof w->next_fetched, "%s", a->fetched ? a->fetched : "");
			w->next_id = a->id;
			w->next_skip = k - 1;
			return 1;
		}
		w->hits[w->nhits].obj = o;
		snprintf(w->hits[w->nhits].added, sizeof w->hits[0].added, "%s", added);
		w->nhits++;
	}
	return 0;
}

/* Walk the collection for S; fills W. 0, or -1 after req_fail. */
static int walk(struct req *r, struct sel *s, struct walk *w)
{
	memset(w, 0, sizeof *w);
	w->r = r, w->s = s;
	w->want = (size_t)s->limit + 1;
	w->rb = record_builder_new();
	w->arts = json_array();
	w->hits = calloc(w->want, sizeof *w->hits);
	if (!w->rb || !w->arts || !w->hits)
		return req_fail(r, 500, "out of memory"), -1;
	/* where to start: the token's article, else the second of added_after */
	char after[40] = "";
	long long after_id = -1;
	if (s->t_fetched[0]) {
		snprintf(after, sizeof after, "%s", s->t_fetched);
		after_id = s->t_id - 1;
		w->resume = 1;
	} else if (s->added_after[0]) {
		snprintf(after, sizeof after, "%.19sZ", s->added_after);
	}
	struct err e;
	while (!w->full && !w->failed && w->scanned < SCAN_BUDGET) {
		long before = w->scanned;
		long n = query_ingested(r->st, after[0] ? after : NULL, after_id, 50, walk_article, w, &e);
		if (n < 0)
			return req_fail(r, 500, "%s", e.msg), -1;
		if (w->failed)
			return req_fail(r, 500, "%s", w->err), -1;
		if (w->scanned == before || n < 50)
			break; /* the end of the collection */
		snprintf(after, sizeof after, "%s", w->last_fetched);
		after_id = w->last_id;
	}
	if (!w->full && w->scanned >= SCAN_BUDGET) {
		/* looked at enough for one request: the rest on the next page */
		w->full = 1;
		snprintf(w->next_fetched, sizeof w->next_fetched, "%s", w->last_fetched);
		w->next_id = w->last_id + 1;
		w->next_skip = 0;
	}
	return 0;
}

static void walk_free(struct walk *w)
{
	record_builder_free(w->rb);
	json_decref(w->arts);
	free(w->hits);
}

static void version_of(json_t *o, const char *added, char out[64])
{
	const char *v = json_string_value(json_object_get(o, "modified"));
	if (!v)
		v = json_string_value(json_object_get(o, "created"));
	snprintf(out, 64, "%s", v ? v : added);
}

/* Write the envelope (objects) or the manifest (MANIFEST) of W. */
static void page(struct req *r, struct walk *w, int manifest, int versions_only)
{
	struct buf *b = &r->body;
	r->type = TAXII_TYPE;
	buf_printf(b, "{\"more\":%s", w->full ? "true" : "false");
	if (w->full)
		buf_printf(b, ",\"next\":\"%s_%lld_%ld\"", w->next_fetched, w->next_id, w->next_skip);
	if (w->nhits) {
		buf_puts(b, versions_only ? ",\"versions\":[" : ",\"objects\":[");
		for (size_t i = 0; i < w->nhits; i++) {
			if (i)
				buf_putc(b, ',');
			char ver[64];
			version_of(w->hits[i].obj, w->hits[i].added, ver);
			if (versions_only) {
				export_json_string(b, ver);
			} else if (manifest) {
				buf_puts(b, "{\"id\":");
				export_json_string(b, json_string_value(json_object_get(w->hits[i].obj, "id")));
				buf_printf(b, ",\"date_added\":\"%s\",\"version\":", w->hits[i].added);
				export_json_string(b, ver);
				buf_puts(b, ",\"media_type\":\"" STIX_TYPE "\"}");
			} else {
				char *js = json_dumps(w->hits[i].obj, JSON_COMPACT | JSON_ENSURE_ASCII);
				buf_puts(b, js ? js : "null");
				free(js);
			}
		}
		buf_putc(b, ']');
		req_header(r, "X-TAXII-Date-Added-First", w->hits[0].added);
		req_header(r, "X-TAXII-Date-Added-Last", w->hits[w->nhits - 1].added);
	}
	buf_puts(b, "}\n");
}

/* ---- routes ---------------------------------------------------------------------------- */

/* The Accept header allows TAXII's media type (or anything). */
static int accepts(struct req *r)
{
	const char *a = req_header_in(r, "Accept");
	if (!a || !*a)
		return 1;
	return strstr(a, "application/taxii+json") || strstr(a, "*/*") || strstr(a, "application/*") ||
	       strstr(a, "application/json");
}

static void collection(struct buf *b)
{
	char cid[37];
	collection_id(cid);
	buf_printf(b,
		   "{\"id\":\"%s\",\"title\":\"secnews\",\"description\":\"Reports, intrusion sets, identities, "
		   "software and vulnerabilities from the articles secnews stored: the objects of its STIX export, "
		   "one report per article.\",\"can_read\":true,\"can_write\":false,\"media_types\":[\"" STIX_TYPE
		   "\"]}",
		   cid);
}

int taxii_route(struct req *r)
{
	const char *p = r->path;
	if (strncmp(p, "/taxii2", 7) != 0)
		return 0;
	if (!accepts(r))
		return req_fail(r, 406, "this server answers with " TAXII_TYPE), 1;
	struct buf *b = &r->body;
	r->type = TAXII_TYPE;
	if (strcmp(p, "/taxii2/") == 0 || strcmp(p, "/taxii2") == 0) {
		buf_puts(b, "{\"title\":\"secnews\",\"description\":\"A read-only TAXII 2.1 view of a secnews "
			    "database.\",\"default\":");
		struct buf u = BUF_INIT;
		buf_printf(&u, "%s" ROOT, r->base);
		export_json_string(b, buf_str(&u));
		buf_puts(b, ",\"api_roots\":[");
		export_json_string(b, buf_str(&u));
		buf_puts(b, "]}\n");
		buf_free(&u);
		return 1;
	}
	if (strncmp(p, ROOT, sizeof ROOT - 1) != 0 && strcmp(p, "/taxii2/secnews") != 0)
		return req_fail(r, 404, "no such API root (the one is " ROOT ")"), 1;
	p += sizeof ROOT - 1;
	if (p[-1] != '/' || *p == 0) {
		buf_printf(b, "{\"title\":\"secnews\",\"description\":\"The articles secnews stored, as STIX 2.1.\","
			      "\"versions\":[\"" TAXII_TYPE "\"],\"max_content_length\":%d}\n",
			   0);
		return 1;
	}
	if (strcmp(p, "collections/") == 0 || strcmp(p, "collections") == 0) {
		buf_puts(b, "{\"collections\":[");
		collection(b);
		buf_puts(b, "]}\n");
		return 1;
	}
	char cid[37];
	collection_id(cid);
	if (strncmp(p, "collections/", 12) != 0 || strncmp(p + 12, cid, 36) != 0 || (p[48] != '/' && p[48] != 0))
		return req_fail(r, 404, "no such collection"), 1;
	p += 48;
	if (*p == 0 || strcmp(p, "/") == 0) {
		collection(b);
		buf_putc(b, '\n');
		return 1;
	}
	int manifest = strcmp(p, "/manifest/") == 0 || strcmp(p, "/manifest") == 0;
	int objects = strcmp(p, "/objects/") == 0 || strcmp(p, "/objects") == 0;
	int by_id = 0, versions = 0;
	char oid[128] = "";
	if (!manifest && !objects && strncmp(p, "/objects/", 9) == 0) {
		/* objects/{id}/ and objects/{id}/versions/ */
		const char *id = p + 9, *s = strchr(id, '/');
		size_t n = s ? (size_t)(s - id) : strlen(id);
		if (n == 0 || n >= sizeof oid || !strstr(id, "--"))
			return req_fail(r, 404, "no such object"), 1;
		memcpy(oid, id, n);
		oid[n] = 0;
		by_id = 1;
		versions = s && (strcmp(s, "/versions/") == 0 || strcmp(s, "/versions") == 0);
		if (s && !versions && strcmp(s, "/") != 0)
			return req_fail(r, 404, "no such endpoint"), 1;
	}
	if (!manifest && !objects && !by_id)
		return req_fail(r, 404, "no such endpoint"), 1;
	struct sel s;
	if (sel_parse(r, &s)) {
		sel_free(&s);
		return 1;
	}
	if (by_id) {
		for (size_t i = 0; i < s.nids; i++)
			free(s.ids[i]);
		s.nids = 0;
		s.ids[s.nids++] = strdup(oid);
	}
	struct walk w;
	if (walk(r, &s, &w) == 0) {
		if (by_id && w.nhits == 0 && !w.full)
			req_fail(r, 404, "no object %s", oid);
		else
			page(r, &w, manifest, versions);
	}
	walk_free(&w);
	sel_free(&s);
	return 1;
}
