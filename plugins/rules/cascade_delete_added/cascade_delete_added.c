/*
 * cascade_delete_added.c — MRT037 cascade-delete-added: a foreign key with ON DELETE CASCADE is added to an existing
 * table.
 *
 * From then on, deleting a parent row silently deletes the child rows, also the ones written before the deploy; a
 * downgrade that drops the key does not bring them back. Fires in upgrade() on:
 *   - op.create_foreign_key(..., ondelete="CASCADE") and batch_op.create_foreign_key(..., ondelete="CASCADE");
 *   - op.add_column / batch_op.add_column with sa.Column(..., sa.ForeignKey(..., ondelete="CASCADE"));
 *   - ALTER TABLE ... ADD CONSTRAINT ... REFERENCES ... ON DELETE CASCADE and ADD COLUMN ... REFERENCES ... ON DELETE
 *     CASCADE in execute() or through a bind.
 * Not on create_table / CREATE TABLE (a new table has no rows to lose) or tables created earlier in the same upgrade.
 */
#include <stdio.h>
#include <string.h>

#include "mrt_sdk.h"
#include "../common/mrt_rulekit.h"
#include "../ops_common/ops_common.h"

static bool cd_cascade(const mrt_host_api *api, const mrt_value *v)
{
	return oc_ieq(oc_str(api, v), "CASCADE");
}

/* The first sa.ForeignKey(..., ondelete="CASCADE") among the items of a Column call, or NULL. */
static const mrt_value *cd_column_fk(const mrt_host_api *api, const mrt_value *col)
{
	if (!col || api->value_kind(col) != MRT_VAL_CALL)
		return NULL;
	size_t n = api->value_item_count(col);
	for (size_t i = 0; i < n; i++) {
		const mrt_value *it = api->value_item(col, i);
		if (api->value_kind(it) != MRT_VAL_CALL)
			continue;
		const char *callee = oc_base(api->value_text(it, NULL));
		if (callee && callee[0] == 'F' && !strcmp(callee, "ForeignKey") &&
		    cd_cascade(api, api->value_call_arg(it, "ondelete", -1)))
			return it;
	}
	return NULL;
}

static const char *cd_hint = "prefer ON DELETE RESTRICT (or no action) and delete children explicitly; if cascading "
                             "is intended, say so: `# mrt: ignore[MRT037] <why cascading deletes are wanted>`";

static int cd_report(mrt_ctx *ctx, const mrt_host_api *api, const mrt_op *o, unsigned line, const char *how,
                     const char *table, const char *ref)
{
	char notes[200];
	oc_notes(api, o, notes, sizeof(notes));
	return api->report(ctx, MRT_SEV_DEFAULT, line, api->op_col(o), cd_hint,
	                   "%s adds a foreign key with ON DELETE CASCADE from existing table '%s'%s%s%s%s: deleting a "
	                   "parent row now silently deletes its child rows, and no downgrade brings them back",
	                   how, table ? table : "?", ref ? " to '" : "", ref ? ref : "", ref ? "'" : "", notes);
}

static int cd_check_op(void *state, mrt_ctx *ctx, const mrt_migration *m, const mrt_func *fn, const mrt_op *o)
{
	(void)fn;
	const mrt_host_api *api = ((const struct mrk_state *)state)->api;
	const char *name = api->op_name(o);
	char how[96];
	if (!name)
		return MRT_OK;
	/* first bytes first: this runs for every op */
	if (name[0] == 'c' && !strcmp(name, "create_foreign_key")) {
		if (!cd_cascade(api, api->op_arg(o, "ondelete", -1)))
			return MRT_OK;
		const char *table = oc_op_table(api, o, "source_table", 1);
		if (table && api->created_in_revision(m, table, o))
			return MRT_OK;
		const char *ref = oc_str(api, oc_arg(api, o, "referent_table", 2));
		oc_how(api, o, how, sizeof(how));
		return cd_report(ctx, api, o, api->op_line(o), how, table, ref);
	}
	if (name[0] == 'a' && !strcmp(name, "add_column")) {
		const mrt_value *fk = cd_column_fk(api, oc_arg(api, o, "column", 1));
		if (!fk)
			return MRT_OK;
		const char *table = oc_op_table(api, o, "table_name", 0);
		if (table && api->created_in_revision(m, table, o))
			return MRT_OK;
		const char *target = oc_str(api, api->value_call_arg(fk, "column", 0));
		char ref[200];
		if (target) {
			const char *dot = strrchr(target, '.');
			snprintf(ref, sizeof(ref), "%.*s", dot ? (int)(dot - target) : (int)strlen(target), target);
		}
		oc_how(api, o, how, sizeof(how));
		return cd_report(ctx, api, o, api->op_line(o), how, table,
		                 target ? ref : NULL);
	}
	size_t nsql = api->op_sql_count(o);
	for (size_t k = 0; k < nsql; k++) {
		const mrt_sql *q = api->op_sql(o, k);
		if (api->sql_verb(q) != MRT_SQL_V_ALTER || !(api->sql_flags(q) & MRT_SQL_ON_DELETE_CASCADE))
			continue;
		const char *table = api->sql_table(q);
		if (oc_created(api, m, table, o, k))
			continue;
		int rc = cd_report(ctx, api, o, oc_sql_line(api, o, q),
		                   api->sql_action(q) == MRT_SQL_A_ADD_COLUMN ? "ALTER TABLE ... ADD COLUMN ... REFERENCES"
		                                                              : "ALTER TABLE ... ADD CONSTRAINT",
		                   table, NULL);
		if (rc)
			return rc;
	}
	return MRT_OK;
}

static int cd_check(void *state, mrt_ctx *ctx, const mrt_migration *m)
{
	const struct mrk_state *s = state;
	return mrk_walk(s->api, state, ctx, m, false, cd_check_op);
}

static const mrt_option_spec cd_options[] = {{0}};

MRT_PLUGIN_DEFINE(.kind = MRT_KIND_RULE, .name = "cascade-delete-added", .version = "1.0.0",
                  .description = "a foreign key with ON DELETE CASCADE is added to an existing table",
                  .init = mrk_init, .check_migration = cd_check, .fini = mrk_fini, .options = cd_options)
