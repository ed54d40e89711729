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
	uint64_t key; /* node << 8 | byte, + 1 (0: empty) */
	uint32_t child;
};

struct trie {
	uint32_t root[256]; /* children of the root (node 0); 0: none */
	struct trie_edge *tab;
	uint64_t mask;
	int shift;
	uint32_t *term; /* per node: first pattern, or UINT32_MAX */
	size_t nodes, capnodes;
	struct pattern *pats;
	size_t npats, cappats;
};

/* Build the trie over every alias of D. 0 or -1 (out of memory). */
int trie_build(struct trie *t, const struct dict *d);
void trie_free(struct trie *t);

/* The child of NODE by byte B, or 0. */
static inline uint32_t trie_step(const struct trie *t, uint32_t node, unsigned char b)
{
	if (node == 0)
		return t->root[b];
	uint64_t key = ((uint64_t)node << 8 | b) + 1;
	for (uint64_t i = (key * 0x9E3779B97F4A7C15ULL) >> t->shift;; i = (i + 1) & t->mask) {
		if (t->tab[i].key == key)
			return t->tab[i].child;
		if (t->tab[i].key == 0)
			return 0;
	}
}

#endif
