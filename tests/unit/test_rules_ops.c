/*
 * test_rules_ops.c — the "ops" rule plugins (MRT029–MRT034, MRT036–MRT039) and the MRT000 rule file, against a fake
 * host.
 *
 * Same approach as test_rules_basic.c, with the shared fake host of rule_harness.h: the plugins' sources are compiled
 * into this test with their entry symbols renamed, the host table is the core's accessor table with report/log
 * replaced by recorders, and every fixture under tests/data/rules/<id>/ is parsed by the real parser.
 * Fixture convention: bad_*.py must trigger, each line carrying the marker comment "# HIT" gets exactly one finding
 * (in line order); good_*.py must stay silent. MRT039 fixtures are directories (one revision graph each).
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

#define mrt_plugin_entry_v1 entry_missing_lock_timeout
#include "../../plugins/rules/missing_lock_timeout/missing_lock_timeout.c"
#undef mrt_plugin_entry_v1
#define mrt_plugin_entry_v1 entry_work_after_exclusive_lock
#include "../../plugins/rules/work_after_exclusive_lock/work_after_exclusive_lock.c"
#undef mrt_plugin_entry_v1
#define mrt_plugin_entry_v1 entry_mixed_schema_and_data
#include "../../plugins/rules/mixed_schema_and_data/mixed_schema_and_data.c"
#undef mrt_plugin_entry_v1
#define mrt_plugin_entry_v1 entry_unbatched_backfill
#include "../../plugins/rules/unbatched_backfill/unbatched_backfill.c"
#undef mrt_plugin_entry_v1
#define mrt_plugin_entry_v1 entry_weakened_constraint
#include "../../plugins/rules/weakened_constraint/weakened_constraint.c"
#undef mrt_plugin_entry_v1
#define mrt_plugin_entry_v1 entry_opaque_sql
#include "../../plugins/rules/opaque_sql/opaque_sql.c"
#undef mrt_plugin_entry_v1
#define mrt_plugin_entry_v1 entry_maintenance_lock
#include "../../plugins/rules/maintenance_lock/maintenance_lock.c"
#undef mrt_plugin_entry_v1
#define mrt_plugin_entry_v1 entry_cascade_delete_added
#include "../../plugins/rules/cascade_delete_added/cascade_delete_added.c"
#undef mrt_plugin_entry_v1
#define mrt_plugin_entry_v1 entry_sequence_change
#include "../../plugins/rules/sequence_change/sequence_change.c"
#undef mrt_plugin_entry_v1
#define mrt_plugin_entry_v1 entry_column_recreated_later
#include "../../plugins/rules/column_recreated_later/column_recreated_later.c"
#undef mrt_plugin_entry_v1

#include "rule_harness.h"

/* ---- running a plugin ------------------------------------------------------------------------------------------- */

struct plugin_under_test {
	const char *id;
	const char *name;
	const char *so;
	const char *severity;
	const char *dialects; /* "postgresql" or NULL (all) */
	const struct mrt_plugin_desc *(*entry)(void);
};

static const struct plugin_under_test plugins[] = {
	{"MRT029", "missing-lock-timeout", "missing_lock_timeout.so", "info", "postgresql", entry_missing_lock_timeout},
	{"MRT030", "work-after-exclusive-lock", "work_after_exclusive_lock.so", "info", "postgresql",
	 entry_work_after_exclusive_lock},
	{"MRT031", "mixed-schema-and-data", "mixed_schema_and_data.so", "warning", NULL, entry_mixed_schema_and_data},
	{"MRT032", "unbatched-backfill", "unbatched_backfill.so", "warning", NULL, entry_unbatched_backfill},
	{"MRT033", "weakened-constraint", "weakened_constraint.so", "info", NULL, entry_weakened_constraint},
	{"MRT034", "opaque-sql", "opaque_sql.so", "info", NULL, entry_opaque_sql},
	{"MRT036", "maintenance-lock", "maintenance_lock.so", "warning", "postgresql", entry_maintenance_lock},
	{"MRT037", "cascade-delete-added", "cascade_delete_added.so", "warning", NULL, entry_cascade_delete_added},
	{"MRT038", "sequence-change", "sequence_change.so", "warning", NULL, entry_sequence_change},
	{"MRT039", "column-recreated-later", "column_recreated_later.so", "warning", NULL, entry_column_recreated_later},
};
#define NPLUGINS (sizeof(plugins) / sizeof(plugins[0]))

static struct rh_plugin rh_list[NPLUGINS];

static void ops_setup(void)
{
	RH_REGISTER_TABLE(rh_list, plugins, NPLUGINS);
	rh_track = true; /* harness memory is freed with rh_free, rh_teardown frees what a failure left */
	rh_strict_parse = true; /* every fixture must parse cleanly */
}

/* Every bad_*.py triggers exactly on its "# HIT" lines (with a column) and has `fragment` in every message; every
 * good_*.py is silent. Returns the number of files. */
static size_t run_fixtures(const char *id, const char *fragment)
{
	const struct rh_fixture_opts o = {.key = fragment, .need_col = true, .min_bad = 3, .min_good = 2};
	return rh_run_fixtures_ex(id, &o);
}

/* Runs one fixture and checks the count of findings and a fragment of finding k's message. */
static void expect_message(const char *id, const char *file, size_t count, size_t k, unsigned line,
                           const char *fragment)
{
	char path[1024];
	snprintf(path, sizeof(path), "%s/%s/%s", RH_RULES_DATA, id, file);
	rh_free(rh_run_file(id, path, NULL));
	ck_assert_msg(rh_nrecs == count, "%s: %zu findings, expected %zu", path, rh_nrecs, count);
	ck_assert_uint_eq(rh_recs[k].line, line);
	ck_assert_msg(strstr(rh_recs[k].message, fragment) != NULL, "%s: finding %zu '%s' lacks '%s'", path, k,
	              rh_recs[k].message, fragment);
}

/* ---- descriptors and rule files --------------------------------------------------------------------------------- */

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
		char err[256];
		ck_assert_msg(options_check_specs(d->options, err, sizeof(err)) == MRT_OK, "%s", err);
	}
	ck_assert_ptr_nonnull(entry_column_recreated_later()->check_graph);
	ck_assert_ptr_null(entry_opaque_sql()->check_graph);
}
END_TEST

/* Each rules.d file of the batch loads on its own and names this plugin, severity, dialects, aliases and doc. */
START_TEST(rules_d_files)
{
	for (size_t i = 0; i < NPLUGINS; i++) {
		char path[512];
		snprintf(path, sizeof(path), "%s/rules.d/%s.yaml", MRT_SOURCE_DIR, plugins[i].id);
		struct rule_config_set s;
		struct config_error e;
		rule_config_set_init(&s);
		int rc = config_load_rule_file(path, &s, &e);
		ck_assert_msg(rc == CONFIG_OK, "%s", e.message);
		const struct rule_config *r = rule_config_find(&s, plugins[i].id);
		ck_assert_ptr_nonnull(r);
		ck_assert_str_eq(r->plugin, plugins[i].so);
		ck_assert_str_eq(r->name, plugins[i].name);
		ck_assert_str_eq(severity_name(r->severity), plugins[i].severity);
		ck_assert(r->enabled);
		if (plugins[i].dialects)
			ck_assert_uint_eq(r->dialects, config_dialect_parse(plugins[i].dialects));
		else
			ck_assert_uint_eq(r->dialects, CFG_DIALECT_ALL);
		ck_assert_ptr_nonnull(r->doc_path);
		FILE *f = fopen(r->doc_path, "r");
		ck_assert_msg(f != NULL, "doc page %s missing", r->doc_path);
		fclose(f);
		/* aliases from the RULES.md table */
		if (!strcmp(plugins[i].id, "MRT037")) {
			ck_assert_uint_eq(r->naliases, 1);
			ck_assert_str_eq(rule_config_resolve(&s, "MRT204"), "MRT037");
		} else if (!strcmp(plugins[i].id, "MRT038")) {
			ck_assert_uint_eq(r->naliases, 1);
			ck_assert_str_eq(rule_config_resolve(&s, "MRT501"), "MRT038");
		} else {
			ck_assert_uint_eq(r->naliases, 0);
		}
		rule_config_set_release(&s);
	}
}
END_TEST

/* MRT000 is built in: its rule file has `builtin: true`, no plugin, alias MRT902, a doc page. */
START_TEST(mrt000_rule_file)
{
	struct rule_config_set s;
	struct config_error e;
	rule_config_set_init(&s);
	int rc = config_load_rule_file(MRT_SOURCE_DIR "/rules.d/MRT000.yaml", &s, &e);
	ck_assert_msg(rc == CONFIG_OK, "%s", e.message);
	const struct rule_config *r = rule_config_find(&s, "MRT000");
	ck_assert_ptr_nonnull(r);
	ck_assert_ptr_null(r->plugin);
	ck_assert_str_eq(r->name, "unparsable-migration");
	ck_assert_int_eq(r->severity, SEV_ERROR);
	ck_assert_str_eq(rule_config_resolve(&s, "MRT902"), "MRT000");
	FILE *f = fopen(r->doc_path, "r");
	ck_assert_msg(f != NULL, "doc page %s missing", r->doc_path);
	fclose(f);
	rule_config_set_release(&s);

	/* a plugin rule still needs `plugin`; `builtin: true` and `plugin` together are refused */
	const char *y1 = "id: ACME001\nname: acme-thing\nseverity: error\n";
	rule_config_set_init(&s);
	ck_assert_int_ne(config_load_rule_buffer("ACME001.yaml", y1, strlen(y1), &s, &e), CONFIG_OK);
	ck_assert_ptr_nonnull(strstr(e.message, "missing required key 'plugin'"));
	rule_config_set_release(&s);
	const char *y2 = "id: ACME001\nname: acme-thing\nseverity: error\nbuiltin: true\nplugin: x.so\n";
	rule_config_set_init(&s);
	ck_assert_int_ne(config_load_rule_buffer("ACME001.yaml", y2, strlen(y2), &s, &e), CONFIG_OK);
	ck_assert_ptr_nonnull(strstr(e.message, "builtin"));
	rule_config_set_release(&s);
	const char *y3 = "id: ACME001\nname: acme-thing\nseverity: error\nbuiltin: maybe\n";
	rule_config_set_init(&s);
	ck_assert_int_ne(config_load_rule_buffer("ACME001.yaml", y3, strlen(y3), &s, &e), CONFIG_OK);
	ck_assert_ptr_nonnull(strstr(e.message, "builtin must be true or false"));
	rule_config_set_release(&s);
}
END_TEST

/* MRT000 fixtures: each bad_*.py has a syntax error on its "# HIT" line (the core reports it as MRT000), good_*.py has
 * none. */
START_TEST(mrt000_fixtures)
{
	char dir[512], path[1024];
	snprintf(dir, sizeof(dir), "%s/MRT000", RH_RULES_DATA);
	char *names[16];
	size_t n = rh_list_dir(dir, "", false, names, 16), nbad = 0, ngood = 0;
	for (size_t i = 0; i < n; i++) {
		snprintf(path, sizeof(path), "%s/%s", dir, names[i]);
		size_t len;
		char *text = rh_slurp(path, &len);
		struct arena a;
		arena_init(&a);
		struct migration m;
		ck_assert_int_eq(parse_migration(&a, path, text, len, &m), 0);
		if (!strncmp(names[i], "bad_", 4)) {
			struct rh_want want[4];
			ck_assert_uint_eq(rh_markers(text, want, 4), 1);
			ck_assert_msg(m.nerrors >= 1, "%s: no syntax error", path);
			ck_assert_msg(m.errors[0].line == want[0].line, "%s: error at line %u, expected %u", path,
			              m.errors[0].line, want[0].line);
			ck_assert_ptr_nonnull(m.errors[0].message);
			ck_assert_ptr_nonnull(m.revision); /* the rest of the model is still built */
			ck_assert_uint_eq(strncmp(m.revision, "a000", 4), 0);
			nbad++;
		} else {
			ck_assert_msg(m.nerrors == 0, "%s: unexpected syntax error at line %u: %s", path,
			              m.nerrors ? m.errors[0].line : 0, m.nerrors ? m.errors[0].message : "");
			ngood++;
		}
		arena_release(&a);
		rh_free(text);
		rh_free(names[i]);
	}
	ck_assert_uint_ge(nbad, 3);
	ck_assert_uint_ge(ngood, 1);
}
END_TEST

/* ---- per rule --------------------------------------------------------------------------------------------------- */

START_TEST(mrt029_fixtures)
{
	run_fixtures("MRT029", "takes a lock with no `SET lock_timeout` before it");
}
END_TEST

START_TEST(mrt029_messages)
{
	expect_message("MRT029", "bad_op.py", 1, 0, 14, "op.alter_column() on 'users' takes a lock with no `SET "
	               "lock_timeout` before it in upgrade(): while it waits behind a long-running query, every other "
	               "query on the table queues behind it");
	ck_assert_ptr_nonnull(strstr(rh_recs[0].hint, "env_sets_lock_timeout"));
	expect_message("MRT029", "bad_helper_conditional.py", 1, 0, 14, "op.create_index() on 'orders' (in helper "
	               "_index(), called at line 19) (conditional) takes a lock");
	expect_message("MRT029", "bad_downgrade_only.py", 1, 0, 21, "LOCK TABLE on 'orders' takes a lock with no `SET "
	               "lock_timeout` before it in downgrade()");
	expect_message("MRT029", "bad_batch_alias.py", 1, 0, 16, "batch_op.add_column() on 'users'");
}
END_TEST

/* env_sets_lock_timeout: true silences the rule. */
START_TEST(mrt029_env_option)
{
	struct rule_config_set s;
	struct config_error e;
	rule_config_set_init(&s);
	const char *y = "id: MRT029\nname: missing-lock-timeout\nplugin: missing_lock_timeout.so\nseverity: info\n"
	                "options:\n  env_sets_lock_timeout: true\n";
	ck_assert_int_eq(config_load_rule_buffer("MRT029.yaml", y, strlen(y), &s, &e), CONFIG_OK);
	rh_free(rh_run_file("MRT029", RH_RULES_DATA "/MRT029/bad_op.py", &s.items[0].options));
	ck_assert_uint_eq(rh_nrecs, 0);
	rh_free(rh_run_file("MRT029", RH_RULES_DATA "/MRT029/bad_execute_bind.py", &s.items[0].options));
	ck_assert_uint_eq(rh_nrecs, 0);
	rule_config_set_release(&s);
}
END_TEST

START_TEST(mrt030_fixtures)
{
	run_fixtures("MRT030", "took an ACCESS EXCLUSIVE lock at line");
}
END_TEST

START_TEST(mrt031_fixtures)
{
	run_fixtures("MRT031", "in one revision");
}
END_TEST

START_TEST(mrt032_fixtures)
{
	run_fixtures("MRT032", "in one statement");
}
END_TEST

START_TEST(mrt033_fixtures)
{
	run_fixtures("MRT033", "a downgrade that restores it fails on them");
}
END_TEST

START_TEST(mrt034_fixtures)
{
	run_fixtures("MRT034", "no rule can tell what it changes");
}
END_TEST

START_TEST(mrt036_fixtures)
{
	run_fixtures("MRT036", "lock");
}
END_TEST

START_TEST(mrt037_fixtures)
{
	run_fixtures("MRT037", "adds a foreign key with ON DELETE CASCADE from existing table");
}
END_TEST

START_TEST(mrt038_fixtures)
{
	run_fixtures("MRT038", "a sequence's position is not rolled back");
}
END_TEST

START_TEST(mrt030_messages)
{
	expect_message("MRT030", "bad_op.py", 2, 0, 16, "2 later operation(s) of upgrade() run after op.add_column() on "
	               "'users' took an ACCESS EXCLUSIVE lock at line 15, in the same transaction: the table stays "
	               "blocked for reads and writes until they all finish");
	ck_assert_ptr_nonnull(strstr(rh_recs[1].message, "1 later operation(s) of downgrade() run after op.drop_index() on "
	                                              "'orders' took an ACCESS EXCLUSIVE lock at line 21"));
	expect_message("MRT030", "bad_execute_bind.py", 2, 0, 16, "run after ALTER TABLE on 'users' took an ACCESS "
	               "EXCLUSIVE lock at line 15");
	ck_assert_ptr_nonnull(strstr(rh_recs[1].message, "after TRUNCATE on 'audit_log'"));
	expect_message("MRT030", "bad_batch_alias.py", 1, 0, 16, "after batch_op.alter_column() on 'users'");
	expect_message("MRT030", "bad_lock.py", 2, 0, 16, "2 later operation(s) of upgrade() run after LOCK TABLE on "
	               "'users'");
}
END_TEST

START_TEST(mrt031_messages)
{
	expect_message("MRT031", "bad_op.py", 1, 0, 15, "upgrade() changes data (UPDATE on 'users') and the schema "
	               "(op.add_column() at line 14) in one revision: the data change holds the schema locks while it "
	               "runs, and a failure in either leaves both to untangle");
	expect_message("MRT031", "bad_bulk_insert_alias.py", 1, 0, 18, "(o.bulk_insert() on 'roles') and the schema "
	               "(batch_op.create_index() at line 17)");
	expect_message("MRT031", "bad_bind_helper.py", 1, 0, 15, "(DELETE on 'sessions') and the schema (ALTER SQL at "
	               "line 20)");
	expect_message("MRT031", "bad_sql_expr_conditional.py", 1, 0, 18, "(op.execute() (update) on 'users')");
}
END_TEST

START_TEST(mrt032_messages)
{
	expect_message("MRT032", "bad_update_filter.py", 4, 0, 14, "UPDATE filtered only by NULL/flag tests in "
	               "upgrade() touches every matching row of existing table 'users' in one statement: the rows stay "
	               "locked until commit and a large table means a long outage");
	ck_assert_ptr_nonnull(strstr(rh_recs[2].message, "existing table 'orders'"));
	expect_message("MRT032", "bad_insert_select.py", 3, 0, 14, "INSERT ... SELECT without WHERE in upgrade() touches "
	               "every matching row of existing table 'archive'");
	expect_message("MRT032", "bad_downgrade_helper.py", 1, 0, 14, "in downgrade() (in helper _restore(), called at "
	               "line 23) (conditional)");
	expect_message("MRT032", "bad_backfill_new_column.py", 2, 0, 16, "UPDATE without WHERE filling a new column in "
	               "upgrade() touches every matching row of existing table 'accounts' in one statement");
	ck_assert_uint_eq(rh_recs[1].line, 18);
	ck_assert_ptr_nonnull(strstr(rh_recs[1].message, "existing table 'invoices'"));
}
END_TEST

START_TEST(mrt033_messages)
{
	expect_message("MRT033", "bad_op.py", 4, 0, 14, "op.drop_constraint() drops unique constraint 'uq_users_email' of "
	               "existing table 'users': rows written after deploy may break the old rule, and a downgrade that "
	               "restores it fails on them");
	ck_assert_ptr_nonnull(strstr(rh_recs[3].message, "op.alter_column() drops NOT NULL and drops the server default of "
	                                              "existing column 'users.age'"));
	expect_message("MRT033", "bad_execute_bind.py", 3, 1, 16, "DROP NOT NULL drops NOT NULL of existing column "
	               "'users.email'");
	expect_message("MRT033", "bad_batch_alias.py", 2, 0, 15, "batch_op.drop_constraint() drops foreignkey constraint "
	               "'fk_orders_user' of existing table 'orders'");
}
END_TEST

START_TEST(mrt034_messages)
{
	expect_message("MRT034", "bad_fstring.py", 3, 0, 17, "op.execute() in upgrade() (conditional) runs an f-string "
	               "built at run time: no rule can tell what it changes, so its rollback safety is unknown");
	ck_assert_ptr_nonnull(strstr(rh_recs[0].hint, "ignore[MRT034]"));
	ck_assert_ptr_nonnull(strstr(rh_recs[1].message, "runs text built at run time by formatting or concatenation"));
	expect_message("MRT034", "bad_bind_helper_alias.py", 3, 0, 18, "conn.execute() in upgrade() (in helper _run(), "
	               "called at line 23)");
	ck_assert_ptr_nonnull(strstr(rh_recs[1].message, "o.execute() in upgrade() runs the result of a function call"));
	ck_assert_ptr_nonnull(strstr(rh_recs[2].message, "batch_op.execute() in downgrade()"));
	expect_message("MRT034", "bad_unterminated.py", 1, 0, 14, "runs SQL text that ends inside a quote or a comment");
}
END_TEST

START_TEST(mrt036_messages)
{
	expect_message("MRT036", "bad_execute.py", 6, 0, 14, "VACUUM FULL on 'users' in upgrade() rewrites the table "
	               "under an ACCESS EXCLUSIVE lock: no reads or writes until it finishes");
	ck_assert_ptr_nonnull(strstr(rh_recs[0].hint, "pg_repack"));
	ck_assert_ptr_nonnull(strstr(rh_recs[2].message, "REINDEX on 'orders' in upgrade() blocks writes"));
	ck_assert_ptr_nonnull(strstr(rh_recs[2].hint, "CONCURRENTLY"));
	ck_assert_ptr_nonnull(strstr(rh_recs[4].message, "ALTER TABLE ... DETACH PARTITION on 'events'"));
	expect_message("MRT036", "bad_bind_helper_alias.py", 2, 1, 24, "LOCK TABLE on 'audit_log' in downgrade() "
	               "(conditional) holds an explicit table lock");
}
END_TEST

START_TEST(mrt037_messages)
{
	expect_message("MRT037", "bad_op_batch.py", 2, 0, 14, "op.create_foreign_key() adds a foreign key with ON DELETE "
	               "CASCADE from existing table 'orders' to 'users': deleting a parent row now silently deletes its "
	               "child rows, and no downgrade brings them back");
	ck_assert_ptr_nonnull(strstr(rh_recs[1].message, "batch_op.create_foreign_key() adds a foreign key with ON DELETE "
	                                              "CASCADE from existing table 'payments' to 'orders'"));
	expect_message("MRT037", "bad_add_column_alias.py", 2, 0, 14, "o.add_column() adds a foreign key with ON DELETE "
	               "CASCADE from existing table 'comments' to 'posts'");
	expect_message("MRT037", "bad_execute_helper.py", 2, 0, 15, "ALTER TABLE ... ADD CONSTRAINT adds a foreign key "
	               "with ON DELETE CASCADE from existing table 'invoices' (in helper _fk(), called at line 22) "
	               "(conditional)");
}
END_TEST

START_TEST(mrt038_messages)
{
	expect_message("MRT038", "bad_sql.py", 6, 0, 14, "ALTER SEQUENCE in upgrade() alters sequence 'users_id_seq': a "
	               "sequence's position is not rolled back, so ids can collide or jump after a downgrade");
	ck_assert_ptr_nonnull(strstr(rh_recs[1].message, "setval() in upgrade() moves sequence 'orders_id_seq'"));
	ck_assert_ptr_nonnull(strstr(rh_recs[3].message, "CREATE SEQUENCE in upgrade() creates sequence 'ticket_seq'"));
	expect_message("MRT038", "bad_sqlalchemy.py", 3, 1, 16, "sa.Sequence(...).create() in upgrade() creates "
	               "sequence 'new_seq'");
	ck_assert_ptr_nonnull(strstr(rh_recs[0].message, "execute(DropSequence(...)) in upgrade() drops sequence 'old_seq'"));
}
END_TEST

/* ---- MRT039: graphs --------------------------------------------------------------------------------------------- */

/* Parses every .py of dir, builds the graph, runs MRT039 (check_migration per file, then check_graph). Returns the
 * number of findings. */
static size_t run_graph(const char *dir)
{
	struct rh_graph rg;
	rh_graph_load(dir, &rg);
	ck_assert_uint_gt(rg.n, 0);
	struct graph *g = graph_create();
	ck_assert_ptr_nonnull(g);
	const struct mrt_plugin_desc *d = rh_desc_of("MRT039");
	struct mrt_options *opts = NULL;
	void *state = rh_instance(d, "MRT039", NULL, &opts);
	struct findings out;
	findings_init(&out);
	struct mrt_ctx ctx;
	rh_nrecs = 0;
	for (size_t i = 0; i < rg.n; i++) {
		ck_assert_int_eq(graph_add_migration(g, &rg.migs[i]), GRAPH_OK);
		hostapi_ctx_init(&ctx, "rule", d->name, "MRT039", SEV_WARNING, &out);
		ctx.m = &rg.migs[i];
		ck_assert_int_eq(d->check_migration(state, &ctx, HOSTAPI_MIGRATION(&rg.migs[i])), MRT_OK);
	}
	ck_assert_uint_eq(rh_nrecs, 0); /* nothing is reported before the graph is known */
	ck_assert_int_eq(graph_build(g), GRAPH_OK);
	/* like the core today: no parsed migrations are handed to check_graph */
	struct hostapi_graph hg = {.g = g, .migs = NULL, .nmigs = 0};
	hostapi_ctx_init(&ctx, "rule", d->name, "MRT039", SEV_WARNING, &out);
	ck_assert_int_eq(d->check_graph(state, &ctx, (const mrt_graph *)(const void *)&hg), MRT_OK);
	/* a second run on the same instance starts from scratch */
	size_t first = rh_nrecs;
	ck_assert_int_eq(d->check_graph(state, &ctx, (const mrt_graph *)(const void *)&hg), MRT_OK);
	ck_assert_uint_eq(rh_nrecs, first);
	d->fini(state);
	options_destroy(opts);
	findings_release(&out);
	graph_destroy(g);
	rh_graph_release(&rg);
	return rh_nrecs;
}

START_TEST(mrt039_graphs)
{
	char *dirs[32];
	char dir[512];
	size_t nd = rh_list_dir(RH_RULES_DATA "/MRT039", "", true, dirs, 32), nbad = 0, ngood = 0;
	for (size_t i = 0; i < nd; i++) {
		snprintf(dir, sizeof(dir), "%s/MRT039/%s", RH_RULES_DATA, dirs[i]);
		size_t got = run_graph(dir);
		if (!strncmp(dirs[i], "good_", 5)) {
			ngood++;
			ck_assert_msg(got == 0, "%s: unexpected finding: %s", dir, got ? rh_recs[0].message : "");
		} else if (!strncmp(dirs[i], "bad_", 4)) {
			nbad++;
			/* the HIT markers of every file of the graph, by file */
			rh_graph_expect_markers(dir, got);
		}
		rh_free(dirs[i]);
	}
	ck_assert_msg(nbad >= 3 && ngood >= 2, "MRT039: too few graphs (%zu bad, %zu good)", nbad, ngood);
}
END_TEST

START_TEST(mrt039_message)
{
	ck_assert_uint_eq(run_graph(RH_RULES_DATA "/MRT039/bad_linear"), 1);
	ck_assert_str_eq(rh_recs[0].revision, "c3");
	ck_assert_str_eq(rh_recs[0].path, RH_RULES_DATA "/MRT039/bad_linear/003_readd.py");
	ck_assert_str_eq(rh_recs[0].message, "column 'users.phone' is added again by revision c3 after revision b2 dropped "
	                                  "it (" RH_RULES_DATA "/MRT039/bad_linear/002_drop.py:13): rows written in between "
	                                  "have no value for it and the old values are gone, a data hole the re-added "
	                                  "column hides");
	ck_assert_int_eq(rh_recs[0].sev, MRT_SEV_DEFAULT);
	ck_assert_ptr_nonnull(strstr(rh_recs[0].hint, "rule: MRT039"));
}
END_TEST

static Suite *rules_suite(void)
{
	Suite *s = suite_create("rules_ops");
	TCase *t = tcase_create("plugins");
	tcase_add_checked_fixture(t, ops_setup, rh_teardown);
	tcase_add_test(t, descriptors);
	tcase_add_test(t, rules_d_files);
	tcase_add_test(t, mrt000_rule_file);
	tcase_add_test(t, mrt000_fixtures);
	tcase_add_test(t, mrt029_fixtures);
	tcase_add_test(t, mrt029_messages);
	tcase_add_test(t, mrt029_env_option);
	tcase_add_test(t, mrt030_fixtures);
	tcase_add_test(t, mrt030_messages);
	tcase_add_test(t, mrt031_fixtures);
	tcase_add_test(t, mrt031_messages);
	tcase_add_test(t, mrt032_fixtures);
	tcase_add_test(t, mrt032_messages);
	tcase_add_test(t, mrt033_fixtures);
	tcase_add_test(t, mrt033_messages);
	tcase_add_test(t, mrt034_fixtures);
	tcase_add_test(t, mrt034_messages);
	tcase_add_test(t, mrt036_fixtures);
	tcase_add_test(t, mrt036_messages);
	tcase_add_test(t, mrt037_fixtures);
	tcase_add_test(t, mrt037_messages);
	tcase_add_test(t, mrt038_fixtures);
	tcase_add_test(t, mrt038_messages);
	tcase_add_test(t, mrt039_graphs);
	tcase_add_test(t, mrt039_message);
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
