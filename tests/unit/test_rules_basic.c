/*
 * test_rules_basic.c — the first five rule plugins (MRT001, MRT002, MRT004, MRT005, MRT035) against a fake host.
 *
 * The plugins' sources are compiled into this test (each entry symbol renamed), as collectd tests its plugins. The
 * host table is the core's accessor table with report/log replaced by recorders, so the plugins read real models:
 * every fixture under tests/data/rules/<id>/ is parsed by the real parser. Fixture convention: bad_*.py must trigger,
 * and each line carrying the marker comment "# HIT" must get exactly one finding; good_*.py must stay silent.
 * MRT035 fixtures are directories (one revision graph each).
 */
#include <check.h>
#include <dirent.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
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

#define RULES_DATA MRT_TEST_DATA "/rules"

/* ---- the fake host: records report() calls ---------------------------------------------------------------------- */

struct rec {
	char path[512];
	char revision[64];
	int sev;
	unsigned line, col;
	char message[1024];
	char hint[512];
};

static struct rec recs[64];
static size_t nrecs;
static size_t nlogs;
static struct mrt_host_api fake;

static int fake_record(const char *path, const char *revision, enum mrt_severity sev, unsigned line, unsigned col,
                       const char *hint, const char *fmt, va_list ap) __attribute__((format(printf, 7, 0)));

static int fake_record(const char *path, const char *revision, enum mrt_severity sev, unsigned line, unsigned col,
                       const char *hint, const char *fmt, va_list ap)
{
	ck_assert_msg(nrecs < sizeof(recs) / sizeof(recs[0]), "too many findings");
	struct rec *r = &recs[nrecs++];
	snprintf(r->path, sizeof(r->path), "%s", path ? path : "");
	snprintf(r->revision, sizeof(r->revision), "%s", revision ? revision : "");
	r->sev = sev;
	r->line = line;
	r->col = col;
	snprintf(r->hint, sizeof(r->hint), "%s", hint ? hint : "");
	vsnprintf(r->message, sizeof(r->message), fmt, ap);
	return MRT_OK;
}

static int fake_vreport(mrt_ctx *ctx, enum mrt_severity sev, unsigned line, unsigned col, const char *hint,
                        const char *fmt, va_list ap) MRT_PRINTF(6, 0);

static int fake_vreport(mrt_ctx *ctx, enum mrt_severity sev, unsigned line, unsigned col, const char *hint,
                        const char *fmt, va_list ap)
{
	return fake_record(ctx->m ? ctx->m->path : NULL, ctx->m ? ctx->m->revision : NULL, sev, line, col, hint, fmt, ap);
}

static int fake_report(mrt_ctx *ctx, enum mrt_severity sev, unsigned line, unsigned col, const char *hint,
                       const char *fmt, ...) MRT_PRINTF(6, 7);

static int fake_report(mrt_ctx *ctx, enum mrt_severity sev, unsigned line, unsigned col, const char *hint,
                       const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int rc = fake_vreport(ctx, sev, line, col, hint, fmt, ap);
	va_end(ap);
	return rc;
}

static int fake_report_in(mrt_ctx *ctx, const mrt_migration *mh, enum mrt_severity sev, unsigned line, unsigned col,
                          const char *hint, const char *fmt, ...) MRT_PRINTF(7, 8);

static int fake_report_in(mrt_ctx *ctx, const mrt_migration *mh, enum mrt_severity sev, unsigned line, unsigned col,
                          const char *hint, const char *fmt, ...)
{
	(void)ctx;
	const struct migration *m = (const struct migration *)(const void *)mh;
	va_list ap;
	va_start(ap, fmt);
	int rc = fake_record(m ? m->path : NULL, m ? m->revision : NULL, sev, line, col, hint, fmt, ap);
	va_end(ap);
	return rc;
}

static int fake_report_at(mrt_ctx *ctx, const char *path, const char *revision, enum mrt_severity sev, unsigned line,
                          unsigned col, const char *hint, const char *fmt, ...) MRT_PRINTF(8, 9);

static int fake_report_at(mrt_ctx *ctx, const char *path, const char *revision, enum mrt_severity sev, unsigned line,
                          unsigned col, const char *hint, const char *fmt, ...)
{
	(void)ctx;
	va_list ap;
	va_start(ap, fmt);
	int rc = fake_record(path, revision, sev, line, col, hint, fmt, ap);
	va_end(ap);
	return rc;
}

static void fake_log(mrt_ctx *ctx, enum mrt_log_level level, const char *fmt, ...) MRT_PRINTF(3, 4);

static void fake_log(mrt_ctx *ctx, enum mrt_log_level level, const char *fmt, ...)
{
	(void)ctx;
	(void)level;
	(void)fmt;
	nlogs++;
}

static void fake_setup(void)
{
	fake = *hostapi_table();
	fake.report = fake_report;
	fake.vreport = fake_vreport;
	fake.report_in = fake_report_in;
	fake.report_at = fake_report_at;
	fake.log = fake_log;
	nrecs = 0;
	nlogs = 0;
}

/* ---- running a plugin ------------------------------------------------------------------------------------------- */

struct plugin_under_test {
	const char *id;
	const struct mrt_plugin_desc *(*entry)(void);
};

static const struct plugin_under_test plugins[] = {
	{"MRT001", entry_missing_downgrade}, {"MRT002", entry_noop_downgrade}, {"MRT004", entry_drop_column},
	{"MRT005", entry_drop_table},        {"MRT035", entry_broken_graph},
};

static const struct mrt_plugin_desc *desc_of(const char *id)
{
	for (size_t i = 0; i < sizeof(plugins) / sizeof(plugins[0]); i++)
		if (!strcmp(plugins[i].id, id))
			return plugins[i].entry();
	ck_abort_msg("no plugin %s", id);
	return NULL;
}

/* Instance with the options map (NULL: defaults). */
static void *instance(const struct mrt_plugin_desc *d, const char *id, const struct config_value *map,
                      struct mrt_options **opts)
{
	char err[1024];
	const struct config_value *maps[1] = {map};
	int rc = options_create(d->options, "rule", d->name, id, maps, map ? 1 : 0, opts, err, sizeof(err));
	ck_assert_msg(rc == MRT_OK, "%s", err);
	void *state = NULL;
	struct mrt_diag diag;
	memset(&diag, 0, sizeof(diag));
	ck_assert_int_eq(d->init(&fake, *opts, &state, &diag), MRT_OK);
	return state;
}

static char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	ck_assert_msg(f != NULL, "cannot open %s", path);
	char *buf = malloc(1 << 20);
	ck_assert_ptr_nonnull(buf);
	*len = fread(buf, 1, (1 << 20) - 1, f);
	buf[*len] = '\0';
	fclose(f);
	return buf;
}

/* Lines carrying "# HIT", ascending; returns the count. */
static size_t hit_lines(const char *text, unsigned *out, size_t max)
{
	size_t n = 0;
	unsigned line = 1;
	for (const char *p = text; *p; p++) {
		if (*p == '\n') {
			line++;
			continue;
		}
		if (!strncmp(p, "# HIT", 5) && n < max && (n == 0 || out[n - 1] != line))
			out[n++] = line;
	}
	return n;
}

/* Parses path and runs the rule on it; findings land in recs. Returns the file's text (caller frees). */
static char *run_file(const char *id, const char *path, const struct config_value *options)
{
	size_t len;
	char *text = slurp(path, &len);
	struct arena a;
	arena_init(&a);
	struct migration m;
	ck_assert_int_eq(parse_migration(&a, path, text, len, &m), 0);
	const struct mrt_plugin_desc *d = desc_of(id);
	struct mrt_options *opts = NULL;
	void *state = instance(d, id, options, &opts);
	struct findings out;
	findings_init(&out);
	struct mrt_ctx ctx;
	hostapi_ctx_init(&ctx, "rule", d->name, id, SEV_ERROR, &out);
	ctx.m = &m;
	ck_assert_ptr_nonnull(d->check_migration);
	nrecs = 0;
	ck_assert_int_eq(d->check_migration(state, &ctx, HOSTAPI_MIGRATION(&m)), MRT_OK);
	d->fini(state);
	options_destroy(opts);
	findings_release(&out);
	arena_release(&a);
	return text;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Sorted names in dir starting with prefix; returns the count (names malloc'd). */
static size_t list_dir(const char *dir, const char *prefix, bool dirs, char **names, size_t max)
{
	DIR *d = opendir(dir);
	ck_assert_msg(d != NULL, "cannot open %s", dir);
	size_t n = 0;
	struct dirent *e;
	while ((e = readdir(d)) && n < max) {
		size_t l = strlen(e->d_name);
		if (strncmp(e->d_name, prefix, strlen(prefix)) != 0)
			continue;
		if (!dirs && (l < 3 || strcmp(e->d_name + l - 3, ".py") != 0))
			continue;
		names[n++] = strdup(e->d_name);
	}
	closedir(d);
	qsort(names, n, sizeof(*names), cmp_str);
	return n;
}

/* Every bad_*.py triggers exactly on its "# HIT" lines; every good_*.py is silent. Returns the number of files. */
static size_t run_fixtures(const char *id)
{
	char dir[512], path[1024];
	snprintf(dir, sizeof(dir), "%s/%s", RULES_DATA, id);
	char *names[64];
	size_t n = list_dir(dir, "", false, names, 64), nbad = 0, ngood = 0;
	for (size_t i = 0; i < n; i++) {
		snprintf(path, sizeof(path), "%s/%s", dir, names[i]);
		char *text = run_file(id, path, NULL);
		unsigned want[32];
		size_t nwant = hit_lines(text, want, 32);
		if (!strncmp(names[i], "bad_", 4)) {
			nbad++;
			ck_assert_msg(nwant > 0, "%s: a bad fixture needs # HIT markers", path);
			ck_assert_msg(nrecs == nwant, "%s: %zu findings, expected %zu (first: %s)", path, nrecs, nwant,
			              nrecs ? recs[0].message : "-");
			for (size_t k = 0; k < nwant; k++) {
				ck_assert_msg(recs[k].line == want[k], "%s: finding %zu at line %u, expected %u: %s", path, k,
				              recs[k].line, want[k], recs[k].message);
				ck_assert_int_eq(recs[k].sev, MRT_SEV_DEFAULT);
				ck_assert_msg(recs[k].hint[0] != '\0', "%s: no hint", path);
				ck_assert_str_eq(recs[k].path, path);
			}
		} else if (!strncmp(names[i], "good_", 5)) {
			ngood++;
			ck_assert_msg(nrecs == 0, "%s: unexpected finding at line %u: %s", path, nrecs ? recs[0].line : 0,
			              nrecs ? recs[0].message : "");
		}
		free(text);
		free(names[i]);
	}
	ck_assert_msg(nbad >= 2 && ngood >= 2, "%s: too few fixtures (%zu bad, %zu good)", id, nbad, ngood);
	return n;
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
	run_fixtures("MRT001");
}
END_TEST

START_TEST(mrt001_message)
{
	free(run_file("MRT001", RULES_DATA "/MRT001/bad_engine_variant.py", NULL));
	ck_assert_uint_eq(nrecs, 1);
	ck_assert_str_eq(recs[0].message, "upgrade_engine2() has no downgrade_engine2(): `alembic downgrade` cannot step "
	                                  "back past revision a003");
	ck_assert_uint_eq(recs[0].col, 1);
}
END_TEST

START_TEST(mrt002_fixtures)
{
	run_fixtures("MRT002");
}
END_TEST

START_TEST(mrt002_message)
{
	free(run_file("MRT002", RULES_DATA "/MRT002/bad_docstring_only.py", NULL));
	ck_assert_uint_eq(nrecs, 1);
	ck_assert_str_eq(recs[0].message, "downgrade() does nothing while upgrade() makes 2 changes: rollback stamps the "
	                                  "old revision and leaves the new schema in place");
	free(run_file("MRT002", RULES_DATA "/MRT002/bad_data_only.py", NULL));
	ck_assert_uint_eq(nrecs, 1);
	ck_assert_str_eq(recs[0].message, "downgrade() does nothing while upgrade() changes data (1 statement): rollback "
	                                  "stamps the old revision and keeps the changed rows");
}
END_TEST

START_TEST(mrt004_fixtures)
{
	run_fixtures("MRT004");
}
END_TEST

START_TEST(mrt004_messages)
{
	free(run_file("MRT004", RULES_DATA "/MRT004/bad_execute.py", NULL));
	ck_assert_uint_eq(nrecs, 2);
	ck_assert_str_eq(recs[0].message, "ALTER TABLE ... DROP COLUMN drops column 'users.middle_name' of an existing "
	                                  "table: its values are permanently lost, a downgrade can only re-add it empty");
	ck_assert_str_eq(recs[1].message, "ALTER TABLE ... DROP COLUMN drops column 'orders.note' of an existing table: "
	                                  "its values are permanently lost, a downgrade can only re-add it empty");
	free(run_file("MRT004", RULES_DATA "/MRT004/bad_batch.py", NULL));
	ck_assert_uint_eq(nrecs, 1);
	ck_assert_str_eq(recs[0].message, "batch_op.drop_column() drops column 'users.nickname' of an existing table: its "
	                                  "values are permanently lost, a downgrade can only re-add it empty");
	ck_assert_uint_eq(recs[0].col, 9);
	free(run_file("MRT004", RULES_DATA "/MRT004/bad_helper_conditional.py", NULL));
	ck_assert_uint_eq(nrecs, 2);
	ck_assert_str_eq(recs[0].message, "op.drop_column() drops column 'accounts.legacy_id' of an existing table (in "
	                                  "helper _drop_legacy(), called at line 20): its values are permanently lost, a "
	                                  "downgrade can only re-add it empty");
	ck_assert_str_eq(recs[1].message, "op.drop_column() drops column 'accounts.pg_only' of an existing table "
	                                  "(conditional): its values are permanently lost, a downgrade can only re-add it "
	                                  "empty");
	free(run_file("MRT004", RULES_DATA "/MRT004/bad_alias_keywords.py", NULL));
	ck_assert_uint_eq(nrecs, 1);
	ck_assert_str_eq(recs[0].message, "op.drop_column() drops column 'users.fax' of an existing table: its values are "
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
	free(run_file("MRT004", RULES_DATA "/MRT004/bad_execute.py", &s.items[0].options));
	ck_assert_uint_eq(nrecs, 1);
	ck_assert_uint_eq(recs[0].line, 18);
	rule_config_set_release(&s);
}
END_TEST

START_TEST(mrt005_fixtures)
{
	run_fixtures("MRT005");
}
END_TEST

START_TEST(mrt005_messages)
{
	free(run_file("MRT005", RULES_DATA "/MRT005/bad_execute.py", NULL));
	ck_assert_uint_eq(nrecs, 2);
	ck_assert_str_eq(recs[0].message, "DROP TABLE drops existing table 'legacy_orders': its rows are permanently lost, "
	                                  "a downgrade can only recreate it empty");
	ck_assert_str_eq(recs[1].message, "DROP TABLE drops existing table 'a' (and 1 more table): its rows are "
	                                  "permanently lost, a downgrade can only recreate it empty");
	free(run_file("MRT005", RULES_DATA "/MRT005/bad_helper_conditional.py", NULL));
	ck_assert_uint_eq(nrecs, 2);
	ck_assert_str_eq(recs[1].message, "op.drop_table() drops existing table 'tokens' (conditional): its rows are "
	                                  "permanently lost, a downgrade can only recreate it empty");
}
END_TEST

/* ---- MRT035: graphs --------------------------------------------------------------------------------------------- */

/* Parses every .py of dir, builds the graph, runs MRT035. Returns the number of findings. */
static size_t run_graph(const char *dir)
{
	char *names[16];
	size_t n = list_dir(dir, "", false, names, 16);
	struct arena a;
	arena_init(&a);
	struct migration migs[16];
	char *texts[16];
	struct graph *g = graph_create();
	ck_assert_ptr_nonnull(g);
	for (size_t i = 0; i < n; i++) {
		char path[1024];
		size_t len;
		snprintf(path, sizeof(path), "%s/%s", dir, names[i]);
		texts[i] = slurp(path, &len);
		ck_assert_int_eq(parse_migration(&a, path, texts[i], len, &migs[i]), 0);
		struct graph_entry ge = {
			.revision = migs[i].revision,
			.down_revisions = migs[i].down_revisions.items,
			.ndown = migs[i].down_revisions.count,
			.path = migs[i].path,
			.line = migs[i].revision_line,
			.down_line = migs[i].down_revision_line,
		};
		ck_assert_int_eq(graph_add(g, &ge), GRAPH_OK);
	}
	ck_assert_int_eq(graph_build(g), GRAPH_OK);
	/* parsed migration per graph node index */
	const struct migration *bynode[16] = {0};
	for (size_t k = 0; k < g->nnodes; k++)
		for (size_t i = 0; i < n; i++)
			if (migs[i].path && g->nodes[k].path && !strcmp(migs[i].path, g->nodes[k].path))
				bynode[k] = &migs[i];
	struct hostapi_graph hg = {.g = g, .migs = bynode, .nmigs = g->nnodes};
	const struct mrt_plugin_desc *d = desc_of("MRT035");
	struct mrt_options *opts = NULL;
	void *state = instance(d, "MRT035", NULL, &opts);
	struct findings out;
	findings_init(&out);
	struct mrt_ctx ctx;
	hostapi_ctx_init(&ctx, "rule", d->name, "MRT035", SEV_ERROR, &out);
	nrecs = 0;
	ck_assert_int_eq(d->check_graph(state, &ctx, (const mrt_graph *)(const void *)&hg), MRT_OK);
	d->fini(state);
	options_destroy(opts);
	findings_release(&out);
	graph_destroy(g);
	arena_release(&a);
	for (size_t i = 0; i < n; i++) {
		free(texts[i]);
		free(names[i]);
	}
	return nrecs;
}

START_TEST(mrt035_graphs)
{
	ck_assert_uint_eq(run_graph(RULES_DATA "/MRT035/good_linear"), 0);
	ck_assert_uint_eq(run_graph(RULES_DATA "/MRT035/good_merged"), 0);

	ck_assert_uint_eq(run_graph(RULES_DATA "/MRT035/bad_two_heads"), 1);
	ck_assert_ptr_nonnull(strstr(recs[0].hint, "alembic merge heads"));
	ck_assert_str_eq(recs[0].path, RULES_DATA "/MRT035/bad_two_heads/002_a.py");
	ck_assert_str_eq(recs[0].revision, "002");
	ck_assert_uint_gt(recs[0].line, 0);

	/* a dangling parent also leaves two heads (001 and 002): both are reported */
	ck_assert_uint_ge(run_graph(RULES_DATA "/MRT035/bad_dangling"), 1);
	bool dangling = false;
	for (size_t i = 0; i < nrecs; i++) {
		if (strstr(recs[i].message, "0x1")) {
			dangling = true;
			ck_assert_ptr_nonnull(strstr(recs[i].hint, "down_revision"));
			ck_assert_str_eq(recs[i].revision, "002");
		}
	}
	ck_assert(dangling);

	ck_assert_uint_ge(run_graph(RULES_DATA "/MRT035/bad_duplicate"), 1);
	bool dup = false;
	for (size_t i = 0; i < nrecs; i++)
		dup |= strstr(recs[i].hint, "new revision id") != NULL;
	ck_assert(dup);

	ck_assert_uint_ge(run_graph(RULES_DATA "/MRT035/bad_cycle"), 1);
	bool cyc = false;
	for (size_t i = 0; i < nrecs; i++)
		cyc |= strstr(recs[i].hint, "cannot descend from itself") != NULL;
	ck_assert(cyc);
}
END_TEST

static Suite *rules_suite(void)
{
	Suite *s = suite_create("rules_basic");
	TCase *t = tcase_create("plugins");
	tcase_add_checked_fixture(t, fake_setup, NULL);
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
