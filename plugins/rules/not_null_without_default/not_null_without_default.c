/*
 * not_null_without_default.c — MRT017 not-null-without-default: upgrade() adds a NOT NULL column without a server
 * default to an existing table.
 *
 * Fires on op.add_column / batch_op.add_column whose sa.Column(...) has nullable=False or primary_key=True and no
 * server_default (a Python-side default= does not count: the database never sees it), and on `ALTER TABLE ... ADD
 * [COLUMN] ... NOT NULL` without DEFAULT in op.execute(...) or through a bind; also in helpers and under conditions.
 * The ALTER fails on any non-empty table, and inserts of the application version still running fail too.
 *
 * Not on a table created earlier in the same upgrade(), not for columns the database fills itself (sa.Identity(),
 * sa.Computed(...), autoincrement=True), not when nullable/primary_key are not literals.
 */
#include <string.h>

#include "mrt_sdk.h"
#include "../common/mrt_rulekit.h"

static const char *nnd_hint = "add the column with a server_default (server_default=sa.text(\"0\")), or add it "
                              "nullable, backfill it, and set nullable=False in a later step";

static int nnd_report(mrt_ctx *ctx, const mrt_host_api *api, const mrt_op *o, unsigned line, const char *how,
                      const char *table, const char *column, const char *why)
{
	char notes[200];
	mrk_notes(api, o, notes, sizeof(notes));
	return api->report(ctx, MRT_SEV_DEFAULT, line, api->op_col(o), nnd_hint,
	                   "%s adds NOT NULL column '%s.%s' to an existing table without a server default%s%s: it fails "
	                   "on any non-empty table, and inserts of the application version still running fail",
	                   how, table ? table : "?", column ? column : "?", why, notes);
}

static int nnd_check_add(const struct mrk_state *s, mrt_ctx *ctx, const mrt_migration *m, const mrt_op *o)
{
	const mrt_host_api *api = s->api;
	bool batch = (api->op_flags(o) & MRT_OP_BATCH) != 0;
	const mrt_value *col = api->op_arg(o, "column", batch ? 0 : 1);
	if (!mrk_is_call(api, col, "Column"))
		return MRT_OK;
	const mrt_value *nullable = api->value_call_arg(col, "nullable", -1);
	const mrt_value *pk = api->value_call_arg(col, "primary_key", -1);
	bool pk_true = pk && api->value_kind(pk) == MRT_VAL_BOOL && api->value_bool(pk);
	bool not_null = nullable && api->value_kind(nullable) == MRT_VAL_BOOL && !api->value_bool(nullable);
	if (!not_null && !pk_true)
		return MRT_OK;
	const mrt_value *sd = api->value_call_arg(col, "server_default", -1);
	if (sd && api->value_kind(sd) != MRT_VAL_NONE)
		return MRT_OK;
	const mrt_value *ai = api->value_call_arg(col, "autoincrement", -1);
	if (ai && api->value_kind(ai) == MRT_VAL_BOOL && api->value_bool(ai))
		return MRT_OK;
	size_t n = api->value_item_count(col);
	for (size_t i = 0; i < n; i++) {
		const mrt_value *it = api->value_item(col, i);
		if (mrk_is_call(api, it, "Identity") || mrk_is_call(api, it, "Computed"))
			return MRT_OK; /* the database fills it */
	}
	const char *table = api->op_table(o);
	if (table && api->created_in_revision(m, table, o))
		return MRT_OK;
	const mrt_value *nv = api->value_call_arg(col, "name", 0);
	const char *column = mrk_lit(api, nv);
	const char *why = "";
	if (api->value_call_arg(col, "default", -1))
		why = " (default= is applied by SQLAlchemy on new inserts only, never to existing rows)";
	else if (!not_null)
		why = " (a primary key is NOT NULL)";
	return nnd_report(ctx, api, o, api->op_line(o), batch ? "batch_op.add_column()" : "op.add_column()", table,
	                  column, why);
}

static int nnd_check_op(void *state, mrt_ctx *ctx, const mrt_migration *m, const mrt_func *fn, const mrt_op *o)
{
	(void)fn;
	const struct mrk_state *s = state;
	const mrt_host_api *api = s->api;
	const char *name = api->op_name(o);
	int rc = MRT_OK;
	if (name && !strcmp(name, "add_column"))
		rc = nnd_check_add(s, ctx, m, o);
	if (rc)
		return rc;
	size_t nsql = api->op_sql_count(o);
	for (size_t k = 0; k < nsql; k++) {
		const mrt_sql *q = api->op_sql(o, k);
		uint32_t fl = api->sql_flags(q);
		if (api->sql_verb(q) != MRT_SQL_V_ALTER || api->sql_action(q) != MRT_SQL_A_ADD_COLUMN ||
		    !(fl & MRT_SQL_NOT_NULL) || (fl & MRT_SQL_HAS_DEFAULT))
			continue;
		const char *table = api->sql_table(q);
		if (table && (api->created_in_revision(m, table, o) || mrk_created_in_op(api, o, k, table)))
			continue;
		rc = nnd_report(ctx, api, o, mrk_sql_line(api, o, q), "ALTER TABLE ... ADD COLUMN",
		                table, api->sql_column(q), "");
		if (rc)
			return rc;
	}
	return MRT_OK;
}

static int nnd_check(void *state, mrt_ctx *ctx, const mrt_migration *m)
{
	const struct mrk_state *s = state;
	return mrk_walk(s->api, state, ctx, m, false, nnd_check_op);
}

static const mrt_option_spec nnd_options[] = {
	{0},
};

MRT_PLUGIN_DEFINE(.kind = MRT_KIND_RULE, .name = "not-null-without-default", .version = "1.0.0",
                  .description = "a NOT NULL column without server default is added to an existing table",
                  .init = mrk_init, .check_migration = nnd_check, .fini = mrk_fini, .options = nnd_options)
