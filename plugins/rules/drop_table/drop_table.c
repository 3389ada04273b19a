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
#include <fnmatch.h>
#include <stdio.h>
#include <string.h>

#include "mrt_sdk.h"

struct dt_state {
	const mrt_host_api *api;  /* borrowed until fini() */
	const mrt_options *opts;  /* borrowed until fini() */
};

static int dt_init(const mrt_host_api *api, const mrt_options *opts, void **state, mrt_diag *diag)
{
	struct dt_state *s = api->alloc(sizeof(*s));
	if (!s) {
		diag->code = MRT_ENOMEM;
		snprintf(diag->message, sizeof(diag->message), "out of memory");
		return MRT_ENOMEM;
	}
	s->api = api;
	s->opts = opts;
	*state = s;
	return MRT_OK;
}

static void dt_fini(void *state)
{
	struct dt_state *s = state;
	if (s)
		s->api->free(s);
}

static bool dt_ignored(const struct dt_state *s, const char *table)
{
	if (!table)
		return false;
	const char *dot = strrchr(table, '.');
	size_t n = s->api->opt_list_count(s->opts, "ignore_tables");
	for (size_t i = 0; i < n; i++) {
		const char *pat = s->api->opt_list_item(s->opts, "ignore_tables", i);
		if (pat && (fnmatch(pat, table, 0) == 0 || (dot && fnmatch(pat, dot + 1, 0) == 0)))
			return true;
	}
	return false;
}

static void dt_notes(const mrt_host_api *api, const mrt_op *o, unsigned extra, char *buf, size_t size)
{
	const char *helper = api->op_helper(o);
	uint32_t flags = api->op_flags(o);
	int w = 0;
	buf[0] = '\0';
	if (extra)
		w = snprintf(buf, size, " (and %u more table%s)", extra, extra == 1 ? "" : "s");
	if (w >= 0 && (size_t)w < size && helper)
		w += snprintf(buf + w, size - (size_t)w, " (in helper %s(), called at line %u)", helper,
		              api->op_call_line(o));
	if (w >= 0 && (size_t)w < size && (flags & MRT_OP_CONDITIONAL))
		snprintf(buf + w, size - (size_t)w, " (conditional)");
}

static const char *dt_hint = "if the rows are no longer needed, say so: `# mrt: ignore[MRT005] <reason>`; otherwise "
                             "archive them first (rename the table or copy the rows) and drop it in a later release";

static int dt_report(const struct dt_state *s, mrt_ctx *ctx, const mrt_op *o, unsigned line, const char *how,
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

static int dt_check_op(const struct dt_state *s, mrt_ctx *ctx, const mrt_migration *m, const mrt_op *o)
{
	const mrt_host_api *api = s->api;
	const char *name = api->op_name(o);
	if (!name)
		return MRT_OK;
	if (!strcmp(name, "drop_table")) {
		const char *table = api->op_table(o);
		if (!table) {
			const mrt_value *v = api->op_arg(o, "table_name", 0);
			table = v && api->value_kind(v) == MRT_VAL_STR ? api->value_text(v, NULL) : NULL;
		}
		if (table && (api->created_in_revision(m, table, o) || dt_ignored(s, table)))
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
		if (table && !extra && (api->created_in_revision(m, table, o) || dt_ignored(s, table)))
			continue;
		int rc = dt_report(s, ctx, o, api->op_line(o) + api->sql_line(q), "DROP TABLE", table, extra);
		if (rc)
			return rc;
	}
	return MRT_OK;
}

static int dt_check(void *state, mrt_ctx *ctx, const mrt_migration *m)
{
	const struct dt_state *s = state;
	const mrt_host_api *api = s->api;
	size_t nf = api->migration_func_count(m);
	for (size_t f = 0; f < nf; f++) {
		const mrt_func *fn = api->migration_func(m, f);
		if (api->func_role(fn) != MRT_FN_UPGRADE)
			continue;
		size_t nops = api->func_op_count(fn);
		for (size_t i = 0; i < nops; i++) {
			int rc = dt_check_op(s, ctx, m, api->func_op(fn, i));
			if (rc)
				return rc;
		}
	}
	return MRT_OK;
}

static const mrt_option_spec dt_options[] = {
	{.name = "ignore_tables", .type = MRT_OPT_STRLIST, .def = NULL,
	 .description = "fnmatch patterns of tables that may be dropped (staging, scratch tables)"},
	{0},
};

MRT_PLUGIN_DEFINE(.kind = MRT_KIND_RULE, .name = "drop-table", .version = "1.0.0",
                  .description = "an existing table is dropped: its rows are lost on rollback", .init = dt_init,
                  .check_migration = dt_check, .fini = dt_fini, .options = dt_options)
