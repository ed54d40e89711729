/* query.c: the views (actor, vendor, product, cve), search, show, stats. */
#include "cmd/cli.h"

#define STUB(name)                                                   \
	int cmd_##name(struct cli *c, int argc, char **argv)         \
	{                                                            \
		cli_error(#name ": not implemented yet");            \
		return EXIT_FAIL;                                    \
	}
STUB(actor)
STUB(vendor)
STUB(product)
STUB(cve)
STUB(search)
STUB(show)
STUB(stats)
STUB(export)
