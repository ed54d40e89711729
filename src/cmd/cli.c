/* cli.c: helpers every command shares (see cli.h). */
#include "cmd/cli.h"

#include <stdarg.h>
#include <string.h>

/* Write S to stderr keeping newlines but dropping every other control
 * character: messages quote file names and page text. */
static void put_message(const char *s)
{
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if (*p == '\n' || *p == '\t')
			fputc(*p, stderr);
		else if (*p < 0x20 || *p == 0x7F)
			continue;
		else if (*p == 0xC2 && p[1] >= 0x80 && p[1] <= 0x9F)
			p++;
		else
			fputc(*p, stderr);
	}
}

void cli_error(const char *fmt, ...)
{
	char msg[2048];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	fputs("secnews: ", stderr);
	put_message(msg);
	fputc('\n', stderr);
}

int cli_usage_error(const char *cmd, const char *fmt, ...)
{
	va_list ap;
	char msg[2048];
	fprintf(stderr, "secnews %s: ", cmd);
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	put_message(msg);
	fprintf(stderr, "\nTry 'secnews %s --help'.\n", cmd);
	return EXIT_USAGE;
}

int cli_parse_format(const char *cmd, const char *s)
{
	if (strcmp(s, "table") == 0)
		return FORMAT_TABLE;
	if (strcmp(s, "json") == 0)
		return FORMAT_JSON;
	if (strcmp(s, "csv") == 0)
		return FORMAT_CSV;
	cli_usage_error(cmd, "unknown format '%s' (use table, json or csv)", s);
	return -1;
}

void cli_put_clean(FILE *f, const char *s)
{
	for (const unsigned char *p = (const unsigned char *)s; p && *p; p++) {
		if (*p == '\t' || *p == '\n' || *p == '\r') {
			fputc(' ', f);
		} else if (*p < 0x20 || *p == 0x7F) {
			continue;
		} else if (*p == 0xC2 && p[1] >= 0x80 && p[1] <= 0x9F) {
			p++; /* C1 controls (U+0080..U+009F), CSI among them */
		} else {
			fputc(*p, f);
		}
	}
}
