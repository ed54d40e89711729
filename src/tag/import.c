/* import.c: MISP galaxy, ATT&CK STIX and CISA KEV -> dictionary lines (see
 * import.h). JSON with jansson; the KEV CSV by hand (RFC 4180). */
#include "tag/import.h"

#include <ctype.h>
#include <jansson.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "tag/tag.h"

/* Lines already written (FNV-1a of the line), to drop repeats. */
struct seen {
	uint64_t *v;
	size_t cap, n;
};

static int seen_add(struct seen *s, const char *line, size_t len)
{
	uint64_t h = 0xcbf29ce484222325ULL;
	for (size_t i = 0; i < len; i++)
		h = (h ^ (unsigned char)line[i]) * 0x100000001b3ULL;
	h |= 1;
	if ((s->n + 1) * 2 > s->cap) {
		size_t cap = s->cap ? s->cap * 2 : 1024;
		uint64_t *v = calloc(cap, sizeof *v);
		if (!v)
			return -1;
		for (size_t i = 0; i < s->cap; i++)
			if (s->v[i]) {
				size_t j = s->v[i] & (cap - 1);
				while (v[j])
					j = (j + 1) & (cap - 1);
				v[j] = s->v[i];
			}
		free(s->v);
		s->v = v, s->cap = cap;
	}
	size_t j = h & (s->cap - 1);
	while (s->v[j]) {
		if (s->v[j] == h)
			return 1;
		j = (j + 1) & (s->cap - 1);
	}
	s->v[j] = h;
	s->n++;
	return 0;
}

struct out {
	struct buf *b;
	struct buf line;
	struct seen seen;
	size_t count;
};

/* Append S to the current line as a field value: tabs, newlines and '|'
 * become spaces, leading flag characters are dropped, spaces trimmed. */
static void put_name(struct buf *b, const char *s, size_t n)
{
	while (n && (*s == ' ' || *s == '=' || *s == '?' || *s == '#' || *s == '-'))
		s++, n--;
	while (n && s[n - 1] == ' ')
		n--;
	for (size_t i = 0; i < n; i++) {
		char c = s[i];
		buf_putc(b, c == '\t' || c == '\n' || c == '\r' || c == '|' ? ' ' : c);
	}
}

/* The cpe-like key of a KEV string: lowercase ASCII letters and digits,
 * other runs as '_' (as tools/gen_dict.py writes it). */
static void put_key(struct buf *b, const char *s)
{
	int sep = 0, any = 0;
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (isalnum(c) && c < 0x80) {
			if (sep && any)
				buf_putc(b, '_');
			buf_putc(b, tolower(c));
			sep = 0, any = 1;
		} else {
			sep = 1;
		}
	}
}

static int emit(struct out *o)
{
	struct buf *l = &o->line;
	if (l->failed)
		return -1;
	int r = seen_add(&o->seen, l->data, l->len);
	if (r < 0)
		return -1;
	if (r == 0) {
		if (buf_append(o->b, l->data, l->len) || buf_putc(o->b, '\n'))
			return -1;
		o->count++;
	}
	buf_reset(l);
	return 0;
}

/* 1 if an imported alias is worth matching: not all lowercase (nicknames,
 * handles), and not a short word without a digit ("UPS"). */
static int good_alias(const char *s)
{
	size_t n = strlen(s), letters = 0, lower = 0, dig = 0;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		letters += isalpha(c) != 0, lower += islower(c) != 0, dig += isdigit(c) != 0;
	}
	if (letters && lower == letters)
		return 0;
	if (n < 4 && !dig)
		return 0;
	return n > 1 && n < 200;
}

/* 1 if S is one word of letters only ("Vortex"): an ordinary-looking word. */
static int one_word(const char *s)
{
	for (const char *p = s; *p; p++)
		if (!isalpha((unsigned char)*p) || (p > s && isupper((unsigned char)*p)))
			return 0;
	return *s != '\0';
}

static const char *jstr(json_t *o, const char *key)
{
	json_t *v = json_object_get(o, key);
	return json_is_string(v) ? json_string_value(v) : NULL;
}

/* 1 if S is only ordinary-looking words ("Web Server"): capitalised or
 * lowercase letters, no digits or inner capitals. */
static int simple_words(const char *s)
{
	int start = 1;
	for (const char *p = s; *p; p++) {
		unsigned char c = (unsigned char)*p;
		if (c == ' ') {
			start = 1;
			continue;
		}
		if (!isalpha(c) || (!start && isupper(c)))
			return 0;
		start = 0;
	}
	return *s != '\0';
}

/* 1 if S is one word in capitals ("PHANTOM"): a code name, only as written. */
static int caps_word(const char *s)
{
	size_t n = 0;
	for (const char *p = s; *p; p++, n++)
		if (!isupper((unsigned char)*p))
			return 0;
	return n >= 2;
}

/* Add alias A (with FLAG prefix, or none) unless it is the name or unusable. */
static void put_alias(struct buf *l, const char *a, const char *name, int *first, const char *flag)
{
	if (!a || !good_alias(a) || strcmp(a, name) == 0)
		return;
	if (!*first)
		buf_putc(l, '|');
	*first = 0;
	if (flag)
		buf_puts(l, flag);
	put_name(l, a, strlen(a));
}

/* ---- MISP galaxy ------------------------------------------------------------ */

static int misp(json_t *root, const char *type, struct out *o)
{
	int actor = strcmp(type, "threat-actor") == 0 || strcmp(type, "microsoft-activity-group") == 0 ||
		    strcmp(type, "mitre-intrusion-set") == 0;
	int ransom = strcmp(type, "ransomware") == 0;
	json_t *values = json_object_get(root, "values"), *v;
	size_t i;
	json_array_foreach(values, i, v)
	{
		const char *value = jstr(v, "value");
		json_t *meta = json_object_get(v, "meta");
		if (!value || json_is_true(json_object_get(v, "revoked")) ||
		    json_is_true(json_object_get(meta, "revoked")) || json_is_true(json_object_get(meta, "deprecated")))
			continue;
		/* "HAFNIUM - G0125", "Vortex Ransomware", "X (Fake)" */
		char name[256];
		snprintf(name, sizeof name, "%s", value);
		char *cut = strstr(name, " - ");
		if (cut && (cut[3] == 'G' || cut[3] == 'S') && isdigit((unsigned char)cut[4]))
			*cut = '\0';
		if ((cut = strstr(name, " (")))
			*cut = '\0';
		char stem[256] = "";
		if (ransom) {
			size_t nl = strlen(name);
			if (nl > 11 && strcasecmp(name + nl - 11, " ransomware") == 0)
				snprintf(stem, sizeof stem, "%.*s", (int)(nl - 11), name);
		}
		if (!*name)
			continue;
		struct buf *l = &o->line;
		buf_puts(l, actor ? "actor\t" : "product\t");
		put_name(l, name, strlen(name));
		buf_putc(l, '\t');
		int first = 1;
		if (*stem)
			put_alias(l, stem, name, &first, one_word(stem) ? "?" : NULL);
		json_t *syn = json_object_get(meta, "synonyms"), *s;
		size_t k;
		struct buf ids = BUF_INIT;
		const char *ext = jstr(meta, "external_id");
		if (ext)
			buf_puts(&ids, ext);
		json_array_foreach(syn, k, s)
		{
			const char *a = json_string_value(s);
			if (!a)
				continue;
			if (actor && a[0] == 'G' && strlen(a) == 5 && isdigit((unsigned char)a[1])) {
				if (!ext || strcmp(a, ext)) {
					if (ids.len)
						buf_putc(&ids, ' ');
					buf_puts(&ids, a);
				}
				continue;
			}
			put_alias(l, a, name, &first, ransom && one_word(a) ? "?" : actor && caps_word(a) ? "=" : NULL);
		}
		if (first)
			buf_putc(l, '-');
		buf_putc(l, '\t');
		const char *country = actor ? jstr(meta, "country") : NULL;
		if (country && strlen(country) == 2)
			buf_puts(l, country);
		else
			buf_putc(l, '-');
		buf_putc(l, '\t');
		buf_puts(l, ids.len ? buf_str(&ids) : "-");
		buf_free(&ids);
		if (ransom)
			buf_puts(l, "\transom,locker,encryptor");
		if (emit(o))
			return -1;
	}
	return 0;
}

/* ---- ATT&CK STIX --------------------------------------------------------- */

static int stix_object(json_t *obj, struct out *o)
{
	const char *type = jstr(obj, "type"), *name = jstr(obj, "name");
	if (!type || strcmp(type, "intrusion-set") != 0 || !name)
		return 0;
	if (json_is_true(json_object_get(obj, "revoked")) || json_is_true(json_object_get(obj, "x_mitre_deprecated")))
		return 0;
	const char *gid = NULL;
	json_t *refs = json_object_get(obj, "external_references"), *r;
	size_t i;
	json_array_foreach(refs, i, r)
	{
		const char *src = jstr(r, "source_name"), *id = jstr(r, "external_id");
		if (src && id && strncmp(src, "mitre", 5) == 0) {
			gid = id;
			break;
		}
	}
	struct buf *l = &o->line;
	buf_puts(l, "actor\t");
	put_name(l, name, strlen(name));
	buf_putc(l, '\t');
	int first = 1;
	json_t *al = json_object_get(obj, "aliases"), *a;
	json_array_foreach(al, i, a) put_alias(l, json_string_value(a), name, &first, NULL);
	if (first)
		buf_putc(l, '-');
	buf_puts(l, "\t-\t");
	buf_puts(l, gid ? gid : "-");
	return emit(o);
}

/* ---- CISA KEV ------------------------------------------------------------- */

static int kev_pair(const char *vendor, const char *product, struct out *o)
{
	char v[256], p[256];
	snprintf(v, sizeof v, "%s", vendor);
	snprintf(p, sizeof p, "%s", product);
	for (char *s = v + strlen(v); s > v && s[-1] == ' ';)
		*--s = '\0';
	for (char *s = p + strlen(p); s > p && s[-1] == ' ';)
		*--s = '\0';
	if (!*v)
		return 0;
	struct buf *l = &o->line;
	buf_puts(l, "vendor\t");
	put_name(l, v, strlen(v));
	buf_puts(l, "\t-\t-\tcpe:");
	put_key(l, vendor);
	if (emit(o))
		return -1;
	if (!*p || strncasecmp(p, "multiple", 8) == 0)
		return 0;
	buf_puts(l, "product\t");
	if (strncasecmp(p, v, strlen(v)) != 0) {
		put_name(l, v, strlen(v));
		buf_putc(l, ' ');
	}
	put_name(l, p, strlen(p));
	buf_putc(l, '\t');
	if (strncasecmp(p, v, strlen(v)) != 0 && strchr(p, ' ') && !strstr(p, " and ") && !strstr(p, ", ")) {
		/* "Exchange Server": the name people write; "Web Server" needs its vendor named */
		if (simple_words(p))
			buf_putc(l, '?');
		put_name(l, p, strlen(p));
	}
	else
		buf_putc(l, '-');
	buf_putc(l, '\t');
	put_name(l, v, strlen(v));
	buf_puts(l, "\tcpe:");
	put_key(l, vendor);
	buf_putc(l, ':');
	put_key(l, product);
	return emit(o);
}

static int kev_json(json_t *root, struct out *o)
{
	json_t *vs = json_object_get(root, "vulnerabilities"), *v;
	size_t i;
	json_array_foreach(vs, i, v)
	{
		const char *vendor = jstr(v, "vendorProject"), *product = jstr(v, "product");
		if (vendor && product && kev_pair(vendor, product, o))
			return -1;
	}
	return 0;
}

/* Read one CSV field at *P (END bounds it) into F; 1 at end of record. */
static int csv_field(const char **p, const char *end, struct buf *f)
{
	const char *s = *p;
	buf_reset(f);
	if (s < end && *s == '"') {
		s++;
		while (s < end) {
			if (*s == '"') {
				if (s + 1 < end && s[1] == '"') {
					buf_putc(f, '"');
					s += 2;
					continue;
				}
				s++;
				break;
			}
			buf_putc(f, *s++);
		}
	}
	while (s < end && *s != ',' && *s != '\n' && *s != '\r')
		buf_putc(f, *s++);
	buf_reserve(f, 1);
	int eor = s >= end || *s != ',';
	if (s < end && *s == ',')
		s++;
	else {
		while (s < end && (*s == '\r' || *s == '\n')) {
			if (*s++ == '\n')
				break;
		}
	}
	*p = s;
	return eor;
}

static int kev_csv(const char *data, size_t n, const char *origin, struct out *o, struct err *e)
{
	const char *p = data, *end = data + n;
	struct buf f = BUF_INIT, vendor = BUF_INIT, product = BUF_INIT;
	int cv = -1, cp = -1, col = 0, rc = 0;
	for (;;) {
		int eor = csv_field(&p, end, &f);
		if (strcmp(buf_str(&f), "vendorProject") == 0)
			cv = col;
		if (strcmp(buf_str(&f), "product") == 0)
			cp = col;
		col++;
		if (eor)
			break;
	}
	if (cv < 0 || cp < 0) {
		buf_free(&f);
		return err_set(e, "%s: a CSV file without vendorProject and product columns is not the CISA KEV "
				  "catalogue", origin);
	}
	while (p < end && !rc) {
		col = 0;
		buf_reset(&vendor), buf_reset(&product);
		for (;;) {
			int eor = csv_field(&p, end, &f);
			if (col == cv)
				buf_puts(&vendor, buf_str(&f));
			if (col == cp)
				buf_puts(&product, buf_str(&f));
			col++;
			if (eor)
				break;
		}
		if (col > cv && col > cp && vendor.len)
			rc = kev_pair(buf_str(&vendor), buf_str(&product), o);
	}
	buf_free(&f), buf_free(&vendor), buf_free(&product);
	return rc ? err_set(e, "out of memory") : 0;
}

int dict_import_convert(const char *data, size_t n, const char *origin, struct buf *out, size_t *count,
			const char **format, struct err *e)
{
	struct out o = {.b = out};
	*count = 0;
	*format = NULL;
	size_t i = 0;
	if (n >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0)
		i = 3;
	while (i < n && isspace((unsigned char)data[i]))
		i++;
	int rc = 0;
	if (i < n && data[i] == '{') {
		json_error_t je;
		json_t *root = json_loadb(data + i, n - i, 0, &je);
		if (!root)
			return err_set(e, "%s:%d: not valid JSON: %s", origin, je.line, je.text);
		const char *type = jstr(root, "type");
		if (json_is_array(json_object_get(root, "vulnerabilities"))) {
			*format = "CISA KEV (JSON)";
			rc = kev_json(root, &o);
		} else if (json_is_array(json_object_get(root, "values")) && type) {
			static const char *const known[] = {"threat-actor", "microsoft-activity-group", "mitre-intrusion-set",
							    "ransomware", "mitre-malware", "mitre-tool", "tool", NULL};
			const char *const *k = known;
			while (*k && strcmp(*k, type))
				k++;
			if (!*k) {
				err_set(e, "%s: MISP galaxy '%s' is not one secnews imports (threat-actor, "
					   "microsoft-activity-group, mitre-intrusion-set, ransomware, "
					   "mitre-malware, mitre-tool, tool)", origin, type);
				json_decref(root);
				return -1;
			}
			*format = *k;
			rc = misp(root, type, &o);
		} else if (type && strcmp(type, "bundle") == 0) {
			*format = "ATT&CK STIX bundle";
			json_t *obj;
			size_t k;
			json_array_foreach(json_object_get(root, "objects"), k, obj) if (!rc) rc = stix_object(obj, &o);
		} else if (type && strcmp(type, "intrusion-set") == 0) {
			*format = "ATT&CK STIX intrusion-set";
			rc = stix_object(root, &o);
		} else {
			json_decref(root);
			return err_set(e, "%s: JSON that is neither a MISP galaxy, an ATT&CK STIX object or bundle, "
					  "nor the CISA KEV catalogue", origin);
		}
		json_decref(root);
		if (rc)
			err_set(e, "out of memory");
	} else if (n - i >= 6 && strncmp(data + i, "cveID,", 6) == 0) {
		*format = "CISA KEV (CSV)";
		rc = kev_csv(data + i, n - i, origin, &o, e);
	} else {
		return err_set(e, "%s: not a MISP galaxy, ATT&CK STIX or CISA KEV file (JSON, or the KEV CSV)",
			       origin);
	}
	buf_free(&o.line);
	free(o.seen.v);
	*count = o.count;
	return rc ? -1 : 0;
}
