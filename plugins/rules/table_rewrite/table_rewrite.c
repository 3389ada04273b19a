/*
 * table_rewrite.c — MRT023 table-rewrite: a column type change that rewrites the whole table (PostgreSQL, MySQL).
 *
 * Fires in upgrade() on op.alter_column(t, c, type_=NEW) / batch_op.alter_column(c, type_=NEW) whose change is not a
 * narrowing (narrowing is MRT007 lossy-type-change's finding; one op never gets both), on any alter_column with
 * postgresql_using=, on `ALTER TABLE t ALTER COLUMN c TYPE x [USING ...]` in execute() SQL or through a bind, and on
 * MySQL `MODIFY` / `CHANGE COLUMN`; also in helpers and under conditions.
 *
 * The PostgreSQL / MySQL split uses the project's dialect (api->dialect(ctx); unknown counts as PostgreSQL):
 *   - PostgreSQL: widening a VARCHAR, VARCHAR → TEXT, TEXT → unbounded VARCHAR and a change to the same type are
 *     metadata-only and stay silent; int → bigint, any numeric change, timestamp ↔ timestamptz, float, unknown types
 *     and every postgresql_using= rewrite the table and all its indexes under an ACCESS EXCLUSIVE lock. Without
 *     existing_type= (or in SQL, where the old type is not written) a change to a string or text type stays silent
 *     (it is either cheap or a narrowing we cannot see), any other one fires.
 *   - MySQL: every real type change rebuilds the table (VARCHAR widening included, in the general case); MODIFY /
 *     CHANGE COLUMN always rebuild. MODIFY / CHANGE are ignored when the dialect is PostgreSQL.
 *
 * Not reported: tables created or columns added earlier in the same upgrade(), an Enum changed to an Enum of the
 * same name (the column keeps its type; growing values is MRT013's), downgrade() (a downgrade that narrows back is
 * MRT007's), text in comments and docstrings.
 */
#include <stdio.h>
#include <string.h>

#include "../safety_common/sf_common.h"
#include "../rollback_common/rb_common.h"

static const char *tr_hint = "on a big table: add a new column of the new type, backfill it in batches, switch the "
                             "application and drop the old column later; or run it in a maintenance window and say "
                             "so: `# mrt: ignore[MRT023] <reason>`";

static bool tr_mysql(const mrt_host_api *api, mrt_ctx *ctx)
{
	const char *d = api->dialect(ctx);
	return d && !strcmp(d, "mysql");
}

static bool tr_postgres_known(const mrt_host_api *api, mrt_ctx *ctx)
{
	const char *d = api->dialect(ctx);
	return d && !strcmp(d, "postgresql");
}

static bool tr_stringish(const struct rb_type *t)
{
	return t->fam == RB_T_STRING || t->fam == RB_T_TEXT;
}

/* PostgreSQL: a change that only touches the catalog (known old type, not a narrowing). */
static bool tr_pg_cheap(const struct rb_type *from, const struct rb_type *to)
{
	if (rb_type_eq(from, to))
		return true;
	if (from->fam == RB_T_STRING && to->fam == RB_T_STRING)
		return to->len < 0 || (from->len >= 0 && to->len >= from->len);
	if (from->fam == RB_T_STRING && to->fam == RB_T_TEXT)
		return true;
	if (from->fam == RB_T_TEXT && (to->fam == RB_T_TEXT || (to->fam == RB_T_STRING && to->len < 0)))
		return true;
	return false;
}

/* The name= of an Enum(...) / postgresql.ENUM(...) type call, or NULL. */
static const char *tr_enum_name(const mrt_host_api *api, const mrt_value *v)
{
	if (!sf_is_call(api, v, "Enum") && !sf_is_call(api, v, "ENUM"))
		return NULL;
	return sf_str(api, api->value_call_arg(v, "name", -1));
}

static int tr_report(const struct sf_state *s, mrt_ctx *ctx, const mrt_op *o, unsigned line, const char *how,
                     const char *table, const char *column, const char *change, bool mysql)
{
	const mrt_host_api *api = s->api;
	char notes[200];
	sf_notes(api, o, notes, sizeof(notes));
	return api->report(ctx, MRT_SEV_DEFAULT, line, api->op_col(o), tr_hint, "%s changes the type of column '%s.%s' %s%s: "
	                   "%s",
	                   how, table ? table : "<dynamic>", column ? column : "<dynamic>", change, notes,
	                   mysql ? "MySQL rebuilds the whole table, blocking writes for the duration"
	                         : "PostgreSQL rewrites the whole table and its indexes under an ACCESS EXCLUSIVE lock");
}

static int tr_alter_column(const struct sf_state *s, mrt_ctx *ctx, const mrt_op *o, const char *table,
                           const char *column)
{
	const mrt_host_api *api = s->api;
	bool mysql = tr_mysql(api, ctx);
	const mrt_value *using = api->op_arg(o, "postgresql_using", -1);
	struct rb_type to, from;
	bool has_to = rb_type_from_value(api, api->op_arg(o, "type_", -1), &to);
	bool has_from = rb_type_from_value(api, api->op_arg(o, "existing_type", -1), &from);
	if (!has_to && !using)
		return MRT_OK;
	if (has_to && has_from && rb_type_narrowing(&from, &to))
		return MRT_OK; /* MRT007 */
	/* the same enum type with other values listed (MRT013's business): the column keeps its type */
	const char *en_to = tr_enum_name(api, api->op_arg(o, "type_", -1));
	if (en_to && !using && sf_ieq(en_to, tr_enum_name(api, api->op_arg(o, "existing_type", -1))))
		return MRT_OK;
	char change[240], how[64];
	if (using && !mysql) {
		if (has_to && has_from)
			snprintf(change, sizeof(change), "from %s to %s with postgresql_using=", from.canon, to.canon);
		else if (has_to)
			snprintf(change, sizeof(change), "to %s with postgresql_using=", to.canon);
		else
			snprintf(change, sizeof(change), "with postgresql_using=");
	} else if (!has_to) {
		return MRT_OK;
	} else if (has_from) {
		if (rb_type_eq(&from, &to) || (!mysql && tr_pg_cheap(&from, &to)))
			return MRT_OK;
		snprintf(change, sizeof(change), "from %s to %s", from.canon, to.canon);
	} else {
		if (!mysql && tr_stringish(&to))
			return MRT_OK;
		snprintf(change, sizeof(change), "to %s", to.canon);
	}
	return tr_report(s, ctx, o, api->op_line(o), sf_how(api, o, how, sizeof(how)), table, column, change, mysql);
}

static int tr_op(void *state, mrt_ctx *ctx, const mrt_migration *m, const mrt_func *f, const mrt_op *o)
{
	const struct sf_state *s = state;
	const mrt_host_api *api = s->api;
	const char *name = api->op_name(o);
	if (!name)
		return MRT_OK;
	if (!strcmp(name, "alter_column")) {
		const char *table = sf_op_table(api, o, "table_name", 0);
		const char *column = sf_str(api, sf_arg(api, o, "column_name", 1));
		if (!sf_existing(api, m, f, table, o) || sf_column_added_before(api, f, o, table, column))
			return MRT_OK;
		return tr_alter_column(s, ctx, o, table, column);
	}
	bool mysql = tr_mysql(api, ctx);
	size_t ns = api->op_sql_count(o);
	for (size_t k = 0; k < ns; k++) {
		const mrt_sql *q = api->op_sql(o, k);
		enum mrt_sql_action a = api->sql_action(q);
		if (api->sql_verb(q) != MRT_SQL_V_ALTER)
			continue;
		const char *table = api->sql_table(q), *column = api->sql_column(q);
		const char *ctype = api->sql_col_type(q);
		char change[240];
		const char *how;
		bool my = mysql;
		if (a == MRT_SQL_A_ALTER_COLUMN_TYPE) {
			bool using = (api->sql_flags(q) & MRT_SQL_HAS_USING) != 0;
			struct rb_type to;
			bool has_to = rb_type_from_sql(ctype, &to);
			if (!using && !mysql && has_to && tr_stringish(&to))
				continue;
			snprintf(change, sizeof(change), "to %s%s", has_to ? to.canon : ctype ? ctype : "another type",
			         using ? " with USING" : "");
			how = "ALTER COLUMN ... TYPE";
		} else if (a == MRT_SQL_A_MODIFY_COLUMN || a == MRT_SQL_A_CHANGE_COLUMN) {
			if (tr_postgres_known(api, ctx))
				continue;
			struct rb_type to;
			bool has_to = rb_type_from_sql(ctype, &to);
			snprintf(change, sizeof(change), "to %s", has_to ? to.canon : ctype ? ctype : "another type");
			how = a == MRT_SQL_A_MODIFY_COLUMN ? "MODIFY COLUMN" : "CHANGE COLUMN";
			my = true;
		} else {
			continue;
		}
		if (!sf_existing(api, m, f, table, o) || sf_column_added_before_stmt(api, f, o, k, table, column))
			continue;
		int rc = tr_report(s, ctx, o, sf_sql_line(api, o, q), how, table, column, change, my);
		if (rc != MRT_OK)
			return rc;
	}
	return MRT_OK;
}

static int tr_check(void *state, mrt_ctx *ctx, const mrt_migration *m)
{
	const struct sf_state *s = state;
	return sf_walk(s->api, state, ctx, m, false, tr_op);
}

static const mrt_option_spec tr_options[] = {
	{0},
};

MRT_PLUGIN_DEFINE(.kind = MRT_KIND_RULE, .name = "table-rewrite", .version = "1.0.0",
                  .description = "a column type change rewrites the whole table under an exclusive lock",
                  .init = sf_init, .check_migration = tr_check, .fini = sf_fini, .options = tr_options)
