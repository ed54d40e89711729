/* date.c: date parsing for pages and feeds (see date.h). */
#include "util/date.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

long date_days_from_civil(int y, int m, int d)
{
	y -= m <= 2;
	long era = (y >= 0 ? y : y - 399) / 400;
	long yoe = y - era * 400;
	long doy = (153L * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

static void civil_from_days(long z, int *y, int *m, int *d)
{
	z += 719468;
	long era = (z >= 0 ? z : z - 146096) / 146097;
	long doe = z - era * 146097;
	long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	long yy = yoe + era * 400;
	long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	long mp = (5 * doy + 2) / 153;
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = (int)(yy + (*m <= 2));
}

char *date_iso(time_t t, int has_time, char out[32])
{
	long days = (long)(t / 86400), secs = (long)(t % 86400);
	if (secs < 0)
		secs += 86400, days--;
	int y, m, d;
	civil_from_days(days, &y, &m, &d);
	if (has_time)
		snprintf(out, 32, "%04d-%02d-%02dT%02ld:%02ld:%02ldZ", y % 10000, m, d, secs / 3600,
			 secs / 60 % 60, secs % 60);
	else
		snprintf(out, 32, "%04d-%02d-%02d", y % 10000, m, d);
	return out;
}

static const char *const months[][12] = {
	{"jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"},
	{"january", "february", "march", "april", "may", "june", "july", "august", "september",
	 "october", "november", "december"},
	{"januar", "februar", "märz", "april", "mai", "juni", "juli", "august", "september",
	 "oktober", "november", "dezember"},
	{"janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre",
	 "octobre", "novembre", "décembre"},
	{"enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre",
	 "octubre", "noviembre", "diciembre"},
	{"sept", "", "", "", "", "", "", "", "", "", "", ""},
};

static int month_of(const char *w, size_t n)
{
	char lw[16];
	if (n >= sizeof lw)
		return 0;
	for (size_t i = 0; i < n; i++)
		lw[i] = (char)tolower((unsigned char)w[i]);
	lw[n] = 0;
	for (size_t r = 0; r < sizeof months / sizeof months[0]; r++)
		for (int i = 0; i < 12; i++)
			if (months[r][i][0] && strcmp(lw, months[r][i]) == 0)
				return r == 5 ? 9 : i + 1;
	return 0;
}

static const char *const weekdays[] = {"mon", "tue", "wed", "thu", "fri", "sat", "sun",
				       "monday", "tuesday", "wednesday", "thursday", "friday",
				       "saturday", "sunday", "tues", "thur", "thurs"};

static int is_weekday(const char *w, size_t n)
{
	for (size_t i = 0; i < sizeof weekdays / sizeof *weekdays; i++)
		if (strlen(weekdays[i]) == n && strncasecmp(w, weekdays[i], n) == 0)
			return 1;
	return 0;
}

/* Zone name to offset in minutes east of UTC; 1 if known. */
static int zone_of(const char *w, size_t n, int *off)
{
	static const struct {
		const char *name;
		int off;
	} z[] = {{"gmt", 0},    {"utc", 0},    {"ut", 0},     {"z", 0},      {"est", -300},
		 {"edt", -240}, {"cst", -360}, {"cdt", -300}, {"mst", -420}, {"mdt", -360},
		 {"pst", -480}, {"pdt", -420}, {"cet", 60},   {"cest", 120}, {"bst", 60},
		 {"ist", 330},  {"jst", 540},  {"kst", 540},  {"sgt", 480},  {"aest", 600},
		 {"aedt", 660}, {"eet", 120},  {"eest", 180}, {"wet", 0},    {"west", 60},
		 {"hkt", 480},  {"msk", 180}};
	for (size_t i = 0; i < sizeof z / sizeof *z; i++)
		if (strlen(z[i].name) == n && strncasecmp(w, z[i].name, n) == 0) {
			*off = z[i].off;
			return 1;
		}
	if (n == 1 && isalpha((unsigned char)w[0]) && toupper((unsigned char)w[0]) != 'J') {
		/* RFC 822 military zones: their signs were defined backwards and
		 * software disagrees, so RFC 1123 says to treat them as UTC. */
		*off = 0;
		return 1;
	}
	return 0;
}

static int make_time(int y, int mo, int d, int h, int mi, int s, int off, time_t *t)
{
	static const int mdays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	if (y < 1970 || y > 2100 || mo < 1 || mo > 12 || d < 1 || d > mdays[mo - 1])
		return -1;
	if (mo == 2 && d == 29 && !((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
		return -1;
	if (h < 0 || h > 24 || mi < 0 || mi > 59 || s < 0 || s > 60)
		return -1;
	time_t v = (time_t)date_days_from_civil(y, mo, d) * 86400 + h * 3600 + mi * 60 + s - off * 60L;
	/* a zone offset, 24:00 or a leap second can carry a date out of range */
	if (v < 0 || v > (time_t)4133980799LL) /* 2100-12-31T23:59:59Z */
		return -1;
	*t = v;
	return 0;
}

static int digits(const char *s, int n, int *v)
{
	int r = 0;
	for (int i = 0; i < n; i++) {
		if (!isdigit((unsigned char)s[i]))
			return -1;
		r = r * 10 + (s[i] - '0');
	}
	*v = r;
	return 0;
}

/* ISO 8601 at S; returns bytes consumed or 0. */
static size_t parse_iso(const char *s, time_t *t, int *has_time)
{
	int y, mo, d, h = 0, mi = 0, sec = 0, off = 0, ht = 0;
	const char *p = s;
	if (digits(p, 4, &y) || (p[4] != '-' && p[4] != '/'))
		return 0;
	char sep = p[4];
	if (digits(p + 5, 2, &mo) || p[7] != sep || digits(p + 8, 2, &d))
		return 0;
	p += 10;
	if ((*p == 'T' || *p == ' ' || *p == 't') && isdigit((unsigned char)p[1]) &&
	    !digits(p + 1, 2, &h) && p[3] == ':' && !digits(p + 4, 2, &mi)) {
		ht = 1;
		p += 6;
		if (*p == ':' && !digits(p + 1, 2, &sec))
			p += 3;
		if (*p == '.' || *p == ',')
			for (p++; isdigit((unsigned char)*p); p++)
				;
		if (*p == 'Z' || *p == 'z') {
			p++;
		} else if ((*p == '+' || *p == '-') && isdigit((unsigned char)p[1])) {
			int oh, om = 0, sign = *p == '-' ? -1 : 1;
			if (digits(p + 1, 2, &oh))
				return 0;
			p += 3;
			if (*p == ':')
				p++;
			if (!digits(p, 2, &om))
				p += 2;
			off = sign * (oh * 60 + om);
		}
	}
	if (make_time(y, mo, d, h, mi, sec, off, t))
		return 0;
	if (has_time)
		*has_time = ht;
	return (size_t)(p - s);
}

struct tok {
	const char *s;
	size_t n;
	int num; /* 1 when all digits */
};

/* Free-form parse of the first N bytes of S. Returns 0 and the time, or -1.
 * STRICT: every token must be understood. */
static int parse_loose(const char *s, size_t n, int strict, time_t *t, int *has_time)
{
	int y = -1, mo = 0, d = -1, h = 0, mi = 0, sec = 0, off = 0, ht = 0, pm = -1;
	int nums[3], nn = 0, numsep = 0;
	size_t i = 0;
	while (i < n) {
		unsigned char c = (unsigned char)s[i];
		if (isspace(c) || c == ',' || c == '|') {
			i++;
			continue;
		}
		size_t j = i;
		if (isdigit(c)) {
			while (j < n && isdigit((unsigned char)s[j]))
				j++;
			if (j < n && s[j] == ':' && j + 2 < n + 1 && j - i <= 2) { /* time */
				int hh, mm;
				if (digits(s + i, (int)(j - i), &hh) || j + 3 > n || digits(s + j + 1, 2, &mm))
					return -1;
				h = hh, mi = mm, ht = 1;
				j += 3;
				if (j + 3 <= n && s[j] == ':' && !digits(s + j + 1, 2, &sec))
					j += 3;
				i = j;
				continue;
			}
			int v;
			if (j - i > 4 || digits(s + i, (int)(j - i), &v))
				return -1;
			/* ordinal suffix */
			if (j + 2 <= n && (strncasecmp(s + j, "st", 2) == 0 || strncasecmp(s + j, "nd", 2) == 0 ||
					   strncasecmp(s + j, "rd", 2) == 0 || strncasecmp(s + j, "th", 2) == 0) &&
			    (j + 2 == n || !isalpha((unsigned char)s[j + 2])))
				j += 2;
			else if (j < n && (s[j] == '.' || s[j] == '/' || s[j] == '-') && j + 1 < n &&
				 isdigit((unsigned char)s[j + 1]))
				numsep = s[j], j++;
			else if (j < n && s[j] == '.')
				j++;
			if (nn == 3)
				return -1;
			nums[nn++] = v;
			i = j;
			continue;
		}
		if ((c == '+' || c == '-') && i + 3 <= n && isdigit((unsigned char)s[i + 1])) {
			/* zone offset +HHMM or +HH:MM; otherwise '-' is a separator
			 * (RFC 850 "02-Mar-21") */
			int oh, om;
			size_t k = i + 3;
			if (k < n && s[k] == ':')
				k++;
			if (!digits(s + i + 1, 2, &oh) && k + 2 <= n && !digits(s + k, 2, &om) &&
			    (k + 2 == n || !isdigit((unsigned char)s[k + 2])) && oh <= 14 && om < 60) {
				off = (c == '-' ? -1 : 1) * (oh * 60 + om);
				i = k + 2;
				continue;
			}
			if (c == '+')
				return -1;
		}
		if (isalpha(c) || c >= 0x80) {
			while (j < n && (isalpha((unsigned char)s[j]) || (unsigned char)s[j] >= 0x80))
				j++;
			size_t wl = j - i;
			int m, z;
			if (j < n && s[j] == '.')
				j++;
			if ((m = month_of(s + i, wl)) != 0 && !mo)
				mo = m;
			else if (wl >= 3 && (m = month_of(s + i, 3)) != 0 && !mo && wl <= 9)
				mo = m;
			else if (is_weekday(s + i, wl))
				;
			else if (wl == 2 && strncasecmp(s + i, "am", 2) == 0)
				pm = 0;
			else if (wl == 2 && strncasecmp(s + i, "pm", 2) == 0)
				pm = 1;
			else if (ht && zone_of(s + i, wl, &z))
				off = z;
			else if ((wl == 2 && (strncasecmp(s + i, "at", 2) == 0 || strncasecmp(s + i, "de", 2) == 0 ||
					      strncasecmp(s + i, "on", 2) == 0)) ||
				 (wl == 3 && strncasecmp(s + i, "the", 3) == 0))
				;
			else if (strict)
				return -1;
			i = j;
			continue;
		}
		if (strict && !(c == '.' || c == '(' || c == ')' || c == '-'))
			return -1;
		i++;
	}
	if (pm == 1 && h < 12)
		h += 12;
	if (pm == 0 && h == 12)
		h = 0;
	if (mo) {
		for (int k = 0; k < nn; k++) {
			if (nums[k] >= 1000 && y < 0)
				y = nums[k];
			else if (nums[k] >= 1 && nums[k] <= 31 && d < 0)
				d = nums[k];
			else if (y < 0 && nums[k] < 100)
				y = 2000 + nums[k];
			else
				return -1;
		}
	} else if (nn == 3) {
		if (nums[0] >= 1000)
			y = nums[0], mo = nums[1], d = nums[2];
		else if (nums[2] >= 1000 || numsep) {
			y = nums[2] < 100 ? 2000 + nums[2] : nums[2];
			if (numsep == '/' && nums[0] <= 12 && nums[1] > 12)
				mo = nums[0], d = nums[1];
			else if (numsep == '/' && nums[0] <= 12 && nums[1] <= 12)
				mo = nums[0], d = nums[1]; /* US order when ambiguous with '/' */
			else
				d = nums[0], mo = nums[1];
		} else
			return -1;
	} else
		return -1;
	if (y < 0 || d < 0)
		return -1;
	if (make_time(y, mo, d, h, mi, sec, off, t))
		return -1;
	if (has_time)
		*has_time = ht;
	return 0;
}

int date_parse(const char *s, time_t *t, int *has_time)
{
	if (!s)
		return -1;
	while (isspace((unsigned char)*s))
		s++;
	size_t n = strlen(s);
	while (n && isspace((unsigned char)s[n - 1]))
		n--;
	if (n == 0 || n > 80)
		return -1;
	size_t k = parse_iso(s, t, has_time);
	if (k) {
		while (k < n && isspace((unsigned char)s[k]))
			k++;
		if (k == n)
			return 0;
	}
	return parse_loose(s, n, 1, t, has_time);
}

int date_find(const char *text, size_t n, time_t *t, int *has_time)
{
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)text[i];
		if (i && (isalnum((unsigned char)text[i - 1])))
			continue;
		if (isdigit(c) && n - i >= 10) {
			/* parse_iso reads a C string: give it a terminated copy, since
			 * TEXT need not be terminated after its N bytes */
			char win[64];
			size_t wl = n - i < sizeof win - 1 ? n - i : sizeof win - 1;
			memcpy(win, text + i, wl);
			win[wl] = 0;
			if (parse_iso(win, t, has_time))
				return 0;
		}
		if (isdigit(c) || isalpha(c)) {
			/* try windows of words starting here */
			size_t end = i, words = 0;
			while (end < n && words < 6) {
				while (end < n && !isspace((unsigned char)text[end]))
					end++;
				words++;
				if (words >= 2 && parse_loose(text + i, end - i, 1, t, has_time) == 0) {
					/* extend greedily for a time of day */
					size_t e2 = end;
					time_t t2;
					int h2;
					for (int w = 0; w < 4 && e2 < n; w++) {
						while (e2 < n && isspace((unsigned char)text[e2]))
							e2++;
						while (e2 < n && !isspace((unsigned char)text[e2]))
							e2++;
						if (parse_loose(text + i, e2 - i, 1, &t2, &h2) == 0 && h2) {
							*t = t2;
							if (has_time)
								*has_time = 1;
							break;
						}
					}
					return 0;
				}
				while (end < n && isspace((unsigned char)text[end]) && text[end] != '\n')
					end++;
				if (end < n && text[end] == '\n')
					break;
			}
		}
	}
	return -1;
}
