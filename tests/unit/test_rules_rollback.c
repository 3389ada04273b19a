/*
 * test_rules_rollback.c — the "rollback" rule plugins (MRT003, MRT006–MRT012) against the fake host of
 * rule_harness.h.
 *
 * The plugins' sources are compiled into this test (each entry symbol renamed); every fixture under
 * tests/data/rules/<id>/ is parsed by the real parser. bad_*.py must trigger exactly on the lines marked "# HIT"
 * (configured severity) and "# NOTE" (info); good_*.py must stay silent. Message tests pin the exact text of the
 * findings the users read.
 */
#include <check.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define mrt_plugin_entry_v1 entry_irreversible_downgrade
#include "../../plugins/rules/irreversible_downgrade/irreversible_downgrade.c"
#undef mrt_plugin_entry_v1
#define mrt_plugin_entry_v1 entry_rename_as_drop_add
#include "../../plugins/rules/rename_as_drop_add/rename_as_drop_add.c"
#undef mrt_plugin_entry_v1
#define mrt_plugin_entry_v1 entry_lossy_type_change
#include "../../plugins/rules/lossy_type_change/lossy_type_change.c"
#undef mrt_plugin_entry_v1
#define mrt_plugin_entry_v1 entry_downgrade_retightens
#include "../../plugins/rules/downgrade_retightens/downgrade_retightens.c"
#undef mrt_plugin_entry_v1
#define mrt_plugin_entry_v1 entry_irreversible_data_change
#include "../../plugins/rules/irreversible_data_change/irreversible_data_change.c"
#undef mrt_plugin_entry_v1
#define mrt_plugin_entry_v1 entry_downgrade_destroys_new_data
#include "../../plugins/rules/downgrade_destroys_new_data/downgrade_destroys_new_data.c"
#undef mrt_plugin_entry_v1
#define mrt_plugin_entry_v1 entry_asymmetric_downgrade
#include "../../plugins/rules/asymmetric_downgrade/asymmetric_downgrade.c"
#undef mrt_plugin_entry_v1
#define mrt_plugin_entry_v1 entry_enum_type_left_behind
#include "../../plugins/rules/enum_type_left_behind/enum_type_left_behind.c"
#undef mrt_plugin_entry_v1

#include "rule_harness.h"
#include "suppress.h"

static const struct rh_plugin rb_plugins[] = {
	{"MRT003", entry_irreversible_downgrade},    {"MRT006", entry_rename_as_drop_add},
	{"MRT007", entry_lossy_type_change},         {"MRT008", entry_downgrade_retightens},
	{"MRT009", entry_irreversible_data_change},  {"MRT010", entry_downgrade_destroys_new_data},
	{"MRT011", entry_asymmetric_downgrade},      {"MRT012", entry_enum_type_left_behind},
};
#define RB_NPLUGINS (sizeof(rb_plugins) / sizeof(rb_plugins[0]))

static void setup(void)
{
	rh_register(rb_plugins, RB_NPLUGINS);
}

/* Runs rule id on tests/data/rules/<id>/<file>; findings in rh_recs. */
static void run(const char *id, const char *file)
{
	char path[1024];
	snprintf(path, sizeof(path), "%s/%s/%s", RH_RULES_DATA, id, file);
	free(rh_run_file(id, path, NULL));
}

/* ---- descriptors and rules.d ------------------------------------------------------------------------------------ */

START_TEST(descriptors)
{
	const char *names[] = {"irreversible-downgrade", "rename-as-drop-add", "lossy-type-change",
	                       "downgrade-retightens", "irreversible-data-change", "downgrade-destroys-new-data",
	                       "asymmetric-downgrade", "enum-type-left-behind"};
	for (size_t i = 0; i < RB_NPLUGINS; i++) {
		const struct mrt_plugin_desc *d = rb_plugins[i].entry();
		ck_assert_uint_eq(d->abi_major, MRT_ABI_MAJOR);
		ck_assert_uint_eq(d->abi_minor, MRT_ABI_MINOR);
		ck_assert_uint_eq(d->struct_size, sizeof(struct mrt_plugin_desc));
		ck_assert_int_eq(d->kind, MRT_KIND_RULE);
		ck_assert_str_eq(d->name, names[i]);
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

/* The rules.d files of this batch load (one by one: other batches' files are not this suite's business), name these
 * plugins, have their doc pages, carry the aliases of the RULES.md table and the right severity and dialects. */
START_TEST(rules_d_files)
{
	struct rule_config_set s;
	struct config_error e;
	rule_config_set_init(&s);
	const char *so[] = {"irreversible_downgrade.so", "rename_as_drop_add.so", "lossy_type_change.so",
	                    "downgrade_retightens.so", "irreversible_data_change.so", "downgrade_destroys_new_data.so",
	                    "asymmetric_downgrade.so", "enum_type_left_behind.so"};
	const int sev[] = {SEV_WARNING, SEV_ERROR, SEV_ERROR, SEV_ERROR, SEV_ERROR, SEV_WARNING, SEV_WARNING, SEV_WARNING};
	for (size_t i = 0; i < RB_NPLUGINS; i++) {
		char path[1024];
		snprintf(path, sizeof(path), "%s/rules.d/%s.yaml", MRT_SOURCE_DIR, rb_plugins[i].id);
		int rc = config_load_rule_file(path, &s, &e);
		ck_assert_msg(rc == CONFIG_OK, "%s", e.message);
		const struct rule_config *r = rule_config_find(&s, rb_plugins[i].id);
		ck_assert_msg(r != NULL, "%s missing from rules.d", rb_plugins[i].id);
		ck_assert_str_eq(r->plugin, so[i]);
		ck_assert_str_eq(r->name, rb_plugins[i].entry()->name);
		ck_assert_int_eq((int)r->severity, sev[i]);
		ck_assert_uint_eq(r->dialects, i == 7 ? (unsigned)CFG_DIALECT_POSTGRESQL : (unsigned)CFG_DIALECT_ALL);
		ck_assert_ptr_nonnull(r->doc_path);
		FILE *f = fopen(r->doc_path, "r");
		ck_assert_msg(f != NULL, "doc page %s missing", r->doc_path);
		fclose(f);
	}
	/* aliases from the RULES.md table, exactly */
	ck_assert_str_eq(rule_config_resolve(&s, "MRT208"), "MRT006");
	ck_assert_str_eq(rule_config_resolve(&s, "MRT303"), "MRT007");
	ck_assert_str_eq(rule_config_resolve(&s, "MRT705"), "MRT007");
	ck_assert_str_eq(rule_config_resolve(&s, "MRT402"), "MRT008");
	const char *to9[] = {"MRT103", "MRT104", "MRT105", "MRT106"};
	for (size_t i = 0; i < 4; i++)
		ck_assert_str_eq(rule_config_resolve(&s, to9[i]), "MRT009");
	const char *to11[] = {"MRT205", "MRT207", "MRT301", "MRT302", "MRT408", "MRT409", "MRT410", "MRT502", "MRT503"};
	for (size_t i = 0; i < 9; i++)
		ck_assert_str_eq(rule_config_resolve(&s, to11[i]), "MRT011");
	size_t naliases[] = {0, 1, 2, 1, 4, 0, 9, 0};
	for (size_t i = 0; i < RB_NPLUGINS; i++)
		ck_assert_uint_eq(rule_config_find(&s, rb_plugins[i].id)->naliases, naliases[i]);
	rule_config_set_release(&s);
}
END_TEST

/* ---- fixtures: one test per rule -------------------------------------------------------------------------------- */

START_TEST(fixtures)
{
	rh_run_fixtures(rb_plugins[_i].id);
}
END_TEST

/* ---- messages --------------------------------------------------------------------------------------------------- */

START_TEST(mrt003_messages)
{
	run("MRT003", "bad_not_implemented.py");
	ck_assert_uint_eq(rh_nrecs, 1);
	ck_assert_str_eq(rh_recs[0].message, "downgrade() raises NotImplementedError (\"legacy_flags cannot be restored\"): "
	                                     "`alembic downgrade` cannot step back past revision d301, automated rollback "
	                                     "is blocked");
	ck_assert_uint_eq(rh_recs[0].col, 5);
	run("MRT003", "bad_engine_variant.py");
	ck_assert_uint_eq(rh_nrecs, 1);
	ck_assert_str_eq(rh_recs[0].message, "downgrade_engine1() raises NotImplementedError: `alembic downgrade` cannot "
	                                     "step back past revision d303, automated rollback is blocked");
	run("MRT003", "bad_raise_after_ops.py");
	ck_assert_uint_eq(rh_nrecs, 1);
	ck_assert_ptr_nonnull(strstr(rh_recs[0].message, "raises RuntimeError"));
}
END_TEST

START_TEST(mrt006_messages)
{
	run("MRT006", "bad_op.py");
	ck_assert_uint_eq(rh_nrecs, 1);
	ck_assert_str_eq(rh_recs[0].message, "upgrade drops column 'users.fullname' and adds 'users.full_name' of the same "
	                                     "type VARCHAR(100): if this is a rename, every value of 'fullname' is lost");
	ck_assert_ptr_nonnull(strstr(rh_recs[0].hint, "op.alter_column('users', 'fullname', new_column_name='full_name')"));
	run("MRT006", "bad_table_alias.py");
	ck_assert_uint_eq(rh_nrecs, 1);
	ck_assert_str_eq(rh_recs[0].message, "upgrade drops table 'customer' and creates 'customers' with the same 2 "
	                                     "columns: if this is a rename, every row of 'customer' is lost");
	ck_assert_ptr_nonnull(strstr(rh_recs[0].hint, "op.rename_table('customer', 'customers')"));
	run("MRT006", "bad_execute.py");
	ck_assert_uint_eq(rh_nrecs, 2);
	ck_assert_ptr_nonnull(strstr(rh_recs[0].message, "'orders.amt' and adds 'orders.amount' of the same type "
	                                                 "NUMERIC(10,2)"));
	ck_assert_ptr_nonnull(strstr(rh_recs[1].message, "'invoices.cents' and adds 'invoices.total_cents' of the same type "
	                                                 "BIGINT"));
	run("MRT006", "bad_helper_conditional.py");
	ck_assert_uint_eq(rh_nrecs, 1);
	ck_assert_ptr_nonnull(strstr(rh_recs[0].message, "(in helper _swap(), called at line 22) (conditional)"));
}
END_TEST

START_TEST(mrt007_messages)
{
	run("MRT007", "bad_string_shorter.py");
	ck_assert_uint_eq(rh_nrecs, 1);
	ck_assert_str_eq(rh_recs[0].message, "upgrade changes column 'users.name' from VARCHAR(255) to VARCHAR(50): the "
	                                     "string gets shorter: longer values are truncated or rejected");
	run("MRT007", "bad_types.py");
	ck_assert_uint_eq(rh_nrecs, 6);
	ck_assert_ptr_nonnull(strstr(rh_recs[0].message, "'posts.body' from TEXT to VARCHAR(200)"));
	ck_assert_ptr_nonnull(strstr(rh_recs[1].message, "'events.id' from BIGINT to INTEGER"));
	ck_assert_ptr_nonnull(strstr(rh_recs[2].message, "'prices.amount' from NUMERIC(12,4) to NUMERIC(12,2): the numeric "
	                                                 "loses scale"));
	ck_assert_ptr_nonnull(strstr(rh_recs[3].message, "'readings.value' from FLOAT to INTEGER"));
	ck_assert_ptr_nonnull(strstr(rh_recs[4].message, "'logins.at' from TIMESTAMP WITH TIME ZONE to TIMESTAMP"));
	ck_assert_ptr_nonnull(strstr(rh_recs[5].message, "'visits.seen_at' from TIMESTAMP WITH TIME ZONE to DATE"));
	ck_assert_uint_eq(rh_recs[5].col, 9);
	run("MRT007", "bad_downgrade_narrows_back.py");
	ck_assert_uint_eq(rh_nrecs, 2);
	ck_assert_str_eq(rh_recs[0].message, "downgrade narrows column 'users.email' back from VARCHAR(320) to "
	                                     "VARCHAR(100): the string gets shorter: longer values are truncated or "
	                                     "rejected; rows written since the deploy make the rollback fail or lose data");
	ck_assert_ptr_nonnull(strstr(rh_recs[1].message, "'orders.code' back from VARCHAR(64) to VARCHAR(16)"));
	run("MRT007", "bad_helper_conditional_alias.py");
	ck_assert_uint_eq(rh_nrecs, 2);
	ck_assert_ptr_nonnull(strstr(rh_recs[1].message, "'shipments.weight' from NUMERIC(10,3) to NUMERIC(10,0) "
	                                                 "(conditional)"));
}
END_TEST

START_TEST(mrt008_messages)
{
	run("MRT008", "bad_not_null.py");
	ck_assert_uint_eq(rh_nrecs, 1);
	ck_assert_str_eq(rh_recs[0].message, "op.alter_column(nullable=False) sets column 'users.email' back to NOT NULL "
	                                     "in downgrade (the upgrade made it nullable): rows written since the deploy "
	                                     "with NULL in it make the rollback fail");
	run("MRT008", "bad_constraints.py");
	ck_assert_uint_eq(rh_nrecs, 5);
	ck_assert_str_eq(rh_recs[0].message, "downgrade re-creates primary key 'pk_codes' on 'codes' that the upgrade "
	                                     "dropped: rows written since the deploy (NULLs or duplicates) make the rollback "
	                                     "fail");
	ck_assert_ptr_nonnull(strstr(rh_recs[1].message, "unique index 'ix_users_login' on 'users'"));
	ck_assert_ptr_nonnull(strstr(rh_recs[2].message, "check constraint 'ck_items_price_positive'"));
	ck_assert_ptr_nonnull(strstr(rh_recs[3].message, "foreign key 'fk_orders_user' on 'orders' that the upgrade "
	                                                 "dropped: rows written since the deploy (orphan rows)"));
	ck_assert_ptr_nonnull(strstr(rh_recs[4].message, "unique constraint 'uq_users_email'"));
	run("MRT008", "bad_batch_helper_alias.py");
	ck_assert_uint_eq(rh_nrecs, 2);
	ck_assert_str_eq(rh_recs[1].message, "downgrade re-creates unique constraint 'uq_tickets_code' on 'tickets' over "
	                                     "column 'code', which the upgrade made nullable (conditional): rows written "
	                                     "since the deploy (duplicates) make the rollback fail");
	run("MRT008", "bad_sql.py");
	ck_assert_uint_eq(rh_nrecs, 2);
	ck_assert_ptr_nonnull(strstr(rh_recs[0].message, "SET NOT NULL sets column 'users.phone' back to NOT NULL"));
}
END_TEST

START_TEST(mrt009_messages)
{
	run("MRT009", "bad_update.py");
	ck_assert_uint_eq(rh_nrecs, 1);
	ck_assert_str_eq(rh_recs[0].message, "upgrade changes data in table 'users' (UPDATE) and downgrade() has no data "
	                                     "statement for 'users': the schema rolls back, the data does not");
	run("MRT009", "bad_bind_and_expression.py");
	ck_assert_uint_eq(rh_nrecs, 2);
	ck_assert_ptr_nonnull(strstr(rh_recs[0].message, "table 'sessions' (DELETE)"));
	ck_assert_ptr_nonnull(strstr(rh_recs[1].message, "table 'users' (update())"));
	run("MRT009", "bad_bulk_insert_other_table.py");
	ck_assert_uint_eq(rh_nrecs, 1);
	ck_assert_ptr_nonnull(strstr(rh_recs[0].message, "table 'settings' (bulk_insert)"));
	run("MRT009", "bad_helper_conditional_alias.py");
	ck_assert_uint_eq(rh_nrecs, 1);
	ck_assert_ptr_nonnull(strstr(rh_recs[0].message, "table 'roles' (INSERT) (in helper _seed_roles(), called at line "
	                                                 "21) (conditional)"));
}
END_TEST

START_TEST(mrt010_messages)
{
	/* default fold_undo_drops: true — one note per revision at the first drop */
	run("MRT010", "bad_drop_created_table.py");
	ck_assert_uint_eq(rh_nrecs, 1);
	ck_assert_int_eq(rh_recs[0].sev, MRT_SEV_INFO);
	ck_assert_uint_eq(rh_recs[0].line, 25);
	ck_assert_str_eq(rh_recs[0].message, "downgrade() drops 2 objects that upgrade() created (table 'audit_archive', "
	                                     "table 'audit_log'): rows written after deploy are lost on rollback");
	run("MRT010", "bad_drop_added_column.py");
	ck_assert_uint_eq(rh_nrecs, 1);
	ck_assert_str_eq(rh_recs[0].message, "downgrade() drops 3 objects that upgrade() created (column "
	                                     "'invoices.vat_rate', column 'orders.coupon', column 'users.phone'): rows "
	                                     "written after deploy are lost on rollback");
	run("MRT010", "bad_helper_conditional_alias.py");
	ck_assert_uint_eq(rh_nrecs, 1);
	ck_assert_str_eq(rh_recs[0].message, "downgrade() drops 1 object that upgrade() created (column "
	                                     "'players.score'): rows written after deploy are lost on rollback");
	run("MRT010", "bad_fold_mixed.py");
	ck_assert_uint_eq(rh_nrecs, 2);
	ck_assert_int_eq(rh_recs[0].sev, MRT_SEV_DEFAULT);
	ck_assert_str_eq(rh_recs[0].message, "downgrade deletes rows of table 'orders' (DELETE): rows written since the "
	                                     "deploy are lost on rollback");
	ck_assert_int_eq(rh_recs[1].sev, MRT_SEV_INFO);
	ck_assert_str_eq(rh_recs[1].message, "downgrade() drops 2 objects that upgrade() created (column "
	                                     "'orders.coupon_id', table 'coupons'): rows written after deploy are lost on "
	                                     "rollback");
	run("MRT010", "bad_delete_truncate.py"); /* TRUNCATE and DELETE without WHERE are left to MRT014 */
	ck_assert_uint_eq(rh_nrecs, 1);
	ck_assert_str_eq(rh_recs[0].message, "downgrade deletes rows of table 'users' (DELETE): rows written since the "
	                                     "deploy are lost on rollback");
}
END_TEST

/* fold_undo_drops: false — the 1.0 behaviour: one finding per drop at the configured severity. */
START_TEST(mrt010_fold_off)
{
	struct rule_config_set s;
	struct config_error e;
	rule_config_set_init(&s);
	const char *y = "id: MRT010\nname: downgrade-destroys-new-data\nplugin: downgrade_destroys_new_data.so\n"
	                "severity: warning\noptions:\n  fold_undo_drops: false\n";
	ck_assert_int_eq(config_load_rule_buffer("MRT010.yaml", y, strlen(y), &s, &e), CONFIG_OK);
	const struct config_value *opts = &s.items[0].options;
	free(rh_run_file("MRT010", RH_RULES_DATA "/MRT010/bad_drop_created_table.py", opts));
	ck_assert_uint_eq(rh_nrecs, 2);
	ck_assert_int_eq(rh_recs[0].sev, MRT_SEV_DEFAULT);
	ck_assert_str_eq(rh_recs[0].message, "downgrade drops table 'audit_archive', which the upgrade created: every row "
	                                     "written since the deploy is lost on rollback");
	ck_assert_str_eq(rh_recs[1].message, "downgrade drops table 'audit_log', which the upgrade created: every row "
	                                     "written since the deploy is lost on rollback");
	free(rh_run_file("MRT010", RH_RULES_DATA "/MRT010/bad_drop_added_column.py", opts));
	ck_assert_uint_eq(rh_nrecs, 3);
	ck_assert_uint_eq(rh_recs[0].line, 24);
	ck_assert_uint_eq(rh_recs[1].line, 26);
	ck_assert_uint_eq(rh_recs[2].line, 27);
	ck_assert_str_eq(rh_recs[0].message, "downgrade drops column 'invoices.vat_rate', which the upgrade added: every "
	                                     "value written since the deploy is lost on rollback");
	ck_assert_ptr_nonnull(strstr(rh_recs[1].message, "'orders.coupon'"));
	free(rh_run_file("MRT010", RH_RULES_DATA "/MRT010/bad_fold_mixed.py", opts));
	ck_assert_uint_eq(rh_nrecs, 3);
	for (size_t i = 0; i < rh_nrecs; i++)
		ck_assert_int_eq(rh_recs[i].sev, MRT_SEV_DEFAULT);
	ck_assert_uint_eq(rh_recs[2].line, 27); /* drop_table("coupons"); not legacy_coupons */
	rule_config_set_release(&s);
}
END_TEST

/* A suppression comment on the first drop covers the folded note (its line is the first drop's line). */
START_TEST(mrt010_fold_suppressed)
{
	const char *path = RH_RULES_DATA "/MRT010/suppressed_folded.py";
	free(rh_run_file("MRT010", path, NULL));
	ck_assert_uint_eq(rh_nrecs, 1);
	ck_assert_uint_eq(rh_recs[0].line, 21);
	ck_assert_int_eq(rh_recs[0].sev, MRT_SEV_INFO);
	size_t len;
	char *text = rh_slurp(path, &len);
	struct arena a;
	arena_init(&a);
	struct migration m;
	ck_assert_int_eq(parse_migration(&a, path, text, len, &m), 0);
	struct suppress_set ss;
	struct findings problems;
	findings_init(&problems);
	ck_assert_int_eq(suppress_collect(&ss, &m, NULL, &problems), 0);
	ck_assert_uint_eq(problems.count, 0);
	ck_assert(suppress_match(&ss, &m, "MRT010", rh_recs[0].line));
	ck_assert(!suppress_match(&ss, &m, "MRT010", 22)); /* the comment is on the first drop only */
	suppress_set_release(&ss);
	findings_release(&problems);
	arena_release(&a);
	free(text);
}
END_TEST

START_TEST(mrt011_messages)
{
	run("MRT011", "bad_index_name_differs.py");
	ck_assert_uint_eq(rh_nrecs, 1);
	ck_assert_str_eq(rh_recs[0].message, "upgrade creates index 'ix_users_email' but downgrade() drops 'ix_users_mail' "
	                                     "instead (line 20): the names differ, so 'ix_users_email' is left behind and "
	                                     "the next upgrade fails with 'already exists'");
	run("MRT011", "bad_left_behind.py");
	ck_assert_uint_eq(rh_nrecs, 5);
	ck_assert_str_eq(rh_recs[0].message, "upgrade creates column 'users.phone' but downgrade() does not remove it: a "
	                                     "rollback leaves it behind and the next upgrade fails with 'already exists'");
	ck_assert_ptr_nonnull(strstr(rh_recs[2].message, "constraint 'ck_users_age'"));
	ck_assert_ptr_nonnull(strstr(rh_recs[3].message, "index 'ix_users_created'"));
	ck_assert_ptr_nonnull(strstr(rh_recs[4].message, "constraint 'uq_users_phone'"));
	run("MRT011", "bad_upgrade_changes_not_undone.py");
	ck_assert_uint_eq(rh_nrecs, 2);
	ck_assert_str_eq(rh_recs[0].message, "upgrade drops constraint 'uq_orders_ref' but downgrade() does not re-create "
	                                     "it: after a rollback the schema is not the previous revision's");
	ck_assert_str_eq(rh_recs[1].message, "upgrade renames table 'customer' to 'customers' but downgrade() does not "
	                                     "rename it back: after a rollback the old code finds no 'customer'");
	run("MRT011", "bad_downgrade_extra.py");
	ck_assert_uint_eq(rh_nrecs, 2);
	ck_assert_int_eq(rh_recs[0].sev, MRT_SEV_DEFAULT);
	ck_assert_ptr_nonnull(strstr(rh_recs[0].message, "downgrade creates index 'ix_items_name' that the upgrade did not "
	                                                 "drop"));
	ck_assert_int_eq(rh_recs[1].sev, MRT_SEV_INFO);
	ck_assert_ptr_nonnull(strstr(rh_recs[1].message, "downgrade drops constraint 'fk_items_legacy' that the upgrade did "
	                                                 "not create"));
	run("MRT011", "bad_reverse_order.py");
	ck_assert_uint_eq(rh_nrecs, 3);
	ck_assert_ptr_nonnull(strstr(rh_recs[1].message, "drops table 'publishers' before 'imprints'"));
	ck_assert_ptr_nonnull(strstr(rh_recs[2].message, "drops table 'shelves' before 'slots'"));
	ck_assert_str_eq(rh_recs[0].message, "downgrade drops table 'authors' before 'books', which references it: the "
	                                     "drop fails on the foreign key; drop the child table first (reverse order of "
	                                     "creation)");
}
END_TEST

START_TEST(mrt012_messages)
{
	run("MRT012", "bad_create_table_enum.py");
	ck_assert_uint_eq(rh_nrecs, 1);
	ck_assert_str_eq(rh_recs[0].message, "upgrade creates enum type 'order_status' (in create_table) but downgrade() "
	                                     "never drops it: after a rollback the type stays and the next upgrade fails "
	                                     "with 'type \"order_status\" already exists'");
	ck_assert_ptr_nonnull(strstr(rh_recs[0].hint, "sa.Enum(name='order_status').drop(op.get_bind(), checkfirst=True)"));
	ck_assert_uint_eq(rh_recs[0].col, 29);
	run("MRT012", "bad_explicit_create.py");
	ck_assert_uint_eq(rh_nrecs, 4);
	ck_assert_ptr_nonnull(strstr(rh_recs[0].message, "enum type 'mood' (created with .create())"));
	ck_assert_str_eq(rh_recs[1].message, "upgrade creates the enum type held by 'mood_enum' (created with .create()) "
	                                     "but downgrade() never drops it (no mood_enum.drop()): after a rollback the "
	                                     "type stays and the next upgrade fails with 'already exists'");
	ck_assert_ptr_nonnull(strstr(rh_recs[2].message, "enum type 'color' (with CREATE TYPE)"));
	ck_assert_ptr_nonnull(strstr(rh_recs[3].message, "enum type 'shade' (with CREATE TYPE)"));
	run("MRT012", "bad_add_column_helper_alias.py");
	ck_assert_uint_eq(rh_nrecs, 2);
	ck_assert_ptr_nonnull(strstr(rh_recs[0].message, "'account_tier' (in add_column) (in helper _add_tier(), called at "
	                                                 "line 30) (conditional)"));
	ck_assert_ptr_nonnull(strstr(rh_recs[1].message, "enum type 'role' (in add_column)"));
}
END_TEST

/* ---- the type normaliser of rb_common.h ---- */

/* SQL type texts normalise to the canonical names the messages use, and narrowing is judged on them. */
START_TEST(sql_types)
{
	static const struct {
		const char *sql, *canon;
	} cases[] = {
		{"varchar(50)", "VARCHAR(50)"},
		{"character varying (50)", "VARCHAR(50)"},
		{"VARCHAR", "VARCHAR"},
		{"text", "TEXT"},
		{"int8", "BIGINT"},
		{"integer", "INTEGER"},
		{"smallint", "SMALLINT"},
		{"numeric(10, 2)", "NUMERIC(10,2)"},
		{"decimal(10)", "NUMERIC(10,0)"},
		{"numeric", "NUMERIC"},
		{"timestamptz", "TIMESTAMP WITH TIME ZONE"},
		{"timestamp(3) with time zone", "TIMESTAMP WITH TIME ZONE"},
		{"timestamp without time zone", "TIMESTAMP"},
		{"double precision", "FLOAT"},
		{"varchar(20) NOT NULL DEFAULT ''", "VARCHAR(20)"},
		{"jsonb", "JSONB"},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct rb_type t;
		ck_assert(rb_type_from_sql(cases[i].sql, &t));
		ck_assert_msg(!strcmp(t.canon, cases[i].canon), "%s -> %s, expected %s", cases[i].sql, t.canon,
		              cases[i].canon);
	}
	struct rb_type a, b;
	ck_assert(!rb_type_from_sql(NULL, &a));
	ck_assert(!rb_type_from_sql("   ", &a));
	rb_type_from_sql("varchar(100)", &a);
	rb_type_from_sql("varchar(20)", &b);
	ck_assert_ptr_nonnull(rb_type_narrowing(&a, &b));
	ck_assert_ptr_null(rb_type_narrowing(&b, &a));
	rb_type_from_sql("numeric", &a);
	rb_type_from_sql("numeric(10,2)", &b);
	ck_assert_ptr_nonnull(rb_type_narrowing(&a, &b));
	rb_type_from_sql("text", &a);
	rb_type_from_sql("varchar", &b);
	ck_assert_ptr_null(rb_type_narrowing(&a, &b)); /* unbounded varchar: nothing is cut */
	rb_type_from_sql("jsonb", &a);
	rb_type_from_sql("json", &b);
	ck_assert_ptr_null(rb_type_narrowing(&a, &b));
	ck_assert(!rb_type_eq(&a, &b));
}
END_TEST

/* ---- robustness: every migration of the test data, every rule of this batch ---- */

/* Calls fn on every *.py below dir (depth-limited). */
static void walk_py(const char *dir, int depth, void (*fn)(const char *path))
{
	if (depth > 6)
		return;
	DIR *d = opendir(dir);
	if (!d)
		return;
	struct dirent *e;
	while ((e = readdir(d))) {
		if (e->d_name[0] == '.')
			continue;
		char path[2048];
		int pn = snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
		if (pn < 0 || (size_t)pn >= sizeof(path))
			continue;
		size_t l = strlen(e->d_name);
		if (l > 3 && !strcmp(e->d_name + l - 3, ".py"))
			fn(path);
		else
			walk_py(path, depth + 1, fn);
	}
	closedir(d);
}

static size_t nwalked;

static void run_all_rules(const char *path)
{
	for (size_t i = 0; i < RB_NPLUGINS; i++)
		free(rh_run_file(rb_plugins[i].id, path, NULL)); /* asserts check_migration() == MRT_OK */
	nwalked++;
}

/* No rule of the batch fails (or crashes, under ASan/valgrind) on any migration the project's tests use: parser
 * corner cases, other rules' fixtures, sample projects. */
START_TEST(all_test_migrations)
{
	nwalked = 0;
	walk_py(MRT_TEST_DATA, 0, run_all_rules);
	ck_assert_uint_gt(nwalked, 50);
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("rules_rollback");
	TCase *tc = tcase_create("rules");
	tcase_add_checked_fixture(tc, setup, NULL);
	tcase_add_test(tc, descriptors);
	tcase_add_test(tc, rules_d_files);
	tcase_add_loop_test(tc, fixtures, 0, (int)RB_NPLUGINS);
	tcase_add_test(tc, mrt003_messages);
	tcase_add_test(tc, mrt006_messages);
	tcase_add_test(tc, mrt007_messages);
	tcase_add_test(tc, mrt008_messages);
	tcase_add_test(tc, mrt009_messages);
	tcase_add_test(tc, mrt010_messages);
	tcase_add_test(tc, mrt010_fold_off);
	tcase_add_test(tc, mrt010_fold_suppressed);
	tcase_add_test(tc, mrt011_messages);
	tcase_add_test(tc, mrt012_messages);
	tcase_add_test(tc, sql_types);
	tcase_add_test(tc, all_test_migrations);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *r = srunner_create(suite());
	srunner_run_all(r, CK_NORMAL);
	int failed = srunner_ntests_failed(r);
	srunner_free(r);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
