/*
 * sql.c — see sql.h.
 *
 * Two passes over the text, both with the same span scanner (quotes, dollar quotes, comments):
 *   1. the splitter walks the bytes once and cuts at ';' outside spans; each statement is trimmed of leading and
 *      trailing whitespace and comments and copied into the arena;
 *   2. the classifier runs a small keyword tokenizer over that copy: one pass for statement-wide flags (CASCADE,
 *      ON DELETE CASCADE, NOT VALID, CONCURRENTLY, setval), then a recursive-descent walk of the statement head.
 * No allocation happens per token: tokens point into the statement copy; only output strings go to the arena.
 */
#include "sql.h"

#include <string.h>
#include <stdint.h>

/* ------------------------------------------------------------------------------------------------------------- */
/* Characters                                                                                                      */

static bool sql_is_space(unsigned char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

static bool sql_is_ident_start(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c >= 0x80;
}

static bool sql_is_ident_char(unsigned char c)
{
	return sql_is_ident_start(c) || (c >= '0' && c <= '9') || c == '$';
}

static unsigned char sql_lower(unsigned char c)
{
	return (c >= 'A' && c <= 'Z') ? (unsigned char)(c + 32) : c;
}

/* ------------------------------------------------------------------------------------------------------------- */
/* Span scanner                                                                                                    */

enum sql_span {
	SPAN_NONE = 0,
	SPAN_STRING,  /* '...', E'...', $tag$...$tag$ */
	SPAN_QIDENT,  /* "..." or `...` */
	SPAN_COMMENT, /* -- ..., # ..., nested block comment */
};

/* Skips a quoted run opened at s[i] by quote character q; a doubled q is an escape; with backslash, \x escapes x.
 * Returns the index after the closing quote, or len (and sets *unterm) when it never closes. */
static size_t sql_skip_quoted(const char *s, size_t len, size_t i, char q, bool backslash, bool *unterm)
{
	size_t j = i + 1;
	while (j < len) {
		char c = s[j];
		if (backslash && c == '\\') {
			j += 2;
			continue;
		}
		if (c == q) {
			if (j + 1 < len && s[j + 1] == q) {
				j += 2;
				continue;
			}
			return j + 1;
		}
		j++;
	}
	*unterm = true;
	return len;
}

/* Length of a dollar-quote delimiter ($$ or $tag$) at s[i], or 0 when s[i] does not open one. */
static size_t sql_dollar_delim(const char *s, size_t len, size_t i)
{
	if (i >= len || s[i] != '$')
		return 0;
	size_t j = i + 1;
	if (j < len && sql_is_ident_start((unsigned char)s[j])) {
		while (j < len && (sql_is_ident_start((unsigned char)s[j]) || (s[j] >= '0' && s[j] <= '9')))
			j++;
	}
	if (j < len && s[j] == '$')
		return j + 1 - i;
	return 0;
}

/* Whether the '#' at s[i] starts a MySQL comment: as the first significant byte of a statement or at a line start
 * (unless it is the PostgreSQL #> operator there), or at a token start followed by whitespace. The decision depends
 * only on bytes of the same statement, so a statement's text splits the same way on its own. */
static bool sql_hash_is_comment(const char *s, size_t len, size_t i, bool stmt_start)
{
	/* end of input does not count as a space: a statement's text ends where its ';' was */
	bool next_space = i + 1 < len && sql_is_space((unsigned char)s[i + 1]);
	bool line_start = true;
	if (!stmt_start) {
		for (size_t k = i, n = 0; k > 0; k--, n++) {
			char c = s[k - 1];
			if (c == '\n')
				break;
			if (!sql_is_space((unsigned char)c) || n > 256) { /* bounded look-back */
				line_start = false;
				break;
			}
		}
	}
	if (line_start && !(i + 1 < len && s[i + 1] == '>'))
		return true;
	if (!next_space)
		return false;
	if (i == 0)
		return true;
	unsigned char p = (unsigned char)s[i - 1];
	return sql_is_space(p) || p == ';' || p == ',' || p == '(';
}

/* If s[i] opens a quoted span or a comment, stores the index after it in *end and returns its kind. The caller calls
 * this only at token starts (never inside a word), so E'...' is recognised by its first letter; stmt_start says that
 * nothing significant precedes s[i] in its statement. */
static enum sql_span sql_scan_span(const char *s, size_t len, size_t i, bool stmt_start, bool *unterm, size_t *end)
{
	char c = s[i];
	char n = i + 1 < len ? s[i + 1] : '\0';
	switch (c) {
	case '\'':
		*end = sql_skip_quoted(s, len, i, '\'', false, unterm);
		return SPAN_STRING;
	case 'E':
	case 'e':
		if (n == '\'' && (i == 0 || !sql_is_ident_char((unsigned char)s[i - 1]))) {
			*end = sql_skip_quoted(s, len, i + 1, '\'', true, unterm);
			return SPAN_STRING;
		}
		return SPAN_NONE;
	case '"':
		*end = sql_skip_quoted(s, len, i, '"', false, unterm);
		return SPAN_QIDENT;
	case '`':
		*end = sql_skip_quoted(s, len, i, '`', false, unterm);
		return SPAN_QIDENT;
	case '$': {
		if (i > 0 && sql_is_ident_char((unsigned char)s[i - 1]))
			return SPAN_NONE;
		size_t d = sql_dollar_delim(s, len, i);
		if (!d)
			return SPAN_NONE;
		size_t j = i + d;
		while (j < len) {
			const char *p = memchr(s + j, '$', len - j);
			if (!p)
				break;
			j = (size_t)(p - s);
			if (len - j >= d && memcmp(s + j, s + i, d) == 0) {
				*end = j + d;
				return SPAN_STRING;
			}
			j++;
		}
		*unterm = true;
		*end = len;
		return SPAN_STRING;
	}
	case '-':
		if (n != '-')
			return SPAN_NONE;
		goto line_comment;
	case '#':
		if (!sql_hash_is_comment(s, len, i, stmt_start))
			return SPAN_NONE;
	line_comment: {
		const char *p = memchr(s + i, '\n', len - i);
		*end = p ? (size_t)(p - s) : len;
		return SPAN_COMMENT;
	}
	case '/': {
		if (n != '*')
			return SPAN_NONE;
		size_t j = i + 2;
		unsigned depth = 1;
		while (j < len) {
			if (s[j] == '*' && j + 1 < len && s[j + 1] == '/') {
				j += 2;
				if (--depth == 0) {
					*end = j;
					return SPAN_COMMENT;
				}
			} else if (s[j] == '/' && j + 1 < len && s[j + 1] == '*') {
				j += 2;
				depth++;
			} else {
				j++;
			}
		}
		*unterm = true;
		*end = len;
		return SPAN_COMMENT;
	}
	default:
		return SPAN_NONE;
	}
}

/* ------------------------------------------------------------------------------------------------------------- */
/* Tokenizer                                                                                                       */

enum sql_tok_kind {
	SQT_END = 0,
	SQT_WORD,   /* bare identifier or keyword */
	SQT_QIDENT, /* "quoted" or `quoted` identifier (quotes included) */
	SQT_STRING, /* string literal (quotes and E prefix included) */
	SQT_NUM,
	SQT_PUNCT,  /* one character */
};

struct sql_tok {
	enum sql_tok_kind kind;
	const char *p; /* borrowed: points into the statement text */
	size_t n;
};

struct sql_lex {
	const char *s; /* borrowed */
	size_t len, pos;
};

static void sql_lex_next(struct sql_lex *lx, struct sql_tok *t)
{
	const char *s = lx->s;
	size_t len = lx->len;
	for (;;) {
		while (lx->pos < len && sql_is_space((unsigned char)s[lx->pos]))
			lx->pos++;
		if (lx->pos >= len) {
			t->kind = SQT_END;
			t->p = s + len;
			t->n = 0;
			return;
		}
		size_t i = lx->pos, end = i;
		bool unterm = false;
		enum sql_span k = sql_scan_span(s, len, i, i == 0, &unterm, &end);
		if (k == SPAN_COMMENT) {
			lx->pos = end;
			continue;
		}
		if (k != SPAN_NONE) {
			t->kind = k == SPAN_STRING ? SQT_STRING : SQT_QIDENT;
		} else {
			unsigned char c = (unsigned char)s[i];
			end = i + 1;
			if (sql_is_ident_start(c)) {
				while (end < len && sql_is_ident_char((unsigned char)s[end]))
					end++;
				t->kind = SQT_WORD;
			} else if (c >= '0' && c <= '9') {
				while (end < len && (sql_is_ident_char((unsigned char)s[end]) || s[end] == '.'))
					end++;
				t->kind = SQT_NUM;
			} else {
				t->kind = SQT_PUNCT;
			}
		}
		t->p = s + i;
		t->n = end - i;
		lx->pos = end;
		return;
	}
}

/* ------------------------------------------------------------------------------------------------------------- */
/* Classifier                                                                                                      */

struct sql_cls {
	struct sql_lex lx;
	struct sql_tok t;      /* current token */
	struct arena *a;       /* borrowed: output strings */
	struct sql_stmt *st;   /* borrowed: being filled */
	bool oom;
};

static void cls_adv(struct sql_cls *c)
{
	sql_lex_next(&c->lx, &c->t);
}

static bool tok_is(const struct sql_tok *t, const char *kw)
{
	if (t->kind != SQT_WORD)
		return false;
	size_t i = 0;
	for (; i < t->n; i++) {
		if (kw[i] == '\0' || sql_lower((unsigned char)t->p[i]) != sql_lower((unsigned char)kw[i]))
			return false;
	}
	return kw[i] == '\0';
}

static bool tok_punct(const struct sql_tok *t, char ch)
{
	return t->kind == SQT_PUNCT && t->p[0] == ch;
}

static bool cls_is(const struct sql_cls *c, const char *kw)
{
	return tok_is(&c->t, kw);
}

static bool cls_accept(struct sql_cls *c, const char *kw)
{
	if (!tok_is(&c->t, kw))
		return false;
	cls_adv(c);
	return true;
}

static bool cls_accept_punct(struct sql_cls *c, char ch)
{
	if (!tok_punct(&c->t, ch))
		return false;
	cls_adv(c);
	return true;
}

/* The token after the current one, without moving. */
static struct sql_tok cls_peek(const struct sql_cls *c)
{
	struct sql_lex lx = c->lx;
	struct sql_tok t;
	sql_lex_next(&lx, &t);
	return t;
}

/* Accepts the two keywords a b in sequence, or nothing. */
static bool cls_accept2(struct sql_cls *c, const char *a, const char *b)
{
	if (!cls_is(c, a))
		return false;
	struct sql_tok n = cls_peek(c);
	if (!tok_is(&n, b))
		return false;
	cls_adv(c);
	cls_adv(c);
	return true;
}

/* [IF EXISTS] or [IF NOT EXISTS] */
static void cls_if_exists(struct sql_cls *c)
{
	if (!cls_is(c, "IF"))
		return;
	cls_adv(c);
	cls_accept(c, "NOT");
	cls_accept(c, "EXISTS");
	c->st->if_exists = true;
}

static char *cls_dup(struct sql_cls *c, const char *p, size_t n)
{
	char *r = arena_strndup(c->a, p, n);
	if (!r)
		c->oom = true;
	return r;
}

static bool tok_is_name(const struct sql_tok *t)
{
	return t->kind == SQT_WORD || t->kind == SQT_QIDENT;
}

/* Appends the unquoted text of an identifier token to out (room checked by the caller); returns bytes written. */
static size_t tok_unquote(const struct sql_tok *t, char *out)
{
	if (t->kind != SQT_QIDENT && t->kind != SQT_STRING) {
		memcpy(out, t->p, t->n);
		return t->n;
	}
	const char *p = t->p;
	size_t n = t->n;
	bool backslash = false;
	if (n && (p[0] == 'E' || p[0] == 'e')) {
		p++;
		n--;
		backslash = true;
	}
	if (n && p[0] == '$') { /* dollar quote: strip the delimiters */
		size_t d = sql_dollar_delim(p, n, 0);
		if (d && n >= 2 * d) {
			memcpy(out, p + d, n - 2 * d);
			return n - 2 * d;
		}
		memcpy(out, p, n);
		return n;
	}
	if (n < 1)
		return 0;
	char q = p[0];
	size_t w = 0;
	size_t stop = (n >= 2 && p[n - 1] == q) ? n - 1 : n; /* unterminated: no closing quote */
	for (size_t i = 1; i < stop; i++) {
		if (backslash && p[i] == '\\' && i + 1 < stop) {
			out[w++] = p[++i];
			continue;
		}
		if (p[i] == q && i + 1 < stop && p[i + 1] == q)
			i++;
		out[w++] = p[i];
	}
	return w;
}

/* The unquoted text of one token as an arena string. */
static const char *cls_tok_text(struct sql_cls *c, const struct sql_tok *t)
{
	char *r = arena_alloc(c->a, t->n + 1);
	if (!r) {
		c->oom = true;
		return NULL;
	}
	r[tok_unquote(t, r)] = '\0';
	return r;
}

/* Reads a possibly qualified name (a.b.c, parts bare or quoted) and returns it unquoted, joined by '.';
 * NULL (nothing consumed) when the current token is not a name. */
static const char *cls_name(struct sql_cls *c)
{
	if (!tok_is_name(&c->t))
		return NULL;
	struct sql_lex save = c->lx;
	struct sql_tok first = c->t;
	size_t total = 0, parts = 0;
	/* measure */
	for (;;) {
		total += c->t.n + 1;
		parts++;
		cls_adv(c);
		if (!tok_punct(&c->t, '.'))
			break;
		struct sql_tok n = cls_peek(c);
		if (!tok_is_name(&n))
			break;
		cls_adv(c);
	}
	char *r = arena_alloc(c->a, total + 1);
	if (!r) {
		c->oom = true;
		return NULL;
	}
	/* copy: re-lex the same tokens */
	struct sql_lex end_lx = c->lx;
	struct sql_tok end_tok = c->t;
	c->lx = save;
	c->t = first;
	size_t w = 0;
	for (size_t k = 0; k < parts; k++) {
		if (k) {
			r[w++] = '.';
			cls_adv(c); /* the '.' */
		}
		w += tok_unquote(&c->t, r + w);
		cls_adv(c);
	}
	r[w] = '\0';
	c->lx = end_lx;
	c->t = end_tok;
	return r;
}

/* Skips a balanced (...) group when the current token opens one. */
static void cls_skip_group(struct sql_cls *c)
{
	if (!tok_punct(&c->t, '('))
		return;
	unsigned depth = 0;
	do {
		if (tok_punct(&c->t, '('))
			depth++;
		else if (tok_punct(&c->t, ')'))
			depth--;
		cls_adv(c);
	} while (depth > 0 && c->t.kind != SQT_END);
}

/* Scans to the end of the statement at parenthesis depth 0 and says whether keyword kw appears there. */
static bool cls_rest_has(struct sql_cls *c, const char *kw)
{
	unsigned depth = 0;
	bool found = false;
	for (; c->t.kind != SQT_END; cls_adv(c)) {
		if (tok_punct(&c->t, '('))
			depth++;
		else if (tok_punct(&c->t, ')') && depth > 0)
			depth--;
		else if (depth == 0 && cls_is(c, kw))
			found = true;
	}
	return found;
}

static const char *const sql_type_stop[] = {
	"NOT", "NULL", "DEFAULT", "CONSTRAINT", "REFERENCES", "PRIMARY", "UNIQUE", "CHECK", "COLLATE", "USING",
	"GENERATED", "AUTO_INCREMENT", "COMMENT", "AFTER", "FIRST", "ON", "FOREIGN", "KEY", "IDENTITY", NULL,
};

/* Reads a column type as written (up to a column-constraint keyword, ',' or ')' at depth 0). */
static const char *cls_type(struct sql_cls *c)
{
	const char *start = c->t.p, *end = c->t.p;
	unsigned depth = 0;
	while (c->t.kind != SQT_END) {
		if (depth == 0) {
			if (tok_punct(&c->t, ',') || tok_punct(&c->t, ')'))
				break;
			bool stop = false;
			for (size_t k = 0; sql_type_stop[k]; k++) {
				if (cls_is(c, sql_type_stop[k])) {
					stop = true;
					break;
				}
			}
			if (stop)
				break;
		}
		if (tok_punct(&c->t, '('))
			depth++;
		else if (tok_punct(&c->t, ')'))
			depth--;
		end = c->t.p + c->t.n;
		cls_adv(c);
	}
	return end > start ? cls_dup(c, start, (size_t)(end - start)) : NULL;
}

/* Scans the rest of one column definition / ALTER TABLE action (to ',' at depth 0 or the end) for NOT NULL, DEFAULT,
 * UNIQUE, PRIMARY KEY, USING. Stops on the ',' without consuming it. */
static void cls_column_tail(struct sql_cls *c)
{
	unsigned depth = 0;
	for (; c->t.kind != SQT_END; cls_adv(c)) {
		if (tok_punct(&c->t, '(')) {
			depth++;
			continue;
		}
		if (tok_punct(&c->t, ')')) {
			if (depth == 0)
				break;
			depth--;
			continue;
		}
		if (depth > 0)
			continue;
		if (tok_punct(&c->t, ','))
			break;
		if (cls_is(c, "NOT")) {
			struct sql_tok n = cls_peek(c);
			if (tok_is(&n, "NULL"))
				c->st->not_null = true;
		} else if (cls_is(c, "DEFAULT")) {
			c->st->has_default = true;
		} else if (cls_is(c, "UNIQUE") || cls_is(c, "PRIMARY")) {
			c->st->unique = true;
		} else if (cls_is(c, "USING")) {
			c->st->has_using = true;
		}
	}
}

/* Skips to the ',' that ends the current ALTER TABLE action (not consumed) or to the end. */
static void cls_skip_action(struct sql_cls *c)
{
	unsigned depth = 0;
	for (; c->t.kind != SQT_END; cls_adv(c)) {
		if (tok_punct(&c->t, '('))
			depth++;
		else if (tok_punct(&c->t, ')') && depth > 0)
			depth--;
		else if (depth == 0 && tok_punct(&c->t, ','))
			return;
	}
}

/* CONSTRAINT name? kind ... — the current token is the kind (or CONSTRAINT). */
static void cls_constraint(struct sql_cls *c)
{
	struct sql_stmt *st = c->st;
	st->action = SQL_A_ADD_CONSTRAINT;
	st->object = SQL_O_CONSTRAINT;
	if (cls_accept(c, "CONSTRAINT")) {
		if (!cls_is(c, "PRIMARY") && !cls_is(c, "UNIQUE") && !cls_is(c, "FOREIGN") && !cls_is(c, "CHECK") &&
		    !cls_is(c, "EXCLUDE"))
			st->name = cls_name(c);
	}
	if (cls_accept2(c, "FOREIGN", "KEY")) {
		st->constraint_kind = "FOREIGN KEY";
	} else if (cls_accept2(c, "PRIMARY", "KEY")) {
		st->constraint_kind = "PRIMARY KEY";
		st->unique = true;
	} else if (cls_accept(c, "UNIQUE")) {
		st->constraint_kind = "UNIQUE";
		st->unique = true;
		if (cls_accept(c, "INDEX") || cls_accept(c, "KEY")) {
			if (!st->name && !tok_punct(&c->t, '('))
				st->name = cls_name(c);
		}
	} else if (cls_accept(c, "CHECK")) {
		st->constraint_kind = "CHECK";
	} else if (cls_accept(c, "EXCLUDE")) {
		st->constraint_kind = "EXCLUDE";
	} else if (cls_accept(c, "INDEX") || cls_accept(c, "KEY") || cls_accept(c, "FULLTEXT") ||
	           cls_accept(c, "SPATIAL")) {
		st->constraint_kind = "INDEX";
		cls_accept(c, "INDEX");
		cls_accept(c, "KEY");
		if (!st->name && !tok_punct(&c->t, '('))
			st->name = cls_name(c);
	}
}

/* One ALTER TABLE action, the first one: fills the statement. Leaves the current token inside the action. */
static void cls_alter_table_action(struct sql_cls *c)
{
	struct sql_stmt *st = c->st;
	if (cls_accept(c, "ADD")) {
		bool column = cls_accept(c, "COLUMN");
		if (!column && (cls_is(c, "CONSTRAINT") || cls_is(c, "PRIMARY") || cls_is(c, "UNIQUE") ||
		                cls_is(c, "FOREIGN") || cls_is(c, "CHECK") || cls_is(c, "EXCLUDE") || cls_is(c, "INDEX") ||
		                cls_is(c, "KEY") || cls_is(c, "FULLTEXT") || cls_is(c, "SPATIAL"))) {
			cls_constraint(c);
			return;
		}
		st->action = SQL_A_ADD_COLUMN;
		st->object = SQL_O_COLUMN;
		cls_if_exists(c);
		st->column = cls_name(c);
		if (st->column) {
			st->col_type = cls_type(c);
			cls_column_tail(c);
		}
		return;
	}
	if (cls_accept(c, "DROP")) {
		if (cls_accept(c, "CONSTRAINT")) {
			st->action = SQL_A_DROP_CONSTRAINT;
			st->object = SQL_O_CONSTRAINT;
			cls_if_exists(c);
			st->name = cls_name(c);
			return;
		}
		if (cls_accept2(c, "PRIMARY", "KEY")) {
			st->action = SQL_A_DROP_CONSTRAINT;
			st->object = SQL_O_CONSTRAINT;
			st->constraint_kind = "PRIMARY KEY";
			return;
		}
		if (cls_accept2(c, "FOREIGN", "KEY") || cls_accept(c, "INDEX") || cls_accept(c, "KEY") ||
		    cls_accept(c, "CHECK")) {
			st->action = SQL_A_DROP_CONSTRAINT;
			st->object = SQL_O_CONSTRAINT;
			st->name = cls_name(c);
			return;
		}
		if (cls_is(c, "PARTITION")) {
			st->action = SQL_A_OTHER;
			return;
		}
		cls_accept(c, "COLUMN");
		st->action = SQL_A_DROP_COLUMN;
		st->object = SQL_O_COLUMN;
		cls_if_exists(c);
		st->column = cls_name(c);
		return;
	}
	if (cls_accept(c, "ALTER")) {
		if (cls_accept(c, "CONSTRAINT")) {
			st->action = SQL_A_OTHER;
			st->object = SQL_O_CONSTRAINT;
			st->name = cls_name(c);
			return;
		}
		cls_accept(c, "COLUMN");
		st->object = SQL_O_COLUMN;
		st->column = cls_name(c);
		if (cls_accept(c, "TYPE") || (cls_accept(c, "SET") && cls_accept(c, "DATA") && cls_accept(c, "TYPE"))) {
			st->action = SQL_A_ALTER_COLUMN_TYPE;
			st->col_type = cls_type(c);
			cls_column_tail(c);
		} else if (cls_accept2(c, "NOT", "NULL")) { /* after SET was taken above */
			st->action = SQL_A_SET_NOT_NULL;
			st->not_null = true;
		} else if (cls_accept(c, "DEFAULT")) {
			st->action = SQL_A_SET_DEFAULT;
			st->has_default = true;
		} else if (cls_accept(c, "DROP")) {
			if (cls_accept2(c, "NOT", "NULL"))
				st->action = SQL_A_DROP_NOT_NULL;
			else if (cls_accept(c, "DEFAULT"))
				st->action = SQL_A_DROP_DEFAULT;
			else
				st->action = SQL_A_OTHER;
		} else {
			st->action = SQL_A_OTHER;
		}
		return;
	}
	if (cls_accept(c, "VALIDATE")) {
		cls_accept(c, "CONSTRAINT");
		st->action = SQL_A_VALIDATE_CONSTRAINT;
		st->object = SQL_O_CONSTRAINT;
		st->name = cls_name(c);
		return;
	}
	if (cls_accept(c, "RENAME")) {
		if (cls_accept(c, "TO") || cls_accept(c, "AS")) {
			st->action = SQL_A_RENAME_TABLE;
			st->new_name = cls_name(c);
			return;
		}
		if (cls_accept(c, "CONSTRAINT") || cls_accept(c, "INDEX") || cls_accept(c, "KEY")) {
			st->action = SQL_A_RENAME_CONSTRAINT;
			st->object = SQL_O_CONSTRAINT;
			st->name = cls_name(c);
			if (cls_accept(c, "TO"))
				st->new_name = cls_name(c);
			return;
		}
		bool column = cls_accept(c, "COLUMN");
		const char *n = cls_name(c);
		if (column || cls_is(c, "TO")) {
			st->action = SQL_A_RENAME_COLUMN;
			st->object = SQL_O_COLUMN;
			st->column = n;
			if (cls_accept(c, "TO"))
				st->new_name = cls_name(c);
		} else { /* MySQL: ALTER TABLE t RENAME new_name */
			st->action = SQL_A_RENAME_TABLE;
			st->new_name = n;
		}
		return;
	}
	if (cls_is(c, "MODIFY") || cls_is(c, "CHANGE")) {
		bool change = cls_is(c, "CHANGE");
		cls_adv(c);
		cls_accept(c, "COLUMN");
		st->action = change ? SQL_A_CHANGE_COLUMN : SQL_A_MODIFY_COLUMN;
		st->object = SQL_O_COLUMN;
		st->column = cls_name(c);
		if (change)
			st->new_name = cls_name(c);
		st->col_type = cls_type(c);
		cls_column_tail(c);
		return;
	}
	if (cls_is(c, "DETACH") || cls_is(c, "ATTACH")) {
		bool detach = cls_is(c, "DETACH");
		cls_adv(c);
		if (cls_accept(c, "PARTITION")) {
			st->action = detach ? SQL_A_DETACH_PARTITION : SQL_A_ATTACH_PARTITION;
			st->name = cls_name(c);
			return;
		}
	}
	st->action = SQL_A_OTHER;
}

/* ALTER TABLE [IF EXISTS] [ONLY] name [*] action [, action ...] — the current token follows TABLE. */
static void cls_alter_table(struct sql_cls *c)
{
	struct sql_stmt *st = c->st;
	st->object = SQL_O_TABLE;
	cls_if_exists(c);
	cls_accept(c, "ONLY");
	st->table = cls_name(c);
	cls_accept_punct(c, '*');
	if (c->t.kind == SQT_END)
		return;
	cls_alter_table_action(c);
	cls_skip_action(c);
	while (cls_accept_punct(c, ',')) {
		if (c->t.kind == SQT_END)
			break;
		st->extra_actions++;
		cls_skip_action(c);
	}
}

/* The object keyword after CREATE/DROP/ALTER/COMMENT ON; consumes it. */
static enum sql_object cls_object(struct sql_cls *c)
{
	static const struct {
		const char *kw;
		enum sql_object o;
	} map[] = {
		{"TABLE", SQL_O_TABLE},         {"INDEX", SQL_O_INDEX},         {"TYPE", SQL_O_TYPE},
		{"VIEW", SQL_O_VIEW},           {"SEQUENCE", SQL_O_SEQUENCE},   {"TRIGGER", SQL_O_TRIGGER},
		{"FUNCTION", SQL_O_FUNCTION},   {"PROCEDURE", SQL_O_PROCEDURE}, {"SCHEMA", SQL_O_SCHEMA},
		{"DATABASE", SQL_O_DATABASE},   {"EXTENSION", SQL_O_EXTENSION}, {"DOMAIN", SQL_O_DOMAIN},
		{"COLUMN", SQL_O_COLUMN},       {"CONSTRAINT", SQL_O_CONSTRAINT},
	};
	if (cls_accept2(c, "MATERIALIZED", "VIEW"))
		return SQL_O_MATVIEW;
	for (size_t i = 0; i < sizeof(map) / sizeof(map[0]); i++) {
		if (cls_accept(c, map[i].kw))
			return map[i].o;
	}
	return SQL_O_NONE;
}

/* Stores the first name of an object statement where it belongs: tables in `table`, others in `name`. */
static void cls_store_name(struct sql_cls *c, const char *n)
{
	if (c->st->object == SQL_O_TABLE)
		c->st->table = n;
	else
		c->st->name = n;
}

static void cls_create(struct sql_cls *c)
{
	struct sql_stmt *st = c->st;
	if (cls_accept2(c, "OR", "REPLACE"))
		st->or_replace = true;
	for (;;) {
		if (cls_accept(c, "TEMP") || cls_accept(c, "TEMPORARY")) {
			st->temporary = true;
		} else if (cls_accept(c, "GLOBAL") || cls_accept(c, "LOCAL") || cls_accept(c, "UNLOGGED") ||
		           cls_accept(c, "RECURSIVE") || cls_accept(c, "FULLTEXT") || cls_accept(c, "SPATIAL") ||
		           cls_accept(c, "TRUSTED") || cls_accept(c, "PROCEDURAL")) {
			/* modifiers without a field */
		} else if (cls_accept(c, "UNIQUE")) {
			st->unique = true;
		} else if (cls_is(c, "CONSTRAINT")) { /* CREATE CONSTRAINT TRIGGER */
			struct sql_tok n = cls_peek(c);
			if (!tok_is(&n, "TRIGGER"))
				break;
			cls_adv(c);
		} else if (cls_is(c, "DEFINER")) { /* MySQL DEFINER = user@host */
			cls_adv(c);
			while (c->t.kind != SQT_END && !cls_is(c, "TRIGGER") && !cls_is(c, "FUNCTION") &&
			       !cls_is(c, "PROCEDURE") && !cls_is(c, "VIEW") && !cls_is(c, "EVENT"))
				cls_adv(c);
		} else {
			break;
		}
	}
	st->object = cls_object(c);
	switch (st->object) {
	case SQL_O_INDEX:
		cls_accept(c, "CONCURRENTLY");
		cls_if_exists(c);
		if (!cls_is(c, "ON"))
			st->name = cls_name(c);
		if (cls_accept(c, "USING")) /* MySQL index_type before ON */
			cls_name(c);
		if (cls_accept(c, "ON")) {
			cls_accept(c, "ONLY");
			st->table = cls_name(c);
		}
		return;
	case SQL_O_TABLE:
		cls_if_exists(c);
		st->table = cls_name(c);
		return;
	case SQL_O_TYPE:
		st->name = cls_name(c);
		if (cls_accept2(c, "AS", "ENUM"))
			st->is_enum = true;
		return;
	case SQL_O_TRIGGER: {
		st->name = cls_name(c);
		unsigned depth = 0;
		for (; c->t.kind != SQT_END; cls_adv(c)) {
			if (tok_punct(&c->t, '('))
				depth++;
			else if (tok_punct(&c->t, ')') && depth > 0)
				depth--;
			else if (depth == 0 && cls_is(c, "ON")) {
				cls_adv(c);
				st->table = cls_name(c);
				return;
			}
		}
		return;
	}
	case SQL_O_NONE:
		st->object = SQL_O_NONE;
		return;
	default:
		cls_if_exists(c);
		st->name = cls_name(c);
		return;
	}
}

static void cls_drop(struct sql_cls *c)
{
	struct sql_stmt *st = c->st;
	cls_accept(c, "TEMPORARY"); /* MySQL DROP TEMPORARY TABLE */
	st->object = cls_object(c);
	if (st->object == SQL_O_NONE)
		return;
	cls_accept(c, "CONCURRENTLY");
	cls_if_exists(c);
	cls_store_name(c, cls_name(c));
	cls_skip_group(c); /* DROP FUNCTION f(args) */
	while (cls_accept_punct(c, ',')) {
		if (!cls_name(c))
			break;
		cls_skip_group(c);
		st->extra_names++;
	}
	if ((st->object == SQL_O_TRIGGER || st->object == SQL_O_INDEX) && cls_accept(c, "ON")) {
		cls_accept(c, "ONLY");
		st->table = cls_name(c);
	}
}

/* ALTER of something that is not a table. */
static void cls_alter_object(struct sql_cls *c)
{
	struct sql_stmt *st = c->st;
	cls_if_exists(c);
	st->name = cls_name(c);
	cls_skip_group(c); /* ALTER FUNCTION f(args) */
	if (st->object == SQL_O_TYPE && cls_accept(c, "ADD")) {
		if (cls_accept(c, "VALUE")) {
			st->action = SQL_A_ADD_VALUE;
			cls_if_exists(c);
			if (c->t.kind == SQT_STRING) {
				st->value = cls_tok_text(c, &c->t);
				cls_adv(c);
			}
		} else {
			st->action = SQL_A_OTHER;
		}
		return;
	}
	if (cls_accept(c, "RENAME")) {
		if (cls_accept(c, "TO")) {
			st->action = SQL_A_RENAME;
			st->new_name = cls_name(c);
		} else if (st->object == SQL_O_TYPE && cls_accept(c, "VALUE")) {
			st->action = SQL_A_RENAME_VALUE;
			if (c->t.kind == SQT_STRING) {
				st->value = cls_tok_text(c, &c->t);
				cls_adv(c);
			}
			if (cls_accept(c, "TO") && c->t.kind == SQT_STRING) {
				st->new_name = cls_tok_text(c, &c->t);
				cls_adv(c);
			}
		} else if (cls_accept(c, "COLUMN") || tok_is_name(&c->t)) {
			st->action = SQL_A_RENAME_COLUMN;
			st->column = cls_name(c);
			if (cls_accept(c, "TO"))
				st->new_name = cls_name(c);
		} else {
			st->action = SQL_A_OTHER;
		}
		return;
	}
	if ((st->object == SQL_O_INDEX) && cls_accept(c, "ATTACH") && cls_accept(c, "PARTITION")) {
		st->action = SQL_A_ATTACH_PARTITION;
		st->new_name = cls_name(c);
		return;
	}
	if (c->t.kind != SQT_END)
		st->action = SQL_A_OTHER;
}

static void cls_alter(struct sql_cls *c)
{
	struct sql_stmt *st = c->st;
	if (cls_is(c, "TABLE")) {
		cls_adv(c);
		cls_alter_table(c);
		return;
	}
	st->object = cls_object(c);
	if (st->object == SQL_O_NONE || st->object == SQL_O_COLUMN || st->object == SQL_O_CONSTRAINT) {
		st->object = SQL_O_NONE;
		return;
	}
	cls_alter_object(c);
}

/* SQLite's conflict clause after INSERT/UPDATE: OR {ROLLBACK|ABORT|REPLACE|FAIL|IGNORE}. */
static void cls_or_conflict(struct sql_cls *c)
{
	static const char *const kinds[] = {"ROLLBACK", "ABORT", "REPLACE", "FAIL", "IGNORE"};
	for (size_t i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++)
		if (cls_accept2(c, "OR", kinds[i]))
			return;
}

/* The table after INSERT/UPDATE/DELETE/MERGE, then depth-0 flags over the rest. */
static void cls_dml(struct sql_cls *c)
{
	struct sql_stmt *st = c->st;
	st->object = SQL_O_TABLE;
	switch (st->verb) {
	case SQL_V_INSERT:
		cls_or_conflict(c); /* SQLite INSERT OR IGNORE / OR REPLACE ... */
		while (cls_accept(c, "IGNORE") || cls_accept(c, "LOW_PRIORITY") || cls_accept(c, "DELAYED") ||
		       cls_accept(c, "HIGH_PRIORITY"))
			;
		cls_accept(c, "INTO");
		st->table = cls_name(c);
		st->insert_select = cls_rest_has(c, "SELECT");
		return;
	case SQL_V_UPDATE:
		cls_or_conflict(c); /* SQLite UPDATE OR IGNORE t ... */
		while (cls_accept(c, "LOW_PRIORITY") || cls_accept(c, "IGNORE"))
			;
		cls_accept(c, "ONLY");
		st->table = cls_name(c);
		st->has_where = cls_rest_has(c, "WHERE");
		return;
	case SQL_V_DELETE:
		while (cls_accept(c, "LOW_PRIORITY") || cls_accept(c, "QUICK") || cls_accept(c, "IGNORE"))
			;
		if (!cls_accept(c, "FROM")) { /* MySQL DELETE t FROM t JOIN ... */
			st->table = cls_name(c);
		} else {
			cls_accept(c, "ONLY");
			st->table = cls_name(c);
		}
		st->has_where = cls_rest_has(c, "WHERE");
		return;
	case SQL_V_MERGE:
		cls_accept(c, "INTO");
		cls_accept(c, "ONLY");
		st->table = cls_name(c);
		return;
	default:
		return;
	}
}

/* SET [SESSION|LOCAL|GLOBAL] name {=|TO} value */
static void cls_set(struct sql_cls *c)
{
	struct sql_stmt *st = c->st;
	if (cls_accept(c, "LOCAL"))
		st->local = true;
	else if (!cls_accept(c, "SESSION"))
		cls_accept(c, "GLOBAL");
	if (tok_punct(&c->t, '@')) { /* MySQL @var / @@var */
		const char *start = c->t.p;
		while (tok_punct(&c->t, '@'))
			cls_adv(c);
		if (tok_is_name(&c->t)) {
			size_t n = (size_t)(c->t.p + c->t.n - start);
			st->name = cls_dup(c, start, n);
			cls_adv(c);
		}
	} else {
		st->name = cls_name(c);
	}
	if (!cls_accept_punct(c, '=') && !cls_accept(c, "TO")) {
		if (!tok_punct(&c->t, ':')) /* MySQL := */
			return;
		cls_adv(c);
		cls_accept_punct(c, '=');
	}
	if (c->t.kind == SQT_END)
		return;
	struct sql_tok first = c->t;
	const char *end = c->t.p + c->t.n;
	cls_adv(c);
	if (c->t.kind == SQT_END && (first.kind == SQT_STRING || first.kind == SQT_QIDENT)) {
		st->value = cls_tok_text(c, &first);
		return;
	}
	while (c->t.kind != SQT_END) {
		end = c->t.p + c->t.n;
		cls_adv(c);
	}
	st->value = cls_dup(c, first.p, (size_t)(end - first.p));
}

static void cls_simple_table(struct sql_cls *c, bool table_kw)
{
	struct sql_stmt *st = c->st;
	if (table_kw && !cls_accept(c, "TABLE"))
		cls_accept(c, "TABLES");
	cls_accept(c, "ONLY");
	st->object = SQL_O_TABLE;
	st->table = cls_name(c);
	cls_accept_punct(c, '*');
	if (st->verb == SQL_V_TRUNCATE) {
		while (cls_accept_punct(c, ',')) {
			cls_accept(c, "ONLY");
			if (!cls_name(c))
				break;
			cls_accept_punct(c, '*');
			st->extra_names++;
		}
	}
	if (!st->table)
		st->object = SQL_O_NONE;
}

static void cls_vacuum(struct sql_cls *c)
{
	struct sql_stmt *st = c->st;
	if (tok_punct(&c->t, '(')) { /* VACUUM (FULL, ANALYZE) t */
		unsigned depth = 0;
		do {
			if (tok_punct(&c->t, '('))
				depth++;
			else if (tok_punct(&c->t, ')'))
				depth--;
			else if (depth == 1 && cls_is(c, "FULL")) {
				struct sql_tok n = cls_peek(c);
				if (!tok_is(&n, "FALSE") && !tok_is(&n, "OFF") && !(n.kind == SQT_NUM && n.p[0] == '0'))
					st->full = true;
			}
			cls_adv(c);
		} while (depth > 0 && c->t.kind != SQT_END);
	}
	for (;;) {
		if (cls_accept(c, "FULL"))
			st->full = true;
		else if (!(cls_accept(c, "FREEZE") || cls_accept(c, "VERBOSE") || cls_accept(c, "ANALYZE") ||
		           cls_accept(c, "ANALYSE")))
			break;
	}
	st->table = cls_name(c);
	if (st->table)
		st->object = SQL_O_TABLE;
}

static void cls_reindex(struct sql_cls *c)
{
	struct sql_stmt *st = c->st;
	if (tok_punct(&c->t, '(')) { /* REINDEX (VERBOSE, CONCURRENTLY) ... */
		unsigned depth = 0;
		do {
			if (tok_punct(&c->t, '('))
				depth++;
			else if (tok_punct(&c->t, ')'))
				depth--;
			else if (depth == 1 && cls_is(c, "CONCURRENTLY"))
				st->concurrently = true;
			cls_adv(c);
		} while (depth > 0 && c->t.kind != SQT_END);
	}
	if (cls_accept(c, "SYSTEM"))
		st->object = SQL_O_DATABASE;
	else
		st->object = cls_object(c);
	cls_accept(c, "CONCURRENTLY");
	cls_store_name(c, cls_name(c));
}

static void cls_comment(struct sql_cls *c)
{
	struct sql_stmt *st = c->st;
	if (!cls_accept(c, "ON"))
		return;
	st->object = cls_object(c);
	const char *n = cls_name(c);
	if (st->object == SQL_O_COLUMN && n) {
		const char *dot = strrchr(n, '.');
		if (dot) {
			st->table = cls_dup(c, n, (size_t)(dot - n));
			st->column = dot + 1;
		} else {
			st->column = n;
		}
	} else if (st->object == SQL_O_CONSTRAINT) {
		st->name = n;
		if (cls_accept(c, "ON"))
			st->table = cls_name(c);
	} else if (st->object != SQL_O_NONE) {
		cls_store_name(c, n);
	}
}

/* GRANT/REVOKE ... ON [TABLE] t ... */
static void cls_grant(struct sql_cls *c)
{
	struct sql_stmt *st = c->st;
	unsigned depth = 0;
	for (; c->t.kind != SQT_END; cls_adv(c)) {
		if (tok_punct(&c->t, '('))
			depth++;
		else if (tok_punct(&c->t, ')') && depth > 0)
			depth--;
		else if (depth == 0 && cls_is(c, "ON"))
			break;
	}
	if (!cls_accept(c, "ON"))
		return;
	if (cls_is(c, "ALL"))
		return;
	enum sql_object o = cls_object(c);
	if (o == SQL_O_NONE)
		o = SQL_O_TABLE;
	st->object = o;
	cls_store_name(c, cls_name(c));
}

/* Statement-wide flags: CASCADE (not a referential action), ON DELETE CASCADE, NOT VALID, CONCURRENTLY, setval(. */
static void cls_flags(struct sql_stmt *st)
{
	struct sql_lex lx = {.s = st->text, .len = st->len, .pos = 0};
	struct sql_tok t, p1 = {0}, p2 = {0};
	unsigned depth = 0;
	for (sql_lex_next(&lx, &t); t.kind != SQT_END; p2 = p1, p1 = t, sql_lex_next(&lx, &t)) {
		if (tok_punct(&t, '(')) {
			depth++;
			if (tok_is(&p1, "setval"))
				st->calls_setval = true;
		} else if (tok_punct(&t, ')')) {
			if (depth > 0)
				depth--;
		} else if (tok_is(&t, "CASCADE")) {
			if (tok_is(&p1, "DELETE") && tok_is(&p2, "ON"))
				st->on_delete_cascade = true;
			else if (!(tok_is(&p1, "UPDATE") && tok_is(&p2, "ON")))
				st->cascade = true;
		} else if (depth == 0 && tok_is(&t, "VALID") && tok_is(&p1, "NOT")) {
			st->not_valid = true;
		} else if (depth == 0 && tok_is(&t, "CONCURRENTLY")) {
			st->concurrently = true;
		}
	}
}

static const struct {
	const char *kw;
	enum sql_verb v;
} sql_verbs[] = {
	{"CREATE", SQL_V_CREATE},   {"ALTER", SQL_V_ALTER},       {"DROP", SQL_V_DROP},
	{"RENAME", SQL_V_RENAME},   {"INSERT", SQL_V_INSERT},     {"REPLACE", SQL_V_INSERT},
	{"UPDATE", SQL_V_UPDATE},   {"DELETE", SQL_V_DELETE},     {"TRUNCATE", SQL_V_TRUNCATE},
	{"SELECT", SQL_V_SELECT},   {"VALUES", SQL_V_SELECT},     {"LOCK", SQL_V_LOCK},
	{"VACUUM", SQL_V_VACUUM},   {"REINDEX", SQL_V_REINDEX},   {"CLUSTER", SQL_V_CLUSTER},
	{"SET", SQL_V_SET},         {"COMMENT", SQL_V_COMMENT},   {"GRANT", SQL_V_GRANT},
	{"REVOKE", SQL_V_REVOKE},   {"BEGIN", SQL_V_BEGIN},       {"START", SQL_V_BEGIN},
	{"COMMIT", SQL_V_COMMIT},   {"END", SQL_V_COMMIT},        {"ROLLBACK", SQL_V_ROLLBACK},
	{"ABORT", SQL_V_ROLLBACK},  {"ANALYZE", SQL_V_ANALYZE},   {"ANALYSE", SQL_V_ANALYZE},
	{"COPY", SQL_V_COPY},       {"DO", SQL_V_DO},             {"CALL", SQL_V_CALL},
	{"REFRESH", SQL_V_REFRESH}, {"MERGE", SQL_V_MERGE},
};

static enum sql_verb cls_verb_of(const struct sql_tok *t)
{
	for (size_t i = 0; i < sizeof(sql_verbs) / sizeof(sql_verbs[0]); i++) {
		if (tok_is(t, sql_verbs[i].kw))
			return sql_verbs[i].v;
	}
	return SQL_V_OTHER;
}

static void sql_classify(struct sql_cls *c)
{
	struct sql_stmt *st = c->st;
	cls_flags(st);
	cls_adv(c);
	while (tok_punct(&c->t, '(')) /* (SELECT ...) UNION ... */
		cls_adv(c);
	if (cls_accept(c, "WITH")) { /* CTE: the main verb is the first DML keyword at depth 0 */
		unsigned depth = 0;
		for (; c->t.kind != SQT_END; cls_adv(c)) {
			if (tok_punct(&c->t, '('))
				depth++;
			else if (tok_punct(&c->t, ')') && depth > 0)
				depth--;
			else if (depth == 0 && (cls_is(c, "SELECT") || cls_is(c, "INSERT") || cls_is(c, "UPDATE") ||
			                        cls_is(c, "DELETE") || cls_is(c, "MERGE")))
				break;
		}
	}
	st->verb = cls_verb_of(&c->t);
	if (st->verb == SQL_V_OTHER)
		return;
	cls_adv(c);
	switch (st->verb) {
	case SQL_V_CREATE:
		cls_create(c);
		break;
	case SQL_V_DROP:
		cls_drop(c);
		break;
	case SQL_V_ALTER:
		cls_alter(c);
		break;
	case SQL_V_RENAME: /* MySQL RENAME TABLE a TO b [, c TO d] */
		if (cls_accept(c, "TABLE") || cls_accept(c, "TABLES")) {
			st->object = SQL_O_TABLE;
			st->action = SQL_A_RENAME_TABLE;
			st->table = cls_name(c);
			if (cls_accept(c, "TO"))
				st->new_name = cls_name(c);
		}
		break;
	case SQL_V_INSERT:
	case SQL_V_UPDATE:
	case SQL_V_DELETE:
	case SQL_V_MERGE:
		cls_dml(c);
		break;
	case SQL_V_TRUNCATE:
		cls_simple_table(c, true);
		break;
	case SQL_V_LOCK:
		cls_simple_table(c, true);
		break;
	case SQL_V_ANALYZE:
		cls_accept(c, "VERBOSE");
		cls_accept(c, "TABLE"); /* MySQL ANALYZE TABLE t */
		cls_simple_table(c, false);
		break;
	case SQL_V_COPY:
		cls_simple_table(c, false);
		break;
	case SQL_V_CLUSTER:
		cls_accept(c, "VERBOSE");
		cls_simple_table(c, false);
		if (cls_accept(c, "USING"))
			st->name = cls_name(c);
		break;
	case SQL_V_VACUUM:
		cls_vacuum(c);
		break;
	case SQL_V_REINDEX:
		cls_reindex(c);
		break;
	case SQL_V_SET:
		cls_set(c);
		break;
	case SQL_V_COMMENT:
		cls_comment(c);
		break;
	case SQL_V_GRANT:
	case SQL_V_REVOKE:
		cls_grant(c);
		break;
	case SQL_V_CALL:
		st->name = cls_name(c);
		break;
	case SQL_V_REFRESH:
		if (cls_accept2(c, "MATERIALIZED", "VIEW")) {
			st->object = SQL_O_MATVIEW;
			cls_accept(c, "CONCURRENTLY");
			st->name = cls_name(c);
		}
		break;
	default:
		break;
	}
}

/* ------------------------------------------------------------------------------------------------------------- */
/* Splitter                                                                                                        */

struct sql_split {
	struct arena *a; /* borrowed */
	const char *sql; /* borrowed */
	size_t cap;
	size_t line_pos; /* newlines counted in sql[0..line_pos) */
	unsigned line;
	bool oom;
};

static void sql_emit(struct sql_split *sp, struct sql_list *out, size_t first, size_t end)
{
	if (first >= end)
		return;
	for (size_t i = sp->line_pos; i < first; i++) {
		if (sp->sql[i] == '\n')
			sp->line++;
	}
	sp->line_pos = first;
	struct sql_stmt st;
	memset(&st, 0, sizeof(st));
	char *text = arena_strndup(sp->a, sp->sql + first, end - first);
	if (!text) {
		sp->oom = true;
		return;
	}
	st.text = text;
	st.len = end - first;
	st.line = sp->line;
	struct sql_cls c = {.lx = {.s = text, .len = st.len, .pos = 0}, .a = sp->a, .st = &st, .oom = false};
	sql_classify(&c);
	if (c.oom) {
		sp->oom = true;
		return;
	}
	if (ARENA_PUSH(sp->a, out->items, out->count, sp->cap, st) != 0)
		sp->oom = true;
}

int sql_parse(struct arena *a, const char *sql, size_t len, struct sql_list *out)
{
	out->items = NULL;
	out->count = 0;
	out->unterminated = false;
	if (!sql)
		len = 0;
	struct sql_split sp = {.a = a, .sql = sql, .cap = 0, .line_pos = 0, .line = 0, .oom = false};
	size_t first = SIZE_MAX, last_end = 0, i = 0;
	while (i < len && !sp.oom) {
		unsigned char ch = (unsigned char)sql[i];
		if (ch == ';') {
			if (first != SIZE_MAX)
				sql_emit(&sp, out, first, last_end);
			first = SIZE_MAX;
			i++;
			continue;
		}
		if (sql_is_space(ch)) {
			i++;
			continue;
		}
		size_t end = i + 1;
		bool unterm = false;
		enum sql_span k = sql_scan_span(sql, len, i, first == SIZE_MAX, &unterm, &end);
		if (unterm)
			out->unterminated = true;
		if (k == SPAN_COMMENT) {
			i = end;
			continue;
		}
		if (k == SPAN_NONE) {
			end = i + 1;
			if (sql_is_ident_char(ch) && ch != '$') {
				while (end < len && sql_is_ident_char((unsigned char)sql[end]))
					end++;
			}
		}
		if (first == SIZE_MAX)
			first = i;
		last_end = end;
		i = end;
	}
	if (first != SIZE_MAX && !sp.oom)
		sql_emit(&sp, out, first, last_end);
	return sp.oom ? -1 : 0;
}

/* ------------------------------------------------------------------------------------------------------------- */
/* Names                                                                                                           */

const char *sql_verb_name(enum sql_verb v)
{
	switch (v) {
	case SQL_V_OTHER: return "other";
	case SQL_V_CREATE: return "create";
	case SQL_V_ALTER: return "alter";
	case SQL_V_DROP: return "drop";
	case SQL_V_RENAME: return "rename";
	case SQL_V_INSERT: return "insert";
	case SQL_V_UPDATE: return "update";
	case SQL_V_DELETE: return "delete";
	case SQL_V_TRUNCATE: return "truncate";
	case SQL_V_SELECT: return "select";
	case SQL_V_LOCK: return "lock";
	case SQL_V_VACUUM: return "vacuum";
	case SQL_V_REINDEX: return "reindex";
	case SQL_V_CLUSTER: return "cluster";
	case SQL_V_SET: return "set";
	case SQL_V_COMMENT: return "comment";
	case SQL_V_GRANT: return "grant";
	case SQL_V_BEGIN: return "begin";
	case SQL_V_COMMIT: return "commit";
	case SQL_V_ANALYZE: return "analyze";
	case SQL_V_COPY: return "copy";
	case SQL_V_DO: return "do";
	case SQL_V_CALL: return "call";
	case SQL_V_REVOKE: return "revoke";
	case SQL_V_ROLLBACK: return "rollback";
	case SQL_V_REFRESH: return "refresh";
	case SQL_V_MERGE: return "merge";
	}
	return "other";
}

const char *sql_object_name(enum sql_object o)
{
	switch (o) {
	case SQL_O_NONE: return "none";
	case SQL_O_TABLE: return "table";
	case SQL_O_COLUMN: return "column";
	case SQL_O_INDEX: return "index";
	case SQL_O_TYPE: return "type";
	case SQL_O_VIEW: return "view";
	case SQL_O_MATVIEW: return "materialized_view";
	case SQL_O_SEQUENCE: return "sequence";
	case SQL_O_TRIGGER: return "trigger";
	case SQL_O_FUNCTION: return "function";
	case SQL_O_PROCEDURE: return "procedure";
	case SQL_O_SCHEMA: return "schema";
	case SQL_O_DATABASE: return "database";
	case SQL_O_CONSTRAINT: return "constraint";
	case SQL_O_EXTENSION: return "extension";
	case SQL_O_DOMAIN: return "domain";
	}
	return "none";
}

const char *sql_action_name(enum sql_alter_action x)
{
	switch (x) {
	case SQL_A_NONE: return "none";
	case SQL_A_ADD_COLUMN: return "add_column";
	case SQL_A_DROP_COLUMN: return "drop_column";
	case SQL_A_ALTER_COLUMN_TYPE: return "alter_column_type";
	case SQL_A_SET_NOT_NULL: return "set_not_null";
	case SQL_A_DROP_NOT_NULL: return "drop_not_null";
	case SQL_A_SET_DEFAULT: return "set_default";
	case SQL_A_DROP_DEFAULT: return "drop_default";
	case SQL_A_ADD_CONSTRAINT: return "add_constraint";
	case SQL_A_DROP_CONSTRAINT: return "drop_constraint";
	case SQL_A_VALIDATE_CONSTRAINT: return "validate_constraint";
	case SQL_A_RENAME_COLUMN: return "rename_column";
	case SQL_A_RENAME_TABLE: return "rename_table";
	case SQL_A_RENAME_CONSTRAINT: return "rename_constraint";
	case SQL_A_MODIFY_COLUMN: return "modify_column";
	case SQL_A_CHANGE_COLUMN: return "change_column";
	case SQL_A_ADD_VALUE: return "add_value";
	case SQL_A_DETACH_PARTITION: return "detach_partition";
	case SQL_A_ATTACH_PARTITION: return "attach_partition";
	case SQL_A_OTHER: return "other";
	case SQL_A_RENAME_VALUE: return "rename_value";
	case SQL_A_RENAME: return "rename";
	}
	return "other";
}
