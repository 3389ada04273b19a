/*
 * sqlite_backend.h — internals shared by the SQLite backend's files (not part of the SDK).
 *
 * The backend never opens the user's database: `mrt verify` starts from an empty scratch file that Alembic upgrades.
 * The ops share one connection to the scratch file, opened by the first op after create_scratch() and closed by
 * drop_scratch()/create_scratch()/disconnect(). The Alembic runner (a different process) writes the same file between
 * ops, so every op ends with the connection idle: every statement finalized and no transaction open (sqlb_release),
 * which in SQLite means no lock on the file. A kept connection notices the runner's writes by itself: it drops its page
 * cache when the file change counter moved and re-reads the schema only when the schema cookie changed, instead of
 * re-parsing every CREATE statement in each op as a fresh connection does.
 */
#ifndef MRT_SQLITE_BACKEND_H
#define MRT_SQLITE_BACKEND_H

#include <stddef.h>
#include <stdint.h>
#include <sqlite3.h>
#include "mrt_sdk.h"

#define SQLB_PATH_MAX 4096

struct sqlb_table_cache; /* sqlite_backend.c */

struct sqlb_conn {
	char scratch_path[SQLB_PATH_MAX]; /* "" when no scratch exists */
	char *scratch_url;                /* owned: "sqlite:////tmp/mrt_scratch_..." or NULL */
	int registry_slot;                /* slot in the emergency-cleanup registry, -1 when none */
	sqlite3 *db;                      /* owned: the kept connection to the scratch, NULL until an op needs it */
	struct sqlb_table_cache *tcache;  /* owned: introspection results by table (sqlite_backend.c), or NULL */
};

/* Formats into err (always NUL-terminated). Returns code. */
int sqlb_fail(char *err, size_t errlen, int code, const char *fmt, ...) __attribute__((format(printf, 4, 5)));

/* The connection to the scratch file (read-write, busy timeout), opened on first use and kept in c->db; *db is
 * borrowed from c. Every successful sqlb_open must be paired with sqlb_release before the op returns. */
int sqlb_open(struct sqlb_conn *c, sqlite3 **db, char *err, size_t errlen);
/* Leaves the kept connection idle: finalizes statements left over (none should be), rolls back a transaction left
 * open, and closes the connection when it still is not idle (the next op reopens it). */
void sqlb_release(struct sqlb_conn *c);
/* Closes the kept connection (before the scratch file is removed or replaced). */
void sqlb_close(struct sqlb_conn *c);

/* Quotes an identifier as "name" (doubling embedded quotes) into buf; returns buf or NULL when it does not fit. */
char *sqlb_quote_ident(const char *name, char *buf, size_t size);

/* ---- hashing: a 64-bit hash written for this backend (seeded multiply-rotate rounds with a final avalanche). ---- */

static inline uint64_t sqlb_mix64(uint64_t x)
{
	x ^= x >> 30;
	x *= UINT64_C(0xbf58476d1ce4e5b9);
	x ^= x >> 27;
	x *= UINT64_C(0x94d049bb133111eb);
	x ^= x >> 31;
	return x;
}

static inline uint64_t sqlb_hash(const void *data, size_t len, uint64_t seed)
{
	const unsigned char *p = data;
	uint64_t h = seed ^ (UINT64_C(0x9e3779b97f4a7c15) * (uint64_t)(len + 1));
	while (len >= 8) {
		uint64_t w = (uint64_t)p[0] | (uint64_t)p[1] << 8 | (uint64_t)p[2] << 16 | (uint64_t)p[3] << 24 |
		             (uint64_t)p[4] << 32 | (uint64_t)p[5] << 40 | (uint64_t)p[6] << 48 | (uint64_t)p[7] << 56;
		h ^= sqlb_mix64(w + UINT64_C(0x632be59bd9b4e019));
		h = ((h << 27) | (h >> 37)) * UINT64_C(0x9e3779b97f4a7c15) + UINT64_C(0x7f4a7c159e3779b9);
		p += 8;
		len -= 8;
	}
	uint64_t w = 0;
	for (size_t i = 0; i < len; i++)
		w |= (uint64_t)p[i] << (8 * i);
	h ^= sqlb_mix64(w ^ UINT64_C(0xd6e8feb86659fd93));
	return sqlb_mix64(h);
}

/* Digest of one stored value (0 only for NULL). */
uint64_t sqlb_value_digest(sqlite3_stmt *st, int col);

/* seed (sqlite_seed.c) */
int sqlb_seed(struct sqlb_conn *c, const struct mrt_db_schema *schema, const struct mrt_seed_params *params, char *err,
              size_t errlen);

/* Extracts the CHECK constraints of a CREATE TABLE statement: calls fn(ud, name or NULL, normalised expression) for
 * each. Returns 0, or -1 on out-of-memory in fn (fn returns non-zero). (sqlite_sql.c) */
int sqlb_parse_checks(const char *create_sql, int (*fn)(void *ud, const char *name, const char *expr), void *ud);
/* Normalises an SQL fragment for comparison: whitespace outside quotes removed, keywords outside quotes upper-cased,
 * one pair of redundant outer parentheses stripped. Returns a malloc'd string or NULL. */
char *sqlb_normalize_sql(const char *s, size_t n);
/* Normalises a declared type: upper case, single spaces, no spaces inside parentheses. malloc'd or NULL. */
char *sqlb_normalize_type(const char *s);
/* Partial-index predicate ("WHERE ...") of a CREATE INDEX statement, normalised, malloc'd; NULL when none. */
char *sqlb_index_where(const char *create_sql);
/* Literals ('text' with quotes, numbers) of a CHECK expression that mentions column; *out malloc'd array of malloc'd
 * strings (free both), *n its length (0 when the expression does not mention the column). 0, or -1 on OOM. */
int sqlb_check_literals(const char *expr, const char *column, char ***out, size_t *n);
/* True when the CREATE TABLE statement ends in WITHOUT ROWID. */
int sqlb_without_rowid(const char *create_sql);

#endif
