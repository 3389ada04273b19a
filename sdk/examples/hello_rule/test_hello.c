/*
 * test_hello.c — unit test of the hello rule against a fake host: no mrt core, no dlopen.
 *
 * The SDK's handles are opaque, so a test may give them any shape it likes: here a migration is a message plus a
 * list of ops. The fake table fills only the entries hello.c calls (the others stay NULL, so an unexpected call
 * crashes the test loudly) and records every report().
 */
#undef NDEBUG /* the checks below must run in every build type */
#include <assert.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hello.c" /* the plugin's static functions become reachable */

/* ---- fake model ---- */
struct mrt_op {
	const char *name, *table;
	unsigned line, col;
};
struct mrt_func {
	struct mrt_op *ops;
	size_t nops;
};
struct mrt_migration {
	const char *revision, *message;
	struct mrt_func upgrade;
};
struct mrt_options {
	const char *const *tables;
	size_t ntables;
	bool require_message;
};
struct mrt_ctx {
	char messages[8][256];
	int severities[8];
	unsigned lines[8];
	size_t count;
};

static void *f_alloc(size_t n) { return calloc(1, n ? n : 1); }
static void f_free(void *p) { free(p); }
static void f_log_instance(const mrt_options *o, enum mrt_log_level l, const char *fmt, ...)
{
	(void)o;
	(void)l;
	(void)fmt;
}
static bool f_opt_bool(const mrt_options *o, const char *name)
{
	assert(strcmp(name, "require_message") == 0);
	return o->require_message;
}
static size_t f_opt_list_count(const mrt_options *o, const char *name)
{
	assert(strcmp(name, "protected_tables") == 0);
	return o->ntables;
}
static const char *f_opt_list_item(const mrt_options *o, const char *name, size_t i)
{
	(void)name;
	return i < o->ntables ? o->tables[i] : NULL;
}
static const char *f_migration_message(const mrt_migration *m) { return m->message; }
static const char *f_migration_revision(const mrt_migration *m) { return m->revision; }
static size_t f_migration_func_count(const mrt_migration *m) { (void)m; return 1; }
static const mrt_func *f_migration_func(const mrt_migration *m, size_t i) { return i == 0 ? &m->upgrade : NULL; }
static enum mrt_func_role f_func_role(const mrt_func *f) { (void)f; return MRT_FN_UPGRADE; }
static size_t f_func_op_count(const mrt_func *f) { return f->nops; }
static const mrt_op *f_func_op(const mrt_func *f, size_t i) { return &f->ops[i]; }
static const char *f_op_name(const mrt_op *o) { return o->name; }
static const char *f_op_table(const mrt_op *o) { return o->table; }
static unsigned f_op_line(const mrt_op *o) { return o->line; }
static unsigned f_op_col(const mrt_op *o) { return o->col; }
static bool f_created_in_revision(const mrt_migration *m, const char *table, const mrt_op *before)
{
	for (const mrt_op *o = m->upgrade.ops; o < before; o++)
		if (strcmp(o->name, "create_table") == 0 && strcmp(o->table, table) == 0)
			return true;
	return false;
}
static int f_report(mrt_ctx *ctx, enum mrt_severity sev, unsigned line, unsigned col, const char *hint,
                    const char *fmt, ...)
{
	(void)col;
	(void)hint;
	assert(ctx->count < 8);
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(ctx->messages[ctx->count], sizeof(ctx->messages[0]), fmt, ap);
	va_end(ap);
	ctx->severities[ctx->count] = sev;
	ctx->lines[ctx->count] = line;
	ctx->count++;
	return MRT_OK;
}

static const mrt_host_api fake_api = {
	.struct_size = sizeof(mrt_host_api), .abi_major = MRT_ABI_MAJOR, .abi_minor = MRT_ABI_MINOR,
	.alloc = f_alloc, .free = f_free, .log_instance = f_log_instance, .report = f_report,
	.opt_bool = f_opt_bool, .opt_list_count = f_opt_list_count, .opt_list_item = f_opt_list_item,
	.migration_message = f_migration_message, .migration_revision = f_migration_revision,
	.migration_func_count = f_migration_func_count, .migration_func = f_migration_func, .func_role = f_func_role,
	.func_op_count = f_func_op_count, .func_op = f_func_op, .op_name = f_op_name, .op_table = f_op_table,
	.op_line = f_op_line, .op_col = f_op_col, .created_in_revision = f_created_in_revision,
};

int main(void)
{
	const mrt_plugin_desc *d = mrt_plugin_entry_v1();
	assert(d->abi_major == MRT_ABI_MAJOR && d->kind == MRT_KIND_RULE && strcmp(d->name, "hello") == 0);

	static const char *const tables[] = {"users", "payments"};
	mrt_options opts = {.tables = tables, .ntables = 2, .require_message = true};
	void *state = NULL;
	mrt_diag diag;
	memset(&diag, 0, sizeof(diag));
	assert(d->init(&fake_api, &opts, &state, &diag) == MRT_OK);

	mrt_op ops[] = {
		{"create_table", "audit", 10, 5},
		{"drop_column", "users", 11, 5},     /* protected: reported */
		{"drop_column", "audit", 12, 5},     /* not protected */
		{"create_table", "payments", 13, 5},
		{"drop_table", "payments", 14, 5},   /* protected, but created above: skipped */
	};
	mrt_migration m = {.revision = "0002", .message = NULL, .upgrade = {ops, 5}};
	mrt_ctx ctx = {.count = 0};
	assert(d->check_migration(state, &ctx, &m) == MRT_OK);
	assert(ctx.count == 2);
	assert(strcmp(ctx.messages[0], "migration 0002 has no message") == 0);
	assert(ctx.severities[0] == MRT_SEV_DEFAULT && ctx.lines[0] == 1);
	assert(strcmp(ctx.messages[1], "drop_column on protected table 'users'") == 0);
	assert(ctx.severities[1] == MRT_SEV_ERROR && ctx.lines[1] == 11);

	/* a clean migration */
	m.message = "add audit";
	mrt_op clean[] = {{"add_column", "users", 3, 5}};
	m.upgrade = (mrt_func){clean, 1};
	ctx.count = 0;
	assert(d->check_migration(state, &ctx, &m) == MRT_OK);
	assert(ctx.count == 0);
	d->fini(state);

	/* an empty protected table name makes init fail with a diagnostic */
	static const char *const bad[] = {"users", ""};
	mrt_options bad_opts = {.tables = bad, .ntables = 2};
	memset(&diag, 0, sizeof(diag));
	assert(d->init(&fake_api, &bad_opts, &state, &diag) == MRT_ECONFIG);
	assert(strcmp(diag.message, "protected_tables item 2 is empty") == 0);

	puts("test_hello: all passed");
	return 0;
}
