/*
 * ops_common.h — small helpers shared by the "ops" rule plugins (MRT029–MRT034, MRT036–MRT039).
 *
 * Header-only on purpose: every plugin is its own shared object and links against nothing but libc, and the unit test
 * compiles all of them into one translation unit (hence the include guard and the oc_ prefix). Every function is
 * static and tagged unused, so a plugin pays only for what it calls. This folder has no CMakeLists.txt: it is not a
 * plugin.
 *
 * The generic helpers (names, literals, op arguments, notes) live in ../common/mrt_rulekit.h, included here; their
 * oc_ names below are aliases of the kit's functions with this family's behaviour (names compare ignoring quotes
 * "", `` and [], MRK_NAME_QUOTES | MRK_NAME_BRACKETS; nested op.f() calls are unwrapped, MRK_STR_NESTED).
 *
 * What is here:
 *   - ops: "op.add_column()" labels, the target table of the ops in a list of names, tables created earlier in the
 *     revision (also by an earlier statement of the same execute());
 *   - SQL text: a tiny word scanner (skips quotes and comments) for the few facts the classifier does not record.
 *
 * Ownership: everything returned points into the model (borrowed until the callback returns) or into the caller's
 * buffers. Nothing here allocates.
 */
#ifndef MRT_OPS_COMMON_H
#define MRT_OPS_COMMON_H

#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "mrt_sdk.h"
#include "../common/mrt_rulekit.h"

#define OC_UNUSED MRK_UNUSED

/* ---- the rule kit's helpers, under their oc_ names -------------------------------------------------------------- */

#define oc_ieqn mrk_ieqn
#define oc_ieq mrk_ieq
#define oc_base mrk_base
#define oc_is mrk_op_is
#define oc_arg mrk_arg
#define oc_true mrk_true
#define oc_false mrk_false
#define oc_notes mrk_notes
#define oc_sql_line mrk_sql_line

/* Same object name, ignoring a schema prefix and quotes ("", ``, []): "public.users" == "Users"; "" matches nothing. */
#define oc_same(a, b) mrk_same_name((a), (b), MRK_NAME_QUOTES | MRK_NAME_BRACKETS)
/* A string literal, or the literal inside op.f("...") / f("..."), also nested. */
#define oc_str(api, v) mrk_str_ex((api), (v), MRK_STR_NESTED)
/* Target table of an op.* call: the model's table, else the literal at keyword `kw` / position `pos` (non-batch). */
#define oc_op_table(api, o, kw, pos) mrk_op_table_ex((api), (o), (kw), (pos), MRK_STR_NESTED)

/* ---- ops -------------------------------------------------------------------------------------------------------- */

/* How an op is written, for messages: "op.add_column()", "batch_op.add_column()", "conn.execute()". */
OC_UNUSED static void oc_how(const mrt_host_api *api, const mrt_op *o, char *buf, size_t size)
{
	const char *recv = api->op_receiver(o);
	const char *name = api->op_name(o);
	bool batch = (api->op_flags(o) & MRT_OP_BATCH) != 0;
	/* "%s.%s()" without snprintf() (see mrk_cat()) */
	size_t len = 0;
	mrk_cat(buf, size, &len, batch ? "batch_op" : recv && strlen(recv) < 40 ? recv : "op");
	mrk_cat(buf, size, &len, ".");
	mrk_cat(buf, size, &len, name ? name : "?");
	mrk_cat(buf, size, &len, "()");
}

/*
 * When op o is one of the op names names[0..n): its name (borrowed from the model), with *table set to its target
 * table (keyword table_name; at position 1 for create_*(name, table, ...) and drop_constraint(name, table), else 0;
 * NULL when unknown). Otherwise NULL, and *table is left as it is.
 */
OC_UNUSED static const char *oc_op_listed(const mrt_host_api *api, const mrt_op *o, const char *const *names, size_t n,
                                          const char **table)
{
	const char *name = api->op_name(o);
	if (!name)
		return NULL;
	for (size_t i = 0; i < n; i++) {
		if (!strcmp(name, names[i])) {
			bool second = !strncmp(name, "create_", 7) || !strcmp(name, "drop_constraint");
			*table = oc_op_table(api, o, "table_name", second ? 1 : 0);
			return name;
		}
	}
	return NULL;
}

/*
 * Whether `table` exists only since this revision at statement k of op o: created by an earlier op of the same
 * upgrade (api->created_in_revision), or by a CREATE TABLE among the statements before k of the same execute()
 * (`op.execute("CREATE TABLE t (...); UPDATE t ...")`). k = (size_t)-1: the op's own statements do not count.
 */
OC_UNUSED static bool oc_created(const mrt_host_api *api, const mrt_migration *m, const char *table, const mrt_op *o,
                                 size_t k)
{
	if (!table)
		return false;
	if (api->created_in_revision(m, table, o))
		return true;
	size_t n = api->op_sql_count(o);
	for (size_t j = 0; j < k && j < n; j++) {
		const mrt_sql *q = api->op_sql(o, j);
		if (api->sql_verb(q) == MRT_SQL_V_CREATE && api->sql_object(q) == MRT_SQL_O_TABLE &&
		    oc_same(api->sql_table(q), table))
			return true;
	}
	return false;
}

/* ---- SQL words -------------------------------------------------------------------------------------------------- */

/*
 * A word scanner over SQL text: yields identifiers/keywords, numbers, quoted strings and single punctuation
 * characters, skipping whitespace, -- and block comments. Never reads past len. Classifies bytes with the kit's
 * C-locale mrk_is*() (it tests every byte of the text).
 */
enum oc_tok_kind { OC_T_END = 0, OC_T_WORD, OC_T_NUMBER, OC_T_STRING, OC_T_QIDENT, OC_T_PUNCT };

struct oc_tok {
	enum oc_tok_kind kind;
	const char *p; /* start in the text (borrowed) */
	size_t n;      /* length */
};

struct oc_scan {
	const char *s; /* borrowed */
	size_t len, pos;
};

OC_UNUSED static void oc_scan_init(struct oc_scan *sc, const char *s, size_t len)
{
	sc->s = s;
	sc->len = s ? len : 0;
	sc->pos = 0;
}

OC_UNUSED static struct oc_tok oc_next(struct oc_scan *sc)
{
	const char *s = sc->s;
	size_t n = sc->len, i = sc->pos;
	for (;;) {
		while (i < n && mrk_isspace((unsigned char)s[i]))
			i++;
		if (i + 1 < n && s[i] == '-' && s[i + 1] == '-') {
			while (i < n && s[i] != '\n')
				i++;
			continue;
		}
		if (i + 1 < n && s[i] == '/' && s[i + 1] == '*') {
			i += 2;
			while (i + 1 < n && !(s[i] == '*' && s[i + 1] == '/'))
				i++;
			i = i + 1 < n ? i + 2 : n;
			continue;
		}
		break;
	}
	struct oc_tok t = {OC_T_END, s ? s + i : NULL, 0};
	if (i >= n) {
		sc->pos = n;
		return t;
	}
	size_t start = i;
	unsigned char c = (unsigned char)s[i];
	if (c == '\'' || c == '"' || c == '`') {
		i++;
		while (i < n) {
			if (s[i] == (char)c) {
				if (i + 1 < n && s[i + 1] == (char)c) { /* doubled quote */
					i += 2;
					continue;
				}
				break;
			}
			i++;
		}
		i = i < n ? i + 1 : n;
		t.kind = c == '\'' ? OC_T_STRING : OC_T_QIDENT;
	} else if (mrk_isalpha(c) || c == '_') {
		while (i < n && (mrk_isalnum((unsigned char)s[i]) || s[i] == '_' || s[i] == '$'))
			i++;
		t.kind = OC_T_WORD;
	} else if (mrk_isdigit(c)) {
		while (i < n && (mrk_isalnum((unsigned char)s[i]) || s[i] == '.'))
			i++;
		t.kind = OC_T_NUMBER;
	} else {
		i++;
		t.kind = OC_T_PUNCT;
	}
	t.p = s + start;
	t.n = i - start;
	sc->pos = i;
	return t;
}

/* Whether token t is the keyword kw (case-insensitive). */
OC_UNUSED static bool oc_tok_is(const struct oc_tok *t, const char *kw)
{
	return t->kind == OC_T_WORD && oc_ieqn(t->p, t->n, kw, strlen(kw));
}

/* Whether token t is the punctuation character ch. */
OC_UNUSED static bool oc_tok_punct(const struct oc_tok *t, char ch)
{
	return t->kind == OC_T_PUNCT && t->n == 1 && t->p[0] == ch;
}

/* Whether the SQL text s[0..len) has the keyword kw outside quotes and comments. */
OC_UNUSED static bool oc_sql_has_word(const char *s, size_t len, const char *kw)
{
	struct oc_scan sc;
	oc_scan_init(&sc, s, len);
	for (struct oc_tok t = oc_next(&sc); t.kind != OC_T_END; t = oc_next(&sc))
		if (oc_tok_is(&t, kw))
			return true;
	return false;
}

#endif
