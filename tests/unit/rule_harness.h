/*
 * rule_harness.h — the fake host shared by the rule test suites (tests/unit/test_rules_*.c).
 *
 * Used by every rule suite (basic, ops, safety, rollback, deploy). A suite compiles the plugins' sources into itself,
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
 * two findings of the configured severity on that line. Inside SQL text "-- HIT" is a "# HIT" too. The text after a
 * HIT marker up to the end of the line is kept as the marker's fragment (struct rh_want); suites that ask for it
 * (struct rh_fixture_opts.fragments) require it in the finding's message. A first line "# mrt-test: dialect=<name>"
 * runs the file with that project dialect unless rh_dialect or the caller names one.
 *
 * Graph fixtures (a folder per revision graph): rh_graph_load parses every .py of a folder, rh_graph_expect_markers
 * checks findings against the HIT markers of all its files.
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
#include "graph.h"
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
RH_UNUSED static const char *rh_dialect; /* what ctx->dialect is set to by rh_run_file (NULL: the fixture's own) */
RH_UNUSED static bool rh_strict_parse; /* rh_run_file asserts the fixture parses without syntax errors */
RH_UNUSED static enum severity rh_ctx_sev = SEV_ERROR; /* configured severity handed to hostapi_ctx_init */

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

/* ---- harness allocations a failing assertion would lose ---------------------------------------------------------
 * With rh_track set (after rh_register, by suites that free harness memory only through rh_free), rh_slurp buffers
 * and rh_list_dir names are remembered until rh_free; rh_teardown (a checked fixture teardown) frees what a failing
 * ck_assert left behind in CK_FORK=no mode. Without rh_track nothing is remembered and free() is fine. */

#define RH_MAX_LIVE 256
RH_UNUSED static void *rh_live[RH_MAX_LIVE]; /* owned while listed */
RH_UNUSED static size_t rh_nlive;
RH_UNUSED static bool rh_track;

/* Remembers p (when tracking) and returns it. */
RH_UNUSED static void *rh_keep(void *p)
{
	if (rh_track && p && rh_nlive < RH_MAX_LIVE)
		rh_live[rh_nlive++] = p;
	return p;
}

/* Frees p (a harness allocation or NULL) and forgets it. */
RH_UNUSED static void rh_free(void *p)
{
	if (!p)
		return;
	for (size_t i = rh_nlive; i-- > 0;)
		if (rh_live[i] == p) {
			rh_live[i] = rh_live[--rh_nlive];
			break;
		}
	free(p);
}

/* Frees every remembered allocation (what a failed test left). */
RH_UNUSED static void rh_teardown(void)
{
	for (size_t i = 0; i < rh_nlive; i++)
		free(rh_live[i]);
	rh_nlive = 0;
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
	rh_strict_parse = false;
	rh_ctx_sev = SEV_ERROR;
	rh_track = false;
	rh_nlive = 0;
}

/* rh_register for a suite's own table whose rows have .id and .entry: list (struct rh_plugin[n], static, the caller's)
 * is filled from table. */
#define RH_REGISTER_TABLE(list, table, n)                                                                              \
	do {                                                                                                           \
		for (size_t rh_i_ = 0; rh_i_ < (n); rh_i_++)                                                           \
			(list)[rh_i_] = (struct rh_plugin){(table)[rh_i_].id, (table)[rh_i_].entry};                  \
		rh_register((list), (n));                                                                              \
	} while (0)

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

/* Whole file, NUL-terminated (caller frees, with rh_free). */
RH_UNUSED static char *rh_slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	ck_assert_msg(f != NULL, "cannot open %s", path);
	char *buf = malloc(1 << 20);
	if (!buf)
		fclose(f);
	ck_assert_ptr_nonnull(buf);
	rh_keep(buf);
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

/* The dialect a fixture asks for in its first line ("# mrt-test: dialect=mysql"), or NULL. */
RH_UNUSED static const char *rh_fixture_dialect(const char *text)
{
	static const char *const names[] = {"postgresql", "mysql", "sqlite"};
	const char *p = "# mrt-test: dialect=";
	if (strncmp(text, p, strlen(p)) != 0)
		return NULL;
	const char *d = text + strlen(p);
	for (size_t i = 0; i < 3; i++) {
		size_t n = strlen(names[i]);
		if (!strncmp(d, names[i], n) && (d[n] == '\n' || d[n] == '\r' || d[n] == '\0'))
			return names[i];
	}
	ck_abort_msg("unknown fixture dialect");
	return NULL;
}

/* Parses path and runs rule `id` on it with `dialect` (NULL: rh_dialect, else the fixture's own, else unknown) and
 * the options map (NULL: defaults); findings land in rh_recs, sorted by line. Returns the file's text (caller
 * frees). */
RH_UNUSED static char *rh_run_file_ex(const char *id, const char *path, const char *dialect,
                                      const struct config_value *options)
{
	size_t len;
	char *text = rh_slurp(path, &len);
	struct arena a;
	arena_init(&a);
	struct migration m;
	ck_assert_int_eq(parse_migration(&a, path, text, len, &m), 0);
	if (rh_strict_parse)
		ck_assert_msg(m.nerrors == 0, "%s: syntax error at line %u: %s", path, m.nerrors ? m.errors[0].line : 0,
		              m.nerrors ? m.errors[0].message : "");
	const struct mrt_plugin_desc *d = rh_desc_of(id);
	struct mrt_options *opts = NULL;
	void *state = rh_instance(d, id, options, &opts);
	struct findings out;
	findings_init(&out);
	struct mrt_ctx ctx;
	hostapi_ctx_init(&ctx, "rule", d->name, id, rh_ctx_sev, &out);
	ctx.m = &m;
	ctx.dialect = dialect ? dialect : rh_dialect ? rh_dialect : rh_fixture_dialect(text);
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

/* rh_run_file_ex with the dialect from rh_dialect or the fixture. */
RH_UNUSED static char *rh_run_file(const char *id, const char *path, const struct config_value *options)
{
	return rh_run_file_ex(id, path, NULL, options);
}

RH_UNUSED static int rh_cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Sorted names in dir starting with prefix, never hidden ones: *.py files, or with dirs everything else (the graph
 * folders); returns the count (names malloc'd: caller frees them, with rh_free). */
RH_UNUSED static size_t rh_list_dir(const char *dir, const char *prefix, bool dirs, char **names, size_t max)
{
	DIR *d = opendir(dir);
	ck_assert_msg(d != NULL, "cannot open %s", dir);
	size_t n = 0;
	bool oom = false;
	struct dirent *e;
	while ((e = readdir(d)) && n < max) {
		size_t l = strlen(e->d_name);
		if (e->d_name[0] == '.' || strncmp(e->d_name, prefix, strlen(prefix)) != 0)
			continue;
		bool py = l >= 3 && strcmp(e->d_name + l - 3, ".py") == 0;
		if (py == dirs)
			continue;
		names[n] = rh_keep(strdup(e->d_name));
		if (!names[n]) {
			oom = true;
			break;
		}
		n++;
	}
	closedir(d);
	ck_assert_msg(!oom, "out of memory");
	qsort(names, n, sizeof(*names), rh_cmp_str);
	return n;
}

struct rh_want {
	unsigned line;
	int sev;            /* MRT_SEV_DEFAULT or MRT_SEV_INFO */
	char fragment[160]; /* text after a HIT marker up to the end of the line, "" when none */
};

/* Expected findings from the "# HIT", "-- HIT", "# HIT2" and "# NOTE" markers, in line order; returns the count. */
RH_UNUSED static size_t rh_markers(const char *text, struct rh_want *out, size_t max)
{
	size_t n = 0;
	unsigned line = 1;
	for (const char *p = text; *p; p++) {
		if (*p == '\n') {
			line++;
			continue;
		}
		if ((p[0] != '#' || p[1] != ' ') && strncmp(p, "-- HIT", 6) != 0)
			continue;
		if (!strncmp(p, "# HIT", 5) || !strncmp(p, "-- HIT", 6)) {
			const char *f = p + (p[0] == '#' ? 5 : 6);
			int times = *f == '2' ? 2 : 1;
			if (times == 2)
				f++;
			while (*f == ' ')
				f++;
			size_t fl = strcspn(f, "\r\n");
			ck_assert_msg(fl < sizeof(out[0].fragment), "marker fragment too long at line %u", line);
			for (int k = 0; k < times && n < max; k++) {
				out[n] = (struct rh_want){.line = line, .sev = MRT_SEV_DEFAULT};
				memcpy(out[n].fragment, f, fl);
				out[n].fragment[fl] = '\0';
				n++;
			}
		} else if (!strncmp(p, "# NOTE", 6) && n < max) {
			out[n++] = (struct rh_want){.line = line, .sev = MRT_SEV_INFO};
		}
	}
	return n;
}

/* What rh_run_fixtures_ex checks beyond the markers' lines, severities, hints and paths. */
struct rh_fixture_opts {
	const char *key;      /* phrase every finding of a bad fixture contains (NULL: none) */
	bool fragments;       /* a HIT marker's fragment must occur in its finding's message */
	bool need_col;        /* every finding of a bad fixture has a column > 0 */
	bool good_unmarked;   /* a good fixture must carry no markers */
	size_t min_bad;       /* at least this many bad_*.py (and min_good good_*.py) */
	size_t min_good;
};

/* Every bad_*.py triggers exactly on its markers; every good_*.py is silent; other *.py files are only run. Returns
 * the number of files. */
RH_UNUSED static size_t rh_run_fixtures_ex(const char *id, const struct rh_fixture_opts *o)
{
	char dir[512], path[1024];
	snprintf(dir, sizeof(dir), "%s/%s", RH_RULES_DATA, id);
	char *names[64];
	size_t n = rh_list_dir(dir, "", false, names, 64), nbad = 0, ngood = 0;
	for (size_t i = 0; i < n; i++) {
		snprintf(path, sizeof(path), "%s/%s", dir, names[i]);
		bool bad = !strncmp(names[i], "bad_", 4), good = !strncmp(names[i], "good_", 5);
		char *text = rh_run_file(id, path, NULL);
		struct rh_want want[64];
		size_t nwant = rh_markers(text, want, 64);
		if (bad) {
			nbad++;
			ck_assert_msg(nwant > 0, "%s: a bad fixture needs # HIT markers", path);
			ck_assert_msg(rh_nrecs == nwant, "%s: %zu findings, expected %zu (first: line %u %s)", path, rh_nrecs,
			              nwant, rh_nrecs ? rh_recs[0].line : 0, rh_nrecs ? rh_recs[0].message : "-");
			for (size_t k = 0; k < nwant; k++) {
				const struct rh_rec *r = &rh_recs[k];
				ck_assert_msg(r->line == want[k].line, "%s: finding %zu at line %u, expected %u: %s", path, k,
				              r->line, want[k].line, r->message);
				if (o->fragments)
					ck_assert_msg(strstr(r->message, want[k].fragment) != NULL,
					              "%s:%u: message lacks \"%s\": %s", path, r->line, want[k].fragment, r->message);
				if (o->key)
					ck_assert_msg(strstr(r->message, o->key) != NULL, "%s:%u: message lacks \"%s\": %s", path,
					              r->line, o->key, r->message);
				ck_assert_msg(r->sev == want[k].sev, "%s: finding %zu (line %u) severity %d, expected %d", path, k,
				              r->line, r->sev, want[k].sev);
				ck_assert_msg(r->hint[0] != '\0', "%s: no hint", path);
				if (o->need_col)
					ck_assert_msg(r->col > 0, "%s:%u: no column", path, r->line);
				ck_assert_str_eq(r->path, path);
			}
		} else if (good) {
			ngood++;
			ck_assert_msg(rh_nrecs == 0, "%s: unexpected finding at line %u: %s", path,
			              rh_nrecs ? rh_recs[0].line : 0, rh_nrecs ? rh_recs[0].message : "");
			if (o->good_unmarked)
				ck_assert_msg(nwant == 0, "%s: a good fixture with HIT markers", path);
		}
		rh_free(text);
		rh_free(names[i]);
	}
	ck_assert_msg(nbad >= o->min_bad && ngood >= o->min_good, "%s: too few fixtures (%zu bad, %zu good)", id, nbad,
	              ngood);
	return n;
}

/* rh_run_fixtures_ex with no extra checks and at least 2 bad and 2 good fixtures. */
RH_UNUSED static size_t rh_run_fixtures(const char *id)
{
	const struct rh_fixture_opts o = {.min_bad = 2, .min_good = 2};
	return rh_run_fixtures_ex(id, &o);
}

/* ---- graph fixtures (one folder per revision graph) ------------------------------------------------------------- */

#define RH_GRAPH_MAX 16

/* The parsed .py files of one graph folder, in name order. */
struct rh_graph {
	size_t n;
	char *names[RH_GRAPH_MAX];           /* owned */
	char *texts[RH_GRAPH_MAX];           /* owned; the models point into them */
	struct migration migs[RH_GRAPH_MAX]; /* allocated in arena */
	struct arena arena;
};

/* Lists and parses every .py of dir into g (release with rh_graph_release). */
RH_UNUSED static void rh_graph_load(const char *dir, struct rh_graph *g)
{
	arena_init(&g->arena);
	g->n = rh_list_dir(dir, "", false, g->names, RH_GRAPH_MAX);
	for (size_t i = 0; i < g->n; i++) {
		char path[1024];
		size_t len;
		snprintf(path, sizeof(path), "%s/%s", dir, g->names[i]);
		g->texts[i] = rh_slurp(path, &len);
		ck_assert_int_eq(parse_migration(&g->arena, path, g->texts[i], len, &g->migs[i]), 0);
	}
}

RH_UNUSED static void rh_graph_release(struct rh_graph *g)
{
	arena_release(&g->arena);
	for (size_t i = 0; i < g->n; i++) {
		rh_free(g->texts[i]);
		rh_free(g->names[i]);
	}
	g->n = 0;
}

/* Every HIT marker of every file of graph folder dir has a finding in that file on that line among rh_recs[0..got),
 * and got is the number of markers. */
RH_UNUSED static void rh_graph_expect_markers(const char *dir, size_t got)
{
	char *files[RH_GRAPH_MAX];
	size_t nfiles = rh_list_dir(dir, "", false, files, RH_GRAPH_MAX), nwant = 0;
	for (size_t f = 0; f < nfiles; f++) {
		char path[1024];
		size_t len;
		snprintf(path, sizeof(path), "%s/%s", dir, files[f]);
		char *text = rh_slurp(path, &len);
		struct rh_want want[8];
		size_t nw = rh_markers(text, want, 8);
		for (size_t k = 0; k < nw; k++) {
			bool found = false;
			for (size_t r = 0; r < got; r++)
				found |= !strcmp(rh_recs[r].path, path) && rh_recs[r].line == want[k].line;
			ck_assert_msg(found, "%s:%u: expected a finding", path, want[k].line);
		}
		nwant += nw;
		rh_free(text);
		rh_free(files[f]);
	}
	ck_assert_msg(got == nwant, "%s: %zu findings, expected %zu", dir, got, nwant);
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
