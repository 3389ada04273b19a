/*
 * maintenance_lock.c — MRT036 maintenance-lock (PostgreSQL): a maintenance statement that locks a table for its whole
 * run.
 *
 * Fires on SQL in execute() or through a bind, in upgrade() and downgrade() (helpers and conditions included):
 * VACUUM FULL and CLUSTER (rewrite the table under ACCESS EXCLUSIVE), REINDEX without CONCURRENTLY (blocks writes,
 * and reads through the index), LOCK TABLE (any mode: a migration holding an explicit lock until commit), and
 * ALTER TABLE ... DETACH PARTITION without CONCURRENTLY (ACCESS EXCLUSIVE on the parent). Not on tables created
 * earlier in the same upgrade. One finding per statement.
 */
#include <stdio.h>
#include <string.h>

#include "mrt_sdk.h"
#include "../common/mrt_rulekit.h"
#include "../ops_common/ops_common.h"

/* The statement's kind and the hint for it, or NULL. */
static const char *ml_kind(const mrt_host_api *api, const mrt_sql *q, const char **hint, const char **effect)
{
	uint32_t fl = api->sql_flags(q);
	switch (api->sql_verb(q)) {
	case MRT_SQL_V_VACUUM:
		if (!(fl & MRT_SQL_FULL))
			return NULL;
		*hint = "use pg_repack (or plain VACUUM) outside the migration; VACUUM cannot run inside a transaction "
		        "block anyway";
		*effect = "rewrites the table under an ACCESS EXCLUSIVE lock: no reads or writes until it finishes";
		return "VACUUM FULL";
	case MRT_SQL_V_CLUSTER:
		*hint = "use pg_repack outside the migration, or leave the physical order alone";
		*effect = "rewrites the table under an ACCESS EXCLUSIVE lock: no reads or writes until it finishes";
		return "CLUSTER";
	case MRT_SQL_V_REINDEX:
		if (fl & MRT_SQL_CONCURRENTLY)
			return NULL;
		*hint = "use REINDEX ... CONCURRENTLY (PostgreSQL 12+) inside op.get_context().autocommit_block()";
		*effect = "blocks writes to the table (and reads that use the index) for the whole rebuild";
		return "REINDEX";
	case MRT_SQL_V_LOCK:
		*hint = "let each statement take the lock it needs; if the explicit lock is required, set lock_timeout "
		        "first and keep the transaction short";
		*effect = "holds an explicit table lock until the migration's transaction commits";
		return "LOCK TABLE";
	case MRT_SQL_V_ALTER:
		if (api->sql_action(q) != MRT_SQL_A_DETACH_PARTITION || (fl & MRT_SQL_CONCURRENTLY))
			return NULL;
		*hint = "use ALTER TABLE ... DETACH PARTITION ... CONCURRENTLY (PostgreSQL 14+) inside "
		        "op.get_context().autocommit_block()";
		*effect = "takes an ACCESS EXCLUSIVE lock on the partitioned table";
		return "ALTER TABLE ... DETACH PARTITION";
	default:
		return NULL;
	}
}

static int ml_check_op(void *state, mrt_ctx *ctx, const mrt_migration *m, const mrt_func *fn, const mrt_op *o)
{
	const struct mrk_state *s = state;
	const mrt_host_api *api = s->api;
	size_t nsql = api->op_sql_count(o);
	for (size_t k = 0; k < nsql; k++) {
		const mrt_sql *q = api->op_sql(o, k);
		const char *hint = NULL, *effect = NULL;
		const char *kind = ml_kind(api, q, &hint, &effect);
		if (!kind)
			continue;
		const char *t = api->sql_table(q);
		if (!t)
			t = api->sql_name(q);
		if (oc_created(api, m, t, o, k))
			continue;
		char notes[200], tbl[200];
		oc_notes(api, o, notes, sizeof(notes));
		if (t)
			snprintf(tbl, sizeof(tbl), " on '%s'", t);
		else
			tbl[0] = '\0';
		int rc = api->report(ctx, MRT_SEV_DEFAULT, oc_sql_line(api, o, q), api->op_col(o), hint,
		                     "%s%s in %s()%s %s", kind, tbl, api->func_name(fn), notes, effect);
		if (rc)
			return rc;
	}
	return MRT_OK;
}

static int ml_check(void *state, mrt_ctx *ctx, const mrt_migration *m)
{
	const struct mrk_state *s = state;
	/* upgrade() and downgrade() ops; helper ops are expanded at their call sites */
	return mrk_walk(s->api, state, ctx, m, true, ml_check_op);
}

static const mrt_option_spec ml_options[] = {{0}};

MRT_PLUGIN_DEFINE(.kind = MRT_KIND_RULE, .name = "maintenance-lock", .version = "1.0.0",
                  .description = "VACUUM FULL, CLUSTER, REINDEX, LOCK TABLE or DETACH PARTITION that locks a table",
                  .init = mrk_init, .check_migration = ml_check, .fini = mrk_fini, .options = ml_options)
