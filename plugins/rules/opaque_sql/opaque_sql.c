/*
 * opaque_sql.c — MRT034 opaque-sql: execute() whose SQL cannot be analysed.
 *
 * The other rules read the SQL of op.execute(...), conn.execute(...) and op.get_bind().execute(...). When that SQL is
 * built at run time (f-string, "%" or .format() formatting, concatenation with a variable, a name the parser cannot
 * resolve, a function call) or cannot be split (it ends inside a quote or a comment), no rule can tell whether it drops
 * data: the check fails closed and asks for a suppression that says what the statement does.
 *
 * In upgrade() and downgrade() (helpers expanded at their call site, conditions included). Not on execute() of a
 * SQLAlchemy construct the model understands (t.update(), sa.insert(t), ...), and not on execute(CreateSequence(...))
 * / execute(DropSequence(...)), which MRT038 reports: one statement, one finding.
 */
#include <string.h>

#include "mrt_sdk.h"
#include "../common/mrt_rulekit.h"
#include "../ops_common/ops_common.h"

/* Why the argument is opaque, in words; looks through sa.text(...) / text(...). */
static const char *os_why(const mrt_host_api *api, const mrt_value *v, int depth)
{
	switch (api->value_kind(v)) {
	case MRT_VAL_FSTRING:
		return "an f-string built at run time";
	case MRT_VAL_BINOP:
		return "text built at run time by formatting or concatenation";
	case MRT_VAL_NAME:
	case MRT_VAL_ATTR:
		return "a variable whose value is not a literal the parser can see";
	case MRT_VAL_CALL: {
		const char *callee = oc_base(api->value_text(v, NULL));
		if (depth == 0 && callee && (!strcmp(callee, "text") || !strcmp(callee, "literal_column")) &&
		    api->value_item_count(v) > 0)
			return os_why(api, api->value_item(v, 0), depth + 1);
		return "the result of a function call";
	}
	case MRT_VAL_STR:
		return "SQL text that cannot be split into statements";
	default:
		return "an expression the parser cannot evaluate";
	}
}

/* execute(CreateSequence(...)) / execute(DropSequence(...)): MRT038's. */
static bool os_sequence_ddl(const mrt_host_api *api, const mrt_value *v)
{
	if (!v || api->value_kind(v) != MRT_VAL_CALL)
		return false;
	const char *callee = oc_base(api->value_text(v, NULL));
	return callee && (!strcmp(callee, "CreateSequence") || !strcmp(callee, "DropSequence"));
}

static const char *os_hint = "write the SQL as a literal so the rules can read it (bind values as parameters, not "
                             "with f-strings), or suppress with what it does: `# mrt: ignore[MRT034] <what the SQL "
                             "does and why rollback is safe>`";

static int os_check_op(void *state, mrt_ctx *ctx, const mrt_migration *m, const mrt_func *fn, const mrt_op *o)
{
	(void)m;
	const struct mrk_state *s = state;
	const mrt_host_api *api = s->api;
	uint32_t fl = api->op_flags(o);
	if (!(fl & (MRT_OP_SQL_OPAQUE | MRT_OP_SQL_UNTERMINATED)) || (fl & MRT_OP_SQL_EXPR))
		return MRT_OK;
	const mrt_value *arg = api->op_arg(o, "sqltext", 0);
	if (!arg)
		arg = api->op_arg(o, "statement", 0);
	if (os_sequence_ddl(api, arg))
		return MRT_OK;
	const char *why = (fl & MRT_OP_SQL_UNTERMINATED) && !(fl & MRT_OP_SQL_OPAQUE)
	                          ? "SQL text that ends inside a quote or a comment"
	                          : arg ? os_why(api, arg, 0) : "an argument the parser cannot see";
	char how[96], notes[200];
	oc_how(api, o, how, sizeof(how));
	oc_notes(api, o, notes, sizeof(notes));
	int rc = api->report(ctx, MRT_SEV_DEFAULT, api->op_line(o), api->op_col(o), os_hint,
	                     "%s in %s()%s runs %s: no rule can tell what it changes, so its rollback safety "
	                     "is unknown",
	                     how, api->func_name(fn), notes, why);
	if (rc)
		return rc;
	return MRT_OK;
}

static int os_check(void *state, mrt_ctx *ctx, const mrt_migration *m)
{
	const struct mrk_state *s = state;
	/* upgrade() and downgrade() ops; helper ops are expanded at their call sites */
	return mrk_walk(s->api, state, ctx, m, true, os_check_op);
}

static const mrt_option_spec os_options[] = {{0}};

MRT_PLUGIN_DEFINE(.kind = MRT_KIND_RULE, .name = "opaque-sql", .version = "1.0.0",
                  .description = "execute() with SQL that cannot be analysed: fail closed",
                  .init = mrk_init, .check_migration = os_check, .fini = mrk_fini, .options = os_options)
