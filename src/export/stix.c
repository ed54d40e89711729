/* stix.c: the STIX 2.1 bundle export (see export.h).
 *
 * Mapping (also in doc/export.md):
 *   article  -> report: name = title (else the URL, else "(untitled)"),
 *               description, published, report_types ["threat-report"],
 *               lang, external_references [{source_name: site or "secnews",
 *               url}], object_refs = everything below that the article names,
 *               plus the relationships drawn from it; an article that names
 *               nothing refers to an identity for its site instead.
 *   actor    -> intrusion-set (name, aliases, ATT&CK group ids as
 *               external_references source "mitre-attack"). The actor's
 *               country is left out: a location object would say it, but
 *               the OASIS bundle schema cannot validate a location.
 *   vendor   -> identity, identity_class "organization" (a site, too)
 *   product  -> software (an observable: name, vendor)
 *   CVE      -> vulnerability (name, external_references source "cve")
 *   relationships, for every actor an article names: actor "targets" each
 *   vendor and each CVE it names; actor "related-to" each product (a product
 *   may be the group's own malware or its target: the text does not say).
 *
 * Ids are UUIDv5, so that exporting again gives the same ids:
 *   SDOs and relationships: uuid5(UUID_NS_SECNEWS, "TYPE:KEY") where KEY is
 *     the URL for a report (no URL: "id:" and the article id), the folded
 *     canonical name for the others (ASCII lowercase, whitespace runs as one
 *     space, trimmed), "source:" and the folded site name for a site's
 *     identity, and "SOURCE_ID TYPE TARGET_ID" for a relationship;
 *   software: STIX's own rule for observables (spec 2.1 section 2.9):
 *     uuid5(UUID_NS_STIX_SCO, canonical JSON of {"name","vendor"});
 *   bundle: uuid5(UUID_NS_SECNEWS, "bundle:" then every object id, each
 *     followed by LF, in the order written).
 * Timestamps: a report's created, modified and published are the article's
 * published date (midnight UTC when it has no time of day); when that is
 * missing or not a date, and for every other object, the Unix epoch
 * 1970-01-01T00:00:00.000Z. Each object is written once per bundle, the
 * first time an article names it. */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "export/export.h"
#include "export/uuid.h"
#include "util/date.h"
#include "util/utf8.h"

#define ID_MAX 64 /* "relationship--" + 36 + NUL is the longest */
#define EPOCH_MS "1970-01-01T00:00:00.000Z"

/* A set of ids (strings it owns), open addressing. */
struct idset {
	char **slot;
	size_t cap, n;
};

struct stix_writer {
	FILE *f;
	struct buf objs;   /* the objects written so far, separated by ",\n" */
	size_t nobjs;
	struct idset seen; /* ids of the objects in objs */
	struct sha1 bundle; /* hashes every id, for the bundle's id */
};

/* One thing an article names. */
struct named {
	int kind; /* K_* */
	const char *name;
	const struct export_entity *e; /* details, or NULL */
	char id[ID_MAX];
};

enum { K_ACTOR, K_VENDOR, K_PRODUCT, K_CVE, K__COUNT };
static const char *const kind_names[K__COUNT] = {"actor", "vendor", "product", "cve"};

static uint64_t fnv1a(const char *s)
{
	uint64_t h = 1469598103934665603ULL;
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ULL;
	return h;
}

/* The slot where ID is, or the empty slot where it would go. */
static size_t idset_find(const struct idset *s, const char *id)
{
	size_t i = (size_t)fnv1a(id) & (s->cap - 1);
	while (s->slot[i] && strcmp(s->slot[i], id) != 0)
		i = (i + 1) & (s->cap - 1);
	return i;
}

static int idset_has(const struct idset *s, const char *id)
{
	return s->cap && s->slot[idset_find(s, id)] != NULL;
}

/* Add ID: 1 when added, 0 when already there, -1 when out of memory. */
static int idset_add(struct idset *s, const char *id)
{
	if (idset_has(s, id))
		return 0;
	if ((s->n + 1) * 2 > s->cap) {
		size_t cap = s->cap ? s->cap * 2 : 256;
		struct idset bigger = {calloc(cap, sizeof(char *)), cap, s->n};
		if (!bigger.slot)
			return -1;
		for (size_t i = 0; i < s->cap; i++)
			if (s->slot[i])
				bigger.slot[idset_find(&bigger, s->slot[i])] = s->slot[i];
		free(s->slot);
		*s = bigger;
	}
	char *copy = strdup(id);
	if (!copy)
		return -1;
	s->slot[idset_find(s, id)] = copy;
	s->n++;
	return 1;
}

static void idset_free(struct idset *s)
{
	for (size_t i = 0; i < s->cap; i++)
		free(s->slot[i]);
	free(s->slot);
	s->slot = NULL;
	s->cap = s->n = 0;
}

/* Append NAME folded for an id key: ASCII lowercase, runs of whitespace as
 * one space, no leading or trailing space. */
static void fold(struct buf *out, const char *s)
{
	int space = 0, any = 0;
	for (; s && *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v') {
			space = 1;
			continue;
		}
		if (space && any)
			buf_putc(out, ' ');
		space = 0;
		any = 1;
		buf_putc(out, c >= 'A' && c <= 'Z' ? c + 32 : c);
	}
}

/* OUT = TYPE--uuid5(UUID_NS_SECNEWS, "TYPE:" PREFIX KEY), KEY folded when FOLD. */
static void make_id(char out[ID_MAX], const char *type, const char *prefix, const char *key, int folded)
{
	struct buf k = BUF_INIT;
	buf_puts(&k, type);
	buf_putc(&k, ':');
	buf_puts(&k, prefix);
	if (folded)
		fold(&k, key);
	else
		buf_puts(&k, key ? key : "");
	char u[37];
	uuid5(UUID_NS_SECNEWS, buf_str(&k), k.len, u);
	snprintf(out, ID_MAX, "%s--%s", type, u);
	buf_free(&k);
}

/* Append S as a JSON string in RFC 8785 (JCS) form, as STIX's observable
 * ids need: only '"', '\\' and control characters escaped. */
static void jcs_string(struct buf *out, const char *s)
{
	static const char hex[] = "0123456789abcdef";
	struct buf clean = BUF_INIT;
	utf8_sanitize(&clean, s, strlen(s));
	const char *c = buf_str(&clean);
	buf_putc(out, '"');
	for (size_t i = 0; i < clean.len; i++) {
		unsigned char ch = (unsigned char)c[i];
		switch (ch) {
		case '"': buf_puts(out, "\\\""); break;
		case '\\': buf_puts(out, "\\\\"); break;
		case '\b': buf_puts(out, "\\b"); break;
		case '\f': buf_puts(out, "\\f"); break;
		case '\n': buf_puts(out, "\\n"); break;
		case '\r': buf_puts(out, "\\r"); break;
		case '\t': buf_puts(out, "\\t"); break;
		default:
			if (ch < 0x20)
				buf_printf(out, "\\u00%c%c", hex[ch >> 4], hex[ch & 15]);
			else
				buf_putc(out, ch);
		}
	}
	buf_putc(out, '"');
	buf_free(&clean);
}

/* The id of software NAME by VENDOR (may be NULL), by STIX's rule. */
static void software_id(char out[ID_MAX], const char *name, const char *vendor)
{
	struct buf j = BUF_INIT;
	buf_puts(&j, "{\"name\":");
	jcs_string(&j, name);
	if (vendor && *vendor) {
		buf_puts(&j, ",\"vendor\":");
		jcs_string(&j, vendor);
	}
	buf_putc(&j, '}');
	char u[37];
	uuid5(UUID_NS_STIX_SCO, buf_str(&j), j.len, u);
	snprintf(out, ID_MAX, "software--%s", u);
	buf_free(&j);
}

/* Append ,"KEY":"S" (S escaped). */
static void kv(struct buf *o, const char *key, const char *s)
{
	buf_printf(o, ",\"%s\":", key);
	export_json_string(o, s);
}

/* Open an SDO or SRO: {"type":..,"spec_version":"2.1","id":..,"created":..,"modified":.. */
static void head(struct buf *o, const char *type, const char *id, const char *stamp)
{
	buf_printf(o, "{\"type\":\"%s\",\"spec_version\":\"2.1\",\"id\":\"%s\",\"created\":\"%s\","
		   "\"modified\":\"%s\"", type, id, stamp, stamp);
}

/* Add object O (one JSON object) with id ID to the bundle unless it is
 * there already. 0 or -1. */
static int emit(struct stix_writer *w, const char *id, const struct buf *o)
{
	if (o->failed)
		return -1;
	int added = idset_add(&w->seen, id);
	if (added <= 0)
		return added;
	if (w->nobjs)
		buf_puts(&w->objs, ",\n");
	buf_append(&w->objs, o->data, o->len);
	w->nobjs++;
	sha1_update(&w->bundle, id, strlen(id));
	sha1_update(&w->bundle, "\n", 1);
	return w->objs.failed ? -1 : 0;
}

/* The CVE id S in upper case in OUT (32 bytes); 1 if it has the form the
 * schema wants for a "cve" external reference. */
static int cve_norm(const char *s, char out[32])
{
	size_t n = 0;
	while (*s == ' ')
		s++;
	for (; *s && *s != ' ' && n < 31; s++)
		out[n++] = *s >= 'a' && *s <= 'z' ? (char)(*s - 32) : *s;
	out[n] = '\0';
	if (*s && *s != ' ')
		return 0; /* too long to be one */
	/* CVE-YYYY-NNNN..., the number four digits or more, no leading zero past four. */
	if (n < 13 || strncmp(out, "CVE-", 4) != 0 || out[8] != '-')
		return 0;
	for (size_t i = 4; i < n; i++)
		if (i != 8 && (out[i] < '0' || out[i] > '9'))
			return 0;
	return n == 13 || out[9] != '0';
}

static int write_intrusion_set(struct stix_writer *w, const struct named *x)
{
	struct buf o = BUF_INIT, fn = BUF_INIT, fa = BUF_INIT;
	head(&o, "intrusion-set", x->id, EPOCH_MS);
	kv(&o, "name", x->name);
	fold(&fn, x->name);
	int n = 0;
	if (x->e) {
		/* Aliases: every other name, skipping case variants and repeats. */
		const struct namelist *al = &x->e->aliases;
		for (size_t i = 0; i < al->n; i++) {
			if (!al->v[i] || !*al->v[i])
				continue;
			buf_reset(&fa);
			fold(&fa, al->v[i]);
			int dup = strcmp(buf_str(&fa), buf_str(&fn)) == 0;
			for (size_t j = 0; j < i && !dup; j++) {
				struct buf fb = BUF_INIT;
				fold(&fb, al->v[j] ? al->v[j] : "");
				dup = strcmp(buf_str(&fa), buf_str(&fb)) == 0;
				buf_free(&fb);
			}
			if (dup)
				continue;
			buf_puts(&o, n++ ? "," : ",\"aliases\":[");
			export_json_string(&o, al->v[i]);
		}
		if (n)
			buf_putc(&o, ']');
		/* ATT&CK group ids (G and four digits) among the external ids. */
		int refs = 0;
		const char *p = x->e->ids;
		while (p && *p) {
			size_t len = strcspn(p, " ");
			if (len == 5 && p[0] == 'G' && strspn(p + 1, "0123456789") >= 4) {
				buf_puts(&o, refs++ ? "," : ",\"external_references\":[");
				buf_printf(&o, "{\"source_name\":\"mitre-attack\",\"external_id\":\"%.5s\","
					   "\"url\":\"https://attack.mitre.org/groups/%.5s/\"}", p, p);
			}
			p += len;
			p += strspn(p, " ");
		}
		if (refs)
			buf_putc(&o, ']');
	}
	buf_putc(&o, '}');
	int rc = emit(w, x->id, &o);
	buf_free(&o);
	buf_free(&fn);
	buf_free(&fa);
	return rc;
}

static int write_identity(struct stix_writer *w, const char *id, const char *name)
{
	struct buf o = BUF_INIT;
	head(&o, "identity", id, EPOCH_MS);
	kv(&o, "name", name);
	buf_puts(&o, ",\"identity_class\":\"organization\"}");
	int rc = emit(w, id, &o);
	buf_free(&o);
	return rc;
}

static int write_software(struct stix_writer *w, const struct named *x)
{
	struct buf o = BUF_INIT;
	buf_printf(&o, "{\"type\":\"software\",\"spec_version\":\"2.1\",\"id\":\"%s\"", x->id);
	kv(&o, "name", x->name);
	if (x->e && x->e->vendor && *x->e->vendor)
		kv(&o, "vendor", x->e->vendor);
	buf_putc(&o, '}');
	int rc = emit(w, x->id, &o);
	buf_free(&o);
	return rc;
}

static int write_vulnerability(struct stix_writer *w, const struct named *x)
{
	struct buf o = BUF_INIT;
	char cve[32];
	int ok = cve_norm(x->name, cve);
	head(&o, "vulnerability", x->id, EPOCH_MS);
	kv(&o, "name", ok ? cve : x->name);
	if (ok)
		buf_printf(&o, ",\"external_references\":[{\"source_name\":\"cve\",\"external_id\":\"%s\"}]",
			   cve);
	buf_putc(&o, '}');
	int rc = emit(w, x->id, &o);
	buf_free(&o);
	return rc;
}

/* Write relationship SRC TYPE DST; its id goes to OUT. */
static int write_relationship(struct stix_writer *w, const char *src, const char *type, const char *dst,
			      char out[ID_MAX])
{
	char key[3 * ID_MAX];
	snprintf(key, sizeof key, "%s %s %s", src, type, dst);
	make_id(out, "relationship", "", key, 0);
	if (idset_has(&w->seen, out))
		return 0;
	struct buf o = BUF_INIT;
	head(&o, "relationship", out, EPOCH_MS);
	buf_printf(&o, ",\"relationship_type\":\"%s\",\"source_ref\":\"%s\",\"target_ref\":\"%s\"}", type,
		   src, dst);
	int rc = emit(w, out, &o);
	buf_free(&o);
	return rc;
}

/* The entity of kind KIND named NAME among R's entities, or NULL. */
static const struct export_entity *find_entity(const struct export_record *r, int kind, const char *name)
{
	for (size_t i = 0; i < r->nentities; i++) {
		const struct export_entity *e = &r->entities[i];
		if (e->kind && e->name && strcmp(e->kind, kind_names[kind]) == 0 && strcmp(e->name, name) == 0)
			return e;
	}
	return NULL;
}

struct namedlist {
	struct named *v;
	size_t n, cap;
};

/* Add NAME of KIND (with details E, may be NULL) unless already there. 0 or -1. */
static int named_add(struct namedlist *l, int kind, const char *name, const struct export_entity *e)
{
	if (!name || !*name)
		return 0;
	struct named x = {kind, name, e, {0}};
	char cve[32];
	switch (kind) {
	case K_ACTOR: make_id(x.id, "intrusion-set", "", name, 1); break;
	case K_VENDOR: make_id(x.id, "identity", "", name, 1); break;
	case K_PRODUCT: software_id(x.id, name, e ? e->vendor : NULL); break;
	default:
		make_id(x.id, "vulnerability", "", cve_norm(name, cve) ? cve : name, 1);
	}
	for (size_t i = 0; i < l->n; i++)
		if (strcmp(l->v[i].id, x.id) == 0)
			return 0;
	if (l->n == l->cap) {
		size_t cap = l->cap ? l->cap * 2 : 16;
		struct named *v = realloc(l->v, cap * sizeof *v);
		if (!v)
			return -1;
		l->v = v;
		l->cap = cap;
	}
	l->v[l->n++] = x;
	return 0;
}

/* Everything R names: its lists, with details from its entities, then any
 * entity of a kind we map that the lists left out. */
static int collect(const struct export_record *r, struct namedlist *l)
{
	const struct namelist *lists[K__COUNT] = {&r->actors, &r->vendors, &r->products, &r->cves};
	for (int k = 0; k < K__COUNT; k++)
		for (size_t i = 0; i < lists[k]->n; i++)
			if (lists[k]->v[i] && named_add(l, k, lists[k]->v[i], find_entity(r, k, lists[k]->v[i])))
				return -1;
	for (size_t i = 0; i < r->nentities; i++) {
		const struct export_entity *e = &r->entities[i];
		for (int k = 0; k < K__COUNT; k++)
			if (e->kind && strcmp(e->kind, kind_names[k]) == 0 && named_add(l, k, e->name, e))
				return -1;
	}
	return 0;
}

/* 1 if S starts with a URI scheme ("https:"). */
static int has_scheme(const char *s)
{
	if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z')))
		return 0;
	size_t n = 1 + strspn(s + 1, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789+.-");
	return s[n] == ':';
}

/* Append URL as a JSON string, percent-encoding what RFC 3986 does not allow. */
static void uri_string(struct buf *o, const char *url)
{
	static const char ok[] = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
				 "-._~:/?#[]@!$&'()*+,;=%";
	struct buf u = BUF_INIT;
	for (const unsigned char *p = (const unsigned char *)url; *p; p++) {
		if (*p < 0x80 && strchr(ok, *p))
			buf_putc(&u, *p);
		else
			buf_printf(&u, "%%%02X", *p);
	}
	export_json_string(o, buf_str(&u));
	buf_free(&u);
}

/* The report's timestamps: MS with milliseconds (created, modified), PLAIN
 * without (published). */
static void stamps(const char *published, char ms[32], char plain[32])
{
	time_t t = 0;
	if (!published || date_parse(published, &t, NULL) != 0)
		t = 0;
	date_iso(t, 1, plain);
	snprintf(ms, 32, "%.19s.000Z", plain);
}

struct stix_writer *stix_begin(FILE *f)
{
	struct stix_writer *w = calloc(1, sizeof *w);
	if (!w)
		return NULL;
	w->f = f;
	uuid5_begin(&w->bundle, UUID_NS_SECNEWS);
	sha1_update(&w->bundle, "bundle:", 7);
	return w;
}

int stix_add(struct stix_writer *w, const struct export_record *r)
{
	struct namedlist l = {0};
	struct buf o = BUF_INIT, refs = BUF_INIT;
	int rc = -1;
	if (collect(r, &l) != 0)
		goto out;
	/* The things named, once per bundle. */
	for (size_t i = 0; i < l.n; i++) {
		const struct named *x = &l.v[i];
		if (idset_has(&w->seen, x->id))
			continue;
		int st = x->kind == K_ACTOR    ? write_intrusion_set(w, x)
			 : x->kind == K_VENDOR ? write_identity(w, x->id, x->name)
			 : x->kind == K_PRODUCT ? write_software(w, x)
						: write_vulnerability(w, x);
		if (st != 0)
			goto out;
	}
	for (size_t i = 0; i < l.n; i++)
		buf_printf(&refs, "%s\"%s\"", refs.len ? "," : "", l.v[i].id);
	/* What the article supports: every actor it names against the rest. */
	for (size_t a = 0; a < l.n; a++) {
		if (l.v[a].kind != K_ACTOR)
			continue;
		for (size_t t = 0; t < l.n; t++) {
			int k = l.v[t].kind;
			if (k == K_ACTOR)
				continue;
			char rid[ID_MAX];
			if (write_relationship(w, l.v[a].id, k == K_PRODUCT ? "related-to" : "targets", l.v[t].id,
					       rid) != 0)
				goto out;
			buf_printf(&refs, ",\"%s\"", rid);
		}
	}
	const char *site = r->site && *r->site ? r->site : NULL;
	if (l.n == 0) {
		/* A report must refer to something: its source. */
		char sid[ID_MAX];
		make_id(sid, "identity", "source:", site ? site : "secnews", 1);
		if (write_identity(w, sid, site ? site : "secnews") != 0)
			goto out;
		buf_printf(&refs, "\"%s\"", sid);
	}

	char id[ID_MAX], ms[32], plain[32];
	if (r->url && *r->url) {
		make_id(id, "report", "", r->url, 0);
	} else {
		char key[32];
		snprintf(key, sizeof key, "id:%" PRId64, r->id);
		make_id(id, "report", "", key, 0);
	}
	stamps(r->published, ms, plain);
	head(&o, "report", id, ms);
	kv(&o, "name", r->title && *r->title ? r->title : r->url && *r->url ? r->url : "(untitled)");
	if (r->description && *r->description)
		kv(&o, "description", r->description);
	buf_printf(&o, ",\"published\":\"%s\",\"report_types\":[\"threat-report\"]", plain);
	if (r->lang && *r->lang)
		kv(&o, "lang", r->lang);
	if (r->url && *r->url) {
		/* "cve" and "capec" are source names the schema reserves. */
		const char *src = site && strcmp(site, "cve") != 0 && strcmp(site, "capec") != 0 ? site
											       : "secnews";
		buf_puts(&o, ",\"external_references\":[{\"source_name\":");
		export_json_string(&o, src);
		if (has_scheme(r->url)) {
			buf_puts(&o, ",\"url\":");
			uri_string(&o, r->url);
		} else {
			kv(&o, "description", r->url);
		}
		buf_puts(&o, "}]");
	}
	buf_printf(&o, ",\"object_refs\":[%s]}", buf_str(&refs));
	if (refs.failed)
		goto out;
	rc = emit(w, id, &o);
out:
	free(l.v);
	buf_free(&o);
	buf_free(&refs);
	return rc;
}

int stix_end(struct stix_writer *w)
{
	if (!w)
		return -1;
	char u[37];
	uuid5_end(&w->bundle, u);
	int rc = 0;
	if (fprintf(w->f, "{\"type\":\"bundle\",\"id\":\"bundle--%s\"", u) < 0)
		rc = -1;
	if (w->nobjs && rc == 0) {
		if (fputs(",\"objects\":[\n", w->f) < 0 || fwrite(w->objs.data, 1, w->objs.len, w->f) != w->objs.len ||
		    fputs("\n]", w->f) < 0)
			rc = -1;
	}
	if (rc == 0 && (fputs("}\n", w->f) < 0 || ferror(w->f)))
		rc = -1;
	stix_free(w);
	return rc;
}

void stix_free(struct stix_writer *w)
{
	if (!w)
		return;
	buf_free(&w->objs);
	idset_free(&w->seen);
	free(w);
}
