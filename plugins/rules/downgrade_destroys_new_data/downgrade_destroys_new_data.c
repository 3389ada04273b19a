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
	size_t lk = strlen(kind), lt = strlen(table), ln = name ? strlen(name) : 0;
	size_t x = (f->w ? 2 : 0) + lk + 2 + lt + (name ? 1 + ln : 0) + 1;
	if (x >= sizeof(f->list) - f->w - 5) { /* keep room for ", ..." */
		f->list[f->w] = '\0';
		f->cut = true;
		return;
	}
	char *p = f->list + f->w;
	if (f->w) {
		memcpy(p, ", ", 2);
		p += 2;
	}
	memcpy(p, kind, lk);
	p += lk;
	memcpy(p, " '", 2);
	p += 2;
	memcpy(p, table, lt);
	p += lt;
	if (name) {
		*p++ = '.';
		memcpy(p, name, ln);
		p += ln;
	}
	*p++ = '\'';
	*p = '\0';
	f->w = (size_t)(p - f->list);
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

/*
 * Whether rb_events_collect() reads op `name` by its arguments and never its SQL. dn_news_collect() and
 * dn_op_drops() read the SQL of the other ops only, as it does, so that they find the creates and drops its events
 * would hold without collecting (and copying) every event of both functions.
 */
static bool dn_op_form(const char *name)
{
	static const char *const forms[] = {"create_table", "drop_table",   "rename_table", "add_column",
	                                    "drop_column",  "alter_column", "create_index", "drop_index",
	                                    "drop_constraint"};
	for (size_t i = 0; i < sizeof(forms) / sizeof(forms[0]); i++)
		if (RB_IS(name, forms[i]))
			return true;
	return rb_ckind_of(name) != NULL;
}

/*
 * A table or column that the upgrade creates: the create events of rb_events_collect() that dn_created() can
 * match, with the table's bare name (rb_same() compares it) and the lengths worked out once.
 */
struct dn_new {
	const char *tbase; /* table name after its schema prefix (borrowed from the model) */
	size_t tlen;
	const char *column; /* column name (borrowed), NULL for a table */
	size_t clen;
};

/* The tables and columns an upgrade creates, collected at the first drop that asks (most downgrades drop
 * something). */
struct dn_news {
	struct dn_new *v;        /* small, or owned (api->alloc) when more were needed */
	size_t n, cap;
	size_t last;             /* index of dn_created()'s last match; 0 before the first (search from the end) */
	bool ready;              /* collected */
	bool oom;
	struct dn_new small[16]; /* most upgrades create a few objects: no allocation */
};

static void dn_news_free(const mrt_host_api *api, struct dn_news *nu)
{
	if (nu->v != nu->small)
		api->free(nu->v);
}

/* Adds table (is_table) or table.column. Unnamed objects are left out: they never match a drop. */
static void dn_news_add(const mrt_host_api *api, struct dn_news *nu, const char *table, const char *column,
                        bool is_table)
{
	if (!table || (!is_table && !column) || nu->oom)
		return;
	if (nu->n == nu->cap) {
		size_t cap = nu->cap * 2;
		struct dn_new *v = api->alloc(cap * sizeof(*v));
		if (!v) {
			nu->oom = true;
			return;
		}
		memcpy(v, nu->v, nu->n * sizeof(*v));
		dn_news_free(api, nu);
		nu->v = v;
		nu->cap = cap;
	}
	struct dn_new *e = &nu->v[nu->n++];
	e->tbase = rb_base(table);
	e->tlen = strlen(e->tbase);
	e->column = is_table ? NULL : column;
	e->clen = is_table ? 0 : strlen(column);
}

/* Collects what upgrade function up creates (create_table, add_column, CREATE TABLE, ADD COLUMN): the same objects
 * as the RB_CREATE table/column events of rb_events_collect(). false when out of memory. */
static bool dn_news_collect(const mrt_host_api *api, const mrt_func *up, struct dn_news *nu)
{
	nu->ready = true;
	size_t nops = api->func_op_count(up);
	for (size_t i = 0; i < nops; i++) {
		const mrt_op *o = api->func_op(up, i);
		const char *name = api->op_name(o);
		if (!name)
			continue;
		if (RB_IS(name, "create_table")) {
			dn_news_add(api, nu, rb_op_table(api, o, "table_name", 0), NULL, true);
		} else if (RB_IS(name, "add_column")) {
			const mrt_value *def = rb_arg(api, o, "column", 1);
			if (rb_is_column(api, def))
				dn_news_add(api, nu, rb_op_table(api, o, "table_name", 0), rb_column_name(api, def),
				            false);
		} else if (!dn_op_form(name)) {
			size_t nsql = api->op_sql_count(o);
			for (size_t k = 0; k < nsql; k++) {
				const mrt_sql *q = api->op_sql(o, k);
				enum mrt_sql_verb v = api->sql_verb(q);
				if (v == MRT_SQL_V_CREATE && api->sql_object(q) == MRT_SQL_O_TABLE &&
				    !(api->sql_flags(q) & MRT_SQL_TEMPORARY))
					dn_news_add(api, nu, api->sql_table(q), NULL, true);
				else if (v == MRT_SQL_V_ALTER && api->sql_action(q) == MRT_SQL_A_ADD_COLUMN)
					dn_news_add(api, nu, api->sql_table(q), api->sql_column(q), false);
			}
		}
	}
	return !nu->oom;
}

/*
 * mrk_ieqn(a, na, b, nb), quicker for the names of a downgrade: usually spelt as the upgrade spelt them (equal bytes
 * settle it), and when they differ, they differ at the end ("table_0725", "table_0745", "extra_802_1", ...), so the
 * case-insensitive walk starts from the last byte.
 */
static bool dn_ieqn_from_end(const char *a, size_t na, const char *b, size_t nb)
{
	if (na != nb)
		return false;
	if (!memcmp(a, b, na))
		return true;
	while (na--)
		if (mrk_lower((unsigned char)a[na]) != mrk_lower((unsigned char)b[na]))
			return false;
	return true;
}

/*
 * Whether the upgrade created table (column NULL) or added table.column; names compare as rb_same() (table) and
 * rb_ieq() (column) do. table must not be NULL. Every object is looked at, from the one created just before the
 * last match backwards (wrapping around): a downgrade drops in the reverse order of the upgrade's creates, so the
 * match is usually the first one looked at.
 */
static bool dn_created(struct dn_news *nu, const char *table, const char *column)
{
	const char *tb = rb_base(table);
	size_t tlen = strlen(tb), clen = column ? strlen(column) : 0;
	size_t i = nu->last;
	for (size_t step = 0; step < nu->n; step++) {
		i = i ? i - 1 : nu->n - 1;
		const struct dn_new *e = &nu->v[i];
		if (!e->column != !column || !dn_ieqn_from_end(e->tbase, e->tlen, tb, tlen))
			continue;
		if (!column || dn_ieqn_from_end(e->column, e->clen, column, clen)) {
			nu->last = i;
			return true;
		}
	}
	return false;
}

/* The downgrade's schema events, collected only when a DELETE ... WHERE needs them (dn_cleanup_for_retighten). */
struct dn_down_events {
	struct rb_events ed; /* owned when have */
	bool have;
};

/*
 * Whether the downgrade, after op `o`, puts a restriction back on `table` (a constraint, a unique index, NOT NULL):
 * a DELETE ... WHERE before it is the clean-up MRT008 asks for, not a loss of new data. *ok false: out of memory.
 */
static bool dn_cleanup_for_retighten(const mrt_host_api *api, const mrt_func *down, struct dn_down_events *de,
                                     const mrt_op *o, const char *table, bool *ok)
{
	if (!de->have) {
		if (!rb_events_collect(api, down, &de->ed)) {
			*ok = false;
			return false;
		}
		de->have = true;
	}
	const struct rb_events *ed = &de->ed;
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
                     struct dn_down_events *de, const mrt_op *o, unsigned line, const char *table, const char *what,
                     bool where)
{
	const mrt_host_api *api = s->api;
	bool ok = true;
	if (where && table && (dn_inserted(api, up, table) || dn_cleanup_for_retighten(api, down, de, o, table, &ok)))
		return MRT_OK;
	if (!ok)
		return MRT_ENOMEM;
	char notes[200];
	rb_notes(api, o, notes, sizeof(notes));
	return api->report(ctx, MRT_SEV_DEFAULT, line, api->op_col(o), dn_hint,
	                   "downgrade deletes rows of table '%s' (%s)%s: rows written since the deploy are lost on "
	                   "rollback",
	                   table ? table : "?", what, notes);
}

/*
 * A drop of table (column NULL) or of table.column at line:col by op o of the downgrade: reported, or folded into
 * fold, when the upgrade created it. nu: the upgrade's creations, collected here at the first drop.
 */
static int dn_drop(const struct dn_state *s, mrt_ctx *ctx, const mrt_func *up, const mrt_op *o, struct dn_news *nu,
                   struct dn_fold *fold, const char *table, const char *column, unsigned line, unsigned col)
{
	const mrt_host_api *api = s->api;
	if (!nu->ready && !dn_news_collect(api, up, nu))
		return MRT_ENOMEM;
	if (!dn_created(nu, table, column))
		return MRT_OK;
	if (s->fold) {
		dn_fold_add(fold, line, col, column ? "column" : "table", table, column);
		return MRT_OK;
	}
	char notes[200];
	rb_notes(api, o, notes, sizeof(notes));
	if (!column)
		return api->report(ctx, MRT_SEV_DEFAULT, line, col, dn_hint,
		                   "downgrade drops table '%s', which the upgrade created%s: every row written since "
		                   "the deploy is lost on rollback",
		                   table, notes);
	return api->report(ctx, MRT_SEV_DEFAULT, line, col, dn_hint,
	                   "downgrade drops column '%s.%s', which the upgrade added%s: every value written since the "
	                   "deploy is lost on rollback",
	                   table, column, notes);
}

/*
 * The drops of tables and columns by op o (drop_table, drop_column, DROP TABLE, ALTER TABLE ... DROP COLUMN: the
 * RB_DROP table/column events rb_events_collect() would give it), in order, each through dn_drop(). Drops without a
 * table or column name cannot match a creation and are skipped.
 */
static int dn_op_drops(const struct dn_state *s, mrt_ctx *ctx, const mrt_func *up, const mrt_op *o,
                       struct dn_news *nu, struct dn_fold *fold)
{
	const mrt_host_api *api = s->api;
	const char *name = api->op_name(o);
	if (!name)
		return MRT_OK;
	if (RB_IS(name, "drop_table")) {
		const char *table = rb_op_table(api, o, "table_name", 0);
		return table ? dn_drop(s, ctx, up, o, nu, fold, table, NULL, api->op_line(o), api->op_col(o)) : MRT_OK;
	}
	if (RB_IS(name, "drop_column")) {
		const char *table = rb_op_table(api, o, "table_name", 0);
		const char *column = rb_str(api, rb_arg(api, o, "column_name", 1));
		return table && column ? dn_drop(s, ctx, up, o, nu, fold, table, column, api->op_line(o), api->op_col(o))
		                       : MRT_OK;
	}
	if (dn_op_form(name))
		return MRT_OK;
	int rc = MRT_OK;
	size_t nsql = api->op_sql_count(o);
	for (size_t k = 0; k < nsql && rc == MRT_OK; k++) {
		const mrt_sql *q = api->op_sql(o, k);
		enum mrt_sql_verb v = api->sql_verb(q);
		bool drop_table = v == MRT_SQL_V_DROP && api->sql_object(q) == MRT_SQL_O_TABLE &&
		                  !(api->sql_flags(q) & MRT_SQL_TEMPORARY);
		bool drop_column = v == MRT_SQL_V_ALTER && api->sql_action(q) == MRT_SQL_A_DROP_COLUMN;
		if (!drop_table && !drop_column)
			continue;
		const char *table = api->sql_table(q), *column = drop_column ? api->sql_column(q) : NULL;
		if (table && (drop_table || column))
			rc = dn_drop(s, ctx, up, o, nu, fold, table, column, mrk_sql_line(api, o, q), api->op_col(o));
	}
	return rc;
}

/* fold: where drops of created tables/columns are collected when s->fold (borrowed). */
static int dn_pair(const struct dn_state *s, mrt_ctx *ctx, const mrt_func *up, const mrt_func *down,
                   struct dn_fold *fold)
{
	const mrt_host_api *api = s->api;
	struct dn_news nu;
	nu.v = nu.small;
	nu.n = nu.last = 0;
	nu.cap = sizeof(nu.small) / sizeof(nu.small[0]);
	nu.ready = nu.oom = false;
	struct dn_down_events de = {.have = false};
	int rc = MRT_OK;
	size_t nops = api->func_op_count(down);
	for (size_t i = 0; i < nops && rc == MRT_OK; i++) {
		const mrt_op *o = api->func_op(down, i);
		rc = dn_op_drops(s, ctx, up, o, &nu, fold);
		if (rc)
			break;
		uint32_t flags = api->op_flags(o);
		if ((flags & MRT_OP_SQL_EXPR) && MRT_HOST_HAS(api, op_sql_expr_verb)) {
			const char *verb = api->op_sql_expr_verb(o);
			if (verb && !strcmp(verb, "delete"))
				rc = dn_delete(s, ctx, up, down, &de, o, api->op_line(o), api->op_table(o), "delete()",
				               true);
			continue;
		}
		size_t nsql = api->op_sql_count(o);
		for (size_t k = 0; k < nsql && rc == MRT_OK; k++) {
			const mrt_sql *q = api->op_sql(o, k);
			enum mrt_sql_verb v = api->sql_verb(q);
			unsigned line = api->op_line(o) + api->sql_line(q);
			/* TRUNCATE and DELETE without WHERE are MRT014's (error): one statement, one finding */
			if (v == MRT_SQL_V_DELETE && (api->sql_flags(q) & MRT_SQL_HAS_WHERE))
				rc = dn_delete(s, ctx, up, down, &de, o, line, api->sql_table(q), "DELETE", true);
		}
	}
	dn_news_free(api, &nu);
	if (de.have)
		rb_events_free(api, &de.ed);
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
