/* automaton.h: the multi-pattern matcher over every alias: a trie of the
 * normalised alias forms (dict_norm) with a dense root and hashed edges,
 * walked from each word start of the text (internal to the tag module).
 * Ownership: trie_build() fills a struct the caller releases with
 * trie_free() (on a zeroed struct: harmless). */
#ifndef SECNEWS_TAG_AUTOMATON_H
#define SECNEWS_TAG_AUTOMATON_H
#include <stddef.h>
#include <stdint.h>

#include "tag/tag.h"

struct pattern {
	uint32_t ent, alias; /* dictionary indexes */
	uint32_t next;       /* next pattern of the same node, or UINT32_MAX */
};

struct trie_edge {
	uint32_t key; /* node << 8 | byte (0: empty; node 0, the root, has its own table) */
	uint32_t child;
};

struct trie {
	uint32_t root[256]; /* children of the root (node 0); 0: none */
	uint32_t *l1;       /* children of the root's children: 256 per root child, dense */
	uint32_t *l1_of;    /* node -> its row in l1 + 1, for the root's children; else 0 */
	size_t nl1;
	struct trie_edge *tab; /* every deeper edge, open addressing */
	uint32_t mask;
	int shift;
	size_t used;
	uint32_t *term; /* per node: first pattern, or UINT32_MAX */
	size_t nodes, capnodes;
	struct pattern *pats;
	size_t npats, cappats;
	uint64_t pair[1024]; /* bit (b1 << 8 | b2): some alias starts with bytes b1 b2 */
	unsigned char single[256]; /* 1: a one-byte alias is b */
	uint64_t tri[46656 / 64 + 1]; /* bit: some alias starts with these three [a-z0-9] bytes */
};

/* 0..35 for a-z and 0-9, else -1. */
static inline int trie_c36(unsigned char c)
{
	return c >= 'a' && c <= 'z' ? c - 'a' : c >= '0' && c <= '9' ? c - '0' + 26 : -1;
}

/* 1 if some alias may start with byte B1 followed by B2 (normalised). */
static inline int trie_may_start(const struct trie *t, unsigned char b1, unsigned char b2)
{
	unsigned k = (unsigned)b1 << 8 | b2;
	return t->single[b1] || (t->pair[k >> 6] >> (k & 63) & 1);
}

/* Build the trie over every alias of D. 0 or -1 (out of memory). */
int trie_build(struct trie *t, const struct dict *d);
void trie_free(struct trie *t);

/* The child of NODE by byte B, or 0. */
static inline uint32_t trie_step(const struct trie *t, uint32_t node, unsigned char b)
{
	if (node == 0)
		return t->root[b];
	if (node < t->nodes && t->l1_of[node])
		return t->l1[(size_t)(t->l1_of[node] - 1) * 256 + b];
	uint32_t key = node << 8 | b;
	for (uint32_t i = (uint32_t)((key * 0x9E3779B97F4A7C15ULL) >> t->shift);; i = (i + 1) & t->mask) {
		if (t->tab[i].key == key)
			return t->tab[i].child;
		if (t->tab[i].key == 0)
			return 0;
	}
}

/* For a word whose first three bytes (lowercased) are all in [a-z0-9]: 1 if
 * some alias starts with them (shorter aliases cannot end inside a word). */
static inline int trie_may_start3(const struct trie *t, int a, int b, int c)
{
	unsigned k = (unsigned)(a * 1296 + b * 36 + c);
	return t->tri[k >> 6] >> (k & 63) & 1;
}

#endif
