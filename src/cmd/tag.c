/* tag.c: `secnews tag`, `dict`, `retag` (placeholder until issue 4 lands). */
#include "cmd/cli.h"

int cmd_tag(struct cli *c, int argc, char **argv)
{
	cli_error("tag: not implemented yet");
	return EXIT_FAIL;
}

int cmd_dict(struct cli *c, int argc, char **argv)
{
	cli_error("dict: not implemented yet");
	return EXIT_FAIL;
}

int cmd_retag(struct cli *c, int argc, char **argv)
{
	cli_error("retag: not implemented yet");
	return EXIT_FAIL;
}
