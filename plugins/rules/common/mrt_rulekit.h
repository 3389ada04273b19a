/*
 * mrt_rulekit.h — the helpers every rule plugin needs, in one place.
 *
 * Header-only on purpose: every plugin is its own shared object that links against nothing but libc (everything
 * else comes through the host table, mrt_host_api), and the unit tests compile several plugins into one translation
 * unit (hence the include guard and the mrk_ prefix). Every function is static and tagged MRK_UNUSED, so a plugin
 * pays only for what it calls and exports nothing new: the plugin's entry symbol stays its only export.
 * Self-contained: it needs mrt_sdk.h and libc only. Include it as "../common/mrt_rulekit.h" from a plugin folder.
 *
 * What is here:
 *   - plugin state: the (api, opts) pair most plugins keep, with init()/fini() to plug into MRT_PLUGIN_DEFINE;
 *   - names: case-insensitive comparison ignoring a schema prefix, optionally quotes (see MRK_NAME_*);
 *   - values and op arguments: string literals (plain, or also inside op.f()), batch-shifted positions, op tables;
 *   - messages: the " (in helper x(), called at line N)" / " (conditional)" notes, the file line of a statement;
 *   - options: fnmatch ignore patterns over table names;
 *   - text: a bounded case-insensitive word search (part of an identifier, or whole identifiers only);
 *   - walking: every function, or every op, of upgrade() (and optionally downgrade()) in source order;
 *   - tables and indexes created earlier in the same function or statement list (new tables are not "existing").
 *
 * Where the plugins had variants that behave differently, one function takes a flag and each caller passes the flag
 * that keeps its old behaviour (MRK_NAME_*, MRK_STR_*, MRK_WORD_*; the flag comments say who compared which way).
 *
 * Ownership: everything returned points into the model (borrowed until the callback returns) or into the caller's
 * buffers. Only mrk_alloc_state() and mrk_init() allocate (with api->alloc; api->free / mrk_fini() release it).
 *
 * The rollback (rb_), safety (sf_) and ops (oc_) common headers include this file and map their names onto it.
 */
#ifndef MRT_RULEKIT_H
#define MRT_RULEKIT_H

#include <ctype.h>
#include <fnmatch.h>
#include <stdio.h>
#include <string.h>

#include "mrt_sdk.h"

#if defined(__GNUC__) || defined(__clang__)
#define MRK_UNUSED __attribute__((unused))
#else
#define MRK_UNUSED
#endif

/* ---- plugin state ----------------------------------------------------------------------------------------------- */

/* The state of a plugin that needs nothing but the host table and its options. */
struct mrk_state {
	const mrt_host_api *api;  /* borrowed until fini() */
	const mrt_options *opts;  /* borrowed until fini() */
};

/*
 * size bytes from api->alloc for a plugin's state, or NULL with diag filled with MRT_ENOMEM / "out of memory" (diag
 * must not be NULL). For init() callbacks whose state is larger than struct mrk_state. Ownership: the caller's, to
 * free with api->free.
 */
MRK_UNUSED static void *mrk_alloc_state(const mrt_host_api *api, size_t size, mrt_diag *diag)
{
	void *p = api->alloc(size);
	if (!p) {
		diag->code = MRT_ENOMEM;
		snprintf(diag->message, sizeof(diag->message), "out of memory");
	}
	return p;
}

/*
 * init() callback: allocates a struct mrk_state (with api->alloc) holding api and opts, into *state.
 * Ownership: *state is owned by the host until it passes it to mrk_fini(). api, opts: borrowed, must outlive the
 * state. Returns MRT_OK, or MRT_ENOMEM with diag filled (diag must not be NULL).
 */
MRK_UNUSED static int mrk_init(const mrt_host_api *api, const mrt_options *opts, void **state, mrt_diag *diag)
{
	struct mrk_state *s = mrk_alloc_state(api, sizeof(*s), diag);
	if (!s)
		return MRT_ENOMEM;
	s->api = api;
	s->opts = opts;
	*state = s;
	return MRT_OK;
}

/* fini() callback: frees a state made by mrk_init(). NULL is a no-op. */
MRK_UNUSED static void mrk_fini(void *state)
{
	struct mrk_state *s = state;
	if (s)
		s->api->free(s);
}

/* ---- names ------------------------------------------------------------------------------------------------------ */

/* Flags of mrk_bare() / mrk_same_name(). */
enum {
	MRK_NAME_PLAIN = 0,    /* only the schema prefix goes; "" equals "" */
	MRK_NAME_QUOTES = 1,   /* also one pair of quotes: first char " or `, last char " or `; empty names never equal */
	MRK_NAME_BRACKETS = 2, /* with MRK_NAME_QUOTES: '[' also counts as an opening and ']' as a closing quote */
	MRK_NAME_ANY_CLOSE = 4, /* with MRK_NAME_QUOTES: an opening quote alone decides, the last char goes whatever it
	                           is (MRT004 drop-column always compared that way) */
};

/* Part after the last '.', or the whole string (borrowed from name). NULL stays NULL. */
MRK_UNUSED static const char *mrk_base(const char *name)
{
	if (!name)
		return NULL;
	const char *dot = strrchr(name, '.');
	return dot ? dot + 1 : name;
}

/* tolower() of the C locale, which is the one mrt runs in (it never calls setlocale()): 'A'-'Z' to 'a'-'z', every
 * other byte as it is; no call per byte. */
MRK_UNUSED static inline unsigned char mrk_lower(unsigned char c)
{
	return (unsigned)(c - 'A') < 26u ? (unsigned char)(c + ('a' - 'A')) : c;
}

/* isspace(), isdigit(), isalpha() and isalnum() of the C locale (ASCII only), without the per-call table lookup;
 * for the SQL word scanners, which test every byte. */
MRK_UNUSED static inline bool mrk_isspace(unsigned char c)
{
	return c == ' ' || (unsigned)(c - '\t') < 5u; /* \t \n \v \f \r */
}

MRK_UNUSED static inline bool mrk_isdigit(unsigned char c)
{
	return (unsigned)(c - '0') < 10u;
}

MRK_UNUSED static inline bool mrk_isalpha(unsigned char c)
{
	return (unsigned)((c | 0x20) - 'a') < 26u;
}

MRK_UNUSED static inline bool mrk_isalnum(unsigned char c)
{
	return mrk_isalpha(c) || mrk_isdigit(c);
}

/* Case-insensitive (tolower(): ASCII in the C locale) equality of a[0..na) and b[0..nb). Neither may be NULL unless its length is 0. */
MRK_UNUSED static inline bool mrk_ieqn(const char *a, size_t na, const char *b, size_t nb)
{
	if (na != nb)
		return false;
	for (size_t i = 0; i < na; i++) {
		unsigned char x = (unsigned char)a[i], y = (unsigned char)b[i];
		if (x != y && mrk_lower(x) != mrk_lower(y)) /* equal bytes need no case folding */
			return false;
	}
	return true;
}

/* Case-insensitive (tolower()) equality of two strings; false when either is NULL. */
MRK_UNUSED static inline bool mrk_ieq(const char *a, const char *b)
{
	return a && b && mrk_ieqn(a, strlen(a), b, strlen(b));
}

/*
 * The bare object name in s: after the last '.', without one pair of surrounding quotes when flags ask for it
 * (MRK_NAME_QUOTES, MRK_NAME_BRACKETS). Result: [*start, *start + *len), borrowed from s. s must not be NULL.
 */
MRK_UNUSED static void mrk_bare(const char *s, unsigned flags, const char **start, size_t *len)
{
	const char *b = mrk_base(s);
	size_t n = strlen(b);
	if ((flags & MRK_NAME_QUOTES) && n >= 2) {
		bool br = (flags & MRK_NAME_BRACKETS) != 0;
		bool open = b[0] == '"' || b[0] == '`' || (br && b[0] == '[');
		bool close = (flags & MRK_NAME_ANY_CLOSE) || b[n - 1] == '"' || b[n - 1] == '`' || (br && b[n - 1] == ']');
		if (open && close) {
			b++;
			n -= 2;
		}
	}
	*start = b;
	*len = n;
}

/*
 * Same object name: case-insensitive, ignoring a schema prefix ("public.users" == "Users"), and quotes as flags say
 * (MRK_NAME_*). false when either is NULL. With MRK_NAME_QUOTES an empty bare name matches nothing; with
 * MRK_NAME_PLAIN "" equals "" (the rollback and safety rules always compared that way; keep it for them).
 */
MRK_UNUSED static bool mrk_same_name(const char *a, const char *b, unsigned flags)
{
	if (!a || !b)
		return false;
	const char *pa, *pb;
	size_t na, nb;
	mrk_bare(a, flags, &pa, &na);
	mrk_bare(b, flags, &pb, &nb);
	if ((flags & MRK_NAME_QUOTES) && na == 0)
		return false;
	return mrk_ieqn(pa, na, pb, nb);
}

/* mrk_same_name(a, b, MRK_NAME_PLAIN): schema prefix ignored, case-insensitive, quotes significant. */
MRK_UNUSED static bool mrk_same(const char *a, const char *b)
{
	return mrk_same_name(a, b, MRK_NAME_PLAIN);
}

/* mrk_same_name(a, b, MRK_NAME_QUOTES): bare names equal, one pair of "" or `` quotes ignored, "" matches nothing
 * (the deploy rules MRT013–MRT020 compare that way). */
MRK_UNUSED static bool mrk_same_bare(const char *a, const char *b)
{
	return mrk_same_name(a, b, MRK_NAME_QUOTES);
}

/* Flags of mrk_mentions(). */
enum {
	MRK_WORD_PART = 0,  /* any occurrence, also inside a longer identifier */
	MRK_WORD_WHOLE = 1, /* only as a whole identifier: no letter, digit or '_' right before or after */
	MRK_WORD_BASE = 2,  /* look for the part of word after its last '.' ("s.t" → "t") */
};

/*
 * Whether text[0..len) contains word, case-insensitively (tolower()), as flags say (MRK_WORD_*). Never reads past len.
 * false when text or word is NULL, or word (after MRK_WORD_BASE) is empty or longer than the text.
 */
MRK_UNUSED static bool mrk_mentions(const char *text, size_t len, const char *word, unsigned flags)
{
	if (word && (flags & MRK_WORD_BASE))
		word = mrk_base(word);
	size_t n = word ? strlen(word) : 0;
	if (!text || !n || n > len)
		return false;
	for (size_t i = 0; i + n <= len; i++) {
		if (!mrk_ieqn(text + i, n, word, n))
			continue;
		if (!(flags & MRK_WORD_WHOLE))
			return true;
		bool left = i == 0 || !(isalnum((unsigned char)text[i - 1]) || text[i - 1] == '_');
		bool right = i + n == len || !(isalnum((unsigned char)text[i + n]) || text[i + n] == '_');
		if (left && right)
			return true;
	}
	return false;
}

/* ---- values and op arguments ------------------------------------------------------------------------------------ */

/* Text of v when v is a string literal, else NULL (also for v NULL). Borrowed from the model. */
MRK_UNUSED static const char *mrk_lit(const mrt_host_api *api, const mrt_value *v)
{
	return v && api->value_kind(v) == MRT_VAL_STR ? api->value_text(v, NULL) : NULL;
}

/* Flags of mrk_str_ex() / mrk_op_table_ex(). */
enum {
	MRK_STR_F = 0,      /* a literal, or the literal directly inside op.f("...") / f("..."): f(f("x")) gives NULL */
	MRK_STR_NESTED = 1, /* also nested f() calls: f(f("x")) gives "x" (the ops rules always unwrapped that way) */
};

/*
 * A string literal, or the literal inside op.f("...") / f("...") (one f() level, or any number with
 * MRK_STR_NESTED), or NULL (also for v NULL). Borrowed from the model.
 */
MRK_UNUSED static const char *mrk_str_ex(const mrt_host_api *api, const mrt_value *v, unsigned flags)
{
	if (!v)
		return NULL;
	enum mrt_value_kind k = api->value_kind(v);
	if (k == MRT_VAL_STR)
		return api->value_text(v, NULL);
	if (k == MRT_VAL_CALL) {
		const char *callee = api->value_text(v, NULL);
		const char *b = callee ? mrk_base(callee) : NULL;
		if (b && b[0] == 'f' && b[1] == '\0' && api->value_item_count(v) == 1) { /* "f": no strcmp() needed */
			const mrt_value *in = api->value_item(v, 0);
			return (flags & MRK_STR_NESTED) ? mrk_str_ex(api, in, flags) : mrk_lit(api, in);
		}
	}
	return NULL;
}

/* mrk_str_ex(api, v, MRK_STR_F): a literal, or the literal directly inside op.f(); else NULL. */
MRK_UNUSED static const char *mrk_str(const mrt_host_api *api, const mrt_value *v)
{
	return mrk_str_ex(api, v, MRK_STR_F);
}

/*
 * The argument of op o at keyword kw, else position pos (-1: keyword only; no batch shift), when it is a plain
 * string literal (op.f() is not looked into), else NULL. Borrowed from the model.
 */
MRK_UNUSED static const char *mrk_str_arg(const mrt_host_api *api, const mrt_op *o, const char *kw, int pos)
{
	return mrk_lit(api, api->op_arg(o, kw, pos));
}

/* Whether v is a call whose callee's last dotted component is `base` ("sa.Column", "Column" → "Column"); false
 * for NULL v or a callee without text. Inline: column scans ask it of every argument, and most are no calls. */
MRK_UNUSED static inline bool mrk_is_call(const mrt_host_api *api, const mrt_value *v, const char *base)
{
	if (!v || api->value_kind(v) != MRT_VAL_CALL)
		return false;
	const char *callee = api->value_text(v, NULL);
	if (!callee)
		return false;
	const char *b = mrk_base(callee);
	return b[0] == base[0] && !strcmp(b, base); /* first byte first: most callees differ there */
}

/* Whether op o is a batch op (batch_op.* inside batch_alter_table). */
MRK_UNUSED static bool mrk_batch(const mrt_host_api *api, const mrt_op *o)
{
	return (api->op_flags(o) & MRT_OP_BATCH) != 0;
}

/*
 * Argument kw (keyword, else position pos) of op o, the position shifted down by one for batch ops (they have no
 * table argument). pos < 0: keyword only. Borrowed handle or NULL.
 */
MRK_UNUSED static const mrt_value *mrk_arg(const mrt_host_api *api, const mrt_op *o, const char *kw, int pos)
{
	if (pos < 0)
		pos = -1;
	else if (pos > 0 && mrk_batch(api, o))
		pos--;
	return api->op_arg(o, kw, pos);
}

/*
 * Target table of op o: the model's op_table(), else (not for batch ops) the literal at keyword kw / position pos,
 * read with mrk_str_ex(flags) (so also inside op.f()). Borrowed, or NULL when unknown.
 */
MRK_UNUSED static const char *mrk_op_table_ex(const mrt_host_api *api, const mrt_op *o, const char *kw, int pos,
                                              unsigned flags)
{
	const char *t = api->op_table(o);
	if (t || mrk_batch(api, o))
		return t;
	return mrk_str_ex(api, api->op_arg(o, kw, pos), flags);
}

/* mrk_op_table_ex(api, o, kw, pos, MRK_STR_F). */
MRK_UNUSED static const char *mrk_op_table(const mrt_host_api *api, const mrt_op *o, const char *kw, int pos)
{
	return mrk_op_table_ex(api, o, kw, pos, MRK_STR_F);
}

/* Whether op o's name is `name` (false when the op has no name). */
MRK_UNUSED static bool mrk_op_is(const mrt_host_api *api, const mrt_op *o, const char *name)
{
	const char *n = api->op_name(o);
	return n && !strcmp(n, name);
}

/* Whether v is the literal True (false for NULL). */
MRK_UNUSED static bool mrk_true(const mrt_host_api *api, const mrt_value *v)
{
	return v && api->value_kind(v) == MRT_VAL_BOOL && api->value_bool(v);
}

/* Whether v is the literal False (false for NULL). */
MRK_UNUSED static bool mrk_false(const mrt_host_api *api, const mrt_value *v)
{
	return v && api->value_kind(v) == MRT_VAL_BOOL && !api->value_bool(v);
}

/* ---- messages --------------------------------------------------------------------------------------------------- */

/*
 * " (in helper _x(), called at line N)" and/or " (conditional)" for a message about op o, into the caller's
 * buf[0..size) (size > 0; always NUL-terminated, truncated if short). Empty when neither applies.
 */
MRK_UNUSED static void mrk_notes(const mrt_host_api *api, const mrt_op *o, char *buf, size_t size)
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

/*
 * Appends s to the string of length *len in the caller's buf[0..size), cut like snprintf() would cut it: buf stays
 * NUL-terminated and *len never passes size - 1 (nothing happens when size is 0). For the short "op.name()" labels
 * built per finding, where snprintf()'s format engine costs ~1,000 instructions. *len must be < size.
 */
MRK_UNUSED static void mrk_cat(char *buf, size_t size, size_t *len, const char *s)
{
	if (!size)
		return;
	size_t n = strlen(s);
	if (n > size - 1 - *len)
		n = size - 1 - *len;
	memcpy(buf + *len, s, n);
	*len += n;
	buf[*len] = '\0';
}

/*
 * File line of SQL statement q of op o. sql_line() counts from the op's line to the statement's own line in the
 * file (0 when the SQL comes from a constant defined elsewhere).
 */
MRK_UNUSED static unsigned mrk_sql_line(const mrt_host_api *api, const mrt_op *o, const mrt_sql *q)
{
	return api->op_line(o) + api->sql_line(q);
}

/*
 * The name of the downgrade function that matches upgrade function `name` ("upgrade_x" → "downgrade_x", "upgrade"
 * → "downgrade") into the caller's buf[0..size). false (buf unspecified) when name is NULL, does not start with
 * "upgrade", or buf is too short.
 */
MRK_UNUSED static bool mrk_downgrade_name(const char *name, char *buf, size_t size)
{
	if (!name || strncmp(name, "upgrade", 7) != 0)
		return false;
	/* two copies, not snprintf(): six rollback rules call this for every upgrade function, and the format engine
	 * cost ~600 instructions a call */
	size_t tail = strlen(name + 7);
	if (9 + tail >= size)
		return false;
	memcpy(buf, "downgrade", 9);
	memcpy(buf + 9, name + 7, tail + 1);
	return true;
}

/* ---- options ---------------------------------------------------------------------------------------------------- */

/*
 * Whether table matches one of the fnmatch patterns of string-list option `option` (e.g. "ignore_tables"), either
 * as written ("public.users") or without its schema prefix ("users"). false for a NULL table or an unset option.
 */
MRK_UNUSED static bool mrk_table_ignored(const mrt_host_api *api, const mrt_options *opts, const char *option,
                                         const char *table)
{
	if (!table)
		return false;
	const char *dot = strrchr(table, '.');
	size_t n = api->opt_list_count(opts, option);
	for (size_t i = 0; i < n; i++) {
		const char *pat = api->opt_list_item(opts, option, i);
		if (pat && (fnmatch(pat, table, 0) == 0 || (dot && fnmatch(pat, dot + 1, 0) == 0)))
			return true;
	}
	return false;
}

/* ---- walking ---------------------------------------------------------------------------------------------------- */

/* Callback per walked function; returns MRT_OK or a failure code that stops the walk. */
typedef int (*mrk_func_fn)(void *state, mrt_ctx *ctx, const mrt_migration *m, const mrt_func *f);

/*
 * Calls fn(state, ctx, m, f) for every upgrade()-role function of m (and every downgrade()-role one when
 * `downgrade` is true), in source order; helper functions are skipped (their ops are already expanded at the call
 * site). state is passed through untouched. Returns MRT_OK or the first failure of fn.
 */
MRK_UNUSED static int mrk_each_func(const mrt_host_api *api, void *state, mrt_ctx *ctx, const mrt_migration *m,
                                    bool downgrade, mrk_func_fn fn)
{
	size_t nf = api->migration_func_count(m);
	for (size_t k = 0; k < nf; k++) {
		const mrt_func *f = api->migration_func(m, k);
		enum mrt_func_role role = api->func_role(f);
		if (role != MRT_FN_UPGRADE && !(downgrade && role == MRT_FN_DOWNGRADE))
			continue;
		int rc = fn(state, ctx, m, f);
		if (rc != MRT_OK)
			return rc;
	}
	return MRT_OK;
}

/* Callback per op of the walked functions; returns MRT_OK or a failure code that stops the walk. */
typedef int (*mrk_op_fn)(void *state, mrt_ctx *ctx, const mrt_migration *m, const mrt_func *f, const mrt_op *o);

/* The same with the op's index in f instead of the op (api->func_op(f, idx)), for rules that look at earlier ops. */
typedef int (*mrk_op_at_fn)(void *state, mrt_ctx *ctx, const mrt_migration *m, const mrt_func *f, size_t idx);

/* What mrk_walk() / mrk_walk_at() hand to mrk_each_func(): one of op_fn / at_fn is set. All borrowed. */
struct mrk_walk_ops {
	const mrt_host_api *api;
	void *state;
	mrk_op_fn op_fn;
	mrk_op_at_fn at_fn;
};

/* mrk_func_fn of mrk_walk() / mrk_walk_at(): the ops of f in order. w is a struct mrk_walk_ops. */
MRK_UNUSED static int mrk_walk_func(void *w, mrt_ctx *ctx, const mrt_migration *m, const mrt_func *f)
{
	const struct mrk_walk_ops *ops = w;
	size_t n = ops->api->func_op_count(f);
	for (size_t i = 0; i < n; i++) {
		int rc = ops->op_fn ? ops->op_fn(ops->state, ctx, m, f, ops->api->func_op(f, i))
		                    : ops->at_fn(ops->state, ctx, m, f, i);
		if (rc != MRT_OK)
			return rc;
	}
	return MRT_OK;
}

/*
 * Calls fn(state, ctx, m, f, op) for every op of the functions mrk_each_func() visits (upgrade(), and downgrade()
 * when `downgrade` is true), functions and ops in source order. Returns MRT_OK or the first failure of fn.
 */
MRK_UNUSED static int mrk_walk(const mrt_host_api *api, void *state, mrt_ctx *ctx, const mrt_migration *m,
                               bool downgrade, mrk_op_fn fn)
{
	struct mrk_walk_ops w = {.api = api, .state = state, .op_fn = fn, .at_fn = NULL};
	return mrk_each_func(api, &w, ctx, m, downgrade, mrk_walk_func);
}

/* mrk_walk() with fn(state, ctx, m, f, index of the op in f). */
MRK_UNUSED static int mrk_walk_at(const mrt_host_api *api, void *state, mrt_ctx *ctx, const mrt_migration *m,
                                  bool downgrade, mrk_op_at_fn fn)
{
	struct mrk_walk_ops w = {.api = api, .state = state, .op_fn = NULL, .at_fn = fn};
	return mrk_each_func(api, &w, ctx, m, downgrade, mrk_walk_func);
}

/* ---- objects created in the revision ---------------------------------------------------------------------------- */

/*
 * Whether SQL statement q creates `name` of kind obj: CREATE TABLE (obj MRT_SQL_O_TABLE, name compared with the
 * statement's table) or CREATE INDEX (MRT_SQL_O_INDEX, compared with the index name). Names compare with
 * mrk_same_bare(); false for a NULL name.
 */
MRK_UNUSED static bool mrk_sql_creates(const mrt_host_api *api, const mrt_sql *q, enum mrt_sql_object obj,
                                       const char *name)
{
	if (api->sql_verb(q) != MRT_SQL_V_CREATE || api->sql_object(q) != obj)
		return false;
	return mrk_same_bare(obj == MRT_SQL_O_TABLE ? api->sql_table(q) : api->sql_name(q), name);
}

/* Whether one of the statements i < k of op o creates table `table` (CREATE TABLE t ...; ... in one execute()). */
MRK_UNUSED static bool mrk_created_in_op(const mrt_host_api *api, const mrt_op *o, size_t k, const char *table)
{
	for (size_t i = 0; i < k; i++)
		if (mrk_sql_creates(api, api->op_sql(o, i), MRT_SQL_O_TABLE, table))
			return true;
	return false;
}

/*
 * Whether one of the first idx ops of f creates `name` of kind obj (MRT_SQL_O_TABLE: op.create_table or CREATE
 * TABLE; MRT_SQL_O_INDEX: op.create_index with a literal index_name, or CREATE INDEX). Names compare with
 * mrk_same_bare(); false for a NULL name.
 */
MRK_UNUSED static bool mrk_created_earlier(const mrt_host_api *api, const mrt_func *f, size_t idx,
                                           enum mrt_sql_object obj, const char *name)
{
	bool table = obj == MRT_SQL_O_TABLE;
	for (size_t i = 0; i < idx; i++) {
		const mrt_op *o = api->func_op(f, i);
		if (mrk_op_is(api, o, table ? "create_table" : "create_index") &&
		    mrk_same_bare(table ? api->op_table(o) : mrk_str_arg(api, o, "index_name", 0), name))
			return true;
		size_t n = api->op_sql_count(o);
		for (size_t k = 0; k < n; k++)
			if (mrk_sql_creates(api, api->op_sql(o, k), obj, name))
				return true;
	}
	return false;
}

/*
 * Whether `table` is new in this revision at op idx of f: created by upgrade() (before that op when f is an
 * upgrade function; api->created_in_revision), or, for a downgrade function, by upgrade() or by an earlier op of f.
 * false for a NULL table.
 */
MRK_UNUSED static bool mrk_new_table(const mrt_host_api *api, const mrt_migration *m, const mrt_func *f, size_t idx,
                                     const char *table)
{
	if (!table)
		return false;
	if (api->func_role(f) == MRT_FN_UPGRADE)
		return api->created_in_revision(m, table, api->func_op(f, idx));
	return api->created_in_revision(m, table, NULL) || mrk_created_earlier(api, f, idx, MRT_SQL_O_TABLE, table);
}

#endif
