/*
 * lexer.h — Python 3 tokenizer for migration files.
 *
 * lex_file() turns a whole buffer into an array of tokens (arena-owned). It never reads outside [buf, buf+len), never
 * fails on odd input: bytes it cannot place become TK_ERROR tokens and the first lexical error is recorded in
 * struct lex_result.error so the caller can report MRT000 with file:line:col.
 *
 * Positions: line is 1-based, col is 1-based and counts bytes from the start of the line (a UTF-8 BOM is skipped and
 * not counted). end_line/end_col are the position of the token's last byte.
 *
 * Comments do not appear in the token stream: they are collected in lex_result.comments (suppressions live there).
 */
#ifndef MRT_LEXER_H
#define MRT_LEXER_H

#include <stddef.h>
#include <stdbool.h>
#include "arena.h"

enum tok_type {
	TK_EOF = 0,
	TK_NEWLINE,  /* end of a logical line */
	TK_INDENT,
	TK_DEDENT,
	TK_NAME,     /* identifier or keyword (keywords are NAME tokens; compare text) */
	TK_NUMBER,   /* int, float, imaginary, with underscores, 0x/0o/0b */
	TK_STRING,   /* one string literal (prefix and quotes included in [start, start+len)) */
	TK_OP,       /* operator or delimiter: ( ) [ ] { } , : . ; @ = -> += ... ** // etc. */
	TK_ERROR,    /* a byte sequence that is not Python (stray char, unterminated string, bad dedent) */
};

/* Flags of a TK_STRING. */
enum {
	STR_RAW = 1 << 0,
	STR_BYTES = 1 << 1,
	STR_FSTRING = 1 << 2,
	STR_TRIPLE = 1 << 3,
	STR_UNICODE = 1 << 4,      /* u"" prefix */
	STR_UNTERMINATED = 1 << 5, /* ran to end of input (also produces an error) */
};

struct token {
	enum tok_type type;
	unsigned flags;        /* STR_* for strings */
	const char *start;     /* borrowed: points into the source buffer */
	size_t len;
	unsigned line, col;
	unsigned end_line, end_col;
};

struct comment {
	const char *text;      /* borrowed from the source buffer, starts at '#', no newline */
	size_t len;
	unsigned line, col;
	bool own_line;         /* nothing but whitespace before it on its line */
};

struct lex_error {
	bool set;
	unsigned line, col;
	char message[160];     /* "unterminated triple-quoted string", "unindent does not match any outer level", ... */
	char token[48];        /* the offending text, truncated, printable */
};

struct lex_result {
	struct token *tokens;  /* arena-owned, ends with exactly one TK_EOF */
	size_t ntokens;
	struct comment *comments; /* arena-owned */
	size_t ncomments;
	struct lex_error error;   /* first error only */
	unsigned nlines;
};

/*
 * Tokenizes buf[0..len). buf need not be NUL-terminated. Returns 0, or -1 on out-of-memory (arena->oom set).
 * Lexical errors are not failures: they produce TK_ERROR tokens and fill out->error.
 */
int lex_file(struct arena *a, const char *buf, size_t len, struct lex_result *out);

/*
 * Decodes the value of a string token (escapes processed unless raw; prefix and quotes removed) into the arena.
 * For f-strings the literal text is returned with the {...} fields kept verbatim. Returns NULL on out-of-memory.
 */
char *lex_string_value(struct arena *a, const struct token *t, size_t *out_len);

/*
 * As lex_string_value(), and when lines is not NULL also sets *lines to an arena array of out_len + 1 entries: the
 * source line each decoded byte comes from (a backslash-newline continuation or a "\n" escape is accounted for; the
 * last entry is the line of the end). *lines is NULL on out-of-memory.
 */
char *lex_string_value_lines(struct arena *a, const struct token *t, size_t *out_len, unsigned **lines);

/* True when t is TK_NAME/TK_OP with exactly this text. */
bool tok_is(const struct token *t, const char *text);

const char *tok_type_name(enum tok_type t);

#endif
