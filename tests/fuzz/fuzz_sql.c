/* fuzz_sql.c — libFuzzer target for the SQL splitter/classifier (core/sql.c).
 *
 * Each input is parsed from a heap copy of exactly its size (so reading past the end is caught by ASan) with a fresh
 * arena; every statement's fields are touched so that bad pointers show up, and each statement's text must split
 * back into itself. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "sql.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *buf = malloc(size ? size : 1); /* owned here */
	if (!buf)
		return 0;
	if (size)
		memcpy(buf, data, size);
	struct arena a;
	arena_init(&a);
	struct sql_list l;
	if (sql_parse(&a, buf, size, &l) == 0) {
		size_t sum = 0;
		for (size_t i = 0; i < l.count; i++) {
			const struct sql_stmt *s = &l.items[i];
			if (s->text[s->len] != '\0' || s->len > size || s->line > size)
				abort();
			const char *strs[] = {s->table, s->column, s->name, s->new_name, s->col_type, s->value};
			for (size_t k = 0; k < sizeof(strs) / sizeof(strs[0]); k++)
				sum += strs[k] ? strlen(strs[k]) : 0;
			sum += strlen(sql_verb_name(s->verb)) + strlen(sql_object_name(s->object)) +
			       strlen(sql_action_name(s->action));
			/* splitting a statement's own text again gives at most that one statement, unchanged */
			struct sql_list again;
			if (sql_parse(&a, s->text, s->len, &again) == 0 &&
			    (again.count > 1 ||
			     (again.count == 1 && (again.items[0].len != s->len || memcmp(again.items[0].text, s->text, s->len)))))
				abort();
		}
		if (sum == (size_t)-1)
			abort();
	}
	arena_release(&a);
	free(buf);
	return 0;
}
