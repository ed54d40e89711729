/* qlang.h: the search language analysts type, parsed into a small tree that
 * any engine can compile (the SQLite store compiles it to FTS5 MATCH plus
 * SQL filters; nothing here knows about SQL).
 *
 *   plain words        state-sponsored  CVE-2021-26855  7.0.3  cmd.exe
 *                      example[.]com    log4j-core      (searched as written)
 *   "a phrase"         the words in this order
 *   word*  "a phr"*    prefix
 *   -word  NOT word    exclude
 *   a OR b             either (AND is implied between terms; writing it is allowed)
 *   a NEAR b  NEAR/5   within 10 (or N) words of each other
 *   ( ... )            grouping
 *   field:value        actor: malware: tool: vendor: product: cve: ... (every
 *                      entity kind), site: lang: since: until: title:
 *                      value: a word or a "quoted phrase"
 *
 * Operators are upper case; a lower-case "or" is a word. An operator with
 * nothing on one side, and an unknown "name:" prefix, are words. Only an
 * unclosed quote, an unbalanced parenthesis, a field given a value it cannot
 * take (since:soon) and a query over the limits are errors.
 *
 * Ownership: qlang_parse() hands out a tree the caller frees with
 * qnode_free() (NULL is harmless); each node owns its strings and children. */
#ifndef SECNEWS_QLANG_H
#define SECNEWS_QLANG_H
#include <stddef.h>
#include <time.h>

#include "util/buf.h"
#include "util/err.h"

#define QLANG_MAX_BYTES 4096 /* longest query accepted */
#define QLANG_MAX_TERMS 256  /* words, phrases, prefixes and fields in one query */
#define QLANG_MAX_DEPTH 32   /* nested parentheses and NOTs */
#define QLANG_NEAR 10        /* NEAR without /N */

enum qtype {
	Q_WORD,   /* text: as typed (may hold punctuation: "CVE-2021-26855") */
	Q_PHRASE, /* text: between the quotes */
	Q_PREFIX, /* text: before the '*' ("explo" for explo*; a phrase for "web sh"*) */
	Q_FIELD,  /* field: lower-case name; text: the value; kid[0]: none */
	Q_AND,    /* every kid */
	Q_OR,     /* any kid */
	Q_NOT,    /* kid[0] must not match (in an AND: "a -b") */
	Q_NEAR    /* kids (words, phrases, prefixes) within `dist` words */
};

struct qnode {
	enum qtype type;
	char *text;
	char *field;
	int quoted; /* FIELD: the value was a "quoted phrase" */
	int dist;   /* NEAR */
	struct qnode **kid;
	size_t nkid;
};

/* Parse the query Q. 0 and *OUT set (never an empty tree); -1 with one
 * sentence in E naming the problem: "malformed query: ...", "query too long:
 * ...", "empty query: ...", or a field's bad value ("since: 'x' is not a
 * date ..."). Never fails on plain text. */
int qlang_parse(const char *q, struct qnode **out, struct err *e);

void qnode_free(struct qnode *n);

/* Append N in the language's own syntax, so that parsing the result gives
 * the same tree (fully parenthesised). 0 or -1 (buffer). */
int qlang_format(const struct qnode *n, struct buf *out);

/* The fields the language knows besides the entity kinds. A name is a field
 * when it is one of these or an entity kind (tag.h kind_parse). "source" is
 * another name for "site". Returns the canonical field name, or NULL. */
const char *qlang_field(const char *name, size_t len);

/* A date bound as typed in since:/until: or --since/--until: YYYY, YYYY-MM,
 * YYYY-MM-DD, any full date date_parse() takes, "today", "yesterday", or an
 * age "7d", "2w", "3m" (30 days), "1y" counted back from NOW. Writes the ISO
 * 8601 prefix to compare stored dates with ("2021", "2021-03",
 * "2021-03-02") into OUT. 0, or -1 when V is not one of these. */
int qlang_date(const char *v, time_t now, char out[32]);

/* 1 when the word W is letters only, or letters joined by hyphens
 * (zero-day): the words that are stemmed (zero-day finds zero-days); words
 * with digits or other punctuation (CVE ids, versions, file names) are
 * searched exactly as written. */
int qlang_plain_word(const char *w);

#endif
