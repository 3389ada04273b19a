/*
 * ops_common.h — small helpers shared by the "ops" rule plugins (MRT029–MRT034, MRT036–MRT039).
 *
 * Header-only on purpose: every plugin is its own shared object and links against nothing but libc, and the unit test
 * compiles all of them into one translation unit (hence the include guard and the oc_ prefix). Every function is
 * static and tagged unused, so a plugin pays only for what it calls. This folder has no CMakeLists.txt: it is not a
 * plugin.
 *
 * What is here:
 *   - names: case-insensitive comparison ignoring a schema prefix and quotes, string literals (also inside op.f());
 *   - ops: target table of an op.* / batch_op.* call, literal keyword arguments, "(in helper ...)" notes, tables
 *     created earlier in the revision (also by an earlier statement of the same execute());
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

#if defined(__GNUC__) || defined(__clang__)
#define OC_UNUSED __attribute__((unused))
#else
#define OC_UNUSED
#endif

/* ---- names ------------------------------------------------------------------------------------------------------ */

/* Case-insensitive equality of a[0..na) and b[0..nb). */
OC_UNUSED static bool oc_ieqn(const char *a, size_t na, const char *b, size_t nb)
{
	if (na != nb)
		return false;
	for (size_t i = 0; i < na; i++)
		if (tolower((unsigned char)a[i]) != tolower((unsigned char)b[i]))
			return false;
	return true;
}

/* Case-insensitive equality; false when either is NULL. */
OC_UNUSED static bool oc_ieq(const char *a, const char *b)
{
	return a && b && oc_ieqn(a, strlen(a), b, strlen(b));
}

/* The name without schema prefix and surrounding quotes: [*start, *start + *len). */
OC_UNUSED static void oc_bare(const char *s, const char **start, size_t *len)
{
	const char *dot = strrchr(s, '.');
	const char *b = dot ? dot + 1 : s;
	size_t n = strlen(b);
	if (n >= 2 && (b[0] == '"' || b[0] == '`' || b[0] == '[') &&
	    (b[n - 1] == '"' || b[n - 1] == '`' || b[n - 1] == ']')) {
		b++;
		n -= 2;
	}
	*start = b;
	*len = n;
}

/* Same object name: case-insensitive, ignoring a schema prefix and quotes ("public.users" == "Users"). */
OC_UNUSED static bool oc_same(const char *a, const char *b)
{
	if (!a || !b)
		return false;
	const char *pa, *pb;
	size_t na, nb;
	oc_bare(a, &pa, &na);
	oc_bare(b, &pb, &nb);
	return na > 0 && oc_ieqn(pa, na, pb, nb);
}

/* Part after the last '.', or the whole string. NULL stays NULL. */
OC_UNUSED static const char *oc_base(const char *name)
{
	if (!name)
		return NULL;
	const char *dot = strrchr(name, '.');
	return dot ? dot + 1 : name;
}

/* A string literal, or the literal inside op.f("...") / f("..."), or NULL. */
OC_UNUSED static const char *oc_str(const mrt_host_api *api, const mrt_value *v)
{
	if (!v)
		return NULL;
	enum mrt_value_kind k = api->value_kind(v);
	if (k == MRT_VAL_STR)
		return api->value_text(v, NULL);
	if (k == MRT_VAL_CALL) {
		const char *callee = api->value_text(v, NULL);
		if (callee && !strcmp(oc_base(callee), "f") && api->value_item_count(v) == 1)
			return oc_str(api, api->value_item(v, 0));
	}
	return NULL;
}

/* ---- ops -------------------------------------------------------------------------------------------------------- */

/* Op name equality; false for NULL. */
OC_UNUSED static bool oc_is(const mrt_host_api *api, const mrt_op *o, const char *name)
{
	const char *n = api->op_name(o);
	return n && !strcmp(n, name);
}

/* Target table of an op.* call: the model's table, else the literal at keyword `kw` / position `pos` (non-batch). */
OC_UNUSED static const char *oc_op_table(const mrt_host_api *api, const mrt_op *o, const char *kw, int pos)
{
	const char *t = api->op_table(o);
	if (t || (api->op_flags(o) & MRT_OP_BATCH))
		return t;
	return oc_str(api, api->op_arg(o, kw, pos));
}

/* Argument `kw` (keyword, else position pos; pos < 0: keyword only) of op o, with position shifted down by one for
 * batch ops, which have no table argument. */
OC_UNUSED static const mrt_value *oc_arg(const mrt_host_api *api, const mrt_op *o, const char *kw, int pos)
{
	bool batch = (api->op_flags(o) & MRT_OP_BATCH) != 0;
	return api->op_arg(o, kw, pos < 0 ? -1 : (batch && pos > 0 ? pos - 1 : pos));
}

/* Whether value v is the literal True. */
OC_UNUSED static bool oc_true(const mrt_host_api *api, const mrt_value *v)
{
	return v && api->value_kind(v) == MRT_VAL_BOOL && api->value_bool(v);
}

/* Whether value v is the literal False. */
OC_UNUSED static bool oc_false(const mrt_host_api *api, const mrt_value *v)
{
	return v && api->value_kind(v) == MRT_VAL_BOOL && !api->value_bool(v);
}

/* " (in helper _x(), called at line N)" / " (conditional)" notes for a message, into buf[0..size). */
OC_UNUSED static void oc_notes(const mrt_host_api *api, const mrt_op *o, char *buf, size_t size)
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

/* How an op is written, for messages: "op.add_column()", "batch_op.add_column()", "conn.execute()". */
OC_UNUSED static void oc_how(const mrt_host_api *api, const mrt_op *o, char *buf, size_t size)
{
	const char *recv = api->op_receiver(o);
	const char *name = api->op_name(o);
	bool batch = (api->op_flags(o) & MRT_OP_BATCH) != 0;
	snprintf(buf, size, "%s.%s()", batch ? "batch_op" : recv && strlen(recv) < 40 ? recv : "op", name ? name : "?");
}

/* File line of SQL statement q of op o. */
OC_UNUSED static unsigned oc_sql_line(const mrt_host_api *api, const mrt_op *o, const mrt_sql *q)
{
	return api->op_line(o) + api->sql_line(q);
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
 * characters, skipping whitespace, -- and block comments. Never reads past len.
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
		while (i < n && isspace((unsigned char)s[i]))
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
	} else if (isalpha(c) || c == '_') {
		while (i < n && (isalnum((unsigned char)s[i]) || s[i] == '_' || s[i] == '$'))
			i++;
		t.kind = OC_T_WORD;
	} else if (isdigit(c)) {
		while (i < n && (isalnum((unsigned char)s[i]) || s[i] == '.'))
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
