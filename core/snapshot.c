/*
 * snapshot.c — the comparison of two snapshots (see snapshot.h).
 *
 * Rows are matched by primary-key digest when both snapshots key the table by the same primary key; otherwise (no
 * primary key, or the key changed) the rows form multisets compared over the columns both sides have. Column-level
 * loss is counted over matched rows only, so a table whose rows are gone reports "rows lost" and nothing per column.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "snapshot.h"

static const char *const kind_names[VF__COUNT] = {
	[VF_ROWS_LOST] = "rows_lost",
	[VF_ROWS_ADDED] = "rows_added",
	[VF_VALUES_LOST] = "values_lost",
	[VF_VALUES_CHANGED] = "values_changed",
	[VF_TABLE_LEFT_BEHIND] = "table_left_behind",
	[VF_TABLE_MISSING] = "table_missing",
	[VF_COLUMN_LEFT_BEHIND] = "column_left_behind",
	[VF_COLUMN_MISSING] = "column_missing",
	[VF_TYPE_CHANGED] = "type_changed",
	[VF_NULLABILITY_CHANGED] = "nullability_changed",
	[VF_DEFAULT_CHANGED] = "default_changed",
	[VF_INDEX_MISSING] = "index_missing",
	[VF_INDEX_LEFT_BEHIND] = "index_left_behind",
	[VF_CONSTRAINT_MISSING] = "constraint_missing",
	[VF_CONSTRAINT_LEFT_BEHIND] = "constraint_left_behind",
	[VF_UPGRADE_FAILED] = "upgrade_failed",
	[VF_DOWNGRADE_FAILED] = "downgrade_failed",
	[VF_REUPGRADE_FAILED] = "reupgrade_failed",
	[VF_TIMEOUT] = "timeout",
	[VF_SEED_FAILED] = "seed_failed",
};

const char *vfinding_kind_name(enum vfinding_kind k)
{
	return (unsigned)k < VF__COUNT ? kind_names[k] : "unknown";
}

bool vfinding_kind_is_data(enum vfinding_kind k)
{
	return k == VF_ROWS_LOST || k == VF_VALUES_LOST || k == VF_VALUES_CHANGED || k == VF_TABLE_MISSING ||
	       k == VF_COLUMN_MISSING || k == VF_ROWS_ADDED;
}

bool vfinding_kind_is_step(enum vfinding_kind k)
{
	return k == VF_UPGRADE_FAILED || k == VF_DOWNGRADE_FAILED || k == VF_REUPGRADE_FAILED || k == VF_TIMEOUT ||
	       k == VF_SEED_FAILED;
}

void vfindings_init(struct vfindings *f)
{
	memset(f, 0, sizeof(*f));
}

void vfindings_release(struct vfindings *f)
{
	for (size_t i = 0; i < f->count; i++) {
		free(f->items[i].table);
		free(f->items[i].column);
		free(f->items[i].message);
		free(f->items[i].detail);
	}
	free(f->items);
	memset(f, 0, sizeof(*f));
}

static char *dup_or_null(const char *s)
{
	return s ? strdup(s) : NULL;
}

struct vfinding *vfindings_add(struct vfindings *f, enum vfinding_kind kind, const char *table, const char *column,
                               long lost, long total, const char *fmt, ...)
{
	if (f->count == f->cap) {
		size_t ncap = f->cap ? f->cap * 2 : 8;
		struct vfinding *n = realloc(f->items, ncap * sizeof(*n));
		if (!n)
			return NULL;
		f->items = n;
		f->cap = ncap;
	}
	va_list ap;
	va_start(ap, fmt);
	int len = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	char *msg = len >= 0 ? malloc((size_t)len + 1) : NULL;
	if (!msg)
		return NULL;
	va_start(ap, fmt);
	vsnprintf(msg, (size_t)len + 1, fmt, ap);
	va_end(ap);
	struct vfinding *v = &f->items[f->count];
	memset(v, 0, sizeof(*v));
	v->kind = kind;
	v->table = dup_or_null(table);
	v->column = dup_or_null(column);
	v->lost = lost;
	v->total = total;
	v->message = msg;
	if ((table && !v->table) || (column && !v->column)) {
		free(v->table);
		free(v->column);
		free(msg);
		return NULL;
	}
	f->count++;
	return v;
}

/* ---- helpers ------------------------------------------------------------------------------------------------------ */

static bool str_eq(const char *a, const char *b)
{
	if (!a || !b)
		return a == b;
	return strcmp(a, b) == 0;
}

static const struct mrt_db_table *find_table(const struct mrt_db_schema *s, const char *name, size_t *idx)
{
	for (size_t i = 0; i < s->ntables; i++)
		if (strcmp(s->tables[i].name, name) == 0) {
			if (idx)
				*idx = i;
			return &s->tables[i];
		}
	return NULL;
}

static const struct mrt_db_column *find_column(const struct mrt_db_table *t, const char *name, size_t *idx)
{
	for (size_t i = 0; i < t->ncolumns; i++)
		if (strcmp(t->columns[i].name, name) == 0) {
			if (idx)
				*idx = i;
			return &t->columns[i];
		}
	return NULL;
}

static const struct mrt_db_table_data *table_data(const struct mrt_db_snapshot *s, size_t idx, const char *name)
{
	if (idx < s->ntables && s->tables[idx].table && strcmp(s->tables[idx].table, name) == 0)
		return &s->tables[idx];
	for (size_t i = 0; i < s->ntables; i++)
		if (s->tables[i].table && strcmp(s->tables[i].table, name) == 0)
			return &s->tables[i];
	return NULL;
}

/* Primary key as "a,b" in key order into buf ("" when none). */
static void pk_text(const struct mrt_db_table *t, char *buf, size_t size)
{
	size_t o = 0;
	buf[0] = '\0';
	for (int pos = 1; pos <= (int)t->ncolumns; pos++)
		for (size_t c = 0; c < t->ncolumns; c++)
			if (t->columns[c].pk_position == pos) {
				int n = snprintf(buf + o, size - o, "%s%s", o ? "," : "", t->columns[c].name);
				if (n < 0 || (size_t)n >= size - o)
					return;
				o += (size_t)n;
			}
}

static long count_nonnull(const struct mrt_db_table_data *d, size_t col)
{
	long n = 0;
	for (size_t r = 0; r < d->nrows; r++)
		if (d->values[r * d->ncolumns + col])
			n++;
	return n;
}

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
	return x < y ? -1 : x > y;
}

struct keyidx {
	uint64_t key;
	size_t row;
};

static int cmp_keyidx(const void *a, const void *b)
{
	const struct keyidx *x = a, *y = b;
	if (x->key != y->key)
		return x->key < y->key ? -1 : 1;
	return x->row < y->row ? -1 : x->row > y->row;
}

static uint64_t mix64(uint64_t x)
{
	x ^= x >> 30;
	x *= UINT64_C(0xbf58476d1ce4e5b9);
	x ^= x >> 27;
	x *= UINT64_C(0x94d049bb133111eb);
	x ^= x >> 31;
	return x;
}

/* ---- schema comparison ------------------------------------------------------------------------------------------- */

#define ADD(...)                                   \
	do {                                           \
		if (!vfindings_add(out, __VA_ARGS__))  \
			return -1;                     \
	} while (0)

static int compare_columns(const struct mrt_db_table *tb, const struct mrt_db_table *ta,
                           const struct mrt_db_table_data *db, struct vfindings *out)
{
	for (size_t c = 0; c < tb->ncolumns; c++) {
		const struct mrt_db_column *cb = &tb->columns[c];
		const struct mrt_db_column *ca = find_column(ta, cb->name, NULL);
		if (!ca) {
			long nn = db ? count_nonnull(db, c) : -1;
			long total = db ? (long)db->nrows : -1;
			ADD(VF_COLUMN_MISSING, tb->name, cb->name, nn, total, "Column '%s.%s' missing after rollback", tb->name,
			    cb->name);
			continue;
		}
		if (!str_eq(cb->type, ca->type))
			ADD(VF_TYPE_CHANGED, tb->name, cb->name, -1, -1, "Column '%s.%s': type %s became %s", tb->name,
			    cb->name, cb->type && cb->type[0] ? cb->type : "(none)",
			    ca->type && ca->type[0] ? ca->type : "(none)");
		if (!cb->notnull != !ca->notnull)
			ADD(VF_NULLABILITY_CHANGED, tb->name, cb->name, -1, -1, "Column '%s.%s': %s became %s", tb->name,
			    cb->name, cb->notnull ? "NOT NULL" : "nullable", ca->notnull ? "NOT NULL" : "nullable");
		if (!str_eq(cb->default_sql, ca->default_sql))
			ADD(VF_DEFAULT_CHANGED, tb->name, cb->name, -1, -1, "Column '%s.%s': default %s became %s", tb->name,
			    cb->name, cb->default_sql ? cb->default_sql : "(none)", ca->default_sql ? ca->default_sql : "(none)");
	}
	for (size_t c = 0; c < ta->ncolumns; c++)
		if (!find_column(tb, ta->columns[c].name, NULL))
			ADD(VF_COLUMN_LEFT_BEHIND, ta->name, ta->columns[c].name, -1, -1,
			    "Column '%s.%s' still exists after rollback — downgrade is incomplete", ta->name,
			    ta->columns[c].name);
	return 0;
}

static bool fk_eq(const struct mrt_db_fk *a, const struct mrt_db_fk *b)
{
	return str_eq(a->columns, b->columns) && str_eq(a->ref_table, b->ref_table) &&
	       str_eq(a->ref_columns, b->ref_columns) && str_eq(a->on_update, b->on_update) &&
	       str_eq(a->on_delete, b->on_delete);
}

static void fk_text(const struct mrt_db_fk *f, char *buf, size_t size)
{
	int n = snprintf(buf, size, "FOREIGN KEY (%s) REFERENCES %s(%s)", f->columns, f->ref_table,
	                 f->ref_columns ? f->ref_columns : "");
	if (n > 0 && (size_t)n < size && f->on_delete && strcmp(f->on_delete, "NO ACTION") != 0)
		snprintf(buf + n, size - (size_t)n, " ON DELETE %s", f->on_delete);
}

/* Constraint label: "'name' UNIQUE (a,b)" or "UNIQUE (a,b)"; body = "KIND (def)" or a full FK text when def is NULL. */
static void constraint_label(const char *kind, const char *name, const char *def, char *buf, size_t size)
{
	if (!def)
		snprintf(buf, size, "%s%s%s%s", name ? "'" : "", name ? name : "", name ? "' " : "", kind);
	else
		snprintf(buf, size, "%s%s%s%s (%s)", name ? "'" : "", name ? name : "", name ? "' " : "", kind, def);
}

static bool constraint_in(const struct mrt_db_constraint *c, const struct mrt_db_constraint *set, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (str_eq(c->definition, set[i].definition))
			return true;
	return false;
}

static int compare_constraints(const struct mrt_db_table *tb, const struct mrt_db_table *ta, struct vfindings *out)
{
	char label[1200], a[600], b[600];
	pk_text(tb, b, sizeof(b));
	pk_text(ta, a, sizeof(a));
	if (strcmp(a, b) != 0) {
		if (b[0]) {
			constraint_label("PRIMARY KEY", NULL, b, label, sizeof(label));
			ADD(VF_CONSTRAINT_MISSING, tb->name, NULL, -1, -1, "Constraint %s on '%s' missing after rollback",
			    label, tb->name);
		}
		if (a[0]) {
			constraint_label("PRIMARY KEY", NULL, a, label, sizeof(label));
			ADD(VF_CONSTRAINT_LEFT_BEHIND, tb->name, NULL, -1, -1,
			    "Constraint %s on '%s' still exists after rollback — downgrade is incomplete", label, tb->name);
		}
	}
	for (size_t i = 0; i < tb->nfks; i++) {
		bool found = false;
		for (size_t j = 0; j < ta->nfks && !found; j++)
			found = fk_eq(&tb->fks[i], &ta->fks[j]);
		if (!found) {
			fk_text(&tb->fks[i], a, sizeof(a));
			constraint_label(a, tb->fks[i].name, NULL, label, sizeof(label));
			ADD(VF_CONSTRAINT_MISSING, tb->name, NULL, -1, -1, "Constraint %s on '%s' missing after rollback",
			    label, tb->name);
		}
	}
	for (size_t j = 0; j < ta->nfks; j++) {
		bool found = false;
		for (size_t i = 0; i < tb->nfks && !found; i++)
			found = fk_eq(&tb->fks[i], &ta->fks[j]);
		if (!found) {
			fk_text(&ta->fks[j], a, sizeof(a));
			constraint_label(a, ta->fks[j].name, NULL, label, sizeof(label));
			ADD(VF_CONSTRAINT_LEFT_BEHIND, tb->name, NULL, -1, -1,
			    "Constraint %s on '%s' still exists after rollback — downgrade is incomplete", label, tb->name);
		}
	}
	static const char *const kinds[2] = {"UNIQUE", "CHECK"};
	for (int k = 0; k < 2; k++) {
		const struct mrt_db_constraint *cb = k ? tb->checks : tb->uniques, *ca = k ? ta->checks : ta->uniques;
		size_t nb = k ? tb->nchecks : tb->nuniques, na = k ? ta->nchecks : ta->nuniques;
		for (size_t i = 0; i < nb; i++)
			if (!constraint_in(&cb[i], ca, na)) {
				constraint_label(kinds[k], cb[i].name, cb[i].definition, label, sizeof(label));
				ADD(VF_CONSTRAINT_MISSING, tb->name, NULL, -1, -1, "Constraint %s on '%s' missing after rollback",
				    label, tb->name);
			}
		for (size_t j = 0; j < na; j++)
			if (!constraint_in(&ca[j], cb, nb)) {
				constraint_label(kinds[k], ca[j].name, ca[j].definition, label, sizeof(label));
				ADD(VF_CONSTRAINT_LEFT_BEHIND, tb->name, NULL, -1, -1,
				    "Constraint %s on '%s' still exists after rollback — downgrade is incomplete", label, tb->name);
			}
	}
	return 0;
}

static const struct mrt_db_index *find_index(const struct mrt_db_table *t, const char *name)
{
	for (size_t i = 0; i < t->nindexes; i++)
		if (str_eq(t->indexes[i].name, name))
			return &t->indexes[i];
	return NULL;
}

static int compare_indexes(const struct mrt_db_table *tb, const struct mrt_db_table *ta, struct vfindings *out)
{
	for (size_t i = 0; i < tb->nindexes; i++) {
		const struct mrt_db_index *ib = &tb->indexes[i];
		const struct mrt_db_index *ia = find_index(ta, ib->name);
		if (!ia) {
			ADD(VF_INDEX_MISSING, tb->name, NULL, -1, -1, "Index '%s' missing after rollback", ib->name);
			continue;
		}
		if (!str_eq(ib->columns, ia->columns) || !ib->unique != !ia->unique || !str_eq(ib->where, ia->where))
			ADD(VF_INDEX_MISSING, tb->name, NULL, -1, -1,
			    "Index '%s' differs after rollback: %s(%s)%s%s became %s(%s)%s%s", ib->name,
			    ib->unique ? "UNIQUE " : "", ib->columns, ib->where ? " WHERE " : "", ib->where ? ib->where : "",
			    ia->unique ? "UNIQUE " : "", ia->columns, ia->where ? " WHERE " : "", ia->where ? ia->where : "");
	}
	for (size_t i = 0; i < ta->nindexes; i++)
		if (!find_index(tb, ta->indexes[i].name))
			ADD(VF_INDEX_LEFT_BEHIND, ta->name, NULL, -1, -1,
			    "Index '%s' still exists after rollback — downgrade is incomplete", ta->indexes[i].name);
	return 0;
}

/* ---- data comparison ---------------------------------------------------------------------------------------------- */

/* Column loss over matched rows: match[r] = row index in a for row r of b, or SIZE_MAX. */
static int column_losses(const char *table, const struct mrt_db_table_data *b, const struct mrt_db_table_data *a,
                         const size_t *match, struct vfindings *out)
{
	for (size_t cb = 0; cb < b->ncolumns; cb++) {
		size_t ca = SIZE_MAX;
		for (size_t k = 0; k < a->ncolumns; k++)
			if (strcmp(a->columns[k], b->columns[cb]) == 0)
				ca = k;
		if (ca == SIZE_MAX)
			continue; /* reported as column_missing */
		long lost = 0, changed = 0, total = 0;
		for (size_t r = 0; r < b->nrows; r++) {
			if (match[r] == SIZE_MAX)
				continue;
			uint64_t vb = b->values[r * b->ncolumns + cb], va = a->values[match[r] * a->ncolumns + ca];
			if (vb)
				total++;
			if (vb && !va)
				lost++;
			else if (vb != va)
				changed++;
		}
		if (lost)
			ADD(VF_VALUES_LOST, table, b->columns[cb], lost, total,
			    "Column '%s.%s': %ld/%ld values lost after rollback", table, b->columns[cb], lost, total);
		if (changed)
			ADD(VF_VALUES_CHANGED, table, b->columns[cb], changed, total,
			    "Column '%s.%s': %ld/%ld values changed after rollback", table, b->columns[cb], changed, total);
	}
	return 0;
}

/* Multiset comparison of one column's values (used when rows cannot be matched by key). */
static int column_multiset(const char *table, const struct mrt_db_table_data *b, size_t cb,
                           const struct mrt_db_table_data *a, size_t ca, struct vfindings *out)
{
	size_t nb = b->nrows, na = a->nrows;
	uint64_t *vb = malloc((nb + 1) * sizeof(*vb)), *va = malloc((na + 1) * sizeof(*va));
	if (!vb || !va) {
		free(vb);
		free(va);
		return -1;
	}
	long nulls_b = 0, nulls_a = 0, total = 0;
	for (size_t r = 0; r < nb; r++) {
		vb[r] = b->values[r * b->ncolumns + cb];
		if (!vb[r])
			nulls_b++;
		else
			total++;
	}
	for (size_t r = 0; r < na; r++)
		if (!(va[r] = a->values[r * a->ncolumns + ca]))
			nulls_a++;
	qsort(vb, nb, sizeof(*vb), cmp_u64);
	qsort(va, na, sizeof(*va), cmp_u64);
	long unmatched = 0;
	size_t i = 0, j = 0;
	while (i < nb) {
		if (!vb[i]) {
			i++;
			continue;
		}
		while (j < na && va[j] < vb[i])
			j++;
		if (j < na && va[j] == vb[i])
			j++;
		else
			unmatched++;
		i++;
	}
	free(vb);
	free(va);
	long extra_nulls = nulls_a - nulls_b;
	long lost = extra_nulls > 0 ? (extra_nulls < unmatched ? extra_nulls : unmatched) : 0;
	long changed = unmatched - lost;
	if (lost)
		ADD(VF_VALUES_LOST, table, b->columns[cb], lost, total, "Column '%s.%s': %ld/%ld values lost after rollback",
		    table, b->columns[cb], lost, total);
	if (changed > 0)
		ADD(VF_VALUES_CHANGED, table, b->columns[cb], changed, total,
		    "Column '%s.%s': %ld/%ld values changed after rollback", table, b->columns[cb], changed, total);
	return 0;
}

static int compare_data(const struct mrt_db_table *tb, const struct mrt_db_table *ta,
                        const struct mrt_db_table_data *b, const struct mrt_db_table_data *a, struct vfindings *out)
{
	const char *table = tb->name;
	long nb = (long)b->nrows, na = (long)a->nrows;
	char pkb[600], pka[600];
	pk_text(tb, pkb, sizeof(pkb));
	pk_text(ta, pka, sizeof(pka));
	if (b->keyed && a->keyed && strcmp(pkb, pka) == 0) {
		struct keyidx *ka = malloc(((size_t)na + 1) * sizeof(*ka));
		size_t *match = malloc(((size_t)nb + 1) * sizeof(*match));
		unsigned char *used = calloc((size_t)na + 1, 1);
		if (!ka || !match || !used) {
			free(ka);
			free(match);
			free(used);
			return -1;
		}
		for (size_t r = 0; r < (size_t)na; r++)
			ka[r] = (struct keyidx){a->keys[r], r};
		qsort(ka, (size_t)na, sizeof(*ka), cmp_keyidx);
		long lost = 0;
		for (size_t r = 0; r < (size_t)nb; r++) {
			match[r] = SIZE_MAX;
			size_t lo = 0, hi = (size_t)na;
			while (lo < hi) {
				size_t mid = lo + (hi - lo) / 2;
				if (ka[mid].key < b->keys[r])
					lo = mid + 1;
				else
					hi = mid;
			}
			while (lo < (size_t)na && ka[lo].key == b->keys[r] && used[lo])
				lo++;
			if (lo < (size_t)na && ka[lo].key == b->keys[r]) {
				used[lo] = 1;
				match[r] = ka[lo].row;
			} else {
				lost++;
			}
		}
		long added = na - (nb - lost);
		int rc = 0;
		if (lost && !vfindings_add(out, VF_ROWS_LOST, table, NULL, lost, nb, "Table '%s': %ld/%ld rows lost after rollback",
		                           table, lost, nb))
			rc = -1;
		if (!rc && added > 0 &&
		    !vfindings_add(out, VF_ROWS_ADDED, table, NULL, added, nb, "Table '%s': %ld row%s added after rollback",
		                   table, added, added == 1 ? "" : "s"))
			rc = -1;
		if (!rc)
			rc = column_losses(table, b, a, match, out);
		free(ka);
		free(match);
		free(used);
		return rc;
	}
	/* multisets over the common columns */
	size_t *map = malloc((b->ncolumns + 1) * sizeof(*map));
	if (!map)
		return -1;
	size_t ncommon = 0;
	for (size_t cb = 0; cb < b->ncolumns; cb++) {
		map[cb] = SIZE_MAX;
		for (size_t k = 0; k < a->ncolumns; k++)
			if (strcmp(a->columns[k], b->columns[cb]) == 0) {
				map[cb] = k;
				ncommon++;
			}
	}
	uint64_t *rb = malloc(((size_t)nb + 1) * sizeof(*rb)), *ra = malloc(((size_t)na + 1) * sizeof(*ra));
	if (!rb || !ra) {
		free(map);
		free(rb);
		free(ra);
		return -1;
	}
	for (size_t r = 0; r < (size_t)nb; r++) {
		uint64_t h = UINT64_C(0x5bd1e995);
		for (size_t cb = 0; cb < b->ncolumns; cb++)
			if (map[cb] != SIZE_MAX)
				h = mix64(h ^ b->values[r * b->ncolumns + cb]) + cb;
		rb[r] = h;
	}
	for (size_t r = 0; r < (size_t)na; r++) {
		uint64_t h = UINT64_C(0x5bd1e995);
		for (size_t cb = 0; cb < b->ncolumns; cb++)
			if (map[cb] != SIZE_MAX)
				h = mix64(h ^ a->values[r * a->ncolumns + map[cb]]) + cb;
		ra[r] = h;
	}
	qsort(rb, (size_t)nb, sizeof(*rb), cmp_u64);
	qsort(ra, (size_t)na, sizeof(*ra), cmp_u64);
	size_t i = 0, j = 0;
	long matched = 0;
	while (i < (size_t)nb && j < (size_t)na) {
		if (rb[i] == ra[j]) {
			matched++;
			i++;
			j++;
		} else if (rb[i] < ra[j]) {
			i++;
		} else {
			j++;
		}
	}
	free(rb);
	free(ra);
	int rc = 0;
	if (nb > na && !vfindings_add(out, VF_ROWS_LOST, table, NULL, nb - na, nb,
	                              "Table '%s': %ld/%ld rows lost after rollback", table, nb - na, nb))
		rc = -1;
	if (!rc && na > nb &&
	    !vfindings_add(out, VF_ROWS_ADDED, table, NULL, na - nb, nb, "Table '%s': %ld row%s added after rollback", table,
	                   na - nb, na - nb == 1 ? "" : "s"))
		rc = -1;
	if (!rc && matched < (nb < na ? nb : na))
		for (size_t cb = 0; cb < b->ncolumns && !rc; cb++)
			if (map[cb] != SIZE_MAX)
				rc = column_multiset(table, b, cb, a, map[cb], out);
	free(map);
	return rc;
}

int snapshot_compare(const struct mrt_db_snapshot *before, const struct mrt_db_snapshot *after,
                     struct vfindings *out)
{
	const struct mrt_db_schema *sb = before->schema, *sa = after->schema;
	for (size_t i = 0; i < sb->ntables; i++) {
		const struct mrt_db_table *tb = &sb->tables[i];
		size_t ia = 0;
		const struct mrt_db_table *ta = find_table(sa, tb->name, &ia);
		const struct mrt_db_table_data *db = table_data(before, i, tb->name);
		if (!ta) {
			long rows = db ? (long)db->nrows : -1;
			ADD(VF_TABLE_MISSING, tb->name, NULL, rows, rows, "Table '%s' missing after rollback", tb->name);
			continue;
		}
		const struct mrt_db_table_data *da = table_data(after, ia, ta->name);
		if (compare_columns(tb, ta, db, out) || compare_constraints(tb, ta, out) || compare_indexes(tb, ta, out))
			return -1;
		if (db && da && compare_data(tb, ta, db, da, out))
			return -1;
	}
	for (size_t i = 0; i < sa->ntables; i++)
		if (!find_table(sb, sa->tables[i].name, NULL))
			ADD(VF_TABLE_LEFT_BEHIND, sa->tables[i].name, NULL, -1, -1,
			    "Table '%s' still exists after rollback — downgrade is incomplete", sa->tables[i].name);
	return 0;
}
