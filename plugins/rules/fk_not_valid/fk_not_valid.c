/*
 * fk_not_valid.c — MRT025 fk-not-valid: a foreign key added to an existing table is validated in one go (PostgreSQL).
 *
 * Fires in upgrade() on op.create_foreign_key(name, source, referent, ...) and batch_op.create_foreign_key(...) whose
 * source table already exists, on op.add_column / batch_op.add_column of a Column carrying sa.ForeignKey(...), and on
 * ALTER TABLE statements in execute() SQL or through a bind that add a FOREIGN KEY / REFERENCES without NOT VALID;
 * also in helpers and under conditions. Adding the constraint checks every existing row while holding a SHARE ROW
 * EXCLUSIVE lock on both tables: writes stop for the whole scan, and one orphan row fails the migration.
 *
 * The safe recipe (Alembic has no keyword for it): `ALTER TABLE t ADD CONSTRAINT fk ... FOREIGN KEY ... NOT VALID`
 * in one revision, `ALTER TABLE t VALIDATE CONSTRAINT fk` (a weaker lock) in a later one. A create_foreign_key with
 * `postgresql_not_valid=True` (custom compiler) is accepted too.
 *
 * Not reported: source tables created earlier in the same upgrade() (empty: nothing to validate), foreign keys inside
 * create_table, downgrade() (re-creating a dropped constraint there is MRT008's finding).
 */
#include <stdio.h>
#include <string.h>

#include "../safety_common/sf_common.h"

static const char *fk_hint = "add it with op.execute(\"ALTER TABLE ... ADD CONSTRAINT ... FOREIGN KEY ... NOT VALID\") "
                             "and run VALIDATE CONSTRAINT in a later revision";

static int fk_report(const struct sf_state *s, mrt_ctx *ctx, const mrt_op *o, unsigned line, const char *how,
                     const char *what, const char *table, const char *referent)
{
	const mrt_host_api *api = s->api;
	char notes[200], ref[200];
	sf_notes(api, o, notes, sizeof(notes));
	ref[0] = '\0';
	if (referent)
		snprintf(ref, sizeof(ref), " and '%s'", referent);
	return api->report(ctx, MRT_SEV_DEFAULT, line, api->op_col(o), fk_hint,
	                   "%s adds %s to existing table '%s' without NOT VALID%s: every row is checked while writes to "
	                   "'%s'%s are blocked, and one orphan row fails the migration",
	                   how, what, table ? table : "<dynamic>", notes, table ? table : "<dynamic>", ref);
}

/* Target table of a ForeignKey("parent.id") / ForeignKey(parent.c.id) first argument, into buf. */
static const char *fk_parent(const mrt_host_api *api, const mrt_value *fkcall, char *buf, size_t size)
{
	const char *t = sf_str(api, api->value_call_arg(fkcall, "column", 0));
	if (!t)
		return NULL;
	const char *dot = strrchr(t, '.');
	if (!dot)
		return NULL;
	size_t n = (size_t)(dot - t);
	if (n == 0 || n >= size)
		return NULL;
	memcpy(buf, t, n);
	buf[n] = '\0';
	return buf;
}

static int fk_op(void *state, mrt_ctx *ctx, const mrt_migration *m, const mrt_func *f, const mrt_op *o)
{
	const struct sf_state *s = state;
	const mrt_host_api *api = s->api;
	const char *name = api->op_name(o);
	if (!name)
		return MRT_OK;
	char how[64], what[200];
	/* first bytes first: this runs for every op */
	if (name[0] == 'c' && !strcmp(name, "create_foreign_key")) {
		const char *table = sf_op_table(api, o, "source_table", 1);
		if (!sf_existing(api, m, f, table, o) || sf_true(api, api->op_arg(o, "postgresql_not_valid", -1)))
			return MRT_OK;
		const char *cname = sf_str(api, api->op_arg(o, "constraint_name", 0));
		const char *referent = sf_str(api, sf_arg(api, o, "referent_table", 2));
		if (cname)
			snprintf(what, sizeof(what), "foreign key '%s'", cname);
		else
			snprintf(what, sizeof(what), "a foreign key");
		return fk_report(s, ctx, o, api->op_line(o), sf_how(api, o, how, sizeof(how)), what, table, referent);
	}
	if (name[0] == 'a' && !strcmp(name, "add_column")) {
		const mrt_value *col = sf_add_column_col(api, o);
		if (!col)
			return MRT_OK;
		/* the first positional ForeignKey(...) first; whether the table exists (created_in_revision) costs more,
		 * and most columns have no foreign key */
		size_t n = api->value_item_count(col);
		for (size_t i = 0; i < n; i++) {
			const mrt_value *a = api->value_item(col, i);
			if (api->value_item_name(col, i) || !sf_is_call(api, a, "ForeignKey"))
				continue;
			const char *table = sf_op_table(api, o, "table_name", 0);
			if (!sf_existing(api, m, f, table, o))
				return MRT_OK;
			char pbuf[128];
			const char *cn = sf_column_name(api, col);
			snprintf(what, sizeof(what), "column '%s' with a foreign key", cn ? cn : "<dynamic>");
			return fk_report(s, ctx, o, api->op_line(o), sf_how(api, o, how, sizeof(how)), what, table,
			                 fk_parent(api, a, pbuf, sizeof(pbuf)));
		}
		return MRT_OK;
	}
	size_t ns = api->op_sql_count(o);
	for (size_t k = 0; k < ns; k++) {
		const mrt_sql *q = api->op_sql(o, k);
		if (api->sql_verb(q) != MRT_SQL_V_ALTER || (api->sql_flags(q) & MRT_SQL_NOT_VALID))
			continue;
		size_t len = 0;
		const char *text = api->sql_text(q, &len);
		const char *kind = api->sql_constraint_kind(q);
		bool fk = (kind && !strcmp(kind, "FOREIGN KEY")) || sf_sql_has(text, len, "FOREIGN KEY") ||
		          sf_sql_has(text, len, "REFERENCES");
		if (!fk)
			continue;
		const char *table = api->sql_table(q);
		if (!sf_existing(api, m, f, table, o))
			continue;
		const char *cname = api->sql_action(q) == MRT_SQL_A_ADD_CONSTRAINT ? api->sql_name(q) : NULL;
		if (cname)
			snprintf(what, sizeof(what), "foreign key '%s'", cname);
		else
			snprintf(what, sizeof(what), "a foreign key");
		int rc = fk_report(s, ctx, o, sf_sql_line(api, o, q), "ALTER TABLE ... FOREIGN KEY", what, table,
		                   NULL);
		if (rc != MRT_OK)
			return rc;
	}
	return MRT_OK;
}

static int fk_check(void *state, mrt_ctx *ctx, const mrt_migration *m)
{
	const struct sf_state *s = state;
	return sf_walk(s->api, state, ctx, m, false, fk_op);
}

static const mrt_option_spec fk_options[] = {
	{0},
};

MRT_PLUGIN_DEFINE(.kind = MRT_KIND_RULE, .name = "fk-not-valid", .version = "1.0.0",
                  .description = "a foreign key is added to an existing table without NOT VALID",
                  .init = sf_init, .check_migration = fk_check, .fini = sf_fini, .options = fk_options)
