/*
 * downgrade_retightens.c — MRT008 downgrade-retightens: the downgrade puts back a restriction that data written since
 * the deploy may already violate.
 *
 * Fires in downgrade() (and downgrade_<name>()) on
 *   - alter_column(..., nullable=False) (op and batch_op) and ALTER ... SET NOT NULL in SQL (MySQL MODIFY/CHANGE
 *     ... NOT NULL only when the upgrade relaxed the column: those restate the whole column), on a column that
 *     existed before the revision (not a column or table the upgrade created: the downgrade removes
 *     those anyway);
 *   - create_unique_constraint / create_check_constraint / create_foreign_key / create_primary_key,
 *     create_index(unique=True), ADD CONSTRAINT and CREATE UNIQUE INDEX in SQL, when the upgrade dropped the same
 *     constraint or index (same name) or relaxed one of its columns (nullable=True / DROP NOT NULL). A constraint
 *     added NOT VALID (check, foreign key) does not look at existing rows and is not reported.
 * Not reported when the downgrade cleans the table first (an UPDATE or DELETE on it before the statement; for NOT
 * NULL the SQL must name the column): that is the safe recipe.
 * The rollback then fails on the NULLs, duplicates, orphans or out-of-range values the new code wrote, exactly when
 * it is needed most.
 */
#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "mrt_sdk.h"
#include "../common/mrt_rulekit.h"
#include "../rollback_common/rb_common.h"

/* Whether upgrade function up makes table.column nullable (alter_column nullable=True, DROP NOT NULL). */
static bool rt_relaxed(const mrt_host_api *api, const mrt_func *up, const char *table, const char *column)
{
	size_t nops = api->func_op_count(up);
	for (size_t i = 0; i < nops; i++) {
		const mrt_op *o = api->func_op(up, i);
		const char *name = api->op_name(o);
		if (name && !strcmp(name, "alter_column")) {
			const mrt_value *nv = api->op_arg(o, "nullable", -1);
			if (nv && api->value_kind(nv) == MRT_VAL_BOOL && api->value_bool(nv) &&
			    rb_same(rb_op_table(api, o, "table_name", 0), table) &&
			    rb_ieq(rb_str(api, rb_arg(api, o, "column_name", 1)), column))
				return true;
			continue;
		}
		size_t nsql = api->op_sql_count(o);
		for (size_t k = 0; k < nsql; k++) {
			const mrt_sql *q = api->op_sql(o, k);
			enum mrt_sql_action a = api->sql_action(q);
			bool relax = a == MRT_SQL_A_DROP_NOT_NULL ||
			             ((a == MRT_SQL_A_MODIFY_COLUMN || a == MRT_SQL_A_CHANGE_COLUMN) &&
			              !(api->sql_flags(q) & MRT_SQL_NOT_NULL));
			if (api->sql_verb(q) == MRT_SQL_V_ALTER && relax && rb_same(api->sql_table(q), table) &&
			    rb_ieq(api->sql_column(q), column))
				return true;
		}
	}
	return false;
}

/*
 * Whether the downgrade cleans the data before op `before` (and, within that op's SQL, before statement
 * `before_sql`; NULL: none of its statements count): an UPDATE or DELETE on the same table (its SQL naming `column`
 * when given), or an executed sa.update()/sa.delete() of that table. That is the safe recipe.
 */
static bool rt_cleaned(const mrt_host_api *api, const mrt_func *down, const mrt_op *before, const mrt_sql *before_sql,
                       const char *table, const char *column)
{
	size_t nops = api->func_op_count(down);
	for (size_t i = 0; i < nops; i++) {
		const mrt_op *o = api->func_op(down, i);
		bool last = o == before;
		if (last && !before_sql)
			break;
		if ((api->op_flags(o) & MRT_OP_SQL_EXPR) && MRT_HOST_HAS(api, op_sql_expr_verb)) {
			const char *verb = api->op_sql_expr_verb(o);
			if (verb && (!strcmp(verb, "update") || !strcmp(verb, "delete")) && rb_same(api->op_table(o), table))
				return true;
			continue;
		}
		size_t nsql = api->op_sql_count(o);
		for (size_t k = 0; k < nsql; k++) {
			const mrt_sql *q = api->op_sql(o, k);
			if (last && q == before_sql)
				break; /* "UPDATE t ...; ALTER TABLE t ADD CONSTRAINT ..." in one execute(): the earlier ones count */
			enum mrt_sql_verb v = api->sql_verb(q);
			if ((v != MRT_SQL_V_UPDATE && v != MRT_SQL_V_DELETE) || !rb_same(api->sql_table(q), table))
				continue;
			size_t len = 0;
			const char *text = api->sql_text(q, &len);
			if (!column || mrk_mentions(text, len, column, MRK_WORD_PART))
				return true;
		}
		if (last)
			break;
	}
	return false;
}

/* Whether the upgrade created table or added table.column. */
static bool rt_new_in_upgrade(const mrt_host_api *api, const mrt_migration *m, const struct rb_events *eu,
                              const char *table, const char *column)
{
	if (table && api->created_in_revision(m, table, NULL))
		return true;
	for (size_t i = 0; i < eu->n; i++)
		if (eu->v[i].act == RB_CREATE && eu->v[i].kind == RB_K_COLUMN && rb_same(eu->v[i].table, table) &&
		    rb_ieq(eu->v[i].name, column))
			return true;
	return false;
}

static const char *rt_null_hint = "fill or delete the NULL rows in downgrade() before setting NOT NULL (UPDATE ... SET "
                                  "col = <value> WHERE col IS NULL), or leave the column nullable on rollback; "
                                  "acknowledge a deliberate choice with `# mrt: ignore[MRT008] <reason>`";
static const char *rt_con_hint = "clean the rows that violate it in downgrade() first, or add it NOT VALID / leave it "
                                 "out on rollback; acknowledge a deliberate choice with "
                                 "`# mrt: ignore[MRT008] <reason>`";

static int rt_not_null(const struct mrk_state *s, mrt_ctx *ctx, const mrt_migration *m, const mrt_func *up,
                       const mrt_func *down, const struct rb_events *eu, const mrt_op *o, const mrt_sql *sql,
                       unsigned line, const char *table, const char *column, const char *how)
{
	const mrt_host_api *api = s->api;
	if (!column || rt_new_in_upgrade(api, m, eu, table, column) || rt_cleaned(api, down, o, sql, table, column))
		return MRT_OK;
	char notes[200];
	rb_notes(api, o, notes, sizeof(notes));
	bool relaxed = rt_relaxed(api, up, table, column);
	return api->report(ctx, MRT_SEV_DEFAULT, line, api->op_col(o), rt_null_hint,
	                   "%s sets column '%s.%s' back to NOT NULL in downgrade%s%s: rows written since the deploy with "
	                   "NULL in it make the rollback fail",
	                   how, table ? table : "?", column, relaxed ? " (the upgrade made it nullable)" : "", notes);
}

static const char *rt_violation(const char *ckind)
{
	if (!ckind)
		return "rows that violate it";
	if (!strcmp(ckind, "unique"))
		return "duplicates";
	if (!strcmp(ckind, "check"))
		return "values outside the check";
	if (!strcmp(ckind, "foreignkey"))
		return "orphan rows";
	if (!strcmp(ckind, "primary"))
		return "NULLs or duplicates";
	return "rows that violate it";
}

/* What a constraint or unique index guarantees: 'u' no duplicates, 'p' primary key, 'f' no orphans, 'c' a check;
 * 0 for anything else (plain indexes, exclusion constraints, unknown kinds). */
static char rt_family(const mrt_host_api *api, const struct rb_event *e)
{
	if (e->kind == RB_K_INDEX) {
		bool unique = e->sql ? (api->sql_flags(e->sql) & MRT_SQL_UNIQUE) != 0
		                     : api->value_bool(api->op_arg(e->op, "unique", -1));
		return unique ? 'u' : 0;
	}
	if (e->kind != RB_K_CONSTRAINT || !e->ckind)
		return 0;
	if (!strcmp(e->ckind, "unique"))
		return 'u';
	if (!strcmp(e->ckind, "primary"))
		return 'p';
	if (!strcmp(e->ckind, "foreignkey"))
		return 'f';
	if (!strcmp(e->ckind, "check"))
		return 'c';
	return 0;
}

/* Whether column `a` (a name after the upgrade) is column `b` (a name before it): equal, or renamed from b to a by
 * an event of `ren` on `table` (NULL: no renames). */
static bool rt_col_is(const struct rb_events *ren, const char *table, const char *a, const char *b)
{
	if (rb_ieq(a, b))
		return true;
	for (size_t i = 0; ren && a && b && i < ren->n; i++) {
		const struct rb_event *r = &ren->v[i];
		if (r->act == RB_RENAME && r->kind == RB_K_COLUMN && rb_same(r->table, table) && rb_ieq(r->name, b) &&
		    rb_ieq(r->new_name, a))
			return true;
	}
	return false;
}

/* Whether every column name of list `sub` is in list `set` (case-insensitive, through the column renames of `ren`
 * on `table`); false when a list is unknown or empty, or an item is not a literal string. */
static bool rt_cols_within(const mrt_host_api *api, const mrt_value *sub, const mrt_value *set,
                           const struct rb_events *ren, const char *table)
{
	if (!sub || !set)
		return false;
	size_t ns = api->value_item_count(sub), nt = api->value_item_count(set);
	if (!ns || !nt)
		return false;
	for (size_t i = 0; i < ns; i++) {
		const char *a = rb_str(api, api->value_item(sub, i));
		bool found = false;
		for (size_t k = 0; a && k < nt && !found; k++)
			found = rt_col_is(ren, table, a, rb_str(api, api->value_item(set, k)));
		if (!found)
			return false;
	}
	return true;
}

/* Parent table of an op-form create_foreign_key event (borrowed), NULL when unknown. */
static const char *rt_fk_parent(const mrt_host_api *api, const struct rb_event *e)
{
	return e->sql ? NULL : rb_str(api, rb_arg(api, e->op, "referent_table", 2));
}

/*
 * Whether upgrade event `u` (a later re-creation) guarantees at least what downgrade event `c` guarantees, so rows
 * written while the upgrade's version was in place cannot violate c. Typical case: a foreign key dropped and
 * re-created with ondelete="CASCADE" (same columns, same parent): the downgrade puts the old action back and no
 * orphan can exist. Unique: the upgrade's columns are a subset of the downgrade's (same or stricter). Check: same
 * condition text. When columns are unknown on either side, the same name must match.
 */
/*
 * The definition of an `ADD CONSTRAINT <name> <definition>` statement, after the name: lower case, whitespace
 * dropped, trailing ';' dropped, into buf. False when it cannot be found or does not fit.
 */
static bool rt_sql_definition(const mrt_host_api *api, const struct rb_event *e, char *buf, size_t size)
{
	size_t len = 0;
	const char *t = api->sql_text(e->sql, &len);
	const char *name = e->name;
	size_t n = name ? strlen(name) : 0;
	if (!t || !n || n > len || size < 2)
		return false;
	size_t at = len;
	for (size_t i = 0; i + n <= len && at == len; i++) {
		size_t k = 0;
		while (k < n && tolower((unsigned char)t[i + k]) == tolower((unsigned char)name[k]))
			k++;
		if (k == n)
			at = i + n;
	}
	if (at == len)
		return false;
	if (at < len && (t[at] == '"' || t[at] == '`'))
		at++;
	size_t w = 0;
	for (size_t i = at; i < len; i++) {
		if (isspace((unsigned char)t[i]))
			continue;
		if (w + 1 >= size)
			return false;
		buf[w++] = (char)tolower((unsigned char)t[i]);
	}
	while (w && buf[w - 1] == ';')
		w--;
	buf[w] = '\0';
	return w > 0;
}

static bool rt_equivalent(const mrt_host_api *api, const struct rb_events *eu, const struct rb_event *u,
                          const struct rb_event *c)
{
	char fu = rt_family(api, u), fc = rt_family(api, c);
	if (!fu || fu != fc || !rb_same(u->table, c->table))
		return false;
	if (u->sql && c->sql && u->kind == RB_K_CONSTRAINT && c->kind == RB_K_CONSTRAINT) {
		/* SQL on both sides: the same definition under any name (a constraint renamed by drop + add) */
		char du[512], dc[512];
		return rt_sql_definition(api, u, du, sizeof(du)) && rt_sql_definition(api, c, dc, sizeof(dc)) &&
		       !strcmp(du, dc);
	}
	if (fc == 'c') {
		const char *cu = u->sql ? NULL : rb_str(api, rb_arg(api, u->op, "condition", 2));
		const char *cc = c->sql ? NULL : rb_str(api, rb_arg(api, c->op, "condition", 2));
		return cu && cc && !strcmp(cu, cc);
	}
	bool cols_known = u->cols && c->cols;
	if (cols_known) {
		if (!rt_cols_within(api, u->cols, c->cols, eu, c->table))
			return false;
		if (fc != 'u' && api->value_item_count(c->cols) != api->value_item_count(u->cols))
			return false; /* foreign and primary keys: the same columns */
	} else if (!u->name || !rb_same(u->name, c->name)) {
		return false;
	}
	if (fc == 'f') {
		const char *pu = rt_fk_parent(api, u), *pc = rt_fk_parent(api, c);
		if (pu && pc)
			return rb_same(pu, pc);
		return u->name && rb_same(u->name, c->name) && (!cols_known || (!pu && !pc));
	}
	return true;
}

/* A constraint or unique index (re)created by the downgrade: report when the upgrade dropped it or relaxed a column
 * of it. Not when the upgrade, after dropping it, put an equivalent or stricter one in its place (rt_equivalent). */
static int rt_constraint(const struct mrk_state *s, mrt_ctx *ctx, const mrt_func *up, const struct rb_events *eu,
                         const struct rb_event *c)
{
	const mrt_host_api *api = s->api;
	const char *why = NULL;
	for (size_t i = 0; i < eu->n && !why && c->name; i++) {
		const struct rb_event *d = &eu->v[i];
		if (d->act == RB_DROP && (d->kind == RB_K_CONSTRAINT || d->kind == RB_K_INDEX) && rb_same(d->name, c->name))
			why = "the upgrade dropped";
		for (size_t k = i + 1; why && k < eu->n; k++)
			if (eu->v[k].act == RB_CREATE && rt_equivalent(api, eu, &eu->v[k], c))
				return MRT_OK; /* replaced by an equivalent or stricter one: nothing new can violate c */
	}
	const char *relaxed_col = NULL;
	if (!why && c->cols) {
		size_t n = api->value_item_count(c->cols);
		for (size_t i = 0; i < n && !relaxed_col; i++) {
			const char *col = rb_str(api, api->value_item(c->cols, i));
			if (col && rt_relaxed(api, up, c->table, col))
				relaxed_col = col;
		}
		if (relaxed_col)
			why = "the upgrade relaxed";
	}
	if (!why)
		return MRT_OK;
	const char *kind = c->kind == RB_K_INDEX ? "unique index" : c->ckind && !strcmp(c->ckind, "foreignkey") ? "foreign key"
	                   : c->ckind && !strcmp(c->ckind, "primary") ? "primary key" : c->ckind ? c->ckind : "";
	char what[160];
	if (c->kind == RB_K_CONSTRAINT && c->ckind && (!strcmp(c->ckind, "unique") || !strcmp(c->ckind, "check")))
		snprintf(what, sizeof(what), "%s constraint", kind);
	else
		snprintf(what, sizeof(what), "%s", *kind ? kind : "constraint");
	char notes[200];
	rb_notes(api, c->op, notes, sizeof(notes));
	if (relaxed_col)
		return api->report(ctx, MRT_SEV_DEFAULT, c->line, c->col, rt_con_hint,
		                   "downgrade re-creates %s '%s' on '%s' over column '%s', which the upgrade made nullable%s: "
		                   "rows written since the deploy (%s) make the rollback fail",
		                   what, c->name ? c->name : "?", c->table ? c->table : "?", relaxed_col, notes,
		                   rt_violation(c->kind == RB_K_INDEX ? "unique" : c->ckind));
	return api->report(ctx, MRT_SEV_DEFAULT, c->line, c->col, rt_con_hint,
	                   "downgrade re-creates %s '%s' on '%s' that the upgrade dropped%s: rows written since the deploy "
	                   "(%s) make the rollback fail",
	                   what, c->name, c->table ? c->table : "?", notes,
	                   rt_violation(c->kind == RB_K_INDEX ? "unique" : c->ckind));
}

/*
 * Whether op `name` or SQL statement q (either may be NULL) may create a constraint or an index (create_index,
 * create_*_constraint, create_foreign_key, create_primary_key, CREATE INDEX, ADD CONSTRAINT): the only schema events
 * of the downgrade that rt_pair() looks at. Asked of every op and statement, it answers for a superset of
 * rb_events_collect()'s events, so that "none in the downgrade" is sure: most downgrades only drop, and then their
 * events need not be collected at all.
 */
static bool rt_may_create_restriction(const mrt_host_api *api, const char *name, const mrt_sql *q)
{
	if (name && (RB_IS(name, "create_index") || rb_ckind_of(name)))
		return true;
	if (!q)
		return false;
	enum mrt_sql_verb v = api->sql_verb(q);
	return (v == MRT_SQL_V_CREATE && api->sql_object(q) == MRT_SQL_O_INDEX) ||
	       (v == MRT_SQL_V_ALTER && api->sql_action(q) == MRT_SQL_A_ADD_CONSTRAINT);
}

static int rt_pair(const struct mrk_state *s, mrt_ctx *ctx, const mrt_migration *m, const mrt_func *up,
                   const mrt_func *down)
{
	const mrt_host_api *api = s->api;
	struct rb_events eu, ed;
	memset(&eu, 0, sizeof(eu));
	memset(&ed, 0, sizeof(ed));
	bool have_eu = false; /* the upgrade's events are collected when a finding candidate needs them */
	bool restrictions = false; /* whether the downgrade may create a constraint or index: then ed is collected */
#define RT_NEED_EU() (have_eu || (have_eu = rb_events_collect(api, up, &eu)))
	int rc = MRT_OK;
	/* NOT NULL, in op order */
	size_t nops = api->func_op_count(down);
	for (size_t i = 0; i < nops && rc == MRT_OK; i++) {
		const mrt_op *o = api->func_op(down, i);
		const char *name = api->op_name(o);
		/* alter_column is read by its arguments only (so does rb_events_collect()): it creates no restriction */
		if (name && !strcmp(name, "alter_column")) {
			const mrt_value *nv = api->op_arg(o, "nullable", -1);
			if (nv && api->value_kind(nv) == MRT_VAL_BOOL && !api->value_bool(nv))
				rc = !RT_NEED_EU() ? MRT_ENOMEM
				                   : rt_not_null(s, ctx, m, up, down, &eu, o, NULL, api->op_line(o),
				                                 rb_op_table(api, o, "table_name", 0),
				                                 rb_str(api, rb_arg(api, o, "column_name", 1)),
				                                 rb_batch(api, o) ? "batch_op.alter_column(nullable=False)"
				                                                  : "op.alter_column(nullable=False)");
			continue;
		}
		restrictions = restrictions || rt_may_create_restriction(api, name, NULL);
		size_t nsql = api->op_sql_count(o);
		for (size_t k = 0; k < nsql && rc == MRT_OK; k++) {
			const mrt_sql *q = api->op_sql(o, k);
			restrictions = restrictions || rt_may_create_restriction(api, NULL, q);
			enum mrt_sql_action a = api->sql_action(q);
			if (api->sql_verb(q) != MRT_SQL_V_ALTER)
				continue;
			/* MySQL MODIFY/CHANGE restate the whole column: NOT NULL there only re-tightens what the upgrade
			   relaxed */
			if (a == MRT_SQL_A_SET_NOT_NULL ||
			    ((a == MRT_SQL_A_MODIFY_COLUMN || a == MRT_SQL_A_CHANGE_COLUMN) &&
			     (api->sql_flags(q) & MRT_SQL_NOT_NULL) &&
			     rt_relaxed(api, up, api->sql_table(q), api->sql_column(q))))
				rc = !RT_NEED_EU() ? MRT_ENOMEM
				                   : rt_not_null(s, ctx, m, up, down, &eu, o, q, mrk_sql_line(api, o, q),
				                                 api->sql_table(q), api->sql_column(q),
				                                 a == MRT_SQL_A_SET_NOT_NULL ? "SET NOT NULL" : "MODIFY ... NOT NULL");
		}
	}
	/* constraints and unique indexes: from the downgrade's events, when it may create any */
	if (rc == MRT_OK && restrictions && !rb_events_collect(api, down, &ed))
		rc = MRT_ENOMEM;
	for (size_t i = 0; i < ed.n && rc == MRT_OK; i++) {
		const struct rb_event *c = &ed.v[i];
		if (c->act != RB_CREATE)
			continue;
		if (c->kind == RB_K_CONSTRAINT) {
			if (c->sql && (api->sql_flags(c->sql) & MRT_SQL_NOT_VALID))
				continue;
			if (!c->sql && api->value_bool(api->op_arg(c->op, "postgresql_not_valid", -1)))
				continue;
			if (c->ckind && !strcmp(c->ckind, "exclude"))
				continue;
		} else if (c->kind == RB_K_INDEX) {
			bool unique = c->sql ? (api->sql_flags(c->sql) & MRT_SQL_UNIQUE) != 0
			                     : api->value_bool(api->op_arg(c->op, "unique", -1));
			if (!unique)
				continue;
		} else {
			continue;
		}
		if (c->table && (api->created_in_revision(m, c->table, NULL) || rt_cleaned(api, down, c->op, c->sql, c->table, NULL)))
			continue;
		rc = !RT_NEED_EU() ? MRT_ENOMEM : rt_constraint(s, ctx, up, &eu, c);
	}
#undef RT_NEED_EU
	if (have_eu)
		rb_events_free(api, &eu);
	rb_events_free(api, &ed);
	return rc;
}

static int rt_check_up(void *state, mrt_ctx *ctx, const mrt_migration *m, const mrt_func *up)
{
	const struct mrk_state *s = state;
	const mrt_host_api *api = s->api;
	const mrt_func *down = rb_downgrade_for(api, m, up);
	if (!down)
		return MRT_OK;
	return rt_pair(s, ctx, m, up, down);
}

static int rt_check(void *state, mrt_ctx *ctx, const mrt_migration *m)
{
	const struct mrk_state *s = state;
	return mrk_each_func(s->api, state, ctx, m, false, rt_check_up);
}

static const mrt_option_spec rt_options[] = {{0}};

MRT_PLUGIN_DEFINE(.kind = MRT_KIND_RULE, .name = "downgrade-retightens", .version = "1.0.0",
                  .description = "the downgrade restores NOT NULL or a constraint that new data may violate",
                  .init = mrk_init, .check_migration = rt_check, .fini = mrk_fini, .options = rt_options)
