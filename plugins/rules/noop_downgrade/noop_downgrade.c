/*
 * noop_downgrade.c — MRT002 noop-downgrade: downgrade() (or downgrade_<name>()) is only pass / ... / a docstring
 * while its upgrade does work.
 *
 * Such a rollback "succeeds": Alembic stamps the previous revision and leaves the new schema in place, so the
 * database silently drifts from what the revision table claims. Not a no-op:
 *   - an upgrade that does nothing either (nothing to undo);
 *   - an upgrade that only raises;
 *   - an empty merge revision (several down_revisions, no operations in upgrade): merges have nothing to undo;
 *   - a downgrade that raises (MRT003 covers that) or is missing (MRT001).
 */
#include <stdio.h>
#include <string.h>

#include "mrt_sdk.h"
#include "../common/mrt_rulekit.h"

/*
 * Whether upgrade f changes the schema: an op other than execute()/bulk_insert, or DDL (CREATE/ALTER/DROP/RENAME)
 * or SQL that cannot be read in its execute() calls. False for an upgrade that only reads or writes rows: the
 * message then says so instead of "leaves the new schema in place".
 */
static bool nd_changes_schema(const mrt_host_api *api, const mrt_func *f)
{
	size_t nops = api->func_op_count(f);
	for (size_t i = 0; i < nops; i++) {
		const mrt_op *o = api->func_op(f, i);
		const char *name = api->op_name(o);
		uint32_t flags = api->op_flags(o);
		if (flags & MRT_OP_SQL_OPAQUE)
			return true; /* cannot tell: keep the general wording */
		if (flags & MRT_OP_SQL_EXPR)
			continue; /* t.update(), sa.insert(t), ...: rows */
		if (name && !strcmp(name, "bulk_insert"))
			continue;
		size_t nsql = api->op_sql_count(o);
		if (!nsql && !(name && (!strcmp(name, "execute") || !strcmp(name, "exec_driver_sql"))))
			return true; /* add_column, create_table, ... */
		for (size_t k = 0; k < nsql; k++) {
			enum mrt_sql_verb v = api->sql_verb(api->op_sql(o, k));
			if (v == MRT_SQL_V_CREATE || v == MRT_SQL_V_ALTER || v == MRT_SQL_V_DROP || v == MRT_SQL_V_RENAME ||
			    v == MRT_SQL_V_OTHER)
				return true;
		}
	}
	return false;
}

static int nd_check(void *state, mrt_ctx *ctx, const mrt_migration *m)
{
	const struct mrk_state *s = state;
	const mrt_host_api *api = s->api;
	bool merge = api->migration_down_revision_count(m) > 1;
	size_t n = api->migration_func_count(m);
	for (size_t i = 0; i < n; i++) {
		const mrt_func *up = api->migration_func(m, i);
		const char *name = api->func_name(up);
		if (api->func_role(up) != MRT_FN_UPGRADE || !name || strncmp(name, "upgrade", 7) != 0)
			continue;
		char want[256];
		int w = snprintf(want, sizeof(want), "downgrade%s", name + 7);
		if (w < 0 || (size_t)w >= sizeof(want))
			continue;
		const mrt_func *down = api->migration_func_by_name(m, want);
		if (!down || api->func_body(down) != MRT_BODY_EMPTY)
			continue;
		if (api->func_body(up) != MRT_BODY_NORMAL)
			continue; /* upgrade does nothing or only raises */
		size_t nops = api->func_op_count(up);
		if (nops == 0 && merge)
			continue; /* an empty merge revision */
		int rc;
		const char *hint = "write the operations that undo the upgrade, or raise NotImplementedError(\"why\") so the "
		                   "rollback fails loudly instead of stamping the old revision";
		if (nops && !nd_changes_schema(api, up))
			rc = api->report(ctx, MRT_SEV_DEFAULT, api->func_line(down), 1, hint,
			                 "%s() does nothing while %s() changes data (%zu statement%s): rollback stamps the old "
			                 "revision and keeps the changed rows",
			                 want, name, nops, nops == 1 ? "" : "s");
		else if (nops)
			rc = api->report(ctx, MRT_SEV_DEFAULT, api->func_line(down), 1, hint,
			                 "%s() does nothing while %s() makes %zu change%s: rollback stamps the old revision and "
			                 "leaves the new schema in place",
			                 want, name, nops, nops == 1 ? "" : "s");
		else
			rc = api->report(ctx, MRT_SEV_DEFAULT, api->func_line(down), 1, hint,
			                 "%s() does nothing while %s() has code: rollback stamps the old revision and leaves "
			                 "whatever the upgrade did in place",
			                 want, name);
		if (rc)
			return rc;
	}
	return MRT_OK;
}

static const mrt_option_spec nd_options[] = {{0}};

MRT_PLUGIN_DEFINE(.kind = MRT_KIND_RULE, .name = "noop-downgrade", .version = "1.0.0",
                  .description = "downgrade() does nothing while upgrade() changes the schema", .init = mrk_init,
                  .check_migration = nd_check, .fini = mrk_fini, .options = nd_options)
