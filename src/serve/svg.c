/* svg.c: the mentions-by-month bar chart, as inline SVG (see serve.h).
 * Geometry is in attributes, colours come from the stylesheet's classes
 * (.bar, .axis), so a Content-Security-Policy without inline styles allows
 * it. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "serve/serve.h"

/* "YYYY-MM" into a month number (year * 12 + month - 1); -1 if malformed. */
static long month_index(const char *m)
{
	if (strlen(m) != 7 || m[4] != '-')
		return -1;
	for (int i = 0; i < 7; i++)
		if (i != 4 && (m[i] < '0' || m[i] > '9'))
			return -1;
	long y = strtol(m, NULL, 10), mo = strtol(m + 5, NULL, 10);
	if (mo < 1 || mo > 12)
		return -1;
	return y * 12 + mo - 1;
}

int serve_svg_months(struct buf *out, const struct serve_month *v, size_t n, const char *title)
{
	/* the months given, in order, and the span they cover */
	long first = -1, last = -1;
	for (size_t i = 0; i < n; i++) {
		long m = month_index(v[i].month);
		if (m < 0)
			continue;
		if (first < 0 || m < first)
			first = m;
		if (m > last)
			last = m;
	}
	if (first < 0)
		return 0;
	if (last - first + 1 > SERVE_CHART_MONTHS)
		first = last - SERVE_CHART_MONTHS + 1;
	size_t span = (size_t)(last - first + 1);
	long *count = calloc(span, sizeof *count);
	if (!count)
		return -1;
	long max = 0;
	for (size_t i = 0; i < n; i++) {
		long m = month_index(v[i].month);
		if (m < first || m > last || v[i].count < 0)
			continue;
		count[m - first] += v[i].count;
		if (count[m - first] > max)
			max = count[m - first];
	}
	/* a fixed drawing box, scaled to the page's width by the viewBox */
	const int h = 120, top = 14, bottom = 18, w = 600, left = 4;
	double bw = (double)(w - 2 * left) / (double)span;
	buf_printf(out, "<svg class=\"chart\" role=\"img\" viewBox=\"0 0 %d %d\" width=\"100%%\" "
			"xmlns=\"http://www.w3.org/2000/svg\">",
		   w, h);
	buf_puts(out, "<title>");
	serve_html(out, title);
	buf_puts(out, "</title>");
	buf_printf(out, "<line class=\"axis\" x1=\"0\" y1=\"%d\" x2=\"%d\" y2=\"%d\"/>", h - bottom, w, h - bottom);
	for (size_t i = 0; i < span; i++) {
		long m = first + (long)i;
		char label[48];
		snprintf(label, sizeof label, "%04ld-%02ld", m / 12, m % 12 + 1);
		double bh = max ? (double)count[i] * (h - top - bottom) / (double)max : 0;
		if (count[i] > 0 && bh < 1)
			bh = 1;
		buf_printf(out, "<rect class=\"bar\" x=\"%.2f\" y=\"%.2f\" width=\"%.2f\" height=\"%.2f\">",
			   left + i * bw + bw * 0.1, (double)(h - bottom) - bh, bw * 0.8, bh);
		buf_printf(out, "<title>%s: %ld article%s</title></rect>", label, count[i], count[i] == 1 ? "" : "s");
	}
	/* the first and last month under the axis, the peak above */
	char a[48], b[48];
	snprintf(a, sizeof a, "%04ld-%02ld", first / 12, first % 12 + 1);
	snprintf(b, sizeof b, "%04ld-%02ld", last / 12, last % 12 + 1);
	buf_printf(out, "<text class=\"lbl\" x=\"%d\" y=\"%d\">%s</text>", left, h - 4, a);
	if (span > 1)
		buf_printf(out, "<text class=\"lbl\" x=\"%d\" y=\"%d\" text-anchor=\"end\">%s</text>", w - left, h - 4, b);
	buf_printf(out, "<text class=\"lbl\" x=\"%d\" y=\"10\">max %ld/month</text>", left, max);
	buf_puts(out, "</svg>");
	free(count);
	return out->failed ? -1 : 0;
}
