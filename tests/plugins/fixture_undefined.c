/* fixture_undefined.c — references a function nobody defines; linked without -z defs, so dlopen(RTLD_NOW) fails. */
#include "fixture_common.h"

int mrt_fixture_missing_function(void);

static int undefined_check(void *state, mrt_ctx *ctx, const mrt_migration *m)
{
	(void)state;
	(void)ctx;
	(void)m;
	return mrt_fixture_missing_function();
}

MRT_PLUGIN_DEFINE(.kind = MRT_KIND_RULE, .name = "fixture-undefined", .version = "1.0.0", .init = fixture_init,
                  .check_migration = undefined_check)
