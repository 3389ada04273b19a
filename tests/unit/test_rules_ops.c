/*
 * test_rules_ops.c — the "ops" rule plugins (MRT029–MRT034, MRT036–MRT039) and the MRT000 rule file, against a fake
 * host.
 *
 * Same approach as test_rules_basic.c (whose small harness is copied here, not shared): the plugins' sources are
 * compiled into this test with their entry symbols renamed, the host table is the core's accessor table with
 * report/log replaced by recorders, and every fixture under tests/data/rules/<id>/ is parsed by the real parser.
 * Fixture convention: bad_*.py must trigger, each line carrying the marker comment "# HIT" gets exactly one finding
 * (in line order); good_*.py must stay silent. MRT039 fixtures are directories (one revision graph each).
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

static const struct mrt_plugin_desc *desc_of(const char *id)
{
	for (size_t i = 0; i < NPLUGINS; i++)
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
	ck_assert_msg(m.nerrors == 0, "%s: syntax error at line %u: %s", path, m.nerrors ? m.errors[0].line : 0,
	              m.nerrors ? m.errors[0].message : "");
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

/* Sorted names in dir starting with prefix (only .py files unless dirs); returns the count (names malloc'd). */
static size_t list_dir(const char *dir, const char *prefix, bool dirs, char **names, size_t max)
{
	DIR *d = opendir(dir);
	ck_assert_msg(d != NULL, "cannot open %s", dir);
	size_t n = 0;
	struct dirent *e;
	while ((e = readdir(d)) && n < max) {
		size_t l = strlen(e->d_name);
		if (e->d_name[0] == '.' || strncmp(e->d_name, prefix, strlen(prefix)) != 0)
			continue;
		if (!dirs && (l < 3 || strcmp(e->d_name + l - 3, ".py") != 0))
			continue;
		if (dirs && l >= 3 && strcmp(e->d_name + l - 3, ".py") == 0)
			continue;
		names[n++] = strdup(e->d_name);
	}
	closedir(d);
	qsort(names, n, sizeof(*names), cmp_str);
	return n;
}

/* Checks recs against the "# HIT" lines of a bad fixture. */
static void expect_hits(const char *path, const char *text)
{
	unsigned want[32];
	size_t nwant = hit_lines(text, want, 32);
	ck_assert_msg(nwant > 0, "%s: a bad fixture needs # HIT markers", path);
	ck_assert_msg(nrecs == nwant, "%s: %zu findings, expected %zu (first: line %u %s)", path, nrecs, nwant,
	              nrecs ? recs[0].line : 0, nrecs ? recs[0].message : "-");
	for (size_t k = 0; k < nwant; k++) {
		ck_assert_msg(recs[k].line == want[k], "%s: finding %zu at line %u, expected %u: %s", path, k, recs[k].line,
		              want[k], recs[k].message);
		ck_assert_int_eq(recs[k].sev, MRT_SEV_DEFAULT);
		ck_assert_msg(recs[k].hint[0] != '\0', "%s: no hint", path);
		ck_assert_msg(recs[k].col > 0, "%s: no column", path);
	}
}

/* Every bad_*.py triggers exactly on its "# HIT" lines with `fragment` in every message; every good_*.py is silent.
 * Returns the number of files. */
static size_t run_fixtures(const char *id, const char *fragment)
{
	char dir[512], path[1024];
	snprintf(dir, sizeof(dir), "%s/%s", RULES_DATA, id);
	char *names[64];
	size_t n = list_dir(dir, "", false, names, 64), nbad = 0, ngood = 0;
	for (size_t i = 0; i < n; i++) {
		snprintf(path, sizeof(path), "%s/%s", dir, names[i]);
		char *text = run_file(id, path, NULL);
		if (!strncmp(names[i], "bad_", 4)) {
			nbad++;
			expect_hits(path, text);
			for (size_t k = 0; k < nrecs; k++) {
				ck_assert_str_eq(recs[k].path, path);
				ck_assert_msg(strstr(recs[k].message, fragment) != NULL, "%s:%u: '%s' lacks '%s'", path,
				              recs[k].line, recs[k].message, fragment);
			}
		} else if (!strncmp(names[i], "good_", 5)) {
			ngood++;
			ck_assert_msg(nrecs == 0, "%s: unexpected finding at line %u: %s", path, nrecs ? recs[0].line : 0,
			              nrecs ? recs[0].message : "");
		}
		free(text);
		free(names[i]);
	}
	ck_assert_msg(nbad >= 3 && ngood >= 2, "%s: too few fixtures (%zu bad, %zu good)", id, nbad, ngood);
	return n;
}

/* Runs one fixture and checks the count of findings and a fragment of finding k's message. */
static void expect_message(const char *id, const char *file, size_t count, size_t k, unsigned line,
                           const char *fragment)
{
	char path[1024];
	snprintf(path, sizeof(path), "%s/%s/%s", RULES_DATA, id, file);
	free(run_file(id, path, NULL));
	ck_assert_msg(nrecs == count, "%s: %zu findings, expected %zu", path, nrecs, count);
	ck_assert_uint_eq(recs[k].line, line);
	ck_assert_msg(strstr(recs[k].message, fragment) != NULL, "%s: finding %zu '%s' lacks '%s'", path, k,
	              recs[k].message, fragment);
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
	snprintf(dir, sizeof(dir), "%s/MRT000", RULES_DATA);
	char *names[16];
	size_t n = list_dir(dir, "", false, names, 16), nbad = 0, ngood = 0;
	for (size_t i = 0; i < n; i++) {
		snprintf(path, sizeof(path), "%s/%s", dir, names[i]);
		size_t len;
		char *text = slurp(path, &len);
		struct arena a;
		arena_init(&a);
		struct migration m;
		ck_assert_int_eq(parse_migration(&a, path, text, len, &m), 0);
		if (!strncmp(names[i], "bad_", 4)) {
			unsigned want[4];
			ck_assert_uint_eq(hit_lines(text, want, 4), 1);
			ck_assert_msg(m.nerrors >= 1, "%s: no syntax error", path);
			ck_assert_msg(m.errors[0].line == want[0], "%s: error at line %u, expected %u", path, m.errors[0].line,
			              want[0]);
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
		free(text);
		free(names[i]);
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
	ck_assert_ptr_nonnull(strstr(recs[0].hint, "env_sets_lock_timeout"));
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
	free(run_file("MRT029", RULES_DATA "/MRT029/bad_op.py", &s.items[0].options));
	ck_assert_uint_eq(nrecs, 0);
	free(run_file("MRT029", RULES_DATA "/MRT029/bad_execute_bind.py", &s.items[0].options));
	ck_assert_uint_eq(nrecs, 0);
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
	ck_assert_ptr_nonnull(strstr(recs[1].message, "1 later operation(s) of downgrade() run after op.drop_index() on "
	                                              "'orders' took an ACCESS EXCLUSIVE lock at line 21"));
	expect_message("MRT030", "bad_execute_bind.py", 2, 0, 16, "run after ALTER TABLE on 'users' took an ACCESS "
	               "EXCLUSIVE lock at line 15");
	ck_assert_ptr_nonnull(strstr(recs[1].message, "after TRUNCATE on 'audit_log'"));
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
	ck_assert_ptr_nonnull(strstr(recs[2].message, "existing table 'orders'"));
	expect_message("MRT032", "bad_insert_select.py", 3, 0, 14, "INSERT ... SELECT without WHERE in upgrade() touches "
	               "every matching row of existing table 'archive'");
	expect_message("MRT032", "bad_downgrade_helper.py", 1, 0, 14, "in downgrade() (in helper _restore(), called at "
	               "line 23) (conditional)");
	expect_message("MRT032", "bad_backfill_new_column.py", 2, 0, 16, "UPDATE without WHERE filling a new column in "
	               "upgrade() touches every matching row of existing table 'accounts' in one statement");
	ck_assert_uint_eq(recs[1].line, 18);
	ck_assert_ptr_nonnull(strstr(recs[1].message, "existing table 'invoices'"));
}
END_TEST

START_TEST(mrt033_messages)
{
	expect_message("MRT033", "bad_op.py", 4, 0, 14, "op.drop_constraint() drops unique constraint 'uq_users_email' of "
	               "existing table 'users': rows written after deploy may break the old rule, and a downgrade that "
	               "restores it fails on them");
	ck_assert_ptr_nonnull(strstr(recs[3].message, "op.alter_column() drops NOT NULL and drops the server default of "
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
	ck_assert_ptr_nonnull(strstr(recs[0].hint, "ignore[MRT034]"));
	ck_assert_ptr_nonnull(strstr(recs[1].message, "runs text built at run time by formatting or concatenation"));
	expect_message("MRT034", "bad_bind_helper_alias.py", 3, 0, 18, "conn.execute() in upgrade() (in helper _run(), "
	               "called at line 23)");
	ck_assert_ptr_nonnull(strstr(recs[1].message, "o.execute() in upgrade() runs the result of a function call"));
	ck_assert_ptr_nonnull(strstr(recs[2].message, "batch_op.execute() in downgrade()"));
	expect_message("MRT034", "bad_unterminated.py", 1, 0, 14, "runs SQL text that ends inside a quote or a comment");
}
END_TEST

START_TEST(mrt036_messages)
{
	expect_message("MRT036", "bad_execute.py", 6, 0, 14, "VACUUM FULL on 'users' in upgrade() rewrites the table "
	               "under an ACCESS EXCLUSIVE lock: no reads or writes until it finishes");
	ck_assert_ptr_nonnull(strstr(recs[0].hint, "pg_repack"));
	ck_assert_ptr_nonnull(strstr(recs[2].message, "REINDEX on 'orders' in upgrade() blocks writes"));
	ck_assert_ptr_nonnull(strstr(recs[2].hint, "CONCURRENTLY"));
	ck_assert_ptr_nonnull(strstr(recs[4].message, "ALTER TABLE ... DETACH PARTITION on 'events'"));
	expect_message("MRT036", "bad_bind_helper_alias.py", 2, 1, 24, "LOCK TABLE on 'audit_log' in downgrade() "
	               "(conditional) holds an explicit table lock");
}
END_TEST

START_TEST(mrt037_messages)
{
	expect_message("MRT037", "bad_op_batch.py", 2, 0, 14, "op.create_foreign_key() adds a foreign key with ON DELETE "
	               "CASCADE from existing table 'orders' to 'users': deleting a parent row now silently deletes its "
	               "child rows, and no downgrade brings them back");
	ck_assert_ptr_nonnull(strstr(recs[1].message, "batch_op.create_foreign_key() adds a foreign key with ON DELETE "
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
	ck_assert_ptr_nonnull(strstr(recs[1].message, "setval() in upgrade() moves sequence 'orders_id_seq'"));
	ck_assert_ptr_nonnull(strstr(recs[3].message, "CREATE SEQUENCE in upgrade() creates sequence 'ticket_seq'"));
	expect_message("MRT038", "bad_sqlalchemy.py", 3, 1, 16, "sa.Sequence(...).create() in upgrade() creates "
	               "sequence 'new_seq'");
	ck_assert_ptr_nonnull(strstr(recs[0].message, "execute(DropSequence(...)) in upgrade() drops sequence 'old_seq'"));
}
END_TEST

/* ---- MRT039: graphs --------------------------------------------------------------------------------------------- */

/* Parses every .py of dir, builds the graph, runs MRT039 (check_migration per file, then check_graph). Returns the
 * number of findings. */
static size_t run_graph(const char *dir)
{
	char *names[16];
	size_t n = list_dir(dir, "", false, names, 16);
	ck_assert_uint_gt(n, 0);
	struct arena a;
	arena_init(&a);
	struct migration migs[16];
	char *texts[16];
	struct graph *g = graph_create();
	ck_assert_ptr_nonnull(g);
	const struct mrt_plugin_desc *d = desc_of("MRT039");
	struct mrt_options *opts = NULL;
	void *state = instance(d, "MRT039", NULL, &opts);
	struct findings out;
	findings_init(&out);
	struct mrt_ctx ctx;
	nrecs = 0;
	for (size_t i = 0; i < n; i++) {
		char path[1024];
		size_t len;
		snprintf(path, sizeof(path), "%s/%s", dir, names[i]);
		texts[i] = slurp(path, &len);
		ck_assert_int_eq(parse_migration(&a, path, texts[i], len, &migs[i]), 0);
		ck_assert_int_eq(graph_add_migration(g, &migs[i]), GRAPH_OK);
		hostapi_ctx_init(&ctx, "rule", d->name, "MRT039", SEV_WARNING, &out);
		ctx.m = &migs[i];
		ck_assert_int_eq(d->check_migration(state, &ctx, HOSTAPI_MIGRATION(&migs[i])), MRT_OK);
	}
	ck_assert_uint_eq(nrecs, 0); /* nothing is reported before the graph is known */
	ck_assert_int_eq(graph_build(g), GRAPH_OK);
	/* like the core today: no parsed migrations are handed to check_graph */
	struct hostapi_graph hg = {.g = g, .migs = NULL, .nmigs = 0};
	hostapi_ctx_init(&ctx, "rule", d->name, "MRT039", SEV_WARNING, &out);
	ck_assert_int_eq(d->check_graph(state, &ctx, (const mrt_graph *)(const void *)&hg), MRT_OK);
	/* a second run on the same instance starts from scratch */
	size_t first = nrecs;
	ck_assert_int_eq(d->check_graph(state, &ctx, (const mrt_graph *)(const void *)&hg), MRT_OK);
	ck_assert_uint_eq(nrecs, first);
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

START_TEST(mrt039_graphs)
{
	char *dirs[32];
	char dir[512];
	size_t nd = list_dir(RULES_DATA "/MRT039", "", true, dirs, 32), nbad = 0, ngood = 0;
	for (size_t i = 0; i < nd; i++) {
		snprintf(dir, sizeof(dir), "%s/MRT039/%s", RULES_DATA, dirs[i]);
		size_t got = run_graph(dir);
		if (!strncmp(dirs[i], "good_", 5)) {
			ngood++;
			ck_assert_msg(got == 0, "%s: unexpected finding: %s", dir, got ? recs[0].message : "");
		} else if (!strncmp(dirs[i], "bad_", 4)) {
			nbad++;
			/* the HIT markers of every file of the graph, by file */
			char *files[16];
			size_t nfiles = list_dir(dir, "", false, files, 16), nwant = 0;
			for (size_t f = 0; f < nfiles; f++) {
				char path[1024];
				size_t len;
				snprintf(path, sizeof(path), "%s/%s", dir, files[f]);
				char *text = slurp(path, &len);
				unsigned want[8];
				size_t nw = hit_lines(text, want, 8);
				for (size_t k = 0; k < nw; k++) {
					bool found = false;
					for (size_t r = 0; r < got; r++)
						found |= !strcmp(recs[r].path, path) && recs[r].line == want[k];
					ck_assert_msg(found, "%s:%u: expected a finding", path, want[k]);
				}
				nwant += nw;
				free(text);
				free(files[f]);
			}
			ck_assert_msg(got == nwant, "%s: %zu findings, expected %zu", dir, got, nwant);
		}
		free(dirs[i]);
	}
	ck_assert_msg(nbad >= 3 && ngood >= 2, "MRT039: too few graphs (%zu bad, %zu good)", nbad, ngood);
}
END_TEST

START_TEST(mrt039_message)
{
	ck_assert_uint_eq(run_graph(RULES_DATA "/MRT039/bad_linear"), 1);
	ck_assert_str_eq(recs[0].revision, "c3");
	ck_assert_str_eq(recs[0].path, RULES_DATA "/MRT039/bad_linear/003_readd.py");
	ck_assert_str_eq(recs[0].message, "column 'users.phone' is added again by revision c3 after revision b2 dropped "
	                                  "it (" RULES_DATA "/MRT039/bad_linear/002_drop.py:13): rows written in between "
	                                  "have no value for it and the old values are gone, a data hole the re-added "
	                                  "column hides");
	ck_assert_int_eq(recs[0].sev, MRT_SEV_DEFAULT);
	ck_assert_ptr_nonnull(strstr(recs[0].hint, "rule: MRT039"));
}
END_TEST

static Suite *rules_suite(void)
{
	Suite *s = suite_create("rules_ops");
	TCase *t = tcase_create("plugins");
	tcase_add_checked_fixture(t, fake_setup, NULL);
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
