/*
 * concurrently_in_transaction.c — MRT019 concurrently-in-transaction (PostgreSQL): CONCURRENTLY inside the
 * migration's transaction.
 *
 * Fires on any op called with postgresql_concurrently=True (op.create_index, op.drop_index, batch_op.*) and on SQL
 * with CONCURRENTLY (CREATE/DROP INDEX, REINDEX, DETACH PARTITION) in op.execute(...) or through a bind, in
 * upgrade() and downgrade(), when the op is not inside `with op.get_context().autocommit_block():`. Alembic runs each
 * migration in a transaction on PostgreSQL, and PostgreSQL refuses CONCURRENTLY there ("cannot run inside a
 * transaction block"); run by hand, a failed concurrent build leaves an INVALID index behind.
 *
 * Tables created in the same revision are not exempt: the statement fails whatever the table.
 */
#include <string.h>

#include "mrt_sdk.h"
#include "../common/mrt_rulekit.h"

static const char *cit_hint = "wrap it in `with op.get_context().autocommit_block():` (and make it idempotent: IF "
                              "NOT EXISTS / IF EXISTS, since a failed concurrent build leaves an INVALID index)";

static int cit_check_op(void *state, mrt_ctx *ctx, const mrt_migration *m, const mrt_func *fn, const mrt_op *o)
{
	(void)m;
	const mrt_host_api *api = ((const struct mrk_state *)state)->api;
	uint32_t flags = api->op_flags(o);
	if (flags & MRT_OP_IN_AUTOCOMMIT)
		return MRT_OK;
	/* the function name and the notes only for a finding: almost no op has one */
	const char *fname;
	char notes[200];
	const mrt_value *cc = api->op_arg(o, "postgresql_concurrently", -1);
	if (cc && api->value_kind(cc) == MRT_VAL_BOOL && api->value_bool(cc)) {
		fname = api->func_name(fn);
		mrk_notes(api, o, notes, sizeof(notes));
		const char *index = mrk_str_arg(api, o, "index_name", 0);
		return api->report(ctx, MRT_SEV_DEFAULT, api->op_line(o), api->op_col(o), cit_hint,
		                   "%s.%s('%s', postgresql_concurrently=True) runs inside the migration's transaction in "
		                   "%s()%s: PostgreSQL refuses CONCURRENTLY in a transaction block and the migration fails",
		                   (flags & MRT_OP_BATCH) ? "batch_op" : "op", api->op_name(o), index ? index : "?",
		                   fname ? fname : "?", notes);
	}
	size_t nsql = api->op_sql_count(o);
	for (size_t k = 0; k < nsql; k++) {
		const mrt_sql *q = api->op_sql(o, k);
		if (!(api->sql_flags(q) & MRT_SQL_CONCURRENTLY))
			continue;
		fname = api->func_name(fn);
		mrk_notes(api, o, notes, sizeof(notes));
		size_t len = 0;
		const char *text = api->sql_text(q, &len);
		int shown = len > 80 ? 77 : (int)len;
		int rc = api->report(ctx, MRT_SEV_DEFAULT, mrk_sql_line(api, o, q), api->op_col(o), cit_hint,
		                     "\"%.*s%s\" runs inside the migration's transaction in %s()%s: PostgreSQL refuses "
		                     "CONCURRENTLY in a transaction block and the migration fails",
		                     shown, text ? text : "", len > 80 ? "..." : "", fname ? fname : "?", notes);
		if (rc)
			return rc;
	}
	return MRT_OK;
}

static int cit_check(void *state, mrt_ctx *ctx, const mrt_migration *m)
{
	const struct mrk_state *s = state;
	/* upgrade() and downgrade() ops; helper ops are expanded at their call sites */
	return mrk_walk(s->api, state, ctx, m, true, cit_check_op);
}

static const mrt_option_spec cit_options[] = {
	{0},
};

MRT_PLUGIN_DEFINE(.kind = MRT_KIND_RULE, .name = "concurrently-in-transaction", .version = "1.0.0",
                  .description = "CONCURRENTLY outside autocommit_block(): PostgreSQL refuses it in a transaction",
                  .init = mrk_init, .check_migration = cit_check, .fini = mrk_fini, .options = cit_options)
