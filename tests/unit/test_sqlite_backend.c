/* test_sqlite_backend.c — the SQLite backend plugin loaded as mrt loads it: scratch files, introspection, seeding
 * under constraints, snapshots, determinism by seed, stale cleanup. Schemas are made with plain SQL. */
#include <check.h>
#include <fcntl.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <utime.h>
#include "plugin.h"
#include "snapshot.h"

static struct plugin *g_plugin;
static const struct mrt_backend_ops *ops;
static char err[1024];

static void load(void)
{
	char path[4096];
	snprintf(path, sizeof(path), "%s/sqlite.so", MRT_BUILD_PLUGIN_DIR);
	int rc = plugin_load(path, MRT_KIND_BACKEND, &g_plugin, err, sizeof(err));
	ck_assert_msg(rc == MRT_OK, "cannot load %s: %s (build the sqlite target)", path, err);
	ops = plugin_desc(g_plugin)->backend;
	ck_assert_ptr_nonnull(ops);
}

static void unload(void)
{
	plugin_unload(g_plugin);
	g_plugin = NULL;
	ops = NULL;
}

static const char *scratch_path(const char *url)
{
	ck_assert(strncmp(url, "sqlite:///", 10) == 0);
	return url + 10;
}

static void exec(const char *path, const char *sql)
{
	sqlite3 *db;
	ck_assert_int_eq(sqlite3_open(path, &db), SQLITE_OK);
	char *e = NULL;
	int rc = sqlite3_exec(db, sql, NULL, NULL, &e);
	ck_assert_msg(rc == SQLITE_OK, "%s", e ? e : "?");
	sqlite3_close(db);
}

static long long query_int(const char *path, const char *sql)
{
	sqlite3 *db;
	sqlite3_stmt *st;
	ck_assert_int_eq(sqlite3_open(path, &db), SQLITE_OK);
	ck_assert_msg(sqlite3_prepare_v2(db, sql, -1, &st, NULL) == SQLITE_OK, "%s", sqlite3_errmsg(db));
	ck_assert_int_eq(sqlite3_step(st), SQLITE_ROW);
	long long v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	sqlite3_close(db);
	return v;
}

static const struct mrt_db_table *table(const struct mrt_db_schema *s, const char *name)
{
	for (size_t i = 0; i < s->ntables; i++)
		if (strcmp(s->tables[i].name, name) == 0)
			return &s->tables[i];
	ck_abort_msg("no table %s", name);
	return NULL;
}

static const struct mrt_db_column *column(const struct mrt_db_table *t, const char *name)
{
	for (size_t i = 0; i < t->ncolumns; i++)
		if (strcmp(t->columns[i].name, name) == 0)
			return &t->columns[i];
	ck_abort_msg("no column %s", name);
	return NULL;
}

static const char *SCHEMA =
	"CREATE TABLE users (id INTEGER PRIMARY KEY, name VARCHAR(10) NOT NULL, email VARCHAR(40) NOT NULL,"
	" balance NUMERIC(10, 2) NOT NULL DEFAULT 0, active BOOLEAN NOT NULL, born DATE, seen DATETIME, data JSON,"
	" avatar BLOB, score REAL, status VARCHAR(8) NOT NULL CONSTRAINT ck_status CHECK (status IN ('new', 'old')),"
	" qty INTEGER CHECK (qty > 0), parent_id INTEGER REFERENCES users(id),"
	" CONSTRAINT uq_name_email UNIQUE (name, email), UNIQUE (email));"
	"CREATE INDEX ix_users_name ON users (name) WHERE active = 1;"
	"CREATE TABLE orders (user_id INTEGER NOT NULL REFERENCES users ON DELETE CASCADE, line INTEGER NOT NULL,"
	" total NUMERIC(12, 4) NOT NULL, note TEXT, PRIMARY KEY (user_id, line));"
	"CREATE TABLE logs (msg TEXT, at TIMESTAMP);"
	"CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL PRIMARY KEY);";

START_TEST(connect_and_scratch)
{
	load();
	void *conn = NULL;
	ck_assert_int_eq(ops->connect("postgresql://x/y", &conn, err, sizeof(err)), MRT_EINVAL);
	ck_assert_ptr_null(conn);
	ck_assert_int_eq(ops->connect("sqlite+pysqlite:///app.db", &conn, err, sizeof(err)), MRT_OK);
	const char *url = NULL;
	ck_assert_int_eq(ops->create_scratch(conn, &url, err, sizeof(err)), MRT_OK);
	const char *path = scratch_path(url);
	ck_assert_ptr_nonnull(strstr(path, "/mrt_scratch_"));
	char prefix[64];
	snprintf(prefix, sizeof(prefix), "mrt_scratch_%ld_", (long)getpid());
	ck_assert_ptr_nonnull(strstr(path, prefix));
	ck_assert_int_eq(access(path, F_OK), 0);
	char copy[4096];
	snprintf(copy, sizeof(copy), "%s", path);
	exec(copy, "CREATE TABLE t (a INTEGER); PRAGMA journal_mode=WAL; INSERT INTO t VALUES (1);");
	ck_assert_int_eq(ops->drop_scratch(conn, err, sizeof(err)), MRT_OK);
	ck_assert_int_ne(access(copy, F_OK), 0);
	char wal[4200];
	snprintf(wal, sizeof(wal), "%s-wal", copy);
	ck_assert_int_ne(access(wal, F_OK), 0);
	/* emergency cleanup removes a live scratch */
	ck_assert_int_eq(ops->create_scratch(conn, &url, err, sizeof(err)), MRT_OK);
	snprintf(copy, sizeof(copy), "%s", scratch_path(url));
	ops->emergency_cleanup();
	ck_assert_int_ne(access(copy, F_OK), 0);
	ops->disconnect(conn);
	/* the user's database was never created or opened */
	ck_assert_int_ne(access("app.db", F_OK), 0);
	unload();
}
END_TEST

START_TEST(stale_cleanup)
{
	load();
	void *conn = NULL;
	ck_assert_int_eq(ops->connect("sqlite:///x.db", &conn, err, sizeof(err)), MRT_OK);
	const char *dir = getenv("TMPDIR") && getenv("TMPDIR")[0] == '/' ? getenv("TMPDIR") : "/tmp";
	char dead[4096], alive[4096];
	/* pid 2^22+1 is above Linux's pid_max default: no such process */
	snprintf(dead, sizeof(dead), "%s/mrt_scratch_4194305_deadbeef.db", dir);
	snprintf(alive, sizeof(alive), "%s/mrt_scratch_1_cafe.db", dir); /* pid 1 is alive */
	int fd = open(dead, O_CREAT | O_WRONLY, 0600);
	ck_assert_int_ge(fd, 0);
	close(fd);
	fd = open(alive, O_CREAT | O_WRONLY, 0600);
	ck_assert_int_ge(fd, 0);
	close(fd);
	struct utimbuf old = {time(NULL) - 7200, time(NULL) - 7200};
	utime(dead, &old);
	utime(alive, &old);
	unsigned removed = 0;
	ck_assert_int_eq(ops->cleanup_stale(conn, 3600, &removed, err, sizeof(err)), MRT_OK);
	ck_assert_int_ne(access(dead, F_OK), 0);
	ck_assert_int_eq(access(alive, F_OK), 0);
	ck_assert_uint_ge(removed, 1);
	unlink(alive);
	ops->disconnect(conn);
	unload();
}
END_TEST

START_TEST(introspect_schema)
{
	load();
	void *conn;
	const char *url;
	ck_assert_int_eq(ops->connect("sqlite:///x.db", &conn, err, sizeof(err)), MRT_OK);
	ck_assert_int_eq(ops->create_scratch(conn, &url, err, sizeof(err)), MRT_OK);
	exec(scratch_path(url), SCHEMA);
	struct mrt_db_schema *s = NULL;
	ck_assert_int_eq(ops->introspect(conn, &s, err, sizeof(err)), MRT_OK);
	ck_assert_uint_eq(s->ntables, 3); /* alembic_version is not compared */
	ck_assert_str_eq(s->tables[0].name, "logs");
	ck_assert_str_eq(s->tables[1].name, "orders");
	ck_assert_str_eq(s->tables[2].name, "users");
	const struct mrt_db_table *u = table(s, "users");
	ck_assert_uint_eq(u->ncolumns, 13);
	ck_assert_str_eq(column(u, "balance")->type, "NUMERIC(10,2)");
	ck_assert_str_eq(column(u, "balance")->default_sql, "0");
	ck_assert_int_eq(column(u, "balance")->notnull, 1);
	ck_assert_int_eq(column(u, "id")->pk_position, 1);
	ck_assert_ptr_null(column(u, "born")->default_sql);
	ck_assert_int_eq(column(u, "born")->notnull, 0);
	ck_assert_uint_eq(u->nfks, 1);
	ck_assert_str_eq(u->fks[0].columns, "parent_id");
	ck_assert_str_eq(u->fks[0].ref_table, "users");
	ck_assert_str_eq(u->fks[0].ref_columns, "id");
	ck_assert_uint_eq(u->nuniques, 2);
	ck_assert_str_eq(u->uniques[0].definition, "email");
	ck_assert_str_eq(u->uniques[1].definition, "name,email");
	ck_assert_uint_eq(u->nchecks, 2);
	ck_assert_str_eq(u->checks[0].definition, "qty>0");
	ck_assert_ptr_null(u->checks[0].name);
	ck_assert_str_eq(u->checks[1].definition, "status IN('new','old')");
	ck_assert_str_eq(u->checks[1].name, "ck_status");
	ck_assert_uint_eq(u->nindexes, 1);
	ck_assert_str_eq(u->indexes[0].name, "ix_users_name");
	ck_assert_str_eq(u->indexes[0].columns, "name");
	ck_assert_str_eq(u->indexes[0].where, "active=1");
	const struct mrt_db_table *o = table(s, "orders");
	ck_assert_int_eq(column(o, "user_id")->pk_position, 1);
	ck_assert_int_eq(column(o, "line")->pk_position, 2);
	ck_assert_str_eq(o->fks[0].ref_columns, "id"); /* implicit: the parent's primary key */
	ck_assert_str_eq(o->fks[0].on_delete, "CASCADE");
	ops->schema_free(s);
	ops->disconnect(conn);
	unload();
}
END_TEST

static int g_failed_calls;
static char g_failed_table[64], g_failed_error[512];

static void on_failed(void *ud, const char *t, const char *e)
{
	(void)ud;
	g_failed_calls++;
	snprintf(g_failed_table, sizeof(g_failed_table), "%s", t);
	snprintf(g_failed_error, sizeof(g_failed_error), "%s", e);
}

/* Seeds the current schema; returns the snapshot (caller frees). */
static struct mrt_db_snapshot *seed_and_snap(void *conn, unsigned rows, uint64_t seed)
{
	struct mrt_db_schema *s = NULL;
	ck_assert_int_eq(ops->introspect(conn, &s, err, sizeof(err)), MRT_OK);
	struct mrt_seed_params p = {sizeof(p), rows, seed, NULL, 0, on_failed, NULL};
	ck_assert_msg(ops->seed(conn, s, &p, err, sizeof(err)) == MRT_OK, "%s", err);
	struct mrt_db_snapshot *snap = NULL;
	ck_assert_int_eq(ops->snapshot(conn, s, &snap, err, sizeof(err)), MRT_OK);
	return snap;
}

START_TEST(seed_under_constraints)
{
	load();
	void *conn;
	const char *url;
	ck_assert_int_eq(ops->connect("sqlite:///x.db", &conn, err, sizeof(err)), MRT_OK);
	ck_assert_int_eq(ops->create_scratch(conn, &url, err, sizeof(err)), MRT_OK);
	char path[4096];
	snprintf(path, sizeof(path), "%s", scratch_path(url));
	exec(path, SCHEMA);
	g_failed_calls = 0;
	struct mrt_db_snapshot *snap = seed_and_snap(conn, 3, 42);
	ck_assert_msg(g_failed_calls == 0, "%s: %s", g_failed_table, g_failed_error);
	ck_assert_int_eq(query_int(path, "SELECT count(*) FROM users"), 3);
	ck_assert_int_eq(query_int(path, "SELECT count(*) FROM orders"), 3);
	ck_assert_int_eq(query_int(path, "SELECT count(*) FROM logs"), 3);
	ck_assert_int_eq(query_int(path, "SELECT count(*) FROM alembic_version"), 0);
	/* every column of every row non-NULL */
	ck_assert_int_eq(query_int(path, "SELECT count(*) FROM users WHERE born IS NULL OR seen IS NULL OR data IS NULL"
	                                 " OR avatar IS NULL OR score IS NULL OR qty IS NULL OR parent_id IS NULL"),
	                 0);
	ck_assert_int_eq(query_int(path, "SELECT count(*) FROM logs WHERE msg IS NULL OR at IS NULL"), 0);
	/* constraints honoured; FKs point at real rows */
	ck_assert_int_eq(query_int(path, "SELECT count(*) FROM users WHERE status NOT IN ('new','old') OR qty <= 0"), 0);
	ck_assert_int_eq(query_int(path, "SELECT count(*) FROM orders o LEFT JOIN users u ON u.id = o.user_id"
	                                 " WHERE u.id IS NULL"),
	                 0);
	ck_assert_int_eq(query_int(path, "SELECT count(*) FROM users c LEFT JOIN users p ON p.id = c.parent_id"
	                                 " WHERE p.id IS NULL"),
	                 0);
	/* type-exercising values */
	ck_assert_int_eq(query_int(path, "SELECT min(length(name)) FROM users"), 10);           /* max length */
	ck_assert_int_gt(query_int(path, "SELECT count(*) FROM users WHERE length(name) < length(CAST(name AS BLOB))"), 0);
	ck_assert_int_eq(query_int(path, "SELECT count(DISTINCT active) FROM users"), 2);       /* both booleans */
	ck_assert_int_gt(query_int(path, "SELECT count(*) FROM users WHERE balance < 0"), 0);   /* negatives */
	ck_assert_int_eq(query_int(path, "SELECT count(*) FROM users WHERE CAST(balance * 100 AS INTEGER) % 100 = 0"), 0);
	ck_assert_int_eq(query_int(path, "SELECT count(*) FROM users WHERE seen NOT LIKE '____-__-__ __:__:__.______'"),
	                 0);
	ck_assert_int_eq(query_int(path, "SELECT count(*) FROM users WHERE json_valid(data)"), 3);
	ck_assert_int_eq(query_int(path, "SELECT count(*) FROM users WHERE typeof(avatar) = 'blob'"), 3);
	/* the snapshot sees it all */
	ck_assert_uint_eq(snap->ntables, 3);
	ck_assert_str_eq(snap->tables[2].table, "users");
	ck_assert_uint_eq(snap->tables[2].nrows, 3);
	ck_assert_int_eq(snap->tables[2].keyed, 1);
	ck_assert_int_eq(snap->tables[0].keyed, 0); /* logs: no primary key */
	ops->snapshot_free(snap);

	/* a column added later is filled by UPDATE, rows are not added again */
	exec(path, "ALTER TABLE users ADD COLUMN phone VARCHAR(20); ALTER TABLE logs ADD COLUMN level INTEGER;");
	snap = seed_and_snap(conn, 3, 42);
	ck_assert_int_eq(query_int(path, "SELECT count(*) FROM users"), 3);
	ck_assert_int_eq(query_int(path, "SELECT count(*) FROM users WHERE phone IS NULL"), 0);
	ck_assert_int_eq(query_int(path, "SELECT count(*) FROM logs WHERE level IS NULL"), 0);
	ck_assert_int_eq(query_int(path, "SELECT count(DISTINCT phone) FROM users"), 3);
	ops->snapshot_free(snap);

	/* an impossible CHECK is reported with the database's error, never skipped silently */
	exec(path, "CREATE TABLE impossible (a INTEGER NOT NULL CHECK (a <> a));");
	g_failed_calls = 0;
	snap = seed_and_snap(conn, 3, 42);
	ck_assert_int_eq(g_failed_calls, 1);
	ck_assert_str_eq(g_failed_table, "impossible");
	ck_assert_msg(strstr(g_failed_error, "CHECK constraint failed") != NULL, "%s", g_failed_error);
	ops->snapshot_free(snap);
	ops->disconnect(conn);
	ck_assert_int_ne(access(path, F_OK), 0);
	unload();
}
END_TEST

START_TEST(checks_on_several_columns)
{
	load();
	void *conn;
	const char *url;
	ck_assert_int_eq(ops->connect("sqlite:///x.db", &conn, err, sizeof(err)), MRT_OK);
	ck_assert_int_eq(ops->create_scratch(conn, &url, err, sizeof(err)), MRT_OK);
	char path[4096];
	snprintf(path, sizeof(path), "%s", scratch_path(url));
	/* as SQLAlchemy renders Enum/Boolean(create_constraint=True) and table CHECKs */
	exec(path, "CREATE TABLE kinds (id INTEGER NOT NULL, status VARCHAR(7) NOT NULL, flag BOOLEAN NOT NULL,"
	           " small SMALLINT CHECK (small BETWEEN 1 AND 100), txt TEXT, name VARCHAR(3) NOT NULL, code VARCHAR(2)"
	           " NOT NULL, PRIMARY KEY (id), CONSTRAINT st CHECK (status IN ('active', 'pending')),"
	           " CHECK (flag IN (0, 1)), UNIQUE (name, code), CONSTRAINT ck_txt_len CHECK (length(txt) >= 5));");
	g_failed_calls = 0;
	struct mrt_db_snapshot *snap = seed_and_snap(conn, 5, 3);
	ck_assert_msg(g_failed_calls == 0, "%s: %s", g_failed_table, g_failed_error);
	ck_assert_int_eq(query_int(path, "SELECT count(*) FROM kinds"), 5);
	ck_assert_int_eq(query_int(path, "SELECT count(DISTINCT status) FROM kinds"), 2);
	ck_assert_int_eq(query_int(path, "SELECT count(DISTINCT name || code) FROM kinds"), 5);
	ck_assert_int_eq(query_int(path, "SELECT count(*) FROM kinds WHERE length(name) <> 3"), 0);
	ops->snapshot_free(snap);
	ops->disconnect(conn);
	unload();
}
END_TEST

/* digest of everything in a snapshot */
static uint64_t snap_digest(const struct mrt_db_snapshot *s)
{
	uint64_t h = 1469598103934665603ULL;
	for (size_t t = 0; t < s->ntables; t++)
		for (size_t i = 0; i < s->tables[t].nrows * s->tables[t].ncolumns; i++)
			h = (h ^ s->tables[t].values[i]) * 1099511628211ULL;
	return h;
}

static uint64_t seeded_digest(uint64_t seed)
{
	void *conn;
	const char *url;
	ck_assert_int_eq(ops->connect("sqlite:///x.db", &conn, err, sizeof(err)), MRT_OK);
	ck_assert_int_eq(ops->create_scratch(conn, &url, err, sizeof(err)), MRT_OK);
	exec(scratch_path(url), SCHEMA);
	struct mrt_db_snapshot *snap = seed_and_snap(conn, 5, seed);
	uint64_t d = snap_digest(snap);
	ops->snapshot_free(snap);
	ops->disconnect(conn);
	return d;
}

START_TEST(deterministic_by_seed)
{
	load();
	uint64_t a = seeded_digest(7), b = seeded_digest(7), c = seeded_digest(8);
	ck_assert(a == b);
	ck_assert(a != c);
	unload();
}
END_TEST

START_TEST(user_rows_and_compare)
{
	load();
	void *conn;
	const char *url;
	ck_assert_int_eq(ops->connect("sqlite:///x.db", &conn, err, sizeof(err)), MRT_OK);
	ck_assert_int_eq(ops->create_scratch(conn, &url, err, sizeof(err)), MRT_OK);
	char path[4096];
	snprintf(path, sizeof(path), "%s", scratch_path(url));
	exec(path, "CREATE TABLE users (id INTEGER PRIMARY KEY, name VARCHAR(30) NOT NULL, phone VARCHAR(20));");
	static const char *const cols[] = {"name", "phone"};
	static const char *const vals[] = {"Ada", "+44 1", "Linus", NULL};
	struct mrt_seed_rows ur = {"users", 2, cols, 2, vals, 0};
	struct mrt_db_schema *s = NULL;
	ck_assert_int_eq(ops->introspect(conn, &s, err, sizeof(err)), MRT_OK);
	struct mrt_seed_params p = {sizeof(p), 3, 1, &ur, 1, on_failed, NULL};
	ck_assert_int_eq(ops->seed(conn, s, &p, err, sizeof(err)), MRT_OK);
	struct mrt_db_snapshot *before = NULL, *after = NULL;
	ck_assert_int_eq(ops->snapshot(conn, s, &before, err, sizeof(err)), MRT_OK);
	ck_assert_int_eq(query_int(path, "SELECT count(*) FROM users"), 3);
	ck_assert_int_eq(query_int(path, "SELECT count(*) FROM users WHERE name = 'Ada' AND phone = '+44 1'"), 1);
	ck_assert_int_eq(query_int(path, "SELECT count(*) FROM users WHERE phone IS NULL"), 0);
	/* rows given for every revision go only into an empty table */
	ur.only_when_empty = 1;
	ck_assert_int_eq(ops->seed(conn, before->schema, &p, err, sizeof(err)), MRT_OK);
	ck_assert_int_eq(query_int(path, "SELECT count(*) FROM users WHERE name = 'Ada'"), 1);
	ck_assert_int_eq(query_int(path, "SELECT count(*) FROM users"), 3);
	/* what a lossy round trip does: drop the column and add it back empty */
	exec(path, "ALTER TABLE users DROP COLUMN phone; ALTER TABLE users ADD COLUMN phone VARCHAR(20);");
	ck_assert_int_eq(ops->introspect(conn, &s, err, sizeof(err)), MRT_OK);
	ck_assert_int_eq(ops->snapshot(conn, s, &after, err, sizeof(err)), MRT_OK);
	struct vfindings f;
	vfindings_init(&f);
	ck_assert_int_eq(snapshot_compare(before, after, &f), 0);
	ck_assert_uint_eq(f.count, 1);
	ck_assert_str_eq(f.items[0].message, "Column 'users.phone': 3/3 values lost after rollback");
	vfindings_release(&f);
	ops->snapshot_free(before);
	ops->snapshot_free(after);
	ops->disconnect(conn);
	unload();
}
END_TEST

/* ---- the kept connection and the introspection cache ---- */

static int str_eq(const char *a, const char *b)
{
	return (!a && !b) || (a && b && strcmp(a, b) == 0);
}

/* Field-by-field equality of two schemas (asserts, naming the first difference). */
static void assert_schema_eq(const struct mrt_db_schema *a, const struct mrt_db_schema *b)
{
	ck_assert_uint_eq(a->ntables, b->ntables);
	ck_assert_int_eq(a->version_table, b->version_table);
	for (size_t i = 0; i < a->ntables; i++) {
		const struct mrt_db_table *x = &a->tables[i], *y = &b->tables[i];
		ck_assert_str_eq(x->name, y->name);
		ck_assert_int_eq(x->seedable, y->seedable);
		ck_assert_uint_eq(x->ncolumns, y->ncolumns);
		for (size_t c = 0; c < x->ncolumns; c++) {
			const struct mrt_db_column *p = &x->columns[c], *q = &y->columns[c];
			ck_assert_msg(str_eq(p->name, q->name) && str_eq(p->type, q->type) && p->notnull == q->notnull &&
			                  str_eq(p->default_sql, q->default_sql) && p->pk_position == q->pk_position &&
			                  p->generated == q->generated,
			              "%s.%s differs", x->name, p->name);
		}
		ck_assert_uint_eq(x->nfks, y->nfks);
		for (size_t f = 0; f < x->nfks; f++) {
			const struct mrt_db_fk *p = &x->fks[f], *q = &y->fks[f];
			ck_assert_msg(str_eq(p->name, q->name) && str_eq(p->columns, q->columns) &&
			                  str_eq(p->ref_table, q->ref_table) && str_eq(p->ref_columns, q->ref_columns) &&
			                  str_eq(p->on_update, q->on_update) && str_eq(p->on_delete, q->on_delete),
			              "%s fk %zu differs", x->name, f);
		}
		ck_assert_uint_eq(x->nuniques, y->nuniques);
		for (size_t u = 0; u < x->nuniques; u++)
			ck_assert(str_eq(x->uniques[u].name, y->uniques[u].name) &&
			          str_eq(x->uniques[u].definition, y->uniques[u].definition));
		ck_assert_uint_eq(x->nchecks, y->nchecks);
		for (size_t k = 0; k < x->nchecks; k++)
			ck_assert(str_eq(x->checks[k].name, y->checks[k].name) &&
			          str_eq(x->checks[k].definition, y->checks[k].definition));
		ck_assert_uint_eq(x->nindexes, y->nindexes);
		for (size_t k = 0; k < x->nindexes; k++)
			ck_assert(str_eq(x->indexes[k].name, y->indexes[k].name) &&
			          str_eq(x->indexes[k].columns, y->indexes[k].columns) &&
			          x->indexes[k].unique == y->indexes[k].unique &&
			          str_eq(x->indexes[k].where, y->indexes[k].where));
	}
}

/* Introspects with the cache switched off (MRT_SQLITE_NO_CACHE=1), as a reference. */
static struct mrt_db_schema *introspect_uncached(void *conn)
{
	struct mrt_db_schema *s = NULL;
	setenv("MRT_SQLITE_NO_CACHE", "1", 1);
	ck_assert_msg(ops->introspect(conn, &s, err, sizeof(err)) == MRT_OK, "%s", err);
	unsetenv("MRT_SQLITE_NO_CACHE");
	return s;
}

START_TEST(kept_connection_and_cache)
{
	load();
	void *conn;
	const char *url;
	ck_assert_int_eq(ops->connect("sqlite:///x.db", &conn, err, sizeof(err)), MRT_OK);
	ck_assert_int_eq(ops->create_scratch(conn, &url, err, sizeof(err)), MRT_OK);
	char path[4096];
	snprintf(path, sizeof(path), "%s", scratch_path(url));
	exec(path, SCHEMA);
	struct mrt_db_schema *ref = introspect_uncached(conn), *s1 = NULL, *s2 = NULL;
	ck_assert_int_eq(ops->introspect(conn, &s1, err, sizeof(err)), MRT_OK); /* fills the cache */
	ck_assert_int_eq(ops->introspect(conn, &s2, err, sizeof(err)), MRT_OK); /* every table from the cache */
	assert_schema_eq(ref, s1);
	assert_schema_eq(ref, s2);
	ck_assert_str_eq(table(s2, "orders")->fks[0].ref_columns, "id"); /* implicit target resolved on the copy */
	ops->schema_free(ref);
	ops->schema_free(s1);
	struct mrt_seed_params p = {sizeof(p), 3, 7, NULL, 0, on_failed, NULL};
	g_failed_calls = 0;
	ck_assert_msg(ops->seed(conn, s2, &p, err, sizeof(err)) == MRT_OK, "%s", err);
	struct mrt_db_snapshot *snap = NULL;
	ck_assert_int_eq(ops->snapshot(conn, s2, &snap, err, sizeof(err)), MRT_OK);
	ops->snapshot_free(snap);
	/* Another connection (the runner) writes between the ops: it must not find the file locked (exec() has no busy
	 * timeout), and the next ops must see what it did. Same table text, new NULLs; changed tables; an index replaced
	 * under the same name. */
	exec(path, "UPDATE logs SET msg = NULL; ALTER TABLE orders ADD COLUMN extra TEXT;"
	           "CREATE INDEX ix_logs_at ON logs (at); DROP INDEX ix_users_name;"
	           "CREATE INDEX ix_users_name ON users (email);");
	struct mrt_db_schema *s3 = NULL;
	ck_assert_int_eq(ops->introspect(conn, &s3, err, sizeof(err)), MRT_OK);
	ref = introspect_uncached(conn);
	assert_schema_eq(ref, s3);
	ops->schema_free(ref);
	ck_assert_uint_eq(table(s3, "orders")->ncolumns, 5);
	ck_assert_uint_eq(table(s3, "logs")->nindexes, 1);
	ck_assert_str_eq(table(s3, "users")->indexes[0].columns, "email");
	ck_assert_ptr_null(table(s3, "users")->indexes[0].where);
	ck_assert_msg(ops->seed(conn, s3, &p, err, sizeof(err)) == MRT_OK, "%s", err);
	ck_assert_int_eq(g_failed_calls, 0);
	ck_assert_int_eq(query_int(path, "SELECT count(*) FROM logs WHERE msg IS NULL"), 0);
	ck_assert_int_eq(query_int(path, "SELECT count(*) FROM orders WHERE extra IS NULL"), 0);
	ck_assert_int_eq(query_int(path, "SELECT count(*) FROM orders"), 3);
	ops->schema_free(s3);
	/* a rebuilt scratch starts empty: nothing of the old file or cache shows */
	ck_assert_int_eq(ops->create_scratch(conn, &url, err, sizeof(err)), MRT_OK);
	struct mrt_db_schema *s4 = NULL;
	ck_assert_int_eq(ops->introspect(conn, &s4, err, sizeof(err)), MRT_OK);
	ck_assert_uint_eq(s4->ntables, 0);
	ops->schema_free(s4);
	ops->disconnect(conn);
	unload();
}
END_TEST

int main(void)
{
	Suite *s = suite_create("sqlite_backend");
	TCase *tc = tcase_create("core");
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, connect_and_scratch);
	tcase_add_test(tc, stale_cleanup);
	tcase_add_test(tc, introspect_schema);
	tcase_add_test(tc, seed_under_constraints);
	tcase_add_test(tc, checks_on_several_columns);
	tcase_add_test(tc, deterministic_by_seed);
	tcase_add_test(tc, user_rows_and_compare);
	tcase_add_test(tc, kept_connection_and_cache);
	suite_add_tcase(s, tc);
	SRunner *sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? 1 : 0;
}
