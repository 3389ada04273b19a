/*
 * test_lexer.c — Check suite for core/lexer.c.
 *
 * Every input is copied into a malloc'd buffer of exactly its length (no terminating NUL), so an ASan build catches
 * any read past the end. dump() renders the token stream as "TYPE:text" words for compact, exact assertions.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lexer.h"

static struct arena A;
static struct lex_result R;
static char *SRC;          /* owned: exact-size copy of the current input */
static char DUMP[8192];

static void setup(void)
{
	arena_init(&A);
	SRC = NULL;
}

static void teardown(void)
{
	arena_release(&A);
	free(SRC);
	SRC = NULL;
}

static void lex_n(const char *s, size_t n)
{
	free(SRC);
	SRC = malloc(n ? n : 1);
	ck_assert_ptr_nonnull(SRC);
	if (n)
		memcpy(SRC, s, n);
	ck_assert_int_eq(lex_file(&A, SRC, n, &R), 0);
	ck_assert_uint_ge(R.ntokens, 1);
	ck_assert_int_eq(R.tokens[R.ntokens - 1].type, TK_EOF);
}

static void lex(const char *s)
{
	lex_n(s, strlen(s));
}

/* "NAME:x OP:= NUMBER:1 NEWLINE EOF" (text shown for names, numbers, strings, ops and errors). */
static const char *dump(void)
{
	size_t o = 0;
	DUMP[0] = '\0';
	for (size_t i = 0; i < R.ntokens && o < sizeof(DUMP) - 1; i++) {
		const struct token *t = &R.tokens[i];
		int n;
		if (t->type == TK_NAME || t->type == TK_NUMBER || t->type == TK_STRING || t->type == TK_OP ||
		    t->type == TK_ERROR)
			n = snprintf(DUMP + o, sizeof(DUMP) - o, "%s%s:%.*s", i ? " " : "", tok_type_name(t->type),
			             (int)t->len, t->start);
		else
			n = snprintf(DUMP + o, sizeof(DUMP) - o, "%s%s", i ? " " : "", tok_type_name(t->type));
		if (n < 0)
			break;
		o += (size_t)n;
	}
	return DUMP;
}

/* The types only: "NAME OP NUMBER NEWLINE EOF". */
static const char *types(void)
{
	size_t o = 0;
	DUMP[0] = '\0';
	for (size_t i = 0; i < R.ntokens && o < sizeof(DUMP) - 1; i++) {
		int n = snprintf(DUMP + o, sizeof(DUMP) - o, "%s%s", i ? " " : "", tok_type_name(R.tokens[i].type));
		if (n < 0)
			break;
		o += (size_t)n;
	}
	return DUMP;
}

static const struct token *tok(size_t i)
{
	ck_assert_uint_lt(i, R.ntokens);
	return &R.tokens[i];
}

static void assert_pos(size_t i, unsigned line, unsigned col, unsigned end_line, unsigned end_col)
{
	const struct token *t = tok(i);
	ck_assert_uint_eq(t->line, line);
	ck_assert_uint_eq(t->col, col);
	ck_assert_uint_eq(t->end_line, end_line);
	ck_assert_uint_eq(t->end_col, end_col);
}

/* Value of the only string token of a one-string input (`<string>` NEWLINE EOF). */
static const char *value_of(size_t i, size_t *len)
{
	const char *v = lex_string_value(&A, tok(i), len);
	ck_assert_ptr_nonnull(v);
	return v;
}

static void assert_error(unsigned line, unsigned col, const char *msg, const char *token)
{
	ck_assert_msg(R.error.set, "no error recorded");
	ck_assert_uint_eq(R.error.line, line);
	ck_assert_uint_eq(R.error.col, col);
	ck_assert_str_eq(R.error.message, msg);
	if (token)
		ck_assert_str_eq(R.error.token, token);
}

static void assert_no_error(void)
{
	ck_assert_msg(!R.error.set, "unexpected error %u:%u %s", R.error.line, R.error.col, R.error.message);
}

/* ---- basics ------------------------------------------------------------------------------------------------- */

START_TEST(test_empty)
{
	lex("");
	ck_assert_str_eq(types(), "EOF");
	ck_assert_uint_eq(R.nlines, 0);
	ck_assert_uint_eq(R.ncomments, 0);
	assert_no_error();
	ck_assert_int_eq(lex_file(&A, NULL, 0, &R), 0);
	ck_assert_uint_eq(R.ntokens, 1);
}
END_TEST

START_TEST(test_simple_statement)
{
	lex("revision = 'abc123'\n");
	ck_assert_str_eq(dump(), "NAME:revision OP:= STRING:'abc123' NEWLINE EOF");
	assert_pos(0, 1, 1, 1, 8);
	assert_pos(1, 1, 10, 1, 10);
	assert_pos(2, 1, 12, 1, 19);
	assert_pos(3, 1, 20, 1, 20);
	assert_pos(4, 2, 1, 2, 1);
	ck_assert_uint_eq(R.nlines, 1);
	assert_no_error();
}
END_TEST

START_TEST(test_operators)
{
	lex("a **= b //= c >>= d <<= e ... -> := != == <= >= ** // << >> += -= *= /= %= &= |= ^= @= ~ ; , . @\n");
	ck_assert_str_eq(dump(), "NAME:a OP:**= NAME:b OP://= NAME:c OP:>>= NAME:d OP:<<= NAME:e OP:... OP:-> OP::= "
	                         "OP:!= OP:== OP:<= OP:>= OP:** OP:// OP:<< OP:>> OP:+= OP:-= OP:*= OP:/= OP:%= OP:&= "
	                         "OP:|= OP:^= OP:@= OP:~ OP:; OP:, OP:. OP:@ NEWLINE EOF");
	assert_no_error();
}
END_TEST

START_TEST(test_keywords_are_names)
{
	lex("def f(x) -> None: return x\n");
	ck_assert_str_eq(dump(), "NAME:def NAME:f OP:( NAME:x OP:) OP:-> NAME:None OP:: NAME:return NAME:x NEWLINE EOF");
	ck_assert(tok_is(tok(0), "def"));
	ck_assert(!tok_is(tok(0), "de"));
	ck_assert(!tok_is(tok(0), "define"));
	ck_assert(tok_is(tok(5), "->"));
	ck_assert(tok_is(tok(9), "x"));
}
END_TEST

START_TEST(test_tok_helpers)
{
	lex("'x'\n");
	ck_assert(!tok_is(tok(0), "'x'")); /* strings are never tok_is() */
	ck_assert_str_eq(tok_type_name(TK_EOF), "EOF");
	ck_assert_str_eq(tok_type_name(TK_NEWLINE), "NEWLINE");
	ck_assert_str_eq(tok_type_name(TK_INDENT), "INDENT");
	ck_assert_str_eq(tok_type_name(TK_DEDENT), "DEDENT");
	ck_assert_str_eq(tok_type_name(TK_NAME), "NAME");
	ck_assert_str_eq(tok_type_name(TK_NUMBER), "NUMBER");
	ck_assert_str_eq(tok_type_name(TK_STRING), "STRING");
	ck_assert_str_eq(tok_type_name(TK_OP), "OP");
	ck_assert_str_eq(tok_type_name(TK_ERROR), "ERROR");
	ck_assert_str_eq(tok_type_name((enum tok_type)99), "?");
}
END_TEST

/* ---- numbers ------------------------------------------------------------------------------------------------ */

START_TEST(test_numbers)
{
	lex("0 00 7 1_000 0x_FF 0XdeadBEEF 0o17 0O7_7 0b1010 0B_1 3.14 10. .5 1e10 1E-5 1.5e+3 1_0.0_1e1_0 2j 3.5J "
	    "0.0 09.5 0e0 1if x else 2\n");
	ck_assert_str_eq(dump(), "NUMBER:0 NUMBER:00 NUMBER:7 NUMBER:1_000 NUMBER:0x_FF NUMBER:0XdeadBEEF NUMBER:0o17 "
	                         "NUMBER:0O7_7 NUMBER:0b1010 NUMBER:0B_1 NUMBER:3.14 NUMBER:10. NUMBER:.5 NUMBER:1e10 "
	                         "NUMBER:1E-5 NUMBER:1.5e+3 NUMBER:1_0.0_1e1_0 NUMBER:2j NUMBER:3.5J NUMBER:0.0 "
	                         "NUMBER:09.5 NUMBER:0e0 NUMBER:1 NAME:if NAME:x NAME:else NUMBER:2 NEWLINE EOF");
	assert_no_error();
}
END_TEST

START_TEST(test_number_attribute)
{
	lex("x = 1 .real + 1.0.imag\n");
	ck_assert_str_eq(dump(), "NAME:x OP:= NUMBER:1 OP:. NAME:real OP:+ NUMBER:1.0 OP:. NAME:imag NEWLINE EOF");
	assert_no_error();
}
END_TEST

START_TEST(test_number_leading_zero_error)
{
	lex("x = 012\n");
	ck_assert_str_eq(dump(), "NAME:x OP:= ERROR:012 NEWLINE EOF");
	assert_error(1, 5,
	             "leading zeros in decimal integer literals are not permitted; use an 0o prefix for octal integers",
	             "012");
}
END_TEST

START_TEST(test_number_invalid_decimal)
{
	lex("x = 1abc + 1_\n");
	ck_assert_str_eq(dump(), "NAME:x OP:= ERROR:1abc OP:+ ERROR:1_ NEWLINE EOF");
	assert_error(1, 5, "invalid decimal literal", "1abc");
}
END_TEST

START_TEST(test_number_invalid_base)
{
	lex("a = 0x\nb = 0b102\nc = 0o8\n");
	ck_assert_str_eq(dump(), "NAME:a OP:= ERROR:0x NEWLINE NAME:b OP:= ERROR:0b102 NEWLINE NAME:c OP:= ERROR:0o8 "
	                         "NEWLINE EOF");
	assert_error(1, 5, "invalid hexadecimal literal", "0x");
}
END_TEST

/* ---- strings ------------------------------------------------------------------------------------------------ */

START_TEST(test_string_prefixes)
{
	static const struct {
		const char *src;
		unsigned flags;
	} cases[] = {
		{"'a'", 0},
		{"\"a\"", 0},
		{"r'a'", STR_RAW},
		{"R'a'", STR_RAW},
		{"b'a'", STR_BYTES},
		{"B'a'", STR_BYTES},
		{"u'a'", STR_UNICODE},
		{"U'a'", STR_UNICODE},
		{"f'a'", STR_FSTRING},
		{"F'a'", STR_FSTRING},
		{"rb'a'", STR_RAW | STR_BYTES},
		{"bR'a'", STR_RAW | STR_BYTES},
		{"Br'a'", STR_RAW | STR_BYTES},
		{"RB'a'", STR_RAW | STR_BYTES},
		{"fr'a'", STR_RAW | STR_FSTRING},
		{"Rf'a'", STR_RAW | STR_FSTRING},
		{"rF'a'", STR_RAW | STR_FSTRING},
		{"t'a'", STR_FSTRING},
		{"'''a'''", STR_TRIPLE},
		{"\"\"\"a\"\"\"", STR_TRIPLE},
		{"rb'''a'''", STR_RAW | STR_BYTES | STR_TRIPLE},
		{"f\"\"\"a\"\"\"", STR_FSTRING | STR_TRIPLE},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		lex(cases[i].src);
		ck_assert_msg(R.ntokens == 3, "%s: %s", cases[i].src, dump());
		ck_assert_int_eq(tok(0)->type, TK_STRING);
		ck_assert_uint_eq(tok(0)->len, strlen(cases[i].src));
		ck_assert_msg(tok(0)->flags == cases[i].flags, "%s: flags %x", cases[i].src, tok(0)->flags);
		size_t n;
		ck_assert_str_eq(value_of(0, &n), "a");
		ck_assert_uint_eq(n, 1);
		assert_no_error();
	}
}
END_TEST

START_TEST(test_not_a_prefix)
{
	lex("ab'x' ur'y' bb\"z\" x'w'\n");
	ck_assert_str_eq(dump(), "NAME:ab STRING:'x' NAME:ur STRING:'y' NAME:bb STRING:\"z\" NAME:x STRING:'w' NEWLINE EOF");
	ck_assert_uint_eq(tok(1)->flags, 0);
}
END_TEST

START_TEST(test_empty_strings)
{
	lex("'' \"\" '''''' b''\n");
	ck_assert_str_eq(dump(), "STRING:'' STRING:\"\" STRING:'''''' STRING:b'' NEWLINE EOF");
	ck_assert_uint_eq(tok(2)->flags, STR_TRIPLE);
	for (size_t i = 0; i < 4; i++) {
		size_t n = 99;
		ck_assert_str_eq(value_of(i, &n), "");
		ck_assert_uint_eq(n, 0);
	}
}
END_TEST

START_TEST(test_triple_quoted_embedded_quotes)
{
	lex("x = '''it's \"\"\" '' here'''\ny = \"\"\"a \"\" b \\\"\"\" c\"\"\"\n");
	ck_assert_uint_eq(R.ntokens, 9);
	ck_assert_int_eq(tok(2)->type, TK_STRING);
	ck_assert_str_eq(value_of(2, NULL), "it's \"\"\" '' here");
	ck_assert_int_eq(tok(6)->type, TK_STRING);
	ck_assert_str_eq(value_of(6, NULL), "a \"\" b \"\"\" c");
	assert_no_error();
}
END_TEST

START_TEST(test_multiline_string_positions)
{
	lex("s = \"\"\"first\nsecond\n  end\"\"\"; t = 1\n");
	ck_assert_str_eq(types(), "NAME OP STRING OP NAME OP NUMBER NEWLINE EOF");
	assert_pos(2, 1, 5, 3, 8);
	assert_pos(3, 3, 9, 3, 9);
	assert_pos(4, 3, 11, 3, 11);
	ck_assert_str_eq(value_of(2, NULL), "first\nsecond\n  end");
	ck_assert_uint_eq(R.nlines, 3);
}
END_TEST

START_TEST(test_backslash_quote_does_not_end)
{
	lex("a = 'it\\'s'\nb = r'\\''\nc = r\"\\\\\"\n");
	ck_assert_str_eq(dump(), "NAME:a OP:= STRING:'it\\'s' NEWLINE NAME:b OP:= STRING:r'\\'' NEWLINE "
	                         "NAME:c OP:= STRING:r\"\\\\\" NEWLINE EOF");
	ck_assert_str_eq(value_of(2, NULL), "it's");
	ck_assert_str_eq(value_of(6, NULL), "\\'");
	ck_assert_str_eq(value_of(10, NULL), "\\\\");
	assert_no_error();
}
END_TEST

START_TEST(test_escape_values)
{
	lex("'\\n\\t\\\\\\'\\\"\\a\\b\\f\\v\\r|\\x41\\101\\0|\\u00e9\\U0001F600|\\N{EM DASH}|\\q\\xZZ'");
	size_t n;
	const char *v = value_of(0, &n);
	const char expect[] = "\n\t\\'\"\a\b\f\v\r|AA\0|\xC3\xA9\xF0\x9F\x98\x80|\\N{EM DASH}|\\q\\xZZ";
	ck_assert_uint_eq(n, sizeof(expect) - 1);
	ck_assert_mem_eq(v, expect, n);
}
END_TEST

START_TEST(test_bytes_escape_values)
{
	lex("b'\\xff\\x00\\377\\u00e9\\N{X}'");
	size_t n;
	const char *v = value_of(0, &n);
	const char expect[] = "\xff\0\xff\\u00e9\\N{X}";
	ck_assert_uint_eq(n, sizeof(expect) - 1);
	ck_assert_mem_eq(v, expect, n);
	lex("'\\xe9\\777'");
	ck_assert_str_eq(value_of(0, NULL), "\xC3\xA9\xC7\xBF");
}
END_TEST

START_TEST(test_raw_values)
{
	lex("r'\\n\\x41\\'' R\"\"\"a\\\nb\"\"\"");
	ck_assert_str_eq(value_of(0, NULL), "\\n\\x41\\'");
	ck_assert_str_eq(value_of(1, NULL), "a\\\nb");
}
END_TEST

START_TEST(test_string_line_continuation)
{
	lex("x = 'abc\\\ndef'\ny = \"\"\"one\\\ntwo\"\"\"\n");
	ck_assert_str_eq(types(), "NAME OP STRING NEWLINE NAME OP STRING NEWLINE EOF");
	assert_pos(2, 1, 5, 2, 4);
	ck_assert_str_eq(value_of(2, NULL), "abcdef");
	ck_assert_str_eq(value_of(6, NULL), "onetwo");
	assert_no_error();
}
END_TEST

START_TEST(test_implicit_concatenation)
{
	lex("op.execute('ALTER TABLE x '\n           \"ADD y\" f'{z}')\n");
	ck_assert_str_eq(dump(), "NAME:op OP:. NAME:execute OP:( STRING:'ALTER TABLE x ' STRING:\"ADD y\" STRING:f'{z}' "
	                         "OP:) NEWLINE EOF");
	assert_no_error();
}
END_TEST

/* ---- f-strings ---------------------------------------------------------------------------------------------- */

START_TEST(test_fstring_simple)
{
	lex("f\"hello {name}!\"\n");
	ck_assert_str_eq(dump(), "STRING:f\"hello {name}!\" NEWLINE EOF");
	ck_assert_uint_eq(tok(0)->flags, STR_FSTRING);
	ck_assert_str_eq(value_of(0, NULL), "hello {name}!");
	assert_no_error();
}
END_TEST

START_TEST(test_fstring_nested_same_quotes)
{
	lex("f\"{x[\"a\"]} and {d[\"}\"]}\"\n");
	ck_assert_str_eq(dump(), "STRING:f\"{x[\"a\"]} and {d[\"}\"]}\" NEWLINE EOF");
	ck_assert_str_eq(value_of(0, NULL), "{x[\"a\"]} and {d[\"}\"]}");
	assert_no_error();
}
END_TEST

START_TEST(test_fstring_nested_fstrings)
{
	lex("a = f\"{f'{y}'}\"\nb = f\"{f\"{f\"{z}\"}\"}\"\nc = f'''{f\"\"\"{1}\"\"\"}'''\n");
	ck_assert_str_eq(types(), "NAME OP STRING NEWLINE NAME OP STRING NEWLINE NAME OP STRING NEWLINE EOF");
	ck_assert_uint_eq(tok(6)->len, strlen("f\"{f\"{f\"{z}\"}\"}\""));
	ck_assert_str_eq(value_of(6, NULL), "{f\"{f\"{z}\"}\"}");
	ck_assert_uint_eq(tok(10)->flags, STR_FSTRING | STR_TRIPLE);
	assert_no_error();
}
END_TEST

START_TEST(test_fstring_brace_escapes)
{
	lex("f'{{literal}} {x} }}{{'\n");
	ck_assert_int_eq(tok(0)->type, TK_STRING);
	ck_assert_str_eq(value_of(0, NULL), "{{literal}} {x} }}{{");
	lex("'{{not f}}'\n");
	ck_assert_str_eq(value_of(0, NULL), "{{not f}}");
	assert_no_error();
}
END_TEST

START_TEST(test_fstring_format_spec_and_conversion)
{
	lex("f\"{x:>{w}} {y!r} {z!s:^10} {a!=b} {c:%Y-%m-%d} {d=} {e:{'>'}{w}}\"\n");
	ck_assert_str_eq(types(), "STRING NEWLINE EOF");
	ck_assert_str_eq(value_of(0, NULL), "{x:>{w}} {y!r} {z!s:^10} {a!=b} {c:%Y-%m-%d} {d=} {e:{'>'}{w}}");
	assert_no_error();
}
END_TEST

START_TEST(test_fstring_escapes_and_named)
{
	lex("f'a\\n{x}\\t\\N{BULLET}' rf'\\n{x}\\N{y}' f'\\{x}'\n");
	ck_assert_str_eq(types(), "STRING STRING STRING NEWLINE EOF");
	ck_assert_str_eq(value_of(0, NULL), "a\n{x}\t\\N{BULLET}");
	ck_assert_str_eq(value_of(1, NULL), "\\n{x}\\N{y}");
	ck_assert_str_eq(value_of(2, NULL), "\\{x}");
	assert_no_error();
}
END_TEST

START_TEST(test_fstring_multiline_expression)
{
	lex("x = f\"playlist: {\", \".join([\n    'a',  # first\n    'b',\n])}\"\ny = 1\n");
	ck_assert_str_eq(dump(), "NAME:x OP:= STRING:f\"playlist: {\", \".join([\n    'a',  # first\n    'b',\n])}\" "
	                         "NEWLINE NAME:y OP:= NUMBER:1 NEWLINE EOF");
	assert_pos(2, 1, 5, 4, 4);
	assert_pos(4, 5, 1, 5, 1);
	ck_assert_uint_eq(R.ncomments, 0); /* comments inside an f-string are part of the string */
	assert_no_error();
}
END_TEST

START_TEST(test_fstring_triple_with_lambda_and_dict)
{
	lex("f'''{(lambda x: x)(1)} { {'k': 1}['k']} {a[1:2]}'''\n");
	ck_assert_str_eq(types(), "STRING NEWLINE EOF");
	assert_no_error();
}
END_TEST

START_TEST(test_fstring_single_brace_error)
{
	lex("x = f'a } b'\ny = 2\n");
	ck_assert_str_eq(dump(), "NAME:x OP:= ERROR:f'a } b' NEWLINE NAME:y OP:= NUMBER:2 NEWLINE EOF");
	ck_assert_uint_eq(tok(2)->flags, STR_FSTRING);
	assert_error(1, 9, "f-string: single '}' is not allowed", "}");
}
END_TEST

START_TEST(test_fstring_unterminated)
{
	lex("x = f'abc {y}\nz = 1\n");
	ck_assert_str_eq(dump(), "NAME:x OP:= ERROR:f'abc {y} NEWLINE NAME:z OP:= NUMBER:1 NEWLINE EOF");
	ck_assert_uint_eq(tok(2)->flags, STR_FSTRING | STR_UNTERMINATED);
	assert_error(1, 5, "unterminated f-string literal", "f'abc {y}");
	ck_assert_str_eq(value_of(2, NULL), "abc {y}");
}
END_TEST

START_TEST(test_fstring_unclosed_field)
{
	lex("x = f'{y'\nz = 1\n");
	ck_assert_str_eq(types(), "NAME OP ERROR NEWLINE NAME OP NUMBER NEWLINE EOF");
	ck_assert_uint_eq(tok(2)->flags & STR_UNTERMINATED, STR_UNTERMINATED);
	ck_assert(R.error.set);
	ck_assert_uint_eq(R.error.line, 1);
}
END_TEST

START_TEST(test_fstring_comment_in_single_quoted_field)
{
	/* CPython 3.12 test_fstring: f"{1+2 = # my comment\n  }" == '1+2 = \n  3' */
	lex("x = f\"{1+2 = # my comment\n  }\"\ny = 1\n");
	ck_assert_str_eq(dump(), "NAME:x OP:= STRING:f\"{1+2 = # my comment\n  }\" NEWLINE NAME:y OP:= NUMBER:1 NEWLINE EOF");
	assert_pos(2, 1, 5, 2, 4);
	assert_pos(4, 3, 1, 3, 1);
	ck_assert_uint_eq(tok(2)->flags, STR_FSTRING);
	ck_assert_str_eq(value_of(2, NULL), "{1+2 = # my comment\n  }");
	ck_assert_uint_eq(R.ncomments, 0);
	assert_no_error();
	/* 3.12 also takes a plain newline in a single-quoted field, and a comment holding the quote and a brace */
	lex("a = f'{x\n}' f'{x # c}\"\n}'\n");
	ck_assert_str_eq(types(), "NAME OP STRING STRING NEWLINE EOF");
	assert_pos(3, 2, 4, 3, 2);
	assert_no_error();
}
END_TEST

START_TEST(test_fstring_comment_swallows_close)
{
	/* the comment runs to the end of the line, taking '}' and the quote: the field never closes; the string is
	   ended at its own line and the next line is lexed normally */
	lex("x = f'{y # c}'\nz = 1\n");
	ck_assert_str_eq(dump(), "NAME:x OP:= ERROR:f'{y # c}' NEWLINE NAME:z OP:= NUMBER:1 NEWLINE EOF");
	ck_assert_uint_eq(tok(2)->flags, STR_FSTRING | STR_UNTERMINATED);
	assert_error(1, 5, "unterminated f-string literal", "f'{y # c}'");
	/* an unclosed field at the end of a line: same, not the rest of the file */
	lex("x = f'{y\nz = 1\n");
	ck_assert_str_eq(dump(), "NAME:x OP:= ERROR:f'{y NEWLINE NAME:z OP:= NUMBER:1 NEWLINE EOF");
	assert_error(1, 5, "unterminated f-string literal", "f'{y");
}
END_TEST

START_TEST(test_string_value_lines)
{
	lex("x = \"\"\"\\\n  a\\nb\n\r\nc\"\"\"\n");
	ck_assert_int_eq(tok(2)->type, TK_STRING);
	size_t n = 0;
	unsigned *lines = NULL;
	char *v = lex_string_value_lines(&A, tok(2), &n, &lines);
	ck_assert_ptr_nonnull(v);
	ck_assert_ptr_nonnull(lines);
	ck_assert_uint_eq(n, 8);
	ck_assert_int_eq(memcmp(v, "  a\nb\n\nc", 8), 0);
	/* the continuation puts "  a" on line 2; the escaped \n is not a line of the file; CRLF counts once */
	static const unsigned want[] = {2, 2, 2, 2, 2, 2, 3, 4, 4};
	for (size_t i = 0; i <= n; i++)
		ck_assert_uint_eq(lines[i], want[i]);
	/* one-line token: every byte on its line; without the out-parameter it is lex_string_value() */
	lex("\n'ab'\n");
	v = lex_string_value_lines(&A, tok(0), &n, &lines);
	ck_assert_str_eq(v, "ab");
	ck_assert_uint_eq(lines[0], 2);
	ck_assert_uint_eq(lines[2], 2);
	ck_assert_str_eq(lex_string_value_lines(&A, tok(0), &n, NULL), "ab");
}
END_TEST

START_TEST(test_fstring_spec_hits_quote)
{
	lex("x = f'{y:>10'\n");
	ck_assert_str_eq(dump(), "NAME:x OP:= ERROR:f'{y:>10' NEWLINE EOF");
	assert_error(1, 13, "f-string: expecting '}'", "'");
}
END_TEST

START_TEST(test_fstring_deep_nesting_limit)
{
	/* 200 nested fields: beyond the limit an error, but no crash and the token ends where the string does */
	static char src[4096];
	size_t n = 0;
	for (int i = 0; i < 200; i++) {
		memcpy(src + n, "f'{", 3);
		n += 3;
	}
	for (int i = 0; i < 200; i++) {
		memcpy(src + n, "}'", 2);
		n += 2;
	}
	lex_n(src, n);
	ck_assert(R.error.set);
	ck_assert_str_eq(R.error.message, "f-string: too many nested expressions");
	ck_assert_int_eq(tok(R.ntokens - 1)->type, TK_EOF);
}
END_TEST

/* ---- errors ------------------------------------------------------------------------------------------------- */

START_TEST(test_unterminated_single)
{
	lex("a = 1\nb = \"abc\nc = 2\n");
	ck_assert_str_eq(dump(), "NAME:a OP:= NUMBER:1 NEWLINE NAME:b OP:= ERROR:\"abc NEWLINE NAME:c OP:= NUMBER:2 "
	                         "NEWLINE EOF");
	ck_assert_uint_eq(tok(6)->flags, STR_UNTERMINATED);
	assert_pos(6, 2, 5, 2, 8);
	assert_error(2, 5, "unterminated string literal", "\"abc");
}
END_TEST

START_TEST(test_unterminated_triple)
{
	lex("x = 1\ns = '''abc\ndef\n");
	ck_assert_str_eq(dump(), "NAME:x OP:= NUMBER:1 NEWLINE NAME:s OP:= ERROR:'''abc\ndef\n NEWLINE EOF");
	ck_assert_uint_eq(tok(6)->flags, STR_TRIPLE | STR_UNTERMINATED);
	assert_pos(6, 2, 5, 3, 4);
	assert_error(2, 5, "unterminated triple-quoted string literal", "'''abc?def?");
	ck_assert_str_eq(value_of(6, NULL), "abc\ndef\n");
}
END_TEST

START_TEST(test_unterminated_at_eof_no_newline)
{
	lex("x = 'abc");
	ck_assert_str_eq(dump(), "NAME:x OP:= ERROR:'abc NEWLINE EOF");
	assert_error(1, 5, "unterminated string literal", "'abc");
}
END_TEST

START_TEST(test_stray_characters)
{
	lex("a = $b\nc ? d\ne = `f`\ng = !h\n");
	ck_assert_str_eq(dump(), "NAME:a OP:= ERROR:$ NAME:b NEWLINE NAME:c ERROR:? NAME:d NEWLINE NAME:e OP:= ERROR:` "
	                         "NAME:f ERROR:` NEWLINE NAME:g OP:= ERROR:! NAME:h NEWLINE EOF");
	assert_error(1, 5, "invalid character '$' (U+0024)", "$");
}
END_TEST

START_TEST(test_stray_question_mark)
{
	lex("x = y ?\n");
	assert_error(1, 7, "invalid character '?' (U+003F)", "?");
	lex("`");
	ck_assert_str_eq(dump(), "ERROR:` NEWLINE EOF");
	assert_error(1, 1, "invalid character '`' (U+0060)", "`");
	lex("x = \x01\n");
	assert_error(1, 5, "invalid non-printable character U+0001", "?");
}
END_TEST

START_TEST(test_first_error_kept_and_lexing_continues)
{
	lex("a = $\nb = 'open\nc = 3\n");
	ck_assert_str_eq(dump(), "NAME:a OP:= ERROR:$ NEWLINE NAME:b OP:= ERROR:'open NEWLINE NAME:c OP:= NUMBER:3 "
	                         "NEWLINE EOF");
	assert_error(1, 5, "invalid character '$' (U+0024)", "$");
}
END_TEST

START_TEST(test_bracket_errors)
{
	lex("x = )\n");
	ck_assert_str_eq(dump(), "NAME:x OP:= OP:) NEWLINE EOF");
	assert_error(1, 5, "unmatched ')'", ")");
	lex("x = (1]\n");
	assert_error(1, 7, "closing parenthesis ']' does not match opening parenthesis '('", "]");
	lex("x = [\n1}\n");
	assert_error(2, 2, "closing parenthesis '}' does not match opening parenthesis '[' on line 1", "}");
	lex("op.create_table('t',\n    sa.Column('id')\n");
	ck_assert_str_eq(types(), "NAME OP NAME OP STRING OP NAME OP NAME OP STRING OP NEWLINE EOF");
	assert_error(1, 16, "'(' was never closed", "(");
}
END_TEST

START_TEST(test_backslash_errors)
{
	lex("x = 1 \\ y\n");
	ck_assert_str_eq(dump(), "NAME:x OP:= NUMBER:1 ERROR:\\ NAME:y NEWLINE EOF");
	assert_error(1, 7, "unexpected character after line continuation character", "\\");
	lex("x = \\");
	ck_assert_str_eq(dump(), "NAME:x OP:= ERROR:\\ NEWLINE EOF");
	assert_error(1, 5, "unexpected EOF after line continuation character", "\\");
}
END_TEST

/* ---- indentation -------------------------------------------------------------------------------------------- */

START_TEST(test_indent_dedent)
{
	lex("def f():\n    if x:\n        y\n    z\nw\n");
	ck_assert_str_eq(types(), "NAME NAME OP OP OP NEWLINE INDENT NAME NAME OP NEWLINE INDENT NAME NEWLINE DEDENT "
	                          "NAME NEWLINE DEDENT NAME NEWLINE EOF");
	assert_pos(6, 2, 1, 2, 4);   /* INDENT covers the whitespace */
	ck_assert_uint_eq(tok(6)->len, 4);
	assert_pos(14, 4, 5, 4, 5);  /* DEDENT sits at the first token */
	ck_assert_uint_eq(tok(14)->len, 0);
	assert_no_error();
}
END_TEST

START_TEST(test_multiple_dedents_at_once)
{
	lex("if a:\n  if b:\n    if c:\n      d\ne\n");
	ck_assert_str_eq(types(), "NAME NAME OP NEWLINE INDENT NAME NAME OP NEWLINE INDENT NAME NAME OP NEWLINE INDENT "
	                          "NAME NEWLINE DEDENT DEDENT DEDENT NAME NEWLINE EOF");
	assert_no_error();
}
END_TEST

START_TEST(test_blank_and_comment_lines)
{
	lex("def f():\n\n    # about x\n      \n    x = 1\n  # odd indent comment\n\n    y\n\t\n# end\n");
	ck_assert_str_eq(types(), "NAME NAME OP OP OP NEWLINE INDENT NAME OP NUMBER NEWLINE NAME NEWLINE DEDENT EOF");
	ck_assert_uint_eq(R.ncomments, 3);
	assert_no_error();
}
END_TEST

START_TEST(test_tabs_indentation)
{
	lex("if a:\n\tb\n\tif c:\n\t\td\n\te\n");
	ck_assert_str_eq(types(), "NAME NAME OP NEWLINE INDENT NAME NEWLINE NAME NAME OP NEWLINE INDENT NAME NEWLINE "
	                          "DEDENT NAME NEWLINE DEDENT EOF");
	ck_assert_uint_eq(tok(11)->len, 2);
	assert_no_error();
}
END_TEST

START_TEST(test_mixed_tabs_spaces_consistent)
{
	/* tab, then tab + 4 spaces (col 12), then back to the tab level: consistent under both measures */
	lex("if a:\n\tb\n\tif c:\n\t    d\n\te\n");
	ck_assert_str_eq(types(), "NAME NAME OP NEWLINE INDENT NAME NEWLINE NAME NAME OP NEWLINE INDENT NAME NEWLINE "
	                          "DEDENT NAME NEWLINE DEDENT EOF");
	assert_no_error();
}
END_TEST

START_TEST(test_tab_error)
{
	lex("if x:\n\ty\n        z\n");
	ck_assert_str_eq(dump(), "NAME:if NAME:x OP:: NEWLINE INDENT NAME:y NEWLINE ERROR:         NAME:z NEWLINE "
	                         "DEDENT EOF");
	assert_error(3, 1, "inconsistent use of tabs and spaces in indentation", "        ");
}
END_TEST

START_TEST(test_inconsistent_dedent)
{
	lex("if x:\n        a\n    b\nc\n");
	ck_assert_str_eq(dump(), "NAME:if NAME:x OP:: NEWLINE INDENT NAME:a NEWLINE DEDENT ERROR:     NAME:b NEWLINE "
	                         "NAME:c NEWLINE EOF");
	assert_error(3, 1, "unindent does not match any outer indentation level", "    ");
}
END_TEST

START_TEST(test_form_feed)
{
	lex("\fx = 1\nif y:\n  \f  z\n");
	ck_assert_str_eq(types(), "NAME OP NUMBER NEWLINE NAME NAME OP NEWLINE INDENT NAME NEWLINE DEDENT EOF");
	assert_no_error();
}
END_TEST

/* ---- comments and line joining ------------------------------------------------------------------------------ */

START_TEST(test_comments_collected)
{
	lex("# mrt: ignore[MRT001]\nx = 1  # trailing\nf(\n    # inside\n    a)\n    # dedented own line\n");
	ck_assert_str_eq(types(), "NAME OP NUMBER NEWLINE NAME OP NAME OP NEWLINE EOF");
	ck_assert_uint_eq(R.ncomments, 4);
	const struct comment *c = R.comments;
	ck_assert_uint_eq(c[0].len, strlen("# mrt: ignore[MRT001]"));
	ck_assert_mem_eq(c[0].text, "# mrt: ignore[MRT001]", c[0].len);
	ck_assert_uint_eq(c[0].line, 1);
	ck_assert_uint_eq(c[0].col, 1);
	ck_assert(c[0].own_line);
	ck_assert_mem_eq(c[1].text, "# trailing", c[1].len);
	ck_assert_uint_eq(c[1].line, 2);
	ck_assert_uint_eq(c[1].col, 8);
	ck_assert(!c[1].own_line);
	ck_assert_uint_eq(c[2].line, 4);
	ck_assert_uint_eq(c[2].col, 5);
	ck_assert(c[2].own_line);
	ck_assert_uint_eq(c[3].line, 6);
	ck_assert(c[3].own_line);
	assert_no_error();
}
END_TEST

START_TEST(test_comment_after_string_on_same_line)
{
	lex("x = \"\"\"a\nb\"\"\"  # c\n");
	ck_assert_uint_eq(R.ncomments, 1);
	ck_assert_uint_eq(R.comments[0].line, 2);
	ck_assert_uint_eq(R.comments[0].col, 7);
	ck_assert(!R.comments[0].own_line);
}
END_TEST

START_TEST(test_explicit_line_joining)
{
	lex("if a and \\\n   b:\n    x = 1 + \\\n2\n");
	ck_assert_str_eq(types(), "NAME NAME NAME NAME OP NEWLINE INDENT NAME OP NUMBER OP NUMBER NEWLINE DEDENT EOF");
	assert_pos(3, 2, 4, 2, 4);
	assert_pos(11, 4, 1, 4, 1);
	assert_no_error();
}
END_TEST

START_TEST(test_implicit_line_joining)
{
	lex("x = [\n  1,\n\n      2,  # two\n# own\n  {\n'k':\n 3}\n]\ny = (1,\n)\n");
	ck_assert_str_eq(types(), "NAME OP OP NUMBER OP NUMBER OP OP STRING OP NUMBER OP OP NEWLINE NAME OP OP NUMBER OP "
	                          "OP NEWLINE EOF");
	ck_assert_uint_eq(R.ncomments, 2);
	assert_no_error();
}
END_TEST

/* ---- line endings, encodings, odd bytes --------------------------------------------------------------------- */

START_TEST(test_crlf)
{
	lex("if x:\r\n    s = '''a\r\nb'''\r\n\r\ny = 1\r\n");
	ck_assert_str_eq(types(), "NAME NAME OP NEWLINE INDENT NAME OP STRING NEWLINE DEDENT NAME OP NUMBER NEWLINE EOF");
	ck_assert_uint_eq(tok(3)->len, 2);
	assert_pos(3, 1, 6, 1, 7);
	assert_pos(7, 2, 9, 3, 4);
	assert_pos(10, 5, 1, 5, 1);
	ck_assert_str_eq(value_of(7, NULL), "a\nb");
	ck_assert_uint_eq(R.nlines, 5);
	assert_no_error();
}
END_TEST

START_TEST(test_lone_cr)
{
	lex("a = 1\rif b:\r  c = '''x\ry'''\r");
	ck_assert_str_eq(types(), "NAME OP NUMBER NEWLINE NAME NAME OP NEWLINE INDENT NAME OP STRING NEWLINE DEDENT EOF");
	assert_pos(4, 2, 1, 2, 2);
	assert_pos(11, 3, 7, 4, 4);
	ck_assert_str_eq(value_of(11, NULL), "x\ny");
	ck_assert_uint_eq(R.nlines, 4);
}
END_TEST

START_TEST(test_bom)
{
	lex("\xEF\xBB\xBFx = 1\n");
	ck_assert_str_eq(dump(), "NAME:x OP:= NUMBER:1 NEWLINE EOF");
	assert_pos(0, 1, 1, 1, 1);
	assert_pos(2, 1, 5, 1, 5);
	assert_no_error();
	lex("\xEF\xBB\xBF");
	ck_assert_str_eq(types(), "EOF");
	ck_assert_uint_eq(R.nlines, 0);
	lex("x\xEF\xBB\xBF\n"); /* only at the very start it is a BOM */
	ck_assert_str_eq(dump(), "NAME:x ERROR:\xEF\xBB\xBF NEWLINE EOF");
	assert_error(1, 2, "invalid non-printable character U+FEFF", "\xEF\xBB\xBF");
}
END_TEST

START_TEST(test_non_utf8_outside)
{
	lex("x = \xff\xfe y\n");
	ck_assert_str_eq(dump(), "NAME:x OP:= ERROR:\xff\xfe NAME:y NEWLINE EOF");
	assert_error(1, 5, "invalid UTF-8 byte 0xFF", "??");
	lex("ab\xC3(\n"); /* truncated sequence ends the name */
	ck_assert_str_eq(dump(), "NAME:ab ERROR:\xC3 OP:( NEWLINE EOF");
	assert_error(1, 3, "invalid UTF-8 byte 0xC3", "?");
}
END_TEST

START_TEST(test_non_utf8_inside_strings_and_comments)
{
	lex("x = '\xff\xfe\x80'  # caf\xe9\n");
	ck_assert_str_eq(types(), "NAME OP STRING NEWLINE EOF");
	ck_assert_uint_eq(R.ncomments, 1);
	ck_assert_uint_eq(R.comments[0].len, 6);
	size_t n;
	const char *v = value_of(2, &n);
	ck_assert_uint_eq(n, 3);
	ck_assert_mem_eq(v, "\xff\xfe\x80", 3);
	assert_no_error();
}
END_TEST

START_TEST(test_unicode_identifiers)
{
	lex("caf\xC3\xA9 = \xE5\x90\x8D\xE5\x89\x8D + \xF0\x9D\x90\x80x\n");
	ck_assert_str_eq(dump(), "NAME:caf\xC3\xA9 OP:= NAME:\xE5\x90\x8D\xE5\x89\x8D OP:+ NAME:\xF0\x9D\x90\x80x NEWLINE EOF");
	assert_pos(2, 1, 9, 1, 14);
	assert_no_error();
}
END_TEST

START_TEST(test_non_identifier_unicode)
{
	lex("price = 5\xE2\x82\xAC\n"); /* a number glued to a symbol */
	ck_assert_str_eq(dump(), "NAME:price OP:= NUMBER:5 ERROR:\xE2\x82\xAC NEWLINE EOF");
	assert_error(1, 10, "invalid character '\xE2\x82\xAC' (U+20AC)", "\xE2\x82\xAC");
	lex("x = 5\xC3\xA9\n");
	assert_error(1, 5, "invalid decimal literal", "5\xC3\xA9");
	lex("x = \xE2\x82\xAC\n");
	ck_assert_str_eq(dump(), "NAME:x OP:= ERROR:\xE2\x82\xAC NEWLINE EOF");
	assert_error(1, 5, "invalid character '\xE2\x82\xAC' (U+20AC)", "\xE2\x82\xAC");
	lex("op.execute(\xE2\x80\x9CSELECT 1\xE2\x80\x9D)\n"); /* smart quotes pasted from a document */
	ck_assert_str_eq(dump(), "NAME:op OP:. NAME:execute OP:( ERROR:\xE2\x80\x9C NAME:SELECT NUMBER:1 "
	                         "ERROR:\xE2\x80\x9D OP:) NEWLINE EOF");
	assert_error(1, 12, "invalid character '\xE2\x80\x9C' (U+201C)", "\xE2\x80\x9C");
	lex("a =\xC2\xA0" "b\n"); /* no-break space */
	ck_assert_str_eq(dump(), "NAME:a OP:= ERROR:\xC2\xA0 NAME:b NEWLINE EOF");
	assert_error(1, 4, "invalid non-printable character U+00A0", "\xC2\xA0");
	lex("x\xC2\xB2 = \xC2\xB5s + \xE2\x82\xA8\n"); /* valid after NFKC: x2, mu s, Rs */
	ck_assert_str_eq(types(), "NAME OP NAME OP NAME NEWLINE EOF");
	assert_no_error();
}
END_TEST

START_TEST(test_nul_bytes)
{
	static const char src[] = "x = 1\0\0\ny = '\0'\n";
	lex_n(src, sizeof(src) - 1);
	ck_assert_str_eq(types(), "NAME OP NUMBER ERROR NEWLINE NAME OP STRING NEWLINE EOF");
	ck_assert_uint_eq(tok(3)->len, 2);
	assert_error(1, 6, "source code cannot contain null bytes", "??");
	size_t n;
	const char *v = value_of(7, &n);
	ck_assert_uint_eq(n, 1);
	ck_assert_int_eq(v[0], 0);
}
END_TEST

START_TEST(test_no_final_newline)
{
	lex("def f():\n    if x:\n        return 1");
	ck_assert_str_eq(types(), "NAME NAME OP OP OP NEWLINE INDENT NAME NAME OP NEWLINE INDENT NAME NUMBER NEWLINE "
	                          "DEDENT DEDENT EOF");
	const struct token *nl = tok(14);
	ck_assert_uint_eq(nl->len, 0);
	assert_pos(14, 3, 17, 3, 17);
	assert_pos(17, 3, 17, 3, 17);
	ck_assert_uint_eq(R.nlines, 3);
	assert_no_error();
}
END_TEST

START_TEST(test_comment_at_eof_without_newline)
{
	lex("x = 1\n# end");
	ck_assert_str_eq(types(), "NAME OP NUMBER NEWLINE EOF");
	ck_assert_uint_eq(R.ncomments, 1);
	ck_assert_uint_eq(R.comments[0].len, 5);
	ck_assert_uint_eq(R.nlines, 2);
}
END_TEST

/* ---- volume and robustness ---------------------------------------------------------------------------------- */

START_TEST(test_many_tokens_grow)
{
	/* dense input: more tokens than the initial estimate (one per 6 bytes) */
	size_t n = 60000;
	char *src = malloc(n);
	ck_assert_ptr_nonnull(src);
	for (size_t i = 0; i < n; i += 2) {
		src[i] = 'a';
		src[i + 1] = i % 120 == 118 ? '\n' : ';';
	}
	lex_n(src, n);
	free(src);
	size_t names = 0;
	for (size_t i = 0; i < R.ntokens; i++)
		names += R.tokens[i].type == TK_NAME;
	ck_assert_uint_eq(names, n / 2);
	assert_no_error();
}
END_TEST

static const char TRICKY[] =
	"\xEF\xBB\xBF# -*- coding: utf-8 -*-\r\n"
	"\"\"\"Add users.\n\nRevision ID: abc\n\"\"\"\n"
	"from alembic import op\nimport sqlalchemy as sa\n"
	"revision = 'abc'; down_revision = ('x', \"y\")\n"
	"def upgrade() -> None:\n"
	"    with op.batch_alter_table(\"t\") as b:\n"
	"        b.add_column(\tsa.Column('n', sa.String(50), server_default=sa.text(\"'x'\")))  # mrt: ignore\n"
	"    op.execute(f\"\"\"UPDATE {t!r:>{w}} SET a = {f'{x[\"k\"]}'} -- }}{{\n\"\"\")\n"
	"    s = rb'\\'' + b\"\\x00\" + '\\N{DASH}\\u00e9\\\n' + 0x_1f + 1.5e-3j\n"
	"    if a and \\\n        b: pass\r"
	"    x = [1,\n  # c\n  2]  $ ?\x00\xff caf\xC3\xA9\n"
	"def downgrade():\n  raise NotImplementedError()\n   x = '''open";

START_TEST(test_every_prefix_of_tricky_sample)
{
	size_t n = sizeof(TRICKY) - 1;
	for (size_t cut = 0; cut <= n; cut++) {
		arena_clear(&A);
		lex_n(TRICKY, cut);
		for (size_t i = 0; i < R.ntokens; i++) {
			const struct token *t = &R.tokens[i];
			ck_assert(t->start >= SRC && t->start + t->len <= SRC + cut);
			ck_assert(t->line >= 1 && t->end_line >= t->line);
			if (t->type == TK_STRING || t->type == TK_ERROR)
				ck_assert_ptr_nonnull(lex_string_value(&A, t, NULL));
		}
		int level = 0;
		for (size_t i = 0; i < R.ntokens; i++)
			level += R.tokens[i].type == TK_INDENT ? 1 : R.tokens[i].type == TK_DEDENT ? -1 : 0;
		ck_assert_int_eq(level, 0);
	}
}
END_TEST

START_TEST(test_every_suffix_of_tricky_sample)
{
	size_t n = sizeof(TRICKY) - 1;
	for (size_t cut = 0; cut <= n; cut++) {
		arena_clear(&A);
		lex_n(TRICKY + cut, n - cut);
		for (size_t i = 0; i < R.ntokens; i++) {
			const struct token *t = &R.tokens[i];
			ck_assert(t->start >= SRC && t->start + t->len <= SRC + (n - cut));
			if (t->type == TK_STRING || t->type == TK_ERROR)
				ck_assert_ptr_nonnull(lex_string_value(&A, t, NULL));
		}
	}
}
END_TEST

START_TEST(test_tricky_sample_tokens)
{
	lex_n(TRICKY, sizeof(TRICKY) - 1);
	ck_assert(R.error.set);
	ck_assert_str_eq(R.error.message, "invalid character '$' (U+0024)");
	ck_assert_uint_eq(R.error.line, 20);
	ck_assert_uint_eq(R.error.col, 7);
	/* the f-string with nested same quotes is one token */
	bool seen = false;
	for (size_t i = 0; i < R.ntokens; i++)
		if (R.tokens[i].type == TK_STRING && (R.tokens[i].flags & STR_FSTRING)) {
			ck_assert_uint_eq(R.tokens[i].line, 12);
			ck_assert_uint_eq(R.tokens[i].end_line, 13);
			seen = true;
		}
	ck_assert(seen);
}
END_TEST

static Suite *lexer_suite(void)
{
	Suite *s = suite_create("lexer");
	TCase *tc = tcase_create("core");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_empty);
	tcase_add_test(tc, test_simple_statement);
	tcase_add_test(tc, test_operators);
	tcase_add_test(tc, test_keywords_are_names);
	tcase_add_test(tc, test_tok_helpers);
	tcase_add_test(tc, test_numbers);
	tcase_add_test(tc, test_number_attribute);
	tcase_add_test(tc, test_number_leading_zero_error);
	tcase_add_test(tc, test_number_invalid_decimal);
	tcase_add_test(tc, test_number_invalid_base);
	tcase_add_test(tc, test_string_prefixes);
	tcase_add_test(tc, test_not_a_prefix);
	tcase_add_test(tc, test_empty_strings);
	tcase_add_test(tc, test_triple_quoted_embedded_quotes);
	tcase_add_test(tc, test_multiline_string_positions);
	tcase_add_test(tc, test_backslash_quote_does_not_end);
	tcase_add_test(tc, test_escape_values);
	tcase_add_test(tc, test_bytes_escape_values);
	tcase_add_test(tc, test_raw_values);
	tcase_add_test(tc, test_string_line_continuation);
	tcase_add_test(tc, test_implicit_concatenation);
	tcase_add_test(tc, test_fstring_simple);
	tcase_add_test(tc, test_fstring_nested_same_quotes);
	tcase_add_test(tc, test_fstring_nested_fstrings);
	tcase_add_test(tc, test_fstring_brace_escapes);
	tcase_add_test(tc, test_fstring_format_spec_and_conversion);
	tcase_add_test(tc, test_fstring_escapes_and_named);
	tcase_add_test(tc, test_fstring_multiline_expression);
	tcase_add_test(tc, test_fstring_triple_with_lambda_and_dict);
	tcase_add_test(tc, test_fstring_single_brace_error);
	tcase_add_test(tc, test_fstring_unterminated);
	tcase_add_test(tc, test_fstring_unclosed_field);
	tcase_add_test(tc, test_fstring_comment_in_single_quoted_field);
	tcase_add_test(tc, test_fstring_comment_swallows_close);
	tcase_add_test(tc, test_string_value_lines);
	tcase_add_test(tc, test_fstring_spec_hits_quote);
	tcase_add_test(tc, test_fstring_deep_nesting_limit);
	tcase_add_test(tc, test_unterminated_single);
	tcase_add_test(tc, test_unterminated_triple);
	tcase_add_test(tc, test_unterminated_at_eof_no_newline);
	tcase_add_test(tc, test_stray_characters);
	tcase_add_test(tc, test_stray_question_mark);
	tcase_add_test(tc, test_first_error_kept_and_lexing_continues);
	tcase_add_test(tc, test_bracket_errors);
	tcase_add_test(tc, test_backslash_errors);
	tcase_add_test(tc, test_indent_dedent);
	tcase_add_test(tc, test_multiple_dedents_at_once);
	tcase_add_test(tc, test_blank_and_comment_lines);
	tcase_add_test(tc, test_tabs_indentation);
	tcase_add_test(tc, test_mixed_tabs_spaces_consistent);
	tcase_add_test(tc, test_tab_error);
	tcase_add_test(tc, test_inconsistent_dedent);
	tcase_add_test(tc, test_form_feed);
	tcase_add_test(tc, test_comments_collected);
	tcase_add_test(tc, test_comment_after_string_on_same_line);
	tcase_add_test(tc, test_explicit_line_joining);
	tcase_add_test(tc, test_implicit_line_joining);
	tcase_add_test(tc, test_crlf);
	tcase_add_test(tc, test_lone_cr);
	tcase_add_test(tc, test_bom);
	tcase_add_test(tc, test_non_utf8_outside);
	tcase_add_test(tc, test_non_utf8_inside_strings_and_comments);
	tcase_add_test(tc, test_unicode_identifiers);
	tcase_add_test(tc, test_non_identifier_unicode);
	tcase_add_test(tc, test_nul_bytes);
	tcase_add_test(tc, test_no_final_newline);
	tcase_add_test(tc, test_comment_at_eof_without_newline);
	tcase_add_test(tc, test_many_tokens_grow);
	tcase_add_test(tc, test_every_prefix_of_tricky_sample);
	tcase_add_test(tc, test_every_suffix_of_tricky_sample);
	tcase_add_test(tc, test_tricky_sample_tokens);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(lexer_suite());
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
