/* uuid.h: SHA-1 (FIPS 180-4) and name-based UUIDs version 5 (RFC 4122), for
 * the deterministic ids of the STIX export. No allocation, no global state;
 * the context structs live on the caller's stack. */
#ifndef SECNEWS_UUID_H
#define SECNEWS_UUID_H
#include <stddef.h>
#include <stdint.h>

struct sha1 {
	uint32_t h[5];
	uint64_t len;            /* bytes hashed so far */
	unsigned char block[64];
	size_t fill;             /* bytes waiting in block */
};

void sha1_init(struct sha1 *c);
void sha1_update(struct sha1 *c, const void *p, size_t n);
/* Finish and store the 20-byte digest in OUT; C must be re-initialised
 * before it is used again. */
void sha1_final(struct sha1 *c, unsigned char out[20]);

/* Parse "6ba7b810-9dad-11d1-80b4-00c04fd430c8" (either case) into 16 bytes.
 * 0, or -1 when S is not in that form. */
int uuid_parse(const char *s, unsigned char out[16]);
/* Format 16 bytes as 36 lowercase characters plus NUL. Returns OUT. */
char *uuid_format(const unsigned char u[16], char out[37]);

/* Name-based UUIDs in two steps, for names assembled in pieces:
 * uuid5_begin hashes the namespace NS into C; feed the name with
 * sha1_update; uuid5_end writes the UUID text into OUT and returns it. */
void uuid5_begin(struct sha1 *c, const unsigned char ns[16]);
char *uuid5_end(struct sha1 *c, char out[37]);
/* The UUIDv5 of the N bytes of NAME in namespace NS, as text in OUT. */
char *uuid5(const unsigned char ns[16], const char *name, size_t n, char out[37]);

/* RFC 4122's DNS namespace 6ba7b810-9dad-11d1-80b4-00c04fd430c8. */
extern const unsigned char UUID_NS_DNS[16];
/* secnews's namespace for STIX ids: 40a8994f-0d2b-54f6-b320-94f611959335,
 * which is uuid5(UUID_NS_DNS, "stix.secnews.invalid"). */
extern const unsigned char UUID_NS_SECNEWS[16];
/* STIX 2.1's namespace for deterministic cyber-observable ids (section
 * 2.9): 00abedb4-aa42-466c-9c01-fed23315a9b7. */
extern const unsigned char UUID_NS_STIX_SCO[16];

#endif
