/* export.h: writing tagged articles as CSV (RFC 4180), JSON lines and a
 * STIX 2.1 bundle. Writers take plain records (no database) and write to a
 * FILE*; they never close it.
 *
 * Ownership: records and their strings belong to the caller; writers copy
 * nothing they keep past the call, except struct stix_writer, which owns
 * its state until stix_end() (or stix_free()) releases it. */
#ifndef SECNEWS_EXPORT_H
#define SECNEWS_EXPORT_H
#include <stdint.h>
#include <stdio.h>

#include "util/buf.h"

/* A list of names (several values of one kind), e.g. the actors an article
 * names. */
struct namelist {
	const char *const *v;
	size_t n;
};

/* A tagged entity as the STIX writer needs it. */
struct export_entity {
	const char *kind;      /* "actor", "vendor", "product", "cve", ... */
	const char *name;      /* canonical name */
	const char *vendor;    /* products: vendor's name, else NULL */
	const char *country;   /* actors, else NULL */
	const char *ids;       /* space-separated external ids ("G0125"), else NULL */
	struct namelist aliases;
};

/* One article with its tags. Any string may be NULL (written empty). */
struct export_record {
	int64_t id;
	const char *published, *site, *title, *url, *author, *lang, *description;
	const char *ingested;       /* when it was stored (YYYY-MM-DDTHH:MM:SSZ) */
	const char *body;           /* JSON lines only; may be NULL */
	struct namelist actors, vendors, products, cves;
	const struct export_entity *entities; /* every entity named, for STIX */
	size_t nentities;
};

/* CSV: header "id,published,ingested,site,title,url,actors,vendors,products,cves",
 * then one row per record; several values joined by "; "; quoted per RFC
 * 4180 (CRLF line ends); a cell that a spreadsheet would run as a formula
 * (first char = + - @ TAB CR) is prefixed with a single quote (OWASP);
 * control characters other than TAB, CR and LF are dropped.
 * 0, or -1 on a write error. */
int csv_write_header(FILE *f);
int csv_write_record(FILE *f, const struct export_record *r);
/* Append one CSV cell (quoted when needed, formula-neutralised) to OUT. */
int csv_cell(struct buf *out, const char *s);

/* JSON lines: one object per record, on one line ending in LF:
 * {"id":1,"published":..,"site":..,"title":..,"url":..,"author":..,"lang":..,
 *  "description":..,"actors":[..],"vendors":[..],"products":[..],"cves":[..],"body":..}
 * A NULL string is null; invalid UTF-8 is replaced by U+FFFD. 0 or -1. */
int json_write_record(FILE *f, const struct export_record *r);
/* Append S as a JSON string literal (with quotes, escaped) to OUT; NULL
 * gives null. (Not named json_string: jansson, which is linked, owns that.) */
int export_json_string(struct buf *out, const char *s);

/* Atom 1.0 (RFC 4287), for `watch run --format atom`: a feed a reader can
 * subscribe to. atom_feed_begin appends the <feed> head (TITLE; its id a
 * UUIDv5 of ID_SEED, so the same watch keeps the same feed id; UPDATED,
 * RFC 3339 UTC; author "secnews"); atom_entry appends one <entry> per
 * record: id urn:uuid from the URL, title, link rel=alternate, updated =
 * ingested, published when known, summary (the description, else SUMMARY),
 * a category per tag (term = name, scheme = the kind's URN, label = kind);
 * atom_feed_end closes it. Text is XML-escaped; characters XML forbids are
 * dropped. 0, or -1 when OUT hit its cap. */
int atom_feed_begin(struct buf *out, const char *title, const char *id_seed, const char *updated);
int atom_entry(struct buf *out, const struct export_record *r, const char *summary);
int atom_feed_end(struct buf *out);

/* STIX 2.1: one bundle; a report per article, an intrusion-set per actor,
 * an identity per vendor, a software per product, a vulnerability per CVE,
 * each written once; relationships (an actor the article names "targets"
 * each vendor and CVE it names, and is "related-to" each product);
 * deterministic UUIDv5 ids and timestamps, so exporting the same records
 * again gives the same bytes. The mapping is documented in stix.c and
 * doc/export.md. Call stix_begin, stix_add for each record, stix_end to
 * write the bundle (held in memory until then, capped at 1 GiB: stix_add
 * fails past it). stix_begin gives NULL when out of memory. */
struct stix_writer;
struct stix_writer *stix_begin(FILE *f);
int stix_add(struct stix_writer *w, const struct export_record *r);
/* Write the bundle and free W. 0 or -1. */
int stix_end(struct stix_writer *w);
/* Free W without writing (on error paths). NULL is harmless. */
void stix_free(struct stix_writer *w);

#endif
