/* model.c — lookups over the migration model (model.h) and its JSON form (model_json.h). */
#include "model.h"

#include <stdlib.h>
#include <string.h>

#include "model_json.h"

/* ---- lookups --------------------------------------------------------------------------------------------------- */

const struct func *migration_func(const struct migration *m, const char *name)
{
	if (!m || !name)
		return NULL;
	for (size_t i = 0; i < m->nfuncs; i++)
		if (m->funcs[i].name && strcmp(m->funcs[i].name, name) == 0)
			return &m->funcs[i];
	return NULL;
}

const struct func *migration_upgrade(const struct migration *m)
{
	return migration_func(m, "upgrade");
}

const struct func *migration_downgrade(const struct migration *m)
{
	return migration_func(m, "downgrade");
}

const struct value *op_arg(const struct op *o, const char *keyword, int position)
{
	if (!o)
		return NULL;
	if (keyword) {
		for (size_t i = 0; i < o->nargs; i++)
			if (o->args[i].name && strcmp(o->args[i].name, keyword) == 0)
				return o->args[i].value;
	}
	if (position < 0)
		return NULL;
	int k = 0;
	for (size_t i = 0; i < o->nargs; i++) {
		if (o->args[i].name)
			continue;
		if (k++ == position)
			return o->args[i].value;
	}
	return NULL;
}

const char *value_kind_name(enum value_kind k)
{
	switch (k) {
	case VAL_OTHER:
		return "other";
	case VAL_STR:
		return "str";
	case VAL_BYTES:
		return "bytes";
	case VAL_INT:
		return "int";
	case VAL_FLOAT:
		return "float";
	case VAL_BOOL:
		return "bool";
	case VAL_NONE:
		return "none";
	case VAL_NAME:
		return "name";
	case VAL_ATTR:
		return "attr";
	case VAL_CALL:
		return "call";
	case VAL_LIST:
		return "list";
	case VAL_TUPLE:
		return "tuple";
	case VAL_DICT:
		return "dict";
	case VAL_FSTRING:
		return "fstring";
	case VAL_UNARY:
		return "unary";
	case VAL_BINOP:
		return "binop";
	}
	return "other";
}

/* ---- JSON ------------------------------------------------------------------------------------------------------ */

static const char *role_name(enum func_role r)
{
	switch (r) {
	case FN_UPGRADE:
		return "upgrade";
	case FN_DOWNGRADE:
		return "downgrade";
	case FN_HELPER:
		return "helper";
	}
	return "helper";
}

static const char *body_name(enum body_kind b)
{
	switch (b) {
	case BODY_NORMAL:
		return "normal";
	case BODY_EMPTY:
		return "empty";
	case BODY_RAISES:
		return "raises";
	}
	return "normal";
}

/* Length of the valid UTF-8 sequence at s[0..n), 0 when invalid. */
static size_t utf8_seq(const unsigned char *s, size_t n)
{
	unsigned c = s[0];
	if (c < 0x80)
		return 1;
	size_t k;
	unsigned min;
	if (c >= 0xC2 && c <= 0xDF) {
		k = 2;
		min = 0x80;
	} else if (c >= 0xE0 && c <= 0xEF) {
		k = 3;
		min = 0x800;
	} else if (c >= 0xF0 && c <= 0xF4) {
		k = 4;
		min = 0x10000;
	} else {
		return 0;
	}
	if (n < k)
		return 0;
	unsigned v = c & (0x3F >> (k - 1));
	for (size_t i = 1; i < k; i++) {
		if ((s[i] & 0xC0) != 0x80)
			return 0;
		v = (v << 6) | (s[i] & 0x3F);
	}
	if (v < min || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF))
		return 0;
	return k;
}

/* A JSON string of s[0..n) (NUL bytes kept); invalid UTF-8 bytes become U+FFFD. NULL on out-of-memory. */
static json_t *jstr_n(const char *s, size_t n)
{
	if (!s)
		return json_null();
	json_t *j = json_stringn(s, n);
	if (j)
		return j;
	/* not UTF-8: sanitise */
	if (n > (SIZE_MAX - 1) / 3)
		return NULL;
	char *b = malloc(n * 3 + 1);
	if (!b)
		return NULL;
	size_t o = 0;
	const unsigned char *u = (const unsigned char *)s;
	for (size_t i = 0; i < n;) {
		size_t k = utf8_seq(u + i, n - i);
		if (k == 0) {
			b[o++] = (char)0xEF;
			b[o++] = (char)0xBF;
			b[o++] = (char)0xBD;
			i++;
		} else {
			memcpy(b + o, u + i, k);
			o += k;
			i += k;
		}
	}
	j = json_stringn(b, o);
	free(b);
	return j;
}

static json_t *jstr(const char *s)
{
	return s ? jstr_n(s, strlen(s)) : json_null();
}

/* json_object_set_new that tracks failure in *ok (the value reference is always consumed). */
static void jset(json_t *o, const char *k, json_t *v, int *ok)
{
	if (!v) {
		*ok = 0;
		return;
	}
	if (json_object_set_new(o, k, v) != 0)
		*ok = 0;
}

static void jappend(json_t *a, json_t *v, int *ok)
{
	if (!v) {
		*ok = 0;
		return;
	}
	if (json_array_append_new(a, v) != 0)
		*ok = 0;
}

static json_t *value_json(const struct value *v, unsigned depth, int *ok);

static json_t *args_json(const struct arg *args, size_t n, unsigned depth, int *ok)
{
	json_t *a = json_array();
	if (!a) {
		*ok = 0;
		return NULL;
	}
	for (size_t i = 0; i < n; i++) {
		json_t *e = json_object();
		if (!e) {
			*ok = 0;
			break;
		}
		jset(e, "name", jstr(args[i].name), ok);
		jset(e, "value", value_json(args[i].value, depth + 1, ok), ok);
		jappend(a, e, ok);
	}
	return a;
}

static json_t *items_json(const struct arg *args, size_t n, unsigned depth, int *ok)
{
	json_t *a = json_array();
	if (!a) {
		*ok = 0;
		return NULL;
	}
	for (size_t i = 0; i < n; i++)
		jappend(a, value_json(args[i].value, depth + 1, ok), ok);
	return a;
}

static json_t *value_json(const struct value *v, unsigned depth, int *ok)
{
	if (!v)
		return json_null();
	json_t *o = json_object();
	if (!o) {
		*ok = 0;
		return NULL;
	}
	jset(o, "kind", json_string(value_kind_name(v->kind)), ok);
	if (depth > 200) { /* deeper trees are cut: the source text stays */
		jset(o, "text", jstr_n(v->text, v->len), ok);
		return o;
	}
	if (v->kind == VAL_STR && v->dynamic) /* holds a NUL byte: never a name */
		jset(o, "dynamic", json_true(), ok);
	switch (v->kind) {
	case VAL_STR:
	case VAL_BYTES:
	case VAL_NAME:
	case VAL_ATTR:
		jset(o, "value", jstr_n(v->text, v->len), ok);
		break;
	case VAL_FSTRING:
		jset(o, "value", jstr_n(v->text, v->len), ok);
		jset(o, "dynamic", json_true(), ok);
		break;
	case VAL_INT:
		jset(o, "value", json_integer((json_int_t)v->i), ok);
		break;
	case VAL_FLOAT:
		jset(o, "value", json_real(v->f), ok);
		break;
	case VAL_BOOL:
		jset(o, "value", json_boolean(v->i != 0), ok);
		break;
	case VAL_NONE:
		break;
	case VAL_CALL:
		jset(o, "func", jstr_n(v->text, v->len), ok);
		jset(o, "args", args_json(v->args, v->nargs, depth, ok), ok);
		if (v->dynamic)
			jset(o, "dynamic", json_true(), ok);
		break;
	case VAL_LIST:
	case VAL_TUPLE:
		jset(o, "items", items_json(v->args, v->nargs, depth, ok), ok);
		break;
	case VAL_DICT: {
		json_t *a = json_array();
		if (!a) {
			*ok = 0;
			break;
		}
		for (size_t i = 0; i < v->nargs; i++) {
			json_t *e = json_object();
			if (!e) {
				*ok = 0;
				break;
			}
			if (v->args[i].name)
				jset(e, "splat", jstr(v->args[i].name), ok);
			jset(e, "key", value_json(v->args[i].key, depth + 1, ok), ok);
			jset(e, "value", value_json(v->args[i].value, depth + 1, ok), ok);
			jappend(a, e, ok);
		}
		jset(o, "items", a, ok);
		break;
	}
	case VAL_UNARY:
		jset(o, "op", jstr_n(v->text, v->len), ok);
		jset(o, "operand", value_json(v->nargs ? v->args[0].value : NULL, depth + 1, ok), ok);
		break;
	case VAL_BINOP:
	case VAL_OTHER:
		jset(o, "text", jstr_n(v->text, v->len), ok);
		jset(o, "dynamic", json_boolean(v->dynamic), ok);
		break;
	}
	return o;
}

static json_t *strlist_json(const struct strlist *l, int *ok)
{
	json_t *a = json_array();
	if (!a) {
		*ok = 0;
		return NULL;
	}
	for (size_t i = 0; i < l->count; i++)
		jappend(a, jstr(l->items[i]), ok);
	return a;
}

static json_t *stmt_json(const struct sql_stmt *s, int *ok)
{
	json_t *o = json_object();
	if (!o) {
		*ok = 0;
		return NULL;
	}
	jset(o, "verb", jstr(sql_verb_name(s->verb)), ok);
	jset(o, "object", jstr(sql_object_name(s->object)), ok);
	jset(o, "action", jstr(sql_action_name(s->action)), ok);
	jset(o, "text", jstr_n(s->text, s->len), ok);
	jset(o, "line", json_integer(s->line), ok);
	jset(o, "table", jstr(s->table), ok);
	jset(o, "column", jstr(s->column), ok);
	jset(o, "name", jstr(s->name), ok);
	jset(o, "new_name", jstr(s->new_name), ok);
	jset(o, "has_where", json_boolean(s->has_where), ok);
	jset(o, "cascade", json_boolean(s->cascade), ok);
	jset(o, "concurrently", json_boolean(s->concurrently), ok);
	jset(o, "not_valid", json_boolean(s->not_valid), ok);
	jset(o, "if_exists", json_boolean(s->if_exists), ok);
	jset(o, "unique", json_boolean(s->unique), ok);
	jset(o, "insert_select", json_boolean(s->insert_select), ok);
	jset(o, "on_delete_cascade", json_boolean(s->on_delete_cascade), ok);
	jset(o, "not_null", json_boolean(s->not_null), ok);
	jset(o, "has_default", json_boolean(s->has_default), ok);
	jset(o, "extra_actions", json_integer(s->extra_actions), ok);
	jset(o, "constraint_kind", jstr(s->constraint_kind), ok);
	return o;
}

static json_t *op_json(const struct op *op, int *ok)
{
	json_t *o = json_object();
	if (!o) {
		*ok = 0;
		return NULL;
	}
	jset(o, "name", jstr(op->name), ok);
	jset(o, "receiver", jstr(op->receiver), ok);
	jset(o, "table", jstr(op->table), ok);
	jset(o, "schema", jstr(op->schema), ok);
	jset(o, "line", json_integer(op->line), ok);
	jset(o, "col", json_integer(op->col), ok);
	jset(o, "end_line", json_integer(op->end_line), ok);
	jset(o, "batch", json_boolean(op->batch), ok);
	jset(o, "via_bind", json_boolean(op->via_bind), ok);
	jset(o, "conditional", json_boolean(op->conditional), ok);
	jset(o, "in_autocommit", json_boolean(op->in_autocommit), ok);
	jset(o, "helper", jstr(op->helper), ok);
	jset(o, "call_line", op->helper ? json_integer(op->call_line) : json_null(), ok);
	jset(o, "args", args_json(op->args, op->nargs, 0, ok), ok);
	jset(o, "sql", jstr(op->sql_text), ok);
	jset(o, "sql_opaque", json_boolean(op->sql_opaque), ok);
	jset(o, "sql_expr", json_boolean(op->sql_expr), ok);
	jset(o, "sql_expr_verb", jstr(op->sql_expr_verb), ok);
	if (op->sql_expr)
		jset(o, "sql_expr_where", json_boolean(op->sql_expr_where), ok);
	json_t *st = json_array();
	if (!st) {
		*ok = 0;
	} else {
		for (size_t i = 0; i < op->sql.count; i++)
			jappend(st, stmt_json(&op->sql.items[i], ok), ok);
		jset(o, "statements", st, ok);
	}
	if (op->sql.unterminated)
		jset(o, "sql_unterminated", json_true(), ok);
	return o;
}

static json_t *func_json(const struct func *f, int *ok)
{
	json_t *o = json_object();
	if (!o) {
		*ok = 0;
		return NULL;
	}
	jset(o, "name", jstr(f->name), ok);
	jset(o, "role", json_string(role_name(f->role)), ok);
	jset(o, "body", json_string(body_name(f->body)), ok);
	jset(o, "line", json_integer(f->line), ok);
	jset(o, "end_line", json_integer(f->end_line), ok);
	jset(o, "docstring", jstr(f->docstring), ok);
	json_t *ops = json_array();
	if (!ops) {
		*ok = 0;
	} else {
		for (size_t i = 0; i < f->nops; i++)
			jappend(ops, op_json(&f->ops[i], ok), ok);
		jset(o, "ops", ops, ok);
	}
	json_t *rs = json_array();
	if (!rs) {
		*ok = 0;
	} else {
		for (size_t i = 0; i < f->nraises; i++) {
			const struct raise_info *r = &f->raises[i];
			json_t *e = json_object();
			if (!e) {
				*ok = 0;
				break;
			}
			jset(e, "exc", jstr(r->exc), ok);
			jset(e, "message", jstr(r->message), ok);
			jset(e, "line", json_integer(r->line), ok);
			jset(e, "col", json_integer(r->col), ok);
			jset(e, "conditional", json_boolean(r->conditional), ok);
			if (r->helper) {
				jset(e, "helper", jstr(r->helper), ok);
				jset(e, "call_line", json_integer(r->call_line), ok);
			}
			jappend(rs, e, ok);
		}
		jset(o, "raises", rs, ok);
	}
	return o;
}

int model_to_json(const struct migration *m, json_t **out)
{
	int ok = 1;
	*out = NULL;
	json_t *o = json_object();
	if (!o)
		return -1;
	jset(o, "path", jstr(m->path), &ok);
	jset(o, "revision", jstr(m->revision), &ok);
	jset(o, "down_revisions", strlist_json(&m->down_revisions, &ok), &ok);
	jset(o, "down_revision_set", json_boolean(m->down_revision_set), &ok);
	jset(o, "branch_labels", strlist_json(&m->branch_labels, &ok), &ok);
	jset(o, "depends_on", strlist_json(&m->depends_on, &ok), &ok);
	jset(o, "message", jstr(m->message), &ok);
	jset(o, "op_alias", jstr(m->op_alias), &ok);
	jset(o, "nlines", json_integer(m->nlines), &ok);

	json_t *imps = json_array();
	if (!imps) {
		ok = 0;
	} else {
		for (size_t i = 0; i < m->nimports; i++) {
			const struct import *im = &m->imports[i];
			json_t *e = json_object();
			if (!e) {
				ok = 0;
				break;
			}
			jset(e, "module", jstr(im->module), &ok);
			jset(e, "name", jstr(im->name), &ok);
			jset(e, "alias", jstr(im->alias), &ok);
			jset(e, "line", json_integer(im->line), &ok);
			jappend(imps, e, &ok);
		}
		jset(o, "imports", imps, &ok);
	}

	json_t *fns = json_array();
	if (!fns) {
		ok = 0;
	} else {
		for (size_t i = 0; i < m->nfuncs; i++)
			jappend(fns, func_json(&m->funcs[i], &ok), &ok);
		jset(o, "functions", fns, &ok);
	}

	json_t *cs = json_array();
	if (!cs) {
		ok = 0;
	} else {
		for (size_t i = 0; i < m->ncomments; i++) {
			json_t *e = json_object();
			if (!e) {
				ok = 0;
				break;
			}
			jset(e, "line", json_integer(m->comments[i].line), &ok);
			jset(e, "col", json_integer(m->comments[i].col), &ok);
			jset(e, "text", jstr(m->comments[i].text), &ok);
			jset(e, "own_line", json_boolean(m->comments[i].own_line), &ok);
			jappend(cs, e, &ok);
		}
		jset(o, "comments", cs, &ok);
	}

	json_t *es = json_array();
	if (!es) {
		ok = 0;
	} else {
		for (size_t i = 0; i < m->nerrors; i++) {
			json_t *e = json_object();
			if (!e) {
				ok = 0;
				break;
			}
			jset(e, "line", json_integer(m->errors[i].line), &ok);
			jset(e, "col", json_integer(m->errors[i].col), &ok);
			jset(e, "message", jstr(m->errors[i].message), &ok);
			jset(e, "token", jstr(m->errors[i].token), &ok);
			jappend(es, e, &ok);
		}
		jset(o, "errors", es, &ok);
	}
	if (!ok) {
		json_decref(o);
		return -1;
	}
	*out = o;
	return 0;
}
