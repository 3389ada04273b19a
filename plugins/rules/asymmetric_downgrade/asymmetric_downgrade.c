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

/* Same object: same kind and name (for indexes and constraints, also the name a MetaData naming convention gives:
 * "ck_<table>_x" is "x"); columns also on the same table; a NULL table on an index or constraint drop (drop_index
 * without table_name) matches any table. */
static bool ad_same(const struct rb_event *a, const struct rb_event *b)
{
	if (a->kind != b->kind || !a->name || !b->name)
		return false;
	if (a->kind == RB_K_TABLE)
		return rb_same(a->name, b->name);
	if (a->kind == RB_K_COLUMN) /* two unknown tables: the same loop variable, as in `for t in tables: ...` */
		return rb_ieq(a->name, b->name) && (rb_same(a->table, b->table) || (!a->table && !b->table));
	if (!rb_same(a->name, b->name) && !rb_same_conv_name(a->name, b->name, a->table ? a->table : b->table))
		return false; /* also "ck_<table>_x" == "x" under a naming convention */
	return !a->table || !b->table || rb_same(a->table, b->table);
}

/* Whether event x is undone by a later event of the same function (create then drop, or drop then create). */
static bool ad_cancelled(const struct rb_events *e, size_t x)
{
	const struct rb_event *a = &e->v[x];
	enum rb_act undo = a->act == RB_CREATE ? RB_DROP : RB_CREATE;
	for (size_t i = x + 1; i < e->n; i++)
		if (e->v[i].act == undo && ad_same(a, &e->v[i]))
			return true;
	for (size_t i = 0; i < x; i++) /* ...or an earlier opposite event (drop of what this same function created) */
		if (e->v[i].act == undo && ad_same(a, &e->v[i]))
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
static bool ad_copy_of(const mrt_host_api *api, const struct rb_event *e, const char *table)
{
	if (e->act != 0 || e->kind != RB_K_TABLE || !e->op || !rb_same(e->name, table))
		return false;
	if (e->sql)
		return api->sql_verb(e->sql) == MRT_SQL_V_CREATE;
	const char *name = api->op_name(e->op);
	return name && !strcmp(name, "create_table");
}

/* Whether downgrade events remove created object c: drop of the same object, drop of its table, drop of a column it
 * covers (ad_over_column). */
static bool ad_removed(const mrt_host_api *api, const struct rb_events *ed, const struct rb_event *c)
{
	for (size_t i = 0; i < ed->n; i++) {
		const struct rb_event *d = &ed->v[i];
		if (d->act != RB_DROP)
			continue;
		bool hit = ad_same(c, d);
		if (!hit && c->kind != RB_K_TABLE && d->kind == RB_K_TABLE && rb_same(d->name, c->table))
			hit = true;
		if (!hit && d->kind == RB_K_COLUMN && rb_same(d->table, c->table) && ad_over_column(api, c, d->name))
			hit = true;
		/* a column dropped through a variable (`for col in (...): op.drop_column("t", col)`) may be any column of
		   that table */
		if (!hit && c->kind == RB_K_COLUMN && d->kind == RB_K_COLUMN && !d->name && d->table &&
		    rb_same(d->table, c->table))
			hit = true;
		if (hit)
			return true;
	}
	/* a table copy in the downgrade that defines the table without the column removes it */
	for (size_t i = 0; c->kind == RB_K_COLUMN && c->name && i < ed->n; i++)
		if (ad_copy_of(api, &ed->v[i], c->table) && !ad_table_has_column(api, &ed->v[i], c->name))
			return true;
	return false;
}

/* Whether downgrade events re-create dropped object d (same object, or its whole table for a column). */
static bool ad_recreated(const mrt_host_api *api, const struct rb_events *ed, const struct rb_event *d)
{
	for (size_t i = 0; i < ed->n; i++) {
		const struct rb_event *c = &ed->v[i];
		/* a table copy that defines the table with the dropped column again */
		if (d->kind == RB_K_COLUMN && d->name && ad_copy_of(api, c, d->table) && ad_table_has_column(api, c, d->name))
			return true;
		if (c->act != RB_CREATE)
			continue;
		if (ad_same(d, c))
			return true;
		if (d->kind == RB_K_COLUMN && c->kind == RB_K_TABLE && rb_same(c->name, d->table))
			return true;
		/* a unique constraint may come back as a unique index of the same name and vice versa */
		if ((d->kind == RB_K_INDEX || d->kind == RB_K_CONSTRAINT) &&
		    (c->kind == RB_K_INDEX || c->kind == RB_K_CONSTRAINT) && rb_ieq(c->name, d->name))
			return true;
		/* an unnamed index or constraint on the same table (name=None: the naming convention names it, and
		   may well give it the dropped name): nothing tells that it is not the same one */
		if ((d->kind == RB_K_INDEX || d->kind == RB_K_CONSTRAINT) && c->kind == d->kind && !c->name &&
		    !c->sql && rb_same(c->table, d->table))
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
static void ad_normalise(const mrt_host_api *api, struct rb_events *eu)
{
	for (size_t k = 0; k < eu->n; k++) {
		struct rb_event *e = &eu->v[k];
		if (e->kind == RB_K_FK || !e->act)
			continue;
		bool folded = false;
		if (e->kind != RB_K_TABLE && e->table) {
			for (size_t i = 0; i < k && !folded; i++)
				if (eu->v[i].act == RB_CREATE && eu->v[i].kind == RB_K_TABLE && rb_same(eu->v[i].name, e->table))
					folded = true;
		}
		if (!folded && e->act == RB_RENAME && e->new_name) {
			for (size_t i = 0; i < k && !folded; i++) {
				struct rb_event *c = &eu->v[i];
				if (c->act != RB_CREATE || !ad_same(c, e))
					continue;
				c->name = e->new_name;
				if (c->kind == RB_K_TABLE)
					c->table = e->new_name;
				folded = true;
			}
		}
		if (folded)
			e->act = 0;
		/* ADD CONSTRAINT ... USING INDEX ix: the constraint takes the index over (dropping it drops the index) */
		if (!folded && e->act == RB_CREATE && e->kind == RB_K_CONSTRAINT && e->sql)
			ad_using_index(api, eu, k);
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

static int ad_pair(const struct mrk_state *s, mrt_ctx *ctx, const mrt_migration *m, const struct rb_events *eu,
                   const struct rb_events *ed)
{
	const mrt_host_api *api = s->api;
	int rc = MRT_OK;
	size_t nu = eu->n, nd = ed->n;
	/* used[i]: downgrade event i is accounted for */
	bool used_small[64] = {false}; /* most functions: no heap allocation */
	bool *used = nd <= 64 ? used_small : api->alloc(nd);
	if (!used)
		return MRT_ENOMEM;
	char l1[300], l2[300], notes[200];
	/* downgrade events that undo an upgrade event, or that cancel out inside the downgrade */
	for (size_t i = 0; i < nd; i++) {
		const struct rb_event *d = &ed->v[i];
		if (d->kind == RB_K_FK || ad_cancelled(ed, i)) {
			used[i] = true;
			continue;
		}
		for (size_t k = 0; k < nu && !used[i]; k++) {
			const struct rb_event *u = &eu->v[k];
			if (u->kind == RB_K_FK)
				continue;
			if (d->act == RB_DROP && u->act == RB_CREATE && ad_same(u, d))
				used[i] = true;
			else if (d->act == RB_CREATE && u->act == RB_DROP &&
			         (ad_same(u, d) || ((u->kind == RB_K_INDEX || u->kind == RB_K_CONSTRAINT) &&
			                            (d->kind == RB_K_INDEX || d->kind == RB_K_CONSTRAINT) &&
			                            rb_ieq(u->name, d->name))))
				used[i] = true;
			else if (d->act == RB_RENAME && u->act == RB_RENAME && d->kind == u->kind && rb_ieq(d->name, u->new_name) &&
			         rb_ieq(d->new_name, u->name))
				used[i] = true;
		}
		/* a dropped table/column, or a table dropped because the upgrade created it: its parts go with it */
		if (!used[i] && d->act == RB_DROP && d->kind != RB_K_TABLE) {
			for (size_t k = 0; k < nu && !used[i]; k++)
				if (eu->v[k].act == RB_CREATE && eu->v[k].kind == RB_K_TABLE && rb_same(eu->v[k].name, d->table))
					used[i] = true;
		}
		/* the same function moved the old table out of the way first (rename_table("t", "t_tmp"), then
		   create_table("t") and columns added to "t_tmp"): a table copy, not a clash */
		if (!used[i] && d->act == RB_CREATE) {
			for (size_t k = 0; k < i && !used[i]; k++) {
				const struct rb_event *r = &ed->v[k];
				if (r->act != RB_RENAME || r->kind != RB_K_TABLE)
					continue;
				if (d->kind == RB_K_TABLE ? rb_same(r->name, d->name) : rb_same(r->new_name, d->table))
					used[i] = true;
			}
		}
		/* ...and the copy it renamed the old table to goes away at the end */
		if (!used[i] && d->act == RB_DROP && d->kind == RB_K_TABLE) {
			for (size_t k = 0; k < i && !used[i]; k++)
				if (ed->v[k].act == RB_RENAME && ed->v[k].kind == RB_K_TABLE && rb_same(ed->v[k].new_name, d->name))
					used[i] = true;
		}
		/* an index or constraint over a column the upgrade dropped went away with the column: the downgrade
		   re-adds the column and puts it back */
		if (!used[i] && d->act == RB_CREATE && (d->kind == RB_K_INDEX || d->kind == RB_K_CONSTRAINT)) {
			for (size_t k = 0; k < nu && !used[i]; k++)
				if (eu->v[k].act == RB_DROP && eu->v[k].kind == RB_K_COLUMN && rb_same(eu->v[k].table, d->table) &&
				    ad_over_column(api, d, eu->v[k].name))
					used[i] = true;
		}
		/* re-creating the table the upgrade dropped covers re-created columns of it */
		if (!used[i] && d->act == RB_CREATE && d->kind != RB_K_TABLE) {
			for (size_t k = 0; k < nd && !used[i]; k++)
				if (ed->v[k].act == RB_CREATE && ed->v[k].kind == RB_K_TABLE && rb_same(ed->v[k].name, d->table))
					used[i] = true;
		}
	}
	/* upgrade side */
	for (size_t k = 0; k < nu && rc == MRT_OK; k++) {
		const struct rb_event *u = &eu->v[k];
		if (u->kind == RB_K_FK || !u->name || ad_cancelled(eu, k))
			continue;
		rb_notes(api, u->op, notes, sizeof(notes));
		if (u->act == RB_CREATE) {
			if (u->kind == RB_K_COLUMN && u->table && api->created_in_revision(m, u->table, u->op))
				continue;
			if (ad_removed(api, ed, u))
				continue;
			/* a drop of the same kind on the same table that nothing accounts for: the names differ */
			size_t other = nd;
			for (size_t i = 0; i < nd && other == nd; i++)
				if (!used[i] && ed->v[i].act == RB_DROP && ed->v[i].kind == u->kind && ed->v[i].name &&
				    (u->kind == RB_K_TABLE || !ed->v[i].table || !u->table || rb_same(ed->v[i].table, u->table)))
					other = i;
			if (other < nd) {
				used[other] = true;
				rc = api->report(ctx, MRT_SEV_DEFAULT, u->line, u->col, ad_hint,
				                 "upgrade creates %s '%s'%s but downgrade() drops '%s' instead (line %u): the names "
				                 "differ, so '%s' is left behind and the next upgrade fails with 'already exists'",
				                 ad_kind(u->kind), ad_label(u, l1, sizeof(l1)), notes,
				                 ad_label(&ed->v[other], l2, sizeof(l2)), ed->v[other].line, l1);
			} else {
				rc = api->report(ctx, MRT_SEV_DEFAULT, u->line, u->col, ad_hint,
				                 "upgrade creates %s '%s'%s but downgrade() does not remove it: a rollback leaves it "
				                 "behind and the next upgrade fails with 'already exists'",
				                 ad_kind(u->kind), ad_label(u, l1, sizeof(l1)), notes);
			}
		} else if (u->act == RB_DROP) {
			if (ad_recreated(api, ed, u))
				continue;
			rc = api->report(ctx, MRT_SEV_DEFAULT, u->line, u->col, ad_hint,
			                 "upgrade drops %s '%s'%s but downgrade() does not re-create it: after a rollback the "
			                 "schema is not the previous revision's",
			                 ad_kind(u->kind), ad_label(u, l1, sizeof(l1)), notes);
		} else if (u->act == RB_RENAME && u->new_name) {
			bool back = false;
			for (size_t i = 0; i < nd && !back; i++)
				back = ed->v[i].act == RB_RENAME && ed->v[i].kind == u->kind &&
				       rb_ieq(ed->v[i].name, u->new_name) && rb_ieq(ed->v[i].new_name, u->name);
			if (back)
				continue;
			rc = api->report(ctx, MRT_SEV_DEFAULT, u->line, u->col, ad_hint,
			                 "upgrade renames %s '%s' to '%s'%s but downgrade() does not rename it back: after a "
			                 "rollback the old code finds no '%s'",
			                 ad_kind(u->kind), ad_label(u, l1, sizeof(l1)), u->new_name, notes, u->name);
		}
	}
	/* reverse order: parent dropped before child */
	for (size_t k = 0; k < nu && rc == MRT_OK; k++) {
		const struct rb_event *fk = &eu->v[k];
		if (fk->kind != RB_K_FK || !fk->table)
			continue;
		size_t ichild = nd, iparent = nd, ifk = nd;
		for (size_t i = 0; i < nd; i++) {
			const struct rb_event *d = &ed->v[i];
			if (d->act != RB_DROP)
				continue;
			if (d->kind == RB_K_TABLE && rb_same(d->name, fk->table) && ichild == nd)
				ichild = i;
			else if (d->kind == RB_K_TABLE && rb_fk_refers(fk, d->name) && iparent == nd)
				iparent = i;
			else if (d->kind == RB_K_CONSTRAINT && !fk->implicit && ifk == nd) {
				const char *fkname = rb_str(api, api->op_arg(fk->op, "constraint_name", 0));
				/* an unnamed foreign key (name=None) gets its name from the naming convention: any foreign key
				   (or untyped) constraint dropped on the child table may be it */
				if (rb_ieq(fkname, d->name) ||
				    (!fkname && rb_same(d->table, fk->table) && (!d->ckind || !strcmp(d->ckind, "foreignkey"))))
					ifk = i;
			}
		}
		if (iparent == nd || ichild == nd || iparent > ichild || (ifk < iparent))
			continue;
		/* the parent must have been created by the upgrade too (else MRT011 has nothing to say about order) */
		bool parent_new = false;
		for (size_t i = 0; i < nu && !parent_new; i++)
			parent_new = eu->v[i].act == RB_CREATE && eu->v[i].kind == RB_K_TABLE &&
			             rb_same(eu->v[i].name, ed->v[iparent].name);
		if (!parent_new)
			continue;
		const struct rb_event *p = &ed->v[iparent];
		rb_notes(api, p->op, notes, sizeof(notes));
		rc = api->report(ctx, MRT_SEV_DEFAULT, p->line, p->col, ad_hint,
		                 "downgrade drops table '%s' before '%s', which references it%s: the drop fails on the "
		                 "foreign key; drop the child table first (reverse order of creation)",
		                 p->name, fk->table, notes);
	}
	/* downgrade side: creates nothing accounts for (error-prone), drops nothing accounts for (note) */
	for (size_t i = 0; i < nd && rc == MRT_OK; i++) {
		const struct rb_event *d = &ed->v[i];
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
	if (used != used_small)
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
	struct rb_events eu, ed;
	if (!rb_events_collect2(api, up, down, &eu, &ed))
		return MRT_ENOMEM;
	ad_table_copy(&eu);
	ad_table_copy(&ed);
	ad_normalise(api, &eu);
	int rc = ad_pair(s, ctx, m, &eu, &ed);
	rb_events_free(api, &eu);
	rb_events_free(api, &ed);
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
