/*
 * test_rules_safety.c — the "safety" rule plugins (MRT021–MRT028) against a fake host.
 *
 * The plugins' sources are compiled into this test (each entry symbol renamed), like test_rules_basic.c. The host
 * table is the core's accessor table with report/log replaced by recorders, so the plugins read real models: every
 * fixture under tests/data/rules/<id>/ is parsed by the real parser. The fake host and the fixture runner are the
 * shared ones of tests/unit/rule_harness.h.
 *
 * Fixture convention: bad_*.py must trigger, good_*.py must stay silent. In a bad file each line carrying the marker
 * "# HIT" (or "-- HIT" inside SQL text) gets exactly one finding, and the text after the marker up to the end of the
 * line, when present, must occur in that finding's message. A first line "# mrt-test: dialect=<name>" runs the file
 * with that project dialect (otherwise the dialect is unknown, as without --dialect). Every finding of a rule must
 * also contain the rule's key phrase (see struct sh_plugin), carry a hint and the configured severity.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "config.h"
#include "graph.h"
#include "hostapi.h"
#include "parser.h"

#define mrt_plugin_entry_v1 entry_set_not_null
#include "../../plugins/rules/set_not_null/set_not_null.c"
#undef mrt_plugin_entry_v1
#define mrt_plugin_entry_v1 entry_rename
#include "../../plugins/rules/rename/rename.c"
#undef mrt_plugin_entry_v1
#define mrt_plugin_entry_v1 entry_table_rewrite
#include "../../plugins/rules/table_rewrite/table_rewrite.c"
#undef mrt_plugin_entry_v1
#define mrt_plugin_entry_v1 entry_app_import
#include "../../plugins/rules/app_import/app_import.c"
#undef mrt_plugin_entry_v1
#define mrt_plugin_entry_v1 entry_fk_not_valid
#include "../../plugins/rules/fk_not_valid/fk_not_valid.c"
#undef mrt_plugin_entry_v1
#define mrt_plugin_entry_v1 entry_check_not_valid
#include "../../plugins/rules/check_not_valid/check_not_valid.c"
#undef mrt_plugin_entry_v1
#define mrt_plugin_entry_v1 entry_volatile_default
#include "../../plugins/rules/volatile_default/volatile_default.c"
#undef mrt_plugin_entry_v1
#define mrt_plugin_entry_v1 entry_identity_or_stored_generated
#include "../../plugins/rules/identity_or_stored_generated/identity_or_stored_generated.c"
#undef mrt_plugin_entry_v1

#include "rule_harness.h"

/* ---- the plugins ------------------------------------------------------------------------------------------------ */

struct sh_plugin {
	const char *id;
	const char *name;       /* the rule's name in RULES.md = plugin name */
	const char *so;         /* plugin file named by rules.d/<id>.yaml */
	const char *key;        /* phrase every finding of the rule contains */
	unsigned dialects;      /* CFG_DIALECT_* bits of its YAML */
	const struct mrt_plugin_desc *(*entry)(void);
};

static const struct sh_plugin plugins[] = {
	{"MRT021", "set-not-null", "set_not_null.so", "NOT NULL", CFG_DIALECT_ALL, entry_set_not_null},
	{"MRT022", "rename", "rename.so", "renames", CFG_DIALECT_ALL, entry_rename},
	{"MRT023", "table-rewrite", "table_rewrite.so", "changes the type of column",
	 CFG_DIALECT_POSTGRESQL | CFG_DIALECT_MYSQL, entry_table_rewrite},
	{"MRT024", "app-import", "app_import.so", "rolling back this revision", CFG_DIALECT_ALL, entry_app_import},
	{"MRT025", "fk-not-valid", "fk_not_valid.so", "without NOT VALID", CFG_DIALECT_POSTGRESQL, entry_fk_not_valid},
	{"MRT026", "check-not-valid", "check_not_valid.so", "without NOT VALID", CFG_DIALECT_POSTGRESQL,
	 entry_check_not_valid},
	{"MRT027", "volatile-default", "volatile_default.so", "volatile default", CFG_DIALECT_POSTGRESQL,
	 entry_volatile_default},
	{"MRT028", "identity-or-stored-generated", "identity_or_stored_generated.so", "every existing row is filled",
	 CFG_DIALECT_POSTGRESQL | CFG_DIALECT_MYSQL, entry_identity_or_stored_generated},
};

#define NPLUGINS (sizeof(plugins) / sizeof(plugins[0]))

static const struct sh_plugin *plugin_of(const char *id)
{
	for (size_t i = 0; i < NPLUGINS; i++)
		if (!strcmp(plugins[i].id, id))
			return &plugins[i];
	ck_abort_msg("no plugin %s", id);
	return NULL;
}

static struct rh_plugin rh_list[NPLUGINS];

static void sh_setup(void)
{
	RH_REGISTER_TABLE(rh_list, plugins, NPLUGINS);
	rh_track = true; /* harness memory is freed with rh_free, rh_teardown frees what a failure left */
	rh_strict_parse = true;    /* every fixture must parse cleanly */
	rh_ctx_sev = SEV_WARNING; /* these rules' configured severity */
}

/* Every bad_*.py triggers exactly on its marker lines with the marker's fragment and the rule's key phrase; every
 * good_*.py is silent and unmarked. */
static void run_fixtures(const char *id)
{
	const struct rh_fixture_opts o = {
		.key = plugin_of(id)->key, .fragments = true, .need_col = true, .good_unmarked = true,
		.min_bad = 2, .min_good = 2,
	};
	rh_run_fixtures_ex(id, &o);
}

/* ---- descriptors and rules.d ------------------------------------------------------------------------------------ */

START_TEST(descriptors)
{
	for (size_t i = 0; i < NPLUGINS; i++) {
		const struct mrt_plugin_desc *d = plugins[i].entry();
		ck_assert_uint_eq(d->abi_major, MRT_ABI_MAJOR);
		ck_assert_uint_eq(d->abi_minor, MRT_ABI_MINOR);
		ck_assert_uint_eq(d->struct_size, sizeof(struct mrt_plugin_desc));
		ck_assert_int_eq(d->kind, MRT_KIND_RULE);
		ck_assert_str_eq(d->name, plugins[i].name);
		ck_assert_ptr_nonnull(d->init);
		ck_assert_ptr_nonnull(d->fini);
		ck_assert_ptr_nonnull(d->options);
		ck_assert_ptr_nonnull(d->check_migration);
		ck_assert_ptr_null(d->check_graph);
		char err[256];
		ck_assert_msg(options_check_specs(d->options, err, sizeof(err)) == MRT_OK, "%s", err);
	}
}
END_TEST

/* A failing allocation makes init fail cleanly with a message. */
static void *null_alloc(size_t n)
{
	(void)n;
	return NULL;
}

START_TEST(init_out_of_memory)
{
	rh_fake.alloc = null_alloc;
	for (size_t i = 0; i < NPLUGINS; i++) {
		void *state = (void *)&rh_fake;
		struct mrt_diag diag;
		memset(&diag, 0, sizeof(diag));
		ck_assert_int_eq(plugins[i].entry()->init(&rh_fake, NULL, &state, &diag), MRT_ENOMEM);
		ck_assert_int_eq(diag.code, MRT_ENOMEM);
		ck_assert_str_eq(diag.message, "out of memory");
	}
}
END_TEST

/* The rules.d files name these plugins, with the right names, aliases, dialects and doc pages. */
START_TEST(rules_d_files)
{
	struct rule_config_set s;
	struct config_error e;
	rule_config_set_init(&s);
	int rc = config_load_rules_dir(MRT_SOURCE_DIR "/rules.d", &s, &e);
	ck_assert_msg(rc == CONFIG_OK, "%s", e.message);
	for (size_t i = 0; i < NPLUGINS; i++) {
		const struct rule_config *r = rule_config_find(&s, plugins[i].id);
		ck_assert_msg(r != NULL, "%s missing from rules.d", plugins[i].id);
		ck_assert_str_eq(r->plugin, plugins[i].so);
		ck_assert_str_eq(r->name, plugins[i].name);
		ck_assert_uint_eq(r->dialects, plugins[i].dialects);
		ck_assert(r->enabled);
		ck_assert_int_eq(r->severity, !strcmp(plugins[i].id, "MRT024") ? SEV_ERROR : SEV_WARNING);
		ck_assert_ptr_nonnull(r->pattern);
		ck_assert_ptr_nonnull(r->summary);
		ck_assert_ptr_nonnull(r->doc_path);
		FILE *f = fopen(r->doc_path, "r");
		ck_assert_msg(f != NULL, "doc page %s missing", r->doc_path);
		fclose(f);
	}
	/* aliases from the RULES.md table (MRT303/MRT705 "column type change" belong to MRT007's file: one code can
	   name one rule only) */
	ck_assert_uint_eq(rule_config_find(&s, "MRT021")->naliases, 2);
	ck_assert_str_eq(rule_config_resolve(&s, "MRT213"), "MRT021");
	ck_assert_str_eq(rule_config_resolve(&s, "MRT403"), "MRT021");
	ck_assert_uint_eq(rule_config_find(&s, "MRT022")->naliases, 1);
	ck_assert_str_eq(rule_config_resolve(&s, "MRT702"), "MRT022");
	ck_assert_uint_eq(rule_config_find(&s, "MRT027")->naliases, 1);
	ck_assert_str_eq(rule_config_resolve(&s, "MRT404"), "MRT027");
	const char *none[] = {"MRT023", "MRT024", "MRT025", "MRT026", "MRT028"};
	for (size_t i = 0; i < 5; i++)
		ck_assert_uint_eq(rule_config_find(&s, none[i])->naliases, 0);
	rule_config_set_release(&s);
}
END_TEST

/* ---- fixtures, per rule ----------------------------------------------------------------------------------------- */

START_TEST(mrt021_fixtures)
{
	run_fixtures("MRT021");
}
END_TEST

START_TEST(mrt022_fixtures)
{
	run_fixtures("MRT022");
}
END_TEST

START_TEST(mrt023_fixtures)
{
	run_fixtures("MRT023");
}
END_TEST

START_TEST(mrt024_fixtures)
{
	run_fixtures("MRT024");
}
END_TEST

START_TEST(mrt025_fixtures)
{
	run_fixtures("MRT025");
}
END_TEST

START_TEST(mrt026_fixtures)
{
	run_fixtures("MRT026");
}
END_TEST

START_TEST(mrt027_fixtures)
{
	run_fixtures("MRT027");
}
END_TEST

START_TEST(mrt028_fixtures)
{
	run_fixtures("MRT028");
}
END_TEST

/* ---- exact messages --------------------------------------------------------------------------------------------- */

START_TEST(mrt021_messages)
{
	rh_free(rh_run_file("MRT021", RH_RULES_DATA "/MRT021/bad_op.py", NULL));
	ck_assert_uint_eq(rh_nrecs, 1);
	ck_assert_str_eq(rh_recs[0].message, "op.alter_column() makes existing column 'users.email' NOT NULL: the whole "
	                                  "table is scanned under an exclusive lock, it fails on any NULL, and the running "
	                                  "application may still insert NULLs");
	ck_assert_uint_eq(rh_recs[0].col, 5);
	ck_assert_ptr_nonnull(strstr(rh_recs[0].hint, "NOT VALID"));
	rh_free(rh_run_file("MRT021", RH_RULES_DATA "/MRT021/bad_helper_conditional.py", NULL));
	ck_assert_uint_eq(rh_nrecs, 2);
	/* the model substitutes a helper's table parameter, not its other parameters: the column is not known */
	ck_assert_ptr_nonnull(strstr(rh_recs[0].message, "'accounts.<dynamic>' NOT NULL (in helper _require(), called at "
	                                              "line 20)"));
	ck_assert_ptr_nonnull(strstr(rh_recs[1].message, "'accounts.region' NOT NULL (conditional)"));
	rh_free(rh_run_file("MRT021", RH_RULES_DATA "/MRT021/bad_batch.py", NULL));
	ck_assert_uint_eq(rh_nrecs, 1);
	ck_assert_ptr_nonnull(strstr(rh_recs[0].message, "batch_op.alter_column() makes existing column 'orders.total'"));
	ck_assert_uint_eq(rh_recs[0].col, 9);
}
END_TEST

START_TEST(mrt022_messages)
{
	rh_free(rh_run_file("MRT022", RH_RULES_DATA "/MRT022/bad_op.py", NULL));
	ck_assert_uint_eq(rh_nrecs, 4);
	ck_assert_str_eq(rh_recs[0].message, "op.alter_column() in upgrade() renames column 'users.name' to 'full_name': the "
	                                  "application version still running (or brought back by a code-only rollback) "
	                                  "uses the old name and fails");
	ck_assert_ptr_nonnull(strstr(rh_recs[1].message, "op.rename_table() in upgrade() renames table 'customer' to "
	                                              "'customers'"));
	ck_assert_ptr_nonnull(strstr(rh_recs[2].message, "op.rename_table() in downgrade() renames table 'customers' to "
	                                              "'customer'"));
	rh_free(rh_run_file("MRT022", RH_RULES_DATA "/MRT022/bad_execute.py", NULL));
	ck_assert_uint_eq(rh_nrecs, 6);
	ck_assert_ptr_nonnull(strstr(rh_recs[0].message, "ALTER TABLE ... RENAME COLUMN in upgrade() renames column "
	                                              "'users.mail' to 'email'"));
	ck_assert_ptr_nonnull(strstr(rh_recs[2].message, "RENAME TABLE in upgrade() renames table 'lineitem' to "
	                                              "'line_items'"));
}
END_TEST

START_TEST(mrt023_messages)
{
	rh_free(rh_run_file("MRT023", RH_RULES_DATA "/MRT023/bad_op.py", NULL));
	ck_assert_uint_eq(rh_nrecs, 4);
	ck_assert_str_eq(rh_recs[0].message, "op.alter_column() changes the type of column 'events.id' from INTEGER to "
	                                  "BIGINT: PostgreSQL rewrites the whole table and its indexes under an ACCESS "
	                                  "EXCLUSIVE lock");
	ck_assert_ptr_nonnull(strstr(rh_recs[1].message, "from NUMERIC(10,2) to NUMERIC(12,2)"));
	ck_assert_ptr_nonnull(strstr(rh_recs[2].message, "from TIMESTAMP to TIMESTAMP WITH TIME ZONE"));
	ck_assert_ptr_nonnull(strstr(rh_recs[3].message, "'events.ratio' to FLOAT"));
	rh_free(rh_run_file("MRT023", RH_RULES_DATA "/MRT023/bad_alias_keywords.py", NULL));
	ck_assert_uint_eq(rh_nrecs, 3);
	ck_assert_ptr_nonnull(strstr(rh_recs[1].message, "from VARCHAR(20) to VARCHAR(40) with postgresql_using="));
	rh_free(rh_run_file("MRT023", RH_RULES_DATA "/MRT023/bad_execute.py", NULL));
	ck_assert_uint_eq(rh_nrecs, 3);
	ck_assert_ptr_nonnull(strstr(rh_recs[2].message, "'users.code' to TEXT with USING"));
}
END_TEST

/* The PostgreSQL / MySQL split: the same files, run under the other dialect. */
START_TEST(mrt023_dialects)
{
	/* on MySQL, varchar widening and the other "cheap on PostgreSQL" changes rebuild the table */
	rh_free(rh_run_file_ex("MRT023", RH_RULES_DATA "/MRT023/good_pg_cheap.py", "mysql", NULL));
	ck_assert_uint_eq(rh_nrecs, 5);
	ck_assert_ptr_nonnull(strstr(rh_recs[0].message, "from VARCHAR(50) to VARCHAR(100): MySQL rebuilds the whole table"));
	ck_assert_ptr_nonnull(strstr(rh_recs[3].message, "'users.title' to VARCHAR(80): MySQL"));
	ck_assert_ptr_nonnull(strstr(rh_recs[4].message, "ALTER COLUMN ... TYPE changes the type of column 'users.nick'"));
	/* an unknown dialect counts as PostgreSQL for the cheap cases */
	rh_free(rh_run_file_ex("MRT023", RH_RULES_DATA "/MRT023/good_pg_cheap.py", "", NULL));
	ck_assert_uint_eq(rh_nrecs, 0);
	/* the MySQL varchar fixture under PostgreSQL: widening is cheap, MODIFY is ignored */
	rh_free(rh_run_file_ex("MRT023", RH_RULES_DATA "/MRT023/bad_mysql_varchar.py", "postgresql", NULL));
	ck_assert_uint_eq(rh_nrecs, 0);
	/* unknown dialect: MODIFY (MySQL-only syntax) still fires, the widening does not */
	rh_free(rh_run_file_ex("MRT023", RH_RULES_DATA "/MRT023/bad_mysql_varchar.py", "", NULL));
	ck_assert_uint_eq(rh_nrecs, 1);
	ck_assert_uint_eq(rh_recs[0].line, 18);
	/* narrowing stays MRT007's under MySQL too */
	rh_free(rh_run_file_ex("MRT023", RH_RULES_DATA "/MRT023/good_narrowing_is_mrt007.py", "mysql", NULL));
	ck_assert_uint_eq(rh_nrecs, 0);
}
END_TEST

START_TEST(mrt024_messages)
{
	rh_free(rh_run_file("MRT024", RH_RULES_DATA "/MRT024/bad_imports.py", NULL));
	ck_assert_uint_eq(rh_nrecs, 4);
	ck_assert_str_eq(rh_recs[0].message, "migration imports 'myapp.models' (User, Order), the application's own code "
	                                  "(package myapp/ in the project): replaying or rolling back this revision breaks "
	                                  "when that code changes");
	ck_assert_uint_eq(rh_recs[0].col, 1);
	ck_assert_ptr_nonnull(strstr(rh_recs[1].message, "imports 'myapp.services.billing',"));
	ck_assert_ptr_nonnull(strstr(rh_recs[2].message, "imports '.' (_helpers), the application's own code (relative "
	                                              "import)"));
	ck_assert_ptr_nonnull(strstr(rh_recs[3].message, "imports 'myapp.utils' (slugify)"));
	rh_free(rh_run_file("MRT024", RH_RULES_DATA "/MRT024/bad_orm_session.py", NULL));
	ck_assert_uint_eq(rh_nrecs, 6);
	ck_assert_str_eq(rh_recs[1].message, "upgrade() writes through an ORM Session (session.add_all()) (in helper "
	                                  "_seed(), called at line 24): the models it relies on change with the "
	                                  "application, so replaying or rolling back this revision later breaks or writes "
	                                  "the wrong shape");
	ck_assert_ptr_nonnull(strstr(rh_recs[3].message, "(conditional)"));
	ck_assert_ptr_nonnull(strstr(rh_recs[4].message, "downgrade() writes through an ORM Session"));
}
END_TEST

/* allowed_modules: an entry allows the module and its submodules, nothing else. */
START_TEST(mrt024_allowed_modules_option)
{
	/* geoalchemy2 is nowhere in the project: a third-party package, silent without any option */
	rh_free(rh_run_file("MRT024", RH_RULES_DATA "/MRT024/option_allowed.py", NULL));
	ck_assert_uint_eq(rh_nrecs, 1);
	ck_assert_uint_eq(rh_recs[0].line, 9);
	ck_assert_ptr_nonnull(strstr(rh_recs[0].message, "'myapp.migration_utils'"));

	struct rule_config_set s;
	struct config_error e;
	rule_config_set_init(&s);
	const char *y = "id: MRT024\nname: app-import\nplugin: app_import.so\nseverity: error\n"
	                "options:\n  allowed_modules: [geoalchemy2, myapp.migration_utils]\n";
	ck_assert_int_eq(config_load_rule_buffer("MRT024.yaml", y, strlen(y), &s, &e), CONFIG_OK);
	rh_free(rh_run_file_ex("MRT024", RH_RULES_DATA "/MRT024/option_allowed.py", NULL, &s.items[0].options));
	ck_assert_uint_eq(rh_nrecs, 0);
	/* myapp.migration_utils does not allow myapp.models */
	rh_free(rh_run_file_ex("MRT024", RH_RULES_DATA "/MRT024/bad_imports.py", NULL, &s.items[0].options));
	ck_assert_uint_eq(rh_nrecs, 4);
	rule_config_set_release(&s);

	rule_config_set_init(&s);
	y = "id: MRT024\nname: app-import\nplugin: app_import.so\nseverity: error\noptions:\n  allowed_modules: myapp\n";
	ck_assert_int_eq(config_load_rule_buffer("MRT024.yaml", y, strlen(y), &s, &e), CONFIG_OK);
	rh_free(rh_run_file_ex("MRT024", RH_RULES_DATA "/MRT024/bad_imports.py", NULL, &s.items[0].options));
	ck_assert_uint_eq(rh_nrecs, 1); /* only the relative import is left */
	ck_assert_uint_eq(rh_recs[0].line, 10);
	rule_config_set_release(&s);
}
END_TEST

/* "Own module" from the filesystem: package dir, module file and src/ layout up to the project root; third-party
 * names are silent; the walk stops at the root marker; app_modules names the application explicitly. */
START_TEST(mrt024_project_walk)
{
	rh_free(rh_run_file("MRT024", RH_RULES_DATA "/MRT024/layout_src/migrations/versions/bad_src_layout.py", NULL));
	ck_assert_uint_eq(rh_nrecs, 2);
	ck_assert_uint_eq(rh_recs[0].line, 11);
	ck_assert_str_eq(rh_recs[0].message, "migration imports 'shopapp.models' (Product), the application's own code "
	                                  "(package src/shopapp/ in the project): replaying or rolling back this revision "
	                                  "breaks when that code changes");
	ck_assert_uint_eq(rh_recs[1].line, 12);
	ck_assert_ptr_nonnull(strstr(rh_recs[1].message, "imports 'migration_utils', the application's own code (module "
	                                              "migration_utils.py in the project)"));
	/* otherapp/ is above pyproject.toml: not this project's */
	rh_free(rh_run_file("MRT024", RH_RULES_DATA "/MRT024/layout_stop/project/migrations/versions/good_beyond_root.py", NULL));
	ck_assert_uint_eq(rh_nrecs, 0);
	rh_free(rh_run_file("MRT024", RH_RULES_DATA "/MRT024/good_third_party.py", NULL));
	ck_assert_uint_eq(rh_nrecs, 0);

	/* app_modules: always the application's, wherever the walk looks */
	struct rule_config_set s;
	struct config_error e;
	rule_config_set_init(&s);
	const char *y = "id: MRT024\nname: app-import\nplugin: app_import.so\nseverity: error\n"
	                "options:\n  app_modules: [otherapp, funcy]\n  allowed_modules: [funcy]\n";
	ck_assert_int_eq(config_load_rule_buffer("MRT024.yaml", y, strlen(y), &s, &e), CONFIG_OK);
	rh_free(rh_run_file_ex("MRT024", RH_RULES_DATA "/MRT024/layout_stop/project/migrations/versions/good_beyond_root.py",
	                   NULL, &s.items[0].options));
	ck_assert_uint_eq(rh_nrecs, 1);
	ck_assert_uint_eq(rh_recs[0].line, 8);
	ck_assert_ptr_nonnull(strstr(rh_recs[0].message, "imports 'otherapp', the application's own code (listed in "
	                                              "app_modules)"));
	/* allowed_modules wins over app_modules (funcy); the rest of the file is as without options */
	rh_free(rh_run_file_ex("MRT024", RH_RULES_DATA "/MRT024/layout_src/migrations/versions/bad_src_layout.py", NULL,
	                   &s.items[0].options));
	ck_assert_uint_eq(rh_nrecs, 2);
	ck_assert_uint_eq(rh_recs[0].line, 11);
	rule_config_set_release(&s);
}
END_TEST

/* The generated standard-library table is sorted (bsearch relies on it) and holds the usual suspects. */
START_TEST(mrt024_stdlib_table)
{
	size_t n = sizeof(ai_stdlib) / sizeof(ai_stdlib[0]);
	ck_assert_uint_gt(n, 250);
	for (size_t i = 1; i < n; i++)
		ck_assert_msg(strcmp(ai_stdlib[i - 1], ai_stdlib[i]) < 0, "not sorted at %s", ai_stdlib[i]);
	struct mrt_options *opts = NULL;
	char err[256];
	const struct mrt_plugin_desc *d = entry_app_import();
	ck_assert_int_eq(options_create(d->options, "rule", d->name, "MRT024", NULL, 0, &opts, err, sizeof(err)), MRT_OK);
	struct sf_state st = {.api = &rh_fake, .opts = opts};
	const char *ok[] = {"__future__", "os", "os.path", "json", "datetime", "typing", "uuid", "collections.abc",
	                    "alembic.op", "sqlalchemy.dialects.postgresql", "sqlmodel", "typing_extensions", "zoneinfo"};
	for (size_t i = 0; i < sizeof(ok) / sizeof(ok[0]); i++)
		ck_assert_msg(ai_allowed(&st, ok[i]), "%s should be allowed", ok[i]);
	const char *no[] = {"myapp", "app.models", ".models", ".", "sqlalchemy_utils", "alembic_utils", "osx", ""};
	for (size_t i = 0; i < sizeof(no) / sizeof(no[0]); i++)
		ck_assert_msg(!ai_allowed(&st, no[i]), "%s should not be allowed", no[i]);
	options_destroy(opts);
}
END_TEST

START_TEST(mrt025_messages)
{
	rh_free(rh_run_file("MRT025", RH_RULES_DATA "/MRT025/bad_op.py", NULL));
	ck_assert_uint_eq(rh_nrecs, 2);
	ck_assert_str_eq(rh_recs[0].message, "op.create_foreign_key() adds foreign key 'fk_orders_user' to existing table "
	                                  "'orders' without NOT VALID: every row is checked while writes to 'orders' and "
	                                  "'users' are blocked, and one orphan row fails the migration");
	ck_assert_ptr_nonnull(strstr(rh_recs[1].message, "op.add_column() adds column 'shop_id' with a foreign key to "
	                                              "existing table 'orders' without NOT VALID: every row is checked "
	                                              "while writes to 'orders' and 'shops' are blocked"));
	rh_free(rh_run_file("MRT025", RH_RULES_DATA "/MRT025/bad_batch.py", NULL));
	ck_assert_uint_eq(rh_nrecs, 2);
	ck_assert_ptr_nonnull(strstr(rh_recs[0].message, "'payments' and 'orders' are blocked"));
}
END_TEST

START_TEST(mrt026_messages)
{
	rh_free(rh_run_file("MRT026", RH_RULES_DATA "/MRT026/bad_op.py", NULL));
	ck_assert_uint_eq(rh_nrecs, 1);
	ck_assert_str_eq(rh_recs[0].message, "op.create_check_constraint() adds check constraint 'ck_orders_total_positive' "
	                                  "to existing table 'orders' without NOT VALID: every row is scanned under an "
	                                  "ACCESS EXCLUSIVE lock, and one violating row fails the migration");
	rh_free(rh_run_file("MRT026", RH_RULES_DATA "/MRT026/bad_helper_conditional.py", NULL));
	ck_assert_uint_eq(rh_nrecs, 2);
	ck_assert_ptr_nonnull(strstr(rh_recs[0].message, "'<dynamic>' to existing table 'wallets'"));
}
END_TEST

START_TEST(mrt027_messages)
{
	rh_free(rh_run_file("MRT027", RH_RULES_DATA "/MRT027/bad_op.py", NULL));
	ck_assert_uint_eq(rh_nrecs, 4);
	ck_assert_str_eq(rh_recs[0].message, "op.add_column() adds column 'users.token' with the volatile default "
	                                  "gen_random_uuid(): PostgreSQL rewrites the whole table to fill every existing "
	                                  "row, under an ACCESS EXCLUSIVE lock");
	ck_assert_ptr_nonnull(strstr(rh_recs[1].message, "default random()"));
	ck_assert_ptr_nonnull(strstr(rh_recs[2].message, "default clock_timestamp()"));
	ck_assert_ptr_nonnull(strstr(rh_recs[3].message, "default nextval()"));
}
END_TEST

START_TEST(mrt028_messages)
{
	rh_free(rh_run_file("MRT028", RH_RULES_DATA "/MRT028/bad_op.py", NULL));
	ck_assert_uint_eq(rh_nrecs, 4);
	ck_assert_str_eq(rh_recs[0].message, "op.add_column() adds an identity column 'events.seq' to an existing table: "
	                                  "every existing row is filled during the statement, rewriting the table under an "
	                                  "exclusive lock");
	ck_assert_ptr_nonnull(strstr(rh_recs[1].message, "adds a stored generated column 'events.total'"));
	ck_assert_ptr_nonnull(strstr(rh_recs[2].message, "adds a stored generated column 'events.slug'"));
	ck_assert_ptr_nonnull(strstr(rh_recs[3].message, "adds an autoincrement column 'events.num'"));
	/* Computed() without persisted= is VIRTUAL on MySQL (the fixture's own dialect) ... */
	rh_free(rh_run_file("MRT028", RH_RULES_DATA "/MRT028/mysql_virtual.py", NULL));
	ck_assert_uint_eq(rh_nrecs, 0);
	/* ... and STORED on PostgreSQL (the only kind it has), which an unknown dialect is taken for */
	rh_free(rh_run_file_ex("MRT028", RH_RULES_DATA "/MRT028/mysql_virtual.py", "postgresql", NULL));
	ck_assert_uint_eq(rh_nrecs, 1);
	ck_assert_ptr_nonnull(strstr(rh_recs[0].message, "stored generated column 'events.full_name'"));
	rh_free(rh_run_file_ex("MRT028", RH_RULES_DATA "/MRT028/mysql_virtual.py", "", NULL));
	ck_assert_uint_eq(rh_nrecs, 1);
}
END_TEST

/* ---- the SQL word search of sf_common.h ------------------------------------------------------------------------- */

START_TEST(sf_sql_find_words)
{
	const char *q = "ALTER TABLE t ADD CONSTRAINT c FOREIGN\n  KEY (a) REFERENCES p(id) -- NOT VALID\n";
	size_t n = strlen(q);
	ck_assert(sf_sql_has(q, n, "FOREIGN KEY"));
	ck_assert(sf_sql_has(q, n, "references"));
	ck_assert(!sf_sql_has(q, n, "NOT VALID")); /* in a comment */
	ck_assert(!sf_sql_has(q, n, "FOREIGN KEYS"));
	ck_assert(!sf_sql_has(q, n, "REFERENCE"));
	const char *s = "ALTER TABLE t ADD COLUMN x text DEFAULT 'NOT VALID' /* STORED */, ADD y int \"STORED\"";
	ck_assert(!sf_sql_has(s, strlen(s), "NOT VALID"));
	ck_assert(!sf_sql_has(s, strlen(s), "STORED"));
	ck_assert(sf_sql_has(s, strlen(s), "DEFAULT"));
	ck_assert_uint_eq(sf_sql_find_from(s, strlen(s), 0, "ALTER"), 5);
	ck_assert(sf_sql_find_from(s, strlen(s), 1, "ALTER") == (size_t)-1);
	/* never reads past len: a word cut at the end of the buffer */
	ck_assert(!sf_sql_has("ADD FOREIGN KE", 13, "FOREIGN KEY"));
	ck_assert(!sf_sql_has("'unterminated", 13, "unterminated"));
	ck_assert(!sf_sql_has(NULL, 0, "X"));
}
END_TEST

static Suite *rules_suite(void)
{
	Suite *s = suite_create("rules_safety");
	TCase *t = tcase_create("plugins");
	tcase_add_checked_fixture(t, sh_setup, rh_teardown);
	tcase_add_test(t, descriptors);
	tcase_add_test(t, init_out_of_memory);
	tcase_add_test(t, rules_d_files);
	tcase_add_test(t, mrt021_fixtures);
	tcase_add_test(t, mrt021_messages);
	tcase_add_test(t, mrt022_fixtures);
	tcase_add_test(t, mrt022_messages);
	tcase_add_test(t, mrt023_fixtures);
	tcase_add_test(t, mrt023_messages);
	tcase_add_test(t, mrt023_dialects);
	tcase_add_test(t, mrt024_fixtures);
	tcase_add_test(t, mrt024_messages);
	tcase_add_test(t, mrt024_allowed_modules_option);
	tcase_add_test(t, mrt024_project_walk);
	tcase_add_test(t, mrt024_stdlib_table);
	tcase_add_test(t, mrt025_fixtures);
	tcase_add_test(t, mrt025_messages);
	tcase_add_test(t, mrt026_fixtures);
	tcase_add_test(t, mrt026_messages);
	tcase_add_test(t, mrt027_fixtures);
	tcase_add_test(t, mrt027_messages);
	tcase_add_test(t, mrt028_fixtures);
	tcase_add_test(t, mrt028_messages);
	tcase_add_test(t, sf_sql_find_words);
	suite_add_tcase(s, t);
	return s;
}

int main(void)
{
	SRunner *r = srunner_create(rules_suite());
	srunner_run_all(r, CK_NORMAL);
	int failed = srunner_ntests_failed(r);
	srunner_free(r);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
