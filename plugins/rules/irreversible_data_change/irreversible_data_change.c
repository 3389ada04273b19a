/*
 * irreversible_data_change.c — MRT009 irreversible-data-change: upgrade() changes rows and downgrade() does nothing
 * about them.
 *
 * Data statements of upgrade(): UPDATE / DELETE / INSERT / MERGE in execute() SQL (op.execute, sa.text, through a
 * bind or a session), op.bulk_insert(...), and executed SQLAlchemy constructs (t.update(), sa.insert(t),
 * sa.delete(t), session.query(...).update()). For each table they touch, the matching downgrade() must contain a data
 * statement on the SAME table (any of the above, or TRUNCATE); otherwise one finding, on the first statement for that
 * table. A statement whose table is unknown is reported only when the downgrade has no data statement at all and the
 * upgrade created no table before it (`t = op.create_table(...)` + `op.bulk_insert(t, ...)` seeds the new table).
 *
 * Not reported: UPDATE/DELETE without WHERE (MRT014 reports those, so one statement has one code); tables created
 * earlier in the same upgrade (the downgrade drops them with their rows); an UPDATE that
 * only sets columns added earlier in the same upgrade (a backfill: the downgrade drops the column); SQL that cannot be
 * read (MRT034's job); a missing, empty or raising downgrade (MRT001/MRT002/MRT003 report those). A downgrade
 * execute() whose SQL cannot be read may undo anything: it silences the rule (MRT034 reports it).
 */
#include <string.h>

#include "mrt_sdk.h"
#include "../common/mrt_rulekit.h"
#include "../rollback_common/rb_common.h"

/* One data statement. */
struct dc9_stmt {
	const mrt_op *op;
	const mrt_sql *sql;  /* NULL for bulk_insert / SQLAlchemy constructs */
	const char *table;   /* NULL when unknown */
	const char *what;    /* "UPDATE", "bulk_insert", ... (static) */
	unsigned line;
};

static const char *dc9_verb(enum mrt_sql_verb v, bool with_truncate)
{
	switch (v) {
	case MRT_SQL_V_INSERT:
		return "INSERT";
	case MRT_SQL_V_UPDATE:
		return "UPDATE";
	case MRT_SQL_V_DELETE:
		return "DELETE";
	case MRT_SQL_V_MERGE:
		return "MERGE";
	case MRT_SQL_V_TRUNCATE:
		return with_truncate ? "TRUNCATE" : NULL;
	default:
		return NULL;
	}
}

/*
 * Calls fn(ud, stmt) for every data statement of f. Sets *opaque when f has an execute() whose SQL is unknown.
 * Returns the first non-zero result of fn.
 */
static int dc9_each(const mrt_host_api *api, const mrt_func *f, bool downgrade, bool *opaque,
                    int (*fn)(void *ud, const struct dc9_stmt *st), void *ud)
{
	size_t nops = api->func_op_count(f);
	for (size_t i = 0; i < nops; i++) {
		const mrt_op *o = api->func_op(f, i);
		const char *name = api->op_name(o);
		uint32_t flags = api->op_flags(o);
		struct dc9_stmt st = {.op = o}; /* line: set only for the few ops that make a statement */
		int rc = 0;
		if (flags & MRT_OP_SQL_OPAQUE) {
			if (opaque)
				*opaque = true;
			continue;
		}
		if (name && RB_IS(name, "bulk_insert")) { /* the first character decides for most ops, without a call */
			st.table = api->op_table(o);
			st.what = "bulk_insert";
			st.line = api->op_line(o);
			rc = fn(ud, &st);
		} else if (flags & MRT_OP_SQL_EXPR) {
			const char *verb = MRT_HOST_HAS(api, op_sql_expr_verb) ? api->op_sql_expr_verb(o) : NULL;
			if (!verb || !strcmp(verb, "select"))
				continue;
			st.table = api->op_table(o);
			st.what = !strcmp(verb, "update") ? "update()" : !strcmp(verb, "insert") ? "insert()" : "delete()";
			st.line = api->op_line(o);
			rc = fn(ud, &st);
		} else {
			size_t nsql = api->op_sql_count(o);
			for (size_t k = 0; k < nsql && !rc; k++) {
				const mrt_sql *q = api->op_sql(o, k);
				const char *what = dc9_verb(api->sql_verb(q), downgrade);
				if (!what)
					continue;
				struct dc9_stmt sq = st;
				sq.sql = q;
				sq.table = api->sql_table(q);
				sq.what = what;
				sq.line = mrk_sql_line(api, o, q);
				rc = fn(ud, &sq);
			}
		}
		if (rc)
			return rc;
	}
	return 0;
}

/* ---- the downgrade side --------------------------------------------------------------------------------------- */

#define DC9_MAX_TABLES 64

struct dc9_down {
	const char *tables[DC9_MAX_TABLES]; /* borrowed from the model */
	size_t ntables;
	bool any;       /* at least one data statement */
	bool unknown;   /* a data statement on an unknown table, or opaque SQL */
};

static int dc9_down_add(void *ud, const struct dc9_stmt *st)
{
	struct dc9_down *d = ud;
	d->any = true;
	if (!st->table)
		d->unknown = true;
	else if (d->ntables < DC9_MAX_TABLES)
		d->tables[d->ntables++] = st->table;
	else
		d->unknown = true; /* too many to track: be lenient */
	return 0;
}

static bool dc9_down_has(const struct dc9_down *d, const char *table)
{
	if (d->unknown)
		return true;
	for (size_t i = 0; i < d->ntables; i++)
		if (rb_same(d->tables[i], table))
			return true;
	return false;
}

/* ---- the upgrade side ----------------------------------------------------------------------------------------- */

struct dc9_up {
	const struct mrk_state *s;
	mrt_ctx *ctx;
	const mrt_migration *m;
	const struct dc9_down *down;
	const mrt_func *up;
	struct rb_events events; /* of upgrade, collected on first use (dc9_up_events): most upgrades change no data */
	bool have_events;
	const char *reported[DC9_MAX_TABLES];
	size_t nreported;
	bool reported_unknown;
};

/* Whether an earlier statement of the same execute() creates the table ("CREATE TABLE t (...); UPDATE t ..."). */
static bool dc9_created_in_op(const mrt_host_api *api, const struct dc9_stmt *st)
{
	if (!st->sql)
		return false;
	size_t nsql = api->op_sql_count(st->op);
	for (size_t k = 0; k < nsql; k++) {
		const mrt_sql *q = api->op_sql(st->op, k);
		if (q == st->sql)
			break;
		if (api->sql_verb(q) == MRT_SQL_V_CREATE && api->sql_object(q) == MRT_SQL_O_TABLE &&
		    rb_same(api->sql_table(q), st->table))
			return true;
	}
	return false;
}

static const char *dc9_hint = "write the reverse data change in downgrade() (restore the old values, delete the "
                              "inserted rows), or keep a copy of what you change; if it truly cannot be undone, "
                              "acknowledge it: `# mrt: ignore[MRT009] <reason>`";

/* The upgrade's events (collected once per upgrade); NULL when out of memory. */
static const struct rb_events *dc9_up_events(struct dc9_up *u)
{
	if (!u->have_events) {
		if (!rb_events_collect(u->s->api, u->up, &u->events))
			return NULL;
		u->have_events = true;
	}
	return &u->events;
}

/* Whether events e add a column to `table` anywhere: an UPDATE of any other table cannot be a backfill
 * (rb_update_is_backfill_ex() needs every SET column added to it), and this scan is much cheaper than reading the
 * SQL. */
static bool dc9_adds_column_to(const struct rb_events *e, const char *table)
{
	for (size_t i = 0; i < e->n; i++)
		if (e->v[i].act == RB_CREATE && e->v[i].kind == RB_K_COLUMN && rb_same(e->v[i].table, table))
			return true;
	return false;
}

static int dc9_up_check(void *ud, const struct dc9_stmt *st)
{
	struct dc9_up *u = ud;
	const mrt_host_api *api = u->s->api;
	char notes[200];
	if (!st->table) {
		if (u->down->any || u->reported_unknown)
			return 0;
		const struct rb_events *ev = dc9_up_events(u);
		if (!ev)
			return MRT_ENOMEM;
		/* `t = op.create_table(...)` then op.bulk_insert(t, ...): the model does not resolve t, but a table
		   created earlier in the upgrade is the usual target of such seeding */
		for (size_t i = 0; i < ev->n && ev->v[i].op != st->op; i++)
			if (ev->v[i].act == RB_CREATE && ev->v[i].kind == RB_K_TABLE)
				return 0;
		u->reported_unknown = true;
		rb_notes(api, st->op, notes, sizeof(notes));
		return api->report(u->ctx, MRT_SEV_DEFAULT, st->line, api->op_col(st->op), dc9_hint,
		                   "upgrade changes data (%s)%s and downgrade() has no data statement to undo it: the schema "
		                   "rolls back, the data does not",
		                   st->what, notes);
	}
	if (api->created_in_revision(u->m, st->table, st->op) || dc9_created_in_op(api, st))
		return 0;
	if (st->sql && !(api->sql_flags(st->sql) & MRT_SQL_HAS_WHERE) &&
	    (api->sql_verb(st->sql) == MRT_SQL_V_UPDATE || api->sql_verb(st->sql) == MRT_SQL_V_DELETE))
		return 0; /* unbounded: MRT014 (destructive-sql) reports it; one statement, one code */
	/* the cheap reasons to say nothing first: the backfill test below collects the upgrade's events and reads the
	   UPDATE, and every one of these tests only silences the statement */
	if (dc9_down_has(u->down, st->table))
		return 0;
	for (size_t i = 0; i < u->nreported; i++)
		if (rb_same(u->reported[i], st->table))
			return 0;
	if (st->sql && api->sql_verb(st->sql) == MRT_SQL_V_UPDATE) {
		const struct rb_events *ev = dc9_up_events(u);
		if (!ev)
			return MRT_ENOMEM;
		if (dc9_adds_column_to(ev, st->table) && rb_update_is_backfill_ex(api, ev, st->op, st->sql, 0))
			return 0;
	}
	if (u->nreported < DC9_MAX_TABLES)
		u->reported[u->nreported++] = st->table;
	rb_notes(api, st->op, notes, sizeof(notes));
	return api->report(u->ctx, MRT_SEV_DEFAULT, st->line, api->op_col(st->op), dc9_hint,
	                   "upgrade changes data in table '%s' (%s)%s and downgrade() has no data statement for '%s': the "
	                   "schema rolls back, the data does not",
	                   st->table, st->what, notes, st->table);
}

static int dc9_check_up(void *state, mrt_ctx *ctx, const mrt_migration *m, const mrt_func *up)
{
	const struct mrk_state *s = state;
	const mrt_host_api *api = s->api;
	const mrt_func *down = rb_downgrade_for(api, m, up);
	if (!down || api->func_body(down) != MRT_BODY_NORMAL)
		return MRT_OK;
	struct dc9_down d;
	memset(&d, 0, sizeof(d));
	bool opaque = false;
	dc9_each(api, down, true, &opaque, dc9_down_add, &d);
	if (opaque)
		d.unknown = true;
	struct dc9_up u;
	memset(&u, 0, sizeof(u));
	u.s = s;
	u.ctx = ctx;
	u.m = m;
	u.down = &d;
	u.up = up;
	int rc = dc9_each(api, up, false, NULL, dc9_up_check, &u);
	if (u.have_events)
		rb_events_free(api, &u.events);
	return rc;
}

static int dc9_check(void *state, mrt_ctx *ctx, const mrt_migration *m)
{
	const struct mrk_state *s = state;
	return mrk_each_func(s->api, state, ctx, m, false, dc9_check_up);
}

static const mrt_option_spec dc9_options[] = {{0}};

MRT_PLUGIN_DEFINE(.kind = MRT_KIND_RULE, .name = "irreversible-data-change", .version = "1.0.0",
                  .description = "upgrade() changes rows and downgrade() has no data statement to undo it",
                  .init = mrk_init, .check_migration = dc9_check, .fini = mrk_fini, .options = dc9_options)
