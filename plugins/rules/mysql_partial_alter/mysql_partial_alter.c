/*
 * mysql_partial_alter.c — MRT016 mysql-partial-alter (MySQL/MariaDB): alter_column does not restate the column.
 *
 * On MySQL, Alembic's alter_column emits `ALTER TABLE ... MODIFY` (or CHANGE for a rename), which redefines the
 * whole column from what the call says. What it does not say is reset: without existing_nullable a NOT NULL column
 * becomes NULL-able, without existing_server_default its default disappears, and without existing_type (when type_ is
 * not given either) Alembic cannot build the statement at all. Fires on op.alter_column and batch_op.alter_column, in
 * upgrade() and downgrade() (also in helpers and under conditions), naming what is missing. An argument is needed
 * only when the call does not set the attribute itself (type_, nullable, server_default).
 *
 * Not on tables created in the same revision (upgrade() creates them, or downgrade() creates them before the call).
 */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "mrt_sdk.h"

struct mpa_state {
	const mrt_host_api *api; /* borrowed until fini() */
};

static int mpa_init(const mrt_host_api *api, const mrt_options *opts, void **state, mrt_diag *diag)
{
	(void)opts;
	struct mpa_state *s = api->alloc(sizeof(*s));
	if (!s) {
		diag->code = MRT_ENOMEM;
		snprintf(diag->message, sizeof(diag->message), "out of memory");
		return MRT_ENOMEM;
	}
	s->api = api;
	*state = s;
	return MRT_OK;
}

static void mpa_fini(void *state)
{
	struct mpa_state *s = state;
	if (s)
		s->api->free(s);
}

static void mpa_notes(const mrt_host_api *api, const mrt_op *o, char *buf, size_t size)
{
	const char *helper = api->op_helper(o);
	int w = 0;
	buf[0] = '\0';
	if (helper)
		w = snprintf(buf, size, " (in helper %s(), called at line %u)", helper, api->op_call_line(o));
	if (w >= 0 && (size_t)w < size && (api->op_flags(o) & MRT_OP_CONDITIONAL))
		snprintf(buf + w, size - (size_t)w, " (conditional)");
}

static void mpa_bare(const char *s, const char **start, size_t *len)
{
	const char *dot = strrchr(s, '.');
	const char *b = dot ? dot + 1 : s;
	size_t n = strlen(b);
	if (n >= 2 && (b[0] == '"' || b[0] == '`') && (b[n - 1] == '"' || b[n - 1] == '`')) {
		b++;
		n -= 2;
	}
	*start = b;
	*len = n;
}

static bool mpa_same_table(const char *a, const char *b)
{
	if (!a || !b)
		return false;
	const char *pa, *pb;
	size_t na, nb;
	mpa_bare(a, &pa, &na);
	mpa_bare(b, &pb, &nb);
	return na == nb && na > 0 && strncasecmp(pa, pb, na) == 0;
}

/* Whether one of the first idx ops of fn creates table (op.create_table or CREATE TABLE). */
static bool mpa_created_earlier(const mrt_host_api *api, const mrt_func *fn, size_t idx, const char *table)
{
	for (size_t i = 0; i < idx; i++) {
		const mrt_op *o = api->func_op(fn, i);
		const char *name = api->op_name(o);
		if (name && !strcmp(name, "create_table") && mpa_same_table(api->op_table(o), table))
			return true;
		size_t n = api->op_sql_count(o);
		for (size_t k = 0; k < n; k++) {
			const mrt_sql *q = api->op_sql(o, k);
			if (api->sql_verb(q) == MRT_SQL_V_CREATE && api->sql_object(q) == MRT_SQL_O_TABLE &&
			    mpa_same_table(api->sql_table(q), table))
				return true;
		}
	}
	return false;
}

/* Whether the table is new in this revision: created by upgrade() (before o when o is in upgrade()), or by the
 * function holding o before it. */
static bool mpa_new_table(const mrt_host_api *api, const mrt_migration *m, const mrt_func *fn, size_t idx,
                          const char *table)
{
	if (!table)
		return false;
	const mrt_op *o = api->func_op(fn, idx);
	if (api->func_role(fn) == MRT_FN_UPGRADE)
		return api->created_in_revision(m, table, o);
	return api->created_in_revision(m, table, NULL) || mpa_created_earlier(api, fn, idx, table);
}

static const char *mpa_hint = "restate the column in full: pass existing_type=, existing_nullable= and "
                              "existing_server_default= (and existing_autoincrement=True for an AUTO_INCREMENT "
                              "column), as autogenerate writes them";

static int mpa_check_op(const struct mpa_state *s, mrt_ctx *ctx, const mrt_migration *m, const mrt_func *fn,
                        size_t idx)
{
	const mrt_host_api *api = s->api;
	const mrt_op *o = api->func_op(fn, idx);
	const char *name = api->op_name(o);
	if (!name || strcmp(name, "alter_column") != 0)
		return MRT_OK;
	bool batch = (api->op_flags(o) & MRT_OP_BATCH) != 0;
	const char *table = api->op_table(o);
	if (mpa_new_table(api, m, fn, idx, table))
		return MRT_OK;
	const char *missing[3];
	const char *lost[3];
	size_t n = 0;
	if (!api->op_arg(o, "existing_type", -1) && !api->op_arg(o, "type_", -1)) {
		missing[n] = "existing_type";
		lost[n++] = "the type";
	}
	if (!api->op_arg(o, "existing_nullable", -1) && !api->op_arg(o, "nullable", -1)) {
		missing[n] = "existing_nullable";
		lost[n++] = "NOT NULL";
	}
	if (!api->op_arg(o, "existing_server_default", -1) && !api->op_arg(o, "server_default", -1)) {
		missing[n] = "existing_server_default";
		lost[n++] = "the default";
	}
	if (!n)
		return MRT_OK;
	char what[128] = "", cons[256] = "";
	size_t wu = 0, cu = 0;
	for (size_t i = 0; i < n; i++) {
		const char *sep = i == 0 ? "" : (i + 1 == n ? " and " : ", ");
		int w = snprintf(what + wu, sizeof(what) - wu, "%s%s", sep, missing[i]);
		if (w > 0 && (size_t)w < sizeof(what) - wu)
			wu += (size_t)w;
		w = snprintf(cons + cu, sizeof(cons) - cu, "%s%s", i ? ", " : "", lost[i]);
		if (w > 0 && (size_t)w < sizeof(cons) - cu)
			cu += (size_t)w;
	}
	const mrt_value *cv = api->op_arg(o, "column_name", batch ? 0 : 1);
	const char *column = cv && api->value_kind(cv) == MRT_VAL_STR ? api->value_text(cv, NULL) : NULL;
	char notes[200];
	mpa_notes(api, o, notes, sizeof(notes));
	return api->report(ctx, MRT_SEV_DEFAULT, api->op_line(o), api->op_col(o), mpa_hint,
	                   "%s on '%s.%s' without %s%s: MySQL's MODIFY redefines the whole column, so what is not "
	                   "restated (%s) is silently lost",
	                   batch ? "batch_op.alter_column()" : "op.alter_column()", table ? table : "?",
	                   column ? column : "?", what, notes, cons);
}

static int mpa_check(void *state, mrt_ctx *ctx, const mrt_migration *m)
{
	const struct mpa_state *s = state;
	const mrt_host_api *api = s->api;
	size_t nf = api->migration_func_count(m);
	for (size_t f = 0; f < nf; f++) {
		const mrt_func *fn = api->migration_func(m, f);
		if (api->func_role(fn) == MRT_FN_HELPER)
			continue; /* helper ops are expanded at their call sites */
		size_t nops = api->func_op_count(fn);
		for (size_t i = 0; i < nops; i++) {
			int rc = mpa_check_op(s, ctx, m, fn, i);
			if (rc)
				return rc;
		}
	}
	return MRT_OK;
}

static const mrt_option_spec mpa_options[] = {
	{0},
};

MRT_PLUGIN_DEFINE(.kind = MRT_KIND_RULE, .name = "mysql-partial-alter", .version = "1.0.0",
                  .description = "alter_column without existing_type/existing_nullable/existing_server_default on "
                                 "MySQL: MODIFY resets what is not restated",
                  .init = mpa_init, .check_migration = mpa_check, .fini = mpa_fini, .options = mpa_options)
