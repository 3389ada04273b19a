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
#include <stdio.h>
#include <string.h>

#include "mrt_sdk.h"

struct cit_state {
	const mrt_host_api *api; /* borrowed until fini() */
};

static int cit_init(const mrt_host_api *api, const mrt_options *opts, void **state, mrt_diag *diag)
{
	(void)opts;
	struct cit_state *s = api->alloc(sizeof(*s));
	if (!s) {
		diag->code = MRT_ENOMEM;
		snprintf(diag->message, sizeof(diag->message), "out of memory");
		return MRT_ENOMEM;
	}
	s->api = api;
	*state = s;
	return MRT_OK;
}

static void cit_fini(void *state)
{
	struct cit_state *s = state;
	if (s)
		s->api->free(s);
}

static void cit_notes(const mrt_host_api *api, const mrt_op *o, char *buf, size_t size)
{
	const char *helper = api->op_helper(o);
	int w = 0;
	buf[0] = '\0';
	if (helper)
		w = snprintf(buf, size, " (in helper %s(), called at line %u)", helper, api->op_call_line(o));
	if (w >= 0 && (size_t)w < size && (api->op_flags(o) & MRT_OP_CONDITIONAL))
		snprintf(buf + w, size - (size_t)w, " (conditional)");
}

static const char *cit_hint = "wrap it in `with op.get_context().autocommit_block():` (and make it idempotent: IF "
                              "NOT EXISTS / IF EXISTS, since a failed concurrent build leaves an INVALID index)";

static int cit_check_op(const struct cit_state *s, mrt_ctx *ctx, const mrt_func *fn, const mrt_op *o)
{
	const mrt_host_api *api = s->api;
	uint32_t flags = api->op_flags(o);
	if (flags & MRT_OP_IN_AUTOCOMMIT)
		return MRT_OK;
	const char *fname = api->func_name(fn);
	char notes[200];
	cit_notes(api, o, notes, sizeof(notes));
	const mrt_value *cc = api->op_arg(o, "postgresql_concurrently", -1);
	if (cc && api->value_kind(cc) == MRT_VAL_BOOL && api->value_bool(cc)) {
		const mrt_value *iv = api->op_arg(o, "index_name", 0);
		const char *index = iv && api->value_kind(iv) == MRT_VAL_STR ? api->value_text(iv, NULL) : NULL;
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
		size_t len = 0;
		const char *text = api->sql_text(q, &len);
		int shown = len > 80 ? 77 : (int)len;
		int rc = api->report(ctx, MRT_SEV_DEFAULT, api->op_line(o) + api->sql_line(q), api->op_col(o), cit_hint,
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
	const struct cit_state *s = state;
	const mrt_host_api *api = s->api;
	size_t nf = api->migration_func_count(m);
	for (size_t f = 0; f < nf; f++) {
		const mrt_func *fn = api->migration_func(m, f);
		if (api->func_role(fn) == MRT_FN_HELPER)
			continue; /* helper ops are expanded at their call sites */
		size_t nops = api->func_op_count(fn);
		for (size_t i = 0; i < nops; i++) {
			int rc = cit_check_op(s, ctx, fn, api->func_op(fn, i));
			if (rc)
				return rc;
		}
	}
	return MRT_OK;
}

static const mrt_option_spec cit_options[] = {
	{0},
};

MRT_PLUGIN_DEFINE(.kind = MRT_KIND_RULE, .name = "concurrently-in-transaction", .version = "1.0.0",
                  .description = "CONCURRENTLY outside autocommit_block(): PostgreSQL refuses it in a transaction",
                  .init = cit_init, .check_migration = cit_check, .fini = cit_fini, .options = cit_options)
