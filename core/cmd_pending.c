/* cmd_pending.c — subcommands whose implementation has not landed in this build yet (removed as each lands). */
#include "cli.h"

static int pending(const char *name)
{
	cli_error("'%s' is not available in this build", name);
	return EXIT_INTERNAL;
}

int cmd_verify(int argc, char **argv) { (void)argc; (void)argv; return pending("verify"); }
