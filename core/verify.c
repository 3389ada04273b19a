/*
 * verify.c — the dynamic walk of `mrt verify` (see verify.h).
 *
 * State kept by the walk: which revisions are applied (the scratch database's state), and a log of the steps that
 * built that state ("upgrade r" / "stamp r") so a fresh scratch database can be rebuilt after a step that left the
 * database unknown (timeout, failed re-upgrade). Rebuilding costs one pass over the log; it only happens after a
 * failure, so a clean run stays linear: per revision one seed, two snapshots and three Alembic commands.
 *
 * Profiling: with MRT_VERIFY_PROFILE=1 in the environment, verify_run() prints to stderr where the run's wall time
 * went: runner start, Alembic commands (round trip seen from C, and the part the runner itself reports as its
 * "duration"), introspection, seeding, snapshots, comparison, scratch handling.
 */
#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <time.h>
#include <unistd.h>
#include "config.h"
#include "plugin.h"
#include "runner.h"
#include "verify.h"

#define DEFAULT_ROWS 3
#define DEFAULT_TIMEOUT_S 300.0
#define STALE_AFTER_S 60

/* ---- signals ------------------------------------------------------------------------------------------------------ */

static volatile sig_atomic_t g_interrupted;
static volatile sig_atomic_t g_runner_pid;
static void (*volatile g_emergency)(void);

static void on_signal(int sig)
{
	g_interrupted = sig;
	if (g_emergency)
		g_emergency();
	if (g_runner_pid > 0)
		kill(-(pid_t)g_runner_pid, SIGKILL);
}

/* ---- walk state --------------------------------------------------------------------------------------------------- */

struct node {
	char *id;          /* owned */
	char *path;        /* owned or NULL */
	size_t *parents;   /* owned: node indexes (down_revision) */
	size_t nparents;
	size_t *deps;      /* owned: depends_on node indexes (ordering only) */
	size_t ndeps;
	size_t *children;  /* owned: nodes whose parents include this one */
	size_t nchildren;
	bool applied;
	bool broken;       /* could not be upgraded: its descendants are skipped */
	bool tested, run, no_downgrade;
	char **expect;     /* owned: expected-loss targets ("users", "users.phone"); expect_all when none given */
	size_t nexpect;
	bool expect_all;
};

struct logent {
	bool stamp;
	size_t node;
};

/* Per-phase wall-time totals (MRT_VERIFY_PROFILE=1). */
enum prof_phase {
	PROF_START,      /* runner start: Python, Alembic import, Config and ScriptDirectory */
	PROF_CALL,       /* every runner command, round trip measured here */
	PROF_PY_UP,      /* of which the runner reported as its duration: upgrade, downgrade, anything else */
	PROF_PY_DOWN,
	PROF_PY_OTHER,
	PROF_INTROSPECT,
	PROF_SEED,
	PROF_SNAPSHOT,
	PROF_COMPARE,
	PROF_SCRATCH,    /* connect, cleanup_stale, create/drop scratch, disconnect */
	PROF_STOP,       /* runner stop: quit, interpreter exit, reaping */
	PROF__COUNT
};

struct profile {
	bool on;
	double seconds[PROF__COUNT];
	unsigned long count[PROF__COUNT];
};

struct walk {
	const struct verify_opts *o;
	struct verify_result *res;
	const struct mrt_backend_ops *ops;
	void *conn;
	const char *scratch_url; /* borrowed from the backend */
	struct runner *runner;
	struct runner_opts ropts;
	struct plugin *plugin;
	struct plugin_instance *inst;
	struct node *nodes;
	size_t n;
	size_t *order;
	struct logent *log;
	size_t nlog, logcap;
	unsigned rows;
	uint64_t seed;
	double timeout;
	struct mrt_seed_rows *user_rows; /* owned, with owned arrays; strings borrowed from the project */
	size_t nuser_rows;
	struct vfindings *cur; /* findings of the revision being walked (seed callback) */
	bool env_checked;      /* the scratch database was seen to receive Alembic's version table */
	struct profile prof;
};

static double now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void prof_add(struct walk *w, enum prof_phase p, double since)
{
	if (!w->prof.on)
		return;
	w->prof.seconds[p] += now_s() - since;
	w->prof.count[p]++;
}

static void prof_print(const struct walk *w, double total)
{
	static const char *const names[PROF__COUNT] = {
		"runner start", "runner commands (round trip)", "  python: upgrade", "  python: downgrade",
		"  python: other commands", "introspect", "seed", "snapshot", "compare", "scratch/connect",
		"runner stop"};
	if (!w->prof.on)
		return;
	double accounted = 0, py = 0;
	fprintf(stderr, "mrt verify profile: %.3f s wall\n", total);
	for (int p = 0; p < PROF__COUNT; p++) {
		fprintf(stderr, "  %-30s %9.3f s %7lu calls %8.3f ms/call\n", names[p], w->prof.seconds[p],
		        w->prof.count[p], w->prof.count[p] ? 1000.0 * w->prof.seconds[p] / (double)w->prof.count[p] : 0.0);
		if (p == PROF_PY_UP || p == PROF_PY_DOWN || p == PROF_PY_OTHER)
			py += w->prof.seconds[p];
		else
			accounted += w->prof.seconds[p];
	}
	fprintf(stderr, "  %-30s %9.3f s\n", "runner overhead (pipe, JSON)", w->prof.seconds[PROF_CALL] - py);
	fprintf(stderr, "  %-30s %9.3f s\n", "other (plugin load, misc.)", total - accounted);
}

static int fail(struct walk *w, int rc, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static int fail(struct walk *w, int rc, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(w->res->error, sizeof(w->res->error), fmt, ap);
	va_end(ap);
	return rc;
}

static size_t find_node(const struct walk *w, const char *id)
{
	for (size_t i = 0; i < w->n; i++)
		if (strcmp(w->nodes[i].id, id) == 0)
			return i;
	return SIZE_MAX;
}

/* ---- backend ------------------------------------------------------------------------------------------------------ */

/* "postgresql+psycopg2://..." → "postgresql" in buf. */
static void url_scheme(const char *url, char *buf, size_t size)
{
	size_t n = strcspn(url, "+:");
	if (n >= size)
		n = size - 1;
	memcpy(buf, url, n);
	buf[n] = '\0';
}

static bool ops_handle(const struct mrt_backend_ops *ops, const char *scheme)
{
	if (!ops || ops->struct_size < offsetof(struct mrt_backend_ops, emergency_cleanup) || !ops->schemes)
		return false;
	for (const char *const *s = ops->schemes; *s; s++)
		if (strcmp(*s, scheme) == 0 || (strcmp(scheme, "postgres") == 0 && strcmp(*s, "postgresql") == 0) ||
		    (strcmp(scheme, "mariadb") == 0 && strcmp(*s, "mysql") == 0))
			return true;
	return false;
}

static int try_plugin(struct walk *w, const char *path, const char *scheme)
{
	struct plugin *p = NULL;
	char err[1024];
	if (plugin_load(path, MRT_KIND_BACKEND, &p, err, sizeof(err)) != MRT_OK)
		return -1;
	if (!ops_handle(plugin_desc(p)->backend, scheme)) {
		plugin_unload(p);
		return -1;
	}
	struct plugin_instance *inst = NULL;
	if (plugin_instance_create(p, NULL, &inst, err, sizeof(err)) != MRT_OK) {
		plugin_unload(p);
		return -1;
	}
	w->plugin = p;
	w->inst = inst;
	w->ops = plugin_desc(p)->backend;
	return 0;
}

static int load_backend(struct walk *w)
{
	char scheme[64];
	url_scheme(w->o->db_url, scheme, sizeof(scheme));
	if (w->o->backend) {
		if (!ops_handle(w->o->backend, scheme))
			return fail(w, VERIFY_EBACKEND, "the given backend does not handle '%s' URLs", scheme);
		w->ops = w->o->backend;
		return 0;
	}
	const char *dirs[4] = {w->o->plugin_dir, getenv("MRT_PLUGIN_DIR"), MRT_BUILD_PLUGIN_DIR, MRT_INSTALL_PLUGIN_DIR};
	static const struct {
		const char *scheme, *file;
	} known[] = {{"sqlite", "sqlite"}, {"postgresql", "postgres"}, {"postgres", "postgres"},
	             {"postgresql", "postgresql"}, {"mysql", "mariadb"}, {"mariadb", "mariadb"}, {"mysql", "mysql"}};
	char path[4096];
	for (size_t d = 0; d < 4; d++) {
		if (!dirs[d] || !dirs[d][0])
			continue;
		for (size_t k = 0; k < sizeof(known) / sizeof(known[0]); k++) {
			if (strcmp(known[k].scheme, scheme) != 0)
				continue;
			snprintf(path, sizeof(path), "%s/%s.so", dirs[d], known[k].file);
			if (access(path, R_OK) == 0 && try_plugin(w, path, scheme) == 0)
				return 0;
		}
		DIR *dir = opendir(dirs[d]);
		if (!dir)
			continue;
		struct dirent *e;
		while ((e = readdir(dir)) != NULL) {
			size_t len = strlen(e->d_name);
			if (len < 4 || strcmp(e->d_name + len - 3, ".so") != 0)
				continue;
			snprintf(path, sizeof(path), "%s/%s", dirs[d], e->d_name);
			if (try_plugin(w, path, scheme) == 0) {
				closedir(dir);
				return 0;
			}
		}
		closedir(dir);
	}
	return fail(w, VERIFY_EBACKEND,
	            "no backend plugin handles '%s' URLs (looked in --plugin-dir, $MRT_PLUGIN_DIR, %s, %s); build the "
	            "backend or pass --plugin-dir",
	            scheme, MRT_BUILD_PLUGIN_DIR, MRT_INSTALL_PLUGIN_DIR);
}

/* ---- runner ------------------------------------------------------------------------------------------------------- */

enum step { STEP_OK, STEP_FAILED, STEP_TIMEOUT, STEP_DEAD };

struct step_out {
	char type[128];
	char error[2048];
	char traceback[8192];
};

static int start_runner(struct walk *w)
{
	char err[2048];
	w->ropts.url = w->scratch_url;
	double t0 = now_s();
	enum runner_status st = runner_start(&w->ropts, &w->runner, err, sizeof(err));
	prof_add(w, PROF_START, t0);
	if (st != RUNNER_OK) {
		w->runner = NULL;
		return fail(w, VERIFY_ERUNNER, "cannot start the Alembic runner: %s", err);
	}
	g_runner_pid = (sig_atomic_t)runner_pid(w->runner);
	return 0;
}

static void stop_runner(struct walk *w)
{
	g_runner_pid = 0;
	double t0 = now_s();
	if (w->runner) {
		runner_stop(w->runner);
		prof_add(w, PROF_STOP, t0);
	}
	w->runner = NULL;
}

/* One Alembic command: {"cmd": cmd, key: value}. *ans (may be NULL) receives the answer on STEP_OK. */
static enum step run_cmd(struct walk *w, const char *cmd, const char *key, const char *value, json_t **ans,
                         struct step_out *so)
{
	if (ans)
		*ans = NULL;
	if (so)
		so->type[0] = so->error[0] = so->traceback[0] = '\0';
	if (!w->runner)
		return STEP_DEAD;
	json_t *req = key ? json_pack("{s:s, s:s}", "cmd", cmd, key, value) : json_pack("{s:s}", "cmd", cmd);
	if (!req)
		return STEP_DEAD;
	json_t *a = NULL;
	char err[2048];
	double t0 = now_s();
	enum runner_status st = runner_call(w->runner, req, w->timeout, &a, err, sizeof(err));
	prof_add(w, PROF_CALL, t0);
	if (w->prof.on && st == RUNNER_OK) {
		size_t cl = strlen(cmd); /* memcmp: gcc's -Wstring-compare misfires on strcmp of inlined literals */
		enum prof_phase p = cl == 7 && memcmp(cmd, "upgrade", 7) == 0     ? PROF_PY_UP
		                    : cl == 9 && memcmp(cmd, "downgrade", 9) == 0 ? PROF_PY_DOWN
		                                                                  : PROF_PY_OTHER;
		w->prof.seconds[p] += json_number_value(json_object_get(a, "duration"));
		w->prof.count[p]++;
	}
	json_decref(req);
	if (st == RUNNER_TIMEOUT) {
		if (so)
			snprintf(so->error, sizeof(so->error), "%s", err);
		return STEP_TIMEOUT;
	}
	if (st != RUNNER_OK) {
		if (so)
			snprintf(so->error, sizeof(so->error), "%s", err);
		return STEP_DEAD;
	}
	if (!runner_answer_ok(a)) {
		if (so) {
			const char *t = runner_answer_type(a), *e = runner_answer_error(a);
			const char *tb = json_string_value(json_object_get(a, "traceback"));
			snprintf(so->type, sizeof(so->type), "%s", t ? t : "Error");
			snprintf(so->error, sizeof(so->error), "%s", e ? e : "");
			snprintf(so->traceback, sizeof(so->traceback), "%s", tb ? tb : "");
		}
		json_decref(a);
		return STEP_FAILED;
	}
	if (ans)
		*ans = a;
	else
		json_decref(a);
	return STEP_OK;
}

static int log_push(struct walk *w, bool stamp, size_t node)
{
	if (w->nlog == w->logcap) {
		size_t ncap = w->logcap ? w->logcap * 2 : 64;
		struct logent *n = realloc(w->log, ncap * sizeof(*n));
		if (!n)
			return -1;
		w->log = n;
		w->logcap = ncap;
	}
	w->log[w->nlog++] = (struct logent){stamp, node};
	return 0;
}

/* Fresh scratch database + runner, then the log replayed. 0, or < 0 (res->error set). */
static int rebuild(struct walk *w)
{
	char err[1024];
	stop_runner(w);
	double t0 = now_s();
	if (w->ops->drop_scratch(w->conn, err, sizeof(err)) != MRT_OK)
		return fail(w, VERIFY_EBACKEND, "cannot drop the scratch database: %s", err);
	w->scratch_url = NULL;
	if (w->ops->create_scratch(w->conn, &w->scratch_url, err, sizeof(err)) != MRT_OK)
		return fail(w, VERIFY_EBACKEND, "cannot create a scratch database: %s", err);
	prof_add(w, PROF_SCRATCH, t0);
	int rc = start_runner(w);
	if (rc)
		return rc;
	for (size_t i = 0; i < w->nlog; i++) {
		struct step_out so;
		enum step st = run_cmd(w, w->log[i].stamp ? "stamp" : "upgrade", "rev", w->nodes[w->log[i].node].id, NULL,
		                       &so);
		if (g_interrupted)
			return VERIFY_EINTR;
		if (st != STEP_OK)
			return fail(w, VERIFY_ERUNNER, "cannot rebuild the scratch database: %s %s failed: %s%s%s",
			            w->log[i].stamp ? "stamp" : "upgrade", w->nodes[w->log[i].node].id, so.type,
			            so.type[0] ? ": " : "", so.error);
	}
	return 0;
}

/* ---- graph -------------------------------------------------------------------------------------------------------- */

static int add_index(size_t **arr, size_t *n, size_t v)
{
	size_t *na = realloc(*arr, (*n + 1) * sizeof(*na));
	if (!na)
		return -1;
	*arr = na;
	(*arr)[(*n)++] = v;
	return 0;
}

/* Reads `# mrt: expect-data-loss a.b, c` comments of a revision file. */
static int scan_expectations(struct node *nd)
{
	if (!nd->path)
		return 0;
	FILE *f = fopen(nd->path, "r");
	if (!f)
		return 0;
	char line[2048];
	static const char tag[] = "mrt: expect-data-loss";
	while (fgets(line, sizeof(line), f)) {
		char *h = strchr(line, '#');
		if (!h)
			continue;
		char *p = h + 1;
		while (*p == ' ' || *p == '\t')
			p++;
		if (strncmp(p, tag, sizeof(tag) - 1) != 0)
			continue;
		p += sizeof(tag) - 1;
		if (*p && *p != ' ' && *p != '\t' && *p != '\n' && *p != '\r' && *p != ':')
			continue;
		if (*p == ':')
			p++;
		size_t before = nd->nexpect;
		for (;;) {
			p += strspn(p, " \t,");
			size_t len = strcspn(p, " \t,\r\n");
			if (!len)
				break;
			if (*p == '#')
				break;
			char *t = strndup(p, len);
			char **na = t ? realloc(nd->expect, (nd->nexpect + 1) * sizeof(*na)) : NULL;
			if (!na) {
				free(t);
				fclose(f);
				return -1;
			}
			nd->expect = na;
			nd->expect[nd->nexpect++] = t;
			p += len;
		}
		if (nd->nexpect == before)
			nd->expect_all = true;
	}
	fclose(f);
	return 0;
}

static int add_expect(struct node *nd, char *const *targets, size_t n)
{
	if (n == 0)
		nd->expect_all = true;
	for (size_t i = 0; i < n; i++) {
		char *t = strdup(targets[i]);
		char **na = t ? realloc(nd->expect, (nd->nexpect + 1) * sizeof(*na)) : NULL;
		if (!na) {
			free(t);
			return -1;
		}
		nd->expect = na;
		nd->expect[nd->nexpect++] = t;
	}
	return 0;
}

static int load_graph(struct walk *w)
{
	json_t *ans = NULL;
	struct step_out so;
	enum step st = run_cmd(w, "graph", NULL, NULL, &ans, &so);
	if (st != STEP_OK)
		return fail(w, VERIFY_ERUNNER, "cannot read the revision graph: %s%s%s", so.type, so.type[0] ? ": " : "",
		            so.error);
	json_t *revs = json_object_get(ans, "revisions");
	size_t n = json_array_size(revs);
	w->nodes = calloc(n + 1, sizeof(*w->nodes));
	w->order = calloc(n + 1, sizeof(*w->order));
	if (!w->nodes || !w->order) {
		json_decref(ans);
		return fail(w, VERIFY_ENOMEM, "out of memory");
	}
	for (size_t i = 0; i < n; i++) {
		json_t *r = json_array_get(revs, i);
		const char *id = json_string_value(json_object_get(r, "revision"));
		const char *path = json_string_value(json_object_get(r, "path"));
		if (!id)
			continue;
		w->nodes[w->n].id = strdup(id);
		w->nodes[w->n].path = path ? strdup(path) : NULL;
		if (!w->nodes[w->n].id || (path && !w->nodes[w->n].path)) {
			json_decref(ans);
			return fail(w, VERIFY_ENOMEM, "out of memory");
		}
		w->n++;
	}
	for (size_t i = 0, k = 0; i < n; i++) {
		json_t *r = json_array_get(revs, i);
		if (!json_string_value(json_object_get(r, "revision")))
			continue;
		struct node *nd = &w->nodes[k++];
		static const char *const keys[2] = {"down_revisions", "depends_on"};
		for (int kk = 0; kk < 2; kk++) {
			json_t *arr = json_object_get(r, keys[kk]);
			size_t j;
			json_t *v;
			if (json_is_string(arr)) {
				size_t p = find_node(w, json_string_value(arr));
				if (p != SIZE_MAX && add_index(kk ? &nd->deps : &nd->parents, kk ? &nd->ndeps : &nd->nparents, p)) {
					json_decref(ans);
					return fail(w, VERIFY_ENOMEM, "out of memory");
				}
				continue;
			}
			json_array_foreach(arr, j, v) {
				const char *pid = json_string_value(v);
				size_t p = pid ? find_node(w, pid) : SIZE_MAX;
				if (p != SIZE_MAX && add_index(kk ? &nd->deps : &nd->parents, kk ? &nd->ndeps : &nd->nparents, p)) {
					json_decref(ans);
					return fail(w, VERIFY_ENOMEM, "out of memory");
				}
			}
		}
		if (scan_expectations(nd)) {
			json_decref(ans);
			return fail(w, VERIFY_ENOMEM, "out of memory");
		}
	}
	json_decref(ans);
	for (size_t i = 0; i < w->n; i++)
		for (size_t k = 0; k < w->nodes[i].nparents; k++) {
			struct node *pn = &w->nodes[w->nodes[i].parents[k]];
			if (add_index(&pn->children, &pn->nchildren, i))
				return fail(w, VERIFY_ENOMEM, "out of memory");
		}
	/* topological order, stable with respect to the runner's order */
	bool *placed = calloc(w->n + 1, sizeof(*placed));
	if (!placed)
		return fail(w, VERIFY_ENOMEM, "out of memory");
	size_t no = 0;
	while (no < w->n) {
		bool progress = false;
		for (size_t i = 0; i < w->n; i++) {
			if (placed[i])
				continue;
			bool ready = true;
			for (size_t k = 0; k < w->nodes[i].nparents && ready; k++)
				ready = placed[w->nodes[i].parents[k]];
			for (size_t k = 0; k < w->nodes[i].ndeps && ready; k++)
				ready = placed[w->nodes[i].deps[k]];
			if (ready) {
				placed[i] = true;
				w->order[no++] = i;
				progress = true;
				break; /* restart from the front: keeps the runner's order where it is already topological */
			}
		}
		if (!progress) {
			free(placed);
			return fail(w, VERIFY_EUSAGE, "the revision graph has a cycle");
		}
	}
	free(placed);
	return 0;
}

static bool is_ancestor(const struct walk *w, size_t anc, size_t of, bool *seen)
{
	if (anc == of)
		return true;
	if (seen[of])
		return false;
	seen[of] = true;
	for (size_t k = 0; k < w->nodes[of].nparents; k++)
		if (is_ancestor(w, anc, w->nodes[of].parents[k], seen))
			return true;
	return false;
}

/* anc is an ancestor of (or equal to) of */
static bool ancestor_of(const struct walk *w, size_t anc, size_t of)
{
	bool *seen = calloc(w->n + 1, sizeof(*seen));
	if (!seen)
		return false;
	bool r = is_ancestor(w, anc, of, seen);
	free(seen);
	return r;
}

static void mark_run(struct walk *w, size_t i)
{
	if (w->nodes[i].run)
		return;
	w->nodes[i].run = true;
	for (size_t k = 0; k < w->nodes[i].nparents; k++)
		mark_run(w, w->nodes[i].parents[k]);
	for (size_t k = 0; k < w->nodes[i].ndeps; k++)
		mark_run(w, w->nodes[i].deps[k]);
}

static int select_revisions(struct walk *w)
{
	size_t from = SIZE_MAX, to = SIZE_MAX, mdr = SIZE_MAX;
	if (w->o->from_rev && w->o->from_rev[0] && (from = find_node(w, w->o->from_rev)) == SIZE_MAX)
		return fail(w, VERIFY_EUSAGE, "--revisions: revision '%s' not found in the migrations", w->o->from_rev);
	if (w->o->to_rev && w->o->to_rev[0] && (to = find_node(w, w->o->to_rev)) == SIZE_MAX)
		return fail(w, VERIFY_EUSAGE, "--revisions: revision '%s' not found in the migrations", w->o->to_rev);
	const char *m = w->o->minimum_downgrade_revision;
	if (!m && w->o->project)
		m = w->o->project->verify.minimum_downgrade_revision;
	if (m && m[0] && (mdr = find_node(w, m)) == SIZE_MAX)
		return fail(w, VERIFY_EUSAGE, "minimum_downgrade_revision '%s' not found in the migrations", m);
	for (size_t i = 0; i < w->n; i++) {
		bool t = true;
		if (from != SIZE_MAX && !ancestor_of(w, from, i))
			t = false;
		if (t && to != SIZE_MAX && !ancestor_of(w, i, to))
			t = false;
		w->nodes[i].tested = t;
		w->nodes[i].no_downgrade = mdr != SIZE_MAX && i != mdr && ancestor_of(w, i, mdr);
	}
	for (size_t i = 0; i < w->n; i++)
		if (w->nodes[i].tested)
			mark_run(w, i);
	/* expectations from the project: expect_data_loss and allow_data_loss */
	const struct project_config *p = w->o->project;
	if (p) {
		for (int k = 0; k < 2; k++) {
			const struct config_data_loss *dl = k ? p->allow_data_loss : p->expect_data_loss;
			size_t nd = k ? p->nallow_data_loss : p->nexpect_data_loss;
			for (size_t i = 0; i < nd; i++) {
				size_t idx = find_node(w, dl[i].revision);
				if (idx == SIZE_MAX)
					continue;
				if (add_expect(&w->nodes[idx], dl[i].targets, dl[i].ntargets))
					return fail(w, VERIFY_ENOMEM, "out of memory");
			}
		}
	}
	return 0;
}

static const char *skip_reason(const struct walk *w, const char *rev)
{
	for (size_t i = 0; i < w->o->nskip; i++)
		if (w->o->skip_revs && w->o->skip_revs[i] && strcmp(w->o->skip_revs[i], rev) == 0)
			return w->o->skip_reasons && w->o->skip_reasons[i] ? w->o->skip_reasons[i] : "";
	if (w->o->project)
		for (size_t i = 0; i < w->o->project->verify.nskip; i++)
			if (strcmp(w->o->project->verify.skip[i].revision, rev) == 0)
				return w->o->project->verify.skip[i].reason ? w->o->project->verify.skip[i].reason : "";
	return NULL;
}

/* ---- user rows ---------------------------------------------------------------------------------------------------- */

static void free_user_rows(struct walk *w)
{
	for (size_t i = 0; i < w->nuser_rows; i++) {
		free((void *)w->user_rows[i].columns);
		free((void *)w->user_rows[i].values);
	}
	free(w->user_rows);
	w->user_rows = NULL;
	w->nuser_rows = 0;
}

/* Builds the seed rows the project declares for revision rev (column set: union over the rows, missing = NULL). */
static int build_user_rows(struct walk *w, const char *rev)
{
	free_user_rows(w);
	const struct project_config *p = w->o->project;
	if (!p)
		return 0;
	for (size_t i = 0; i < p->verify.nseed_rows; i++) {
		const struct config_seed_rev *sr = &p->verify.seed_rows[i];
		if (strcmp(sr->revision, rev) != 0)
			continue;
		for (size_t t = 0; t < sr->ntables; t++) {
			const struct config_value *rows = &sr->tables[t].rows;
			if (rows->kind != CFG_VAL_LIST || rows->count == 0)
				continue;
			size_t ncols = 0;
			const char **cols = NULL;
			for (size_t r = 0; r < rows->count; r++) {
				const struct config_value *row = &rows->items[r];
				for (size_t e = 0; row->kind == CFG_VAL_MAP && e < row->count; e++) {
					size_t c;
					for (c = 0; c < ncols && strcmp(cols[c], row->entries[e].key) != 0; c++)
						;
					if (c < ncols)
						continue;
					const char **nc = realloc(cols, (ncols + 1) * sizeof(*nc));
					if (!nc) {
						free(cols);
						return -1;
					}
					cols = nc;
					cols[ncols++] = row->entries[e].key;
				}
			}
			const char **vals = calloc(rows->count * ncols + 1, sizeof(*vals));
			struct mrt_seed_rows *nu = vals ? realloc(w->user_rows, (w->nuser_rows + 1) * sizeof(*nu)) : NULL;
			if (!nu) {
				free(cols);
				free(vals);
				return -1;
			}
			w->user_rows = nu;
			for (size_t r = 0; r < rows->count; r++) {
				const struct config_value *row = &rows->items[r];
				for (size_t c = 0; c < ncols; c++) {
					const struct config_value *v = row->kind == CFG_VAL_MAP ? config_value_get(row, cols[c]) : NULL;
					vals[r * ncols + c] = v && v->kind != CFG_VAL_NULL ? v->text : NULL;
				}
			}
			w->user_rows[w->nuser_rows++] = (struct mrt_seed_rows){sr->tables[t].table, ncols, cols, rows->count,
			                                                       vals, 0};
		}
	}
	return 0;
}

/* ---- results ------------------------------------------------------------------------------------------------------ */

static struct verify_rev *add_rev(struct walk *w, const struct node *nd)
{
	struct verify_result *res = w->res;
	if (res->nrevs == res->cap) {
		size_t ncap = res->cap ? res->cap * 2 : 16;
		struct verify_rev *n = realloc(res->revs, ncap * sizeof(*n));
		if (!n)
			return NULL;
		res->revs = n;
		res->cap = ncap;
	}
	struct verify_rev *r = &res->revs[res->nrevs];
	memset(r, 0, sizeof(*r));
	r->revision = strdup(nd->id);
	r->path = nd->path ? strdup(nd->path) : NULL;
	if (!r->revision || (nd->path && !r->path)) {
		free(r->revision);
		free(r->path);
		return NULL;
	}
	vfindings_init(&r->findings);
	res->nrevs++;
	return r;
}

static bool expectation_covers(const struct node *nd, const struct vfinding *f)
{
	if (!vfinding_kind_is_data(f->kind))
		return false;
	if (nd->expect_all)
		return true;
	for (size_t i = 0; i < nd->nexpect; i++) {
		const char *t = nd->expect[i];
		const char *dot = strchr(t, '.');
		if (!dot) {
			if (f->table && strcmp(t, f->table) == 0)
				return true;
			continue;
		}
		size_t tl = (size_t)(dot - t);
		if (f->table && strlen(f->table) == tl && strncmp(t, f->table, tl) == 0 && f->column &&
		    strcmp(dot + 1, f->column) == 0)
			return true;
	}
	return false;
}

static void finish_rev(struct walk *w, const struct node *nd, struct verify_rev *r, double t0)
{
	bool step = false, data = false, schema = false, expected = false;
	for (size_t i = 0; i < r->findings.count; i++) {
		struct vfinding *f = &r->findings.items[i];
		f->expected = expectation_covers(nd, f);
		if (f->expected)
			expected = true;
		else if (vfinding_kind_is_step(f->kind))
			step = true;
		else if (vfinding_kind_is_data(f->kind))
			data = true;
		else
			schema = true;
	}
	if (r->status != VERIFY_REV_SKIPPED) {
		if (step)
			r->status = VERIFY_REV_FAIL;
		else if (data || schema)
			r->status = VERIFY_REV_LOSS;
		else if (expected)
			r->status = VERIFY_REV_EXPECTED;
		else
			r->status = VERIFY_REV_OK;
	}
	r->seconds = now_s() - t0;
	if (w->o->on_revision)
		w->o->on_revision(r, w->o->ud);
}

static void seed_failed_cb(void *ud, const char *table, const char *error)
{
	struct walk *w = ud;
	if (w->cur)
		vfindings_add(w->cur, VF_SEED_FAILED, table, NULL, -1, -1, "Table '%s' could not be seeded: %s", table, error);
}

/* First line of s into buf. */
static const char *first_line(const char *s, char *buf, size_t size)
{
	size_t n = strcspn(s, "\n");
	if (n >= size)
		n = size - 1;
	memcpy(buf, s, n);
	buf[n] = '\0';
	return buf;
}

static void add_step_finding(struct vfindings *f, enum vfinding_kind kind, const char *what, const struct step_out *so,
                             double timeout)
{
	char line[1024];
	struct vfinding *v;
	if (kind == VF_TIMEOUT) {
		v = vfindings_add(f, kind, NULL, NULL, -1, -1, "%s timed out after %g s (the migration was interrupted)",
		                  what, timeout);
	} else if (kind == VF_DOWNGRADE_FAILED && strcmp(so->type, "NotImplementedError") == 0) {
		v = vfindings_add(f, kind, NULL, NULL, -1, -1, "downgrade raises NotImplementedError: revision is irreversible%s%s",
		                  so->error[0] ? " — " : "", first_line(so->error, line, sizeof(line)));
	} else {
		v = vfindings_add(f, kind, NULL, NULL, -1, -1, "%s failed%s: %s%s%s", what,
		                  kind == VF_UPGRADE_FAILED ? " on existing data" : "", so->type[0] ? so->type : "error",
		                  so->error[0] ? ": " : "", first_line(so->error, line, sizeof(line)));
	}
	if (v && (so->traceback[0] || so->error[0]))
		v->detail = strdup(so->traceback[0] ? so->traceback : so->error);
}

/* ---- snapshots ---------------------------------------------------------------------------------------------------- */

/* introspect (+ seed when seed) + snapshot. */
static int take_snapshot(struct walk *w, bool seed, struct mrt_db_snapshot **out, struct vfindings *findings)
{
	char err[1024];
	struct mrt_db_schema *schema = NULL;
	*out = NULL;
	double t0 = now_s();
	if (w->ops->introspect(w->conn, &schema, err, sizeof(err)) != MRT_OK)
		return fail(w, VERIFY_EBACKEND, "cannot read the scratch database's schema: %s", err);
	prof_add(w, PROF_INTROSPECT, t0);
	if (seed) {
		size_t nrows = w->nuser_rows + w->o->nseed_rows;
		struct mrt_seed_rows *rows = calloc(nrows + 1, sizeof(*rows));
		if (!rows) {
			w->ops->schema_free(schema);
			return fail(w, VERIFY_ENOMEM, "out of memory");
		}
		if (w->nuser_rows)
			memcpy(rows, w->user_rows, w->nuser_rows * sizeof(*rows));
		for (size_t i = 0; i < w->o->nseed_rows; i++) {
			rows[w->nuser_rows + i] = w->o->seed_rows[i];
			rows[w->nuser_rows + i].only_when_empty = 1;
		}
		struct mrt_seed_params sp = {sizeof(sp), w->rows, w->seed, rows, nrows, seed_failed_cb, w};
		w->cur = findings;
		t0 = now_s();
		int rc = w->ops->seed(w->conn, schema, &sp, err, sizeof(err));
		prof_add(w, PROF_SEED, t0);
		w->cur = NULL;
		free(rows);
		if (rc != MRT_OK) {
			w->ops->schema_free(schema);
			return fail(w, VERIFY_EBACKEND, "cannot seed the scratch database: %s", err);
		}
	}
	t0 = now_s();
	if (w->ops->snapshot(w->conn, schema, out, err, sizeof(err)) != MRT_OK) {
		w->ops->schema_free(schema);
		return fail(w, VERIFY_EBACKEND, "cannot read the scratch database: %s", err);
	}
	prof_add(w, PROF_SNAPSHOT, t0);
	return 0;
}

/* ---- the walk ----------------------------------------------------------------------------------------------------- */

/* r is the only head of the applied revisions (no other branch is applied beside r's line). */
static bool only_head(const struct walk *w, size_t r)
{
	for (size_t i = 0; i < w->n; i++) {
		if (i == r || !w->nodes[i].applied)
			continue;
		bool has_applied_child = false;
		for (size_t k = 0; k < w->nodes[i].nchildren && !has_applied_child; k++)
			has_applied_child = w->nodes[w->nodes[i].children[k]].applied;
		if (!has_applied_child)
			return false; /* another head */
	}
	return true;
}

/* Target of the downgrade that undoes exactly r (Alembic facts in DESIGN.md). buf receives it. */
static const char *downgrade_target(const struct walk *w, size_t r, char *buf, size_t size)
{
	const struct node *nd = &w->nodes[r];
	bool alone = only_head(w, r);
	if (nd->nparents >= 2)
		snprintf(buf, size, "%s", w->nodes[nd->parents[0]].id); /* from a merge: one parent unapplies the merge only */
	else if (alone)
		snprintf(buf, size, "%s", nd->nparents ? w->nodes[nd->parents[0]].id : "base");
	else
		snprintf(buf, size, "%s@-1", nd->id); /* other branches applied: step r's own branch down */
	return buf;
}

/* Recovery after a step left the database unknown: rebuild; on failure the walk cannot go on. */
static int recover(struct walk *w)
{
	int rc = rebuild(w);
	return g_interrupted ? VERIFY_EINTR : rc;
}

static void mark_broken_descendants(struct walk *w, size_t r)
{
	w->nodes[r].broken = true;
	for (size_t k = 0; k < w->nodes[r].nchildren; k++)
		if (!w->nodes[w->nodes[r].children[k]].broken)
			mark_broken_descendants(w, w->nodes[r].children[k]);
}

/* Once, after the first successful upgrade: Alembic's version table must be in the scratch database, or env.py
 * ignored the URL and connection mrt handed it (and migrated some other database): stop at once. */
static int check_env_uses_scratch(struct walk *w, const struct node *nd)
{
	if (w->env_checked)
		return 0;
	char err[1024];
	struct mrt_db_schema *schema = NULL;
	double t0 = now_s();
	if (w->ops->introspect(w->conn, &schema, err, sizeof(err)) != MRT_OK)
		return fail(w, VERIFY_EBACKEND, "cannot read the scratch database's schema: %s", err);
	prof_add(w, PROF_INTROSPECT, t0);
	bool seen = schema->struct_size < offsetof(struct mrt_db_schema, version_table) + sizeof(int) ||
	            schema->version_table;
	w->ops->schema_free(schema);
	if (!seen)
		return fail(w, VERIFY_EUSAGE,
		            "after `upgrade %s` the scratch database has no Alembic version table: env.py does not use the "
		            "database mrt hands it; make env.py take config.get_main_option(\"sqlalchemy.url\") or "
		            "config.attributes[\"connection\"] (stopped before anything else ran)",
		            nd->id);
	w->env_checked = true;
	return 0;
}

/* r cannot be upgraded: stamp it so its descendants are still verified (they usually touch other tables); when even
 * the stamp fails, its descendants are skipped. */
static int stamp_over(struct walk *w, size_t idx)
{
	enum step st = run_cmd(w, "stamp", "rev", w->nodes[idx].id, NULL, NULL);
	if (g_interrupted)
		return VERIFY_EINTR;
	if (st == STEP_OK) {
		w->nodes[idx].applied = true;
		return log_push(w, true, idx) ? fail(w, VERIFY_ENOMEM, "out of memory") : 0;
	}
	int rc = st == STEP_FAILED ? 0 : recover(w);
	mark_broken_descendants(w, idx);
	w->nodes[idx].broken = false;
	return rc;
}

static int walk_one(struct walk *w, size_t idx)
{
	struct node *nd = &w->nodes[idx];
	double t0 = now_s();
	struct step_out so;
	char target[512];
	int rc = 0;

	if (nd->broken) {
		struct verify_rev *r = add_rev(w, nd);
		if (!r)
			return fail(w, VERIFY_ENOMEM, "out of memory");
		r->status = VERIFY_REV_SKIPPED;
		r->reason = strdup("an ancestor could not be upgraded");
		finish_rev(w, nd, r, t0);
		return 0;
	}
	const char *skip = skip_reason(w, nd->id);
	if (skip || !nd->tested || nd->no_downgrade) {
		/* not rolled back: stamped (skip) or only upgraded */
		bool stamp = skip != NULL;
		enum step st = run_cmd(w, stamp ? "stamp" : "upgrade", "rev", nd->id, NULL, &so);
		if (g_interrupted)
			return VERIFY_EINTR;
		struct verify_rev *r = NULL;
		if (nd->tested || st != STEP_OK) {
			r = add_rev(w, nd);
			if (!r)
				return fail(w, VERIFY_ENOMEM, "out of memory");
			r->status = VERIFY_REV_SKIPPED;
			if (skip)
				r->reason = strdup(skip[0] ? skip : "skipped by configuration");
			else if (nd->no_downgrade)
				r->reason = strdup("before minimum_downgrade_revision: upgraded, not rolled back");
			else
				r->reason = strdup("outside --revisions: upgraded only");
		}
		if (st == STEP_OK) {
			nd->applied = true;
			if (log_push(w, stamp, idx))
				return fail(w, VERIFY_ENOMEM, "out of memory");
			if ((rc = check_env_uses_scratch(w, nd)) != 0)
				return rc;
		} else {
			r->status = VERIFY_REV_FAIL;
			add_step_finding(&r->findings, st == STEP_TIMEOUT ? VF_TIMEOUT : VF_UPGRADE_FAILED,
			                 stamp ? "stamp" : "upgrade (no seeded data)", &so, w->timeout);
			if (st == STEP_TIMEOUT || st == STEP_DEAD)
				rc = recover(w);
			if (!rc && !stamp)
				rc = stamp_over(w, idx);
			else if (!rc)
				mark_broken_descendants(w, idx);
		}
		if (r)
			finish_rev(w, nd, r, t0);
		return rc;
	}

	struct verify_rev *r = add_rev(w, nd);
	if (!r)
		return fail(w, VERIFY_ENOMEM, "out of memory");
	struct mrt_db_snapshot *before = NULL, *after = NULL;
	if (build_user_rows(w, nd->id))
		return fail(w, VERIFY_ENOMEM, "out of memory");

	/* 1-2. seed and snapshot */
	rc = take_snapshot(w, true, &before, &r->findings);
	if (rc)
		goto out;

	/* 3. upgrade r on seeded data */
	enum step st = run_cmd(w, "upgrade", "rev", nd->id, NULL, &so);
	if (g_interrupted) {
		rc = VERIFY_EINTR;
		goto out;
	}
	if (st != STEP_OK) {
		add_step_finding(&r->findings, st == STEP_TIMEOUT ? VF_TIMEOUT : VF_UPGRADE_FAILED, "upgrade", &so,
		                 w->timeout);
		/* The database is now unknown: rebuild the state before r, then try r on it without data so the walk
		 * can go on; if even that fails, r's descendants are skipped. */
		rc = recover(w);
		if (rc)
			goto out;
		enum step st2 = STEP_FAILED;
		if (st != STEP_TIMEOUT) /* a hang is not retried */
			st2 = run_cmd(w, "upgrade", "rev", nd->id, NULL, NULL);
		if (g_interrupted) {
			rc = VERIFY_EINTR;
			goto out;
		}
		if (st2 == STEP_OK) {
			nd->applied = true;
			if (log_push(w, false, idx))
				rc = fail(w, VERIFY_ENOMEM, "out of memory");
			goto out;
		}
		if (st2 != STEP_FAILED && (rc = recover(w)) != 0)
			goto out;
		rc = stamp_over(w, idx);
		goto out;
	}
	nd->applied = true;
	if ((rc = check_env_uses_scratch(w, nd)) != 0)
		goto out;

	/* 4. downgrade to r's parents */
	downgrade_target(w, idx, target, sizeof(target));
	st = run_cmd(w, "downgrade", "target", target, NULL, &so);
	if (g_interrupted) {
		rc = VERIFY_EINTR;
		goto out;
	}
	if (st != STEP_OK) {
		add_step_finding(&r->findings, st == STEP_TIMEOUT ? VF_TIMEOUT : VF_DOWNGRADE_FAILED, "downgrade", &so,
		                 w->timeout);
		if (strcmp(so.type, "NotImplementedError") == 0)
			r->irreversible = true;
		if (log_push(w, false, idx)) {
			rc = fail(w, VERIFY_ENOMEM, "out of memory");
			goto out;
		}
		if (st != STEP_FAILED) {
			rc = recover(w);
			goto out;
		}
		/* A raising downgrade leaves the database at r (the transaction rolled back); if Alembic's version table
		 * says otherwise, stamp r so the walk goes on from r. */
		json_t *cur = NULL;
		bool at_r = false;
		if (run_cmd(w, "current", NULL, NULL, &cur, NULL) == STEP_OK) {
			size_t j;
			json_t *v;
			json_array_foreach(json_object_get(cur, "current"), j, v) {
				if (json_string_value(v) && strcmp(json_string_value(v), nd->id) == 0)
					at_r = true;
			}
			json_decref(cur);
		}
		if (!at_r && run_cmd(w, "stamp", "rev", nd->id, NULL, NULL) != STEP_OK)
			rc = recover(w);
		goto out;
	}

	/* 5. snapshot and compare */
	rc = take_snapshot(w, false, &after, NULL);
	if (rc)
		goto out;
	double tc = now_s();
	if (snapshot_compare(before, after, &r->findings)) {
		rc = fail(w, VERIFY_ENOMEM, "out of memory");
		goto out;
	}
	prof_add(w, PROF_COMPARE, tc);

	/* 6. upgrade r again */
	st = run_cmd(w, "upgrade", "rev", nd->id, NULL, &so);
	if (g_interrupted) {
		rc = VERIFY_EINTR;
		goto out;
	}
	if (log_push(w, false, idx)) {
		rc = fail(w, VERIFY_ENOMEM, "out of memory");
		goto out;
	}
	if (st != STEP_OK) {
		add_step_finding(&r->findings, st == STEP_TIMEOUT ? VF_TIMEOUT : VF_REUPGRADE_FAILED, "re-upgrade", &so,
		                 w->timeout);
		rc = recover(w);
	}
out:
	if (before)
		w->ops->snapshot_free(before);
	if (after)
		w->ops->snapshot_free(after);
	if (rc == 0 || rc == VERIFY_EINTR)
		finish_rev(w, nd, r, t0);
	return rc;
}

static void walk_release(struct walk *w)
{
	stop_runner(w);
	if (w->ops && w->conn) {
		char err[1024];
		double t0 = now_s();
		w->ops->drop_scratch(w->conn, err, sizeof(err));
		w->ops->disconnect(w->conn);
		prof_add(w, PROF_SCRATCH, t0);
	}
	w->conn = NULL;
	g_emergency = NULL;
	if (w->inst)
		plugin_instance_destroy(w->inst);
	if (w->plugin)
		plugin_unload(w->plugin);
	for (size_t i = 0; i < w->n; i++) {
		free(w->nodes[i].id);
		free(w->nodes[i].path);
		free(w->nodes[i].parents);
		free(w->nodes[i].deps);
		free(w->nodes[i].children);
		for (size_t k = 0; k < w->nodes[i].nexpect; k++)
			free(w->nodes[i].expect[k]);
		free(w->nodes[i].expect);
	}
	free(w->nodes);
	free(w->order);
	free(w->log);
	free_user_rows(w);
}

int verify_run(const struct verify_opts *o, struct verify_result *res)
{
	memset(res, 0, sizeof(*res));
	double t0 = now_s();
	struct walk w;
	memset(&w, 0, sizeof(w));
	w.o = o;
	w.res = res;
	const char *prof_env = getenv("MRT_VERIFY_PROFILE");
	w.prof.on = prof_env && prof_env[0] && strcmp(prof_env, "0") != 0;
	if (!o || !o->alembic_ini || !o->alembic_ini[0] || !o->db_url || !o->db_url[0])
		return fail(&w, VERIFY_EUSAGE, "verify needs --alembic-ini and --db-url");
	const struct project_config *p = o->project;
	w.rows = o->rows ? o->rows : (p && p->verify.rows_set ? p->verify.rows : DEFAULT_ROWS);
	w.seed = o->seed_set ? o->seed : (p && p->verify.seed_set ? p->verify.seed : 0);
	w.timeout = o->timeout_s > 0 ? o->timeout_s : (p && p->verify.timeout_set ? p->verify.timeout : DEFAULT_TIMEOUT_S);
	res->rows = w.rows;
	res->seed = w.seed;
	w.ropts.python = o->python;
	w.ropts.alembic_ini = o->alembic_ini;
	w.ropts.ini_section = o->ini_section;

	int rc = load_backend(&w);
	if (rc)
		goto done;
	res->backend = strdup(w.ops->name ? w.ops->name : "?");

	/* signals: from here on the scratch database must disappear with us */
	struct sigaction sa, old_int, old_term;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	g_interrupted = 0;
	g_runner_pid = 0;
	g_emergency = w.ops->emergency_cleanup;
	sigaction(SIGINT, &sa, &old_int);
	sigaction(SIGTERM, &sa, &old_term);

	char err[1024];
	double tc = now_s();
	if (w.ops->connect(o->db_url, &w.conn, err, sizeof(err)) != MRT_OK) {
		w.conn = NULL;
		rc = fail(&w, VERIFY_EBACKEND, "%s backend: %s", w.ops->name, err);
		goto restore;
	}
	unsigned removed = 0;
	if (w.ops->cleanup_stale)
		w.ops->cleanup_stale(w.conn, STALE_AFTER_S, &removed, err, sizeof(err));
	if (w.ops->create_scratch(w.conn, &w.scratch_url, err, sizeof(err)) != MRT_OK) {
		rc = fail(&w, VERIFY_EBACKEND, "cannot create a scratch database: %s", err);
		goto restore;
	}
	prof_add(&w, PROF_SCRATCH, tc);
	rc = start_runner(&w);
	if (rc)
		goto restore;
	rc = load_graph(&w);
	if (rc)
		goto restore;
	rc = select_revisions(&w);
	if (rc)
		goto restore;
	for (size_t k = 0; k < w.n && !rc; k++) {
		size_t i = w.order[k];
		if (!w.nodes[i].run)
			continue;
		rc = walk_one(&w, i);
		if (g_interrupted)
			rc = VERIFY_EINTR;
	}
restore:
	walk_release(&w);
	if (g_interrupted) {
		res->interrupted = true;
		rc = VERIFY_EINTR;
		snprintf(res->error, sizeof(res->error), "interrupted by signal %d: scratch database removed",
		         (int)g_interrupted);
	}
	sigaction(SIGINT, &old_int, NULL);
	sigaction(SIGTERM, &old_term, NULL);
	res->seconds = now_s() - t0;
	prof_print(&w, res->seconds);
	return rc;
done:
	walk_release(&w);
	res->seconds = now_s() - t0;
	prof_print(&w, res->seconds);
	return rc;
}

void verify_result_release(struct verify_result *res)
{
	for (size_t i = 0; i < res->nrevs; i++) {
		free(res->revs[i].revision);
		free(res->revs[i].path);
		free(res->revs[i].reason);
		vfindings_release(&res->revs[i].findings);
	}
	free(res->revs);
	free(res->backend);
	memset(res, 0, sizeof(*res));
}

/* ---- output ------------------------------------------------------------------------------------------------------- */

const char *verify_status_name(enum verify_status s)
{
	switch (s) {
	case VERIFY_REV_OK:
		return "ok";
	case VERIFY_REV_LOSS:
		return "loss";
	case VERIFY_REV_FAIL:
		return "fail";
	case VERIFY_REV_EXPECTED:
		return "expected";
	case VERIFY_REV_SKIPPED:
		return "skipped";
	}
	return "?";
}

static bool res_failed(const struct verify_result *res)
{
	for (size_t i = 0; i < res->nrevs; i++)
		if (res->revs[i].status == VERIFY_REV_LOSS || res->revs[i].status == VERIFY_REV_FAIL)
			return true;
	return false;
}

int verify_exit_code(const struct verify_result *res, int rc)
{
	if (rc == VERIFY_EUSAGE)
		return 3;
	if (rc < 0)
		return 4;
	return res_failed(res) ? 2 : 0;
}

/* What the status line says after the revision id. */
static const char *status_label(const struct verify_rev *r, char *buf, size_t size)
{
	switch (r->status) {
	case VERIFY_REV_OK:
		return "reversible";
	case VERIFY_REV_EXPECTED:
		return "data loss expected (declared)";
	case VERIFY_REV_LOSS:
		for (size_t i = 0; i < r->findings.count; i++)
			if (!r->findings.items[i].expected && vfinding_kind_is_data(r->findings.items[i].kind))
				return "data loss detected";
		return "schema not restored after rollback";
	case VERIFY_REV_SKIPPED:
		snprintf(buf, size, "skipped%s%s%s", r->reason ? " (" : "", r->reason ? r->reason : "", r->reason ? ")" : "");
		return buf;
	case VERIFY_REV_FAIL:
		break;
	}
	for (size_t i = 0; i < r->findings.count; i++) {
		const struct vfinding *f = &r->findings.items[i];
		if (f->expected)
			continue;
		switch (f->kind) {
		case VF_UPGRADE_FAILED:
			return "upgrade failed";
		case VF_DOWNGRADE_FAILED:
			return r->irreversible ? "irreversible (downgrade raises NotImplementedError)" : "downgrade failed";
		case VF_REUPGRADE_FAILED:
			return "re-upgrade failed";
		case VF_TIMEOUT:
			return "timed out";
		case VF_SEED_FAILED:
			return "seeding failed";
		default:
			break;
		}
	}
	return "failed";
}

void verify_print_rev(const struct verify_rev *r, FILE *out, bool unicode)
{
	char buf[512];
	const char *mark;
	switch (r->status) {
	case VERIFY_REV_OK:
	case VERIFY_REV_EXPECTED:
		mark = unicode ? "✓" : "[ok]";
		break;
	case VERIFY_REV_SKIPPED:
		mark = unicode ? "○" : "[skip]";
		break;
	default:
		mark = unicode ? "✗" : "[FAIL]";
		break;
	}
	fprintf(out, "%s %s %s\n", mark, r->revision, status_label(r, buf, sizeof(buf)));
	for (size_t k = 0; k < r->findings.count; k++) {
		const struct vfinding *f = &r->findings.items[k];
		fprintf(out, "  %s%s%s\n", unicode ? "└─ " : "`- ", f->message, f->expected ? " (expected)" : "");
	}
}

void verify_print_text(const struct verify_result *res, FILE *out, bool unicode)
{
	for (size_t i = 0; i < res->nrevs; i++)
		verify_print_rev(&res->revs[i], out, unicode);
	fprintf(out, "%s\n", res_failed(res) ? "FAILED" : "PASSED");
}

json_t *verify_to_json(const struct verify_result *res)
{
	json_t *root = json_object(), *revs = json_array();
	if (!root || !revs) {
		json_decref(root);
		json_decref(revs);
		return NULL;
	}
	json_object_set_new(root, "revisions", revs);
	size_t counts[5] = {0};
	for (size_t i = 0; i < res->nrevs; i++) {
		const struct verify_rev *r = &res->revs[i];
		counts[r->status]++;
		json_t *jr = json_object(), *fs = json_array();
		if (!jr || !fs) {
			json_decref(jr);
			json_decref(fs);
			json_decref(root);
			return NULL;
		}
		json_object_set_new(jr, "revision", json_string(r->revision));
		json_object_set_new(jr, "status", json_string(verify_status_name(r->status)));
		if (r->reason)
			json_object_set_new(jr, "reason", json_string(r->reason));
		for (size_t k = 0; k < r->findings.count; k++) {
			const struct vfinding *f = &r->findings.items[k];
			json_t *jf = json_object();
			if (!jf)
				continue;
			json_object_set_new(jf, "kind", json_string(vfinding_kind_name(f->kind)));
			json_object_set_new(jf, "table", f->table ? json_string(f->table) : json_null());
			json_object_set_new(jf, "column", f->column ? json_string(f->column) : json_null());
			json_object_set_new(jf, "lost", f->lost >= 0 ? json_integer(f->lost) : json_null());
			json_object_set_new(jf, "total", f->total >= 0 ? json_integer(f->total) : json_null());
			json_object_set_new(jf, "message", json_string(f->message));
			if (f->expected)
				json_object_set_new(jf, "expected", json_true());
			if (f->detail)
				json_object_set_new(jf, "detail", json_string(f->detail));
			json_array_append_new(fs, jf);
		}
		json_object_set_new(jr, "findings", fs);
		json_object_set_new(jr, "seconds", json_real((double)(long)(r->seconds * 1000 + 0.5) / 1000.0));
		json_array_append_new(revs, jr);
	}
	json_t *sum = json_pack("{s:I, s:I, s:I, s:I, s:I, s:I, s:b, s:s?, s:I, s:I, s:f}", "revisions",
	                        (json_int_t)res->nrevs, "ok", (json_int_t)counts[VERIFY_REV_OK], "loss",
	                        (json_int_t)counts[VERIFY_REV_LOSS], "fail", (json_int_t)counts[VERIFY_REV_FAIL],
	                        "expected", (json_int_t)counts[VERIFY_REV_EXPECTED], "skipped",
	                        (json_int_t)counts[VERIFY_REV_SKIPPED], "passed", !res_failed(res), "backend",
	                        res->backend, "rows", (json_int_t)res->rows, "seed", (json_int_t)res->seed, "seconds",
	                        (double)(long)(res->seconds * 1000 + 0.5) / 1000.0);
	if (sum)
		json_object_set_new(root, "summary", sum);
	return root;
}

static void xml_escape(FILE *out, const char *s)
{
	for (; s && *s; s++) {
		switch (*s) {
		case '<':
			fputs("&lt;", out);
			break;
		case '>':
			fputs("&gt;", out);
			break;
		case '&':
			fputs("&amp;", out);
			break;
		case '"':
			fputs("&quot;", out);
			break;
		default:
			if ((unsigned char)*s < 0x20 && *s != '\n' && *s != '\t')
				fputc(' ', out);
			else
				fputc(*s, out);
		}
	}
}

void verify_print_junit(const struct verify_result *res, FILE *out)
{
	size_t failures = 0, skipped = 0;
	for (size_t i = 0; i < res->nrevs; i++) {
		if (res->revs[i].status == VERIFY_REV_LOSS || res->revs[i].status == VERIFY_REV_FAIL)
			failures++;
		if (res->revs[i].status == VERIFY_REV_SKIPPED)
			skipped++;
	}
	fprintf(out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
	fprintf(out, "<testsuites>\n<testsuite name=\"mrt verify\" tests=\"%zu\" failures=\"%zu\" skipped=\"%zu\" "
	             "time=\"%.3f\">\n",
	        res->nrevs, failures, skipped, res->seconds);
	char buf[512];
	for (size_t i = 0; i < res->nrevs; i++) {
		const struct verify_rev *r = &res->revs[i];
		fputs("  <testcase classname=\"mrt.verify\" name=\"", out);
		xml_escape(out, r->revision);
		fprintf(out, "\" time=\"%.3f\"", r->seconds);
		if (r->status == VERIFY_REV_OK || r->status == VERIFY_REV_EXPECTED) {
			fputs("/>\n", out);
			continue;
		}
		fputs(">\n", out);
		if (r->status == VERIFY_REV_SKIPPED) {
			fputs("    <skipped message=\"", out);
			xml_escape(out, r->reason ? r->reason : "skipped");
			fputs("\"/>\n", out);
		} else {
			fputs("    <failure message=\"", out);
			xml_escape(out, status_label(r, buf, sizeof(buf)));
			fputs("\">", out);
			for (size_t k = 0; k < r->findings.count; k++) {
				xml_escape(out, r->findings.items[k].message);
				fputc('\n', out);
			}
			fputs("</failure>\n", out);
		}
		fputs("  </testcase>\n", out);
	}
	fputs("</testsuite>\n</testsuites>\n", out);
}
