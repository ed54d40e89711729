/* ids.c: identifiers found by pattern: CVE, GHSA, ATT&CK ids, indicators. */
#include "tag/internal.h"

int ids_scan(const struct dict *d, const char *text, size_t n, int field, struct mention_list *out)
{
	(void)d, (void)text, (void)n, (void)field, (void)out;
	return 0;
}
