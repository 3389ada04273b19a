/*
 * rename.c — MRT022 rename: a column or a table is renamed, in upgrade() or downgrade().
 *
 * Fires on op.alter_column(t, c, new_column_name=...), batch_op.alter_column(c, new_column_name=...),
 * op.rename_table(old, new), and in execute() SQL or through a bind on `ALTER TABLE t RENAME COLUMN a TO b`,
 * `ALTER TABLE t RENAME TO u` and MySQL `RENAME TABLE t TO u`; also in helpers and under conditions. A rename is
 * instantaneous for the database but not for the application: the version still running during the deploy (and the
 * one a code-only rollback brings back) queries the old name and fails.
 *
 * Not reported: tables created earlier in the same upgrade() (or, for downgrade(), created by upgrade()), columns
 * added earlier in the same function, renames of indexes, constraints, sequences or types, and alter_column calls
 * whose new_column_name is None or equals the old name.
 */
#include <stdio.h>
#include <string.h>

#include "../safety_common/sf_common.h"

static const char *ren_hint = "expand/contract: add the new column (or a view / updatable view for a table), write "
                              "both, backfill, switch reads, and drop the old name in a later release";

static int ren_report(const struct sf_state *s, mrt_ctx *ctx, const mrt_func *f, const mrt_op *o, unsigned line,
                      const char *how, const char *what, const char *old_name, const char *new_name)
{
	const mrt_host_api *api = s->api;
	char notes[200];
	sf_notes(api, o, notes, sizeof(notes));
	const char *fn = api->func_name(f);
	return api->report(ctx, MRT_SEV_DEFAULT, line, api->op_col(o), ren_hint,
	                   "%s in %s() renames %s '%s' to '%s'%s: the application version still running (or brought back "
	                   "by a code-only rollback) uses the old name and fails",
	                   how, fn ? fn : "?", what, old_name ? old_name : "<dynamic>",
	                   new_name ? new_name : "<dynamic>", notes);
}

static int ren_op(void *state, mrt_ctx *ctx, const mrt_migration *m, const mrt_func *f, const mrt_op *o)
{
	const struct sf_state *s = state;
	const mrt_host_api *api = s->api;
	const char *name = api->op_name(o);
	if (!name)
		return MRT_OK;
	char how[64], qual[300];
	if (!strcmp(name, "alter_column")) {
		/* a dynamic new name (a helper's parameter) is still a rename; None is not */
		const mrt_value *nv = api->op_arg(o, "new_column_name", -1);
		if (!nv || api->value_kind(nv) == MRT_VAL_NONE)
			return MRT_OK;
		const char *to = sf_str(api, nv);
		const char *table = sf_op_table(api, o, "table_name", 0);
		const char *column = sf_str(api, sf_arg(api, o, "column_name", 1));
		if ((to && sf_ieq(to, column)) || !sf_existing(api, m, f, table, o) ||
		    sf_column_added_before(api, f, o, table, column))
			return MRT_OK;
		snprintf(qual, sizeof(qual), "%s.%s", table ? table : "<dynamic>", column ? column : "<dynamic>");
		return ren_report(s, ctx, f, o, api->op_line(o), sf_how(api, o, how, sizeof(how)), "column", qual, to);
	}
	if (!strcmp(name, "rename_table")) {
		const char *from = sf_op_table(api, o, "old_table_name", 0);
		const char *to = sf_str(api, api->op_arg(o, "new_table_name", 1));
		if (!sf_existing(api, m, f, from, o) || (to && sf_same(from, to)))
			return MRT_OK;
		return ren_report(s, ctx, f, o, api->op_line(o), sf_how(api, o, how, sizeof(how)), "table", from, to);
	}
	size_t ns = api->op_sql_count(o);
	for (size_t k = 0; k < ns; k++) {
		const mrt_sql *q = api->op_sql(o, k);
		enum mrt_sql_verb v = api->sql_verb(q);
		enum mrt_sql_action a = api->sql_action(q);
		const char *table = api->sql_table(q);
		int rc = MRT_OK;
		unsigned line = sf_sql_line(api, o, q);
		if (v == MRT_SQL_V_ALTER && a == MRT_SQL_A_RENAME_COLUMN) {
			const char *column = api->sql_column(q);
			if (!sf_existing(api, m, f, table, o) || sf_column_added_before_stmt(api, f, o, k, table, column))
				continue;
			snprintf(qual, sizeof(qual), "%s.%s", table ? table : "<dynamic>", column ? column : "<dynamic>");
			rc = ren_report(s, ctx, f, o, line, "ALTER TABLE ... RENAME COLUMN", "column", qual, api->sql_new_name(q));
		} else if ((v == MRT_SQL_V_ALTER || v == MRT_SQL_V_RENAME) && a == MRT_SQL_A_RENAME_TABLE) {
			if (!sf_existing(api, m, f, table, o))
				continue;
			rc = ren_report(s, ctx, f, o, line, v == MRT_SQL_V_RENAME ? "RENAME TABLE" : "ALTER TABLE ... RENAME TO",
			                "table", table, api->sql_new_name(q));
		}
		if (rc != MRT_OK)
			return rc;
	}
	return MRT_OK;
}

static int ren_check(void *state, mrt_ctx *ctx, const mrt_migration *m)
{
	const struct sf_state *s = state;
	return sf_walk(s->api, state, ctx, m, true, ren_op);
}

static const mrt_option_spec ren_options[] = {
	{0},
};

MRT_PLUGIN_DEFINE(.kind = MRT_KIND_RULE, .name = "rename", .version = "1.0.0",
                  .description = "a column or table is renamed: the running application breaks during deploy",
                  .init = sf_init, .check_migration = ren_check, .fini = sf_fini, .options = ren_options)
