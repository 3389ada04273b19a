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

/*
 * The schema operations. Every op of the upgrade is looked up here: ms_schema_op() compares length and first byte
 * before the bytes themselves, so most names are set aside without a library call.
 */
static const struct ms_name {
	const char *name;
	size_t len; /* strlen(name) */
} ms_schema_ops[] = {
#define MS_NAME(name) {name, sizeof(name) - 1}
	MS_NAME("add_column"), MS_NAME("drop_column"), MS_NAME("alter_column"), MS_NAME("create_table"),
	MS_NAME("drop_table"), MS_NAME("rename_table"), MS_NAME("create_index"), MS_NAME("drop_index"),
	MS_NAME("create_foreign_key"), MS_NAME("create_unique_constraint"), MS_NAME("create_check_constraint"),
	MS_NAME("create_primary_key"), MS_NAME("create_exclude_constraint"), MS_NAME("drop_constraint"),
	MS_NAME("create_table_comment"), MS_NAME("drop_table_comment"),
#undef MS_NAME
};

/* Whether op o, named name (not NULL), is a schema operation (not SQL). */
static bool ms_schema_op(const mrt_host_api *api, const mrt_op *o, const char *name)
{
	size_t len = strlen(name);
	for (size_t i = 0; i < sizeof(ms_schema_ops) / sizeof(ms_schema_ops[0]); i++)
		if (ms_schema_ops[i].len == len && ms_schema_ops[i].name[0] == name[0] &&
		    !memcmp(ms_schema_ops[i].name, name, len))
			return true;
	/* sa.Sequence("s").create(bind) / .drop(bind) */
	if (strcmp(name, "create") != 0 && strcmp(name, "drop") != 0)
		return false;
	const char *recv = api->op_receiver(o);
	return recv && strstr(recv, "Sequence(") != NULL;
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
	/* the first schema change and the first data change; their descriptions are written only when both exist
	   (most revisions have no finding). All pointers borrowed from the model. */
	const mrt_op *ddl_op = NULL, *dml_op = NULL;
	const mrt_sql *ddl_sql = NULL, *dml_sql = NULL; /* NULL: the change is the op itself */
	const char *dml_verb = NULL, *dml_table = NULL;  /* op_sql_expr_verb (op changes only) and the table */
	unsigned ddl_line = 0, dml_line = 0, dml_col = 0;
	for (size_t f = 0; f < nf; f++) {
		const mrt_func *fn = api->migration_func(m, f);
		if (api->func_role(fn) != MRT_FN_UPGRADE)
			continue;
		size_t nops = api->func_op_count(fn);
		for (size_t i = 0; i < nops; i++) {
			const mrt_op *o = api->func_op(fn, i);
			const char *name = api->op_name(o);
			if (name && ms_schema_op(api, o, name)) {
				if (!ddl_line) {
					ddl_op = o;
					ddl_sql = NULL;
					ddl_line = api->op_line(o);
				}
				continue;
			}
			bool bulk = name && !strcmp(name, "bulk_insert");
			const char *verb = api->op_sql_expr_verb(o);
			if (bulk || ((api->op_flags(o) & MRT_OP_SQL_EXPR) && verb && strcmp(verb, "select") != 0)) {
				const char *t = api->op_table(o);
				if (!t && bulk) {
					/* `tags = op.create_table("tags", ...)` then op.bulk_insert(tags, ...): the parser does not
					   follow the assignment; the variable usually bears the table's name */
					const mrt_value *v = api->op_arg(o, "table", 0);
					if (v && api->value_kind(v) == MRT_VAL_NAME)
						t = api->value_text(v, NULL);
				}
				if (!dml_op && !(t && api->created_in_revision(m, t, o))) {
					dml_op = o;
					dml_verb = bulk ? NULL : verb;
					dml_table = t;
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
						ddl_op = o;
						ddl_sql = q;
						ddl_line = oc_sql_line(api, o, q);
					}
					continue;
				}
				if (dml_op || !ms_dml_sql(api, q))
					continue;
				const char *t = api->sql_table(q);
				if (oc_created(api, m, t, o, k))
					continue;
				dml_op = o;
				dml_sql = q;
				dml_table = t;
				dml_line = oc_sql_line(api, o, q);
				dml_col = api->op_col(o);
			}
		}
	}
	if (!dml_op || !ddl_line)
		return MRT_OK;
	/* "op.add_column()" / "ALTER SQL"; "op.execute() (update) on 't'" / "op.bulk_insert() on 't'" / "UPDATE on 't'",
	   cut where the snprintf() calls they replace would cut them */
	char ddl_what[128], dml_what[160], how[96];
	size_t w = 0;
	if (ddl_sql) {
		ddl_what[0] = '\0';
		mrk_cat(ddl_what, sizeof(ddl_what), &w, ms_verb_text(api->sql_verb(ddl_sql)));
		mrk_cat(ddl_what, sizeof(ddl_what), &w, " SQL");
	} else {
		oc_how(api, ddl_op, ddl_what, sizeof(ddl_what));
	}
	w = 0;
	dml_what[0] = '\0';
	if (dml_sql) {
		mrk_cat(dml_what, sizeof(dml_what), &w, ms_verb_text(api->sql_verb(dml_sql)));
	} else {
		oc_how(api, dml_op, how, sizeof(how));
		mrk_cat(dml_what, sizeof(dml_what), &w, how);
		if (dml_verb) {
			mrk_cat(dml_what, sizeof(dml_what), &w, " (");
			mrk_cat(dml_what, sizeof(dml_what), &w, dml_verb);
			mrk_cat(dml_what, sizeof(dml_what), &w, ")");
		}
	}
	mrk_cat(dml_what, sizeof(dml_what), &w, " on '");
	mrk_cat(dml_what, sizeof(dml_what), &w, dml_table ? dml_table : "?");
	mrk_cat(dml_what, sizeof(dml_what), &w, "'");
	return api->report(ctx, MRT_SEV_DEFAULT, dml_line, dml_col, ms_hint,
	                   "upgrade() changes data (%s) and the schema (%s at line %u) in one revision: the data change "
	                   "holds the schema locks while it runs, and a failure in either leaves both to untangle",
	                   dml_what, ddl_what, ddl_line);
}

static const mrt_option_spec ms_options[] = {{0}};

MRT_PLUGIN_DEFINE(.kind = MRT_KIND_RULE, .name = "mixed-schema-and-data", .version = "1.0.0",
                  .description = "one revision mixes schema changes with data changes",
                  .init = mrk_init, .check_migration = ms_check, .fini = mrk_fini, .options = ms_options)
