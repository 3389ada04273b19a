/*
 * cmd_rules.c — `mrt rules` (the rule list) and `mrt explain ID` (a rule's doc page, offline).
 */
#include <getopt.h>
#include <jansson.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "config.h"
#include "fileio.h"

/* Loads rules.d (given or default) and, when given, the project config. Prints errors; returns an exit code. */
static int load_rules(const char *rules_dir, const char *config_file, struct rule_config_set *rules,
                      struct project_config *proj)
{
	char dirbuf[PATH_MAX];
	struct config_error err;
	if (!rules_dir)
		rules_dir = cli_rules_dir(dirbuf, sizeof(dirbuf));
	if (config_load_rules_dir(rules_dir, rules, &err) != CONFIG_OK) {
		cli_error("%s", err.message);
		return err.status == CONFIG_ENOMEM ? EXIT_INTERNAL : EXIT_USAGE;
	}
	if (config_file && config_load_project(config_file, rules, proj, &err) != CONFIG_OK) {
		cli_error("%s", err.message);
		return err.status == CONFIG_ENOMEM ? EXIT_INTERNAL : EXIT_USAGE;
	}
	return EXIT_CLEAN;
}

static void dialects_text(unsigned bits, char *buf, size_t size)
{
	if (bits == CFG_DIALECT_ALL) {
		snprintf(buf, size, "all");
		return;
	}
	size_t n = 0;
	buf[0] = '\0';
	for (unsigned b = 1; b < CFG_DIALECT_ALL; b <<= 1) {
		if (!(bits & b))
			continue;
		int k = snprintf(buf + n, size - n, "%s%s", n ? "," : "", config_dialect_name(b));
		if (k < 0 || (size_t)k >= size - n)
			break;
		n += (size_t)k;
	}
}

static void rules_usage(FILE *out)
{
	fprintf(out, "usage: mrt rules [--rules DIR] [--config mrt.yaml] [--format text|json]\n\n"
	             "Lists every rule: id, name, severity, old codes it covers (aliases), dialects, enabled state\n"
	             "(after the project's mrt.yaml when --config is given).\n");
}

int cmd_rules(int argc, char **argv)
{
	static const struct option longopts[] = {
		{"rules", required_argument, NULL, 'r'},
		{"config", required_argument, NULL, 'c'},
		{"format", required_argument, NULL, 'f'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	const char *rules_dir = NULL, *config_file = NULL, *format = "text";
	int c;
	optind = 1;
	while ((c = getopt_long(argc, argv, "hf:", longopts, NULL)) != -1) {
		switch (c) {
		case 'r': rules_dir = optarg; break;
		case 'c': config_file = optarg; break;
		case 'f': format = optarg; break;
		case 'h': rules_usage(stdout); return EXIT_CLEAN;
		default: rules_usage(stderr); return EXIT_USAGE;
		}
	}
	if (optind < argc) {
		cli_error("unexpected argument '%s'", argv[optind]);
		return EXIT_USAGE;
	}
	bool json = strcmp(format, "json") == 0;
	if (!json && strcmp(format, "text") != 0) {
		cli_error("unknown --format '%s' for rules: use text or json", format);
		return EXIT_USAGE;
	}
	struct rule_config_set rules;
	struct project_config proj;
	rule_config_set_init(&rules);
	project_config_init(&proj);
	int rc = load_rules(rules_dir, config_file, &rules, &proj);
	if (rc == EXIT_CLEAN) {
		json_t *arr = json ? json_array() : NULL;
		if (!json)
			printf("%-7s %-30s %-8s %-7s %-24s %s\n", "ID", "NAME", "SEVERITY", "ENABLED", "DIALECTS", "ALIASES");
		for (size_t i = 0; i < rules.count; i++) {
			const struct rule_config *r = &rules.items[i];
			bool enabled = r->enabled;
			enum severity sev = r->severity;
			project_config_effective(&proj, r->id, &enabled, &sev);
			char dial[64], aliases[512];
			dialects_text(r->dialects, dial, sizeof(dial));
			rule_config_aliases_text(r, aliases, sizeof(aliases));
			if (json) {
				json_t *al = json_array();
				for (size_t k = 0; k < r->naliases; k++)
					json_array_append_new(al, json_string(r->aliases[k]));
				json_array_append_new(arr, json_pack("{s:s, s:s, s:s, s:o, s:b, s:s, s:s?}", "id", r->id,
				                                     "name", r->name, "severity", severity_name(sev),
				                                     "aliases", al, "enabled", enabled, "dialects", dial,
				                                     "summary", r->summary));
			} else {
				printf("%-7s %-30s %-8s %-7s %-24s %s\n", r->id, r->name, severity_name(sev),
				       enabled ? "yes" : "no", dial, aliases[0] ? aliases : "-");
			}
		}
		if (json) {
			json_dumpf(arr, stdout, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
			fputc('\n', stdout);
			json_decref(arr);
		}
	}
	project_config_release(&proj);
	rule_config_set_release(&rules);
	return cli_finish_stdout(rc);
}

int cmd_explain(int argc, char **argv)
{
	static const struct option longopts[] = {
		{"rules", required_argument, NULL, 'r'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	const char *rules_dir = NULL;
	int c;
	optind = 1;
	while ((c = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
		switch (c) {
		case 'r': rules_dir = optarg; break;
		case 'h':
			printf("usage: mrt explain RULE [--rules DIR]\n\nPrints a rule's documentation (what it catches, why it "
			       "hurts on rollback or deploy, a bad and a good example, how to suppress it). RULE is an id "
			       "(MRT004), an old code (MRT201) or a name (drop-column).\n");
			return EXIT_CLEAN;
		default: return EXIT_USAGE;
		}
	}
	if (optind + 1 != argc) {
		cli_error("usage: mrt explain RULE (an id such as MRT004, an old code such as MRT201, or a name)");
		return EXIT_USAGE;
	}
	struct rule_config_set rules;
	struct project_config proj;
	rule_config_set_init(&rules);
	project_config_init(&proj);
	int rc = load_rules(rules_dir, NULL, &rules, &proj);
	if (rc == EXIT_CLEAN) {
		const struct rule_config *r = rule_config_find(&rules, argv[optind]);
		if (!r) {
			cli_error("no rule '%s': `mrt rules` lists them", argv[optind]);
			rc = EXIT_USAGE;
		} else if (!r->doc_path) {
			cli_error("%s:%u: rule %s has no `doc` page", r->file, r->line, r->id);
			rc = EXIT_USAGE;
		} else {
			struct filebuf b;
			char err[1024];
			filebuf_init(&b);
			if (filebuf_read(&b, r->doc_path, err, sizeof(err)) != 0) {
				cli_error("%s (doc page of %s, named in %s)", err, r->id, r->file);
				rc = EXIT_USAGE;
			} else {
				fwrite(b.data, 1, b.len, stdout);
				if (b.len && b.data[b.len - 1] != '\n')
					fputc('\n', stdout);
			}
			filebuf_release(&b);
		}
	}
	project_config_release(&proj);
	rule_config_set_release(&rules);
	return cli_finish_stdout(rc);
}
