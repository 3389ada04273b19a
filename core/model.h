/*
 * model.h — the migration model: what the parser extracts from one Alembic revision file.
 *
 * Everything hangs off one struct migration and lives in the arena passed to parse_migration() (parser.h); strings
 * are NUL-terminated arena copies unless said otherwise. Rules see this model only through the SDK accessors.
 */
#ifndef MRT_MODEL_H
#define MRT_MODEL_H

#include <stddef.h>
#include <stdint.h>
#include <stdbool.h>
#include "sql.h"

/* ---- typed values (call arguments, assignments) ---------------------------------------------------------------- */

enum value_kind {
	VAL_OTHER = 0, /* an expression the model does not represent (text still kept) */
	VAL_STR,       /* text = decoded value (implicit concatenation joined); a value containing a NUL byte keeps
	                  text/len but is marked dynamic and never used as a name (table, schema, revision, SQL) */
	VAL_BYTES,
	VAL_INT,
	VAL_FLOAT,
	VAL_BOOL,
	VAL_NONE,
	VAL_NAME,      /* text = "foo" */
	VAL_ATTR,      /* text = dotted path "sa.String", "postgresql.ENUM" */
	VAL_CALL,      /* text = dotted callee "sa.Column"; args/nargs = its arguments */
	VAL_LIST,      /* args = items (name NULL) */
	VAL_TUPLE,
	VAL_DICT,      /* args = entries: key in arg.key, value in arg.value */
	VAL_FSTRING,   /* text = literal text with {fields} verbatim; dynamic = true */
	VAL_UNARY,     /* -1, not x: text = operator, args[0] = operand */
	VAL_BINOP,     /* a + b, "..." % x, "...".format(): dynamic = true; text = source text */
};

struct value;

struct arg {
	const char *name;      /* keyword name, or NULL for positional (and list items); "*" / "**" for splats */
	struct value *key;     /* dict entries only */
	struct value *value;
};

struct value {
	enum value_kind kind;
	const char *text;      /* see enum value_kind; for VAL_OTHER the source text */
	size_t len;            /* length of text (strings may contain NUL) */
	int64_t i;             /* VAL_INT (saturated), VAL_BOOL (0/1) */
	double f;              /* VAL_FLOAT */
	struct arg *args;
	size_t nargs;
	bool dynamic;          /* value only known at run time (f-string, formatting, concatenation with a name) */
	unsigned line, col;
};

/* ---- operations ------------------------------------------------------------------------------------------------ */

enum func_role {
	FN_UPGRADE = 0,        /* upgrade() and upgrade_<name>() */
	FN_DOWNGRADE,          /* downgrade() and downgrade_<name>() */
	FN_HELPER,             /* any other module-level def */
};

enum body_kind {
	BODY_NORMAL = 0,
	BODY_EMPTY,            /* only pass / ... / docstring */
	BODY_RAISES,           /* only (docstring +) raise X(...) */
};

struct op {
	const char *name;      /* op method: "drop_column", "create_table", "execute", "bulk_insert", ... ;
	                          for SQL through a bind: "execute" with via_bind = true */
	const char *receiver;  /* the name called on as written: "op", "o", "batch_op", "conn" */
	const char *table;     /* target table (batch table, or the table argument), NULL when unknown/dynamic */
	const char *schema;    /* schema= keyword when a literal, else NULL */
	struct arg *args;      /* positional then keyword, in source order */
	size_t nargs;
	unsigned line, col;    /* first token of the call expression */
	unsigned end_line;     /* last line of the call (closing paren) */
	bool batch;            /* called on the `as` name of op.batch_alter_table(...) */
	bool via_bind;         /* conn.execute / op.get_bind().execute / session.execute */
	bool conditional;      /* under if/elif/else/for/while/try/except/with (other than batch/autocommit blocks) */
	bool in_autocommit;    /* inside `with op.get_context().autocommit_block():` */
	const char *helper;    /* name of the helper function the op was found in, or NULL when written inline */
	unsigned call_line;    /* when helper != NULL: line of the call site in upgrade()/downgrade() */
	/* SQL: for execute(...) and friends, the statements of the literal (after local-constant propagation).
	   Lines: op.line + sql.items[i].line is the statement's line in the file when the string literal is written in
	   the call (also on a later line: `op.execute(\n    """\n    ALTER ...""")`, `sa.text(` on the next line,
	   implicit concatenation, `"a" + "b"`); the parser maps each statement's offset in the decoded text back to the
	   string tokens. When the text comes from a constant defined elsewhere (`op.execute(SQL)`), every statement's
	   line is 0 (reported at the op's line). */
	struct sql_list sql;
	bool sql_opaque;       /* execute() whose SQL could not be known statically (f-string, built at run time) */
	const char *sql_text;  /* the SQL text when known, else NULL */
	/* execute(...) of a SQLAlchemy expression construct (t.update(), sa.insert(t), sa.delete(t), select, and
	   session.query(...).update/delete): not opaque SQL but a data change the rules can see */
	bool sql_expr;
	const char *sql_expr_verb; /* "update", "insert", "delete", "select" when sql_expr, else NULL */
	/* Additions: */
	bool sql_expr_where;   /* sql_expr with .where(...) / .filter(...) / .filter_by(...) (t.delete().where(...),
	                          sa.update(t).where(...), session.query(X).filter(...).delete()) */
};

struct raise_info {
	const char *exc;       /* "NotImplementedError", "RuntimeError", ... (dotted as written) */
	const char *message;   /* first argument when a literal string, else NULL */
	unsigned line, col;
	bool conditional;      /* under a condition, or the helper holding it is called under one */
	/* Additions: raises of helpers are copied to the caller at the call site, like ops */
	const char *helper;    /* name of the helper function the raise was found in, or NULL when written inline */
	unsigned call_line;    /* when helper != NULL: line of the call site in the function */
};

struct func {
	const char *name;      /* "upgrade", "downgrade", "upgrade_engine1", "_drop_helper" */
	enum func_role role;
	enum body_kind body;
	unsigned line, end_line;
	struct op *ops;        /* in source order, helpers expanded at their call site */
	size_t nops;
	struct raise_info *raises; /* in source order, helpers' raises copied at their call site */
	size_t nraises;
	const char *docstring; /* or NULL */
};

/* ---- module ---------------------------------------------------------------------------------------------------- */

struct import {
	const char *module;    /* "alembic", "sqlalchemy", "sqlalchemy.dialects", "myapp.models" */
	const char *name;      /* imported name for `from m import name`, NULL for `import m` */
	const char *alias;     /* bound name ("op", "o", "sa", "postgresql") */
	unsigned line;
};

struct strlist {
	const char **items;
	size_t count;
};

struct syntax_error {
	unsigned line, col;
	const char *message;   /* "unterminated string", "unexpected ')'", "expected ':'" */
	const char *token;     /* the offending token text (truncated), or "" */
};

struct comment_ref {
	const char *text;      /* NUL-terminated copy, starting at '#' */
	unsigned line, col;
	bool own_line;
};

struct migration {
	const char *path;           /* as given to the parser */
	const char *revision;       /* NULL when missing */
	unsigned revision_line;
	struct strlist down_revisions; /* empty for a base (None) */
	bool down_revision_set;     /* the assignment exists (even = None) */
	unsigned down_revision_line;
	struct strlist branch_labels;
	struct strlist depends_on;
	const char *message;        /* first line of the module docstring, or NULL */
	struct import *imports;
	size_t nimports;
	const char *op_alias;       /* first name bound to alembic.op ("op" by default) */
	struct func *funcs;         /* upgrade/downgrade variants and helpers, in source order */
	size_t nfuncs;
	struct comment_ref *comments;
	size_t ncomments;
	struct syntax_error *errors; /* lexical and syntax errors; the model is still as complete as possible */
	size_t nerrors;
	unsigned nlines;
};

/* Convenience lookups (NULL when absent). */
const struct func *migration_func(const struct migration *m, const char *name);
const struct func *migration_upgrade(const struct migration *m);   /* "upgrade" */
const struct func *migration_downgrade(const struct migration *m); /* "downgrade" */

/* Keyword argument by name, or positional argument by index (index < 0: keyword only). NULL when absent. */
const struct value *op_arg(const struct op *o, const char *keyword, int position);

const char *value_kind_name(enum value_kind k);

#endif
