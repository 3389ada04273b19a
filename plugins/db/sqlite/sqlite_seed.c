/*
 * sqlite_seed.c — fills every seedable table of the scratch database to N rows, every column of every row non-NULL.
 *
 * Per call (once per revision, before the "before" snapshot):
 *   1. tables in foreign-key order (parents first; self-references and cycles handled by filling later);
 *   2. user rows for the table (from the core), then generated rows up to N;
 *   3. a fill pass: every NULL in a non-generated column (columns added by a later revision, FK columns whose parent
 *      was empty) is set by UPDATE ... WHERE rowid = ?.
 * Values exercise the declared type (max-length strings with non-ASCII characters, numerics at full precision and
 * scale, negatives, timestamps with microseconds, both booleans, JSON, blobs, dates) and are a pure function of
 * (seed, table, column, row ordinal, attempt), so a run is deterministic for a given seed. A row that violates a
 * constraint is retried with other values (literals of the column's CHECK constraints, tamer values, shifted
 * ordinals); a table that still cannot be seeded is reported with SQLite's error through params->table_failed.
 *
 * Foreign keys are not enforced on this connection (PRAGMA foreign_keys is off by default): consistency comes from
 * picking referencing values out of the parent's rows, and a FK to a table that does not exist does not stop seeding.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "sqlite_backend.h"

#define SEED_ATTEMPTS 8
#define PARENT_ROWS_MAX 1000

enum vclass { VC_TEXT, VC_INT, VC_BOOL, VC_REAL, VC_NUMERIC, VC_DATE, VC_DATETIME, VC_TIME, VC_JSON, VC_BLOB, VC_UUID };

struct colmeta {
	const struct mrt_db_column *col; /* borrowed from the schema */
	enum vclass vc;
	int big;            /* BIGINT */
	long len;           /* VARCHAR(n), BINARY(n): n; 0 when not given */
	long prec, scale;   /* NUMERIC(p,s); prec 0 when not given */
	uint64_t h;         /* per-column hash (seed, table, column) */
	char **cands;       /* owned: literals of CHECK constraints that mention the column */
	size_t ncands;
	int str_cands;      /* some candidate is a text literal */
	int fk;             /* index of the FK this column belongs to, -1 */
	int fk_pos;         /* position of the column inside that FK */
	int skip;           /* generated column: never written */
};

struct fkmeta {
	const struct mrt_db_fk *fk;   /* borrowed */
	int self;                     /* references its own table */
	size_t ncols;
	int cols[16];                 /* column indexes in this table */
	int refcols[16];              /* for self references: referenced column indexes in this table */
	sqlite3_value **rows;         /* owned: nrows * ncols parent values (sqlite3_value_dup) */
	size_t nrows;
};

/* One bindable value. */
struct gval {
	int type; /* SQLITE_INTEGER, SQLITE_FLOAT, SQLITE_TEXT, SQLITE_BLOB, SQLITE_NULL, or 0 = sqlite3_value v */
	int64_t i;
	double d;
	char buf[512]; /* text / blob when it fits */
	char *big;     /* owned: longer text */
	size_t n;
	const sqlite3_value *v; /* borrowed from an fkmeta */
};

struct tstate {
	const struct mrt_db_table *t;
	struct colmeta *cols; /* owned, t->ncolumns */
	struct fkmeta *fks;   /* owned, t->nfks */
	size_t nfks;
	uint64_t th;
	int int_pk;           /* index of a single INTEGER primary key column, -1 */
	int need_fill;        /* 1: the fill pass must look at this table (see sqlb_seed) */
};

struct seedctx {
	sqlite3 *db;
	const struct mrt_db_schema *schema;
	const struct mrt_seed_params *p;
	char msg[1024];
};

/* ---- type classes ----------------------------------------------------------------------------------------------- */

static int has(const char *s, const char *w)
{
	return strstr(s, w) != NULL;
}

static void classify(struct colmeta *m, const char *type)
{
	const char *paren = strchr(type, '(');
	long a = 0, b = 0;
	if (paren) {
		char *end = NULL;
		a = strtol(paren + 1, &end, 10);
		if (end && *end == ',')
			b = strtol(end + 1, NULL, 10);
	}
	if (a < 0 || a > 100000)
		a = 0;
	if (b < 0 || b > a)
		b = 0;
	m->len = 0;
	m->prec = m->scale = 0;
	if (has(type, "BOOL"))
		m->vc = VC_BOOL;
	else if (has(type, "DATETIME") || has(type, "TIMESTAMP"))
		m->vc = VC_DATETIME;
	else if (has(type, "DATE"))
		m->vc = VC_DATE;
	else if (has(type, "TIME"))
		m->vc = VC_TIME;
	else if (has(type, "INT"))
		m->vc = VC_INT, m->big = has(type, "BIG");
	else if (has(type, "JSON"))
		m->vc = VC_JSON;
	else if (has(type, "UUID") || has(type, "GUID"))
		m->vc = VC_UUID;
	else if (has(type, "BLOB") || has(type, "BINARY") || has(type, "BYTEA") || has(type, "RAW"))
		m->vc = VC_BLOB, m->len = a;
	else if (has(type, "CHAR") || has(type, "CLOB") || has(type, "TEXT") || has(type, "STRING") || !type[0])
		m->vc = VC_TEXT, m->len = a;
	else if (has(type, "REAL") || has(type, "FLOA") || has(type, "DOUB"))
		m->vc = VC_REAL;
	else if (has(type, "NUMERIC") || has(type, "DECIMAL") || has(type, "NUMBER") || has(type, "MONEY"))
		m->vc = VC_NUMERIC, m->prec = a > 38 ? 38 : a, m->scale = b;
	else
		m->vc = VC_TEXT, m->len = a;
}

/* ---- value generation ------------------------------------------------------------------------------------------- */

static void gval_reset(struct gval *g)
{
	free(g->big);
	g->big = NULL;
	g->type = SQLITE_NULL;
	g->n = 0;
	g->v = NULL;
}

/* Text storage of at least n+1 bytes. */
static char *gval_text(struct gval *g, size_t n)
{
	if (n + 1 <= sizeof(g->buf))
		return g->buf;
	g->big = malloc(n + 1);
	return g->big;
}

static const char *gval_ptr(const struct gval *g)
{
	return g->big ? g->big : g->buf;
}

static size_t base36(uint64_t v, char *out, size_t size)
{
	static const char digits[] = "0123456789abcdefghijklmnopqrstuvwxyz";
	char tmp[16];
	size_t n = 0;
	do {
		tmp[n++] = digits[v % 36];
		v /= 36;
	} while (v && n < sizeof(tmp));
	size_t o = 0;
	while (n && o + 1 < size)
		out[o++] = tmp[--n];
	out[o] = '\0';
	return o;
}

/* Civil date from days since 1970-01-01 (proleptic Gregorian). */
static void civil(long z, int *y, unsigned *m, unsigned *d)
{
	z += 719468;
	long era = (z >= 0 ? z : z - 146096) / 146097;
	unsigned long doe = (unsigned long)(z - era * 146097);
	unsigned long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	long yy = (long)yoe + era * 400;
	unsigned long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	unsigned long mp = (5 * doy + 2) / 153;
	*d = (unsigned)(doy - (153 * mp + 2) / 5 + 1);
	*m = (unsigned)(mp < 10 ? mp + 3 : mp - 9);
	*y = (int)(yy + (*m <= 2));
}

static int set_text(struct gval *g, const char *s, size_t n)
{
	char *p = gval_text(g, n);
	if (!p)
		return -1;
	memcpy(p, s, n);
	p[n] = '\0';
	g->type = SQLITE_TEXT;
	g->n = n;
	return 0;
}

/* A literal from a CHECK constraint: 'text' (with '' unescaped) or a number. */
static int set_literal(struct gval *g, const char *lit)
{
	if (lit[0] == '\'') {
		size_t n = strlen(lit);
		char *p = gval_text(g, n);
		if (!p)
			return -1;
		size_t o = 0;
		for (size_t i = 1; i + 1 < n; i++) {
			p[o++] = lit[i];
			if (lit[i] == '\'' && lit[i + 1] == '\'')
				i++;
		}
		p[o] = '\0';
		g->type = SQLITE_TEXT;
		g->n = o;
		return 0;
	}
	char *end = NULL;
	long long v = strtoll(lit, &end, 10);
	if (end && *end == '\0') {
		g->type = SQLITE_INTEGER;
		g->i = v;
		return 0;
	}
	g->type = SQLITE_FLOAT;
	g->d = strtod(lit, NULL);
	return 0;
}

static const char *const nonascii[] = {"ä", "ö", "ü", "ß", "é", "ñ", "ç", "ø", "å", "ж", "中", "文", "€", "λ"};
#define NNONASCII (sizeof(nonascii) / sizeof(nonascii[0]))

/* Generates the value of column m for row ordinal ord at attempt v. 0, or -1 on out-of-memory. */
static int gen_value(const struct colmeta *m, uint64_t ord, int v, struct gval *g)
{
	/* A column whose CHECK lists text literals (an IN list) takes them always. Other columns a CHECK mentions get
	 * rich values first, tame ones (positive, short, ASCII) from attempt 1 and their numeric literals on odd attempts
	 * from 3; unconstrained columns stay rich until attempt 2, so one CHECK does not tame a whole row. */
	int numeric = m->vc == VC_INT || m->vc == VC_REAL || m->vc == VC_NUMERIC || m->vc == VC_BOOL;
	int use_cand = m->ncands && (m->str_cands || (numeric && v >= 3 && v % 2 == 1));
	int tame = m->ncands ? v >= 1 : v >= 2;
	if (v >= 3)
		ord += (uint64_t)v * 1009;
	uint64_t r = sqlb_mix64(m->h ^ (ord * UINT64_C(0x9e3779b97f4a7c15)));
	int neg = !tame && (ord % 2 == 1);
	char tmp[160];
	gval_reset(g);
	if (use_cand)
		return set_literal(g, m->cands[(ord + (uint64_t)v) % m->ncands]);
	switch (m->vc) {
	case VC_BOOL:
		g->type = SQLITE_INTEGER;
		g->i = (int64_t)(ord % 2 == 0);
		return 0;
	case VC_INT: {
		int64_t base = tame ? (int64_t)(1 + ord % 1000) : (int64_t)(1 + ord + 1000 * (m->h % 100000));
		if (m->big && !tame)
			base = base * 1000003 + 7;
		g->type = SQLITE_INTEGER;
		g->i = neg ? -base : base;
		return 0;
	}
	case VC_REAL:
		g->type = SQLITE_FLOAT;
		g->d = (double)(1 + (tame ? ord % 1000 : ord + 1000 * (m->h % 1000))) + (double)(1 + r % 1023) / 1024.0;
		if (neg)
			g->d = -g->d;
		return 0;
	case VC_NUMERIC: {
		size_t o = 0;
		if (neg)
			tmp[o++] = '-';
		if (m->prec > 0) {
			long intd = m->prec - m->scale;
			if (tame && intd > 3)
				intd = 3;
			uint64_t enc = (ord + 1) * 7 + 1;
			if (intd > 0) {
				char digits[40];
				for (long k = intd - 1; k >= 0; k--) {
					long from_end = intd - 1 - k;
					if (from_end < 4 && enc) {
						digits[k] = (char)('0' + enc % 10);
						enc /= 10;
					} else {
						digits[k] = (char)('0' + (r >> (k % 16 * 4)) % 10);
					}
				}
				if (digits[0] == '0' && intd > 1)
					digits[0] = (char)('1' + r % 9);
				memcpy(tmp + o, digits, (size_t)intd);
				o += (size_t)intd;
			} else {
				tmp[o++] = '0';
			}
			if (m->scale > 0) {
				tmp[o++] = '.';
				for (long k = 0; k < m->scale; k++) {
					char dch = (char)('0' + (r >> (k % 16 * 4)) % 10);
					if (intd <= 0 && k < 4 && enc) {
						dch = (char)('0' + enc % 10);
						enc /= 10;
					}
					if (k == m->scale - 1 && dch == '0')
						dch = '7';
					tmp[o++] = dch;
				}
			}
			tmp[o] = '\0';
		} else {
			o += (size_t)snprintf(tmp + o, sizeof(tmp) - o, "%llu.%06llu",
			                      (unsigned long long)(1 + ord + 1000 * (m->h % 100000)),
			                      (unsigned long long)(r % 999999 + 1));
		}
		return set_text(g, tmp, o);
	}
	case VC_DATE:
	case VC_DATETIME:
	case VC_TIME: {
		long days = 10957 + (long)(ord * 37) + (long)(r % 3000); /* from 2000-01-01 */
		int y;
		unsigned mo, d;
		civil(days, &y, &mo, &d);
		unsigned long secs = (unsigned long)((r >> 20) % 86400);
		unsigned long us = (unsigned long)((r >> 40) % 999999 + 1);
		int n;
		if (m->vc == VC_DATE)
			n = snprintf(tmp, sizeof(tmp), "%04d-%02u-%02u", y, mo, d);
		else if (m->vc == VC_TIME)
			n = snprintf(tmp, sizeof(tmp), "%02lu:%02lu:%02lu.%06lu", secs / 3600, secs / 60 % 60, secs % 60, us);
		else
			n = snprintf(tmp, sizeof(tmp), "%04d-%02u-%02u %02lu:%02lu:%02lu.%06lu", y, mo, d, secs / 3600,
			             secs / 60 % 60, secs % 60, us);
		return set_text(g, tmp, (size_t)n);
	}
	case VC_JSON: {
		int n = snprintf(tmp, sizeof(tmp),
		                 "{\"id\": %llu, \"name\": \"Zoë ünïcødé ж中\", \"amount\": -12.5, \"tags\": [\"a\", 2, "
		                 "true, null], \"nested\": {\"ok\": false}}",
		                 (unsigned long long)ord);
		return set_text(g, tmp, (size_t)n);
	}
	case VC_UUID: {
		int n = snprintf(tmp, sizeof(tmp), "%08llx%012llx%012llx", (unsigned long long)(ord & 0xffffffffu),
		                 (unsigned long long)(r & UINT64_C(0xffffffffffff)),
		                 (unsigned long long)(sqlb_mix64(r) & UINT64_C(0xffffffffffff)));
		return set_text(g, tmp, (size_t)n);
	}
	case VC_BLOB: {
		size_t n = m->len > 0 ? (size_t)m->len : 16;
		if (tame && n > 8)
			n = 8;
		char *p = gval_text(g, n);
		if (!p)
			return -1;
		for (size_t k = 0; k < n; k++)
			p[k] = (char)(r >> (k % 8 * 8));
		p[0] = 0;
		if (n > 1)
			p[n - 1] = (char)0xff;
		for (size_t k = 0; k < 4 && k + 1 < n; k++)
			p[k + 1] = (char)(ord >> (8 * k));
		g->type = SQLITE_BLOB;
		g->n = n;
		return 0;
	}
	case VC_TEXT:
	default: {
		/* distinct token, then non-ASCII filling up to the maximum length (in characters) */
		size_t maxc = m->len > 0 ? (size_t)m->len : 24;
		if (tame && maxc > 12)
			maxc = 12;
		char tok[40];
		size_t tn = 0;
		tok[tn++] = (char)('a' + r % 26);
		tn += base36(ord, tok + tn, sizeof(tok) - tn);
		if (tn + 1 < sizeof(tok))
			tok[tn++] = '_';
		tn += base36(m->h % 1679616, tok + tn, sizeof(tok) - tn);
		if (tn > maxc) {
			tn = base36(ord, tok, sizeof(tok));
			if (tn > maxc)
				tn = maxc; /* too short to stay distinct: the database will say so if it is unique */
		}
		char *p = gval_text(g, maxc * 4 + 1);
		if (!p)
			return -1;
		memcpy(p, tok, tn);
		size_t o = tn, chars = tn;
		for (size_t k = 0; chars < maxc; k++, chars++) {
			const char *f = tame ? "x" : nonascii[(k + r) % NNONASCII];
			size_t fl = strlen(f);
			memcpy(p + o, f, fl);
			o += fl;
		}
		p[o] = '\0';
		g->type = SQLITE_TEXT;
		g->n = o;
		return 0;
	}
	}
}

static int bind_gval(sqlite3_stmt *st, int idx, const struct gval *g)
{
	if (g->v)
		return sqlite3_bind_value(st, idx, g->v);
	switch (g->type) {
	case SQLITE_INTEGER:
		return sqlite3_bind_int64(st, idx, g->i);
	case SQLITE_FLOAT:
		return sqlite3_bind_double(st, idx, g->d);
	case SQLITE_TEXT:
		return sqlite3_bind_text(st, idx, gval_ptr(g), (int)g->n, SQLITE_TRANSIENT);
	case SQLITE_BLOB:
		return sqlite3_bind_blob(st, idx, gval_ptr(g), (int)g->n, SQLITE_TRANSIENT);
	default:
		return sqlite3_bind_null(st, idx);
	}
}

/* ---- per-table preparation -------------------------------------------------------------------------------------- */

static int find_col(const struct mrt_db_table *t, const char *name, size_t n)
{
	for (size_t c = 0; c < t->ncolumns; c++)
		if (strlen(t->columns[c].name) == n && strncmp(t->columns[c].name, name, n) == 0)
			return (int)c;
	return -1;
}

static const struct mrt_db_table *find_table(const struct mrt_db_schema *s, const char *name)
{
	for (size_t i = 0; i < s->ntables; i++)
		if (strcmp(s->tables[i].name, name) == 0)
			return &s->tables[i];
	return NULL;
}

/* Splits "a,b" and maps each to a column index of t; returns the count, -1 when a column is unknown. */
static int map_cols(const struct mrt_db_table *t, const char *list, int *out, int max)
{
	int n = 0;
	const char *p = list;
	while (*p && n < max) {
		const char *e = strchr(p, ',');
		size_t len = e ? (size_t)(e - p) : strlen(p);
		int c = t ? find_col(t, p, len) : -1;
		if (c < 0)
			return -1;
		out[n++] = c;
		p = e ? e + 1 : p + len;
	}
	return n;
}

static void tstate_free(struct tstate *ts)
{
	if (ts->cols)
		for (size_t c = 0; c < ts->t->ncolumns; c++) {
			for (size_t k = 0; k < ts->cols[c].ncands; k++)
				free(ts->cols[c].cands[k]);
			free(ts->cols[c].cands);
		}
	free(ts->cols);
	for (size_t f = 0; f < ts->nfks; f++) {
		for (size_t k = 0; k < ts->fks[f].nrows * ts->fks[f].ncols; k++)
			sqlite3_value_free(ts->fks[f].rows[k]);
		free(ts->fks[f].rows);
	}
	free(ts->fks);
	memset(ts, 0, sizeof(*ts));
}

static int tstate_init(struct seedctx *x, const struct mrt_db_table *t, struct tstate *ts)
{
	memset(ts, 0, sizeof(*ts));
	ts->t = t;
	ts->int_pk = -1;
	ts->th = sqlb_hash(t->name, strlen(t->name), x->p->seed);
	ts->cols = calloc(t->ncolumns + 1, sizeof(*ts->cols));
	ts->fks = calloc(t->nfks + 1, sizeof(*ts->fks));
	if (!ts->cols || !ts->fks)
		return -1;
	int npk = 0;
	for (size_t c = 0; c < t->ncolumns; c++) {
		struct colmeta *m = &ts->cols[c];
		m->col = &t->columns[c];
		m->fk = -1;
		m->skip = m->col->generated;
		classify(m, m->col->type);
		m->h = sqlb_mix64(ts->th ^ sqlb_hash(m->col->name, strlen(m->col->name), 0x51ed));
		if (m->col->pk_position > 0)
			npk++;
		for (size_t k = 0; k < t->nchecks; k++) {
			char **lits;
			size_t n;
			if (sqlb_check_literals(t->checks[k].definition, m->col->name, &lits, &n))
				return -1;
			for (size_t i = 0; i < n; i++) {
				char **na = realloc(m->cands, (m->ncands + 1) * sizeof(*na));
				if (!na) {
					for (size_t j = i; j < n; j++)
						free(lits[j]);
					free(lits);
					return -1;
				}
				m->cands = na;
				if (lits[i][0] == '\'')
					m->str_cands = 1;
				m->cands[m->ncands++] = lits[i];
			}
			free(lits);
		}
	}
	if (npk == 1)
		for (size_t c = 0; c < t->ncolumns; c++)
			if (t->columns[c].pk_position == 1 && ts->cols[c].vc == VC_INT)
				ts->int_pk = (int)c;
	for (size_t f = 0; f < t->nfks; f++) {
		struct fkmeta *fm = &ts->fks[ts->nfks];
		fm->fk = &t->fks[f];
		int n = map_cols(t, fm->fk->columns, fm->cols, 16);
		if (n <= 0)
			continue;
		fm->ncols = (size_t)n;
		fm->self = strcmp(fm->fk->ref_table, t->name) == 0;
		if (fm->self && map_cols(t, fm->fk->ref_columns, fm->refcols, 16) != n)
			continue;
		for (int k = 0; k < n; k++) {
			ts->cols[fm->cols[k]].fk = (int)ts->nfks;
			ts->cols[fm->cols[k]].fk_pos = k;
		}
		ts->nfks++;
	}
	return 0;
}

/* Loads the referenced values of every FK's parent rows (for self references: the table's current rows). */
static int load_parents(struct seedctx *x, struct tstate *ts)
{
	char q[2048], id[600];
	for (size_t f = 0; f < ts->nfks; f++) {
		struct fkmeta *fm = &ts->fks[f];
		for (size_t k = 0; k < fm->nrows * fm->ncols; k++)
			sqlite3_value_free(fm->rows[k]);
		free(fm->rows);
		fm->rows = NULL;
		fm->nrows = 0;
		const struct mrt_db_table *parent = find_table(x->schema, fm->fk->ref_table);
		if (!parent || !fm->fk->ref_columns[0])
			continue;
		size_t o = (size_t)snprintf(q, sizeof(q), "SELECT ");
		const char *p = fm->fk->ref_columns;
		for (size_t k = 0; k < fm->ncols && *p; k++) {
			const char *e = strchr(p, ',');
			size_t len = e ? (size_t)(e - p) : strlen(p);
			char name[256];
			if (len >= sizeof(name))
				len = sizeof(name) - 1;
			memcpy(name, p, len);
			name[len] = '\0';
			if (!sqlb_quote_ident(name, id, sizeof(id)))
				return -1;
			o += (size_t)snprintf(q + o, sizeof(q) - o, "%s%s", k ? "," : "", id);
			p = e ? e + 1 : p + len;
		}
		if (!sqlb_quote_ident(parent->name, id, sizeof(id)))
			return -1;
		int n = snprintf(q + o, sizeof(q) - o, " FROM %s ORDER BY rowid LIMIT %d", id, PARENT_ROWS_MAX);
		if (n < 0 || (size_t)n >= sizeof(q) - o)
			return -1;
		sqlite3_stmt *st;
		if (sqlite3_prepare_v2(x->db, q, -1, &st, NULL) != SQLITE_OK) {
			/* WITHOUT ROWID parent: no rowid ordering */
			char *ob = strstr(q, " ORDER BY rowid");
			if (ob)
				memmove(ob, ob + 15, strlen(ob + 15) + 1);
			if (sqlite3_prepare_v2(x->db, q, -1, &st, NULL) != SQLITE_OK)
				continue;
		}
		size_t cap = 0;
		while (sqlite3_step(st) == SQLITE_ROW) {
			int all = 1;
			for (size_t k = 0; k < fm->ncols; k++)
				if (sqlite3_column_type(st, (int)k) == SQLITE_NULL)
					all = 0;
			if (!all)
				continue;
			if (fm->nrows == cap) {
				size_t ncap = cap ? cap * 2 : 8;
				sqlite3_value **nr = realloc(fm->rows, ncap * fm->ncols * sizeof(*nr));
				if (!nr) {
					sqlite3_finalize(st);
					return -1;
				}
				fm->rows = nr;
				cap = ncap;
			}
			for (size_t k = 0; k < fm->ncols; k++)
				fm->rows[fm->nrows * fm->ncols + k] = sqlite3_value_dup(sqlite3_column_value(st, (int)k));
			fm->nrows++;
		}
		sqlite3_finalize(st);
	}
	return 0;
}

/* Values for every written column of one row. vals has t->ncolumns entries. prev: the row inserted just before in this
 * batch (self references point at it), or NULL. */
static int gen_row(struct tstate *ts, uint64_t ord, int v, int64_t int_pk_value, struct gval *vals,
                   const struct gval *prev)
{
	const struct mrt_db_table *t = ts->t;
	for (size_t c = 0; c < t->ncolumns; c++) {
		struct colmeta *m = &ts->cols[c];
		if (m->skip || m->fk >= 0)
			continue;
		if ((int)c == ts->int_pk) {
			gval_reset(&vals[c]);
			vals[c].type = SQLITE_INTEGER;
			vals[c].i = int_pk_value + (v >= 3 ? v * 1009 : 0);
			continue;
		}
		if (gen_value(m, ord, v, &vals[c]))
			return -1;
	}
	for (size_t f = 0; f < ts->nfks; f++) {
		struct fkmeta *fm = &ts->fks[f];
		for (size_t k = 0; k < fm->ncols; k++) {
			struct gval *g = &vals[fm->cols[k]];
			gval_reset(g);
			if (fm->self && prev) {
				const struct gval *src = &prev[fm->refcols[k]];
				*g = *src;
				g->big = NULL;
				if (src->big && set_text(g, src->big, src->n))
					return -1;
				if (src->big)
					g->type = src->type;
			} else if (fm->nrows) {
				size_t row = (size_t)((ord + (uint64_t)v) % fm->nrows);
				g->v = fm->rows[row * fm->ncols + k];
			} else if (fm->self) {
				/* first row of an empty table: it references itself */
				const struct gval *src = &vals[fm->refcols[k]];
				*g = *src;
				g->big = NULL;
				if (src->big && set_text(g, src->big, src->n))
					return -1;
				if (src->big)
					g->type = src->type;
			} else if (ts->cols[fm->cols[k]].col->notnull) {
				if (gen_value(&ts->cols[fm->cols[k]], ord, v, g))
					return -1; /* parent empty: the insert may still work (FKs are not enforced) */
			} /* else NULL: the fill pass sets it once the parent has rows */
		}
	}
	return 0;
}

/* Reports table as not seedable: prefix + detail (the database's error). */
static void report(struct seedctx *x, const char *table, const char *prefix, const char *detail)
{
	snprintf(x->msg, sizeof(x->msg), "%s%s", prefix, detail);
	if (x->p->table_failed)
		x->p->table_failed(x->p->ud, table, x->msg);
}

/* Builds "INSERT INTO t (c...) VALUES (?...)" for the written columns. malloc'd or NULL. */
static char *insert_sql(const struct tstate *ts)
{
	const struct mrt_db_table *t = ts->t;
	size_t cap = 64 + 2 * strlen(t->name);
	for (size_t c = 0; c < t->ncolumns; c++)
		cap += 2 * strlen(t->columns[c].name) + 8;
	char *q = malloc(cap), *id = malloc(cap);
	if (!q || !id) {
		free(q);
		free(id);
		return NULL;
	}
	size_t o = (size_t)snprintf(q, cap, "INSERT INTO %s (", sqlb_quote_ident(t->name, id, cap));
	int n = 0;
	for (size_t c = 0; c < t->ncolumns; c++)
		if (!ts->cols[c].skip)
			o += (size_t)snprintf(q + o, cap - o, "%s%s", n++ ? "," : "", sqlb_quote_ident(t->columns[c].name, id, cap));
	o += (size_t)snprintf(q + o, cap - o, ") VALUES (");
	for (int k = 0; k < n; k++)
		o += (size_t)snprintf(q + o, cap - o, "%s?", k ? "," : "");
	snprintf(q + o, cap - o, ")");
	free(id);
	if (n == 0) {
		char *id3 = malloc(cap);
		if (!id3 || !sqlb_quote_ident(t->name, id3, cap)) {
			free(id3);
			free(q);
			return NULL;
		}
		snprintf(q, cap, "INSERT INTO %s DEFAULT VALUES", id3);
		free(id3);
	}
	return q;
}

static int insert_user_rows(struct seedctx *x, const struct mrt_db_table *t)
{
	for (size_t u = 0; u < x->p->nuser_rows; u++) {
		const struct mrt_seed_rows *ur = &x->p->user_rows[u];
		if (strcmp(ur->table, t->name) != 0 || ur->ncolumns == 0)
			continue;
		if (ur->only_when_empty) {
			char q[700], id[600];
			if (!sqlb_quote_ident(t->name, id, sizeof(id)))
				continue;
			snprintf(q, sizeof(q), "SELECT EXISTS (SELECT 1 FROM %s)", id);
			sqlite3_stmt *st;
			int has_rows = 1;
			if (sqlite3_prepare_v2(x->db, q, -1, &st, NULL) == SQLITE_OK) {
				if (sqlite3_step(st) == SQLITE_ROW)
					has_rows = sqlite3_column_int(st, 0);
				sqlite3_finalize(st);
			}
			if (has_rows)
				continue;
		}
		size_t cap = 64 + 2 * strlen(t->name);
		for (size_t c = 0; c < ur->ncolumns; c++)
			cap += 2 * strlen(ur->columns[c]) + 8;
		char *q = malloc(cap), *id = malloc(cap);
		if (!q || !id) {
			free(q);
			free(id);
			return -1;
		}
		size_t o = (size_t)snprintf(q, cap, "INSERT INTO %s (", sqlb_quote_ident(t->name, id, cap));
		for (size_t c = 0; c < ur->ncolumns; c++)
			o += (size_t)snprintf(q + o, cap - o, "%s%s", c ? "," : "", sqlb_quote_ident(ur->columns[c], id, cap));
		o += (size_t)snprintf(q + o, cap - o, ") VALUES (");
		for (size_t c = 0; c < ur->ncolumns; c++)
			o += (size_t)snprintf(q + o, cap - o, "%s?", c ? "," : "");
		snprintf(q + o, cap - o, ")");
		free(id);
		sqlite3_stmt *st;
		if (sqlite3_prepare_v2(x->db, q, -1, &st, NULL) != SQLITE_OK) {
			report(x, t->name, "user rows: ", sqlite3_errmsg(x->db));
			free(q);
			continue;
		}
		free(q);
		for (size_t r = 0; r < ur->nrows; r++) {
			sqlite3_reset(st);
			for (size_t c = 0; c < ur->ncolumns; c++) {
				const char *val = ur->values[r * ur->ncolumns + c];
				if (val)
					sqlite3_bind_text(st, (int)c + 1, val, -1, SQLITE_STATIC);
				else
					sqlite3_bind_null(st, (int)c + 1);
			}
			if (sqlite3_step(st) != SQLITE_DONE) {
				char d[700];
				snprintf(d, sizeof(d), "user row %zu: %s", r + 1, sqlite3_errmsg(x->db));
				report(x, t->name, "", d);
			}
		}
		sqlite3_finalize(st);
	}
	return 0;
}

/* Inserts rows until the table holds want rows. */
static int seed_table(struct seedctx *x, struct tstate *ts, int64_t have, int64_t max_rowid, int64_t max_pk)
{
	const struct mrt_db_table *t = ts->t;
	int64_t need = (int64_t)x->p->rows - have;
	if (need <= 0)
		return 0;
	if (load_parents(x, ts))
		return -1;
	char *q = insert_sql(ts);
	if (!q)
		return -1;
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(x->db, q, -1, &st, NULL) != SQLITE_OK) {
		report(x, t->name, "cannot insert: ", sqlite3_errmsg(x->db));
		free(q);
		return 0;
	}
	free(q);
	struct gval *vals = calloc(t->ncolumns + 1, sizeof(*vals));
	struct gval *prev = calloc(t->ncolumns + 1, sizeof(*prev));
	int rc = 0, have_prev = 0;
	if (!vals || !prev) {
		rc = -1;
		goto done;
	}
	for (int64_t i = 0; i < need; i++) {
		uint64_t ord = (uint64_t)(max_rowid + 1 + i);
		int ok = 0;
		for (int v = 0; v < SEED_ATTEMPTS && !ok; v++) {
			if (gen_row(ts, ord, v, max_pk + 1 + i, vals, have_prev ? prev : NULL)) {
				rc = -1;
				goto done;
			}
			sqlite3_reset(st);
			sqlite3_clear_bindings(st);
			int idx = 1;
			for (size_t c = 0; c < t->ncolumns; c++)
				if (!ts->cols[c].skip)
					bind_gval(st, idx++, &vals[c]);
			ok = sqlite3_step(st) == SQLITE_DONE;
		}
		if (!ok) {
			report(x, t->name, "cannot insert a row: ", sqlite3_errmsg(x->db));
			break;
		}
		/* keep this row for self references */
		for (size_t c = 0; c < t->ncolumns; c++) {
			gval_reset(&prev[c]);
			prev[c] = vals[c];
			vals[c].big = NULL;
			if (vals[c].v) { /* borrowed parent value: keep pointing at it (the cache outlives the batch) */
				prev[c].v = vals[c].v;
			}
		}
		have_prev = 1;
	}
done:
	if (vals)
		for (size_t c = 0; c < t->ncolumns; c++)
			gval_reset(&vals[c]);
	if (prev)
		for (size_t c = 0; c < t->ncolumns; c++)
			gval_reset(&prev[c]);
	free(vals);
	free(prev);
	sqlite3_finalize(st);
	return rc;
}

/* Sets every NULL of a written column by UPDATE. */
static int fill_nulls(struct seedctx *x, struct tstate *ts)
{
	const struct mrt_db_table *t = ts->t;
	size_t cap = 64 + 2 * strlen(t->name);
	for (size_t c = 0; c < t->ncolumns; c++)
		cap += 2 * strlen(t->columns[c].name) + 32;
	char *q = malloc(cap), *id = malloc(cap), *id2 = malloc(cap);
	int rc = 0;
	int64_t *rowids = NULL;
	unsigned char *masks = NULL;
	size_t nrows = 0, rcap = 0;
	if (!q || !id || !id2) {
		rc = -1;
		goto done;
	}
	size_t o = (size_t)snprintf(q, cap, "SELECT rowid");
	for (size_t c = 0; c < t->ncolumns; c++)
		if (!ts->cols[c].skip)
			o += (size_t)snprintf(q + o, cap - o, ",%s IS NULL", sqlb_quote_ident(t->columns[c].name, id, cap));
	snprintf(q + o, cap - o, " FROM %s ORDER BY rowid", sqlb_quote_ident(t->name, id, cap));
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(x->db, q, -1, &st, NULL) != SQLITE_OK) {
		/* WITHOUT ROWID tables have no rowid to update by: tell only when they hold NULLs */
		if (!strstr(sqlite3_errmsg(x->db), "rowid"))
			report(x, t->name, "cannot fill NULL columns: ", sqlite3_errmsg(x->db));
		goto done;
	}
	while (sqlite3_step(st) == SQLITE_ROW) {
		int any = 0;
		for (int k = 1; k < sqlite3_column_count(st); k++)
			any |= sqlite3_column_int(st, k);
		if (!any)
			continue;
		if (nrows == rcap) {
			size_t ncap = rcap ? rcap * 2 : 16;
			int64_t *nr = realloc(rowids, ncap * sizeof(*nr));
			unsigned char *nm = nr ? realloc(masks, ncap * (t->ncolumns + 1)) : NULL;
			if (nr)
				rowids = nr;
			if (!nr || !nm) {
				sqlite3_finalize(st);
				rc = -1;
				goto done;
			}
			masks = nm;
			rcap = ncap;
		}
		rowids[nrows] = sqlite3_column_int64(st, 0);
		int k = 1;
		for (size_t c = 0; c < t->ncolumns; c++)
			masks[nrows * (t->ncolumns + 1) + c] = ts->cols[c].skip ? 0 : (unsigned char)sqlite3_column_int(st, k++);
		nrows++;
	}
	sqlite3_finalize(st);
	if (!nrows)
		goto done;
	if (load_parents(x, ts)) {
		rc = -1;
		goto done;
	}
	struct gval g;
	memset(&g, 0, sizeof(g));
	for (size_t c = 0; c < t->ncolumns && !rc; c++) {
		int any = 0;
		for (size_t r = 0; r < nrows; r++)
			any |= masks[r * (t->ncolumns + 1) + c];
		if (!any)
			continue;
		snprintf(q, cap, "UPDATE %s SET %s = ? WHERE rowid = ?", sqlb_quote_ident(t->name, id, cap),
		         sqlb_quote_ident(t->columns[c].name, id2, cap));
		sqlite3_stmt *up;
		if (sqlite3_prepare_v2(x->db, q, -1, &up, NULL) != SQLITE_OK) {
			report(x, t->name, "cannot fill NULL columns: ", sqlite3_errmsg(x->db));
			break;
		}
		struct colmeta *m = &ts->cols[c];
		for (size_t r = 0; r < nrows; r++) {
			if (!masks[r * (t->ncolumns + 1) + c])
				continue;
			uint64_t ord = (uint64_t)rowids[r];
			int ok = 0;
			for (int v = 0; v < SEED_ATTEMPTS && !ok; v++) {
				gval_reset(&g);
				if (m->fk >= 0) {
					struct fkmeta *fm = &ts->fks[m->fk];
					if (fm->nrows) {
						size_t row = (size_t)((ord + (uint64_t)v + (fm->self ? 1 : 0)) % fm->nrows);
						g.v = fm->rows[row * fm->ncols + (size_t)m->fk_pos];
					} else if (!fm->self && find_table(x->schema, fm->fk->ref_table)) {
						break; /* parent still empty: leave NULL (reported below) */
					} else if (gen_value(m, ord, v, &g)) {
						rc = -1;
						break;
					}
				} else if (gen_value(m, ord + (uint64_t)(c + 1) * 100003, v, &g)) {
					rc = -1;
					break;
				}
				sqlite3_reset(up);
				bind_gval(up, 1, &g);
				sqlite3_bind_int64(up, 2, rowids[r]);
				ok = sqlite3_step(up) == SQLITE_DONE;
			}
			if (rc)
				break;
			if (!ok) {
				char d[700];
				snprintf(d, sizeof(d), "cannot set column '%s': %s", t->columns[c].name,
				         m->fk >= 0 && !ts->fks[m->fk].nrows ? "the referenced table has no rows"
				                                             : sqlite3_errmsg(x->db));
				report(x, t->name, "", d);
				break;
			}
		}
		gval_reset(&g);
		sqlite3_finalize(up);
	}
done:
	free(q);
	free(id);
	free(id2);
	free(rowids);
	free(masks);
	return rc;
}

/* Parents before children (self references ignored); a cycle's tables follow in name order. order: indexes. */
static int fk_order(const struct mrt_db_schema *s, size_t *order)
{
	unsigned char *done = calloc(s->ntables + 1, 1);
	if (!done)
		return -1;
	size_t n = 0;
	while (n < s->ntables) {
		int progress = 0;
		for (size_t i = 0; i < s->ntables; i++) {
			if (done[i])
				continue;
			const struct mrt_db_table *t = &s->tables[i];
			int ready = 1;
			for (size_t f = 0; f < t->nfks && ready; f++) {
				if (strcmp(t->fks[f].ref_table, t->name) == 0)
					continue;
				for (size_t j = 0; j < s->ntables; j++)
					if (!done[j] && j != i && strcmp(s->tables[j].name, t->fks[f].ref_table) == 0)
						ready = 0;
			}
			if (ready) {
				done[i] = 1;
				order[n++] = i;
				progress = 1;
			}
		}
		if (!progress)
			for (size_t i = 0; i < s->ntables; i++)
				if (!done[i]) {
					done[i] = 1;
					order[n++] = i;
					break;
				}
	}
	free(done);
	return 0;
}

/* count(*), max(rowid), max(int pk), and whether a row has a NULL in a column the seed writes (*has_nulls). 0, or -1
 * when the table cannot be read (or on OOM: then the caller's fill pass still looks at the table). */
static int table_stats(struct seedctx *x, const struct tstate *ts, int64_t *count, int64_t *max_rowid, int64_t *max_pk,
                       int *has_nulls, int *rowid_ok)
{
	const struct mrt_db_table *t = ts->t;
	/* every column may appear twice in q (the int pk and its IS NULL), quoted: at most 2n + 2 bytes each */
	size_t cap = 128 + 2 * strlen(t->name);
	for (size_t c = 0; c < t->ncolumns; c++)
		cap += 4 * strlen(t->columns[c].name) + 32;
	char *q = malloc(cap), *id = malloc(cap), *nulls = malloc(cap);
	int rc = -1;
	*rowid_ok = 1;
	*has_nulls = 1;
	if (!q || !id || !nulls)
		goto out;
	/* "(a IS NULL OR b IS NULL ...)" over the written columns, "0" when there are none */
	size_t o = 0;
	for (size_t c = 0; c < t->ncolumns; c++)
		if (!ts->cols[c].skip)
			o += (size_t)snprintf(nulls + o, cap - o, "%s%s IS NULL", o ? " OR " : "(",
			                      sqlb_quote_ident(t->columns[c].name, id, cap));
	snprintf(nulls + o, cap - o, "%s", o ? ")" : "0");
	const char *pk = ts->int_pk >= 0 ? sqlb_quote_ident(t->columns[ts->int_pk].name, id, cap) : "0";
	if (!pk)
		pk = "0";
	o = (size_t)snprintf(q, cap, "SELECT count(*), coalesce(max(rowid),0), coalesce(max(%s),0), ", pk);
	snprintf(q + o, cap - o, "coalesce(max(%s),0) FROM %s", nulls, sqlb_quote_ident(t->name, id, cap));
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(x->db, q, -1, &st, NULL) != SQLITE_OK) {
		*rowid_ok = 0;
		pk = ts->int_pk >= 0 ? sqlb_quote_ident(t->columns[ts->int_pk].name, id, cap) : "0";
		if (!pk)
			pk = "0";
		o = (size_t)snprintf(q, cap, "SELECT count(*), count(*), coalesce(max(%s),0), ", pk);
		snprintf(q + o, cap - o, "coalesce(max(%s),0) FROM %s", nulls, sqlb_quote_ident(t->name, id, cap));
		if (sqlite3_prepare_v2(x->db, q, -1, &st, NULL) != SQLITE_OK)
			goto out;
	}
	if (sqlite3_step(st) == SQLITE_ROW) {
		*count = sqlite3_column_int64(st, 0);
		*max_rowid = sqlite3_column_int64(st, 1);
		*max_pk = sqlite3_column_type(st, 2) == SQLITE_INTEGER ? sqlite3_column_int64(st, 2) : *max_rowid;
		*has_nulls = sqlite3_column_int(st, 3) != 0;
		rc = 0;
	}
	sqlite3_finalize(st);
out:
	free(q);
	free(id);
	free(nulls);
	return rc;
}

int sqlb_seed(struct sqlb_conn *c, const struct mrt_db_schema *schema, const struct mrt_seed_params *params, char *err,
              size_t errlen)
{
	sqlite3 *db;
	int rc = sqlb_open(c, &db, err, errlen);
	if (rc)
		return rc;
	struct seedctx x = {db, schema, params, {0}};
	size_t *order = calloc(schema->ntables + 1, sizeof(*order));
	struct tstate *ts = calloc(schema->ntables + 1, sizeof(*ts));
	if (!order || !ts || fk_order(schema, order)) {
		rc = sqlb_fail(err, errlen, MRT_ENOMEM, "out of memory");
		goto out;
	}
	if (sqlite3_exec(db, "BEGIN IMMEDIATE", NULL, NULL, NULL) != SQLITE_OK) {
		rc = sqlb_fail(err, errlen, MRT_EDB, "cannot start seeding: %s", sqlite3_errmsg(db));
		goto out;
	}
	/* A trigger could put NULLs into a table while other tables are seeded: then the fill pass looks at every table. */
	int triggers = 1;
	sqlite3_stmt *tq;
	if (sqlite3_prepare_v2(db, "SELECT EXISTS (SELECT 1 FROM sqlite_master WHERE type='trigger')", -1, &tq, NULL) ==
	    SQLITE_OK) {
		if (sqlite3_step(tq) == SQLITE_ROW)
			triggers = sqlite3_column_int(tq, 0) != 0;
		sqlite3_finalize(tq);
	}
	for (size_t k = 0; k < schema->ntables && !rc; k++) {
		const struct mrt_db_table *t = &schema->tables[order[k]];
		if (!t->seedable)
			continue;
		if (tstate_init(&x, t, &ts[order[k]])) {
			rc = sqlb_fail(err, errlen, MRT_ENOMEM, "out of memory");
			break;
		}
		if (insert_user_rows(&x, t)) {
			rc = sqlb_fail(err, errlen, MRT_ENOMEM, "out of memory");
			break;
		}
		int64_t count, max_rowid, max_pk;
		int rowid_ok, has_nulls;
		ts[order[k]].need_fill = 1;
		if (table_stats(&x, &ts[order[k]], &count, &max_rowid, &max_pk, &has_nulls, &rowid_ok)) {
			report(&x, t->name, "cannot read the table: ", sqlite3_errmsg(db));
			continue;
		}
		/* The fill pass can skip a table that has no NULL to fill now and gets no new row below (inserted rows may
		 * leave FK columns NULL until their parents have rows) — unless a trigger may change it meanwhile. */
		ts[order[k]].need_fill = triggers || has_nulls || count < (int64_t)params->rows;
		if (seed_table(&x, &ts[order[k]], count, max_rowid, max_pk))
			rc = sqlb_fail(err, errlen, MRT_ENOMEM, "out of memory");
	}
	/* fill pass after every insert, so FK columns of cycles and added columns find their parents */
	for (size_t k = 0; k < schema->ntables && !rc; k++) {
		const struct mrt_db_table *t = &schema->tables[order[k]];
		if (!t->seedable || !ts[order[k]].t || !ts[order[k]].need_fill)
			continue;
		if (fill_nulls(&x, &ts[order[k]]))
			rc = sqlb_fail(err, errlen, MRT_ENOMEM, "out of memory");
	}
	if (rc) {
		sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
	} else if (sqlite3_exec(db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK) {
		rc = sqlb_fail(err, errlen, MRT_EDB, "cannot commit the seeded rows: %s", sqlite3_errmsg(db));
		sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
	}
out:
	if (ts)
		for (size_t k = 0; k < schema->ntables; k++)
			if (ts[k].t)
				tstate_free(&ts[k]);
	free(ts);
	free(order);
	sqlb_release(c);
	return rc;
}
