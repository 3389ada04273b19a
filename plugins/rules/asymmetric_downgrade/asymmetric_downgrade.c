/*
 * asymmetric_downgrade.c — MRT011 asymmetric-downgrade: downgrade() does not undo exactly what upgrade() did.
 *
 * Cross-checks an upgrade function against its downgrade, object by object and by NAME (tables; columns as
 * table.column; indexes; named constraints; op.f("x") is "x"), from op/batch_op calls and execute() SQL:
 *   - an object the upgrade creates that the downgrade does not remove (a dropped table removes its columns, indexes
 *     and constraints; a dropped column removes the indexes and constraints over it). When the downgrade removes an
 *     object of the same kind on the same table that the upgrade never created, the message says the names differ
 *     (one finding, not two);
 *   - an object the upgrade drops that the downgrade does not re-create;
 *   - a rename (rename_table, alter_column(new_column_name=...), RENAME in SQL) not renamed back;
 *   - an object the downgrade creates that the upgrade did not drop (the rollback fails with "already exists");
 *   - reverse order broken: the downgrade drops a parent table before a child table that references it, both created
 *     by the upgrade with a foreign key between them;
 *   - an object the downgrade drops that the upgrade did not create: reported as a note (info).
 * A dropped index or constraint counts as re-created when the downgrade creates an unnamed one of the same kind on
 * the same table (name=None: a naming convention names it). A downgrade that renames a table away and then creates
 * one of that name (the SQLite table copy) does not "create what the upgrade did not drop".
 * Objects created and dropped inside the same function cancel out; parts of a table the upgrade creates go with the
 * table, and renaming something the upgrade just created only changes the name the downgrade must remove. Enum types are MRT012's business. Nothing is
 * reported when the downgrade is missing, empty or raises (MRT001, MRT002, MRT003).
 */
#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "mrt_sdk.h"
#include "../common/mrt_rulekit.h"
#include "../rollback_common/rb_common.h"

static const char *ad_kind(enum rb_kind k)
{
	switch (k) {
	case RB_K_TABLE:
		return "table";
	case RB_K_COLUMN:
		return "column";
	case RB_K_INDEX:
		return "index";
	case RB_K_CONSTRAINT:
		return "constraint";
	default:
		return "object";
	}
}

/* Display name: "t.c" for columns, the name otherwise. */
static const char *ad_label(const struct rb_event *e, char *buf, size_t size)
{
	if (e->kind == RB_K_COLUMN)
		snprintf(buf, size, "%s.%s", e->table ? e->table : "?", e->name ? e->name : "?");
	else
		snprintf(buf, size, "%s", e->name ? e->name : "?");
	return buf;
}

/*
 * A name of an event, measured once so that the many pairwise comparisons below cost a few instructions instead of a
 * strrchr() and two strlen() each (they were most of this rule's time). `tail` packs the last (up to) two characters
 * of the base, lower-cased: names equal under rb_same() or rb_ieq() always have the same tail, and different tails
 * (or lengths) answer most unequal pairs without reading the names ("extra_1_0" / "extra_1_1").
 */
struct ad_name {
	const char *s;    /* the name (borrowed from the model, like the event's); NULL when unknown */
	const char *base; /* s after its last '.' (rb_base(s)) */
	size_t len;       /* strlen(s) */
	size_t blen;      /* strlen(base) */
	unsigned tail;    /* last two characters of base through mrk_lower (the C locale's tolower(), as rb_ieq) */
};

static void ad_name_set(struct ad_name *n, const char *s)
{
	n->s = s;
	n->base = s;
	n->len = n->blen = 0;
	n->tail = 0;
	if (!s)
		return;
	const char *dot = strrchr(s, '.');
	n->len = strlen(s);
	n->base = dot ? dot + 1 : s;
	n->blen = n->len - (size_t)(n->base - s);
	for (size_t i = n->blen > 2 ? n->blen - 2 : 0; i < n->blen; i++)
		n->tail = n->tail << 8 | mrk_lower((unsigned char)n->base[i]);
}

/* mrk_ieqn() of two strings of the same length n, trying the same string (the table of a batch's ops) and the exact
 * bytes first (names are mostly spelled alike). */
static bool ad_ieqn(const char *a, const char *b, size_t n)
{
	return a == b || !memcmp(a, b, n) || mrk_ieqn(a, n, b, n);
}

/* rb_same(a->s, b->s): bases equal, case-insensitively; false when either is NULL. */
static bool ad_nsame(const struct ad_name *a, const struct ad_name *b)
{
	return a->s && b->s && a->tail == b->tail && a->blen == b->blen && ad_ieqn(a->base, b->base, a->blen);
}

/* rb_ieq(a->s, b->s): whole names equal, case-insensitively; false when either is NULL. */
static bool ad_nieq(const struct ad_name *a, const struct ad_name *b)
{
	return a->s && b->s && a->tail == b->tail && a->len == b->len && ad_ieqn(a->s, b->s, a->len);
}

/* An event with its names measured (ad_side_init); name and table follow the event when ad_normalise() changes it. */
struct ad_ev {
	struct rb_event *e; /* borrowed from the side's events */
	struct ad_name name, table, new_name;
};

#define AD_SMALL 32

/* The events of one function (upgrade or downgrade) and their measured names: x[i] is ev.v[i]. */
struct ad_side {
	struct rb_events ev;          /* owned: rb_events_free() */
	struct ad_ev *x;              /* small, or owned (api->alloc) when ev.n > AD_SMALL */
	size_t n;                     /* ev.n */
	struct ad_ev small[AD_SMALL]; /* most functions: no heap allocation */
};

/* Measures the names of s->ev (after ad_table_copy(), which renames tables). false when out of memory. */
static bool ad_side_init(const mrt_host_api *api, struct ad_side *s)
{
	s->n = s->ev.n;
	s->x = s->n <= AD_SMALL ? s->small : api->alloc(s->n * sizeof(*s->x));
	if (!s->x)
		return false;
	for (size_t i = 0; i < s->n; i++) {
		struct ad_ev *x = &s->x[i];
		x->e = &s->ev.v[i];
		ad_name_set(&x->name, x->e->name);
		if (x->e->table == x->e->name) /* tables: the same string */
			x->table = x->name;
		else if (i && x->e->table == s->x[i - 1].table.s) /* the ops of one batch: the same string */
			x->table = s->x[i - 1].table;
		else
			ad_name_set(&x->table, x->e->table);
		ad_name_set(&x->new_name, x->e->new_name);
	}
	return true;
}

static void ad_side_free(const mrt_host_api *api, struct ad_side *s)
{
	if (s->x && s->x != s->small)
		api->free(s->x);
	s->x = NULL;
	rb_events_free(api, &s->ev);
}

/*
 * Whether constraint/index names a and b, not equal under rb_same(), still name the same object under a naming
 * convention (rb_same_conv_name). That needs one name to be the other plus "<pfx>_<table>_", 4 + strlen(base of
 * table) characters longer, with a non-empty table: other pairs are answered without the call.
 */
static bool ad_conv(const struct ad_name *a, const struct ad_name *b, const struct ad_name *table)
{
	if (!a->s || !b->s || !table->s || !table->blen)
		return false;
	size_t diff = a->len > b->len ? a->len - b->len : b->len - a->len;
	return diff == 4 + table->blen && rb_same_conv_name(a->s, b->s, table->s);
}

/* Same object: same kind and name (for indexes and constraints, also the name a MetaData naming convention gives:
 * "ck_<table>_x" is "x"); columns also on the same table; a NULL table on an index or constraint drop (drop_index
 * without table_name) matches any table. */
static bool ad_same(const struct ad_ev *a, const struct ad_ev *b)
{
	if (a->e->kind != b->e->kind || !a->name.s || !b->name.s)
		return false;
	if (a->e->kind == RB_K_TABLE)
		return ad_nsame(&a->name, &b->name);
	if (a->e->kind == RB_K_COLUMN) /* two unknown tables: the same loop variable, as in `for t in tables: ...` */
		return ad_nieq(&a->name, &b->name) &&
		       (ad_nsame(&a->table, &b->table) || (!a->table.s && !b->table.s));
	if (!ad_nsame(&a->name, &b->name) && !ad_conv(&a->name, &b->name, a->table.s ? &a->table : &b->table))
		return false; /* also "ck_<table>_x" == "x" under a naming convention */
	return !a->table.s || !b->table.s || ad_nsame(&a->table, &b->table);
}

/* The bit of an (act, kind) pair in ad_acts(): kinds 1-5, acts 0-3. */
static unsigned ad_act_bit(enum rb_act act, enum rb_kind kind)
{
	return 1u << ((unsigned)kind * 4u + (unsigned)act);
}

/* ad_act_bit() of every event of s: ad_cancelled() needs an event of the same kind and the opposite act. */
static unsigned ad_acts(const struct ad_side *s)
{
	unsigned acts = 0;
	for (size_t i = 0; i < s->n; i++)
		acts |= ad_act_bit(s->x[i].e->act, s->x[i].e->kind);
	return acts;
}

/* Whether event x is undone by another event of the same function (create then drop, or drop then create; or the
 * drop of what this same function created earlier). acts: ad_acts(s), which says when no event can undo it. */
static bool ad_cancelled(const struct ad_side *s, unsigned acts, size_t x)
{
	const struct ad_ev *a = &s->x[x];
	enum rb_act undo = a->e->act == RB_CREATE ? RB_DROP : RB_CREATE;
	if (!(acts & ad_act_bit(undo, a->e->kind)))
		return false;
	for (size_t i = 0; i < s->n; i++)
		if (i != x && s->x[i].e->act == undo && ad_same(a, &s->x[i]))
			return true;
	return false;
}

/* Whether a NUL-terminated text mentions word as a whole identifier (mrk_mentions, MRK_WORD_WHOLE). */
static bool ad_mentions(const char *text, const char *word)
{
	return text && mrk_mentions(text, strlen(text), word, MRK_WORD_WHOLE);
}

/*
 * Whether index or constraint event e reads column `column` of its table: in its column list (also an expression
 * `sa.text("lower(col)")`), in the condition of create_check_constraint (a string or f-string), or in its SQL
 * (CREATE INDEX ... ON t (...col...), ADD CONSTRAINT ... CHECK (...col...)). Dropping the column drops it too.
 */
static bool ad_over_column(const mrt_host_api *api, const struct rb_event *e, const char *column)
{
	if ((e->kind != RB_K_INDEX && e->kind != RB_K_CONSTRAINT) || !column)
		return false;
	if (e->cols) {
		if (rb_list_has(api, e->cols, column))
			return true;
		size_t n = api->value_item_count(e->cols);
		for (size_t k = 0; k < n; k++) {
			const mrt_value *it = api->value_item(e->cols, k);
			const char *callee = api->value_kind(it) == MRT_VAL_CALL ? rb_base(api->value_text(it, NULL)) : NULL;
			if (callee && !strcmp(callee, "text") && api->value_item_count(it) == 1) {
				const mrt_value *x = api->value_item(it, 0);
				if (api->value_kind(x) == MRT_VAL_STR && ad_mentions(api->value_text(x, NULL), column))
					return true;
			}
		}
	}
	if (e->sql) {
		size_t len = 0;
		const char *t = api->sql_text(e->sql, &len);
		return mrk_mentions(t, len, column, MRK_WORD_WHOLE);
	}
	if (e->kind == RB_K_CONSTRAINT && e->ckind && !strcmp(e->ckind, "check")) {
		const mrt_value *v = rb_arg(api, e->op, "condition", 2);
		if (api->value_kind(v) == MRT_VAL_STR || api->value_kind(v) == MRT_VAL_FSTRING)
			return ad_mentions(api->value_text(v, NULL), column); /* an f-string keeps its literal text */
	}
	return false;
}

/* Whether a (re)created table's definition (create_table's Column(...) list, or the CREATE TABLE text) has column. */
static bool ad_table_has_column(const mrt_host_api *api, const struct rb_event *t, const char *column)
{
	if (t->sql) {
		size_t len = 0;
		const char *text = api->sql_text(t->sql, &len);
		return mrk_mentions(text, len, column, MRK_WORD_WHOLE);
	}
	size_t n = api->op_arg_count(t->op);
	for (size_t i = 0; i < n; i++) {
		const mrt_value *a = api->op_arg_value(t->op, i);
		if (rb_is_column(api, a) && rb_ieq(rb_column_name(api, a), column))
			return true;
	}
	return false;
}

/* A create_table / CREATE TABLE folded away by ad_table_copy() (act 0): the table redefined by a table copy. */
static bool ad_copy_of(const mrt_host_api *api, const struct ad_ev *x, const struct ad_name *table)
{
	const struct rb_event *e = x->e;
	if (e->act != 0 || e->kind != RB_K_TABLE || !e->op || !ad_nsame(&x->name, table))
		return false;
	if (e->sql)
		return api->sql_verb(e->sql) == MRT_SQL_V_CREATE;
	const char *name = api->op_name(e->op);
	return name && !strcmp(name, "create_table");
}

/*
 * Where to start looking in a side of n events for the event that undoes event k of the other side: a downgrade is
 * mostly its upgrade backwards, so event k is usually undone by event n - 1 - k. The searches below only ask whether
 * some event matches, so they may start there and wrap around; they then stop after one comparison in most pairs.
 * The upgrade usually has the extra events (foreign keys of a created table, parts folded into it), which put the
 * match at or after the guess in the downgrade, and at or before it in the upgrade: the searches of the downgrade go
 * forwards (ad_next), those of the upgrade backwards (ad_prev).
 */
static size_t ad_mirror(size_t k, size_t n)
{
	return k < n ? n - 1 - k : 0;
}

static size_t ad_next(size_t i, size_t n)
{
	return i + 1 < n ? i + 1 : 0;
}

static size_t ad_prev(size_t i, size_t n)
{
	return i ? i - 1 : n - 1;
}

/* Whether downgrade events remove created object c (upgrade event k): drop of the same object, drop of its table, drop
 * of a column it covers (ad_over_column). */
static bool ad_removed(const mrt_host_api *api, const struct ad_side *ed, const struct ad_ev *c, size_t k)
{
	enum rb_kind ck = c->e->kind;
	for (size_t j = 0, i = ad_mirror(k, ed->n); j < ed->n; j++, i = ad_next(i, ed->n)) {
		const struct ad_ev *d = &ed->x[i];
		enum rb_kind dk = d->e->kind;
		if (d->e->act != RB_DROP)
			continue;
		if (ad_same(c, d))
			return true;
		if (ck != RB_K_TABLE && dk == RB_K_TABLE && ad_nsame(&d->name, &c->table))
			return true;
		if (dk == RB_K_COLUMN && (ck == RB_K_INDEX || ck == RB_K_CONSTRAINT) && ad_nsame(&d->table, &c->table) &&
		    ad_over_column(api, c->e, d->e->name)) /* (ad_over_column is false for other kinds) */
			return true;
		/* a column dropped through a variable (`for col in (...): op.drop_column("t", col)`) may be any column of
		   that table */
		if (ck == RB_K_COLUMN && dk == RB_K_COLUMN && !d->name.s && d->table.s && ad_nsame(&d->table, &c->table))
			return true;
	}
	/* a table copy in the downgrade that defines the table without the column removes it */
	for (size_t i = 0; ck == RB_K_COLUMN && c->name.s && i < ed->n; i++)
		if (ad_copy_of(api, &ed->x[i], &c->table) && !ad_table_has_column(api, ed->x[i].e, c->name.s))
			return true;
	return false;
}

/* Whether downgrade events re-create dropped object d (upgrade event k: same object, or its whole table for a
 * column). */
static bool ad_recreated(const mrt_host_api *api, const struct ad_side *ed, const struct ad_ev *d, size_t k)
{
	enum rb_kind dk = d->e->kind;
	bool ix_or_con = dk == RB_K_INDEX || dk == RB_K_CONSTRAINT;
	for (size_t j = 0, i = ad_mirror(k, ed->n); j < ed->n; j++, i = ad_next(i, ed->n)) {
		const struct ad_ev *c = &ed->x[i];
		enum rb_kind ck = c->e->kind;
		/* a table copy that defines the table with the dropped column again */
		if (dk == RB_K_COLUMN && d->name.s && ad_copy_of(api, c, &d->table) &&
		    ad_table_has_column(api, c->e, d->name.s))
			return true;
		if (c->e->act != RB_CREATE)
			continue;
		if (ad_same(d, c))
			return true;
		if (dk == RB_K_COLUMN && ck == RB_K_TABLE && ad_nsame(&c->name, &d->table))
			return true;
		/* a unique constraint may come back as a unique index of the same name and vice versa */
		if (ix_or_con && (ck == RB_K_INDEX || ck == RB_K_CONSTRAINT) && ad_nieq(&c->name, &d->name))
			return true;
		/* an unnamed index or constraint on the same table (name=None: the naming convention names it, and
		   may well give it the dropped name): nothing tells that it is not the same one */
		if (ix_or_con && ck == dk && !c->name.s && !c->e->sql && ad_nsame(&c->table, &d->table))
			return true;
	}
	return false;
}

/* "... USING INDEX name" in the SQL of event k: folds an earlier CREATE INDEX of that name into the constraint. */
static void ad_using_index(const mrt_host_api *api, struct rb_events *eu, size_t k)
{
	size_t len = 0;
	const char *t = api->sql_text(eu->v[k].sql, &len);
	static const char key[] = "USING INDEX";
	size_t kl = sizeof(key) - 1;
	for (size_t i = 0; t && i + kl < len; i++) {
		size_t j = 0;
		while (j < kl && toupper((unsigned char)t[i + j]) == key[j])
			j++;
		if (j < kl)
			continue;
		size_t p = i + kl;
		while (p < len && isspace((unsigned char)t[p]))
			p++;
		size_t start = p;
		while (p < len && (isalnum((unsigned char)t[p]) || t[p] == '_'))
			p++;
		char name[128];
		size_t n = p - start;
		if (!n || n >= sizeof(name))
			return;
		memcpy(name, t + start, n);
		name[n] = '\0';
		for (size_t x = 0; x < k; x++)
			if (eu->v[x].act == RB_CREATE && eu->v[x].kind == RB_K_INDEX && rb_ieq(eu->v[x].name, name))
				eu->v[x].act = 0;
		return;
	}
}

/*
 * Folds the upgrade's events into what the downgrade has to undo: parts (columns, indexes, constraints) of a table
 * created earlier in the same function go with that table, and a rename of an object created earlier renames the
 * creation (create_table("tmp") + rename_table("tmp", "imports") creates "imports"). Folded events get act 0.
 */
static void ad_normalise(const mrt_host_api *api, struct ad_side *eu)
{
	/* the first created table: nothing below changes which events create tables, and parts of tables can fold only
	   after it (most functions create no table) */
	size_t first_table = 0;
	while (first_table < eu->n &&
	       (eu->x[first_table].e->act != RB_CREATE || eu->x[first_table].e->kind != RB_K_TABLE))
		first_table++;
	for (size_t k = 0; k < eu->n; k++) {
		struct ad_ev *x = &eu->x[k];
		struct rb_event *e = x->e;
		if (e->kind == RB_K_FK || !e->act)
			continue;
		bool folded = false;
		if (e->kind != RB_K_TABLE && x->table.s) {
			for (size_t i = first_table; i < k && !folded; i++)
				if (eu->x[i].e->act == RB_CREATE && eu->x[i].e->kind == RB_K_TABLE &&
				    ad_nsame(&eu->x[i].name, &x->table))
					folded = true;
		}
		if (!folded && e->act == RB_RENAME && x->new_name.s) {
			for (size_t i = 0; i < k && !folded; i++) {
				struct ad_ev *c = &eu->x[i];
				if (c->e->act != RB_CREATE || !ad_same(c, x))
					continue;
				c->e->name = e->new_name;
				c->name = x->new_name;
				if (c->e->kind == RB_K_TABLE) {
					c->e->table = e->new_name;
					c->table = x->new_name;
				}
				folded = true;
			}
		}
		if (folded)
			e->act = 0;
		/* ADD CONSTRAINT ... USING INDEX ix: the constraint takes the index over (dropping it drops the index) */
		if (!folded && e->act == RB_CREATE && e->kind == RB_K_CONSTRAINT && e->sql)
			ad_using_index(api, &eu->ev, k);
	}
}

/*
 * The SQLite table copy: rename_table("t", "t_tmp"), add_column("t_tmp", ...) or other changes, create_table("t"),
 * copy the rows, drop_table("t_tmp"). Its net effect is "table t, changed": the rename, the create and the drop fold
 * away (act 0) and the changes made to "t_tmp" count as changes of "t". Applied to both functions.
 */
static void ad_table_copy(struct rb_events *e)
{
	for (size_t r = 0; r < e->n; r++) {
		struct rb_event *ren = &e->v[r];
		if (ren->act != RB_RENAME || ren->kind != RB_K_TABLE || !ren->name || !ren->new_name)
			continue;
		size_t c = e->n, d = e->n;
		for (size_t k = r + 1; k < e->n; k++) {
			const struct rb_event *x = &e->v[k];
			if (c == e->n && x->act == RB_CREATE && x->kind == RB_K_TABLE && rb_same(x->name, ren->name))
				c = k;
			else if (d == e->n && x->act == RB_DROP && x->kind == RB_K_TABLE && rb_same(x->name, ren->new_name))
				d = k;
		}
		if (c == e->n || d == e->n)
			continue;
		for (size_t k = r + 1; k < d; k++)
			if (e->v[k].kind != RB_K_TABLE && e->v[k].kind != RB_K_FK && rb_same(e->v[k].table, ren->new_name))
				e->v[k].table = ren->name;
		e->v[c].act = 0;
		e->v[d].act = 0;
		ren->act = 0;
	}
}

static const char *ad_hint = "make downgrade() the mirror of upgrade(): remove what it creates, re-create what it "
                             "drops, rename back what it renames, under the same names and in reverse order";

/*
 * Whether downgrade event d (not cancelled inside the downgrade) undoes an upgrade event or is otherwise accounted
 * for (see the comments); the events it does not account for are reported by ad_pair(). When it is the same object
 * as a create (drop) of the upgrade, sets undone[k] for that upgrade event k: ad_removed() (ad_recreated()) would
 * find this same pair again, so ad_pair() need not ask.
 */
static bool ad_down_accounted(const mrt_host_api *api, const struct ad_side *eu, const struct ad_side *ed, size_t i,
                              bool *undone)
{
	const struct ad_ev *d = &ed->x[i];
	enum rb_act dact = d->e->act;
	enum rb_kind dk = d->e->kind;
	bool d_ix_or_con = dk == RB_K_INDEX || dk == RB_K_CONSTRAINT;
	for (size_t j = 0, k = ad_mirror(i, eu->n); j < eu->n; j++, k = ad_prev(k, eu->n)) {
		const struct ad_ev *u = &eu->x[k];
		enum rb_kind uk = u->e->kind;
		if (uk == RB_K_FK)
			continue;
		if (dact == RB_DROP && u->e->act == RB_CREATE && ad_same(u, d)) {
			undone[k] = true;
			return true;
		}
		if (dact == RB_CREATE && u->e->act == RB_DROP) {
			if (ad_same(u, d)) {
				undone[k] = true;
				return true;
			}
			if ((uk == RB_K_INDEX || uk == RB_K_CONSTRAINT) && d_ix_or_con && ad_nieq(&u->name, &d->name))
				return true;
		}
		if (dact == RB_RENAME && u->e->act == RB_RENAME && dk == uk && ad_nieq(&d->name, &u->new_name) &&
		    ad_nieq(&d->new_name, &u->name))
			return true;
	}
	/* a dropped table/column, or a table dropped because the upgrade created it: its parts go with it */
	if (dact == RB_DROP && dk != RB_K_TABLE) {
		for (size_t k = 0; k < eu->n; k++)
			if (eu->x[k].e->act == RB_CREATE && eu->x[k].e->kind == RB_K_TABLE &&
			    ad_nsame(&eu->x[k].name, &d->table))
				return true;
	}
	/* the same function moved the old table out of the way first (rename_table("t", "t_tmp"), then
	   create_table("t") and columns added to "t_tmp"): a table copy, not a clash */
	if (dact == RB_CREATE) {
		for (size_t k = 0; k < i; k++) {
			const struct ad_ev *r = &ed->x[k];
			if (r->e->act != RB_RENAME || r->e->kind != RB_K_TABLE)
				continue;
			if (dk == RB_K_TABLE ? ad_nsame(&r->name, &d->name) : ad_nsame(&r->new_name, &d->table))
				return true;
		}
	}
	/* ...and the copy it renamed the old table to goes away at the end */
	if (dact == RB_DROP && dk == RB_K_TABLE) {
		for (size_t k = 0; k < i; k++)
			if (ed->x[k].e->act == RB_RENAME && ed->x[k].e->kind == RB_K_TABLE &&
			    ad_nsame(&ed->x[k].new_name, &d->name))
				return true;
	}
	/* an index or constraint over a column the upgrade dropped went away with the column: the downgrade
	   re-adds the column and puts it back */
	if (dact == RB_CREATE && d_ix_or_con) {
		for (size_t k = 0; k < eu->n; k++)
			if (eu->x[k].e->act == RB_DROP && eu->x[k].e->kind == RB_K_COLUMN &&
			    ad_nsame(&eu->x[k].table, &d->table) && ad_over_column(api, d->e, eu->x[k].e->name))
				return true;
	}
	/* re-creating the table the upgrade dropped covers re-created columns of it */
	if (dact == RB_CREATE && dk != RB_K_TABLE) {
		for (size_t k = 0; k < ed->n; k++)
			if (ed->x[k].e->act == RB_CREATE && ed->x[k].e->kind == RB_K_TABLE &&
			    ad_nsame(&ed->x[k].name, &d->table))
				return true;
	}
	return false;
}

static int ad_pair(const struct mrk_state *s, mrt_ctx *ctx, const mrt_migration *m, const struct ad_side *eu,
                   const struct ad_side *ed)
{
	const mrt_host_api *api = s->api;
	int rc = MRT_OK;
	size_t nu = eu->n, nd = ed->n;
	/* used[i]: downgrade event i is accounted for; undone[k]: upgrade event k is undone by a downgrade event of the
	   same object (ad_down_accounted) */
	bool flags_small[128] = {false}; /* most functions: no heap allocation */
	bool *used = nd + nu <= 128 ? flags_small : api->alloc(nd + nu);
	if (!used)
		return MRT_ENOMEM;
	bool *undone = used + nd;
	char l1[300], l2[300], notes[200];
	unsigned acts_u = ad_acts(eu), acts_d = ad_acts(ed);
	/* downgrade events that undo an upgrade event, or that cancel out inside the downgrade */
	for (size_t i = 0; i < nd; i++)
		used[i] = ed->x[i].e->kind == RB_K_FK || ad_cancelled(ed, acts_d, i) ||
		          ad_down_accounted(api, eu, ed, i, undone);
	/* upgrade side; the notes are worked out only for a finding */
	for (size_t k = 0; k < nu && rc == MRT_OK; k++) {
		const struct ad_ev *ux = &eu->x[k];
		const struct rb_event *u = ux->e;
		if (u->kind == RB_K_FK || !u->name || ad_cancelled(eu, acts_u, k))
			continue;
		if (u->act == RB_CREATE) {
			/* before created_in_revision(): undone[k] and ad_removed() are cheap and usually true, and all three
			   only skip the event */
			if (undone[k] || ad_removed(api, ed, ux, k))
				continue;
			if (u->kind == RB_K_COLUMN && u->table && api->created_in_revision(m, u->table, u->op))
				continue;
			/* a drop of the same kind on the same table that nothing accounts for: the names differ */
			size_t other = nd;
			for (size_t i = 0; i < nd && other == nd; i++)
				if (!used[i] && ed->x[i].e->act == RB_DROP && ed->x[i].e->kind == u->kind && ed->x[i].name.s &&
				    (u->kind == RB_K_TABLE || !ed->x[i].table.s || !ux->table.s ||
				     ad_nsame(&ed->x[i].table, &ux->table)))
					other = i;
			rb_notes(api, u->op, notes, sizeof(notes));
			if (other < nd) {
				used[other] = true;
				rc = api->report(ctx, MRT_SEV_DEFAULT, u->line, u->col, ad_hint,
				                 "upgrade creates %s '%s'%s but downgrade() drops '%s' instead (line %u): the names "
				                 "differ, so '%s' is left behind and the next upgrade fails with 'already exists'",
				                 ad_kind(u->kind), ad_label(u, l1, sizeof(l1)), notes,
				                 ad_label(ed->x[other].e, l2, sizeof(l2)), ed->x[other].e->line, l1);
			} else {
				rc = api->report(ctx, MRT_SEV_DEFAULT, u->line, u->col, ad_hint,
				                 "upgrade creates %s '%s'%s but downgrade() does not remove it: a rollback leaves it "
				                 "behind and the next upgrade fails with 'already exists'",
				                 ad_kind(u->kind), ad_label(u, l1, sizeof(l1)), notes);
			}
		} else if (u->act == RB_DROP) {
			if (undone[k] || ad_recreated(api, ed, ux, k))
				continue;
			rb_notes(api, u->op, notes, sizeof(notes));
			rc = api->report(ctx, MRT_SEV_DEFAULT, u->line, u->col, ad_hint,
			                 "upgrade drops %s '%s'%s but downgrade() does not re-create it: after a rollback the "
			                 "schema is not the previous revision's",
			                 ad_kind(u->kind), ad_label(u, l1, sizeof(l1)), notes);
		} else if (u->act == RB_RENAME && u->new_name) {
			bool back = false;
			for (size_t i = 0; i < nd && !back; i++)
				back = ed->x[i].e->act == RB_RENAME && ed->x[i].e->kind == u->kind &&
				       ad_nieq(&ed->x[i].name, &ux->new_name) && ad_nieq(&ed->x[i].new_name, &ux->name);
			if (back)
				continue;
			rb_notes(api, u->op, notes, sizeof(notes));
			rc = api->report(ctx, MRT_SEV_DEFAULT, u->line, u->col, ad_hint,
			                 "upgrade renames %s '%s' to '%s'%s but downgrade() does not rename it back: after a "
			                 "rollback the old code finds no '%s'",
			                 ad_kind(u->kind), ad_label(u, l1, sizeof(l1)), u->new_name, notes, u->name);
		}
	}
	/* reverse order: parent dropped before child */
	for (size_t k = 0; k < nu && rc == MRT_OK; k++) {
		const struct ad_ev *fx = &eu->x[k];
		const struct rb_event *fk = fx->e;
		if (fk->kind != RB_K_FK || !fk->table)
			continue;
		size_t ichild = nd, iparent = nd, ifk = nd;
		for (size_t i = 0; i < nd; i++) {
			const struct rb_event *d = ed->x[i].e;
			if (d->act != RB_DROP)
				continue;
			if (d->kind == RB_K_TABLE && ad_nsame(&ed->x[i].name, &fx->table) && ichild == nd)
				ichild = i;
			else if (d->kind == RB_K_TABLE && rb_fk_refers(fk, d->name) && iparent == nd)
				iparent = i;
			else if (d->kind == RB_K_CONSTRAINT && !fk->implicit && ifk == nd) {
				const char *fkname = rb_str(api, api->op_arg(fk->op, "constraint_name", 0));
				/* an unnamed foreign key (name=None) gets its name from the naming convention: any foreign key
				   (or untyped) constraint dropped on the child table may be it */
				if (rb_ieq(fkname, d->name) || (!fkname && ad_nsame(&ed->x[i].table, &fx->table) &&
				                                (!d->ckind || !strcmp(d->ckind, "foreignkey"))))
					ifk = i;
			}
		}
		if (iparent == nd || ichild == nd || iparent > ichild || (ifk < iparent))
			continue;
		/* the parent must have been created by the upgrade too (else MRT011 has nothing to say about order) */
		bool parent_new = false;
		for (size_t i = 0; i < nu && !parent_new; i++)
			parent_new = eu->x[i].e->act == RB_CREATE && eu->x[i].e->kind == RB_K_TABLE &&
			             ad_nsame(&eu->x[i].name, &ed->x[iparent].name);
		if (!parent_new)
			continue;
		const struct rb_event *p = ed->x[iparent].e;
		rb_notes(api, p->op, notes, sizeof(notes));
		rc = api->report(ctx, MRT_SEV_DEFAULT, p->line, p->col, ad_hint,
		                 "downgrade drops table '%s' before '%s', which references it%s: the drop fails on the "
		                 "foreign key; drop the child table first (reverse order of creation)",
		                 p->name, fk->table, notes);
	}
	/* downgrade side: creates nothing accounts for (error-prone), drops nothing accounts for (note) */
	for (size_t i = 0; i < nd && rc == MRT_OK; i++) {
		const struct rb_event *d = ed->x[i].e;
		if (used[i] || !d->name)
			continue;
		rb_notes(api, d->op, notes, sizeof(notes));
		if (d->act == RB_CREATE)
			rc = api->report(ctx, MRT_SEV_DEFAULT, d->line, d->col, ad_hint,
			                 "downgrade creates %s '%s'%s that the upgrade did not drop: the rollback fails with "
			                 "'already exists'",
			                 ad_kind(d->kind), ad_label(d, l1, sizeof(l1)), notes);
		else if (d->act == RB_DROP)
			rc = api->report(ctx, MRT_SEV_INFO, d->line, d->col, ad_hint,
			                 "downgrade drops %s '%s'%s that the upgrade did not create: the rollback removes "
			                 "something older than this revision, or fails if it does not exist",
			                 ad_kind(d->kind), ad_label(d, l1, sizeof(l1)), notes);
		else if (d->act == RB_RENAME)
			rc = api->report(ctx, MRT_SEV_INFO, d->line, d->col, ad_hint,
			                 "downgrade renames %s '%s' to '%s'%s but the upgrade made no such rename",
			                 ad_kind(d->kind), ad_label(d, l1, sizeof(l1)), d->new_name ? d->new_name : "?", notes);
	}
	if (used != flags_small)
		api->free(used);
	return rc;
}

static int ad_check_up(void *state, mrt_ctx *ctx, const mrt_migration *m, const mrt_func *up)
{
	const struct mrk_state *s = state;
	const mrt_host_api *api = s->api;
	const mrt_func *down = rb_downgrade_for(api, m, up);
	if (!down || api->func_body(down) != MRT_BODY_NORMAL || api->func_body(up) != MRT_BODY_NORMAL)
		return MRT_OK;
	/* two sides of AD_SMALL measured events each: ~8 KiB of stack, not initialised (ad_side_init fills them) */
	struct ad_side eu, ed;
	if (!rb_events_collect2(api, up, down, &eu.ev, &ed.ev))
		return MRT_ENOMEM;
	eu.x = ed.x = NULL;
	ad_table_copy(&eu.ev);
	ad_table_copy(&ed.ev);
	int rc = MRT_ENOMEM;
	if (ad_side_init(api, &eu) && ad_side_init(api, &ed)) {
		ad_normalise(api, &eu);
		rc = ad_pair(s, ctx, m, &eu, &ed);
	}
	ad_side_free(api, &eu);
	ad_side_free(api, &ed);
	return rc;
}

static int ad_check(void *state, mrt_ctx *ctx, const mrt_migration *m)
{
	const struct mrk_state *s = state;
	return mrk_each_func(s->api, state, ctx, m, false, ad_check_up);
}

static const mrt_option_spec ad_options[] = {{0}};

MRT_PLUGIN_DEFINE(.kind = MRT_KIND_RULE, .name = "asymmetric-downgrade", .version = "1.0.0",
                  .description = "downgrade() does not undo exactly what upgrade() did (names, objects, order)",
                  .init = mrk_init, .check_migration = ad_check, .fini = mrk_fini, .options = ad_options)
