/*
 * missing_downgrade.c — MRT001 missing-downgrade: upgrade() (or upgrade_<name>()) exists, its downgrade does not.
 *
 * Alembic calls the module's downgrade() when it steps back over the revision; without one, `alembic downgrade`
 * stops with an AttributeError in the middle of an incident. Multi-database templates pair upgrade_<engine>() with
 * downgrade_<engine>(): each pair is checked. Files with syntax errors are left to MRT000 (a broken def would look
 * missing).
 */
#include <stdio.h>
#include <string.h>

#include "mrt_sdk.h"
#include "../common/mrt_rulekit.h"

static int md_check(void *state, mrt_ctx *ctx, const mrt_migration *m)
{
	const struct mrk_state *s = state;
	const mrt_host_api *api = s->api;
	if (api->migration_error_count(m) > 0)
		return MRT_OK;
	size_t n = api->migration_func_count(m);
	for (size_t i = 0; i < n; i++) {
		const mrt_func *f = api->migration_func(m, i);
		if (api->func_role(f) != MRT_FN_UPGRADE)
			continue;
		const char *name = api->func_name(f);
		char want[256];
		if (!mrk_downgrade_name(name, want, sizeof(want)))
			continue;
		if (api->migration_func_by_name(m, want))
			continue;
		const char *rev = api->migration_revision(m);
		char hint[400];
		snprintf(hint, sizeof(hint),
		         "add `def %s():` that undoes the upgrade, or one that raises NotImplementedError(\"why\") if it "
		         "cannot be undone",
		         want);
		int rc = api->report(ctx, MRT_SEV_DEFAULT, api->func_line(f), 1, hint,
		                     "%s() has no %s(): `alembic downgrade` cannot step back past revision %s", name, want,
		                     rev ? rev : "(unknown)");
		if (rc)
			return rc;
	}
	return MRT_OK;
}

static const mrt_option_spec md_options[] = {{0}};

MRT_PLUGIN_DEFINE(.kind = MRT_KIND_RULE, .name = "missing-downgrade", .version = "1.0.0",
                  .description = "upgrade() without a downgrade(): no way back", .init = mrk_init,
                  .check_migration = md_check, .fini = mrk_fini, .options = md_options)
