/*
 * rename_as_drop_add.c — MRT006 rename-as-drop-add: a rename written as "drop the old, add the new".
 *
 * Autogenerate cannot see renames: renaming a model attribute yields drop_column('t', 'old') + add_column('t',
 * Column('new', <same type>)), and every value of the column is gone. Fires when one upgrade()
 *   - drops column a of an existing table t and adds another column of the same (normalised) type to t
 *     (op/batch_op forms and ALTER TABLE ... DROP/ADD COLUMN in execute(), in any order), or
 *   - drops an existing table T and creates another table with exactly the same columns (names and types).
 * The type of what is dropped comes from the downgrade, which re-adds it (add_column / ADD COLUMN / create_table),
 * as autogenerate always writes it; without that there is nothing to compare and no finding.
 *
 * Not when the upgrade copies the dropped column's values before the drop (an UPDATE/INSERT on the table naming it,
 * or an executed SQLAlchemy update() of the table): that is a deliberate copy, not a rename that loses data.
 *
 * One finding per pair, on the drop. MRT004/MRT005 still report the drop itself: that is the data-loss concern, this
 * one is "you probably meant a rename".
 */
#include <stdio.h>
#include <string.h>

#include "mrt_sdk.h"
#include "../common/mrt_rulekit.h"
#include "../rollback_common/rb_common.h"

/* Type of a column event (op Column(...) or SQL type text). */
static bool rd_event_type(const mrt_host_api *api, const struct rb_event *ev, struct rb_type *t)
{
	if (ev->coldef)
		return rb_type_from_value(api, rb_column_type(api, ev->coldef), t);
	return rb_type_from_sql(ev->sql_type, t);
}

/* Whether every Column(...) of create_table a has a same-named, same-typed column in b (and vice versa). */
static bool rd_subset(const mrt_host_api *api, const mrt_op *a, const mrt_op *b, size_t *ncols)
{
	size_t na = api->op_arg_count(a), nb = api->op_arg_count(b), count = 0;
	for (size_t i = 0; i < na; i++) {
		const mrt_value *ca = api->op_arg_value(a, i);
		if (!rb_is_column(api, ca))
			continue;
		const char *name = rb_column_name(api, ca);
		struct rb_type ta, tb;
		if (!name || !rb_type_from_value(api, rb_column_type(api, ca), &ta))
			return false;
		bool found = false;
		for (size_t k = 0; k < nb && !found; k++) {
			const mrt_value *cb = api->op_arg_value(b, k);
			if (!rb_is_column(api, cb) || !rb_ieq(rb_column_name(api, cb), name))
				continue;
			found = rb_type_from_value(api, rb_column_type(api, cb), &tb) && rb_type_eq(&ta, &tb);
		}
		if (!found)
			return false;
		count++;
	}
	*ncols = count;
	return count > 0;
}

static const struct rb_event *rd_find(const struct rb_events *e, enum rb_act act, enum rb_kind kind,
                                      const char *table, const char *name)
{
	for (size_t i = 0; i < e->n; i++) {
		const struct rb_event *ev = &e->v[i];
		if (ev->act == act && ev->kind == kind && rb_same(ev->table, table) &&
		    (kind == RB_K_TABLE || rb_ieq(ev->name, name)))
			return ev;
	}
	return NULL;
}

/*
 * Whether function f copies the values of `table.column` before op `before`: an UPDATE or INSERT on the table whose
 * SQL names the column (UPDATE t SET new = old ..., INSERT INTO t ... SELECT old ...), or an executed SQLAlchemy
 * update() of the table (t.update().values(new=t.c.old): the model does not keep the values). Then the drop is the
 * end of a copy, not a rename that loses data.
 */
static bool rd_copied(const mrt_host_api *api, const mrt_func *f, const char *table, const char *column,
                      const mrt_op *before)
{
	size_t nops = f ? api->func_op_count(f) : 0;
	for (size_t i = 0; i < nops; i++) {
		const mrt_op *o = api->func_op(f, i);
		if (o == before)
			break;
		if ((api->op_flags(o) & MRT_OP_SQL_EXPR) && MRT_HOST_HAS(api, op_sql_expr_verb)) {
			const char *verb = api->op_sql_expr_verb(o);
			if (verb && !strcmp(verb, "update") && rb_same(api->op_table(o), table))
				return true;
			continue;
		}
		size_t nsql = api->op_sql_count(o);
		for (size_t k = 0; k < nsql; k++) {
			const mrt_sql *q = api->op_sql(o, k);
			enum mrt_sql_verb v = api->sql_verb(q);
			if ((v != MRT_SQL_V_UPDATE && v != MRT_SQL_V_INSERT) || !rb_same(api->sql_table(q), table))
				continue;
			size_t len = 0;
			const char *text = api->sql_text(q, &len);
			if (mrk_mentions(text, len, column, MRK_WORD_WHOLE))
				return true;
		}
	}
	return false;
}

static int rd_pair(const struct mrk_state *s, mrt_ctx *ctx, const mrt_migration *m, const mrt_func *fup,
                   const struct rb_events *up, const struct rb_events *down)
{
	const mrt_host_api *api = s->api;
	bool used_small[64] = {false}; /* most functions: no heap allocation */
	bool *used = up->n <= 64 ? used_small : api->alloc(up->n);
	if (!used)
		return MRT_ENOMEM;
	int rc = MRT_OK;
	for (size_t i = 0; i < up->n && rc == MRT_OK; i++) {
		const struct rb_event *d = &up->v[i];
		if (d->act != RB_DROP || !d->table || api->created_in_revision(m, d->table, d->op))
			continue;
		char notes[200];
		rb_notes(api, d->op, notes, sizeof(notes));
		if (d->kind == RB_K_COLUMN && d->name) {
			const struct rb_event *back = rd_find(down, RB_CREATE, RB_K_COLUMN, d->table, d->name);
			struct rb_type told, tnew;
			if (!back || !rd_event_type(api, back, &told))
				continue;
			if (rd_copied(api, fup, d->table, d->name, d->op))
				continue; /* the values were copied first (UPDATE t SET new = old): not a lossy rename */
			for (size_t k = 0; k < up->n; k++) {
				const struct rb_event *a = &up->v[k];
				if (used[k] || a->act != RB_CREATE || a->kind != RB_K_COLUMN || !a->name ||
				    !rb_same(a->table, d->table) || rb_ieq(a->name, d->name))
					continue;
				if (!rd_event_type(api, a, &tnew) || !rb_type_eq(&told, &tnew))
					continue;
				used[k] = true;
				char hint[512];
				snprintf(hint, sizeof(hint),
				         "if it is a rename, rename in place: op.alter_column('%s', '%s', new_column_name='%s') "
				         "(batch_op.alter_column in batch mode) and the reverse in downgrade(); if they really "
				         "are different columns: `# mrt: ignore[MRT006] <reason>`",
				         rb_base(d->table), d->name, a->name);
				rc = api->report(ctx, MRT_SEV_DEFAULT, d->line, d->col, hint,
				                 "upgrade drops column '%s.%s' and adds '%s.%s' of the same type %s%s: if this is a "
				                 "rename, every value of '%s' is lost",
				                 d->table, d->name, d->table, a->name, tnew.canon, notes, d->name);
				break;
			}
		} else if (d->kind == RB_K_TABLE) {
			const struct rb_event *back = rd_find(down, RB_CREATE, RB_K_TABLE, d->table, NULL);
			if (!back || strcmp(api->op_name(back->op), "create_table") != 0)
				continue;
			for (size_t k = 0; k < up->n; k++) {
				const struct rb_event *a = &up->v[k];
				if (used[k] || a->act != RB_CREATE || a->kind != RB_K_TABLE || !a->table ||
				    rb_same(a->table, d->table) || strcmp(api->op_name(a->op), "create_table") != 0)
					continue;
				size_t n1 = 0, n2 = 0;
				if (!rd_subset(api, back->op, a->op, &n1) || !rd_subset(api, a->op, back->op, &n2))
					continue;
				used[k] = true;
				char hint[512];
				snprintf(hint, sizeof(hint),
				         "if it is a rename, use op.rename_table('%s', '%s') and the reverse in downgrade(); if "
				         "the tables are unrelated: `# mrt: ignore[MRT006] <reason>`",
				         rb_base(d->table), rb_base(a->table));
				rc = api->report(ctx, MRT_SEV_DEFAULT, d->line, d->col, hint,
				                 "upgrade drops table '%s' and creates '%s' with the same %zu column%s%s: if this is "
				                 "a rename, every row of '%s' is lost",
				                 d->table, a->table, n1, n1 == 1 ? "" : "s", notes, d->table);
				break;
			}
		}
	}
	if (used != used_small)
		api->free(used);
	return rc;
}

/*
 * Whether upgrade function up may drop a table or a column (drop_table, drop_column, DROP TABLE, ALTER TABLE ...
 * DROP COLUMN): rd_pair() reports only such drops. Every op's SQL is looked at, a superset of the statements
 * rb_events_collect() reads, so that false is sure: most upgrades only create, and then no event is collected.
 */
static bool rd_may_drop(const mrt_host_api *api, const mrt_func *up)
{
	size_t nops = api->func_op_count(up);
	for (size_t i = 0; i < nops; i++) {
		const mrt_op *o = api->func_op(up, i);
		const char *name = api->op_name(o);
		if (name && (RB_IS(name, "drop_table") || RB_IS(name, "drop_column")))
			return true;
		size_t nsql = api->op_sql_count(o);
		for (size_t k = 0; k < nsql; k++) {
			const mrt_sql *q = api->op_sql(o, k);
			enum mrt_sql_verb v = api->sql_verb(q);
			if ((v == MRT_SQL_V_DROP && api->sql_object(q) == MRT_SQL_O_TABLE) ||
			    (v == MRT_SQL_V_ALTER && api->sql_action(q) == MRT_SQL_A_DROP_COLUMN))
				return true;
		}
	}
	return false;
}

static int rd_check_up(void *state, mrt_ctx *ctx, const mrt_migration *m, const mrt_func *up)
{
	const struct mrk_state *s = state;
	const mrt_host_api *api = s->api;
	if (!rd_may_drop(api, up))
		return MRT_OK;
	struct rb_events eu, ed;
	memset(&ed, 0, sizeof(ed));
	if (!rb_events_collect(api, up, &eu))
		return MRT_ENOMEM;
	/* rd_pair looks at the downgrade only for a drop of the upgrade: skip collecting it otherwise */
	bool any_drop = false;
	for (size_t i = 0; i < eu.n && !any_drop; i++)
		any_drop = eu.v[i].act == RB_DROP && eu.v[i].table;
	if (any_drop && !rb_events_collect(api, rb_downgrade_for(api, m, up), &ed)) {
		rb_events_free(api, &eu);
		return MRT_ENOMEM;
	}
	int rc = rd_pair(s, ctx, m, up, &eu, &ed);
	rb_events_free(api, &eu);
	rb_events_free(api, &ed);
	return rc;
}

static int rd_check(void *state, mrt_ctx *ctx, const mrt_migration *m)
{
	const struct mrk_state *s = state;
	return mrk_each_func(s->api, state, ctx, m, false, rd_check_up);
}

static const mrt_option_spec rd_options[] = {{0}};

MRT_PLUGIN_DEFINE(.kind = MRT_KIND_RULE, .name = "rename-as-drop-add", .version = "1.0.0",
                  .description = "a column or table is dropped and an identical one added: a rename that loses data",
                  .init = mrk_init, .check_migration = rd_check, .fini = mrk_fini, .options = rd_options)
