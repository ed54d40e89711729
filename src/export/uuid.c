/* uuid.c: SHA-1 and UUIDv5 (see uuid.h). */
#include <string.h>

#include "export/uuid.h"

const unsigned char UUID_NS_DNS[16] = {0x6b, 0xa7, 0xb8, 0x10, 0x9d, 0xad, 0x11, 0xd1,
				       0x80, 0xb4, 0x00, 0xc0, 0x4f, 0xd4, 0x30, 0xc8};
const unsigned char UUID_NS_SECNEWS[16] = {0x40, 0xa8, 0x99, 0x4f, 0x0d, 0x2b, 0x54, 0xf6,
					   0xb3, 0x20, 0x94, 0xf6, 0x11, 0x95, 0x93, 0x35};
const unsigned char UUID_NS_STIX_SCO[16] = {0x00, 0xab, 0xed, 0xb4, 0xaa, 0x42, 0x46, 0x6c,
					    0x9c, 0x01, 0xfe, 0xd2, 0x33, 0x15, 0xa9, 0xb7};

static uint32_t rol(uint32_t x, unsigned n)
{
	return (x << n) | (x >> (32 - n));
}

/* Hash one 64-byte block into the state (FIPS 180-4, 6.1.2). */
static void sha1_block(uint32_t h[5], const unsigned char *p)
{
	uint32_t w[80];
	for (int t = 0; t < 16; t++)
		w[t] = (uint32_t)p[4 * t] << 24 | (uint32_t)p[4 * t + 1] << 16 |
		       (uint32_t)p[4 * t + 2] << 8 | (uint32_t)p[4 * t + 3];
	for (int t = 16; t < 80; t++)
		w[t] = rol(w[t - 3] ^ w[t - 8] ^ w[t - 14] ^ w[t - 16], 1);
	uint32_t a = h[0], b = h[1], c = h[2], d = h[3], e = h[4];
	for (int t = 0; t < 80; t++) {
		uint32_t f, k;
		if (t < 20)
			f = (b & c) | (~b & d), k = 0x5A827999;
		else if (t < 40)
			f = b ^ c ^ d, k = 0x6ED9EBA1;
		else if (t < 60)
			f = (b & c) | (b & d) | (c & d), k = 0x8F1BBCDC;
		else
			f = b ^ c ^ d, k = 0xCA62C1D6;
		uint32_t tmp = rol(a, 5) + f + e + k + w[t];
		e = d;
		d = c;
		c = rol(b, 30);
		b = a;
		a = tmp;
	}
	h[0] += a;
	h[1] += b;
	h[2] += c;
	h[3] += d;
	h[4] += e;
}

void sha1_init(struct sha1 *c)
{
	static const uint32_t h0[5] = {0x67452301, 0xEFCDAB89, 0x98BADCFE, 0x10325476, 0xC3D2E1F0};
	memcpy(c->h, h0, sizeof h0);
	c->len = 0;
	c->fill = 0;
}

void sha1_update(struct sha1 *c, const void *data, size_t n)
{
	const unsigned char *p = data;
	c->len += n;
	if (c->fill) {
		size_t k = 64 - c->fill < n ? 64 - c->fill : n;
		memcpy(c->block + c->fill, p, k);
		c->fill += k;
		p += k;
		n -= k;
		if (c->fill < 64)
			return;
		sha1_block(c->h, c->block);
		c->fill = 0;
	}
	for (; n >= 64; p += 64, n -= 64)
		sha1_block(c->h, p);
	if (n) {
		memcpy(c->block, p, n);
		c->fill = n;
	}
}

void sha1_final(struct sha1 *c, unsigned char out[20])
{
	uint64_t bits = c->len * 8;
	unsigned char pad[72] = {0x80};
	/* Pad to 56 mod 64, then the 64-bit big-endian length. */
	size_t padlen = c->fill < 56 ? 56 - c->fill : 120 - c->fill;
	for (int i = 0; i < 8; i++)
		pad[padlen + (size_t)i] = (unsigned char)(bits >> (56 - 8 * i));
	sha1_update(c, pad, padlen + 8);
	for (int i = 0; i < 5; i++) {
		out[4 * i] = (unsigned char)(c->h[i] >> 24);
		out[4 * i + 1] = (unsigned char)(c->h[i] >> 16);
		out[4 * i + 2] = (unsigned char)(c->h[i] >> 8);
		out[4 * i + 3] = (unsigned char)c->h[i];
	}
}

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

int uuid_parse(const char *s, unsigned char out[16])
{
	size_t j = 0;
	for (size_t i = 0; i < 36; i++) {
		if (i == 8 || i == 13 || i == 18 || i == 23) {
			if (s[i] != '-')
				return -1;
			continue;
		}
		int hi = hexval(s[i]);
		if (hi < 0)
			return -1;
		int lo = hexval(s[++i]);
		if (lo < 0)
			return -1;
		out[j++] = (unsigned char)(hi << 4 | lo);
	}
	return s[36] == '\0' ? 0 : -1;
}

char *uuid_format(const unsigned char u[16], char out[37])
{
	static const char hex[] = "0123456789abcdef";
	size_t o = 0;
	for (size_t i = 0; i < 16; i++) {
		if (i == 4 || i == 6 || i == 8 || i == 10)
			out[o++] = '-';
		out[o++] = hex[u[i] >> 4];
		out[o++] = hex[u[i] & 15];
	}
	out[o] = '\0';
	return out;
}

void uuid5_begin(struct sha1 *c, const unsigned char ns[16])
{
	sha1_init(c);
	sha1_update(c, ns, 16);
}

char *uuid5_end(struct sha1 *c, char out[37])
{
	unsigned char d[20];
	sha1_final(c, d);
	d[6] = (unsigned char)((d[6] & 0x0F) | 0x50); /* version 5 */
	d[8] = (unsigned char)((d[8] & 0x3F) | 0x80); /* RFC 4122 variant */
	return uuid_format(d, out);
}

char *uuid5(const unsigned char ns[16], const char *name, size_t n, char out[37])
{
	struct sha1 c;
	uuid5_begin(&c, ns);
	sha1_update(&c, name, n);
	return uuid5_end(&c, out);
}
