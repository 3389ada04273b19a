/* plugin.c — see plugin.h: strict loading of SDK plugins and running rule instances. */
#ifndef _XOPEN_SOURCE
#define _XOPEN_SOURCE 700 /* POSIX.1-2008 */
#endif
#include "plugin.h"

#include <dirent.h>
#include <dlfcn.h>
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "graph.h"

/* The descriptor size of ABI 1.0: every field up to and including `backend`. A plugin built for 1.x (x >= 0) has at
 * least this many bytes. */
#define PLUGIN_DESC_SIZE_1_0 (offsetof(struct mrt_plugin_desc, backend) + sizeof(const struct mrt_backend_ops *))

static char *dup_str(const char *s)
{
	size_t n = strlen(s);
	char *d = malloc(n + 1);
	if (d)
		memcpy(d, s, n + 1);
	return d;
}

const char *plugin_kind_name(enum mrt_plugin_kind kind)
{
	switch (kind) {
	case MRT_KIND_RULE: return "rule";
	case MRT_KIND_BACKEND: return "backend";
	case MRT_KIND_NONE: break;
	}
	return "plugin";
}

static bool ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), k = strlen(suffix);
	return n >= k && memcmp(s + n - k, suffix, k) == 0;
}

/* A plugin name: 1..64 characters of [A-Za-z0-9_.-]. */
static bool valid_name(const char *s)
{
	size_t n = 0;
	for (; s[n]; n++) {
		char c = s[n];
		bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
		          c == '-' || c == '.';
		if (!ok || n >= 64)
			return false;
	}
	return n > 0;
}

static void free_plugin(struct plugin *p)
{
	if (!p)
		return;
	if (p->handle)
		dlclose(p->handle);
	free(p->path);
	free(p);
}

void plugin_unload(struct plugin *p)
{
	free_plugin(p);
}

const struct mrt_plugin_desc *plugin_desc(const struct plugin *p)
{
	return p ? &p->desc : NULL;
}

/* Checks the descriptor copy of p. MRT_OK or a status with err filled. */
static int check_desc(struct plugin *p, const struct mrt_plugin_desc *raw, enum mrt_plugin_kind want, char *err,
                      size_t errlen)
{
	const char *path = p->path;
	if (raw->abi_major != MRT_ABI_MAJOR) {
		snprintf(err, errlen,
		         "%s: plugin built for another ABI: core has ABI %d.%d, plugin has %u.%u; rebuild it against this "
		         "core's mrt_sdk.h",
		         path, MRT_ABI_MAJOR, MRT_ABI_MINOR, (unsigned)raw->abi_major, (unsigned)raw->abi_minor);
		return MRT_EABI;
	}
	if (raw->abi_minor > MRT_ABI_MINOR) {
		snprintf(err, errlen,
		         "%s: plugin is newer than the core: core has ABI %d.%d, plugin has %u.%u; upgrade mrt or rebuild "
		         "the plugin against this core's mrt_sdk.h",
		         path, MRT_ABI_MAJOR, MRT_ABI_MINOR, (unsigned)raw->abi_major, (unsigned)raw->abi_minor);
		return MRT_EABI;
	}
	if (raw->struct_size < PLUGIN_DESC_SIZE_1_0) {
		snprintf(err, errlen,
		         "%s: descriptor too short: core needs struct_size >= %zu for ABI %d.%d, plugin has %u; build it "
		         "with MRT_PLUGIN_DEFINE",
		         path, (size_t)PLUGIN_DESC_SIZE_1_0, MRT_ABI_MAJOR, MRT_ABI_MINOR, (unsigned)raw->struct_size);
		return MRT_EABI;
	}
	/* Read only what both sides know: the rest of our copy stays zero. */
	size_t n = raw->struct_size < sizeof(p->desc) ? raw->struct_size : sizeof(p->desc);
	memset(&p->desc, 0, sizeof(p->desc));
	memcpy(&p->desc, raw, n);
	const struct mrt_plugin_desc *d = &p->desc;
	if (d->kind != MRT_KIND_RULE && d->kind != MRT_KIND_BACKEND) {
		snprintf(err, errlen, "%s: descriptor has no valid kind (%d): set .kind = MRT_KIND_RULE or MRT_KIND_BACKEND",
		         path, (int)d->kind);
		return MRT_EPLUGIN;
	}
	if (want != MRT_KIND_NONE && d->kind != want) {
		snprintf(err, errlen, "%s: wrong plugin kind: expected a %s plugin, this is a %s plugin", path,
		         plugin_kind_name(want), plugin_kind_name(d->kind));
		return MRT_EPLUGIN;
	}
	if (!d->name || !valid_name(d->name)) {
		snprintf(err, errlen, "%s: descriptor has %s name: set .name to 1-64 characters of [A-Za-z0-9_.-]", path,
		         d->name ? "an invalid" : "no");
		return MRT_EPLUGIN;
	}
	if (!d->init) {
		snprintf(err, errlen, "%s: %s plugin '%s' has no init callback (mandatory)", path, plugin_kind_name(d->kind),
		         d->name);
		return MRT_EPLUGIN;
	}
	if (d->kind == MRT_KIND_RULE && !d->check_migration && !d->check_graph) {
		snprintf(err, errlen,
		         "%s: rule plugin '%s' has neither check_migration nor check_graph (one is mandatory)", path,
		         d->name);
		return MRT_EPLUGIN;
	}
	if (d->kind == MRT_KIND_BACKEND && !d->backend) {
		snprintf(err, errlen, "%s: backend plugin '%s' has no backend operations table (.backend is mandatory)",
		         path, d->name);
		return MRT_EPLUGIN;
	}
	char why[MRT_ERRBUF_SIZE * 2];
	int rc = options_check_specs(d->options, why, sizeof(why));
	if (rc) {
		snprintf(err, errlen, "%s: plugin '%s': %s", path, d->name, why);
		return rc;
	}
	return MRT_OK;
}

int plugin_load(const char *path, enum mrt_plugin_kind kind, struct plugin **out, char *err, size_t errlen)
{
	*out = NULL;
	if (!path || !*path) {
		snprintf(err, errlen, "plugin path is empty");
		return MRT_EINVAL;
	}
	struct stat st;
	if (stat(path, &st) != 0) {
		int e = errno;
		snprintf(err, errlen, "cannot load plugin %s: %s", path, strerror(e));
		return e == ENOENT || e == ENOTDIR ? MRT_ENOENT : MRT_EIO;
	}
	if (S_ISDIR(st.st_mode)) {
		snprintf(err, errlen, "cannot load plugin %s: is a directory", path);
		return MRT_EIO;
	}
	if (!S_ISREG(st.st_mode)) {
		snprintf(err, errlen, "cannot load plugin %s: not a regular file", path);
		return MRT_EIO;
	}
	if (!ends_with(path, ".so")) {
		snprintf(err, errlen, "cannot load plugin %s: plugin files end in .so", path);
		return MRT_EINVAL;
	}
	struct plugin *p = calloc(1, sizeof(*p));
	if (!p)
		goto oom;
	/* dlopen searches the library path for names without '/': make relative paths explicit. */
	if (strchr(path, '/')) {
		p->path = dup_str(path);
	} else {
		size_t n = strlen(path) + 3;
		p->path = malloc(n);
		if (p->path)
			snprintf(p->path, n, "./%s", path);
	}
	if (!p->path)
		goto oom;
	p->dev = (unsigned long long)st.st_dev;
	p->ino = (unsigned long long)st.st_ino;
	dlerror();
	p->handle = dlopen(p->path, RTLD_NOW | RTLD_LOCAL);
	if (!p->handle) {
		const char *why = dlerror();
		snprintf(err, errlen, "cannot load plugin %s: %s (check its dependencies with `ldd %s`)", path,
		         why ? why : "unknown dlopen error", p->path);
		free_plugin(p);
		return MRT_EIO;
	}
	dlerror();
	void *sym = dlsym(p->handle, MRT_PLUGIN_ENTRY_SYMBOL);
	if (!sym) {
		snprintf(err, errlen,
		         "%s has no " MRT_PLUGIN_ENTRY_SYMBOL ": is it an mrt plugin? Build it with MRT_PLUGIN_DEFINE", path);
		free_plugin(p);
		return MRT_ENOENT;
	}
	mrt_plugin_entry_fn entry;
	memcpy(&entry, &sym, sizeof(entry)); /* object pointer → function pointer, as POSIX dlsym requires */
	const struct mrt_plugin_desc *raw = entry();
	if (!raw) {
		snprintf(err, errlen, "%s: " MRT_PLUGIN_ENTRY_SYMBOL "() returned NULL; build it with MRT_PLUGIN_DEFINE",
		         path);
		free_plugin(p);
		return MRT_EPLUGIN;
	}
	int rc = check_desc(p, raw, kind, err, errlen);
	if (rc) {
		free_plugin(p);
		return rc;
	}
	p->raw = raw;
	*out = p;
	return MRT_OK;
oom:
	free_plugin(p);
	snprintf(err, errlen, "out of memory loading plugin %s", path);
	return MRT_ENOMEM;
}

/* ---- instances ---------------------------------------------------------------------------------------------------- */

const char *plugin_instance_id(const struct plugin_instance *inst)
{
	return inst && inst->opts ? inst->opts->instance_id : NULL;
}

int plugin_instance_create(struct plugin *p, struct mrt_options *opts, struct plugin_instance **out, char *err,
                           size_t errlen)
{
	*out = NULL;
	if (!p) {
		options_destroy(opts);
		snprintf(err, errlen, "no plugin given");
		return MRT_EINVAL;
	}
	const struct mrt_plugin_desc *d = &p->desc;
	if (!opts) {
		int rc = options_create(d->options, plugin_kind_name(d->kind), d->name, d->name, NULL, 0, &opts, err,
		                        errlen);
		if (rc)
			return rc;
	}
	struct plugin_instance *inst = calloc(1, sizeof(*inst));
	if (!inst) {
		options_destroy(opts);
		snprintf(err, errlen, "out of memory");
		return MRT_ENOMEM;
	}
	inst->plugin = p;
	inst->opts = opts;
	inst->severity = SEV_WARNING;
	struct mrt_diag diag;
	memset(&diag, 0, sizeof(diag));
	void *state = NULL;
	int rc = d->init(hostapi_table(), opts, &state, &diag);
	if (rc != MRT_OK) {
		diag.message[sizeof(diag.message) - 1] = '\0';
		diag.hint[sizeof(diag.hint) - 1] = '\0';
		int code = rc < 0 ? rc : (diag.code < 0 ? diag.code : MRT_EINIT);
		snprintf(err, errlen, "%s: init of %s %s (%s) failed: %s (%s)%s%s", p->path, plugin_kind_name(d->kind),
		         opts->instance_id, d->name, diag.message[0] ? diag.message : mrt_strerror(code),
		         mrt_status_name(code), diag.hint[0] ? "; hint: " : "", diag.hint);
		options_destroy(opts);
		free(inst);
		return MRT_EINIT;
	}
	inst->state = state;
	p->ninstances++;
	*out = inst;
	return MRT_OK;
}

void plugin_instance_destroy(struct plugin_instance *inst)
{
	if (!inst)
		return;
	if (inst->plugin) {
		if (inst->plugin->desc.fini)
			inst->plugin->desc.fini(inst->state);
		if (inst->plugin->ninstances)
			inst->plugin->ninstances--;
	}
	options_destroy(inst->opts);
	free(inst->pattern);
	free(inst->aliases);
	free(inst);
}

int plugin_instance_set_meta(struct plugin_instance *inst, const char *pattern, const char *aliases,
                             enum severity severity)
{
	char *pc = NULL, *ac = NULL;
	if ((pattern && !(pc = dup_str(pattern))) || (aliases && !(ac = dup_str(aliases)))) {
		free(pc);
		free(ac);
		return MRT_ENOMEM;
	}
	free(inst->pattern);
	free(inst->aliases);
	inst->pattern = pc;
	inst->aliases = ac;
	inst->severity = severity;
	memset(&inst->meta, 0, sizeof(inst->meta)); /* the interned copies are of the old texts */
	return MRT_OK;
}

static void ctx_for(struct plugin_instance *inst, struct mrt_ctx *ctx, const char *dialect, struct findings *out)
{
	const struct mrt_plugin_desc *d = &inst->plugin->desc;
	hostapi_ctx_init(ctx, plugin_kind_name(d->kind), d->name, inst->opts->instance_id, inst->severity, out);
	ctx->pattern = inst->pattern;
	ctx->aliases = inst->aliases;
	ctx->meta = &inst->meta;
	ctx->dialect = dialect;
}

static int check_result(struct plugin_instance *inst, const struct mrt_ctx *ctx, int rc, const char *where,
                        char *err, size_t errlen)
{
	const struct mrt_plugin_desc *d = &inst->plugin->desc;
	if (rc != MRT_OK) {
		int code = rc < 0 ? rc : MRT_EPLUGIN;
		snprintf(err, errlen, "rule %s (%s) failed on %s: %s (%s)", inst->opts->instance_id, d->name, where,
		         mrt_strerror(code), mrt_status_name(code));
		return code;
	}
	if (ctx->status != MRT_OK) {
		snprintf(err, errlen, "rule %s (%s) on %s: a finding could not be stored: %s", inst->opts->instance_id,
		         d->name, where, mrt_strerror(ctx->status));
		return ctx->status;
	}
	return MRT_OK;
}

int plugin_check_migration(struct plugin_instance *inst, const struct migration *m, const char *dialect,
                           struct findings *out, char *err, size_t errlen)
{
	if (!inst || !m || !out) {
		snprintf(err, errlen, "plugin_check_migration: missing argument");
		return MRT_EINVAL;
	}
	const struct mrt_plugin_desc *d = &inst->plugin->desc;
	if (d->kind != MRT_KIND_RULE || !d->check_migration)
		return MRT_OK;
	struct mrt_ctx ctx;
	ctx_for(inst, &ctx, dialect, out);
	ctx.m = m;
	int rc = d->check_migration(inst->state, &ctx, HOSTAPI_MIGRATION(m));
	return check_result(inst, &ctx, rc, m->path ? m->path : "(unnamed migration)", err, errlen);
}

int plugin_check_graph(struct plugin_instance *inst, const struct graph *g, const struct migration *const *migs,
                       size_t nmigs, const char *dialect, struct findings *out, char *err, size_t errlen)
{
	if (!inst || !g || !out) {
		snprintf(err, errlen, "plugin_check_graph: missing argument");
		return MRT_EINVAL;
	}
	const struct mrt_plugin_desc *d = &inst->plugin->desc;
	if (d->kind != MRT_KIND_RULE || !d->check_graph)
		return MRT_OK;
	struct mrt_ctx ctx;
	ctx_for(inst, &ctx, dialect, out);
	struct hostapi_graph hg = {.g = g, .migs = migs, .nmigs = migs ? nmigs : 0};
	int rc = d->check_graph(inst->state, &ctx, (const mrt_graph *)(const void *)&hg);
	return check_result(inst, &ctx, rc, "the revision graph", err, errlen);
}

/* ---- registry ----------------------------------------------------------------------------------------------------- */

void plugin_registry_init(struct plugin_registry *r)
{
	memset(r, 0, sizeof(*r));
}

void plugin_registry_release(struct plugin_registry *r)
{
	for (size_t i = r->ninstances; i-- > 0;)
		plugin_instance_destroy(r->instances[i]);
	for (size_t i = r->nplugins; i-- > 0;)
		plugin_unload(r->plugins[i]);
	free(r->instances);
	free(r->plugins);
	plugin_registry_init(r);
}

struct plugin *plugin_registry_find(const struct plugin_registry *r, const char *name)
{
	if (!name)
		return NULL;
	for (size_t i = 0; i < r->nplugins; i++)
		if (!strcmp(r->plugins[i]->desc.name, name))
			return r->plugins[i];
	return NULL;
}

struct plugin_instance *plugin_registry_find_instance(const struct plugin_registry *r, const char *id)
{
	if (!id)
		return NULL;
	for (size_t i = 0; i < r->ninstances; i++)
		if (!strcmp(r->instances[i]->opts->instance_id, id))
			return r->instances[i];
	return NULL;
}

/* Appends x to a pointer array. 0 or -1 (out of memory). */
static int push_ptr(void ***items, size_t *count, size_t *cap, void *x)
{
	if (*count == *cap) {
		size_t ncap = *cap ? *cap * 2 : 16;
		void **n = realloc(*items, ncap * sizeof(*n));
		if (!n)
			return -1;
		*items = n;
		*cap = ncap;
	}
	(*items)[(*count)++] = x;
	return 0;
}

int plugin_registry_load(struct plugin_registry *r, const char *path, enum mrt_plugin_kind kind, struct plugin **out,
                         char *err, size_t errlen)
{
	*out = NULL;
	struct stat st;
	/* one stat() instead of realpath()'s readlink() per path component: 40 plugins load at every start */
	if (path && *path && stat(path, &st) == 0) {
		for (size_t i = 0; i < r->nplugins; i++) {
			struct plugin *p = r->plugins[i];
			if (p->dev != (unsigned long long)st.st_dev || p->ino != (unsigned long long)st.st_ino)
				continue;
			if (kind != MRT_KIND_NONE && p->desc.kind != kind) {
				snprintf(err, errlen, "%s: wrong plugin kind: expected a %s plugin, this is a %s plugin", path,
				         plugin_kind_name(kind), plugin_kind_name(p->desc.kind));
				return MRT_EPLUGIN;
			}
			*out = p;
			return MRT_OK;
		}
	}
	struct plugin *p = NULL;
	int rc = plugin_load(path, kind, &p, err, errlen);
	if (rc)
		return rc;
	struct plugin *other = plugin_registry_find(r, p->desc.name);
	if (other) {
		snprintf(err, errlen, "%s: plugin name '%s' is already used by %s", path, p->desc.name, other->path);
		plugin_unload(p);
		return MRT_EEXIST;
	}
	void **items = (void **)r->plugins;
	if (push_ptr(&items, &r->nplugins, &r->plugins_cap, p)) {
		plugin_unload(p);
		snprintf(err, errlen, "out of memory");
		return MRT_ENOMEM;
	}
	r->plugins = (struct plugin **)items;
	*out = p;
	return MRT_OK;
}

static void registry_drop_plugin(struct plugin_registry *r, struct plugin *p)
{
	for (size_t i = 0; i < r->nplugins; i++) {
		if (r->plugins[i] != p)
			continue;
		memmove(&r->plugins[i], &r->plugins[i + 1], (r->nplugins - i - 1) * sizeof(*r->plugins));
		r->nplugins--;
		plugin_unload(p);
		return;
	}
}

int plugin_registry_instantiate(struct plugin_registry *r, struct plugin *p, struct mrt_options *opts,
                                struct plugin_instance **out, char *err, size_t errlen)
{
	*out = NULL;
	if (!p) {
		options_destroy(opts);
		snprintf(err, errlen, "no plugin given");
		return MRT_EINVAL;
	}
	const char *id = opts ? opts->instance_id : p->desc.name;
	struct plugin_instance *dup = plugin_registry_find_instance(r, id);
	if (dup) {
		snprintf(err, errlen, "%s: %s id '%s' is already used by plugin '%s' (%s)", p->path,
		         plugin_kind_name(p->desc.kind), id, dup->plugin->desc.name, dup->plugin->path);
		options_destroy(opts);
		return MRT_EEXIST;
	}
	if (r->ninstances == r->instances_cap) {
		/* reserve first, so a successful init is never undone for lack of memory */
		void **items = (void **)r->instances;
		size_t cap = r->instances_cap;
		if (push_ptr(&items, &r->ninstances, &cap, NULL)) {
			options_destroy(opts);
			snprintf(err, errlen, "out of memory");
			return MRT_ENOMEM;
		}
		r->ninstances--;
		r->instances = (struct plugin_instance **)items;
		r->instances_cap = cap;
	}
	struct plugin_instance *inst = NULL;
	int rc = plugin_instance_create(p, opts, &inst, err, errlen);
	if (rc) {
		if (p->ninstances == 0)
			registry_drop_plugin(r, p);
		return rc;
	}
	r->instances[r->ninstances++] = inst;
	*out = inst;
	return MRT_OK;
}

static int cmp_name(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

int plugin_registry_load_dir(struct plugin_registry *r, const char *dir, enum mrt_plugin_kind kind, char *err,
                             size_t errlen)
{
	if (!dir || !*dir) {
		snprintf(err, errlen, "plugin directory is empty");
		return MRT_EINVAL;
	}
	DIR *dh = opendir(dir);
	if (!dh) {
		snprintf(err, errlen, "cannot read plugin directory %s: %s", dir, strerror(errno));
		return MRT_EIO;
	}
	char **names = NULL;
	size_t n = 0, cap = 0;
	int rc = MRT_OK;
	struct dirent *e;
	while ((e = readdir(dh)) != NULL) {
		if (e->d_name[0] == '.' || !ends_with(e->d_name, ".so"))
			continue;
		char *c = dup_str(e->d_name);
		void **items = (void **)names;
		if (!c || push_ptr(&items, &n, &cap, c)) {
			free(c);
			rc = MRT_ENOMEM;
			snprintf(err, errlen, "out of memory");
			break;
		}
		names = (char **)items;
	}
	closedir(dh);
	if (n)
		qsort(names, n, sizeof(*names), cmp_name);
	for (size_t i = 0; rc == MRT_OK && i < n; i++) {
		char path[PATH_MAX];
		int w = snprintf(path, sizeof(path), "%s/%s", dir, names[i]);
		if (w < 0 || (size_t)w >= sizeof(path)) {
			snprintf(err, errlen, "plugin path too long: %s/%s", dir, names[i]);
			rc = MRT_EINVAL;
			break;
		}
		struct stat st;
		if (stat(path, &st) != 0 || !S_ISREG(st.st_mode))
			continue;
		struct plugin *p = NULL;
		rc = plugin_registry_load(r, path, kind, &p, err, errlen);
	}
	for (size_t i = 0; i < n; i++)
		free(names[i]);
	free(names);
	return rc;
}
