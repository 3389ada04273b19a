/*
 * missing_lock_timeout.c — MRT029 missing-lock-timeout (PostgreSQL): lock-taking DDL with no `SET lock_timeout`
 * executed before it in the same function.
 *
 * A DDL statement that needs a strong lock waits behind any long-running query on the table, and while it waits every
 * other query on that table queues behind it: a one-millisecond ALTER becomes an outage. `SET lock_timeout` makes the
 * statement give up instead (retry later). A rule cannot see env.py, so projects that set the timeout there turn the
 * rule off with the option `env_sets_lock_timeout: true`.
 *
 * Lock-taking here: alter_column, add_column with nullable=False or a server_default, create_index/drop_index without
 * postgresql_concurrently=True, create_foreign_key and the other create_*_constraint/create_primary_key, drop_column,
 * drop_table, drop_constraint, rename_table (also as batch ops), and in SQL: ALTER TABLE (except VALIDATE CONSTRAINT,
 * DETACH ... CONCURRENTLY and a bare ADD COLUMN without NOT NULL/DEFAULT), CREATE/DROP INDEX without CONCURRENTLY,
 * DROP TABLE, TRUNCATE, LOCK, VACUUM FULL, CLUSTER, REINDEX without CONCURRENTLY. Tables the same upgrade created are
 * skipped. A `SET [LOCAL] lock_timeout = <non-zero>` or `SELECT set_config('lock_timeout', ...)` earlier in the same
 * function protects everything after it. upgrade() is checked first, then downgrade(); at most one finding per
 * revision, at the first unprotected lock-taking operation.
 */
#include <stdio.h>
#include <string.h>

#include "mrt_sdk.h"
#include "../common/mrt_rulekit.h"
#include "../ops_common/ops_common.h"

/* Whether SQL statement q sets a (non-zero) lock_timeout. */
static bool lt_sets_timeout(const mrt_host_api *api, const mrt_sql *q)
{
	if (api->sql_verb(q) == MRT_SQL_V_SET) {
		if (!oc_ieq(api->sql_name(q), "lock_timeout"))
			return false;
		const char *v = api->sql_value(q);
		return !(v && (!strcmp(v, "0") || oc_ieq(v, "DEFAULT") || !strcmp(v, "'0'")));
	}
	if (api->sql_verb(q) != MRT_SQL_V_SELECT)
		return false;
	/* SELECT set_config('lock_timeout', '5s', true) */
	size_t len = 0;
	const char *text = api->sql_text(q, &len);
	struct oc_scan sc;
	oc_scan_init(&sc, text, len);
	bool seen = false;
	for (struct oc_tok t = oc_next(&sc); t.kind != OC_T_END; t = oc_next(&sc)) {
		if (oc_tok_is(&t, "set_config"))
			seen = true;
		else if (seen && t.kind == OC_T_STRING && oc_ieqn(t.p, t.n, "'lock_timeout'", 14))
			return true;
	}
	return false;
}

/* Whether the Column of an add_column has nullable=False or a server_default (not None). */
static bool lt_column_heavy(const mrt_host_api *api, const mrt_value *col)
{
	if (!col || api->value_kind(col) != MRT_VAL_CALL)
		return false;
	if (oc_false(api, api->value_call_arg(col, "nullable", -1)))
		return true;
	const mrt_value *d = api->value_call_arg(col, "server_default", -1);
	return d && api->value_kind(d) != MRT_VAL_NONE;
}

/* How an op of lt_ops takes its lock. */
enum lt_kind {
	LT_ALWAYS,     /* always */
	LT_ADD_COLUMN, /* add_column: only with nullable=False or a server_default */
	LT_INDEX,      /* create_index / drop_index: unless postgresql_concurrently=True */
};

/*
 * The lock-taking ops, with where their table is written: keyword table_name, else position table_pos (as
 * oc_op_listed() reads it: 1 for create_*(name, table, ...) and drop_constraint(name, table), else 0), else keyword
 * alt_kw / position alt_pos. Every op of every function is looked up here: lt_lock_op() compares length and first
 * byte before the bytes themselves, so most names are set aside without a library call.
 */
static const struct lt_op {
	const char *name;
	size_t len; /* strlen(name) */
	enum lt_kind kind;
	int table_pos;
	const char *alt_kw; /* or NULL */
	int alt_pos;
} lt_ops[] = {
#define LT_OP(name, kind, pos, alt_kw, alt_pos) {name, sizeof(name) - 1, kind, pos, alt_kw, alt_pos}
	LT_OP("alter_column", LT_ALWAYS, 0, NULL, 0),
	LT_OP("create_foreign_key", LT_ALWAYS, 1, "source_table", 1),
	LT_OP("create_unique_constraint", LT_ALWAYS, 1, NULL, 0),
	LT_OP("create_check_constraint", LT_ALWAYS, 1, NULL, 0),
	LT_OP("create_primary_key", LT_ALWAYS, 1, NULL, 0),
	LT_OP("create_exclude_constraint", LT_ALWAYS, 1, NULL, 0),
	LT_OP("drop_column", LT_ALWAYS, 0, NULL, 0),
	LT_OP("drop_table", LT_ALWAYS, 0, NULL, 0),
	LT_OP("drop_constraint", LT_ALWAYS, 1, NULL, 0),
	LT_OP("rename_table", LT_ALWAYS, 0, "old_table_name", 0),
	LT_OP("add_column", LT_ADD_COLUMN, 0, NULL, 0),
	LT_OP("create_index", LT_INDEX, 1, NULL, 0),
	LT_OP("drop_index", LT_INDEX, 1, NULL, 0),
#undef LT_OP
};

/* What op o does that takes a lock (for the message), or NULL; *table receives its table (may be NULL). */
static const char *lt_lock_op(const mrt_host_api *api, const mrt_op *o, const char **table)
{
	const char *name = api->op_name(o);
	if (!name)
		return NULL;
	*table = NULL;
	size_t len = strlen(name);
	const struct lt_op *l = NULL;
	for (size_t i = 0; i < sizeof(lt_ops) / sizeof(lt_ops[0]) && !l; i++)
		if (lt_ops[i].len == len && lt_ops[i].name[0] == name[0] && !memcmp(lt_ops[i].name, name, len))
			l = &lt_ops[i];
	if (!l)
		return NULL;
	if (l->kind == LT_INDEX && oc_true(api, api->op_arg(o, "postgresql_concurrently", -1)))
		return NULL;
	*table = oc_op_table(api, o, "table_name", l->table_pos);
	if (!*table && l->alt_kw)
		*table = oc_op_table(api, o, l->alt_kw, l->alt_pos);
	if (l->kind == LT_ADD_COLUMN && !lt_column_heavy(api, oc_arg(api, o, "column", 1)))
		return NULL;
	return name;
}

/* What SQL statement q does that takes a lock, or NULL. */
static const char *lt_lock_sql(const mrt_host_api *api, const mrt_sql *q)
{
	uint32_t fl = api->sql_flags(q);
	enum mrt_sql_object obj = api->sql_object(q);
	switch (api->sql_verb(q)) {
	case MRT_SQL_V_ALTER:
		if (obj != MRT_SQL_O_TABLE && obj != MRT_SQL_O_COLUMN && obj != MRT_SQL_O_CONSTRAINT)
			return NULL;
		switch (api->sql_action(q)) {
		case MRT_SQL_A_VALIDATE_CONSTRAINT:
			return NULL;
		case MRT_SQL_A_DETACH_PARTITION:
			return (fl & MRT_SQL_CONCURRENTLY) ? NULL : "ALTER TABLE";
		case MRT_SQL_A_ADD_COLUMN:
			if (!(fl & (MRT_SQL_NOT_NULL | MRT_SQL_HAS_DEFAULT)) && api->sql_extra_actions(q) == 0)
				return NULL;
			return "ALTER TABLE";
		default:
			return "ALTER TABLE";
		}
	case MRT_SQL_V_CREATE:
		return obj == MRT_SQL_O_INDEX && !(fl & MRT_SQL_CONCURRENTLY) ? "CREATE INDEX" : NULL;
	case MRT_SQL_V_DROP:
		if (obj == MRT_SQL_O_INDEX)
			return (fl & MRT_SQL_CONCURRENTLY) ? NULL : "DROP INDEX";
		return obj == MRT_SQL_O_TABLE ? "DROP TABLE" : NULL;
	case MRT_SQL_V_TRUNCATE:
		return "TRUNCATE";
	case MRT_SQL_V_LOCK:
		return "LOCK TABLE";
	case MRT_SQL_V_VACUUM:
		return (fl & MRT_SQL_FULL) ? "VACUUM FULL" : NULL;
	case MRT_SQL_V_CLUSTER:
		return "CLUSTER";
	case MRT_SQL_V_REINDEX:
		return (fl & MRT_SQL_CONCURRENTLY) ? NULL : "REINDEX";
	default:
		return NULL;
	}
}

static const char *lt_hint = "run `SET lock_timeout = '5s'` (op.execute) at the start of the function and retry the "
                             "migration when it times out; if env.py already sets it, turn this rule off with "
                             "`options: {env_sets_lock_timeout: true}`";

static int lt_report(mrt_ctx *ctx, const mrt_host_api *api, const mrt_op *o, unsigned line, const char *what,
                     const char *table, const char *fname)
{
	char notes[200], tbl[200];
	size_t w = 0;
	oc_notes(api, o, notes, sizeof(notes));
	tbl[0] = '\0';
	if (table) { /* " on '<table>'" */
		mrk_cat(tbl, sizeof(tbl), &w, " on '");
		mrk_cat(tbl, sizeof(tbl), &w, table);
		mrk_cat(tbl, sizeof(tbl), &w, "'");
	}
	return api->report(ctx, MRT_SEV_DEFAULT, line, api->op_col(o), lt_hint,
	                   "%s%s%s takes a lock with no `SET lock_timeout` before it in %s(): while it waits behind a "
	                   "long-running query, every other query on the table queues behind it",
	                   what, tbl, notes, fname);
}

/* Checks one function; *reported is set when a finding was made. */
static int lt_check_func(mrt_ctx *ctx, const mrt_host_api *api, const mrt_migration *m, const mrt_func *fn,
                         bool *reported)
{
	size_t nops = api->func_op_count(fn);
	char how[96];
	for (size_t i = 0; i < nops; i++) {
		const mrt_op *o = api->func_op(fn, i);
		const char *table = NULL;
		const char *what = lt_lock_op(api, o, &table);
		if (what) {
			if (table && api->created_in_revision(m, table, o))
				continue;
			oc_how(api, o, how, sizeof(how));
			*reported = true;
			return lt_report(ctx, api, o, api->op_line(o), how, table, api->func_name(fn));
		}
		size_t nsql = api->op_sql_count(o);
		for (size_t k = 0; k < nsql; k++) {
			const mrt_sql *q = api->op_sql(o, k);
			if (lt_sets_timeout(api, q))
				return MRT_OK; /* everything after it is protected */
			what = lt_lock_sql(api, q);
			if (!what)
				continue;
			table = api->sql_table(q);
			if (oc_created(api, m, table, o, k))
				continue;
			*reported = true;
			return lt_report(ctx, api, o, oc_sql_line(api, o, q), what, table, api->func_name(fn));
		}
	}
	return MRT_OK;
}

/* The plugin's state: the kit's, and the option read once at init (it cannot change between migrations). */
struct lt_state {
	struct mrk_state base; /* first: mrk_fini() frees the whole struct through it */
	bool env_sets_lock_timeout;
};

static int lt_init(const mrt_host_api *api, const mrt_options *opts, void **state, mrt_diag *diag)
{
	struct lt_state *s = mrk_alloc_state(api, sizeof(*s), diag);
	if (!s)
		return MRT_ENOMEM;
	s->base.api = api;
	s->base.opts = opts;
	s->env_sets_lock_timeout = api->opt_bool(opts, "env_sets_lock_timeout");
	*state = s; /* owned by the host until it passes it to mrk_fini() */
	return MRT_OK;
}

static int lt_check(void *state, mrt_ctx *ctx, const mrt_migration *m)
{
	const struct lt_state *s = state;
	const mrt_host_api *api = s->base.api;
	if (s->env_sets_lock_timeout)
		return MRT_OK;
	size_t nf = api->migration_func_count(m);
	bool reported = false;
	for (int role = MRT_FN_UPGRADE; role <= MRT_FN_DOWNGRADE && !reported; role++) {
		for (size_t f = 0; f < nf && !reported; f++) {
			const mrt_func *fn = api->migration_func(m, f);
			if ((int)api->func_role(fn) != role)
				continue;
			int rc = lt_check_func(ctx, api, m, fn, &reported);
			if (rc)
				return rc;
		}
	}
	return MRT_OK;
}

static const mrt_option_spec lt_options[] = {
	{.name = "env_sets_lock_timeout", .type = MRT_OPT_BOOL, .def = "false",
	 .description = "env.py sets lock_timeout for every migration: nothing to report"},
	{0},
};

MRT_PLUGIN_DEFINE(.kind = MRT_KIND_RULE, .name = "missing-lock-timeout", .version = "1.0.0",
                  .description = "lock-taking DDL with no SET lock_timeout before it",
                  .init = lt_init, .check_migration = lt_check, .fini = mrk_fini, .options = lt_options)
