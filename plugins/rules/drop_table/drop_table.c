/*
 * drop_table.c — MRT005 drop-table: an existing table is dropped in upgrade().
 *
 * Fires on op.drop_table(...) and `DROP TABLE ...` in op.execute(...) or through a bind, also inside helpers called
 * from upgrade() and under conditions. The rows are gone for good: the downgrade can recreate the table, never its
 * rows.
 *
 * Not on a table that the same upgrade created earlier (create_table / CREATE TABLE before the drop: a scratch table),
 * and not on tables matching the `ignore_tables` option (fnmatch patterns, matched against the bare table name and
 * against schema.table).
 */
#include <stdio.h>
#include <string.h>

#include "mrt_sdk.h"
#include "../common/mrt_rulekit.h"

static void dt_notes(const mrt_host_api *api, const mrt_op *o, unsigned extra, char *buf, size_t size)
{
	int w = 0;
	buf[0] = '\0';
	if (extra)
		w = snprintf(buf, size, " (and %u more table%s)", extra, extra == 1 ? "" : "s");
	if (w >= 0 && (size_t)w < size)
		mrk_notes(api, o, buf + w, size - (size_t)w); /* helper, conditional */
}

static const char *dt_hint = "if the rows are no longer needed, say so: `# mrt: ignore[MRT005] <reason>`; otherwise "
                             "archive them first (rename the table or copy the rows) and drop it in a later release";

static int dt_report(const struct mrk_state *s, mrt_ctx *ctx, const mrt_op *o, unsigned line, const char *how,
                     const char *table, unsigned extra)
{
	const mrt_host_api *api = s->api;
	char notes[240];
	dt_notes(api, o, extra, notes, sizeof(notes));
	return api->report(ctx, MRT_SEV_DEFAULT, line, api->op_col(o), dt_hint,
	                   "%s drops existing table '%s'%s: its rows are permanently lost, a downgrade can only recreate "
	                   "it empty",
	                   how, table ? table : "?", notes);
}

static int dt_check_op(void *state, mrt_ctx *ctx, const mrt_migration *m, const mrt_func *fn, const mrt_op *o)
{
	(void)fn;
	const struct mrk_state *s = state;
	const mrt_host_api *api = s->api;
	const char *name = api->op_name(o);
	if (!name)
		return MRT_OK;
	if (!strcmp(name, "drop_table")) {
		const char *table = api->op_table(o);
		if (!table) {
			table = mrk_str_arg(api, o, "table_name", 0);
		}
		if (table && (api->created_in_revision(m, table, o) || mrk_table_ignored(api, s->opts, "ignore_tables", table)))
			return MRT_OK;
		return dt_report(s, ctx, o, api->op_line(o), "op.drop_table()", table, 0);
	}
	size_t nsql = api->op_sql_count(o);
	for (size_t i = 0; i < nsql; i++) {
		const mrt_sql *q = api->op_sql(o, i);
		if (api->sql_verb(q) != MRT_SQL_V_DROP || api->sql_object(q) != MRT_SQL_O_TABLE)
			continue;
		const char *table = api->sql_table(q);
		unsigned extra = api->sql_extra_names(q);
		if (table && !extra &&
		    (api->created_in_revision(m, table, o) || mrk_table_ignored(api, s->opts, "ignore_tables", table)))
			continue;
		int rc = dt_report(s, ctx, o, mrk_sql_line(api, o, q), "DROP TABLE", table, extra);
		if (rc)
			return rc;
	}
	return MRT_OK;
}

static int dt_check(void *state, mrt_ctx *ctx, const mrt_migration *m)
{
	const struct mrk_state *s = state;
	return mrk_walk(s->api, state, ctx, m, false, dt_check_op);
}

static const mrt_option_spec dt_options[] = {
	{.name = "ignore_tables", .type = MRT_OPT_STRLIST, .def = NULL,
	 .description = "fnmatch patterns of tables that may be dropped (staging, scratch tables)"},
	{0},
};

MRT_PLUGIN_DEFINE(.kind = MRT_KIND_RULE, .name = "drop-table", .version = "1.0.0",
                  .description = "an existing table is dropped: its rows are lost on rollback", .init = mrk_init,
                  .check_migration = dt_check, .fini = mrk_fini, .options = dt_options)
