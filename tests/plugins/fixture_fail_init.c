/* fixture_fail_init.c — init fails with a diagnostic (after allocating and freeing its state, as required). */
#include <stdio.h>
#include "mrt_sdk.h"

static int fail_init(const mrt_host_api *api, const mrt_options *opts, void **state, mrt_diag *diag)
{
	void *scratch = api->alloc(64);
	api->free(scratch);
	*state = NULL;
	diag->code = MRT_ECONFIG;
	snprintf(diag->message, sizeof(diag->message), "option 'table' of %s names no table",
	         api->opt_instance_id(opts));
	snprintf(diag->hint, sizeof(diag->hint), "set options.table in the rule's YAML file");
	return MRT_ECONFIG;
}

static int fail_check(void *state, mrt_ctx *ctx, const mrt_migration *m)
{
	(void)state;
	(void)ctx;
	(void)m;
	return MRT_OK;
}

MRT_PLUGIN_DEFINE(.kind = MRT_KIND_RULE, .name = "fixture-fail-init", .version = "1.0.0", .init = fail_init,
                  .check_migration = fail_check)
