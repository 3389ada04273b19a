/*
 * hostapi.h — the core side of the plugin SDK: the host function table (struct mrt_host_api) handed to every plugin,
 * the per-instance options (struct mrt_options) validated from YAML, and the call context (struct mrt_ctx) through
 * which a rule reports findings.
 *
 * The SDK's opaque handles are the model's own structs: an `mrt_migration *` IS a `struct migration *`, an `mrt_op *`
 * a `struct op *`, `mrt_value` a `struct value`, `mrt_sql` a `struct sql_stmt`, `mrt_import` a `struct import`,
 * `mrt_func` a `struct func`, `mrt_raise` a `struct raise_info`, `mrt_comment` a `struct comment_ref`. The only
 * wrapper is the graph: `mrt_graph` is a struct hostapi_graph (the graph plus the parsed migration of each node).
 * Use the HOSTAPI_* casts below; never dereference a handle as the wrong type.
 *
 * Ownership: struct mrt_options owns every string and array it holds (malloc); options_destroy() frees them. The
 * option specs it points to are borrowed from the plugin (valid while the plugin is loaded). struct mrt_ctx owns
 * nothing: every pointer in it is borrowed from its creator for the duration of one plugin call.
 * Errors: MRT_OK (0) or a negative enum mrt_status, with one line of text in a caller-owned err[0..errlen).
 */
#ifndef MRT_HOSTAPI_H
#define MRT_HOSTAPI_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdbool.h>
#include "mrt_sdk.h"
#include "model.h"
#include "finding.h"
#include "graph.h"

struct config_value;

#define HOSTAPI_MIGRATION(p) ((const mrt_migration *)(const void *)(p))
#define HOSTAPI_FUNC(p) ((const mrt_func *)(const void *)(p))
#define HOSTAPI_OP(p) ((const mrt_op *)(const void *)(p))
#define HOSTAPI_VALUE(p) ((const mrt_value *)(const void *)(p))
#define HOSTAPI_SQL(p) ((const mrt_sql *)(const void *)(p))

/* The graph as plugins see it: nodes re-indexed in topological order (SDK index i = g->order[i]). */
struct hostapi_graph {
	const struct graph *g;                 /* borrowed, built */
	const struct migration *const *migs;   /* borrowed: parsed migration per *graph node index*, or NULL (none) */
	size_t nmigs;                          /* length of migs (indices >= nmigs have no migration) */
};

/* ---- options ----------------------------------------------------------------------------------------------------- */

struct options_value {
	const struct mrt_option_spec *spec; /* borrowed from the plugin */
	bool set;                           /* given in YAML (not the default) */
	bool has_value;                     /* set, or a default exists */
	bool b;
	int64_t i;
	int sev;                            /* enum mrt_severity */
	char *s;                            /* owned: MRT_OPT_STRING */
	char **items;                       /* owned array of owned strings: MRT_OPT_STRLIST */
	size_t nitems;
};

struct mrt_options {
	char *plugin_name;                  /* owned */
	char *instance_id;                  /* owned: "MRT004" for rules, the plugin name for backends */
	const char *kind_name;              /* static: "rule" / "backend" (log prefix) */
	struct options_value *values;       /* owned, one per spec, in table order */
	size_t count;
};

/*
 * Checks a plugin's options table: every entry named, valid type, no duplicate name, defaults that parse as their
 * type and lie within [min, max]. Returns MRT_OK or MRT_EPLUGIN with err "option table: ...".
 */
int options_check_specs(const struct mrt_option_spec *specs, char *err, size_t errlen);

/*
 * Builds the options of one instance: defaults from specs, then each YAML map of maps[0..nmaps) in order (later ones
 * override earlier ones: the rule file, then the project's `rules:` override). Unknown keys, wrong types, out-of-range
 * integers, bad severities and missing required options are MRT_ECONFIG with "file:line:col: option 'x' of rule
 * MRT004 (drop-column): ..." in err. specs may be NULL (no options); maps[i] may be NULL or a CFG_VAL_NULL/empty map.
 * kind_name is "rule" or "backend". *out is caller-owned (options_destroy) on MRT_OK, NULL otherwise.
 */
int options_create(const struct mrt_option_spec *specs, const char *kind_name, const char *plugin_name,
                   const char *instance_id, const struct config_value *const *maps, size_t nmaps,
                   struct mrt_options **out, char *err, size_t errlen);
void options_destroy(struct mrt_options *o);
/* The value slot of an option, or NULL when the name is not in the table. */
const struct options_value *options_get(const struct mrt_options *o, const char *name);

/* ---- call context ------------------------------------------------------------------------------------------------ */

/* A findings list's interned copies of the rule metadata every finding of a rule repeats. */
struct hostapi_meta {
	unsigned long list; /* the id of the findings list they belong to (0: none yet) */
	const char *rule, *aliases, *pattern, *name;
};

struct mrt_ctx {
	const char *kind_name;        /* "rule" / "backend" (log prefix) */
	const char *plugin_name;      /* the plugin's name (finding "name" and log prefix) */
	const char *rule_id;          /* instance id: "MRT004" */
	const char *pattern;          /* finding "pattern", or NULL (then plugin_name) */
	const char *aliases;          /* "MRT201,MRT206" or NULL */
	enum severity severity;       /* configured default severity */
	const char *dialect;          /* "postgresql" / "sqlite" / "mysql" / NULL */
	const struct migration *m;    /* the migration being checked, or NULL (graph checks) */
	struct findings *out;         /* where report() appends (borrowed) */
	int status;                   /* first error a report() hit (MRT_ENOMEM), MRT_OK otherwise */
	size_t nreports;              /* findings added through this context */
	struct hostapi_meta *meta;    /* where rule_id, aliases, pattern and plugin_name are kept interned: the plugin
	                                 instance's (they live as long as it), or NULL: own_meta */
	struct hostapi_meta own_meta;
	/* out's interned copies of the migration's path and revision (fixed during a call), filled at first use */
	const char *i_path, *i_revision;
	const char *hint_src, *i_hint; /* the last hint as the plugin passed it (compared again: it may be a buffer) */
};

/* Zeroes ctx and sets the fields every call needs; the others stay NULL/0. */
void hostapi_ctx_init(struct mrt_ctx *ctx, const char *kind_name, const char *plugin_name, const char *rule_id,
                      enum severity severity, struct findings *out);

/* ---- the table --------------------------------------------------------------------------------------------------- */

/* The host table (static, constant). */
const struct mrt_host_api *hostapi_table(void);

/* Where plugin logs go (default: stderr, MRT_LOG_WARN and above). Call before loading plugins. stream is borrowed. */
void hostapi_set_log(FILE *stream, enum mrt_log_level min_level);

#endif
