/*
 * plugin.h — loading plugins (.so files built with the SDK, sdk/mrt_sdk.h) and running rule instances.
 *
 * One loaded file is a struct plugin; one configured use of it (a rule id with its options) is a struct
 * plugin_instance. A plugin can have several instances with different options. Most callers use a
 * struct plugin_registry, which refuses two different files declaring the same plugin name and two instances with
 * the same id, and owns everything it loaded:
 *
 *     struct plugin_registry reg; plugin_registry_init(&reg);
 *     struct plugin *p; rc = plugin_registry_load(&reg, "/x/drop_column.so", MRT_KIND_RULE, &p, err, sizeof err);
 *     struct mrt_options *o; rc = options_create(plugin_desc(p)->options, "rule", plugin_desc(p)->name, "MRT004",
 *                                                maps, nmaps, &o, err, sizeof err);        (hostapi.h)
 *     struct plugin_instance *ri; rc = plugin_registry_instantiate(&reg, p, o, &ri, err, sizeof err);
 *     plugin_instance_set_meta(ri, "DROP COLUMN in upgrade", "MRT201,MRT206", SEV_ERROR);
 *     rc = plugin_check_migration(ri, m, "postgresql", &findings, err, sizeof err);
 *     plugin_registry_release(&reg);   (fini for every instance, then dlclose)
 *
 * The verify code loads a backend the same way, or without a registry:
 *     plugin_load(path, MRT_KIND_BACKEND, &p, err, n); plugin_desc(p)->backend ...;
 *     plugin_instance_create(p, NULL, &inst, err, n);  (default options; inst->state is the backend's state)
 *     ... plugin_instance_destroy(inst); plugin_unload(p);
 *
 * Loading is strict (dlopen(RTLD_NOW|RTLD_LOCAL), regular *.so files only, ABI handshake, mandatory callbacks,
 * options table checked) and every refusal names the file and says what to do. A bad plugin never crashes the core
 * while loading; a plugin that crashes inside its own callback takes the process down (run untrusted plugins in a
 * separate process).
 *
 * Errors: MRT_OK (0) or a negative enum mrt_status (mrt_sdk.h) with one line of text in a caller-owned
 * err[0..errlen) (MRT_ERRBUF_SIZE or more recommended: 1024). Ownership is written at each declaration.
 */
#ifndef MRT_PLUGIN_H
#define MRT_PLUGIN_H

#include <stddef.h>
#include <stdbool.h>
#include "mrt_sdk.h"
#include "finding.h"
#include "model.h"
#include "hostapi.h"

struct graph;
struct plugin_registry;

struct plugin {
	char *path;                       /* owned: the path as given */
	unsigned long long dev, ino;      /* the file's identity (stat), to recognise the same file by another path */
	void *handle;                     /* owned: dlopen handle */
	const struct mrt_plugin_desc *raw; /* borrowed from the .so: the descriptor as the plugin returned it */
	struct mrt_plugin_desc desc;      /* copy of *raw; fields beyond raw->struct_size are zero */
	size_t ninstances;                /* live instances created from it */
};

struct plugin_instance {
	struct plugin *plugin;            /* borrowed: the plugin must outlive the instance */
	struct mrt_options *opts;         /* owned (destroyed with the instance) */
	void *state;                      /* owned by the plugin: what init() returned, given back to fini() */
	/* finding metadata (owned copies, set by plugin_instance_set_meta; NULL until then) */
	char *pattern;                    /* "DROP COLUMN in upgrade" (NULL: the plugin name) */
	char *aliases;                    /* "MRT201,MRT206" or NULL */
	enum severity severity;           /* configured default severity (SEV_WARNING until set) */
	struct hostapi_meta meta;         /* rule id, aliases, pattern and name interned in the findings list reported to */
};

/*
 * Opens path and checks it: a regular file ending in ".so"; dlopen(RTLD_NOW|RTLD_LOCAL); symbol
 * mrt_plugin_entry_v1; ABI major equal, minor not newer, struct_size not too short; kind as asked; name set; mandatory
 * callbacks (rules: init and check_migration or check_graph; backends: init and backend); options table valid.
 * kind MRT_KIND_NONE accepts either kind (for listing and describing plugins).
 * Returns MRT_OK with *out (caller-owned: plugin_unload) or a negative status with *out = NULL and err filled:
 *   MRT_EINVAL empty path / not a .so; MRT_ENOENT missing file, no entry symbol; MRT_EIO not a regular file, dlopen
 *   failed; MRT_EABI version mismatch; MRT_EPLUGIN malformed descriptor; MRT_ENOMEM.
 */
int plugin_load(const char *path, enum mrt_plugin_kind kind, struct plugin **out, char *err, size_t errlen);
/* dlcloses and frees p. p must have no live instance (destroy them first). NULL is fine. */
void plugin_unload(struct plugin *p);
/* The checked descriptor (fields beyond the plugin's struct_size read as zero). Borrowed: valid until unload. */
const struct mrt_plugin_desc *plugin_desc(const struct plugin *p);
/* "rule" / "backend" / "plugin". */
const char *plugin_kind_name(enum mrt_plugin_kind kind);

/*
 * Creates one instance: calls the plugin's init() with the host table and opts. opts ownership passes to the
 * instance in every case (freed on failure too); NULL means "defaults, instance id = plugin name". On init failure
 * returns MRT_EINIT with "<path>: init of rule MRT004 (drop-column) failed: <diag message> (hint: <diag hint>)";
 * nothing is left allocated by the core (the plugin must clean up its own state before failing).
 * *out is caller-owned (plugin_instance_destroy).
 */
int plugin_instance_create(struct plugin *p, struct mrt_options *opts, struct plugin_instance **out, char *err,
                           size_t errlen);
/* Calls fini(state) and frees the instance. NULL is fine. */
void plugin_instance_destroy(struct plugin_instance *inst);
/* Instance id ("MRT004"). Borrowed. */
const char *plugin_instance_id(const struct plugin_instance *inst);
/* Copies the finding metadata. MRT_OK or MRT_ENOMEM (the instance keeps its previous values then). */
int plugin_instance_set_meta(struct plugin_instance *inst, const char *pattern, const char *aliases,
                             enum severity severity);

/*
 * Runs a rule instance's check_migration on m (no-op MRT_OK when the plugin has none); findings are appended to out.
 * dialect: "postgresql" / "sqlite" / "mysql" or NULL. Returns MRT_OK, the plugin's own negative status (err: "rule
 * MRT004 (drop-column) failed on <path>: <status text>"), or MRT_ENOMEM when a report could not be stored.
 */
int plugin_check_migration(struct plugin_instance *inst, const struct migration *m, const char *dialect,
                           struct findings *out, char *err, size_t errlen);
/*
 * Runs check_graph (no-op MRT_OK when absent). g is built (graph_build); migs[n] is the parsed migration of graph
 * node n (not of the SDK's topological index), NULL entries allowed, migs itself may be NULL (nmigs 0).
 */
int plugin_check_graph(struct plugin_instance *inst, const struct graph *g, const struct migration *const *migs,
                       size_t nmigs, const char *dialect, struct findings *out, char *err, size_t errlen);

/* ---- registry ---------------------------------------------------------------------------------------------------- */

struct plugin_registry {
	struct plugin **plugins;            /* owned, in load order */
	size_t nplugins, plugins_cap;
	struct plugin_instance **instances; /* owned, in creation order */
	size_t ninstances, instances_cap;
};

void plugin_registry_init(struct plugin_registry *r);
/* Destroys every instance (fini, in reverse creation order), then unloads every plugin. r can be reused. */
void plugin_registry_release(struct plugin_registry *r);

/*
 * Loads path (plugin_load) unless the same file (same device and inode: another path to it, a symlink) is already
 * loaded, in which case *out is that plugin.
 * Refuses (MRT_EEXIST) a different file declaring a name already loaded: "<path>: plugin name 'x' is already used by
 * <other path>". *out is borrowed from the registry.
 */
int plugin_registry_load(struct plugin_registry *r, const char *path, enum mrt_plugin_kind kind, struct plugin **out,
                         char *err, size_t errlen);
/*
 * Creates an instance of p (which must come from this registry) with opts (ownership passes in every case). Refuses
 * (MRT_EEXIST) an instance id already used. When init fails and p has no other instance, p is unloaded (dlclose) and
 * removed from the registry: p is then invalid. *out is borrowed from the registry.
 */
int plugin_registry_instantiate(struct plugin_registry *r, struct plugin *p, struct mrt_options *opts,
                                struct plugin_instance **out, char *err, size_t errlen);
/* Plugin by name / instance by id, or NULL. Borrowed. */
struct plugin *plugin_registry_find(const struct plugin_registry *r, const char *name);
struct plugin_instance *plugin_registry_find_instance(const struct plugin_registry *r, const char *id);

/*
 * Loads every regular *.so file of dir (sorted by name; subdirectories and other files ignored) as kind. Stops at the
 * first failure (err names the file). Returns MRT_OK, or the failing status; MRT_EIO when dir cannot be read.
 */
int plugin_registry_load_dir(struct plugin_registry *r, const char *dir, enum mrt_plugin_kind kind, char *err,
                             size_t errlen);

#endif
