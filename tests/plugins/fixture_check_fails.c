/* fixture_check_fails.c — check_migration returns an error status (a failing plugin is not a finding). */
#include "fixture_common.h"

static int failing_check(void *state, mrt_ctx *ctx, const mrt_migration *m)
{
	(void)state;
	(void)ctx;
	(void)m;
	return MRT_EINTERNAL;
}

MRT_PLUGIN_DEFINE(.kind = MRT_KIND_RULE, .name = "fixture-check-fails", .version = "1.0.0", .init = fixture_init,
                  .check_migration = failing_check)
