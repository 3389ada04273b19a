/*
 * mixed_schema_and_data.c — MRT031 mixed-schema-and-data: one revision's upgrade changes the schema and also changes
 * data of existing tables.
 *
 * Schema change: any op.* / batch_op.* schema operation (add/drop/alter column, create/drop/rename table, indexes,
 * constraints, comments, sa.Sequence(...).create()) or DDL SQL in execute() (CREATE/ALTER/DROP/RENAME/COMMENT, not
 * CREATE TEMPORARY TABLE). Data change: UPDATE/DELETE/INSERT/MERGE/TRUNCATE/COPY SQL, op.bulk_insert(), and execute()
 * of SQLAlchemy insert/update/delete constructs — on a table not created earlier in the same upgrade (seeding a new
 * lookup table in its own revision is the normal Alembic recipe).
 *
 * Why: the data part holds the DDL locks for as long as it runs, a failure in it rolls back (PostgreSQL) or strands
 * (MySQL, where DDL commits at once) the schema part, and a downgrade has to undo both in the right order. One finding
 * per revision, at the first data change; the message names the first schema change.
 */
#include <stdio.h>
#include <string.h>

#include "mrt_sdk.h"
#include "../common/mrt_rulekit.h"
#include "../ops_common/ops_common.h"

/* Whether op o is a schema operation (not SQL). */
static bool ms_schema_op(const mrt_host_api *api, const mrt_op *o)
{
	static const char *const names[] = {
		"add_column", "drop_column", "alter_column", "create_table", "drop_table", "rename_table",
		"create_index", "drop_index", "create_foreign_key", "create_unique_constraint", "create_check_constraint",
		"create_primary_key", "create_exclude_constraint", "drop_constraint", "create_table_comment",
		"drop_table_comment",
	};
	const char *name = api->op_name(o);
	if (!name)
		return false;
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (!strcmp(name, names[i]))
			return true;
	/* sa.Sequence("s").create(bind) / .drop(bind) */
	const char *recv = api->op_receiver(o);
	return (!strcmp(name, "create") || !strcmp(name, "drop")) && recv && strstr(recv, "Sequence(") != NULL;
}

static bool ms_ddl_sql(const mrt_host_api *api, const mrt_sql *q)
{
	switch (api->sql_verb(q)) {
	case MRT_SQL_V_CREATE:
		return !(api->sql_flags(q) & MRT_SQL_TEMPORARY);
	case MRT_SQL_V_ALTER:
	case MRT_SQL_V_DROP:
	case MRT_SQL_V_RENAME:
	case MRT_SQL_V_COMMENT:
		return true;
	default:
		return false;
	}
}

static bool ms_dml_sql(const mrt_host_api *api, const mrt_sql *q)
{
	switch (api->sql_verb(q)) {
	case MRT_SQL_V_INSERT:
	case MRT_SQL_V_UPDATE:
	case MRT_SQL_V_DELETE:
	case MRT_SQL_V_MERGE:
	case MRT_SQL_V_TRUNCATE:
		return true;
	case MRT_SQL_V_COPY: {
		size_t len = 0;
		const char *t = api->sql_text(q, &len);
		return oc_sql_has_word(t, len, "FROM"); /* COPY t FROM ...: loads rows */
	}
	default:
		return false;
	}
}

static const char *ms_verb_text(enum mrt_sql_verb v)
{
	switch (v) {
	case MRT_SQL_V_INSERT: return "INSERT";
	case MRT_SQL_V_UPDATE: return "UPDATE";
	case MRT_SQL_V_DELETE: return "DELETE";
	case MRT_SQL_V_MERGE: return "MERGE";
	case MRT_SQL_V_TRUNCATE: return "TRUNCATE";
	case MRT_SQL_V_COPY: return "COPY";
	case MRT_SQL_V_CREATE: return "CREATE";
	case MRT_SQL_V_ALTER: return "ALTER";
	case MRT_SQL_V_DROP: return "DROP";
	case MRT_SQL_V_RENAME: return "RENAME";
	case MRT_SQL_V_COMMENT: return "COMMENT";
	default: return "SQL";
	}
}

static const char *ms_hint = "split it: schema changes in one revision, the data change in the next one (batched, "
                             "with its own downgrade), so each can run, fail and roll back on its own";

static int ms_check(void *state, mrt_ctx *ctx, const mrt_migration *m)
{
	const struct mrk_state *s = state;
	const mrt_host_api *api = s->api;
	size_t nf = api->migration_func_count(m);
	char ddl_what[128] = "", dml_what[160] = "";
	unsigned ddl_line = 0, dml_line = 0, dml_col = 0;
	const mrt_op *dml_op = NULL; /* borrowed */
	for (size_t f = 0; f < nf; f++) {
		const mrt_func *fn = api->migration_func(m, f);
		if (api->func_role(fn) != MRT_FN_UPGRADE)
			continue;
		size_t nops = api->func_op_count(fn);
		for (size_t i = 0; i < nops; i++) {
			const mrt_op *o = api->func_op(fn, i);
			if (ms_schema_op(api, o)) {
				if (!ddl_line) {
					oc_how(api, o, ddl_what, sizeof(ddl_what));
					ddl_line = api->op_line(o);
				}
				continue;
			}
			const char *name = api->op_name(o);
			const char *verb = api->op_sql_expr_verb(o);
			if ((name && !strcmp(name, "bulk_insert")) ||
			    ((api->op_flags(o) & MRT_OP_SQL_EXPR) && verb && strcmp(verb, "select") != 0)) {
				const char *t = api->op_table(o);
				if (!t && name && !strcmp(name, "bulk_insert")) {
					/* `tags = op.create_table("tags", ...)` then op.bulk_insert(tags, ...): the parser does not
					   follow the assignment; the variable usually bears the table's name */
					const mrt_value *v = api->op_arg(o, "table", 0);
					if (v && api->value_kind(v) == MRT_VAL_NAME)
						t = api->value_text(v, NULL);
				}
				if (!dml_op && !(t && api->created_in_revision(m, t, o))) {
					char how[96];
					oc_how(api, o, how, sizeof(how));
					if (verb && strcmp(name, "bulk_insert") != 0)
						snprintf(dml_what, sizeof(dml_what), "%s (%s) on '%s'", how, verb, t ? t : "?");
					else
						snprintf(dml_what, sizeof(dml_what), "%s on '%s'", how, t ? t : "?");
					dml_op = o;
					dml_line = api->op_line(o);
					dml_col = api->op_col(o);
				}
				continue;
			}
			size_t nsql = api->op_sql_count(o);
			for (size_t k = 0; k < nsql; k++) {
				const mrt_sql *q = api->op_sql(o, k);
				if (ms_ddl_sql(api, q)) {
					if (!ddl_line) {
						snprintf(ddl_what, sizeof(ddl_what), "%s SQL", ms_verb_text(api->sql_verb(q)));
						ddl_line = oc_sql_line(api, o, q);
					}
					continue;
				}
				if (dml_op || !ms_dml_sql(api, q))
					continue;
				const char *t = api->sql_table(q);
				if (oc_created(api, m, t, o, k))
					continue;
				snprintf(dml_what, sizeof(dml_what), "%s on '%s'", ms_verb_text(api->sql_verb(q)), t ? t : "?");
				dml_op = o;
				dml_line = oc_sql_line(api, o, q);
				dml_col = api->op_col(o);
			}
		}
	}
	if (!dml_op || !ddl_line)
		return MRT_OK;
	return api->report(ctx, MRT_SEV_DEFAULT, dml_line, dml_col, ms_hint,
	                   "upgrade() changes data (%s) and the schema (%s at line %u) in one revision: the data change "
	                   "holds the schema locks while it runs, and a failure in either leaves both to untangle",
	                   dml_what, ddl_what, ddl_line);
}

static const mrt_option_spec ms_options[] = {{0}};

MRT_PLUGIN_DEFINE(.kind = MRT_KIND_RULE, .name = "mixed-schema-and-data", .version = "1.0.0",
                  .description = "one revision mixes schema changes with data changes",
                  .init = mrk_init, .check_migration = ms_check, .fini = mrk_fini, .options = ms_options)
