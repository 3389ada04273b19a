/*
 * sqlite_backend.c — the SQLite backend plugin: scratch file, introspection and snapshots (seeding: sqlite_seed.c).
 *
 * Safety: the user's database file is never opened (not even for reading): the scratch is a fresh temp file
 * `$TMPDIR/mrt_scratch_<pid>_<random>.db` that Alembic upgrades from base. The files of every live scratch are kept in
 * a fixed registry so emergency_cleanup() can unlink them from a signal handler (unlink is async-signal-safe).
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <time.h>
#include <unistd.h>
#include "sqlite_backend.h"

#define SCRATCH_PREFIX "mrt_scratch_"
#define VERSION_TABLE "alembic_version"

/* ---- errors, small helpers ----------------------------------------------------------------------------------------- */

int sqlb_fail(char *err, size_t errlen, int code, const char *fmt, ...)
{
	if (err && errlen) {
		va_list ap;
		va_start(ap, fmt);
		vsnprintf(err, errlen, fmt, ap);
		va_end(ap);
	}
	return code;
}

char *sqlb_quote_ident(const char *name, char *buf, size_t size)
{
	size_t o = 0;
	if (size < 3)
		return NULL;
	buf[o++] = '"';
	for (const char *p = name; *p; p++) {
		if (o + 3 >= size)
			return NULL;
		if (*p == '"')
			buf[o++] = '"';
		buf[o++] = *p;
	}
	buf[o++] = '"';
	buf[o] = '\0';
	return buf;
}

/* ---- emergency registry ------------------------------------------------------------------------------------------- */

#define REGISTRY_SLOTS 8
#define REGISTRY_FILES 4 /* the database, -wal, -shm, -journal */

static struct {
	volatile sig_atomic_t used;
	char paths[REGISTRY_FILES][SQLB_PATH_MAX + 16];
} registry[REGISTRY_SLOTS];

static int registry_add(const char *path)
{
	static const char *const suffix[REGISTRY_FILES] = {"", "-wal", "-shm", "-journal"};
	for (int i = 0; i < REGISTRY_SLOTS; i++) {
		if (registry[i].used)
			continue;
		for (int k = 0; k < REGISTRY_FILES; k++)
			snprintf(registry[i].paths[k], sizeof(registry[i].paths[k]), "%s%s", path, suffix[k]);
		registry[i].used = 1;
		return i;
	}
	return -1;
}

static void registry_remove_files(int slot)
{
	if (slot < 0 || slot >= REGISTRY_SLOTS || !registry[slot].used)
		return;
	for (int k = 0; k < REGISTRY_FILES; k++)
		unlink(registry[slot].paths[k]);
	registry[slot].used = 0;
}

static void sqlb_emergency_cleanup(void)
{
	for (int i = 0; i < REGISTRY_SLOTS; i++)
		if (registry[i].used)
			for (int k = 0; k < REGISTRY_FILES; k++)
				unlink(registry[i].paths[k]);
}

/* ---- connect / scratch ---------------------------------------------------------------------------------------------- */

/* "sqlite", "sqlite+pysqlite", "sqlite+aiosqlite": 1 */
static int url_is_sqlite(const char *url)
{
	if (strncmp(url, "sqlite", 6) != 0)
		return 0;
	const char *p = url + 6;
	if (*p == '+') {
		p++;
		while (*p && *p != ':')
			p++;
	}
	return strncmp(p, "://", 3) == 0;
}

static int sqlb_connect(const char *db_url, void **conn, char *err, size_t errlen)
{
	*conn = NULL;
	if (!db_url || !url_is_sqlite(db_url))
		return sqlb_fail(err, errlen, MRT_EINVAL, "not an SQLite URL (expected sqlite:///path.db)");
	struct sqlb_conn *c = calloc(1, sizeof(*c));
	if (!c)
		return sqlb_fail(err, errlen, MRT_ENOMEM, "out of memory");
	c->registry_slot = -1;
	*conn = c;
	return MRT_OK;
}

static const char *temp_dir(void)
{
	const char *d = getenv("TMPDIR");
	return d && d[0] == '/' ? d : "/tmp";
}

static uint64_t random64(void)
{
	uint64_t r = 0;
	int fd = open("/dev/urandom", O_RDONLY | O_CLOEXEC);
	if (fd >= 0) {
		if (read(fd, &r, sizeof(r)) != (ssize_t)sizeof(r))
			r = 0;
		close(fd);
	}
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	return sqlb_mix64(r ^ (uint64_t)ts.tv_nsec ^ ((uint64_t)ts.tv_sec << 20) ^ ((uint64_t)getpid() << 40));
}

static int sqlb_drop_scratch(void *conn, char *err, size_t errlen);
static void tcache_free(struct sqlb_table_cache *tc);

static int sqlb_create_scratch(void *conn, const char **scratch_url, char *err, size_t errlen)
{
	struct sqlb_conn *c = conn;
	*scratch_url = NULL;
	if (c->scratch_path[0]) {
		int rc = sqlb_drop_scratch(c, err, errlen);
		if (rc)
			return rc;
	}
	const char *dir = temp_dir();
	for (int attempt = 0; attempt < 16; attempt++) {
		int n = snprintf(c->scratch_path, sizeof(c->scratch_path), "%s/" SCRATCH_PREFIX "%ld_%012llx.db", dir,
		                 (long)getpid(), (unsigned long long)(random64() & UINT64_C(0xffffffffffff)));
		if (n < 0 || (size_t)n >= sizeof(c->scratch_path)) {
			c->scratch_path[0] = '\0';
			return sqlb_fail(err, errlen, MRT_EIO, "temp directory path too long: %s", dir);
		}
		int fd = open(c->scratch_path, O_CREAT | O_EXCL | O_RDWR | O_CLOEXEC, 0600);
		if (fd < 0) {
			if (errno == EEXIST)
				continue;
			int e = errno;
			c->scratch_path[0] = '\0';
			return sqlb_fail(err, errlen, MRT_EIO, "cannot create scratch file in %s: %s", dir,
			                 strerror(e));
		}
		close(fd);
		c->registry_slot = registry_add(c->scratch_path);
		size_t ulen = strlen(c->scratch_path) + sizeof("sqlite:///");
		c->scratch_url = malloc(ulen);
		if (!c->scratch_url) {
			sqlb_drop_scratch(c, NULL, 0);
			return sqlb_fail(err, errlen, MRT_ENOMEM, "out of memory");
		}
		snprintf(c->scratch_url, ulen, "sqlite:///%s", c->scratch_path);
		*scratch_url = c->scratch_url;
		return MRT_OK;
	}
	c->scratch_path[0] = '\0';
	return sqlb_fail(err, errlen, MRT_EIO, "cannot create a unique scratch file in %s", dir);
}

static int sqlb_drop_scratch(void *conn, char *err, size_t errlen)
{
	struct sqlb_conn *c = conn;
	int rc = MRT_OK;
	sqlb_close(c); /* before the files go: SQLite must not write into an unlinked or replaced file */
	tcache_free(c->tcache);
	c->tcache = NULL;
	if (c->scratch_path[0]) {
		static const char *const suffix[] = {"-wal", "-shm", "-journal"};
		char p[SQLB_PATH_MAX + 16];
		for (size_t k = 0; k < sizeof(suffix) / sizeof(suffix[0]); k++) {
			snprintf(p, sizeof(p), "%s%s", c->scratch_path, suffix[k]);
			unlink(p);
		}
		if (unlink(c->scratch_path) != 0 && errno != ENOENT)
			rc = sqlb_fail(err, errlen, MRT_EIO, "cannot remove scratch file %s: %s", c->scratch_path,
			               strerror(errno));
		registry_remove_files(c->registry_slot);
		c->registry_slot = -1;
		c->scratch_path[0] = '\0';
	}
	free(c->scratch_url);
	c->scratch_url = NULL;
	return rc;
}

static int sqlb_cleanup_stale(void *conn, unsigned older_than_s, unsigned *removed, char *err, size_t errlen)
{
	(void)conn;
	*removed = 0;
	const char *dir = temp_dir();
	DIR *d = opendir(dir);
	if (!d)
		return sqlb_fail(err, errlen, MRT_EIO, "cannot read %s: %s", dir, strerror(errno));
	time_t now = time(NULL);
	struct dirent *e;
	while ((e = readdir(d)) != NULL) {
		if (strncmp(e->d_name, SCRATCH_PREFIX, sizeof(SCRATCH_PREFIX) - 1) != 0)
			continue;
		char *end = NULL;
		long pid = strtol(e->d_name + sizeof(SCRATCH_PREFIX) - 1, &end, 10);
		if (!end || *end != '_' || pid <= 0 || pid == (long)getpid())
			continue;
		if (kill((pid_t)pid, 0) == 0 || errno != ESRCH)
			continue; /* its run is still alive (or we cannot tell): leave it */
		char path[SQLB_PATH_MAX];
		int n = snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
		if (n < 0 || (size_t)n >= sizeof(path))
			continue;
		struct stat st;
		if (lstat(path, &st) != 0 || !S_ISREG(st.st_mode) || st.st_uid != geteuid())
			continue;
		if (now - st.st_mtime < (time_t)older_than_s)
			continue;
		if (unlink(path) == 0)
			(*removed)++;
	}
	closedir(d);
	return MRT_OK;
}

static void sqlb_disconnect(void *conn)
{
	struct sqlb_conn *c = conn;
	if (!c)
		return;
	sqlb_drop_scratch(c, NULL, 0);
	free(c);
}

int sqlb_open(struct sqlb_conn *c, sqlite3 **db, char *err, size_t errlen)
{
	*db = NULL;
	if (!c->scratch_path[0])
		return sqlb_fail(err, errlen, MRT_EINVAL, "no scratch database (create_scratch first)");
	if (c->db) {
		*db = c->db;
		return MRT_OK;
	}
	/* READWRITE without CREATE: only the file we created can ever be opened. */
	sqlite3 *h = NULL;
	int rc = sqlite3_open_v2(c->scratch_path, &h, SQLITE_OPEN_READWRITE, NULL);
	if (rc != SQLITE_OK) {
		int r = sqlb_fail(err, errlen, MRT_EDB, "cannot open scratch database: %s",
		                  h ? sqlite3_errmsg(h) : sqlite3_errstr(rc));
		sqlite3_close_v2(h);
		return r;
	}
	sqlite3_busy_timeout(h, 5000);
	sqlite3_exec(h, "PRAGMA synchronous=OFF", NULL, NULL, NULL);
	c->db = h;
	*db = h;
	return MRT_OK;
}

void sqlb_release(struct sqlb_conn *c)
{
	if (!c->db)
		return;
	sqlite3_stmt *st;
	while ((st = sqlite3_next_stmt(c->db, NULL)) != NULL)
		sqlite3_finalize(st); /* a statement left stepping would hold a read lock while the runner writes */
	if (!sqlite3_get_autocommit(c->db))
		sqlite3_exec(c->db, "ROLLBACK", NULL, NULL, NULL);
	if (!sqlite3_get_autocommit(c->db))
		sqlb_close(c);
}

void sqlb_close(struct sqlb_conn *c)
{
	if (!c->db)
		return;
	sqlite3_stmt *st;
	while ((st = sqlite3_next_stmt(c->db, NULL)) != NULL)
		sqlite3_finalize(st);
	sqlite3_close_v2(c->db);
	c->db = NULL;
}

/* ---- pool: the memory of one schema or snapshot ---------------------------------------------------------------------- */

struct pool_block {
	struct pool_block *next;
	size_t used, size;
	_Alignas(16) unsigned char data[];
};

struct pool {
	struct pool_block *head; /* owned */
	int oom;
};

static void *pool_alloc(struct pool *p, size_t n)
{
	n = (n + 15) & ~(size_t)15;
	if (!p->head || p->head->size - p->head->used < n) {
		size_t size = n > 16384 ? n : 16384;
		struct pool_block *b = malloc(sizeof(*b) + size);
		if (!b) {
			p->oom = 1;
			return NULL;
		}
		b->next = p->head;
		b->used = 0;
		b->size = size;
		p->head = b;
	}
	void *r = p->head->data + p->head->used;
	p->head->used += n;
	memset(r, 0, n);
	return r;
}

static char *pool_strdup(struct pool *p, const char *s)
{
	if (!s)
		return NULL;
	size_t n = strlen(s);
	char *r = pool_alloc(p, n + 1);
	if (r)
		memcpy(r, s, n + 1);
	return r;
}

/* Appends value (elem bytes) to *items (count/cap), growing inside the pool. 0 or -1. */
static int pool_push(struct pool *p, void **items, size_t *count, size_t *cap, const void *value, size_t elem)
{
	if (*count == *cap) {
		size_t ncap = *cap ? *cap * 2 : 8;
		void *n = pool_alloc(p, ncap * elem);
		if (!n)
			return -1;
		if (*count)
			memcpy(n, *items, *count * elem);
		*items = n;
		*cap = ncap;
	}
	memcpy((char *)*items + *count * elem, value, elem);
	(*count)++;
	return 0;
}

static void pool_release(struct pool *p)
{
	while (p->head) {
		struct pool_block *n = p->head->next;
		free(p->head);
		p->head = n;
	}
}

/* A schema with its memory. The schema must stay the first member (schema_free casts back). */
struct schema_box {
	struct mrt_db_schema schema;
	struct pool pool;
};

struct snapshot_box {
	struct mrt_db_snapshot snap;
	struct schema_box *schema; /* owned */
	struct pool pool;
};

static void sqlb_schema_free(struct mrt_db_schema *schema)
{
	if (!schema)
		return;
	struct schema_box *b = (struct schema_box *)schema;
	pool_release(&b->pool);
	free(b);
}

static void sqlb_snapshot_free(struct mrt_db_snapshot *snap)
{
	if (!snap)
		return;
	struct snapshot_box *b = (struct snapshot_box *)snap;
	sqlb_schema_free(&b->schema->schema);
	pool_release(&b->pool);
	free(b);
}

/* ---- introspection ---------------------------------------------------------------------------------------------- */

struct introspect_ctx {
	sqlite3 *db;
	struct pool *pool;
	sqlite3_stmt *tables, *xinfo, *fks, *idxlist, *idxinfo, *idxsql;
	char *err;
	size_t errlen;
};

static const char *col_text(sqlite3_stmt *st, int i)
{
	const unsigned char *t = sqlite3_column_text(st, i);
	return t ? (const char *)t : NULL;
}

/* Joins into a pool string: a,b,c */
struct joiner {
	char buf[2048];
	size_t len;
	int overflow;
};

static void join_add(struct joiner *j, const char *s)
{
	size_t n = strlen(s);
	if (j->len && j->len + 1 < sizeof(j->buf))
		j->buf[j->len++] = ',';
	if (j->len + n + 1 >= sizeof(j->buf)) {
		j->overflow = 1;
		return;
	}
	memcpy(j->buf + j->len, s, n);
	j->len += n;
	j->buf[j->len] = '\0';
}

static int db_error(struct introspect_ctx *x, const char *what)
{
	return sqlb_fail(x->err, x->errlen, MRT_EDB, "%s: %s", what, sqlite3_errmsg(x->db));
}

static int check_cb(void *ud, const char *name, const char *expr)
{
	void **a = ud;
	struct pool *pool = a[0];
	struct mrt_db_table *t = a[1];
	size_t *cap = a[2];
	struct mrt_db_constraint c = {pool_strdup(pool, name), pool_strdup(pool, expr)};
	if (!c.definition)
		return -1;
	return pool_push(pool, (void **)&t->checks, &t->nchecks, cap, &c, sizeof(c));
}

static int cmp_constraint(const void *a, const void *b)
{
	const struct mrt_db_constraint *x = a, *y = b;
	return strcmp(x->definition, y->definition);
}

static int cmp_index(const void *a, const void *b)
{
	const struct mrt_db_index *x = a, *y = b;
	return strcmp(x->name, y->name);
}

static int introspect_table(struct introspect_ctx *x, struct mrt_db_table *t, const char *create_sql)
{
	struct pool *pool = x->pool;
	size_t cap = 0;
	/* columns */
	sqlite3_reset(x->xinfo);
	sqlite3_bind_text(x->xinfo, 1, t->name, -1, SQLITE_STATIC);
	int rc;
	while ((rc = sqlite3_step(x->xinfo)) == SQLITE_ROW) {
		int hidden = sqlite3_column_int(x->xinfo, 6);
		if (hidden == 1)
			continue; /* hidden column of a virtual table */
		struct mrt_db_column c = {0};
		c.name = pool_strdup(pool, col_text(x->xinfo, 1));
		const char *type = col_text(x->xinfo, 2);
		char *nt = sqlb_normalize_type(type ? type : "");
		c.type = pool_strdup(pool, nt);
		free(nt);
		c.notnull = sqlite3_column_int(x->xinfo, 3);
		const char *dflt = col_text(x->xinfo, 4);
		if (dflt) {
			char *nd = sqlb_normalize_sql(dflt, strlen(dflt));
			c.default_sql = pool_strdup(pool, nd);
			free(nd);
		}
		c.pk_position = sqlite3_column_int(x->xinfo, 5);
		c.generated = hidden == 2 || hidden == 3;
		if (!c.name || !c.type || pool_push(pool, (void **)&t->columns, &t->ncolumns, &cap, &c, sizeof(c)))
			return sqlb_fail(x->err, x->errlen, MRT_ENOMEM, "out of memory");
	}
	if (rc != SQLITE_DONE)
		return db_error(x, "table_xinfo");

	/* foreign keys: rows of one constraint share an id, ordered by seq */
	cap = 0;
	sqlite3_reset(x->fks);
	sqlite3_bind_text(x->fks, 1, t->name, -1, SQLITE_STATIC);
	int cur_id = -1;
	struct joiner from = {{0}, 0, 0}, to = {{0}, 0, 0};
	struct mrt_db_fk fk = {0};
	for (;;) {
		rc = sqlite3_step(x->fks);
		int id = rc == SQLITE_ROW ? sqlite3_column_int(x->fks, 0) : -2;
		if (id != cur_id && cur_id != -1) {
			fk.columns = pool_strdup(pool, from.buf);
			fk.ref_columns = pool_strdup(pool, to.buf);
			if (!fk.columns || !fk.ref_columns ||
			    pool_push(pool, (void **)&t->fks, &t->nfks, &cap, &fk, sizeof(fk)))
				return sqlb_fail(x->err, x->errlen, MRT_ENOMEM, "out of memory");
		}
		if (rc != SQLITE_ROW)
			break;
		if (id != cur_id) {
			memset(&fk, 0, sizeof(fk));
			from.len = to.len = 0;
			from.buf[0] = to.buf[0] = '\0';
			fk.ref_table = pool_strdup(pool, col_text(x->fks, 2));
			fk.on_update = pool_strdup(pool, col_text(x->fks, 5));
			fk.on_delete = pool_strdup(pool, col_text(x->fks, 6));
			cur_id = id;
		}
		const char *f = col_text(x->fks, 3), *tcol = col_text(x->fks, 4);
		join_add(&from, f ? f : "");
		if (tcol)
			join_add(&to, tcol);
	}
	if (rc != SQLITE_DONE)
		return db_error(x, "foreign_key_list");

	/* indexes and unique constraints */
	size_t icap = 0, ucap = 0;
	sqlite3_reset(x->idxlist);
	sqlite3_bind_text(x->idxlist, 1, t->name, -1, SQLITE_STATIC);
	while ((rc = sqlite3_step(x->idxlist)) == SQLITE_ROW) {
		const char *iname = col_text(x->idxlist, 1);
		int unique = sqlite3_column_int(x->idxlist, 2);
		const char *origin = col_text(x->idxlist, 3);
		int partial = sqlite3_column_int(x->idxlist, 4);
		if (!iname || !origin || strcmp(origin, "pk") == 0)
			continue;
		struct joiner cols = {{0}, 0, 0};
		sqlite3_reset(x->idxinfo);
		sqlite3_bind_text(x->idxinfo, 1, iname, -1, SQLITE_TRANSIENT);
		int rc2;
		while ((rc2 = sqlite3_step(x->idxinfo)) == SQLITE_ROW) {
			const char *cn = col_text(x->idxinfo, 2);
			join_add(&cols, cn ? cn : "<expr>");
		}
		if (rc2 != SQLITE_DONE)
			return db_error(x, "index_info");
		if (strcmp(origin, "u") == 0) {
			struct mrt_db_constraint u = {NULL, pool_strdup(pool, cols.buf)};
			if (!u.definition || pool_push(pool, (void **)&t->uniques, &t->nuniques, &ucap, &u, sizeof(u)))
				return sqlb_fail(x->err, x->errlen, MRT_ENOMEM, "out of memory");
			continue;
		}
		struct mrt_db_index ix = {pool_strdup(pool, iname), pool_strdup(pool, cols.buf), unique, NULL};
		if (partial) {
			sqlite3_reset(x->idxsql);
			sqlite3_bind_text(x->idxsql, 1, iname, -1, SQLITE_TRANSIENT);
			if (sqlite3_step(x->idxsql) == SQLITE_ROW) {
				char *w = sqlb_index_where(col_text(x->idxsql, 0));
				ix.where = pool_strdup(pool, w);
				free(w);
			}
		}
		if (!ix.name || !ix.columns || pool_push(pool, (void **)&t->indexes, &t->nindexes, &icap, &ix, sizeof(ix)))
			return sqlb_fail(x->err, x->errlen, MRT_ENOMEM, "out of memory");
	}
	if (rc != SQLITE_DONE)
		return db_error(x, "index_list");

	/* CHECK constraints: only the CREATE TABLE text has them */
	size_t ccap = 0;
	void *ud[3] = {pool, t, &ccap};
	if (create_sql && sqlb_parse_checks(create_sql, check_cb, ud) != 0)
		return sqlb_fail(x->err, x->errlen, MRT_ENOMEM, "out of memory");

	if (t->nuniques > 1)
		qsort(t->uniques, t->nuniques, sizeof(*t->uniques), cmp_constraint);
	if (t->nchecks > 1)
		qsort(t->checks, t->nchecks, sizeof(*t->checks), cmp_constraint);
	if (t->nindexes > 1)
		qsort(t->indexes, t->nindexes, sizeof(*t->indexes), cmp_index);
	return pool->oom ? sqlb_fail(x->err, x->errlen, MRT_ENOMEM, "out of memory") : MRT_OK;
}

static const struct mrt_db_table *schema_find(const struct mrt_db_schema *s, const char *name)
{
	for (size_t i = 0; i < s->ntables; i++)
		if (strcmp(s->tables[i].name, name) == 0)
			return &s->tables[i];
	return NULL;
}

/* An FK written without referenced columns points at the parent's primary key: make that explicit, so a re-rendered
 * "REFERENCES users (id)" compares equal. */
static void resolve_implicit_refs(struct pool *pool, struct mrt_db_schema *s)
{
	for (size_t i = 0; i < s->ntables; i++) {
		struct mrt_db_table *t = &s->tables[i];
		for (size_t f = 0; f < t->nfks; f++) {
			if (t->fks[f].ref_columns[0])
				continue;
			const struct mrt_db_table *p = schema_find(s, t->fks[f].ref_table);
			if (!p)
				continue;
			struct joiner j = {{0}, 0, 0};
			for (int pos = 1; pos <= (int)p->ncolumns; pos++)
				for (size_t c = 0; c < p->ncolumns; c++)
					if (p->columns[c].pk_position == pos)
						join_add(&j, p->columns[c].name);
			if (j.len) {
				const char *r = pool_strdup(pool, j.buf);
				if (r)
					t->fks[f].ref_columns = r;
			}
		}
	}
}

/* ---- introspection cache --------------------------------------------------------------------------------------------
 *
 * What introspect_table() reports about a table depends only on the catalogue text SQLite parses it from: the table's
 * CREATE statement and the CREATE INDEX statements of its indexes (NULL for the automatic ones behind PRIMARY KEY and
 * UNIQUE, which the table's statement implies). So the result of the last introspection of each table is kept,
 * keyed by that text (name, sql, and each index's name and sql, in name order); a table whose key is unchanged is
 * copied instead of asked again through four pragmas. Implicit FK targets depend on the parent table: they are
 * resolved after the copy, on the whole schema, and the cache keeps the unresolved result.
 */

struct tc_entry {
	const char *name;  /* table name (cache pool) */
	const char *key;   /* catalogue text (cache pool), keylen bytes, may contain NULs */
	size_t keylen;
	struct mrt_db_table table; /* unresolved introspection result, strings in the cache pool */
};

struct sqlb_table_cache {
	struct pool pool;          /* owns every entry's memory */
	struct tc_entry *entries;  /* n entries sorted by name (strcmp), in pool */
	size_t n, cap;
};

static void tcache_free(struct sqlb_table_cache *tc)
{
	if (!tc)
		return;
	pool_release(&tc->pool);
	free(tc);
}

static const struct tc_entry *tcache_find(const struct sqlb_table_cache *tc, const char *name)
{
	if (!tc)
		return NULL;
	size_t lo = 0, hi = tc->n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(tc->entries[mid].name, name);
		if (c == 0)
			return &tc->entries[mid];
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

static int cmp_entry(const void *a, const void *b)
{
	return strcmp(((const struct tc_entry *)a)->name, ((const struct tc_entry *)b)->name);
}

/* Deep copy of a table into pool (every string and array). 0, or -1 on OOM. */
static int copy_table(struct pool *p, struct mrt_db_table *dst, const struct mrt_db_table *src)
{
	memset(dst, 0, sizeof(*dst));
	dst->name = pool_strdup(p, src->name);
	dst->seedable = src->seedable;
	if (src->ncolumns) {
		struct mrt_db_column *c = pool_alloc(p, src->ncolumns * sizeof(*c));
		if (!c)
			return -1;
		for (size_t i = 0; i < src->ncolumns; i++) {
			c[i] = src->columns[i];
			c[i].name = pool_strdup(p, src->columns[i].name);
			c[i].type = pool_strdup(p, src->columns[i].type);
			c[i].default_sql = pool_strdup(p, src->columns[i].default_sql);
		}
		dst->columns = c;
		dst->ncolumns = src->ncolumns;
	}
	if (src->nfks) {
		struct mrt_db_fk *f = pool_alloc(p, src->nfks * sizeof(*f));
		if (!f)
			return -1;
		for (size_t i = 0; i < src->nfks; i++) {
			f[i].name = pool_strdup(p, src->fks[i].name);
			f[i].columns = pool_strdup(p, src->fks[i].columns);
			f[i].ref_table = pool_strdup(p, src->fks[i].ref_table);
			f[i].ref_columns = pool_strdup(p, src->fks[i].ref_columns);
			f[i].on_update = pool_strdup(p, src->fks[i].on_update);
			f[i].on_delete = pool_strdup(p, src->fks[i].on_delete);
		}
		dst->fks = f;
		dst->nfks = src->nfks;
	}
	const struct mrt_db_constraint *from[2] = {src->uniques, src->checks};
	size_t counts[2] = {src->nuniques, src->nchecks};
	struct mrt_db_constraint *to[2] = {NULL, NULL};
	for (int k = 0; k < 2; k++) {
		if (!counts[k])
			continue;
		to[k] = pool_alloc(p, counts[k] * sizeof(*to[k]));
		if (!to[k])
			return -1;
		for (size_t i = 0; i < counts[k]; i++) {
			to[k][i].name = pool_strdup(p, from[k][i].name);
			to[k][i].definition = pool_strdup(p, from[k][i].definition);
		}
	}
	dst->uniques = to[0];
	dst->nuniques = src->nuniques;
	dst->checks = to[1];
	dst->nchecks = src->nchecks;
	if (src->nindexes) {
		struct mrt_db_index *x = pool_alloc(p, src->nindexes * sizeof(*x));
		if (!x)
			return -1;
		for (size_t i = 0; i < src->nindexes; i++) {
			x[i].name = pool_strdup(p, src->indexes[i].name);
			x[i].columns = pool_strdup(p, src->indexes[i].columns);
			x[i].unique = src->indexes[i].unique;
			x[i].where = pool_strdup(p, src->indexes[i].where);
		}
		dst->indexes = x;
		dst->nindexes = src->nindexes;
	}
	return p->oom ? -1 : 0;
}

/* One index row of sqlite_master (strings malloc'd). */
struct idx_row {
	char *tbl, *name, *sql; /* owned; sql NULL for automatic indexes */
};

static int cmp_idx_row(const void *a, const void *b)
{
	const struct idx_row *x = a, *y = b;
	int c = strcmp(x->tbl, y->tbl);
	return c ? c : strcmp(x->name, y->name);
}

/* A growable byte buffer for cache keys. */
struct keybuf {
	char *p; /* owned */
	size_t len, cap;
	int oom;
};

static void key_add(struct keybuf *k, const char *s)
{
	/* a NULL text is "\1" and every part ends in NUL, so no two different catalogues give the same key */
	const char *v = s ? s : "\1";
	size_t n = strlen(v) + 1;
	if (k->oom)
		return;
	if (k->len + n > k->cap) {
		size_t ncap = k->cap ? k->cap * 2 : 1024;
		while (ncap < k->len + n)
			ncap *= 2;
		char *np = realloc(k->p, ncap);
		if (!np) {
			k->oom = 1;
			return;
		}
		k->p = np;
		k->cap = ncap;
	}
	memcpy(k->p + k->len, v, n);
	k->len += n;
}

static int introspect_db(sqlite3 *db, struct sqlb_table_cache **cache, struct mrt_db_schema **out, char *err,
                         size_t errlen)
{
	*out = NULL;
	struct schema_box *box = calloc(1, sizeof(*box));
	struct sqlb_table_cache *nc = calloc(1, sizeof(*nc)); /* owned until it replaces *cache */
	if (!box || !nc) {
		free(box);
		free(nc);
		return sqlb_fail(err, errlen, MRT_ENOMEM, "out of memory");
	}
	box->schema.struct_size = sizeof(struct mrt_db_schema);
	struct introspect_ctx x = {db, &box->pool, NULL, NULL, NULL, NULL, NULL, NULL, err, errlen};
	struct idx_row *idx = NULL; /* owned, nidx rows */
	size_t nidx = 0, idxcap = 0;
	struct keybuf key = {NULL, 0, 0, 0};
	sqlite3_stmt *ilist = NULL;
	int rc = MRT_OK;
	if (sqlite3_prepare_v2(db,
	                       "SELECT name, sql FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite\\_%' "
	                       "ESCAPE '\\' ORDER BY name",
	                       -1, &x.tables, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(db, "SELECT tbl_name, name, sql FROM sqlite_master WHERE type='index'", -1, &ilist,
	                       NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(db, "SELECT * FROM pragma_table_xinfo(?)", -1, &x.xinfo, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(db, "SELECT * FROM pragma_foreign_key_list(?) ORDER BY id, seq", -1, &x.fks, NULL) !=
	        SQLITE_OK ||
	    sqlite3_prepare_v2(db, "SELECT * FROM pragma_index_list(?)", -1, &x.idxlist, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(db, "SELECT * FROM pragma_index_info(?) ORDER BY seqno", -1, &x.idxinfo, NULL) !=
	        SQLITE_OK ||
	    sqlite3_prepare_v2(db, "SELECT sql FROM sqlite_master WHERE type='index' AND name=?", -1, &x.idxsql, NULL) !=
	        SQLITE_OK) {
		rc = db_error(&x, "introspection");
		goto done;
	}
	/* the indexes first (their text is part of their table's cache key); one read transaction for both lists */
	sqlite3_exec(db, "BEGIN", NULL, NULL, NULL);
	int s;
	while ((s = sqlite3_step(ilist)) == SQLITE_ROW) {
		if (nidx == idxcap) {
			size_t ncap = idxcap ? idxcap * 2 : 32;
			struct idx_row *n = realloc(idx, ncap * sizeof(*n));
			if (!n) {
				rc = sqlb_fail(err, errlen, MRT_ENOMEM, "out of memory");
				goto done;
			}
			idx = n;
			idxcap = ncap;
		}
		const char *t = col_text(ilist, 0), *n = col_text(ilist, 1), *q = col_text(ilist, 2);
		struct idx_row r = {strdup(t ? t : ""), strdup(n ? n : ""), q ? strdup(q) : NULL};
		if (!r.tbl || !r.name || (q && !r.sql)) {
			free(r.tbl);
			free(r.name);
			free(r.sql);
			rc = sqlb_fail(err, errlen, MRT_ENOMEM, "out of memory");
			goto done;
		}
		idx[nidx++] = r;
	}
	if (s != SQLITE_DONE) {
		rc = db_error(&x, "reading sqlite_master");
		goto done;
	}
	if (nidx > 1)
		qsort(idx, nidx, sizeof(*idx), cmp_idx_row);
	size_t cap = 0, ifirst = 0;
	while ((s = sqlite3_step(x.tables)) == SQLITE_ROW) {
		struct mrt_db_table t = {0};
		const char *name = col_text(x.tables, 0);
		const char *sql = col_text(x.tables, 1);
		if (!name) {
			rc = sqlb_fail(err, errlen, MRT_ENOMEM, "out of memory");
			goto done;
		}
		/* cache key: name, sql, then name and sql of each of its indexes (idx is sorted by table, then name) */
		key.len = 0;
		key_add(&key, name);
		key_add(&key, sql);
		while (ifirst < nidx && strcmp(idx[ifirst].tbl, name) < 0)
			ifirst++;
		for (size_t i = ifirst; i < nidx && strcmp(idx[i].tbl, name) == 0; i++) {
			key_add(&key, idx[i].name);
			key_add(&key, idx[i].sql);
		}
		if (key.oom) {
			rc = sqlb_fail(err, errlen, MRT_ENOMEM, "out of memory");
			goto done;
		}
		const struct tc_entry *hit = tcache_find(*cache, name);
		if (hit && hit->keylen == key.len && memcmp(hit->key, key.p, key.len) == 0) {
			if (copy_table(&box->pool, &t, &hit->table)) {
				rc = sqlb_fail(err, errlen, MRT_ENOMEM, "out of memory");
				goto done;
			}
		} else {
			t.name = pool_strdup(&box->pool, name);
			t.seedable = !(sql && strncmp(sql, "CREATE VIRTUAL", 14) == 0);
			if (!t.name) {
				rc = sqlb_fail(err, errlen, MRT_ENOMEM, "out of memory");
				goto done;
			}
			rc = introspect_table(&x, &t, sql);
			if (rc)
				goto done;
		}
		/* remember it (unresolved: resolve_implicit_refs runs on the schema below) */
		if (nc->n == nc->cap) {
			size_t ncap = nc->cap ? nc->cap * 2 : 64;
			struct tc_entry *ne = pool_alloc(&nc->pool, ncap * sizeof(*ne));
			if (!ne) {
				rc = sqlb_fail(err, errlen, MRT_ENOMEM, "out of memory");
				goto done;
			}
			if (nc->n)
				memcpy(ne, nc->entries, nc->n * sizeof(*ne));
			nc->entries = ne;
			nc->cap = ncap;
		}
		struct tc_entry *e = &nc->entries[nc->n];
		char *k = pool_alloc(&nc->pool, key.len);
		if (!k || copy_table(&nc->pool, &e->table, &t)) {
			rc = sqlb_fail(err, errlen, MRT_ENOMEM, "out of memory");
			goto done;
		}
		memcpy(k, key.p, key.len);
		e->key = k;
		e->keylen = key.len;
		e->name = e->table.name;
		nc->n++;
		if (strcmp(t.name, VERSION_TABLE) == 0 || (t.ncolumns == 1 && strcmp(t.columns[0].name, "version_num") == 0)) {
			box->schema.version_table = 1; /* Alembic's bookkeeping: changes by design, never compared */
			continue;
		}
		if (pool_push(&box->pool, (void **)&box->schema.tables, &box->schema.ntables, &cap, &t, sizeof(t))) {
			rc = sqlb_fail(err, errlen, MRT_ENOMEM, "out of memory");
			goto done;
		}
	}
	if (s != SQLITE_DONE) {
		rc = db_error(&x, "reading sqlite_master");
		goto done;
	}
	resolve_implicit_refs(&box->pool, &box->schema);
done:
	sqlite3_finalize(ilist);
	sqlite3_finalize(x.tables);
	sqlite3_finalize(x.xinfo);
	sqlite3_finalize(x.fks);
	sqlite3_finalize(x.idxlist);
	sqlite3_finalize(x.idxinfo);
	sqlite3_finalize(x.idxsql);
	if (!sqlite3_get_autocommit(db))
		sqlite3_exec(db, "COMMIT", NULL, NULL, NULL);
	for (size_t i = 0; i < nidx; i++) {
		free(idx[i].tbl);
		free(idx[i].name);
		free(idx[i].sql);
	}
	free(idx);
	free(key.p);
	if (rc) {
		tcache_free(nc);
		sqlb_schema_free(&box->schema);
		return rc;
	}
	if (nc->n > 1)
		qsort(nc->entries, nc->n, sizeof(*nc->entries), cmp_entry); /* normally sorted already */
	tcache_free(*cache);
	*cache = nc;
	*out = &box->schema;
	return MRT_OK;
}

static int sqlb_introspect(void *conn, struct mrt_db_schema **out, char *err, size_t errlen)
{
	struct sqlb_conn *c = conn;
	sqlite3 *db;
	*out = NULL;
	int rc = sqlb_open(c, &db, err, errlen);
	if (rc)
		return rc;
	/* MRT_SQLITE_NO_CACHE=1 turns the introspection cache off (for tests and comparisons) */
	const char *nocache = getenv("MRT_SQLITE_NO_CACHE");
	if (nocache && nocache[0] == '1') {
		tcache_free(c->tcache);
		c->tcache = NULL;
	}
	rc = introspect_db(db, &c->tcache, out, err, errlen);
	if (nocache && nocache[0] == '1') {
		tcache_free(c->tcache);
		c->tcache = NULL;
	}
	sqlb_release(c);
	return rc;
}

/* ---- snapshot ------------------------------------------------------------------------------------------------------ */

uint64_t sqlb_value_digest(sqlite3_stmt *st, int col)
{
	uint64_t h;
	switch (sqlite3_column_type(st, col)) {
	case SQLITE_NULL:
		return 0;
	case SQLITE_INTEGER: {
		int64_t v = sqlite3_column_int64(st, col);
		h = sqlb_hash(&v, sizeof(v), 1);
		break;
	}
	case SQLITE_FLOAT: {
		double v = sqlite3_column_double(st, col);
		if (v == 0)
			v = 0; /* -0.0 == 0.0 */
		h = sqlb_hash(&v, sizeof(v), 2);
		break;
	}
	case SQLITE_TEXT: {
		const unsigned char *t = sqlite3_column_text(st, col);
		h = sqlb_hash(t, (size_t)sqlite3_column_bytes(st, col), 3);
		break;
	}
	default: {
		const void *b = sqlite3_column_blob(st, col);
		h = sqlb_hash(b ? b : "", (size_t)sqlite3_column_bytes(st, col), 4);
		break;
	}
	}
	return h ? h : 1;
}

static int snapshot_table(sqlite3 *db, struct pool *pool, const struct mrt_db_table *t, struct mrt_db_table_data *d,
                          char *err, size_t errlen)
{
	d->table = t->name;
	d->ncolumns = t->ncolumns;
	const char **names = pool_alloc(pool, (t->ncolumns + 1) * sizeof(*names));
	if (!names)
		return sqlb_fail(err, errlen, MRT_ENOMEM, "out of memory");
	for (size_t c = 0; c < t->ncolumns; c++)
		names[c] = t->columns[c].name;
	d->columns = names;
	if (t->ncolumns == 0)
		return MRT_OK;

	/* pk column indexes in key order */
	size_t npk = 0;
	size_t pk[64];
	for (int pos = 1; pos <= (int)t->ncolumns && npk < 64; pos++)
		for (size_t c = 0; c < t->ncolumns; c++)
			if (t->columns[c].pk_position == pos)
				pk[npk++] = c;
	d->keyed = npk > 0;

	size_t qcap = 64 + 8;
	for (size_t c = 0; c < t->ncolumns; c++)
		qcap += 2 * strlen(t->columns[c].name) + 4;
	qcap += 2 * strlen(t->name) + 4;
	char *q = malloc(qcap), *ident = malloc(qcap);
	if (!q || !ident) {
		free(q);
		free(ident);
		return sqlb_fail(err, errlen, MRT_ENOMEM, "out of memory");
	}
	size_t o = (size_t)snprintf(q, qcap, "SELECT ");
	for (size_t c = 0; c < t->ncolumns; c++)
		o += (size_t)snprintf(q + o, qcap - o, "%s%s", c ? "," : "",
		                      sqlb_quote_ident(t->columns[c].name, ident, qcap));
	snprintf(q + o, qcap - o, " FROM %s", sqlb_quote_ident(t->name, ident, qcap));
	free(ident);
	sqlite3_stmt *st = NULL;
	int rc = sqlite3_prepare_v2(db, q, -1, &st, NULL);
	free(q);
	if (rc != SQLITE_OK)
		return sqlb_fail(err, errlen, MRT_EDB, "reading table '%s': %s", t->name, sqlite3_errmsg(db));

	size_t cap = 0;
	uint64_t *rowv = malloc(t->ncolumns * sizeof(*rowv));
	if (!rowv) {
		sqlite3_finalize(st);
		return sqlb_fail(err, errlen, MRT_ENOMEM, "out of memory");
	}
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (d->nrows == cap) {
			size_t ncap = cap ? cap * 2 : 16;
			uint64_t *nk = pool_alloc(pool, ncap * sizeof(*nk));
			uint64_t *nv = pool_alloc(pool, ncap * t->ncolumns * sizeof(*nv));
			if (!nk || !nv) {
				rc = SQLITE_NOMEM;
				break;
			}
			if (d->nrows) {
				memcpy(nk, d->keys, d->nrows * sizeof(*nk));
				memcpy(nv, d->values, d->nrows * t->ncolumns * sizeof(*nv));
			}
			d->keys = nk;
			d->values = nv;
			cap = ncap;
		}
		uint64_t *v = d->values + d->nrows * t->ncolumns;
		for (size_t c = 0; c < t->ncolumns; c++)
			v[c] = rowv[c] = sqlb_value_digest(st, (int)c);
		uint64_t key = UINT64_C(0x5bd1e995);
		if (npk)
			for (size_t k = 0; k < npk; k++)
				key = sqlb_mix64(key ^ rowv[pk[k]]) + k;
		else
			for (size_t c = 0; c < t->ncolumns; c++)
				key = sqlb_mix64(key ^ rowv[c]) + c;
		d->keys[d->nrows++] = key;
	}
	free(rowv);
	if (rc != SQLITE_DONE) {
		int r = rc == SQLITE_NOMEM ? sqlb_fail(err, errlen, MRT_ENOMEM, "out of memory")
		                           : sqlb_fail(err, errlen, MRT_EDB, "reading table '%s': %s", t->name,
		                                       sqlite3_errmsg(db));
		sqlite3_finalize(st);
		return r;
	}
	sqlite3_finalize(st);
	return MRT_OK;
}

static int sqlb_snapshot(void *conn, struct mrt_db_schema *schema, struct mrt_db_snapshot **out, char *err,
                         size_t errlen)
{
	*out = NULL;
	sqlite3 *db;
	int rc = sqlb_open(conn, &db, err, errlen);
	if (rc)
		return rc;
	struct snapshot_box *box = calloc(1, sizeof(*box));
	if (!box) {
		sqlb_release(conn);
		return sqlb_fail(err, errlen, MRT_ENOMEM, "out of memory");
	}
	box->snap.struct_size = sizeof(struct mrt_db_snapshot);
	box->snap.schema = schema;
	box->snap.ntables = schema->ntables;
	box->snap.tables = pool_alloc(&box->pool, (schema->ntables + 1) * sizeof(*box->snap.tables));
	if (!box->snap.tables)
		rc = sqlb_fail(err, errlen, MRT_ENOMEM, "out of memory");
	/* one read transaction: a consistent view of every table */
	if (!rc)
		sqlite3_exec(db, "BEGIN", NULL, NULL, NULL);
	for (size_t i = 0; !rc && i < schema->ntables; i++)
		rc = snapshot_table(db, &box->pool, &schema->tables[i], &box->snap.tables[i], err, errlen);
	sqlite3_exec(db, "COMMIT", NULL, NULL, NULL);
	sqlb_release(conn);
	if (rc) {
		pool_release(&box->pool);
		free(box);
		return rc;
	}
	box->schema = (struct schema_box *)schema;
	*out = &box->snap;
	return MRT_OK;
}

static int sqlb_seed_op(void *conn, const struct mrt_db_schema *schema, const struct mrt_seed_params *params, char *err,
                        size_t errlen)
{
	return sqlb_seed(conn, schema, params, err, errlen);
}

/* ---- the plugin --------------------------------------------------------------------------------------------------- */

static const char *const sqlb_schemes[] = {"sqlite", NULL};

static const struct mrt_backend_ops sqlb_ops = {
	.struct_size = sizeof(struct mrt_backend_ops),
	.version = MRT_BACKEND_OPS_VERSION,
	.name = "sqlite",
	.schemes = sqlb_schemes,
	.connect = sqlb_connect,
	.create_scratch = sqlb_create_scratch,
	.drop_scratch = sqlb_drop_scratch,
	.cleanup_stale = sqlb_cleanup_stale,
	.introspect = sqlb_introspect,
	.schema_free = sqlb_schema_free,
	.seed = sqlb_seed_op,
	.snapshot = sqlb_snapshot,
	.snapshot_free = sqlb_snapshot_free,
	.disconnect = sqlb_disconnect,
	.emergency_cleanup = sqlb_emergency_cleanup,
};

static int sqlb_init(const mrt_host_api *api, const mrt_options *opts, void **state, mrt_diag *diag)
{
	(void)api;
	(void)opts;
	(void)diag;
	*state = NULL;
	return MRT_OK;
}

static const mrt_option_spec sqlb_options[] = {{0}};

MRT_PLUGIN_DEFINE(.kind = MRT_KIND_BACKEND, .name = "sqlite", .version = "1.0.0",
                  .description = "SQLite backend for mrt verify (scratch temp file, sqlite3)", .init = sqlb_init,
                  .options = sqlb_options, .backend = &sqlb_ops)
