/*
 * sf_common.h — small helpers shared by the "safety" rule plugins (MRT021–MRT028).
 *
 * Header-only on purpose: every plugin is its own shared object and links against nothing but libc, and the unit
 * test compiles all eight plugins into one translation unit (hence the include guard and the sf_ prefix). Every
 * function is static and tagged unused, so a plugin pays only for what it calls.
 *
 * What is here: name comparison (case-insensitive, ignoring a schema prefix), literal strings of the model
 * (`"x"`, `op.f("x")`), the table/column arguments of ops in plain and batch form, the `sa.Column(...)` of an
 * add_column, "was this column added earlier in the same function", a quote-aware case-insensitive word search in
 * SQL text, message notes (helper, conditional) and the walk over upgrade()/downgrade() ops.
 *
 * Ownership: everything returned points into the model (borrowed until the callback returns) or into the caller's
 * buffers. Nothing here allocates.
 */
#ifndef MRT_SF_COMMON_H
#define MRT_SF_COMMON_H

#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "mrt_sdk.h"

#if defined(__GNUC__) || defined(__clang__)
#define SF_UNUSED __attribute__((unused))
#else
#define SF_UNUSED
#endif

/* ---- names ------------------------------------------------------------------------------------------------------ */

/* Part after the last '.', or the whole string. NULL stays NULL. */
SF_UNUSED static const char *sf_base(const char *name)
{
	if (!name)
		return NULL;
	const char *dot = strrchr(name, '.');
	return dot ? dot + 1 : name;
}

/* Case-insensitive equality; false when either is NULL. */
SF_UNUSED static bool sf_ieq(const char *a, const char *b)
{
	if (!a || !b)
		return false;
	for (; *a && *b; a++, b++)
		if (tolower((unsigned char)*a) != tolower((unsigned char)*b))
			return false;
	return *a == *b;
}

/* Same object name: case-insensitive, ignoring a schema prefix ("public.users" == "users"). */
SF_UNUSED static bool sf_same(const char *a, const char *b)
{
	return sf_ieq(sf_base(a), sf_base(b));
}

/* Whether hay contains needle, case-insensitively. false when either is NULL or needle is empty. */
SF_UNUSED static bool sf_icontains(const char *hay, const char *needle)
{
	if (!hay || !needle || !*needle)
		return false;
	size_t n = strlen(needle);
	for (const char *p = hay; *p; p++) {
		size_t i = 0;
		while (i < n && p[i] && tolower((unsigned char)p[i]) == tolower((unsigned char)needle[i]))
			i++;
		if (i == n)
			return true;
	}
	return false;
}

/* ---- values ----------------------------------------------------------------------------------------------------- */

/* A string literal, or the literal inside op.f("...") / f("..."), or NULL. */
SF_UNUSED static const char *sf_str(const mrt_host_api *api, const mrt_value *v)
{
	if (!v)
		return NULL;
	enum mrt_value_kind k = api->value_kind(v);
	if (k == MRT_VAL_STR)
		return api->value_text(v, NULL);
	if (k == MRT_VAL_CALL) {
		const char *callee = api->value_text(v, NULL);
		if (callee && !strcmp(sf_base(callee), "f") && api->value_item_count(v) == 1) {
			const mrt_value *in = api->value_item(v, 0);
			if (api->value_kind(in) == MRT_VAL_STR)
				return api->value_text(in, NULL);
		}
	}
	return NULL;
}

/* Whether v is the literal True. */
SF_UNUSED static bool sf_true(const mrt_host_api *api, const mrt_value *v)
{
	return v && api->value_kind(v) == MRT_VAL_BOOL && api->value_bool(v);
}

/* Whether v is the literal False. */
SF_UNUSED static bool sf_false(const mrt_host_api *api, const mrt_value *v)
{
	return v && api->value_kind(v) == MRT_VAL_BOOL && !api->value_bool(v);
}

/* Whether v is a call whose callee's last component is `base` ("sa.Column", "Column" → "Column"). */
SF_UNUSED static bool sf_is_call(const mrt_host_api *api, const mrt_value *v, const char *base)
{
	if (!v || api->value_kind(v) != MRT_VAL_CALL)
		return false;
	const char *callee = api->value_text(v, NULL);
	return callee && !strcmp(sf_base(callee), base);
}

/* ---- ops -------------------------------------------------------------------------------------------------------- */

/* Whether the op is a batch op. */
SF_UNUSED static bool sf_batch(const mrt_host_api *api, const mrt_op *o)
{
	return (api->op_flags(o) & MRT_OP_BATCH) != 0;
}

/* Argument of an op whose position shifts by one in batch form (the table argument disappears). */
SF_UNUSED static const mrt_value *sf_arg(const mrt_host_api *api, const mrt_op *o, const char *kw, int pos)
{
	if (pos > 0 && sf_batch(api, o))
		pos--;
	return api->op_arg(o, kw, pos);
}

/* Table of an op: op_table(), else the literal table argument (kw/pos) when not a batch op. */
SF_UNUSED static const char *sf_op_table(const mrt_host_api *api, const mrt_op *o, const char *kw, int pos)
{
	const char *t = api->op_table(o);
	if (t || sf_batch(api, o))
		return t;
	return sf_str(api, api->op_arg(o, kw, pos));
}

/* The sa.Column(...) of add_column (op: 2nd argument, batch: 1st; keyword `column`), or NULL. */
SF_UNUSED static const mrt_value *sf_add_column_col(const mrt_host_api *api, const mrt_op *o)
{
	const mrt_value *c = sf_arg(api, o, "column", 1);
	return sf_is_call(api, c, "Column") ? c : NULL;
}

/* Name of a Column(...) call: first positional string (or name=). */
SF_UNUSED static const char *sf_column_name(const mrt_host_api *api, const mrt_value *col)
{
	return sf_str(api, api->value_call_arg(col, "name", 0));
}

/* " (in helper _x(), called at line N)" and/or " (conditional)" for messages. */
SF_UNUSED static void sf_notes(const mrt_host_api *api, const mrt_op *o, char *buf, size_t size)
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

/* "op.add_column()" / "batch_op.add_column()" for messages (buf caller-owned). */
SF_UNUSED static const char *sf_how(const mrt_host_api *api, const mrt_op *o, char *buf, size_t size)
{
	const char *name = api->op_name(o);
	snprintf(buf, size, "%s.%s()", sf_batch(api, o) ? "batch_op" : "op", name ? name : "?");
	return buf;
}

/*
 * Whether function f adds column `column` to `table` before statement `before_stmt` of op `before` (op.add_column /
 * batch_op.add_column with a literal Column name, or ALTER TABLE ... ADD COLUMN in execute SQL, also earlier in the
 * same SQL text). Pass before_stmt = 0 for an op.* call. Names compare like sf_same.
 */
SF_UNUSED static bool sf_column_added_before_stmt(const mrt_host_api *api, const mrt_func *f, const mrt_op *before,
                                                  size_t before_stmt, const char *table, const char *column)
{
	if (!table || !column)
		return false;
	size_t n = api->func_op_count(f);
	for (size_t i = 0; i < n; i++) {
		const mrt_op *o = api->func_op(f, i);
		bool last = o == before;
		const char *name = api->op_name(o);
		if (name && !strcmp(name, "add_column")) {
			const mrt_value *col = sf_add_column_col(api, o);
			if (!last && col && sf_same(sf_op_table(api, o, "table_name", 0), table) &&
			    sf_ieq(sf_column_name(api, col), column))
				return true;
		} else {
			size_t ns = api->op_sql_count(o);
			if (last && ns > before_stmt)
				ns = before_stmt;
			for (size_t k = 0; k < ns; k++) {
				const mrt_sql *q = api->op_sql(o, k);
				if (api->sql_verb(q) == MRT_SQL_V_ALTER && api->sql_action(q) == MRT_SQL_A_ADD_COLUMN &&
				    sf_same(api->sql_table(q), table) && sf_ieq(api->sql_column(q), column))
					return true;
			}
		}
		if (last)
			break;
	}
	return false;
}

/* sf_column_added_before_stmt for an op.* call: only ops before `before` count. */
SF_UNUSED static bool sf_column_added_before(const mrt_host_api *api, const mrt_func *f, const mrt_op *before,
                                             const char *table, const char *column)
{
	return sf_column_added_before_stmt(api, f, before, 0, table, column);
}

/* ---- SQL text --------------------------------------------------------------------------------------------------- */

/*
 * Finds `words` (one or more words separated by single spaces, e.g. "FOREIGN KEY") in sql[0..len) as whole words,
 * case-insensitively, with any run of whitespace between the words, outside '...' strings, "..." / `...`
 * identifiers and comments. Returns the offset just after the match, or (size_t)-1 when absent. Starts at `from`.
 */
SF_UNUSED static size_t sf_sql_find_from(const char *sql, size_t len, size_t from, const char *words)
{
	if (!sql || !words || !*words)
		return (size_t)-1;
	size_t wl = strlen(words);
	size_t i = from;
	while (i < len) {
		char c = sql[i];
		if (c == '\'' || c == '"' || c == '`') {
			i++;
			while (i < len && sql[i] != c)
				i++;
			i++;
			continue;
		}
		if (c == '-' && i + 1 < len && sql[i + 1] == '-') {
			while (i < len && sql[i] != '\n')
				i++;
			continue;
		}
		if (c == '/' && i + 1 < len && sql[i + 1] == '*') {
			i += 2;
			while (i + 1 < len && !(sql[i] == '*' && sql[i + 1] == '/'))
				i++;
			i += 2;
			continue;
		}
		bool start = i == 0 || !(isalnum((unsigned char)sql[i - 1]) || sql[i - 1] == '_');
		if (start) {
			size_t p = i, w = 0;
			while (w < wl && p < len) {
				if (words[w] == ' ') {
					if (!isspace((unsigned char)sql[p]))
						break;
					while (p < len && isspace((unsigned char)sql[p]))
						p++;
					w++;
					continue;
				}
				if (tolower((unsigned char)sql[p]) != tolower((unsigned char)words[w]))
					break;
				p++;
				w++;
			}
			if (w == wl && (p >= len || !(isalnum((unsigned char)sql[p]) || sql[p] == '_')))
				return p;
		}
		i++;
	}
	return (size_t)-1;
}

SF_UNUSED static bool sf_sql_has(const char *sql, size_t len, const char *words)
{
	return sf_sql_find_from(sql, len, 0, words) != (size_t)-1;
}

/*
 * Source line of SQL statement q of op o: the line of the string literal holding the SQL (directly, or inside
 * sa.text(...) / text(...)) plus the statement's line offset; the op's own line when the SQL came from elsewhere
 * (a local constant).
 */
SF_UNUSED static unsigned sf_sql_line(const mrt_host_api *api, const mrt_op *o, const mrt_sql *q)
{
	/* sql_line() counts from the op's line to the statement's own line in the file (0 when the SQL comes from a
	 * constant defined elsewhere) */
	return api->op_line(o) + api->sql_line(q);
}

/* ---- walking ---------------------------------------------------------------------------------------------------- */

/* Callback per op of the walked functions; returns MRT_OK or a failure code that stops the walk. */
typedef int (*sf_op_fn)(void *state, mrt_ctx *ctx, const mrt_migration *m, const mrt_func *f, const mrt_op *o);

/*
 * Calls fn for every op of every upgrade()-role function (and of downgrade()-role ones when `downgrade` is true),
 * in source order. Helper functions are skipped: their ops are already expanded at the call site.
 */
SF_UNUSED static int sf_walk(const mrt_host_api *api, void *state, mrt_ctx *ctx, const mrt_migration *m,
                             bool downgrade, sf_op_fn fn)
{
	size_t nf = api->migration_func_count(m);
	for (size_t k = 0; k < nf; k++) {
		const mrt_func *f = api->migration_func(m, k);
		enum mrt_func_role role = api->func_role(f);
		if (role != MRT_FN_UPGRADE && !(downgrade && role == MRT_FN_DOWNGRADE))
			continue;
		size_t n = api->func_op_count(f);
		for (size_t i = 0; i < n; i++) {
			int rc = fn(state, ctx, m, f, api->func_op(f, i));
			if (rc != MRT_OK)
				return rc;
		}
	}
	return MRT_OK;
}

/* Whether a table an op works on is an existing one: not created earlier by upgrade() (NULL table: unknown, so
 * existing). For downgrade ops, any table upgrade() creates counts as new. */
SF_UNUSED static bool sf_existing(const mrt_host_api *api, const mrt_migration *m, const mrt_func *f, const char *table,
                                  const mrt_op *o)
{
	if (!table)
		return true;
	bool up = api->func_role(f) == MRT_FN_UPGRADE;
	return !api->created_in_revision(m, table, up ? o : NULL);
}

/* The state every safety plugin keeps. */
struct sf_state {
	const mrt_host_api *api;  /* borrowed until fini() */
	const mrt_options *opts;  /* borrowed until fini() */
};

SF_UNUSED static int sf_init(const mrt_host_api *api, const mrt_options *opts, void **state, mrt_diag *diag)
{
	struct sf_state *s = api->alloc(sizeof(*s));
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

SF_UNUSED static void sf_fini(void *state)
{
	struct sf_state *s = state;
	if (s)
		s->api->free(s);
}

#endif
