/* fuzz_csv.c: fuzz target for the CSV writer's round trip: the input, split
 * at NUL bytes into cells, is written with csv_cell as one row and read back
 * with a strict RFC 4180 reader; every cell must come back as written
 * (invalid UTF-8 repaired, a formula start prefixed with a quote). */
#include "export/export.h"
#include "fuzz.h"
#include "util/utf8.h"

int fuzz_csv(const uint8_t *data, size_t n);

#define MAXCELLS 64

/* The value cell S must read back as (export.h's documented rules): invalid
 * UTF-8 repaired, control characters but TAB, CR, LF dropped, a formula
 * start prefixed with a quote. */
static int expected_cell(const char *s, struct buf *out)
{
	struct buf san = BUF_INIT, clean = BUF_INIT;
	int rc = utf8_sanitize(&san, s, strlen(s));
	const unsigned char *t = (const unsigned char *)buf_str(&san);
	for (size_t i = 0; i < san.len; i++) {
		if ((t[i] < 0x20 && !strchr("\t\r\n", t[i])) || t[i] == 0x7F)
			continue;
		if (t[i] == 0xC2 && i + 1 < san.len && t[i + 1] >= 0x80 && t[i + 1] <= 0x9F) {
			i++;
			continue;
		}
		buf_putc(&clean, t[i]);
	}
	const char *c = buf_str(&clean);
	if (c[0] && strchr("=+-@\t\r", c[0]))
		buf_putc(out, '\'');
	buf_append(out, c, clean.len);
	buf_free(&san);
	buf_free(&clean);
	return rc;
}

/* Read one RFC 4180 record from S (N bytes, ending in CRLF) into CELLS.
 * Returns the number of cells, or -1 when the text is not valid CSV. */
static int read_record(const char *s, size_t n, struct buf *cells, int max)
{
	size_t i = 0;
	int k = 0;
	for (;;) {
		if (k == max)
			return -1;
		if (i < n && s[i] == '"') {
			i++;
			for (;;) {
				if (i >= n)
					return -1; /* unterminated quote */
				if (s[i] == '"') {
					if (i + 1 < n && s[i + 1] == '"') {
						buf_putc(&cells[k], '"');
						i += 2;
						continue;
					}
					i++;
					break;
				}
				buf_putc(&cells[k], s[i++]);
			}
		} else {
			while (i < n && s[i] != ',' && s[i] != '\r') {
				if (s[i] == '"' || s[i] == '\n')
					return -1; /* RFC 4180: only quoted fields hold these */
				buf_putc(&cells[k], s[i++]);
			}
		}
		k++;
		if (i < n && s[i] == ',') {
			i++;
			continue;
		}
		if (i + 2 == n && s[i] == '\r' && s[i + 1] == '\n')
			return k;
		return -1;
	}
}

int fuzz_csv(const uint8_t *data, size_t n)
{
	const char *cell[MAXCELLS];
	char *copy = fuzz_strndup(data, n);
	if (!copy)
		return 0;
	int nc = 0;
	for (size_t i = 0; nc < MAXCELLS;) {
		cell[nc++] = copy + i;
		i += strlen(copy + i) + 1;
		if (i > n)
			break;
	}
	struct buf row = BUF_INIT, got[MAXCELLS], want = BUF_INIT;
	int bad = 0, k = -1;
	memset(got, 0, sizeof got);
	for (int c = 0; c < nc; c++)
		if ((c && buf_putc(&row, ',')) || csv_cell(&row, cell[c]))
			goto out;
	if (buf_puts(&row, "\r\n"))
		goto out;
	k = read_record(row.data, row.len, got, MAXCELLS);
	if (k != nc) {
		fprintf(stderr, "fuzz invariant failed: %d cells written, %d read back from '%s'\n", nc, k,
			row.data);
		bad = 1;
		goto out;
	}
	for (int c = 0; c < nc && !bad; c++) {
		buf_reset(&want);
		expected_cell(cell[c], &want);
		if (got[c].len != want.len || memcmp(buf_str(&got[c]), buf_str(&want), want.len) != 0) {
			fprintf(stderr, "fuzz invariant failed: cell %d reads back as '%s', not '%s'\n", c,
				buf_str(&got[c]), buf_str(&want));
			bad = 1;
		}
	}
out:
	for (int c = 0; c < MAXCELLS; c++)
		buf_free(&got[c]);
	buf_free(&row);
	buf_free(&want);
	free(copy);
	return bad;
}

#ifdef FUZZ_MAIN
FUZZ_HOOK(fuzz_csv)
#endif
