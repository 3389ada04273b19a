/*
 * test_rules_deploy.c — the deploy-safety rule plugins (MRT013-MRT020) against the fake host of rule_harness.h.
 *
 * The plugins' sources are compiled into this test (each entry symbol renamed); fixtures under
 * tests/data/rules/<id>/ are parsed by the real parser. bad_*.py must trigger exactly on their "# HIT" lines, good_*.py
 * must stay silent. MRT015 also has revision-graph fixtures (directories) checked through check_graph().
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

#define mrt_plugin_entry_v1 entry_enum_value_added
#include "../../plugins/rules/enum_value_added/enum_value_added.c"
#undef mrt_plugin_entry_v1
#define mrt_plugin_entry_v1 entry_destructive_sql
#include "../../plugins/rules/destructive_sql/destructive_sql.c"
#undef mrt_plugin_entry_v1
#define mrt_plugin_entry_v1 entry_sqlite_batch_cascade
#include "../../plugins/rules/sqlite_batch_cascade/sqlite_batch_cascade.c"
#undef mrt_plugin_entry_v1
#define mrt_plugin_entry_v1 entry_mysql_partial_alter
#include "../../plugins/rules/mysql_partial_alter/mysql_partial_alter.c"
#undef mrt_plugin_entry_v1
#define mrt_plugin_entry_v1 entry_not_null_without_default
#include "../../plugins/rules/not_null_without_default/not_null_without_default.c"
#undef mrt_plugin_entry_v1
#define mrt_plugin_entry_v1 entry_index_not_concurrent
#include "../../plugins/rules/index_not_concurrent/index_not_concurrent.c"
#undef mrt_plugin_entry_v1
#define mrt_plugin_entry_v1 entry_concurrently_in_transaction
#include "../../plugins/rules/concurrently_in_transaction/concurrently_in_transaction.c"
#undef mrt_plugin_entry_v1
#define mrt_plugin_entry_v1 entry_unique_on_existing_data
#include "../../plugins/rules/unique_on_existing_data/unique_on_existing_data.c"
#undef mrt_plugin_entry_v1

#include "rule_harness.h"

static const struct rh_plugin deploy_plugins[] = {
	{"MRT013", entry_enum_value_added},        {"MRT014", entry_destructive_sql},
	{"MRT015", entry_sqlite_batch_cascade},    {"MRT016", entry_mysql_partial_alter},
	{"MRT017", entry_not_null_without_default}, {"MRT018", entry_index_not_concurrent},
	{"MRT019", entry_concurrently_in_transaction}, {"MRT020", entry_unique_on_existing_data},
};
#define NDEPLOY (sizeof(deploy_plugins) / sizeof(deploy_plugins[0]))

static void setup(void)
{
	rh_register(deploy_plugins, NDEPLOY);
}

/* ---- descriptors and rules.d ------------------------------------------------------------------------------------ */

START_TEST(descriptors)
{
	const char *names[] = {"enum-value-added",         "destructive-sql",      "sqlite-batch-cascade",
	                       "mysql-partial-alter",      "not-null-without-default", "index-not-concurrent",
	                       "concurrently-in-transaction", "unique-on-existing-data"};
	for (size_t i = 0; i < NDEPLOY; i++) {
		const struct mrt_plugin_desc *d = deploy_plugins[i].entry();
		ck_assert_uint_eq(d->abi_major, MRT_ABI_MAJOR);
		ck_assert_uint_eq(d->abi_minor, MRT_ABI_MINOR);
		ck_assert_uint_eq(d->struct_size, sizeof(struct mrt_plugin_desc));
		ck_assert_int_eq(d->kind, MRT_KIND_RULE);
		ck_assert_str_eq(d->name, names[i]);
		ck_assert_ptr_nonnull(d->init);
		ck_assert_ptr_nonnull(d->fini);
		ck_assert_ptr_nonnull(d->check_migration);
		char err[256];
		ck_assert_msg(options_check_specs(d->options, err, sizeof(err)) == MRT_OK, "%s", err);
	}
	ck_assert_ptr_nonnull(entry_sqlite_batch_cascade()->check_graph);
}
END_TEST

/* The rules.d files name these plugins, carry exactly the old codes of the RULES.md alias table, the dialects of the
 * dialect rules, and a doc page that exists. */
START_TEST(rules_d_files)
{
	struct rule_config_set s;
	struct config_error e;
	rule_config_set_init(&s);
	int rc = config_load_rules_dir(MRT_SOURCE_DIR "/rules.d", &s, &e);
	ck_assert_msg(rc == CONFIG_OK, "%s", e.message);
	static const struct {
		const char *id, *so;
		int sev;
		unsigned dialects;
		const char *aliases[3];
	} want[] = {
		{"MRT013", "enum_value_added.so", SEV_ERROR, CFG_DIALECT_POSTGRESQL, {"MRT304"}},
		{"MRT014", "destructive_sql.so", SEV_ERROR, CFG_DIALECT_ALL, {"MRT203"}},
		{"MRT015", "sqlite_batch_cascade.so", SEV_ERROR, CFG_DIALECT_SQLITE, {NULL}},
		{"MRT016", "mysql_partial_alter.so", SEV_WARNING, CFG_DIALECT_MYSQL, {NULL}},
		{"MRT017", "not_null_without_default.so", SEV_ERROR, CFG_DIALECT_ALL, {"MRT401", "MRT704"}},
		{"MRT018", "index_not_concurrent.so", SEV_WARNING, CFG_DIALECT_POSTGRESQL, {"MRT407"}},
		{"MRT019", "concurrently_in_transaction.so", SEV_ERROR, CFG_DIALECT_POSTGRESQL, {NULL}},
		{"MRT020", "unique_on_existing_data.so", SEV_ERROR, CFG_DIALECT_ALL, {"MRT406"}},
	};
	for (size_t i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
		const struct rule_config *r = rule_config_find(&s, want[i].id);
		ck_assert_msg(r != NULL, "%s missing from rules.d", want[i].id);
		ck_assert_str_eq(r->plugin, want[i].so);
		ck_assert_str_eq(r->name, deploy_plugins[i].entry()->name);
		ck_assert_int_eq((int)r->severity, want[i].sev);
		ck_assert_uint_eq(r->dialects, want[i].dialects);
		ck_assert(r->enabled);
		size_t na = 0;
		while (na < 3 && want[i].aliases[na])
			na++;
		ck_assert_uint_eq(r->naliases, na);
		for (size_t k = 0; k < na; k++)
			ck_assert_str_eq(rule_config_resolve(&s, want[i].aliases[k]), want[i].id);
		ck_assert_ptr_nonnull(r->doc_path);
		FILE *f = fopen(r->doc_path, "r");
		ck_assert_msg(f != NULL, "doc page %s missing", r->doc_path);
		fclose(f);
	}
	rule_config_set_release(&s);
}
END_TEST

/* ---- fixtures --------------------------------------------------------------------------------------------------- */

START_TEST(mrt013_fixtures) { rh_run_fixtures("MRT013"); }
END_TEST
START_TEST(mrt014_fixtures) { rh_run_fixtures("MRT014"); }
END_TEST
START_TEST(mrt015_fixtures) { rh_run_fixtures("MRT015"); }
END_TEST
START_TEST(mrt016_fixtures) { rh_run_fixtures("MRT016"); }
END_TEST
START_TEST(mrt017_fixtures) { rh_run_fixtures("MRT017"); }
END_TEST
START_TEST(mrt018_fixtures) { rh_run_fixtures("MRT018"); }
END_TEST
START_TEST(mrt019_fixtures) { rh_run_fixtures("MRT019"); }
END_TEST
START_TEST(mrt020_fixtures) { rh_run_fixtures("MRT020"); }
END_TEST

/* ---- messages --------------------------------------------------------------------------------------------------- */

#define FIX(id, file) (RH_RULES_DATA "/" id "/" file)

START_TEST(mrt013_messages)
{
	free(rh_run_file("MRT013", FIX("MRT013", "bad_alter_enum.py"), NULL));
	ck_assert_uint_eq(rh_nrecs, 2);
	ck_assert_str_eq(rh_recs[0].message, "op.alter_column() on 'orders.status' adds 'refunded' to enum type "
	                                     "'order_status': PostgreSQL cannot drop enum values, so the downgrade cannot "
	                                     "take it back once rows use it");
	ck_assert_uint_eq(rh_recs[0].col, 5);
	ck_assert_str_eq(rh_recs[1].message, "batch_op.alter_column() on 'payments.kind' adds 'voucher', 'crypto' to enum "
	                                     "type 'payment_kind': PostgreSQL cannot drop enum values, so the downgrade "
	                                     "cannot take them back once rows use them");
	ck_assert_ptr_nonnull(strstr(rh_recs[1].hint, "autocommit_block()"));
	free(rh_run_file("MRT013", FIX("MRT013", "bad_execute.py"), NULL));
	ck_assert_uint_eq(rh_nrecs, 4);
	ck_assert_str_eq(rh_recs[1].message, "ALTER TYPE ... ADD VALUE adds 'lost' to enum type 'public.order_status': "
	                                     "PostgreSQL cannot drop enum values, so the downgrade cannot take it back "
	                                     "once rows use it");
	ck_assert_uint_eq(rh_recs[3].line, 23); /* second statement of a multi-line string */
	free(rh_run_file("MRT013", FIX("MRT013", "bad_alias_helper_conditional.py"), NULL));
	ck_assert_uint_eq(rh_nrecs, 2);
	ck_assert_ptr_nonnull(strstr(rh_recs[0].message, "'held' to enum type 'order_status' (in helper _add_value(), "
	                                                 "called at line 21)"));
	ck_assert_ptr_nonnull(strstr(rh_recs[1].message, "'drone' to enum type 'shipping' (conditional)"));
}
END_TEST

START_TEST(mrt014_messages)
{
	free(rh_run_file("MRT014", FIX("MRT014", "bad_truncate_cascade.py"), NULL));
	ck_assert_uint_eq(rh_nrecs, 8);
	ck_assert_str_eq(rh_recs[1].message, "TRUNCATE in upgrade() empties table 'a' (and 1 more table) and, with "
	                                     "CASCADE, every table that references it: every row is lost and a downgrade "
	                                     "cannot restore them");
	ck_assert_ptr_nonnull(strstr(rh_recs[1].hint, "drop the dependent objects explicitly"));
	ck_assert_str_eq(rh_recs[3].message, "DROP ... CASCADE in upgrade() on type 'order_status' also silently drops "
	                                     "every object that depends on it (views, foreign keys, columns of other "
	                                     "tables): the migration does not say what it destroys");
	ck_assert_str_eq(rh_recs[5].message, "DROP SCHEMA in upgrade() removes schema 'archive' with every table and row "
	                                     "in it: a downgrade cannot restore them");
	ck_assert_str_eq(rh_recs[7].message, "TRUNCATE in downgrade() empties table 'events': every row is lost and "
	                                     "upgrading again cannot restore them");
	free(rh_run_file("MRT014", FIX("MRT014", "bad_dml.py"), NULL));
	ck_assert_uint_eq(rh_nrecs, 5);
	ck_assert_str_eq(rh_recs[0].message, "DELETE without WHERE in upgrade() removes every row of table 'sessions': a "
	                                     "downgrade cannot restore them");
	ck_assert_str_eq(rh_recs[1].message, "UPDATE without WHERE in upgrade() overwrites every row of table 'users': "
	                                     "the old values are lost and a downgrade cannot restore them");
	ck_assert_ptr_nonnull(strstr(rh_recs[0].hint, "WHERE clause"));
	ck_assert_ptr_nonnull(strstr(rh_recs[3].message, "table 'tokens'"));
	free(rh_run_file("MRT014", FIX("MRT014", "bad_alias_helper_conditional.py"), NULL));
	ck_assert_uint_eq(rh_nrecs, 2);
	ck_assert_ptr_nonnull(strstr(rh_recs[0].message, "'carts' (in helper _purge(), called at line 21)"));
	ck_assert_ptr_nonnull(strstr(rh_recs[1].message, "'page_views' (conditional)"));
}
END_TEST

START_TEST(mrt015_messages)
{
	free(rh_run_file("MRT015", FIX("MRT015", "bad_same_revision.py"), NULL));
	ck_assert_uint_eq(rh_nrecs, 5);
	ck_assert_str_eq(rh_recs[1].message, "batch_alter_table('accounts') in upgrade() recreates table 'accounts' (copy, "
	                                     "DROP, rename) while foreign keys ('invoices' among them) reference it with "
	                                     "ON DELETE CASCADE: dropping the old copy deletes the referencing rows in "
	                                     "the child tables");
	ck_assert_ptr_nonnull(strstr(rh_recs[3].message, "('tags' among them)"));
	ck_assert_ptr_nonnull(strstr(rh_recs[4].message, "('comments' among them)"));
	ck_assert_ptr_nonnull(strstr(rh_recs[0].hint, "PRAGMA foreign_keys=OFF"));
	free(rh_run_file("MRT015", FIX("MRT015", "bad_downgrade_alias_helper.py"), NULL));
	ck_assert_uint_eq(rh_nrecs, 3);
	ck_assert_ptr_nonnull(strstr(rh_recs[0].message, "batch_alter_table('customers') in upgrade() (in helper "
	                                                 "_shrink(), called at line 25) recreates"));
	ck_assert_ptr_nonnull(strstr(rh_recs[1].message, "batch_alter_table('shops') in upgrade() (conditional)"));
	ck_assert_ptr_nonnull(strstr(rh_recs[2].message, "batch_alter_table('customers') in downgrade() recreates"));
	ck_assert_ptr_nonnull(strstr(rh_recs[2].message, "('orders' among them)"));
}
END_TEST

START_TEST(mrt016_messages)
{
	free(rh_run_file("MRT016", FIX("MRT016", "bad_partial.py"), NULL));
	ck_assert_uint_eq(rh_nrecs, 5);
	ck_assert_str_eq(rh_recs[0].message, "op.alter_column() on 'users.email' without existing_type and "
	                                     "existing_server_default: MySQL's MODIFY redefines the whole column, so what "
	                                     "is not restated (the type, the default) is silently lost");
	ck_assert_str_eq(rh_recs[2].message, "op.alter_column() on 'users.status' without existing_nullable: MySQL's "
	                                     "MODIFY redefines the whole column, so what is not restated (NOT NULL) is "
	                                     "silently lost");
	ck_assert_str_eq(rh_recs[3].message, "batch_op.alter_column() on 'orders.total' without existing_nullable and "
	                                     "existing_server_default: MySQL's MODIFY redefines the whole column, so what "
	                                     "is not restated (NOT NULL, the default) is silently lost");
	ck_assert_ptr_nonnull(strstr(rh_recs[0].hint, "existing_autoincrement=True"));
}
END_TEST

START_TEST(mrt017_messages)
{
	free(rh_run_file("MRT017", FIX("MRT017", "bad_add_column.py"), NULL));
	ck_assert_uint_eq(rh_nrecs, 5);
	ck_assert_str_eq(rh_recs[0].message, "op.add_column() adds NOT NULL column 'users.tenant_id' to an existing table "
	                                     "without a server default: it fails on any non-empty table, and inserts of "
	                                     "the application version still running fail");
	ck_assert_ptr_nonnull(strstr(rh_recs[1].message, "'users.plan' to an existing table without a server default "
	                                                 "(default= is applied by SQLAlchemy on new inserts only, never to "
	                                                 "existing rows)"));
	ck_assert_ptr_nonnull(strstr(rh_recs[2].message, "(a primary key is NOT NULL)"));
	ck_assert_ptr_nonnull(strstr(rh_recs[4].message, "batch_op.add_column() adds NOT NULL column 'orders.currency'"));
	ck_assert_ptr_nonnull(strstr(rh_recs[0].hint, "server_default"));
	free(rh_run_file("MRT017", FIX("MRT017", "bad_sql_alias_helper.py"), NULL));
	ck_assert_uint_eq(rh_nrecs, 4);
	ck_assert_str_eq(rh_recs[1].message, "ALTER TABLE ... ADD COLUMN adds NOT NULL column 'invoices.due_date' to an "
	                                     "existing table without a server default: it fails on any non-empty table, "
	                                     "and inserts of the application version still running fail");
	ck_assert_ptr_nonnull(strstr(rh_recs[0].message, "(in helper _add_required(), called at line 22)"));
}
END_TEST

START_TEST(mrt018_messages)
{
	free(rh_run_file("MRT018", FIX("MRT018", "bad_ops.py"), NULL));
	ck_assert_uint_eq(rh_nrecs, 9);
	ck_assert_str_eq(rh_recs[0].message, "op.create_index() builds index 'ix_users_email' on existing table 'users' "
	                                     "without CONCURRENTLY: every write to the table waits for the whole build");
	ck_assert_str_eq(rh_recs[3].message, "op.drop_index() drops index 'ix_orphan' without CONCURRENTLY: it takes an "
	                                     "ACCESS EXCLUSIVE lock that blocks reads and writes while it waits for "
	                                     "running queries");
	ck_assert_ptr_nonnull(strstr(rh_recs[4].message, "batch_op.create_index() builds index 'ix_orders_created' on "
	                                                 "existing table 'orders'"));
	ck_assert_ptr_nonnull(strstr(rh_recs[0].hint, "postgresql_concurrently=True"));
	ck_assert_ptr_nonnull(strstr(rh_recs[3].hint, "DROP INDEX CONCURRENTLY"));
	free(rh_run_file("MRT018", FIX("MRT018", "bad_sql_alias_helper.py"), NULL));
	ck_assert_uint_eq(rh_nrecs, 5);
	ck_assert_str_eq(rh_recs[2].message, "CREATE INDEX builds index 'ux_orders_ref' on existing table 'public.orders' "
	                                     "without CONCURRENTLY: every write to the table waits for the whole build");
}
END_TEST

START_TEST(mrt019_messages)
{
	free(rh_run_file("MRT019", FIX("MRT019", "bad_in_transaction.py"), NULL));
	ck_assert_uint_eq(rh_nrecs, 8);
	ck_assert_str_eq(rh_recs[0].message, "op.create_index('ix_users_email', postgresql_concurrently=True) runs inside "
	                                     "the migration's transaction in upgrade(): PostgreSQL refuses CONCURRENTLY in "
	                                     "a transaction block and the migration fails");
	ck_assert_str_eq(rh_recs[2].message, "\"REINDEX INDEX CONCURRENTLY ix_orders_ref\" runs inside the migration's "
	                                     "transaction in upgrade(): PostgreSQL refuses CONCURRENTLY in a transaction "
	                                     "block and the migration fails");
	ck_assert_ptr_nonnull(strstr(rh_recs[6].message, "op.drop_index('ix_tokens_id', postgresql_concurrently=True) "
	                                                 "runs inside the migration's transaction in downgrade()"));
	ck_assert_ptr_nonnull(strstr(rh_recs[0].hint, "autocommit_block()"));
}
END_TEST

START_TEST(mrt020_messages)
{
	free(rh_run_file("MRT020", FIX("MRT020", "bad_sql_alias_helper.py"), NULL));
	ck_assert_uint_eq(rh_nrecs, 6);
	ck_assert_str_eq(rh_recs[1].message, "CREATE UNIQUE INDEX adds a UNIQUE index 'ux_accounts_slug' to existing "
	                                     "table 'accounts': it fails on the first duplicate already in the table and "
	                                     "blocks writes while it scans");
	ck_assert_str_eq(rh_recs[3].message, "ALTER TABLE ... ADD PRIMARY KEY adds a PRIMARY KEY to existing table "
	                                     "'ledger': it fails on the first duplicate or NULL already in the table and "
	                                     "blocks writes while it scans");
	ck_assert_ptr_nonnull(strstr(rh_recs[5].message, "'uq_accounts_code' to existing table 'accounts' (conditional)"));
	ck_assert_ptr_nonnull(strstr(rh_recs[0].hint, "USING INDEX"));
	free(rh_run_file("MRT020", FIX("MRT020", "bad_ops.py"), NULL));
	ck_assert_uint_eq(rh_nrecs, 6);
	ck_assert_str_eq(rh_recs[1].message, "op.create_index() adds a UNIQUE index 'ux_users_name' to existing table "
	                                     "'users': it fails on the first duplicate already in the table and blocks "
	                                     "writes while it scans");
	ck_assert_ptr_nonnull(strstr(rh_recs[4].message, "batch_op.create_primary_key() adds a PRIMARY KEY 'pk_orders' "
	                                                 "to existing table 'orders': it fails on the first duplicate or "
	                                                 "NULL"));
}
END_TEST

/* ---- MRT015 over a revision graph ------------------------------------------------------------------------------- */

static int cmp_rec_path_line(const void *a, const void *b)
{
	const struct rh_rec *x = a, *y = b;
	int c = strcmp(x->path, y->path);
	if (c)
		return c;
	return x->line < y->line ? -1 : x->line > y->line;
}

/* Parses every .py of dir, runs MRT015's check_migration on each (in file order, or reversed) and then check_graph
 * on the graph; findings land in rh_recs sorted by path and line. Returns how many of them check_graph reported. */
static size_t run_mrt015_graph(const char *dir, bool reverse, char **texts, char **paths, size_t *nfiles)
{
	char *names[16];
	size_t n = rh_list_dir(dir, "", false, names, 16);
	struct arena a;
	arena_init(&a);
	struct migration migs[16];
	struct graph *g = graph_create();
	ck_assert_ptr_nonnull(g);
	for (size_t i = 0; i < n; i++) {
		char path[1024];
		size_t len;
		snprintf(path, sizeof(path), "%s/%s", dir, names[i]);
		paths[i] = strdup(path);
		texts[i] = rh_slurp(path, &len);
		ck_assert_int_eq(parse_migration(&a, paths[i], texts[i], len, &migs[i]), 0);
		struct graph_entry ge = {
			.revision = migs[i].revision,
			.down_revisions = migs[i].down_revisions.items,
			.ndown = migs[i].down_revisions.count,
			.path = migs[i].path,
			.line = migs[i].revision_line,
			.down_line = migs[i].down_revision_line,
		};
		ck_assert_int_eq(graph_add(g, &ge), GRAPH_OK);
		free(names[i]);
	}
	*nfiles = n;
	ck_assert_int_eq(graph_build(g), GRAPH_OK);
	const struct mrt_plugin_desc *d = rh_desc_of("MRT015");
	struct mrt_options *opts = NULL;
	void *state = rh_instance(d, "MRT015", NULL, &opts);
	struct findings out;
	findings_init(&out);
	struct mrt_ctx ctx;
	rh_nrecs = 0;
	for (size_t k = 0; k < n; k++) {
		size_t i = reverse ? n - 1 - k : k;
		hostapi_ctx_init(&ctx, "rule", d->name, "MRT015", SEV_ERROR, &out);
		ctx.m = &migs[i];
		ck_assert_int_eq(d->check_migration(state, &ctx, HOSTAPI_MIGRATION(&migs[i])), MRT_OK);
	}
	size_t before = rh_nrecs;
	/* the CLI passes no parsed migrations to check_graph: the rule must not need them */
	struct hostapi_graph hg = {.g = g, .migs = NULL, .nmigs = 0};
	hostapi_ctx_init(&ctx, "rule", d->name, "MRT015", SEV_ERROR, &out);
	ck_assert_int_eq(d->check_graph(state, &ctx, (const mrt_graph *)(const void *)&hg), MRT_OK);
	size_t from_graph = rh_nrecs - before;
	d->fini(state);
	options_destroy(opts);
	findings_release(&out);
	graph_destroy(g);
	arena_release(&a);
	qsort(rh_recs, rh_nrecs, sizeof(rh_recs[0]), cmp_rec_path_line);
	return from_graph;
}

/* Every "# HIT" line of every file of the graph gets exactly one finding, whatever order the files come in. */
static void check_mrt015_graph(bool reverse, size_t want_from_graph)
{
	char *texts[16], *paths[16];
	size_t n = 0;
	size_t from_graph = run_mrt015_graph(RH_RULES_DATA "/MRT015/graph_history", reverse, texts, paths, &n);
	size_t k = 0;
	for (size_t i = 0; i < n; i++) {
		struct rh_want want[16];
		size_t nw = rh_markers(texts[i], want, 16);
		for (size_t w = 0; w < nw; w++, k++) {
			ck_assert_msg(k < rh_nrecs, "%s:%u: no finding", paths[i], want[w].line);
			ck_assert_str_eq(rh_recs[k].path, paths[i]);
			ck_assert_msg(rh_recs[k].line == want[w].line, "%s: finding at line %u, expected %u: %s", paths[i],
			              rh_recs[k].line, want[w].line, rh_recs[k].message);
			ck_assert_int_eq(rh_recs[k].sev, MRT_SEV_DEFAULT);
			ck_assert_ptr_nonnull(strstr(rh_recs[k].hint, "foreign_keys"));
		}
		free(texts[i]);
		free(paths[i]);
	}
	ck_assert_uint_eq(rh_nrecs, k);
	ck_assert_uint_eq(k, 6);
	ck_assert_uint_eq(from_graph, want_from_graph);
}

/* Files in history order: every ancestor is known when a batch is checked, findings come from check_migration (so
 * inline suppressions apply). */
START_TEST(mrt015_graph_in_order)
{
	check_mrt015_graph(false, 0);
	size_t i = rh_find("batch_alter_table('teams') in upgrade()");
	ck_assert_uint_lt(i, RH_MAX_RECS);
	ck_assert_str_eq(rh_recs[i].message, "batch_alter_table('teams') in upgrade() recreates table 'teams' (copy, "
	                                     "DROP, rename) while foreign keys ('members' among them) reference it with "
	                                     "ON DELETE CASCADE: dropping the old copy deletes the referencing rows in "
	                                     "the child tables");
	ck_assert_str_eq(rh_recs[i].revision, "g002");
	ck_assert_uint_eq(rh_recs[i].col, 9);
	ck_assert_uint_lt(rh_find("recreates table 'labels' (copy, DROP, rename) while foreign keys ('label_links'"),
	                  RH_MAX_RECS);
}
END_TEST

/* Files in reverse order: no ancestor is known yet, check_graph decides on the real graph and reports all six. */
START_TEST(mrt015_graph_reversed)
{
	check_mrt015_graph(true, 6);
	size_t i = rh_find("batch_alter_table('projects') in downgrade()");
	ck_assert_uint_lt(i, RH_MAX_RECS);
	ck_assert_str_eq(rh_recs[i].revision, "g005");
	ck_assert_ptr_nonnull(strstr(rh_recs[i].message, "('tasks' among them)"));
}
END_TEST

static Suite *deploy_suite(void)
{
	Suite *s = suite_create("rules_deploy");
	TCase *t = tcase_create("plugins");
	tcase_add_checked_fixture(t, setup, NULL);
	tcase_add_test(t, descriptors);
	tcase_add_test(t, rules_d_files);
	tcase_add_test(t, mrt013_fixtures);
	tcase_add_test(t, mrt014_fixtures);
	tcase_add_test(t, mrt015_fixtures);
	tcase_add_test(t, mrt015_graph_in_order);
	tcase_add_test(t, mrt015_graph_reversed);
	tcase_add_test(t, mrt016_fixtures);
	tcase_add_test(t, mrt017_fixtures);
	tcase_add_test(t, mrt018_fixtures);
	tcase_add_test(t, mrt019_fixtures);
	tcase_add_test(t, mrt020_fixtures);
	tcase_add_test(t, mrt013_messages);
	tcase_add_test(t, mrt014_messages);
	tcase_add_test(t, mrt015_messages);
	tcase_add_test(t, mrt016_messages);
	tcase_add_test(t, mrt017_messages);
	tcase_add_test(t, mrt018_messages);
	tcase_add_test(t, mrt019_messages);
	tcase_add_test(t, mrt020_messages);
	suite_add_tcase(s, t);
	return s;
}

int main(void)
{
	SRunner *r = srunner_create(deploy_suite());
	srunner_run_all(r, CK_NORMAL);
	int failed = srunner_ntests_failed(r);
	srunner_free(r);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
