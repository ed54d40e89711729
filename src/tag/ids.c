/* ids.c: identifiers found by pattern: CVE and GHSA ids, ATT&CK technique
 * and group ids, and indicators of compromise (URLs, e-mail addresses,
 * domains, IPv4/IPv6 addresses, MD5/SHA-1/SHA-256 hashes), defanged or
 * not. Indicators are reported refanged; private, reserved and
 * documentation addresses, and version numbers, are not indicators. */
#include <arpa/inet.h>
#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "tag/internal.h"
#include "util/buf.h"

static int alnum(unsigned char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static int digit(unsigned char c)
{
	return c >= '0' && c <= '9';
}

static int xdigit(unsigned char c)
{
	return digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

/* A word boundary before S[I] (start of text or not a letter/digit). */
static int left_edge(const char *s, size_t i)
{
	return i == 0 || !(alnum((unsigned char)s[i - 1]) || (unsigned char)s[i - 1] >= 0x80);
}

static int right_edge(const char *s, size_t n, size_t i)
{
	return i >= n || !(alnum((unsigned char)s[i]) || (unsigned char)s[i] >= 0x80);
}

static size_t digits(const char *s, size_t n, size_t i)
{
	size_t j = i;
	while (j < n && digit((unsigned char)s[j]))
		j++;
	return j - i;
}

/* A hyphen or an en-dash at S[I]: its length, else 0. */
static size_t dash(const char *s, size_t n, size_t i)
{
	if (i < n && s[i] == '-')
		return 1;
	if (i + 2 < n && memcmp(s + i, "\xE2\x80\x93", 3) == 0)
		return 3;
	return 0;
}

static int add(struct mention_list *out, int kind, const char *name, const char *s, size_t a, size_t b,
	       int field)
{
	return mention_list_add(out, kind, name, NULL, s + a, b - a, field, a, b - a);
}

/* CVE-YYYY-NNNN+ (any case, hyphen or en-dash); returns the end or 0. */
static size_t cve_at(const char *s, size_t n, size_t i, char *name, size_t cap)
{
	if (i + 3 > n || strncasecmp(s + i, "cve", 3) != 0 || !left_edge(s, i))
		return 0;
	size_t j = i + 3, l;
	if (!(l = dash(s, n, j)))
		return 0;
	j += l;
	if (digits(s, n, j) != 4)
		return 0;
	size_t y = j;
	j += 4;
	if (!(l = dash(s, n, j)))
		return 0;
	j += l;
	size_t d = digits(s, n, j);
	if (d < 4 || d > 7 || !right_edge(s, n, j + d))
		return 0;
	snprintf(name, cap, "CVE-%.4s-%.*s", s + y, (int)d, s + j);
	return j + d;
}

/* GHSA-xxxx-xxxx-xxxx */
static size_t ghsa_at(const char *s, size_t n, size_t i, char *name, size_t cap)
{
	if (i + 19 > n || strncasecmp(s + i, "ghsa-", 5) != 0 || !left_edge(s, i))
		return 0;
	char tmp[20];
	memcpy(tmp, "GHSA", 4);
	for (size_t k = 4; k < 19; k++) {
		unsigned char c = (unsigned char)s[i + k];
		if ((k - 4) % 5 == 0) {
			if (c != '-')
				return 0;
		} else if (!alnum(c)) {
			return 0;
		}
		tmp[k] = (k - 4) % 5 == 0 ? '-' : (char)tolower(c);
	}
	if (!right_edge(s, n, i + 19))
		return 0;
	snprintf(name, cap, "%.19s", tmp);
	return i + 19;
}

/* T1234 or T1234.567 (technique), G1234 (group). */
static size_t attack_at(const char *s, size_t n, size_t i, char letter, char *name, size_t cap)
{
	if (s[i] != letter || !left_edge(s, i) || digits(s, n, i + 1) != 4)
		return 0;
	size_t j = i + 5;
	if (letter == 'T' && j + 4 <= n && s[j] == '.' && digits(s, n, j + 1) == 3)
		j += 4;
	if (!right_edge(s, n, j))
		return 0;
	snprintf(name, cap, "%.*s", (int)(j - i), s + i);
	return j;
}

/* ---- indicators ---------------------------------------------------------- */

static const char *const tlds[] = {
	"com", "net", "org", "info", "biz", "io", "co", "ru", "cn", "top", "xyz", "online", "site", "club",
	"app", "dev", "me", "tk", "cc", "pw", "su", "ir", "kp", "ua", "de", "uk", "fr", "jp", "kr", "in", "br",
	"us", "eu", "gov", "edu", "mil", "int", "onion", "link", "live", "shop", "store", "tech", "cloud",
	"space", "website", "pro", "mobi", "name", "tv", "ws", "ml", "ga", "cf", "gq", "nl", "it", "es", "ch",
	"at", "be", "se", "no", "fi", "dk", "cz", "hu", "ro", "bg", "gr", "tr", "il", "sa", "ae", "hk", "tw",
	"sg", "my", "id", "th", "vn", "ph", "au", "nz", "ca", "mx", "ar", "cl", "pe", "za", "ng", "ke", "eg",
	"by", "kz", "ge", "am", "az", "lt", "lv", "ee", "ie", "pt", "sk", "si", "hr", "icu", "buzz", "vip",
	"work", "support", "services", "news", "email", "digital", "network", "host", "center", "zip", "mov",
	"ltd", "asia", "lol", "fun", "today", "world", "cyou", "rest", "bond", "sbs", "cfd", NULL};

static int known_tld(const char *t, size_t l)
{
	for (const char *const *p = tlds; *p; p++)
		if (strlen(*p) == l && strncasecmp(*p, t, l) == 0)
			return 1;
	return 0;
}

/* Refang the token [A,B) into OUT; 1 if anything was defanged. */
static int refang(const char *s, size_t a, size_t b, struct buf *out)
{
	static const struct {
		const char *from, *to;
	} rep[] = {{"hxxps", "https"}, {"hxxp", "http"}, {"hXXps", "https"}, {"hXXp", "http"},
		   {"fxp", "ftp"},      {"[.]", "."},     {"(.)", "."},       {"{.}", "."},
		   {"[dot]", "."},      {"(dot)", "."},   {"[:]", ":"},       {"[://]", "://"},
		   {"[@]", "@"},        {"(@)", "@"},     {"[at]", "@"},      {"[/]", "/"}};
	int def = 0;
	buf_reset(out);
	for (size_t i = a; i < b;) {
		size_t k = sizeof rep / sizeof *rep;
		if (s[i] == 'h' || s[i] == 'f' || s[i] == '[' || s[i] == '(' || s[i] == '{')
			for (k = 0; k < sizeof rep / sizeof *rep; k++) {
				size_t l = strlen(rep[k].from);
				if (i + l <= b && memcmp(s + i, rep[k].from, l) == 0)
					break;
			}
		if (k < sizeof rep / sizeof *rep) {
			buf_puts(out, rep[k].to);
			i += strlen(rep[k].from);
			def = 1;
		} else {
			buf_putc(out, s[i++]);
		}
	}
	buf_reserve(out, 1);
	return def;
}

/* Length of a host name (labels and dots) at the start of H, with a valid
 * TLD (any alphabetic one when DEFANGED, else a known one); 0 if none. */
static size_t hostname(const char *h, size_t n, int defanged)
{
	size_t i = 0, labels = 0, last = 0;
	while (i < n) {
		size_t st = i;
		while (i < n && (alnum((unsigned char)h[i]) || h[i] == '-'))
			i++;
		if (i == st || h[st] == '-' || h[i - 1] == '-')
			break;
		labels++;
		last = st;
		if (i < n && h[i] == '.' && i + 1 < n && alnum((unsigned char)h[i + 1]))
			i++;
		else
			break;
	}
	if (labels < 2)
		return 0;
	size_t tl = i - last;
	for (size_t k = last; k < i; k++)
		if (!isalpha((unsigned char)h[k]))
			return 0;
	if (tl < 2 || tl > 24 || (!defanged && !known_tld(h + last, tl)))
		return 0;
	return i;
}

static int ipv4_public(const unsigned char q[4])
{
	uint32_t a = (uint32_t)q[0] << 24 | (uint32_t)q[1] << 16 | (uint32_t)q[2] << 8 | q[3];
	static const struct {
		uint32_t net, mask;
	} nets[] = {
		{0x00000000, 0xFF000000}, {0x0A000000, 0xFF000000}, {0x64400000, 0xFFC00000},
		{0x7F000000, 0xFF000000}, {0xA9FE0000, 0xFFFF0000}, {0xAC100000, 0xFFF00000},
		{0xC0000000, 0xFFFFFF00}, {0xC0000200, 0xFFFFFF00}, {0xC0A80000, 0xFFFF0000},
		{0xC6120000, 0xFFFE0000}, {0xC6336400, 0xFFFFFF00}, {0xCB007100, 0xFFFFFF00},
		{0xE0000000, 0xF0000000}, {0xF0000000, 0xF0000000}};
	for (size_t i = 0; i < sizeof nets / sizeof *nets; i++)
		if ((a & nets[i].mask) == nets[i].net)
			return 0;
	return 1;
}

static int ipv6_public(const unsigned char a[16])
{
	static const unsigned char zero[16];
	if (memcmp(a, zero, 15) == 0)
		return 0; /* :: and ::1 */
	if (a[0] == 0xFF || (a[0] & 0xFE) == 0xFC || (a[0] == 0xFE && (a[1] & 0xC0) == 0x80))
		return 0; /* multicast, unique local, link-local */
	if (a[0] == 0x20 && a[1] == 0x01 && a[2] == 0x0D && a[3] == 0xB8)
		return 0; /* documentation */
	if (memcmp(a, zero, 10) == 0 && a[10] == 0xFF && a[11] == 0xFF)
		return 0; /* IPv4-mapped */
	return 1;
}

/* 1 if the word before S[I] says what follows is a version. */
static int after_version_word(const char *s, size_t i)
{
	if (i > 0 && (s[i - 1] == 'v' || s[i - 1] == 'V') && (i == 1 || !alnum((unsigned char)s[i - 2])))
		return 1;
	size_t k = i;
	while (k > 0 && s[k - 1] == ' ')
		k--;
	size_t b = k;
	while (b > 0 && isalpha((unsigned char)s[b - 1]))
		b--;
	static const char *const words[] = {"version", "versions", "build", "release", "firmware", "v", "ver",
					    "update", "patch", "to", "and", "through", NULL};
	for (const char *const *w = words; *w; w++)
		if (strlen(*w) == k - b && strncasecmp(*w, s + b, k - b) == 0)
			return strcmp(*w, "to") && strcmp(*w, "and") && strcmp(*w, "through") ? 1 : 2;
	return 0;
}

/* Classify the token [A,B) of S and add one indicator. 0 or -1. */
static int token(const char *s, size_t n, size_t a, size_t b, int field, struct buf *r, struct buf *name,
		 struct mention_list *out)
{
	int def = refang(s, a, b, r);
	if (r->failed)
		return -1;
	const char *t = r->data;
	size_t tl = r->len;
	buf_reset(name);
	/* URL */
	static const char *const schemes[] = {"http://", "https://", "ftp://", "sftp://", NULL};
	for (const char *const *sc = schemes; *sc; sc++) {
		size_t l = strlen(*sc);
		if (tl > l && strncasecmp(t, *sc, l) == 0) {
			if (!hostname(t + l, tl - l, 1) && !(alnum((unsigned char)t[l]) || t[l] == '['))
				return 0;
			for (size_t k = 0; k < l; k++)
				buf_putc(name, tolower((unsigned char)t[k]));
			buf_append(name, t + l, tl - l);
			return name->failed ? -1 : add(out, KIND_URL, buf_str(name), s, a, b, field);
		}
	}
	/* e-mail */
	const char *at = memchr(t, '@', tl);
	if (at && at > t) {
		for (const char *p = t; p < at; p++)
			if (!(alnum((unsigned char)*p) || strchr("._%+-", *p)))
				return 0;
		size_t hl = (size_t)(tl - (size_t)(at + 1 - t));
		if (hostname(at + 1, hl, 1) != hl)
			return 0;
		for (size_t k = 0; k < tl; k++)
			buf_putc(name, tolower((unsigned char)t[k]));
		return name->failed ? -1 : add(out, KIND_EMAIL, buf_str(name), s, a, b, field);
	}
	char z[64];
	/* IPv4 (a port may follow) */
	unsigned char q[16];
	size_t colon = tl;
	const char *c = memchr(t, ':', tl);
	if (c && !memchr(c + 1, ':', tl - (size_t)(c + 1 - t)))
		colon = (size_t)(c - t);
	if (colon < sizeof z) {
		memcpy(z, t, colon);
		z[colon] = '\0';
		if (strchr(z, '.') && inet_pton(AF_INET, z, q) == 1) {
			int v = after_version_word(s, a);
			if (v == 1 || !ipv4_public(q))
				return 0;
			/* a dotted run longer than four parts is a version */
			if ((b < n && s[b] == '.' && b + 1 < n && digit((unsigned char)s[b + 1])) ||
			    (a > 1 && s[a - 1] == '.' && digit((unsigned char)s[a - 2])))
				return 0;
			return add(out, KIND_IPV4, z, s, a, a + (colon == tl ? b - a : colon + (b - a - tl)), field);
		}
	}
	/* IPv6 */
	if (tl < sizeof z && memchr(t, ':', tl)) {
		memcpy(z, t, tl);
		z[tl] = '\0';
		size_t hexd = 0, ncolon = 0;
		for (size_t k = 0; k < tl; k++)
			hexd += xdigit((unsigned char)z[k]) != 0, ncolon += z[k] == ':';
		if (ncolon >= 2 && hexd >= 6 && inet_pton(AF_INET6, z, q) == 1 && ipv6_public(q)) {
			if (!strstr(z, "::") && ncolon != 7)
				return 0;
			char canon[INET6_ADDRSTRLEN];
			inet_ntop(AF_INET6, q, canon, sizeof canon);
			return add(out, KIND_IPV6, canon, s, a, b, field);
		}
		return 0;
	}
	/* hashes */
	size_t hx = 0, letters = 0;
	while (hx < tl && xdigit((unsigned char)t[hx]))
		letters += !digit((unsigned char)t[hx]), hx++;
	if (hx == tl && (tl == 32 || tl == 40 || tl == 64) && letters && letters < tl) {
		for (size_t k = 0; k < tl; k++)
			buf_putc(name, tolower((unsigned char)t[k]));
		return name->failed ? -1 : add(out, tl == 32 ? KIND_MD5 : tl == 40 ? KIND_SHA1 : KIND_SHA256,
					       buf_str(name), s, a, b, field);
	}
	/* domain (with a path after it: the host only when not defanged) */
	size_t h = hostname(t, tl, def);
	if (h && (h == tl || (t[h] == '/' && !def))) {
		for (size_t k = 0; k < h; k++)
			buf_putc(name, tolower((unsigned char)t[k]));
		size_t end = h == tl ? b : a + h;
		return name->failed ? -1 : add(out, KIND_DOMAIN, buf_str(name), s, a, end, field);
	}
	return 0;
}

/* Bytes that end a token: whitespace, quotes and list punctuation. */
static const unsigned char delim[256] = {[' '] = 1, ['\t'] = 1, ['\n'] = 1, ['\r'] = 1, ['"'] = 1, ['<'] = 1,
					 ['>'] = 1, [','] = 1, [';'] = 1, ['|'] = 1, ['`'] = 1, [0xE2] = 2};

/* Trim the token [A,B) of its wrapping punctuation and classify it. 0 or -1. */
static int process_token(const char *s, size_t n, size_t a, size_t b, int field, struct buf *r,
			 struct buf *name, struct mention_list *out)
{
	while (a < b && strchr("([{'*", s[a]) && !(b - a >= 3 && s[a + 1] == '.' && (s[a + 2] == ']' || s[a + 2] == ')')))
		a++;
	for (;;) {
		if (b <= a)
			break;
		char c = s[b - 1];
		if (strchr(".:!?'*", c)) {
			b--;
			continue;
		}
		if (c == ')' || c == ']' || c == '}') {
			int open = 0, close = 0;
			for (size_t k = a; k < b; k++)
				open += s[k] == '(' || s[k] == '[' || s[k] == '{',
					close += s[k] == ')' || s[k] == ']' || s[k] == '}';
			if (close > open) {
				b--;
				continue;
			}
		}
		break;
	}
	if (b - a < 4 || b - a > 2048)
		return 0;
	/* an indicator that is not a hash has a dot or a colon */
	if (!memchr(s + a, '.', b - a) && !memchr(s + a, ':', b - a))
		return 0;
	return token(s, n, a, b, field, r, name, out);
}

/* 1 if a token ends before byte I: a delimiter, or general punctuation
 * (U+2000..U+203F: quotes, dashes) just before it. */
static int ends_before(const unsigned char *u, size_t i)
{
	return delim[u[i - 1]] == 1 || (i >= 3 && u[i - 3] == 0xE2 && u[i - 2] == 0x80);
}

int ids_scan(const struct dict *d, const char *s, size_t n, int field, struct mention_list *out)
{
	(void)d;
	const unsigned char *u = (const unsigned char *)s;
	struct buf r = BUF_INIT, name = BUF_INIT;
	int rc = 0;
	/* every token that holds a dot or a colon, found with memchr */
	size_t pos = 0, dot = 0, colon = 0;
	int havedot = 0, havecolon = 0;
	while (pos < n && !rc) {
		if (!havedot || dot < pos) {
			const char *p = memchr(s + pos, '.', n - pos);
			dot = p ? (size_t)(p - s) : n, havedot = 1;
		}
		if (!havecolon || colon < pos) {
			const char *p = memchr(s + pos, ':', n - pos);
			colon = p ? (size_t)(p - s) : n, havecolon = 1;
		}
		size_t h = dot < colon ? dot : colon;
		if (h >= n)
			break;
		size_t a = h, b = h;
		while (a > pos && !ends_before(u, a))
			a--;
		while (b < n && delim[u[b]] != 1 && !(u[b] == 0xE2 && b + 1 < n && u[b + 1] == 0x80))
			b++;
		rc = process_token(s, n, a, b, field, &r, &name, out);
		pos = b + 1;
	}
	buf_free(&r);
	buf_free(&name);
	return rc;
}

int ids_hash(const char *s, size_t a, size_t b, int field, struct mention_list *out)
{
	size_t l = b - a, letters = 0;
	if (l != 32 && l != 40 && l != 64)
		return 0;
	char name[65];
	for (size_t i = 0; i < l; i++) {
		unsigned char c = (unsigned char)s[a + i];
		if (!xdigit(c))
			return 0;
		letters += !digit(c);
		name[i] = (char)tolower(c);
	}
	name[l] = '\0';
	if (!letters || letters == l)
		return 0;
	return add(out, l == 32 ? KIND_MD5 : l == 40 ? KIND_SHA1 : KIND_SHA256, name, s, a, b, field);
}

size_t ids_at(const struct dict *d, const char *s, size_t n, size_t i, int field, struct mention_list *out,
	      int *rc)
{
	char name[64];
	unsigned char c = (unsigned char)s[i];
	size_t e = 0;
	*rc = 0;
	if (c == 'c' || c == 'C') {
		if ((e = cve_at(s, n, i, name, sizeof name)))
			*rc = add(out, KIND_CVE, name, s, i, e, field);
	} else if (c == 'g' || c == 'G') {
		if ((e = ghsa_at(s, n, i, name, sizeof name))) {
			*rc = add(out, KIND_GHSA, name, s, i, e, field);
		} else if (d && (e = attack_at(s, n, i, 'G', name, sizeof name))) {
			size_t ent = dict_find_id(d, KIND_ACTOR, name);
			if (ent != (size_t)-1)
				*rc = add(out, KIND_ACTOR, dict_get(d, ent)->name, s, i, e, field);
		}
	} else if (c == 'T') {
		if ((e = attack_at(s, n, i, 'T', name, sizeof name)))
			*rc = add(out, KIND_TECHNIQUE, name, s, i, e, field);
	}
	return e;
}
