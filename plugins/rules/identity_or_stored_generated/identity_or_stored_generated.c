/*
 * identity_or_stored_generated.c — MRT028 identity-or-stored-generated: a column added to an existing table must be
 * computed for every existing row (PostgreSQL, MySQL).
 *
 * Fires in upgrade() on op.add_column / batch_op.add_column of a Column with sa.Identity(...), with
 * sa.Computed(..., persisted=True) (or sa.Computed(...) without persisted= unless the dialect is MySQL: PostgreSQL
 * only has STORED generated columns, MySQL defaults to VIRTUAL), or with autoincrement=True; and on ALTER TABLE ...
 * ADD COLUMN in execute() SQL or through a bind with GENERATED ... AS IDENTITY, GENERATED ALWAYS AS (...) STORED,
 * AUTO_INCREMENT or a serial type; also in helpers and under conditions. Every existing row gets its value during
 * the statement: PostgreSQL rewrites the table under an ACCESS EXCLUSIVE lock, MySQL rebuilds it.
 *
 * Not reported: tables created earlier in the same upgrade(), Computed(..., persisted=False) (virtual: no rewrite),
 * autoincrement="auto" or False, downgrade().
 */
#include <stdio.h>
#include <string.h>

#include "../safety_common/sf_common.h"

static const char *ig_hint = "add a plain nullable column, backfill it in batches, then attach the identity/sequence "
                             "or generation expression (or keep the computation in the application)";

static int ig_report(const struct sf_state *s, mrt_ctx *ctx, const mrt_op *o, unsigned line, const char *how,
                     const char *table, const char *column, const char *what)
{
	const mrt_host_api *api = s->api;
	char notes[200];
	sf_notes(api, o, notes, sizeof(notes));
	return api->report(ctx, MRT_SEV_DEFAULT, line, api->op_col(o), ig_hint,
	                   "%s adds %s column '%s.%s' to an existing table%s: every existing row is filled during the "
	                   "statement, rewriting the table under an exclusive lock",
	                   how, what, table ? table : "<dynamic>", column ? column : "<dynamic>", notes);
}

/* What makes a Column(...) computed per row, or NULL. */
static const char *ig_column_kind(const mrt_host_api *api, mrt_ctx *ctx, const mrt_value *col)
{
	size_t n = api->value_item_count(col);
	for (size_t i = 0; i < n; i++) {
		if (api->value_item_name(col, i))
			continue;
		/* sf_is_call(a, "Identity") / sf_is_call(a, "Computed") with the callee read once */
		const mrt_value *a = api->value_item(col, i);
		const char *callee = a && api->value_kind(a) == MRT_VAL_CALL ? api->value_text(a, NULL) : NULL;
		if (!callee)
			continue;
		const char *base = sf_base(callee);
		if (base[0] == 'I' && !strcmp(base, "Identity")) /* first byte first: most are type calls */
			return "an identity";
		if (base[0] == 'C' && !strcmp(base, "Computed")) {
			const char *d = api->dialect(ctx);
			bool mysql = d && !strcmp(d, "mysql");
			const mrt_value *p = api->value_call_arg(a, "persisted", -1);
			if (sf_true(api, p) || (!p && !mysql))
				return "a stored generated";
		}
	}
	if (sf_true(api, api->value_call_arg(col, "autoincrement", -1)))
		return "an autoincrement";
	return NULL;
}

/* What makes an ADD COLUMN statement computed per row, or NULL. */
static const char *ig_sql_kind(const mrt_host_api *api, const mrt_sql *q)
{
	size_t len = 0;
	const char *text = api->sql_text(q, &len);
	size_t g = sf_sql_find_from(text, len, 0, "GENERATED");
	if (g != (size_t)-1) {
		if (sf_sql_find_from(text, len, g, "AS IDENTITY") != (size_t)-1)
			return "an identity";
		if (sf_sql_find_from(text, len, g, "STORED") != (size_t)-1)
			return "a stored generated";
	}
	/* MySQL shorthand: c INT AS (a + b) STORED */
	if (sf_sql_has(text, len, "STORED") && sf_sql_has(text, len, "AS"))
		return "a stored generated";
	if (sf_sql_has(text, len, "AUTO_INCREMENT"))
		return "an autoincrement";
	const char *t = api->sql_col_type(q);
	if (t && (sf_ieq(t, "serial") || sf_ieq(t, "bigserial") || sf_ieq(t, "smallserial") || sf_ieq(t, "serial2") ||
	          sf_ieq(t, "serial4") || sf_ieq(t, "serial8")))
		return "a serial";
	if (!t && (sf_sql_has(text, len, "SERIAL") || sf_sql_has(text, len, "BIGSERIAL") ||
	           sf_sql_has(text, len, "SMALLSERIAL")))
		return "a serial";
	return NULL;
}

static int ig_op(void *state, mrt_ctx *ctx, const mrt_migration *m, const mrt_func *f, const mrt_op *o)
{
	const struct sf_state *s = state;
	const mrt_host_api *api = s->api;
	const char *name = api->op_name(o);
	if (!name)
		return MRT_OK;
	if (name[0] == 'a' && !strcmp(name, "add_column")) { /* first byte first: this runs for every op */
		const mrt_value *col = sf_add_column_col(api, o);
		if (!col)
			return MRT_OK;
		/* the column's kind first: it is rarely computed, and whether the table exists (created_in_revision)
		 * costs more */
		const char *what = ig_column_kind(api, ctx, col);
		if (!what)
			return MRT_OK;
		const char *table = sf_op_table(api, o, "table_name", 0);
		if (!sf_existing(api, m, f, table, o))
			return MRT_OK;
		char how[64];
		return ig_report(s, ctx, o, api->op_line(o), sf_how(api, o, how, sizeof(how)), table,
		                 sf_column_name(api, col), what);
	}
	size_t ns = api->op_sql_count(o);
	for (size_t k = 0; k < ns; k++) {
		const mrt_sql *q = api->op_sql(o, k);
		if (api->sql_verb(q) != MRT_SQL_V_ALTER || api->sql_action(q) != MRT_SQL_A_ADD_COLUMN)
			continue;
		const char *what = ig_sql_kind(api, q);
		const char *table = api->sql_table(q);
		if (!what || !sf_existing(api, m, f, table, o))
			continue;
		int rc = ig_report(s, ctx, o, sf_sql_line(api, o, q), "ALTER TABLE ... ADD COLUMN", table,
		                   api->sql_column(q), what);
		if (rc != MRT_OK)
			return rc;
	}
	return MRT_OK;
}

static int ig_check(void *state, mrt_ctx *ctx, const mrt_migration *m)
{
	const struct sf_state *s = state;
	return sf_walk(s->api, state, ctx, m, false, ig_op);
}

static const mrt_option_spec ig_options[] = {
	{0},
};

MRT_PLUGIN_DEFINE(.kind = MRT_KIND_RULE, .name = "identity-or-stored-generated", .version = "1.0.0",
                  .description = "an identity, autoincrement or stored generated column is added to an existing table",
                  .init = sf_init, .check_migration = ig_check, .fini = sf_fini, .options = ig_options)
