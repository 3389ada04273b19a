/* fixture_segv.c — crashes (SIGSEGV) inside check_migration: the core cannot survive it, a forked test can. */
#include <signal.h>
#include "fixture_common.h"

static int segv_check(void *state, mrt_ctx *ctx, const mrt_migration *m)
{
	(void)state;
	(void)ctx;
	(void)m;
	raise(SIGSEGV); /* what a NULL dereference does, without undefined behaviour the compiler could remove */
	return MRT_OK;
}

MRT_PLUGIN_DEFINE(.kind = MRT_KIND_RULE, .name = "fixture-segv", .version = "1.0.0", .init = fixture_init,
                  .check_migration = segv_check)
