/* extract.c: `secnews extract` (placeholder until issue 3 lands). */
#include "cmd/cli.h"

int cmd_extract(struct cli *c, int argc, char **argv)
{
	cli_error("extract: not implemented yet");
	return EXIT_FAIL;
}
