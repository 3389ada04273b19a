/*
 * fuzz_parse.c — libFuzzer target for the Python lexer (core/lexer.c) and the migration parser (core/parser.c).
 *
 * Each input is lexed from a heap copy of exactly its size (no terminating NUL, so ASan catches any read past the
 * end), the token stream is checked against the lexer's invariants, every string token is decoded, and the same bytes
 * go through parse_migration(). A broken invariant aborts, which libFuzzer reports as a crash.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "lexer.h"
#include "parser.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void fuzz_check_lexer(struct arena *a, const char *buf, size_t size)
{
	struct lex_result r;
	if (lex_file(a, buf, size, &r) != 0)
		return; /* out of memory: nothing to check */
	if (r.ntokens == 0 || r.tokens[r.ntokens - 1].type != TK_EOF)
		abort();
	long level = 0;
	unsigned prev_line = 1;
	bool any_error = false;
	for (size_t i = 0; i < r.ntokens; i++) {
		const struct token *t = &r.tokens[i];
		if (t->start < buf || t->len > size || t->start + t->len > buf + size)
			abort();
		if (t->type == TK_EOF && i != r.ntokens - 1)
			abort();
		if (t->line < prev_line || t->end_line < t->line || t->line == 0 || t->col == 0)
			abort();
		prev_line = t->line;
		if (t->type == TK_INDENT)
			level++;
		else if (t->type == TK_DEDENT && --level < 0)
			abort();
		if (t->type == TK_ERROR)
			any_error = true;
		if (t->type == TK_STRING || t->type == TK_ERROR) {
			size_t n = 0;
			const char *v = lex_string_value(a, t, &n);
			if (!v)
				return;
			if (n > t->len || v[n] != '\0')
				abort();
		}
		(void)tok_is(t, "import");
		(void)tok_type_name(t->type);
	}
	if (level != 0 || (any_error && !r.error.set))
		abort();
	if (r.error.set && (r.error.line == 0 || strlen(r.error.message) == 0))
		abort();
	for (size_t i = 0; i < r.ncomments; i++) {
		const struct comment *c = &r.comments[i];
		if (c->text < buf || c->text + c->len > buf + size || c->len == 0 || c->text[0] != '#')
			abort();
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *buf = malloc(size ? size : 1); /* owned here */
	if (!buf)
		return 0;
	if (size)
		memcpy(buf, data, size);
	struct arena a;
	arena_init(&a);
	fuzz_check_lexer(&a, buf, size);
	arena_clear(&a);
	struct migration m;
	(void)parse_migration(&a, "fuzz.py", buf, size, &m);
	arena_release(&a);
	free(buf);
	return 0;
}
