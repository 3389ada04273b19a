/*
 * set_not_null.c — MRT021 set-not-null: an existing column becomes NOT NULL in upgrade().
 *
 * Fires on op.alter_column(t, c, nullable=False), batch_op.alter_column(c, nullable=False) and
 * `ALTER TABLE t ALTER COLUMN c SET NOT NULL` in execute() or through a bind, also in helpers and under conditions.
 * PostgreSQL scans the whole table under an ACCESS EXCLUSIVE lock to prove there is no NULL, the statement fails on
 * the first NULL, and the application version still running keeps inserting rows without the column.
 *
 * Not reported: a table created earlier in the same upgrade(), a column added earlier in the same function,
 * `existing_nullable=False` (already NOT NULL: nothing changes), downgrade() (MRT008 downgrade-retightens), and the
 * PostgreSQL 12+ recipe: when the same function first runs `ALTER TABLE t VALIDATE CONSTRAINT x` on the same table
 * for a constraint whose name contains the column's name (the CHECK (c IS NOT NULL) added NOT VALID by an earlier
 * revision), SET NOT NULL uses the validated check and does not scan.
 */
#include <stdio.h>
#include <string.h>

#include "../safety_common/sf_common.h"

static const char *snn_hint = "add CHECK (col IS NOT NULL) NOT VALID in one revision, VALIDATE CONSTRAINT it (the "
                              "name containing the column) before SET NOT NULL in a later one, then drop the check; "
                              "backfill NULLs first";

/* Whether f validates, before op o, a constraint of `table` whose name contains `column`. */
static bool snn_validated_before(const mrt_host_api *api, const mrt_func *f, const mrt_op *before, const char *table,
                                 const char *column)
{
	size_t n = api->func_op_count(f);
	for (size_t i = 0; i < n; i++) {
		const mrt_op *o = api->func_op(f, i);
		size_t ns = api->op_sql_count(o);
		for (size_t k = 0; k < ns; k++) {
			const mrt_sql *q = api->op_sql(o, k);
			if (o == before && api->sql_action(q) == MRT_SQL_A_SET_NOT_NULL)
				return false;
			if (api->sql_verb(q) == MRT_SQL_V_ALTER && api->sql_action(q) == MRT_SQL_A_VALIDATE_CONSTRAINT &&
			    sf_same(api->sql_table(q), table) && sf_icontains(api->sql_name(q), column))
				return true;
		}
		if (o == before)
			break;
	}
	return false;
}

static int snn_report(const struct sf_state *s, mrt_ctx *ctx, const mrt_op *o, unsigned line, const char *how,
                      const char *table, const char *column)
{
	const mrt_host_api *api = s->api;
	char notes[200];
	sf_notes(api, o, notes, sizeof(notes));
	return api->report(ctx, MRT_SEV_DEFAULT, line, api->op_col(o), snn_hint,
	                   "%s makes existing column '%s.%s' NOT NULL%s: the whole table is scanned under an exclusive "
	                   "lock, it fails on any NULL, and the running application may still insert NULLs",
	                   how, table ? table : "<dynamic>", column ? column : "<dynamic>", notes);
}

static int snn_op(void *state, mrt_ctx *ctx, const mrt_migration *m, const mrt_func *f, const mrt_op *o)
{
	const struct sf_state *s = state;
	const mrt_host_api *api = s->api;
	const char *name = api->op_name(o);
	if (!name)
		return MRT_OK;
	if (!strcmp(name, "alter_column")) {
		if (!sf_false(api, api->op_arg(o, "nullable", -1)) || sf_false(api, api->op_arg(o, "existing_nullable", -1)))
			return MRT_OK;
		const char *table = sf_op_table(api, o, "table_name", 0);
		const char *column = sf_str(api, sf_arg(api, o, "column_name", 1));
		if (!sf_existing(api, m, f, table, o) || sf_column_added_before(api, f, o, table, column) ||
		    snn_validated_before(api, f, o, table, column))
			return MRT_OK;
		char how[64];
		return snn_report(s, ctx, o, api->op_line(o), sf_how(api, o, how, sizeof(how)), table, column);
	}
	size_t ns = api->op_sql_count(o);
	for (size_t k = 0; k < ns; k++) {
		const mrt_sql *q = api->op_sql(o, k);
		if (api->sql_verb(q) != MRT_SQL_V_ALTER || api->sql_action(q) != MRT_SQL_A_SET_NOT_NULL)
			continue;
		const char *table = api->sql_table(q), *column = api->sql_column(q);
		if (!sf_existing(api, m, f, table, o) || sf_column_added_before_stmt(api, f, o, k, table, column) ||
		    snn_validated_before(api, f, o, table, column))
			continue;
		int rc = snn_report(s, ctx, o, sf_sql_line(api, o, q), "ALTER COLUMN ... SET NOT NULL", table,
		                    column);
		if (rc != MRT_OK)
			return rc;
	}
	return MRT_OK;
}

static int snn_check(void *state, mrt_ctx *ctx, const mrt_migration *m)
{
	const struct sf_state *s = state;
	return sf_walk(s->api, state, ctx, m, false, snn_op);
}

static const mrt_option_spec snn_options[] = {
	{0},
};

MRT_PLUGIN_DEFINE(.kind = MRT_KIND_RULE, .name = "set-not-null", .version = "1.0.0",
                  .description = "an existing column becomes NOT NULL: a full scan under an exclusive lock",
                  .init = sf_init, .check_migration = snn_check, .fini = sf_fini, .options = snn_options)
