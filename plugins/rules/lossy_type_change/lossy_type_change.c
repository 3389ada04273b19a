/*
 * lossy_type_change.c — MRT007 lossy-type-change: a column type change that can truncate, round or reject values.
 *
 * Upgrade: alter_column(..., type_=NEW, existing_type=OLD) (op and batch_op) where NEW is narrower than OLD: shorter
 * String, Text→String(n), BigInteger→Integer/SmallInteger, Numeric with less precision or scale, Numeric/Float→
 * Integer, DateTime(timezone=True)→DateTime(), DateTime→Date. Types are normalised first, so String(50),
 * String(length=50), VARCHAR(50) and "varchar(50)" are the same.
 *
 * Downgrade: alter_column(type_=X) or ALTER COLUMN ... TYPE x / MODIFY (SQL) on a column whose type the upgrade set
 * to something wider (the upgrade's type_ or SQL type for the same table and column), or, without such an upgrade
 * change, narrower than its own existing_type: the rollback narrows back and fails or truncates on data written since
 * the deploy.
 *
 * Not reported: a change without existing_type= in upgrade (SQL included) — the old type is unknown and guessing it
 * would be noise; widening changes (MRT023 looks at rewrites); columns of tables created, or columns added, earlier in
 * the same upgrade (no data yet).
 */
#include <string.h>

#include "mrt_sdk.h"
#include "../common/mrt_rulekit.h"
#include "../rollback_common/rb_common.h"

/* One type change found in a function. */
struct lt_change {
	const char *table, *column;
	struct rb_type to;
	bool has_from;
	struct rb_type from;   /* existing_type= when given */
	const mrt_op *op;
	unsigned line, col;
};

struct lt_list {
	struct lt_change *v; /* owned; api->alloc */
	size_t n, cap;
};

static bool lt_push(const mrt_host_api *api, struct lt_list *l, const struct lt_change *c)
{
	if (l->n == l->cap) {
		size_t cap = l->cap ? l->cap * 2 : 8;
		struct lt_change *nv = api->alloc(cap * sizeof(*nv));
		if (!nv)
			return false;
		if (l->n)
			memcpy(nv, l->v, l->n * sizeof(*nv));
		api->free(l->v);
		l->v = nv;
		l->cap = cap;
	}
	l->v[l->n++] = *c;
	return true;
}

/* Type changes of f: alter_column(type_=...) and ALTER COLUMN TYPE / MODIFY in SQL. */
static bool lt_collect(const mrt_host_api *api, const mrt_func *f, struct lt_list *l)
{
	size_t nops = api->func_op_count(f);
	for (size_t i = 0; i < nops; i++) {
		const mrt_op *o = api->func_op(f, i);
		const char *name = api->op_name(o);
		/* the first byte first: most ops are not alter_column, and differ there */
		if (name && name[0] == 'a' && !strcmp(name, "alter_column")) {
			struct lt_change c;
			memset(&c, 0, sizeof(c));
			if (!rb_type_from_value(api, api->op_arg(o, "type_", -1), &c.to))
				continue;
			c.op = o;
			c.line = api->op_line(o);
			c.col = api->op_col(o);
			c.has_from = rb_type_from_value(api, api->op_arg(o, "existing_type", -1), &c.from);
			c.table = rb_op_table(api, o, "table_name", 0);
			c.column = rb_str(api, rb_arg(api, o, "column_name", 1));
			if (!lt_push(api, l, &c))
				return false;
			continue;
		}
		size_t nsql = api->op_sql_count(o);
		for (size_t k = 0; k < nsql; k++) {
			const mrt_sql *q = api->op_sql(o, k);
			enum mrt_sql_action a = api->sql_action(q);
			if (api->sql_verb(q) != MRT_SQL_V_ALTER ||
			    (a != MRT_SQL_A_ALTER_COLUMN_TYPE && a != MRT_SQL_A_MODIFY_COLUMN))
				continue;
			struct lt_change d;
			memset(&d, 0, sizeof(d));
			if (!rb_type_from_sql(api->sql_col_type(q), &d.to))
				continue;
			d.op = o;
			d.col = api->op_col(o);
			d.table = api->sql_table(q);
			d.column = api->sql_column(q);
			d.line = mrk_sql_line(api, o, q);
			if (!lt_push(api, l, &d))
				return false;
		}
	}
	return true;
}

static const char *lt_up_hint = "keep the wider type, or find and fix the values that do not fit first (and record "
                                "it: `# mrt: ignore[MRT007] <reason>`)";
static const char *lt_down_hint = "leave the wider type in place on rollback (drop the type change from downgrade()), "
                                  "or fix the values that do not fit first and acknowledge it: "
                                  "`# mrt: ignore[MRT007] <reason>`";

static int lt_pair(const struct mrk_state *s, mrt_ctx *ctx, const mrt_migration *m, const mrt_func *up,
                   const mrt_func *down)
{
	const mrt_host_api *api = s->api;
	struct lt_list lu = {0}, ld = {0};
	struct rb_events eu = {0}; /* of up: collected only when a type change needs it (have_eu) */
	bool have_eu = false;
	int rc = MRT_OK;
	if (!lt_collect(api, up, &lu) || !lt_collect(api, down, &ld)) {
		rc = MRT_ENOMEM;
		goto out;
	}
	for (size_t i = 0; i < lu.n && rc == MRT_OK; i++) {
		const struct lt_change *c = &lu.v[i];
		if (!c->has_from || !c->column)
			continue;
		if (c->table) {
			if (api->created_in_revision(m, c->table, c->op))
				continue;
			if (!have_eu) {
				if (!rb_events_collect(api, up, &eu)) {
					rc = MRT_ENOMEM;
					goto out;
				}
				have_eu = true;
			}
			if (rb_added_before(&eu, c->table, c->column, c->op))
				continue;
		}
		const char *how = rb_type_narrowing(&c->from, &c->to);
		if (!how)
			continue;
		char notes[200];
		rb_notes(api, c->op, notes, sizeof(notes));
		rc = api->report(ctx, MRT_SEV_DEFAULT, c->line, c->col, lt_up_hint,
		                 "upgrade changes column '%s.%s' from %s to %s%s: %s", c->table ? c->table : "?", c->column,
		                 c->from.canon, c->to.canon, notes, how);
	}
	for (size_t i = 0; i < ld.n && rc == MRT_OK; i++) {
		const struct lt_change *c = &ld.v[i];
		if (!c->column)
			continue;
		/* what the upgrade made of the column (its last change wins) */
		const struct lt_change *u = NULL;
		for (size_t k = 0; k < lu.n; k++)
			if (rb_same(lu.v[k].table, c->table) && rb_ieq(lu.v[k].column, c->column))
				u = &lu.v[k];
		const struct rb_type *from = u ? &u->to : c->has_from ? &c->from : NULL;
		if (!from)
			continue;
		const char *how = rb_type_narrowing(from, &c->to);
		if (!how)
			continue;
		char notes[200];
		rb_notes(api, c->op, notes, sizeof(notes));
		rc = api->report(ctx, MRT_SEV_DEFAULT, c->line, c->col, lt_down_hint,
		                 "downgrade narrows column '%s.%s' back from %s to %s%s: %s; rows written since the deploy "
		                 "make the rollback fail or lose data",
		                 c->table ? c->table : "?", c->column, from->canon, c->to.canon, notes, how);
	}
out:
	api->free(lu.v);
	api->free(ld.v);
	if (have_eu)
		rb_events_free(api, &eu);
	return rc;
}

static int lt_check_up(void *state, mrt_ctx *ctx, const mrt_migration *m, const mrt_func *up)
{
	const struct mrk_state *s = state;
	const mrt_host_api *api = s->api;
	return lt_pair(s, ctx, m, up, rb_downgrade_for(api, m, up));
}

static int lt_check(void *state, mrt_ctx *ctx, const mrt_migration *m)
{
	const struct mrk_state *s = state;
	return mrk_each_func(s->api, state, ctx, m, false, lt_check_up);
}

static const mrt_option_spec lt_options[] = {{0}};

MRT_PLUGIN_DEFINE(.kind = MRT_KIND_RULE, .name = "lossy-type-change", .version = "1.0.0",
                  .description = "a column type is narrowed (or narrowed back on rollback): values are truncated, "
                                 "rounded or rejected",
                  .init = mrk_init, .check_migration = lt_check, .fini = mrk_fini, .options = lt_options)
