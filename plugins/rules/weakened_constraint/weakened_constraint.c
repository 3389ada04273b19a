/*
 * weakened_constraint.c — MRT033 weakened-constraint: upgrade() relaxes a constraint of an existing table.
 *
 * Fires on op.drop_constraint(...), alter_column(..., nullable=True) and alter_column(..., server_default=None)
 * (also as batch ops), and on ALTER TABLE ... DROP CONSTRAINT / ALTER COLUMN ... DROP NOT NULL / DROP DEFAULT in
 * execute() or through a bind. Once deployed, rows that break the old rule (NULLs, duplicates, orphans, missing
 * values) can be written, and the downgrade that restores the constraint then fails on them (MRT008 is the other
 * half). Informational: relaxing is often the point, but the downgrade must be planned for it.
 *
 * Not on tables created earlier in the same upgrade, not when existing_nullable=True (nothing changes) or
 * existing_server_default=None, and not when downgrade() changes data of the same table (UPDATE/DELETE: it cleans up
 * before restoring the rule) or re-adds the dropped constraint NOT VALID (it cannot fail on old rows): the recipes
 * MRT008 recommends. One alter_column that does both yields one finding.
 */
#include <stdio.h>
#include <string.h>

#include "mrt_sdk.h"
#include "../common/mrt_rulekit.h"
#include "../ops_common/ops_common.h"

/* Whether downgrade() changes data of `table` (UPDATE/DELETE SQL or a SQLAlchemy update/delete): it cleans up the
 * rows the relaxed rule let in before restoring it, the recipe MRT008 recommends. */
static bool wc_downgrade_cleans(const mrt_host_api *api, const mrt_migration *m, const char *table)
{
	if (!table)
		return false;
	size_t nf = api->migration_func_count(m);
	for (size_t f = 0; f < nf; f++) {
		const mrt_func *fn = api->migration_func(m, f);
		if (api->func_role(fn) != MRT_FN_DOWNGRADE)
			continue;
		size_t nops = api->func_op_count(fn);
		for (size_t i = 0; i < nops; i++) {
			const mrt_op *o = api->func_op(fn, i);
			const char *verb = api->op_sql_expr_verb(o);
			if (verb && (!strcmp(verb, "update") || !strcmp(verb, "delete")) && oc_same(api->op_table(o), table))
				return true;
			size_t nsql = api->op_sql_count(o);
			for (size_t k = 0; k < nsql; k++) {
				const mrt_sql *q = api->op_sql(o, k);
				enum mrt_sql_verb v = api->sql_verb(q);
				if ((v == MRT_SQL_V_UPDATE || v == MRT_SQL_V_DELETE) && oc_same(api->sql_table(q), table))
					return true;
			}
		}
	}
	return false;
}

/* Whether downgrade() re-adds constraint `cname` NOT VALID (SQL ... NOT VALID, or postgresql_not_valid=True): it
 * then checks new rows only and cannot fail on the rows written since the deploy (MRT008's recipe). */
static bool wc_downgrade_readds_not_valid(const mrt_host_api *api, const mrt_migration *m, const char *cname)
{
	if (!cname)
		return false;
	size_t nf = api->migration_func_count(m);
	for (size_t f = 0; f < nf; f++) {
		const mrt_func *fn = api->migration_func(m, f);
		if (api->func_role(fn) != MRT_FN_DOWNGRADE)
			continue;
		size_t nops = api->func_op_count(fn);
		for (size_t i = 0; i < nops; i++) {
			const mrt_op *o = api->func_op(fn, i);
			const char *name = api->op_name(o);
			if (name && !strncmp(name, "create_", 7) && oc_true(api, api->op_arg(o, "postgresql_not_valid", -1)) &&
			    oc_ieq(oc_str(api, api->op_arg(o, "constraint_name", 0)), cname))
				return true;
			size_t nsql = api->op_sql_count(o);
			for (size_t k = 0; k < nsql; k++) {
				const mrt_sql *q = api->op_sql(o, k);
				if (api->sql_verb(q) == MRT_SQL_V_ALTER && api->sql_action(q) == MRT_SQL_A_ADD_CONSTRAINT &&
				    (api->sql_flags(q) & MRT_SQL_NOT_VALID) && oc_same(api->sql_name(q), cname))
					return true;
			}
		}
	}
	return false;
}

static const char *wc_hint = "make sure the downgrade can live with the rows the relaxed rule lets in (clean them up "
                             "before re-adding the constraint), then acknowledge it: `# mrt: ignore[MRT033] <reason>`";

static int wc_report(mrt_ctx *ctx, const mrt_host_api *api, const mrt_op *o, unsigned line, const char *what)
{
	char notes[200];
	oc_notes(api, o, notes, sizeof(notes));
	return api->report(ctx, MRT_SEV_DEFAULT, line, api->op_col(o), wc_hint,
	                   "%s%s: rows written after deploy may break the old rule, and a downgrade that restores it "
	                   "fails on them",
	                   what, notes);
}

static int wc_check_op(void *state, mrt_ctx *ctx, const mrt_migration *m, const mrt_func *fn, const mrt_op *o)
{
	(void)fn;
	const mrt_host_api *api = ((const struct mrk_state *)state)->api;
	char how[96], what[400];
	const char *name = api->op_name(o);
	if (!name)
		return MRT_OK;
	if (!strcmp(name, "drop_constraint")) {
		const char *table = oc_op_table(api, o, "table_name", 1);
		if (table && (api->created_in_revision(m, table, o) || wc_downgrade_cleans(api, m, table)))
			return MRT_OK;
		const char *cname = oc_str(api, api->op_arg(o, "constraint_name", 0));
		if (wc_downgrade_readds_not_valid(api, m, cname))
			return MRT_OK;
		const char *type = oc_str(api, api->op_arg(o, "type_", (api->op_flags(o) & MRT_OP_BATCH) ? 1 : 2));
		oc_how(api, o, how, sizeof(how));
		snprintf(what, sizeof(what), "%s drops %s%sconstraint '%s' of existing table '%s'", how, type ? type : "",
		         type ? " " : "", cname ? cname : "?", table ? table : "?");
		return wc_report(ctx, api, o, api->op_line(o), what);
	}
	if (!strcmp(name, "alter_column")) {
		const char *table = oc_op_table(api, o, "table_name", 0);
		if (table && (api->created_in_revision(m, table, o) || wc_downgrade_cleans(api, m, table)))
			return MRT_OK;
		const mrt_value *nv = api->op_arg(o, "nullable", -1);
		const mrt_value *dv = api->op_arg(o, "server_default", -1);
		const mrt_value *en = api->op_arg(o, "existing_nullable", -1);
		const mrt_value *ed = api->op_arg(o, "existing_server_default", -1);
		bool relax_null = oc_true(api, nv) && !oc_true(api, en);
		bool drop_default = dv && api->value_kind(dv) == MRT_VAL_NONE &&
		                    !(ed && api->value_kind(ed) == MRT_VAL_NONE);
		if (!relax_null && !drop_default)
			return MRT_OK;
		const char *col = oc_str(api, oc_arg(api, o, "column_name", 1));
		oc_how(api, o, how, sizeof(how));
		snprintf(what, sizeof(what), "%s %s%s%s of existing column '%s.%s'", how,
		         relax_null ? "drops NOT NULL" : "", relax_null && drop_default ? " and " : "",
		         drop_default ? "drops the server default" : "", table ? table : "?", col ? col : "?");
		return wc_report(ctx, api, o, api->op_line(o), what);
	}
	size_t nsql = api->op_sql_count(o);
	for (size_t k = 0; k < nsql; k++) {
		const mrt_sql *q = api->op_sql(o, k);
		if (api->sql_verb(q) != MRT_SQL_V_ALTER)
			continue;
		enum mrt_sql_action a = api->sql_action(q);
		const char *table = api->sql_table(q);
		if (a != MRT_SQL_A_DROP_CONSTRAINT && a != MRT_SQL_A_DROP_NOT_NULL && a != MRT_SQL_A_DROP_DEFAULT)
			continue;
		if (oc_created(api, m, table, o, k) || wc_downgrade_cleans(api, m, table))
			continue;
		if (a == MRT_SQL_A_DROP_CONSTRAINT) {
			const char *cname = api->sql_name(q);
			if (wc_downgrade_readds_not_valid(api, m, cname))
				continue;
			snprintf(what, sizeof(what), "ALTER TABLE ... DROP CONSTRAINT drops constraint '%s' of existing table "
			         "'%s'", cname ? cname : "?", table ? table : "?");
		} else {
			const char *col = api->sql_column(q);
			snprintf(what, sizeof(what), "ALTER TABLE ... %s %s of existing column '%s.%s'",
			         a == MRT_SQL_A_DROP_NOT_NULL ? "DROP NOT NULL" : "DROP DEFAULT",
			         a == MRT_SQL_A_DROP_NOT_NULL ? "drops NOT NULL" : "drops the server default",
			         table ? table : "?", col ? col : "?");
		}
		int rc = wc_report(ctx, api, o, oc_sql_line(api, o, q), what);
		if (rc)
			return rc;
	}
	return MRT_OK;
}

static int wc_check(void *state, mrt_ctx *ctx, const mrt_migration *m)
{
	const struct mrk_state *s = state;
	return mrk_walk(s->api, state, ctx, m, false, wc_check_op);
}

static const mrt_option_spec wc_options[] = {{0}};

MRT_PLUGIN_DEFINE(.kind = MRT_KIND_RULE, .name = "weakened-constraint", .version = "1.0.0",
                  .description = "a constraint of an existing table is dropped or relaxed (sets up MRT008)",
                  .init = mrk_init, .check_migration = wc_check, .fini = mrk_fini, .options = wc_options)
