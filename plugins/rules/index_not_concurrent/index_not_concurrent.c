/*
 * index_not_concurrent.c — MRT018 index-not-concurrent (PostgreSQL): an index of an existing table is built or
 * dropped without CONCURRENTLY.
 *
 * Fires on op.create_index / op.drop_index (and batch_op.*) without postgresql_concurrently=True, and on CREATE
 * INDEX / DROP INDEX without CONCURRENTLY in op.execute(...) or through a bind, in upgrade() and downgrade(), also in
 * helpers and under conditions. A plain CREATE INDEX holds a SHARE lock (every write waits) for the whole build; a
 * plain DROP INDEX takes an ACCESS EXCLUSIVE lock.
 *
 * Not on tables created in the same revision (by upgrade(), or earlier in the same downgrade()), not on an index the
 * same function created before, not when postgresql_concurrently is not a literal. Dialect: PostgreSQL only (the
 * YAML lists it; the core skips the rule for other dialects).
 */
#include <stdio.h>
#include <string.h>

#include "mrt_sdk.h"
#include "../common/mrt_rulekit.h"

static const char *inc_hint_create = "build it with postgresql_concurrently=True (CREATE INDEX CONCURRENTLY) inside "
                                     "`with op.get_context().autocommit_block():`";
static const char *inc_hint_drop = "drop it with postgresql_concurrently=True (DROP INDEX CONCURRENTLY) inside "
                                   "`with op.get_context().autocommit_block():`";

static int inc_report(mrt_ctx *ctx, const mrt_host_api *api, const mrt_op *o, unsigned line, bool create,
                      const char *how, const char *index, const char *table)
{
	char notes[200], on[160] = "";
	mrk_notes(api, o, notes, sizeof(notes));
	if (table) { /* snprintf(on, sizeof(on), " on existing table '%s'", table) without the format engine */
		size_t n = 0;
		mrk_cat(on, sizeof(on), &n, " on existing table '");
		mrk_cat(on, sizeof(on), &n, table);
		mrk_cat(on, sizeof(on), &n, "'");
	}
	if (create)
		return api->report(ctx, MRT_SEV_DEFAULT, line, api->op_col(o), inc_hint_create,
		                   "%s builds index '%s'%s without CONCURRENTLY%s: every write to the table waits for the "
		                   "whole build",
		                   how, index ? index : "?", on, notes);
	return api->report(ctx, MRT_SEV_DEFAULT, line, api->op_col(o), inc_hint_drop,
	                   "%s drops index '%s'%s without CONCURRENTLY%s: it takes an ACCESS EXCLUSIVE lock that blocks "
	                   "reads and writes while it waits for running queries",
	                   how, index ? index : "?", on, notes);
}

static int inc_check_op(void *state, mrt_ctx *ctx, const mrt_migration *m, const mrt_func *fn, size_t idx)
{
	const struct mrk_state *s = state;
	const mrt_host_api *api = s->api;
	const mrt_op *o = api->func_op(fn, idx);
	const char *name = api->op_name(o);
	/* the first byte first: most ops are neither, and differ there */
	bool create = name && name[0] == 'c' && !strcmp(name, "create_index");
	if (create || (name && name[0] == 'd' && !strcmp(name, "drop_index"))) {
		bool batch = (api->op_flags(o) & MRT_OP_BATCH) != 0;
		const mrt_value *cc = api->op_arg(o, "postgresql_concurrently", -1);
		if (cc && (api->value_kind(cc) != MRT_VAL_BOOL || api->value_bool(cc)))
			return MRT_OK; /* concurrent, or not a literal */
		const char *table = api->op_table(o);
		const char *index = mrk_str_arg(api, o, "index_name", 0);
		if (mrk_new_table(api, m, fn, idx, table))
			return MRT_OK;
		if (!create && mrk_created_earlier(api, fn, idx, MRT_SQL_O_INDEX, index))
			return MRT_OK;
		const char *how = batch ? (create ? "batch_op.create_index()" : "batch_op.drop_index()")
		                        : (create ? "op.create_index()" : "op.drop_index()");
		return inc_report(ctx, api, o, api->op_line(o), create, how, index, table);
	}
	size_t nsql = api->op_sql_count(o);
	for (size_t k = 0; k < nsql; k++) {
		const mrt_sql *q = api->op_sql(o, k);
		enum mrt_sql_verb verb = api->sql_verb(q);
		if ((verb != MRT_SQL_V_CREATE && verb != MRT_SQL_V_DROP) || api->sql_object(q) != MRT_SQL_O_INDEX ||
		    (api->sql_flags(q) & MRT_SQL_CONCURRENTLY))
			continue;
		const char *table = api->sql_table(q);
		const char *index = api->sql_name(q);
		if (mrk_new_table(api, m, fn, idx, table) || mrk_created_in_op(api, o, k, table))
			continue;
		if (verb == MRT_SQL_V_DROP && mrk_created_earlier(api, fn, idx + 1, MRT_SQL_O_INDEX, index)) {
			/* created by an earlier op, or by an earlier statement of this one */
			bool earlier = mrk_created_earlier(api, fn, idx, MRT_SQL_O_INDEX, index);
			for (size_t j = 0; j < k && !earlier; j++) {
				const mrt_sql *p = api->op_sql(o, j);
				earlier = api->sql_verb(p) == MRT_SQL_V_CREATE && api->sql_object(p) == MRT_SQL_O_INDEX &&
				          mrk_same_bare(api->sql_name(p), index);
			}
			if (earlier)
				continue;
		}
		int rc = inc_report(ctx, api, o, mrk_sql_line(api, o, q), verb == MRT_SQL_V_CREATE,
		                    verb == MRT_SQL_V_CREATE ? "CREATE INDEX" : "DROP INDEX", index, table);
		if (rc)
			return rc;
	}
	return MRT_OK;
}

static int inc_check(void *state, mrt_ctx *ctx, const mrt_migration *m)
{
	const struct mrk_state *s = state;
	/* upgrade() and downgrade() ops; helper ops are expanded at their call sites */
	return mrk_walk_at(s->api, state, ctx, m, true, inc_check_op);
}

static const mrt_option_spec inc_options[] = {
	{0},
};

MRT_PLUGIN_DEFINE(.kind = MRT_KIND_RULE, .name = "index-not-concurrent", .version = "1.0.0",
                  .description = "an index of an existing table is built or dropped without CONCURRENTLY "
                                 "(PostgreSQL)",
                  .init = mrk_init, .check_migration = inc_check, .fini = mrk_fini, .options = inc_options)
