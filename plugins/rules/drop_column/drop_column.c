/*
 * drop_column.c — MRT004 drop-column: a column of an existing table is dropped in upgrade().
 *
 * Fires on op.drop_column(...), batch_op.drop_column(...) inside batch_alter_table, and `ALTER TABLE ... DROP COLUMN`
 * in op.execute(...) or through a bind (conn.execute, op.get_bind().execute), also inside helpers called from
 * upgrade() and under conditions. The values are gone for good: the downgrade can re-add the column, never its data.
 *
 * Not when the upgrade first copied the values in SQL (an UPDATE of the same table naming the column, or an INSERT
 * ... SELECT naming the table and the column): that is the "copy the values elsewhere first" this rule asks for.
 * Not on a table that the same upgrade created earlier (create_table / CREATE TABLE before the drop), and not on
 * tables matching the `ignore_tables` option (fnmatch patterns, case-sensitive, matched against the bare table name
 * and against schema.table).
 */
#include <ctype.h>
#include <fnmatch.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "mrt_sdk.h"

struct dc_state {
	const mrt_host_api *api;  /* borrowed until fini() */
	const mrt_options *opts;  /* borrowed until fini() */
};

static int dc_init(const mrt_host_api *api, const mrt_options *opts, void **state, mrt_diag *diag)
{
	struct dc_state *s = api->alloc(sizeof(*s));
	if (!s) {
		diag->code = MRT_ENOMEM;
		snprintf(diag->message, sizeof(diag->message), "out of memory");
		return MRT_ENOMEM;
	}
	s->api = api;
	s->opts = opts;
	*state = s;
	return MRT_OK;
}

static void dc_fini(void *state)
{
	struct dc_state *s = state;
	if (s)
		s->api->free(s);
}

static bool dc_ignored(const struct dc_state *s, const char *table)
{
	if (!table)
		return false;
	const char *dot = strrchr(table, '.');
	size_t n = s->api->opt_list_count(s->opts, "ignore_tables");
	for (size_t i = 0; i < n; i++) {
		const char *pat = s->api->opt_list_item(s->opts, "ignore_tables", i);
		if (pat && (fnmatch(pat, table, 0) == 0 || (dot && fnmatch(pat, dot + 1, 0) == 0)))
			return true;
	}
	return false;
}

/* " (in helper _x(), called at line N)" / " (conditional)" notes for the message. */
static void dc_notes(const mrt_host_api *api, const mrt_op *o, char *buf, size_t size)
{
	const char *helper = api->op_helper(o);
	uint32_t flags = api->op_flags(o);
	int w = 0;
	buf[0] = '\0';
	if (helper)
		w = snprintf(buf, size, " (in helper %s(), called at line %u)", helper, api->op_call_line(o));
	if (w >= 0 && (size_t)w < size && (flags & MRT_OP_CONDITIONAL))
		snprintf(buf + w, size - (size_t)w, " (conditional)");
}

static const char *dc_hint = "if the data is no longer needed, say so: `# mrt: ignore[MRT004] <reason>`; otherwise "
                             "copy the values elsewhere first, or stop using the column now and drop it in a later "
                             "release (expand/contract)";

static int dc_report(const struct dc_state *s, mrt_ctx *ctx, const mrt_op *o, unsigned line, const char *how,
                     const char *table, const char *column)
{
	const mrt_host_api *api = s->api;
	char notes[200];
	dc_notes(api, o, notes, sizeof(notes));
	return api->report(ctx, MRT_SEV_DEFAULT, line, api->op_col(o), dc_hint,
	                   "%s drops column '%s.%s' of an existing table%s: its values are permanently lost, a downgrade "
	                   "can only re-add it empty",
	                   how, table ? table : "?", column ? column : "?", notes);
}

/* Whether text[0..len) contains word as a whole identifier, case-insensitive (a schema prefix "s.t" matches "t"). */
static bool dc_mentions(const char *text, size_t len, const char *word)
{
	if (word) {
		const char *dot = strrchr(word, '.');
		if (dot)
			word = dot + 1;
	}
	size_t n = word ? strlen(word) : 0;
	if (!text || !n || n > len)
		return false;
	for (size_t i = 0; i + n <= len; i++) {
		if (strncasecmp(text + i, word, n) != 0)
			continue;
		bool left = i == 0 || !(isalnum((unsigned char)text[i - 1]) || text[i - 1] == '_');
		bool right = i + n == len || !(isalnum((unsigned char)text[i + n]) || text[i + n] == '_');
		if (left && right)
			return true;
	}
	return false;
}

/* Bare table name: after the last '.', without quotes. */
static bool dc_same_table(const char *a, const char *b)
{
	if (!a || !b)
		return false;
	const char *da = strrchr(a, '.'), *db = strrchr(b, '.');
	a = da ? da + 1 : a;
	b = db ? db + 1 : b;
	size_t na = strlen(a), nb = strlen(b);
	if (na >= 2 && (a[0] == '"' || a[0] == '`')) {
		a++;
		na -= 2;
	}
	if (nb >= 2 && (b[0] == '"' || b[0] == '`')) {
		b++;
		nb -= 2;
	}
	return na == nb && na && strncasecmp(a, b, na) == 0;
}

/*
 * Whether the upgrade copies the column's values before dropping it, in SQL: an UPDATE of the same table that names
 * the column (UPDATE t SET new_col = f(old_col)), or an INSERT that names both the table and the column
 * (INSERT INTO other SELECT ..., old_col FROM t). That is the expand/contract copy this rule's hint asks for: the
 * values live on. SQLAlchemy update() constructs do not count (the model does not keep their values).
 */
static bool dc_copied(const mrt_host_api *api, const mrt_func *fn, const mrt_op *before, const char *table,
                      const char *column)
{
	if (!fn || !table || !column)
		return false;
	size_t nops = api->func_op_count(fn);
	for (size_t i = 0; i < nops; i++) {
		const mrt_op *o = api->func_op(fn, i);
		if (o == before)
			break;
		size_t nsql = api->op_sql_count(o);
		for (size_t k = 0; k < nsql; k++) {
			const mrt_sql *q = api->op_sql(o, k);
			enum mrt_sql_verb v = api->sql_verb(q);
			size_t len = 0;
			const char *text = api->sql_text(q, &len);
			if (v == MRT_SQL_V_UPDATE && dc_same_table(api->sql_table(q), table) && dc_mentions(text, len, column))
				return true;
			if (v == MRT_SQL_V_INSERT && dc_mentions(text, len, table) && dc_mentions(text, len, column) &&
			    !dc_same_table(api->sql_table(q), table))
				return true;
		}
	}
	return false;
}

static int dc_check_op(const struct dc_state *s, mrt_ctx *ctx, const mrt_migration *m, const mrt_func *fn,
                       const mrt_op *o)
{
	const mrt_host_api *api = s->api;
	const char *name = api->op_name(o);
	if (!name)
		return MRT_OK;
	if (!strcmp(name, "drop_column")) {
		bool batch = (api->op_flags(o) & MRT_OP_BATCH) != 0;
		const char *table = api->op_table(o);
		if (!table && !batch) {
			const mrt_value *tv = api->op_arg(o, "table_name", 0);
			table = tv && api->value_kind(tv) == MRT_VAL_STR ? api->value_text(tv, NULL) : NULL;
		}
		const mrt_value *cv = api->op_arg(o, "column_name", batch ? 0 : 1);
		const char *column = cv && api->value_kind(cv) == MRT_VAL_STR ? api->value_text(cv, NULL) : NULL;
		if (table && (api->created_in_revision(m, table, o) || dc_ignored(s, table)))
			return MRT_OK;
		if (dc_copied(api, fn, o, table, column))
			return MRT_OK;
		return dc_report(s, ctx, o, api->op_line(o), batch ? "batch_op.drop_column()" : "op.drop_column()", table,
		                 column);
	}
	size_t nsql = api->op_sql_count(o);
	for (size_t i = 0; i < nsql; i++) {
		const mrt_sql *q = api->op_sql(o, i);
		/* the classifier may name the object TABLE or COLUMN: the action is what counts */
		if (api->sql_verb(q) != MRT_SQL_V_ALTER || api->sql_action(q) != MRT_SQL_A_DROP_COLUMN)
			continue;
		const char *table = api->sql_table(q);
		if (table && (api->created_in_revision(m, table, o) || dc_ignored(s, table)))
			continue;
		if (dc_copied(api, fn, o, table, api->sql_column(q)))
			continue;
		int rc = dc_report(s, ctx, o, api->op_line(o) + api->sql_line(q), "ALTER TABLE ... DROP COLUMN", table,
		                   api->sql_column(q));
		if (rc)
			return rc;
	}
	return MRT_OK;
}

static int dc_check(void *state, mrt_ctx *ctx, const mrt_migration *m)
{
	const struct dc_state *s = state;
	const mrt_host_api *api = s->api;
	size_t nf = api->migration_func_count(m);
	for (size_t f = 0; f < nf; f++) {
		const mrt_func *fn = api->migration_func(m, f);
		if (api->func_role(fn) != MRT_FN_UPGRADE)
			continue;
		size_t nops = api->func_op_count(fn);
		for (size_t i = 0; i < nops; i++) {
			int rc = dc_check_op(s, ctx, m, fn, api->func_op(fn, i));
			if (rc)
				return rc;
		}
	}
	return MRT_OK;
}

static const mrt_option_spec dc_options[] = {
	{.name = "ignore_tables", .type = MRT_OPT_STRLIST, .def = NULL,
	 .description = "fnmatch patterns of tables whose columns may be dropped (staging, scratch tables)"},
	{0},
};

MRT_PLUGIN_DEFINE(.kind = MRT_KIND_RULE, .name = "drop-column", .version = "1.0.0",
                  .description = "a column of an existing table is dropped: its values are lost on rollback",
                  .init = dc_init, .check_migration = dc_check, .fini = dc_fini, .options = dc_options)
