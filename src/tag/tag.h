/* tag.h: the tagger's whole interface: dictionaries of named entities
 * (threat actors, vendors, products), the matcher built over every alias,
 * and the identifiers found by pattern (CVE ids, ATT&CK ids, indicators).
 *
 * No network, no database: a dictionary is loaded from text (the bundled
 * data/ files, or lines the store kept from `dict import`), a tagger is
 * built over it once, and tagging takes bytes and fills a mention list.
 *
 * Ownership: struct dict and struct tagger are opaque handles with
 * new/free pairs (free(NULL) is harmless). A tagger borrows its dict:
 * the dict must outlive it. Mentions own their strings; mention_list_free()
 * releases them. Pointers into a dict (dict_get, dict_lookup) stay valid
 * until the dict is changed or freed. */
#ifndef SECNEWS_TAG_H
#define SECNEWS_TAG_H
#include <stddef.h>

#include "extract/article.h"
#include "util/buf.h"
#include "util/err.h"

/* What a mention or an entity is. The names are the ones the command line,
 * the JSON output and the database use. */
enum kind {
	KIND_ACTOR,     /* "actor"   threat group */
	KIND_VENDOR,    /* "vendor"  company or project */
	KIND_PRODUCT,   /* "product" product or malware family */
	KIND_CVE,       /* "cve"     CVE-2021-26855 */
	KIND_GHSA,      /* "ghsa"    GHSA-xxxx-xxxx-xxxx */
	KIND_TECHNIQUE, /* "technique" ATT&CK T1190, T1059.001 */
	KIND_IPV4,      /* "ipv4" */
	KIND_IPV6,      /* "ipv6" */
	KIND_DOMAIN,    /* "domain" */
	KIND_URL,       /* "url" */
	KIND_EMAIL,     /* "email" */
	KIND_MD5,       /* "md5" */
	KIND_SHA1,      /* "sha1" */
	KIND_SHA256,    /* "sha256" */
	KIND__COUNT
};

/* "actor" etc.; NULL for an out-of-range kind. */
const char *kind_name(int kind);
/* The kind named S, or -1. */
int kind_parse(const char *s);

enum field { FIELD_TITLE, FIELD_BODY, FIELD_TEXT };
/* "title", "body", "text". */
const char *field_name(int field);

/* One mention of an entity in a text. */
struct mention {
	int kind;
	char *name;   /* canonical name (or normalised identifier: "CVE-2021-26855") */
	char *vendor; /* for products: the vendor's canonical name; else NULL */
	char *text;   /* the text as written */
	int field;    /* enum field */
	size_t offset, length; /* bytes within that field */
};

struct mention_list {
	struct mention *v;
	size_t n, cap;
};

/* Append a mention (strings copied; VENDOR may be NULL). 0 or -1. */
int mention_list_add(struct mention_list *l, int kind, const char *name, const char *vendor,
		     const char *text, size_t textlen, int field, size_t offset, size_t length);
/* Free every mention and the array; the list is left empty. */
void mention_list_free(struct mention_list *l);

/* A dictionary entry, as read back from a dict. */
struct dict_entity {
	int kind;              /* KIND_ACTOR, KIND_VENDOR or KIND_PRODUCT */
	const char *name;      /* canonical name */
	const char *vendor;    /* products: vendor's canonical name, else NULL */
	const char *country;   /* actors: ISO 3166-1 alpha-2, else NULL */
	const char *ids;       /* external ids, space-separated ("G0125 cpe:microsoft:exchange_server"), or NULL */
	const char *const *aliases; /* every name it is known by, the canonical one first */
	size_t naliases;
};

struct dict;

struct dict *dict_new(void);
void dict_free(struct dict *d);

/* Add the entries of a dictionary text (the data/ format, see data/README.md)
 * to D, merging with existing entries that share an external id or an
 * alias of the same kind. ORIGIN names the text in messages ("data/actors.tsv").
 * 0, or -1 with "ORIGIN:LINE: what is wrong" in E. */
int dict_load(struct dict *d, const char *text, size_t n, const char *origin, struct err *e);

/* Load every dictionary bundled in the binary. 0 or -1. */
int dict_load_bundled(struct dict *d, struct err *e);

size_t dict_size(const struct dict *d);
const struct dict_entity *dict_get(const struct dict *d, size_t i);

/* The entity of kind KIND (-1: any kind, actors first) that has NAME as its
 * canonical name or alias, compared as dict_norm does; NULL if none. */
const struct dict_entity *dict_lookup(const struct dict *d, int kind, const char *name);

/* A digest of everything loaded (changes whenever the content does), for the
 * store to know when its entity tables are stale. */
unsigned long long dict_fingerprint(const struct dict *d);

/* Append to OUT the report `dict check` prints: every alias shared by
 * several entities and how it is resolved in an article. *NSHARED gets the
 * number of shared aliases, *NCOMMON the number of common-word aliases
 * (those that need support, data/README.md). 0 or -1. */
int dict_check_report(const struct dict *d, struct buf *out, size_t *nshared, size_t *ncommon);

/* Append to OUT the form of NAME used to compare names: lowercase, hyphens,
 * underscores and runs of spaces folded to one space. 0 or -1. */
int dict_norm(const char *name, struct buf *out);

struct tagger;

/* Build a tagger over every alias of D. NULL with a message in E on failure. */
struct tagger *tagger_new(const struct dict *d, struct err *e);
void tagger_free(struct tagger *t);

/* Tag N bytes of TEXT as they are (no article context), appending mentions
 * with field FIELD to OUT in order of offset. 0 or -1 (out of memory). */
int tagger_tag_text(const struct tagger *t, const char *text, size_t n, int field,
		    struct mention_list *out);

/* Tag an article's title and body, applying the rules that need the whole
 * article (a common-word alias needs its vendor named, shared aliases are
 * resolved by the other names). 0 or -1. */
int tagger_tag_article(const struct tagger *t, const struct article *a, struct mention_list *out);

#endif
