/*
 * volatile_default.c — MRT027 volatile-default: a column added to an existing table with a volatile server default
 * (PostgreSQL).
 *
 * Since PostgreSQL 11, ADD COLUMN ... DEFAULT <constant or stable expression> is instant: the default is stored once in
 * the catalog. A volatile default (a new value per row) cannot be stored that way, so PostgreSQL rewrites the whole
 * table, filling every row, under an ACCESS EXCLUSIVE lock. Fires in upgrade() on op.add_column /
 * batch_op.add_column of a Column whose server_default calls gen_random_uuid(), uuid_generate_v1/v1mc/v4(),
 * uuidv4()/uuidv7(), clock_timestamp(), timeofday(), random() or nextval(...) — as sa.text("..."),
 * sa.func.gen_random_uuid(), sa.literal_column("...") or sa.DefaultClause(sa.text(...)) — and on
 * `ALTER TABLE t ADD COLUMN c ... DEFAULT <volatile call>` in execute() SQL or through a bind; also in helpers and
 * under conditions.
 *
 * Not reported: a plain string server_default (SQLAlchemy renders it as a quoted literal, not a call); now(),
 * CURRENT_TIMESTAMP, statement_timestamp() and other stable expressions (instant on PostgreSQL
 * 11+); constants; tables created earlier in the same upgrade(); alter_column(server_default=...) and
 * ALTER COLUMN ... SET DEFAULT (they only change future inserts: no rewrite); downgrade().
 */
#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "../safety_common/sf_common.h"

static const char *const vd_volatile[] = {"gen_random_uuid", "uuid_generate_v1", "uuid_generate_v1mc",
                                          "uuid_generate_v4", "uuidv4", "uuidv7", "clock_timestamp", "timeofday",
                                          "random", "nextval"};

static const char *vd_hint = "add the column without a default (or nullable), set the default with alter_column "
                             "afterwards, and backfill existing rows in batches";

/* The volatile function named `name[0..n)` (case-insensitive, ignoring a schema/module prefix), or NULL. */
static const char *vd_match(const char *name, size_t n)
{
	for (size_t i = 0; i < sizeof(vd_volatile) / sizeof(vd_volatile[0]); i++) {
		size_t l = strlen(vd_volatile[i]);
		if (l != n)
			continue;
		size_t k = 0;
		while (k < n && tolower((unsigned char)name[k]) == vd_volatile[i][k])
			k++;
		if (k == n)
			return vd_volatile[i];
	}
	return NULL;
}

/* First volatile function called in SQL expression text[0..len) (identifier followed by '('), outside quotes. */
static const char *vd_in_text(const char *text, size_t len)
{
	if (!text)
		return NULL;
	size_t i = 0;
	while (i < len) {
		char c = text[i];
		if (c == '\'' || c == '"') {
			i++;
			while (i < len && text[i] != c)
				i++;
			i++;
			continue;
		}
		if (isalpha((unsigned char)c) || c == '_') {
			size_t st = i;
			while (i < len && (isalnum((unsigned char)text[i]) || text[i] == '_'))
				i++;
			size_t e = i;
			while (i < len && isspace((unsigned char)text[i]))
				i++;
			if (i < len && text[i] == '(') {
				const char *f = vd_match(text + st, e - st);
				if (f)
					return f;
			}
			continue;
		}
		i++;
	}
	return NULL;
}

/*
 * The volatile function of a server_default value, or NULL. A plain string is a quoted literal for SQLAlchemy
 * (server_default="random()" stores the text 'random()'), so only SQL given through sa.text(...) /
 * sa.literal_column(...) (possibly inside sa.DefaultClause(...)) and sa.func.<name>() calls count.
 */
static const char *vd_in_value(const mrt_host_api *api, const mrt_value *v, int depth)
{
	if (!v || depth > 4 || api->value_kind(v) != MRT_VAL_CALL)
		return NULL;
	const char *callee = api->value_text(v, NULL);
	if (!callee)
		return NULL;
	const char *base = sf_base(callee);
	/* sa.func.gen_random_uuid() / func.random(): the callee names the function */
	if (strstr(callee, "func.") == callee || strstr(callee, ".func."))
		return vd_match(base, strlen(base));
	if (!strcmp(base, "text") || !strcmp(base, "literal_column")) {
		const mrt_value *a = api->value_call_arg(v, "text", 0);
		size_t len = 0;
		const char *t = a && api->value_kind(a) == MRT_VAL_STR ? api->value_text(a, &len) : NULL;
		return vd_in_text(t, len);
	}
	if (!strcmp(base, "DefaultClause"))
		return vd_in_value(api, api->value_call_arg(v, "arg", 0), depth + 1);
	return NULL;
}

static int vd_report(const struct sf_state *s, mrt_ctx *ctx, const mrt_op *o, unsigned line, const char *how,
                     const char *table, const char *column, const char *fn)
{
	const mrt_host_api *api = s->api;
	char notes[200];
	sf_notes(api, o, notes, sizeof(notes));
	return api->report(ctx, MRT_SEV_DEFAULT, line, api->op_col(o), vd_hint,
	                   "%s adds column '%s.%s' with the volatile default %s()%s: PostgreSQL rewrites the whole table "
	                   "to fill every existing row, under an ACCESS EXCLUSIVE lock",
	                   how, table ? table : "<dynamic>", column ? column : "<dynamic>", fn, notes);
}

static int vd_op(void *state, mrt_ctx *ctx, const mrt_migration *m, const mrt_func *f, const mrt_op *o)
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
		/* the default first: it is rarely volatile, and whether the table exists (created_in_revision) costs
		 * more */
		const char *fn = vd_in_value(api, api->value_call_arg(col, "server_default", -1), 0);
		if (!fn)
			return MRT_OK;
		const char *table = sf_op_table(api, o, "table_name", 0);
		if (!sf_existing(api, m, f, table, o))
			return MRT_OK;
		char how[64];
		return vd_report(s, ctx, o, api->op_line(o), sf_how(api, o, how, sizeof(how)), table,
		                 sf_column_name(api, col), fn);
	}
	size_t ns = api->op_sql_count(o);
	for (size_t k = 0; k < ns; k++) {
		const mrt_sql *q = api->op_sql(o, k);
		if (api->sql_verb(q) != MRT_SQL_V_ALTER || api->sql_action(q) != MRT_SQL_A_ADD_COLUMN)
			continue;
		size_t len = 0;
		const char *text = api->sql_text(q, &len);
		size_t at = sf_sql_find_from(text, len, 0, "DEFAULT");
		if (at == (size_t)-1)
			continue;
		const char *fn = vd_in_text(text + at, len - at);
		const char *table = api->sql_table(q);
		if (!fn || !sf_existing(api, m, f, table, o))
			continue;
		int rc = vd_report(s, ctx, o, sf_sql_line(api, o, q), "ALTER TABLE ... ADD COLUMN", table,
		                   api->sql_column(q), fn);
		if (rc != MRT_OK)
			return rc;
	}
	return MRT_OK;
}

static int vd_check(void *state, mrt_ctx *ctx, const mrt_migration *m)
{
	const struct sf_state *s = state;
	return sf_walk(s->api, state, ctx, m, false, vd_op);
}

static const mrt_option_spec vd_options[] = {
	{0},
};

MRT_PLUGIN_DEFINE(.kind = MRT_KIND_RULE, .name = "volatile-default", .version = "1.0.0",
                  .description = "a column is added to an existing table with a volatile default: full table rewrite",
                  .init = sf_init, .check_migration = vd_check, .fini = sf_fini, .options = vd_options)
