/*
 * enum_value_added.c — MRT013 enum-value-added (PostgreSQL): upgrade() adds a value to an enum type.
 *
 * Fires on `ALTER TYPE ... ADD VALUE` in op.execute(...) or through a bind, and on alter_column (op or batch_op)
 * whose type_ is an Enum (sa.Enum, postgresql.ENUM, ...) with values that its existing_type, an Enum of the same
 * name, does not have. PostgreSQL cannot drop a value from an enum type: the downgrade cannot undo the change, and
 * once rows use the value any attempt to recreate the type fails.
 *
 * Not on a type created earlier in the same upgrade() (CREATE TYPE, or an Enum of that name in an earlier op's
 * arguments), not on alter_column of a table created earlier in the same upgrade(), not when either Enum's values
 * are not literal strings (a Python enum class, *splat).
 */
#include <stdio.h>
#include <string.h>

#include "mrt_sdk.h"
#include "../common/mrt_rulekit.h"

/* Whether v is a call of an Enum type: sa.Enum(...), postgresql.ENUM(...), Enum(...). */
static bool eva_is_enum_call(const mrt_host_api *api, const mrt_value *v)
{
	if (!v || api->value_kind(v) != MRT_VAL_CALL)
		return false;
	const char *callee = api->value_text(v, NULL);
	if (!callee)
		return false;
	const char *dot = strrchr(callee, '.');
	const char *last = dot ? dot + 1 : callee;
	return !strcmp(last, "Enum") || !strcmp(last, "ENUM");
}

/* The literal name= of an Enum call, or NULL. */
static const char *eva_enum_name(const mrt_host_api *api, const mrt_value *e)
{
	const mrt_value *n = api->value_call_arg(e, "name", -1);
	return mrk_lit(api, n);
}

/* Whether every positional argument of the Enum call is a string literal (the values are known). */
static bool eva_values_known(const mrt_host_api *api, const mrt_value *e)
{
	size_t n = api->value_item_count(e);
	for (size_t i = 0; i < n; i++) {
		if (api->value_item_name(e, i))
			continue; /* keyword; "*" / "**" splats are names too */
		if (api->value_kind(api->value_item(e, i)) != MRT_VAL_STR)
			return false;
	}
	for (size_t i = 0; i < n; i++) {
		const char *k = api->value_item_name(e, i);
		if (k && (!strcmp(k, "*") || !strcmp(k, "**")))
			return false;
	}
	return true;
}

static bool eva_has_value(const mrt_host_api *api, const mrt_value *e, const char *value)
{
	size_t n = api->value_item_count(e);
	for (size_t i = 0; i < n; i++) {
		if (api->value_item_name(e, i))
			continue;
		const char *t = api->value_text(api->value_item(e, i), NULL);
		if (t && !strcmp(t, value))
			return true;
	}
	return false;
}

/* Whether v (recursively) contains an Enum call named name. */
static bool eva_value_has_enum(const mrt_host_api *api, const mrt_value *v, const char *name, unsigned depth)
{
	if (!v || depth > 16)
		return false;
	if (eva_is_enum_call(api, v) && mrk_same_bare(eva_enum_name(api, v), name))
		return true;
	size_t n = api->value_item_count(v);
	for (size_t i = 0; i < n; i++)
		if (eva_value_has_enum(api, api->value_item(v, i), name, depth + 1))
			return true;
	return false;
}

/* Whether one of the ops of fn before index idx creates the enum type name (CREATE TYPE or an Enum argument). */
static bool eva_type_created_before(const mrt_host_api *api, const mrt_func *fn, size_t idx, const char *name)
{
	if (!name)
		return false;
	for (size_t i = 0; i < idx; i++) {
		const mrt_op *o = api->func_op(fn, i);
		size_t nsql = api->op_sql_count(o);
		for (size_t k = 0; k < nsql; k++) {
			const mrt_sql *q = api->op_sql(o, k);
			if (api->sql_verb(q) == MRT_SQL_V_CREATE && api->sql_object(q) == MRT_SQL_O_TYPE &&
			    mrk_same_bare(api->sql_name(q), name))
				return true;
		}
		const char *on = api->op_name(o);
		if (on && !strcmp(on, "execute"))
			continue;
		size_t na = api->op_arg_count(o);
		for (size_t k = 0; k < na; k++)
			if (eva_value_has_enum(api, api->op_arg_value(o, k), name, 0))
				return true;
	}
	return false;
}

static const char *eva_hint = "PostgreSQL cannot drop an enum value: write a real downgrade (move rows off the value, "
                              "then recreate the type without it: rename the old type, create the new one, ALTER "
                              "COLUMN ... TYPE ... USING, drop the old) and run ADD VALUE inside `with "
                              "op.get_context().autocommit_block():`; if the value may stay after a rollback, say so: "
                              "`# mrt: ignore[MRT013] <reason>`";

/* alter_column(type_=Enum(...new...), existing_type=Enum(...old...)) growing the same enum type. */
static int eva_check_alter(const struct mrk_state *s, mrt_ctx *ctx, const mrt_migration *m, const mrt_op *o)
{
	const mrt_host_api *api = s->api;
	bool batch = (api->op_flags(o) & MRT_OP_BATCH) != 0;
	const mrt_value *nt = api->op_arg(o, "type_", -1);
	const mrt_value *ot = api->op_arg(o, "existing_type", -1);
	if (!eva_is_enum_call(api, nt) || !eva_is_enum_call(api, ot))
		return MRT_OK;
	const char *nn = eva_enum_name(api, nt), *on = eva_enum_name(api, ot);
	if ((nn || on) && !mrk_same_bare(nn, on))
		return MRT_OK; /* another type: a swap, not a value added to this one */
	if (!eva_values_known(api, nt) || !eva_values_known(api, ot))
		return MRT_OK;
	const char *table = api->op_table(o);
	if (table && api->created_in_revision(m, table, o))
		return MRT_OK;
	char added[256];
	size_t used = 0, nadded = 0;
	added[0] = '\0';
	size_t n = api->value_item_count(nt);
	for (size_t i = 0; i < n; i++) {
		if (api->value_item_name(nt, i))
			continue;
		const char *v = api->value_text(api->value_item(nt, i), NULL);
		if (!v || eva_has_value(api, ot, v))
			continue;
		int w = snprintf(added + used, sizeof(added) - used, "%s'%s'", nadded ? ", " : "", v);
		if (w > 0 && (size_t)w < sizeof(added) - used)
			used += (size_t)w;
		nadded++;
	}
	if (!nadded)
		return MRT_OK;
	const char *column = mrk_str_arg(api, o, "column_name", batch ? 0 : 1);
	char notes[200];
	mrk_notes(api, o, notes, sizeof(notes));
	return api->report(ctx, MRT_SEV_DEFAULT, api->op_line(o), api->op_col(o), eva_hint,
	                   "%s on '%s.%s' adds %s to enum type '%s'%s: PostgreSQL cannot drop enum values, so the "
	                   "downgrade cannot take %s back once rows use %s",
	                   batch ? "batch_op.alter_column()" : "op.alter_column()", table ? table : "?",
	                   column ? column : "?", added, nn ? nn : "?", notes, nadded > 1 ? "them" : "it",
	                   nadded > 1 ? "them" : "it");
}

static int eva_check_func(void *state, mrt_ctx *ctx, const mrt_migration *m, const mrt_func *fn)
{
	const struct mrk_state *s = state;
	const mrt_host_api *api = s->api;
	size_t nops = api->func_op_count(fn);
	for (size_t i = 0; i < nops; i++) {
		const mrt_op *o = api->func_op(fn, i);
		const char *name = api->op_name(o);
		int rc = MRT_OK;
		if (name && !strcmp(name, "alter_column"))
			rc = eva_check_alter(s, ctx, m, o);
		if (rc)
			return rc;
		size_t nsql = api->op_sql_count(o);
		for (size_t k = 0; k < nsql; k++) {
			const mrt_sql *q = api->op_sql(o, k);
			if (api->sql_verb(q) != MRT_SQL_V_ALTER || api->sql_action(q) != MRT_SQL_A_ADD_VALUE)
				continue;
			const char *type = api->sql_name(q);
			if (eva_type_created_before(api, fn, i, type))
				continue;
			const char *value = api->sql_value(q);
			char notes[200];
			mrk_notes(api, o, notes, sizeof(notes));
			rc = api->report(ctx, MRT_SEV_DEFAULT, mrk_sql_line(api, o, q), api->op_col(o), eva_hint,
			                 "ALTER TYPE ... ADD VALUE adds '%s' to enum type '%s'%s: PostgreSQL cannot drop enum "
			                 "values, so the downgrade cannot take it back once rows use it",
			                 value ? value : "?", type ? type : "?", notes);
			if (rc)
				return rc;
		}
	}
	return MRT_OK;
}

static int eva_check(void *state, mrt_ctx *ctx, const mrt_migration *m)
{
	const struct mrk_state *s = state;
	return mrk_each_func(s->api, state, ctx, m, false, eva_check_func);
}

static const mrt_option_spec eva_options[] = {
	{0},
};

MRT_PLUGIN_DEFINE(.kind = MRT_KIND_RULE, .name = "enum-value-added", .version = "1.0.0",
                  .description = "a value is added to a PostgreSQL enum type: no downgrade can remove it",
                  .init = mrk_init, .check_migration = eva_check, .fini = mrk_fini, .options = eva_options)
