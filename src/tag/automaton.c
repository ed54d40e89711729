/* automaton.c: build the alias trie (see automaton.h). */
#include "tag/automaton.h"

#include <stdlib.h>
#include <string.h>

#include "util/buf.h"

void trie_free(struct trie *t)
{
	if (!t)
		return;
	free(t->tab), free(t->term), free(t->pats), free(t->l1), free(t->l1_of);
	memset(t, 0, sizeof *t);
}

static int new_node(struct trie *t, uint32_t *out)
{
	if (t->nodes == t->capnodes) {
		size_t c = t->capnodes * 2;
		uint32_t *v = realloc(t->term, c * sizeof *v);
		if (!v)
			return -1;
		t->term = v;
		uint32_t *w = realloc(t->l1_of, c * sizeof *w);
		if (!w)
			return -1;
		t->l1_of = w, t->capnodes = c;
	}
	if (t->nodes >= (1u << 24) - 1)
		return -1; /* node << 8 must fit 32 bits */
	t->term[t->nodes] = UINT32_MAX;
	t->l1_of[t->nodes] = 0;
	*out = (uint32_t)t->nodes++;
	return 0;
}

static int tab_init(struct trie *t, int bits)
{
	struct trie_edge *old = t->tab;
	size_t ocap = old ? (size_t)t->mask + 1 : 0;
	if (!(t->tab = calloc((size_t)1 << bits, sizeof *t->tab))) {
		t->tab = old;
		return -1;
	}
	t->mask = (uint32_t)(((size_t)1 << bits) - 1);
	t->shift = 64 - bits;
	for (size_t i = 0; i < ocap; i++) {
		if (!old[i].key)
			continue;
		uint32_t j = (uint32_t)((old[i].key * 0x9E3779B97F4A7C15ULL) >> t->shift);
		while (t->tab[j].key)
			j = (j + 1) & t->mask;
		t->tab[j] = old[i];
	}
	free(old);
	return 0;
}

static int add_edge(struct trie *t, uint32_t node, unsigned char b, uint32_t *child)
{
	if (node == 0) {
		if (!t->root[b]) {
			if (new_node(t, &t->root[b]))
				return -1;
			/* a dense row for the new root child */
			uint32_t *l1 = realloc(t->l1, (t->nl1 + 1) * 256 * sizeof *l1);
			if (!l1)
				return -1;
			t->l1 = l1;
			memset(l1 + t->nl1 * 256, 0, 256 * sizeof *l1);
			t->l1_of[t->root[b]] = (uint32_t)++t->nl1;
		}
		*child = t->root[b];
		return 0;
	}
	if (t->l1_of[node]) {
		uint32_t *slot = &t->l1[(size_t)(t->l1_of[node] - 1) * 256 + b];
		if (!*slot && new_node(t, slot))
			return -1;
		*child = *slot;
		return 0;
	}
	uint32_t key = node << 8 | b;
	uint32_t i = (uint32_t)((key * 0x9E3779B97F4A7C15ULL) >> t->shift);
	for (;; i = (i + 1) & t->mask) {
		if (t->tab[i].key == key) {
			*child = t->tab[i].child;
			return 0;
		}
		if (t->tab[i].key == 0)
			break;
	}
	if (new_node(t, child))
		return -1;
	if ((t->used + 1) * 3 > ((size_t)t->mask + 1) * 2) { /* keep the load under 2/3 */
		if (tab_init(t, 64 - t->shift + 1))
			return -1;
		i = (uint32_t)((key * 0x9E3779B97F4A7C15ULL) >> t->shift);
		while (t->tab[i].key)
			i = (i + 1) & t->mask;
	}
	t->tab[i].key = key;
	t->tab[i].child = *child;
	t->used++;
	return 0;
}

static int add_pattern(struct trie *t, const char *key, size_t n, uint32_t ent, uint32_t alias)
{
	uint32_t node = 0;
	for (size_t j = 0; j < n; j++)
		if (add_edge(t, node, (unsigned char)key[j], &node))
			return -1;
	if (n >= 3) {
		int a = trie_c36((unsigned char)key[0]), b = trie_c36((unsigned char)key[1]),
		    c = trie_c36((unsigned char)key[2]);
		if (a >= 0 && b >= 0 && c >= 0) {
			unsigned k = (unsigned)(a * 1296 + b * 36 + c);
			t->tri[k >> 6] |= (uint64_t)1 << (k & 63);
		}
	}
	if (n == 1) {
		t->single[(unsigned char)key[0]] = 1;
	} else {
		unsigned k = (unsigned)(unsigned char)key[0] << 8 | (unsigned char)key[1];
		t->pair[k >> 6] |= (uint64_t)1 << (k & 63);
	}
	if (t->npats == t->cappats) {
		size_t c = t->cappats ? t->cappats * 2 : 1024;
		struct pattern *p = realloc(t->pats, c * sizeof *p);
		if (!p)
			return -1;
		t->pats = p, t->cappats = c;
	}
	/* append to the node's list, keeping dictionary order */
	uint32_t pi = (uint32_t)t->npats++;
	t->pats[pi] = (struct pattern){ent, alias, UINT32_MAX};
	uint32_t *link = &t->term[node];
	while (*link != UINT32_MAX)
		link = &t->pats[*link].next;
	*link = pi;
	return 0;
}

int trie_build(struct trie *t, const struct dict *d)
{
	memset(t, 0, sizeof *t);
	struct buf b = BUF_INIT;
	size_t total = 0;
	for (size_t i = 0; i < dict_size(d); i++) {
		const struct dict_entity *x = dict_get(d, i);
		for (size_t k = 0; k < x->naliases; k++)
			total += strlen(x->aliases[k]);
	}
	/* Every edge below the first two levels is one table slot: size for
	 * a load of about 1/2, grown when needed. */
	int bits = 10;
	while (((size_t)1 << bits) < total * 2)
		bits++;
	t->capnodes = total + 16;
	if (tab_init(t, bits) || !(t->term = malloc(t->capnodes * 4)) || !(t->l1_of = malloc(t->capnodes * 4)))
		goto fail;
	uint32_t root;
	if (new_node(t, &root))
		goto fail;
	for (size_t i = 0; i < dict_size(d); i++) {
		const struct dict_entity *x = dict_get(d, i);
		for (size_t k = 0; k < x->naliases; k++) {
			buf_reset(&b);
			if (dict_norm(x->aliases[k], &b))
				goto fail;
			if (b.len == 0)
				continue;
			/* "APT28" also as "APT 28" / "APT-28": a separator where two
			 * letters or more meet digits (the second form, after a NUL) */
			size_t l1 = b.len;
			if (buf_putc(&b, '\0'))
				goto fail;
			for (size_t j = 0; j < l1; j++) {
				unsigned char c = (unsigned char)b.data[j];
				if (j > 1 && c >= '0' && c <= '9' && b.data[j - 1] >= 'a' && b.data[j - 1] <= 'z' &&
				    b.data[j - 2] >= 'a' && b.data[j - 2] <= 'z' &&
				    buf_putc(&b, ' '))
					goto fail;
				if (buf_putc(&b, c))
					goto fail;
			}
			if (add_pattern(t, b.data, l1, (uint32_t)i, (uint32_t)k) ||
			    (b.len - l1 - 1 != l1 && add_pattern(t, b.data + l1 + 1, b.len - l1 - 1, (uint32_t)i, (uint32_t)k)))
				goto fail;
		}
	}
	buf_free(&b);
	return 0;
fail:
	buf_free(&b);
	trie_free(t);
	return -1;
}
