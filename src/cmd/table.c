/* table.c: listings as table, JSON lines or CSV (see table.h). */
#include "cmd/table.h"

#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "cmd/cli.h"
#include "export/export.h"
#include "util/buf.h"
#include "util/utf8.h"

struct table {
	const struct column *cols;
	size_t ncols, nrows, cap;
	char **cells; /* nrows * ncols */
};

struct table *table_new(const struct column *cols, size_t ncols)
{
	struct table *t = calloc(1, sizeof *t);
	if (t)
		t->cols = cols, t->ncols = ncols;
	return t;
}

int table_add(struct table *t, const char *const *cells)
{
	if (t->nrows == t->cap) {
		size_t cap = t->cap ? t->cap * 2 : 32;
		char **c = realloc(t->cells, cap * t->ncols * sizeof *c);
		if (!c)
			return -1;
		t->cells = c, t->cap = cap;
	}
	char **row = t->cells + t->nrows * t->ncols;
	for (size_t i = 0; i < t->ncols; i++)
		row[i] = strdup(cells[i] ? cells[i] : "");
	t->nrows++;
	return 0;
}

size_t table_rows(const struct table *t)
{
	return t->nrows;
}

void table_free(struct table *t)
{
	if (!t)
		return;
	for (size_t i = 0; i < t->nrows * t->ncols; i++)
		free(t->cells[i]);
	free(t->cells);
	free(t);
}

int table_term_width(void)
{
	struct winsize ws;
	if (isatty(1) && ioctl(1, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 20)
		return ws.ws_col;
	return 0;
}

/* Display width of S in columns (one per code point; wide CJK as two). */
static size_t width_of(const char *s)
{
	size_t w = 0, n = strlen(s);
	for (size_t i = 0; i < n;) {
		uint32_t cp;
		i += utf8_decode(s + i, n - i, &cp);
		if (cp < 0x20)
			continue;
		w += (cp >= 0x1100 && ((cp <= 0x115F) || (cp >= 0x2E80 && cp <= 0xA4CF) ||
				       (cp >= 0xAC00 && cp <= 0xD7A3) || (cp >= 0xF900 && cp <= 0xFAFF) ||
				       (cp >= 0xFF00 && cp <= 0xFF60)))
			     ? 2
			     : 1;
	}
	return w;
}

/* Print S cleaned, padded or cut to exactly W columns (W 0: as is). */
static void put_cell(FILE *f, const char *s, size_t w, int right, int last)
{
	struct buf b = BUF_INIT;
	size_t sw = width_of(s);
	if (w && sw > w) {
		size_t n = strlen(s), used = 0, i = 0;
		while (i < n) {
			uint32_t cp;
			size_t l = utf8_decode(s + i, n - i, &cp);
			char tmp[5] = {0};
			memcpy(tmp, s + i, l);
			size_t cw = width_of(tmp);
			if (used + cw > w - 1)
				break;
			buf_append(&b, s + i, l);
			used += cw;
			i += l;
		}
		buf_puts(&b, "\xE2\x80\xA6"); /* … */
		sw = used + 1;
	} else {
		buf_puts(&b, s);
	}
	if (right && w > sw)
		fprintf(f, "%*s", (int)(w - sw), "");
	cli_put_clean(f, buf_str(&b));
	if (!right && !last && w > sw)
		fprintf(f, "%*s", (int)(w - sw), "");
	buf_free(&b);
}

static int print_table(const struct table *t, FILE *f, int width)
{
	size_t *w = calloc(t->ncols, sizeof *w);
	if (!w)
		return -1;
	for (size_t c = 0; c < t->ncols; c++) {
		w[c] = strlen(t->cols[c].name);
		for (size_t r = 0; r < t->nrows; r++) {
			size_t cw = width_of(t->cells[r * t->ncols + c]);
			if ((t->cols[c].flags & COL_DAY) && cw > 10)
				cw = 10;
			if (cw > w[c])
				w[c] = cw;
		}
	}
	/* fit the terminal: take a column at a time from the widest flexible
	 * column, so titles and names shrink together (none below 12) */
	if (width > 0) {
		size_t total = 0;
		for (size_t c = 0; c < t->ncols; c++)
			if (!(t->cols[c].flags & COL_HIDE))
				total += w[c] + 2;
		while (total > (size_t)width) {
			size_t widest = t->ncols;
			for (size_t c = 0; c < t->ncols; c++)
				if ((t->cols[c].flags & COL_FLEX) && !(t->cols[c].flags & COL_HIDE) && w[c] > 12 &&
				    (widest == t->ncols || w[c] > w[widest]))
					widest = c;
			if (widest == t->ncols)
				break;
			w[widest]--;
			total--;
		}
	}
	size_t lastc = 0;
	for (size_t c = 0; c < t->ncols; c++)
		if (!(t->cols[c].flags & COL_HIDE))
			lastc = c;
	for (size_t r = 0; r <= t->nrows; r++) {
		int first = 1;
		for (size_t c = 0; c < t->ncols; c++) {
			if (t->cols[c].flags & COL_HIDE)
				continue;
			if (!first)
				fputs("  ", f);
			first = 0;
			const char *cell = r == 0 ? t->cols[c].name : t->cells[(r - 1) * t->ncols + c];
			char day[11];
			if (r > 0 && (t->cols[c].flags & COL_DAY) && cell) {
				snprintf(day, sizeof day, "%s", cell);
				cell = day;
			}
			int lastcol = c == lastc;
			put_cell(f, cell, (width > 0 || !lastcol) ? w[c] : 0, (t->cols[c].flags & COL_NUM) != 0,
				 lastcol);
		}
		fputc('\n', f);
	}
	free(w);
	return 0;
}

static int print_json(const struct table *t, FILE *f)
{
	struct buf b = BUF_INIT;
	for (size_t r = 0; r < t->nrows; r++) {
		buf_reset(&b);
		buf_putc(&b, '{');
		int first = 1;
		for (size_t c = 0; c < t->ncols; c++) {
			const char *cell = t->cells[r * t->ncols + c];
			if (t->cols[c].flags & COL_TABLE)
				continue;
			if (!first)
				buf_putc(&b, ',');
			first = 0;
			export_json_string(&b, t->cols[c].name);
			buf_putc(&b, ':');
			if (t->cols[c].flags & COL_NUM) {
				buf_puts(&b, *cell ? cell : "null");
			} else if (t->cols[c].flags & COL_LIST) {
				buf_putc(&b, '[');
				const char *p = cell;
				int firstv = 1;
				while (*p) {
					const char *sep = strstr(p, "; ");
					size_t n = sep ? (size_t)(sep - p) : strlen(p);
					char *v = strndup(p, n);
					if (!firstv)
						buf_putc(&b, ',');
					firstv = 0;
					export_json_string(&b, v ? v : "");
					free(v);
					p += n + (sep ? 2 : 0);
				}
				buf_putc(&b, ']');
			} else {
				export_json_string(&b, *cell ? cell : NULL);
			}
		}
		buf_puts(&b, "}\n");
		if (b.failed || fwrite(b.data, 1, b.len, f) != b.len) {
			buf_free(&b);
			return -1;
		}
	}
	buf_free(&b);
	return 0;
}

static int print_csv(const struct table *t, FILE *f)
{
	struct buf b = BUF_INIT;
	for (size_t r = 0; r <= t->nrows; r++) {
		buf_reset(&b);
		int first = 1;
		for (size_t c = 0; c < t->ncols; c++) {
			if (t->cols[c].flags & COL_TABLE)
				continue;
			if (!first)
				buf_putc(&b, ',');
			first = 0;
			csv_cell(&b, r == 0 ? t->cols[c].name : t->cells[(r - 1) * t->ncols + c]);
		}
		buf_puts(&b, "\r\n");
		if (b.failed || fwrite(b.data, 1, b.len, f) != b.len) {
			buf_free(&b);
			return -1;
		}
	}
	buf_free(&b);
	return 0;
}

int table_print(const struct table *t, FILE *f, int format, int width)
{
	if (format == FORMAT_JSON)
		return print_json(t, f);
	if (format == FORMAT_CSV)
		return print_csv(t, f);
	return print_table(t, f, width);
}
