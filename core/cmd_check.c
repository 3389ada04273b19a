/*
 * cmd_check.c — `mrt check`: static analysis of migration files with the rule plugins.
 *
 *   rules.d YAML files ─► rule set ─┐        mrt.yaml ─► project config (severity, select/ignore, exclude, options)
 *                               ▼
 *   plugins (.so) ─► one instance per enabled rule (options validated against the plugin's table)
 *   discovery ─► for each file: read ─► parse ─► MRT000 for syntax errors ─► every instance's check_migration
 *            ─► suppression comments (MRT900 for bad/unused ones) ─► revision graph
 *   graph ─► every instance's check_graph ─► mrt.yaml suppressions ─► --since/--min-revision ─► sort ─► reporter
 *
 * Memory stays flat in the number of files: each file's model lives in one arena cleared before the next file; only
 * findings (copied strings) and the graph (copied ids) grow.
 */
#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "arena.h"
#include "cli.h"
#include "config.h"
#include "discover.h"
#include "fileio.h"
#include "graph.h"
#include "hostapi.h"
#include "parser.h"
#include "prefetch.h"
#include "plugin.h"
#include "report.h"
#include "suppress.h"

#define MRT000_ID "MRT000"

struct check_opts {
	const char *ini;
	const char *rules_dir;
	const char *plugin_dir;
	const char *config_file;
	const char *output;
	const char *since;          /* only revisions after this one */
	const char *min_revision;   /* this revision and the ones after it */
	const char *dialect;
	enum report_format format;
	bool strict, ascii, unicode, no_color, watch, verbose;
	char **select; size_t nselect; /* comma lists split, borrowed from argv copies (owned by the caller) */
	char **ignore; size_t nignore;
	char **paths; int npaths;
	unsigned discover_flags;
	unsigned jobs;              /* --jobs: 1 = read, parse and check one file at a time; 0 = machine default */
};

/* One rule that runs (or the built-in MRT000/MRT900), with its effective settings. */
struct active_rule {
	const struct rule_config *cfg;  /* borrowed from the rule set, NULL for built-ins without a YAML file */
	const char *id;
	enum severity severity;
	struct plugin_instance *inst;   /* borrowed from the registry; NULL for built-ins */
};

struct check_state {
	const struct check_opts *o;
	struct rule_config_set rules;
	struct project_config proj;
	struct plugin_registry reg;
	struct active_rule *active;
	size_t nactive;
	bool mrt000_on, mrt900_on;
	enum severity mrt000_sev;
	const char *dialect;            /* borrowed: opts, project config, or discovery */
	char dialect_buf[16];
	struct discovery disc;
	struct findings findings;
	size_t files_checked;
	int rc;                         /* worst exit code seen so far among EXIT_USAGE/EXIT_INTERNAL */
	char **suppressing_files;       /* owned: files with suppression comments (second pass for graph rules) */
	size_t nsuppressing;
	struct rule_key *rule_keys;     /* owned array: every id, name and alias of `rules`, sorted; see rule_find */
	size_t nrule_keys;
};

/* ---- option helpers ------------------------------------------------------------------------------------------- */

/* Splits a comma list into out (pointers into a strdup'ed copy kept in *keep). Returns 0 or -1 on out-of-memory. */
static int split_list(const char *s, char ***out, size_t *n, char ***keep, size_t *nkeep)
{
	char *copy = strdup(s);
	if (!copy)
		return -1;
	char **k = realloc(*keep, (*nkeep + 1) * sizeof(*k));
	if (!k) {
		free(copy);
		return -1;
	}
	*keep = k;
	k[(*nkeep)++] = copy;
	char *p = copy;
	while (*p) {
		char *comma = strchr(p, ',');
		if (comma)
			*comma = '\0';
		while (*p == ' ')
			p++;
		size_t len = strlen(p);
		while (len && p[len - 1] == ' ')
			p[--len] = '\0';
		if (*p) {
			char **items = realloc(*out, (*n + 1) * sizeof(*items));
			if (!items)
				return -1;
			*out = items;
			items[(*n)++] = p;
		}
		if (!comma)
			break;
		p = comma + 1;
	}
	return 0;
}

static bool id_in(const char *id, const struct rule_config_set *rules, char **list, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		const char *r = rule_config_resolve(rules, list[i]);
		if (r && strcmp(r, id) == 0)
			return true;
		if (strcmp(list[i], id) == 0)
			return true;
	}
	return false;
}

static bool ref_in(const char *id, const struct config_rule_ref *refs, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (refs[i].id && strcmp(refs[i].id, id) == 0)
			return true;
	return false;
}

/* Whether a rule id is selected by --select/--ignore and the project's select/ignore. */
static bool selected(const struct check_state *st, const char *id)
{
	const struct check_opts *o = st->o;
	if (o->nselect) {
		if (!id_in(id, &st->rules, o->select, o->nselect))
			return false;
	} else if (st->proj.select_set && !ref_in(id, st->proj.select, st->proj.nselect)) {
		return false;
	}
	if (id_in(id, &st->rules, o->ignore, o->nignore) || ref_in(id, st->proj.ignore, st->proj.nignore))
		return false;
	return true;
}

static const struct config_value *project_options(const struct project_config *p, const char *id)
{
	for (size_t i = 0; i < p->nrules; i++)
		if (p->rules[i].rule.id && strcmp(p->rules[i].rule.id, id) == 0)
			return &p->rules[i].options;
	return NULL;
}

static bool rule_ran(const char *id, void *user)
{
	const struct check_state *st = user;
	for (size_t i = 0; i < st->nactive; i++)
		if (strcmp(st->active[i].id, id) == 0)
			return true;
	return false;
}

/* A rule with check_graph can still report after every file was read: its suppression comments are judged (used or
 * not) in the second pass over the files that have suppressions, see apply_file_suppressions_to_graph(). */
static bool rule_is_graph(const struct check_state *st, const char *id)
{
	for (size_t i = 0; i < st->nactive; i++)
		if (st->active[i].inst && strcmp(st->active[i].id, id) == 0)
			return plugin_desc(st->active[i].inst->plugin)->check_graph != NULL;
	return false;
}

static bool rule_ran_per_file(const char *id, void *user)
{
	return rule_ran(id, user) && !rule_is_graph(user, id);
}

static bool rule_ran_graph(const char *id, void *user)
{
	return rule_ran(id, user) && rule_is_graph(user, id);
}

/* ---- set-up ---------------------------------------------------------------------------------------------------- */

static int fail(struct check_state *st, int code, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static int fail(struct check_state *st, int code, const char *fmt, ...)
{
	va_list ap;
	fputs("mrt: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	if (code > st->rc)
		st->rc = code;
	return code;
}

static int load_config(struct check_state *st)
{
	const struct check_opts *o = st->o;
	char dirbuf[PATH_MAX];
	struct config_error err;
	const char *rules_dir = o->rules_dir ? o->rules_dir : cli_rules_dir(dirbuf, sizeof(dirbuf));
	if (config_load_rules_dir(rules_dir, &st->rules, &err) != CONFIG_OK)
		return fail(st, err.status == CONFIG_ENOMEM ? EXIT_INTERNAL : EXIT_USAGE, "%s", err.message);

	/* the project file: --config, else mrt.yaml in the current directory, else beside alembic.ini */
	char auto_path[PATH_MAX];
	const char *cfg = cli_project_config_path(o->config_file, o->ini, auto_path, sizeof(auto_path));
	if (cfg && config_load_project(cfg, &st->rules, &st->proj, &err) != CONFIG_OK)
		return fail(st, err.status == CONFIG_ENOMEM ? EXIT_INTERNAL : EXIT_USAGE, "%s", err.message);

	/* ids given on the command line must exist */
	for (int pass = 0; pass < 2; pass++) {
		char **list = pass ? o->ignore : o->select;
		size_t n = pass ? o->nignore : o->nselect;
		for (size_t i = 0; i < n; i++) {
			if (!rule_config_resolve(&st->rules, list[i]) && strcmp(list[i], MRT000_ID) != 0) {
				char msg[512];
				snprintf(msg, sizeof(msg), "--%s: no rule '%s' (an id such as MRT004, an old code such as "
				         "MRT201, or a name; `mrt rules` lists them)", pass ? "ignore" : "select", list[i]);
				return fail(st, EXIT_USAGE, "%s", msg);
			}
		}
	}
	return EXIT_CLEAN;
}

static int add_active(struct check_state *st, const struct rule_config *cfg, const char *id, enum severity sev,
                      struct plugin_instance *inst)
{
	struct active_rule *a = realloc(st->active, (st->nactive + 1) * sizeof(*a));
	if (!a)
		return fail(st, EXIT_INTERNAL, "%s", "out of memory");
	st->active = a;
	a[st->nactive++] = (struct active_rule){.cfg = cfg, .id = id, .severity = sev, .inst = inst};
	return EXIT_CLEAN;
}

static int load_plugins(struct check_state *st)
{
	char dirbuf[PATH_MAX], path[PATH_MAX], err[2048];
	const char *plugin_dir = st->o->plugin_dir ? st->o->plugin_dir : cli_plugin_dir(dirbuf, sizeof(dirbuf));
	unsigned dialect_bit = st->dialect ? config_dialect_parse(st->dialect) : 0;

	/* built-ins: MRT000 (unparsable migration) and MRT900 (bad suppression) */
	const struct rule_config *r0 = rule_config_find(&st->rules, MRT000_ID);
	bool on0 = r0 ? r0->enabled : true;
	st->mrt000_sev = r0 ? r0->severity : SEV_ERROR;
	project_config_effective(&st->proj, MRT000_ID, &on0, &st->mrt000_sev);
	st->mrt000_on = on0 && selected(st, MRT000_ID);
	bool on900 = true;
	enum severity sev900 = SEV_WARNING;
	project_config_effective(&st->proj, SUPPRESS_RULE_ID, &on900, &sev900);
	st->mrt900_on = on900 && selected(st, SUPPRESS_RULE_ID);

	for (size_t i = 0; i < st->rules.count; i++) {
		const struct rule_config *r = &st->rules.items[i];
		bool enabled = r->enabled;
		enum severity sev = r->severity;
		project_config_effective(&st->proj, r->id, &enabled, &sev);
		if (!enabled || !selected(st, r->id))
			continue;
		if (dialect_bit && !(r->dialects & dialect_bit))
			continue; /* a dialect rule stays silent when the project's dialect is known to be another */
		if (!r->plugin || !*r->plugin)
			continue; /* a built-in described by YAML (MRT000) */
		if (config_rule_plugin_path(r, plugin_dir, path, sizeof(path)) != 0)
			return fail(st, EXIT_USAGE, "%s", "plugin path too long");
		struct plugin *p = NULL;
		int rc = plugin_registry_load(&st->reg, path, MRT_KIND_RULE, &p, err, sizeof(err));
		if (rc != MRT_OK) {
			char msg[3072];
			snprintf(msg, sizeof(msg), "%s:%u: rule %s: %s", r->file, r->line, r->id, err);
			return fail(st, rc == MRT_ENOMEM ? EXIT_INTERNAL : EXIT_USAGE, "%s", msg);
		}
		const struct config_value *maps[2] = {&r->options, project_options(&st->proj, r->id)};
		struct mrt_options *opts = NULL;
		const struct mrt_plugin_desc *d = plugin_desc(p);
		rc = options_create(d->options, "rule", d->name, r->id, maps, 2, &opts, err, sizeof(err));
		if (rc != MRT_OK)
			return fail(st, rc == MRT_ENOMEM ? EXIT_INTERNAL : EXIT_USAGE, "%s", err);
		struct plugin_instance *inst = NULL;
		rc = plugin_registry_instantiate(&st->reg, p, opts, &inst, err, sizeof(err));
		if (rc != MRT_OK)
			return fail(st, rc == MRT_ENOMEM ? EXIT_INTERNAL : EXIT_USAGE, "%s", err);
		char aliases[512];
		size_t n = rule_config_aliases_text(r, aliases, sizeof(aliases));
		if (plugin_instance_set_meta(inst, r->pattern, n ? aliases : NULL, sev) != MRT_OK)
			return fail(st, EXIT_INTERNAL, "%s", "out of memory");
		if (add_active(st, r, r->id, sev, inst) != EXIT_CLEAN)
			return st->rc;
	}
	return EXIT_CLEAN;
}

/* ---- rule lookup by id, name or alias (per finding) ------------------------------------------------------------- */

/* One key of a rule; key and r are borrowed from check_state.rules. */
struct rule_key {
	const char *key;
	const struct rule_config *r;
};

static int rule_key_cmp(const void *a, const void *b)
{
	return strcmp(((const struct rule_key *)a)->key, ((const struct rule_key *)b)->key);
}

/* Builds st->rule_keys once the rules are loaded (ids, names and aliases are unique across the set). 0 or -1. */
static int rule_keys_build(struct check_state *st)
{
	size_t n = 0;
	for (size_t i = 0; i < st->rules.count; i++)
		n += 2 + st->rules.items[i].naliases;
	struct rule_key *k = malloc((n ? n : 1) * sizeof(*k));
	if (!k)
		return -1;
	n = 0;
	for (size_t i = 0; i < st->rules.count; i++) {
		const struct rule_config *r = &st->rules.items[i];
		if (r->id)
			k[n++] = (struct rule_key){r->id, r};
		if (r->name)
			k[n++] = (struct rule_key){r->name, r};
		for (size_t j = 0; j < r->naliases; j++)
			if (r->aliases[j])
				k[n++] = (struct rule_key){r->aliases[j], r};
	}
	qsort(k, n, sizeof(*k), rule_key_cmp);
	free(st->rule_keys);
	st->rule_keys = k;
	st->nrule_keys = n;
	return 0;
}

/* Same answer as rule_config_find(&st->rules, key), by binary search in st->rule_keys. */
static const struct rule_config *rule_find(const struct check_state *st, const char *key)
{
	if (!key)
		return NULL;
	if (!st->rule_keys)
		return rule_config_find(&st->rules, key);
	struct rule_key probe = {key, NULL};
	const struct rule_key *hit = bsearch(&probe, st->rule_keys, st->nrule_keys, sizeof(*hit), rule_key_cmp);
	return hit ? hit->r : NULL;
}

/* ---- per file ---------------------------------------------------------------------------------------------------- */

/* Fills rule metadata (name, pattern, aliases) of findings [first, count) that the core created. */
static void decorate(struct check_state *st, size_t first)
{
	for (size_t i = first; i < st->findings.count; i++) {
		struct finding *x = &st->findings.items[i];
		if (x->pattern)
			continue;
		int rc = 0;
		if (strcmp(x->rule, SUPPRESS_RULE_ID) == 0) {
			rc = suppress_finding_decorate(&st->findings, x);
		} else {
			const struct rule_config *r = rule_find(st, x->rule);
			if (r)
				rc = findings_set(&st->findings, &x->pattern, r->pattern) ||
				     findings_set(&st->findings, &x->name, r->name);
			else if (strcmp(x->rule, MRT000_ID) == 0)
				rc = findings_set(&st->findings, &x->pattern, "Unparsable migration") ||
				     findings_set(&st->findings, &x->name, "unparsable-migration");
		}
		if (rc) {
			fail(st, EXIT_INTERNAL, "%s", "out of memory");
			return;
		}
	}
}

/* Appends the MRT900 findings a suppression pass produced (copied; the caller releases `problems`). */
static void take_problems(struct check_state *st, const struct findings *problems)
{
	for (size_t i = 0; i < problems->count; i++) {
		const struct finding *p = &problems->items[i];
		struct finding *x = findings_add(&st->findings, p->rule, p->severity, p->file, p->revision, p->line, p->col,
		                                 p->message);
		if (!x || findings_set(&st->findings, &x->hint, p->hint)) {
			fail(st, EXIT_INTERNAL, "%s", "out of memory");
			return;
		}
	}
}

static void report_syntax_errors(struct check_state *st, const struct migration *m)
{
	if (!st->mrt000_on)
		return;
	for (size_t i = 0; i < m->nerrors; i++) {
		const struct syntax_error *e = &m->errors[i];
		char msg[512];
		if (e->token && *e->token)
			snprintf(msg, sizeof(msg), "Syntax error: %s (at '%s'); the rest of the file was still checked",
			         e->message, e->token);
		else
			snprintf(msg, sizeof(msg), "Syntax error: %s; the rest of the file was still checked", e->message);
		struct finding *x = findings_add(&st->findings, MRT000_ID, st->mrt000_sev, m->path, m->revision, e->line,
		                                 e->col, msg);
		if (!x ||
		    findings_set(&st->findings, &x->hint, "fix the syntax error: Alembic cannot import this file either")) {
			fail(st, EXIT_INTERNAL, "%s", "out of memory");
			return;
		}
	}
}

/* prefetch_skip_fn: files mrt.yaml excludes are not even read. */
static bool check_excluded(void *user, const char *path)
{
	const struct check_state *st = user;
	return project_config_excluded(&st->proj, path);
}

/* Files checked together: every rule runs over the whole batch before the next rule starts (see check_batch()). */
#define CHECK_BATCH 8

/* The model of a file the prefetcher read and parsed, or NULL when there is nothing to check (skipped, unreadable:
 * reported here, or not a migration). */
static const struct migration *check_prepare(struct check_state *st, const struct prefetch_slot *slot)
{
	switch (slot->status) {
	case PREFETCH_PARSED: break;
	case PREFETCH_SKIPPED: return NULL;
	case PREFETCH_READ_FAILED: fail(st, EXIT_USAGE, "%s", slot->err); return NULL;
	case PREFETCH_NOMEM: fail(st, EXIT_INTERNAL, "%s", slot->err); return NULL;
	}
	if (!cli_is_migration(&slot->m))
		return NULL; /* a helper module or a non-migration .py file */
	st->files_checked++;
	report_syntax_errors(st, &slot->m);
	return &slot->m;
}

/* Suppression comments of one checked file, applied to its findings among [first, count). */
static void check_suppressions(struct check_state *st, const struct migration *m, size_t first)
{
	struct suppress_set ss;
	struct findings problems;
	findings_init(&problems);
	if (suppress_collect(&ss, m, &st->rules, &problems) != 0) {
		fail(st, EXIT_INTERNAL, "%s", "out of memory");
	} else {
		suppress_apply(&ss, m, &st->findings, first);
		if (ss.count) {
			char **files = realloc(st->suppressing_files, (st->nsuppressing + 1) * sizeof(*files));
			if (files) {
				st->suppressing_files = files;
				if ((files[st->nsuppressing] = strdup(m->path)))
					st->nsuppressing++;
			}
		}
		if (st->mrt900_on) {
			suppress_report_unused(&ss, rule_ran_per_file, st, &problems);
			take_problems(st, &problems);
		}
	}
	findings_release(&problems);
	suppress_set_release(&ss);
}

/*
 * Runs the rules and suppressions on up to CHECK_BATCH files the prefetcher read and parsed (see prefetch.h), in list
 * order. Rule-major: 40 plugins' code does not stay in the CPU's caches when each file walks through all of them, one
 * plugin over eight files does. The findings are the same as file by file: a rule sees the migrations in the same
 * order, suppressions only touch their own file's findings, and the report is sorted by file, line, column and rule
 * with ties kept in the order each rule reported them.
 */
static void check_batch(struct check_state *st, struct prefetch_slot *const *slots, size_t n, struct graph *g)
{
	char err[2048];
	const struct migration *ms[CHECK_BATCH];
	size_t nm = 0, first = st->findings.count;
	for (size_t k = 0; k < n && k < CHECK_BATCH; k++)
		if ((ms[nm] = check_prepare(st, slots[k])))
			nm++;
	for (size_t i = 0; i < st->nactive && st->rc != EXIT_INTERNAL; i++) {
		if (!st->active[i].inst)
			continue;
		for (size_t k = 0; k < nm; k++)
			if (plugin_check_migration(st->active[i].inst, ms[k], st->dialect, &st->findings, err, sizeof(err)) !=
			    MRT_OK) {
				fail(st, EXIT_INTERNAL, "%s", err);
				break;
			}
	}
	for (size_t k = 0; k < nm && st->rc != EXIT_INTERNAL; k++) {
		check_suppressions(st, ms[k], first);
		if (graph_add_migration(g, ms[k]) != 0)
			fail(st, EXIT_INTERNAL, "%s", "out of memory");
	}
	decorate(st, first);
}

/*
 * Second pass for rules that report from check_graph (after every file was read): each file with suppression comments
 * is parsed again, its comments are applied to that rule's findings in the file (all of them, so a comment that
 * already matched a per-file finding of the rule counts as used), and unused ids of those rules are reported.
 */
static void apply_file_suppressions_to_graph(struct check_state *st, struct filebuf *buf)
{
	struct arena a;
	arena_init(&a);
	char err[2048];
	for (size_t f = 0; f < st->nsuppressing; f++) {
		const char *path = st->suppressing_files[f];
		if (filebuf_read(buf, path, err, sizeof(err)) != 0)
			continue; /* reported in the first pass */
		arena_clear(&a);
		struct migration m;
		if (parse_migration(&a, path, buf->data, buf->len, &m) != 0) {
			fail(st, EXIT_INTERNAL, "%s: out of memory while parsing", path);
			break;
		}
		/* the graph rules' findings of this file are judged afresh */
		for (size_t i = 0; i < st->findings.count; i++) {
			struct finding *x = &st->findings.items[i];
			if (x->file && strcmp(x->file, path) == 0 && rule_is_graph(st, x->rule))
				x->suppressed = false;
		}
		struct suppress_set ss;
		struct findings problems;
		findings_init(&problems);
		if (suppress_collect(&ss, &m, &st->rules, &problems) == 0) {
			/* malformed comments were reported in the first pass: only graph-rule matches and unused ids now */
			findings_release(&problems);
			findings_init(&problems);
			suppress_apply(&ss, &m, &st->findings, 0);
			if (st->mrt900_on)
				suppress_report_unused(&ss, rule_ran_graph, st, &problems);
			size_t first = st->findings.count;
			take_problems(st, &problems);
			decorate(st, first);
		}
		findings_release(&problems);
		suppress_set_release(&ss);
	}
	arena_release(&a);
}

/* Keeps findings of revisions at/after the --since/--min-revision revision (graph findings without one stay). */
static int filter_revisions(struct check_state *st, const struct graph *g)
{
	const char *name = st->o->min_revision ? st->o->min_revision : st->o->since;
	bool inclusive = st->o->min_revision != NULL;
	if (!name)
		return EXIT_CLEAN;
	size_t idx;
	char err[1024];
	if (graph_lookup(g, name, &idx, err, sizeof(err)) != 0) {
		char msg[1200];
		snprintf(msg, sizeof(msg), "--%s %s: %s", inclusive ? "min-revision" : "since", name, err);
		return fail(st, EXIT_USAGE, "%s", msg);
	}
	size_t kept = 0;
	for (size_t i = 0; i < st->findings.count; i++) {
		struct finding *x = &st->findings.items[i];
		if (!x->revision)
			continue;
		size_t r = graph_find(g, x->revision);
		if (r == (size_t)-1)
			continue;
		bool keep = (r == idx) ? inclusive : graph_is_ancestor(g, idx, r);
		if (!keep)
			x->suppressed = true;
		else
			kept++;
	}
	size_t later = 0;
	for (size_t i = 0; i < g->nnodes; i++)
		if ((i == idx && inclusive) || (i != idx && graph_is_ancestor(g, idx, i)))
			later++;
	if (later == 0)
		fprintf(stderr, "mrt: note: no revision comes after %s (%s): nothing to check\n", name,
		        g->nodes[idx].revision);
	return EXIT_CLEAN;
}

/* SARIF help text: where the full page is (the page itself stays offline, in `mrt explain`). help[i] is owned by
 * the caller (free_help). */
static char **sarif_help(const struct check_state *st)
{
	char **help = calloc(st->rules.count + 1, sizeof(*help));
	for (size_t i = 0; help && i < st->rules.count; i++) {
		const struct rule_config *r = &st->rules.items[i];
		size_t len = strlen(r->id) + (r->summary ? strlen(r->summary) : 0) + 160;
		help[i] = malloc(len);
		if (help[i])
			snprintf(help[i], len, "%s%sRun `mrt explain %s` for why this hurts on rollback or deploy, a bad and a "
			         "good example, and how to suppress it with a reason.",
			         r->summary ? r->summary : "", r->summary ? " " : "", r->id);
	}
	return help;
}

static void free_help(char **help, size_t n)
{
	for (size_t i = 0; help && i < n; i++)
		free(help[i]);
	free(help);
}

static void sarif_rules(const struct check_state *st, char **help, struct report_rule **out, size_t *n)
{
	*out = calloc(st->rules.count + 2, sizeof(**out));
	*n = 0;
	if (!*out || !help)
		return;
	for (size_t i = 0; i < st->rules.count; i++) {
		const struct rule_config *r = &st->rules.items[i];
		(*out)[(*n)++] = (struct report_rule){.id = r->id, .name = r->name, .pattern = r->pattern,
		                                      .description = r->summary, .help = help[i], .sev = r->severity};
	}
	if (!rule_config_find(&st->rules, MRT000_ID))
		(*out)[(*n)++] = (struct report_rule){.id = MRT000_ID, .name = "unparsable-migration",
		                                      .pattern = "Unparsable migration", .sev = SEV_ERROR};
	(*out)[(*n)++] = (struct report_rule){.id = SUPPRESS_RULE_ID, .name = SUPPRESS_RULE_NAME,
	                                      .pattern = SUPPRESS_RULE_PATTERN, .sev = SEV_WARNING};
}

static int run_once(const struct check_opts *o)
{
	struct check_state st;
	memset(&st, 0, sizeof(st));
	st.o = o;
	rule_config_set_init(&st.rules);
	project_config_init(&st.proj);
	plugin_registry_init(&st.reg);
	discovery_init(&st.disc);
	findings_init(&st.findings);
	struct graph *g = NULL;
	struct prefetch *pf = NULL; /* owned: the read-ahead of the migration files */
	struct filebuf buf;
	filebuf_init(&buf);
	FILE *out = stdout;

	if (load_config(&st) != EXIT_CLEAN)
		goto done;
	if (rule_keys_build(&st)) {
		fail(&st, EXIT_INTERNAL, "%s", "out of memory");
		goto done;
	}
	int rc = cli_discover(o->ini, o->paths, o->npaths, o->discover_flags, &st.disc);
	if (rc != EXIT_CLEAN) {
		st.rc = rc;
		goto done;
	}
	/* dialect: --dialect, mrt.yaml, then alembic.ini's sqlalchemy.url; unknown = every dialect's rules apply */
	if (o->dialect) {
		if (!config_dialect_parse(o->dialect)) {
			fail(&st, EXIT_USAGE, "unknown --dialect '%s': use postgresql, sqlite or mysql", o->dialect);
			goto done;
		}
		st.dialect = config_dialect_name(config_dialect_parse(o->dialect));
	} else if (st.proj.dialect) {
		st.dialect = config_dialect_name(st.proj.dialect);
	} else if (st.disc.dialect[0] && config_dialect_parse(st.disc.dialect)) {
		st.dialect = config_dialect_name(config_dialect_parse(st.disc.dialect));
	}
	/* with two CPUs the files are read and parsed on a worker thread, already while the plugins load, and then while
	   the rules run; same order, same output. Two batches in flight: the worker reads the next batch while one (held
	   whole, see check_batch()) is checked; more in flight measured slower (their models no longer fit the caches).
	   On one thread, slots beyond one batch would only spread the files over more memory. */
	bool threaded = prefetch_worth_it(st.disc.nfiles, o->jobs);
	pf = prefetch_open(st.disc.files, st.disc.nfiles, threaded ? 2 * CHECK_BATCH : CHECK_BATCH, threaded,
	                   check_excluded, &st);
	if (!pf) {
		fail(&st, EXIT_INTERNAL, "%s", "out of memory");
		goto done;
	}
	if (load_plugins(&st) != EXIT_CLEAN)
		goto done;
	g = graph_create();
	if (!g) {
		fail(&st, EXIT_INTERNAL, "%s", "out of memory");
		goto done;
	}
	struct prefetch_slot *batch[CHECK_BATCH];
	size_t nb;
	do {
		for (nb = 0; nb < CHECK_BATCH && (batch[nb] = prefetch_next(pf)); nb++)
			;
		check_batch(&st, batch, nb, g);
		for (size_t k = 0; k < nb; k++)
			prefetch_done(pf, batch[k]);
	} while (nb == CHECK_BATCH && st.rc != EXIT_INTERNAL);
	prefetch_close(pf);
	pf = NULL;
	if (st.rc == EXIT_INTERNAL)
		goto done;
	if (st.files_checked == 0 && st.rc == EXIT_CLEAN) {
		/* a wrong path must not pass CI as "No issues found" */
		char where[2048] = "";
		size_t n = 0;
		char *const *list = o->npaths ? o->paths : st.disc.version_dirs;
		size_t count = o->npaths ? (size_t)o->npaths : st.disc.nversion_dirs;
		for (size_t i = 0; i < count; i++) {
			int w = snprintf(where + n, sizeof(where) - n, "%s%s", i ? ", " : "", list[i]);
			if (w < 0 || (size_t)w >= sizeof(where) - n)
				break;
			n += (size_t)w;
		}
		fail(&st, EXIT_USAGE, "no Alembic migration found in %s (%zu .py file(s) looked at, none assigns "
		     "`revision`/`down_revision` or defines upgrade()): check the path or alembic.ini's "
		     "script_location/version_locations", where[0] ? where : "the given paths", st.disc.nfiles);
		goto done;
	}
	if (graph_build(g) != 0) {
		fail(&st, EXIT_INTERNAL, "%s", "out of memory while building the revision graph");
		goto done;
	}
	size_t first = st.findings.count;
	char err[2048];
	/* single files picked out of a history have parents outside the run: graph rules would only see holes */
	bool partial = false;
	for (int i = 0; i < o->npaths; i++) {
		struct stat sb;
		if (stat(o->paths[i], &sb) == 0 && S_ISREG(sb.st_mode))
			partial = true;
	}
	for (size_t i = 0; i < st.nactive && !partial; i++)
		if (st.active[i].inst &&
		    plugin_check_graph(st.active[i].inst, g, NULL, 0, st.dialect, &st.findings, err, sizeof(err)) != MRT_OK)
			fail(&st, EXIT_INTERNAL, "%s", err);
	decorate(&st, first);
	if (!partial)
		apply_file_suppressions_to_graph(&st, &buf);
	bool *used = calloc(st.proj.nsuppress + 1, sizeof(*used));
	if (!used) {
		fail(&st, EXIT_INTERNAL, "%s", "out of memory");
		goto done;
	}
	suppress_apply_project(&st.proj, used, &st.findings, 0);
	if (st.mrt900_on)
		suppress_report_unused_project(&st.proj, used, rule_ran, &st, &st.findings);
	free(used);
	decorate(&st, first);
	if (filter_revisions(&st, g) != EXIT_CLEAN)
		goto done;
	findings_sort(&st.findings);
	if (!st.dialect) {
		/* rules for one dialect ran because the dialect is unknown: say so once, it explains their findings */
		size_t n = 0;
		const char *last = NULL; /* rule ids are interned: the same pointer is the same rule */
		const struct rule_config *r = NULL;
		for (size_t i = 0; i < st.findings.count; i++) {
			const struct finding *x = &st.findings.items[i];
			if (x->suppressed)
				continue;
			if (x->rule != last) {
				last = x->rule;
				r = rule_find(&st, x->rule);
			}
			if (r && r->dialects != CFG_DIALECT_ALL)
				n++;
		}
		if (n)
			fprintf(stderr, "mrt: note: the database dialect is unknown, so rules for every dialect ran (%zu "
			        "finding(s) come from dialect-specific rules); pass --dialect, set sqlalchemy.url in alembic.ini, "
			        "or `dialect:` in mrt.yaml\n", n);
	}

	if (o->output) {
		out = fopen(o->output, "w");
		if (!out) {
			out = stdout;
			char msg[PATH_MAX + 128];
			snprintf(msg, sizeof(msg), "--output %s: %s", o->output, strerror(errno));
			fail(&st, EXIT_USAGE, "%s", msg);
			goto done;
		}
	}
	struct report_opts ro = {.files = st.files_checked, .tool_version = MRT_VERSION};
	bool tty = isatty(fileno(out));
	ro.ascii = o->ascii || (!o->unicode && (!tty || getenv("NO_COLOR")));
	ro.color = tty && !o->no_color && !getenv("NO_COLOR");
	struct winsize ws;
	if (tty && ioctl(fileno(out), TIOCGWINSZ, &ws) == 0 && ws.ws_col >= 40)
		ro.width = ws.ws_col;
	else if (getenv("COLUMNS"))
		ro.width = (unsigned)strtoul(getenv("COLUMNS"), NULL, 10);
	struct report_rule *rr = NULL;
	char **help = NULL;
	if (o->format == REPORT_SARIF) {
		help = sarif_help(&st);
		sarif_rules(&st, help, &rr, &ro.nrules);
	}
	ro.rules = rr;
	if (report_write(out, o->format, &st.findings, &ro) != 0)
		fail(&st, EXIT_INTERNAL, "%s", "could not write the report");
	free(rr);
	free_help(help, st.rules.count);
	if (st.rc == EXIT_CLEAN) {
		size_t ne, nw, ni;
		report_count(&st.findings, &ne, &nw, &ni);
		st.rc = ne ? EXIT_ERRORS : nw ? (o->strict ? EXIT_ERRORS : EXIT_WARNINGS) : EXIT_CLEAN;
	}
done:
	prefetch_close(pf); /* stops a worker still reading when the run ended early */
	if (out != stdout && fclose(out) != 0)
		fail(&st, EXIT_INTERNAL, "%s", "could not write the --output file");
	graph_destroy(g);
	filebuf_release(&buf);
	findings_release(&st.findings);
	discovery_release(&st.disc);
	plugin_registry_release(&st.reg);
	project_config_release(&st.proj);
	free(st.rule_keys);
	rule_config_set_release(&st.rules);
	free(st.active);
	for (size_t i = 0; i < st.nsuppressing; i++)
		free(st.suppressing_files[i]);
	free(st.suppressing_files);
	return st.rc;
}

/* ---- --watch ------------------------------------------------------------------------------------------------------ */

/* A cheap fingerprint of the inputs: every discovered file's mtime and size, and the directories' mtimes. */
static unsigned long long fingerprint(const struct check_opts *o)
{
	struct discovery d;
	discovery_init(&d);
	unsigned long long h = 1469598103934665603ULL;
	char err[1024];
	int rc = o->ini ? discover_from_ini(o->ini, &d, err, sizeof(err))
	                : discover_paths_ex(o->paths, (size_t)o->npaths, o->discover_flags, &d, err, sizeof(err));
	if (rc == DISCOVER_OK) {
		for (size_t i = 0; i < d.nfiles; i++) {
			struct stat sb;
			if (stat(d.files[i], &sb) != 0)
				continue;
			h = (h ^ (unsigned long long)sb.st_mtim.tv_sec) * 1099511628211ULL;
			h = (h ^ (unsigned long long)sb.st_mtim.tv_nsec) * 1099511628211ULL;
			h = (h ^ (unsigned long long)sb.st_size) * 1099511628211ULL;
		}
		h = (h ^ d.nfiles) * 1099511628211ULL;
	}
	discovery_release(&d);
	return h;
}

static void check_usage(FILE *out)
{
	fprintf(out,
	        "usage: mrt check [PATH...] [--alembic-ini FILE] [options]\n\n"
	        "Static analysis of Alembic migration files, without a database.\n\n"
	        "  PATH                  migration files or directories (default: from --alembic-ini or ./alembic.ini)\n"
	        "  --alembic-ini FILE    discover the versions directories (and the dialect) from alembic.ini\n"
	        "  --rules DIR           rules.d directory (default: the one installed with mrt)\n"
	        "  --plugin-dir DIR      where rule plugins (.so) are (default: installed with mrt)\n"
	        "  --config FILE         project configuration (default: ./mrt.yaml, or mrt.yaml beside alembic.ini)\n"
	        "  --format FMT          table (default), json, sarif, github, junit, html\n"
	        "  --output FILE         write the report to FILE instead of standard output\n"
	        "  --select IDS          only these rules (comma list of ids, old codes or names)\n"
	        "  --ignore IDS          not these rules\n"
	        "  --since REV           only findings of revisions after REV (any revision id, prefix or label)\n"
	        "  --min-revision REV    only findings of REV and the revisions after it\n"
	        "  --dialect D           postgresql, sqlite or mysql (default: mrt.yaml, then alembic.ini's URL)\n"
	        "  --strict              warnings fail too (exit code 2)\n"
	        "  --ascii / --unicode   table borders (default: box drawing on a terminal without NO_COLOR)\n"
	        "  --no-color            no ANSI colours (also when NO_COLOR is set or not a terminal)\n"
	        "  --recursive           descend into subdirectories of the directories given\n"
	        "  --watch               check again whenever a migration changes (Ctrl-C to stop)\n"
	        "  --verbose             show the plugins' debug and progress logs\n"
	        "  --jobs N              threads: 1 reads, parses and checks one file at a time; 2 or more (the\n"
	        "                        default with several CPUs) read and parse the next files while the rules run\n\n"
	        "Graph rules (MRT035, MRT039) run when whole directories or an alembic.ini are checked, not on single\n"
	        "files picked out of a history.\n\n"
	        "exit codes: 0 clean, 1 warnings only, 2 errors (or warnings with --strict), 3 usage or\n"
	        "configuration error, 4 internal error\n");
}

int cmd_check(int argc, char **argv)
{
	static const struct option longopts[] = {
		{"alembic-ini", required_argument, NULL, 'i'},
		{"rules", required_argument, NULL, 'r'},
		{"plugin-dir", required_argument, NULL, 'P'},
		{"config", required_argument, NULL, 'c'},
		{"format", required_argument, NULL, 'f'},
		{"output", required_argument, NULL, 'o'},
		{"select", required_argument, NULL, 's'},
		{"ignore", required_argument, NULL, 'I'},
		{"since", required_argument, NULL, 'S'},
		{"min-revision", required_argument, NULL, 'm'},
		{"dialect", required_argument, NULL, 'd'},
		{"strict", no_argument, NULL, 'X'},
		{"ascii", no_argument, NULL, 'A'},
		{"unicode", no_argument, NULL, 'U'},
		{"no-color", no_argument, NULL, 'C'},
		{"recursive", no_argument, NULL, 'R'},
		{"watch", no_argument, NULL, 'w'},
		{"verbose", no_argument, NULL, 'v'},
		{"jobs", required_argument, NULL, 'j'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	struct check_opts o;
	memset(&o, 0, sizeof(o));
	o.format = REPORT_TABLE;
	char **keep = NULL;
	size_t nkeep = 0;
	int rc = EXIT_CLEAN, c;
	optind = 1;
	while (rc == EXIT_CLEAN && (c = getopt_long(argc, argv, "hf:o:", longopts, NULL)) != -1) {
		switch (c) {
		case 'i': o.ini = optarg; break;
		case 'r': o.rules_dir = optarg; break;
		case 'P': o.plugin_dir = optarg; break;
		case 'c': o.config_file = optarg; break;
		case 'f':
			if (report_format_parse(optarg, &o.format) != 0) {
				cli_error("unknown --format '%s': use table, json, sarif, github, junit or html", optarg);
				rc = EXIT_USAGE;
			}
			break;
		case 'o': o.output = optarg; break;
		case 's':
			if (split_list(optarg, &o.select, &o.nselect, &keep, &nkeep) != 0)
				rc = EXIT_INTERNAL;
			break;
		case 'I':
			if (split_list(optarg, &o.ignore, &o.nignore, &keep, &nkeep) != 0)
				rc = EXIT_INTERNAL;
			break;
		case 'S': o.since = optarg; break;
		case 'm': o.min_revision = optarg; break;
		case 'd': o.dialect = optarg; break;
		case 'X': o.strict = true; break;
		case 'A': o.ascii = true; break;
		case 'U': o.unicode = true; break;
		case 'C': o.no_color = true; break;
		case 'R': o.discover_flags |= DISCOVER_RECURSIVE; break;
		case 'w': o.watch = true; break;
		case 'v': o.verbose = true; break;
		case 'j': {
			char *end = NULL;
			long j = strtol(optarg, &end, 10);
			if (!*optarg || *end || j < 1 || j > 1024) {
				cli_error("--jobs wants a number of threads from 1 to 1024, got '%s'", optarg);
				rc = EXIT_USAGE;
			} else {
				o.jobs = (unsigned)j;
			}
			break;
		}
		case 'h': check_usage(stdout); goto out;
		default: check_usage(stderr); rc = EXIT_USAGE; break;
		}
	}
	if (rc == EXIT_CLEAN && o.since && o.min_revision) {
		cli_error("give either --since or --min-revision, not both");
		rc = EXIT_USAGE;
	}
	if (rc != EXIT_CLEAN)
		goto out;
	o.paths = argv + optind;
	o.npaths = argc - optind;
	hostapi_set_log(stderr, o.verbose ? MRT_LOG_DEBUG : MRT_LOG_WARN);
	rc = run_once(&o);
	while (o.watch && rc != EXIT_USAGE && rc != EXIT_INTERNAL) {
		fflush(stdout); /* each report shows at once, also through a pipe */
		unsigned long long before = fingerprint(&o);
		for (;;) {
			struct timespec ts = {.tv_sec = 0, .tv_nsec = 500 * 1000 * 1000};
			nanosleep(&ts, NULL);
			if (fingerprint(&o) != before)
				break;
		}
		printf("\n--- change detected, checking again ---\n");
		fflush(stdout);
		rc = run_once(&o);
	}
out:
	for (size_t i = 0; i < nkeep; i++)
		free(keep[i]);
	free(keep);
	free(o.select);
	free(o.ignore);
	return rc;
}
