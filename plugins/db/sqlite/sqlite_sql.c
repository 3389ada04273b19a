/*
 * sqlite_sql.c — the little SQL reading the SQLite backend needs: CHECK constraints out of CREATE TABLE text (SQLite
 * has no PRAGMA for them), partial-index predicates, WITHOUT ROWID, and normalisation of fragments so two renderings of
 * the same constraint compare equal (Alembic's batch mode re-creates tables and re-renders their SQL).
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include "sqlite_backend.h"

enum tok_kind { TK_END, TK_WS, TK_STRING, TK_QIDENT, TK_WORD, TK_PUNCT };

struct tok {
	enum tok_kind kind;
	const char *p; /* borrowed: start in the scanned text */
	size_t n;
};

/* Next token starting at *pos in s[0..len); comments count as whitespace. Never reads past len. */
static struct tok next_tok(const char *s, size_t len, size_t *pos)
{
	struct tok t = {TK_END, s + *pos, 0};
	size_t i = *pos;
	if (i >= len)
		return t;
	unsigned char c = (unsigned char)s[i];
	if (isspace(c) || (c == '-' && i + 1 < len && s[i + 1] == '-') || (c == '/' && i + 1 < len && s[i + 1] == '*')) {
		while (i < len) {
			c = (unsigned char)s[i];
			if (isspace(c)) {
				i++;
			} else if (c == '-' && i + 1 < len && s[i + 1] == '-') {
				while (i < len && s[i] != '\n')
					i++;
			} else if (c == '/' && i + 1 < len && s[i + 1] == '*') {
				i += 2;
				while (i < len && !(s[i] == '*' && i + 1 < len && s[i + 1] == '/'))
					i++;
				i = i + 2 <= len ? i + 2 : len;
			} else {
				break;
			}
		}
		t.kind = TK_WS;
	} else if (c == '\'' || c == '"' || c == '`' || c == '[') {
		char close = c == '[' ? ']' : (char)c;
		i++;
		while (i < len) {
			if (s[i] == close) {
				if (close != ']' && i + 1 < len && s[i + 1] == close) {
					i += 2;
					continue;
				}
				i++;
				break;
			}
			i++;
		}
		t.kind = c == '\'' ? TK_STRING : TK_QIDENT;
	} else if (isalnum(c) || c == '_' || c == '$' || c >= 0x80) {
		while (i < len && (isalnum((unsigned char)s[i]) || s[i] == '_' || s[i] == '$' || (unsigned char)s[i] >= 0x80 ||
		                   (s[i] == '.' && i + 1 < len && isdigit((unsigned char)s[i + 1]) && isdigit(c))))
			i++;
		t.kind = TK_WORD;
	} else {
		i++;
		t.kind = TK_PUNCT;
	}
	t.n = i - *pos;
	*pos = i;
	return t;
}

static int tok_is(const struct tok *t, const char *word)
{
	size_t n = strlen(word);
	if (t->n != n)
		return 0;
	for (size_t i = 0; i < n; i++)
		if (toupper((unsigned char)t->p[i]) != toupper((unsigned char)word[i]))
			return 0;
	return 1;
}

static int tok_punct(const struct tok *t, char c)
{
	return t->kind == TK_PUNCT && t->p[0] == c;
}

/* A quoted identifier whose content is a plain word can be written bare: "price" == price. */
static int qident_is_plain(const struct tok *t)
{
	if (t->n < 3)
		return 0;
	for (size_t i = 1; i + 1 < t->n; i++) {
		unsigned char c = (unsigned char)t->p[i];
		if (!(isalnum(c) || c == '_'))
			return 0;
	}
	return !isdigit((unsigned char)t->p[1]);
}

static int is_glue_punct(const struct tok *t)
{
	return t->kind == TK_PUNCT && strchr("(),=<>!+-*/|%.;", t->p[0]) != NULL;
}

char *sqlb_normalize_sql(const char *s, size_t n)
{
	char *out = malloc(n + 1);
	if (!out)
		return NULL;
	size_t o = 0, pos = 0;
	int pending_space = 0, last_glue = 1;
	for (;;) {
		struct tok t = next_tok(s, n, &pos);
		if (t.kind == TK_END)
			break;
		if (t.kind == TK_WS) {
			pending_space = 1;
			continue;
		}
		int glue = is_glue_punct(&t);
		if (pending_space && !glue && !last_glue && o > 0)
			out[o++] = ' ';
		pending_space = 0;
		if (t.kind == TK_QIDENT && qident_is_plain(&t)) {
			memcpy(out + o, t.p + 1, t.n - 2);
			o += t.n - 2;
		} else {
			memcpy(out + o, t.p, t.n);
			o += t.n;
		}
		last_glue = glue;
	}
	out[o] = '\0';
	/* Strip redundant outer parentheses: "(a>0)" → "a>0", but not "(a)>(b)". */
	for (;;) {
		size_t len = strlen(out);
		if (len < 2 || out[0] != '(' || out[len - 1] != ')')
			break;
		int depth = 0, encloses = 1;
		size_t p2 = 0;
		while (p2 < len) {
			struct tok t = next_tok(out, len, &p2);
			if (tok_punct(&t, '('))
				depth++;
			else if (tok_punct(&t, ')'))
				depth--;
			if (depth == 0 && p2 < len) {
				encloses = 0;
				break;
			}
		}
		if (!encloses)
			break;
		memmove(out, out + 1, len - 2);
		out[len - 2] = '\0';
	}
	return out;
}

char *sqlb_normalize_type(const char *s)
{
	size_t n = strlen(s);
	char *out = malloc(n + 1);
	if (!out)
		return NULL;
	size_t o = 0;
	int pending_space = 0;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (isspace(c)) {
			pending_space = 1;
			continue;
		}
		if (pending_space && o > 0 && !strchr("(,)", c) && !strchr("(,", out[o - 1]))
			out[o++] = ' ';
		pending_space = 0;
		out[o++] = (char)toupper(c);
	}
	out[o] = '\0';
	return out;
}

/* Unquoted copy of an identifier token (malloc'd). */
static char *tok_ident(const struct tok *t)
{
	const char *p = t->p;
	size_t n = t->n;
	if (t->kind == TK_QIDENT && n >= 2) {
		p++;
		n -= 2;
	}
	char *r = malloc(n + 1);
	if (!r)
		return NULL;
	memcpy(r, p, n);
	r[n] = '\0';
	return r;
}

int sqlb_parse_checks(const char *sql, int (*fn)(void *ud, const char *name, const char *expr), void *ud)
{
	size_t len = strlen(sql), pos = 0;
	int depth = 0;
	struct tok prev1 = {TK_END, sql, 0}, prev2 = {TK_END, sql, 0}; /* last two non-ws tokens at depth 1 */
	for (;;) {
		struct tok t = next_tok(sql, len, &pos);
		if (t.kind == TK_END)
			break;
		if (t.kind == TK_WS)
			continue;
		if (tok_punct(&t, '(')) {
			depth++;
			continue;
		}
		if (tok_punct(&t, ')')) {
			depth--;
			continue;
		}
		if (depth != 1)
			continue;
		if (t.kind == TK_WORD && tok_is(&t, "CHECK")) {
			size_t p2 = pos;
			struct tok u;
			do
				u = next_tok(sql, len, &p2);
			while (u.kind == TK_WS);
			if (!tok_punct(&u, '('))
				continue;
			size_t start = p2;
			int d = 1;
			size_t end = start;
			while (d > 0) {
				size_t before = p2;
				u = next_tok(sql, len, &p2);
				if (u.kind == TK_END) {
					end = before;
					break;
				}
				if (tok_punct(&u, '('))
					d++;
				else if (tok_punct(&u, ')') && --d == 0)
					end = before;
			}
			char *name = NULL;
			if (prev2.kind == TK_WORD && tok_is(&prev2, "CONSTRAINT") &&
			    (prev1.kind == TK_WORD || prev1.kind == TK_QIDENT)) {
				name = tok_ident(&prev1);
				if (!name)
					return -1;
			}
			char *expr = sqlb_normalize_sql(sql + start, end - start);
			int rc = expr ? fn(ud, name, expr) : -1;
			free(name);
			free(expr);
			if (rc)
				return -1;
			pos = p2;
			prev1.kind = prev2.kind = TK_END;
			continue;
		}
		if (tok_punct(&t, ',')) {
			prev1.kind = prev2.kind = TK_END;
			continue;
		}
		prev2 = prev1;
		prev1 = t;
	}
	return 0;
}

char *sqlb_index_where(const char *sql)
{
	if (!sql)
		return NULL;
	size_t len = strlen(sql), pos = 0;
	int depth = 0;
	for (;;) {
		struct tok t = next_tok(sql, len, &pos);
		if (t.kind == TK_END)
			return NULL;
		if (tok_punct(&t, '('))
			depth++;
		else if (tok_punct(&t, ')'))
			depth--;
		else if (depth == 0 && t.kind == TK_WORD && tok_is(&t, "WHERE"))
			return sqlb_normalize_sql(sql + pos, len - pos);
	}
}

int sqlb_without_rowid(const char *sql)
{
	if (!sql)
		return 0;
	size_t len = strlen(sql), pos = 0;
	int depth = 0, seen_body = 0;
	struct tok prev = {TK_END, sql, 0};
	for (;;) {
		struct tok t = next_tok(sql, len, &pos);
		if (t.kind == TK_END)
			return 0;
		if (t.kind == TK_WS)
			continue;
		if (tok_punct(&t, '('))
			depth++;
		else if (tok_punct(&t, ')') && --depth == 0)
			seen_body = 1;
		else if (seen_body && depth == 0 && t.kind == TK_WORD && tok_is(&t, "ROWID") && prev.kind == TK_WORD &&
		         tok_is(&prev, "WITHOUT"))
			return 1;
		prev = t;
	}
}

/* Literals of a CHECK expression that mentions column (as a bare or quoted identifier): 'text' (quotes kept) and
 * numbers (with a leading '-' when written so). Returns 0 with *out a malloc'd array of malloc'd strings (may be
 * empty), -1 on out-of-memory. */
int sqlb_check_literals(const char *expr, const char *column, char ***out, size_t *n)
{
	*out = NULL;
	*n = 0;
	size_t len = strlen(expr), pos = 0, cap = 0;
	int mentions = 0;
	struct tok prev = {TK_END, expr, 0};
	while (pos < len) {
		struct tok t = next_tok(expr, len, &pos);
		if (t.kind == TK_END)
			break;
		if ((t.kind == TK_WORD && !isdigit((unsigned char)t.p[0]) && tok_is(&t, column)) ||
		    (t.kind == TK_QIDENT && t.n == strlen(column) + 2 && strncmp(t.p + 1, column, t.n - 2) == 0))
			mentions = 1;
		if (t.kind == TK_WS)
			continue;
		int is_num = t.kind == TK_WORD && isdigit((unsigned char)t.p[0]);
		if (t.kind == TK_STRING || is_num) {
			if (*n == cap) {
				size_t ncap = cap ? cap * 2 : 8;
				char **na = realloc(*out, ncap * sizeof(*na));
				if (!na)
					goto oom;
				*out = na;
				cap = ncap;
			}
			int neg = is_num && tok_punct(&prev, '-');
			char *s = malloc(t.n + 2);
			if (!s)
				goto oom;
			size_t o = 0;
			if (neg)
				s[o++] = '-';
			memcpy(s + o, t.p, t.n);
			s[o + t.n] = '\0';
			(*out)[(*n)++] = s;
		}
		prev = t;
	}
	if (!mentions) {
		for (size_t i = 0; i < *n; i++)
			free((*out)[i]);
		*n = 0;
	}
	return 0;
oom:
	for (size_t i = 0; i < *n; i++)
		free((*out)[i]);
	free(*out);
	*out = NULL;
	*n = 0;
	return -1;
}
