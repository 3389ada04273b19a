/*
 * test_loader.c — the plugin loader (core/plugin.c) and host table (core/hostapi.c) against deliberately broken
 * plugins (tests/plugins/fixture_*.c, built into MRT_FIXTURE_DIR): every refusal, with its exact message.
 */
#include <check.h>
#include <signal.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "config.h"
#include "graph.h"
#include "hostapi.h"
#include "plugin.h"

#ifndef MRT_FIXTURE_DIR
#define MRT_FIXTURE_DIR MRT_BINARY_DIR "/tests/plugin-fixtures"
#endif

static char err[2048];

/* Sanitizer runtimes catch SIGSEGV and exit(1); the crash test wants the signal itself (read only when built with
 * -fsanitize=address/undefined, ignored otherwise). */
const char *__asan_default_options(void);
__attribute__((visibility("default"))) const char *__asan_default_options(void)
{
	return "handle_segv=0";
}
const char *__ubsan_default_options(void);
__attribute__((visibility("default"))) const char *__ubsan_default_options(void)
{
	return "handle_segv=0:print_stacktrace=1";
}

static const char *fixture(const char *name)
{
	static char bufs[4][1024];
	static int k;
	char *b = bufs[k++ % 4];
	snprintf(b, sizeof(bufs[0]), "%s/fixture_%s.so", MRT_FIXTURE_DIR, name);
	return b;
}

/* Loads a fixture that must be refused; returns the status (err holds the message). */
static int refuse(const char *name, enum mrt_plugin_kind kind)
{
	struct plugin *p = (struct plugin *)0x1;
	err[0] = '\0';
	int rc = plugin_load(fixture(name), kind, &p, err, sizeof(err));
	ck_assert_ptr_null(p);
	return rc;
}

/* err must equal fmt with its %s replaced by path (a macro, so the format is checked). */
#define EXPECT_MSG(fmt, path)                                   \
	do {                                                    \
		char want_[2048];                               \
		snprintf(want_, sizeof(want_), fmt, path);      \
		ck_assert_str_eq(err, want_);                   \
	} while (0)

/* ---- a small migration model ------------------------------------------------------------------------------------ */

static struct value v_users = {.kind = VAL_STR, .text = "users", .len = 5, .line = 11, .col = 20};
static struct value v_phone = {.kind = VAL_STR, .text = "phone", .len = 5, .line = 11, .col = 29};
static struct value v_fresh = {.kind = VAL_STR, .text = "fresh", .len = 5, .line = 10, .col = 21};
static struct value v_true = {.kind = VAL_BOOL, .i = 1, .line = 12, .col = 40};
static struct value v_int = {.kind = VAL_INT, .i = 50, .line = 12, .col = 50};
static struct value v_float = {.kind = VAL_FLOAT, .f = 2.5};
static struct value v_key = {.kind = VAL_STR, .text = "postgresql_using", .len = 16};
static struct arg col_args[] = {{.value = &v_phone}, {.name = "nullable", .value = &v_true}, {.name = "length", .value = &v_int}};
static struct value v_col = {.kind = VAL_CALL, .text = "sa.Column", .len = 9, .args = col_args, .nargs = 3};
static struct arg dict_args[] = {{.key = &v_key, .value = &v_float}};
static struct value v_dict = {.kind = VAL_DICT, .args = dict_args, .nargs = 1};
static struct arg a_create[] = {{.value = &v_fresh}};
static struct arg a_drop[] = {{.value = &v_users}, {.value = &v_phone}};
static struct arg a_drop_fresh[] = {{.value = &v_fresh}, {.name = "column_name", .value = &v_phone}};
static struct arg a_add[] = {{.value = &v_users}, {.value = &v_col}, {.name = "info", .value = &v_dict}};
static struct sql_stmt sql_items[] = {
	{.verb = SQL_V_CREATE, .object = SQL_O_TABLE, .text = "CREATE TABLE audit (id int)", .len = 27, .table = "audit"},
	{.verb = SQL_V_DELETE, .object = SQL_O_TABLE, .text = "DELETE FROM users", .len = 17, .line = 1,
	 .table = "users", .cascade = true, .local = true},
};
static struct op up_ops[] = {
	{.name = "create_table", .receiver = "op", .table = "fresh", .args = a_create, .nargs = 1, .line = 10, .col = 5},
	{.name = "drop_column", .receiver = "op", .table = "users", .args = a_drop, .nargs = 2, .line = 11, .col = 5,
	 .conditional = true},
	{.name = "drop_column", .receiver = "batch_op", .table = "fresh", .args = a_drop_fresh, .nargs = 2, .line = 12,
	 .col = 9, .batch = true},
	{.name = "execute", .receiver = "op", .line = 13, .col = 5, .sql = {.items = sql_items, .count = 2},
	 .sql_text = "CREATE TABLE audit (id int); DELETE FROM users"},
	{.name = "add_column", .receiver = "op", .table = "users", .args = a_add, .nargs = 3, .line = 14, .col = 5},
};
static struct raise_info down_raises[] = {{.exc = "NotImplementedError", .message = "no way back", .line = 17, .col = 5}};
static struct func funcs[] = {
	{.name = "upgrade", .role = FN_UPGRADE, .line = 9, .end_line = 14, .ops = up_ops, .nops = 5},
	{.name = "downgrade", .role = FN_DOWNGRADE, .body = BODY_RAISES, .line = 16, .end_line = 17,
	 .raises = down_raises, .nraises = 1},
};
static const char *downs[] = {"0001"};
static struct comment_ref comments[] = {{.text = "# mrt: ignore[MRT004] test", .line = 11, .col = 40}};
static struct import imports[] = {{.module = "alembic", .name = "op", .alias = "op", .line = 1}};
static struct migration mig = {
	.path = "versions/0002_x.py", .revision = "0002", .revision_line = 3, .down_revisions = {downs, 1},
	.down_revision_set = true, .down_revision_line = 4, .funcs = funcs, .nfuncs = 2, .comments = comments,
	.ncomments = 1, .imports = imports, .nimports = 1, .op_alias = "op", .nlines = 17, .message = "add x",
};

/* ---- refusals --------------------------------------------------------------------------------------------------- */

START_TEST(test_empty_path)
{
	struct plugin *p = NULL;
	ck_assert_int_eq(plugin_load("", MRT_KIND_RULE, &p, err, sizeof(err)), MRT_EINVAL);
	ck_assert_str_eq(err, "plugin path is empty");
	ck_assert_int_eq(plugin_load(NULL, MRT_KIND_RULE, &p, err, sizeof(err)), MRT_EINVAL);
	ck_assert_ptr_null(p);
}
END_TEST

START_TEST(test_missing_file)
{
	struct plugin *p = NULL;
	ck_assert_int_eq(plugin_load("/nonexistent/dir/x.so", MRT_KIND_RULE, &p, err, sizeof(err)), MRT_ENOENT);
	ck_assert_str_eq(err, "cannot load plugin /nonexistent/dir/x.so: No such file or directory");
}
END_TEST

START_TEST(test_directory)
{
	struct plugin *p = NULL;
	ck_assert_int_eq(plugin_load(MRT_FIXTURE_DIR, MRT_KIND_RULE, &p, err, sizeof(err)), MRT_EIO);
	ck_assert_str_eq(err, "cannot load plugin " MRT_FIXTURE_DIR ": is a directory");
}
END_TEST

START_TEST(test_not_so)
{
	struct plugin *p = NULL;
	ck_assert_int_eq(plugin_load(__FILE__, MRT_KIND_RULE, &p, err, sizeof(err)), MRT_EINVAL);
	ck_assert_str_eq(err, "cannot load plugin " __FILE__ ": plugin files end in .so");
}
END_TEST

START_TEST(test_garbage_so)
{
	char dir[] = "/tmp/mrt_loader_XXXXXX";
	ck_assert_ptr_nonnull(mkdtemp(dir));
	char path[1100];
	snprintf(path, sizeof(path), "%s/garbage.so", dir);
	FILE *f = fopen(path, "w");
	ck_assert_ptr_nonnull(f);
	fputs("this is not an ELF file\n", f);
	fclose(f);
	struct plugin *p = NULL;
	ck_assert_int_eq(plugin_load(path, MRT_KIND_RULE, &p, err, sizeof(err)), MRT_EIO);
	char prefix[1200], hint[1200];
	snprintf(prefix, sizeof(prefix), "cannot load plugin %s: ", path);
	snprintf(hint, sizeof(hint), " (check its dependencies with `ldd %s`)", path);
	ck_assert_int_eq(strncmp(err, prefix, strlen(prefix)), 0);
	ck_assert_ptr_nonnull(strstr(err, hint));
	ck_assert_msg(strstr(err, "invalid ELF header") || strstr(err, "file too short"), "%s", err);
	unlink(path);
	rmdir(dir);
}
END_TEST

START_TEST(test_undefined_symbol)
{
	ck_assert_int_eq(refuse("undefined", MRT_KIND_RULE), MRT_EIO);
	ck_assert_ptr_nonnull(strstr(err, "undefined symbol: mrt_fixture_missing_function"));
	char hint[1200];
	snprintf(hint, sizeof(hint), "(check its dependencies with `ldd %s`)", fixture("undefined"));
	ck_assert_ptr_nonnull(strstr(err, hint));
}
END_TEST

START_TEST(test_no_entry)
{
	ck_assert_int_eq(refuse("no_entry", MRT_KIND_RULE), MRT_ENOENT);
	EXPECT_MSG("%s has no mrt_plugin_entry_v1: is it an mrt plugin? Build it with MRT_PLUGIN_DEFINE",
	           fixture("no_entry"));
}
END_TEST

START_TEST(test_wrong_major)
{
	ck_assert_int_eq(refuse("wrong_major", MRT_KIND_RULE), MRT_EABI);
	EXPECT_MSG("%s: plugin built for another ABI: core has ABI 1.0, plugin has 2.0; rebuild it against this core's "
	           "mrt_sdk.h",
	           fixture("wrong_major"));
}
END_TEST

START_TEST(test_newer_minor)
{
	ck_assert_int_eq(refuse("newer_minor", MRT_KIND_RULE), MRT_EABI);
	EXPECT_MSG("%s: plugin is newer than the core: core has ABI 1.0, plugin has 1.1; upgrade mrt or rebuild the "
	           "plugin against this core's mrt_sdk.h",
	           fixture("newer_minor"));
}
END_TEST

START_TEST(test_short_struct)
{
	ck_assert_int_eq(refuse("short_struct", MRT_KIND_RULE), MRT_EABI);
	char want[2048];
	snprintf(want, sizeof(want),
	         "%s: descriptor too short: core needs struct_size >= %zu for ABI 1.0, plugin has %zu; build it with "
	         "MRT_PLUGIN_DEFINE",
	         fixture("short_struct"), sizeof(struct mrt_plugin_desc), offsetof(struct mrt_plugin_desc, init));
	ck_assert_str_eq(err, want);
}
END_TEST

START_TEST(test_null_check)
{
	ck_assert_int_eq(refuse("null_check", MRT_KIND_RULE), MRT_EPLUGIN);
	EXPECT_MSG("%s: rule plugin 'fixture-null-check' has neither check_migration nor check_graph (one is mandatory)",
	           fixture("null_check"));
}
END_TEST

START_TEST(test_no_init)
{
	ck_assert_int_eq(refuse("no_init", MRT_KIND_RULE), MRT_EPLUGIN);
	EXPECT_MSG("%s: rule plugin 'fixture-no-init' has no init callback (mandatory)", fixture("no_init"));
}
END_TEST

START_TEST(test_no_kind)
{
	ck_assert_int_eq(refuse("no_kind", MRT_KIND_RULE), MRT_EPLUGIN);
	EXPECT_MSG("%s: descriptor has no valid kind (0): set .kind = MRT_KIND_RULE or MRT_KIND_BACKEND", fixture("no_kind"));
}
END_TEST

START_TEST(test_wrong_kind)
{
	ck_assert_int_eq(refuse("backend", MRT_KIND_RULE), MRT_EPLUGIN);
	EXPECT_MSG("%s: wrong plugin kind: expected a rule plugin, this is a backend plugin", fixture("backend"));
	ck_assert_int_eq(refuse("good", MRT_KIND_BACKEND), MRT_EPLUGIN);
	EXPECT_MSG("%s: wrong plugin kind: expected a backend plugin, this is a rule plugin", fixture("good"));
}
END_TEST

START_TEST(test_bad_option_table)
{
	ck_assert_int_eq(refuse("bad_option", MRT_KIND_RULE), MRT_EPLUGIN);
	EXPECT_MSG("%s: plugin 'fixture-bad-option': option table: default 'ten' of int option 'limit' is not an integer",
	           fixture("bad_option"));
}
END_TEST

START_TEST(test_backend_loads)
{
	struct plugin *p = NULL;
	ck_assert_int_eq(plugin_load(fixture("backend"), MRT_KIND_BACKEND, &p, err, sizeof(err)), MRT_OK);
	const struct mrt_plugin_desc *d = plugin_desc(p);
	ck_assert_int_eq(d->kind, MRT_KIND_BACKEND);
	ck_assert_str_eq(d->name, "fixture-backend");
	ck_assert_ptr_nonnull(d->backend);
	struct plugin_instance *inst = NULL;
	ck_assert_int_eq(plugin_instance_create(p, NULL, &inst, err, sizeof(err)), MRT_OK);
	ck_assert_str_eq(plugin_instance_id(inst), "fixture-backend");
	ck_assert_ptr_eq(inst->state, hostapi_table()); /* fixture_init stores the table as its state */
	ck_assert_uint_eq(p->ninstances, 1);
	plugin_instance_destroy(inst);
	ck_assert_uint_eq(p->ninstances, 0);
	plugin_unload(p);
	/* MRT_KIND_NONE accepts any kind */
	ck_assert_int_eq(plugin_load(fixture("backend"), MRT_KIND_NONE, &p, err, sizeof(err)), MRT_OK);
	plugin_unload(p);
}
END_TEST

START_TEST(test_relative_path)
{
	/* a bare file name is the file in the current directory, never a library-path search */
	char cwd[4096];
	ck_assert_ptr_nonnull(getcwd(cwd, sizeof(cwd)));
	ck_assert_int_eq(chdir(MRT_FIXTURE_DIR), 0);
	struct plugin *p = NULL;
	int rc = plugin_load("fixture_good.so", MRT_KIND_RULE, &p, err, sizeof(err));
	ck_assert_int_eq(chdir(cwd), 0);
	ck_assert_int_eq(rc, MRT_OK);
	ck_assert_str_eq(p->path, "./fixture_good.so");
	struct stat sb; /* the same file as the fixture by its full path */
	ck_assert_int_eq(stat(fixture("good"), &sb), 0);
	ck_assert(p->dev == (unsigned long long)sb.st_dev && p->ino == (unsigned long long)sb.st_ino);
	plugin_unload(p);
}
END_TEST

START_TEST(test_fail_init_rolled_back)
{
	struct plugin_registry reg;
	plugin_registry_init(&reg);
	struct plugin *p = NULL;
	ck_assert_int_eq(plugin_registry_load(&reg, fixture("fail_init"), MRT_KIND_RULE, &p, err, sizeof(err)), MRT_OK);
	ck_assert_uint_eq(reg.nplugins, 1);
	struct mrt_options *o = NULL;
	ck_assert_int_eq(options_create(plugin_desc(p)->options, "rule", plugin_desc(p)->name, "MRT777", NULL, 0, &o, err,
	                                sizeof(err)),
	                 MRT_OK);
	struct plugin_instance *inst = (struct plugin_instance *)0x1;
	ck_assert_int_eq(plugin_registry_instantiate(&reg, p, o, &inst, err, sizeof(err)), MRT_EINIT);
	ck_assert_ptr_null(inst);
	EXPECT_MSG("%s: init of rule MRT777 (fixture-fail-init) failed: option 'table' of MRT777 names no table "
	           "(MRT_ECONFIG); hint: set options.table in the rule's YAML file",
	           fixture("fail_init"));
	ck_assert_uint_eq(reg.nplugins, 0); /* unloaded: nothing left */
	ck_assert_uint_eq(reg.ninstances, 0);
	plugin_registry_release(&reg);
}
END_TEST

START_TEST(test_duplicate_name_and_id)
{
	struct plugin_registry reg;
	plugin_registry_init(&reg);
	struct plugin *p = NULL, *q = NULL;
	ck_assert_int_eq(plugin_registry_load(&reg, fixture("good"), MRT_KIND_RULE, &p, err, sizeof(err)), MRT_OK);
	/* the same file again: the same plugin */
	ck_assert_int_eq(plugin_registry_load(&reg, fixture("good"), MRT_KIND_RULE, &q, err, sizeof(err)), MRT_OK);
	ck_assert_ptr_eq(p, q);
	ck_assert_uint_eq(reg.nplugins, 1);
	/* another file with the same name */
	q = (struct plugin *)0x1;
	ck_assert_int_eq(plugin_registry_load(&reg, fixture("dup_name"), MRT_KIND_RULE, &q, err, sizeof(err)), MRT_EEXIST);
	ck_assert_ptr_null(q);
	char want[2048];
	snprintf(want, sizeof(want), "%s: plugin name 'fixture-good' is already used by %s", fixture("dup_name"),
	         fixture("good"));
	ck_assert_str_eq(err, want);
	ck_assert_uint_eq(reg.nplugins, 1);
	ck_assert_ptr_eq(plugin_registry_find(&reg, "fixture-good"), p);
	ck_assert_ptr_null(plugin_registry_find(&reg, "nope"));

	/* two instances with different ids coexist; the same id twice is refused */
	struct mrt_options *o1 = NULL, *o2 = NULL, *o3 = NULL;
	ck_assert_int_eq(options_create(plugin_desc(p)->options, "rule", "fixture-good", "MRT100", NULL, 0, &o1, err,
	                                sizeof(err)), MRT_OK);
	ck_assert_int_eq(options_create(plugin_desc(p)->options, "rule", "fixture-good", "MRT101", NULL, 0, &o2, err,
	                                sizeof(err)), MRT_OK);
	ck_assert_int_eq(options_create(plugin_desc(p)->options, "rule", "fixture-good", "MRT100", NULL, 0, &o3, err,
	                                sizeof(err)), MRT_OK);
	struct plugin_instance *i1 = NULL, *i2 = NULL, *i3 = NULL;
	ck_assert_int_eq(plugin_registry_instantiate(&reg, p, o1, &i1, err, sizeof(err)), MRT_OK);
	ck_assert_int_eq(plugin_registry_instantiate(&reg, p, o2, &i2, err, sizeof(err)), MRT_OK);
	ck_assert_ptr_ne(i1->state, i2->state);
	ck_assert_int_eq(plugin_registry_instantiate(&reg, p, o3, &i3, err, sizeof(err)), MRT_EEXIST);
	snprintf(want, sizeof(want), "%s: rule id 'MRT100' is already used by plugin 'fixture-good' (%s)",
	         fixture("good"), fixture("good"));
	ck_assert_str_eq(err, want);
	ck_assert_ptr_eq(plugin_registry_find_instance(&reg, "MRT101"), i2);
	ck_assert_uint_eq(p->ninstances, 2);
	plugin_registry_release(&reg);
	ck_assert_uint_eq(reg.nplugins, 0);
}
END_TEST

/* ---- running rules ---------------------------------------------------------------------------------------------- */

START_TEST(test_good_check)
{
	struct plugin_registry reg;
	plugin_registry_init(&reg);
	struct plugin *p = NULL;
	ck_assert_int_eq(plugin_registry_load(&reg, fixture("good"), MRT_KIND_RULE, &p, err, sizeof(err)), MRT_OK);
	const struct mrt_plugin_desc *d = plugin_desc(p);
	ck_assert_uint_eq(d->abi_major, MRT_ABI_MAJOR);
	ck_assert_uint_eq(d->struct_size, sizeof(struct mrt_plugin_desc));
	ck_assert_str_eq(d->version, "1.0.0");

	/* options from YAML: limit 50, greeting "hi" */
	struct config_entry ents[] = {
		{.key = "limit", .line = 6, .col = 3, .value = {.kind = CFG_VAL_INT, .text = "50", .i = 50, .file = "r.yaml", .line = 6, .col = 10}},
		{.key = "greeting", .line = 7, .col = 3, .value = {.kind = CFG_VAL_STR, .text = "hi", .file = "r.yaml", .line = 7, .col = 13}},
	};
	struct config_value map = {.kind = CFG_VAL_MAP, .entries = ents, .count = 2, .file = "r.yaml", .line = 6, .col = 3};
	const struct config_value *maps[] = {&map};
	struct mrt_options *o = NULL;
	ck_assert_int_eq(options_create(d->options, "rule", d->name, "MRT100", maps, 1, &o, err, sizeof(err)), MRT_OK);
	struct plugin_instance *inst = NULL;
	ck_assert_int_eq(plugin_registry_instantiate(&reg, p, o, &inst, err, sizeof(err)), MRT_OK);
	ck_assert_int_eq(plugin_instance_set_meta(inst, "Fixture pattern", "MRT900,MRT901", SEV_ERROR), MRT_OK);

	struct findings out;
	findings_init(&out);
	ck_assert_int_eq(plugin_check_migration(inst, &mig, "postgresql", &out, err, sizeof(err)), MRT_OK);
	/* create_table(fresh) reported (fresh not created before it), drop_column(users), not drop_column(fresh),
	 * execute (no table), add_column(users) */
	ck_assert_uint_eq(out.count, 4);
	ck_assert_str_eq(out.items[0].message, "hi: create_table on fresh (limit 50)");
	ck_assert_str_eq(out.items[1].message, "hi: drop_column on users (limit 50)");
	ck_assert_str_eq(out.items[2].message, "hi: execute on ? (limit 50)");
	ck_assert_str_eq(out.items[3].message, "hi: add_column on users (limit 50)");
	const struct finding *f = &out.items[1];
	ck_assert_str_eq(f->rule, "MRT100");
	ck_assert_int_eq(f->severity, SEV_ERROR);
	ck_assert_str_eq(f->file, "versions/0002_x.py");
	ck_assert_str_eq(f->revision, "0002");
	ck_assert_uint_eq(f->line, 11);
	ck_assert_uint_eq(f->col, 5);
	ck_assert_str_eq(f->hint, "a hint");
	ck_assert_str_eq(f->pattern, "Fixture pattern");
	ck_assert_str_eq(f->aliases, "MRT900,MRT901");
	ck_assert_str_eq(f->name, "fixture-good");

	/* check_graph over a real graph: 0001 <- 0002, 0001 <- 0003 (two heads) */
	struct graph *g = graph_create();
	ck_assert_ptr_nonnull(g);
	const char *d1[] = {"0001"};
	struct graph_entry e1 = {.revision = "0001", .path = "v/1.py", .line = 1};
	struct graph_entry e2 = {.revision = "0002", .down_revisions = d1, .ndown = 1, .path = "v/2.py", .line = 1};
	struct graph_entry e3 = {.revision = "0003", .down_revisions = d1, .ndown = 1, .path = "v/3.py", .line = 1};
	ck_assert_int_eq(graph_add(g, &e1), GRAPH_OK);
	ck_assert_int_eq(graph_add(g, &e2), GRAPH_OK);
	ck_assert_int_eq(graph_add(g, &e3), GRAPH_OK);
	ck_assert_int_eq(graph_build(g), GRAPH_OK);
	ck_assert_int_eq(plugin_check_graph(inst, g, NULL, 0, NULL, &out, err, sizeof(err)), MRT_OK);
	ck_assert_uint_eq(out.count, 5);
	ck_assert_str_eq(out.items[4].message, "graph has 3 revisions and 2 heads");
	ck_assert_int_eq(out.items[4].severity, SEV_INFO);
	ck_assert_ptr_null(out.items[4].file);
	graph_destroy(g);
	findings_release(&out);
	plugin_registry_release(&reg);
}
END_TEST

START_TEST(test_check_fails)
{
	struct plugin *p = NULL;
	ck_assert_int_eq(plugin_load(fixture("check_fails"), MRT_KIND_RULE, &p, err, sizeof(err)), MRT_OK);
	struct plugin_instance *inst = NULL;
	ck_assert_int_eq(plugin_instance_create(p, NULL, &inst, err, sizeof(err)), MRT_OK);
	struct findings out;
	findings_init(&out);
	ck_assert_int_eq(plugin_check_migration(inst, &mig, NULL, &out, err, sizeof(err)), MRT_EINTERNAL);
	ck_assert_str_eq(err, "rule fixture-check-fails (fixture-check-fails) failed on versions/0002_x.py: internal "
	                      "error (MRT_EINTERNAL)");
	ck_assert_uint_eq(out.count, 0);
	plugin_instance_destroy(inst);
	plugin_unload(p);
}
END_TEST

START_TEST(test_segv_in_check)
{
	struct plugin *p = NULL;
	ck_assert_int_eq(plugin_load(fixture("segv"), MRT_KIND_RULE, &p, err, sizeof(err)), MRT_OK);
	struct plugin_instance *inst = NULL;
	ck_assert_int_eq(plugin_instance_create(p, NULL, &inst, err, sizeof(err)), MRT_OK);
	struct findings out;
	findings_init(&out);
	plugin_check_migration(inst, &mig, NULL, &out, err, sizeof(err)); /* dies with SIGSEGV */
	ck_abort_msg("not reached");
}
END_TEST

START_TEST(test_load_dir)
{
	char dir[] = "/tmp/mrt_loaddir_XXXXXX";
	ck_assert_ptr_nonnull(mkdtemp(dir));
	char a[1200], b[1200], sub[1200], txt[1200];
	snprintf(a, sizeof(a), "%s/b_good.so", dir);
	snprintf(b, sizeof(b), "%s/a_backend.so", dir);
	snprintf(sub, sizeof(sub), "%s/sub.so", dir);
	snprintf(txt, sizeof(txt), "%s/readme.txt", dir);
	ck_assert_int_eq(symlink(fixture("good"), a), 0);
	ck_assert_int_eq(symlink(fixture("backend"), b), 0);
	ck_assert_int_eq(mkdir(sub, 0700), 0);
	FILE *f = fopen(txt, "w");
	ck_assert_ptr_nonnull(f);
	fclose(f);
	struct plugin_registry reg;
	plugin_registry_init(&reg);
	ck_assert_int_eq(plugin_registry_load_dir(&reg, dir, MRT_KIND_NONE, err, sizeof(err)), MRT_OK);
	ck_assert_uint_eq(reg.nplugins, 2);
	ck_assert_str_eq(reg.plugins[0]->desc.name, "fixture-backend"); /* sorted by file name */
	ck_assert_str_eq(reg.plugins[1]->desc.name, "fixture-good");
	plugin_registry_release(&reg);
	/* as rules only: the backend is refused */
	ck_assert_int_eq(plugin_registry_load_dir(&reg, dir, MRT_KIND_RULE, err, sizeof(err)), MRT_EPLUGIN);
	char want[2048];
	snprintf(want, sizeof(want), "%s: wrong plugin kind: expected a rule plugin, this is a backend plugin", b);
	ck_assert_str_eq(err, want);
	plugin_registry_release(&reg);
	ck_assert_int_eq(plugin_registry_load_dir(&reg, "/nonexistent-dir", MRT_KIND_RULE, err, sizeof(err)), MRT_EIO);
	ck_assert_str_eq(err, "cannot read plugin directory /nonexistent-dir: No such file or directory");
	unlink(a);
	unlink(b);
	unlink(txt);
	rmdir(sub);
	rmdir(dir);
}
END_TEST

/* ---- options ---------------------------------------------------------------------------------------------------- */

static const struct mrt_option_spec specs[] = {
	{.name = "limit", .type = MRT_OPT_INT, .def = "10", .min = 1, .max = 100},
	{.name = "loud", .type = MRT_OPT_BOOL, .def = "false"},
	{.name = "greeting", .type = MRT_OPT_STRING},
	{.name = "skip", .type = MRT_OPT_STRLIST, .def = " a , b,,c "},
	{.name = "level", .type = MRT_OPT_SEVERITY, .def = "info"},
	{.name = "must", .type = MRT_OPT_BOOL, .required = true},
	{0},
};

static int make_opts(struct config_entry *ents, size_t n, struct mrt_options **o)
{
	struct config_value map = {.kind = CFG_VAL_MAP, .entries = ents, .count = n, .file = "rules.d/x.yaml", .line = 5,
	                           .col = 3};
	const struct config_value *maps[] = {&map};
	err[0] = '\0';
	return options_create(specs, "rule", "plug", "MRT500", maps, 1, o, err, sizeof(err));
}

#define ENT(k, l, ...) {.key = (k), .line = (l), .col = 3, .value = {.file = "rules.d/x.yaml", .line = (l), .col = 10, __VA_ARGS__}}

START_TEST(test_options_values)
{
	struct config_value items[] = {{.kind = CFG_VAL_STR, .text = "x"}, {.kind = CFG_VAL_INT, .text = "7", .i = 7}};
	struct config_entry ents[] = {
		ENT("must", 5, .kind = CFG_VAL_BOOL, .text = "true", .b = true),
		ENT("skip", 6, .kind = CFG_VAL_LIST, .items = items, .count = 2),
		ENT("level", 7, .kind = CFG_VAL_STR, .text = "error"),
	};
	struct mrt_options *o = NULL;
	ck_assert_int_eq(make_opts(ents, 3, &o), MRT_OK);
	const struct mrt_host_api *api = hostapi_table();
	ck_assert_int_eq(api->opt_int(o, "limit"), 10);
	ck_assert(!api->opt_is_set(o, "limit"));
	ck_assert(api->opt_is_set(o, "must"));
	ck_assert(api->opt_bool(o, "must"));
	ck_assert(!api->opt_bool(o, "loud"));
	ck_assert_ptr_null(api->opt_string(o, "greeting"));
	ck_assert_uint_eq(api->opt_list_count(o, "skip"), 2);
	ck_assert_str_eq(api->opt_list_item(o, "skip", 0), "x");
	ck_assert_str_eq(api->opt_list_item(o, "skip", 1), "7");
	ck_assert_ptr_null(api->opt_list_item(o, "skip", 2));
	ck_assert_int_eq(api->opt_severity(o, "level"), MRT_SEV_ERROR);
	ck_assert_str_eq(api->opt_instance_id(o), "MRT500");
	/* wrong type or unknown name: neutral value and a warning in the log */
	FILE *log = tmpfile();
	ck_assert_ptr_nonnull(log);
	hostapi_set_log(log, MRT_LOG_DEBUG);
	ck_assert_int_eq(api->opt_int(o, "loud"), 0);
	ck_assert_int_eq(api->opt_int(o, "nope"), 0);
	hostapi_set_log(NULL, MRT_LOG_WARN);
	rewind(log);
	char line[512];
	ck_assert_ptr_nonnull(fgets(line, sizeof(line), log));
	ck_assert_str_eq(line, "[rule:plug:MRT500] warning: option 'loud' is a bool, read as a int\n");
	ck_assert_ptr_nonnull(fgets(line, sizeof(line), log));
	ck_assert_str_eq(line, "[rule:plug:MRT500] warning: asked for option 'nope', which its options table does not "
	                       "declare\n");
	fclose(log);
	options_destroy(o);

	/* defaults only (no maps): the default list is split on commas and trimmed; "must" is required */
	ck_assert_int_eq(options_create(specs, "rule", "plug", "MRT500", NULL, 0, &o, err, sizeof(err)), MRT_ECONFIG);
	ck_assert_str_eq(err, "option 'must' of rule MRT500 (plug) is required");
	ck_assert_ptr_null(o);
	struct config_entry must[] = {ENT("must", 5, .kind = CFG_VAL_BOOL, .text = "false")};
	ck_assert_int_eq(make_opts(must, 1, &o), MRT_OK);
	ck_assert_uint_eq(api->opt_list_count(o, "skip"), 3);
	ck_assert_str_eq(api->opt_list_item(o, "skip", 0), "a");
	ck_assert_str_eq(api->opt_list_item(o, "skip", 1), "b");
	ck_assert_str_eq(api->opt_list_item(o, "skip", 2), "c");
	ck_assert_int_eq(api->opt_severity(o, "level"), MRT_SEV_INFO);
	options_destroy(o);
}
END_TEST

START_TEST(test_options_errors)
{
	struct mrt_options *o = NULL;
	struct config_entry unknown[] = {ENT("limt", 8, .kind = CFG_VAL_INT, .text = "3", .i = 3)};
	ck_assert_int_eq(make_opts(unknown, 1, &o), MRT_ECONFIG);
	ck_assert_str_eq(err, "rules.d/x.yaml:8:3: unknown option 'limt' for rule MRT500 (plug) (known: limit, loud, "
	                      "greeting, skip, level, must)");
	ck_assert_ptr_null(o);
	struct config_entry range[] = {ENT("limit", 9, .kind = CFG_VAL_INT, .text = "101", .i = 101)};
	ck_assert_int_eq(make_opts(range, 1, &o), MRT_ECONFIG);
	ck_assert_str_eq(err, "rules.d/x.yaml:9:10: option 'limit' of rule MRT500 (plug): 101 is out of range [1, 100]");
	struct config_entry type[] = {ENT("loud", 10, .kind = CFG_VAL_STR, .text = "yes")};
	ck_assert_int_eq(make_opts(type, 1, &o), MRT_ECONFIG);
	ck_assert_str_eq(err, "rules.d/x.yaml:10:10: option 'loud' of rule MRT500 (plug): expected bool, got string");
	struct config_entry sev[] = {ENT("level", 11, .kind = CFG_VAL_STR, .text = "fatal")};
	ck_assert_int_eq(make_opts(sev, 1, &o), MRT_ECONFIG);
	ck_assert_str_eq(err, "rules.d/x.yaml:11:10: option 'level' of rule MRT500 (plug): 'fatal' is not a severity "
	                      "(info, warning, error)");
	struct config_value nested[] = {{.kind = CFG_VAL_LIST, .file = "rules.d/x.yaml", .line = 12, .col = 12}};
	struct config_entry list[] = {ENT("skip", 12, .kind = CFG_VAL_LIST, .items = nested, .count = 1)};
	ck_assert_int_eq(make_opts(list, 1, &o), MRT_ECONFIG);
	ck_assert_str_eq(err, "rules.d/x.yaml:12:12: option 'skip' of rule MRT500 (plug): list items must be scalars, got "
	                      "list");
	/* a plugin without options refuses any key */
	struct config_value map = {.kind = CFG_VAL_MAP, .entries = unknown, .count = 1, .file = "r.yaml"};
	const struct config_value *maps[] = {&map};
	ck_assert_int_eq(options_create(NULL, "rule", "plug", "MRT501", maps, 1, &o, err, sizeof(err)), MRT_ECONFIG);
	ck_assert_str_eq(err, "r.yaml:8:3: unknown option 'limt' for rule MRT501 (plug): it takes no options");
	/* the spec checker */
	static const struct mrt_option_spec twice[] = {{.name = "a", .type = MRT_OPT_BOOL}, {.name = "a", .type = MRT_OPT_INT}, {0}};
	ck_assert_int_eq(options_check_specs(twice, err, sizeof(err)), MRT_EPLUGIN);
	ck_assert_str_eq(err, "option table: option 'a' is declared twice");
	static const struct mrt_option_spec badrange[] = {{.name = "n", .type = MRT_OPT_INT, .def = "0", .min = 1, .max = 5}, {0}};
	ck_assert_int_eq(options_check_specs(badrange, err, sizeof(err)), MRT_EPLUGIN);
	ck_assert_str_eq(err, "option table: default '0' of int option 'n' is out of [min, max]");
	static const struct mrt_option_spec notype[] = {{.name = "n"}, {0}};
	ck_assert_int_eq(options_check_specs(notype, err, sizeof(err)), MRT_EPLUGIN);
	ck_assert_str_eq(err, "option table: option 'n' has invalid type 0");
}
END_TEST

/* ---- host table ------------------------------------------------------------------------------------------------- */

START_TEST(test_host_table_complete)
{
	const struct mrt_host_api *api = hostapi_table();
	ck_assert_uint_eq(api->struct_size, sizeof(struct mrt_host_api));
	ck_assert_uint_eq(api->abi_major, MRT_ABI_MAJOR);
	ck_assert_uint_eq(api->abi_minor, MRT_ABI_MINOR);
	ck_assert_str_eq(api->core_version, MRT_VERSION);
	/* every member after core_version is a function pointer: none may be NULL */
	size_t first = offsetof(struct mrt_host_api, alloc);
	size_t n = (sizeof(struct mrt_host_api) - first) / sizeof(void (*)(void));
	ck_assert_uint_gt(n, 100);
	for (size_t i = 0; i < n; i++) {
		void (*fn)(void);
		memcpy(&fn, (const char *)api + first + i * sizeof(fn), sizeof(fn));
		ck_assert_msg(fn != NULL, "host table entry %zu is NULL", i);
	}
	ck_assert(MRT_HOST_HAS(api, graph_problem_revision));
	struct mrt_host_api old = *api;
	old.struct_size = (uint32_t)offsetof(struct mrt_host_api, graph_count);
	ck_assert(!MRT_HOST_HAS(&old, graph_count));
	ck_assert(MRT_HOST_HAS(&old, created_in_revision));
}
END_TEST

START_TEST(test_abi_layout)
{
	/* the handshake fields never move */
	ck_assert_uint_eq(offsetof(struct mrt_plugin_desc, abi_major), 0);
	ck_assert_uint_eq(offsetof(struct mrt_plugin_desc, abi_minor), 2);
	ck_assert_uint_eq(offsetof(struct mrt_plugin_desc, struct_size), 4);
	ck_assert_uint_eq(offsetof(struct mrt_plugin_desc, kind), 8);
	ck_assert_uint_eq(offsetof(struct mrt_host_api, struct_size), 0);
	ck_assert_uint_eq(offsetof(struct mrt_host_api, abi_major), 4);
	ck_assert_uint_eq(offsetof(struct mrt_host_api, abi_minor), 6);
	ck_assert_int_eq(MRT_ABI_MAJOR, 1);
	ck_assert_int_eq(MRT_ABI_MINOR, 0);
	ck_assert_str_eq(MRT_PLUGIN_ENTRY_SYMBOL, "mrt_plugin_entry_v1");
}
END_TEST

START_TEST(test_status_map)
{
	ck_assert_int_eq(MRT_OK, 0);
	ck_assert_int_eq(MRT_ENOMEM, -1);
	ck_assert_str_eq(mrt_strerror(MRT_ENOMEM), "out of memory");
	ck_assert_str_eq(mrt_strerror(MRT_EABI), "incompatible plugin ABI");
	ck_assert_str_eq(mrt_strerror(12345), "unknown status");
	ck_assert_str_eq(mrt_status_name(MRT_EINIT), "MRT_EINIT");
	ck_assert_str_eq(mrt_status_name(1), "MRT_UNKNOWN");
}
END_TEST

START_TEST(test_model_accessors)
{
	const struct mrt_host_api *api = hostapi_table();
	const mrt_migration *m = HOSTAPI_MIGRATION(&mig);
	ck_assert_str_eq(api->migration_path(m), "versions/0002_x.py");
	ck_assert_str_eq(api->migration_revision(m), "0002");
	ck_assert_uint_eq(api->migration_down_revision_count(m), 1);
	ck_assert_str_eq(api->migration_down_revision(m, 0), "0001");
	ck_assert_ptr_null(api->migration_down_revision(m, 1));
	ck_assert(api->migration_down_revision_set(m));
	ck_assert_str_eq(api->migration_message(m), "add x");
	ck_assert_str_eq(api->import_alias(api->migration_import(m, 0)), "op");
	ck_assert_str_eq(api->comment_text(api->migration_comment(m, 0)), "# mrt: ignore[MRT004] test");
	const mrt_func *up = api->migration_upgrade(m), *down = api->migration_downgrade(m);
	ck_assert_str_eq(api->func_name(up), "upgrade");
	ck_assert_int_eq(api->func_role(down), MRT_FN_DOWNGRADE);
	ck_assert_int_eq(api->func_body(down), MRT_BODY_RAISES);
	ck_assert_str_eq(api->raise_exception(api->func_raise(down, 0)), "NotImplementedError");
	ck_assert_ptr_null(api->migration_func_by_name(m, "nope"));
	ck_assert_uint_eq(api->func_op_count(up), 5);
	const mrt_op *drop = api->func_op(up, 1), *bdrop = api->func_op(up, 2), *exec = api->func_op(up, 3),
	             *add = api->func_op(up, 4);
	ck_assert_uint_eq(api->op_flags(drop), MRT_OP_CONDITIONAL);
	ck_assert_uint_eq(api->op_flags(bdrop), MRT_OP_BATCH);
	ck_assert_str_eq(api->value_text(api->op_arg(drop, "table_name", 0), NULL), "users");
	ck_assert_str_eq(api->value_text(api->op_arg(drop, "column_name", 1), NULL), "phone");
	ck_assert_ptr_null(api->op_arg(drop, "column_name", -1));
	ck_assert_str_eq(api->value_text(api->op_arg(bdrop, "column_name", 1), NULL), "phone");
	ck_assert_str_eq(api->op_arg_name(bdrop, 1), "column_name");
	/* values */
	const mrt_value *col = api->op_arg(add, NULL, 1);
	ck_assert_int_eq(api->value_kind(col), MRT_VAL_CALL);
	size_t len = 0;
	ck_assert_str_eq(api->value_text(col, &len), "sa.Column");
	ck_assert_uint_eq(len, 9);
	ck_assert(api->value_bool(api->value_call_arg(col, "nullable", -1)));
	ck_assert_int_eq(api->value_int(api->value_call_arg(col, "length", -1)), 50);
	ck_assert_str_eq(api->value_text(api->value_call_arg(col, NULL, 0), NULL), "phone");
	ck_assert_ptr_null(api->value_call_arg(col, NULL, 1));
	ck_assert_str_eq(api->value_item_name(col, 1), "nullable");
	const mrt_value *info = api->op_arg(add, "info", -1);
	ck_assert(api->value_float(api->value_dict_get(info, "postgresql_using")) == 2.5);
	ck_assert_str_eq(api->value_text(api->value_item_key(info, 0), NULL), "postgresql_using");
	ck_assert_ptr_null(api->value_dict_get(info, "nope"));
	ck_assert_ptr_null(api->value_item_key(col, 0));
	/* SQL */
	ck_assert_uint_eq(api->op_sql_count(exec), 2);
	const mrt_sql *del = api->op_sql(exec, 1);
	ck_assert_int_eq(api->sql_verb(del), MRT_SQL_V_DELETE);
	ck_assert_uint_eq(api->sql_flags(del), MRT_SQL_CASCADE | MRT_SQL_LOCAL);
	ck_assert_str_eq(api->sql_table(del), "users");
	ck_assert_uint_eq(api->sql_line(del), 1);
	ck_assert_str_eq(api->sql_text(del, &len), "DELETE FROM users");
	ck_assert_uint_eq(len, 17);
	/* created_in_revision: op create_table and CREATE TABLE SQL, before a given op or anywhere */
	ck_assert(api->created_in_revision(m, "fresh", NULL));
	ck_assert(api->created_in_revision(m, "FRESH", NULL));
	ck_assert(api->created_in_revision(m, "public.fresh", bdrop));
	ck_assert(!api->created_in_revision(m, "fresh", api->func_op(up, 0)));
	ck_assert(api->created_in_revision(m, "audit", add));
	ck_assert(!api->created_in_revision(m, "audit", exec));
	ck_assert(!api->created_in_revision(m, "users", NULL));
	ck_assert(!api->created_in_revision(m, "fresh", HOSTAPI_OP(&mig))); /* not an op of upgrade */
	/* NULL handles are safe */
	ck_assert_ptr_null(api->migration_path(NULL));
	ck_assert_uint_eq(api->func_op_count(NULL), 0);
	ck_assert_int_eq(api->value_kind(NULL), MRT_VAL_OTHER);
	ck_assert_uint_eq(api->graph_parent(NULL, 0, 0), MRT_NO_INDEX);
}
END_TEST

START_TEST(test_report_and_log)
{
	const struct mrt_host_api *api = hostapi_table();
	struct findings out;
	findings_init(&out);
	struct mrt_ctx ctx;
	hostapi_ctx_init(&ctx, "rule", "plug", "MRT300", SEV_WARNING, &out);
	ctx.m = &mig;
	ck_assert_int_eq(api->report(&ctx, MRT_SEV_DEFAULT, 3, 4, NULL, "n=%d", 7), MRT_OK);
	ck_assert_int_eq(api->report_in(&ctx, NULL, MRT_SEV_ERROR, 0, 0, "h", "%s", "graph"), MRT_OK);
	ck_assert_int_eq(api->report_at(&ctx, "x.py", "abc", MRT_SEV_INFO, 9, 1, NULL, "at"), MRT_OK);
	ck_assert_int_eq(api->report(NULL, MRT_SEV_DEFAULT, 0, 0, NULL, "x"), MRT_EINVAL);
	ck_assert_uint_eq(out.count, 3);
	ck_assert_str_eq(out.items[0].message, "n=7");
	ck_assert_int_eq(out.items[0].severity, SEV_WARNING);
	ck_assert_str_eq(out.items[0].file, "versions/0002_x.py");
	ck_assert_str_eq(out.items[0].pattern, "plug"); /* no pattern set: the plugin name */
	ck_assert_ptr_null(out.items[0].hint);
	ck_assert_ptr_null(out.items[1].file);
	ck_assert_int_eq(out.items[1].severity, SEV_ERROR);
	ck_assert_str_eq(out.items[1].hint, "h");
	ck_assert_str_eq(out.items[2].file, "x.py");
	ck_assert_str_eq(out.items[2].revision, "abc");
	ck_assert_uint_eq(ctx.nreports, 3);
	ck_assert_str_eq(api->rule_id(&ctx), "MRT300");
	ck_assert_ptr_null(api->dialect(&ctx));
	findings_release(&out);

	FILE *log = tmpfile();
	ck_assert_ptr_nonnull(log);
	hostapi_set_log(log, MRT_LOG_INFO);
	api->log(&ctx, MRT_LOG_DEBUG, "hidden %d", 1);
	api->log(&ctx, MRT_LOG_INFO, "shown %d", 2);
	api->log(NULL, MRT_LOG_ERROR, "no context");
	hostapi_set_log(NULL, MRT_LOG_WARN);
	rewind(log);
	char buf[512];
	size_t n = fread(buf, 1, sizeof(buf) - 1, log);
	buf[n] = '\0';
	ck_assert_str_eq(buf, "[rule:plug:MRT300] info: shown 2\n[plugin] error: no context\n");
	fclose(log);
}
END_TEST

/* Messages come out as vsnprintf() would write them, whether the short path (text, %s, %u, %%) or the general one
 * formats them, also past the 1,024-byte stack buffer; a hint buffer reused with other text is not mistaken for the
 * last one; every finding of a rule shares one copy of its metadata. */
START_TEST(test_report_formats)
{
	const struct mrt_host_api *api = hostapi_table();
	struct findings out;
	findings_init(&out);
	struct mrt_ctx ctx;
	hostapi_ctx_init(&ctx, "rule", "plug", "MRT301", SEV_WARNING, &out);
	ctx.m = &mig;
	char long_arg[3000];
	memset(long_arg, 'x', sizeof(long_arg) - 1);
	long_arg[sizeof(long_arg) - 1] = '\0';
	char want[4096], hint[32];
	ck_assert_int_eq(api->report(&ctx, MRT_SEV_DEFAULT, 1, 1, NULL, "plain text"), MRT_OK);
	ck_assert_int_eq(api->report(&ctx, MRT_SEV_DEFAULT, 1, 1, NULL, "%s drops '%s.%s' (%u%%)%s", "op.drop_column()",
	                             "t", "c", 4000000000u, ""), MRT_OK);
	ck_assert_int_eq(api->report(&ctx, MRT_SEV_DEFAULT, 1, 1, NULL, "%u|%u|%%|%s", 0u, 7u, "end"), MRT_OK);
	ck_assert_int_eq(api->report(&ctx, MRT_SEV_DEFAULT, 1, 1, NULL, "%5s|%-3u|%d|%zu", "ab", 7u, -3, (size_t)9),
	                 MRT_OK);
	ck_assert_int_eq(api->report(&ctx, MRT_SEV_DEFAULT, 1, 1, NULL, "long %s tail %u", long_arg, 12u), MRT_OK);
	for (int i = 0; i < 2; i++) {
		snprintf(hint, sizeof(hint), "hint number %d", i);
		ck_assert_int_eq(api->report(&ctx, MRT_SEV_DEFAULT, 2, 1, hint, "with hint"), MRT_OK);
	}
	ck_assert_uint_eq(out.count, 7);
	ck_assert_str_eq(out.items[0].message, "plain text");
	ck_assert_str_eq(out.items[1].message, "op.drop_column() drops 't.c' (4000000000%)");
	ck_assert_str_eq(out.items[2].message, "0|7|%|end");
	snprintf(want, sizeof(want), "%5s|%-3u|%d|%zu", "ab", 7u, -3, (size_t)9);
	ck_assert_str_eq(out.items[3].message, want);
	snprintf(want, sizeof(want), "long %s tail %u", long_arg, 12u);
	ck_assert_str_eq(out.items[4].message, want);
	ck_assert_str_eq(out.items[5].hint, "hint number 0");
	ck_assert_str_eq(out.items[6].hint, "hint number 1");
	for (size_t i = 1; i < out.count; i++) {
		ck_assert_ptr_eq(out.items[i].rule, out.items[0].rule);
		ck_assert_ptr_eq(out.items[i].file, out.items[0].file);
		ck_assert_ptr_eq(out.items[i].name, out.items[0].name);
	}
	findings_release(&out);
}
END_TEST

START_TEST(test_graph_accessors)
{
	const struct mrt_host_api *api = hostapi_table();
	struct graph *g = graph_create();
	const char *dz[] = {"zz"};
	const char *da[] = {"aa"};
	/* file order differs from topological order: zz (base, in c.py) <- aa (a.py) <- mm (b.py); ghost parent missing */
	struct graph_entry e1 = {.revision = "aa", .down_revisions = dz, .ndown = 1, .path = "a.py", .line = 1};
	struct graph_entry e2 = {.revision = "mm", .down_revisions = da, .ndown = 1, .path = "b.py", .line = 1};
	struct graph_entry e3 = {.revision = "zz", .path = "c.py", .line = 1};
	const char *dg[] = {"ghost"};
	struct graph_entry e4 = {.revision = "orphan", .down_revisions = dg, .ndown = 1, .path = "d.py", .line = 2};
	ck_assert_int_eq(graph_add(g, &e1), GRAPH_OK);
	ck_assert_int_eq(graph_add(g, &e2), GRAPH_OK);
	ck_assert_int_eq(graph_add(g, &e3), GRAPH_OK);
	ck_assert_int_eq(graph_add(g, &e4), GRAPH_OK);
	ck_assert_int_eq(graph_build(g), GRAPH_OK);
	const struct migration *migs[4] = {NULL};
	size_t zz_node = graph_find(g, "zz");
	migs[zz_node] = &mig;
	struct hostapi_graph hg = {.g = g, .migs = migs, .nmigs = 4};
	const mrt_graph *G = (const mrt_graph *)(const void *)&hg;
	ck_assert_uint_eq(api->graph_count(G), 4);
	size_t izz = api->graph_find(G, "zz"), iaa = api->graph_find(G, "aa"), imm = api->graph_find(G, "mm");
	ck_assert_uint_lt(izz, iaa); /* topological: parents first */
	ck_assert_uint_lt(iaa, imm);
	ck_assert_str_eq(api->graph_revision(G, iaa), "aa");
	ck_assert_str_eq(api->graph_path(G, imm), "b.py");
	ck_assert_ptr_eq(api->graph_migration(G, izz), HOSTAPI_MIGRATION(&mig));
	ck_assert_ptr_null(api->graph_migration(G, iaa));
	ck_assert_uint_eq(api->graph_parent_count(G, iaa), 1);
	ck_assert_uint_eq(api->graph_parent(G, iaa, 0), izz);
	ck_assert_uint_eq(api->graph_parent(G, iaa, 1), MRT_NO_INDEX);
	ck_assert_uint_eq(api->graph_child_count(G, izz), 1);
	ck_assert_uint_eq(api->graph_child(G, izz, 0), iaa);
	ck_assert_uint_eq(api->graph_find(G, "nope"), MRT_NO_INDEX);
	ck_assert_uint_eq(api->graph_head_count(G), 2);
	ck_assert_uint_ge(api->graph_problem_count(G), 1);
	bool dangling = false;
	for (size_t k = 0; k < api->graph_problem_count(G); k++) {
		if (api->graph_problem_kind(G, k) == MRT_GP_MISSING_PARENT) {
			dangling = true;
			ck_assert_str_eq(api->graph_problem_path(G, k), "d.py");
			ck_assert_ptr_nonnull(api->graph_problem_message(G, k));
			ck_assert_str_eq(api->graph_problem_revision(G, k), "orphan");
		}
	}
	ck_assert(dangling);
	graph_destroy(g);
}
END_TEST

static Suite *loader_suite(void)
{
	Suite *s = suite_create("loader");
	TCase *tc = tcase_create("refusals");
	tcase_add_test(tc, test_empty_path);
	tcase_add_test(tc, test_missing_file);
	tcase_add_test(tc, test_directory);
	tcase_add_test(tc, test_not_so);
	tcase_add_test(tc, test_garbage_so);
	tcase_add_test(tc, test_undefined_symbol);
	tcase_add_test(tc, test_no_entry);
	tcase_add_test(tc, test_wrong_major);
	tcase_add_test(tc, test_newer_minor);
	tcase_add_test(tc, test_short_struct);
	tcase_add_test(tc, test_null_check);
	tcase_add_test(tc, test_no_init);
	tcase_add_test(tc, test_no_kind);
	tcase_add_test(tc, test_wrong_kind);
	tcase_add_test(tc, test_bad_option_table);
	tcase_add_test(tc, test_fail_init_rolled_back);
	tcase_add_test(tc, test_duplicate_name_and_id);
	suite_add_tcase(s, tc);

	tc = tcase_create("running");
	tcase_add_test(tc, test_backend_loads);
	tcase_add_test(tc, test_relative_path);
	tcase_add_test(tc, test_good_check);
	tcase_add_test(tc, test_check_fails);
	tcase_add_test(tc, test_load_dir);
	/* A crash inside a plugin kills the process: only testable when Check forks. */
	const char *fork_mode = getenv("CK_FORK");
	if (!fork_mode || strcmp(fork_mode, "no") != 0)
		tcase_add_test_raise_signal(tc, test_segv_in_check, SIGSEGV);
	suite_add_tcase(s, tc);

	tc = tcase_create("hostapi");
	tcase_add_test(tc, test_options_values);
	tcase_add_test(tc, test_options_errors);
	tcase_add_test(tc, test_host_table_complete);
	tcase_add_test(tc, test_abi_layout);
	tcase_add_test(tc, test_status_map);
	tcase_add_test(tc, test_model_accessors);
	tcase_add_test(tc, test_report_and_log);
	tcase_add_test(tc, test_report_formats);
	tcase_add_test(tc, test_graph_accessors);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(loader_suite());
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
