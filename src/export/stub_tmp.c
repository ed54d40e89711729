/* stub_tmp.c: stand-in for the export writers until they land. */
#include <stdio.h>
#include <string.h>

#include "export/export.h"

int csv_cell(struct buf *out, const char *s)
{
	if (!s)
		return 0;
	int q = strpbrk(s, ",\"\r\n") != NULL;
	if (strchr("=+-@\t\r", s[0]) && s[0])
		buf_putc(out, '\'');
	if (q)
		buf_putc(out, '"');
	for (const char *p = s; *p; p++) {
		if (*p == '"')
			buf_putc(out, '"');
		buf_putc(out, *p);
	}
	if (q)
		buf_putc(out, '"');
	return out->failed ? -1 : 0;
}

int json_string(struct buf *out, const char *s)
{
	if (!s)
		return buf_puts(out, "null");
	buf_putc(out, '"');
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if (*p == '"' || *p == '\\')
			buf_putc(out, '\\'), buf_putc(out, *p);
		else if (*p < 0x20)
			buf_printf(out, "\\u%04x", *p);
		else
			buf_putc(out, *p);
	}
	return buf_putc(out, '"');
}
int csv_write_header(FILE *f)
{
	return fputs("id,published,site,title,url,actors,vendors,products,cves\r\n", f) < 0;
}
int csv_write_record(FILE *f, const struct export_record *r)
{
	return 0;
}
int json_write_record(FILE *f, const struct export_record *r)
{
	return 0;
}
struct stix_writer *stix_begin(FILE *f)
{
	return NULL;
}
int stix_add(struct stix_writer *w, const struct export_record *r)
{
	return -1;
}
int stix_end(struct stix_writer *w)
{
	return -1;
}
void stix_free(struct stix_writer *w)
{
}
