/*
 * check_not_valid.c — MRT026 check-not-valid: a CHECK constraint added to an existing table is validated in one go
 * (PostgreSQL).
 *
 * Fires in upgrade() on op.create_check_constraint(name, table, condition) and batch_op.create_check_constraint(name,
 * condition) on an existing table, and on `ALTER TABLE t ADD CONSTRAINT c CHECK (...)` without NOT VALID in
 * execute() SQL or through a bind; also in helpers and under conditions. PostgreSQL scans every row under an ACCESS
 * EXCLUSIVE lock (reads and writes stop), and one violating row fails the migration.
 *
 * The safe recipe: `ADD CONSTRAINT ... CHECK (...) NOT VALID` (instant; new rows are checked) in one revision,
 * `VALIDATE CONSTRAINT` (SHARE UPDATE EXCLUSIVE: reads and writes go on) in a later one. A create_check_constraint
 * with `postgresql_not_valid=True` (custom compiler) is accepted too.
 *
 * Not reported: tables created earlier in the same upgrade(), CHECKs inside create_table or on a column being added,
 * downgrade() (re-creating a dropped check there is MRT008's finding).
 */
#include <stdio.h>
#include <string.h>

#include "../safety_common/sf_common.h"

static const char *ck_hint = "add it with op.execute(\"ALTER TABLE ... ADD CONSTRAINT ... CHECK (...) NOT VALID\") "
                             "and run VALIDATE CONSTRAINT in a later revision";

static int ck_report(const struct sf_state *s, mrt_ctx *ctx, const mrt_op *o, unsigned line, const char *how,
                     const char *cname, const char *table)
{
	const mrt_host_api *api = s->api;
	char notes[200];
	sf_notes(api, o, notes, sizeof(notes));
	return api->report(ctx, MRT_SEV_DEFAULT, line, api->op_col(o), ck_hint,
	                   "%s adds check constraint '%s' to existing table '%s' without NOT VALID%s: every row is "
	                   "scanned under an ACCESS EXCLUSIVE lock, and one violating row fails the migration",
	                   how, cname ? cname : "<dynamic>", table ? table : "<dynamic>", notes);
}

static int ck_op(void *state, mrt_ctx *ctx, const mrt_migration *m, const mrt_func *f, const mrt_op *o)
{
	const struct sf_state *s = state;
	const mrt_host_api *api = s->api;
	const char *name = api->op_name(o);
	if (!name)
		return MRT_OK;
	if (!strcmp(name, "create_check_constraint")) {
		const char *table = sf_op_table(api, o, "table_name", 1);
		if (!sf_existing(api, m, f, table, o) || sf_true(api, api->op_arg(o, "postgresql_not_valid", -1)))
			return MRT_OK;
		char how[64];
		return ck_report(s, ctx, o, api->op_line(o), sf_how(api, o, how, sizeof(how)),
		                 sf_str(api, api->op_arg(o, "constraint_name", 0)), table);
	}
	size_t ns = api->op_sql_count(o);
	for (size_t k = 0; k < ns; k++) {
		const mrt_sql *q = api->op_sql(o, k);
		const char *kind = api->sql_constraint_kind(q);
		if (api->sql_verb(q) != MRT_SQL_V_ALTER || api->sql_action(q) != MRT_SQL_A_ADD_CONSTRAINT || !kind ||
		    strcmp(kind, "CHECK") != 0 || (api->sql_flags(q) & MRT_SQL_NOT_VALID))
			continue;
		const char *table = api->sql_table(q);
		if (!sf_existing(api, m, f, table, o))
			continue;
		int rc = ck_report(s, ctx, o, sf_sql_line(api, o, q), "ALTER TABLE ... ADD CONSTRAINT ... CHECK",
		                   api->sql_name(q), table);
		if (rc != MRT_OK)
			return rc;
	}
	return MRT_OK;
}

static int ck_check(void *state, mrt_ctx *ctx, const mrt_migration *m)
{
	const struct sf_state *s = state;
	return sf_walk(s->api, state, ctx, m, false, ck_op);
}

static const mrt_option_spec ck_options[] = {
	{0},
};

MRT_PLUGIN_DEFINE(.kind = MRT_KIND_RULE, .name = "check-not-valid", .version = "1.0.0",
                  .description = "a CHECK constraint is added to an existing table without NOT VALID",
                  .init = sf_init, .check_migration = ck_check, .fini = sf_fini, .options = ck_options)
