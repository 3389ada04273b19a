/*
 * test_rules_basic.c — the first five rule plugins (MRT001, MRT002, MRT004, MRT005, MRT035) against a fake host.
 *
 * The plugins' sources are compiled into this test (each entry symbol renamed) and run by the shared fake host of
 * rule_harness.h: the host table is the core's accessor table with report/log replaced by recorders, so the plugins
 * read real models: every fixture under tests/data/rules/<id>/ is parsed by the real parser. Fixture convention:
 * bad_*.py must trigger, and each line carrying the marker comment "# HIT" must get exactly one finding; good_*.py
 * must stay silent.
 * MRT035 fixtures are directories (one revision graph each).
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "graph.h"
#include "hostapi.h"
#include "parser.h"

#define mrt_plugin_entry_v1 entry_missing_downgrade
#include "../../plugins/rules/missing_downgrade/missing_downgrade.c"
#undef mrt_plugin_entry_v1
#define mrt_plugin_entry_v1 entry_noop_downgrade
#include "../../plugins/rules/noop_downgrade/noop_downgrade.c"
#undef mrt_plugin_entry_v1
#define mrt_plugin_entry_v1 entry_drop_column
#include "../../plugins/rules/drop_column/drop_column.c"
#undef mrt_plugin_entry_v1
#define mrt_plugin_entry_v1 entry_drop_table
#include "../../plugins/rules/drop_table/drop_table.c"
#undef mrt_plugin_entry_v1
#define mrt_plugin_entry_v1 entry_broken_graph
#include "../../plugins/rules/broken_graph/broken_graph.c"
#undef mrt_plugin_entry_v1

#include "rule_harness.h"

static const struct rh_plugin plugins[] = {
	{"MRT001", entry_missing_downgrade}, {"MRT002", entry_noop_downgrade}, {"MRT004", entry_drop_column},
	{"MRT005", entry_drop_table},        {"MRT035", entry_broken_graph},
};

static void basic_setup(void)
{
	rh_register(plugins, sizeof(plugins) / sizeof(plugins[0]));
	rh_track = true; /* harness memory is freed with rh_free, rh_teardown frees what a failure left */
}

/* ---- descriptors ------------------------------------------------------------------------------------------------ */

START_TEST(descriptors)
{
	const char *names[] = {"missing-downgrade", "noop-downgrade", "drop-column", "drop-table",
	                       "broken-revision-graph"};
	for (size_t i = 0; i < 5; i++) {
		const struct mrt_plugin_desc *d = plugins[i].entry();
		ck_assert_uint_eq(d->abi_major, MRT_ABI_MAJOR);
		ck_assert_uint_eq(d->abi_minor, MRT_ABI_MINOR);
		ck_assert_uint_eq(d->struct_size, sizeof(struct mrt_plugin_desc));
		ck_assert_int_eq(d->kind, MRT_KIND_RULE);
		ck_assert_str_eq(d->name, names[i]);
		ck_assert_ptr_nonnull(d->init);
		ck_assert_ptr_nonnull(d->fini);
		ck_assert_ptr_nonnull(d->options);
		ck_assert(d->check_migration || d->check_graph);
		char err[256];
		ck_assert_msg(options_check_specs(d->options, err, sizeof(err)) == MRT_OK, "%s", err);
	}
	ck_assert_ptr_null(entry_broken_graph()->check_migration);
	ck_assert_ptr_nonnull(entry_broken_graph()->check_graph);
}
END_TEST

/* The rules.d files name these plugins and load cleanly. */
START_TEST(rules_d_files)
{
	struct rule_config_set s;
	struct config_error e;
	rule_config_set_init(&s);
	int rc = config_load_rules_dir(MRT_SOURCE_DIR "/rules.d", &s, &e);
	ck_assert_msg(rc == CONFIG_OK, "%s", e.message);
	const char *ids[] = {"MRT001", "MRT002", "MRT004", "MRT005", "MRT035"};
	const char *so[] = {"missing_downgrade.so", "noop_downgrade.so", "drop_column.so", "drop_table.so",
	                    "broken_graph.so"};
	for (size_t i = 0; i < 5; i++) {
		const struct rule_config *r = rule_config_find(&s, ids[i]);
		ck_assert_msg(r != NULL, "%s missing from rules.d", ids[i]);
		ck_assert_str_eq(r->plugin, so[i]);
		ck_assert_str_eq(r->name, plugins[i].entry()->name);
		ck_assert_ptr_nonnull(r->doc_path);
		FILE *f = fopen(r->doc_path, "r");
		ck_assert_msg(f != NULL, "doc page %s missing", r->doc_path);
		fclose(f);
	}
	/* aliases from the RULES.md table */
	ck_assert_str_eq(rule_config_resolve(&s, "MRT101"), "MRT001");
	ck_assert_str_eq(rule_config_resolve(&s, "MRT102"), "MRT002");
	ck_assert_str_eq(rule_config_resolve(&s, "MRT206"), "MRT004");
	ck_assert_str_eq(rule_config_resolve(&s, "MRT701"), "MRT004");
	ck_assert_str_eq(rule_config_resolve(&s, "MRT703"), "MRT005");
	ck_assert_str_eq(rule_config_resolve(&s, "MRT901"), "MRT035");
	rule_config_set_release(&s);
}
END_TEST

/* ---- per rule --------------------------------------------------------------------------------------------------- */

START_TEST(mrt001_fixtures)
{
	rh_run_fixtures("MRT001");
}
END_TEST

START_TEST(mrt001_message)
{
	rh_free(rh_run_file("MRT001", RH_RULES_DATA "/MRT001/bad_engine_variant.py", NULL));
	ck_assert_uint_eq(rh_nrecs, 1);
	ck_assert_str_eq(rh_recs[0].message, "upgrade_engine2() has no downgrade_engine2(): `alembic downgrade` cannot step "
	                                  "back past revision a003");
	ck_assert_uint_eq(rh_recs[0].col, 1);
}
END_TEST

START_TEST(mrt002_fixtures)
{
	rh_run_fixtures("MRT002");
}
END_TEST

START_TEST(mrt002_message)
{
	rh_free(rh_run_file("MRT002", RH_RULES_DATA "/MRT002/bad_docstring_only.py", NULL));
	ck_assert_uint_eq(rh_nrecs, 1);
	ck_assert_str_eq(rh_recs[0].message, "downgrade() does nothing while upgrade() makes 2 changes: rollback stamps the "
	                                  "old revision and leaves the new schema in place");
	rh_free(rh_run_file("MRT002", RH_RULES_DATA "/MRT002/bad_data_only.py", NULL));
	ck_assert_uint_eq(rh_nrecs, 1);
	ck_assert_str_eq(rh_recs[0].message, "downgrade() does nothing while upgrade() changes data (1 statement): rollback "
	                                  "stamps the old revision and keeps the changed rows");
}
END_TEST

START_TEST(mrt004_fixtures)
{
	rh_run_fixtures("MRT004");
}
END_TEST

START_TEST(mrt004_messages)
{
	rh_free(rh_run_file("MRT004", RH_RULES_DATA "/MRT004/bad_execute.py", NULL));
	ck_assert_uint_eq(rh_nrecs, 2);
	ck_assert_str_eq(rh_recs[0].message, "ALTER TABLE ... DROP COLUMN drops column 'users.middle_name' of an existing "
	                                  "table: its values are permanently lost, a downgrade can only re-add it empty");
	ck_assert_str_eq(rh_recs[1].message, "ALTER TABLE ... DROP COLUMN drops column 'orders.note' of an existing table: "
	                                  "its values are permanently lost, a downgrade can only re-add it empty");
	rh_free(rh_run_file("MRT004", RH_RULES_DATA "/MRT004/bad_batch.py", NULL));
	ck_assert_uint_eq(rh_nrecs, 1);
	ck_assert_str_eq(rh_recs[0].message, "batch_op.drop_column() drops column 'users.nickname' of an existing table: its "
	                                  "values are permanently lost, a downgrade can only re-add it empty");
	ck_assert_uint_eq(rh_recs[0].col, 9);
	rh_free(rh_run_file("MRT004", RH_RULES_DATA "/MRT004/bad_helper_conditional.py", NULL));
	ck_assert_uint_eq(rh_nrecs, 2);
	ck_assert_str_eq(rh_recs[0].message, "op.drop_column() drops column 'accounts.legacy_id' of an existing table (in "
	                                  "helper _drop_legacy(), called at line 20): its values are permanently lost, a "
	                                  "downgrade can only re-add it empty");
	ck_assert_str_eq(rh_recs[1].message, "op.drop_column() drops column 'accounts.pg_only' of an existing table "
	                                  "(conditional): its values are permanently lost, a downgrade can only re-add it "
	                                  "empty");
	rh_free(rh_run_file("MRT004", RH_RULES_DATA "/MRT004/bad_alias_keywords.py", NULL));
	ck_assert_uint_eq(rh_nrecs, 1);
	ck_assert_str_eq(rh_recs[0].message, "op.drop_column() drops column 'users.fax' of an existing table: its values are "
	                                  "permanently lost, a downgrade can only re-add it empty");
}
END_TEST

/* ignore_tables from a rules.d-style options map silences matching tables only. */
START_TEST(mrt004_ignore_tables_option)
{
	struct rule_config_set s;
	struct config_error e;
	rule_config_set_init(&s);
	const char *y = "id: MRT004\nname: drop-column\nplugin: drop_column.so\nseverity: error\n"
	                "options:\n  ignore_tables: [\"user*\"]\n";
	ck_assert_int_eq(config_load_rule_buffer("MRT004.yaml", y, strlen(y), &s, &e), CONFIG_OK);
	rh_free(rh_run_file("MRT004", RH_RULES_DATA "/MRT004/bad_execute.py", &s.items[0].options));
	ck_assert_uint_eq(rh_nrecs, 1);
	ck_assert_uint_eq(rh_recs[0].line, 18);
	rule_config_set_release(&s);
}
END_TEST

START_TEST(mrt005_fixtures)
{
	rh_run_fixtures("MRT005");
}
END_TEST

START_TEST(mrt005_messages)
{
	rh_free(rh_run_file("MRT005", RH_RULES_DATA "/MRT005/bad_execute.py", NULL));
	ck_assert_uint_eq(rh_nrecs, 2);
	ck_assert_str_eq(rh_recs[0].message, "DROP TABLE drops existing table 'legacy_orders': its rows are permanently lost, "
	                                  "a downgrade can only recreate it empty");
	ck_assert_str_eq(rh_recs[1].message, "DROP TABLE drops existing table 'a' (and 1 more table): its rows are "
	                                  "permanently lost, a downgrade can only recreate it empty");
	rh_free(rh_run_file("MRT005", RH_RULES_DATA "/MRT005/bad_helper_conditional.py", NULL));
	ck_assert_uint_eq(rh_nrecs, 2);
	ck_assert_str_eq(rh_recs[1].message, "op.drop_table() drops existing table 'tokens' (conditional): its rows are "
	                                  "permanently lost, a downgrade can only recreate it empty");
}
END_TEST

/* ---- MRT035: graphs --------------------------------------------------------------------------------------------- */

/* Parses every .py of dir, builds the graph, runs MRT035. Returns the number of findings. */
static size_t run_graph(const char *dir)
{
	struct rh_graph rg;
	rh_graph_load(dir, &rg);
	struct graph *g = graph_create();
	ck_assert_ptr_nonnull(g);
	for (size_t i = 0; i < rg.n; i++) {
		const struct migration *m = &rg.migs[i];
		struct graph_entry ge = {
			.revision = m->revision,
			.down_revisions = m->down_revisions.items,
			.ndown = m->down_revisions.count,
			.path = m->path,
			.line = m->revision_line,
			.down_line = m->down_revision_line,
		};
		ck_assert_int_eq(graph_add(g, &ge), GRAPH_OK);
	}
	ck_assert_int_eq(graph_build(g), GRAPH_OK);
	/* parsed migration per graph node index */
	const struct migration *bynode[RH_GRAPH_MAX] = {0};
	for (size_t k = 0; k < g->nnodes; k++)
		for (size_t i = 0; i < rg.n; i++)
			if (rg.migs[i].path && g->nodes[k].path && !strcmp(rg.migs[i].path, g->nodes[k].path))
				bynode[k] = &rg.migs[i];
	struct hostapi_graph hg = {.g = g, .migs = bynode, .nmigs = g->nnodes};
	const struct mrt_plugin_desc *d = rh_desc_of("MRT035");
	struct mrt_options *opts = NULL;
	void *state = rh_instance(d, "MRT035", NULL, &opts);
	struct findings out;
	findings_init(&out);
	struct mrt_ctx ctx;
	hostapi_ctx_init(&ctx, "rule", d->name, "MRT035", SEV_ERROR, &out);
	rh_nrecs = 0;
	ck_assert_int_eq(d->check_graph(state, &ctx, (const mrt_graph *)(const void *)&hg), MRT_OK);
	d->fini(state);
	options_destroy(opts);
	findings_release(&out);
	graph_destroy(g);
	rh_graph_release(&rg);
	return rh_nrecs;
}

START_TEST(mrt035_graphs)
{
	ck_assert_uint_eq(run_graph(RH_RULES_DATA "/MRT035/good_linear"), 0);
	ck_assert_uint_eq(run_graph(RH_RULES_DATA "/MRT035/good_merged"), 0);

	ck_assert_uint_eq(run_graph(RH_RULES_DATA "/MRT035/bad_two_heads"), 1);
	ck_assert_ptr_nonnull(strstr(rh_recs[0].hint, "alembic merge heads"));
	ck_assert_str_eq(rh_recs[0].path, RH_RULES_DATA "/MRT035/bad_two_heads/002_a.py");
	ck_assert_str_eq(rh_recs[0].revision, "002");
	ck_assert_uint_gt(rh_recs[0].line, 0);

	/* a dangling parent also leaves two heads (001 and 002): both are reported */
	ck_assert_uint_ge(run_graph(RH_RULES_DATA "/MRT035/bad_dangling"), 1);
	bool dangling = false;
	for (size_t i = 0; i < rh_nrecs; i++) {
		if (strstr(rh_recs[i].message, "0x1")) {
			dangling = true;
			ck_assert_ptr_nonnull(strstr(rh_recs[i].hint, "down_revision"));
			ck_assert_str_eq(rh_recs[i].revision, "002");
		}
	}
	ck_assert(dangling);

	ck_assert_uint_ge(run_graph(RH_RULES_DATA "/MRT035/bad_duplicate"), 1);
	bool dup = false;
	for (size_t i = 0; i < rh_nrecs; i++)
		dup |= strstr(rh_recs[i].hint, "new revision id") != NULL;
	ck_assert(dup);

	ck_assert_uint_ge(run_graph(RH_RULES_DATA "/MRT035/bad_cycle"), 1);
	bool cyc = false;
	for (size_t i = 0; i < rh_nrecs; i++)
		cyc |= strstr(rh_recs[i].hint, "cannot descend from itself") != NULL;
	ck_assert(cyc);
}
END_TEST

static Suite *rules_suite(void)
{
	Suite *s = suite_create("rules_basic");
	TCase *t = tcase_create("plugins");
	tcase_add_checked_fixture(t, basic_setup, rh_teardown);
	tcase_add_test(t, descriptors);
	tcase_add_test(t, rules_d_files);
	tcase_add_test(t, mrt001_fixtures);
	tcase_add_test(t, mrt001_message);
	tcase_add_test(t, mrt002_fixtures);
	tcase_add_test(t, mrt002_message);
	tcase_add_test(t, mrt004_fixtures);
	tcase_add_test(t, mrt004_messages);
	tcase_add_test(t, mrt004_ignore_tables_option);
	tcase_add_test(t, mrt005_fixtures);
	tcase_add_test(t, mrt005_messages);
	tcase_add_test(t, mrt035_graphs);
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
