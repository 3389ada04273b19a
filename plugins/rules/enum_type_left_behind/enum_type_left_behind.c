/*
 * enum_type_left_behind.c — MRT012 enum-type-left-behind (PostgreSQL): an enum type the upgrade creates is never
 * dropped by the downgrade.
 *
 * On PostgreSQL an Enum is a separate type. op.create_table() creates it with the table, but op.drop_table() does not
 * drop it (the table it builds has no columns), so after `downgrade` the type stays and the next `upgrade` fails with
 * 'type "x" already exists'. Creations seen in upgrade():
 *   - sa.Enum(..., name="x") / postgresql.ENUM(..., name="x") (or sa.Enum(PyEnum) → "pyenum") inside create_table
 *     and add_column (op and batch_op), unless create_type=False or native_enum=False;
 *   - postgresql.ENUM(..., name="x").create(bind) and `<var>.create(bind)` on a variable whose name says it is an
 *     enum or a type (status_enum, mood_type): the model does not carry the assignment, so the variable name is the
 *     key and `<var>.drop(bind)` in the downgrade matches it;
 *   - CREATE TYPE x AS ENUM (...) in execute() SQL.
 * Drops seen in downgrade(): DROP TYPE x[, y] (IF EXISTS, CASCADE), sa.Enum(name="x").drop(bind),
 * postgresql.ENUM(name="x").drop(bind), <var>.drop(bind). One finding per type, on its first creation. Nothing is
 * reported when the downgrade is missing, empty or raises (MRT001/MRT002/MRT003). The YAML limits the rule to
 * PostgreSQL.
 */
#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "mrt_sdk.h"
#include "../common/mrt_rulekit.h"
#include "../rollback_common/rb_common.h"

#define ET_MAX 64
#define ET_NAME 128

struct et_type {
	char name[ET_NAME];  /* type name, or the variable name when var */
	bool var;            /* known only by the Python variable holding it */
	unsigned line, col;
	const char *how;     /* static: "sa.Enum in create_table", ... */
	const mrt_op *op;
};

struct et_set {
	struct et_type v[ET_MAX];
	size_t n;
};

/* A variable and a type name match when they are spelled the same (`package_type = ENUM(..., name="package_type")`,
 * `package_type.create(bind)` in upgrade, `ENUM(name="package_type").drop(bind)` in downgrade). */
static bool et_has(const struct et_set *s, const char *name, bool var)
{
	for (size_t i = 0; i < s->n; i++) {
		if (s->v[i].var == var ? (var ? !strcmp(s->v[i].name, name) : rb_same(s->v[i].name, name))
		                       : rb_ieq(s->v[i].name, name))
			return true;
	}
	return false;
}

static void et_add(struct et_set *s, const char *name, size_t len, bool var, const mrt_op *o, unsigned line,
                   unsigned col, const char *how)
{
	if (!name || !len || len >= ET_NAME || s->n >= ET_MAX)
		return;
	struct et_type t;
	memset(&t, 0, sizeof(t));
	memcpy(t.name, name, len);
	t.name[len] = '\0';
	if (et_has(s, t.name, var))
		return;
	t.var = var;
	t.line = line;
	t.col = col;
	t.how = how;
	t.op = o;
	s->v[s->n++] = t;
}

/* Whether a dotted callee of length len names Enum or ENUM (rb_base(callee) is one of them), read from its end: no
 * strrchr() per call of every create_table, and most callees already differ in the last character. */
static bool et_is_enum_callee(const char *callee, size_t len)
{
	if (!callee || len < 4 || (callee[len - 1] != 'm' && callee[len - 1] != 'M'))
		return false;
	const char *b = callee + len - 4;
	return (!memcmp(b, "Enum", 4) || !memcmp(b, "ENUM", 4)) && (len == 4 || b[-1] == '.');
}

/* Whether values of kind k have items (value_item_count(): calls, lists, tuples, dicts, unary operands; the model
 * also keeps the items of a set display (other) and of an operation (binop)). The rest are leaves: no call for them. */
static bool et_has_items(enum mrt_value_kind k)
{
	switch (k) {
	case MRT_VAL_STR:
	case MRT_VAL_BYTES:
	case MRT_VAL_INT:
	case MRT_VAL_FLOAT:
	case MRT_VAL_BOOL:
	case MRT_VAL_NONE:
	case MRT_VAL_NAME:
	case MRT_VAL_ATTR:
	case MRT_VAL_FSTRING:
		return false;
	default:
		return true;
	}
}

/* The type an Enum(...) / ENUM(...) call v declares, added to out unless create_type=False or native_enum=False. */
static void et_enum_call(const mrt_host_api *api, const mrt_value *v, struct et_set *out, const mrt_op *o,
                         const char *how)
{
	const mrt_value *ct = api->value_call_arg(v, "create_type", -1);
	const mrt_value *ne = api->value_call_arg(v, "native_enum", -1);
	if ((ct && api->value_kind(ct) == MRT_VAL_BOOL && !api->value_bool(ct)) ||
	    (ne && api->value_kind(ne) == MRT_VAL_BOOL && !api->value_bool(ne)))
		return;
	const char *name = rb_str(api, api->value_call_arg(v, "name", -1));
	char lower[ET_NAME];
	if (!name) {
		/* sa.Enum(MyEnum): SQLAlchemy names the type after the class, lower case */
		const mrt_value *first = api->value_call_arg(v, NULL, 0);
		enum mrt_value_kind fk = api->value_kind(first);
		if (fk == MRT_VAL_NAME || fk == MRT_VAL_ATTR) {
			const char *cls = rb_base(api->value_text(first, NULL));
			size_t n = cls ? strlen(cls) : 0;
			if (n && n < sizeof(lower)) {
				for (size_t i = 0; i <= n; i++)
					lower[i] = (char)tolower((unsigned char)cls[i]);
				name = lower;
			}
		}
	}
	if (name)
		et_add(out, name, strlen(name), false, o, api->value_line(v), api->value_col(v), how);
}

#define ET_MAX_DEPTH 8

/*
 * Enum types declared inside value v of kind k (recursively: Column(..., sa.Enum(...)), sa.ARRAY(sa.Enum(...))), v
 * at nesting depth `depth` (at most ET_MAX_DEPTH). Items that cannot hold a call (et_has_items) are not visited: a
 * create_table has many literal arguments.
 */
static void et_scan_value(const mrt_host_api *api, const mrt_value *v, enum mrt_value_kind k, struct et_set *out,
                          const mrt_op *o, const char *how, int depth)
{
	if (k == MRT_VAL_CALL) {
		size_t len = 0;
		const char *callee = api->value_text(v, &len);
		if (et_is_enum_callee(callee, len)) {
			et_enum_call(api, v, out, o, how);
			return;
		}
	}
	if (depth >= ET_MAX_DEPTH)
		return;
	size_t n = api->value_item_count(v);
	for (size_t i = 0; i < n; i++) {
		const mrt_value *it = api->value_item(v, i);
		enum mrt_value_kind ik = api->value_kind(it);
		if (it && et_has_items(ik))
			et_scan_value(api, it, ik, out, o, how, depth + 1);
	}
}

/* et_scan_value() of an op argument (depth 0). */
static void et_scan_arg(const mrt_host_api *api, const mrt_value *v, struct et_set *out, const mrt_op *o,
                        const char *how)
{
	enum mrt_value_kind k = api->value_kind(v);
	if (v && et_has_items(k))
		et_scan_value(api, v, k, out, o, how, 0);
}

/* name="x" / name='x' inside a receiver's source text; returns its start and length. */
static const char *et_name_in_text(const char *text, size_t *len)
{
	for (const char *p = text ? strstr(text, "name") : NULL; p; p = strstr(p + 1, "name")) {
		if (p > text && (isalnum((unsigned char)p[-1]) || p[-1] == '_'))
			continue;
		const char *q = p + 4;
		while (*q == ' ')
			q++;
		if (*q != '=')
			continue;
		q++;
		while (*q == ' ')
			q++;
		if (*q != '"' && *q != '\'')
			continue;
		char quote = *q++;
		const char *end = strchr(q, quote);
		if (!end)
			return NULL;
		*len = (size_t)(end - q);
		return q;
	}
	return NULL;
}

/* Whether a receiver is a bare Python identifier that names an enum/type variable. */
static bool et_enum_var(const char *recv)
{
	if (!recv || !*recv)
		return false;
	char lower[ET_NAME];
	size_t n = strlen(recv);
	if (n >= sizeof(lower))
		return false;
	for (size_t i = 0; i < n; i++) {
		if (!isalnum((unsigned char)recv[i]) && recv[i] != '_')
			return false;
		lower[i] = (char)tolower((unsigned char)recv[i]);
	}
	lower[n] = '\0';
	return strstr(lower, "enum") || strstr(lower, "type");
}

/* `<enum>.create(bind)` / `<enum>.drop(bind)`: adds the type it names. */
static void et_receiver(const mrt_host_api *api, const mrt_op *o, struct et_set *out, const char *how)
{
	const char *recv = api->op_receiver(o);
	if (!recv)
		return;
	if (strstr(recv, "Enum(") || strstr(recv, "ENUM(")) {
		size_t len = 0;
		const char *name = et_name_in_text(recv, &len);
		if (name)
			et_add(out, name, len, false, o, api->op_line(o), api->op_col(o), how);
	} else if (et_enum_var(recv)) {
		et_add(out, recv, strlen(recv), true, o, api->op_line(o), api->op_col(o), how);
	}
}

/* Names of a DROP TYPE statement: "DROP TYPE [IF EXISTS] a, b [CASCADE|RESTRICT]". */
static void et_drop_names(const mrt_host_api *api, const mrt_op *o, const mrt_sql *q, struct et_set *out)
{
	const char *first = api->sql_name(q);
	if (first)
		et_add(out, first, strlen(first), false, o, api->op_line(o), api->op_col(o), "DROP TYPE");
	if (!api->sql_extra_names(q))
		return;
	size_t len = 0;
	const char *t = api->sql_text(q, &len);
	if (!t)
		return;
	/* the names follow the first comma at the top level */
	const char *p = memchr(t, ',', len), *end = t + len;
	while (p && p < end) {
		p++;
		while (p < end && isspace((unsigned char)*p))
			p++;
		const char *s = p;
		while (p < end && (isalnum((unsigned char)*p) || *p == '_' || *p == '.' || *p == '"'))
			p++;
		size_t n = (size_t)(p - s);
		if (n && s[0] == '"' && n >= 2 && s[n - 1] == '"') {
			s++;
			n -= 2;
		}
		if (n)
			et_add(out, s, n, false, o, api->op_line(o), api->op_col(o), "DROP TYPE");
		while (p < end && isspace((unsigned char)*p))
			p++;
		if (p >= end || *p != ',')
			break;
	}
}

static void et_collect(const mrt_host_api *api, const mrt_func *f, bool creates, struct et_set *out)
{
	size_t nops = api->func_op_count(f);
	for (size_t i = 0; i < nops; i++) {
		const mrt_op *o = api->func_op(f, i);
		const char *name = api->op_name(o);
		if (!name)
			continue;
		/* RB_IS: the first character decides for most op names, without a call */
		if (creates && (RB_IS(name, "create_table") || RB_IS(name, "add_column"))) {
			const char *how = name[0] == 'c' ? "in create_table" : "in add_column";
			size_t n = api->op_arg_count(o);
			for (size_t k = 0; k < n; k++)
				et_scan_arg(api, api->op_arg_value(o, k), out, o, how);
			continue;
		}
		if (creates ? RB_IS(name, "create") : RB_IS(name, "drop")) {
			et_receiver(api, o, out, creates ? "created with .create()" : ".drop()");
			continue;
		}
		size_t nsql = api->op_sql_count(o);
		for (size_t k = 0; k < nsql; k++) {
			const mrt_sql *q = api->op_sql(o, k);
			if (api->sql_object(q) != MRT_SQL_O_TYPE)
				continue;
			if (creates && api->sql_verb(q) == MRT_SQL_V_CREATE && (api->sql_flags(q) & MRT_SQL_IS_ENUM)) {
				const char *tn = api->sql_name(q);
				if (tn)
					et_add(out, tn, strlen(tn), false, o, mrk_sql_line(api, o, q), api->op_col(o),
					       "with CREATE TYPE");
			} else if (!creates && api->sql_verb(q) == MRT_SQL_V_DROP) {
				et_drop_names(api, o, q, out);
			}
		}
	}
}

#define ET_HINT_FMT                                                                                            \
	"drop it at the end of downgrade(), after the tables that use it: sa.Enum(name='%s').drop(op.get_bind(), " \
	"checkfirst=True) or op.execute('DROP TYPE IF EXISTS %s')"

static int et_check_up(void *state, mrt_ctx *ctx, const mrt_migration *m, const mrt_func *up)
{
	const struct mrk_state *s = state;
	const mrt_host_api *api = s->api;
	const mrt_func *down = rb_downgrade_for(api, m, up);
	if (!down || api->func_body(down) != MRT_BODY_NORMAL)
		return MRT_OK;
	/* on the stack, and only the counts initialised: a zeroed 2 x 9 KiB per migration was this rule's main cost */
	struct et_set made_set, dropped_set;
	struct et_set *made = &made_set, *dropped = &dropped_set;
	made->n = dropped->n = 0;
	et_collect(api, up, true, made);
	if (made->n) /* the drops matter only for a type the upgrade creates */
		et_collect(api, down, false, dropped);
	int rc = MRT_OK;
	for (size_t i = 0; i < made->n && rc == MRT_OK; i++) {
		const struct et_type *t = &made->v[i];
		if (et_has(dropped, t->name, t->var))
			continue;
		char notes[200], hint[512];
		rb_notes(api, t->op, notes, sizeof(notes));
		snprintf(hint, sizeof(hint), ET_HINT_FMT, t->var ? "<name>" : t->name, t->var ? "<name>" : t->name);
		if (t->var)
			rc = api->report(ctx, MRT_SEV_DEFAULT, t->line, t->col, hint,
			                 "upgrade creates the enum type held by '%s' (%s)%s but downgrade() never drops it "
			                 "(no %s.drop()): after a rollback the type stays and the next upgrade fails with "
			                 "'already exists'",
			                 t->name, t->how, notes, t->name);
		else
			rc = api->report(ctx, MRT_SEV_DEFAULT, t->line, t->col, hint,
			                 "upgrade creates enum type '%s' (%s)%s but downgrade() never drops it: after a "
			                 "rollback the type stays and the next upgrade fails with 'type \"%s\" already "
			                 "exists'",
			                 t->name, t->how, notes, t->name);
	}
	return rc;
}

static int et_check(void *state, mrt_ctx *ctx, const mrt_migration *m)
{
	const struct mrk_state *s = state;
	return mrk_each_func(s->api, state, ctx, m, false, et_check_up);
}

static const mrt_option_spec et_options[] = {{0}};

MRT_PLUGIN_DEFINE(.kind = MRT_KIND_RULE, .name = "enum-type-left-behind", .version = "1.0.0",
                  .description = "an enum type the upgrade creates is never dropped by the downgrade (PostgreSQL)",
                  .init = mrk_init, .check_migration = et_check, .fini = mrk_fini, .options = et_options)
