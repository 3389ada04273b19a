/* test_parser.c — parser → migration model (core/parser.c, core/model.c), fixtures in tests/data/parser/. */
#include <check.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "model.h"
#include "model_json.h"
#include "parser.h"

static struct arena A;
static struct migration M;
static char *BUF; /* owned: the source of the current test */
static size_t BUFLEN;

static void setup(void)
{
	arena_init(&A);
	memset(&M, 0, sizeof(M));
	BUF = NULL;
	BUFLEN = 0;
}

static void teardown(void)
{
	arena_release(&A);
	free(BUF);
	BUF = NULL;
}

static void parse_text(const char *src)
{
	BUFLEN = strlen(src);
	BUF = malloc(BUFLEN + 1);
	ck_assert_ptr_nonnull(BUF);
	memcpy(BUF, src, BUFLEN + 1);
	ck_assert_int_eq(parse_migration(&A, "inline.py", BUF, BUFLEN, &M), 0);
}

static void load(const char *name)
{
	char path[1024];
	snprintf(path, sizeof(path), "%s/parser/%s", MRT_TEST_DATA, name);
	FILE *f = fopen(path, "rb");
	ck_assert_msg(f != NULL, "cannot open %s", path);
	fseek(f, 0, SEEK_END);
	long n = ftell(f);
	fseek(f, 0, SEEK_SET);
	ck_assert_int_ge(n, 0);
	BUF = malloc((size_t)n + 1);
	ck_assert_ptr_nonnull(BUF);
	BUFLEN = fread(BUF, 1, (size_t)n, f);
	fclose(f);
	ck_assert_uint_eq(BUFLEN, (size_t)n);
	BUF[BUFLEN] = '\0';
	ck_assert_int_eq(parse_migration(&A, path, BUF, BUFLEN, &M), 0);
}

static const struct func *fn(const char *name)
{
	const struct func *f = migration_func(&M, name);
	ck_assert_msg(f != NULL, "no function %s", name);
	return f;
}

/* Asserts op i of f: name, table (NULL allowed), line. */
#define CHECK_OP(f, i, nm, tbl, ln)                                                                      \
	do {                                                                                                 \
		ck_assert_uint_gt((f)->nops, (size_t)(i));                                                       \
		const struct op *o_ = &(f)->ops[(i)];                                                            \
		ck_assert_str_eq(o_->name, (nm));                                                                \
		if ((tbl) == NULL)                                                                               \
			ck_assert_ptr_null(o_->table);                                                               \
		else                                                                                             \
			ck_assert_pstr_eq(o_->table, (tbl));                                                         \
		ck_assert_uint_eq(o_->line, (ln));                                                               \
	} while (0)

static const struct value *arg_at(const struct op *o, const char *kw, int pos)
{
	const struct value *v = op_arg(o, kw, pos);
	ck_assert_msg(v != NULL, "op %s: no argument %s/%d", o->name, kw ? kw : "-", pos);
	return v;
}

static void check_str(const struct value *v, const char *s)
{
	ck_assert_int_eq(v->kind, VAL_STR);
	ck_assert_str_eq(v->text, s);
	ck_assert_uint_eq(v->len, strlen(s));
}

/* ---- autogenerate-style file --------------------------------------------------------------------------------- */

START_TEST(test_autogen_module)
{
	load("autogen_create.py");
	ck_assert_str_eq(M.revision, "1a2b3c4d5e6f");
	ck_assert_uint_eq(M.revision_line, 15);
	ck_assert(M.down_revision_set);
	ck_assert_uint_eq(M.down_revision_line, 16);
	ck_assert_uint_eq(M.down_revisions.count, 1);
	ck_assert_str_eq(M.down_revisions.items[0], "0f9e8d7c6b5a");
	ck_assert_uint_eq(M.branch_labels.count, 0);
	ck_assert_uint_eq(M.depends_on.count, 0);
	ck_assert_str_eq(M.message, "create users, orders and order_items");
	ck_assert_str_eq(M.op_alias, "op");
	ck_assert_uint_eq(M.nerrors, 0);
	ck_assert_uint_eq(M.nimports, 5);
	ck_assert_str_eq(M.imports[2].module, "alembic");
	ck_assert_str_eq(M.imports[2].name, "op");
	ck_assert_str_eq(M.imports[2].alias, "op");
	ck_assert_uint_eq(M.imports[2].line, 10);
	ck_assert_str_eq(M.imports[3].module, "sqlalchemy");
	ck_assert_ptr_null(M.imports[3].name);
	ck_assert_str_eq(M.imports[3].alias, "sa");
	ck_assert_str_eq(M.imports[4].module, "sqlalchemy.dialects");
	ck_assert_str_eq(M.imports[4].name, "postgresql");
	ck_assert_uint_eq(M.nfuncs, 2);
	const struct func *up = migration_upgrade(&M), *down = migration_downgrade(&M);
	ck_assert_ptr_eq(up, &M.funcs[0]);
	ck_assert_ptr_eq(down, &M.funcs[1]);
	ck_assert_int_eq(up->role, FN_UPGRADE);
	ck_assert_int_eq(down->role, FN_DOWNGRADE);
	ck_assert_int_eq(up->body, BODY_NORMAL);
	ck_assert_uint_eq(up->line, 21);
	ck_assert_uint_eq(up->end_line, 61);
	ck_assert_uint_eq(down->line, 65);
	ck_assert_uint_eq(down->end_line, 78);
	ck_assert_ptr_null(up->docstring);
	/* comments, also inside a multi-line call */
	ck_assert_uint_eq(M.ncomments, 7);
	ck_assert_str_eq(M.comments[0].text, "# revision identifiers, used by Alembic.");
	ck_assert_uint_eq(M.comments[0].line, 14);
	ck_assert(M.comments[0].own_line);
	ck_assert_str_eq(M.comments[2].text, "# display name");
	ck_assert_uint_eq(M.comments[2].line, 27);
	ck_assert_uint_eq(M.comments[2].col, 67);
	ck_assert(!M.comments[2].own_line);
	ck_assert_str_eq(M.comments[3].text, "# constraint name");
	ck_assert_uint_eq(M.comments[3].line, 49);
}
END_TEST

START_TEST(test_autogen_upgrade_ops)
{
	load("autogen_create.py");
	const struct func *up = fn("upgrade");
	ck_assert_uint_eq(up->nops, 10);
	CHECK_OP(up, 0, "create_table", "users", 23);
	CHECK_OP(up, 1, "create_index", "users", 36);
	CHECK_OP(up, 2, "create_table", "orders", 37);
	CHECK_OP(up, 3, "create_index", "orders", 47);
	CHECK_OP(up, 4, "create_foreign_key", "orders", 48);
	CHECK_OP(up, 5, "add_column", "users", 56);
	CHECK_OP(up, 6, "create_check_constraint", "orders", 57);
	CHECK_OP(up, 7, "create_unique_constraint", "orders", 58);
	CHECK_OP(up, 8, "alter_column", "users", 59);
	CHECK_OP(up, 9, "drop_column", "users", 61);

	const struct op *ct = &up->ops[0];
	ck_assert_str_eq(ct->receiver, "op");
	ck_assert_uint_eq(ct->col, 5);
	ck_assert_uint_eq(ct->end_line, 35);
	ck_assert(!ct->batch && !ct->via_bind && !ct->conditional && !ct->in_autocommit);
	ck_assert_ptr_null(ct->helper);
	ck_assert_ptr_null(ct->sql_text);
	ck_assert(!ct->sql_opaque);
	ck_assert_uint_eq(ct->nargs, 11);
	check_str(arg_at(ct, NULL, 0), "users");
	/* sa.Column("id", sa.Integer(), nullable=False) */
	const struct value *c = arg_at(ct, NULL, 1);
	ck_assert_int_eq(c->kind, VAL_CALL);
	ck_assert_str_eq(c->text, "sa.Column");
	ck_assert_uint_eq(c->line, 25);
	ck_assert_uint_eq(c->col, 9);
	ck_assert_uint_eq(c->nargs, 3);
	check_str(c->args[0].value, "id");
	ck_assert_int_eq(c->args[1].value->kind, VAL_CALL);
	ck_assert_str_eq(c->args[1].value->text, "sa.Integer");
	ck_assert_uint_eq(c->args[1].value->nargs, 0);
	ck_assert_str_eq(c->args[2].name, "nullable");
	ck_assert_int_eq(c->args[2].value->kind, VAL_BOOL);
	ck_assert_int_eq(c->args[2].value->i, 0);
	/* server_default=sa.text("true") */
	c = arg_at(ct, NULL, 4);
	ck_assert_str_eq(c->args[2].name, "server_default");
	ck_assert_int_eq(c->args[2].value->kind, VAL_CALL);
	ck_assert_str_eq(c->args[2].value->text, "sa.text");
	check_str(c->args[2].value->args[0].value, "true");
	/* sa.Numeric(precision=10, scale=2) */
	c = arg_at(ct, NULL, 5)->args[1].value;
	ck_assert_str_eq(c->text, "sa.Numeric");
	ck_assert_str_eq(c->args[0].name, "precision");
	ck_assert_int_eq(c->args[0].value->kind, VAL_INT);
	ck_assert_int_eq(c->args[0].value->i, 10);
	ck_assert_int_eq(c->args[1].value->i, 2);
	/* postgresql.JSONB(astext_type=sa.Text()) */
	c = arg_at(ct, NULL, 7)->args[1].value;
	ck_assert_str_eq(c->text, "postgresql.JSONB");
	ck_assert_str_eq(c->args[0].name, "astext_type");
	/* sa.Enum("active", "banned", name="user_status") */
	c = arg_at(ct, NULL, 8)->args[1].value;
	ck_assert_str_eq(c->text, "sa.Enum");
	ck_assert_uint_eq(c->nargs, 3);
	check_str(c->args[1].value, "banned");
	check_str(c->args[2].value, "user_status");
	/* sa.UniqueConstraint("email", name="uq_users_email") is the last argument */
	c = arg_at(ct, NULL, 10);
	ck_assert_str_eq(c->text, "sa.UniqueConstraint");

	/* create_index(op.f("ix_users_name"), "users", ["name"], unique=False) */
	const struct op *ix = &up->ops[1];
	const struct value *nm = arg_at(ix, NULL, 0);
	ck_assert_int_eq(nm->kind, VAL_CALL);
	ck_assert_str_eq(nm->text, "op.f");
	check_str(nm->args[0].value, "ix_users_name");
	const struct value *cols = arg_at(ix, NULL, 2);
	ck_assert_int_eq(cols->kind, VAL_LIST);
	ck_assert_uint_eq(cols->nargs, 1);
	check_str(cols->args[0].value, "name");
	ck_assert_int_eq(arg_at(ix, "unique", -1)->kind, VAL_BOOL);
	ck_assert_ptr_null(op_arg(ix, "unique_", -1));
	ck_assert_ptr_eq(op_arg(ix, "table_name", 1), arg_at(ix, NULL, 1));
	ck_assert_ptr_null(op_arg(ix, NULL, 3));

	/* server_default="-1.5" and server_default=sa.text("-1"), ForeignKeyConstraint(..., ondelete="CASCADE") */
	const struct op *orders = &up->ops[2];
	check_str(arg_at(orders, NULL, 4)->args[2].value, "-1.5");
	check_str(arg_at(orders, NULL, 5)->args[2].value->args[0].value, "-1");
	const struct value *fk = arg_at(orders, NULL, 6);
	ck_assert_str_eq(fk->text, "sa.ForeignKeyConstraint");
	ck_assert_int_eq(fk->args[0].value->kind, VAL_LIST);
	check_str(fk->args[1].value->args[0].value, "users.id");
	ck_assert_str_eq(fk->args[2].name, "ondelete");
	check_str(fk->args[2].value, "CASCADE");

	/* keyword table_name= */
	check_str(arg_at(&up->ops[3], "table_name", -1), "orders");
	ck_assert_uint_eq(up->ops[4].end_line, 55);
	check_str(arg_at(&up->ops[4], NULL, 2), "users");
	ck_assert_uint_eq(up->ops[8].end_line, 60);
	ck_assert_pstr_eq(up->ops[9].schema, "public");
	ck_assert_ptr_null(up->ops[8].schema);
}
END_TEST

START_TEST(test_autogen_downgrade_ops)
{
	load("autogen_create.py");
	const struct func *d = fn("downgrade");
	ck_assert_uint_eq(d->nops, 11);
	CHECK_OP(d, 0, "add_column", "users", 67);
	ck_assert_pstr_eq(d->ops[0].schema, "public");
	ck_assert_uint_eq(d->ops[0].end_line, 68);
	CHECK_OP(d, 1, "alter_column", "users", 69);
	CHECK_OP(d, 2, "drop_constraint", "orders", 70);
	check_str(arg_at(&d->ops[2], "type_", -1), "unique");
	CHECK_OP(d, 3, "drop_constraint", "orders", 71);
	CHECK_OP(d, 4, "drop_column", "users", 72);
	CHECK_OP(d, 5, "drop_constraint", "orders", 73);
	CHECK_OP(d, 6, "drop_index", "orders", 74);
	CHECK_OP(d, 7, "drop_table", "orders", 75);
	CHECK_OP(d, 8, "drop_index", "users", 76);
	CHECK_OP(d, 9, "drop_table", "users", 77);
	/* sa.Enum(name="user_status").drop(op.get_bind(), checkfirst=True) */
	CHECK_OP(d, 10, "drop", NULL, 78);
	ck_assert(d->ops[10].via_bind);
	ck_assert_str_eq(d->ops[10].receiver, "sa.Enum(name=\"user_status\")");
}
END_TEST

/* ---- batch ----------------------------------------------------------------------------------------------------- */

START_TEST(test_batch)
{
	load("batch.py");
	const struct func *up = fn("upgrade");
	ck_assert_uint_eq(up->nops, 6);
	CHECK_OP(up, 0, "add_column", "accounts", 11);
	CHECK_OP(up, 1, "drop_column", "accounts", 12);
	CHECK_OP(up, 2, "create_index", "accounts", 13);
	for (int i = 0; i < 3; i++) {
		ck_assert(up->ops[i].batch);
		ck_assert_str_eq(up->ops[i].receiver, "batch_op");
		ck_assert_pstr_eq(up->ops[i].schema, "billing");
		ck_assert(!up->ops[i].conditional);
		ck_assert_uint_eq(up->ops[i].col, 9);
	}
	check_str(arg_at(&up->ops[1], NULL, 0), "swift");
	/* table given as keyword; multi-line call */
	CHECK_OP(up, 3, "alter_column", "users", 16);
	ck_assert(up->ops[3].batch);
	ck_assert_str_eq(up->ops[3].receiver, "b");
	ck_assert_ptr_null(up->ops[3].schema);
	ck_assert_uint_eq(up->ops[3].end_line, 20);
	ck_assert_int_eq(arg_at(&up->ops[3], "nullable", -1)->kind, VAL_BOOL);
	/* after the block: a plain op again */
	CHECK_OP(up, 4, "drop_column", "users", 23);
	ck_assert(!up->ops[4].batch);
	/* batch and autocommit in one with-statement */
	CHECK_OP(up, 5, "drop_constraint", "tags", 26);
	ck_assert(up->ops[5].batch);
	ck_assert(up->ops[5].in_autocommit);
	ck_assert(!up->ops[5].conditional);

	const struct func *d = fn("downgrade");
	ck_assert_uint_eq(d->nops, 5);
	CHECK_OP(d, 0, "create_unique_constraint", "tags", 31);
	CHECK_OP(d, 1, "alter_column", "users", 33);
	CHECK_OP(d, 4, "drop_column", "accounts", 37);
	ck_assert(!d->ops[0].in_autocommit);
	for (size_t i = 0; i < d->nops; i++)
		ck_assert(d->ops[i].batch);
}
END_TEST

/* ---- helpers --------------------------------------------------------------------------------------------------- */

START_TEST(test_helpers)
{
	load("helpers.py");
	ck_assert_uint_eq(M.nfuncs, 6);
	ck_assert_int_eq(fn("_drop_legacy")->role, FN_HELPER);
	const struct func *up = fn("upgrade");
	ck_assert_uint_eq(up->nops, 5);
	/* _create_audit(): table from the module constant TABLE */
	CHECK_OP(up, 0, "create_table", "audit_log", 27);
	ck_assert_str_eq(up->ops[0].helper, "_create_audit");
	ck_assert_uint_eq(up->ops[0].call_line, 31);
	/* _drop_legacy("users"): the table parameter takes the literal of the call */
	CHECK_OP(up, 1, "drop_column", "users", 12);
	ck_assert_str_eq(up->ops[1].helper, "_drop_legacy");
	ck_assert_uint_eq(up->ops[1].call_line, 32);
	/* nested chain: _drop_legacy → _cleanup_index; call_line is the call site in upgrade() */
	CHECK_OP(up, 2, "drop_index", "users", 17);
	ck_assert_str_eq(up->ops[2].helper, "_cleanup_index");
	ck_assert_uint_eq(up->ops[2].call_line, 32);
	ck_assert(!up->ops[2].conditional);
	/* recursive helper under an if: expanded once, conditional */
	CHECK_OP(up, 3, "execute", NULL, 23);
	ck_assert_str_eq(up->ops[3].helper, "_recurse");
	ck_assert_uint_eq(up->ops[3].call_line, 34);
	ck_assert(up->ops[3].conditional);
	ck_assert_str_eq(up->ops[3].sql_text, "DELETE FROM sessions");
	/* inline op after the helpers */
	CHECK_OP(up, 4, "add_column", "users", 35);
	ck_assert_ptr_null(up->ops[4].helper);
	ck_assert_uint_eq(up->ops[4].call_line, 0);

	/* the helpers themselves */
	const struct func *h = fn("_drop_legacy");
	ck_assert_uint_eq(h->nops, 2);
	CHECK_OP(h, 0, "drop_column", NULL, 12); /* the parameter is unknown inside the helper */
	ck_assert_ptr_null(h->ops[0].helper);
	CHECK_OP(h, 1, "drop_index", "users", 17);
	ck_assert_str_eq(h->ops[1].helper, "_cleanup_index");
	ck_assert_uint_eq(h->ops[1].call_line, 13);
	ck_assert_uint_eq(fn("_recurse")->nops, 1);

	const struct func *d = fn("downgrade");
	ck_assert_uint_eq(d->nops, 2);
	CHECK_OP(d, 1, "drop_table", "audit_log", 40);
}
END_TEST

START_TEST(test_helper_cycle_and_order)
{
	parse_text("from alembic import op\n"
	           "def upgrade():\n"
	           "    op.drop_column('t', 'a')\n"
	           "    _a()\n"
	           "    op.drop_column('t', 'z')\n"
	           "def _a():\n"
	           "    op.drop_column('t', 'b')\n"
	           "    _b()\n"
	           "def _b():\n"
	           "    _a()\n"
	           "    op.drop_column('t', 'c')\n"
	           "    with op.get_context().autocommit_block():\n"
	           "        _c()\n"
	           "def _c():\n"
	           "    op.execute('VACUUM')\n"
	           "def downgrade():\n"
	           "    with op.batch_alter_table('acc', schema='s') as bop:\n"
	           "        _batch_helper(bop, col='x')\n"
	           "def _batch_helper(batch_op, col):\n"
	           "    batch_op.drop_column(col)\n"
	           "    op.execute(" "'p0' 'p1' 'p2' 'p3' 'p4' 'p5' 'p6' 'p7' 'p8' 'p9' 'p10' 'p11' 'p12' 'p13' 'p14' 'p15'"
	           " 'p16' 'p17' 'p18' 'p19')\n");
	const struct func *up = fn("upgrade");
	ck_assert_uint_eq(up->nops, 5);
	const char *cols[] = {"a", "b", "c"};
	for (int i = 0; i < 3; i++)
		check_str(arg_at(&up->ops[i], NULL, 1), cols[i]);
	ck_assert_ptr_null(up->ops[0].helper);
	ck_assert_str_eq(up->ops[1].helper, "_a");
	ck_assert_str_eq(up->ops[2].helper, "_b");
	ck_assert_uint_eq(up->ops[2].call_line, 4);
	CHECK_OP(up, 3, "execute", NULL, 15);
	ck_assert_str_eq(up->ops[3].helper, "_c");
	ck_assert(up->ops[3].in_autocommit);
	ck_assert(!up->ops[3].conditional);
	check_str(arg_at(&up->ops[4], NULL, 1), "z");
	/* a batch passed to a helper: the helper's batch ops get the batch table */
	const struct func *d = fn("downgrade");
	ck_assert_uint_eq(d->nops, 2);
	CHECK_OP(d, 0, "drop_column", "acc", 20);
	ck_assert(d->ops[0].batch);
	ck_assert_pstr_eq(d->ops[0].schema, "s");
	ck_assert_str_eq(d->ops[0].helper, "_batch_helper");
	ck_assert_uint_eq(d->ops[0].call_line, 18);
	/* more than 16 implicitly concatenated parts */
	ck_assert_str_eq(d->ops[1].sql_text, "p0p1p2p3p4p5p6p7p8p9p10p11p12p13p14p15p16p17p18p19");
	const struct func *bh = fn("_batch_helper");
	ck_assert(bh->ops[0].batch);
	ck_assert_ptr_null(bh->ops[0].table);
}
END_TEST

/* ---- aliases, annotated and multi-line assignments ------------------------------------------------------------- */

START_TEST(test_aliases)
{
	load("aliases.py");
	ck_assert_str_eq(M.op_alias, "o");
	ck_assert_str_eq(M.revision, "f00d");
	ck_assert_uint_eq(M.down_revisions.count, 2);
	ck_assert_str_eq(M.down_revisions.items[0], "aaa111");
	ck_assert_str_eq(M.down_revisions.items[1], "bbb222");
	ck_assert_uint_eq(M.down_revision_line, 17);
	ck_assert_uint_eq(M.branch_labels.count, 1);
	ck_assert_str_eq(M.branch_labels.items[0], "feature");
	ck_assert_uint_eq(M.depends_on.count, 1);
	ck_assert_str_eq(M.depends_on.items[0], "ccc333");
	ck_assert_uint_eq(M.nimports, 7);
	ck_assert_str_eq(M.imports[5].name, "Integer");
	ck_assert_str_eq(M.imports[5].alias, "Int");
	ck_assert_uint_eq(M.imports[5].line, 8);
	/* inside if TYPE_CHECKING: */
	ck_assert_str_eq(M.imports[6].module, "myapp.models");
	ck_assert_str_eq(M.imports[6].name, "User");
	ck_assert_uint_eq(M.imports[6].line, 14);
	const struct func *up = fn("upgrade");
	ck_assert_uint_eq(up->nops, 2);
	CHECK_OP(up, 0, "add_column", "users", 26);
	ck_assert_str_eq(up->ops[0].receiver, "o");
	const struct value *col = arg_at(&up->ops[0], NULL, 1);
	ck_assert_str_eq(col->text, "Column");
	ck_assert_str_eq(col->args[1].value->text, "Int");
	CHECK_OP(up, 1, "rename_table", "people", 27);
	const struct func *d = fn("downgrade");
	CHECK_OP(d, 0, "rename_table", "persons", 31);
	CHECK_OP(d, 1, "drop_column", "users", 32);
}
END_TEST

START_TEST(test_import_forms)
{
	parse_text("import alembic.op as op2\n"
	           "import alembic\n"
	           "from alembic import context\n"
	           "from . import helpers as h\n"
	           "from ..pkg.mod import *\n"
	           "def upgrade():\n"
	           "    op2.drop_table('a')\n"
	           "    alembic.op.drop_table('b')\n"
	           "    context.execute('DELETE FROM c')\n"
	           "    from myapp.models import Order\n"
	           "    op.drop_table('d')\n");
	ck_assert_str_eq(M.op_alias, "op2");
	ck_assert_uint_eq(M.nimports, 6);
	ck_assert_str_eq(M.imports[0].module, "alembic.op");
	ck_assert_str_eq(M.imports[0].alias, "op2");
	ck_assert_str_eq(M.imports[3].module, ".");
	ck_assert_str_eq(M.imports[3].name, "helpers");
	ck_assert_str_eq(M.imports[3].alias, "h");
	ck_assert_str_eq(M.imports[4].module, "..pkg.mod");
	ck_assert_str_eq(M.imports[4].name, "*");
	ck_assert_str_eq(M.imports[5].module, "myapp.models");
	ck_assert_uint_eq(M.imports[5].line, 10);
	const struct func *up = fn("upgrade");
	ck_assert_uint_eq(up->nops, 4);
	CHECK_OP(up, 0, "drop_table", "a", 7);
	CHECK_OP(up, 1, "drop_table", "b", 8);
	ck_assert_str_eq(up->ops[1].receiver, "alembic.op");
	CHECK_OP(up, 2, "execute", NULL, 9);
	ck_assert_str_eq(up->ops[2].sql_text, "DELETE FROM c");
	CHECK_OP(up, 3, "drop_table", "d", 11);
}
END_TEST

/* ---- merge, empty bodies, raises ------------------------------------------------------------------------------- */

START_TEST(test_merge_empty_bodies)
{
	load("merge.py");
	ck_assert_str_eq(M.revision, "9999");
	ck_assert_uint_eq(M.down_revisions.count, 2);
	ck_assert_str_eq(M.down_revisions.items[1], "2222");
	ck_assert_str_eq(M.message, "merge heads");
	ck_assert_uint_eq(M.nimports, 0);
	ck_assert_uint_eq(M.nfuncs, 4);
	const char *names[] = {"upgrade", "downgrade", "upgrade_data", "downgrade_data"};
	for (int i = 0; i < 4; i++) {
		const struct func *f = fn(names[i]);
		ck_assert_int_eq(f->body, BODY_EMPTY);
		ck_assert_uint_eq(f->nops, 0);
		ck_assert_uint_eq(f->nraises, 0);
	}
	ck_assert_int_eq(fn("upgrade_data")->role, FN_UPGRADE);
	ck_assert_int_eq(fn("downgrade_data")->role, FN_DOWNGRADE);
	ck_assert_str_eq(fn("upgrade_data")->docstring, "Nothing to do: a merge point.");
	ck_assert_str_eq(fn("downgrade_data")->docstring, "Nothing to do.");
	ck_assert_ptr_null(fn("upgrade")->docstring);
	ck_assert_uint_eq(fn("downgrade_data")->end_line, 26);
}
END_TEST

START_TEST(test_raises)
{
	load("irreversible.py");
	ck_assert(M.down_revision_set);
	ck_assert_uint_eq(M.down_revisions.count, 0);
	const struct func *d = fn("downgrade");
	ck_assert_int_eq(d->body, BODY_RAISES);
	ck_assert_str_eq(d->docstring, "Data cannot come back.");
	ck_assert_uint_eq(d->nraises, 1);
	ck_assert_str_eq(d->raises[0].exc, "NotImplementedError");
	ck_assert_str_eq(d->raises[0].message, "reports are gone for good");
	ck_assert_uint_eq(d->raises[0].line, 14);
	ck_assert_uint_eq(d->raises[0].col, 5);
	ck_assert(!d->raises[0].conditional);
	const struct func *o = fn("downgrade_other");
	ck_assert_int_eq(o->body, BODY_NORMAL);
	ck_assert_uint_eq(o->nraises, 1);
	ck_assert_str_eq(o->raises[0].exc, "RuntimeError");
	ck_assert(o->raises[0].conditional);
	ck_assert_uint_eq(o->nops, 1);
	const struct func *pl = fn("downgrade_plain");
	ck_assert_int_eq(pl->body, BODY_RAISES);
	ck_assert_str_eq(pl->raises[0].exc, "NotImplementedError");
	ck_assert_ptr_null(pl->raises[0].message);
}
END_TEST

START_TEST(test_body_kinds_inline)
{
	parse_text("def upgrade(): pass\n"
	           "def downgrade() -> None: ...\n"
	           "def upgrade_a():\n"
	           "    '''doc'''\n"
	           "    raise exc.Irreversible('no way') from None\n"
	           "def downgrade_a():\n"
	           "    pass\n"
	           "    x = 1\n"
	           "@decorator(arg=1)\n"
	           "def helper(conn, *, session=None) -> int:\n"
	           "    raise\n");
	ck_assert_int_eq(fn("upgrade")->body, BODY_EMPTY);
	ck_assert_uint_eq(fn("upgrade")->end_line, 1);
	ck_assert_int_eq(fn("downgrade")->body, BODY_EMPTY);
	ck_assert_int_eq(fn("upgrade_a")->body, BODY_RAISES);
	ck_assert_str_eq(fn("upgrade_a")->raises[0].exc, "exc.Irreversible");
	ck_assert_str_eq(fn("upgrade_a")->raises[0].message, "no way");
	ck_assert_int_eq(fn("downgrade_a")->body, BODY_NORMAL);
	const struct func *h = fn("helper");
	ck_assert_int_eq(h->role, FN_HELPER);
	ck_assert_uint_eq(h->line, 10);
	ck_assert_int_eq(h->body, BODY_RAISES);
	ck_assert_str_eq(h->raises[0].exc, "");
	ck_assert_uint_eq(M.nerrors, 0);
}
END_TEST

/* quay-style revisions: env.py passes alembic's op as a parameter, there is no `from alembic import op` (precision
 * study: 124 quay files gave no op at all). A parameter named op, or the module's op alias, is alembic's op; a
 * parameter named tables after it is quay's namespace of sa.Table objects (tables.x is table x). */
START_TEST(test_op_as_parameter)
{
	parse_text("import sqlalchemy as sa\n"
	           "revision = 'q1'\n"
	           "down_revision = None\n"
	           "def upgrade(op, tables, tester):\n"
	           "    op.add_column('user', sa.Column('email', sa.String(255)))\n"
	           "    _helper(op, 'repo')\n"
	           "    tester.populate_column('user', 'email', tester.TestDataType.String)\n"
	           "def _helper(op, name):\n"
	           "    op.drop_index('ix_' + name, table_name=name)\n"
	           "def downgrade(op, tables, tester):\n"
	           "    op.execute('ALTER TABLE user DROP COLUMN email')\n"
	           "    op.bulk_insert(tables.logentrykind, [{'name': 'login'}])\n"
	           "    op.execute(tables.logentrykind.delete().where(tables.logentrykind.c.name == 'login'))\n");
	ck_assert_uint_eq(M.nerrors, 0);
	const struct func *up = fn("upgrade");
	ck_assert_uint_eq(up->nops, 2);
	CHECK_OP(up, 0, "add_column", "user", 5);
	CHECK_OP(up, 1, "drop_index", "repo", 9);
	ck_assert_str_eq(up->ops[1].helper, "_helper");
	ck_assert_uint_eq(up->ops[1].call_line, 6);
	const struct func *down = fn("downgrade");
	CHECK_OP(down, 0, "execute", NULL, 11);
	ck_assert_str_eq(down->ops[0].sql_text, "ALTER TABLE user DROP COLUMN email");
	ck_assert_uint_eq(down->nops, 3);
	/* quay's `tables` parameter after op: tables.<name> is that table */
	CHECK_OP(down, 1, "bulk_insert", "logentrykind", 12);
	CHECK_OP(down, 2, "execute", "logentrykind", 13);
	ck_assert(down->ops[2].sql_expr);
	ck_assert_str_eq(down->ops[2].sql_expr_verb, "delete");
	ck_assert(down->ops[2].sql_expr_where);

	/* the module's alias names the parameter; another parameter name is not op */
	teardown();
	setup();
	parse_text("from alembic import op as aop\n"
	           "def upgrade(aop):\n"
	           "    aop.drop_table('t')\n"
	           "def downgrade(ops, tables):\n"
	           "    ops.drop_table('t')\n"
	           "    ops.bulk_insert(tables.x, [])\n");
	ck_assert_uint_eq(fn("upgrade")->nops, 1);
	CHECK_OP(fn("upgrade"), 0, "drop_table", "t", 3);
	ck_assert_uint_eq(fn("downgrade")->nops, 0);
	/* `tables` is a table namespace only after an op parameter */
	teardown();
	setup();
	parse_text("def upgrade(tables):\n"
	           "    op.bulk_insert(tables.x, [])\n"
	           "def downgrade():\n"
	           "    pass\n");
	CHECK_OP(fn("upgrade"), 0, "bulk_insert", NULL, 2);
}
END_TEST

/* ---- conditional ops ------------------------------------------------------------------------------------------- */

START_TEST(test_conditional)
{
	parse_text("from alembic import op\n"
	           "def upgrade():\n"
	           "    op.drop_table('a')\n"
	           "    if op.get_bind().dialect.name == 'postgresql':\n"
	           "        op.drop_table('b')\n"
	           "    elif x:\n"
	           "        op.drop_table('c')\n"
	           "    else:\n"
	           "        op.drop_table('d')\n"
	           "    for t in ['e1', 'e2']:\n"
	           "        op.drop_table(t)\n"
	           "    while False:\n"
	           "        op.drop_table('f')\n"
	           "    try:\n"
	           "        op.drop_table('g')\n"
	           "    except (ValueError, KeyError) as e:\n"
	           "        op.drop_table('h')\n"
	           "    finally:\n"
	           "        op.drop_table('i')\n"
	           "    with open('x') as fh:\n"
	           "        op.drop_table('j')\n"
	           "    def inner():\n"
	           "        op.drop_table('k')\n"
	           "    [op.drop_table(n) for n in names]\n"
	           "    if x: op.drop_table('l')\n"
	           "    op.drop_table('m')\n");
	const struct func *up = fn("upgrade");
	ck_assert_uint_eq(up->nops, 14);
	const char *tables[] = {"a", "b", "c", "d", NULL, "f", "g", "h", "i", "j", "k", NULL, "l", "m"};
	for (size_t i = 0; i < 14; i++) {
		ck_assert_str_eq(up->ops[i].name, "drop_table");
		if (tables[i])
			ck_assert_pstr_eq(up->ops[i].table, tables[i]);
		else
			ck_assert_ptr_null(up->ops[i].table);
		ck_assert_msg(up->ops[i].conditional == (i != 0 && i != 13), "op %zu", i);
	}
	ck_assert_uint_eq(up->ops[12].line, 25);
	ck_assert_uint_eq(M.nerrors, 0);
}
END_TEST

/* ---- SQL --------------------------------------------------------------------------------------------------------- */

START_TEST(test_sql_exec)
{
	load("sql_exec.py");
	ck_assert_uint_eq(M.nerrors, 0);
	const struct func *up = fn("upgrade");
	ck_assert_uint_eq(up->nops, 20);
	const struct op *o = &up->ops[0];
	CHECK_OP(up, 0, "execute", NULL, 25);
	ck_assert_str_eq(o->sql_text, "ALTER TABLE users ADD COLUMN note TEXT");
	ck_assert(!o->sql_opaque);
	ck_assert_uint_eq(o->sql.count, 1);
	ck_assert_int_eq(o->sql.items[0].verb, SQL_V_ALTER);
	ck_assert_int_eq(o->sql.items[0].action, SQL_A_ADD_COLUMN);
	ck_assert_pstr_eq(o->sql.items[0].table, "users");
	/* module constant built by implicit concatenation */
	o = &up->ops[1];
	ck_assert_str_eq(o->sql_text, "UPDATE users SET status = 'active' WHERE status IS NULL");
	ck_assert_int_eq(o->sql.items[0].verb, SQL_V_UPDATE);
	ck_assert(o->sql.items[0].has_where);
	/* local triple-quoted constant with two statements */
	o = &up->ops[2];
	CHECK_OP(up, 2, "execute", NULL, 31);
	ck_assert_ptr_nonnull(o->sql_text);
	ck_assert_uint_eq(o->sql.count, 2);
	ck_assert_int_eq(o->sql.items[0].verb, SQL_V_DELETE);
	ck_assert(!o->sql.items[0].has_where);
	ck_assert_int_eq(o->sql.items[1].verb, SQL_V_TRUNCATE);
	ck_assert(o->sql.items[1].cascade);
	/* conn = op.get_bind(); conn.execute(sa.text(...)) */
	o = &up->ops[3];
	CHECK_OP(up, 3, "execute", NULL, 33);
	ck_assert(o->via_bind);
	ck_assert_str_eq(o->receiver, "conn");
	ck_assert_str_eq(o->sql_text, "UPDATE orders SET total = 0 WHERE total IS NULL");
	/* op.get_bind().execute(text(...)) */
	o = &up->ops[4];
	ck_assert(o->via_bind);
	ck_assert_str_eq(o->receiver, "op.get_bind()");
	ck_assert_str_eq(o->sql_text, "DELETE FROM carts");
	ck_assert_uint_eq(o->col, 5);
	/* f-string, % and .format(): opaque */
	for (int i = 5; i <= 7; i++) {
		ck_assert_msg(up->ops[i].sql_opaque, "op %d", i);
		ck_assert_ptr_null(up->ops[i].sql_text);
		ck_assert_uint_eq(up->ops[i].sql.count, 0);
	}
	ck_assert_int_eq(arg_at(&up->ops[5], NULL, 0)->kind, VAL_FSTRING);
	ck_assert(arg_at(&up->ops[5], NULL, 0)->dynamic);
	ck_assert_str_eq(arg_at(&up->ops[5], NULL, 0)->text, "DELETE FROM {table_name}");
	ck_assert_int_eq(arg_at(&up->ops[6], NULL, 0)->kind, VAL_BINOP);
	ck_assert(arg_at(&up->ops[6], NULL, 0)->dynamic);
	ck_assert_str_eq(arg_at(&up->ops[6], NULL, 0)->text, "\"DELETE FROM %s\" % table_name");
	ck_assert_int_eq(arg_at(&up->ops[7], NULL, 0)->kind, VAL_BINOP);
	ck_assert_str_eq(arg_at(&up->ops[7], NULL, 0)->text, "\"DELETE FROM {}\".format(table_name)");
	/* "..." + a local constant: known */
	ck_assert(!up->ops[8].sql_opaque);
	ck_assert_str_eq(up->ops[8].sql_text, "DELETE FROM invoices");
	/* sa.text(...).bindparams(...) */
	ck_assert_str_eq(up->ops[9].sql_text, "UPDATE users SET score = :s");
	/* SQLAlchemy expressions: not opaque, a data change */
	o = &up->ops[10];
	ck_assert(!o->sql_opaque);
	ck_assert_ptr_null(o->sql_text);
	ck_assert(o->sql_expr);
	ck_assert_str_eq(o->sql_expr_verb, "update");
	ck_assert_pstr_eq(o->table, "users");
	o = &up->ops[11];
	ck_assert(o->sql_expr);
	ck_assert_str_eq(o->sql_expr_verb, "delete");
	ck_assert_pstr_eq(o->table, "users");
	/* bulk_insert with a module-level sa.table and an inline one */
	CHECK_OP(up, 12, "bulk_insert", "users", 43);
	ck_assert_int_eq(arg_at(&up->ops[12], NULL, 1)->kind, VAL_LIST);
	ck_assert_uint_eq(arg_at(&up->ops[12], NULL, 1)->nargs, 2);
	CHECK_OP(up, 13, "bulk_insert", "roles", 44);
	/* session on op.get_bind() */
	o = &up->ops[14];
	CHECK_OP(up, 14, "execute", NULL, 46);
	ck_assert(o->via_bind);
	ck_assert_str_eq(o->receiver, "session");
	ck_assert_str_eq(o->sql_text, "UPDATE profiles SET bio = ''");
	o = &up->ops[15];
	CHECK_OP(up, 15, "delete", NULL, 47);
	ck_assert(o->via_bind);
	ck_assert(o->sql_expr);
	ck_assert_str_eq(o->sql_expr_verb, "delete");
	/* autocommit block */
	o = &up->ops[16];
	CHECK_OP(up, 16, "execute", NULL, 49);
	ck_assert(o->in_autocommit);
	ck_assert(!o->conditional);
	ck_assert(o->sql.items[0].concurrently);
	ck_assert_int_eq(o->sql.items[0].object, SQL_O_INDEX);
	/* dedent("""...""") keeps the literal; multi-line call */
	o = &up->ops[17];
	ck_assert_uint_eq(o->line, 50);
	ck_assert_uint_eq(o->end_line, 52);
	ck_assert_str_eq(o->sql_text, "\n        UPDATE users SET status = 'x'\n    ");
	/* concatenation of literals inside a loop */
	o = &up->ops[18];
	ck_assert(o->conditional);
	ck_assert_str_eq(o->sql_text, "DROP TABLE IF EXISTS tmp_x");
	/* a call result: opaque */
	ck_assert(up->ops[19].sql_opaque);
	ck_assert_int_eq(arg_at(&up->ops[19], NULL, 0)->kind, VAL_CALL);

	const struct func *d = fn("downgrade");
	ck_assert_uint_eq(d->nops, 2);
	ck_assert_str_eq(d->ops[0].sql_text, "ALTER TABLE users DROP COLUMN note");
	/* with op.get_bind().begin() as c: not a condition, c is a connection */
	CHECK_OP(d, 1, "execute", NULL, 61);
	ck_assert(d->ops[1].via_bind);
	ck_assert(!d->ops[1].conditional);
	ck_assert_str_eq(d->ops[1].sql_text, "UPDATE users SET status = NULL");
}
END_TEST

START_TEST(test_sql_propagation_inline)
{
	parse_text("from alembic import op\n"
	           "import sqlalchemy as sa\n"
	           "SQL = 'DELETE FROM a'\n"
	           "def upgrade():\n"
	           "    op.execute(SQL)\n"
	           "    SQL2 = SQL + ' WHERE x = 1'\n"
	           "    op.execute(sql=SQL2)\n"
	           "    q = 'UPDATE b SET c = 1'\n"
	           "    q += ' WHERE d'\n"
	           "    op.execute(sa.text(q))\n"
	           "    q = compute()\n"
	           "    op.execute(q)\n"
	           "    op.execute(sa.text(f'DELETE FROM {x}'))\n"
	           "    t = sa.text('TRUNCATE e')\n"
	           "    op.get_bind().exec_driver_sql('DROP TABLE f')\n"
	           "    op.execute(t)\n"
	           "    op.execute(sa.insert(sa.table('g')).values(id=1))\n"
	           "    op.execute(sqltext='SELECT 1')\n"
	           "    op.execute(sa.DDL('DROP VIEW v'))\n"
	           "def downgrade():\n"
	           "    op.execute(q)\n"
	           "    op.execute(SQL)\n");
	const struct func *up = fn("upgrade");
	ck_assert_uint_eq(up->nops, 10);
	ck_assert_str_eq(up->ops[0].sql_text, "DELETE FROM a");
	ck_assert_str_eq(up->ops[9].sql_text, "DROP VIEW v");
	ck_assert_int_eq(up->ops[9].sql.items[0].object, SQL_O_VIEW);
	/* sql= is not the statement keyword of op.execute: the first positional is absent → nothing known */
	ck_assert_ptr_null(up->ops[1].sql_text);
	ck_assert(!up->ops[1].sql_opaque);
	ck_assert_str_eq(up->ops[2].sql_text, "UPDATE b SET c = 1 WHERE d");
	ck_assert(up->ops[2].sql.items[0].has_where);
	ck_assert(up->ops[3].sql_opaque);
	ck_assert(up->ops[4].sql_opaque);
	ck_assert(arg_at(&up->ops[4], NULL, 0)->dynamic);
	CHECK_OP(up, 5, "exec_driver_sql", NULL, 15);
	ck_assert(up->ops[5].via_bind);
	ck_assert_str_eq(up->ops[5].sql_text, "DROP TABLE f");
	ck_assert_str_eq(up->ops[6].sql_text, "TRUNCATE e");
	ck_assert(up->ops[7].sql_expr);
	ck_assert_str_eq(up->ops[7].sql_expr_verb, "insert");
	ck_assert_pstr_eq(up->ops[7].table, "g");
	ck_assert_str_eq(up->ops[8].sql_text, "SELECT 1");
	/* locals of upgrade() do not leak into downgrade() */
	const struct func *d = fn("downgrade");
	ck_assert(d->ops[0].sql_opaque);
	ck_assert_str_eq(d->ops[1].sql_text, "DELETE FROM a");
}
END_TEST

/* ---- syntax errors --------------------------------------------------------------------------------------------- */

START_TEST(test_syntax_errors)
{
	load("syntax_error.py");
	ck_assert_uint_eq(M.nerrors, 3);
	ck_assert_uint_eq(M.errors[0].line, 10);
	ck_assert_uint_eq(M.errors[0].col, 18);
	ck_assert_str_eq(M.errors[0].message, "'(' was never closed");
	ck_assert_str_eq(M.errors[0].token, "(");
	ck_assert_uint_eq(M.errors[1].line, 14);
	ck_assert_uint_eq(M.errors[1].col, 16);
	ck_assert_str_eq(M.errors[1].message, "expected ':'");
	ck_assert_str_eq(M.errors[1].token, "");
	ck_assert_uint_eq(M.errors[2].line, 16);
	ck_assert_uint_eq(M.errors[2].col, 9);
	ck_assert_str_eq(M.errors[2].message, "unexpected '='");
	ck_assert_str_eq(M.errors[2].token, "=");
	/* the ops after each error are still found */
	const struct func *up = fn("upgrade");
	ck_assert_uint_eq(up->nops, 2);
	CHECK_OP(up, 0, "add_column", "users", 10);
	CHECK_OP(up, 1, "drop_column", "users", 11);
	check_str(arg_at(&up->ops[1], NULL, 1), "b");
	const struct func *d = fn("downgrade");
	ck_assert_uint_eq(d->line, 14);
	ck_assert_uint_eq(d->nops, 2);
	CHECK_OP(d, 0, "drop_column", "users", 15);
	CHECK_OP(d, 1, "add_column", "users", 17);
}
END_TEST

START_TEST(test_syntax_errors_inline)
{
	parse_text("from alembic import op\n"
	           "def upgrade():\n"
	           "    op.drop_table('a'))\n"
	           "    op.drop_table('b']\n"
	           "    op.drop_table('c' 'd' 5)\n"
	           "    s = 'unterminated\n"
	           "    op.drop_table('e')\n"
	           "def downgrade():\n"
	           "    op.create_table('t',\n"
	           "        sa.Column('x'),\n"
	           "    return\n"
	           "    op.drop_table('f')\n");
	ck_assert_uint_ge(M.nerrors, 4);
	/* the lexer reports the first problem; the parser does not repeat it */
	ck_assert_uint_eq(M.errors[0].line, 3);
	ck_assert_uint_eq(M.errors[0].col, 23);
	ck_assert_str_eq(M.errors[0].message, "unmatched ')'");
	ck_assert_uint_eq(M.errors[1].line, 4);
	ck_assert_uint_eq(M.errors[1].col, 22);
	ck_assert_str_eq(M.errors[1].message, "closing parenthesis ']' does not match opening parenthesis '('");
	ck_assert_uint_eq(M.errors[2].line, 5);
	ck_assert_uint_eq(M.errors[2].col, 27);
	ck_assert_str_eq(M.errors[2].message, "unexpected '5'");
	ck_assert_str_eq(M.errors[2].token, "5");
	ck_assert_uint_eq(M.errors[3].line, 6);
	ck_assert_uint_eq(M.errors[3].col, 9);
	ck_assert_str_eq(M.errors[3].message, "unterminated string literal");
	ck_assert_str_eq(M.errors[3].token, "'unterminated");
	ck_assert_uint_eq(M.nerrors, 5);
	const struct syntax_error *last = &M.errors[M.nerrors - 1];
	ck_assert_uint_eq(last->line, 9);
	ck_assert_uint_eq(last->col, 20);
	ck_assert_str_eq(last->message, "'(' was never closed");
	const struct func *up = fn("upgrade");
	ck_assert_uint_eq(up->nops, 4);
	CHECK_OP(up, 0, "drop_table", "a", 3);
	CHECK_OP(up, 1, "drop_table", "b", 4);
	CHECK_OP(up, 2, "drop_table", "cd", 5);
	CHECK_OP(up, 3, "drop_table", "e", 7);
	const struct func *d = fn("downgrade");
	ck_assert_uint_eq(d->nops, 2);
	CHECK_OP(d, 0, "create_table", "t", 9);
	CHECK_OP(d, 1, "drop_table", "f", 12);
}
END_TEST

START_TEST(test_def_errors_inline)
{
	parse_text("def (x):\n"
	           "    pass\n"
	           "def upgrade(:\n"
	           "    op.drop_table('a')\n"
	           "def downgrade():\n"
	           "op.drop_table('b')\n");
	ck_assert_uint_ge(M.nerrors, 2);
	ck_assert_uint_eq(M.errors[0].line, 1);
	ck_assert_uint_eq(M.errors[0].col, 5);
	ck_assert_str_eq(M.errors[0].message, "expected a function name");
	ck_assert_uint_eq(M.errors[1].line, 3);
	ck_assert_uint_eq(M.errors[1].col, 12);
	ck_assert_str_eq(M.errors[1].message, "'(' was never closed");
	ck_assert_ptr_null(migration_func(&M, "x"));
	ck_assert_ptr_nonnull(migration_upgrade(&M));
	const struct func *d = migration_downgrade(&M);
	ck_assert_ptr_nonnull(d);
	ck_assert_int_eq(d->body, BODY_EMPTY);
	const struct syntax_error *last = &M.errors[M.nerrors - 1];
	ck_assert_uint_eq(last->line, 6);
	ck_assert_uint_eq(last->col, 1);
	ck_assert_str_eq(last->message, "expected an indented block");
	ck_assert_uint_eq(M.nerrors, 3);
}
END_TEST

START_TEST(test_broken_header_inline)
{
	/* the generator's broken files: a def without ':' followed by an unclosed bracket */
	parse_text("from alembic import op\n"
	           "def downgrade() -> None\n"
	           "    if (:\n"
	           "    # comment\n"
	           "    op.drop_index('ix', table_name='t')\n"
	           "    op.drop_table('t')\n"
	           "def upgrade():\n"
	           "    class X[T]: pass\n"
	           "    type Alias[T] = list[T]\n"
	           "    f = lambda x=lambda y: y: x\n"
	           "    op.create_table('t')\n");
	ck_assert_uint_ge(M.nerrors, 2);
	ck_assert_uint_eq(M.errors[0].line, 2);
	ck_assert_uint_eq(M.errors[0].col, 24);
	ck_assert_str_eq(M.errors[0].message, "expected ':'");
	ck_assert_uint_eq(M.errors[1].line, 3);
	ck_assert_uint_eq(M.errors[1].col, 8);
	ck_assert_str_eq(M.errors[1].message, "'(' was never closed");
	for (size_t i = 0; i < M.nerrors; i++)
		ck_assert_uint_le(M.errors[i].line, 3);
	const struct func *d = fn("downgrade");
	ck_assert_uint_eq(d->nops, 2);
	CHECK_OP(d, 0, "drop_index", "t", 5);
	CHECK_OP(d, 1, "drop_table", "t", 6);
	const struct func *up = fn("upgrade");
	ck_assert_uint_eq(up->line, 7);
	ck_assert_uint_eq(up->nops, 1);
	CHECK_OP(up, 0, "create_table", "t", 11);
}
END_TEST

/* ---- multi-db template ----------------------------------------------------------------------------------------- */

START_TEST(test_multidb)
{
	load("multidb.py");
	ck_assert_uint_eq(M.nfuncs, 6);
	ck_assert_str_eq(M.message, "multi-database template");
	const struct func *u = fn("upgrade");
	ck_assert_int_eq(u->body, BODY_NORMAL);
	ck_assert_uint_eq(u->nops, 0);
	const struct func *u1 = fn("upgrade_engine1");
	ck_assert_int_eq(u1->role, FN_UPGRADE);
	ck_assert_uint_eq(u1->nops, 1);
	CHECK_OP(u1, 0, "create_table", "e1", 21);
	const struct value *c = arg_at(&u1->ops[0], NULL, 1);
	ck_assert_str_eq(c->args[1].value->text, "sa.Integer");
	ck_assert_int_eq(c->args[1].value->kind, VAL_ATTR);
	ck_assert_int_eq(c->args[2].value->kind, VAL_BOOL);
	ck_assert_int_eq(c->args[2].value->i, 1);
	const struct func *d1 = fn("downgrade_engine1");
	ck_assert_int_eq(d1->role, FN_DOWNGRADE);
	CHECK_OP(d1, 0, "drop_table", "e1", 25);
	ck_assert_int_eq(fn("upgrade_engine2")->body, BODY_EMPTY);
	ck_assert_int_eq(fn("downgrade_engine2")->body, BODY_EMPTY);
}
END_TEST

/* ---- values ---------------------------------------------------------------------------------------------------- */

START_TEST(test_values)
{
	parse_text("from alembic import op\n"
	           "def upgrade():\n"
	           "    op.foo(0x1F, 1_000, 2.5e3, b'\\x00ab', f'x{y}z', -1, not x, 'a' \"b\\n\\t\\u00e9\", None,\n"
	           "           True, ..., ('t',), [1, 2], {'k': 1, **d}, lambda q: q + 1, x[0], *args, **kw,\n"
	           "           '%s' % v, a.b.c, (1), (), 99999999999999999999999, r'\\d', 1 + 2, 3j)\n");
	const struct op *o = &fn("upgrade")->ops[0];
	ck_assert_str_eq(o->name, "foo");
	ck_assert_uint_eq(o->nargs, 26);
	ck_assert_uint_eq(o->end_line, 5);
	const struct value *v = o->args[0].value;
	ck_assert_int_eq(v->kind, VAL_INT);
	ck_assert_int_eq(v->i, 31);
	ck_assert_int_eq(o->args[1].value->i, 1000);
	ck_assert_int_eq(o->args[2].value->kind, VAL_FLOAT);
	ck_assert(o->args[2].value->f == 2500.0);
	v = o->args[3].value;
	ck_assert_int_eq(v->kind, VAL_BYTES);
	ck_assert_uint_eq(v->len, 3);
	ck_assert_mem_eq(v->text, "\0ab", 3);
	v = o->args[4].value;
	ck_assert_int_eq(v->kind, VAL_FSTRING);
	ck_assert(v->dynamic);
	ck_assert_str_eq(v->text, "x{y}z");
	v = o->args[5].value;
	ck_assert_int_eq(v->kind, VAL_UNARY);
	ck_assert_str_eq(v->text, "-");
	ck_assert_int_eq(v->args[0].value->kind, VAL_INT);
	ck_assert_int_eq(v->args[0].value->i, 1);
	ck_assert_str_eq(o->args[6].value->text, "not");
	check_str(o->args[7].value, "ab\n\t\xc3\xa9");
	ck_assert_int_eq(o->args[8].value->kind, VAL_NONE);
	ck_assert_int_eq(o->args[9].value->kind, VAL_BOOL);
	ck_assert_int_eq(o->args[9].value->i, 1);
	ck_assert_int_eq(o->args[10].value->kind, VAL_OTHER);
	ck_assert_str_eq(o->args[10].value->text, "...");
	v = o->args[11].value;
	ck_assert_int_eq(v->kind, VAL_TUPLE);
	ck_assert_uint_eq(v->nargs, 1);
	v = o->args[12].value;
	ck_assert_int_eq(v->kind, VAL_LIST);
	ck_assert_uint_eq(v->nargs, 2);
	v = o->args[13].value;
	ck_assert_int_eq(v->kind, VAL_DICT);
	ck_assert_uint_eq(v->nargs, 2);
	check_str(v->args[0].key, "k");
	ck_assert_int_eq(v->args[0].value->i, 1);
	ck_assert_str_eq(v->args[1].name, "**");
	ck_assert_ptr_null(v->args[1].key);
	v = o->args[14].value;
	ck_assert_int_eq(v->kind, VAL_OTHER);
	ck_assert_str_eq(v->text, "lambda q: q + 1");
	ck_assert_str_eq(o->args[15].value->text, "x[0]");
	ck_assert_str_eq(o->args[16].name, "*");
	ck_assert_str_eq(o->args[16].value->text, "args");
	ck_assert_str_eq(o->args[17].name, "**");
	v = o->args[18].value;
	ck_assert_int_eq(v->kind, VAL_BINOP);
	ck_assert(v->dynamic);
	ck_assert_str_eq(v->text, "'%s' % v");
	ck_assert_uint_eq(v->line, 5);
	ck_assert_uint_eq(v->col, 12);
	v = o->args[19].value;
	ck_assert_int_eq(v->kind, VAL_ATTR);
	ck_assert_str_eq(v->text, "a.b.c");
	ck_assert_int_eq(o->args[20].value->kind, VAL_INT);
	ck_assert_int_eq(o->args[21].value->kind, VAL_TUPLE);
	ck_assert_uint_eq(o->args[21].value->nargs, 0);
	ck_assert_int_eq(o->args[22].value->i, INT64_MAX);
	check_str(o->args[23].value, "\\d");
	ck_assert_int_eq(o->args[24].value->kind, VAL_BINOP);
	ck_assert(!o->args[24].value->dynamic);
	ck_assert_str_eq(o->args[24].value->text, "1 + 2");
	ck_assert_int_eq(o->args[25].value->kind, VAL_OTHER);
	ck_assert_str_eq(o->args[25].value->text, "3j");
	ck_assert_uint_eq(M.nerrors, 0);
	ck_assert_str_eq(value_kind_name(VAL_FSTRING), "fstring");
	ck_assert_str_eq(value_kind_name(VAL_BINOP), "binop");
	ck_assert_str_eq(value_kind_name(VAL_OTHER), "other");
}
END_TEST

START_TEST(test_with_forms)
{
	parse_text("from alembic import op\n"
	           "from sqlalchemy.orm import Session\n"
	           "def upgrade():\n"
	           "    with (op.batch_alter_table('t1') as b1, op.batch_alter_table(table_name='t2', schema='s') as b2):\n"
	           "        b1.drop_column('c1')\n"
	           "        b2.drop_column('c2')\n"
	           "    with Session(bind=op.get_bind()) as session:\n"
	           "        session.add(Obj())\n"
	           "        session.execute('DELETE FROM x')\n"
	           "    bind = op.get_context().bind\n"
	           "    bind.execute('SELECT 1')\n"
	           "    with op.get_context().autocommit_block():\n"
	           "        if x:\n"
	           "            op.execute('VACUUM FULL t')\n"
	           "    b1.drop_column('c3')\n");
	const struct func *up = fn("upgrade");
	ck_assert_uint_eq(up->nops, 6);
	CHECK_OP(up, 0, "drop_column", "t1", 5);
	ck_assert(up->ops[0].batch);
	CHECK_OP(up, 1, "drop_column", "t2", 6);
	ck_assert_pstr_eq(up->ops[1].schema, "s");
	CHECK_OP(up, 2, "add", NULL, 8);
	ck_assert(up->ops[2].via_bind);
	ck_assert(!up->ops[2].conditional);
	CHECK_OP(up, 3, "execute", NULL, 9);
	ck_assert(up->ops[3].via_bind);
	CHECK_OP(up, 4, "execute", NULL, 11);
	ck_assert(up->ops[4].via_bind);
	ck_assert_str_eq(up->ops[4].receiver, "bind");
	CHECK_OP(up, 5, "execute", NULL, 14);
	ck_assert(up->ops[5].in_autocommit);
	ck_assert(up->ops[5].conditional);
	ck_assert_int_eq(up->ops[5].sql.items[0].verb, SQL_V_VACUUM);
	/* the batch alias ends with its block: b1.drop_column('c3') on line 15 is no op */
}
END_TEST

/* ---- robustness ------------------------------------------------------------------------------------------------ */

START_TEST(test_empty_and_garbage)
{
	ck_assert_int_eq(parse_migration(&A, "empty.py", "", 0, &M), 0);
	ck_assert_uint_eq(M.nfuncs, 0);
	ck_assert_ptr_null(M.revision);
	ck_assert_str_eq(M.op_alias, "op");
	ck_assert_str_eq(M.path, "empty.py");
	ck_assert_ptr_null(migration_upgrade(&M));
	ck_assert_ptr_null(op_arg(NULL, "x", 0));
	arena_clear(&A);
	const char junk[] = ")))]]] def def : : = = \x01\x02 'abc\n\tif\n  else:\n}}} @@ ** -> lambda : ( [ {";
	ck_assert_int_eq(parse_migration(&A, "junk.py", junk, sizeof(junk) - 1, &M), 0);
	ck_assert_uint_ge(M.nerrors, 1);
	arena_clear(&A);
	/* deep nesting does not overflow the stack */
	size_t n = 100000;
	char *deep = malloc(2 * n + 300000);
	ck_assert_ptr_nonnull(deep);
	size_t k = 0;
	k += (size_t)snprintf(deep, 64, "def upgrade():\n    op.x(");
	for (size_t i = 0; i < n; i++)
		deep[k++] = i % 3 == 0 ? '(' : i % 3 == 1 ? '[' : '-';
	deep[k++] = '\n';
	ck_assert_int_eq(parse_migration(&A, "deep.py", deep, k, &M), 0);
	ck_assert_uint_ge(M.nerrors, 1);
	arena_clear(&A);
	/* lambda: lambda: ... and await await ... and not not ... */
	const char *chains[] = {"lambda: ", "await ", "not ", "-", "yield ", "x if y else "};
	for (size_t c = 0; c < sizeof(chains) / sizeof(chains[0]); c++) {
		size_t cl = strlen(chains[c]);
		k = (size_t)snprintf(deep, 64, "def upgrade():\n    x = ");
		for (size_t i = 0; i < 20000; i++) {
			memcpy(deep + k, chains[c], cl);
			k += cl;
		}
		memcpy(deep + k, "1\n", 2);
		k += 2;
		ck_assert_int_eq(parse_migration(&A, "chain.py", deep, k, &M), 0);
		ck_assert_ptr_nonnull(migration_upgrade(&M));
		arena_clear(&A);
	}
	free(deep);
}
END_TEST

START_TEST(test_truncations)
{
	/* every prefix of a realistic file parses without crashing (ASan/valgrind check the bounds) */
	load("sql_exec.py");
	char *copy = malloc(BUFLEN);
	ck_assert_ptr_nonnull(copy);
	for (size_t n = 0; n < BUFLEN; n += 7) {
		memcpy(copy, BUF, n);
		struct arena a2;
		arena_init(&a2);
		struct migration m2;
		ck_assert_int_eq(parse_migration(&a2, "t.py", copy, n, &m2), 0);
		arena_release(&a2);
	}
	/* and with one byte flipped into something hostile */
	unsigned seed = 12345;
	for (int r = 0; r < 300; r++) {
		memcpy(copy, BUF, BUFLEN);
		seed = seed * 1103515245u + 12345u;
		size_t at = (seed >> 8) % BUFLEN;
		static const char hostile[] = "([{)]}'\"\n:#\\\x00\xff";
		copy[at] = hostile[(seed >> 20) % (sizeof(hostile) - 1)];
		struct arena a2;
		arena_init(&a2);
		struct migration m2;
		ck_assert_int_eq(parse_migration(&a2, "t.py", copy, BUFLEN, &m2), 0);
		arena_release(&a2);
	}
	free(copy);
}
END_TEST

/* ---- JSON ------------------------------------------------------------------------------------------------------ */

/* ---- gaps found by the rule authors ------------------------------------------------------------------------- */

START_TEST(test_helper_batch_sql_lines_fixture)
{
	load("helper_batch_sql_lines.py");
	ck_assert_uint_eq(M.nerrors, 0);
	const struct func *up = fn("upgrade");
	ck_assert_uint_eq(up->nops, 14);
	/* 1: `with op.batch_alter_table(table, schema=schema) as b:` in a helper: table and schema from the call */
	CHECK_OP(up, 0, "drop_column", "users", 18);
	ck_assert(up->ops[0].batch);
	ck_assert_pstr_eq(up->ops[0].schema, "app");
	ck_assert_str_eq(up->ops[0].helper, "_rebuild");
	ck_assert_uint_eq(up->ops[0].call_line, 27);
	CHECK_OP(up, 1, "alter_column", "users", 19);
	ck_assert_pstr_eq(up->ops[1].schema, "app");
	/* inside the helper itself the table stays unknown */
	CHECK_OP(fn("_rebuild"), 0, "drop_column", NULL, 18);
	ck_assert_ptr_null(fn("_rebuild")->ops[0].schema);

	/* 2: op.line + stmt.line is the statement's line in the file */
	const struct op *o = &up->ops[2];
	CHECK_OP(up, 2, "execute", NULL, 28);
	ck_assert_uint_eq(o->sql.count, 2);
	ck_assert_uint_eq(o->line + o->sql.items[0].line, 30);
	ck_assert_uint_eq(o->line + o->sql.items[1].line, 32);
	o = &up->ops[3]; /* sa.text( on the next line, the literal one further */
	ck_assert_uint_eq(o->sql.count, 1);
	ck_assert_uint_eq(o->line + o->sql.items[0].line, 37);
	o = &up->ops[4]; /* implicit concatenation over two lines */
	ck_assert_uint_eq(o->sql.count, 2);
	ck_assert_uint_eq(o->sql.items[0].line, 0);
	ck_assert_uint_eq(o->sql.items[1].line, 1);
	o = &up->ops[5]; /* a module constant: at the op's line */
	ck_assert_uint_eq(o->sql.count, 2);
	ck_assert_uint_eq(o->sql.items[0].line, 0);
	ck_assert_uint_eq(o->sql.items[1].line, 0);
	o = &up->ops[6]; /* textwrap.dedent("""\ ...: the continuation moves the first statement to the next line */
	ck_assert_uint_eq(o->sql.count, 2);
	ck_assert_uint_eq(o->line + o->sql.items[0].line, 44);
	ck_assert_uint_eq(o->line + o->sql.items[1].line, 45);

	/* 3: expression DML: where/filter and the table of a bound sa.table() */
	o = &up->ops[7];
	CHECK_OP(up, 7, "execute", "users", 47);
	ck_assert(o->sql_expr && o->sql_expr_where);
	ck_assert_str_eq(o->sql_expr_verb, "delete");
	o = &up->ops[8];
	CHECK_OP(up, 8, "execute", "users", 48);
	ck_assert(o->sql_expr && !o->sql_expr_where);
	ck_assert_str_eq(o->sql_expr_verb, "update");
	o = &up->ops[9];
	CHECK_OP(up, 9, "execute", "users", 49);
	ck_assert(o->sql_expr && o->sql_expr_where);
	CHECK_OP(up, 10, "delete", NULL, 52);
	ck_assert(up->ops[10].sql_expr && up->ops[10].sql_expr_where);
	ck_assert(up->ops[10].via_bind);
	CHECK_OP(up, 11, "update", NULL, 53);
	ck_assert(up->ops[11].sql_expr && !up->ops[11].sql_expr_where);

	/* 6: a NUL inside a name: never a (truncated) table or schema; the value keeps its length */
	CHECK_OP(up, 12, "drop_column", NULL, 54);
	const struct value *tv = op_arg(&up->ops[12], "table_name", 0);
	ck_assert_ptr_nonnull(tv);
	ck_assert_int_eq(tv->kind, VAL_STR);
	ck_assert(tv->dynamic);
	ck_assert_uint_eq(tv->len, 6);
	ck_assert_int_eq(memcmp(tv->text, "us\0ers", 6), 0);
	CHECK_OP(up, 13, "add_column", "users", 55);
	ck_assert_ptr_null(up->ops[13].schema);

	/* 4: raises of helpers are the caller's, conditional when the call is */
	const struct func *d = fn("downgrade");
	ck_assert_uint_eq(d->nops, 1);
	ck_assert_int_eq(d->body, BODY_NORMAL);
	ck_assert_uint_eq(d->nraises, 2);
	ck_assert_str_eq(d->raises[0].exc, "NotImplementedError");
	ck_assert_uint_eq(d->raises[0].line, 23);
	ck_assert_str_eq(d->raises[0].helper, "_forbid");
	ck_assert_uint_eq(d->raises[0].call_line, 61);
	ck_assert(d->raises[0].conditional);
	ck_assert_uint_eq(d->raises[1].call_line, 62);
	ck_assert(!d->raises[1].conditional);
	ck_assert_uint_eq(fn("_forbid")->nraises, 1);
	ck_assert_ptr_null(fn("_forbid")->raises[0].helper);
	ck_assert_uint_eq(fn("upgrade")->nraises, 0);
}
END_TEST

START_TEST(test_helper_batch_positional_and_chain)
{
	parse_text("from alembic import op\n"
	           "def _b(t, s):\n"
	           "    with op.batch_alter_table(t, s) as batch:\n"
	           "        batch.drop_column('c')\n"
	           "    raise RuntimeError('x')\n"
	           "def _a():\n"
	           "    _b('orders', 'sales')\n"
	           "    if 1:\n"
	           "        raise ValueError\n"
	           "def downgrade():\n"
	           "    _b(t='items', s=None)\n"
	           "    for i in range(2):\n"
	           "        _a()\n"
	           "def upgrade():\n"
	           "    with op.batch_alter_table(UNKNOWN) as batch:\n"
	           "        batch.drop_column('c')\n");
	const struct func *d = fn("downgrade");
	ck_assert_uint_eq(d->nops, 2);
	CHECK_OP(d, 0, "drop_column", "items", 4);
	ck_assert_ptr_null(d->ops[0].schema); /* s=None: no literal */
	CHECK_OP(d, 1, "drop_column", "orders", 4); /* resolved inside _a already */
	ck_assert_pstr_eq(d->ops[1].schema, "sales");
	ck_assert(d->ops[1].conditional);
	ck_assert_str_eq(d->ops[1].helper, "_b");
	ck_assert_uint_eq(d->ops[1].call_line, 13);
	/* raises: _b's (call at 11), then _a's copy of _b's and _a's own, all under the for */
	ck_assert_uint_eq(d->nraises, 3);
	ck_assert_str_eq(d->raises[0].exc, "RuntimeError");
	ck_assert_str_eq(d->raises[0].message, "x");
	ck_assert(!d->raises[0].conditional);
	ck_assert_uint_eq(d->raises[0].call_line, 11);
	ck_assert_str_eq(d->raises[1].exc, "RuntimeError");
	ck_assert_str_eq(d->raises[1].helper, "_b");
	ck_assert(d->raises[1].conditional);
	ck_assert_str_eq(d->raises[2].exc, "ValueError");
	ck_assert_str_eq(d->raises[2].helper, "_a");
	ck_assert_uint_eq(d->raises[2].line, 9);
	ck_assert_uint_eq(d->raises[2].call_line, 13);
	ck_assert(d->raises[2].conditional);
	/* order inside _a: _b's raise (call at 7) before its own */
	const struct func *a = fn("_a");
	ck_assert_uint_eq(a->nraises, 2);
	ck_assert_uint_eq(a->raises[0].line, 5);
	ck_assert_uint_eq(a->raises[1].line, 9);
	/* a name that is not a parameter stays unknown */
	CHECK_OP(fn("upgrade"), 0, "drop_column", NULL, 16);
}
END_TEST

START_TEST(test_sql_lines_inline)
{
	parse_text("from alembic import op\n"
	           "import sqlalchemy as sa\n"
	           "def upgrade():\n"
	           "    q = \"\"\"DELETE FROM a;\n"
	           "    DELETE FROM b\"\"\"\n"
	           "    op.execute(q)\n"
	           "    op.get_bind().execute(\n"
	           "        sa.text(\"UPDATE a SET x = 1;\\n\" +\n"
	           "                \"UPDATE b SET y = 2\"))\n"
	           "    op.execute('''\n"
	           "\n"
	           "    -- comment; with a semicolon\n"
	           "    DROP TABLE c; DROP TABLE d''')\n"
	           "    op.execute(r'''\\\n"
	           "DROP TABLE e''')\n");
	const struct func *up = fn("upgrade");
	ck_assert_uint_eq(up->nops, 4);
	const struct op *o = &up->ops[0]; /* local constant: line 0 */
	ck_assert_uint_eq(o->sql.count, 2);
	ck_assert_uint_eq(o->sql.items[1].line, 0);
	o = &up->ops[1]; /* "...\n" + "..." on two lines: the escape is not a line of the file */
	ck_assert_uint_eq(o->line, 7);
	ck_assert_uint_eq(o->sql.count, 2);
	ck_assert_uint_eq(o->line + o->sql.items[0].line, 8);
	ck_assert_uint_eq(o->line + o->sql.items[1].line, 9);
	o = &up->ops[2];
	ck_assert_uint_eq(o->sql.count, 2);
	ck_assert_str_eq(o->sql.items[1].text, "DROP TABLE d");
	ck_assert_uint_eq(o->line + o->sql.items[0].line, 13);
	ck_assert_uint_eq(o->line + o->sql.items[1].line, 13);
	o = &up->ops[3]; /* raw: the backslash-newline stays in the text: the statement starts at the backslash */
	ck_assert_uint_eq(o->sql.count, 1);
	ck_assert_str_eq(o->sql.items[0].text, "\\\nDROP TABLE e");
	ck_assert_uint_eq(o->line + o->sql.items[0].line, 14);
}
END_TEST

START_TEST(test_sql_expr_tables_and_where)
{
	parse_text("from alembic import op\n"
	           "import sqlalchemy as sa\n"
	           "from sqlalchemy import table, column, update, delete\n"
	           "accounts = sa.table('accounts', sa.column('id'))\n"
	           "def upgrade():\n"
	           "    op.execute(update(accounts).values(id=1))\n"
	           "    op.execute(delete(accounts).filter_by(id=1))\n"
	           "    t = table('t2', column('a'))\n"
	           "    op.execute(t.insert().values(a=1))\n"
	           "    op.execute(sa.delete(sa.table('t3')).where(sa.text('1=1')).returning(t.c.a))\n"
	           "    op.execute(other.delete().where(x))\n");
	const struct func *up = fn("upgrade");
	ck_assert_uint_eq(up->nops, 5);
	CHECK_OP(up, 0, "execute", "accounts", 6);
	ck_assert(up->ops[0].sql_expr && !up->ops[0].sql_expr_where);
	ck_assert_str_eq(up->ops[0].sql_expr_verb, "update");
	CHECK_OP(up, 1, "execute", "accounts", 7);
	ck_assert(up->ops[1].sql_expr && up->ops[1].sql_expr_where);
	CHECK_OP(up, 2, "execute", "t2", 9);
	ck_assert_str_eq(up->ops[2].sql_expr_verb, "insert");
	ck_assert(!up->ops[2].sql_expr_where);
	CHECK_OP(up, 3, "execute", "t3", 10);
	ck_assert(up->ops[3].sql_expr_where); /* kept through .returning() */
	CHECK_OP(up, 4, "execute", NULL, 11); /* unknown receiver: opaque, not an expression */
	ck_assert(!up->ops[4].sql_expr && !up->ops[4].sql_expr_where);
}
END_TEST

START_TEST(test_nul_in_names)
{
	static const char src[] = "revision = 'ab\\x00cd'\n"
	                          "down_revision = ('x\\0', 'y')\n"
	                          "from alembic import op\n"
	                          "import sqlalchemy as sa\n"
	                          "def upgrade():\n"
	                          "    op.create_table('us\\x00ers', sa.Column('id', sa.Integer()))\n"
	                          "    with op.batch_alter_table('t\\0') as b:\n"
	                          "        b.drop_column('c')\n"
	                          "    op.execute(sa.table('x\\0y').delete())\n"
	                          "    op.execute('DROP TABLE a\\0b')\n";
	parse_text(src);
	ck_assert_ptr_null(M.revision);
	ck_assert_uint_eq(M.down_revisions.count, 1);
	ck_assert_str_eq(M.down_revisions.items[0], "y");
	const struct func *up = fn("upgrade");
	ck_assert_uint_eq(up->nops, 4);
	CHECK_OP(up, 0, "create_table", NULL, 6);
	const struct value *v = op_arg(&up->ops[0], "table_name", 0);
	ck_assert(v->dynamic);
	ck_assert_uint_eq(v->len, 6);
	CHECK_OP(up, 1, "drop_column", NULL, 8);
	CHECK_OP(up, 2, "execute", NULL, 9);
	CHECK_OP(up, 3, "execute", NULL, 10);
	ck_assert(up->ops[3].sql_opaque);
	ck_assert_ptr_null(up->ops[3].sql_text);
	ck_assert_uint_eq(up->ops[3].sql.count, 0);
}
END_TEST

START_TEST(test_json)
{
	load("batch.py");
	json_t *j = NULL;
	ck_assert_int_eq(model_to_json(&M, &j), 0);
	ck_assert_ptr_nonnull(j);
	ck_assert_str_eq(json_string_value(json_object_get(j, "revision")), "b47c0de00001");
	json_t *downs = json_object_get(j, "down_revisions");
	ck_assert_uint_eq(json_array_size(downs), 1);
	ck_assert_str_eq(json_string_value(json_array_get(downs, 0)), "a1");
	ck_assert_str_eq(json_string_value(json_object_get(j, "message")), "sqlite batch changes");
	json_t *fns = json_object_get(j, "functions");
	ck_assert_uint_eq(json_array_size(fns), 2);
	json_t *up = json_array_get(fns, 0);
	ck_assert_str_eq(json_string_value(json_object_get(up, "role")), "upgrade");
	ck_assert_str_eq(json_string_value(json_object_get(up, "body")), "normal");
	json_t *ops = json_object_get(up, "ops");
	ck_assert_uint_eq(json_array_size(ops), 6);
	json_t *op0 = json_array_get(ops, 0);
	ck_assert_str_eq(json_string_value(json_object_get(op0, "name")), "add_column");
	ck_assert_str_eq(json_string_value(json_object_get(op0, "table")), "accounts");
	ck_assert_str_eq(json_string_value(json_object_get(op0, "schema")), "billing");
	ck_assert(json_is_true(json_object_get(op0, "batch")));
	ck_assert(json_is_null(json_object_get(op0, "sql")));
	ck_assert_int_eq(json_integer_value(json_object_get(op0, "line")), 11);
	json_t *a0 = json_object_get(json_array_get(json_object_get(op0, "args"), 0), "value");
	ck_assert_str_eq(json_string_value(json_object_get(a0, "kind")), "call");
	ck_assert_str_eq(json_string_value(json_object_get(a0, "func")), "sa.Column");
	json_t *inner = json_object_get(json_array_get(json_object_get(a0, "args"), 1), "value");
	ck_assert_str_eq(json_string_value(json_object_get(inner, "func")), "sa.String");
	json_t *n34 = json_object_get(json_array_get(json_object_get(inner, "args"), 0), "value");
	ck_assert_str_eq(json_string_value(json_object_get(n34, "kind")), "int");
	ck_assert_int_eq(json_integer_value(json_object_get(n34, "value")), 34);
	json_t *nul = json_array_get(json_object_get(a0, "args"), 2);
	ck_assert_str_eq(json_string_value(json_object_get(nul, "name")), "nullable");
	ck_assert(json_is_true(json_object_get(json_object_get(nul, "value"), "value")));
	ck_assert_uint_eq(json_array_size(json_object_get(j, "comments")), 1);
	ck_assert_uint_eq(json_array_size(json_object_get(j, "errors")), 0);
	json_decref(j);
	arena_clear(&A);
	free(BUF);
	BUF = NULL;

	/* SQL statements and errors */
	load("sql_exec.py");
	ck_assert_int_eq(model_to_json(&M, &j), 0);
	json_t *o2 = json_array_get(json_object_get(json_array_get(json_object_get(j, "functions"), 0), "ops"), 2);
	json_t *st = json_object_get(o2, "statements");
	ck_assert_uint_eq(json_array_size(st), 2);
	ck_assert_str_eq(json_string_value(json_object_get(json_array_get(st, 0), "verb")), "delete");
	ck_assert(json_is_false(json_object_get(json_array_get(st, 0), "has_where")));
	ck_assert(json_is_true(json_object_get(json_array_get(st, 1), "cascade")));
	json_t *o5 = json_array_get(json_object_get(json_array_get(json_object_get(j, "functions"), 0), "ops"), 5);
	ck_assert(json_is_true(json_object_get(o5, "sql_opaque")));
	json_t *fs = json_object_get(json_array_get(json_object_get(o5, "args"), 0), "value");
	ck_assert_str_eq(json_string_value(json_object_get(fs, "kind")), "fstring");
	json_t *o10 = json_array_get(json_object_get(json_array_get(json_object_get(j, "functions"), 0), "ops"), 10);
	ck_assert_str_eq(json_string_value(json_object_get(o10, "sql_expr_verb")), "update");
	json_decref(j);
	arena_clear(&A);
	free(BUF);
	BUF = NULL;

	load("syntax_error.py");
	ck_assert_int_eq(model_to_json(&M, &j), 0);
	json_t *e0 = json_array_get(json_object_get(j, "errors"), 0);
	ck_assert_int_eq(json_integer_value(json_object_get(e0, "line")), 10);
	ck_assert_int_eq(json_integer_value(json_object_get(e0, "col")), 18);
	ck_assert_str_eq(json_string_value(json_object_get(e0, "message")), "'(' was never closed");
	json_decref(j);
	arena_clear(&A);
	free(BUF);
	BUF = NULL;

	/* not UTF-8: replaced, never dropped */
	parse_text("from alembic import op\ndef upgrade():\n    op.drop_table('\\xff' + 'x')\n    op.drop_table(b'\\xff')\n");
	ck_assert_int_eq(model_to_json(&M, &j), 0);
	json_t *o1 = json_array_get(json_object_get(json_array_get(json_object_get(j, "functions"), 0), "ops"), 1);
	json_t *bv = json_object_get(json_array_get(json_object_get(o1, "args"), 0), "value");
	ck_assert_str_eq(json_string_value(json_object_get(bv, "kind")), "bytes");
	ck_assert_str_eq(json_string_value(json_object_get(bv, "value")), "\xef\xbf\xbd");
	json_decref(j);
}
END_TEST

static Suite *parser_suite(void)
{
	Suite *s = suite_create("parser");
	TCase *tc = tcase_create("fixtures");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_autogen_module);
	tcase_add_test(tc, test_autogen_upgrade_ops);
	tcase_add_test(tc, test_autogen_downgrade_ops);
	tcase_add_test(tc, test_batch);
	tcase_add_test(tc, test_helpers);
	tcase_add_test(tc, test_op_as_parameter);
	tcase_add_test(tc, test_helper_batch_sql_lines_fixture);
	tcase_add_test(tc, test_aliases);
	tcase_add_test(tc, test_merge_empty_bodies);
	tcase_add_test(tc, test_raises);
	tcase_add_test(tc, test_sql_exec);
	tcase_add_test(tc, test_syntax_errors);
	tcase_add_test(tc, test_multidb);
	tcase_add_test(tc, test_json);
	suite_add_tcase(s, tc);
	TCase *ti = tcase_create("inline");
	tcase_add_checked_fixture(ti, setup, teardown);
	tcase_add_test(ti, test_helper_cycle_and_order);
	tcase_add_test(ti, test_import_forms);
	tcase_add_test(ti, test_body_kinds_inline);
	tcase_add_test(ti, test_conditional);
	tcase_add_test(ti, test_sql_propagation_inline);
	tcase_add_test(ti, test_syntax_errors_inline);
	tcase_add_test(ti, test_def_errors_inline);
	tcase_add_test(ti, test_broken_header_inline);
	tcase_add_test(ti, test_values);
	tcase_add_test(ti, test_with_forms);
	tcase_add_test(ti, test_helper_batch_positional_and_chain);
	tcase_add_test(ti, test_sql_lines_inline);
	tcase_add_test(ti, test_sql_expr_tables_and_where);
	tcase_add_test(ti, test_nul_in_names);
	suite_add_tcase(s, ti);
	TCase *tr = tcase_create("robustness");
	tcase_add_checked_fixture(tr, setup, teardown);
	tcase_set_timeout(tr, 120);
	tcase_add_test(tr, test_empty_and_garbage);
	tcase_add_test(tr, test_truncations);
	suite_add_tcase(s, tr);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(parser_suite());
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
