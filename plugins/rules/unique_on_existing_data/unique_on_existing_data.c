/*
 * unique_on_existing_data.c — MRT020 unique-on-existing-data: a UNIQUE or PRIMARY KEY constraint is added to a
 * table that already holds rows.
 *
 * Fires on op.create_unique_constraint, op.create_primary_key, op.create_index(..., unique=True) (and batch_op.*),
 * and on CREATE UNIQUE INDEX, ALTER TABLE ... ADD [CONSTRAINT x] UNIQUE / PRIMARY KEY in op.execute(...) or through
 * a bind; in upgrade() and downgrade() (a downgrade re-adding a uniqueness meets the rows written since deploy), also
 * in helpers and under conditions. The build fails on the first duplicate (or NULL, for a primary key), and holds a
 * lock that blocks writes while it scans the table.
 *
 * Not on the PostgreSQL recipe that avoids the lock: a unique index built CONCURRENTLY (postgresql_concurrently=True
 * or CREATE UNIQUE INDEX CONCURRENTLY), then attached with ADD CONSTRAINT ... UNIQUE / PRIMARY KEY USING INDEX.
 *
 * Not when a column of the new uniqueness was added earlier in the same function without a server_default (every
 * existing row holds NULL there, and NULLs never collide), except for a primary key.
 * Not on tables created in the same revision (by upgrade(), or earlier in the same downgrade()), nor in a downgrade
 * on a constraint or index the upgrade dropped: restoring it is MRT008's finding (one statement, one code).
 */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "mrt_sdk.h"
#include "../common/mrt_rulekit.h"
#include "../rollback_common/rb_common.h"

/* ADD CONSTRAINT ... UNIQUE/PRIMARY KEY USING INDEX ix: attaches an index built before (no scan, no lock wait). */
static bool uoe_using_index(const mrt_host_api *api, const mrt_sql *q)
{
	size_t len = 0;
	const char *t = api->sql_text(q, &len);
	for (size_t i = 0; t && i + 11 <= len; i++) {
		if (strncasecmp(t + i, "USING", 5) != 0 || (i > 0 && t[i - 1] != ' ' && t[i - 1] != '\n' && t[i - 1] != '\t'))
			continue;
		size_t j = i + 5;
		while (j < len && (t[j] == ' ' || t[j] == '\n' || t[j] == '\t' || t[j] == '\r'))
			j++;
		if (j > i + 5 && j + 5 <= len && strncasecmp(t + j, "INDEX", 5) == 0)
			return true;
	}
	return false;
}

/*
 * Whether `down` is a downgrade whose upgrade dropped a constraint or index named `name`, so the downgrade restores
 * it. MRT008 (downgrade-retightens) owns that case (it says why the restore fails, or stays silent when the upgrade
 * put an equivalent in its place): reporting it here too would give one statement two codes. Sets *err on
 * out-of-memory.
 */
static bool uoe_restored(const mrt_host_api *api, const mrt_migration *m, const mrt_func *down, const char *name,
                         bool *err)
{
	const char *fname = api->func_name(down);
	if (!name || api->func_role(down) != MRT_FN_DOWNGRADE || !fname || strncmp(fname, "downgrade", 9) != 0)
		return false;
	char want[256];
	int w = snprintf(want, sizeof(want), "upgrade%s", fname + 9);
	if (w < 0 || (size_t)w >= sizeof(want))
		return false;
	const mrt_func *up = api->migration_func_by_name(m, want);
	if (!up)
		return false;
	struct rb_events eu;
	if (!rb_events_collect(api, up, &eu)) {
		*err = true;
		return false;
	}
	bool found = false;
	for (size_t i = 0; i < eu.n && !found; i++)
		found = eu.v[i].act == RB_DROP && (eu.v[i].kind == RB_K_CONSTRAINT || eu.v[i].kind == RB_K_INDEX) &&
		        rb_same(eu.v[i].name, name);
	rb_events_free(api, &eu);
	return found;
}

/*
 * Whether a column of the new UNIQUE (list `cols`) was added earlier in function fn, before op o, without a
 * server_default and with no row written between the two (no UPDATE/INSERT of the table, no opaque SQL): every
 * existing row holds NULL there, and NULLs never collide in a unique index or constraint
 * (PostgreSQL, MySQL, SQLite), so the build cannot meet a duplicate (`add_column(slug)`, then a unique index on slug,
 * then the backfill). Not for primary keys (NULL is not allowed there). Sets *err on out-of-memory.
 */
/* Whether an op of fn between `from` (excluded) and `to` (excluded) may write rows of table: an UPDATE/INSERT/MERGE in
 * SQL on it, an executed update()/insert() of it (or of an unknown table), or SQL that cannot be read. */
static bool uoe_written_between(const mrt_host_api *api, const mrt_func *fn, const mrt_op *from, const mrt_op *to,
                                const char *table)
{
	size_t nops = api->func_op_count(fn);
	bool in = false;
	for (size_t i = 0; i < nops; i++) {
		const mrt_op *x = api->func_op(fn, i);
		if (x == to)
			break;
		if (x == from) {
			in = true;
			continue;
		}
		if (!in)
			continue;
		uint32_t fl = api->op_flags(x);
		if (fl & MRT_OP_SQL_OPAQUE)
			return true;
		if ((fl & MRT_OP_SQL_EXPR) && MRT_HOST_HAS(api, op_sql_expr_verb)) {
			const char *verb = api->op_sql_expr_verb(x);
			const char *t = api->op_table(x);
			if (verb && (!strcmp(verb, "update") || !strcmp(verb, "insert")) && (!t || rb_same(t, table)))
				return true;
			continue;
		}
		size_t nsql = api->op_sql_count(x);
		for (size_t k = 0; k < nsql; k++) {
			const mrt_sql *q = api->op_sql(x, k);
			enum mrt_sql_verb v = api->sql_verb(q);
			if ((v == MRT_SQL_V_UPDATE || v == MRT_SQL_V_INSERT || v == MRT_SQL_V_MERGE) &&
			    (!api->sql_table(q) || rb_same(api->sql_table(q), table)))
				return true;
		}
	}
	return false;
}

static bool uoe_new_null_column(const mrt_host_api *api, const mrt_func *fn, const mrt_op *o, const char *table,
                                const mrt_value *cols, bool *err)
{
	size_t n = cols ? api->value_item_count(cols) : 0;
	if (!n || !table)
		return false;
	struct rb_events ev;
	if (!rb_events_collect(api, fn, &ev)) {
		*err = true;
		return false;
	}
	bool found = false;
	for (size_t i = 0; i < ev.n && ev.v[i].op != o && !found; i++) {
		const struct rb_event *e = &ev.v[i];
		if (e->act != RB_CREATE || e->kind != RB_K_COLUMN || !e->coldef || !rb_same(e->table, table) ||
		    !rb_list_has(api, cols, e->name))
			continue;
		const mrt_value *sd = api->value_call_arg(e->coldef, "server_default", -1);
		/* still all NULL when the uniqueness is built: no default, and nothing wrote the rows since */
		found = (!sd || api->value_kind(sd) == MRT_VAL_NONE) && !uoe_written_between(api, fn, e->op, o, table);
	}
	rb_events_free(api, &ev);
	return found;
}

static const char *uoe_hint = "check for duplicates (and NULLs) first and clean them up in an earlier step; on "
                              "PostgreSQL build a unique index CONCURRENTLY inside autocommit_block(), then attach it "
                              "with ADD CONSTRAINT ... UNIQUE USING INDEX";

static int uoe_report(mrt_ctx *ctx, const mrt_host_api *api, const mrt_op *o, unsigned line, const char *how,
                      const char *kind, const char *name, const char *table, bool pk)
{
	char notes[200], named[160] = "";
	mrk_notes(api, o, notes, sizeof(notes));
	if (name)
		snprintf(named, sizeof(named), " '%s'", name);
	return api->report(ctx, MRT_SEV_DEFAULT, line, api->op_col(o), uoe_hint,
	                   "%s adds %s%s to existing table '%s'%s: it fails on the first duplicate%s already in the "
	                   "table and blocks writes while it scans",
	                   how, kind, named, table ? table : "?", notes, pk ? " or NULL" : "");
}

static int uoe_check_op(void *state, mrt_ctx *ctx, const mrt_migration *m, const mrt_func *fn, size_t idx)
{
	const struct mrk_state *s = state;
	const mrt_host_api *api = s->api;
	const mrt_op *o = api->func_op(fn, idx);
	const char *name = api->op_name(o);
	const char *kind = NULL;
	const char *kw = NULL;
	bool pk = false;
	if (!name || name[0] != 'c') {
		/* not one of the create_* ops below (most ops): straight to the SQL statements */
	} else if (!strcmp(name, "create_unique_constraint")) {
		kind = "a UNIQUE constraint";
		kw = "constraint_name";
	} else if (!strcmp(name, "create_primary_key")) {
		kind = "a PRIMARY KEY";
		kw = "constraint_name";
		pk = true;
	} else if (!strcmp(name, "create_index")) {
		const mrt_value *u = api->op_arg(o, "unique", -1);
		const mrt_value *cc = api->op_arg(o, "postgresql_concurrently", -1);
		bool concurrent = cc && api->value_kind(cc) == MRT_VAL_BOOL && api->value_bool(cc);
		if (u && api->value_kind(u) == MRT_VAL_BOOL && api->value_bool(u) && !concurrent) {
			kind = "a UNIQUE index";
			kw = "index_name";
		}
	}
	if (kind) {
		bool batch = (api->op_flags(o) & MRT_OP_BATCH) != 0;
		const char *table = api->op_table(o);
		if (mrk_new_table(api, m, fn, idx, table))
			return MRT_OK;
		const mrt_value *nv = api->op_arg(o, kw, 0);
		const char *cname = mrk_lit(api, nv);
		bool err = false;
		if (uoe_restored(api, m, fn, rb_str(api, nv), &err))
			return MRT_OK;
		if (!pk && uoe_new_null_column(api, fn, o, table, api->op_arg(o, "columns", batch ? 1 : 2), &err))
			return MRT_OK;
		if (err)
			return MRT_ENOMEM;
		char how[64];
		snprintf(how, sizeof(how), "%s.%s()", batch ? "batch_op" : "op", name);
		return uoe_report(ctx, api, o, api->op_line(o), how, kind, cname, table, pk);
	}
	size_t nsql = api->op_sql_count(o);
	for (size_t k = 0; k < nsql; k++) {
		const mrt_sql *q = api->op_sql(o, k);
		enum mrt_sql_verb verb = api->sql_verb(q);
		if (verb != MRT_SQL_V_CREATE && verb != MRT_SQL_V_ALTER)
			continue; /* neither branch below */
		bool uniq = (api->sql_flags(q) & MRT_SQL_UNIQUE) != 0;
		const char *ck = NULL;
		const char *how, *what;
		bool is_pk = false;
		if (verb == MRT_SQL_V_CREATE && api->sql_object(q) == MRT_SQL_O_INDEX && uniq &&
		    !(api->sql_flags(q) & MRT_SQL_CONCURRENTLY)) {
			how = "CREATE UNIQUE INDEX";
			what = "a UNIQUE index";
		} else if (verb == MRT_SQL_V_ALTER && api->sql_action(q) == MRT_SQL_A_ADD_CONSTRAINT &&
		           (uniq || ((ck = api->sql_constraint_kind(q)) &&
		                     (!strcmp(ck, "UNIQUE") || !strcmp(ck, "PRIMARY KEY")))) &&
		           !uoe_using_index(api, q)) {
			ck = api->sql_constraint_kind(q); /* not read above when the UNIQUE flag decided */
			is_pk = ck && !strcmp(ck, "PRIMARY KEY");
			how = is_pk ? "ALTER TABLE ... ADD PRIMARY KEY" : "ALTER TABLE ... ADD UNIQUE";
			what = is_pk ? "a PRIMARY KEY" : "a UNIQUE constraint";
		} else {
			continue;
		}
		const char *table = api->sql_table(q);
		if (mrk_new_table(api, m, fn, idx, table) || mrk_created_in_op(api, o, k, table))
			continue;
		bool err = false;
		if (uoe_restored(api, m, fn, api->sql_name(q), &err))
			continue;
		if (err)
			return MRT_ENOMEM;
		int rc = uoe_report(ctx, api, o, mrk_sql_line(api, o, q), how, what, api->sql_name(q), table,
		                    is_pk);
		if (rc)
			return rc;
	}
	return MRT_OK;
}

static int uoe_check(void *state, mrt_ctx *ctx, const mrt_migration *m)
{
	const struct mrk_state *s = state;
	/* upgrade() and downgrade() ops; helper ops are expanded at their call sites */
	return mrk_walk_at(s->api, state, ctx, m, true, uoe_check_op);
}

static const mrt_option_spec uoe_options[] = {
	{0},
};

MRT_PLUGIN_DEFINE(.kind = MRT_KIND_RULE, .name = "unique-on-existing-data", .version = "1.0.0",
                  .description = "a UNIQUE or PRIMARY KEY constraint is added to a table that already has rows",
                  .init = mrk_init, .check_migration = uoe_check, .fini = mrk_fini, .options = uoe_options)
