/*
 * sequence_change.c — MRT038 sequence-change: a migration creates, alters, drops or moves a sequence.
 *
 * Sequence state is not data a downgrade restores: after ALTER SEQUENCE ... RESTART or setval() the old position is
 * gone, a dropped sequence comes back at 1 (and the next insert collides with existing ids), and sequences of
 * identity/serial columns change under the application's feet. Fires in upgrade() and downgrade() (helpers and
 * conditions included) on CREATE/ALTER/DROP SEQUENCE and setval(...) in SQL, on execute(CreateSequence(...)) /
 * execute(DropSequence(...)) and on sa.Sequence(...).create(bind) / .drop(bind).
 *
 * Not on the symmetric pair "upgrade creates sequence s, downgrade drops s" (both sides of a new sequence), and not on
 * a setval() of a sequence the same function created earlier (initialising a new sequence).
 */
#include <stdio.h>
#include <string.h>

#include "mrt_sdk.h"
#include "../common/mrt_rulekit.h"
#include "../ops_common/ops_common.h"

enum sq_kind { SQ_CREATE, SQ_ALTER, SQ_DROP, SQ_SETVAL };

struct sq_ev {
	enum sq_kind kind;
	char name[128];           /* sequence name as written ("" when unknown) */
	unsigned line;
	const char *how;          /* static text for the message */
};

#define SQ_MAX_EV 32

/* Copies the first quoted literal of text ('x' or "x") into buf; "" when none. */
static void sq_first_quoted(const char *text, char *buf, size_t size)
{
	buf[0] = '\0';
	if (!text)
		return;
	const char *q = strpbrk(text, "'\"");
	if (!q)
		return;
	const char *e = strchr(q + 1, *q);
	if (!e)
		return;
	snprintf(buf, size, "%.*s", (int)(e - q - 1), q + 1);
}

/* Name of setval('name', ...) in SQL text, into buf ("" when not a literal). */
static void sq_setval_name(const char *text, size_t len, char *buf, size_t size)
{
	struct oc_scan sc;
	oc_scan_init(&sc, text, len);
	buf[0] = '\0';
	for (struct oc_tok t = oc_next(&sc); t.kind != OC_T_END; t = oc_next(&sc)) {
		if (!oc_tok_is(&t, "setval"))
			continue;
		struct oc_tok p = oc_next(&sc);
		struct oc_tok n = oc_next(&sc);
		if (oc_tok_punct(&p, '(') && n.kind == OC_T_STRING && n.n >= 2)
			snprintf(buf, size, "%.*s", (int)(n.n - 2), n.p + 1);
		return;
	}
}

static size_t sq_push(struct sq_ev *ev, size_t n, enum sq_kind kind, const char *name, unsigned line,
                      const char *how)
{
	if (n >= SQ_MAX_EV)
		return n;
	ev[n].kind = kind;
	snprintf(ev[n].name, sizeof(ev[n].name), "%s", name ? name : "");
	ev[n].line = line;
	ev[n].how = how;
	return n + 1;
}

/* The sequence events of op o, into ev[0..SQ_MAX_EV); returns the count. */
static size_t sq_events(const mrt_host_api *api, const mrt_op *o, struct sq_ev *ev)
{
	size_t n = 0;
	const char *name = api->op_name(o);
	char buf[128];
	/* the first byte before strcmp(), and the receiver only for create()/drop(): this runs for every op, and most
	 * are none of the three */
	bool obj_create = name && name[0] == 'c' && !strcmp(name, "create");
	const char *recv = obj_create || (name && name[0] == 'd' && !strcmp(name, "drop")) ? api->op_receiver(o) : NULL;
	if (recv && strstr(recv, "Sequence(")) {
		sq_first_quoted(strstr(recv, "Sequence("), buf, sizeof(buf));
		return sq_push(ev, n, obj_create ? SQ_CREATE : SQ_DROP, buf, api->op_line(o),
		               obj_create ? "sa.Sequence(...).create()" : "sa.Sequence(...).drop()");
	}
	if (name && name[0] == 'e' && !strcmp(name, "execute")) {
		const mrt_value *a = api->op_arg(o, "sqltext", 0);
		if (a && api->value_kind(a) == MRT_VAL_CALL) {
			const char *callee = oc_base(api->value_text(a, NULL));
			bool create = callee && !strcmp(callee, "CreateSequence");
			if (create || (callee && !strcmp(callee, "DropSequence"))) {
				const mrt_value *seq = api->value_item(a, 0);
				const char *sn = seq && api->value_kind(seq) == MRT_VAL_CALL
				                         ? oc_str(api, api->value_call_arg(seq, "name", 0))
				                         : NULL;
				return sq_push(ev, n, create ? SQ_CREATE : SQ_DROP, sn, api->op_line(o),
				               create ? "execute(CreateSequence(...))" : "execute(DropSequence(...))");
			}
		}
	}
	size_t nsql = api->op_sql_count(o);
	for (size_t k = 0; k < nsql; k++) {
		const mrt_sql *q = api->op_sql(o, k);
		unsigned line = oc_sql_line(api, o, q);
		if (api->sql_object(q) == MRT_SQL_O_SEQUENCE) {
			switch (api->sql_verb(q)) {
			case MRT_SQL_V_CREATE:
				n = sq_push(ev, n, SQ_CREATE, api->sql_name(q), line, "CREATE SEQUENCE");
				continue;
			case MRT_SQL_V_ALTER:
				n = sq_push(ev, n, SQ_ALTER, api->sql_name(q), line, "ALTER SEQUENCE");
				continue;
			case MRT_SQL_V_DROP:
				n = sq_push(ev, n, SQ_DROP, api->sql_name(q), line, "DROP SEQUENCE");
				continue;
			default:
				break;
			}
		}
		if (api->sql_flags(q) & MRT_SQL_CALLS_SETVAL) {
			size_t len = 0;
			const char *text = api->sql_text(q, &len);
			sq_setval_name(text, len, buf, sizeof(buf));
			n = sq_push(ev, n, SQ_SETVAL, buf, line, "setval()");
		}
	}
	return n;
}

/* Whether a function of the given role has an event of `kind` on sequence `name`; with `before` (an op of that
 * function), only ops before it count. */
static bool sq_has(const mrt_host_api *api, const mrt_migration *m, enum mrt_func_role role, enum sq_kind kind,
                   const char *name, const mrt_op *before)
{
	if (!name || !*name)
		return false;
	struct sq_ev ev[SQ_MAX_EV];
	size_t nf = api->migration_func_count(m);
	for (size_t f = 0; f < nf; f++) {
		const mrt_func *fn = api->migration_func(m, f);
		if (api->func_role(fn) != role)
			continue;
		size_t nops = api->func_op_count(fn);
		for (size_t i = 0; i < nops; i++) {
			const mrt_op *o = api->func_op(fn, i);
			if (o == before)
				break;
			size_t n = sq_events(api, o, ev);
			for (size_t k = 0; k < n; k++)
				if (ev[k].kind == kind && oc_same(ev[k].name, name))
					return true;
		}
	}
	return false;
}

static const char *sq_hint = "a downgrade cannot restore a sequence's position: record it first and restore it in "
                             "downgrade() (setval to the old value), or keep sequences out of migrations; then "
                             "acknowledge it: `# mrt: ignore[MRT038] <reason>`";

static const char *sq_effect(enum sq_kind kind)
{
	switch (kind) {
	case SQ_CREATE:
		return "creates sequence";
	case SQ_ALTER:
		return "alters sequence";
	case SQ_DROP:
		return "drops sequence";
	default:
		return "moves sequence";
	}
}

static int sq_check(void *state, mrt_ctx *ctx, const mrt_migration *m)
{
	const struct mrk_state *s = state;
	const mrt_host_api *api = s->api;
	struct sq_ev ev[SQ_MAX_EV];
	size_t nf = api->migration_func_count(m);
	for (size_t f = 0; f < nf; f++) {
		const mrt_func *fn = api->migration_func(m, f);
		enum mrt_func_role role = api->func_role(fn);
		if (role == MRT_FN_HELPER)
			continue;
		size_t nops = api->func_op_count(fn);
		for (size_t i = 0; i < nops; i++) {
			const mrt_op *o = api->func_op(fn, i);
			size_t n = sq_events(api, o, ev);
			for (size_t k = 0; k < n; k++) {
				const struct sq_ev *e = &ev[k];
				if (role == MRT_FN_UPGRADE && e->kind == SQ_CREATE &&
				    sq_has(api, m, MRT_FN_DOWNGRADE, SQ_DROP, e->name, NULL))
					continue;
				if (role == MRT_FN_DOWNGRADE && e->kind == SQ_DROP &&
				    sq_has(api, m, MRT_FN_UPGRADE, SQ_CREATE, e->name, NULL))
					continue;
				if (e->kind == SQ_SETVAL && sq_has(api, m, role, SQ_CREATE, e->name, o))
					continue;
				char notes[200], nm[160];
				oc_notes(api, o, notes, sizeof(notes));
				if (e->name[0])
					snprintf(nm, sizeof(nm), " '%s'", e->name);
				else
					nm[0] = '\0';
				int rc = api->report(ctx, MRT_SEV_DEFAULT, e->line, api->op_col(o), sq_hint,
				                     "%s in %s()%s %s%s: a sequence's position is not rolled back, so ids can "
				                     "collide or jump after a downgrade",
				                     e->how, api->func_name(fn), notes, sq_effect(e->kind), nm);
				if (rc)
					return rc;
			}
		}
	}
	return MRT_OK;
}

static const mrt_option_spec sq_options[] = {{0}};

MRT_PLUGIN_DEFINE(.kind = MRT_KIND_RULE, .name = "sequence-change", .version = "1.0.0",
                  .description = "CREATE/ALTER/DROP SEQUENCE or setval(): sequence state is not rolled back",
                  .init = mrk_init, .check_migration = sq_check, .fini = mrk_fini, .options = sq_options)
