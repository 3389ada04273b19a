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
#include <strings.h>

#include "mrt_sdk.h"

struct inc_state {
	const mrt_host_api *api; /* borrowed until fini() */
};

static int inc_init(const mrt_host_api *api, const mrt_options *opts, void **state, mrt_diag *diag)
{
	(void)opts;
	struct inc_state *s = api->alloc(sizeof(*s));
	if (!s) {
		diag->code = MRT_ENOMEM;
		snprintf(diag->message, sizeof(diag->message), "out of memory");
		return MRT_ENOMEM;
	}
	s->api = api;
	*state = s;
	return MRT_OK;
}

static void inc_fini(void *state)
{
	struct inc_state *s = state;
	if (s)
		s->api->free(s);
}

static void inc_notes(const mrt_host_api *api, const mrt_op *o, char *buf, size_t size)
{
	const char *helper = api->op_helper(o);
	int w = 0;
	buf[0] = '\0';
	if (helper)
		w = snprintf(buf, size, " (in helper %s(), called at line %u)", helper, api->op_call_line(o));
	if (w >= 0 && (size_t)w < size && (api->op_flags(o) & MRT_OP_CONDITIONAL))
		snprintf(buf + w, size - (size_t)w, " (conditional)");
}

static void inc_bare(const char *s, const char **start, size_t *len)
{
	const char *dot = strrchr(s, '.');
	const char *b = dot ? dot + 1 : s;
	size_t n = strlen(b);
	if (n >= 2 && (b[0] == '"' || b[0] == '`') && (b[n - 1] == '"' || b[n - 1] == '`')) {
		b++;
		n -= 2;
	}
	*start = b;
	*len = n;
}

static bool inc_same_name(const char *a, const char *b)
{
	if (!a || !b)
		return false;
	const char *pa, *pb;
	size_t na, nb;
	inc_bare(a, &pa, &na);
	inc_bare(b, &pb, &nb);
	return na == nb && na > 0 && strncasecmp(pa, pb, na) == 0;
}

static const char *inc_str_arg(const mrt_host_api *api, const mrt_op *o, const char *kw, int pos)
{
	const mrt_value *v = api->op_arg(o, kw, pos);
	return v && api->value_kind(v) == MRT_VAL_STR ? api->value_text(v, NULL) : NULL;
}

/* Whether one of the first idx ops of fn creates table (op.create_table or CREATE TABLE). */
static bool inc_table_created_earlier(const mrt_host_api *api, const mrt_func *fn, size_t idx, const char *table)
{
	for (size_t i = 0; i < idx; i++) {
		const mrt_op *o = api->func_op(fn, i);
		const char *name = api->op_name(o);
		if (name && !strcmp(name, "create_table") && inc_same_name(api->op_table(o), table))
			return true;
		size_t n = api->op_sql_count(o);
		for (size_t k = 0; k < n; k++) {
			const mrt_sql *q = api->op_sql(o, k);
			if (api->sql_verb(q) == MRT_SQL_V_CREATE && api->sql_object(q) == MRT_SQL_O_TABLE &&
			    inc_same_name(api->sql_table(q), table))
				return true;
		}
	}
	return false;
}

/* Whether one of the first idx ops of fn creates index name (op.create_index or CREATE INDEX). */
static bool inc_index_created_earlier(const mrt_host_api *api, const mrt_func *fn, size_t idx, const char *index)
{
	if (!index)
		return false;
	for (size_t i = 0; i < idx; i++) {
		const mrt_op *o = api->func_op(fn, i);
		const char *name = api->op_name(o);
		if (name && !strcmp(name, "create_index") && inc_same_name(inc_str_arg(api, o, "index_name", 0), index))
			return true;
		size_t n = api->op_sql_count(o);
		for (size_t k = 0; k < n; k++) {
			const mrt_sql *q = api->op_sql(o, k);
			if (api->sql_verb(q) == MRT_SQL_V_CREATE && api->sql_object(q) == MRT_SQL_O_INDEX &&
			    inc_same_name(api->sql_name(q), index))
				return true;
		}
	}
	return false;
}

/* Whether table is new in this revision: created by upgrade() (before the op when it is in upgrade()), or by the
 * function holding the op before it. */
static bool inc_new_table(const mrt_host_api *api, const mrt_migration *m, const mrt_func *fn, size_t idx,
                          const char *table)
{
	if (!table)
		return false;
	if (api->func_role(fn) == MRT_FN_UPGRADE)
		return api->created_in_revision(m, table, api->func_op(fn, idx));
	return api->created_in_revision(m, table, NULL) || inc_table_created_earlier(api, fn, idx, table);
}

/* Whether a statement of op o before statement k creates table (CREATE TABLE ...; ... in one execute()). */
static bool inc_created_in_op(const mrt_host_api *api, const mrt_op *o, size_t k, const char *table)
{
	for (size_t i = 0; i < k; i++) {
		const mrt_sql *q = api->op_sql(o, i);
		if (api->sql_verb(q) == MRT_SQL_V_CREATE && api->sql_object(q) == MRT_SQL_O_TABLE &&
		    inc_same_name(api->sql_table(q), table))
			return true;
	}
	return false;
}

static const char *inc_hint_create = "build it with postgresql_concurrently=True (CREATE INDEX CONCURRENTLY) inside "
                                     "`with op.get_context().autocommit_block():`";
static const char *inc_hint_drop = "drop it with postgresql_concurrently=True (DROP INDEX CONCURRENTLY) inside "
                                   "`with op.get_context().autocommit_block():`";

static int inc_report(mrt_ctx *ctx, const mrt_host_api *api, const mrt_op *o, unsigned line, bool create,
                      const char *how, const char *index, const char *table)
{
	char notes[200], on[160] = "";
	inc_notes(api, o, notes, sizeof(notes));
	if (table)
		snprintf(on, sizeof(on), " on existing table '%s'", table);
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

static int inc_check_op(const struct inc_state *s, mrt_ctx *ctx, const mrt_migration *m, const mrt_func *fn,
                        size_t idx)
{
	const mrt_host_api *api = s->api;
	const mrt_op *o = api->func_op(fn, idx);
	const char *name = api->op_name(o);
	if (name && (!strcmp(name, "create_index") || !strcmp(name, "drop_index"))) {
		bool create = name[0] == 'c';
		bool batch = (api->op_flags(o) & MRT_OP_BATCH) != 0;
		const mrt_value *cc = api->op_arg(o, "postgresql_concurrently", -1);
		if (cc && (api->value_kind(cc) != MRT_VAL_BOOL || api->value_bool(cc)))
			return MRT_OK; /* concurrent, or not a literal */
		const char *table = api->op_table(o);
		const char *index = inc_str_arg(api, o, "index_name", 0);
		if (inc_new_table(api, m, fn, idx, table))
			return MRT_OK;
		if (!create && inc_index_created_earlier(api, fn, idx, index))
			return MRT_OK;
		char how[64];
		snprintf(how, sizeof(how), "%s.%s()", batch ? "batch_op" : "op", name);
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
		if (inc_new_table(api, m, fn, idx, table) || inc_created_in_op(api, o, k, table))
			continue;
		if (verb == MRT_SQL_V_DROP && inc_index_created_earlier(api, fn, idx + 1, index)) {
			/* created by an earlier op, or by an earlier statement of this one */
			bool earlier = inc_index_created_earlier(api, fn, idx, index);
			for (size_t j = 0; j < k && !earlier; j++) {
				const mrt_sql *p = api->op_sql(o, j);
				earlier = api->sql_verb(p) == MRT_SQL_V_CREATE && api->sql_object(p) == MRT_SQL_O_INDEX &&
				          inc_same_name(api->sql_name(p), index);
			}
			if (earlier)
				continue;
		}
		int rc = inc_report(ctx, api, o, api->op_line(o) + api->sql_line(q), verb == MRT_SQL_V_CREATE,
		                    verb == MRT_SQL_V_CREATE ? "CREATE INDEX" : "DROP INDEX", index, table);
		if (rc)
			return rc;
	}
	return MRT_OK;
}

static int inc_check(void *state, mrt_ctx *ctx, const mrt_migration *m)
{
	const struct inc_state *s = state;
	const mrt_host_api *api = s->api;
	size_t nf = api->migration_func_count(m);
	for (size_t f = 0; f < nf; f++) {
		const mrt_func *fn = api->migration_func(m, f);
		if (api->func_role(fn) == MRT_FN_HELPER)
			continue; /* helper ops are expanded at their call sites */
		size_t nops = api->func_op_count(fn);
		for (size_t i = 0; i < nops; i++) {
			int rc = inc_check_op(s, ctx, m, fn, i);
			if (rc)
				return rc;
		}
	}
	return MRT_OK;
}

static const mrt_option_spec inc_options[] = {
	{0},
};

MRT_PLUGIN_DEFINE(.kind = MRT_KIND_RULE, .name = "index-not-concurrent", .version = "1.0.0",
                  .description = "an index of an existing table is built or dropped without CONCURRENTLY "
                                 "(PostgreSQL)",
                  .init = inc_init, .check_migration = inc_check, .fini = inc_fini, .options = inc_options)
