/*
 * destructive_sql.c — MRT014 destructive-sql: SQL that destroys data without bounds, in upgrade() or downgrade().
 *
 * Fires on statements of op.execute(...) and of execute() through a bind (conn.execute, op.get_bind().execute,
 * exec_driver_sql), also in helpers and under conditions:
 *   - DELETE or UPDATE without WHERE (every row of the table);
 *   - TRUNCATE (with CASCADE: also every table referencing it);
 *   - DROP ... CASCADE (also drops the views, foreign keys, columns of other tables that depend on the object);
 *   - DROP SCHEMA, DROP DATABASE (everything inside).
 * One statement gives one finding (TRUNCATE ... CASCADE and DROP SCHEMA ... CASCADE are one finding each).
 *
 * Not on a table created earlier in the same function (nothing to lose there yet) unless CASCADE reaches further,
 * nor on an UPDATE that only sets columns added earlier in the same function (a backfill: no old value to lose).
 * SQLAlchemy expression DML (op.execute(t.delete())) is not reported: the model does not record whether .where()
 * was applied.
 */
#include <stdio.h>
#include <string.h>

#include "mrt_sdk.h"
#include "../common/mrt_rulekit.h"
#include "../rollback_common/rb_common.h"

/* Whether op o creates table (op.create_table or CREATE TABLE); only statements before stmt_limit count. */
static bool dsql_op_creates(const mrt_host_api *api, const mrt_op *o, const char *table, size_t stmt_limit)
{
	const char *name = api->op_name(o);
	if (name && !strcmp(name, "create_table")) {
		const char *t = api->op_table(o);
		if (!t) {
			t = mrk_str_arg(api, o, "table_name", 0);
		}
		if (mrk_same_bare(t, table))
			return true;
	}
	size_t n = api->op_sql_count(o);
	for (size_t i = 0; i < n && i < stmt_limit; i++) {
		const mrt_sql *q = api->op_sql(o, i);
		if (api->sql_verb(q) == MRT_SQL_V_CREATE && api->sql_object(q) == MRT_SQL_O_TABLE &&
		    mrk_same_bare(api->sql_table(q), table))
			return true;
	}
	return false;
}

/* Whether fn creates table before statement k of its op idx (earlier ops, or earlier statements of the same op). */
static bool dsql_created_earlier(const mrt_host_api *api, const mrt_func *fn, size_t idx, size_t k, const char *table)
{
	if (!table)
		return false;
	for (size_t i = 0; i < idx; i++)
		if (dsql_op_creates(api, api->func_op(fn, i), table, (size_t)-1))
			return true;
	return dsql_op_creates(api, api->func_op(fn, idx), table, k);
}

static const char *dsql_object_word(enum mrt_sql_object o)
{
	switch (o) {
	case MRT_SQL_O_TABLE: return "table";
	case MRT_SQL_O_COLUMN: return "column";
	case MRT_SQL_O_INDEX: return "index";
	case MRT_SQL_O_TYPE: return "type";
	case MRT_SQL_O_VIEW: return "view";
	case MRT_SQL_O_MATVIEW: return "materialized view";
	case MRT_SQL_O_SEQUENCE: return "sequence";
	case MRT_SQL_O_TRIGGER: return "trigger";
	case MRT_SQL_O_FUNCTION: return "function";
	case MRT_SQL_O_PROCEDURE: return "procedure";
	case MRT_SQL_O_SCHEMA: return "schema";
	case MRT_SQL_O_DATABASE: return "database";
	case MRT_SQL_O_CONSTRAINT: return "constraint";
	case MRT_SQL_O_EXTENSION: return "extension";
	case MRT_SQL_O_DOMAIN: return "domain";
	default: return "object";
	}
}

static const char *dsql_hint_dml = "add a WHERE clause naming exactly the rows to change, and keep what a downgrade "
                                   "needs (copy the rows to a backup table first); if every row really must go, "
                                   "say so: `# mrt: ignore[MRT014] <reason>`";
static const char *dsql_hint_truncate = "delete only the rows that must go (DELETE ... WHERE), in batches, after "
                                        "copying what a downgrade needs; if emptying the table is intended, say so: "
                                        "`# mrt: ignore[MRT014] <reason>`";
static const char *dsql_hint_cascade = "drop the dependent objects explicitly, one by one, so the migration (and its "
                                       "downgrade) names everything it removes; if the cascade is intended, say so: "
                                       "`# mrt: ignore[MRT014] <reason>`";
static const char *dsql_hint_container = "drop the objects inside one by one, each with its downgrade; if dropping "
                                         "everything is intended, say so: `# mrt: ignore[MRT014] <reason>`";

static int dsql_check_stmt(const struct mrk_state *s, mrt_ctx *ctx, const mrt_func *fn, size_t idx, size_t k)
{
	const mrt_host_api *api = s->api;
	const mrt_op *o = api->func_op(fn, idx);
	const mrt_sql *q = api->op_sql(o, k);
	enum mrt_sql_verb verb = api->sql_verb(q);
	enum mrt_sql_object obj = api->sql_object(q);
	uint32_t fl = api->sql_flags(q);
	bool cascade = (fl & MRT_SQL_CASCADE) != 0;
	const char *table = api->sql_table(q);
	const char *fname = api->func_name(fn);
	unsigned line = mrk_sql_line(api, o, q);
	unsigned col = api->op_col(o);
	const char *tail = api->func_role(fn) == MRT_FN_DOWNGRADE ? "upgrading again cannot restore them"
	                                                            : "a downgrade cannot restore them";
	char notes[200];
	mrk_notes(api, o, notes, sizeof(notes));
	if ((verb == MRT_SQL_V_DELETE || verb == MRT_SQL_V_UPDATE) && !(fl & MRT_SQL_HAS_WHERE)) {
		if (dsql_created_earlier(api, fn, idx, k, table))
			return MRT_OK;
		if (verb == MRT_SQL_V_UPDATE) {
			/* a backfill of columns added earlier in the function overwrites no old value */
			struct rb_events ev;
			if (!rb_events_collect(api, fn, &ev))
				return MRT_ENOMEM;
			bool backfill = rb_update_is_backfill(api, &ev, o, q);
			rb_events_free(api, &ev);
			if (backfill)
				return MRT_OK;
		}
		if (verb == MRT_SQL_V_DELETE)
			return api->report(ctx, MRT_SEV_DEFAULT, line, col, dsql_hint_dml,
			                   "DELETE without WHERE in %s() removes every row of table '%s'%s: %s",
			                   fname ? fname : "?", table ? table : "?", notes, tail);
		return api->report(ctx, MRT_SEV_DEFAULT, line, col, dsql_hint_dml,
		                   "UPDATE without WHERE in %s() overwrites every row of table '%s'%s: the old values are "
		                   "lost and %s",
		                   fname ? fname : "?", table ? table : "?", notes, tail);
	}
	if (verb == MRT_SQL_V_TRUNCATE) {
		if (!cascade && dsql_created_earlier(api, fn, idx, k, table))
			return MRT_OK;
		unsigned more = api->sql_extra_names(q);
		char extra[64] = "";
		if (more)
			snprintf(extra, sizeof(extra), " (and %u more table%s)", more, more > 1 ? "s" : "");
		return api->report(ctx, MRT_SEV_DEFAULT, line, col, cascade ? dsql_hint_cascade : dsql_hint_truncate,
		                   "TRUNCATE in %s() empties table '%s'%s%s%s: every row is lost and %s",
		                   fname ? fname : "?", table ? table : "?", extra,
		                   cascade ? " and, with CASCADE, every table that references it" : "", notes, tail);
	}
	if (verb != MRT_SQL_V_DROP)
		return MRT_OK;
	const char *objname = api->sql_name(q);
	if (!objname)
		objname = table;
	if (obj == MRT_SQL_O_SCHEMA || obj == MRT_SQL_O_DATABASE)
		return api->report(ctx, MRT_SEV_DEFAULT, line, col, dsql_hint_container,
		                   "DROP %s in %s() removes %s '%s' with every table and row in it%s: %s",
		                   obj == MRT_SQL_O_SCHEMA ? "SCHEMA" : "DATABASE", fname ? fname : "?",
		                   dsql_object_word(obj), objname ? objname : "?", notes, tail);
	if (!cascade)
		return MRT_OK;
	if (obj == MRT_SQL_O_TABLE && dsql_created_earlier(api, fn, idx, k, table))
		return MRT_OK;
	return api->report(ctx, MRT_SEV_DEFAULT, line, col, dsql_hint_cascade,
	                   "DROP ... CASCADE in %s() on %s '%s'%s also silently drops every object that depends on it "
	                   "(views, foreign keys, columns of other tables): the migration does not say what it destroys",
	                   fname ? fname : "?", dsql_object_word(obj), objname ? objname : "?", notes);
}

static int dsql_check_op(void *state, mrt_ctx *ctx, const mrt_migration *m, const mrt_func *fn, size_t idx)
{
	(void)m;
	const struct mrk_state *s = state;
	const mrt_host_api *api = s->api;
	size_t nsql = api->op_sql_count(api->func_op(fn, idx));
	for (size_t k = 0; k < nsql; k++) {
		int rc = dsql_check_stmt(s, ctx, fn, idx, k);
		if (rc)
			return rc;
	}
	return MRT_OK;
}

static int dsql_check(void *state, mrt_ctx *ctx, const mrt_migration *m)
{
	const struct mrk_state *s = state;
	/* upgrade() and downgrade() ops; helper ops are expanded at their call sites */
	return mrk_walk_at(s->api, state, ctx, m, true, dsql_check_op);
}

static const mrt_option_spec dsql_options[] = {
	{0},
};

MRT_PLUGIN_DEFINE(.kind = MRT_KIND_RULE, .name = "destructive-sql", .version = "1.0.0",
                  .description = "DELETE/UPDATE without WHERE, TRUNCATE, DROP ... CASCADE, DROP SCHEMA/DATABASE",
                  .init = mrk_init, .check_migration = dsql_check, .fini = mrk_fini, .options = dsql_options)
