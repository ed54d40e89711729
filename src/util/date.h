/* date.h: parsing the dates that pages and feeds use, and ISO 8601 output.
 * Pure functions, no allocation, no global state (no localtime/gmtime). */
#ifndef SECNEWS_DATE_H
#define SECNEWS_DATE_H
#include <stddef.h>
#include <time.h>

/* Parse S as a date: ISO 8601 / RFC 3339 ("2021-03-02", "2021-03-02T14:05:00Z",
 * "+05:30" offsets, fractions), RFC 822/1123 ("Tue, 02 Mar 2021 14:05:00 GMT",
 * obsolete zone names EST, PDT, military letters), and the forms pages write
 * ("March 2, 2021", "2 March 2021", "Mar 2nd, 2021 10:05 am", "2021/03/02",
 * "02.03.2021"). Leading and trailing text is not allowed except whitespace
 * and a leading weekday. On success stores seconds since the epoch (UTC)
 * in *T, sets *HAS_TIME (may be NULL) to 1 when a time of day was given, and
 * returns 0. Returns -1 when S is not a date or is out of range (years 1970..
 * 2100). */
int date_parse(const char *s, time_t *t, int *has_time);

/* Find the first date written inside free text (a dateline such as
 * "Published on Tuesday, June 23, 2026" or "2019-02-13"); same result
 * conventions as date_parse. */
int date_find(const char *text, size_t n, time_t *t, int *has_time);

/* Format T as ISO 8601 UTC: "2021-03-02T14:05:00Z" when HAS_TIME, else
 * "2021-03-02". OUT must hold 32 bytes. Returns OUT. */
char *date_iso(time_t t, int has_time, char out[32]);

/* Days from the civil date (proleptic Gregorian) to 1970-01-01. */
long date_days_from_civil(int y, int m, int d);

#endif
