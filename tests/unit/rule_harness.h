/*
 * rule_harness.h — the fake host shared by the rule test suites (tests/unit/test_rules_*.c).
 *
 * Extracted from test_rules_basic.c (which keeps its own copy). A suite compiles the plugins' sources into itself,
 * each entry symbol renamed, then includes this header and registers its plugins:
 *
 *     #define mrt_plugin_entry_v1 entry_drop_column
 *     #include "../../plugins/rules/drop_column/drop_column.c"
 *     #undef mrt_plugin_entry_v1
 *     #include "rule_harness.h"
 *     static const struct rh_plugin my_plugins[] = {{"MRT004", entry_drop_column}};
 *     ... rh_register(my_plugins, 1); in a fixture setup (or at the top of each test)
 *
 * The host table is the core's accessor table (hostapi_table()) with report/log replaced by recorders, so plugins
 * read real models: fixtures are parsed by the real parser. Findings land in rh_recs[0..rh_nrecs), sorted by line
 * (stable: report order within a line).
 *
 * Fixture convention (rh_run_fixtures): under tests/data/rules/<ID>/, bad_*.py must trigger and good_*.py must stay
 * silent. In a bad file each line carrying "# HIT" gets exactly one finding of the configured severity
 * (MRT_SEV_DEFAULT) and each line carrying "# NOTE" exactly one informational finding (MRT_SEV_INFO); "# HIT2" means
 * two findings of the configured severity on that line.
 *
 * Everything is static; functions a suite does not call are not warned about.
 */
#ifndef MRT_RULE_HARNESS_H
#define MRT_RULE_HARNESS_H

#include <check.h>
#include <dirent.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "config.h"
#include "hostapi.h"
#include "parser.h"

#if defined(__GNUC__) || defined(__clang__)
#define RH_UNUSED __attribute__((unused))
#else
#define RH_UNUSED
#endif

#define RH_RULES_DATA MRT_TEST_DATA "/rules"

/* ---- the fake host: records report() calls ---------------------------------------------------------------------- */

struct rh_rec {
	char path[512];
	char revision[64];
	int sev;
	unsigned line, col;
	char message[1024];
	char hint[512];
	size_t seq; /* report order */
};

#define RH_MAX_RECS 128
RH_UNUSED static struct rh_rec rh_recs[RH_MAX_RECS];
RH_UNUSED static size_t rh_nrecs;
RH_UNUSED static size_t rh_nlogs;
RH_UNUSED static struct mrt_host_api rh_fake;
RH_UNUSED static const char *rh_dialect; /* what ctx->dialect is set to by rh_run_file (NULL: unknown) */

struct rh_plugin {
	const char *id;
	const struct mrt_plugin_desc *(*entry)(void);
};

RH_UNUSED static const struct rh_plugin *rh_plugins;
RH_UNUSED static size_t rh_nplugins;

RH_UNUSED static int rh_record(const char *path, const char *revision, enum mrt_severity sev, unsigned line,
                               unsigned col, const char *hint, const char *fmt, va_list ap)
{
	ck_assert_msg(rh_nrecs < RH_MAX_RECS, "too many findings");
	struct rh_rec *r = &rh_recs[rh_nrecs];
	snprintf(r->path, sizeof(r->path), "%s", path ? path : "");
	snprintf(r->revision, sizeof(r->revision), "%s", revision ? revision : "");
	r->sev = sev;
	r->line = line;
	r->col = col;
	r->seq = rh_nrecs++;
	snprintf(r->hint, sizeof(r->hint), "%s", hint ? hint : "");
	vsnprintf(r->message, sizeof(r->message), fmt, ap);
	return MRT_OK;
}

RH_UNUSED static int rh_vreport(mrt_ctx *ctx, enum mrt_severity sev, unsigned line, unsigned col, const char *hint,
                                const char *fmt, va_list ap)
{
	return rh_record(ctx->m ? ctx->m->path : NULL, ctx->m ? ctx->m->revision : NULL, sev, line, col, hint, fmt, ap);
}

RH_UNUSED static int rh_report(mrt_ctx *ctx, enum mrt_severity sev, unsigned line, unsigned col, const char *hint,
                               const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int rc = rh_vreport(ctx, sev, line, col, hint, fmt, ap);
	va_end(ap);
	return rc;
}

RH_UNUSED static int rh_report_in(mrt_ctx *ctx, const mrt_migration *mh, enum mrt_severity sev, unsigned line,
                                  unsigned col, const char *hint, const char *fmt, ...)
{
	(void)ctx;
	const struct migration *m = (const struct migration *)(const void *)mh;
	va_list ap;
	va_start(ap, fmt);
	int rc = rh_record(m ? m->path : NULL, m ? m->revision : NULL, sev, line, col, hint, fmt, ap);
	va_end(ap);
	return rc;
}

RH_UNUSED static int rh_report_at(mrt_ctx *ctx, const char *path, const char *revision, enum mrt_severity sev,
                                  unsigned line, unsigned col, const char *hint, const char *fmt, ...)
{
	(void)ctx;
	va_list ap;
	va_start(ap, fmt);
	int rc = rh_record(path, revision, sev, line, col, hint, fmt, ap);
	va_end(ap);
	return rc;
}

RH_UNUSED static void rh_log(mrt_ctx *ctx, enum mrt_log_level level, const char *fmt, ...)
{
	(void)ctx;
	(void)level;
	(void)fmt;
	rh_nlogs++;
}

/* Registers the suite's plugins and resets the recorder; call before running anything. */
RH_UNUSED static void rh_register(const struct rh_plugin *plugins, size_t n)
{
	rh_plugins = plugins;
	rh_nplugins = n;
	rh_fake = *hostapi_table();
	rh_fake.report = rh_report;
	rh_fake.vreport = rh_vreport;
	rh_fake.report_in = rh_report_in;
	rh_fake.report_at = rh_report_at;
	rh_fake.log = rh_log;
	rh_nrecs = 0;
	rh_nlogs = 0;
	rh_dialect = NULL;
}

/* ---- running a plugin ------------------------------------------------------------------------------------------- */

RH_UNUSED static const struct mrt_plugin_desc *rh_desc_of(const char *id)
{
	for (size_t i = 0; i < rh_nplugins; i++)
		if (!strcmp(rh_plugins[i].id, id))
			return rh_plugins[i].entry();
	ck_abort_msg("no plugin %s", id);
	return NULL;
}

/* Instance with the options map (NULL: defaults). */
RH_UNUSED static void *rh_instance(const struct mrt_plugin_desc *d, const char *id, const struct config_value *map,
                                   struct mrt_options **opts)
{
	char err[1024];
	const struct config_value *maps[1] = {map};
	int rc = options_create(d->options, "rule", d->name, id, maps, map ? 1 : 0, opts, err, sizeof(err));
	ck_assert_msg(rc == MRT_OK, "%s", err);
	void *state = NULL;
	struct mrt_diag diag;
	memset(&diag, 0, sizeof(diag));
	ck_assert_int_eq(d->init(&rh_fake, *opts, &state, &diag), MRT_OK);
	return state;
}

/* Whole file, NUL-terminated (caller frees). */
RH_UNUSED static char *rh_slurp(const char *path, size_t *len)
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

RH_UNUSED static int rh_cmp_rec(const void *a, const void *b)
{
	const struct rh_rec *x = a, *y = b;
	if (x->line != y->line)
		return x->line < y->line ? -1 : 1;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

/* Parses path and runs rule `id` on it; findings land in rh_recs, sorted by line. Returns the file's text (caller
 * frees). */
RH_UNUSED static char *rh_run_file(const char *id, const char *path, const struct config_value *options)
{
	size_t len;
	char *text = rh_slurp(path, &len);
	struct arena a;
	arena_init(&a);
	struct migration m;
	ck_assert_int_eq(parse_migration(&a, path, text, len, &m), 0);
	const struct mrt_plugin_desc *d = rh_desc_of(id);
	struct mrt_options *opts = NULL;
	void *state = rh_instance(d, id, options, &opts);
	struct findings out;
	findings_init(&out);
	struct mrt_ctx ctx;
	hostapi_ctx_init(&ctx, "rule", d->name, id, SEV_ERROR, &out);
	ctx.m = &m;
	ctx.dialect = rh_dialect;
	ck_assert_ptr_nonnull(d->check_migration);
	rh_nrecs = 0;
	ck_assert_int_eq(d->check_migration(state, &ctx, HOSTAPI_MIGRATION(&m)), MRT_OK);
	if (d->fini)
		d->fini(state);
	options_destroy(opts);
	findings_release(&out);
	arena_release(&a);
	qsort(rh_recs, rh_nrecs, sizeof(rh_recs[0]), rh_cmp_rec);
	return text;
}

RH_UNUSED static int rh_cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Sorted names in dir starting with prefix (only *.py unless dirs); returns the count (names malloc'd). */
RH_UNUSED static size_t rh_list_dir(const char *dir, const char *prefix, bool dirs, char **names, size_t max)
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
	qsort(names, n, sizeof(*names), rh_cmp_str);
	return n;
}

struct rh_want {
	unsigned line;
	int sev; /* MRT_SEV_DEFAULT or MRT_SEV_INFO */
};

/* Expected findings from the "# HIT", "# HIT2" and "# NOTE" markers, in line order; returns the count. */
RH_UNUSED static size_t rh_markers(const char *text, struct rh_want *out, size_t max)
{
	size_t n = 0;
	unsigned line = 1;
	for (const char *p = text; *p; p++) {
		if (*p == '\n') {
			line++;
			continue;
		}
		if (p[0] != '#' || p[1] != ' ')
			continue;
		if (!strncmp(p, "# HIT", 5)) {
			int times = p[5] == '2' ? 2 : 1;
			for (int k = 0; k < times && n < max; k++)
				out[n++] = (struct rh_want){line, MRT_SEV_DEFAULT};
		} else if (!strncmp(p, "# NOTE", 6) && n < max) {
			out[n++] = (struct rh_want){line, MRT_SEV_INFO};
		}
	}
	return n;
}

/* Every bad_*.py triggers exactly on its markers; every good_*.py is silent. Returns the number of files. */
RH_UNUSED static size_t rh_run_fixtures(const char *id)
{
	char dir[512], path[1024];
	snprintf(dir, sizeof(dir), "%s/%s", RH_RULES_DATA, id);
	char *names[64];
	size_t n = rh_list_dir(dir, "", false, names, 64), nbad = 0, ngood = 0;
	for (size_t i = 0; i < n; i++) {
		snprintf(path, sizeof(path), "%s/%s", dir, names[i]);
		char *text = rh_run_file(id, path, NULL);
		struct rh_want want[64];
		size_t nwant = rh_markers(text, want, 64);
		if (!strncmp(names[i], "bad_", 4)) {
			nbad++;
			ck_assert_msg(nwant > 0, "%s: a bad fixture needs # HIT markers", path);
			ck_assert_msg(rh_nrecs == nwant, "%s: %zu findings, expected %zu (first: line %u %s)", path, rh_nrecs,
			              nwant, rh_nrecs ? rh_recs[0].line : 0, rh_nrecs ? rh_recs[0].message : "-");
			for (size_t k = 0; k < nwant; k++) {
				ck_assert_msg(rh_recs[k].line == want[k].line, "%s: finding %zu at line %u, expected %u: %s", path,
				              k, rh_recs[k].line, want[k].line, rh_recs[k].message);
				ck_assert_msg(rh_recs[k].sev == want[k].sev, "%s: finding %zu (line %u) severity %d, expected %d",
				              path, k, rh_recs[k].line, rh_recs[k].sev, want[k].sev);
				ck_assert_msg(rh_recs[k].hint[0] != '\0', "%s: no hint", path);
				ck_assert_str_eq(rh_recs[k].path, path);
			}
		} else if (!strncmp(names[i], "good_", 5)) {
			ngood++;
			ck_assert_msg(rh_nrecs == 0, "%s: unexpected finding at line %u: %s", path,
			              rh_nrecs ? rh_recs[0].line : 0, rh_nrecs ? rh_recs[0].message : "");
		}
		free(text);
		free(names[i]);
	}
	ck_assert_msg(nbad >= 2 && ngood >= 2, "%s: too few fixtures (%zu bad, %zu good)", id, nbad, ngood);
	return n;
}

/* Index of the first finding whose message contains `frag`, or RH_MAX_RECS when none. */
RH_UNUSED static size_t rh_find(const char *frag)
{
	for (size_t i = 0; i < rh_nrecs; i++)
		if (strstr(rh_recs[i].message, frag))
			return i;
	return RH_MAX_RECS;
}

#endif
