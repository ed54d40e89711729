/* fuzz_date.c: fuzz target for date parsing (util/date.h): date_parse on the
 * input as a string, date_find on the raw bytes; a parsed date must lie in
 * the documented range and its ISO form must parse back to the same time. */
#include "fuzz.h"
#include "util/date.h"

int fuzz_date(const uint8_t *data, size_t n);

/* 1970-01-01 .. 2100-12-31T23:59:59Z */
#define DATE_MAX ((time_t)4133980799LL)

static int check_parsed(const char *what, time_t t, int has_time)
{
	if (t < 0 || t > DATE_MAX)
		FUZZ_FAIL("%s gave %lld, outside 1970..2100", what, (long long)t);
	char iso[32];
	date_iso(t, has_time, iso);
	time_t back;
	int bt = -1;
	if (date_parse(iso, &back, &bt) != 0)
		FUZZ_FAIL("%s: its ISO form '%s' does not parse", what, iso);
	if (has_time && back != t)
		FUZZ_FAIL("%s: '%s' parses back to %lld, not %lld", what, iso, (long long)back,
			  (long long)t);
	if (!has_time && back / 86400 != t / 86400)
		FUZZ_FAIL("%s: '%s' parses back to another day", what, iso);
	return 0;
}

int fuzz_date(const uint8_t *data, size_t n)
{
	char *s = fuzz_strndup(data, n);
	if (!s)
		return 0;
	time_t t = 0;
	int ht = 0, bad = 0;
	if (date_parse(s, &t, &ht) == 0)
		bad |= check_parsed("date_parse", t, ht);
	if (date_find((const char *)data, n, &t, &ht) == 0)
		bad |= check_parsed("date_find", t, ht);
	free(s);
	return bad;
}

#ifdef FUZZ_MAIN
FUZZ_HOOK(fuzz_date)
#endif
