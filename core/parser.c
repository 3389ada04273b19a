/*
 * parser.c — Alembic migration file → struct migration (see parser.h, model.h).
 *
 * One pass of tolerant recursive descent over the lexer's tokens. Statements are parsed the way Python does (NEWLINE,
 * INDENT, DEDENT); expressions are parsed into struct value trees with a flat (precedence-free) chain for binary
 * operators, which is all the model needs. Beside each value the parser computes a "hint": what the expression is
 * known to denote (alembic's op, a connection from op.get_bind(), a batch_alter_table context, a string constant,
 * sa.text(...), a sa.table(...), a SQLAlchemy update/insert/delete construct, ...). Hints flow through local and
 * module-level name bindings, which is how `conn = op.get_bind(); conn.execute(SQL)` and local SQL constants work.
 *
 * Errors never stop the parse: they are recorded (one per statement) and the parser resynchronises at the next
 * logical line. An unclosed bracket makes a Python lexer swallow the rest of the file as one logical line; when the
 * parser meets a statement keyword (def, return, ...) at the start of a line inside brackets, it reports the bracket
 * and re-lexes the file from that line, so the ops after the error are still found.
 *
 * Memory: everything (model, values, hints, scopes) lives in the caller's arena; nothing is freed alone.
 */
#include "parser.h"

#include <errno.h>
#include <stdio.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "lexer.h"
#include "sql.h"

#define PARSER_MAX_DEPTH 150        /* expression/statement nesting before we skip by balanced tokens */
#define PARSER_MAX_RELEX 16         /* re-lexes after unclosed brackets, per file */
#define PARSER_MAX_EXPANDED 20000   /* ops per function after helper expansion */
#define PARSER_MAX_HELPER_DEPTH 32  /* helper → helper call chain */
#define PARSER_TOKEN_TEXT_MAX 40    /* offending token text kept in errors */

/* ---- hints ----------------------------------------------------------------------------------------------------- */

enum hint_kind {
	H_NONE = 0,
	H_STR,        /* statically known string: str/len */
	H_DYNSTR,     /* a string built at run time */
	H_SQL,        /* sa.text(...): str/len when the SQL is known, str NULL when not */
	H_SQLEXPR,    /* SQLAlchemy DML construct: verb; str = table when known */
	H_TABLE,      /* sa.table("t") / sa.Table("t", ...): str = table */
	H_OP,         /* alembic.op */
	H_CTXMOD,     /* alembic.context */
	H_MIGCTX,     /* op.get_context() */
	H_AUTOCOMMIT, /* op.get_context().autocommit_block() */
	H_BIND,       /* op.get_bind() and connections */
	H_SESSION,    /* Session(bind=...) */
	H_QUERY,      /* session.query(...) */
	H_BATCH,      /* op.batch_alter_table(...): str = table (or NULL), schema */
	H_SAMOD,      /* sqlalchemy or one of its submodules */
	H_ALEMBICMOD, /* the alembic package */
	H_TEXTFN,     /* sa.text */
	H_TABLEFN,    /* sa.table / sa.Table */
	H_VERBFN,     /* sa.update / sa.insert / sa.delete / sa.select: verb */
	H_SESSIONFN,  /* Session / sessionmaker */
	H_DEDENT,     /* textwrap.dedent */
	H_TABLES,     /* quay's `tables` parameter (`def upgrade(op, tables, tester)`): tables.<name> is table <name> */
};

/*
 * Where the decoded text of a string literal written in the expression itself comes from: one part per string token
 * (implicit concatenation, `+` of literals), so an offset in the text maps back to a line of the file.
 */
struct litpart {
	size_t off;         /* offset of the part's first byte in the decoded text */
	unsigned line;      /* line of the token's first byte */
	bool triple;        /* triple-quoted: newlines in the part are newlines of the file */
	const unsigned *lines; /* arena-owned: source line of each decoded byte (len + 1 entries) when the token spans
	                          lines, else NULL (every byte is on `line`) */
	size_t len;         /* decoded length of the part */
};

struct litmap {
	struct litpart *parts; /* arena-owned, by increasing off */
	size_t n;
};

struct hint {
	enum hint_kind kind;
	const char *str;    /* arena-owned, NUL-terminated, may be NULL; see enum hint_kind */
	size_t len;
	const char *schema; /* H_BATCH: arena-owned or NULL */
	const char *verb;   /* H_SQLEXPR, H_VERBFN: static string */
	const struct litmap *lm; /* H_STR/H_SQL/H_DYNSTR: source lines of a literal written here (arena-owned), NULL when
	                            the text came through a name (a constant defined elsewhere) */
	const char *tparam; /* H_BATCH: the table argument was this bare name (maybe a helper parameter), else NULL */
	const char *sparam; /* H_BATCH: the same for schema= */
	bool where;         /* H_SQLEXPR, H_QUERY: .where(...) / .filter(...) / .filter_by(...) applied */
};

/* ---- scopes: name → hint ------------------------------------------------------------------------------------- */

struct binding {
	const char *name; /* arena-owned; NULL = empty slot */
	size_t len;
	bool live;        /* false: slot kept but the name is unbound (restored after a with-block) */
	struct hint h;
	size_t idx;       /* function map only: index into parser.funcs */
};

struct scope {
	struct binding *slots; /* arena-owned, cap is a power of two */
	size_t cap, count;
};

/* ---- functions being collected --------------------------------------------------------------------------------- */

struct hcall {             /* a call of a bare name: maybe a helper function, expanded at the end */
	const char *callee;    /* arena-owned */
	size_t callee_len;
	const struct arg *args;   /* the call's arguments (arena) */
	const struct hint *hints; /* parallel to args */
	size_t nargs;
	unsigned line;
	size_t at;             /* number of ops recorded before the call */
	size_t rat;            /* number of raises recorded before the call */
	bool cond, autoc;
};

struct opparam {           /* names an op's table/schema came from, resolved when a helper is expanded */
	const char *table;     /* batch ops: the batch_alter_table table argument was this bare name, or NULL */
	const char *schema;    /* batch ops: the same for its schema= */
};

struct pfunc {
	struct func f;         /* ops/raises grow here (arena) */
	size_t opcap, raisecap;
	struct hcall *calls;
	size_t ncalls, callcap;
	int state;             /* helper expansion: 0 not done, 1 in progress, 2 done */
	struct op *xops;       /* ops after expansion */
	size_t nxops, xcap;
	const char **params;   /* parameter names in order (arena) */
	size_t nparams, paramcap;
	struct opparam *opp;   /* parallel to f.ops (arena) */
	size_t nopp, oppcap;
	struct raise_info *xraises; /* raises after expansion (arena) */
	size_t nxraises, xrcap;
};

struct bodystat {          /* top-level statements of a function body */
	unsigned n;
	unsigned n_other, n_raise;
	const char *doc;
};

struct parser {
	struct arena *a;
	struct migration *m;
	const char *buf;          /* borrowed: the source */
	size_t len;
	const struct token *t;    /* current token array (arena-owned; replaced by a re-lex) */
	size_t n, pos;
	const struct token *last; /* last consumed token other than NEWLINE/INDENT/DEDENT */
	struct scope mod;         /* module scope */
	struct scope *local;      /* function/class scope, NULL at module level */
	int fn;                   /* index of the module-level function collecting ops, -1 when none */
	int cond, autoc, depth;
	bool stmt_err;            /* an error was recorded for the current statement */
	bool seen_stmt;           /* a module-level statement was seen (module docstring) */
	int relexes;
	size_t relex_off;         /* 1 + offset of the line last re-lexed from, 0 when none */
	unsigned lex_err_line, lex_err_col; /* the lexer's error (0 when none): the parser does not repeat it */
	struct value *dummy;      /* returned on out-of-memory so callers never see NULL */
	struct pfunc *funcs;
	size_t nfuncs, capfuncs;
	struct import *imports;
	size_t nimports, capimports;
	struct syntax_error *errors;
	size_t nerrors, caperrors;
	struct scope fmap;        /* module-level function name → index */
};

/* ---- small helpers --------------------------------------------------------------------------------------------- */

static inline bool tok_eq(const struct token *t, const char *s, size_t n)
{
	return t->len == n && t->start[0] == s[0] && (t->type == TK_NAME || t->type == TK_OP) &&
	       memcmp(t->start, s, n) == 0;
}
#define IS(t, lit) tok_eq((t), (lit), sizeof(lit) - 1)

static inline bool str_eq_n(const char *s, size_t n, const char *lit, size_t l)
{
	return n == l && memcmp(s, lit, n) == 0;
}
/* lit must be a string literal ("" lit does not compile otherwise) */
#define str_eq(s, n, lit) str_eq_n((s), (n), "" lit, sizeof(lit) - 1)

static const struct token *cur(struct parser *p)
{
	return &p->t[p->pos];
}

static void perr(struct parser *p, const struct token *t, const char *msg);

/* Steps over TK_ERROR tokens (the lexer's bytes that are not Python), reporting them as the statement's error. */
static void skip_error_tokens(struct parser *p)
{
	while (p->pos + 1 < p->n && p->t[p->pos].type == TK_ERROR) {
		const struct token *t = &p->t[p->pos];
		if (t->flags & STR_UNTERMINATED)
			perr(p, t, (t->flags & STR_TRIPLE) ? "unterminated triple-quoted string literal"
			                                   : "unterminated string literal");
		else
			perr(p, t, "invalid syntax");
		p->pos++;
	}
}

static void adv(struct parser *p)
{
	const struct token *t = &p->t[p->pos];
	if (t->type == TK_EOF)
		return;
	if (t->type != TK_NEWLINE && t->type != TK_INDENT && t->type != TK_DEDENT)
		p->last = t;
	p->pos++;
	if (p->t[p->pos].type == TK_ERROR)
		skip_error_tokens(p);
}

/* k-th token after the current one (k >= 1), skipping TK_ERROR; the EOF token when past the end. */
static const struct token *peek(struct parser *p, size_t k)
{
	size_t i = p->pos;
	while (k > 0 && i + 1 < p->n) {
		i++;
		if (p->t[i].type != TK_ERROR)
			k--;
	}
	return &p->t[i];
}

static bool is_end(const struct token *t)
{
	return t->type == TK_NEWLINE || t->type == TK_EOF || t->type == TK_INDENT || t->type == TK_DEDENT;
}

static bool first_on_line(struct parser *p, const struct token *t)
{
	return p->last == NULL || p->last->end_line < t->line;
}

/* Keywords that never occur inside an expression: inside brackets they mean the bracket was never closed. */
static bool is_stmt_kw(const struct token *t)
{
	if (t->type != TK_NAME)
		return false;
	switch (t->len) {
	case 3:
		return IS(t, "def") || IS(t, "del") || IS(t, "try");
	case 4:
		return IS(t, "pass") || IS(t, "with") || IS(t, "elif");
	case 5:
		return IS(t, "class") || IS(t, "raise") || IS(t, "while") || IS(t, "break");
	case 6:
		return IS(t, "return") || IS(t, "import") || IS(t, "global") || IS(t, "assert") || IS(t, "except");
	case 7:
		return IS(t, "finally");
	case 8:
		return IS(t, "nonlocal") || IS(t, "continue");
	default:
		return false;
	}
}

/* Reserved words that cannot start an expression. */
static bool is_reserved_nonexpr(const struct token *t)
{
	if (t->type != TK_NAME)
		return false;
	return is_stmt_kw(t) || IS(t, "if") || IS(t, "else") || IS(t, "for") || IS(t, "in") || IS(t, "is") ||
	       IS(t, "and") || IS(t, "or") || IS(t, "as") || IS(t, "from");
}

static bool can_start_expr(const struct token *t)
{
	switch (t->type) {
	case TK_NAME:
		return !is_reserved_nonexpr(t);
	case TK_NUMBER:
	case TK_STRING:
		return true;
	case TK_OP:
		return IS(t, "(") || IS(t, "[") || IS(t, "{") || IS(t, "-") || IS(t, "+") || IS(t, "~") || IS(t, "*") ||
		       IS(t, "**") || IS(t, "...");
	default:
		return false;
	}
}

static char *tokdup(struct parser *p, const struct token *t)
{
	return arena_strndup(p->a, t->start, t->len);
}

/* Source text from the first byte of a to the last byte of b (both point into the same buffer). */
static char *src_text(struct parser *p, const struct token *a, const struct token *b, size_t *len)
{
	size_t n = 0;
	if (b && b->start + b->len >= a->start)
		n = (size_t)(b->start + b->len - a->start);
	else
		n = a->len;
	if (len)
		*len = n;
	return arena_strndup(p->a, a->start, n);
}

/* ---- errors ---------------------------------------------------------------------------------------------------- */

static void push_error(struct parser *p, unsigned line, unsigned col, const char *msg, const char *tok, size_t toklen)
{
	struct syntax_error e;
	char buf[PARSER_TOKEN_TEXT_MAX + 1];
	size_t n = 0;
	for (size_t i = 0; i < toklen && n < PARSER_TOKEN_TEXT_MAX; i++) {
		unsigned char c = (unsigned char)tok[i];
		if (c == '\n' || c == '\r')
			break;
		buf[n++] = (c < 0x20 || c == 0x7f) ? '?' : (char)c;
	}
	buf[n] = '\0';
	e.line = line;
	e.col = col;
	e.message = arena_strdup(p->a, msg);
	e.token = arena_strdup(p->a, buf);
	if (!e.message || !e.token)
		return;
	(void)ARENA_PUSH(p->a, p->errors, p->nerrors, p->caperrors, e);
}

/* Records a syntax error at token t, at most one per statement. */
static void perr(struct parser *p, const struct token *t, const char *msg)
{
	if (p->stmt_err)
		return;
	p->stmt_err = true;
	if (t->line == p->lex_err_line && t->col == p->lex_err_col)
		return; /* the lexer reported this one already */
	bool text = t->type != TK_NEWLINE && t->type != TK_EOF && t->type != TK_INDENT && t->type != TK_DEDENT;
	push_error(p, t->line, t->col, msg, text ? t->start : "", text ? t->len : 0);
}

static void perr_unexpected(struct parser *p, const struct token *t)
{
	char msg[96];
	switch (t->type) {
	case TK_NEWLINE:
		perr(p, t, "unexpected end of line");
		return;
	case TK_EOF:
		perr(p, t, "unexpected end of file");
		return;
	case TK_INDENT:
		perr(p, t, "unexpected indent");
		return;
	case TK_DEDENT:
		perr(p, t, "unexpected unindent");
		return;
	default:
		break;
	}
	size_t n = t->len > PARSER_TOKEN_TEXT_MAX ? PARSER_TOKEN_TEXT_MAX : t->len;
	size_t k = 0;
	char tb[PARSER_TOKEN_TEXT_MAX + 1];
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)t->start[i];
		if (c == '\n' || c == '\r')
			break;
		tb[k++] = (c < 0x20 || c == 0x7f) ? '?' : (char)c;
	}
	tb[k] = '\0';
	snprintf(msg, sizeof(msg), "unexpected '%s'", tb);
	perr(p, t, msg);
}

/* ---- scopes ---------------------------------------------------------------------------------------------------- */

static size_t name_hash(const char *s, size_t n)
{
	uint64_t h = 1469598103934665603ULL;
	for (size_t i = 0; i < n; i++) {
		h ^= (unsigned char)s[i];
		h *= 1099511628211ULL;
	}
	return (size_t)h;
}

static int scope_init(struct parser *p, struct scope *s, size_t cap)
{
	s->slots = arena_alloc(p->a, cap * sizeof(*s->slots));
	s->cap = s->slots ? cap : 0;
	s->count = 0;
	return s->slots ? 0 : -1;
}

static struct binding *scope_get(const struct scope *s, const char *name, size_t len)
{
	if (!s || s->cap == 0)
		return NULL;
	size_t mask = s->cap - 1;
	for (size_t i = name_hash(name, len) & mask;; i = (i + 1) & mask) {
		struct binding *b = &s->slots[i];
		if (!b->name)
			return NULL;
		if (b->len == len && memcmp(b->name, name, len) == 0)
			return b;
	}
}

/* Finds or creates the binding of name (copied). NULL on out-of-memory. */
static struct binding *scope_put(struct parser *p, struct scope *s, const char *name, size_t len)
{
	struct binding *b = scope_get(s, name, len);
	if (b)
		return b;
	if (s->cap == 0 && scope_init(p, s, 16) != 0)
		return NULL;
	if ((s->count + 1) * 4 > s->cap * 3) {
		struct scope ns;
		if (scope_init(p, &ns, s->cap * 2) != 0)
			return NULL;
		for (size_t i = 0; i < s->cap; i++) {
			struct binding *ob = &s->slots[i];
			if (!ob->name)
				continue;
			size_t mask = ns.cap - 1;
			size_t j = name_hash(ob->name, ob->len) & mask;
			while (ns.slots[j].name)
				j = (j + 1) & mask;
			ns.slots[j] = *ob;
			ns.count++;
		}
		*s = ns;
	}
	size_t mask = s->cap - 1;
	size_t i = name_hash(name, len) & mask;
	while (s->slots[i].name)
		i = (i + 1) & mask;
	b = &s->slots[i];
	b->name = arena_strndup(p->a, name, len);
	if (!b->name)
		return NULL;
	b->len = len;
	b->live = false;
	s->count++;
	return b;
}

/* The scope assignments go to: the function/class scope, or the module. */
static struct scope *bind_scope(struct parser *p)
{
	return p->local ? p->local : &p->mod;
}

static void bind_name(struct parser *p, const char *name, size_t len, const struct hint *h)
{
	struct binding *b = scope_put(p, bind_scope(p), name, len);
	if (!b)
		return;
	b->live = true;
	b->h = *h;
}

static struct hint name_hint(struct parser *p, const char *name, size_t len)
{
	struct binding *b = scope_get(p->local, name, len);
	if (!b || !b->live)
		b = scope_get(&p->mod, name, len);
	if (b && b->live) {
		struct hint bh = b->h;
		bh.lm = NULL; /* the literal was written elsewhere */
		return bh;
	}
	struct hint h = {0};
	if (str_eq(name, len, "op"))
		h.kind = H_OP;
	else if (str_eq(name, len, "text") || str_eq(name, len, "DDL"))
		h.kind = H_TEXTFN;
	else if (str_eq(name, len, "table"))
		h.kind = H_TABLEFN;
	else if (str_eq(name, len, "Session") || str_eq(name, len, "sessionmaker"))
		h.kind = H_SESSIONFN;
	else if (str_eq(name, len, "dedent"))
		h.kind = H_DEDENT;
	return h;
}

/* ---- hint transitions ------------------------------------------------------------------------------------------ */

static const char *verb_of(const char *s, size_t n)
{
	if (str_eq(s, n, "update"))
		return "update";
	if (str_eq(s, n, "insert"))
		return "insert";
	if (str_eq(s, n, "delete"))
		return "delete";
	if (str_eq(s, n, "select"))
		return "select";
	return NULL;
}

/* What `recv.name` denotes (attribute access, or the function looked up before a call). */
static struct hint hint_attr(const struct hint *recv, const char *name, size_t n)
{
	struct hint h = {0};
	if (str_eq(name, n, "dedent")) {
		h.kind = H_DEDENT;
		return h;
	}
	switch (recv->kind) {
	case H_SAMOD:
		if (str_eq(name, n, "text") || str_eq(name, n, "DDL"))
			h.kind = H_TEXTFN;
		else if (str_eq(name, n, "table") || str_eq(name, n, "Table"))
			h.kind = H_TABLEFN;
		else if ((h.verb = verb_of(name, n)) != NULL)
			h.kind = H_VERBFN;
		else if (str_eq(name, n, "Session") || str_eq(name, n, "sessionmaker"))
			h.kind = H_SESSIONFN;
		else if (str_eq(name, n, "orm") || str_eq(name, n, "sql") || str_eq(name, n, "schema") ||
		         str_eq(name, n, "expression") || str_eq(name, n, "future"))
			h.kind = H_SAMOD;
		break;
	case H_ALEMBICMOD:
		if (str_eq(name, n, "op"))
			h.kind = H_OP;
		else if (str_eq(name, n, "context"))
			h.kind = H_CTXMOD;
		break;
	case H_MIGCTX:
		if (str_eq(name, n, "bind") || str_eq(name, n, "connection"))
			h.kind = H_BIND;
		break;
	default:
		break;
	}
	return h;
}

/* ---- values ---------------------------------------------------------------------------------------------------- */

static struct value *val_new(struct parser *p, enum value_kind k, const struct token *t)
{
	struct value *v = arena_alloc(p->a, sizeof(*v));
	if (!v)
		return p->dummy;
	v->kind = k;
	v->line = t->line;
	v->col = t->col;
	v->text = "";
	return v;
}

/* VAL_OTHER (or kind) with the source text of [a, b]. */
static struct value *val_src(struct parser *p, enum value_kind k, const struct token *a, const struct token *b)
{
	struct value *v = val_new(p, k, a);
	if (v == p->dummy)
		return v;
	v->text = src_text(p, a, b, &v->len);
	if (!v->text) {
		v->text = "";
		v->len = 0;
	}
	return v;
}

struct arglist {
	struct arg *args;   /* arena-owned */
	struct hint *hints; /* arena-owned, parallel to args */
	size_t n, cap, hcap, nh;
};

static void arglist_push(struct parser *p, struct arglist *l, const char *name, struct value *key, struct value *v,
                         const struct hint *h)
{
	struct arg a = {name, key, v};
	struct hint none = {0};
	if (ARENA_PUSH(p->a, l->args, l->n, l->cap, a) != 0)
		return;
	if (ARENA_PUSH(p->a, l->hints, l->nh, l->hcap, h ? *h : none) != 0)
		l->n--;
}

static const struct hint *arglist_hint(const struct arglist *l, const char *kw, int pos)
{
	int k = 0;
	if (kw) {
		for (size_t i = 0; i < l->n; i++)
			if (l->args[i].name && strcmp(l->args[i].name, kw) == 0)
				return &l->hints[i];
	}
	if (pos < 0)
		return NULL;
	for (size_t i = 0; i < l->n; i++) {
		if (l->args[i].name)
			continue;
		if (k++ == pos)
			return &l->hints[i];
	}
	return NULL;
}

static const struct value *arglist_value(const struct arglist *l, const char *kw, int pos)
{
	const struct hint *h = arglist_hint(l, kw, pos);
	return h ? l->args[h - l->hints].value : NULL;
}

/* ---- forward declarations -------------------------------------------------------------------------------------- */

static struct value *parse_expr(struct parser *p, struct hint *h);
static struct value *parse_exprlist(struct parser *p, struct hint *h);
static void parse_block(struct parser *p, struct bodystat *bs);
static void parse_stmt(struct parser *p, struct bodystat *bs);

/* ---- bracket recovery ------------------------------------------------------------------------------------------ */

/* Re-lexes the source from the start of t's line; the token stream continues there with fresh structure. */
static void relex_from(struct parser *p, const struct token *t)
{
	if (p->relexes >= PARSER_MAX_RELEX || t->start < p->buf || t->start > p->buf + p->len)
		return;
	size_t off = (size_t)(t->start - p->buf);
	while (off > 0 && p->buf[off - 1] != '\n' && p->buf[off - 1] != '\r')
		off--;
	if (p->relex_off == off + 1)
		return; /* already re-lexed from this line */
	p->relex_off = off + 1;
	p->relexes++;
	struct lex_result lr;
	memset(&lr, 0, sizeof(lr));
	if (lex_file(p->a, p->buf + off, p->len - off, &lr) != 0 || lr.ntokens == 0 || !lr.tokens)
		return;
	unsigned base = t->line - 1;
	for (size_t i = 0; i < lr.ntokens; i++) {
		lr.tokens[i].line += base;
		lr.tokens[i].end_line += base;
	}
	p->t = lr.tokens;
	p->n = lr.ntokens;
	p->pos = 0;
	skip_error_tokens(p);
	if (p->t[p->pos].type == TK_INDENT) /* the line was indented: we are inside its block already */
		adv(p);
}

static void report_unclosed(struct parser *p, const struct token *open)
{
	char msg[64];
	snprintf(msg, sizeof(msg), "'%.*s' was never closed", (int)(open->len > 3 ? 3 : open->len), open->start);
	perr(p, open, msg);
}

/* True when the bracket opened at `open` cannot go on at the current token (reported; maybe re-lexed). */
static bool bracket_broken(struct parser *p, const struct token *open)
{
	const struct token *t = cur(p);
	if (is_end(t)) {
		report_unclosed(p, open);
		return true;
	}
	if (is_stmt_kw(t)) {
		report_unclosed(p, open);
		if (first_on_line(p, t))
			relex_from(p, t);
		return true;
	}
	return false;
}

static bool is_closer(const struct token *t)
{
	return IS(t, ")") || IS(t, "]") || IS(t, "}");
}

/*
 * Skips tokens up to (not including) a `,` or the closer at bracket depth 0, balancing brackets on the way.
 * Stops (returns false) when the statement ends or a statement keyword appears: the caller's guard handles it.
 */
static bool skip_balanced(struct parser *p, bool stop_at_comma)
{
	size_t depth = 0;
	for (;;) {
		const struct token *t = cur(p);
		if (is_end(t) || is_stmt_kw(t))
			return false;
		if (t->type == TK_OP) {
			if (IS(t, "(") || IS(t, "[") || IS(t, "{")) {
				depth++;
			} else if (is_closer(t)) {
				if (depth == 0)
					return true;
				depth--;
			} else if (depth == 0 && stop_at_comma && IS(t, ",")) {
				return true;
			}
		}
		adv(p);
	}
}

/* Consumes the expected closer; on a mismatched closer reports it and consumes it too. */
static void expect_closer(struct parser *p, const struct token *open, const char *close)
{
	const struct token *t = cur(p);
	if (tok_eq(t, close, 1)) {
		adv(p);
		return;
	}
	if (is_closer(t)) {
		char msg[96];
		snprintf(msg, sizeof(msg), "closing parenthesis '%.1s' does not match opening parenthesis '%.1s'",
		         t->start, open->start);
		perr(p, t, msg);
		adv(p);
		return;
	}
	if (!bracket_broken(p, open))
		perr_unexpected(p, t);
}

/*
 * After an item inside brackets: 0 = a ',' was consumed (go on), 1 = at a closer, 2 = the bracket is broken
 * (reported; the token stream may have been re-lexed): the caller returns at once.
 */
static int item_sep(struct parser *p, const struct token *open)
{
	const struct token *t = cur(p);
	if (IS(t, ",")) {
		adv(p);
		return 0;
	}
	if (is_closer(t))
		return 1;
	if (bracket_broken(p, open))
		return 2;
	if (first_on_line(p, t)) {
		/* a new line that does not continue the bracket: it was never closed */
		report_unclosed(p, open);
		relex_from(p, t);
		return 2;
	}
	perr_unexpected(p, t);
	if (!skip_balanced(p, true)) {
		(void)bracket_broken(p, open);
		return 2;
	}
	if (IS(cur(p), ",")) {
		adv(p);
		return 0;
	}
	return 1;
}

/* ---- atoms ----------------------------------------------------------------------------------------------------- */

static struct value *parse_strings(struct parser *p, struct hint *h)
{
	const struct token *first = cur(p);
	enum value_kind kind = VAL_STR;
	struct {
		char *s;
		size_t n;
	} parts[16];
	size_t nparts = 0, total = 0;
	char *joined = NULL;
	size_t jn = 0;
	struct litmap *lm = arena_alloc(p->a, sizeof(*lm));
	size_t lmcap = 0;
	while (cur(p)->type == TK_STRING) {
		const struct token *t = cur(p);
		size_t n = 0;
		unsigned *lines = NULL;
		char *s = t->end_line != t->line && !(t->flags & STR_FSTRING) ? lex_string_value_lines(p->a, t, &n, &lines)
		                                                               : lex_string_value(p->a, t, &n);
		if (!s) {
			s = "";
			n = 0;
			lines = NULL;
		}
		if (lm) {
			struct litpart lp = {total, t->line, (t->flags & STR_TRIPLE) != 0, lines, n};
			if (ARENA_PUSH(p->a, lm->parts, lm->n, lmcap, lp) != 0)
				lm = NULL;
		}
		if (t->flags & STR_FSTRING)
			kind = VAL_FSTRING;
		else if ((t->flags & STR_BYTES) && kind == VAL_STR)
			kind = VAL_BYTES;
		if (nparts == 16) {
			/* fold what we have so far into one part */
			char *j = arena_alloc(p->a, total + 1);
			if (j) {
				size_t o = 0;
				for (size_t i = 0; i < nparts; i++) {
					memcpy(j + o, parts[i].s, parts[i].n);
					o += parts[i].n;
				}
				parts[0].s = j;
				parts[0].n = total;
				nparts = 1;
			} else {
				nparts = 1;
			}
		}
		parts[nparts].s = s;
		parts[nparts].n = n;
		nparts++;
		total += n;
		adv(p);
	}
	joined = arena_alloc(p->a, total + 1);
	if (joined) {
		for (size_t i = 0; i < nparts; i++) {
			memcpy(joined + jn, parts[i].s, parts[i].n);
			jn += parts[i].n;
		}
		joined[jn] = '\0';
	}
	struct value *v = val_new(p, kind, first);
	if (v == p->dummy)
		return v;
	v->text = joined ? joined : "";
	v->len = joined ? jn : 0;
	if (kind == VAL_STR && memchr(v->text, '\0', v->len)) {
		/* "us\x00ers": never a name (C strings would cut it at the NUL); the value keeps text and len */
		v->dynamic = true;
		h->kind = H_DYNSTR;
	} else if (kind == VAL_STR) {
		h->kind = H_STR;
		h->str = v->text;
		h->len = v->len;
		h->lm = lm;
	} else if (kind == VAL_FSTRING) {
		v->dynamic = true;
		h->kind = H_DYNSTR;
	}
	return v;
}

static struct value *parse_number(struct parser *p)
{
	const struct token *t = cur(p);
	char b[80];
	size_t n = 0;
	bool is_float = false, overflow = false;
	adv(p);
	if (t->len == 0)
		return val_src(p, VAL_OTHER, t, t);
	char last = t->start[t->len - 1];
	if (last == 'j' || last == 'J')
		return val_src(p, VAL_OTHER, t, t);
	for (size_t i = 0; i < t->len; i++) {
		if (t->start[i] == '_')
			continue;
		if (n + 1 >= sizeof(b)) {
			overflow = true;
			break;
		}
		b[n++] = t->start[i];
	}
	b[n] = '\0';
	bool hex = n > 1 && b[0] == '0' && (b[1] == 'x' || b[1] == 'X');
	bool prefixed = n > 1 && b[0] == '0' && strchr("xXoObB", b[1]) != NULL;
	if (!prefixed)
		for (size_t i = 0; i < n; i++)
			if (b[i] == '.' || b[i] == 'e' || b[i] == 'E')
				is_float = true;
	(void)hex;
	struct value *v;
	if (is_float) {
		v = val_src(p, VAL_FLOAT, t, t);
		if (v != p->dummy)
			v->f = overflow ? 0.0 : strtod(b, NULL);
		return v;
	}
	v = val_src(p, VAL_INT, t, t);
	if (v == p->dummy)
		return v;
	if (overflow) {
		v->i = INT64_MAX;
		return v;
	}
	int base = 10;
	const char *digits = b;
	if (prefixed) {
		base = (b[1] == 'x' || b[1] == 'X') ? 16 : (b[1] == 'o' || b[1] == 'O') ? 8 : 2;
		digits = b + 2;
	}
	errno = 0;
	unsigned long long u = strtoull(digits, NULL, base);
	if (errno == ERANGE || u > (unsigned long long)INT64_MAX)
		v->i = INT64_MAX;
	else
		v->i = (int64_t)u;
	return v;
}

/* Items of a list/tuple/set display after the first one, up to and including the closer. */
static void parse_seq_rest(struct parser *p, const struct token *open, const char *close, struct arglist *items)
{
	for (;;) {
		const struct token *t = cur(p);
		if (tok_eq(t, close, 1) || is_closer(t))
			break;
		if (bracket_broken(p, open))
			return;
		struct hint h = {0};
		struct value *v;
		if (IS(t, "*") || IS(t, "**")) {
			const struct token *st = t;
			adv(p);
			struct value *inner = parse_expr(p, &h);
			v = val_new(p, VAL_UNARY, st);
			if (v != p->dummy) {
				v->text = st->len == 1 ? "*" : "**";
				v->len = st->len;
				v->args = arena_alloc(p->a, sizeof(struct arg));
				if (v->args) {
					v->args[0].value = inner;
					v->nargs = 1;
				}
			}
			h.kind = H_NONE;
		} else {
			v = parse_expr(p, &h);
		}
		arglist_push(p, items, NULL, NULL, v, &h);
		int r = item_sep(p, open);
		if (r == 2)
			return;
		if (r == 1)
			break;
	}
	expect_closer(p, open, close);
}

/* Skips a comprehension's `for ...` part up to and including the closer. */
static void skip_comprehension(struct parser *p, const struct token *open, const char *close)
{
	if (!skip_balanced(p, false)) {
		(void)bracket_broken(p, open);
		return;
	}
	expect_closer(p, open, close);
}

/* Counters of the current function's ops and helper calls, to mark later the ones a comprehension wrapped. */
struct opmark {
	size_t ops, calls;
};

static struct opmark op_mark(struct parser *p)
{
	struct opmark mk = {0, 0};
	if (p->fn >= 0) {
		mk.ops = p->funcs[p->fn].f.nops;
		mk.calls = p->funcs[p->fn].ncalls;
	}
	return mk;
}

/* The ops recorded since mk ran inside a comprehension: they are conditional (run per item, maybe never). */
static void op_mark_conditional(struct parser *p, struct opmark mk)
{
	if (p->fn < 0)
		return;
	struct pfunc *pf = &p->funcs[p->fn];
	for (size_t i = mk.ops; i < pf->f.nops; i++)
		pf->f.ops[i].conditional = true;
	for (size_t i = mk.calls; i < pf->ncalls; i++)
		pf->calls[i].cond = true;
}

static bool at_comp_for(struct parser *p)
{
	const struct token *t = cur(p);
	return IS(t, "for") || (IS(t, "async") && IS(peek(p, 1), "for"));
}

static struct value *parse_paren(struct parser *p, struct hint *h)
{
	const struct token *open = cur(p);
	adv(p);
	if (IS(cur(p), ")")) {
		adv(p);
		return val_src(p, VAL_TUPLE, open, p->last);
	}
	if (bracket_broken(p, open))
		return val_src(p, VAL_OTHER, open, p->last);
	struct hint ih = {0};
	struct value *first;
	struct opmark mk = op_mark(p);
	bool star = IS(cur(p), "*");
	if (IS(cur(p), "yield")) {
		first = parse_expr(p, &ih);
	} else if (star) {
		struct arglist items = {0};
		parse_seq_rest(p, open, ")", &items);
		struct value *v = val_src(p, VAL_TUPLE, open, p->last);
		v->args = items.args;
		v->nargs = items.n;
		return v;
	} else {
		first = parse_expr(p, &ih);
	}
	if (at_comp_for(p)) {
		op_mark_conditional(p, mk);
		skip_comprehension(p, open, ")");
		return val_src(p, VAL_OTHER, open, p->last);
	}
	if (IS(cur(p), ")")) {
		adv(p);
		*h = ih;
		return first;
	}
	if (IS(cur(p), ",")) {
		struct arglist items = {0};
		arglist_push(p, &items, NULL, NULL, first, &ih);
		adv(p);
		parse_seq_rest(p, open, ")", &items);
		struct value *v = val_src(p, VAL_TUPLE, open, p->last);
		if (v != p->dummy) {
			v->args = items.args;
			v->nargs = items.n;
		}
		return v;
	}
	if (!is_closer(cur(p)) && !bracket_broken(p, open) && first_on_line(p, cur(p))) {
		report_unclosed(p, open);
		relex_from(p, cur(p));
		return first;
	}
	expect_closer(p, open, ")");
	return first;
}

static struct value *parse_list(struct parser *p)
{
	const struct token *open = cur(p);
	adv(p);
	struct arglist items = {0};
	if (!IS(cur(p), "]") && !IS(cur(p), "*")) {
		if (bracket_broken(p, open))
			return val_src(p, VAL_LIST, open, p->last);
		struct hint ih = {0};
		struct opmark mk = op_mark(p);
		struct value *first = parse_expr(p, &ih);
		if (at_comp_for(p)) {
			op_mark_conditional(p, mk);
			skip_comprehension(p, open, "]");
			return val_src(p, VAL_OTHER, open, p->last);
		}
		arglist_push(p, &items, NULL, NULL, first, &ih);
		if (item_sep(p, open) == 2)
			return val_src(p, VAL_LIST, open, p->last);
	}
	parse_seq_rest(p, open, "]", &items);
	struct value *v = val_src(p, VAL_LIST, open, p->last);
	if (v != p->dummy) {
		v->args = items.args;
		v->nargs = items.n;
	}
	return v;
}

static struct value *parse_brace(struct parser *p)
{
	const struct token *open = cur(p);
	adv(p);
	struct arglist items = {0};
	if (IS(cur(p), "}")) {
		adv(p);
		return val_src(p, VAL_DICT, open, p->last);
	}
	if (bracket_broken(p, open))
		return val_src(p, VAL_OTHER, open, p->last);
	bool is_dict = IS(cur(p), "**");
	if (!is_dict) {
		struct hint kh = {0};
		const struct token *kt = cur(p);
		struct value *k = IS(kt, "*") ? NULL : parse_expr(p, &kh);
		if (k && IS(cur(p), ":")) {
			is_dict = true;
			adv(p);
			struct hint vh = {0};
			struct value *v = parse_expr(p, &vh);
			if (at_comp_for(p)) {
				skip_comprehension(p, open, "}");
				return val_src(p, VAL_OTHER, open, p->last);
			}
			arglist_push(p, &items, NULL, k, v, &vh);
			if (item_sep(p, open) == 2)
				return val_src(p, VAL_DICT, open, p->last);
		} else if (k) {
			if (at_comp_for(p)) {
				skip_comprehension(p, open, "}");
				return val_src(p, VAL_OTHER, open, p->last);
			}
			arglist_push(p, &items, NULL, NULL, k, &kh);
			if (item_sep(p, open) == 2)
				return val_src(p, VAL_OTHER, open, p->last);
		}
		if (!is_dict) {
			/* a set display: kept as VAL_OTHER with its items */
			parse_seq_rest(p, open, "}", &items);
			struct value *v = val_src(p, VAL_OTHER, open, p->last);
			if (v != p->dummy) {
				v->args = items.args;
				v->nargs = items.n;
			}
			return v;
		}
	}
	for (;;) {
		const struct token *t = cur(p);
		if (is_closer(t))
			break;
		if (bracket_broken(p, open))
			return val_src(p, VAL_DICT, open, p->last);
		struct hint vh = {0};
		if (IS(t, "**")) {
			adv(p);
			struct value *v = parse_expr(p, &vh);
			arglist_push(p, &items, "**", NULL, v, &vh);
		} else {
			struct hint kh = {0};
			struct value *k = parse_expr(p, &kh);
			if (IS(cur(p), ":")) {
				adv(p);
				struct value *v = parse_expr(p, &vh);
				arglist_push(p, &items, NULL, k, v, &vh);
			}
		}
		int r = item_sep(p, open);
		if (r == 2)
			return val_src(p, VAL_DICT, open, p->last);
		if (r == 1)
			break;
	}
	expect_closer(p, open, "}");
	struct value *v = val_src(p, VAL_DICT, open, p->last);
	if (v != p->dummy) {
		v->args = items.args;
		v->nargs = items.n;
	}
	return v;
}

static struct value *parse_atom(struct parser *p, struct hint *h)
{
	const struct token *t = cur(p);
	memset(h, 0, sizeof(*h));
	switch (t->type) {
	case TK_STRING:
		return parse_strings(p, h);
	case TK_NUMBER:
		return parse_number(p);
	case TK_NAME: {
		if (IS(t, "True") || IS(t, "False")) {
			adv(p);
			struct value *v = val_src(p, VAL_BOOL, t, t);
			v->i = t->len == 4;
			return v;
		}
		if (IS(t, "None")) {
			adv(p);
			return val_src(p, VAL_NONE, t, t);
		}
		if (IS(t, "yield")) {
			adv(p);
			if (IS(cur(p), "from"))
				adv(p);
			if (can_start_expr(cur(p))) {
				struct hint ih;
				(void)parse_exprlist(p, &ih);
			}
			return val_src(p, VAL_OTHER, t, p->last);
		}
		if (is_reserved_nonexpr(t)) {
			perr_unexpected(p, t);
			if (!is_stmt_kw(t))
				adv(p);
			return val_new(p, VAL_OTHER, t);
		}
		adv(p);
		struct value *v = val_src(p, VAL_NAME, t, t);
		*h = name_hint(p, t->start, t->len);
		return v;
	}
	case TK_OP:
		if (IS(t, "("))
			return parse_paren(p, h);
		if (IS(t, "["))
			return parse_list(p);
		if (IS(t, "{"))
			return parse_brace(p);
		if (IS(t, "...")) {
			adv(p);
			return val_src(p, VAL_OTHER, t, t);
		}
		perr_unexpected(p, t);
		if (!is_closer(t))
			adv(p);
		return val_new(p, VAL_OTHER, t);
	default:
		perr_unexpected(p, t);
		return val_new(p, VAL_OTHER, t);
	}
}

/* ---- calls and ops --------------------------------------------------------------------------------------------- */

struct callinfo {
	const struct token *first;    /* first token of the primary */
	const struct token *recv_end; /* last token of the receiver before `.method`, or NULL */
	const struct token *mtok;     /* method/function name token, or NULL */
	const struct token *close;    /* the closing parenthesis (or the last token consumed) */
	struct arglist *al;
};

static void parse_call_args(struct parser *p, const struct token *open, struct arglist *al)
{
	for (;;) {
		const struct token *t = cur(p);
		if (is_closer(t))
			break;
		if (bracket_broken(p, open))
			return;
		struct hint h = {0};
		if (IS(t, "*") || IS(t, "**")) {
			const char *name = t->len == 1 ? "*" : "**";
			adv(p);
			struct value *v = parse_expr(p, &h);
			arglist_push(p, al, name, NULL, v, &h);
		} else if (t->type == TK_NAME && IS(peek(p, 1), "=")) {
			char *name = tokdup(p, t);
			adv(p);
			adv(p);
			struct value *v = parse_expr(p, &h);
			arglist_push(p, al, name ? name : "", NULL, v, &h);
		} else {
			const struct token *vt = cur(p);
			struct opmark mk = op_mark(p);
			struct value *v = parse_expr(p, &h);
			if (at_comp_for(p)) {
				op_mark_conditional(p, mk);
				if (!skip_balanced(p, false)) {
					(void)bracket_broken(p, open);
					return;
				}
				v = val_src(p, VAL_OTHER, vt, p->last);
				memset(&h, 0, sizeof(h));
			}
			arglist_push(p, al, NULL, NULL, v, &h);
		}
		int r = item_sep(p, open);
		if (r == 2)
			return;
		if (r == 1)
			break;
	}
	expect_closer(p, open, ")");
}

struct optable {
	const char *method;
	int pos;
	const char *kw;
};

static const struct optable op_tables[] = {
	{"add_column", 0, "table_name"},
	{"drop_column", 0, "table_name"},
	{"alter_column", 0, "table_name"},
	{"create_table", 0, "table_name"},
	{"drop_table", 0, "table_name"},
	{"rename_table", 0, "old_table_name"},
	{"create_table_comment", 0, "table_name"},
	{"drop_table_comment", 0, "table_name"},
	{"bulk_insert", 0, "table"},
	{"create_index", 1, "table_name"},
	{"drop_index", 1, "table_name"},
	{"create_unique_constraint", 1, "table_name"},
	{"create_foreign_key", 1, "source_table"},
	{"create_check_constraint", 1, "table_name"},
	{"create_primary_key", 1, "table_name"},
	{"create_exclude_constraint", 1, "table_name"},
	{"drop_constraint", 1, "table_name"},
};

static const struct optable *optable_find(const char *method)
{
	for (size_t i = 0; i < sizeof(op_tables) / sizeof(op_tables[0]); i++)
		if (strcmp(method, op_tables[i].method) == 0)
			return &op_tables[i];
	return NULL;
}

static bool is_execute_like(const struct token *m, bool bind)
{
	if (IS(m, "execute"))
		return true;
	return bind && (IS(m, "exec_driver_sql") || IS(m, "scalar") || IS(m, "scalars"));
}

enum opkind { OPK_OP, OPK_BIND, OPK_BATCH };

/*
 * SQL statement lines made relative to the op, so that op.line + stmt.line is the statement's line in the file:
 * the statement's offset in the decoded text is mapped back through the literal's parts (lm). Without a map (the
 * text is a constant defined elsewhere) every statement stays at the op's line (0).
 */
static void sql_lines_to_file(struct op *o, const struct litmap *lm)
{
	const char *txt = o->sql_text;
	size_t tlen = txt ? strlen(txt) : 0, from = 0;
	for (size_t i = 0; i < o->sql.count; i++) {
		struct sql_stmt *st = &o->sql.items[i];
		unsigned rel = st->line; /* newlines of the text before the statement */
		st->line = 0;
		if (!lm || lm->n == 0 || !txt)
			continue;
		/* start of the statement's line in the text, then the statement itself on or after it */
		size_t off = 0;
		for (unsigned nl = 0; nl < rel && off < tlen; off++)
			if (txt[off] == '\n')
				nl++;
		if (off < from)
			off = from;
		if (st->text && st->len > 0 && off < tlen) {
			size_t k = st->len < 16 ? st->len : 16;
			for (size_t j = off; j + k <= tlen; j++) {
				if (memcmp(txt + j, st->text, k) == 0) {
					off = j;
					break;
				}
			}
		}
		from = off;
		size_t pi = 0;
		while (pi + 1 < lm->n && lm->parts[pi + 1].off <= off)
			pi++;
		const struct litpart *lp = &lm->parts[pi];
		unsigned line = lp->line;
		if (lp->lines && off >= lp->off && off - lp->off <= lp->len)
			line = lp->lines[off - lp->off];
		st->line = line > o->line ? line - o->line : 0;
	}
}

static void record_op(struct parser *p, const struct callinfo *ci, enum opkind k, const struct hint *recv,
                      const char *verb)
{
	if (p->fn < 0 || !ci->mtok)
		return;
	struct pfunc *pf = &p->funcs[p->fn];
	struct arglist *al = ci->al;
	struct op o;
	memset(&o, 0, sizeof(o));
	o.name = tokdup(p, ci->mtok);
	o.receiver = ci->recv_end ? src_text(p, ci->first, ci->recv_end, NULL) : "";
	if (!o.name || !o.receiver)
		return;
	o.args = al->args;
	o.nargs = al->n;
	o.line = ci->first->line;
	o.col = ci->first->col;
	o.end_line = ci->close ? ci->close->end_line : ci->first->end_line;
	o.batch = k == OPK_BATCH;
	o.via_bind = k == OPK_BIND;
	o.conditional = p->cond > 0;
	o.in_autocommit = p->autoc > 0;
	if (k == OPK_BATCH) {
		o.table = recv->str;
		o.schema = recv->schema;
	} else {
		for (size_t i = 0; i < sizeof(op_tables) / sizeof(op_tables[0]); i++) {
			if (!str_eq_n(ci->mtok->start, ci->mtok->len, op_tables[i].method, strlen(op_tables[i].method)))
				continue;
			const struct hint *th = arglist_hint(al, op_tables[i].kw, op_tables[i].pos);
			if (th && (th->kind == H_STR || th->kind == H_TABLE) && th->str)
				o.table = arena_strndup(p->a, th->str, th->len);
			break;
		}
	}
	const struct value *sv = arglist_value(al, "schema", -1);
	if (sv && sv->kind == VAL_STR && !sv->dynamic)
		o.schema = sv->text;
	struct opparam opp = {NULL, NULL};
	if (k == OPK_BATCH) {
		opp.table = recv->tparam;
		opp.schema = recv->sparam;
	}
	if (is_execute_like(ci->mtok, k == OPK_BIND)) {
		const struct hint *sh = arglist_hint(al, NULL, 0);
		if (!sh)
			sh = arglist_hint(al, "sqltext", -1);
		if (!sh)
			sh = arglist_hint(al, "statement", -1);
		if (sh) {
			if ((sh->kind == H_STR || sh->kind == H_SQL) && sh->str) {
				o.sql_text = arena_strndup(p->a, sh->str, sh->len);
				if (o.sql_text && sql_parse(p->a, o.sql_text, sh->len, &o.sql) != 0)
					memset(&o.sql, 0, sizeof(o.sql));
				sql_lines_to_file(&o, sh->lm);
			} else if (sh->kind == H_SQLEXPR) {
				o.sql_expr = true;
				o.sql_expr_verb = sh->verb;
				o.sql_expr_where = sh->where;
				if (!o.table && sh->str)
					o.table = sh->str;
			} else {
				o.sql_opaque = true;
			}
		}
	}
	if (verb) {
		o.sql_expr = true;
		o.sql_expr_verb = verb;
		o.sql_expr_where = recv && recv->where;
	}
	if (ARENA_PUSH(p->a, pf->f.ops, pf->f.nops, pf->opcap, o) != 0)
		return;
	if (ARENA_PUSH(p->a, pf->opp, pf->nopp, pf->oppcap, opp) != 0)
		pf->f.nops--; /* keep the two arrays parallel */
}

static void record_helper_call(struct parser *p, const struct token *name, const struct arglist *al)
{
	if (p->fn < 0)
		return;
	struct pfunc *pf = &p->funcs[p->fn];
	struct hcall c;
	c.callee = tokdup(p, name);
	if (!c.callee)
		return;
	c.callee_len = name->len;
	c.args = al->args;
	c.hints = al->hints;
	c.nargs = al->n;
	c.line = name->line;
	c.at = pf->f.nops;
	c.rat = pf->f.nraises;
	c.cond = p->cond > 0;
	c.autoc = p->autoc > 0;
	(void)ARENA_PUSH(p->a, pf->calls, pf->ncalls, pf->callcap, c);
}

static bool has_bind_arg(const struct arglist *al)
{
	for (size_t i = 0; i < al->n; i++)
		if (al->hints[i].kind == H_BIND || al->hints[i].kind == H_SESSION)
			return true;
	return false;
}

/* Calling something whose hint is f (a plain call, not a method of a modelled receiver). */
static struct hint call_func(struct parser *p, const struct hint *f, const struct callinfo *ci)
{
	struct hint r = {0};
	const struct hint *a0 = arglist_hint(ci->al, NULL, 0);
	(void)p;
	switch (f->kind) {
	case H_TEXTFN:
		r.kind = H_SQL;
		if (!a0)
			a0 = arglist_hint(ci->al, "text", -1);
		if (a0 && a0->kind == H_STR) {
			r.str = a0->str;
			r.len = a0->len;
			r.lm = a0->lm;
		}
		break;
	case H_TABLEFN:
		if (!a0)
			a0 = arglist_hint(ci->al, "name", -1);
		if (a0 && a0->kind == H_STR) {
			r.kind = H_TABLE;
			r.str = a0->str;
			r.len = a0->len;
		}
		break;
	case H_VERBFN:
		r.kind = H_SQLEXPR;
		r.verb = f->verb;
		if (!a0)
			a0 = arglist_hint(ci->al, "table", -1);
		if (a0 && a0->kind == H_TABLE) {
			r.str = a0->str;
			r.len = a0->len;
		}
		break;
	case H_SESSIONFN:
		if (has_bind_arg(ci->al))
			r.kind = H_SESSION;
		break;
	case H_SESSION:
		r.kind = H_SESSION;
		break;
	case H_DEDENT:
		if (a0 && (a0->kind == H_STR || a0->kind == H_DYNSTR))
			r = *a0;
		break;
	default:
		break;
	}
	return r;
}

/* Calling recv.method(...) where recv is a modelled receiver; records ops. */
static struct hint call_method(struct parser *p, const struct hint *recv, const struct hint *attr,
                               const struct callinfo *ci, struct value *callv)
{
	const struct token *m = ci->mtok;
	struct hint r = {0};
	switch (recv->kind) {
	case H_OP:
		if (IS(m, "get_bind")) {
			r.kind = H_BIND;
		} else if (IS(m, "get_context")) {
			r.kind = H_MIGCTX;
		} else if (IS(m, "batch_alter_table")) {
			const struct hint *th = arglist_hint(ci->al, "table_name", 0);
			const struct value *sv = arglist_value(ci->al, "schema", 1);
			r.kind = H_BATCH;
			const struct value *tv = arglist_value(ci->al, "table_name", 0);
			if (th && th->kind == H_STR && th->str) {
				r.str = arena_strndup(p->a, th->str, th->len);
				r.len = th->len;
			} else if (tv && tv->kind == VAL_NAME) {
				r.tparam = tv->text; /* maybe a helper parameter: resolved at the call site */
			}
			if (sv && sv->kind == VAL_STR && !sv->dynamic)
				r.schema = sv->text;
			else if (sv && sv->kind == VAL_NAME)
				r.sparam = sv->text;
		} else if (IS(m, "f") || IS(m, "inline_literal") || IS(m, "implementation_for") ||
		           IS(m, "register_operation") || IS(m, "get_context") || IS(m, "run_async")) {
			/* not operations */
		} else {
			record_op(p, ci, OPK_OP, recv, NULL);
		}
		return r;
	case H_CTXMOD:
		if (IS(m, "get_bind"))
			r.kind = H_BIND;
		else if (IS(m, "get_context"))
			r.kind = H_MIGCTX;
		else if (IS(m, "execute"))
			record_op(p, ci, OPK_OP, recv, NULL);
		return r;
	case H_MIGCTX:
		if (IS(m, "autocommit_block"))
			r.kind = H_AUTOCOMMIT;
		else if (IS(m, "execute"))
			record_op(p, ci, OPK_OP, recv, NULL);
		return r;
	case H_BIND:
		if (is_execute_like(m, true))
			record_op(p, ci, OPK_BIND, recv, NULL);
		else if (IS(m, "begin") || IS(m, "connect") || IS(m, "begin_nested") || IS(m, "execution_options"))
			r.kind = H_BIND;
		return r;
	case H_SESSION:
		if (is_execute_like(m, true) || IS(m, "add") || IS(m, "add_all") || IS(m, "delete") || IS(m, "merge") ||
		    IS(m, "bulk_save_objects") || IS(m, "bulk_insert_mappings") || IS(m, "bulk_update_mappings"))
			record_op(p, ci, OPK_BIND, recv, NULL);
		else if (IS(m, "query"))
			r.kind = H_QUERY;
		else if (IS(m, "begin") || IS(m, "begin_nested"))
			r.kind = H_SESSION;
		return r;
	case H_QUERY:
		if (IS(m, "update") || IS(m, "delete")) {
			record_op(p, ci, OPK_BIND, recv, IS(m, "update") ? "update" : "delete");
		} else if (!(IS(m, "all") || IS(m, "first") || IS(m, "one") || IS(m, "count") || IS(m, "scalar") ||
		             IS(m, "one_or_none"))) {
			r = *recv;
			if (IS(m, "filter") || IS(m, "filter_by") || IS(m, "where"))
				r.where = true;
		}
		return r;
	case H_BATCH:
		if (!IS(m, "f"))
			record_op(p, ci, OPK_BATCH, recv, NULL);
		return r;
	case H_TABLE:
		if ((r.verb = verb_of(m->start, m->len)) != NULL) {
			r.kind = H_SQLEXPR;
			r.str = recv->str;
			r.len = recv->len;
		}
		return r;
	case H_SQLEXPR:
		r = *recv;
		if (IS(m, "where") || IS(m, "filter") || IS(m, "filter_by"))
			r.where = true;
		return r;
	case H_SQL:
		if (IS(m, "bindparams") || IS(m, "columns") || IS(m, "execution_options"))
			return *recv;
		return r;
	case H_STR:
		if ((IS(m, "strip") || IS(m, "lstrip") || IS(m, "rstrip")) && ci->al->n == 0)
			return *recv;
		/* fall through: "...".format(x), "sep".join(...), replace: built at run time */
		/* FALLTHROUGH */
	case H_DYNSTR:
		r.kind = H_DYNSTR;
		if (callv != p->dummy) {
			size_t n = 0;
			const char *txt = src_text(p, ci->first, ci->close, &n);
			callv->kind = VAL_BINOP;
			callv->dynamic = true;
			if (txt) {
				callv->text = txt;
				callv->len = n;
			}
		}
		return r;
	default:
		return call_func(p, attr, ci);
	}
}

static bool modelled_receiver(enum hint_kind k)
{
	switch (k) {
	case H_OP:
	case H_CTXMOD:
	case H_MIGCTX:
	case H_BIND:
	case H_SESSION:
	case H_QUERY:
	case H_BATCH:
	case H_TABLE:
	case H_SQLEXPR:
	case H_SQL:
	case H_STR:
	case H_DYNSTR:
		return true;
	default:
		return false;
	}
}

/* atom followed by trailers: .name, (args), [subscript] */
static struct value *parse_primary(struct parser *p, struct hint *h)
{
	const struct token *first = cur(p);
	struct value *v = parse_atom(p, h);
	bool dotted = v->kind == VAL_NAME && v != p->dummy;
	bool just_attr = false;
	struct hint recv = {0};
	const struct token *mtok = NULL, *recv_end = NULL;
	while (!p->a->oom) {
		const struct token *t = cur(p);
		if (IS(t, ".")) {
			const struct token *nt = peek(p, 1);
			if (nt->type != TK_NAME) {
				adv(p);
				perr_unexpected(p, cur(p));
				break;
			}
			recv_end = p->last;
			adv(p);
			adv(p);
			recv = *h;
			*h = hint_attr(&recv, nt->start, nt->len);
			if (recv.kind == H_TABLES) { /* tables.logentrykind: that table */
				h->kind = H_TABLE;
				h->str = arena_strndup(p->a, nt->start, nt->len);
				h->len = h->str ? nt->len : 0;
				if (!h->str)
					h->kind = H_NONE;
			}
			mtok = nt;
			just_attr = true;
			if (dotted) {
				struct value *nv = val_new(p, VAL_ATTR, first);
				char *txt = arena_alloc(p->a, v->len + 1 + nt->len + 1);
				if (nv != p->dummy && txt) {
					memcpy(txt, v->text, v->len);
					txt[v->len] = '.';
					memcpy(txt + v->len + 1, nt->start, nt->len);
					txt[v->len + 1 + nt->len] = '\0';
					nv->text = txt;
					nv->len = v->len + 1 + nt->len;
				}
				v = nv;
			} else {
				v = val_src(p, VAL_OTHER, first, nt);
			}
			continue;
		}
		if (IS(t, "(")) {
			struct callinfo ci;
			struct arglist al = {0};
			struct value *cv = val_new(p, VAL_CALL, first);
			const char *callee = dotted ? v->text : NULL;
			size_t callee_len = dotted ? v->len : 0;
			if (!dotted) {
				callee = src_text(p, first, p->last, &callee_len);
				if (!callee) {
					callee = "";
					callee_len = 0;
				}
			}
			bool bare = v->kind == VAL_NAME;
			const struct token *name_tok = bare ? p->last : NULL;
			adv(p);
			p->depth++;
			parse_call_args(p, t, &al);
			p->depth--;
			ci.first = first;
			ci.recv_end = just_attr ? recv_end : NULL;
			ci.mtok = just_attr ? mtok : name_tok;
			ci.close = p->last;
			ci.al = &al;
			if (cv != p->dummy) {
				cv->text = callee;
				cv->len = callee_len;
				cv->args = al.args;
				cv->nargs = al.n;
			}
			struct hint r;
			if (just_attr && modelled_receiver(recv.kind)) {
				r = call_method(p, &recv, h, &ci, cv);
			} else {
				r = call_func(p, h, &ci);
				/* sa.Enum(name="x").drop(op.get_bind()) / postgresql.ENUM(...).create(bind, checkfirst=True) */
				if (just_attr && (IS(mtok, "create") || IS(mtok, "drop")) && has_bind_arg(&al))
					record_op(p, &ci, OPK_BIND, &recv, NULL);
			}
			if (bare && name_tok)
				record_helper_call(p, name_tok, &al);
			if ((r.kind == H_SQL && !r.str) || r.kind == H_DYNSTR)
				cv->dynamic = true;
			*h = r;
			v = cv;
			dotted = false;
			just_attr = false;
			continue;
		}
		if (IS(t, "[")) {
			adv(p);
			if (!skip_balanced(p, false)) {
				(void)bracket_broken(p, t);
			} else {
				expect_closer(p, t, "]");
			}
			v = val_src(p, VAL_OTHER, first, p->last);
			memset(h, 0, sizeof(*h));
			dotted = false;
			just_attr = false;
			continue;
		}
		break;
	}
	return v;
}

static struct value *parse_unary(struct parser *p, struct hint *h)
{
	const struct token *t = cur(p);
	if (IS(t, "-") || IS(t, "+") || IS(t, "~") || IS(t, "not")) {
		adv(p);
		struct hint ih;
		struct value *inner;
		if (p->depth > PARSER_MAX_DEPTH) {
			inner = val_new(p, VAL_OTHER, cur(p));
		} else {
			p->depth++;
			inner = parse_unary(p, &ih);
			p->depth--;
		}
		struct value *v = val_new(p, VAL_UNARY, t);
		memset(h, 0, sizeof(*h));
		if (v == p->dummy)
			return v;
		v->text = IS(t, "not") ? "not" : IS(t, "-") ? "-" : IS(t, "+") ? "+" : "~";
		v->len = strlen(v->text);
		v->args = arena_alloc(p->a, sizeof(struct arg));
		if (v->args) {
			v->args[0].value = inner;
			v->nargs = 1;
		}
		return v;
	}
	while (IS(t, "await")) {
		adv(p);
		t = cur(p);
	}
	if (IS(t, "lambda")) /* after an operator: `x if c else lambda: None` */
		return parse_expr(p, h);
	if (p->depth > PARSER_MAX_DEPTH) {
		/* too deep: skip one balanced operand */
		const struct token *s = cur(p);
		memset(h, 0, sizeof(*h));
		if (IS(s, "(") || IS(s, "[") || IS(s, "{")) {
			adv(p);
			if (skip_balanced(p, false))
				adv(p);
		} else if (!is_end(s) && !is_closer(s)) {
			adv(p);
		}
		return val_src(p, VAL_OTHER, s, p->last ? p->last : s);
	}
	p->depth++;
	struct value *v = parse_primary(p, h);
	p->depth--;
	return v;
}

/* A binary operator at the current token: its token count (1 or 2), or 0. */
static int binop_at(struct parser *p)
{
	const struct token *t = cur(p);
	if (t->type == TK_OP) {
		char c0 = t->start[0];
		if (t->len == 1)
			return strchr("+-*/%@&|^<>", c0) != NULL && c0 != '\0';
		if (t->len == 2) {
			char c1 = t->start[1];
			switch (c0) {
			case '/':
				return c1 == '/';
			case '*':
				return c1 == '*';
			case '<':
				return c1 == '<' || c1 == '=' || c1 == '>';
			case '>':
				return c1 == '>' || c1 == '=';
			case '=':
			case '!':
			case ':':
				return c1 == '=';
			default:
				return 0;
			}
		}
		return 0;
	}
	if (t->type != TK_NAME)
		return 0;
	if (IS(t, "and") || IS(t, "or") || IS(t, "in") || IS(t, "if") || IS(t, "else"))
		return 1;
	if (IS(t, "is"))
		return IS(peek(p, 1), "not") ? 2 : 1;
	if (IS(t, "not") && IS(peek(p, 1), "in"))
		return 2;
	return 0;
}

/* The litmap of `"a" + "b" + ...` (all parts H_STR): the parts' maps shifted; NULL when one part has none. */
static const struct litmap *litmap_concat(struct parser *p, const struct arglist *ops)
{
	size_t n = 0, off = 0, cap = 0;
	for (size_t i = 0; i < ops->nh; i++) {
		if (!ops->hints[i].lm)
			return NULL;
		n += ops->hints[i].lm->n;
	}
	struct litmap *lm = arena_alloc(p->a, sizeof(*lm));
	if (!lm || n == 0)
		return NULL;
	for (size_t i = 0; i < ops->nh; i++) {
		const struct litmap *im = ops->hints[i].lm;
		for (size_t k = 0; k < im->n; k++) {
			struct litpart lp = im->parts[k];
			lp.off += off;
			if (ARENA_PUSH(p->a, lm->parts, lm->n, cap, lp) != 0)
				return NULL;
		}
		off += ops->hints[i].len;
	}
	return lm;
}

static bool hint_stringish(const struct hint *h, const struct value *v)
{
	return h->kind == H_STR || h->kind == H_DYNSTR || v->kind == VAL_STR || v->kind == VAL_FSTRING ||
	       (v->dynamic && v->kind != VAL_CALL);
}

static struct value *parse_expr(struct parser *p, struct hint *h)
{
	const struct token *first = cur(p);
	memset(h, 0, sizeof(*h));
	if (IS(first, "lambda")) {
		if (p->depth > PARSER_MAX_DEPTH) {
			adv(p);
			(void)skip_balanced(p, true);
			return val_src(p, VAL_OTHER, first, p->last);
		}
		p->depth++;
		adv(p);
		while (!IS(cur(p), ":") && !is_end(cur(p)) && !is_closer(cur(p)) && !is_stmt_kw(cur(p))) {
			const struct token *t = cur(p);
			if (IS(t, "lambda")) { /* a lambda as a parameter default */
				struct hint dh;
				(void)parse_expr(p, &dh);
				continue;
			}
			if (IS(t, "(") || IS(t, "[") || IS(t, "{")) {
				adv(p);
				if (!skip_balanced(p, false))
					break;
			}
			adv(p);
		}
		if (IS(cur(p), ":")) {
			adv(p);
			struct hint ih;
			(void)parse_expr(p, &ih);
		}
		p->depth--;
		return val_src(p, VAL_OTHER, first, p->last);
	}
	struct value *v = parse_unary(p, h);
	if (!binop_at(p))
		return v;
	/* flat chain of binary operators */
	struct arglist ops = {0};
	arglist_push(p, &ops, NULL, NULL, v, h);
	bool all_plus = true, stringish = hint_stringish(h, v), dynamic = v->dynamic, cmp = false;
	int n;
	while ((n = binop_at(p)) > 0 && !p->a->oom) {
		const struct token *ot = cur(p);
		if (!IS(ot, "+"))
			all_plus = false;
		if (IS(ot, "==") || IS(ot, "!=") || IS(ot, "<") || IS(ot, ">") || IS(ot, "<=") || IS(ot, ">=") ||
		    IS(ot, "<>") || IS(ot, "in") || IS(ot, "is") || IS(ot, "not"))
			cmp = true;
		for (int i = 0; i < n; i++)
			adv(p);
		struct hint oh;
		struct value *ov = parse_unary(p, &oh);
		arglist_push(p, &ops, NULL, NULL, ov, &oh);
		if (hint_stringish(&oh, ov))
			stringish = true;
		if (ov->dynamic)
			dynamic = true;
	}
	struct value *bv = val_src(p, VAL_BINOP, first, p->last);
	memset(h, 0, sizeof(*h));
	if (bv == p->dummy)
		return bv;
	bv->args = ops.args;
	bv->nargs = ops.n;
	bool all_known = all_plus;
	size_t total = 0;
	for (size_t i = 0; all_known && i < ops.nh; i++) {
		if (ops.hints[i].kind != H_STR || !ops.hints[i].str)
			all_known = false;
		else
			total += ops.hints[i].len;
	}
	if (all_known && ops.nh > 0) {
		char *s = arena_alloc(p->a, total + 1);
		if (s) {
			size_t o = 0;
			for (size_t i = 0; i < ops.nh; i++) {
				memcpy(s + o, ops.hints[i].str, ops.hints[i].len);
				o += ops.hints[i].len;
			}
			s[o] = '\0';
			h->kind = H_STR;
			h->str = s;
			h->len = o;
			h->lm = litmap_concat(p, &ops);
		}
		bv->dynamic = false;
	} else if (stringish && !cmp) {
		h->kind = H_DYNSTR;
		bv->dynamic = true;
	} else {
		bv->dynamic = dynamic;
	}
	return bv;
}

/* expr (',' expr)* [','] — a bare tuple when there is a comma. */
static struct value *parse_exprlist(struct parser *p, struct hint *h)
{
	const struct token *first = cur(p);
	struct value *v;
	if (IS(first, "*")) {
		adv(p);
		struct hint ih;
		struct value *inner = parse_expr(p, &ih);
		v = val_new(p, VAL_UNARY, first);
		if (v != p->dummy) {
			v->text = "*";
			v->len = 1;
			v->args = arena_alloc(p->a, sizeof(struct arg));
			if (v->args) {
				v->args[0].value = inner;
				v->nargs = 1;
			}
		}
		memset(h, 0, sizeof(*h));
	} else {
		v = parse_expr(p, h);
	}
	if (!IS(cur(p), ","))
		return v;
	struct arglist items = {0};
	arglist_push(p, &items, NULL, NULL, v, h);
	while (IS(cur(p), ",") && !p->a->oom) {
		adv(p);
		if (!can_start_expr(cur(p)))
			break;
		struct hint ih;
		struct value *iv;
		if (IS(cur(p), "*")) {
			const struct token *st = cur(p);
			adv(p);
			(void)parse_expr(p, &ih);
			iv = val_src(p, VAL_OTHER, st, p->last);
		} else {
			iv = parse_expr(p, &ih);
		}
		arglist_push(p, &items, NULL, NULL, iv, &ih);
	}
	struct value *tv = val_src(p, VAL_TUPLE, first, p->last);
	memset(h, 0, sizeof(*h));
	if (tv != p->dummy) {
		tv->args = items.args;
		tv->nargs = items.n;
	}
	return tv;
}

/* ---- statements ------------------------------------------------------------------------------------------------ */

/* Skips to the end of the logical line (not consuming the NEWLINE). */
static void skip_line(struct parser *p)
{
	size_t depth = 0;
	const struct token *open = NULL;
	for (;;) {
		const struct token *t = cur(p);
		if (is_end(t))
			return;
		if (is_stmt_kw(t) && first_on_line(p, t)) {
			if (depth > 0 && open) {
				relex_from(p, t);
			}
			return;
		}
		if (IS(t, "(") || IS(t, "[") || IS(t, "{")) {
			if (depth++ == 0)
				open = t;
		} else if (is_closer(t) && depth > 0) {
			depth--;
		}
		adv(p);
	}
}

/* End of a simple statement line: NEWLINE expected. */
static void end_line(struct parser *p)
{
	const struct token *t = cur(p);
	if (t->type == TK_NEWLINE) {
		adv(p);
		return;
	}
	if (t->type == TK_EOF || t->type == TK_DEDENT || t->type == TK_INDENT)
		return;
	if (first_on_line(p, t))
		return; /* structure lost after a re-lex or an error: the next statement starts here */
	if (is_closer(t)) {
		char msg[32];
		snprintf(msg, sizeof(msg), "unmatched '%.1s'", t->start);
		perr(p, t, msg);
	} else {
		perr_unexpected(p, t);
	}
	skip_line(p);
	if (cur(p)->type == TK_NEWLINE)
		adv(p);
}

static void bs_add(struct bodystat *bs, int kind, const struct value *v)
{
	/* kind: 0 other, 1 empty-ish (pass/.../string), 2 raise */
	if (!bs)
		return;
	if (bs->n == 0 && v && v->kind == VAL_STR)
		bs->doc = v->text;
	bs->n++;
	if (kind == 0)
		bs->n_other++;
	else if (kind == 2)
		bs->n_raise++;
}

static struct strlist strlist_from(struct parser *p, const struct value *v)
{
	struct strlist l = {NULL, 0};
	size_t cap = 0;
	if (!v)
		return l;
	if (v->kind == VAL_STR && !v->dynamic) {
		(void)ARENA_PUSH(p->a, l.items, l.count, cap, v->text);
	} else if (v->kind == VAL_TUPLE || v->kind == VAL_LIST) {
		for (size_t i = 0; i < v->nargs; i++) {
			const struct value *iv = v->args[i].value;
			if (iv && iv->kind == VAL_STR && !iv->dynamic)
				(void)ARENA_PUSH(p->a, l.items, l.count, cap, iv->text);
		}
	}
	return l;
}

static void module_assign(struct parser *p, const struct value *target, const struct value *rhs)
{
	if (p->local || target->kind != VAL_NAME)
		return;
	struct migration *m = p->m;
	const char *n = target->text;
	if (strcmp(n, "revision") == 0) {
		if (rhs->kind == VAL_STR && !rhs->dynamic) {
			m->revision = rhs->text;
			m->revision_line = target->line;
		}
	} else if (strcmp(n, "down_revision") == 0) {
		m->down_revision_set = true;
		m->down_revision_line = target->line;
		m->down_revisions = strlist_from(p, rhs);
	} else if (strcmp(n, "branch_labels") == 0) {
		m->branch_labels = strlist_from(p, rhs);
	} else if (strcmp(n, "depends_on") == 0) {
		m->depends_on = strlist_from(p, rhs);
	}
}

static void bind_target(struct parser *p, const struct value *target, const struct hint *h)
{
	if (target->kind == VAL_NAME) {
		bind_name(p, target->text, target->len, h);
	} else if (target->kind == VAL_TUPLE || target->kind == VAL_LIST) {
		struct hint none = {0};
		for (size_t i = 0; i < target->nargs; i++) {
			const struct value *iv = target->args[i].value;
			if (iv && iv->kind == VAL_NAME)
				bind_name(p, iv->text, iv->len, &none);
		}
	}
}

static void parse_raise(struct parser *p, struct bodystat *bs)
{
	const struct token *rt = cur(p);
	adv(p);
	struct raise_info ri;
	memset(&ri, 0, sizeof(ri));
	ri.exc = "";
	ri.line = rt->line;
	ri.col = rt->col;
	ri.conditional = p->cond > 0;
	if (can_start_expr(cur(p))) {
		struct hint h;
		struct value *ev = parse_expr(p, &h);
		if (ev->kind == VAL_CALL || ev->kind == VAL_NAME || ev->kind == VAL_ATTR || ev->kind == VAL_OTHER)
			ri.exc = ev->text;
		if (ev->kind == VAL_CALL && ev->nargs > 0 && !ev->args[0].name && ev->args[0].value &&
		    ev->args[0].value->kind == VAL_STR)
			ri.message = ev->args[0].value->text;
		if (IS(cur(p), "from")) {
			adv(p);
			(void)parse_expr(p, &h);
		}
	}
	bs_add(bs, 2, NULL);
	if (p->fn >= 0) {
		struct pfunc *pf = &p->funcs[p->fn];
		(void)ARENA_PUSH(p->a, pf->f.raises, pf->f.nraises, pf->raisecap, ri);
	}
}

static bool is_prefix_module(const char *mod, const char *pkg)
{
	size_t n = strlen(pkg);
	return strncmp(mod, pkg, n) == 0 && (mod[n] == '\0' || mod[n] == '.');
}

static void add_import(struct parser *p, const char *module, const char *name, const char *alias, size_t alias_len,
                       unsigned line, struct hint h)
{
	struct import im = {module, name, alias, line};
	(void)ARENA_PUSH(p->a, p->imports, p->nimports, p->capimports, im);
	if (h.kind == H_OP && !p->m->op_alias)
		p->m->op_alias = alias;
	bind_name(p, alias, alias_len, &h);
}

/* NAME ('.' NAME)* → arena text; NULL when no name. */
static char *parse_dotted(struct parser *p, const struct token **firstname)
{
	const struct token *first = cur(p);
	if (first->type != TK_NAME)
		return NULL;
	if (firstname)
		*firstname = first;
	adv(p);
	while (IS(cur(p), ".") && peek(p, 1)->type == TK_NAME) {
		adv(p);
		adv(p);
	}
	return src_text(p, first, p->last, NULL);
}

static void parse_import(struct parser *p)
{
	const struct token *it = cur(p);
	adv(p);
	for (;;) {
		const struct token *fn = NULL;
		char *mod = parse_dotted(p, &fn);
		if (!mod) {
			perr_unexpected(p, cur(p));
			skip_line(p);
			return;
		}
		/* strip whitespace a multi-token dotted name may contain ("a . b") */
		size_t w = 0;
		for (size_t r = 0; mod[r]; r++)
			if (mod[r] != ' ' && mod[r] != '\t' && mod[r] != '\\' && mod[r] != '\n' && mod[r] != '\r')
				mod[w++] = mod[r];
		mod[w] = '\0';
		struct hint h = {0};
		if (IS(cur(p), "as") && peek(p, 1)->type == TK_NAME) {
			adv(p);
			const struct token *at = cur(p);
			adv(p);
			if (strcmp(mod, "alembic.op") == 0)
				h.kind = H_OP;
			else if (strcmp(mod, "alembic.context") == 0)
				h.kind = H_CTXMOD;
			else if (strcmp(mod, "alembic") == 0)
				h.kind = H_ALEMBICMOD;
			else if (is_prefix_module(mod, "sqlalchemy"))
				h.kind = H_SAMOD;
			char *alias = tokdup(p, at);
			if (alias)
				add_import(p, mod, NULL, alias, at->len, it->line, h);
		} else {
			if (is_prefix_module(mod, "alembic"))
				h.kind = H_ALEMBICMOD;
			else if (is_prefix_module(mod, "sqlalchemy"))
				h.kind = H_SAMOD;
			char *alias = tokdup(p, fn);
			if (alias)
				add_import(p, mod, NULL, alias, fn->len, it->line, h);
		}
		if (!IS(cur(p), ","))
			break;
		adv(p);
	}
}

static void parse_from(struct parser *p)
{
	const struct token *ft = cur(p);
	adv(p);
	char prefix[64];
	size_t np = 0;
	while ((IS(cur(p), ".") || IS(cur(p), "...")) && np + 3 < sizeof(prefix)) {
		memcpy(prefix + np, cur(p)->start, cur(p)->len);
		np += cur(p)->len;
		adv(p);
	}
	prefix[np] = '\0';
	char *dotted = NULL;
	if (cur(p)->type == TK_NAME && !IS(cur(p), "import"))
		dotted = parse_dotted(p, NULL);
	const char *mod = arena_printf(p->a, "%s%s", prefix, dotted ? dotted : "");
	if (!mod)
		return;
	if (!IS(cur(p), "import")) {
		perr(p, cur(p), "expected 'import'");
		skip_line(p);
		return;
	}
	adv(p);
	const struct token *open = NULL;
	if (IS(cur(p), "(")) {
		open = cur(p);
		adv(p);
	}
	for (;;) {
		const struct token *t = cur(p);
		if (open && IS(t, ")"))
			break;
		if (open && bracket_broken(p, open))
			return;
		if (IS(t, "*")) {
			adv(p);
			struct import im = {mod, "*", "*", ft->line};
			(void)ARENA_PUSH(p->a, p->imports, p->nimports, p->capimports, im);
		} else if (t->type == TK_NAME) {
			const struct token *at = t;
			adv(p);
			if (IS(cur(p), "as") && peek(p, 1)->type == TK_NAME) {
				adv(p);
				at = cur(p);
				adv(p);
			}
			char *name = tokdup(p, t);
			char *alias = tokdup(p, at);
			if (!name || !alias)
				return;
			struct hint h = {0};
			if (strcmp(mod, "alembic") == 0) {
				if (strcmp(name, "op") == 0)
					h.kind = H_OP;
				else if (strcmp(name, "context") == 0)
					h.kind = H_CTXMOD;
			} else if (is_prefix_module(mod, "sqlalchemy")) {
				struct hint sam = {.kind = H_SAMOD};
				h = hint_attr(&sam, t->start, t->len);
			} else if (strcmp(mod, "textwrap") == 0 && strcmp(name, "dedent") == 0) {
				h.kind = H_DEDENT;
			}
			add_import(p, mod, name, alias, at->len, ft->line, h);
		} else {
			if (open && bracket_broken(p, open))
				return;
			perr_unexpected(p, t);
			skip_line(p);
			return;
		}
		if (IS(cur(p), ",")) {
			adv(p);
			continue;
		}
		break;
	}
	if (open)
		expect_closer(p, open, ")");
}

/* Parameter names of a def: bind connection/session/batch-looking parameters (helpers receive them). */
static void bind_params(struct parser *p, const struct token *open, struct pfunc *pf)
{
	size_t depth = 0;
	bool expect_name = true, had_op = false;
	for (;;) {
		const struct token *t = cur(p);
		if (is_end(t) || is_stmt_kw(t)) {
			report_unclosed(p, open);
			if (is_stmt_kw(t) && first_on_line(p, t))
				relex_from(p, t);
			return;
		}
		if (IS(t, "(") || IS(t, "[") || IS(t, "{")) {
			depth++;
		} else if (is_closer(t)) {
			if (depth == 0) {
				expect_closer(p, open, ")");
				return;
			}
			depth--;
		} else if (depth == 0 && IS(t, ",")) {
			expect_name = true;
			adv(p);
			continue;
		} else if (depth == 0 && expect_name && t->type == TK_NAME) {
			struct hint h = {0};
			if (IS(t, "conn") || IS(t, "connection") || IS(t, "bind") || IS(t, "connectable"))
				h.kind = H_BIND;
			else if (IS(t, "session") || IS(t, "sess") || IS(t, "db_session"))
				h.kind = H_SESSION;
			else if (IS(t, "batch_op"))
				h.kind = H_BATCH;
			else if (IS(t, "op") ||
			         (p->m->op_alias && str_eq_n(t->start, t->len, p->m->op_alias, strlen(p->m->op_alias))))
				h.kind = H_OP; /* quay-style `def upgrade(op, tables, tester):`: env.py passes alembic's op */
			else if (had_op && IS(t, "tables"))
				h.kind = H_TABLES; /* ... and a namespace of the application's sa.Table objects */
			had_op = had_op || h.kind == H_OP;
			bind_name(p, t->start, t->len, &h);
			if (pf) {
				const char *nm = tokdup(p, t);
				if (nm)
					(void)ARENA_PUSH(p->a, pf->params, pf->nparams, pf->paramcap, nm);
			}
			expect_name = false;
		} else if (depth == 0 && !IS(t, "*") && !IS(t, "**") && !IS(t, "/")) {
			expect_name = false;
		}
		adv(p);
	}
}

/* ':' then an indented block or simple statements on the same line. */
static void parse_suite(struct parser *p, struct bodystat *bs)
{
	if (IS(cur(p), ":")) {
		adv(p);
	} else {
		perr(p, cur(p), "expected ':'");
		if (cur(p)->type != TK_NEWLINE) {
			if (first_on_line(p, cur(p)))
				return; /* structure lost after a re-lex: the next statement starts here */
			skip_line(p);
		}
	}
	const struct token *t = cur(p);
	if (t->type == TK_NEWLINE) {
		adv(p);
		if (cur(p)->type == TK_INDENT) {
			adv(p);
			parse_block(p, bs);
			if (cur(p)->type == TK_DEDENT)
				adv(p);
		} else {
			perr(p, cur(p), "expected an indented block");
		}
		return;
	}
	if (t->type == TK_EOF || t->type == TK_DEDENT || t->type == TK_INDENT)
		return;
	if (first_on_line(p, t)) {
		/* structure lost (re-lexed after an unclosed bracket): the next statement starts here */
		perr(p, t, "expected an indented block");
		return;
	}
	/* simple statements on the same line */
	p->depth++;
	parse_stmt(p, bs);
	p->depth--;
}

/* def f[T](...), class C[T]: ...: skipped by balanced tokens */
static void skip_type_params(struct parser *p)
{
	const struct token *open = cur(p);
	adv(p);
	if (skip_balanced(p, false))
		expect_closer(p, open, "]");
	else
		(void)bracket_broken(p, open);
}

static void parse_def(struct parser *p)
{
	const struct token *deft = cur(p);
	adv(p);
	const struct token *nt = cur(p);
	bool anonymous = nt->type != TK_NAME || is_reserved_nonexpr(nt);
	if (anonymous) {
		perr(p, nt, "expected a function name");
		if (!IS(nt, "(")) {
			skip_line(p);
			return;
		}
	} else {
		adv(p);
	}
	if (!anonymous && IS(cur(p), "[")) /* PEP 695 type parameters */
		skip_type_params(p);
	bool module_level = p->fn < 0 && p->local == NULL && !anonymous;
	struct scope *saved_local = p->local;
	int saved_fn = p->fn, saved_cond = p->cond, saved_autoc = p->autoc;
	size_t idx = 0;
	if (module_level) {
		struct pfunc pf;
		memset(&pf, 0, sizeof(pf));
		pf.f.name = tokdup(p, nt);
		if (!pf.f.name)
			return;
		if (strcmp(pf.f.name, "upgrade") == 0 || strncmp(pf.f.name, "upgrade_", 8) == 0)
			pf.f.role = FN_UPGRADE;
		else if (strcmp(pf.f.name, "downgrade") == 0 || strncmp(pf.f.name, "downgrade_", 10) == 0)
			pf.f.role = FN_DOWNGRADE;
		else
			pf.f.role = FN_HELPER;
		pf.f.line = deft->line;
		pf.f.end_line = deft->line;
		if (ARENA_PUSH(p->a, p->funcs, p->nfuncs, p->capfuncs, pf) != 0)
			return;
		idx = p->nfuncs - 1;
		struct scope *ls = arena_alloc(p->a, sizeof(*ls));
		if (!ls)
			return;
		p->local = ls;
		p->fn = (int)idx;
		p->cond = 0;
		p->autoc = 0;
	} else if (p->fn >= 0 && !anonymous) {
		p->cond++; /* a nested function: may or may not be called */
	} else {
		p->fn = -1;
		struct scope *ls = arena_alloc(p->a, sizeof(*ls));
		if (!ls)
			return;
		p->local = ls;
	}
	if (IS(cur(p), "(")) {
		const struct token *open = cur(p);
		adv(p);
		bind_params(p, open, module_level ? &p->funcs[idx] : NULL);
	} else {
		perr(p, cur(p), "expected '('");
	}
	if (IS(cur(p), "->")) {
		int fn = p->fn;
		p->fn = -1;
		adv(p);
		struct hint h;
		(void)parse_expr(p, &h);
		p->fn = fn;
	}
	struct bodystat bs;
	memset(&bs, 0, sizeof(bs));
	parse_suite(p, module_level ? &bs : NULL);
	if (module_level) {
		struct pfunc *pf = &p->funcs[idx];
		pf->f.end_line = p->last ? p->last->end_line : deft->line;
		if (pf->f.end_line < pf->f.line)
			pf->f.end_line = pf->f.line;
		pf->f.docstring = bs.doc;
		if (bs.n_other == 0 && bs.n_raise == 0)
			pf->f.body = BODY_EMPTY;
		else if (bs.n_other == 0)
			pf->f.body = BODY_RAISES;
		else
			pf->f.body = BODY_NORMAL;
	}
	p->local = saved_local;
	p->fn = saved_fn;
	p->cond = saved_cond;
	p->autoc = saved_autoc;
}

static void parse_class(struct parser *p)
{
	adv(p);
	if (cur(p)->type == TK_NAME)
		adv(p);
	if (IS(cur(p), "["))
		skip_type_params(p);
	if (IS(cur(p), "(")) {
		const struct token *open = cur(p);
		adv(p);
		if (skip_balanced(p, false))
			expect_closer(p, open, ")");
		else
			(void)bracket_broken(p, open);
	}
	struct scope *saved_local = p->local;
	int saved_fn = p->fn;
	struct scope *ls = arena_alloc(p->a, sizeof(*ls));
	if (!ls)
		return;
	p->local = ls;
	p->fn = -1;
	parse_suite(p, NULL);
	p->local = saved_local;
	p->fn = saved_fn;
}

/* `with` items: batch_alter_table / autocommit_block / bind / session contexts are not conditions. */
static void parse_with(struct parser *p)
{
	adv(p);
	struct saved {
		struct binding *b;
		bool live;
		struct hint h;
		const char *name;
		size_t len;
	} saved[8];
	size_t nsaved = 0;
	int cond_inc = 0, autoc_inc = 0;
	const struct token *open = NULL;
	if (IS(cur(p), "(")) {
		/* parenthesized with-items (3.10) when an `as` appears at depth 1 and ':' follows the ')' */
		size_t depth = 0;
		bool has_as = false;
		size_t i = p->pos;
		for (; i < p->n; i++) {
			const struct token *t = &p->t[i];
			if (is_end(t))
				break;
			if (IS(t, "(") || IS(t, "[") || IS(t, "{"))
				depth++;
			else if (is_closer(t)) {
				if (--depth == 0)
					break;
			} else if (depth == 1 && IS(t, "as"))
				has_as = true;
		}
		if (has_as && i + 1 < p->n && IS(&p->t[i + 1], ":")) {
			open = cur(p);
			adv(p);
		}
	}
	for (;;) {
		if (open && IS(cur(p), ")"))
			break;
		struct hint h;
		(void)parse_expr(p, &h);
		if (IS(cur(p), "as")) {
			adv(p);
			const struct token *nt = cur(p);
			if (nt->type == TK_NAME && !is_reserved_nonexpr(nt) &&
			    (IS(peek(p, 1), ",") || IS(peek(p, 1), ":") || IS(peek(p, 1), ")"))) {
				adv(p);
				if (h.kind == H_BATCH || h.kind == H_BIND || h.kind == H_SESSION) {
					struct binding *b = scope_get(bind_scope(p), nt->start, nt->len);
					if (h.kind == H_BATCH && nsaved < 8) {
						saved[nsaved].b = b;
						saved[nsaved].live = b ? b->live : false;
						if (b)
							saved[nsaved].h = b->h;
						saved[nsaved].name = nt->start;
						saved[nsaved].len = nt->len;
						nsaved++;
					}
					bind_name(p, nt->start, nt->len, &h);
				} else {
					struct hint none = {0};
					bind_name(p, nt->start, nt->len, &none);
				}
			} else {
				struct hint th;
				(void)parse_expr(p, &th);
			}
		}
		if (h.kind == H_AUTOCOMMIT)
			autoc_inc = 1;
		else if (h.kind != H_BATCH && h.kind != H_BIND && h.kind != H_SESSION)
			cond_inc = 1;
		if (IS(cur(p), ",")) {
			adv(p);
			continue;
		}
		break;
	}
	if (open)
		expect_closer(p, open, ")");
	p->cond += cond_inc;
	p->autoc += autoc_inc;
	parse_suite(p, NULL);
	p->cond -= cond_inc;
	p->autoc -= autoc_inc;
	for (size_t i = nsaved; i-- > 0;) {
		struct binding *b = scope_get(bind_scope(p), saved[i].name, saved[i].len);
		if (!b)
			continue;
		if (saved[i].b && saved[i].live) {
			b->h = saved[i].h;
			b->live = true;
		} else {
			b->live = false;
		}
	}
}

/* `for target in iterable:` */
static void parse_for(struct parser *p)
{
	adv(p);
	struct hint none = {0};
	size_t depth = 0;
	while (!is_end(cur(p)) && !(depth == 0 && (IS(cur(p), "in") || IS(cur(p), ":"))) && !is_stmt_kw(cur(p))) {
		const struct token *t = cur(p);
		if (IS(t, "(") || IS(t, "[") || IS(t, "{"))
			depth++;
		else if (is_closer(t) && depth > 0)
			depth--;
		else if (t->type == TK_NAME)
			bind_name(p, t->start, t->len, &none);
		adv(p);
	}
	if (IS(cur(p), "in")) {
		adv(p);
		struct hint h;
		(void)parse_exprlist(p, &h);
	} else {
		perr(p, cur(p), "expected 'in'");
	}
	p->cond++;
	parse_suite(p, NULL);
	p->cond--;
}

/* `match x:` / `case y:` (soft keywords): the logical line ends with ':' */
static bool soft_compound(struct parser *p)
{
	size_t depth = 0;
	const struct token *lastt = NULL;
	for (size_t i = p->pos + 1; i < p->n; i++) {
		const struct token *t = &p->t[i];
		if (t->type == TK_NEWLINE || t->type == TK_EOF)
			break;
		if (t->type == TK_ERROR)
			continue;
		if (IS(t, "(") || IS(t, "[") || IS(t, "{"))
			depth++;
		else if (is_closer(t) && depth > 0)
			depth--;
		else if (depth == 0 && (IS(t, "=") || IS(t, ".")) && lastt == NULL)
			return false;
		lastt = t;
	}
	return lastt && IS(lastt, ":") && depth == 0 && lastt != peek(p, 1);
}

/* Expression statement, assignment, annotated or augmented assignment. */
static void parse_expr_stmt(struct parser *p, struct bodystat *bs)
{
	struct hint h;
	struct value *v = parse_exprlist(p, &h);
	if (IS(cur(p), "=")) {
		struct value *targets[16];
		size_t nt = 0;
		targets[nt++] = v;
		struct value *rhs = v;
		struct hint rh = h;
		while (IS(cur(p), "=")) {
			adv(p);
			rhs = parse_exprlist(p, &rh);
			if (IS(cur(p), "=") && nt < 16)
				targets[nt++] = rhs;
		}
		for (size_t i = 0; i < nt; i++) {
			module_assign(p, targets[i], rhs);
			bind_target(p, targets[i], &rh);
		}
		bs_add(bs, 0, NULL);
		return;
	}
	if (IS(cur(p), ":")) {
		adv(p);
		struct hint ah;
		int fn = p->fn;
		p->fn = -1;
		(void)parse_expr(p, &ah);
		p->fn = fn;
		if (IS(cur(p), "=")) {
			adv(p);
			struct hint rh;
			struct value *rhs = parse_exprlist(p, &rh);
			module_assign(p, v, rhs);
			bind_target(p, v, &rh);
		}
		bs_add(bs, 0, NULL);
		return;
	}
	const struct token *t = cur(p);
	if (t->type == TK_OP && t->len >= 2 && t->start[t->len - 1] == '=' && !IS(t, "==") && !IS(t, "!=") &&
	    !IS(t, "<=") && !IS(t, ">=")) {
		bool plus = IS(t, "+=");
		adv(p);
		struct hint rh;
		(void)parse_exprlist(p, &rh);
		struct hint nh = {0};
		if (v->kind == VAL_NAME) {
			struct hint oh = name_hint(p, v->text, v->len);
			if (plus && oh.kind == H_STR && rh.kind == H_STR && oh.str && rh.str) {
				char *s = arena_alloc(p->a, oh.len + rh.len + 1);
				if (s) {
					memcpy(s, oh.str, oh.len);
					memcpy(s + oh.len, rh.str, rh.len);
					s[oh.len + rh.len] = '\0';
					nh.kind = H_STR;
					nh.str = s;
					nh.len = oh.len + rh.len;
				}
			} else if (oh.kind == H_STR || oh.kind == H_DYNSTR || rh.kind == H_STR || rh.kind == H_DYNSTR) {
				nh.kind = H_DYNSTR;
			}
			bind_name(p, v->text, v->len, &nh);
		}
		bs_add(bs, 0, NULL);
		return;
	}
	if (v->kind == VAL_STR)
		bs_add(bs, 1, v);
	else if (v->kind == VAL_OTHER && v->len == 3 && memcmp(v->text, "...", 3) == 0)
		bs_add(bs, 1, NULL);
	else
		bs_add(bs, 0, NULL);
	if (!p->local && !p->seen_stmt && v->kind == VAL_STR && !p->m->message) {
		/* module docstring: its first non-empty line is the message */
		const char *s = v->text;
		const char *e = s + v->len;
		while (s < e) {
			const char *nl = memchr(s, '\n', (size_t)(e - s));
			const char *le = nl ? nl : e;
			const char *a = s, *b = le;
			while (a < b && (*a == ' ' || *a == '\t' || *a == '\r'))
				a++;
			while (b > a && (b[-1] == ' ' || b[-1] == '\t' || b[-1] == '\r'))
				b--;
			if (b > a) {
				p->m->message = arena_strndup(p->a, a, (size_t)(b - a));
				break;
			}
			s = nl ? nl + 1 : e;
		}
	}
}

/* One simple statement (no NEWLINE handling). */
static void parse_small(struct parser *p, struct bodystat *bs)
{
	const struct token *t = cur(p);
	if (t->type == TK_NAME) {
		if (IS(t, "pass")) {
			adv(p);
			bs_add(bs, 1, NULL);
			return;
		}
		if (IS(t, "break") || IS(t, "continue")) {
			adv(p);
			bs_add(bs, 0, NULL);
			return;
		}
		if (IS(t, "raise")) {
			parse_raise(p, bs);
			return;
		}
		if (IS(t, "return") || IS(t, "del") || IS(t, "assert")) {
			adv(p);
			if (can_start_expr(cur(p))) {
				struct hint h;
				(void)parse_exprlist(p, &h);
			}
			bs_add(bs, 0, NULL);
			return;
		}
		if (IS(t, "import")) {
			parse_import(p);
			bs_add(bs, 0, NULL);
			return;
		}
		if (IS(t, "from")) {
			parse_from(p);
			bs_add(bs, 0, NULL);
			return;
		}
		if (IS(t, "global") || IS(t, "nonlocal")) {
			adv(p);
			while (cur(p)->type == TK_NAME || IS(cur(p), ","))
				adv(p);
			bs_add(bs, 0, NULL);
			return;
		}
	}
	if (is_closer(t)) {
		char msg[32];
		snprintf(msg, sizeof(msg), "unmatched '%.1s'", t->start);
		perr(p, t, msg);
		adv(p);
		bs_add(bs, 0, NULL);
		return;
	}
	if (!can_start_expr(t) && !IS(t, "yield") && !IS(t, "lambda") && !IS(t, "await") && !IS(t, "not")) {
		perr_unexpected(p, t);
		if (!is_end(t))
			adv(p);
		skip_line(p);
		bs_add(bs, 0, NULL);
		return;
	}
	parse_expr_stmt(p, bs);
}

static void parse_simple_line(struct parser *p, struct bodystat *bs)
{
	for (;;) {
		parse_small(p, bs);
		if (IS(cur(p), ";")) {
			adv(p);
			if (is_end(cur(p)))
				break;
			continue;
		}
		break;
	}
	end_line(p);
}

static void parse_stmt(struct parser *p, struct bodystat *bs)
{
	const struct token *t = cur(p);
	p->stmt_err = false;
	switch (t->type) {
	case TK_NEWLINE:
	case TK_DEDENT:
		adv(p);
		return;
	case TK_EOF:
		return;
	case TK_INDENT:
		perr(p, t, "unexpected indent");
		adv(p);
		parse_block(p, NULL);
		if (cur(p)->type == TK_DEDENT)
			adv(p);
		bs_add(bs, 0, NULL);
		return;
	default:
		break;
	}
	if (p->depth > PARSER_MAX_DEPTH) {
		skip_line(p);
		end_line(p);
		return;
	}
	p->depth++;
	if (t->type == TK_NAME) {
		if (IS(t, "async") && (IS(peek(p, 1), "def") || IS(peek(p, 1), "for") || IS(peek(p, 1), "with"))) {
			adv(p);
			t = cur(p);
		}
		if (IS(t, "def")) {
			bs_add(bs, 0, NULL);
			parse_def(p);
			goto out;
		}
		if (IS(t, "class")) {
			bs_add(bs, 0, NULL);
			parse_class(p);
			goto out;
		}
		if (IS(t, "if") || IS(t, "elif") || IS(t, "while")) {
			adv(p);
			struct hint h;
			(void)parse_expr(p, &h);
			bs_add(bs, 0, NULL);
			p->cond++;
			parse_suite(p, NULL);
			p->cond--;
			goto out;
		}
		if (IS(t, "else") || IS(t, "try") || IS(t, "finally")) {
			adv(p);
			bs_add(bs, 0, NULL);
			p->cond++;
			parse_suite(p, NULL);
			p->cond--;
			goto out;
		}
		if (IS(t, "except")) {
			adv(p);
			if (IS(cur(p), "*"))
				adv(p);
			if (can_start_expr(cur(p))) {
				struct hint h;
				(void)parse_expr(p, &h);
				if (IS(cur(p), ",")) {
					adv(p);
					(void)parse_expr(p, &h);
				}
			}
			if (IS(cur(p), "as") && peek(p, 1)->type == TK_NAME) {
				adv(p);
				adv(p);
			}
			bs_add(bs, 0, NULL);
			p->cond++;
			parse_suite(p, NULL);
			p->cond--;
			goto out;
		}
		if (IS(t, "for")) {
			bs_add(bs, 0, NULL);
			parse_for(p);
			goto out;
		}
		if (IS(t, "with")) {
			bs_add(bs, 0, NULL);
			parse_with(p);
			goto out;
		}
		if (IS(t, "type") && peek(p, 1)->type == TK_NAME && (IS(peek(p, 2), "=") || IS(peek(p, 2), "["))) {
			/* PEP 695: type X[T] = ... */
			adv(p);
			adv(p);
			if (IS(cur(p), "["))
				skip_type_params(p);
			if (IS(cur(p), "=")) {
				adv(p);
				struct hint h;
				(void)parse_expr(p, &h);
			}
			bs_add(bs, 0, NULL);
			end_line(p);
			goto out;
		}
		if ((IS(t, "match") || IS(t, "case")) && soft_compound(p)) {
			adv(p);
			skip_line(p); /* the subject/pattern, up to the NEWLINE after ':' */
			bs_add(bs, 0, NULL);
			/* skip_line stopped at NEWLINE; the ':' was consumed with the line, so take the block directly */
			if (cur(p)->type == TK_NEWLINE) {
				adv(p);
				if (cur(p)->type == TK_INDENT) {
					adv(p);
					p->cond++;
					parse_block(p, NULL);
					p->cond--;
					if (cur(p)->type == TK_DEDENT)
						adv(p);
				}
			}
			goto out;
		}
	} else if (IS(t, "@")) {
		adv(p);
		struct hint h;
		int fn = p->fn;
		p->fn = -1;
		(void)parse_expr(p, &h);
		p->fn = fn;
		end_line(p);
		goto out;
	}
	parse_simple_line(p, bs);
out:
	p->depth--;
	if (!p->local)
		p->seen_stmt = true;
}

static void parse_block(struct parser *p, struct bodystat *bs)
{
	unsigned col = cur(p)->col;
	for (;;) {
		const struct token *t = cur(p);
		if (t->type == TK_EOF || t->type == TK_DEDENT || p->a->oom)
			break;
		if (t->type != TK_INDENT && t->type != TK_NEWLINE && t->col < col && first_on_line(p, t))
			break; /* implicit dedent (after a re-lex) */
		const struct token *arr = p->t;
		size_t before = p->pos;
		parse_stmt(p, bs);
		if (p->t == arr && p->pos == before)
			adv(p);
	}
}

/* ---- helper expansion ------------------------------------------------------------------------------------------ */

/* What call c passed for parameter `name` of helper hf (positionally or by keyword), or NULL. */
static const struct hint *call_param_hint(const struct pfunc *hf, const struct hcall *c, const char *name)
{
	size_t pi = 0;
	while (pi < hf->nparams && strcmp(hf->params[pi], name) != 0)
		pi++;
	if (pi == hf->nparams)
		return NULL;
	size_t k = 0;
	for (size_t i = 0; i < c->nargs; i++) {
		if (c->args[i].name) {
			if (strcmp(c->args[i].name, hf->params[pi]) == 0)
				return &c->hints[i];
		} else if (k++ == pi) {
			return &c->hints[i];
		}
	}
	return NULL;
}

/* The literal string call c passed for parameter `name` of helper hf, or NULL. */
static const struct hint *call_param_str(const struct pfunc *hf, const struct hcall *c, const char *name)
{
	const struct hint *h = name ? call_param_hint(hf, c, name) : NULL;
	return h && h->kind == H_STR && h->str ? h : NULL;
}

/*
 * An op written in helper hf whose table (or schema) comes from one of hf's parameters: the literal passed at call c
 * (`_drop(table_name)` called as `_drop("users")`), the batch passed as the receiver (`_h(batch_op)`), or the table
 * of a `with op.batch_alter_table(table) as b:` inside the helper (pp: the names recorded for it).
 */
static void helper_param_table(struct parser *p, const struct pfunc *hf, struct op *o, const struct hcall *c,
                               const struct opparam *pp)
{
	const struct hint *h;
	if (o->batch) {
		if (o->table)
			return;
		h = call_param_hint(hf, c, o->receiver);
		if (h && h->kind == H_BATCH) {
			o->table = h->str;
			o->schema = h->schema;
			return;
		}
		if (pp && (h = call_param_str(hf, c, pp->table)) != NULL)
			o->table = arena_strndup(p->a, h->str, h->len);
		if (pp && !o->schema && (h = call_param_str(hf, c, pp->schema)) != NULL)
			o->schema = arena_strndup(p->a, h->str, h->len);
		return;
	}
	const struct value *sv = op_arg(o, "schema", -1);
	if (!o->schema && sv && sv->kind == VAL_NAME && (h = call_param_str(hf, c, sv->text)) != NULL)
		o->schema = arena_strndup(p->a, h->str, h->len);
	const struct optable *ot = optable_find(o->name);
	if (!ot || o->table)
		return;
	const struct value *tv = op_arg(o, ot->kw, ot->pos);
	if (!tv || tv->kind != VAL_NAME)
		return;
	if ((h = call_param_str(hf, c, tv->text)) != NULL)
		o->table = arena_strndup(p->a, h->str, h->len);
}

/* The ops and raises of helper hf, copied at call c into pf (conditional when the call is). */
static void expand_call(struct parser *p, struct pfunc *pf, struct pfunc *hf, const struct hcall *c)
{
	size_t own = 0; /* hf's own ops (helper == NULL) come in f.ops order: index into hf->opp */
	for (size_t k = 0; k < hf->nxops && pf->nxops < PARSER_MAX_EXPANDED; k++) {
		struct op o = hf->xops[k];
		if (!o.helper) {
			const struct opparam *pp = own < hf->nopp && hf->nopp == hf->f.nops ? &hf->opp[own] : NULL;
			own++;
			helper_param_table(p, hf, &o, c, pp);
			o.helper = hf->f.name;
		}
		o.call_line = c->line;
		o.conditional = o.conditional || c->cond;
		o.in_autocommit = o.in_autocommit || c->autoc;
		if (ARENA_PUSH(p->a, pf->xops, pf->nxops, pf->xcap, o) != 0)
			break;
	}
	for (size_t k = 0; k < hf->nxraises && pf->nxraises < PARSER_MAX_EXPANDED; k++) {
		struct raise_info r = hf->xraises[k];
		if (!r.helper)
			r.helper = hf->f.name;
		r.call_line = c->line;
		r.conditional = r.conditional || c->cond;
		if (ARENA_PUSH(p->a, pf->xraises, pf->nxraises, pf->xrcap, r) != 0)
			break;
	}
}

static void expand(struct parser *p, size_t idx, int depth)
{
	struct pfunc *pf = &p->funcs[idx];
	if (pf->state != 0)
		return;
	pf->state = 1;
	size_t ci = 0, ri = 0;
	for (size_t i = 0; i <= pf->f.nops; i++) {
		while (ci < pf->ncalls && pf->calls[ci].at == i) {
			const struct hcall *c = &pf->calls[ci++];
			/* own raises before the call */
			for (; ri < c->rat && ri < pf->f.nraises && pf->nxraises < PARSER_MAX_EXPANDED; ri++)
				(void)ARENA_PUSH(p->a, pf->xraises, pf->nxraises, pf->xrcap, pf->f.raises[ri]);
			struct binding *b = scope_get(&p->fmap, c->callee, c->callee_len);
			if (!b || depth >= PARSER_MAX_HELPER_DEPTH)
				continue;
			struct pfunc *hf = &p->funcs[b->idx];
			if (hf->state == 0)
				expand(p, b->idx, depth + 1);
			if (hf->state != 2)
				continue; /* recursion: the helper is being expanded further up */
			pf = &p->funcs[idx];
			expand_call(p, pf, hf, c);
		}
		if (i < pf->f.nops && pf->nxops < PARSER_MAX_EXPANDED)
			(void)ARENA_PUSH(p->a, pf->xops, pf->nxops, pf->xcap, pf->f.ops[i]);
	}
	for (; ri < pf->f.nraises && pf->nxraises < PARSER_MAX_EXPANDED; ri++)
		(void)ARENA_PUSH(p->a, pf->xraises, pf->nxraises, pf->xrcap, pf->f.raises[ri]);
	pf->state = 2;
}

/* ---- entry point ----------------------------------------------------------------------------------------------- */

int parse_migration(struct arena *a, const char *path, const char *buf, size_t len, struct migration *out)
{
	struct parser p;
	struct lex_result lr;
	static const struct token eof_tok = {TK_EOF, 0, "", 0, 1, 1, 1, 1};

	memset(out, 0, sizeof(*out));
	memset(&p, 0, sizeof(p));
	memset(&lr, 0, sizeof(lr));
	p.a = a;
	p.m = out;
	p.buf = buf ? buf : "";
	p.len = buf ? len : 0;
	p.fn = -1;
	out->path = arena_strdup(a, path ? path : "");
	p.dummy = arena_alloc(a, sizeof(struct value));
	if (!out->path || !p.dummy)
		return -1;
	p.dummy->text = "";

	if (lex_file(a, p.buf, p.len, &lr) != 0)
		return -1;
	out->nlines = lr.nlines;
	if (lr.error.set) {
		p.lex_err_line = lr.error.line;
		p.lex_err_col = lr.error.col;
	}
	if (lr.error.set)
		push_error(&p, lr.error.line, lr.error.col, lr.error.message, lr.error.token,
		           strnlen(lr.error.token, sizeof(lr.error.token)));
	if (lr.ntokens == 0 || !lr.tokens) {
		p.t = &eof_tok;
		p.n = 1;
	} else {
		p.t = lr.tokens;
		p.n = lr.ntokens;
	}
	skip_error_tokens(&p);

	/* comments */
	if (lr.ncomments) {
		out->comments = arena_alloc(a, lr.ncomments * sizeof(*out->comments));
		if (!out->comments)
			return -1;
		for (size_t i = 0; i < lr.ncomments; i++) {
			const struct comment *c = &lr.comments[i];
			out->comments[i].text = arena_strndup(a, c->text, c->len);
			out->comments[i].line = c->line;
			out->comments[i].col = c->col;
			out->comments[i].own_line = c->own_line;
		}
		out->ncomments = lr.ncomments;
	}

	/* the module */
	while (cur(&p)->type != TK_EOF && !a->oom) {
		const struct token *arr = p.t;
		size_t before = p.pos;
		parse_stmt(&p, NULL);
		if (p.t == arr && p.pos == before)
			adv(&p);
	}
	if (a->oom)
		return -1;

	/* helpers expanded at their call sites */
	for (size_t i = 0; i < p.nfuncs; i++) {
		struct binding *b = scope_put(&p, &p.fmap, p.funcs[i].f.name, strlen(p.funcs[i].f.name));
		if (!b)
			return -1;
		if (!b->live) {
			b->live = true;
			b->idx = i;
		}
	}
	for (size_t i = 0; i < p.nfuncs; i++)
		expand(&p, i, 0);
	if (p.nfuncs) {
		out->funcs = arena_alloc(a, p.nfuncs * sizeof(*out->funcs));
		if (!out->funcs)
			return -1;
		for (size_t i = 0; i < p.nfuncs; i++) {
			out->funcs[i] = p.funcs[i].f;
			out->funcs[i].ops = p.funcs[i].xops;
			out->funcs[i].nops = p.funcs[i].nxops;
			out->funcs[i].raises = p.funcs[i].xraises;
			out->funcs[i].nraises = p.funcs[i].nxraises;
		}
		out->nfuncs = p.nfuncs;
	}
	out->imports = p.imports;
	out->nimports = p.nimports;
	/* errors in source order (the lexer's first error was pushed first); insertion sort, stable */
	for (size_t i = 1; i < p.nerrors; i++) {
		struct syntax_error e = p.errors[i];
		size_t j = i;
		while (j > 0 && (p.errors[j - 1].line > e.line ||
		                 (p.errors[j - 1].line == e.line && p.errors[j - 1].col > e.col))) {
			p.errors[j] = p.errors[j - 1];
			j--;
		}
		p.errors[j] = e;
	}
	out->errors = p.errors;
	out->nerrors = p.nerrors;
	if (!out->op_alias)
		out->op_alias = "op";
	return a->oom ? -1 : 0;
}
