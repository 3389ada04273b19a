/*
 * unbatched_backfill.c — MRT032 unbatched-backfill: one statement rewrites or copies a whole existing table.
 *
 * A backfill written as one statement locks every row it touches until the transaction commits, bloats the table and
 * the WAL, and cannot be resumed: on a large table it is an outage and a rollback of the same size.
 *
 * Fires (in upgrade() and downgrade(), also through a bind, in helpers and under conditions) on:
 *   - UPDATE whose WHERE is only a null/flag filter — every predicate is `col IS [NOT] NULL`,
 *     `col IS [NOT] TRUE/FALSE`, `col = / <> / != TRUE/FALSE/NULL` or a bare `[NOT] col`, joined by AND/OR/NOT and
 *     parentheses: the typical "fill the new column" backfill (`WHERE new_col IS NULL`);
 *   - INSERT ... SELECT ... FROM with no WHERE and no LIMIT (a whole-table copy) into an existing table;
 *   - UPDATE without WHERE that only assigns columns added earlier in the same function (a backfill of a new column,
 *     rb_update_is_backfill(): it overwrites nothing, so MRT014 is silent, but it is one statement over the table).
 * Not on: other UPDATEs without WHERE (MRT014 destructive-sql owns them: one statement, one finding), UPDATE whose
 * WHERE compares with any other value or parameter (`id = 1`, `kind = :k`: a chosen subset), is bounded by a key
 * range, a subquery, IN, BETWEEN, <, >, LIMIT, or joins columns (`WHERE c.id = t.c_id`); tables created earlier in
 * the same upgrade (the target of an INSERT, the updated table); in downgrade(), an UPDATE whose `col IS NULL` filter
 * is on a column the upgrade made nullable (the clean-up before re-tightening, MRT008's recipe: only rows written
 * since the deploy match); an INSERT ... SELECT copying back a table the upgrade created (a backup: bounded by what
 * was saved, MRT014's recipe).
 */
#include <stdio.h>
#include <string.h>

#include "mrt_sdk.h"
#include "../ops_common/ops_common.h"
#include "../rollback_common/rb_common.h"

struct ub_state {
	const mrt_host_api *api;  /* borrowed until fini() */
};

static int ub_init(const mrt_host_api *api, const mrt_options *opts, void **state, mrt_diag *diag)
{
	(void)opts;
	struct ub_state *s = api->alloc(sizeof(*s));
	if (!s) {
		diag->code = MRT_ENOMEM;
		snprintf(diag->message, sizeof(diag->message), "out of memory");
		return MRT_ENOMEM;
	}
	s->api = api;
	*state = s;
	return MRT_OK;
}

static void ub_fini(void *state)
{
	struct ub_state *s = state;
	if (s)
		s->api->free(s);
}

/* Words that make a WHERE clause bounded or too complex to call a whole-table filter. */
static bool ub_bounding_word(const struct oc_tok *t)
{
	/* with their lengths: every WHERE token is tested against all of them, and most differ in length */
#define UB_WORD(s) {s, sizeof(s) - 1}
	static const struct {
		const char *w;
		size_t n;
	} words[] = {
		UB_WORD("SELECT"), UB_WORD("IN"),     UB_WORD("BETWEEN"), UB_WORD("LIMIT"),  UB_WORD("EXISTS"),
		UB_WORD("ANY"),    UB_WORD("ALL"),    UB_WORD("SOME"),    UB_WORD("LIKE"),   UB_WORD("ILIKE"),
		UB_WORD("FROM"),   UB_WORD("JOIN"),   UB_WORD("ORDER"),   UB_WORD("SIMILAR"), UB_WORD("OFFSET"),
		UB_WORD("FETCH"),  UB_WORD("CTID"),
	};
#undef UB_WORD
	if (t->kind != OC_T_WORD)
		return false;
	for (size_t i = 0; i < sizeof(words) / sizeof(words[0]); i++)
		if (t->n == words[i].n && oc_ieqn(t->p, t->n, words[i].w, words[i].n))
			return true;
	return false;
}

/* Whether token t is a flag/null operand: TRUE, FALSE or NULL (a comparison with anything else selects a subset:
 * `id = 1`, `kind = :k`, or joins two columns). */
static bool ub_flag_constant(const struct oc_tok *t)
{
	return oc_tok_is(t, "TRUE") || oc_tok_is(t, "FALSE") || oc_tok_is(t, "NULL");
}

/*
 * Whether an UPDATE's text has a WHERE (at depth 0) that is only a null/flag filter (see the file comment). false when
 * there is no WHERE. null_col[0..null_col_size) receives the first column tested with `IS NULL` ("" when none).
 */
static bool ub_simple_where(const char *text, size_t len, char *null_col, size_t null_col_size)
{
	struct oc_tok prev = {OC_T_END, NULL, 0}, prev2 = {OC_T_END, NULL, 0};
	null_col[0] = '\0';
	struct oc_scan sc;
	oc_scan_init(&sc, text, len);
	int depth = 0;
	struct oc_tok t;
	for (t = oc_next(&sc); t.kind != OC_T_END; t = oc_next(&sc)) {
		if (oc_tok_punct(&t, '('))
			depth++;
		else if (oc_tok_punct(&t, ')'))
			depth--;
		else if (depth == 0 && oc_tok_is(&t, "FROM"))
			return false; /* UPDATE ... FROM other: a join */
		else if (depth == 0 && oc_tok_is(&t, "WHERE"))
			break;
	}
	if (t.kind == OC_T_END)
		return false;
	bool expect_rhs = false, any = false;
	for (t = oc_next(&sc); t.kind != OC_T_END; t = oc_next(&sc)) {
		if (oc_tok_is(&t, "RETURNING"))
			break;
		any = true;
		/* `col IS NULL`: remember the first such column (prev2 = col, prev = IS, t = NULL) */
		if (!null_col[0] && oc_tok_is(&t, "NULL") && oc_tok_is(&prev, "IS") && prev2.kind == OC_T_WORD)
			snprintf(null_col, null_col_size, "%.*s", (int)prev2.n, prev2.p);
		prev2 = prev;
		prev = t;
		if (expect_rhs) {
			if (!ub_flag_constant(&t))
				return false; /* col = value selects a subset; col = col is a join condition */
			expect_rhs = false;
			continue;
		}
		if (ub_bounding_word(&t) || t.kind == OC_T_NUMBER || t.kind == OC_T_STRING || oc_tok_punct(&t, ':') ||
		    oc_tok_punct(&t, '%') || oc_tok_punct(&t, '?') || oc_tok_punct(&t, '$'))
			return false; /* values, bind parameters: not a pure null/flag filter */
		if (oc_tok_punct(&t, '=')) {
			expect_rhs = true;
		} else if (oc_tok_punct(&t, '!')) {
			struct oc_tok n = oc_next(&sc);
			if (!oc_tok_punct(&n, '='))
				return false;
			expect_rhs = true;
		} else if (oc_tok_punct(&t, '<')) {
			struct oc_tok n = oc_next(&sc);
			if (!oc_tok_punct(&n, '>'))
				return false; /* < or <=: a range */
			expect_rhs = true;
		} else if (oc_tok_punct(&t, '>')) {
			return false;
		}
	}
	return any;
}

/* Whether an INSERT's text has SELECT ... FROM at depth 0 with no WHERE and no LIMIT anywhere after the SELECT.
 * src[0..src_size) receives the first table after FROM ("" when not a plain name). */
static bool ub_whole_copy(const char *text, size_t len, char *src, size_t src_size)
{
	bool want_src = false;
	src[0] = '\0';
	struct oc_scan sc;
	oc_scan_init(&sc, text, len);
	int depth = 0;
	bool select = false, from = false;
	for (struct oc_tok t = oc_next(&sc); t.kind != OC_T_END; t = oc_next(&sc)) {
		if (oc_tok_punct(&t, '(')) {
			depth++;
		} else if (oc_tok_punct(&t, ')')) {
			depth--;
		} else if (select && (oc_tok_is(&t, "WHERE") || oc_tok_is(&t, "LIMIT") || oc_tok_is(&t, "FETCH"))) {
			return false;
		} else if (depth == 0 && oc_tok_is(&t, "SELECT")) {
			select = true;
		} else if (depth == 0 && select && oc_tok_is(&t, "FROM")) {
			from = true;
			want_src = true;
			continue;
		} else if (want_src && (t.kind == OC_T_WORD || t.kind == OC_T_QIDENT) && !src[0]) {
			bool q = t.kind == OC_T_QIDENT && t.n >= 2;
			snprintf(src, src_size, "%.*s", (int)(q ? t.n - 2 : t.n), q ? t.p + 1 : t.p);
		}
		want_src = false;
	}
	return select && from;
}

/* Whether upgrade() makes table.column nullable (alter_column(nullable=True), ALTER COLUMN ... DROP NOT NULL). */
static bool ub_upgrade_relaxes(const mrt_host_api *api, const mrt_migration *m, const char *table, const char *column)
{
	size_t nf = api->migration_func_count(m);
	for (size_t f = 0; f < nf; f++) {
		const mrt_func *fn = api->migration_func(m, f);
		if (api->func_role(fn) != MRT_FN_UPGRADE)
			continue;
		size_t nops = api->func_op_count(fn);
		for (size_t i = 0; i < nops; i++) {
			const mrt_op *o = api->func_op(fn, i);
			if (oc_is(api, o, "alter_column") && oc_true(api, api->op_arg(o, "nullable", -1)) &&
			    oc_same(oc_op_table(api, o, "table_name", 0), table) &&
			    oc_ieq(oc_str(api, oc_arg(api, o, "column_name", 1)), column))
				return true;
			size_t nsql = api->op_sql_count(o);
			for (size_t k = 0; k < nsql; k++) {
				const mrt_sql *q = api->op_sql(o, k);
				if (api->sql_verb(q) == MRT_SQL_V_ALTER && api->sql_action(q) == MRT_SQL_A_DROP_NOT_NULL &&
				    oc_same(api->sql_table(q), table) && oc_ieq(api->sql_column(q), column))
					return true;
			}
		}
	}
	return false;
}

static const char *ub_hint = "backfill in batches by primary-key range (e.g. `WHERE id >= :lo AND id < :hi` in a "
                             "loop inside op.get_context().autocommit_block()), or in a separate job after the deploy";

/* The schema events of one function, collected on first use: only an UPDATE without WHERE needs them. */
struct ub_events {
	const mrt_func *fn;   /* borrowed */
	struct rb_events ev;  /* release with rb_events_free() when have */
	bool have;
};

/* The events of e->fn; NULL when out of memory. */
static const struct rb_events *ub_events_get(const mrt_host_api *api, struct ub_events *e)
{
	if (!e->have) {
		if (!rb_events_collect(api, e->fn, &e->ev))
			return NULL;
		e->have = true;
	}
	return &e->ev;
}

/* lazy: the schema events of the function holding o, for the backfill test. */
static int ub_check_op(mrt_ctx *ctx, const mrt_host_api *api, const mrt_migration *m, const mrt_op *o,
                       const char *fname, enum mrt_func_role fn_role, struct ub_events *lazy)
{
	size_t nsql = api->op_sql_count(o);
	for (size_t k = 0; k < nsql; k++) {
		const mrt_sql *q = api->op_sql(o, k);
		enum mrt_sql_verb v = api->sql_verb(q);
		if (v != MRT_SQL_V_UPDATE && v != MRT_SQL_V_INSERT)
			continue; /* none of the branches below; skip reading the text */
		size_t len = 0;
		const char *text = api->sql_text(q, &len);
		const char *what;
		char name[128];
		const char *t = api->sql_table(q);
		const struct rb_events *ev = NULL;
		if (v == MRT_SQL_V_UPDATE && (api->sql_flags(q) & MRT_SQL_HAS_WHERE) &&
		    ub_simple_where(text, len, name, sizeof(name))) {
			/* downgrade clean-up of a column the upgrade made nullable: only rows written since the deploy are
			   NULL there (MRT008's recipe) */
			if (fn_role == MRT_FN_DOWNGRADE && name[0] && ub_upgrade_relaxes(api, m, t, name))
				continue;
			what = "UPDATE filtered only by NULL/flag tests";
		} else if (v == MRT_SQL_V_UPDATE && !(api->sql_flags(q) & MRT_SQL_HAS_WHERE) &&
		           (ev = ub_events_get(api, lazy)) != NULL && rb_update_is_backfill(api, ev, o, q)) {
			/* UPDATE without WHERE that only fills columns added earlier in the same function: it overwrites
			   nothing, so MRT014 is silent; it is still one statement over the whole table */
			what = "UPDATE without WHERE filling a new column";
		} else if (v == MRT_SQL_V_INSERT && (api->sql_flags(q) & MRT_SQL_INSERT_SELECT) &&
		           ub_whole_copy(text, len, name, sizeof(name))) {
			/* copying back a backup/staging table this revision's upgrade created: bounded by what was saved */
			if (name[0] && api->created_in_revision(m, name, NULL) && !oc_same(name, t))
				continue;
			what = "INSERT ... SELECT without WHERE";
		} else {
			if (v == MRT_SQL_V_UPDATE && !(api->sql_flags(q) & MRT_SQL_HAS_WHERE) && !lazy->have)
				return MRT_ENOMEM; /* the events were needed and could not be collected */
			continue;
		}
		if (oc_created(api, m, t, o, k))
			continue;
		char notes[200];
		oc_notes(api, o, notes, sizeof(notes));
		int rc = api->report(ctx, MRT_SEV_DEFAULT, oc_sql_line(api, o, q), api->op_col(o), ub_hint,
		                     "%s in %s()%s touches every matching row of existing table '%s' in one statement: "
		                     "the rows stay locked until commit and a large table means a long outage",
		                     what, fname, notes, t ? t : "?");
		if (rc)
			return rc;
	}
	return MRT_OK;
}

static int ub_check(void *state, mrt_ctx *ctx, const mrt_migration *m)
{
	const struct ub_state *s = state;
	const mrt_host_api *api = s->api;
	size_t nf = api->migration_func_count(m);
	for (size_t f = 0; f < nf; f++) {
		const mrt_func *fn = api->migration_func(m, f);
		if (api->func_role(fn) == MRT_FN_HELPER)
			continue;
		struct ub_events lazy = {.fn = fn};
		size_t nops = api->func_op_count(fn);
		const char *fname = api->func_name(fn);
		enum mrt_func_role role = api->func_role(fn);
		int rc = MRT_OK;
		for (size_t i = 0; i < nops && rc == MRT_OK; i++)
			rc = ub_check_op(ctx, api, m, api->func_op(fn, i), fname, role, &lazy);
		if (lazy.have)
			rb_events_free(api, &lazy.ev);
		if (rc)
			return rc;
	}
	return MRT_OK;
}

static const mrt_option_spec ub_options[] = {{0}};

MRT_PLUGIN_DEFINE(.kind = MRT_KIND_RULE, .name = "unbatched-backfill", .version = "1.0.0",
                  .description = "one UPDATE or INSERT ... SELECT over a whole existing table",
                  .init = ub_init, .check_migration = ub_check, .fini = ub_fini, .options = ub_options)
