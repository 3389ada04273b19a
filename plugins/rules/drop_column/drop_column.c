/*
 * drop_column.c — MRT004 drop-column: a column of an existing table is dropped in upgrade().
 *
 * Fires on op.drop_column(...), batch_op.drop_column(...) inside batch_alter_table, and `ALTER TABLE ... DROP COLUMN`
 * in op.execute(...) or through a bind (conn.execute, op.get_bind().execute), also inside helpers called from
 * upgrade() and under conditions. The values are gone for good: the downgrade can re-add the column, never its data.
 *
 * Not when the upgrade first copied the values in SQL (an UPDATE of the same table naming the column, or an INSERT
 * ... SELECT naming the table and the column): that is the "copy the values elsewhere first" this rule asks for.
 * Not on a table that the same upgrade created earlier (create_table / CREATE TABLE before the drop), and not on
 * tables matching the `ignore_tables` option (fnmatch patterns, case-sensitive, matched against the bare table name
 * and against schema.table).
 */
#include <string.h>

#include "mrt_sdk.h"
#include "../common/mrt_rulekit.h"

static const char *dc_hint = "if the data is no longer needed, say so: `# mrt: ignore[MRT004] <reason>`; otherwise "
                             "copy the values elsewhere first, or stop using the column now and drop it in a later "
                             "release (expand/contract)";

static int dc_report(const struct mrk_state *s, mrt_ctx *ctx, const mrt_op *o, unsigned line, const char *how,
                     const char *table, const char *column)
{
	const mrt_host_api *api = s->api;
	char notes[200];
	mrk_notes(api, o, notes, sizeof(notes));
	return api->report(ctx, MRT_SEV_DEFAULT, line, api->op_col(o), dc_hint,
	                   "%s drops column '%s.%s' of an existing table%s: its values are permanently lost, a downgrade "
	                   "can only re-add it empty",
	                   how, table ? table : "?", column ? column : "?", notes);
}

/*
 * Whether the upgrade copies the column's values before dropping it, in SQL: an UPDATE of the same table that names
 * the column (UPDATE t SET new_col = f(old_col)), or an INSERT that names both the table and the column
 * (INSERT INTO other SELECT ..., old_col FROM t). That is the expand/contract copy this rule's hint asks for: the
 * values live on. SQLAlchemy update() constructs do not count (the model does not keep their values).
 */
static bool dc_copied(const mrt_host_api *api, const mrt_func *fn, const mrt_op *before, const char *table,
                      const char *column)
{
	if (!fn || !table || !column)
		return false;
	size_t nops = api->func_op_count(fn);
	for (size_t i = 0; i < nops; i++) {
		const mrt_op *o = api->func_op(fn, i);
		if (o == before)
			break;
		size_t nsql = api->op_sql_count(o);
		for (size_t k = 0; k < nsql; k++) {
			const mrt_sql *q = api->op_sql(o, k);
			enum mrt_sql_verb v = api->sql_verb(q);
			size_t len = 0;
			const char *text = api->sql_text(q, &len);
			/* names compare bare (schema prefix and an opening quote dropped); words whole, schema prefix dropped */
			unsigned w = MRK_WORD_WHOLE | MRK_WORD_BASE;
			bool same = mrk_same_name(api->sql_table(q), table, MRK_NAME_QUOTES | MRK_NAME_ANY_CLOSE);
			bool names_column = mrk_mentions(text, len, column, w);
			if (v == MRT_SQL_V_UPDATE && same && names_column)
				return true;
			if (v == MRT_SQL_V_INSERT && !same && names_column && mrk_mentions(text, len, table, w))
				return true;
		}
	}
	return false;
}

static int dc_check_op(void *state, mrt_ctx *ctx, const mrt_migration *m, const mrt_func *fn, const mrt_op *o)
{
	const struct mrk_state *s = state;
	const mrt_host_api *api = s->api;
	const char *name = api->op_name(o);
	if (!name)
		return MRT_OK;
	if (!strcmp(name, "drop_column")) {
		bool batch = (api->op_flags(o) & MRT_OP_BATCH) != 0;
		const char *table = api->op_table(o);
		if (!table && !batch) {
			table = mrk_str_arg(api, o, "table_name", 0);
		}
		const char *column = mrk_str_arg(api, o, "column_name", batch ? 0 : 1);
		if (table && (api->created_in_revision(m, table, o) || mrk_table_ignored(api, s->opts, "ignore_tables", table)))
			return MRT_OK;
		if (dc_copied(api, fn, o, table, column))
			return MRT_OK;
		return dc_report(s, ctx, o, api->op_line(o), batch ? "batch_op.drop_column()" : "op.drop_column()", table,
		                 column);
	}
	size_t nsql = api->op_sql_count(o);
	for (size_t i = 0; i < nsql; i++) {
		const mrt_sql *q = api->op_sql(o, i);
		/* the classifier may name the object TABLE or COLUMN: the action is what counts */
		if (api->sql_verb(q) != MRT_SQL_V_ALTER || api->sql_action(q) != MRT_SQL_A_DROP_COLUMN)
			continue;
		const char *table = api->sql_table(q);
		if (table && (api->created_in_revision(m, table, o) || mrk_table_ignored(api, s->opts, "ignore_tables", table)))
			continue;
		if (dc_copied(api, fn, o, table, api->sql_column(q)))
			continue;
		int rc = dc_report(s, ctx, o, mrk_sql_line(api, o, q), "ALTER TABLE ... DROP COLUMN", table,
		                   api->sql_column(q));
		if (rc)
			return rc;
	}
	return MRT_OK;
}

static int dc_check(void *state, mrt_ctx *ctx, const mrt_migration *m)
{
	const struct mrk_state *s = state;
	return mrk_walk(s->api, state, ctx, m, false, dc_check_op);
}

static const mrt_option_spec dc_options[] = {
	{.name = "ignore_tables", .type = MRT_OPT_STRLIST, .def = NULL,
	 .description = "fnmatch patterns of tables whose columns may be dropped (staging, scratch tables)"},
	{0},
};

MRT_PLUGIN_DEFINE(.kind = MRT_KIND_RULE, .name = "drop-column", .version = "1.0.0",
                  .description = "a column of an existing table is dropped: its values are lost on rollback",
                  .init = mrk_init, .check_migration = dc_check, .fini = mrk_fini, .options = dc_options)
