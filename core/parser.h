/*
 * parser.h — Alembic migration file → struct migration (model.h).
 *
 * Tolerant: what it does not model it skips by balanced tokens; a syntax error is recorded in m->errors and parsing
 * goes on, so one bad line never loses the rest of the file.
 */
#ifndef MRT_PARSER_H
#define MRT_PARSER_H

#include "model.h"
#include "arena.h"

/*
 * Parses buf[0..len) (need not be NUL-terminated; the buffer must outlive the model only while the caller reads
 * comments — all model strings are copied into the arena). path is copied and used in messages.
 * Returns 0 and fills *out, or -1 on out-of-memory.
 */
int parse_migration(struct arena *a, const char *path, const char *buf, size_t len, struct migration *out);

#endif
