/* internal.h: what the tag module's files share (dict internals for the
 * matcher and the commands); not part of the public interface (tag.h). */
#ifndef SECNEWS_TAG_INTERNAL_H
#define SECNEWS_TAG_INTERNAL_H
#include <stddef.h>
#include <stdint.h>

#include "tag/tag.h"

/* Alias flags, written as a prefix in the data format (data/README.md). */
enum {
	ALIAS_CASE = 1,   /* '=': matches only as written (case-sensitive) */
	ALIAS_COMMON = 2  /* '?': an ordinary word: needs support (implies ALIAS_CASE) */
};

/* Flags of alias I of entity E (index into dict_get order). */
unsigned dict_alias_flags(const struct dict *d, size_t ent, size_t i);
/* Comma-separated context words of entity ENT (words that, next to a common
 * alias, support it), or NULL. */
const char *dict_entity_context(const struct dict *d, size_t ent);
/* Index of entity P (a pointer from dict_get), or (size_t)-1. */
size_t dict_index(const struct dict *d, const struct dict_entity *p);
/* Every entity of kind KIND that has NAME (normalised) as an alias, in
 * dictionary order: stores up to MAX indexes in OUT, returns how many exist. */
size_t dict_find_all(const struct dict *d, int kind, const char *name, size_t *out, size_t max);

/* The entity of kind KIND (-1: any) with external id ID ("G0125"), or (size_t)-1. */
size_t dict_find_id(const struct dict *d, int kind, const char *id);

/* The matcher's character folding, shared with dict_norm: lowercase, and
 * 1 for a separator (space, tab, newline, '-', '_', NBSP, U+2010/2011). */
int tag_is_sep(uint32_t cp);

/* Identifiers (ids.c). The matcher calls ids_at() at each word start and
 * ids_hash() for each word of 32, 40 or 64 characters; ids_scan() finds the
 * other indicators (tokens with a dot or a colon: URLs, e-mail addresses,
 * domains, IP addresses).
 * ids_at: the end of the CVE/GHSA/ATT&CK id at word start I (appended to
 * OUT; G-ids resolved to actors through D, none if unknown), or 0; *RC gets
 * -1 when out of memory. ids_hash, ids_scan: 0 or -1. */
size_t ids_at(const struct dict *d, const char *s, size_t n, size_t i, int field, struct mention_list *out,
	      int *rc);
int ids_hash(const char *s, size_t a, size_t b, int field, struct mention_list *out);
int ids_scan(const struct dict *d, const char *text, size_t n, int field, struct mention_list *out);

/* 1 if the byte range [S,E) of TEXT sits inside a URL, e-mail address,
 * domain name or file path. */
int tag_in_locator(const char *text, size_t n, size_t s, size_t e);

#endif
