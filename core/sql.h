/*
 * sql.h — split SQL text into statements and classify each one, once, for every rule.
 *
 * The splitter understands '...' (with '' escapes), "..." identifiers, `...` (MySQL), E'...' with backslash escapes,
 * $tag$...$tag$ dollar quotes, -- and # (MySQL) line comments, nested C-style block comments. It never reads past len.
 * A '#' is a comment only at a statement or line start (not "#>") or at a token start before whitespace, so the
 * PostgreSQL operators #> #>> and #- survive. Statements are trimmed of surrounding whitespace and comments.
 */
#ifndef MRT_SQL_H
#define MRT_SQL_H

#include <stddef.h>
#include <stdbool.h>
#include "arena.h"

enum sql_verb {
	SQL_V_OTHER = 0,
	SQL_V_CREATE, SQL_V_ALTER, SQL_V_DROP, SQL_V_RENAME,
	SQL_V_INSERT, SQL_V_UPDATE, SQL_V_DELETE, SQL_V_TRUNCATE, SQL_V_SELECT,
	SQL_V_LOCK, SQL_V_VACUUM, SQL_V_REINDEX, SQL_V_CLUSTER, SQL_V_SET, SQL_V_COMMENT, SQL_V_GRANT,
	SQL_V_BEGIN, SQL_V_COMMIT, SQL_V_ANALYZE, SQL_V_COPY, SQL_V_DO, SQL_V_CALL,
	SQL_V_REVOKE, SQL_V_ROLLBACK, SQL_V_REFRESH /* REFRESH MATERIALIZED VIEW */, SQL_V_MERGE,
};

enum sql_object {
	SQL_O_NONE = 0,
	SQL_O_TABLE, SQL_O_COLUMN, SQL_O_INDEX, SQL_O_TYPE, SQL_O_VIEW, SQL_O_MATVIEW, SQL_O_SEQUENCE, SQL_O_TRIGGER,
	SQL_O_FUNCTION, SQL_O_PROCEDURE, SQL_O_SCHEMA, SQL_O_DATABASE, SQL_O_CONSTRAINT, SQL_O_EXTENSION, SQL_O_DOMAIN,
};

/* What an ALTER TABLE does (first action; others_actions counts the rest). */
enum sql_alter_action {
	SQL_A_NONE = 0,
	SQL_A_ADD_COLUMN, SQL_A_DROP_COLUMN, SQL_A_ALTER_COLUMN_TYPE, SQL_A_SET_NOT_NULL, SQL_A_DROP_NOT_NULL,
	SQL_A_SET_DEFAULT, SQL_A_DROP_DEFAULT, SQL_A_ADD_CONSTRAINT, SQL_A_DROP_CONSTRAINT, SQL_A_VALIDATE_CONSTRAINT,
	SQL_A_RENAME_COLUMN, SQL_A_RENAME_TABLE, SQL_A_RENAME_CONSTRAINT, SQL_A_MODIFY_COLUMN /* MySQL */,
	SQL_A_CHANGE_COLUMN /* MySQL */, SQL_A_ADD_VALUE /* ALTER TYPE */, SQL_A_DETACH_PARTITION, SQL_A_ATTACH_PARTITION,
	SQL_A_OTHER,
	SQL_A_RENAME_VALUE /* ALTER TYPE ... RENAME VALUE 'a' TO 'b' */,
	SQL_A_RENAME /* ALTER INDEX/SEQUENCE/VIEW/TYPE/... RENAME TO x (tables use SQL_A_RENAME_TABLE) */,
};

struct sql_stmt {
	enum sql_verb verb;
	enum sql_object object;
	enum sql_alter_action action;
	const char *text;       /* arena-owned copy of the statement, trimmed, without the ';' */
	size_t len;
	unsigned line;          /* 0-based line offset of the statement start inside the SQL text */
	const char *table;      /* arena-owned, unquoted, schema-qualified as written ("public.users"), or NULL */
	const char *column;     /* column for ADD/DROP/ALTER/RENAME COLUMN, or NULL */
	const char *name;       /* index/type/constraint/sequence/view/... name, or NULL */
	const char *new_name;   /* target of RENAME ... TO x, or NULL */
	bool has_where;         /* UPDATE/DELETE with a WHERE clause */
	bool cascade;           /* CASCADE anywhere outside quotes (DROP ... CASCADE, TRUNCATE ... CASCADE), except the
	                           referential actions ON DELETE/UPDATE CASCADE (see on_delete_cascade) */
	bool concurrently;      /* CREATE/DROP INDEX CONCURRENTLY, REINDEX ... CONCURRENTLY, DETACH ... CONCURRENTLY */
	bool not_valid;         /* ADD CONSTRAINT ... NOT VALID */
	bool if_exists;         /* IF EXISTS / IF NOT EXISTS */
	bool unique;            /* CREATE UNIQUE INDEX, ADD ... UNIQUE / PRIMARY KEY */
	bool insert_select;     /* INSERT ... SELECT */
	bool on_delete_cascade; /* REFERENCES ... ON DELETE CASCADE */
	bool not_null;          /* ADD COLUMN ... NOT NULL */
	bool has_default;       /* ADD COLUMN ... DEFAULT */
	unsigned extra_actions; /* further comma-separated ALTER TABLE actions after the first */
	const char *constraint_kind; /* "FOREIGN KEY", "UNIQUE", "CHECK", "PRIMARY KEY" for ADD CONSTRAINT, or NULL
	                                (also "EXCLUDE", and "INDEX" for MySQL ADD INDEX/KEY); static string */
	/* Additions (arena-owned strings or NULL): */
	bool calls_setval;      /* setval(...) called anywhere outside quotes (SELECT setval(...)) */
	bool temporary;         /* CREATE TEMP/TEMPORARY TABLE */
	bool or_replace;        /* CREATE OR REPLACE ... */
	bool full;              /* VACUUM FULL */
	bool is_enum;           /* CREATE TYPE ... AS ENUM */
	bool has_using;         /* ALTER COLUMN ... TYPE ... USING expr */
	bool local;             /* SET LOCAL */
	const char *col_type;   /* type as written for ADD COLUMN / ALTER COLUMN TYPE / MODIFY / CHANGE, or NULL */
	const char *value;      /* ALTER TYPE ADD VALUE 'v' / RENAME VALUE 'v' TO ... (unquoted); SET name = value */
	unsigned extra_names;   /* further names in a DROP/TRUNCATE list after the first */
};

struct sql_list {
	struct sql_stmt *items; /* arena-owned */
	size_t count;
	bool unterminated;      /* input ended inside a quote or comment */
};

/* Splits and classifies sql[0..len). Returns 0, or -1 on out-of-memory. */
int sql_parse(struct arena *a, const char *sql, size_t len, struct sql_list *out);

const char *sql_verb_name(enum sql_verb v);
const char *sql_object_name(enum sql_object o);
const char *sql_action_name(enum sql_alter_action x);

#endif
