/*
 * downgrade_destroys_new_data.c — MRT010 downgrade-destroys-new-data: the rollback throws away what was written since
 * the deploy.
 *
 * Fires in downgrade() (and downgrade_<name>()) on
 *   - drop_table / DROP TABLE of a table the matching upgrade created;
 *   - drop_column / batch_op.drop_column / ALTER TABLE ... DROP COLUMN of a column the upgrade added;
 *   - DELETE ... WHERE (SQL, or an executed sa.delete(t) construct: the model does not say whether it has a WHERE),
 *     except a DELETE ... WHERE on a table the
 *     upgrade inserted into (that is the undo of the upgrade's INSERT, the safe recipe of MRT009), and a DELETE ...
 *     WHERE followed by a constraint, unique index or NOT NULL on the same table (the clean-up MRT008 asks for).
 * TRUNCATE and DELETE without WHERE in SQL are left to MRT014 (destructive-sql, an error), so one statement is not
 * reported twice. This is the normal way to undo a create, and that is the point: every row or value written after the deploy is
 * gone after a rollback. The rule is a warning to acknowledge (`# mrt: ignore[MRT010] <reason>`), or to answer with a
 * copy of the data before the drop.
 *
 * Option fold_undo_drops (default true): the drops of created tables and columns (what autogenerate writes in every
 * downgrade) are folded into ONE finding per revision, at MRT_SEV_INFO, on the line of the first such drop, naming
 * them all. DELETE ... WHERE stays one finding per statement at the configured severity. With false, every drop is
 * its own finding at the configured severity (the 1.0 behaviour).
 */
#include <stdio.h>
#include <string.h>

#include "mrt_sdk.h"
#include "../rollback_common/rb_common.h"

struct dn_state {
	const mrt_host_api *api; /* borrowed until fini() */
	bool fold;               /* option fold_undo_drops */
};

/* The drops of created tables/columns of one revision, folded into one info finding (fold_undo_drops). */
struct dn_fold {
	unsigned n;         /* objects listed */
	unsigned line, col; /* of the first drop (smallest line) */
	char list[400];     /* "table 'x', column 'y.z', ..." */
	size_t w;           /* bytes used in list */
	bool cut;           /* list truncated: ", ..." is appended at report time */
};

/* Appends one object ("table 'x'") to f's list; keeps the first drop's position. */
static void dn_fold_add(struct dn_fold *f, unsigned line, unsigned col, const char *kind, const char *table,
                        const char *name)
{
	if (!f->n || line < f->line || (line == f->line && col < f->col)) {
		f->line = line;
		f->col = col;
	}
	f->n++;
	if (f->cut)
		return;
	/* "[, ]<kind> '<table>[.<name>]'", assembled by hand (this runs for every such drop; snprintf cost more) */
	const char *parts[7] = {f->w ? ", " : "", kind, " '", table, name ? "." : "", name ? name : "", "'"};
	size_t lens[7], x = 0;
	for (int i = 0; i < 7; i++)
		x += lens[i] = strlen(parts[i]);
	if (x >= sizeof(f->list) - f->w - 5) { /* keep room for ", ..." */
		f->list[f->w] = '\0';
		f->cut = true;
		return;
	}
	for (int i = 0; i < 7; i++) {
		memcpy(f->list + f->w, parts[i], lens[i]);
		f->w += lens[i];
	}
	f->list[f->w] = '\0';
}

static int dn_init(const mrt_host_api *api, const mrt_options *opts, void **state, mrt_diag *diag)
{
	struct dn_state *s = api->alloc(sizeof(*s));
	if (!s) {
		diag->code = MRT_ENOMEM;
		snprintf(diag->message, sizeof(diag->message), "out of memory");
		return MRT_ENOMEM;
	}
	s->api = api;
	s->fold = api->opt_bool(opts, "fold_undo_drops");
	*state = s;
	return MRT_OK;
}

static void dn_fini(void *state)
{
	struct dn_state *s = state;
	if (s)
		s->api->free(s);
}

static const char *dn_hint = "if what was written since the deploy may be thrown away on rollback, say so: "
                             "`# mrt: ignore[MRT010] <reason>`; otherwise copy it out first (INSERT INTO <archive> "
                             "SELECT ...) before dropping or deleting";

static const char *dn_fold_hint = "this is the normal undo of a create; if rows written after the deploy must "
                                  "survive a rollback, copy them out first (INSERT INTO <archive> SELECT ...); set "
                                  "`rules: {MRT010: {options: {fold_undo_drops: false}}}` in mrt.yaml to get one "
                                  "warning per drop";

/* Whether upgrade function up inserts rows into table (INSERT, bulk_insert, sa.insert(t)). */
static bool dn_inserted(const mrt_host_api *api, const mrt_func *up, const char *table)
{
	size_t nops = api->func_op_count(up);
	for (size_t i = 0; i < nops; i++) {
		const mrt_op *o = api->func_op(up, i);
		const char *name = api->op_name(o);
		if (name && !strcmp(name, "bulk_insert") && rb_same(api->op_table(o), table))
			return true;
		if ((api->op_flags(o) & MRT_OP_SQL_EXPR) && MRT_HOST_HAS(api, op_sql_expr_verb)) {
			const char *verb = api->op_sql_expr_verb(o);
			if (verb && !strcmp(verb, "insert") && rb_same(api->op_table(o), table))
				return true;
		}
		size_t nsql = api->op_sql_count(o);
		for (size_t k = 0; k < nsql; k++) {
			const mrt_sql *q = api->op_sql(o, k);
			if (api->sql_verb(q) == MRT_SQL_V_INSERT && rb_same(api->sql_table(q), table))
				return true;
		}
	}
	return false;
}

static bool dn_created(const struct rb_events *eu, enum rb_kind kind, const char *table, const char *name)
{
	for (size_t i = 0; i < eu->n; i++) {
		const struct rb_event *c = &eu->v[i];
		if (c->act != RB_CREATE || c->kind != kind || !rb_same(c->table, table))
			continue;
		if (kind == RB_K_TABLE || rb_ieq(c->name, name))
			return true;
	}
	return false;
}

/*
 * Whether the downgrade, after op `o`, puts a restriction back on `table` (a constraint, a unique index, NOT NULL):
 * a DELETE ... WHERE before it is the clean-up MRT008 asks for, not a loss of new data.
 */
static bool dn_cleanup_for_retighten(const mrt_host_api *api, const mrt_func *down, const struct rb_events *ed,
                                     const mrt_op *o, const char *table)
{
	size_t nops = api->func_op_count(down), i = 0;
	while (i < nops && api->func_op(down, i) != o)
		i++;
	for (i++; i < nops; i++) {
		const mrt_op *x = api->func_op(down, i);
		const char *name = api->op_name(x);
		if (name && !strcmp(name, "alter_column") && rb_same(rb_op_table(api, x, "table_name", 0), table)) {
			const mrt_value *nv = api->op_arg(x, "nullable", -1);
			if (nv && api->value_kind(nv) == MRT_VAL_BOOL && !api->value_bool(nv))
				return true;
		}
		for (size_t k = 0; k < ed->n; k++) {
			const struct rb_event *e = &ed->v[k];
			if (e->op == x && e->act == RB_CREATE && rb_same(e->table, table) &&
			    (e->kind == RB_K_CONSTRAINT || e->kind == RB_K_INDEX))
				return true;
		}
		size_t nsql = api->op_sql_count(x);
		for (size_t k = 0; k < nsql; k++) {
			const mrt_sql *q = api->op_sql(x, k);
			if (api->sql_verb(q) == MRT_SQL_V_ALTER && api->sql_action(q) == MRT_SQL_A_SET_NOT_NULL &&
			    rb_same(api->sql_table(q), table))
				return true;
		}
	}
	return false;
}

static int dn_delete(const struct dn_state *s, mrt_ctx *ctx, const mrt_func *up, const mrt_func *down,
                     const struct rb_events *ed, const mrt_op *o, unsigned line, const char *table, const char *what,
                     bool where)
{
	const mrt_host_api *api = s->api;
	if (where && table && (dn_inserted(api, up, table) || dn_cleanup_for_retighten(api, down, ed, o, table)))
		return MRT_OK;
	char notes[200];
	rb_notes(api, o, notes, sizeof(notes));
	return api->report(ctx, MRT_SEV_DEFAULT, line, api->op_col(o), dn_hint,
	                   "downgrade deletes rows of table '%s' (%s)%s: rows written since the deploy are lost on "
	                   "rollback",
	                   table ? table : "?", what, notes);
}

/* fold: where drops of created tables/columns are collected when s->fold (borrowed). */
static int dn_pair(const struct dn_state *s, mrt_ctx *ctx, const mrt_func *up, const mrt_func *down,
                   struct dn_fold *fold)
{
	const mrt_host_api *api = s->api;
	struct rb_events eu, ed;
	memset(&eu, 0, sizeof(eu));
	bool have_eu = false; /* the upgrade's events: collected at the first drop that needs them */
	if (!rb_events_collect(api, down, &ed))
		return MRT_ENOMEM;
	int rc = MRT_OK;
	size_t nops = api->func_op_count(down), ev = 0;
	for (size_t i = 0; i < nops && rc == MRT_OK; i++) {
		const mrt_op *o = api->func_op(down, i);
		/* the schema events of this op (events are in op order) */
		for (; ev < ed.n && ed.v[ev].op == o && rc == MRT_OK; ev++) {
			const struct rb_event *d = &ed.v[ev];
			if (d->act != RB_DROP || !d->table)
				continue;
			if ((d->kind == RB_K_TABLE || (d->kind == RB_K_COLUMN && d->name)) && !have_eu) {
				if (!rb_events_collect(api, up, &eu)) {
					rc = MRT_ENOMEM;
					break;
				}
				have_eu = true;
			}
			bool table = d->kind == RB_K_TABLE && dn_created(&eu, RB_K_TABLE, d->table, NULL);
			bool column = !table && d->kind == RB_K_COLUMN && d->name &&
			              dn_created(&eu, RB_K_COLUMN, d->table, d->name);
			if (s->fold && (table || column)) {
				dn_fold_add(fold, d->line, d->col, table ? "table" : "column", d->table, table ? NULL : d->name);
				continue;
			}
			if (!table && !column)
				continue;
			char notes[200];
			rb_notes(api, o, notes, sizeof(notes));
			if (table)
				rc = api->report(ctx, MRT_SEV_DEFAULT, d->line, d->col, dn_hint,
				                 "downgrade drops table '%s', which the upgrade created%s: every row written since "
				                 "the deploy is lost on rollback",
				                 d->table, notes);
			else if (column)
				rc = api->report(ctx, MRT_SEV_DEFAULT, d->line, d->col, dn_hint,
				                 "downgrade drops column '%s.%s', which the upgrade added%s: every value written "
				                 "since the deploy is lost on rollback",
				                 d->table, d->name, notes);
		}
		while (ev < ed.n && ed.v[ev].op == o)
			ev++;
		if (rc)
			break;
		uint32_t flags = api->op_flags(o);
		if ((flags & MRT_OP_SQL_EXPR) && MRT_HOST_HAS(api, op_sql_expr_verb)) {
			const char *verb = api->op_sql_expr_verb(o);
			if (verb && !strcmp(verb, "delete"))
				rc = dn_delete(s, ctx, up, down, &ed, o, api->op_line(o), api->op_table(o), "delete()", true);
			continue;
		}
		size_t nsql = api->op_sql_count(o);
		for (size_t k = 0; k < nsql && rc == MRT_OK; k++) {
			const mrt_sql *q = api->op_sql(o, k);
			enum mrt_sql_verb v = api->sql_verb(q);
			unsigned line = api->op_line(o) + api->sql_line(q);
			/* TRUNCATE and DELETE without WHERE are MRT014's (error): one statement, one finding */
			if (v == MRT_SQL_V_DELETE && (api->sql_flags(q) & MRT_SQL_HAS_WHERE))
				rc = dn_delete(s, ctx, up, down, &ed, o, line, api->sql_table(q), "DELETE", true);
		}
	}
	if (have_eu)
		rb_events_free(api, &eu);
	rb_events_free(api, &ed);
	return rc;
}

static int dn_check(void *state, mrt_ctx *ctx, const mrt_migration *m)
{
	const struct dn_state *s = state;
	const mrt_host_api *api = s->api;
	struct dn_fold fold = {0};
	size_t nf = api->migration_func_count(m);
	for (size_t f = 0; f < nf; f++) {
		const mrt_func *up = api->migration_func(m, f);
		if (api->func_role(up) != MRT_FN_UPGRADE)
			continue;
		const mrt_func *down = rb_downgrade_for(api, m, up);
		if (!down)
			continue;
		int rc = dn_pair(s, ctx, up, down, &fold);
		if (rc)
			return rc;
	}
	if (!fold.n)
		return MRT_OK;
	/* the correct undo of what the upgrade created: one note per revision, at the first drop */
	return api->report(ctx, MRT_SEV_INFO, fold.line, fold.col, dn_fold_hint,
	                   "downgrade() drops %u object%s that upgrade() created (%s%s): rows written after deploy are "
	                   "lost on rollback",
	                   fold.n, fold.n == 1 ? "" : "s", fold.list, fold.cut ? ", ..." : "");
}

static const mrt_option_spec dn_options[] = {
	{.name = "fold_undo_drops", .type = MRT_OPT_BOOL, .def = "true",
	 .description = "report the drops of tables/columns that the upgrade created once per revision, as info (true), "
	                "or each drop at the rule's severity (false)"},
	{0},
};

MRT_PLUGIN_DEFINE(.kind = MRT_KIND_RULE, .name = "downgrade-destroys-new-data", .version = "1.0.0",
                  .description = "the downgrade drops tables/columns the upgrade created, or deletes rows: data "
                                 "written since the deploy is lost",
                  .init = dn_init, .check_migration = dn_check, .fini = dn_fini, .options = dn_options)
