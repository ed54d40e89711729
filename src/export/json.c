/* json.c: JSON lines export and JSON string escaping (see export.h). */
#include <inttypes.h>
#include <string.h>

#include "export/export.h"
#include "util/utf8.h"

int export_json_string(struct buf *out, const char *s)
{
	if (!s)
		return buf_puts(out, "null");
	static const char hex[] = "0123456789abcdef";
	size_t n = strlen(s), i = 0, run = 0;
	buf_putc(out, '"');
	while (i < n) {
		unsigned char c = (unsigned char)s[i];
		const char *esc = NULL;
		char u[8];
		size_t skip = 1;
		if (c >= 0x80) {
			uint32_t cp;
			size_t l = utf8_decode(s + i, n - i, &cp);
			if (cp == 0xFFFD && l == 1)
				esc = "\xEF\xBF\xBD"; /* invalid byte: U+FFFD */
			else if (cp == 0x2028 || cp == 0x2029) {
				esc = cp == 0x2028 ? "\\u2028" : "\\u2029"; /* safe inside JavaScript too */
				skip = l;
			} else if (cp >= 0x80 && cp <= 0x9F) {
				/* C1 controls (CSI among them) escaped, so no terminal acts on them */
				u[0] = '\\', u[1] = 'u', u[2] = '0', u[3] = '0';
				u[4] = hex[cp >> 4], u[5] = hex[cp & 15], u[6] = '\0';
				esc = u;
				skip = l;
			} else {
				i += l;
				continue;
			}
		} else if (c == '"') {
			esc = "\\\"";
		} else if (c == '\\') {
			esc = "\\\\";
		} else if (c == '\n') {
			esc = "\\n";
		} else if (c == '\r') {
			esc = "\\r";
		} else if (c == '\t') {
			esc = "\\t";
		} else if (c < 0x20 || c == 0x7f) {
			u[0] = '\\', u[1] = 'u', u[2] = '0', u[3] = '0';
			u[4] = hex[c >> 4], u[5] = hex[c & 15], u[6] = '\0';
			esc = u;
		} else {
			i++;
			continue;
		}
		buf_append(out, s + run, i - run);
		buf_puts(out, esc);
		i += skip;
		run = i;
	}
	buf_append(out, s + run, i - run);
	return buf_putc(out, '"');
}

/* Append "KEY":S to OUT, preceded by a comma. */
static void member(struct buf *out, const char *key, const char *s)
{
	buf_printf(out, ",\"%s\":", key);
	export_json_string(out, s);
}

/* Append ,"KEY":[...] for list L (NULL and empty names skipped). */
static void member_list(struct buf *out, const char *key, const struct namelist *l)
{
	buf_printf(out, ",\"%s\":[", key);
	int first = 1;
	for (size_t i = 0; i < l->n; i++) {
		if (!l->v[i] || !*l->v[i])
			continue;
		if (!first)
			buf_putc(out, ',');
		first = 0;
		export_json_string(out, l->v[i]);
	}
	buf_putc(out, ']');
}

int json_write_record(FILE *f, const struct export_record *r)
{
	struct buf b = BUF_INIT;
	buf_printf(&b, "{\"id\":%" PRId64, r->id);
	member(&b, "published", r->published);
	member(&b, "ingested", r->ingested);
	member(&b, "site", r->site);
	member(&b, "title", r->title);
	member(&b, "url", r->url);
	member(&b, "author", r->author);
	member(&b, "lang", r->lang);
	member(&b, "description", r->description);
	member_list(&b, "actors", &r->actors);
	member_list(&b, "vendors", &r->vendors);
	member_list(&b, "products", &r->products);
	member_list(&b, "cves", &r->cves);
	member(&b, "body", r->body);
	buf_puts(&b, "}\n");
	int rc = -1;
	if (!b.failed && fwrite(b.data, 1, b.len, f) == b.len && !ferror(f))
		rc = 0;
	buf_free(&b);
	return rc;
}
