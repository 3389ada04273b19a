/*
 * work_after_exclusive_lock.c — MRT030 work-after-exclusive-lock (PostgreSQL): statements run after an operation that
 * takes an ACCESS EXCLUSIVE lock, in the same transaction.
 *
 * PostgreSQL keeps every lock until the transaction commits. Once upgrade() has run an ALTER TABLE, every statement
 * after it (an index build, a data update, another table's change) runs while nobody can even read the locked table.
 * Alembic runs a migration (by default all pending migrations) in one transaction on PostgreSQL.
 *
 * ACCESS EXCLUSIVE here: alter_column, add_column, drop_column, drop_table, rename_table, drop_constraint,
 * create_unique_constraint, create_check_constraint, create_primary_key, drop_index without
 * postgresql_concurrently=True (also as batch ops); in SQL: ALTER TABLE (except ADD FOREIGN KEY, VALIDATE CONSTRAINT,
 * ATTACH PARTITION and DETACH ... CONCURRENTLY, which take weaker locks), DROP TABLE, DROP INDEX without
 * CONCURRENTLY, TRUNCATE, LOCK TABLE in ACCESS EXCLUSIVE mode (the default mode), VACUUM FULL, CLUSTER, REINDEX without
 * CONCURRENTLY. Not on tables the same upgrade created (nobody else uses them yet), not inside
 * op.get_context().autocommit_block() (each statement commits there). A COMMIT statement ends the transaction.
 *
 * Work after it: any later op of the same function outside autocommit blocks, except SET/SHOW/COMMIT-like statements.
 * One finding per function, at the first statement that runs under the lock (not at the locking operation itself, so
 * MRT036 and this rule never report the same line).
 */
#include <stdio.h>
#include <string.h>

#include "mrt_sdk.h"
#include "../common/mrt_rulekit.h"
#include "../ops_common/ops_common.h"

/*
 * The ops that take an ACCESS EXCLUSIVE lock, with the position of their table argument after the keyword table_name
 * (as oc_op_listed() reads it: 1 for create_*(name, table, ...) and drop_constraint(name, table), else 0). Every op
 * of every function is looked up here: wx_exclusive_op() compares length and first byte before the bytes themselves,
 * so most names are set aside without a library call.
 */
static const struct wx_op {
	const char *name;
	size_t len; /* strlen(name) */
	int table_pos;
	bool index; /* drop_index: not with postgresql_concurrently=True */
} wx_ops[] = {
#define WX_OP(name, pos, index) {name, sizeof(name) - 1, pos, index}
	WX_OP("alter_column", 0, false),
	WX_OP("add_column", 0, false),
	WX_OP("drop_column", 0, false),
	WX_OP("drop_table", 0, false),
	WX_OP("rename_table", 0, false),
	WX_OP("drop_constraint", 1, false),
	WX_OP("create_unique_constraint", 1, false),
	WX_OP("create_check_constraint", 1, false),
	WX_OP("create_primary_key", 1, false),
	WX_OP("drop_index", 1, true),
#undef WX_OP
};

/* The op's ACCESS EXCLUSIVE kind (its name) or NULL; *table receives its table. */
static const char *wx_exclusive_op(const mrt_host_api *api, const mrt_op *o, const char **table)
{
	const char *name = api->op_name(o);
	*table = NULL;
	if (!name)
		return NULL;
	size_t len = strlen(name);
	const struct wx_op *x = NULL;
	for (size_t i = 0; i < sizeof(wx_ops) / sizeof(wx_ops[0]) && !x; i++)
		if (wx_ops[i].len == len && wx_ops[i].name[0] == name[0] && !memcmp(wx_ops[i].name, name, len))
			x = &wx_ops[i];
	if (!x || (x->index && oc_true(api, api->op_arg(o, "postgresql_concurrently", -1))))
		return NULL;
	*table = oc_op_table(api, o, "table_name", x->table_pos);
	return name;
}

/* Whether LOCK statement text asks for ACCESS EXCLUSIVE (explicitly or by default: no IN ... MODE). */
static bool wx_lock_exclusive(const char *text, size_t len)
{
	if (!oc_sql_has_word(text, len, "MODE"))
		return true;
	struct oc_scan sc;
	oc_scan_init(&sc, text, len);
	struct oc_tok prev = {OC_T_END, NULL, 0};
	for (struct oc_tok t = oc_next(&sc); t.kind != OC_T_END; t = oc_next(&sc)) {
		if (oc_tok_is(&prev, "ACCESS") && oc_tok_is(&t, "EXCLUSIVE"))
			return true;
		prev = t;
	}
	return false;
}

/* The statement's ACCESS EXCLUSIVE kind or NULL. */
static const char *wx_exclusive_sql(const mrt_host_api *api, const mrt_sql *q)
{
	uint32_t fl = api->sql_flags(q);
	enum mrt_sql_object obj = api->sql_object(q);
	size_t len = 0;
	const char *text;
	switch (api->sql_verb(q)) {
	case MRT_SQL_V_ALTER:
		if (obj != MRT_SQL_O_TABLE && obj != MRT_SQL_O_COLUMN && obj != MRT_SQL_O_CONSTRAINT)
			return NULL;
		switch (api->sql_action(q)) {
		case MRT_SQL_A_VALIDATE_CONSTRAINT:
		case MRT_SQL_A_ATTACH_PARTITION:
			return NULL;
		case MRT_SQL_A_DETACH_PARTITION:
			return (fl & MRT_SQL_CONCURRENTLY) ? NULL : "ALTER TABLE ... DETACH PARTITION";
		case MRT_SQL_A_ADD_CONSTRAINT: {
			const char *k = api->sql_constraint_kind(q);
			if (k && !strcmp(k, "FOREIGN KEY") && api->sql_extra_actions(q) == 0)
				return NULL; /* SHARE ROW EXCLUSIVE */
			return "ALTER TABLE";
		}
		default:
			return "ALTER TABLE";
		}
	case MRT_SQL_V_DROP:
		if (obj == MRT_SQL_O_INDEX)
			return (fl & MRT_SQL_CONCURRENTLY) ? NULL : "DROP INDEX";
		return obj == MRT_SQL_O_TABLE ? "DROP TABLE" : NULL;
	case MRT_SQL_V_TRUNCATE:
		return "TRUNCATE";
	case MRT_SQL_V_LOCK:
		text = api->sql_text(q, &len);
		return wx_lock_exclusive(text, len) ? "LOCK TABLE" : NULL;
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

/* Whether a statement is bookkeeping that does no work (SET, SHOW, BEGIN, COMMIT, ROLLBACK). */
static bool wx_trivial_sql(const mrt_host_api *api, const mrt_sql *q)
{
	switch (api->sql_verb(q)) {
	case MRT_SQL_V_SET:
	case MRT_SQL_V_BEGIN:
	case MRT_SQL_V_COMMIT:
	case MRT_SQL_V_ROLLBACK:
		return true;
	default: {
		size_t len = 0;
		const char *t = api->sql_text(q, &len);
		return len >= 4 && oc_ieqn(t, 4, "SHOW", 4) && (len == 4 || t[4] == ' ');
	}
	}
}

/* Whether op o does work (is not only bookkeeping SQL). */
static bool wx_does_work(const mrt_host_api *api, const mrt_op *o)
{
	size_t n = api->op_sql_count(o);
	if (n == 0)
		return true;
	for (size_t k = 0; k < n; k++)
		if (!wx_trivial_sql(api, api->op_sql(o, k)))
			return true;
	return false;
}

static const char *wx_hint = "run the exclusive operation last, or move the other statements into their own revision "
                             "(with transaction_per_migration=True in env.py), or into "
                             "op.get_context().autocommit_block()";

static int wx_check_func(void *state, mrt_ctx *ctx, const mrt_migration *m, const mrt_func *fn)
{
	const mrt_host_api *api = ((const struct mrk_state *)state)->api;
	size_t nops = api->func_op_count(fn);
	const mrt_op *lock_op = NULL;   /* the first exclusive operation (borrowed) */
	const char *lock_what = NULL, *lock_table = NULL;
	unsigned lock_line = 0;
	bool lock_is_op = false;
	const mrt_op *first_after = NULL;
	unsigned first_line = 0, nafter = 0;
	for (size_t i = 0; i < nops; i++) {
		const mrt_op *o = api->func_op(fn, i);
		if (api->op_flags(o) & MRT_OP_IN_AUTOCOMMIT)
			continue;
		/* within one execute(), statements after the exclusive one also count */
		size_t nsql = api->op_sql_count(o);
		if (lock_op) {
			if (o != lock_op && wx_does_work(api, o)) {
				if (!first_after) {
					first_after = o;
					first_line = api->op_line(o);
				}
				nafter++;
			}
		}
		const char *table = NULL;
		const char *what = lock_op ? NULL : wx_exclusive_op(api, o, &table);
		if (what && !(table && api->created_in_revision(m, table, o))) {
			lock_op = o;
			lock_what = what;
			lock_table = table;
			lock_line = api->op_line(o);
			lock_is_op = true;
			continue;
		}
		for (size_t k = 0; k < nsql; k++) {
			const mrt_sql *q = api->op_sql(o, k);
			if (api->sql_verb(q) == MRT_SQL_V_COMMIT) {
				if (first_after)
					break;
				lock_op = NULL; /* transaction ended: the lock is gone */
				continue;
			}
			if (lock_op == o && !first_after && !wx_trivial_sql(api, q)) {
				first_after = o;
				first_line = oc_sql_line(api, o, q);
				nafter++;
				continue;
			}
			if (lock_op)
				continue;
			const char *w = wx_exclusive_sql(api, q);
			const char *t = api->sql_table(q);
			if (!w || oc_created(api, m, t, o, k))
				continue;
			lock_op = o;
			lock_what = w;
			lock_table = t;
			lock_line = oc_sql_line(api, o, q);
			lock_is_op = false;
		}
	}
	if (!first_after)
		return MRT_OK;
	/* " on '<table>'" and "op.drop_column()", cut where snprintf() would cut them */
	char tbl[200], how[96];
	size_t w = 0;
	tbl[0] = '\0';
	if (lock_table) {
		mrk_cat(tbl, sizeof(tbl), &w, " on '");
		mrk_cat(tbl, sizeof(tbl), &w, lock_table);
		mrk_cat(tbl, sizeof(tbl), &w, "'");
	}
	if (lock_is_op) {
		w = 0;
		mrk_cat(how, sizeof(how), &w, (api->op_flags(lock_op) & MRT_OP_BATCH) ? "batch_op." : "op.");
		mrk_cat(how, sizeof(how), &w, lock_what);
		mrk_cat(how, sizeof(how), &w, "()");
		lock_what = how;
	}
	return api->report(ctx, MRT_SEV_DEFAULT, first_line, api->op_col(first_after), wx_hint,
	                   "%u later operation(s) of %s() run after %s%s took an ACCESS EXCLUSIVE lock at line %u, in the "
	                   "same transaction: the table stays blocked for reads and writes until they all finish",
	                   nafter, api->func_name(fn), lock_what, tbl, lock_line);
}

static int wx_check(void *state, mrt_ctx *ctx, const mrt_migration *m)
{
	const struct mrk_state *s = state;
	return mrk_each_func(s->api, state, ctx, m, true, wx_check_func);
}

static const mrt_option_spec wx_options[] = {{0}};

MRT_PLUGIN_DEFINE(.kind = MRT_KIND_RULE, .name = "work-after-exclusive-lock", .version = "1.0.0",
                  .description = "statements run after an ACCESS EXCLUSIVE lock in the same transaction",
                  .init = mrk_init, .check_migration = wx_check, .fini = mrk_fini, .options = wx_options)
