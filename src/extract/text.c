/* text.c: article extraction from plain text, such as a page copied from a
 * browser: find the headline and the run of prose after it, and leave out
 * the furniture around them by general rules (line shape, sentence shape,
 * code detection, the boilerplate phrases of data/boilerplate.txt). */
#include "extract/internal.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "util/date.h"
#include "util/utf8.h"

enum unit_kind {
	U_SHORT,  /* a line that is not a sentence: heading, label, credit */
	U_PROSE,  /* sentence-shaped text */
	U_TEASER, /* prose cut short with "..." (a teaser of another story) */
	U_DATE,   /* a date, a number, a measurement */
	U_CODE,   /* program text */
	U_DROP,   /* a boilerplate phrase to drop */
	U_END     /* a boilerplate phrase that starts a trailing block */
};

struct unit {
	const char *s;
	size_t n;
	int kind;
	size_t words;
};

/* 1 if the line looks like program text rather than prose. */
static int looks_like_code(const char *s, size_t n)
{
	if (n >= 2 && ((s[0] == '/' && (s[1] == '/' || s[1] == '*')) || (s[0] == '<' && s[1] == '!')))
		return 1;
	size_t braces = 0, semis = 0, parens = 0, ops = 0, letters = 0;
	for (size_t i = 0; i < n; i++) {
		char c = s[i];
		if (c == '{' || c == '}')
			braces++;
		else if (c == ';')
			semis++;
		else if (c == '(' || c == ')')
			parens++;
		else if (c == '=' || c == '<' || c == '>' || c == '&' || c == '|')
			ops++;
		else if ((c | 32) >= 'a' && (c | 32) <= 'z')
			letters++;
		if (c == '=' && i + 1 < n && s[i + 1] == '>')
			ops += 2;
	}
	if (braces >= 2 && (semis || parens >= 2 || ops))
		return 1;
	size_t sym = braces + semis + parens + ops;
	return sym >= 6 && sym * 12 > letters;
}

/* 1 if the line is a date, a time, a number or a measurement ("27.2 C"). */
static int looks_like_data(const char *s, size_t n)
{
	time_t t;
	char tmp[96];
	if (n < sizeof tmp) {
		memcpy(tmp, s, n);
		tmp[n] = '\0';
		if (date_parse(tmp, &t, NULL) == 0)
			return 1;
	}
	size_t digits = 0, letters = 0;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c >= '0' && c <= '9')
			digits++;
		else if (((c | 32) >= 'a' && (c | 32) <= 'z') || c >= 0x80)
			letters++;
	}
	return digits > 0 && letters <= 3 && n < 40;
}

/* 1 if the text ends with an ellipsis (three dots or U+2026). */
static int ends_with_ellipsis(const char *s, size_t n)
{
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		n--;
	return (n >= 3 && memcmp(s + n - 3, "...", 3) == 0) ||
	       (n >= 3 && memcmp(s + n - 3, "\xE2\x80\xA6", 3) == 0);
}

/* 1 if prose: enough words and a sentence end, possibly followed by a short
 * credit ("... attacks.\" /AFP"). */
static int looks_like_prose(const char *s, size_t n, size_t words)
{
	if (words < 7)
		return 0;
	if (norm_ends_sentence(s, n))
		return 1;
	/* a sentence end followed by at most three short words */
	size_t tail_words = 0;
	for (size_t i = n; i > 0; i--) {
		if (s[i - 1] == ' ' && i < n && s[i] != ' ')
			tail_words++;
		if (tail_words > 3)
			return 0;
		if (norm_ends_sentence(s, i) && i < n && s[i] == ' ')
			return words >= 12;
	}
	return 0;
}

static void classify(struct unit *u)
{
	u->words = norm_words(u->s, u->n);
	int b = boiler_match(u->s, u->n);
	if (b == BOILER_END)
		u->kind = U_END;
	else if (b == BOILER_DROP)
		u->kind = U_DROP;
	else if (looks_like_code(u->s, u->n))
		u->kind = U_CODE;
	else if (looks_like_data(u->s, u->n))
		u->kind = U_DATE;
	else if (u->words >= 7 && ends_with_ellipsis(u->s, u->n))
		u->kind = U_TEASER;
	else if (looks_like_prose(u->s, u->n, u->words))
		u->kind = U_PROSE;
	else
		u->kind = U_SHORT;
}

/* 1 if a short line can be a headline: a few words, not a label. */
static int title_shaped(const struct unit *u)
{
	time_t t;
	return u->kind == U_SHORT && u->words >= 3 && u->words <= 40 && u->n <= 400 &&
	       date_find(u->s, u->n, &t, NULL) != 0; /* "Updated: May 2, 2021" is no headline */
}

/* Split S into units: lines, with hard-wrapped lines of one paragraph
 * joined. Returns the number of units (array in *OUT, caller frees). */
static size_t split_units(const char *s, size_t n, struct unit **out)
{
	size_t cap = 64, cnt = 0;
	struct unit *u = malloc(cap * sizeof *u);
	if (!u)
		return 0;
	size_t i = 0;
	int prev_blank = 1;
	while (i < n) {
		const char *nl = memchr(s + i, '\n', n - i);
		size_t e = nl ? (size_t)(nl - s) : n;
		size_t a = i, b = e;
		while (a < b && (s[a] == ' ' || s[a] == '\t' || s[a] == '\r'))
			a++;
		while (b > a && (s[b - 1] == ' ' || s[b - 1] == '\t' || s[b - 1] == '\r'))
			b--;
		if (a == b) {
			prev_blank = 1;
		} else {
			struct unit *last = cnt ? &u[cnt - 1] : NULL;
			/* a hard-wrapped paragraph: the previous line is long, has
			 * no sentence end, and this one continues it */
			if (last && !prev_blank && last->n >= 50 && !norm_ends_sentence(last->s, last->n) &&
			    !looks_like_code(last->s, last->n) && (s[a] >= 'a' && s[a] <= 'z')) {
				last->n = b - (size_t)(last->s - s);
			} else {
				if (cnt == cap) {
					struct unit *t = realloc(u, 2 * cap * sizeof *u);
					if (!t)
						break;
					u = t;
					cap *= 2;
				}
				u[cnt].s = s + a;
				u[cnt].n = b - a;
				cnt++;
			}
			prev_blank = 0;
		}
		i = e + 1;
	}
	*out = u;
	return cnt;
}

/* Append unit U to the body, normalised, with a blank line before it. */
static void put_unit(struct buf *body, const struct unit *u)
{
	if (body->len)
		buf_puts(body, "\n\n");
	struct norm nm = {body, 0};
	norm_append(&nm, u->s, u->n);
}

/* 1 if the text is a JSON document (data, not prose). */
static int is_json(const char *s, size_t n)
{
	size_t i = 0, j = n;
	while (i < n && (s[i] == ' ' || s[i] == '\t' || s[i] == '\r' || s[i] == '\n'))
		i++;
	while (j > i && (s[j - 1] == ' ' || s[j - 1] == '\t' || s[j - 1] == '\r' || s[j - 1] == '\n'))
		j--;
	if (j - i < 2 || !((s[i] == '{' && s[j - 1] == '}') || (s[i] == '[' && s[j - 1] == ']')))
		return 0;
	json_t *v = json_loadb(s + i, j - i, 0, NULL);
	json_decref(v);
	return v != NULL;
}

int text_extract(const char *s, size_t n, struct article *a, struct err *e)
{
	if (is_json(s, n))
		return EXTRACT_NOT_ARTICLE;
	struct unit *u = NULL;
	size_t cnt = split_units(s, n, &u);
	if (!u)
		return err_set(e, "out of memory");
	for (size_t i = 0; i < cnt; i++)
		classify(&u[i]);

	/* the article is the largest run of prose: prose units with at most
	 * six other lines (subheadings, captions, dropped furniture) between
	 * them, ended by a trailing-block phrase, code or a teaser */
	size_t first = cnt, last = cnt, best = 0;
	for (size_t i = 0; i < cnt;) {
		if (u[i].kind != U_PROSE) {
			i++;
			continue;
		}
		size_t start = i, end = i, chars = 0, gap = 0, j = i;
		for (; j < cnt; j++) {
			int k = u[j].kind;
			if (k == U_END || k == U_CODE || k == U_TEASER)
				break;
			if (k == U_PROSE) {
				chars += u[j].n;
				end = j;
				gap = 0;
			} else if (++gap > 6) {
				break;
			}
		}
		if (chars > best) {
			best = chars;
			first = start;
			last = end;
		}
		i = j > i ? j : i + 1;
	}
	if (first == cnt) {
		/* no prose at all: a list of lines, not an article; keep a title */
		for (size_t i = 0; i < cnt; i++)
			if (title_shaped(&u[i])) {
				a->title = norm_dup(u[i].s, u[i].n);
				break;
			}
		free(u);
		return EXTRACT_NOT_ARTICLE;
	}
	/* a header block inside the run (three or more lines, the last one
	 * headline-shaped) with little prose before it: the article starts
	 * after it; what came before was furniture written in sentences */
	if (first < cnt) {
		size_t before = 0, gap = 0;
		for (size_t i = first; i <= last; i++) {
			if (u[i].kind != U_PROSE) {
				gap++;
				continue;
			}
			if (gap >= 3 && title_shaped(&u[i - 1]) && before * 2 < best) {
				first = i;
				best -= before;
				before = 0;
			}
			before += u[i].n;
			gap = 0;
		}
	}
	/* the headline: the longest title-shaped line among the few before
	 * the text (header lines such as dates, places and bylines between) */
	size_t t = first, tw = 0;
	for (size_t i = first, seen = 0; i-- > 0 && seen < 8; seen++) {
		if (u[i].kind == U_END || u[i].kind == U_PROSE || u[i].kind == U_CODE)
			break;
		if (title_shaped(&u[i]) && u[i].words > tw) {
			t = i;
			tw = u[i].words;
		}
	}
	if (t < first) {
		a->title = norm_dup(u[t].s, u[t].n);
		/* a dateline among the header lines around the headline */
		for (size_t i = t >= 6 ? t - 6 : 0; i < first && !a->published; i++)
			if (u[i].kind == U_DATE || (u[i].kind == U_SHORT && u[i].words <= 8)) {
				time_t tm;
				int ht;
				char iso[32];
				if (date_find(u[i].s, u[i].n, &tm, &ht) == 0)
					a->published = strdup(date_iso(tm, ht, iso));
			}
	}

	struct buf body = BUF_INIT;
	for (size_t i = first; i <= last; i++) {
		int k = u[i].kind;
		if (k == U_PROSE) {
			put_unit(&body, &u[i]);
		} else if (k == U_SHORT) {
			/* a subheading or a list item: kept when prose follows */
			size_t j = i + 1;
			while (j <= last && (u[j].kind == U_SHORT || u[j].kind == U_DROP))
				j++;
			if (j <= last && u[j].kind == U_PROSE)
				put_unit(&body, &u[i]);
		}
	}
	free(u);
	if (body.failed) {
		buf_free(&body);
		return err_set(e, "text too large");
	}
	a->body = buf_detach(&body);
	return EXTRACT_OK;
}
