/*
 * sf_common.h — small helpers shared by the "safety" rule plugins (MRT021–MRT028).
 *
 * Header-only on purpose: every plugin is its own shared object and links against nothing but libc, and the unit
 * test compiles all eight plugins into one translation unit (hence the include guard and the sf_ prefix). Every
 * function is static and tagged unused, so a plugin pays only for what it calls.
 *
 * The generic helpers (names, literals, op arguments, notes, the plugin state, the walk over upgrade()/downgrade()
 * ops) live in ../common/mrt_rulekit.h, included here; their sf_ names below are aliases of the kit's functions with
 * this family's behaviour (names compare with quotes significant, MRK_NAME_PLAIN; op.f() unwrapped one level).
 *
 * What is here: the `sa.Column(...)` of an add_column, "was this column added earlier in the same function", a
 * quote-aware case-insensitive word search in SQL text, "op.add_column()" labels, and whether a table is an existing
 * one.
 *
 * Ownership: everything returned points into the model (borrowed until the callback returns) or into the caller's
 * buffers. Only sf_init() (mrk_init()) allocates the plugin state; sf_fini() frees it.
 */
#ifndef MRT_SF_COMMON_H
#define MRT_SF_COMMON_H

#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "mrt_sdk.h"
#include "../common/mrt_rulekit.h"

#define SF_UNUSED MRK_UNUSED

/* ---- the rule kit's helpers, under their sf_ names -------------------------------------------------------------- */

#define sf_base mrk_base
#define sf_ieq mrk_ieq
#define sf_same mrk_same /* MRK_NAME_PLAIN: quotes significant, "" == "" */
#define sf_str mrk_str
#define sf_true mrk_true
#define sf_false mrk_false
#define sf_is_call mrk_is_call
#define sf_batch mrk_batch
#define sf_arg mrk_arg
#define sf_op_table mrk_op_table
#define sf_notes mrk_notes
#define sf_sql_line mrk_sql_line
#define sf_op_fn mrk_op_fn
#define sf_walk mrk_walk
#define sf_state mrk_state /* the state every safety plugin keeps: api, opts */
#define sf_init mrk_init
#define sf_fini mrk_fini

/* ---- text ------------------------------------------------------------------------------------------------------- */

/* Whether hay contains needle, case-insensitively. false when either is NULL or needle is empty. */
SF_UNUSED static bool sf_icontains(const char *hay, const char *needle)
{
	return hay && mrk_mentions(hay, strlen(hay), needle, MRK_WORD_PART);
}

/* ---- ops -------------------------------------------------------------------------------------------------------- */

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

/* "op.add_column()" / "batch_op.add_column()" for messages (buf caller-owned). */
SF_UNUSED static const char *sf_how(const mrt_host_api *api, const mrt_op *o, char *buf, size_t size)
{
	const char *name = api->op_name(o);
	/* "%s.%s()" without snprintf() (see mrk_cat()) */
	size_t len = 0;
	mrk_cat(buf, size, &len, sf_batch(api, o) ? "batch_op" : "op");
	mrk_cat(buf, size, &len, ".");
	mrk_cat(buf, size, &len, name ? name : "?");
	mrk_cat(buf, size, &len, "()");
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

/* ---- tables ----------------------------------------------------------------------------------------------------- */

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

#endif
