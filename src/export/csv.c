/* csv.c: CSV export (RFC 4180, CRLF, OWASP formula neutralisation); see export.h. */
#include <inttypes.h>
#include <string.h>

#include "export/export.h"
#include "util/utf8.h"

/* 1 if a spreadsheet would run a cell starting with C as a formula. */
static int formula_start(char c)
{
	return c == '=' || c == '+' || c == '-' || c == '@' || c == '\t' || c == '\r';
}

int csv_cell(struct buf *out, const char *s)
{
	if (!s)
		s = "";
	struct buf san = BUF_INIT, clean = BUF_INIT;
	if (utf8_sanitize(&san, s, strlen(s)) != 0)
		goto fail;
	/* Control characters (C0 but TAB, CR, LF; DEL; C1) are dropped: they mean
	 * nothing in a cell, and raw they would drive a terminal showing it. */
	const unsigned char *t = (const unsigned char *)buf_str(&san);
	for (size_t i = 0; i < san.len; i++) {
		if ((t[i] < 0x20 && t[i] != '\t' && t[i] != '\r' && t[i] != '\n') || t[i] == 0x7F)
			continue;
		if (t[i] == 0xC2 && i + 1 < san.len && t[i + 1] >= 0x80 && t[i + 1] <= 0x9F) {
			i++;
			continue;
		}
		if (buf_putc(&clean, t[i]) != 0)
			goto fail;
	}
	const char *c = buf_str(&clean);
	const char *quote = formula_start(c[0]) ? "'" : "";
	if (strpbrk(c, ",\"\r\n") == NULL) {
		if (buf_puts(out, quote) != 0 || buf_append(out, c, clean.len) != 0)
			goto fail;
		buf_free(&san);
		buf_free(&clean);
		return 0;
	}
	if (buf_putc(out, '"') != 0 || buf_puts(out, quote) != 0)
		goto fail;
	for (size_t i = 0; i < clean.len; i++) {
		if (c[i] == '"' && buf_putc(out, '"') != 0)
			goto fail;
		if (buf_putc(out, c[i]) != 0)
			goto fail;
	}
	if (buf_putc(out, '"') != 0)
		goto fail;
	buf_free(&san);
	buf_free(&clean);
	return 0;
fail:
	buf_free(&san);
	buf_free(&clean);
	return -1;
}

/* Append the values of L joined by "; " as one cell. */
static int csv_list(struct buf *out, const struct namelist *l)
{
	struct buf j = BUF_INIT;
	for (size_t i = 0; i < l->n; i++) {
		if (!l->v[i] || !*l->v[i])
			continue;
		if (j.len && buf_puts(&j, "; ") != 0)
			break;
		if (buf_puts(&j, l->v[i]) != 0)
			break;
	}
	int rc = j.failed ? -1 : csv_cell(out, buf_str(&j));
	buf_free(&j);
	return rc;
}

/* Write the N bytes of OUT to F: 0 or -1. */
static int put(FILE *f, const struct buf *b)
{
	if (b->failed)
		return -1;
	if (b->len && fwrite(b->data, 1, b->len, f) != b->len)
		return -1;
	return ferror(f) ? -1 : 0;
}

int csv_write_header(FILE *f)
{
	static const char h[] = "id,published,ingested,site,title,url,actors,vendors,products,cves\r\n";
	return fwrite(h, 1, sizeof h - 1, f) == sizeof h - 1 ? 0 : -1;
}

int csv_write_record(FILE *f, const struct export_record *r)
{
	struct buf b = BUF_INIT;
	/* The id is a number the writer prints itself: never a formula. */
	buf_printf(&b, "%" PRId64, r->id);
	const char *cells[] = {r->published, r->ingested, r->site, r->title, r->url};
	for (size_t i = 0; i < sizeof cells / sizeof *cells; i++) {
		buf_putc(&b, ',');
		if (csv_cell(&b, cells[i]) != 0)
			goto fail;
	}
	const struct namelist *lists[] = {&r->actors, &r->vendors, &r->products, &r->cves};
	for (size_t i = 0; i < sizeof lists / sizeof *lists; i++) {
		buf_putc(&b, ',');
		if (csv_list(&b, lists[i]) != 0)
			goto fail;
	}
	buf_puts(&b, "\r\n");
	int rc = put(f, &b);
	buf_free(&b);
	return rc;
fail:
	buf_free(&b);
	return -1;
}
