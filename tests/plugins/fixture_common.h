/* fixture_common.h — shared bits of the loader's test fixtures (deliberately broken plugins). Not part of the SDK. */
#ifndef MRT_FIXTURE_COMMON_H
#define MRT_FIXTURE_COMMON_H

#include "mrt_sdk.h"

/* A do-nothing init: stores the host table as the state (nothing to free). */
__attribute__((unused)) static int fixture_init(const mrt_host_api *api, const mrt_options *opts, void **state, mrt_diag *diag)
{
	(void)opts;
	(void)diag;
	*state = (void *)(uintptr_t)api;
	return MRT_OK;
}

/* A do-nothing check. */
__attribute__((unused)) static int fixture_check(void *state, mrt_ctx *ctx, const mrt_migration *m)
{
	(void)state;
	(void)ctx;
	(void)m;
	return MRT_OK;
}

#endif
