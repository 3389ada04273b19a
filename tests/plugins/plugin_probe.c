/*
 * plugin_probe.c — loads one plugin with the real loader and host table, and runs a rule on a built-in migration.
 *
 *   mrt_plugin_probe [--rule-yaml FILE] [--kind rule|backend|any] PLUGIN.so
 *
 * Prints what was loaded, then (rules) every finding as "path:line:col: ID severity: message [hint: ...]".
 * With --rule-yaml, the instance id, severity, pattern, aliases and options come from that rules.d file.
 * Exit status: 0 success, 1 load/instantiate/check failure, 3 usage or configuration error.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "finding.h"
#include "hostapi.h"
#include "plugin.h"

/* upgrade(): op.create_table("fresh", ...); op.drop_column("users", "phone"); op.drop_column("fresh", "x") */
static struct value v_fresh = {.kind = VAL_STR, .text = "fresh", .len = 5, .line = 10, .col = 21};
static struct value v_users = {.kind = VAL_STR, .text = "users", .len = 5, .line = 11, .col = 20};
static struct value v_phone = {.kind = VAL_STR, .text = "phone", .len = 5, .line = 11, .col = 29};
static struct value v_x = {.kind = VAL_STR, .text = "x", .len = 1, .line = 12, .col = 29};
static struct arg a_create[] = {{.value = &v_fresh}};
static struct arg a_drop1[] = {{.value = &v_users}, {.value = &v_phone}};
static struct arg a_drop2[] = {{.value = &v_fresh}, {.value = &v_x}};
static struct op up_ops[] = {
	{.name = "create_table", .receiver = "op", .table = "fresh", .args = a_create, .nargs = 1, .line = 10, .col = 5,
	 .end_line = 10},
	{.name = "drop_column", .receiver = "op", .table = "users", .args = a_drop1, .nargs = 2, .line = 11, .col = 5,
	 .end_line = 11},
	{.name = "drop_column", .receiver = "op", .table = "fresh", .args = a_drop2, .nargs = 2, .line = 12, .col = 5,
	 .end_line = 12},
};
static struct func funcs[] = {
	{.name = "upgrade", .role = FN_UPGRADE, .body = BODY_NORMAL, .line = 9, .end_line = 12, .ops = up_ops,
	 .nops = 3},
	{.name = "downgrade", .role = FN_DOWNGRADE, .body = BODY_EMPTY, .line = 15, .end_line = 16},
};
static const char *down_revs[] = {"0001"};
static struct migration probe_migration = {
	.path = "versions/0002_probe.py", .revision = "0002", .revision_line = 3,
	.down_revisions = {.items = down_revs, .count = 1}, .down_revision_set = true, .down_revision_line = 4,
	.funcs = funcs, .nfuncs = 2, .op_alias = "op", .nlines = 16,
};

static int usage(void)
{
	fprintf(stderr, "usage: mrt_plugin_probe [--rule-yaml FILE] [--kind rule|backend|any] PLUGIN.so\n");
	return 3;
}

static char *join_aliases(const struct rule_config *r)
{
	size_t n = 1;
	for (size_t i = 0; i < r->naliases; i++)
		n += strlen(r->aliases[i]) + 1;
	char *s = calloc(1, n);
	if (!s)
		return NULL;
	size_t used = 0;
	for (size_t i = 0; i < r->naliases; i++)
		used += (size_t)snprintf(s + used, n - used, "%s%s", i ? "," : "", r->aliases[i]);
	return s;
}

int main(int argc, char **argv)
{
	const char *yaml = NULL, *path = NULL;
	enum mrt_plugin_kind kind = MRT_KIND_RULE;
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--rule-yaml") && i + 1 < argc) {
			yaml = argv[++i];
		} else if (!strcmp(argv[i], "--kind") && i + 1 < argc) {
			const char *k = argv[++i];
			kind = !strcmp(k, "rule") ? MRT_KIND_RULE : !strcmp(k, "backend") ? MRT_KIND_BACKEND : MRT_KIND_NONE;
		} else if (!path && argv[i][0] != '-') {
			path = argv[i];
		} else {
			return usage();
		}
	}
	if (!path)
		return usage();

	char err[1024];
	struct plugin_registry reg;
	plugin_registry_init(&reg);
	struct rule_config_set rules;
	rule_config_set_init(&rules);
	struct findings found;
	findings_init(&found);
	int status = 1;

	struct plugin *p = NULL;
	if (plugin_registry_load(&reg, path, kind, &p, err, sizeof(err))) {
		fprintf(stderr, "mrt_plugin_probe: %s\n", err);
		goto out;
	}
	const struct mrt_plugin_desc *d = plugin_desc(p);
	printf("loaded %s %s (%s plugin, ABI %u.%u): %s\n", d->name, d->version ? d->version : "?",
	       plugin_kind_name(d->kind), (unsigned)d->abi_major, (unsigned)d->abi_minor,
	       d->description ? d->description : "");
	for (size_t i = 0; d->options && d->options[i].name; i++)
		printf("  option %s (default %s): %s\n", d->options[i].name, d->options[i].def ? d->options[i].def : "none",
		       d->options[i].description ? d->options[i].description : "");

	const struct rule_config *rc = NULL;
	if (yaml) {
		struct config_error cerr;
		if (config_load_rule_file(yaml, &rules, &cerr) != CONFIG_OK || rules.count != 1) {
			fprintf(stderr, "mrt_plugin_probe: %s\n", rules.count != 1 && !cerr.message[0] ? "expected one rule"
			                                                                               : cerr.message);
			status = 3;
			goto out;
		}
		rc = &rules.items[0];
	}
	struct mrt_options *opts = NULL;
	const struct config_value *maps[1] = {rc ? &rc->options : NULL};
	if (options_create(d->options, plugin_kind_name(d->kind), d->name, rc ? rc->id : d->name, maps, rc ? 1 : 0,
	                   &opts, err, sizeof(err))) {
		fprintf(stderr, "mrt_plugin_probe: %s\n", err);
		status = 3;
		goto out;
	}
	struct plugin_instance *inst = NULL;
	if (plugin_registry_instantiate(&reg, p, opts, &inst, err, sizeof(err))) {
		fprintf(stderr, "mrt_plugin_probe: %s\n", err);
		goto out;
	}
	if (rc) {
		char *aliases = join_aliases(rc);
		int mrc = plugin_instance_set_meta(inst, rc->pattern, aliases, rc->severity);
		free(aliases);
		if (mrc)
			goto out;
	}
	if (d->kind == MRT_KIND_RULE) {
		if (plugin_check_migration(inst, &probe_migration, NULL, &found, err, sizeof(err))) {
			fprintf(stderr, "mrt_plugin_probe: %s\n", err);
			goto out;
		}
		for (size_t i = 0; i < found.count; i++) {
			const struct finding *f = &found.items[i];
			printf("%s:%u:%u: %s %s: %s", f->file ? f->file : "-", f->line, f->col, f->rule,
			       severity_name(f->severity), f->message);
			if (f->hint)
				printf(" [hint: %s]", f->hint);
			printf("\n");
		}
		printf("%zu finding(s)\n", found.count);
	}
	status = 0;
out:
	findings_release(&found);
	plugin_registry_release(&reg);
	rule_config_set_release(&rules);
	return status;
}
