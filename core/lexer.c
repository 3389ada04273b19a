/*
 * lexer.c — Python 3 tokenizer (see lexer.h).
 *
 * One pass over the buffer, no backtracking, never reads outside [buf, buf+len). The token and comment arrays grow in
 * the arena (ARENA_PUSH); nothing else is allocated while lexing.
 *
 * Behaviour follows CPython's tokenizer (Python 3.12):
 * - INDENT/DEDENT from a stack of columns; a tab moves to the next multiple of 8, a form feed resets the column, and
 *   the "alternate" column (tab = 1) must agree with the real one (TabError otherwise). Blank and comment-only lines
 *   produce nothing. Inside (), [], {} newlines are ignored; backslash-newline joins lines.
 * - Strings: prefixes r/u/b/f (and the 3.14 t) in their legal combinations, any case; triple quotes; a backslash
 *   always protects the next byte (also in raw strings). f-strings are scanned with PEP 701 rules: replacement fields
 *   may contain any expression, including strings with the same quote and nested f-strings, comments and newlines
 *   (also in single-quoted f-strings, as 3.12: `f"{1+2 = # c\n}"`; one that then never closes is ended at its first
 *   line instead); "{{" and "}}" are literal braces; "!r" conversions and format specs with nested fields.
 *   An f-string is still ONE TK_STRING token.
 * - Errors never stop the scan: the offending bytes become a TK_ERROR token (unterminated strings keep their STR_*
 *   flags plus STR_UNTERMINATED) and the first error is kept in lex_result.error. Bracket mismatches are recorded as
 *   errors but the bracket stays a TK_OP so the parser can recover.
 * - Non-ASCII characters are accepted in identifiers unless they can never be part of one (lx_uni_ident(): smart
 *   quotes, NBSP, currency, symbols, emoji...); invalid UTF-8 outside strings and comments is an error; inside them any
 *   byte (NUL included) is just a byte.
 */
#include "lexer.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#define LEX_MAX_INDENT 100 /* CPython's MAXINDENT */
#define LEX_MAX_PAREN 200  /* CPython's MAXLEVEL */
#define LEX_MAX_NEST 150   /* nested f-string replacement fields (CPython: MAXFSTRINGLEVEL) */

/* Scan status of a string; ordered by severity. */
enum {
	LX_OK = 0,
	LX_BAD = 1,     /* terminated, but an error was recorded inside */
	LX_UNTERM = 2,  /* ran into the end of the line (single-quoted) or the end of input */
};

#define LX_NOT_PREFIX 0xFFFFFFFFu

struct lexer {
	struct arena *a;            /* borrowed */
	struct lex_result *out;     /* borrowed; NULL while re-scanning a token for lex_string_value() */
	const unsigned char *p;     /* borrowed: cursor into the source buffer */
	const unsigned char *end;   /* one past the last byte */
	const unsigned char *line_start;      /* first byte of the current physical line */
	const unsigned char *prev_line_start; /* first byte of the previous physical line */
	unsigned line;
	size_t tcap, ccap;          /* capacities of out->tokens / out->comments */
	unsigned nest;              /* depth of replacement fields being scanned */
	unsigned nindent;           /* indents[0] is the base level 0 */
	size_t indents[LEX_MAX_INDENT + 1];
	size_t altindents[LEX_MAX_INDENT + 1];
	size_t depth;               /* open brackets (may exceed LEX_MAX_PAREN; only the first ones are remembered) */
	unsigned char parens[LEX_MAX_PAREN];
	unsigned paren_line[LEX_MAX_PAREN];
	unsigned paren_col[LEX_MAX_PAREN];
	bool line_has_tokens;       /* the current logical line produced a token (a NEWLINE is due at its end) */
	/* Newlines inside a replacement field of a single-quoted f-string: Python 3.12+ accepts them at any bracket depth
	   (`f"{1+2 = # c\n}"`, `f"{x\n}"`). A top-level string is scanned that way first; when it then runs to the end
	   of input it is scanned again with fnl_strict set (such a newline ends the string, as before 3.12), so an
	   unclosed `f"{x` reports its own line and does not swallow the rest of the file. */
	bool fnl_strict;            /* a newline at bracket depth 0 in a single-quoted field ends the string */
	bool fnl_crossed;           /* the scan went past such a newline */
};

/* ---- character classes -------------------------------------------------------------------------------------- */

static inline bool lx_is_alpha(unsigned c)
{
	return (unsigned)((c | 0x20) - 'a') < 26u || c == '_';
}

static inline bool lx_is_digit(unsigned c)
{
	return (unsigned)(c - '0') < 10u;
}

static inline bool lx_is_alnum(unsigned c)
{
	return lx_is_alpha(c) || lx_is_digit(c);
}

static inline bool lx_is_hex(unsigned c)
{
	return lx_is_digit(c) || (unsigned)((c | 0x20) - 'a') < 6u;
}

static inline bool lx_is_nl(unsigned c)
{
	return c == '\n' || c == '\r';
}

/* Length (2..4) of the well-formed UTF-8 sequence at p, or 0 (p < end). */
static size_t lx_utf8_len(const unsigned char *p, const unsigned char *end)
{
	unsigned c = p[0];
	size_t avail = (size_t)(end - p);
	if (c >= 0xC2 && c <= 0xDF)
		return avail >= 2 && (p[1] & 0xC0) == 0x80 ? 2 : 0;
	if (c >= 0xE0 && c <= 0xEF) {
		if (avail < 3 || (p[1] & 0xC0) != 0x80 || (p[2] & 0xC0) != 0x80)
			return 0;
		if ((c == 0xE0 && p[1] < 0xA0) || (c == 0xED && p[1] >= 0xA0))
			return 0; /* overlong, surrogate */
		return 3;
	}
	if (c >= 0xF0 && c <= 0xF4) {
		if (avail < 4 || (p[1] & 0xC0) != 0x80 || (p[2] & 0xC0) != 0x80 || (p[3] & 0xC0) != 0x80)
			return 0;
		if ((c == 0xF0 && p[1] < 0x90) || (c == 0xF4 && p[1] >= 0x90))
			return 0; /* overlong, > U+10FFFF */
		return 4;
	}
	return 0;
}

/* Code point of the well-formed sequence p[0..k). */
static uint32_t lx_utf8_decode(const unsigned char *p, size_t k)
{
	if (k == 2)
		return ((uint32_t)(p[0] & 0x1F) << 6) | (p[1] & 0x3F);
	if (k == 3)
		return ((uint32_t)(p[0] & 0x0F) << 12) | ((uint32_t)(p[1] & 0x3F) << 6) | (p[2] & 0x3F);
	return ((uint32_t)(p[0] & 0x07) << 18) | ((uint32_t)(p[1] & 0x3F) << 12) | ((uint32_t)(p[2] & 0x3F) << 6) |
	       (p[3] & 0x3F);
}

/*
 * False for non-ASCII code points that can never be part of a Python identifier (not even after NFKC): C1 controls,
 * Latin-1 punctuation, general punctuation (smart quotes, dashes, odd spaces), currency, arrows, math and technical
 * symbols, box drawing, dingbats, ideographic space and punctuation, private use, BOM/specials, emoji. A deliberately
 * conservative subset of !XID_Continue (checked against str.isidentifier() for every code point): everything else
 * non-ASCII is accepted, so a valid identifier is never rejected.
 */
static bool lx_uni_ident(uint32_t v)
{
	if (v < 0xA0)
		return false;
	if (v <= 0xBF)
		return v == 0xAA || v == 0xB2 || v == 0xB3 || v == 0xB5 || v == 0xB7 || v == 0xB9 || v == 0xBA;
	if (v == 0xD7 || v == 0xF7)
		return false;
	if (v >= 0x2000 && v <= 0x206F)
		return v == 0x203F || v == 0x2040 || v == 0x2054;
	if (v >= 0x20A0 && v <= 0x20CF)
		return v == 0x20A8;
	if ((v >= 0x2190 && v <= 0x23FF) || (v >= 0x2500 && v <= 0x27BF) || (v >= 0x3000 && v <= 0x3003))
		return false;
	if ((v >= 0xE000 && v <= 0xF8FF) || v == 0xFEFF || (v >= 0xFFF0 && v <= 0xFFFF))
		return false;
	return !(v >= 0x1F300 && v <= 0x1FAFF);
}

/* Length of the identifier character (a well-formed UTF-8 sequence lx_uni_ident() accepts) at p, or 0. */
static size_t lx_ident_len(const unsigned char *p, const unsigned char *end)
{
	size_t k = lx_utf8_len(p, end);
	return k && lx_uni_ident(lx_utf8_decode(p, k)) ? k : 0;
}

/* ---- positions, tokens, errors ------------------------------------------------------------------------------ */

static inline unsigned lx_col(const struct lexer *lx, const unsigned char *p)
{
	return (unsigned)(p - lx->line_start) + 1;
}

/* p points at '\r' or '\n': steps over one line ending (CRLF is one) and starts a new line. */
static inline const unsigned char *lx_eat_newline(struct lexer *lx, const unsigned char *p)
{
	if (*p == '\r' && p + 1 < lx->end && p[1] == '\n')
		p += 2;
	else
		p += 1;
	lx->line++;
	lx->prev_line_start = lx->line_start;
	lx->line_start = p;
	return p;
}

static void lx_push(struct lexer *lx, enum tok_type type, unsigned flags, const unsigned char *start,
                    const unsigned char *stop, unsigned line, unsigned col)
{
	struct token t;
	t.type = type;
	t.flags = flags;
	t.start = (const char *)start;
	t.len = (size_t)(stop - start);
	t.line = line;
	t.col = col;
	if (t.len == 0) {
		t.end_line = line;
		t.end_col = col;
	} else {
		const unsigned char *last = stop - 1;
		if (last >= lx->line_start) {
			t.end_line = lx->line;
			t.end_col = (unsigned)(last - lx->line_start) + 1;
		} else { /* the token ends with the line ending of the previous line */
			t.end_line = lx->line - 1;
			t.end_col = (unsigned)(last - lx->prev_line_start) + 1;
		}
	}
	struct lex_result *o = lx->out;
	(void)ARENA_PUSH(lx->a, o->tokens, o->ntokens, lx->tcap, t); /* failure leaves a->oom set */
}

/* Copies up to sizeof(dst)-1 bytes of tok into dst, keeping it printable (complete UTF-8 sequences are kept). */
static void lx_printable(char *dst, size_t cap, const unsigned char *tok, size_t n)
{
	size_t o = 0, i = 0;
	while (i < n && o + 1 < cap) {
		unsigned c = tok[i];
		if (c >= 0x20 && c < 0x7F) {
			dst[o++] = (char)c;
			i++;
		} else if (c >= 0x80) {
			size_t k = lx_utf8_len(tok + i, tok + n);
			if (k == 0) {
				dst[o++] = '?';
				i++;
			} else if (o + k < cap) {
				memcpy(dst + o, tok + i, k);
				o += k;
				i += k;
			} else {
				break;
			}
		} else {
			dst[o++] = c == '\t' ? ' ' : '?';
			i++;
		}
	}
	dst[o] = '\0';
}

/* Records the first lexical error (later ones are ignored). */
static void lx_error(struct lexer *lx, unsigned line, unsigned col, const char *msg, const unsigned char *tok, size_t n)
{
	if (!lx->out || lx->out->error.set)
		return;
	struct lex_error *e = &lx->out->error;
	e->set = true;
	e->line = line;
	e->col = col;
	snprintf(e->message, sizeof(e->message), "%s", msg);
	lx_printable(e->token, sizeof(e->token), tok, n);
}

/* An error token [start, stop) on the current line plus its error record. */
static void lx_error_token(struct lexer *lx, const unsigned char *start, const unsigned char *stop, const char *msg)
{
	unsigned col = lx_col(lx, start);
	lx_error(lx, lx->line, col, msg, start, (size_t)(stop - start));
	if (lx->out)
		lx_push(lx, TK_ERROR, 0, start, stop, lx->line, col);
}

/* ---- strings ------------------------------------------------------------------------------------------------ */

/* STR_* flags of a prefix s[0..n), or LX_NOT_PREFIX. */
static unsigned lx_prefix_flags(const unsigned char *s, size_t n)
{
	unsigned fl = 0;
	if (n == 0 || n > 2)
		return n == 0 ? 0 : LX_NOT_PREFIX;
	for (size_t i = 0; i < n; i++) {
		unsigned bit;
		switch (s[i] | 0x20) {
		case 'r': bit = STR_RAW; break;
		case 'b': bit = STR_BYTES; break;
		case 'f': bit = STR_FSTRING; break;
		case 't': bit = STR_FSTRING; break; /* 3.14 template strings: same lexical rules as f-strings */
		case 'u': bit = STR_UNICODE; break;
		default: return LX_NOT_PREFIX;
		}
		if (fl & bit)
			return LX_NOT_PREFIX;
		fl |= bit;
	}
	if (n == 2 && (!(fl & STR_RAW) || (fl & STR_UNICODE)))
		return LX_NOT_PREFIX; /* only rb, br, rf, fr, rt, tr combine */
	return fl;
}

static const char *lx_unterminated_msg(unsigned flags)
{
	if (flags & STR_FSTRING)
		return flags & STR_TRIPLE ? "unterminated triple-quoted f-string literal" : "unterminated f-string literal";
	return flags & STR_TRIPLE ? "unterminated triple-quoted string literal" : "unterminated string literal";
}

static inline bool lx_at_close(const struct lexer *lx, const unsigned char *p, unsigned q, bool triple)
{
	if (*p != q)
		return false;
	return !triple || (lx->end - p >= 3 && p[1] == q && p[2] == q);
}

/* Body of a non-f string; lx->p is just after the opening quote(s). */
static int lx_scan_plain(struct lexer *lx, unsigned q, bool triple)
{
	const unsigned char *p = lx->p, *end = lx->end;
	while (p < end) {
		unsigned c = *p;
		if (c == q) {
			if (!triple) {
				lx->p = p + 1;
				return LX_OK;
			}
			if (end - p >= 3 && p[1] == q && p[2] == q) {
				lx->p = p + 3;
				return LX_OK;
			}
			p++;
		} else if (c == '\\') {
			p++;
			if (p < end) {
				if (lx_is_nl(*p))
					p = lx_eat_newline(lx, p);
				else
					p++;
			}
		} else if (lx_is_nl(c)) {
			if (!triple) {
				lx->p = p;
				return LX_UNTERM;
			}
			p = lx_eat_newline(lx, p);
		} else {
			p++;
		}
	}
	lx->p = p;
	return LX_UNTERM;
}

static int lx_scan_string(struct lexer *lx, unsigned *flags);
static int lx_scan_field(struct lexer *lx, unsigned q, bool triple);

static inline int lx_worst(int a, int b)
{
	return a > b ? a : b;
}

/* A string met inside a replacement field; start is its prefix (or quote), lx->p its quote. */
static int lx_scan_nested(struct lexer *lx, const unsigned char *start, unsigned flags)
{
	unsigned line = lx->line, col = lx_col(lx, start);
	int st = lx_scan_string(lx, &flags);
	if (st == LX_UNTERM)
		lx_error(lx, line, col, lx_unterminated_msg(flags), start, (size_t)(lx->p - start));
	return st;
}

/* Format spec after ':' in a replacement field, up to and including the field's closing '}'. */
static int lx_scan_spec(struct lexer *lx, unsigned q, bool triple)
{
	int st = LX_OK;
	for (;;) {
		const unsigned char *p = lx->p;
		if (p >= lx->end)
			return LX_UNTERM;
		unsigned c = *p;
		if (c == q && lx_at_close(lx, p, q, triple)) {
			lx_error(lx, lx->line, lx_col(lx, p), "f-string: expecting '}'", p, 1);
			return LX_BAD; /* the quote is left for the f-string to close on */
		}
		if (lx_is_nl(c)) {
			if (!triple)
				return LX_UNTERM;
			lx->p = lx_eat_newline(lx, p);
		} else if (c == '{') {
			lx->p = p + 1;
			int s = lx_scan_field(lx, q, triple);
			if (s == LX_UNTERM)
				return LX_UNTERM;
			st = lx_worst(st, s);
		} else if (c == '}') {
			lx->p = p + 1;
			return st;
		} else if (c == '\\' && p + 1 < lx->end && !lx_is_nl(p[1]) && p[1] != '{' && p[1] != '}') {
			lx->p = p + 2;
		} else {
			lx->p = p + 1;
		}
	}
}

/* A replacement field; lx->p is just after its '{'. Consumes up to and including the matching '}'. */
static int lx_scan_field(struct lexer *lx, unsigned q, bool triple)
{
	if (lx->nest >= LEX_MAX_NEST) {
		const unsigned char *p = lx->p - 1;
		lx_error(lx, lx->line, lx_col(lx, p), "f-string: too many nested expressions", p, 1);
		return LX_BAD; /* the '{' was consumed: the caller goes on with the text after it */
	}
	lx->nest++;
	int st = LX_OK;
	size_t depth = 0;
	const unsigned char *end = lx->end;
	for (;;) {
		const unsigned char *p = lx->p;
		if (p >= end) {
			st = LX_UNTERM;
			break;
		}
		unsigned c = *p;
		if (c == ' ' || c == '\t' || c == '\f') {
			lx->p = p + 1;
		} else if (lx_is_nl(c)) {
			if (!triple && depth == 0) {
				if (lx->fnl_strict) {
					st = LX_UNTERM;
					break;
				}
				lx->fnl_crossed = true;
			}
			lx->p = lx_eat_newline(lx, p);
		} else if (c == '#') {
			while (p < end && !lx_is_nl(*p))
				p++;
			lx->p = p;
		} else if (c == '\\') {
			p++;
			if (p < end && lx_is_nl(*p))
				p = lx_eat_newline(lx, p);
			else if (p < end)
				p++;
			lx->p = p;
		} else if (c == '\'' || c == '"') {
			st = lx_worst(st, lx_scan_nested(lx, p, 0) == LX_OK ? LX_OK : LX_BAD);
		} else if (c == '(' || c == '[' || c == '{') {
			depth++;
			lx->p = p + 1;
		} else if (c == ')' || c == ']') {
			if (depth)
				depth--;
			lx->p = p + 1;
		} else if (c == '}') {
			lx->p = p + 1;
			if (depth == 0)
				break;
			depth--;
		} else if (c == '!' && depth == 0 && !(p + 1 < end && p[1] == '=')) {
			p++; /* conversion: !r !s !a */
			while (p < end && lx_is_alnum(*p))
				p++;
			lx->p = p;
		} else if (c == '!' || c == '=' || c == '<' || c == '>') {
			lx->p = p + (p + 1 < end && p[1] == '=' ? 2 : 1);
		} else if (c == ':' && depth == 0) {
			lx->p = p + 1;
			st = lx_worst(st, lx_scan_spec(lx, q, triple));
			break;
		} else if (lx_is_alpha(c) || c >= 0x80) {
			const unsigned char *s = p;
			while (p < end && (lx_is_alnum(*p) || *p >= 0x80))
				p++;
			lx->p = p;
			if (p < end && (*p == '\'' || *p == '"') && p - s <= 2) {
				unsigned fl = lx_prefix_flags(s, (size_t)(p - s));
				if (fl != LX_NOT_PREFIX)
					st = lx_worst(st, lx_scan_nested(lx, s, fl) == LX_OK ? LX_OK : LX_BAD);
			}
		} else {
			lx->p = p + 1;
		}
	}
	lx->nest--;
	return st;
}

/* Body of an f-string; lx->p is just after the opening quote(s). */
static int lx_scan_fstring(struct lexer *lx, unsigned q, bool triple, bool raw)
{
	int st = LX_OK;
	const unsigned char *end = lx->end;
	for (;;) {
		const unsigned char *p = lx->p;
		if (p >= end)
			return LX_UNTERM;
		unsigned c = *p;
		if (c == q && lx_at_close(lx, p, q, triple)) {
			lx->p = p + (triple ? 3 : 1);
			return st;
		}
		if (c == '\\') {
			p++;
			if (p < end) {
				if (*p == '{' || *p == '}') {
					/* "\{": the brace still opens a field */
				} else if (!raw && *p == 'N' && p + 1 < end && p[1] == '{') {
					p += 2; /* \N{NAME} is an escape, not a field */
					while (p < end && *p != '}' && *p != q && !lx_is_nl(*p))
						p++;
					if (p < end && *p == '}')
						p++;
				} else if (lx_is_nl(*p)) {
					p = lx_eat_newline(lx, p);
				} else {
					p++;
				}
			}
			lx->p = p;
		} else if (lx_is_nl(c)) {
			if (!triple)
				return LX_UNTERM;
			lx->p = lx_eat_newline(lx, p);
		} else if (c == '{') {
			if (p + 1 < end && p[1] == '{') {
				lx->p = p + 2;
				continue;
			}
			lx->p = p + 1;
			int s = lx_scan_field(lx, q, triple);
			if (s == LX_UNTERM)
				return LX_UNTERM;
			st = lx_worst(st, s);
		} else if (c == '}') {
			if (p + 1 < end && p[1] == '}') {
				lx->p = p + 2;
				continue;
			}
			lx_error(lx, lx->line, lx_col(lx, p), "f-string: single '}' is not allowed", p, 1);
			st = LX_BAD;
			lx->p = p + 1;
		} else {
			lx->p = p + 1;
		}
	}
}

/* A string whose prefix flags are *flags; lx->p is at the opening quote. Adds STR_TRIPLE to *flags. */
static int lx_scan_string(struct lexer *lx, unsigned *flags)
{
	const unsigned char *p = lx->p;
	unsigned q = *p;
	bool triple = lx->end - p >= 3 && p[1] == q && p[2] == q;
	if (triple) {
		*flags |= STR_TRIPLE;
		p += 3;
	} else {
		p += 1;
	}
	lx->p = p;
	if (*flags & STR_FSTRING)
		return lx_scan_fstring(lx, q, triple, (*flags & STR_RAW) != 0);
	return lx_scan_plain(lx, q, triple);
}

/* A top-level string token starting at start (prefix), lx->p at its quote. */
static void lx_string_token(struct lexer *lx, const unsigned char *start, unsigned flags)
{
	unsigned line = lx->line, col = lx_col(lx, start);
	const unsigned char *p0 = lx->p, *ls0 = lx->line_start, *pls0 = lx->prev_line_start;
	struct lex_error err0;
	if (lx->out)
		err0 = lx->out->error;
	unsigned flags0 = flags;
	lx->fnl_crossed = false;
	int st = lx_scan_string(lx, &flags);
	if (st == LX_UNTERM && lx->fnl_crossed) {
		/* never closed after crossing a line inside a field: scan again, ending it at its first line */
		lx->p = p0;
		lx->line_start = ls0;
		lx->prev_line_start = pls0;
		lx->line = line;
		lx->nest = 0;
		if (lx->out)
			lx->out->error = err0;
		flags = flags0;
		lx->fnl_strict = true;
		st = lx_scan_string(lx, &flags);
		lx->fnl_strict = false;
	}
	if (st == LX_OK) {
		lx_push(lx, TK_STRING, flags, start, lx->p, line, col);
		return;
	}
	if (st == LX_UNTERM) {
		flags |= STR_UNTERMINATED;
		lx_error(lx, line, col, lx_unterminated_msg(flags), start, (size_t)(lx->p - start));
	}
	lx_push(lx, TK_ERROR, flags, start, lx->p, line, col);
}

/* ---- numbers ------------------------------------------------------------------------------------------------ */

/* digit (_? digit)* in the given base; p at a digit (or not: returns p). */
static const unsigned char *lx_digits(const unsigned char *p, const unsigned char *end, int base)
{
	for (;;) {
		if (p < end) {
			unsigned c = *p;
			bool ok = base == 16 ? lx_is_hex(c) : base == 10 ? lx_is_digit(c) : (unsigned)(c - '0') < (unsigned)base;
			if (ok) {
				p++;
				continue;
			}
			if (c == '_' && p + 1 < end) {
				unsigned d = p[1];
				ok = base == 16 ? lx_is_hex(d) : base == 10 ? lx_is_digit(d) : (unsigned)(d - '0') < (unsigned)base;
				if (ok) {
					p += 2;
					continue;
				}
			}
		}
		return p;
	}
}

/* Keywords CPython accepts glued to a number ("1if x else 2"). */
static bool lx_number_keyword(const unsigned char *s, size_t n)
{
	static const char *const kw[] = {"and", "else", "for", "if", "in", "is", "not", "or"};
	for (size_t i = 0; i < sizeof(kw) / sizeof(kw[0]); i++)
		if (strlen(kw[i]) == n && memcmp(kw[i], s, n) == 0)
			return true;
	return false;
}

static void lx_number(struct lexer *lx, const unsigned char *s)
{
	const unsigned char *p = s, *end = lx->end;
	const char *msg = NULL;
	const char *kind = "decimal";
	bool bad = false;
	if (*p == '0' && p + 1 < end && ((p[1] | 0x20) == 'x' || (p[1] | 0x20) == 'o' || (p[1] | 0x20) == 'b')) {
		unsigned b = p[1] | 0x20;
		int base = b == 'x' ? 16 : b == 'o' ? 8 : 2;
		kind = b == 'x' ? "hexadecimal" : b == 'o' ? "octal" : "binary";
		p += 2;
		const unsigned char *d = p + (p + 1 < end && *p == '_' ? 1 : 0);
		const unsigned char *q = lx_digits(d, end, base);
		if (q == d)
			bad = true; /* no digit after the base prefix */
		else
			p = q;
	} else {
		bool is_int = true;
		if (*p != '.')
			p = lx_digits(p, end, 10);
		if (p < end && *p == '.') {
			is_int = false;
			p++;
			if (p < end && lx_is_digit(*p))
				p = lx_digits(p, end, 10);
		}
		if (p < end && (*p | 0x20) == 'e') {
			const unsigned char *q = p + 1;
			if (q < end && (*q == '+' || *q == '-'))
				q++;
			if (q < end && lx_is_digit(*q)) {
				p = lx_digits(q, end, 10);
				is_int = false;
			}
		}
		if (p < end && (*p | 0x20) == 'j') {
			p++;
			is_int = false;
		}
		if (is_int && *s == '0') {
			for (const unsigned char *q = s; q < p; q++)
				if (*q != '0' && *q != '_') {
					msg = "leading zeros in decimal integer literals are not permitted; "
					      "use an 0o prefix for octal integers";
					break;
				}
		}
	}
	/* a number glued to a name is invalid, except before the few keywords CPython tolerates */
	if (p < end && (lx_is_alnum(*p) || (*p >= 0x80 && lx_ident_len(p, end)))) {
		const unsigned char *q = p;
		for (;;) {
			size_t k = q < end && *q >= 0x80 ? lx_ident_len(q, end) : 0;
			if (k)
				q += k;
			else if (q < end && lx_is_alnum(*q))
				q++;
			else
				break;
		}
		if (bad || msg || !lx_number_keyword(p, (size_t)(q - p))) {
			bad = bad || !msg;
			p = q;
		}
	}
	if (bad && !msg) {
		char buf[160];
		snprintf(buf, sizeof(buf), "invalid %s literal", kind);
		lx_error_token(lx, s, p, buf);
	} else if (msg) {
		lx_error_token(lx, s, p, msg);
	} else {
		lx_push(lx, TK_NUMBER, 0, s, p, lx->line, lx_col(lx, s));
	}
	lx->p = p;
}

/* ---- comments, brackets, indentation ------------------------------------------------------------------------ */

/* A comment at start ('#'); returns the pointer to the line ending (or end). */
static const unsigned char *lx_comment(struct lexer *lx, const unsigned char *start)
{
	const unsigned char *p = start, *end = lx->end;
	while (p < end && !lx_is_nl(*p))
		p++;
	const unsigned char *b = start;
	while (b > lx->line_start && (b[-1] == ' ' || b[-1] == '\t' || b[-1] == '\f'))
		b--;
	struct comment c;
	c.text = (const char *)start;
	c.len = (size_t)(p - start);
	c.line = lx->line;
	c.col = lx_col(lx, start);
	c.own_line = b == lx->line_start;
	struct lex_result *o = lx->out;
	(void)ARENA_PUSH(lx->a, o->comments, o->ncomments, lx->ccap, c);
	return p;
}

static void lx_open(struct lexer *lx, const unsigned char *p)
{
	if (lx->depth < LEX_MAX_PAREN) {
		lx->parens[lx->depth] = *p;
		lx->paren_line[lx->depth] = lx->line;
		lx->paren_col[lx->depth] = lx_col(lx, p);
	} else if (lx->depth == LEX_MAX_PAREN) {
		lx_error(lx, lx->line, lx_col(lx, p), "too many nested parentheses", p, 1);
	}
	lx->depth++;
}

static void lx_close(struct lexer *lx, const unsigned char *p)
{
	char msg[160];
	unsigned c = *p;
	if (lx->depth == 0) {
		snprintf(msg, sizeof(msg), "unmatched '%c'", (char)c);
		lx_error(lx, lx->line, lx_col(lx, p), msg, p, 1);
		return;
	}
	lx->depth--;
	if (lx->depth >= LEX_MAX_PAREN)
		return;
	unsigned o = lx->parens[lx->depth];
	if ((o == '(' && c == ')') || (o == '[' && c == ']') || (o == '{' && c == '}'))
		return;
	if (lx->paren_line[lx->depth] != lx->line)
		snprintf(msg, sizeof(msg), "closing parenthesis '%c' does not match opening parenthesis '%c' on line %u",
		         (char)c, (char)o, lx->paren_line[lx->depth]);
	else
		snprintf(msg, sizeof(msg), "closing parenthesis '%c' does not match opening parenthesis '%c'", (char)c,
		         (char)o);
	lx_error(lx, lx->line, lx_col(lx, p), msg, p, 1);
}

/* First token of a logical line at p, indentation col (tabs to 8) and alt (tabs count 1). */
static void lx_indent(struct lexer *lx, size_t col, size_t alt, const unsigned char *p)
{
	static const char tab_msg[] = "inconsistent use of tabs and spaces in indentation";
	const unsigned char *ws = lx->line_start;
	unsigned line = lx->line, pcol = lx_col(lx, p);
	size_t top = lx->indents[lx->nindent];
	if (col == top) {
		if (alt != lx->altindents[lx->nindent])
			lx_error_token(lx, ws, p, tab_msg);
		return;
	}
	if (col > top) {
		if (lx->nindent >= LEX_MAX_INDENT) {
			lx_error_token(lx, ws, p, "too many levels of indentation");
			return;
		}
		bool tab_bad = alt <= lx->altindents[lx->nindent];
		lx->nindent++;
		lx->indents[lx->nindent] = col;
		lx->altindents[lx->nindent] = alt;
		lx_push(lx, TK_INDENT, 0, ws, p, line, 1);
		if (tab_bad)
			lx_error_token(lx, ws, p, tab_msg);
		return;
	}
	while (lx->nindent > 0 && col < lx->indents[lx->nindent]) {
		lx->nindent--;
		lx_push(lx, TK_DEDENT, 0, p, p, line, pcol);
	}
	if (col != lx->indents[lx->nindent])
		lx_error_token(lx, ws, p, "unindent does not match any outer indentation level");
	else if (alt != lx->altindents[lx->nindent])
		lx_error_token(lx, ws, p, tab_msg);
}

/* ---- operators ---------------------------------------------------------------------------------------------- */

/* Length of the operator at p (0: not an operator). */
static size_t lx_op_len(const unsigned char *p, const unsigned char *end)
{
	unsigned c = p[0];
	unsigned c1 = p + 1 < end ? p[1] : 0;
	unsigned c2 = p + 2 < end ? p[2] : 0;
	switch (c) {
	case '(': case ')': case '[': case ']': case '{': case '}': case ',': case ';': case '~':
		return 1;
	case ':':
		return c1 == '=' ? 2 : 1;
	case '.':
		return c1 == '.' && c2 == '.' ? 3 : 1;
	case '-':
		return c1 == '=' || c1 == '>' ? 2 : 1;
	case '*': case '/': case '<': case '>':
		if (c1 == c)
			return c2 == '=' ? 3 : 2;
		return c1 == '=' ? 2 : 1;
	case '+': case '%': case '&': case '|': case '^': case '@': case '=':
		return c1 == '=' ? 2 : 1;
	case '!':
		return c1 == '=' ? 2 : 0;
	default:
		return 0;
	}
}

/* ---- driver ------------------------------------------------------------------------------------------------- */

/* A byte that starts nothing: returns the end of the error token it makes. */
static const unsigned char *lx_stray(struct lexer *lx, const unsigned char *p)
{
	const unsigned char *q = p, *end = lx->end;
	unsigned c = *p;
	char msg[160];
	if (c == 0) {
		while (q < end && *q == 0)
			q++;
		lx_error_token(lx, p, q, "source code cannot contain null bytes");
		return q;
	}
	if (c >= 0x80) {
		size_t k = lx_utf8_len(p, end);
		if (k) { /* well-formed, but not an identifier character */
			uint32_t v = lx_utf8_decode(p, k);
			if (v < 0xA0 || v == 0xA0 || v == 0xFEFF || (v >= 0x2000 && v <= 0x200F) || (v >= 0x2028 && v <= 0x202F) ||
			    (v >= 0x2060 && v <= 0x206F))
				snprintf(msg, sizeof(msg), "invalid non-printable character U+%04X", (unsigned)v);
			else
				snprintf(msg, sizeof(msg), "invalid character '%.*s' (U+%04X)", (int)k, (const char *)p, (unsigned)v);
			lx_error_token(lx, p, p + k, msg);
			return p + k;
		}
		while (q < end && *q >= 0x80 && lx_utf8_len(q, end) == 0)
			q++;
		snprintf(msg, sizeof(msg), "invalid UTF-8 byte 0x%02X", c);
		lx_error_token(lx, p, q, msg);
		return q;
	}
	if (c < 0x20 || c == 0x7F)
		snprintf(msg, sizeof(msg), "invalid non-printable character U+%04X", c);
	else
		snprintf(msg, sizeof(msg), "invalid character '%c' (U+%04X)", (char)c, c);
	lx_error_token(lx, p, p + 1, msg);
	return p + 1;
}

int lex_file(struct arena *a, const char *buf, size_t len, struct lex_result *out)
{
	static const char empty[1] = "";
	memset(out, 0, sizeof(*out));
	if (!buf) {
		buf = empty;
		len = 0;
	}
	struct lexer lx;
	memset(&lx, 0, sizeof(lx));
	lx.a = a;
	lx.out = out;
	lx.p = (const unsigned char *)buf;
	lx.end = lx.p + len;
	lx.line = 1;
	if (len >= 3 && memcmp(buf, "\xEF\xBB\xBF", 3) == 0)
		lx.p += 3;
	lx.line_start = lx.prev_line_start = lx.p;

	/* one token per ~6 bytes is typical Python; the array doubles when that is not enough */
	size_t est = len / 6 + 16;
	out->tokens = arena_alloc_uninit(a, est * sizeof(*out->tokens)); /* every slot is written before it is read */
	if (!out->tokens)
		return -1;
	lx.tcap = est;

	const unsigned char *end = lx.end;
	bool at_bol = true;
	for (;;) {
		const unsigned char *p = lx.p;
		if (at_bol) {
			at_bol = false;
			size_t col = 0, alt = 0;
			for (; p < end; p++) {
				if (*p == ' ') {
					col++;
					alt++;
				} else if (*p == '\t') {
					col = (col / 8 + 1) * 8;
					alt++;
				} else if (*p == '\f') {
					col = alt = 0;
				} else {
					break;
				}
			}
			if (p >= end) {
				lx.p = p;
				break;
			}
			if (*p == '#' || lx_is_nl(*p)) { /* blank or comment-only line */
				if (*p == '#')
					p = lx_comment(&lx, p);
				lx.p = p < end ? lx_eat_newline(&lx, p) : p;
				at_bol = true;
				continue;
			}
			lx_indent(&lx, col, alt, p);
		}
		while (p < end && (*p == ' ' || *p == '\t' || *p == '\f'))
			p++;
		if (p >= end) {
			lx.p = p;
			break;
		}
		unsigned c = *p;
		unsigned line = lx.line, col = lx_col(&lx, p);

		if (lx_is_alpha(c) || (c >= 0x80 && lx_ident_len(p, end))) {
			const unsigned char *s = p;
			for (;;) {
				if (p < end && lx_is_alnum(*p)) {
					p++;
				} else if (p < end && *p >= 0x80) {
					size_t k = lx_ident_len(p, end);
					if (!k)
						break;
					p += k;
				} else {
					break;
				}
			}
			lx.line_has_tokens = true;
			if (p < end && (*p == '\'' || *p == '"') && p - s <= 2) {
				unsigned fl = lx_prefix_flags(s, (size_t)(p - s));
				if (fl != LX_NOT_PREFIX) {
					lx.p = p;
					lx_string_token(&lx, s, fl);
					continue;
				}
			}
			lx_push(&lx, TK_NAME, 0, s, p, line, col);
			lx.p = p;
			continue;
		}
		if (lx_is_nl(c)) {
			if (lx.depth == 0) {
				if (lx.line_has_tokens) {
					size_t n = c == '\r' && p + 1 < end && p[1] == '\n' ? 2 : 1;
					lx_push(&lx, TK_NEWLINE, 0, p, p + n, line, col);
					lx.line_has_tokens = false;
				}
				at_bol = true;
			}
			lx.p = lx_eat_newline(&lx, p);
			continue;
		}
		if (lx_is_digit(c) || (c == '.' && p + 1 < end && lx_is_digit(p[1]))) {
			lx.line_has_tokens = true;
			lx_number(&lx, p);
			continue;
		}
		if (c == '\'' || c == '"') {
			lx.line_has_tokens = true;
			lx.p = p;
			lx_string_token(&lx, p, 0);
			continue;
		}
		if (c == '#') {
			lx.p = lx_comment(&lx, p);
			continue;
		}
		if (c == '\\') {
			if (p + 1 < end && lx_is_nl(p[1])) {
				lx.p = lx_eat_newline(&lx, p + 1);
				continue;
			}
			lx.line_has_tokens = true;
			lx_error_token(&lx, p, p + 1,
			               p + 1 < end ? "unexpected character after line continuation character"
			                           : "unexpected EOF after line continuation character");
			lx.p = p + 1;
			continue;
		}
		lx.line_has_tokens = true;
		size_t n = lx_op_len(p, end);
		if (n) {
			if (c == '(' || c == '[' || c == '{')
				lx_open(&lx, p);
			else if (c == ')' || c == ']' || c == '}')
				lx_close(&lx, p);
			lx_push(&lx, TK_OP, 0, p, p + n, line, col);
			lx.p = p + n;
			continue;
		}
		lx.p = lx_stray(&lx, p);
	}

	/* end of input */
	const unsigned char *p = lx.p;
	unsigned col = lx_col(&lx, p);
	if (lx.line_has_tokens)
		lx_push(&lx, TK_NEWLINE, 0, p, p, lx.line, col);
	if (lx.depth > 0) {
		size_t i = lx.depth <= LEX_MAX_PAREN ? lx.depth - 1 : LEX_MAX_PAREN - 1;
		char msg[160];
		snprintf(msg, sizeof(msg), "'%c' was never closed", (char)lx.parens[i]);
		const unsigned char *tok = &lx.parens[i];
		lx_error(&lx, lx.paren_line[i], lx.paren_col[i], msg, tok, 1);
	}
	while (lx.nindent > 0) {
		lx.nindent--;
		lx_push(&lx, TK_DEDENT, 0, p, p, lx.line, col);
	}
	lx_push(&lx, TK_EOF, 0, p, p, lx.line, col);
	out->nlines = p > lx.line_start ? lx.line : lx.line - 1;
	return a->oom ? -1 : 0;
}

/* ---- string values ------------------------------------------------------------------------------------------ */

/* Writes code point v as UTF-8 (surrogates too, as CPython's str can hold them); returns the byte count. */
static size_t lx_put_utf8(unsigned char *o, uint32_t v)
{
	if (v < 0x80) {
		o[0] = (unsigned char)v;
		return 1;
	}
	if (v < 0x800) {
		o[0] = (unsigned char)(0xC0 | (v >> 6));
		o[1] = (unsigned char)(0x80 | (v & 0x3F));
		return 2;
	}
	if (v < 0x10000) {
		o[0] = (unsigned char)(0xE0 | (v >> 12));
		o[1] = (unsigned char)(0x80 | ((v >> 6) & 0x3F));
		o[2] = (unsigned char)(0x80 | (v & 0x3F));
		return 3;
	}
	o[0] = (unsigned char)(0xF0 | (v >> 18));
	o[1] = (unsigned char)(0x80 | ((v >> 12) & 0x3F));
	o[2] = (unsigned char)(0x80 | ((v >> 6) & 0x3F));
	o[3] = (unsigned char)(0x80 | (v & 0x3F));
	return 4;
}

static unsigned lx_hexval(unsigned c)
{
	return lx_is_digit(c) ? c - '0' : (c | 0x20) - 'a' + 10;
}

/* Reads exactly n hex digits at p (< end); true and *v on success. */
static bool lx_read_hex(const unsigned char *p, const unsigned char *end, size_t n, uint32_t *v)
{
	if ((size_t)(end - p) < n)
		return false;
	uint32_t x = 0;
	for (size_t i = 0; i < n; i++) {
		if (!lx_is_hex(p[i]))
			return false;
		x = x * 16 + lx_hexval(p[i]);
	}
	*v = x;
	return true;
}

/* End of the replacement field whose '{' is at open, within a token [.., end) of an f-string with quote q. */
static const unsigned char *lx_field_end(const unsigned char *open, const unsigned char *end, unsigned q, bool triple)
{
	struct lexer lx;
	memset(&lx, 0, sizeof(lx));
	lx.out = NULL; /* quiet: no tokens, no errors */
	lx.p = open + 1;
	lx.end = end;
	lx.line_start = lx.prev_line_start = open;
	lx.line = 1;
	(void)lx_scan_field(&lx, q, triple);
	return lx.p;
}

char *lex_string_value(struct arena *a, const struct token *t, size_t *out_len)
{
	return lex_string_value_lines(a, t, out_len, NULL);
}

char *lex_string_value_lines(struct arena *a, const struct token *t, size_t *out_len, unsigned **lines_out)
{
	const unsigned char *s = (const unsigned char *)t->start, *e = s + t->len;
	unsigned fl = 0;
	unsigned *lines = NULL;    /* arena-owned when wanted: source line of each output byte */
	size_t ln = 0;             /* output bytes labelled so far */
	unsigned curline = t->line, prevline = t->line;
	const unsigned char *lp = s; /* newlines counted up to here */
	if (out_len)
		*out_len = 0;
	if (lines_out)
		*lines_out = NULL;
	while (s < e && *s != '\'' && *s != '"') {
		unsigned f = lx_prefix_flags(s, 1);
		fl |= f == LX_NOT_PREFIX ? 0 : f;
		s++;
	}
	if (s >= e)
		return arena_strndup(a, "", 0);
	unsigned q = *s;
	bool triple = e - s >= 3 && s[1] == q && s[2] == q;
	bool raw = (fl & STR_RAW) != 0, bytes = (fl & STR_BYTES) != 0, fstr = (fl & STR_FSTRING) != 0;
	const unsigned char *b = s + (triple ? 3 : 1);
	const unsigned char *be = e;
	if (!(t->flags & STR_UNTERMINATED)) {
		size_t close = triple ? 3 : 1;
		be = (size_t)(e - b) >= close ? e - close : b;
	}
	if (be < b)
		be = b;
	unsigned char *o = arena_alloc(a, (size_t)(be - b) + 1);
	if (!o)
		return NULL;
	if (lines_out) {
		lines = arena_alloc_uninit(a, ((size_t)(be - b) + 1) * sizeof(*lines));
		if (!lines)
			return NULL;
	}
	size_t n = 0;
	const unsigned char *p = b;
	while (p < be) {
		if (lines) {
			/* bytes written by the previous step come from the line it started on */
			while (ln < n)
				lines[ln++] = prevline;
			for (; lp < p; lp++)
				if (*lp == '\n' || (*lp == '\r' && !(lp + 1 < e && lp[1] == '\n')))
					curline++;
			prevline = curline;
		}
		unsigned c = *p;
		if (c == '\r') { /* universal newlines, as Python reads source */
			o[n++] = '\n';
			p++;
			if (p < be && *p == '\n')
				p++;
			continue;
		}
		if (fstr && c == '{') {
			if (p + 1 < be && p[1] == '{') { /* kept doubled: the value stays a format template */
				o[n++] = '{';
				o[n++] = '{';
				p += 2;
				continue;
			}
			const unsigned char *fe = lx_field_end(p, e, q, triple);
			if (fe > be)
				fe = be;
			while (p < fe) {
				if (*p == '\r') {
					o[n++] = '\n';
					p++;
					if (p < fe && *p == '\n')
						p++;
				} else {
					o[n++] = *p++;
				}
			}
			continue;
		}
		if (c != '\\' || raw) {
			o[n++] = (unsigned char)c;
			p++;
			continue;
		}
		/* an escape */
		p++;
		if (p >= be) {
			o[n++] = '\\';
			break;
		}
		c = *p;
		uint32_t v = 0;
		switch (c) {
		case '\n':
			p++;
			break;
		case '\r':
			p++;
			if (p < be && *p == '\n')
				p++;
			break;
		case '\\': case '\'': case '"':
			o[n++] = (unsigned char)c;
			p++;
			break;
		case 'a': o[n++] = '\a'; p++; break;
		case 'b': o[n++] = '\b'; p++; break;
		case 'f': o[n++] = '\f'; p++; break;
		case 'n': o[n++] = '\n'; p++; break;
		case 'r': o[n++] = '\r'; p++; break;
		case 't': o[n++] = '\t'; p++; break;
		case 'v': o[n++] = '\v'; p++; break;
		case '0': case '1': case '2': case '3': case '4': case '5': case '6': case '7':
			for (int i = 0; i < 3 && p < be && (unsigned)(*p - '0') < 8u; i++)
				v = v * 8 + (uint32_t)(*p++ - '0');
			if (bytes)
				o[n++] = (unsigned char)(v & 0xFF);
			else
				n += lx_put_utf8(o + n, v);
			break;
		case 'x':
			if (lx_read_hex(p + 1, be, 2, &v)) {
				p += 3;
				if (bytes)
					o[n++] = (unsigned char)v;
				else
					n += lx_put_utf8(o + n, v);
			} else {
				o[n++] = '\\'; /* invalid: kept verbatim */
			}
			break;
		case 'u': case 'U':
			if (!bytes && lx_read_hex(p + 1, be, c == 'u' ? 4 : 8, &v) && v <= 0x10FFFF) {
				p += c == 'u' ? 5 : 9;
				n += lx_put_utf8(o + n, v);
			} else {
				o[n++] = '\\';
			}
			break;
		case 'N':
			o[n++] = '\\';
			if (!bytes && p + 1 < be && p[1] == '{') { /* \N{NAME}: kept verbatim */
				while (p < be && *p != '}')
					o[n++] = *p++;
				if (p < be)
					o[n++] = *p++;
			}
			break;
		default:
			/* unknown escape (and "\{" in f-strings): the backslash stays, the next byte is handled as text */
			o[n++] = '\\';
			break;
		}
	}
	o[n] = '\0';
	if (lines) {
		while (ln < n)
			lines[ln++] = prevline;
		lines[n] = prevline;
		*lines_out = lines;
	}
	if (out_len)
		*out_len = n;
	return (char *)o;
}

/* ---- small helpers ------------------------------------------------------------------------------------------ */

bool tok_is(const struct token *t, const char *text)
{
	if (t->type != TK_NAME && t->type != TK_OP)
		return false;
	size_t n = strlen(text);
	return t->len == n && memcmp(t->start, text, n) == 0;
}

const char *tok_type_name(enum tok_type t)
{
	switch (t) {
	case TK_EOF: return "EOF";
	case TK_NEWLINE: return "NEWLINE";
	case TK_INDENT: return "INDENT";
	case TK_DEDENT: return "DEDENT";
	case TK_NAME: return "NAME";
	case TK_NUMBER: return "NUMBER";
	case TK_STRING: return "STRING";
	case TK_OP: return "OP";
	case TK_ERROR: return "ERROR";
	}
	return "?";
}
