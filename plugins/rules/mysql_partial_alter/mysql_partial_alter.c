/*
 * mysql_partial_alter.c — MRT016 mysql-partial-alter (MySQL/MariaDB): alter_column does not restate the column.
 *
 * On MySQL, Alembic's alter_column emits `ALTER TABLE ... MODIFY` (or CHANGE for a rename), which redefines the
 * whole column from what the call says. What it does not say is reset: without existing_nullable a NOT NULL column
 * becomes NULL-able, without existing_server_default its default disappears, and without existing_type (when type_ is
 * not given either) Alembic cannot build the statement at all. Fires on op.alter_column and batch_op.alter_column, in
 * upgrade() and downgrade() (also in helpers and under conditions), naming what is missing. An argument is needed
 * only when the call does not set the attribute itself (type_, nullable, server_default).
 *
 * Not on tables created in the same revision (upgrade() creates them, or downgrade() creates them before the call).
 */
#include <stdio.h>
#include <string.h>

#include "mrt_sdk.h"
#include "../common/mrt_rulekit.h"

static const char *mpa_hint = "restate the column in full: pass existing_type=, existing_nullable= and "
                              "existing_server_default= (and existing_autoincrement=True for an AUTO_INCREMENT "
                              "column), as autogenerate writes them";

static int mpa_check_op(void *state, mrt_ctx *ctx, const mrt_migration *m, const mrt_func *fn, size_t idx)
{
	const struct mrk_state *s = state;
	const mrt_host_api *api = s->api;
	const mrt_op *o = api->func_op(fn, idx);
	const char *name = api->op_name(o);
	if (!name || strcmp(name, "alter_column") != 0)
		return MRT_OK;
	bool batch = (api->op_flags(o) & MRT_OP_BATCH) != 0;
	const char *table = api->op_table(o);
	if (mrk_new_table(api, m, fn, idx, table))
		return MRT_OK;
	const char *missing[3];
	const char *lost[3];
	size_t n = 0;
	if (!api->op_arg(o, "existing_type", -1) && !api->op_arg(o, "type_", -1)) {
		missing[n] = "existing_type";
		lost[n++] = "the type";
	}
	if (!api->op_arg(o, "existing_nullable", -1) && !api->op_arg(o, "nullable", -1)) {
		missing[n] = "existing_nullable";
		lost[n++] = "NOT NULL";
	}
	if (!api->op_arg(o, "existing_server_default", -1) && !api->op_arg(o, "server_default", -1)) {
		missing[n] = "existing_server_default";
		lost[n++] = "the default";
	}
	if (!n)
		return MRT_OK;
	char what[128] = "", cons[256] = "";
	size_t wu = 0, cu = 0;
	for (size_t i = 0; i < n; i++) {
		const char *sep = i == 0 ? "" : (i + 1 == n ? " and " : ", ");
		int w = snprintf(what + wu, sizeof(what) - wu, "%s%s", sep, missing[i]);
		if (w > 0 && (size_t)w < sizeof(what) - wu)
			wu += (size_t)w;
		w = snprintf(cons + cu, sizeof(cons) - cu, "%s%s", i ? ", " : "", lost[i]);
		if (w > 0 && (size_t)w < sizeof(cons) - cu)
			cu += (size_t)w;
	}
	const char *column = mrk_str_arg(api, o, "column_name", batch ? 0 : 1);
	char notes[200];
	mrk_notes(api, o, notes, sizeof(notes));
	return api->report(ctx, MRT_SEV_DEFAULT, api->op_line(o), api->op_col(o), mpa_hint,
	                   "%s on '%s.%s' without %s%s: MySQL's MODIFY redefines the whole column, so what is not "
	                   "restated (%s) is silently lost",
	                   batch ? "batch_op.alter_column()" : "op.alter_column()", table ? table : "?",
	                   column ? column : "?", what, notes, cons);
}

static int mpa_check(void *state, mrt_ctx *ctx, const mrt_migration *m)
{
	const struct mrk_state *s = state;
	/* upgrade() and downgrade() ops; helper ops are expanded at their call sites */
	return mrk_walk_at(s->api, state, ctx, m, true, mpa_check_op);
}

static const mrt_option_spec mpa_options[] = {
	{0},
};

MRT_PLUGIN_DEFINE(.kind = MRT_KIND_RULE, .name = "mysql-partial-alter", .version = "1.0.0",
                  .description = "alter_column without existing_type/existing_nullable/existing_server_default on "
                                 "MySQL: MODIFY resets what is not restated",
                  .init = mrk_init, .check_migration = mpa_check, .fini = mrk_fini, .options = mpa_options)
