/* feed.c: `secnews feed`, `fetch`, `get` (placeholder until issue 5 lands). */
#include "cmd/cli.h"

int cmd_feed(struct cli *c, int argc, char **argv)
{
	cli_error("feed: not implemented yet");
	return EXIT_FAIL;
}

int cmd_fetch(struct cli *c, int argc, char **argv)
{
	cli_error("fetch: not implemented yet");
	return EXIT_FAIL;
}

int cmd_get(struct cli *c, int argc, char **argv)
{
	cli_error("get: not implemented yet");
	return EXIT_FAIL;
}
