/* import.h: convert threat-intel files into dictionary lines (the data/
 * format, data/README.md) for `secnews dict import`: MISP galaxy cluster
 * files (threat-actor, microsoft-activity-group, mitre-intrusion-set,
 * ransomware, mitre-malware, mitre-tool, tool), MITRE ATT&CK intrusion-set
 * objects (one STIX object or a bundle) and the CISA KEV catalogue (JSON or
 * CSV). Revoked and deprecated entries are skipped. No database: the caller
 * stores the lines (store_dict_add) and dict_load merges them.
 *
 * Ownership: lines are appended to the caller's buffer. */
#ifndef SECNEWS_TAG_IMPORT_H
#define SECNEWS_TAG_IMPORT_H
#include <stddef.h>

#include "util/buf.h"
#include "util/err.h"

/* Convert the N bytes at DATA (from file ORIGIN, for messages) and append
 * one line per entry to OUT; *COUNT gets the number of lines, *FORMAT a
 * static name of the format recognised ("MISP galaxy threat-actor", ...).
 * 0, or -1 with a message in E (unknown format, malformed JSON or CSV). */
int dict_import_convert(const char *data, size_t n, const char *origin, struct buf *out, size_t *count,
			const char **format, struct err *e);

#endif
