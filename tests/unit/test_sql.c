/* test_sql.c — the SQL splitter and classifier (core/sql.c). */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "sql.h"

static struct arena g_arena;
static struct sql_list g_list;

static void setup(void)
{
	arena_init(&g_arena);
	memset(&g_list, 0, sizeof(g_list));
}

static void teardown(void)
{
	arena_release(&g_arena);
}

/* Parses s and returns the list (owned by g_arena). */
static const struct sql_list *P(const char *s)
{
	ck_assert_int_eq(sql_parse(&g_arena, s, strlen(s), &g_list), 0);
	return &g_list;
}

/* Parses s, asserts exactly one statement, returns it. */
static const struct sql_stmt *P1(const char *s)
{
	const struct sql_list *l = P(s);
	ck_assert_uint_eq(l->count, 1);
	return &l->items[0];
}

#define ck_str_or_null(got, want)                                                                                 \
	do {                                                                                                          \
		const char *g_ = (got), *w_ = (want);                                                                     \
		if (w_ == NULL)                                                                                           \
			ck_assert_msg(g_ == NULL, "expected NULL, got '%s'", g_ ? g_ : "");                                   \
		else                                                                                                      \
			ck_assert_msg(g_ != NULL && strcmp(g_, w_) == 0, "expected '%s', got '%s'", w_, g_ ? g_ : "(null)"); \
	} while (0)

/* ---------------------------------------------------------------------------------------------------------- */
/* Splitting                                                                                                    */

START_TEST(split_basic)
{
	const struct sql_list *l = P("CREATE TABLE a (x int);\n  DROP TABLE b ;\n\nSELECT 1");
	ck_assert_uint_eq(l->count, 3);
	ck_assert_str_eq(l->items[0].text, "CREATE TABLE a (x int)");
	ck_assert_uint_eq(l->items[0].len, strlen("CREATE TABLE a (x int)"));
	ck_assert_str_eq(l->items[1].text, "DROP TABLE b");
	ck_assert_uint_eq(l->items[1].line, 1);
	ck_assert_str_eq(l->items[2].text, "SELECT 1");
	ck_assert_uint_eq(l->items[2].line, 3);
	ck_assert(!l->unterminated);
}
END_TEST

START_TEST(split_empty_statements_dropped)
{
	const struct sql_list *l = P(";;  ; \n;SELECT 1;;");
	ck_assert_uint_eq(l->count, 1);
	ck_assert_str_eq(l->items[0].text, "SELECT 1");
	ck_assert_uint_eq(l->items[0].line, 1);
}
END_TEST

START_TEST(split_empty_and_whitespace_input)
{
	ck_assert_uint_eq(P("")->count, 0);
	ck_assert_uint_eq(P("   \n\t  \r\n")->count, 0);
	ck_assert_uint_eq(P("-- only a comment\n/* and another */")->count, 0);
	ck_assert(!g_list.unterminated);
	ck_assert_int_eq(sql_parse(&g_arena, NULL, 0, &g_list), 0);
	ck_assert_uint_eq(g_list.count, 0);
}
END_TEST

START_TEST(split_single_quote_semicolon)
{
	const struct sql_list *l = P("INSERT INTO t VALUES ('a;b', 'it''s;'); DELETE FROM t WHERE x = ';'");
	ck_assert_uint_eq(l->count, 2);
	ck_assert_str_eq(l->items[0].text, "INSERT INTO t VALUES ('a;b', 'it''s;')");
	ck_assert_str_eq(l->items[1].text, "DELETE FROM t WHERE x = ';'");
}
END_TEST

START_TEST(split_estring_backslash)
{
	const struct sql_list *l = P("SELECT E'\\';' ; SELECT 'x\\'; SELECT 2");
	/* E'\';' is one literal; in '...' a backslash is an ordinary character, so 'x\' ends there */
	ck_assert_uint_eq(l->count, 3);
	ck_assert_str_eq(l->items[0].text, "SELECT E'\\';'");
	ck_assert_str_eq(l->items[1].text, "SELECT 'x\\'");
	ck_assert_str_eq(l->items[2].text, "SELECT 2");
}
END_TEST

START_TEST(split_dollar_quotes)
{
	const char *s = "CREATE FUNCTION f() RETURNS trigger AS $$\nBEGIN\n  UPDATE t SET a = 1;\n  RETURN NEW;\nEND;\n$$ "
	                "LANGUAGE plpgsql;\n"
	                "DO $body$ BEGIN PERFORM 1; $x$ ; $x$; END $body$;\n"
	                "SELECT $1, a$b FROM t";
	const struct sql_list *l = P(s);
	ck_assert_uint_eq(l->count, 3);
	ck_assert_int_eq(l->items[0].verb, SQL_V_CREATE);
	ck_assert_int_eq(l->items[0].object, SQL_O_FUNCTION);
	ck_str_or_null(l->items[0].name, "f");
	ck_assert_int_eq(l->items[1].verb, SQL_V_DO);
	ck_assert_uint_eq(l->items[1].line, 6);
	ck_assert_str_eq(l->items[1].text, "DO $body$ BEGIN PERFORM 1; $x$ ; $x$; END $body$");
	ck_assert_int_eq(l->items[2].verb, SQL_V_SELECT);
	ck_assert_uint_eq(l->items[2].line, 7);
}
END_TEST

START_TEST(split_comments)
{
	const char *s = "-- drop it; no\nDROP TABLE a; /* ; /* nested ; */ still ; */ DROP TABLE b;\n"
	                "# mysql comment ;\nDROP TABLE c -- trailing ;\n";
	const struct sql_list *l = P(s);
	ck_assert_uint_eq(l->count, 3);
	ck_assert_str_eq(l->items[0].text, "DROP TABLE a");
	ck_assert_uint_eq(l->items[0].line, 1);
	ck_assert_str_eq(l->items[1].text, "DROP TABLE b");
	ck_assert_uint_eq(l->items[1].line, 1);
	ck_assert_str_eq(l->items[2].text, "DROP TABLE c");
	ck_assert_uint_eq(l->items[2].line, 3);
	ck_str_or_null(l->items[2].table, "c");
	ck_assert(!l->unterminated);
}
END_TEST

START_TEST(split_hash_operator_not_comment)
{
	/* PostgreSQL #> and # operators inside an expression are not comments */
	const struct sql_list *l = P("SELECT data#>'{a,b}' FROM t; SELECT 5 #7; SELECT 1");
	ck_assert_uint_eq(l->count, 3);
	ck_assert_str_eq(l->items[0].text, "SELECT data#>'{a,b}' FROM t");
	ck_assert_str_eq(l->items[1].text, "SELECT 5 #7");
	/* '#>' at line start is the operator too */
	/* right after ';' a '#' starts a MySQL comment; a statement starting with '#>' stays intact */
	l = P("SELECT 1; #comment ;\nSELECT 2");
	ck_assert_uint_eq(l->count, 2);
	ck_assert_str_eq(l->items[1].text, "SELECT 2");
	l = P("SELECT 1;#>x");
	ck_assert_uint_eq(l->count, 2);
	ck_assert_str_eq(l->items[1].text, "#>x");
	l = P("SELECT d\n#> '{a}' FROM t; SELECT 2");
	ck_assert_uint_eq(l->count, 2);
	ck_assert_str_eq(l->items[0].text, "SELECT d\n#> '{a}' FROM t");
}
END_TEST

START_TEST(split_quoted_identifiers)
{
	const struct sql_list *l = P("DROP TABLE \"weird;name\"; ALTER TABLE `my;t` DROP COLUMN `c``x`;");
	ck_assert_uint_eq(l->count, 2);
	ck_str_or_null(l->items[0].table, "weird;name");
	ck_str_or_null(l->items[1].table, "my;t");
	ck_str_or_null(l->items[1].column, "c`x");
	ck_assert_int_eq(l->items[1].action, SQL_A_DROP_COLUMN);
}
END_TEST

START_TEST(split_unterminated)
{
	static const char *const cases[] = {
		"SELECT 'abc", "SELECT \"abc", "SELECT `abc", "DO $$ BEGIN", "SELECT 1 /* open", "SELECT E'\\'",
		"SELECT 1 /* a /* b */",
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const struct sql_list *l = P(cases[i]);
		ck_assert_msg(l->unterminated, "case %zu not unterminated", i);
		ck_assert_uint_eq(l->count, 1);
	}
	ck_assert(!P("SELECT 1 -- open line comment")->unterminated);
	ck_assert(!P("SELECT 'a''b'")->unterminated);
}
END_TEST

START_TEST(split_not_nul_terminated)
{
	/* only the first 14 bytes are the input; the rest must never be seen */
	char buf[32];
	memcpy(buf, "DROP TABLE ab;XXXXXXXXXX", 24);
	ck_assert_int_eq(sql_parse(&g_arena, buf, 13, &g_list), 0);
	ck_assert_uint_eq(g_list.count, 1);
	ck_assert_str_eq(g_list.items[0].text, "DROP TABLE ab");
	/* input cut inside a quote */
	memcpy(buf, "SELECT 'abc'", 12);
	ck_assert_int_eq(sql_parse(&g_arena, buf, 10, &g_list), 0);
	ck_assert(g_list.unterminated);
}
END_TEST


/* Fuzzer finds: the '#' decision must not depend on bytes before the statement, so a statement's text splits back
 * into exactly itself. */
START_TEST(split_text_resplits_to_itself)
{
	static const struct {
		const char *s;
		size_t n;
	} cases[] = {
		{"\0\v#;\0\0", 6},           {"\v#0\nCLUt;x", 10},   {"/* c */#x\nSELECT 1", 18},
		{"SELECT 1 #;", 11},            {"a; #b\nc", 7},         {"x -- y\n#>z; w", 13},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct sql_list l;
		ck_assert_int_eq(sql_parse(&g_arena, cases[i].s, cases[i].n, &l), 0);
		for (size_t k = 0; k < l.count; k++) {
			struct sql_list again;
			ck_assert_int_eq(sql_parse(&g_arena, l.items[k].text, l.items[k].len, &again), 0);
			ck_assert_msg(again.count == 1, "case %zu stmt %zu: %zu statements", i, k, again.count);
			ck_assert_uint_eq(again.items[0].len, l.items[k].len);
			ck_assert(memcmp(again.items[0].text, l.items[k].text, l.items[k].len) == 0);
		}
	}
}
END_TEST

static const char tricky[] =
	"-- header ;\n"
	"CREATE TABLE \"public\".\"Users\" (id int, note text DEFAULT 'x;y');\n"
	"ALTER TABLE users ADD COLUMN IF NOT EXISTS phone varchar(20) NOT NULL DEFAULT '', DROP COLUMN old CASCADE;\n"
	"CREATE OR REPLACE FUNCTION f() RETURNS void AS $fn$ BEGIN DELETE FROM t; END $fn$ LANGUAGE plpgsql;\n"
	"/* block /* nested */ ; */ UPDATE t SET a = E'\\';' WHERE id IN (SELECT id FROM u WHERE x);\n"
	"# mysql\nRENAME TABLE `a` TO `b`;\n"
	"WITH x AS (DELETE FROM t RETURNING *) INSERT INTO u SELECT * FROM x;\n"
	"ALTER TYPE mood ADD VALUE IF NOT EXISTS 'ok' AFTER 'sad';\n"
	"SELECT setval('s', 1), data#>'{a}' FROM t;";

START_TEST(split_every_prefix)
{
	size_t n = sizeof(tricky) - 1;
	for (size_t i = 0; i <= n; i++) {
		struct arena a;
		arena_init(&a);
		struct sql_list l;
		/* a heap copy of exactly i bytes, so ASan/valgrind catch any read past the end */
		char *buf = malloc(i ? i : 1);
		ck_assert_ptr_nonnull(buf);
		memcpy(buf, tricky, i);
		ck_assert_int_eq(sql_parse(&a, buf, i, &l), 0);
		ck_assert(l.count <= 9);
		for (size_t k = 0; k < l.count; k++) {
			ck_assert_ptr_nonnull(l.items[k].text);
			ck_assert_uint_eq(strlen(l.items[k].text), l.items[k].len);
		}
		free(buf);
		arena_release(&a);
	}
	const struct sql_list *l = P(tricky);
	ck_assert_uint_eq(l->count, 8);
	ck_assert(!l->unterminated);
	ck_assert_uint_eq(l->items[0].line, 1);
	ck_assert_uint_eq(l->items[4].line, 6);
	ck_assert_int_eq(l->items[4].verb, SQL_V_RENAME);
	ck_assert_int_eq(l->items[7].verb, SQL_V_SELECT);
	ck_assert(l->items[7].calls_setval);
}
END_TEST

/* ---------------------------------------------------------------------------------------------------------- */
/* CREATE                                                                                                       */

START_TEST(create_table_forms)
{
	const struct sql_stmt *s = P1("create table public.users (id serial primary key)");
	ck_assert_int_eq(s->verb, SQL_V_CREATE);
	ck_assert_int_eq(s->object, SQL_O_TABLE);
	ck_str_or_null(s->table, "public.users");
	ck_assert(!s->if_exists);
	ck_assert(!s->temporary);

	s = P1("CREATE TEMP TABLE IF NOT EXISTS \"My Table\" (a int)");
	ck_assert_int_eq(s->object, SQL_O_TABLE);
	ck_str_or_null(s->table, "My Table");
	ck_assert(s->if_exists);
	ck_assert(s->temporary);

	s = P1("CREATE UNLOGGED TABLE \"s\".\"t\"\"q\" (a int REFERENCES p (id) ON DELETE CASCADE)");
	ck_str_or_null(s->table, "s.t\"q");
	ck_assert(s->on_delete_cascade);
	ck_assert(!s->cascade);
}
END_TEST

START_TEST(create_index_forms)
{
	const struct sql_stmt *s = P1("CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS ix_a ON ONLY public.t USING btree (a)");
	ck_assert_int_eq(s->verb, SQL_V_CREATE);
	ck_assert_int_eq(s->object, SQL_O_INDEX);
	ck_str_or_null(s->name, "ix_a");
	ck_str_or_null(s->table, "public.t");
	ck_assert(s->unique);
	ck_assert(s->concurrently);
	ck_assert(s->if_exists);

	s = P1("CREATE INDEX ON t (a)");
	ck_assert_int_eq(s->object, SQL_O_INDEX);
	ck_str_or_null(s->name, NULL);
	ck_str_or_null(s->table, "t");
	ck_assert(!s->unique);
	ck_assert(!s->concurrently);
}
END_TEST

START_TEST(create_type_enum)
{
	const struct sql_stmt *s = P1("CREATE TYPE mood AS ENUM ('sad', 'ok')");
	ck_assert_int_eq(s->object, SQL_O_TYPE);
	ck_str_or_null(s->name, "mood");
	ck_assert(s->is_enum);
	s = P1("CREATE TYPE pair AS (a int, b int)");
	ck_assert(!s->is_enum);
}
END_TEST

START_TEST(create_other_objects)
{
	const struct sql_stmt *s = P1("CREATE OR REPLACE VIEW v_users AS SELECT * FROM users WHERE active");
	ck_assert_int_eq(s->object, SQL_O_VIEW);
	ck_str_or_null(s->name, "v_users");
	ck_assert(s->or_replace);
	s = P1("CREATE MATERIALIZED VIEW IF NOT EXISTS mv AS SELECT 1");
	ck_assert_int_eq(s->object, SQL_O_MATVIEW);
	ck_str_or_null(s->name, "mv");
	s = P1("CREATE SEQUENCE IF NOT EXISTS seq_a START 10");
	ck_assert_int_eq(s->object, SQL_O_SEQUENCE);
	ck_str_or_null(s->name, "seq_a");
	s = P1("CREATE TRIGGER trg BEFORE INSERT OR UPDATE OF a ON public.t FOR EACH ROW EXECUTE FUNCTION f()");
	ck_assert_int_eq(s->object, SQL_O_TRIGGER);
	ck_str_or_null(s->name, "trg");
	ck_str_or_null(s->table, "public.t");
	s = P1("CREATE PROCEDURE p(a int) LANGUAGE sql AS 'select 1'");
	ck_assert_int_eq(s->object, SQL_O_PROCEDURE);
	ck_str_or_null(s->name, "p");
	s = P1("CREATE SCHEMA IF NOT EXISTS audit");
	ck_assert_int_eq(s->object, SQL_O_SCHEMA);
	ck_str_or_null(s->name, "audit");
	s = P1("CREATE EXTENSION IF NOT EXISTS \"uuid-ossp\"");
	ck_assert_int_eq(s->object, SQL_O_EXTENSION);
	ck_str_or_null(s->name, "uuid-ossp");
	s = P1("CREATE DOMAIN posint AS int CHECK (VALUE > 0)");
	ck_assert_int_eq(s->object, SQL_O_DOMAIN);
	ck_str_or_null(s->name, "posint");
	s = P1("CREATE DEFINER=`root`@`%` TRIGGER tr AFTER INSERT ON t FOR EACH ROW SET @x = 1");
	ck_assert_int_eq(s->object, SQL_O_TRIGGER);
	ck_str_or_null(s->name, "tr");
	ck_str_or_null(s->table, "t");
}
END_TEST

/* ---------------------------------------------------------------------------------------------------------- */
/* DROP                                                                                                         */

START_TEST(drop_table_forms)
{
	const struct sql_stmt *s = P1("DROP TABLE IF EXISTS a, b, c CASCADE");
	ck_assert_int_eq(s->verb, SQL_V_DROP);
	ck_assert_int_eq(s->object, SQL_O_TABLE);
	ck_str_or_null(s->table, "a");
	ck_assert_uint_eq(s->extra_names, 2);
	ck_assert(s->if_exists);
	ck_assert(s->cascade);
	s = P1("drop table users");
	ck_str_or_null(s->table, "users");
	ck_assert(!s->cascade);
	ck_assert(!s->if_exists);
}
END_TEST

START_TEST(drop_index_forms)
{
	const struct sql_stmt *s = P1("DROP INDEX CONCURRENTLY IF EXISTS public.ix_a");
	ck_assert_int_eq(s->object, SQL_O_INDEX);
	ck_str_or_null(s->name, "public.ix_a");
	ck_str_or_null(s->table, NULL);
	ck_assert(s->concurrently);
	ck_assert(s->if_exists);
	s = P1("DROP INDEX ix_b ON t"); /* MySQL */
	ck_str_or_null(s->name, "ix_b");
	ck_str_or_null(s->table, "t");
	ck_assert(!s->concurrently);
}
END_TEST

START_TEST(drop_other_objects)
{
	static const struct {
		const char *sql;
		enum sql_object o;
		const char *name;
	} cases[] = {
		{"DROP TYPE IF EXISTS mood", SQL_O_TYPE, "mood"},
		{"DROP VIEW v", SQL_O_VIEW, "v"},
		{"DROP MATERIALIZED VIEW mv", SQL_O_MATVIEW, "mv"},
		{"DROP SEQUENCE s", SQL_O_SEQUENCE, "s"},
		{"DROP FUNCTION IF EXISTS f(int, text)", SQL_O_FUNCTION, "f"},
		{"DROP PROCEDURE p", SQL_O_PROCEDURE, "p"},
		{"DROP SCHEMA audit CASCADE", SQL_O_SCHEMA, "audit"},
		{"DROP EXTENSION hstore", SQL_O_EXTENSION, "hstore"},
		{"DROP DOMAIN posint", SQL_O_DOMAIN, "posint"},
		{"DROP DATABASE olddb", SQL_O_DATABASE, "olddb"},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const struct sql_stmt *s = P1(cases[i].sql);
		ck_assert_int_eq(s->verb, SQL_V_DROP);
		ck_assert_msg(s->object == cases[i].o, "%s: object %d", cases[i].sql, s->object);
		ck_str_or_null(s->name, cases[i].name);
	}
	const struct sql_stmt *s = P1("DROP TRIGGER IF EXISTS trg ON t CASCADE");
	ck_assert_int_eq(s->object, SQL_O_TRIGGER);
	ck_str_or_null(s->name, "trg");
	ck_str_or_null(s->table, "t");
	ck_assert(s->cascade);
}
END_TEST

/* ---------------------------------------------------------------------------------------------------------- */
/* ALTER TABLE                                                                                                  */

START_TEST(alter_add_column)
{
	const struct sql_stmt *s = P1("ALTER TABLE IF EXISTS ONLY public.users ADD COLUMN IF NOT EXISTS phone "
	                              "varchar(20) NOT NULL DEFAULT ''");
	ck_assert_int_eq(s->verb, SQL_V_ALTER);
	ck_assert_int_eq(s->object, SQL_O_COLUMN);
	ck_assert_int_eq(s->action, SQL_A_ADD_COLUMN);
	ck_str_or_null(s->table, "public.users");
	ck_str_or_null(s->column, "phone");
	ck_str_or_null(s->col_type, "varchar(20)");
	ck_assert(s->not_null);
	ck_assert(s->has_default);
	ck_assert(s->if_exists);
	ck_assert_uint_eq(s->extra_actions, 0);

	s = P1("alter table t add c numeric(10, 2)");
	ck_assert_int_eq(s->action, SQL_A_ADD_COLUMN);
	ck_str_or_null(s->column, "c");
	ck_str_or_null(s->col_type, "numeric(10, 2)");
	ck_assert(!s->not_null);
	ck_assert(!s->has_default);

	s = P1("ALTER TABLE t ADD COLUMN owner_id int REFERENCES owners (id) ON DELETE CASCADE");
	ck_str_or_null(s->col_type, "int");
	ck_assert(s->on_delete_cascade);
	ck_assert(!s->cascade);
	ck_assert(!s->not_null);

	s = P1("ALTER TABLE t ADD COLUMN ts timestamp with time zone DEFAULT now() NOT NULL");
	ck_str_or_null(s->col_type, "timestamp with time zone");
	ck_assert(s->not_null);
	ck_assert(s->has_default);
}
END_TEST

START_TEST(alter_drop_column)
{
	const struct sql_stmt *s = P1("ALTER TABLE users DROP COLUMN IF EXISTS phone CASCADE");
	ck_assert_int_eq(s->action, SQL_A_DROP_COLUMN);
	ck_assert_int_eq(s->object, SQL_O_COLUMN);
	ck_str_or_null(s->table, "users");
	ck_str_or_null(s->column, "phone");
	ck_assert(s->if_exists);
	ck_assert(s->cascade);
	s = P1("ALTER TABLE users DROP phone");
	ck_assert_int_eq(s->action, SQL_A_DROP_COLUMN);
	ck_str_or_null(s->column, "phone");
	ck_assert(!s->cascade);
}
END_TEST

START_TEST(alter_column_type)
{
	const struct sql_stmt *s = P1("ALTER TABLE t ALTER COLUMN amount TYPE numeric(12,4) USING amount::numeric");
	ck_assert_int_eq(s->action, SQL_A_ALTER_COLUMN_TYPE);
	ck_str_or_null(s->column, "amount");
	ck_str_or_null(s->col_type, "numeric(12,4)");
	ck_assert(s->has_using);
	s = P1("ALTER TABLE t ALTER amount SET DATA TYPE bigint");
	ck_assert_int_eq(s->action, SQL_A_ALTER_COLUMN_TYPE);
	ck_str_or_null(s->col_type, "bigint");
	ck_assert(!s->has_using);
}
END_TEST

START_TEST(alter_column_null_default)
{
	const struct sql_stmt *s = P1("ALTER TABLE t ALTER COLUMN a SET NOT NULL");
	ck_assert_int_eq(s->action, SQL_A_SET_NOT_NULL);
	ck_str_or_null(s->column, "a");
	ck_assert(s->not_null);
	s = P1("ALTER TABLE t ALTER COLUMN a DROP NOT NULL");
	ck_assert_int_eq(s->action, SQL_A_DROP_NOT_NULL);
	s = P1("ALTER TABLE t ALTER a SET DEFAULT 0");
	ck_assert_int_eq(s->action, SQL_A_SET_DEFAULT);
	ck_assert(s->has_default);
	s = P1("ALTER TABLE t ALTER COLUMN a DROP DEFAULT");
	ck_assert_int_eq(s->action, SQL_A_DROP_DEFAULT);
	s = P1("ALTER TABLE t ALTER COLUMN a SET STATISTICS 100");
	ck_assert_int_eq(s->action, SQL_A_OTHER);
	ck_str_or_null(s->column, "a");
}
END_TEST

START_TEST(alter_add_constraint)
{
	const struct sql_stmt *s = P1("ALTER TABLE orders ADD CONSTRAINT fk_user FOREIGN KEY (user_id) REFERENCES "
	                              "users (id) ON DELETE CASCADE NOT VALID");
	ck_assert_int_eq(s->action, SQL_A_ADD_CONSTRAINT);
	ck_assert_int_eq(s->object, SQL_O_CONSTRAINT);
	ck_str_or_null(s->table, "orders");
	ck_str_or_null(s->name, "fk_user");
	ck_str_or_null(s->constraint_kind, "FOREIGN KEY");
	ck_assert(s->not_valid);
	ck_assert(s->on_delete_cascade);
	ck_assert(!s->cascade);
	ck_assert(!s->unique);

	s = P1("ALTER TABLE t ADD CONSTRAINT uq_a UNIQUE (a)");
	ck_str_or_null(s->constraint_kind, "UNIQUE");
	ck_assert(s->unique);
	ck_assert(!s->not_valid);
	s = P1("ALTER TABLE t ADD CONSTRAINT ck CHECK (a > 0 AND b IS NOT NULL) NOT VALID");
	ck_str_or_null(s->constraint_kind, "CHECK");
	ck_str_or_null(s->name, "ck");
	ck_assert(s->not_valid);
	ck_assert(!s->not_null);
	s = P1("ALTER TABLE t ADD PRIMARY KEY (id)");
	ck_assert_int_eq(s->action, SQL_A_ADD_CONSTRAINT);
	ck_str_or_null(s->constraint_kind, "PRIMARY KEY");
	ck_str_or_null(s->name, NULL);
	ck_assert(s->unique);
	s = P1("ALTER TABLE t ADD INDEX ix_a (a)"); /* MySQL */
	ck_str_or_null(s->constraint_kind, "INDEX");
	ck_str_or_null(s->name, "ix_a");
}
END_TEST

START_TEST(alter_constraint_other)
{
	const struct sql_stmt *s = P1("ALTER TABLE t DROP CONSTRAINT IF EXISTS fk_user CASCADE");
	ck_assert_int_eq(s->action, SQL_A_DROP_CONSTRAINT);
	ck_str_or_null(s->name, "fk_user");
	ck_assert(s->if_exists);
	ck_assert(s->cascade);
	s = P1("ALTER TABLE t VALIDATE CONSTRAINT fk_user");
	ck_assert_int_eq(s->action, SQL_A_VALIDATE_CONSTRAINT);
	ck_str_or_null(s->name, "fk_user");
	s = P1("ALTER TABLE t RENAME CONSTRAINT a TO b");
	ck_assert_int_eq(s->action, SQL_A_RENAME_CONSTRAINT);
	ck_str_or_null(s->name, "a");
	ck_str_or_null(s->new_name, "b");
	s = P1("ALTER TABLE t DROP FOREIGN KEY fk_x"); /* MySQL */
	ck_assert_int_eq(s->action, SQL_A_DROP_CONSTRAINT);
	ck_str_or_null(s->name, "fk_x");
}
END_TEST

START_TEST(alter_rename)
{
	const struct sql_stmt *s = P1("ALTER TABLE users RENAME COLUMN name TO full_name");
	ck_assert_int_eq(s->action, SQL_A_RENAME_COLUMN);
	ck_str_or_null(s->table, "users");
	ck_str_or_null(s->column, "name");
	ck_str_or_null(s->new_name, "full_name");
	s = P1("ALTER TABLE users RENAME \"Name\" TO \"FullName\"");
	ck_assert_int_eq(s->action, SQL_A_RENAME_COLUMN);
	ck_str_or_null(s->column, "Name");
	ck_str_or_null(s->new_name, "FullName");
	s = P1("ALTER TABLE users RENAME TO accounts");
	ck_assert_int_eq(s->action, SQL_A_RENAME_TABLE);
	ck_assert_int_eq(s->object, SQL_O_TABLE);
	ck_str_or_null(s->table, "users");
	ck_str_or_null(s->new_name, "accounts");
}
END_TEST

START_TEST(alter_mysql_modify_change)
{
	const struct sql_stmt *s = P1("ALTER TABLE t MODIFY COLUMN a VARCHAR(10) NOT NULL");
	ck_assert_int_eq(s->action, SQL_A_MODIFY_COLUMN);
	ck_str_or_null(s->column, "a");
	ck_str_or_null(s->col_type, "VARCHAR(10)");
	ck_assert(s->not_null);
	s = P1("ALTER TABLE t CHANGE a b INT DEFAULT 3");
	ck_assert_int_eq(s->action, SQL_A_CHANGE_COLUMN);
	ck_str_or_null(s->column, "a");
	ck_str_or_null(s->new_name, "b");
	ck_str_or_null(s->col_type, "INT");
	ck_assert(s->has_default);
	ck_assert(!s->not_null);
}
END_TEST

START_TEST(alter_partitions)
{
	const struct sql_stmt *s = P1("ALTER TABLE measures DETACH PARTITION measures_2020 CONCURRENTLY");
	ck_assert_int_eq(s->action, SQL_A_DETACH_PARTITION);
	ck_str_or_null(s->table, "measures");
	ck_str_or_null(s->name, "measures_2020");
	ck_assert(s->concurrently);
	s = P1("ALTER TABLE measures ATTACH PARTITION m21 FOR VALUES FROM ('2021-01-01') TO ('2022-01-01')");
	ck_assert_int_eq(s->action, SQL_A_ATTACH_PARTITION);
	ck_str_or_null(s->name, "m21");
	ck_assert(!s->concurrently);
}
END_TEST

START_TEST(alter_extra_actions)
{
	const struct sql_stmt *s = P1("ALTER TABLE t DROP COLUMN a, ADD COLUMN b numeric(5, 2) DEFAULT 1, "
	                              "ALTER COLUMN c SET NOT NULL");
	ck_assert_int_eq(s->action, SQL_A_DROP_COLUMN);
	ck_str_or_null(s->column, "a");
	ck_assert_uint_eq(s->extra_actions, 2);
	/* flags of later actions do not leak into the first one's fields */
	ck_assert(!s->has_default);
	ck_assert(!s->not_null);
	s = P1("ALTER TABLE t ADD COLUMN a int, ADD CONSTRAINT ck CHECK (f(a, b))");
	ck_assert_int_eq(s->action, SQL_A_ADD_COLUMN);
	ck_assert_uint_eq(s->extra_actions, 1);
}
END_TEST

START_TEST(alter_table_other)
{
	const struct sql_stmt *s = P1("ALTER TABLE t OWNER TO bob");
	ck_assert_int_eq(s->verb, SQL_V_ALTER);
	ck_assert_int_eq(s->object, SQL_O_TABLE);
	ck_assert_int_eq(s->action, SQL_A_OTHER);
	ck_str_or_null(s->table, "t");
}
END_TEST

/* ---------------------------------------------------------------------------------------------------------- */
/* ALTER of other objects, RENAME                                                                               */

START_TEST(alter_type_values)
{
	const struct sql_stmt *s = P1("ALTER TYPE mood ADD VALUE IF NOT EXISTS 'happy' BEFORE 'sad'");
	ck_assert_int_eq(s->verb, SQL_V_ALTER);
	ck_assert_int_eq(s->object, SQL_O_TYPE);
	ck_assert_int_eq(s->action, SQL_A_ADD_VALUE);
	ck_str_or_null(s->name, "mood");
	ck_str_or_null(s->value, "happy");
	ck_assert(s->if_exists);
	s = P1("ALTER TYPE public.mood ADD VALUE 'it''s'");
	ck_str_or_null(s->name, "public.mood");
	ck_str_or_null(s->value, "it's");
	ck_assert(!s->if_exists);
	s = P1("ALTER TYPE mood RENAME VALUE 'sad' TO 'blue'");
	ck_assert_int_eq(s->action, SQL_A_RENAME_VALUE);
	ck_str_or_null(s->value, "sad");
	ck_str_or_null(s->new_name, "blue");
	s = P1("ALTER TYPE mood RENAME TO feeling");
	ck_assert_int_eq(s->action, SQL_A_RENAME);
	ck_str_or_null(s->new_name, "feeling");
}
END_TEST

START_TEST(alter_index_sequence_view)
{
	const struct sql_stmt *s = P1("ALTER INDEX IF EXISTS ix_a RENAME TO ix_b");
	ck_assert_int_eq(s->object, SQL_O_INDEX);
	ck_assert_int_eq(s->action, SQL_A_RENAME);
	ck_str_or_null(s->name, "ix_a");
	ck_str_or_null(s->new_name, "ix_b");
	ck_assert(s->if_exists);
	s = P1("ALTER SEQUENCE seq RESTART WITH 100");
	ck_assert_int_eq(s->object, SQL_O_SEQUENCE);
	ck_assert_int_eq(s->action, SQL_A_OTHER);
	ck_str_or_null(s->name, "seq");
	s = P1("ALTER VIEW v RENAME COLUMN a TO b");
	ck_assert_int_eq(s->object, SQL_O_VIEW);
	ck_assert_int_eq(s->action, SQL_A_RENAME_COLUMN);
	ck_str_or_null(s->column, "a");
	ck_str_or_null(s->new_name, "b");
	s = P1("ALTER MATERIALIZED VIEW mv RENAME TO mv2");
	ck_assert_int_eq(s->object, SQL_O_MATVIEW);
	ck_assert_int_eq(s->action, SQL_A_RENAME);
}
END_TEST

START_TEST(rename_table_mysql)
{
	const struct sql_stmt *s = P1("RENAME TABLE old_t TO new_t, a TO b");
	ck_assert_int_eq(s->verb, SQL_V_RENAME);
	ck_assert_int_eq(s->object, SQL_O_TABLE);
	ck_assert_int_eq(s->action, SQL_A_RENAME_TABLE);
	ck_str_or_null(s->table, "old_t");
	ck_str_or_null(s->new_name, "new_t");
}
END_TEST

/* ---------------------------------------------------------------------------------------------------------- */
/* DML                                                                                                          */

START_TEST(insert_forms)
{
	const struct sql_stmt *s = P1("INSERT INTO public.t (a, b) VALUES (1, (SELECT 2))");
	ck_assert_int_eq(s->verb, SQL_V_INSERT);
	ck_assert_int_eq(s->object, SQL_O_TABLE);
	ck_str_or_null(s->table, "public.t");
	ck_assert(!s->insert_select);
	s = P1("insert into t (a) select a from u where b");
	ck_assert(s->insert_select);
	ck_assert(!s->has_where);
	s = P1("INSERT IGNORE INTO `t` SET a = 1");
	ck_str_or_null(s->table, "t");
}
END_TEST

/* SQLite conflict clauses and MySQL/SQLite REPLACE name the table after INTO, not "OR" (precision study, mealie) */
START_TEST(insert_or_conflict_and_replace)
{
	const struct sql_stmt *s = P1("INSERT OR IGNORE INTO users_to_recipes (user_id, recipe_id) SELECT a, b FROM x");
	ck_assert_int_eq(s->verb, SQL_V_INSERT);
	ck_assert_int_eq(s->object, SQL_O_TABLE);
	ck_str_or_null(s->table, "users_to_recipes");
	ck_assert(s->insert_select);
	s = P1("insert or replace into \"t\" (a) values (1)");
	ck_assert_int_eq(s->verb, SQL_V_INSERT);
	ck_str_or_null(s->table, "t");
	ck_assert(!s->insert_select);
	s = P1("INSERT OR ABORT INTO t VALUES (1)");
	ck_str_or_null(s->table, "t");
	s = P1("INSERT OR ROLLBACK INTO t VALUES (1)");
	ck_str_or_null(s->table, "t");
	s = P1("INSERT OR FAIL INTO main.t VALUES (1)");
	ck_str_or_null(s->table, "main.t");
	s = P1("REPLACE INTO t (a) VALUES (1)");
	ck_assert_int_eq(s->verb, SQL_V_INSERT);
	ck_str_or_null(s->table, "t");
	s = P1("REPLACE LOW_PRIORITY INTO `t` SELECT * FROM u");
	ck_str_or_null(s->table, "t");
	ck_assert(s->insert_select);
	s = P1("UPDATE OR IGNORE t SET a = 1 WHERE b");
	ck_assert_int_eq(s->verb, SQL_V_UPDATE);
	ck_str_or_null(s->table, "t");
	ck_assert(s->has_where);
}
END_TEST

START_TEST(update_where)
{
	const struct sql_stmt *s = P1("UPDATE users SET a = 1 WHERE id = 3");
	ck_assert_int_eq(s->verb, SQL_V_UPDATE);
	ck_str_or_null(s->table, "users");
	ck_assert(s->has_where);
	s = P1("UPDATE ONLY users SET a = (SELECT max(x) FROM u WHERE u.id = 1)");
	ck_str_or_null(s->table, "users");
	ck_assert(!s->has_where);
	s = P1("UPDATE t SET a = 'where' -- where\n");
	ck_assert(!s->has_where);
	s = P1("UPDATE t SET \"where\" = 1");
	ck_assert(!s->has_where);
}
END_TEST

START_TEST(delete_where)
{
	const struct sql_stmt *s = P1("DELETE FROM ONLY audit_log");
	ck_assert_int_eq(s->verb, SQL_V_DELETE);
	ck_str_or_null(s->table, "audit_log");
	ck_assert(!s->has_where);
	s = P1("delete from t using u where t.id = u.id");
	ck_assert(s->has_where);
	s = P1("DELETE FROM t WHERE id IN (SELECT id FROM u)");
	ck_assert(s->has_where);
}
END_TEST

START_TEST(cte_main_verb)
{
	const struct sql_stmt *s = P1("WITH RECURSIVE x AS (SELECT id FROM t WHERE a), y AS (SELECT 1) "
	                              "UPDATE t SET b = 1 FROM x");
	ck_assert_int_eq(s->verb, SQL_V_UPDATE);
	ck_str_or_null(s->table, "t");
	ck_assert(!s->has_where);
	s = P1("WITH d AS (DELETE FROM t WHERE a RETURNING *) INSERT INTO archive SELECT * FROM d");
	ck_assert_int_eq(s->verb, SQL_V_INSERT);
	ck_str_or_null(s->table, "archive");
	ck_assert(s->insert_select);
	s = P1("WITH x AS (SELECT 1) SELECT * FROM x");
	ck_assert_int_eq(s->verb, SQL_V_SELECT);
}
END_TEST

START_TEST(truncate_forms)
{
	const struct sql_stmt *s = P1("TRUNCATE TABLE ONLY a, b RESTART IDENTITY CASCADE");
	ck_assert_int_eq(s->verb, SQL_V_TRUNCATE);
	ck_assert_int_eq(s->object, SQL_O_TABLE);
	ck_str_or_null(s->table, "a");
	ck_assert_uint_eq(s->extra_names, 1);
	ck_assert(s->cascade);
	s = P1("truncate t");
	ck_str_or_null(s->table, "t");
	ck_assert(!s->cascade);
}
END_TEST

/* ---------------------------------------------------------------------------------------------------------- */
/* Maintenance, session, misc                                                                                   */

START_TEST(lock_vacuum_reindex_cluster)
{
	const struct sql_stmt *s = P1("LOCK TABLE users IN ACCESS EXCLUSIVE MODE");
	ck_assert_int_eq(s->verb, SQL_V_LOCK);
	ck_str_or_null(s->table, "users");
	s = P1("LOCK t");
	ck_str_or_null(s->table, "t");
	s = P1("VACUUM FULL ANALYZE users");
	ck_assert_int_eq(s->verb, SQL_V_VACUUM);
	ck_assert(s->full);
	ck_str_or_null(s->table, "users");
	s = P1("VACUUM (FULL, ANALYZE) users");
	ck_assert(s->full);
	ck_str_or_null(s->table, "users");
	s = P1("VACUUM users");
	ck_assert(!s->full);
	s = P1("REINDEX INDEX CONCURRENTLY ix_a");
	ck_assert_int_eq(s->verb, SQL_V_REINDEX);
	ck_assert_int_eq(s->object, SQL_O_INDEX);
	ck_str_or_null(s->name, "ix_a");
	ck_assert(s->concurrently);
	s = P1("REINDEX (VERBOSE, CONCURRENTLY) TABLE public.t");
	ck_assert_int_eq(s->object, SQL_O_TABLE);
	ck_str_or_null(s->table, "public.t");
	ck_assert(s->concurrently);
	s = P1("REINDEX TABLE t");
	ck_assert_int_eq(s->object, SQL_O_TABLE);
	ck_str_or_null(s->table, "t");
	ck_assert(!s->concurrently);
	s = P1("CLUSTER users USING ix_users");
	ck_assert_int_eq(s->verb, SQL_V_CLUSTER);
	ck_str_or_null(s->table, "users");
	ck_str_or_null(s->name, "ix_users");
}
END_TEST

START_TEST(set_statements)
{
	const struct sql_stmt *s = P1("SET lock_timeout = '5s'");
	ck_assert_int_eq(s->verb, SQL_V_SET);
	ck_str_or_null(s->name, "lock_timeout");
	ck_str_or_null(s->value, "5s");
	ck_assert(!s->local);
	s = P1("SET LOCAL statement_timeout TO 0");
	ck_assert(s->local);
	ck_str_or_null(s->name, "statement_timeout");
	ck_str_or_null(s->value, "0");
	s = P1("SET search_path TO public, audit");
	ck_str_or_null(s->value, "public, audit");
	s = P1("SET FOREIGN_KEY_CHECKS=0");
	ck_str_or_null(s->name, "FOREIGN_KEY_CHECKS");
	ck_str_or_null(s->value, "0");
}
END_TEST

START_TEST(misc_verbs)
{
	static const struct {
		const char *sql;
		enum sql_verb v;
	} cases[] = {
		{"COMMENT ON TABLE t IS 'x'", SQL_V_COMMENT}, {"GRANT SELECT ON t TO bob", SQL_V_GRANT},
		{"REVOKE ALL ON t FROM bob", SQL_V_REVOKE},   {"BEGIN", SQL_V_BEGIN},
		{"START TRANSACTION", SQL_V_BEGIN},           {"COMMIT", SQL_V_COMMIT},
		{"ROLLBACK", SQL_V_ROLLBACK},                 {"ANALYZE users", SQL_V_ANALYZE},
		{"COPY t FROM STDIN", SQL_V_COPY},            {"DO $$ BEGIN END $$", SQL_V_DO},
		{"CALL proc(1, 2)", SQL_V_CALL},              {"SELECT 1", SQL_V_SELECT},
		{"EXPLAIN SELECT 1", SQL_V_OTHER},            {"REFRESH MATERIALIZED VIEW CONCURRENTLY mv", SQL_V_REFRESH},
		{"(SELECT 1) UNION (SELECT 2)", SQL_V_SELECT},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const struct sql_stmt *s = P1(cases[i].sql);
		ck_assert_msg(s->verb == cases[i].v, "%s: verb %s", cases[i].sql, sql_verb_name(s->verb));
	}
	const struct sql_stmt *s = P1("COMMENT ON COLUMN public.users.phone IS 'x;y'");
	ck_assert_int_eq(s->object, SQL_O_COLUMN);
	ck_str_or_null(s->table, "public.users");
	ck_str_or_null(s->column, "phone");
	s = P1("CALL app.migrate_data(1)");
	ck_str_or_null(s->name, "app.migrate_data");
	s = P1("ANALYZE users");
	ck_str_or_null(s->table, "users");
	s = P1("GRANT SELECT, UPDATE (a) ON TABLE users TO bob");
	ck_str_or_null(s->table, "users");
}
END_TEST

START_TEST(select_setval)
{
	const struct sql_stmt *s = P1("SELECT setval('users_id_seq', (SELECT max(id) FROM users))");
	ck_assert_int_eq(s->verb, SQL_V_SELECT);
	ck_assert(s->calls_setval);
	s = P1("SELECT pg_catalog.SETVAL('s', 1, false)");
	ck_assert(s->calls_setval);
	s = P1("SELECT 'setval(' , setval_x(1)");
	ck_assert(!s->calls_setval);
}
END_TEST

START_TEST(comments_inside_statement)
{
	const struct sql_stmt *s = P1("ALTER /* x */ TABLE -- y\n users /* DROP COLUMN */ DROP -- z\n COLUMN a");
	ck_assert_int_eq(s->action, SQL_A_DROP_COLUMN);
	ck_str_or_null(s->table, "users");
	ck_str_or_null(s->column, "a");
	s = P1("DROP TABLE t /* CASCADE */ -- CASCADE");
	ck_assert(!s->cascade);
	s = P1("DROP TABLE \"cascade\"");
	ck_assert(!s->cascade);
	ck_str_or_null(s->table, "cascade");
}
END_TEST

START_TEST(case_insensitive_keywords)
{
	const struct sql_stmt *s = P1("AlTeR tAbLe Users AdD cOlUmN x InT nOt NuLl");
	ck_assert_int_eq(s->verb, SQL_V_ALTER);
	ck_assert_int_eq(s->action, SQL_A_ADD_COLUMN);
	ck_str_or_null(s->table, "Users");
	ck_str_or_null(s->column, "x");
	ck_assert(s->not_null);
}
END_TEST

START_TEST(garbage_input)
{
	static const char *const cases[] = {
		"ALTER", "ALTER TABLE", "ALTER TABLE t ADD", "ALTER TABLE t RENAME", "CREATE INDEX", "DROP", "DROP TABLE ,",
		"UPDATE", "INSERT INTO", "SET", "SET x =", "(((", ")))", "ALTER TYPE t ADD VALUE", "WITH x AS (",
		"CREATE TABLE \"", "$", "$a", "E", "#", "--", "/", "ALTER TABLE t ALTER COLUMN", "COMMENT ON COLUMN",
		"\xff\xfe\x80 ;\x01\x02", "ALTER TABLE t CHANGE", "VACUUM (", "REINDEX (",
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const struct sql_list *l = P(cases[i]);
		for (size_t k = 0; k < l->count; k++)
			ck_assert_ptr_nonnull(l->items[k].text);
	}
	const struct sql_stmt *s = P1("ALTER TABLE t ADD");
	ck_assert_int_eq(s->action, SQL_A_ADD_COLUMN);
	ck_str_or_null(s->column, NULL);
	s = P1("frobnicate the database");
	ck_assert_int_eq(s->verb, SQL_V_OTHER);
	ck_assert_int_eq(s->object, SQL_O_NONE);
	ck_assert_int_eq(s->action, SQL_A_NONE);
}
END_TEST

START_TEST(names_for_json)
{
	ck_assert_str_eq(sql_verb_name(SQL_V_CREATE), "create");
	ck_assert_str_eq(sql_verb_name(SQL_V_OTHER), "other");
	ck_assert_str_eq(sql_verb_name(SQL_V_MERGE), "merge");
	ck_assert_str_eq(sql_object_name(SQL_O_TABLE), "table");
	ck_assert_str_eq(sql_object_name(SQL_O_MATVIEW), "materialized_view");
	ck_assert_str_eq(sql_object_name(SQL_O_NONE), "none");
	ck_assert_str_eq(sql_action_name(SQL_A_DROP_COLUMN), "drop_column");
	ck_assert_str_eq(sql_action_name(SQL_A_ADD_VALUE), "add_value");
	ck_assert_str_eq(sql_action_name(SQL_A_RENAME), "rename");
	ck_assert_str_eq(sql_action_name(SQL_A_NONE), "none");
	ck_assert_str_eq(sql_action_name((enum sql_alter_action)999), "other");
}
END_TEST

START_TEST(large_input_linear)
{
	/* 20000 statements: checks growth of the list and that nothing is quadratic enough to time out */
	size_t n = 20000;
	const char *one = "UPDATE t SET a = 'x;y' WHERE id = 1;\n";
	size_t ol = strlen(one);
	char *buf = malloc(n * ol);
	ck_assert_ptr_nonnull(buf);
	for (size_t i = 0; i < n; i++)
		memcpy(buf + i * ol, one, ol);
	ck_assert_int_eq(sql_parse(&g_arena, buf, n * ol, &g_list), 0);
	ck_assert_uint_eq(g_list.count, n);
	ck_assert_uint_eq(g_list.items[n - 1].line, n - 1);
	ck_assert(g_list.items[n - 1].has_where);
	free(buf);
}
END_TEST


START_TEST(merge_and_upsert)
{
	const struct sql_stmt *s = P1("MERGE INTO target t USING src s ON t.id = s.id WHEN MATCHED THEN DELETE");
	ck_assert_int_eq(s->verb, SQL_V_MERGE);
	ck_str_or_null(s->table, "target");
	s = P1("INSERT INTO t (a) VALUES (1) ON CONFLICT (a) DO UPDATE SET b = excluded.b WHERE t.x");
	ck_assert_int_eq(s->verb, SQL_V_INSERT);
	ck_assert(!s->insert_select);
	ck_assert(!s->has_where); /* only meaningful for UPDATE/DELETE */
}
END_TEST

START_TEST(type_stops_and_mysql_positions)
{
	const struct sql_stmt *s = P1("ALTER TABLE t ADD COLUMN c INT UNSIGNED AFTER b");
	ck_str_or_null(s->col_type, "INT UNSIGNED");
	ck_assert(!s->unique);
	s = P1("ALTER TABLE t ADD COLUMN code character varying(10) COLLATE \"C\" UNIQUE");
	ck_str_or_null(s->col_type, "character varying(10)");
	ck_assert(s->unique);
	s = P1("ALTER TABLE t ALTER COLUMN c SET DEFAULT nextval('s')");
	ck_assert_int_eq(s->action, SQL_A_SET_DEFAULT);
	ck_assert(!s->calls_setval);
	s = P1("ALTER TABLE t ADD COLUMN e ENUM('a','b') NOT NULL");
	ck_str_or_null(s->col_type, "ENUM('a','b')");
	ck_assert(s->not_null);
}
END_TEST

START_TEST(create_table_as_and_alter_function)
{
	const struct sql_stmt *s = P1("CREATE TABLE backup_users AS SELECT * FROM users");
	ck_assert_int_eq(s->object, SQL_O_TABLE);
	ck_str_or_null(s->table, "backup_users");
	s = P1("ALTER FUNCTION f(int, text) RENAME TO g");
	ck_assert_int_eq(s->object, SQL_O_FUNCTION);
	ck_assert_int_eq(s->action, SQL_A_RENAME);
	ck_str_or_null(s->name, "f");
	ck_str_or_null(s->new_name, "g");
	s = P1("ALTER SCHEMA app RENAME TO app2");
	ck_assert_int_eq(s->object, SQL_O_SCHEMA);
	ck_str_or_null(s->new_name, "app2");
}
END_TEST

static Suite *sql_suite(void)
{
	Suite *s = suite_create("sql");
	TCase *tc = tcase_create("split");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, split_basic);
	tcase_add_test(tc, split_empty_statements_dropped);
	tcase_add_test(tc, split_empty_and_whitespace_input);
	tcase_add_test(tc, split_single_quote_semicolon);
	tcase_add_test(tc, split_estring_backslash);
	tcase_add_test(tc, split_dollar_quotes);
	tcase_add_test(tc, split_comments);
	tcase_add_test(tc, split_hash_operator_not_comment);
	tcase_add_test(tc, split_quoted_identifiers);
	tcase_add_test(tc, split_unterminated);
	tcase_add_test(tc, split_not_nul_terminated);
	tcase_add_test(tc, split_every_prefix);
	tcase_add_test(tc, split_text_resplits_to_itself);
	tcase_add_test(tc, large_input_linear);
	suite_add_tcase(s, tc);

	tc = tcase_create("classify");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, create_table_forms);
	tcase_add_test(tc, create_index_forms);
	tcase_add_test(tc, create_type_enum);
	tcase_add_test(tc, create_other_objects);
	tcase_add_test(tc, drop_table_forms);
	tcase_add_test(tc, drop_index_forms);
	tcase_add_test(tc, drop_other_objects);
	tcase_add_test(tc, alter_add_column);
	tcase_add_test(tc, alter_drop_column);
	tcase_add_test(tc, alter_column_type);
	tcase_add_test(tc, alter_column_null_default);
	tcase_add_test(tc, alter_add_constraint);
	tcase_add_test(tc, alter_constraint_other);
	tcase_add_test(tc, alter_rename);
	tcase_add_test(tc, alter_mysql_modify_change);
	tcase_add_test(tc, alter_partitions);
	tcase_add_test(tc, alter_extra_actions);
	tcase_add_test(tc, alter_table_other);
	tcase_add_test(tc, alter_type_values);
	tcase_add_test(tc, alter_index_sequence_view);
	tcase_add_test(tc, rename_table_mysql);
	tcase_add_test(tc, insert_forms);
	tcase_add_test(tc, insert_or_conflict_and_replace);
	tcase_add_test(tc, update_where);
	tcase_add_test(tc, delete_where);
	tcase_add_test(tc, cte_main_verb);
	tcase_add_test(tc, truncate_forms);
	tcase_add_test(tc, lock_vacuum_reindex_cluster);
	tcase_add_test(tc, set_statements);
	tcase_add_test(tc, misc_verbs);
	tcase_add_test(tc, select_setval);
	tcase_add_test(tc, comments_inside_statement);
	tcase_add_test(tc, case_insensitive_keywords);
	tcase_add_test(tc, garbage_input);
	tcase_add_test(tc, names_for_json);
	tcase_add_test(tc, merge_and_upsert);
	tcase_add_test(tc, type_stops_and_mysql_positions);
	tcase_add_test(tc, create_table_as_and_alter_function);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(sql_suite());
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
