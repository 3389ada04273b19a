/*
 * rb_common.h — small helpers shared by the "rollback" rule plugins (MRT003, MRT006–MRT012).
 *
 * Header-only on purpose: every plugin is its own shared object and must not link against anything but libc, and the
 * unit test compiles several plugins into one translation unit (hence the include guard and the rb_ prefix). All
 * functions are static and tagged unused, so a plugin pays only for what it calls.
 *
 * The generic helpers (names, literals, op arguments, notes, walking) live in ../common/mrt_rulekit.h, included
 * here; their rb_ names below are aliases of the kit's functions with this family's behaviour (names compare with
 * quotes significant, MRK_NAME_PLAIN; op.f() is unwrapped one level, MRK_STR_F).
 *
 * What is here:
 *   - upgrade/downgrade pairing (upgrade_<name> ↔ downgrade_<name>);
 *   - column types: a normalised description of `sa.String(length=50)`, `sa.Numeric(10, 2)`, `varchar(50)`,
 *     `timestamp with time zone`, ... with equality and a "narrowing" test;
 *   - schema events: what a function creates, drops and renames (tables, columns, indexes, constraints, foreign
 *     keys), from op.* calls, batch ops and the classified SQL of execute(), in source order;
 *   - backfills: whether an UPDATE only fills columns the same upgrade added.
 *
 * Ownership: everything returned points into the model (borrowed until the callback returns) or into the caller's
 * buffers; struct rb_events owns its array (allocated with libc realloc(), released with rb_events_free()).
 */
#ifndef MRT_RB_COMMON_H
#define MRT_RB_COMMON_H

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "mrt_sdk.h"
#include "../common/mrt_rulekit.h"

#define RB_UNUSED MRK_UNUSED
/* strcmp(a, lit) == 0 for a non-NULL a, testing the first byte before calling strcmp. */
#define RB_IS(a, lit) ((a)[0] == (lit)[0] && !strcmp((a), (lit)))

/* ---- names, values, ops, notes: the rule kit's, under their rb_ names ------------------------------------------- */

#define rb_base(name) mrk_base(name)
#define rb_ieq(a, b) mrk_ieq((a), (b))
#define rb_same(a, b) mrk_same((a), (b)) /* MRK_NAME_PLAIN: quotes significant, "" == "" */
#define rb_str(api, v) mrk_str((api), (v))
#define rb_batch(api, o) mrk_batch((api), (o))
#define rb_op_table(api, o, kw, pos) mrk_op_table((api), (o), (kw), (pos))
#define rb_arg(api, o, kw, pos) mrk_arg((api), (o), (kw), (pos))
#define rb_notes(api, o, buf, size) mrk_notes((api), (o), (buf), (size))

/* The downgrade function matching an upgrade function (downgrade_<x> for upgrade_<x>), or NULL. */
RB_UNUSED static const mrt_func *rb_downgrade_for(const mrt_host_api *api, const mrt_migration *m, const mrt_func *up)
{
	char want[256];
	if (!mrk_downgrade_name(api->func_name(up), want, sizeof(want)))
		return NULL;
	return api->migration_func_by_name(m, want);
}

/* ---- column types ----------------------------------------------------------------------------------------------- */

enum rb_family {
	RB_T_UNKNOWN = 0, /* not a type we understand: compared by canonical text only */
	RB_T_STRING,      /* String/VARCHAR/CHAR: len (-1 = no length) */
	RB_T_TEXT,        /* Text/CLOB: unbounded */
	RB_T_INT,         /* len = bytes: 2 smallint, 4 integer, 8 bigint */
	RB_T_NUMERIC,     /* len = precision, scale (-1 = unspecified) */
	RB_T_FLOAT,
	RB_T_DATETIME,    /* tz */
	RB_T_DATE,
	RB_T_TIME,
	RB_T_BOOL,
};

struct rb_type {
	enum rb_family fam;
	long len;        /* string length, int bytes or numeric precision; -1 unknown/unbounded */
	long scale;      /* numeric scale; -1 unknown */
	bool tz;         /* DateTime(timezone=True), timestamptz */
	char canon[96];  /* canonical text for messages and equality ("VARCHAR(50)") */
};

RB_UNUSED static const struct {
	const char *name; /* upper case */
	enum rb_family fam;
	long len;
} rb_type_names[] = {
	{"STRING", RB_T_STRING, -1},         {"VARCHAR", RB_T_STRING, -1},       {"NVARCHAR", RB_T_STRING, -1},
	{"UNICODE", RB_T_STRING, -1},        {"CHAR", RB_T_STRING, -1},          {"NCHAR", RB_T_STRING, -1},
	{"CHARACTER VARYING", RB_T_STRING, -1}, {"CHARACTER", RB_T_STRING, -1},
	{"TEXT", RB_T_TEXT, -1},             {"UNICODETEXT", RB_T_TEXT, -1},     {"CLOB", RB_T_TEXT, -1},
	{"MEDIUMTEXT", RB_T_TEXT, -1},       {"LONGTEXT", RB_T_TEXT, -1},
	{"SMALLINTEGER", RB_T_INT, 2},       {"SMALLINT", RB_T_INT, 2},          {"INT2", RB_T_INT, 2},
	{"INTEGER", RB_T_INT, 4},            {"INT", RB_T_INT, 4},               {"INT4", RB_T_INT, 4},
	{"BIGINTEGER", RB_T_INT, 8},         {"BIGINT", RB_T_INT, 8},            {"INT8", RB_T_INT, 8},
	{"NUMERIC", RB_T_NUMERIC, -1},       {"DECIMAL", RB_T_NUMERIC, -1},
	{"FLOAT", RB_T_FLOAT, -1},           {"REAL", RB_T_FLOAT, -1},           {"DOUBLE", RB_T_FLOAT, -1},
	{"DOUBLE_PRECISION", RB_T_FLOAT, -1}, {"DOUBLE PRECISION", RB_T_FLOAT, -1}, {"FLOAT8", RB_T_FLOAT, -1},
	{"FLOAT4", RB_T_FLOAT, -1},
	{"DATETIME", RB_T_DATETIME, -1},     {"TIMESTAMP", RB_T_DATETIME, -1},   {"TIMESTAMPTZ", RB_T_DATETIME, -1},
	{"DATE", RB_T_DATE, -1},             {"TIME", RB_T_TIME, -1},
	{"BOOLEAN", RB_T_BOOL, -1},          {"BOOL", RB_T_BOOL, -1},
};

/* Fills canon from the family fields (known families) or leaves the caller's text (unknown ones). */
RB_UNUSED static void rb_type_canon(struct rb_type *t)
{
	switch (t->fam) {
	case RB_T_STRING:
		if (t->len >= 0)
			snprintf(t->canon, sizeof(t->canon), "VARCHAR(%ld)", t->len);
		else
			snprintf(t->canon, sizeof(t->canon), "VARCHAR");
		break;
	case RB_T_TEXT:
		snprintf(t->canon, sizeof(t->canon), "TEXT");
		break;
	case RB_T_INT:
		snprintf(t->canon, sizeof(t->canon), "%s", t->len == 2 ? "SMALLINT" : t->len == 8 ? "BIGINT" : "INTEGER");
		break;
	case RB_T_NUMERIC:
		if (t->len >= 0 && t->scale < 0)
			t->scale = 0; /* NUMERIC(p) is NUMERIC(p, 0) */
		if (t->len >= 0 && t->scale >= 0)
			snprintf(t->canon, sizeof(t->canon), "NUMERIC(%ld,%ld)", t->len, t->scale);
		else if (t->len >= 0)
			snprintf(t->canon, sizeof(t->canon), "NUMERIC(%ld)", t->len);
		else
			snprintf(t->canon, sizeof(t->canon), "NUMERIC");
		break;
	case RB_T_FLOAT:
		snprintf(t->canon, sizeof(t->canon), "FLOAT");
		break;
	case RB_T_DATETIME:
		snprintf(t->canon, sizeof(t->canon), "%s", t->tz ? "TIMESTAMP WITH TIME ZONE" : "TIMESTAMP");
		break;
	case RB_T_DATE:
		snprintf(t->canon, sizeof(t->canon), "DATE");
		break;
	case RB_T_TIME:
		snprintf(t->canon, sizeof(t->canon), "TIME");
		break;
	case RB_T_BOOL:
		snprintf(t->canon, sizeof(t->canon), "BOOLEAN");
		break;
	case RB_T_UNKNOWN:
		break;
	}
}

/* Looks up an upper-case base type name. */
RB_UNUSED static bool rb_type_lookup(const char *upper, struct rb_type *t)
{
	for (size_t i = 0; i < sizeof(rb_type_names) / sizeof(rb_type_names[0]); i++) {
		if (!strcmp(upper, rb_type_names[i].name)) {
			t->fam = rb_type_names[i].fam;
			t->len = rb_type_names[i].len;
			if (!strcmp(upper, "TIMESTAMPTZ"))
				t->tz = true;
			return true;
		}
	}
	return false;
}

/* Integer argument of a type call by keyword or position; -1 when absent or not an integer. */
RB_UNUSED static long rb_type_int_arg(const mrt_host_api *api, const mrt_value *call, const char *kw, int pos)
{
	const mrt_value *a = api->value_call_arg(call, kw, pos);
	if (a && api->value_kind(a) == MRT_VAL_INT)
		return (long)api->value_int(a);
	return -1;
}

/*
 * Describes a type expression of the model: `sa.String`, `sa.String(50)`, `sa.String(length=50)`,
 * `postgresql.TIMESTAMP(timezone=True)`, `sa.Numeric(10, 2)`. Returns false when v is not a type-looking value.
 */
RB_UNUSED static bool rb_type_from_value(const mrt_host_api *api, const mrt_value *v, struct rb_type *t)
{
	memset(t, 0, sizeof(*t));
	t->len = -1;
	t->scale = -1;
	if (!v)
		return false;
	enum mrt_value_kind k = api->value_kind(v);
	if (k != MRT_VAL_CALL && k != MRT_VAL_ATTR && k != MRT_VAL_NAME)
		return false;
	const char *callee = api->value_text(v, NULL);
	if (!callee || strchr(callee, '('))
		return false;
	const char *base = rb_base(callee);
	char upper[64];
	size_t n = strlen(base);
	if (n == 0 || n >= sizeof(upper))
		return false;
	for (size_t i = 0; i <= n; i++)
		upper[i] = (char)toupper((unsigned char)base[i]);
	bool call = k == MRT_VAL_CALL;
	if (!rb_type_lookup(upper, t)) {
		/* unknown type: canonical text is the upper-case name plus literal arguments */
		t->fam = RB_T_UNKNOWN;
		int w = snprintf(t->canon, sizeof(t->canon), "%s", upper);
		size_t na = call ? api->value_item_count(v) : 0;
		for (size_t i = 0; i < na && w >= 0 && (size_t)w < sizeof(t->canon); i++) {
			const mrt_value *a = api->value_item(v, i);
			const char *an = api->value_item_name(v, i);
			const char *at = api->value_text(a, NULL);
			int x = snprintf(t->canon + w, sizeof(t->canon) - (size_t)w, "%s%s%s%s", i ? "," : "(",
			                 an ? an : "", an ? "=" : "", at ? at : "?");
			if (x < 0)
				break;
			w += x;
		}
		if (na && w >= 0 && (size_t)w < sizeof(t->canon) - 1)
			snprintf(t->canon + w, sizeof(t->canon) - (size_t)w, ")");
		return true;
	}
	if (call) {
		switch (t->fam) {
		case RB_T_STRING:
			t->len = rb_type_int_arg(api, v, "length", 0);
			break;
		case RB_T_NUMERIC:
			t->len = rb_type_int_arg(api, v, "precision", 0);
			t->scale = rb_type_int_arg(api, v, "scale", 1);
			break;
		case RB_T_DATETIME: {
			const mrt_value *tz = api->value_call_arg(v, "timezone", 0);
			if (tz && api->value_kind(tz) == MRT_VAL_BOOL)
				t->tz = api->value_bool(tz);
			break;
		}
		default:
			break;
		}
	}
	rb_type_canon(t);
	return true;
}

/* Describes a SQL type as written: "varchar(50)", "character varying", "numeric(10, 2)", "timestamptz",
 * "timestamp with time zone", "int8". Returns false for NULL or empty text. */
RB_UNUSED static bool rb_type_from_sql(const char *sql, struct rb_type *t)
{
	memset(t, 0, sizeof(*t));
	t->len = -1;
	t->scale = -1;
	if (!sql)
		return false;
	char buf[96];
	size_t o = 0;
	bool space = false;
	const char *p = sql;
	while (*p && isspace((unsigned char)*p))
		p++;
	/* words up to '(' or the end, upper case, single spaces */
	for (; *p && *p != '(' && o + 1 < sizeof(buf); p++) {
		if (isspace((unsigned char)*p)) {
			space = o > 0;
			continue;
		}
		if (space && o + 2 < sizeof(buf))
			buf[o++] = ' ';
		space = false;
		buf[o++] = (char)toupper((unsigned char)*p);
	}
	buf[o] = '\0';
	if (!o)
		return false;
	long nums[2] = {-1, -1};
	if (*p == '(') {
		p++;
		for (int i = 0; i < 2; i++) {
			while (*p && isspace((unsigned char)*p))
				p++;
			if (!isdigit((unsigned char)*p))
				break;
			char *end = NULL;
			nums[i] = strtol(p, &end, 10);
			p = end;
			while (*p && isspace((unsigned char)*p))
				p++;
			if (*p != ',')
				break;
			p++;
		}
		while (*p && *p != ')')
			p++;
		if (*p == ')')
			p++;
		/* "timestamp(3) with time zone": keep the words after the parenthesis */
		while (*p && isspace((unsigned char)*p))
			p++;
		if (*p && o + 2 < sizeof(buf)) {
			buf[o++] = ' ';
			for (; *p && o + 1 < sizeof(buf); p++) {
				if (isspace((unsigned char)*p)) {
					if (buf[o - 1] != ' ')
						buf[o++] = ' ';
					continue;
				}
				buf[o++] = (char)toupper((unsigned char)*p);
			}
			while (o && buf[o - 1] == ' ')
				o--;
			buf[o] = '\0';
		}
	}
	/* strip trailing column options that the classifier may have kept ("NOT NULL", "DEFAULT ...", "USING ...") */
	static const char *const stops[] = {" NOT NULL", " NULL", " DEFAULT", " USING", " COLLATE", " PRIMARY", " UNIQUE",
	                                    " REFERENCES", " CHECK", " GENERATED", " AUTO_INCREMENT"};
	for (size_t i = 0; i < sizeof(stops) / sizeof(stops[0]); i++) {
		char *s = strstr(buf, stops[i]);
		if (s)
			*s = '\0';
	}
	bool tz = false;
	char *w = strstr(buf, " WITH TIME ZONE");
	if (w) {
		tz = true;
		*w = '\0';
	}
	w = strstr(buf, " WITHOUT TIME ZONE");
	if (w)
		*w = '\0';
	if (!rb_type_lookup(buf, t)) {
		t->fam = RB_T_UNKNOWN;
		snprintf(t->canon, sizeof(t->canon), "%s", buf);
		return true;
	}
	t->tz = t->tz || tz;
	if (t->fam == RB_T_STRING)
		t->len = nums[0];
	else if (t->fam == RB_T_NUMERIC) {
		t->len = nums[0];
		t->scale = nums[1];
	}
	rb_type_canon(t);
	return true;
}

/* Same type after normalisation. */
RB_UNUSED static bool rb_type_eq(const struct rb_type *a, const struct rb_type *b)
{
	return a->canon[0] && !strcmp(a->canon, b->canon);
}

/*
 * Whether going from `from` to `to` can lose or reject values. Returns a static phrase describing how ("shorter
 * string", ...) or NULL when it does not narrow (or we cannot tell).
 */
RB_UNUSED static const char *rb_type_narrowing(const struct rb_type *from, const struct rb_type *to)
{
	switch (to->fam) {
	case RB_T_STRING:
		if (to->len < 0)
			return NULL;
		if (from->fam == RB_T_TEXT)
			return "unbounded text becomes a bounded string: longer values are truncated or rejected";
		if (from->fam == RB_T_STRING && (from->len < 0 || from->len > to->len))
			return "the string gets shorter: longer values are truncated or rejected";
		return NULL;
	case RB_T_INT:
		if (from->fam == RB_T_INT && from->len > to->len)
			return "the integer gets smaller: large values overflow and are rejected";
		if (from->fam == RB_T_NUMERIC)
			return "a numeric becomes an integer: fractions are rounded away";
		if (from->fam == RB_T_FLOAT)
			return "a float becomes an integer: fractions are rounded away";
		return NULL;
	case RB_T_NUMERIC:
		if (from->fam != RB_T_NUMERIC)
			return NULL;
		if (to->len >= 0 && (from->len < 0 || from->len > to->len))
			return "the numeric loses precision: large values are rejected";
		if (to->scale >= 0 && (from->scale < 0 ? from->len < 0 : from->scale > to->scale))
			return "the numeric loses scale: decimals are rounded away";
		return NULL;
	case RB_T_DATETIME:
		if (from->fam == RB_T_DATETIME && from->tz && !to->tz)
			return "a time-zone-aware timestamp becomes naive: the offset is dropped";
		return NULL;
	case RB_T_DATE:
		if (from->fam == RB_T_DATETIME)
			return "a timestamp becomes a date: the time of day is dropped";
		return NULL;
	default:
		return NULL;
	}
}

/* ---- sa.Column(...) --------------------------------------------------------------------------------------------- */

/* Whether v is a Column(...) call. */
RB_UNUSED static bool rb_is_column(const mrt_host_api *api, const mrt_value *v)
{
	if (!v || api->value_kind(v) != MRT_VAL_CALL)
		return false;
	const char *callee = api->value_text(v, NULL);
	return callee && RB_IS(rb_base(callee), "Column");
}

/* Name (first positional string) and type value (second positional or type_=) of a Column(...) call. */
RB_UNUSED static const char *rb_column_name(const mrt_host_api *api, const mrt_value *col)
{
	return rb_str(api, api->value_call_arg(col, "name", 0));
}

RB_UNUSED static const mrt_value *rb_column_type(const mrt_host_api *api, const mrt_value *col)
{
	const mrt_value *t = api->value_call_arg(col, "type_", -1);
	if (t)
		return t;
	/* the type is the first positional argument that is not the name string */
	size_t n = api->value_item_count(col);
	for (size_t i = 0; i < n; i++) {
		if (api->value_item_name(col, i))
			continue;
		const mrt_value *a = api->value_item(col, i);
		if (api->value_kind(a) == MRT_VAL_STR)
			continue;
		struct rb_type tmp;
		if (rb_type_from_value(api, a, &tmp))
			return a;
		return NULL;
	}
	return NULL;
}

/* ---- schema events ---------------------------------------------------------------------------------------------- */

enum rb_act { RB_CREATE = 1, RB_DROP, RB_RENAME };
enum rb_kind { RB_K_TABLE = 1, RB_K_COLUMN, RB_K_INDEX, RB_K_CONSTRAINT, RB_K_FK };

struct rb_event {
	enum rb_act act;
	enum rb_kind kind;
	const char *table;      /* table (child table for RB_K_FK); may be NULL when unknown */
	const char *name;       /* column, index or constraint name; parent table for RB_K_FK; NULL when unknown */
	const char *new_name;   /* RB_RENAME: the new name */
	const char *ckind;      /* constraints: "unique", "check", "foreignkey", "primary", "exclude" or NULL */
	const mrt_value *cols;  /* index/constraint column list when known (list of strings), or NULL */
	const mrt_value *coldef;/* column: the Column(...) value (op form) or NULL */
	const char *sql_type;   /* column: the type as written in SQL, or NULL */
	const mrt_op *op;       /* the op (borrowed) */
	const mrt_sql *sql;     /* the SQL statement for events read from execute(), else NULL */
	unsigned line, col;     /* where: op line (+ SQL line offset) */
	bool implicit;          /* part of a create_table (inline FK), not an op of its own */
};

struct rb_events {
	struct rb_event *v; /* owned; libc realloc(), released by rb_events_free() only */
	size_t n, cap;
	bool oom;
};

/* Releases e's array and empties e. api is unused (the array comes from libc, see rb_push()); kept so that every
 * caller stays as it is. */
RB_UNUSED static void rb_events_free(const mrt_host_api *api, struct rb_events *e)
{
	(void)api;
	free(e->v);
	memset(e, 0, sizeof(*e));
}

/*
 * Appends a copy of *ev to e (sets e->oom and drops it when out of memory). The array grows with libc realloc(), not
 * api->alloc: the host's alloc is calloc(), which zeroes memory that every slot overwrites anyway and skips malloc's
 * per-thread cache, and rb_events_collect() runs ~12,500 times a run. Most functions have a handful of events, so the
 * first block is 8 events (the cache serves it). The SDK allows plugin memory from malloc when the plugin frees it
 * itself, which rb_events_free() does. api is unused; kept so that every caller stays as it is.
 */
RB_UNUSED static void rb_push(const mrt_host_api *api, struct rb_events *e, const struct rb_event *ev)
{
	(void)api;
	if (e->oom)
		return;
	if (e->n == e->cap) {
		size_t cap = e->cap ? e->cap * 2 : 8;
		struct rb_event *nv = realloc(e->v, cap * sizeof(*nv));
		if (!nv) {
			e->oom = true; /* e->v stays valid and owned: rb_events_free() releases it */
			return;
		}
		e->v = nv;
		e->cap = cap;
	}
	e->v[e->n++] = *ev;
}

/* Parent table of a ForeignKey("parent.id") / "schema.parent.id" target, copied into buf; NULL when not literal. */
RB_UNUSED static const char *rb_fk_parent(const char *target, char *buf, size_t size)
{
	if (!target)
		return NULL;
	const char *dot = strrchr(target, '.');
	if (!dot || dot == target)
		return NULL;
	size_t n = (size_t)(dot - target);
	if (n >= size)
		return NULL;
	memcpy(buf, target, n);
	buf[n] = '\0';
	return buf;
}

/* Inline foreign keys of a create_table: sa.Column(..., sa.ForeignKey("p.id")) and sa.ForeignKeyConstraint(cols,
 * ["p.id"]). The parent name is a string of the model when the target is "p.id"; we need a stable pointer, so the
 * referenced literal is kept and the parent is compared by prefix in rb_fk_refers(). */
RB_UNUSED static void rb_table_fks(const mrt_host_api *api, struct rb_events *e, const mrt_op *o, const char *table)
{
	size_t n = api->op_arg_count(o);
	for (size_t i = 0; i < n; i++) {
		const mrt_value *a = api->op_arg_value(o, i);
		if (api->value_kind(a) != MRT_VAL_CALL)
			continue;
		const char *callee = rb_base(api->value_text(a, NULL));
		const mrt_value *target = NULL;
		if (callee && RB_IS(callee, "Column")) {
			size_t na = api->value_item_count(a);
			for (size_t k = 0; k < na; k++) {
				const mrt_value *x = api->value_item(a, k);
				const char *xc = api->value_kind(x) == MRT_VAL_CALL ? rb_base(api->value_text(x, NULL)) : NULL;
				if (xc && RB_IS(xc, "ForeignKey"))
					target = api->value_call_arg(x, "column", 0);
			}
		} else if (callee && RB_IS(callee, "ForeignKeyConstraint")) {
			const mrt_value *refs = api->value_call_arg(a, "refcolumns", 1);
			if (refs && api->value_item_count(refs) > 0)
				target = api->value_item(refs, 0);
		}
		if (!target || api->value_kind(target) != MRT_VAL_STR)
			continue;
		struct rb_event ev = {.act = RB_CREATE, .kind = RB_K_FK, .table = table,
		                      .name = api->value_text(target, NULL), .op = o, .line = api->value_line(a),
		                      .col = api->value_col(a), .implicit = true};
		rb_push(api, e, &ev);
	}
}

/* Whether an RB_K_FK event's target ("parent.id", or a bare parent table name from create_foreign_key) refers to
 * table `parent`. */
RB_UNUSED static bool rb_fk_refers(const struct rb_event *fk, const char *parent)
{
	char buf[256];
	if (!fk->name || !parent)
		return false;
	if (fk->implicit) {
		const char *p = rb_fk_parent(fk->name, buf, sizeof(buf));
		return p && rb_same(p, parent);
	}
	return rb_same(fk->name, parent);
}

RB_UNUSED static const char *rb_ckind_of(const char *method)
{
	if (RB_IS(method, "create_unique_constraint"))
		return "unique";
	if (RB_IS(method, "create_check_constraint"))
		return "check";
	if (RB_IS(method, "create_foreign_key"))
		return "foreignkey";
	if (RB_IS(method, "create_primary_key"))
		return "primary";
	if (RB_IS(method, "create_exclude_constraint"))
		return "exclude";
	return NULL;
}

RB_UNUSED static const char *rb_ckind_of_sql(const char *kind)
{
	if (!kind)
		return NULL;
	if (rb_ieq(kind, "UNIQUE"))
		return "unique";
	if (rb_ieq(kind, "CHECK"))
		return "check";
	if (rb_ieq(kind, "FOREIGN KEY"))
		return "foreignkey";
	if (rb_ieq(kind, "PRIMARY KEY"))
		return "primary";
	if (rb_ieq(kind, "EXCLUDE"))
		return "exclude";
	return NULL;
}

/* Events of one SQL statement. */
RB_UNUSED static void rb_sql_events(const mrt_host_api *api, struct rb_events *e, const mrt_op *o, const mrt_sql *q)
{
	struct rb_event ev;
	memset(&ev, 0, sizeof(ev));
	ev.op = o;
	ev.sql = q;
	ev.line = mrk_sql_line(api, o, q);
	ev.col = api->op_col(o);
	ev.table = api->sql_table(q);
	enum mrt_sql_verb verb = api->sql_verb(q);
	enum mrt_sql_object obj = api->sql_object(q);
	if (verb == MRT_SQL_V_CREATE || verb == MRT_SQL_V_DROP) {
		ev.act = verb == MRT_SQL_V_CREATE ? RB_CREATE : RB_DROP;
		if (obj == MRT_SQL_O_TABLE && !(api->sql_flags(q) & MRT_SQL_TEMPORARY)) {
			ev.kind = RB_K_TABLE;
			ev.name = ev.table;
		} else if (obj == MRT_SQL_O_INDEX) {
			ev.kind = RB_K_INDEX;
			ev.name = api->sql_name(q);
		} else {
			return;
		}
		rb_push(api, e, &ev);
		return;
	}
	if (verb != MRT_SQL_V_ALTER)
		return;
	switch (api->sql_action(q)) {
	case MRT_SQL_A_ADD_COLUMN:
		ev.act = RB_CREATE;
		ev.kind = RB_K_COLUMN;
		ev.name = api->sql_column(q);
		ev.sql_type = api->sql_col_type(q);
		break;
	case MRT_SQL_A_DROP_COLUMN:
		ev.act = RB_DROP;
		ev.kind = RB_K_COLUMN;
		ev.name = api->sql_column(q);
		break;
	case MRT_SQL_A_ADD_CONSTRAINT:
		ev.act = RB_CREATE;
		ev.kind = RB_K_CONSTRAINT;
		ev.name = api->sql_name(q);
		ev.ckind = rb_ckind_of_sql(api->sql_constraint_kind(q));
		break;
	case MRT_SQL_A_DROP_CONSTRAINT:
		ev.act = RB_DROP;
		ev.kind = RB_K_CONSTRAINT;
		ev.name = api->sql_name(q);
		break;
	case MRT_SQL_A_RENAME_COLUMN:
		ev.act = RB_RENAME;
		ev.kind = RB_K_COLUMN;
		ev.name = api->sql_column(q);
		ev.new_name = api->sql_new_name(q);
		break;
	case MRT_SQL_A_RENAME_TABLE:
		ev.act = RB_RENAME;
		ev.kind = RB_K_TABLE;
		ev.name = ev.table;
		ev.new_name = api->sql_new_name(q);
		break;
	default:
		return;
	}
	rb_push(api, e, &ev);
}

/* The op.* calls rb_events_collect() reads events from; RB_OP_OTHER: only the op's SQL statements count. */
enum rb_opk {
	RB_OP_OTHER = 0,
	RB_OP_CREATE_TABLE,
	RB_OP_DROP_TABLE,
	RB_OP_RENAME_TABLE,
	RB_OP_ADD_COLUMN,
	RB_OP_DROP_COLUMN,
	RB_OP_ALTER_COLUMN,
	RB_OP_CREATE_INDEX,
	RB_OP_DROP_INDEX,
	RB_OP_CREATE_FK,         /* create_foreign_key */
	RB_OP_CREATE_CONSTRAINT, /* the other create_*_constraint / create_primary_key (rb_ckind_of()) */
	RB_OP_DROP_CONSTRAINT,
};

/* Which of the ops above `name` is. Dispatches on the first byte, so most ops ("execute", "f", ...) cost one compare
 * and every name at most a few strcmp() calls. */
RB_UNUSED static enum rb_opk rb_op_kind(const char *name)
{
	switch (name[0]) {
	case 'a':
		if (!strcmp(name, "add_column"))
			return RB_OP_ADD_COLUMN;
		return !strcmp(name, "alter_column") ? RB_OP_ALTER_COLUMN : RB_OP_OTHER;
	case 'c':
		if (!strcmp(name, "create_table"))
			return RB_OP_CREATE_TABLE;
		if (!strcmp(name, "create_index"))
			return RB_OP_CREATE_INDEX;
		if (!strcmp(name, "create_foreign_key"))
			return RB_OP_CREATE_FK;
		return rb_ckind_of(name) ? RB_OP_CREATE_CONSTRAINT : RB_OP_OTHER;
	case 'd':
		if (!strcmp(name, "drop_column"))
			return RB_OP_DROP_COLUMN;
		if (!strcmp(name, "drop_table"))
			return RB_OP_DROP_TABLE;
		if (!strcmp(name, "drop_index"))
			return RB_OP_DROP_INDEX;
		return !strcmp(name, "drop_constraint") ? RB_OP_DROP_CONSTRAINT : RB_OP_OTHER;
	case 'r':
		return !strcmp(name, "rename_table") ? RB_OP_RENAME_TABLE : RB_OP_OTHER;
	default:
		return RB_OP_OTHER;
	}
}

/* rb_op_table() of op o whose batch flag the caller already read (rb_events_collect() reads it once per op). */
RB_UNUSED static const char *rb_table_b(const mrt_host_api *api, const mrt_op *o, bool batch, const char *kw, int pos)
{
	const char *t = api->op_table(o);
	if (t || batch)
		return t;
	return rb_str(api, api->op_arg(o, kw, pos));
}

/* rb_arg() of op o (pos >= 0) whose batch flag the caller already read. */
RB_UNUSED static const mrt_value *rb_arg_b(const mrt_host_api *api, const mrt_op *o, bool batch, const char *kw,
                                           int pos)
{
	return api->op_arg(o, kw, pos > 0 && batch ? pos - 1 : pos);
}

/*
 * Collects the schema events of function f (helpers already expanded by the parser) in source order. Returns false on
 * out-of-memory (e is then released). Called ~12,500 times a run by the rollback rules, so each op's name is
 * classified once (rb_op_kind()) and the op's flags, line and column are read only for the ops that make events.
 */
RB_UNUSED static bool rb_events_collect(const mrt_host_api *api, const mrt_func *f, struct rb_events *e)
{
	memset(e, 0, sizeof(*e));
	size_t nops = api->func_op_count(f);
	for (size_t i = 0; i < nops; i++) {
		const mrt_op *o = api->func_op(f, i);
		const char *name = api->op_name(o);
		if (!name)
			continue;
		enum rb_opk kind = rb_op_kind(name);
		if (kind == RB_OP_OTHER) {
			size_t nsql = api->op_sql_count(o);
			for (size_t k = 0; k < nsql; k++)
				rb_sql_events(api, e, o, api->op_sql(o, k));
			continue;
		}
		/* alter_column: the new_column_name literal; without one it renames nothing and makes no event */
		const char *new_col = NULL;
		if (kind == RB_OP_ALTER_COLUMN && !(new_col = rb_str(api, api->op_arg(o, "new_column_name", -1))))
			continue;
		bool batch = rb_batch(api, o);
		struct rb_event ev = {.op = o, .line = api->op_line(o), .col = api->op_col(o)};
		switch (kind) {
		case RB_OP_CREATE_TABLE:
		case RB_OP_DROP_TABLE:
			ev.act = kind == RB_OP_CREATE_TABLE ? RB_CREATE : RB_DROP;
			ev.kind = RB_K_TABLE;
			ev.table = ev.name = rb_table_b(api, o, batch, "table_name", 0);
			rb_push(api, e, &ev);
			if (ev.act == RB_CREATE)
				rb_table_fks(api, e, o, ev.table);
			break;
		case RB_OP_RENAME_TABLE:
			ev.act = RB_RENAME;
			ev.kind = RB_K_TABLE;
			ev.table = ev.name = rb_table_b(api, o, batch, "old_table_name", 0);
			ev.new_name = rb_str(api, api->op_arg(o, "new_table_name", 1));
			rb_push(api, e, &ev);
			break;
		case RB_OP_ADD_COLUMN:
			ev.act = RB_CREATE;
			ev.kind = RB_K_COLUMN;
			ev.table = rb_table_b(api, o, batch, "table_name", 0);
			ev.coldef = rb_arg_b(api, o, batch, "column", 1);
			if (!rb_is_column(api, ev.coldef))
				ev.coldef = NULL;
			ev.name = ev.coldef ? rb_column_name(api, ev.coldef) : NULL;
			rb_push(api, e, &ev);
			break;
		case RB_OP_DROP_COLUMN:
			ev.act = RB_DROP;
			ev.kind = RB_K_COLUMN;
			ev.table = rb_table_b(api, o, batch, "table_name", 0);
			ev.name = rb_str(api, rb_arg_b(api, o, batch, "column_name", 1));
			rb_push(api, e, &ev);
			break;
		case RB_OP_ALTER_COLUMN:
			ev.act = RB_RENAME;
			ev.kind = RB_K_COLUMN;
			ev.table = rb_table_b(api, o, batch, "table_name", 0);
			ev.name = rb_str(api, rb_arg_b(api, o, batch, "column_name", 1));
			ev.new_name = new_col;
			rb_push(api, e, &ev);
			break;
		case RB_OP_CREATE_INDEX:
			ev.act = RB_CREATE;
			ev.kind = RB_K_INDEX;
			ev.name = rb_str(api, api->op_arg(o, "index_name", 0));
			ev.table = rb_table_b(api, o, batch, "table_name", 1);
			ev.cols = rb_arg_b(api, o, batch, "columns", 2);
			rb_push(api, e, &ev);
			break;
		case RB_OP_DROP_INDEX:
			ev.act = RB_DROP;
			ev.kind = RB_K_INDEX;
			ev.name = rb_str(api, api->op_arg(o, "index_name", 0));
			ev.table = batch ? api->op_table(o) : rb_str(api, api->op_arg(o, "table_name", 1));
			rb_push(api, e, &ev);
			break;
		case RB_OP_CREATE_FK: {
			ev.act = RB_CREATE;
			ev.kind = RB_K_CONSTRAINT;
			ev.ckind = "foreignkey";
			ev.name = rb_str(api, api->op_arg(o, "constraint_name", 0));
			ev.table = rb_table_b(api, o, batch, "source_table", 1);
			ev.cols = rb_arg_b(api, o, batch, "local_cols", 3);
			rb_push(api, e, &ev);
			/* and the dependency, for the reverse-order check */
			struct rb_event fk = ev;
			fk.kind = RB_K_FK;
			fk.name = rb_str(api, rb_arg_b(api, o, batch, "referent_table", 2));
			fk.implicit = false;
			if (fk.name && fk.table)
				rb_push(api, e, &fk);
			break;
		}
		case RB_OP_CREATE_CONSTRAINT:
			ev.act = RB_CREATE;
			ev.kind = RB_K_CONSTRAINT;
			ev.ckind = rb_ckind_of(name);
			ev.name = rb_str(api, api->op_arg(o, "constraint_name", 0));
			ev.table = rb_table_b(api, o, batch, "table_name", 1);
			if (RB_IS(name, "create_unique_constraint") || RB_IS(name, "create_primary_key"))
				ev.cols = rb_arg_b(api, o, batch, "columns", 2);
			rb_push(api, e, &ev);
			break;
		case RB_OP_DROP_CONSTRAINT: {
			ev.act = RB_DROP;
			ev.kind = RB_K_CONSTRAINT;
			ev.name = rb_str(api, api->op_arg(o, "constraint_name", 0));
			ev.table = rb_table_b(api, o, batch, "table_name", 1);
			const mrt_value *ty = api->op_arg(o, "type_", -1);
			ev.ckind = ty && api->value_kind(ty) == MRT_VAL_STR ? api->value_text(ty, NULL) : NULL;
			rb_push(api, e, &ev);
			break;
		}
		case RB_OP_OTHER:
			break;
		}
	}
	if (e->oom) {
		rb_events_free(api, e);
		return false;
	}
	return true;
}

/*
 * rb_events_collect() of an upgrade function and of its downgrade (either may be NULL: no events) into eu and ed.
 * false when out of memory, with nothing left allocated; otherwise release both with rb_events_free().
 */
RB_UNUSED static bool rb_events_collect2(const mrt_host_api *api, const mrt_func *up, const mrt_func *down,
                                         struct rb_events *eu, struct rb_events *ed)
{
	if (!rb_events_collect(api, up, eu))
		return false;
	if (!rb_events_collect(api, down, ed)) {
		rb_events_free(api, eu);
		return false;
	}
	return true;
}

/* Whether a list value (of string literals) contains `name` (case-insensitive). */
RB_UNUSED static bool rb_list_has(const mrt_host_api *api, const mrt_value *list, const char *name)
{
	if (!list || !name)
		return false;
	size_t n = api->value_item_count(list);
	for (size_t i = 0; i < n; i++) {
		const mrt_value *it = api->value_item(list, i);
		if (api->value_kind(it) == MRT_VAL_STR && rb_ieq(api->value_text(it, NULL), name))
			return true;
	}
	return false;
}

/*
 * Whether constraint/index names a and b name the same object under a MetaData naming convention: equal, or one is
 * "<pfx>_<table>_<other>" for pfx ck, uq, fk, ix or pk (the common "ck_%(table_name)s_%(constraint_name)s" form:
 * op.create_check_constraint("valid_x", "t", ...) creates "ck_t_valid_x", which the other function names in full).
 * `table` may carry a schema prefix; NULL: names must be equal.
 */
RB_UNUSED static bool rb_same_conv_name(const char *a, const char *b, const char *table)
{
	if (rb_ieq(a, b))
		return true;
	const char *t = rb_base(table);
	if (!a || !b || !t || !*t)
		return false;
	static const char *const pfx[] = {"ck_", "uq_", "fk_", "ix_", "pk_"};
	size_t nt = strlen(t);
	for (int pass = 0; pass < 2; pass++) {
		const char *full = pass ? b : a, *short_ = pass ? a : b;
		size_t nf = strlen(full), ns = strlen(short_);
		if (nf != 3 + nt + 1 + ns)
			continue;
		for (size_t k = 0; k < sizeof(pfx) / sizeof(pfx[0]); k++) {
			if (strncasecmp(full, pfx[k], 3) != 0 || strncasecmp(full + 3, t, nt) != 0 || full[3 + nt] != '_')
				continue;
			if (rb_ieq(full + 3 + nt + 1, short_))
				return true;
		}
	}
	return false;
}

/* ---- backfills ---------------------------------------------------------------------------------------------------- */

/* Whether p starts with the upper-case keyword w (not empty; case-insensitive) followed by a non-identifier
 * character, within [p, end). The first letter is tested before anything else: the UPDATE scan below asks this
 * after every blank, and most words differ there. */
RB_UNUSED static bool rb_kw_at(const char *p, const char *end, const char *w)
{
	if (p >= end || toupper((unsigned char)p[0]) != w[0])
		return false;
	size_t n = strlen(w);
	if ((size_t)(end - p) < n)
		return false;
	for (size_t i = 0; i < n; i++)
		if (toupper((unsigned char)p[i]) != w[i])
			return false;
	return p + n == end || (!isalnum((unsigned char)p[n]) && p[n] != '_');
}

/* Whether the events e hold, before op `before` (NULL: anywhere), an added column table.column. */
RB_UNUSED static bool rb_added_before(const struct rb_events *e, const char *table, const char *column,
                                      const mrt_op *before)
{
	for (size_t i = 0; i < e->n && (!before || e->v[i].op != before); i++)
		if (e->v[i].act == RB_CREATE && e->v[i].kind == RB_K_COLUMN && rb_same(e->v[i].table, table) &&
		    rb_ieq(e->v[i].name, column))
			return true;
	return false;
}

/* Flags of rb_update_is_backfill_ex(). */
enum {
	RB_BF_BACKTICKS = 1, /* a column name may be quoted with `backticks` as well as "double quotes" */
};

/*
 * Whether `UPDATE <table> SET a = ..., b = ... [WHERE|FROM|RETURNING ...]` (statement q of op `o`) assigns only
 * columns that events e (of the same function) added before o: a backfill of new columns, which overwrites no old
 * value. False when the text cannot be read that way (be strict: a wrong "yes" hides a finding). Without
 * RB_BF_BACKTICKS a `quoted` column name is not read (false), as MRT012 always did.
 */
RB_UNUSED static bool rb_update_is_backfill_ex(const mrt_host_api *api, const struct rb_events *e, const mrt_op *o,
                                               const mrt_sql *q, unsigned flags)
{
	size_t len = 0;
	const char *t = api->sql_text(q, &len);
	const char *table = api->sql_table(q);
	if (!t || !table || api->sql_verb(q) != MRT_SQL_V_UPDATE)
		return false;
	const char *end = t + len;
	/* SET at depth 0 outside quotes */
	size_t i = 0;
	int depth = 0;
	char quote = 0;
	for (; i < len; i++) {
		char c = t[i];
		if (quote) {
			if (c == quote)
				quote = 0;
			continue;
		}
		if (c == '\'' || c == '"') {
			quote = c;
			continue;
		}
		if (c == '(')
			depth++;
		else if (c == ')')
			depth--;
		else if (depth == 0 && i > 0 && isspace((unsigned char)t[i - 1]) && rb_kw_at(t + i, end, "SET"))
			break;
	}
	if (i >= len)
		return false;
	i += 3;
	size_t ncols = 0;
	while (i < len) {
		while (i < len && isspace((unsigned char)t[i]))
			i++;
		char col[128];
		size_t n = 0;
		char q0 = i < len && (t[i] == '"' || (t[i] == '`' && (flags & RB_BF_BACKTICKS))) ? t[i] : 0;
		if (q0)
			i++;
		while (i < len && n + 1 < sizeof(col) && (q0 ? t[i] != q0 : (isalnum((unsigned char)t[i]) || t[i] == '_')))
			col[n++] = t[i++];
		col[n] = '\0';
		if (q0 && i < len)
			i++;
		while (i < len && isspace((unsigned char)t[i]))
			i++;
		if (!n || i >= len || t[i] != '=')
			return false;
		if (!rb_added_before(e, table, col, o))
			return false;
		ncols++;
		/* skip the expression up to the next top-level comma or clause */
		depth = 0;
		quote = 0;
		for (i++; i < len; i++) {
			char c = t[i];
			if (quote) {
				if (c == quote)
					quote = 0;
				continue;
			}
			if (c == '\'' || c == '"')
				quote = c;
			else if (c == '(')
				depth++;
			else if (c == ')')
				depth--;
			else if (depth == 0 && c == ',')
				break;
			else if (depth == 0 && isspace((unsigned char)t[i - 1]) &&
			         (rb_kw_at(t + i, end, "WHERE") || rb_kw_at(t + i, end, "FROM") ||
			          rb_kw_at(t + i, end, "RETURNING")))
				return ncols > 0;
		}
		if (i >= len)
			return ncols > 0;
		i++; /* the comma */
	}
	return ncols > 0;
}

/* rb_update_is_backfill_ex(api, e, o, q, RB_BF_BACKTICKS). */
RB_UNUSED static bool rb_update_is_backfill(const mrt_host_api *api, const struct rb_events *e, const mrt_op *o,
                                            const mrt_sql *q)
{
	return rb_update_is_backfill_ex(api, e, o, q, RB_BF_BACKTICKS);
}

#endif
