/* fuzz_yaml.c — libFuzzer target for the YAML loaders (core/config.c).
 *
 * The first byte picks the loader: even → mrt.yaml (config_load_project_buffer, with a small rule set so rule
 * references get resolved), odd → a rules.d file (config_load_rule_buffer). The rest is copied to a heap buffer of
 * exactly its size, so a read past the end is caught by ASan. Every loaded value is walked and every error message
 * checked for termination; everything is released, so LeakSanitizer sees leaks on every path. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static size_t fz_walk(const struct config_value *v, int depth)
{
	if (depth > 64)
		abort(); /* the loader caps nesting well below this */
	size_t n = v->text ? strlen(v->text) : 0;
	if (v->kind == CFG_VAL_LIST)
		for (size_t i = 0; i < v->count; i++)
			n += fz_walk(&v->items[i], depth + 1);
	if (v->kind == CFG_VAL_MAP)
		for (size_t i = 0; i < v->count; i++)
			n += strlen(v->entries[i].key) + fz_walk(&v->entries[i].value, depth + 1);
	return n;
}

static const char fz_rules[] = "id: MRT004\nname: drop-column\nplugin: drop_column.so\nseverity: error\n"
                               "aliases: [MRT201, MRT206]\n";

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	bool project = (data[0] & 1) == 0;
	size_t len = size - 1;
	char *buf = malloc(len ? len : 1); /* owned here */
	if (!buf)
		return 0;
	if (len)
		memcpy(buf, data + 1, len);
	struct config_error err;
	struct rule_config_set rules;
	rule_config_set_init(&rules);
	if (config_load_rule_buffer("fuzz-rules.yaml", fz_rules, sizeof(fz_rules) - 1, &rules, &err) != CONFIG_OK)
		abort();
	volatile size_t sink = 0;
	if (project) {
		struct project_config p;
		int rc = config_load_project_buffer("mrt.yaml", buf, len, &rules, &p, &err);
		if (rc == CONFIG_OK) {
			for (size_t i = 0; i < p.nrules; i++)
				sink += fz_walk(&p.rules[i].options, 0);
			for (size_t i = 0; i < p.verify.nseed_rows; i++)
				for (size_t j = 0; j < p.verify.seed_rows[i].ntables; j++)
					sink += fz_walk(&p.verify.seed_rows[i].tables[j].rows, 0);
			for (size_t i = 0; i < p.nseverity; i++)
				if (!p.severity[i].rule.id)
					abort(); /* resolved against the rule set */
			sink += project_config_excluded(&p, "a/b/c.py");
			project_config_release(&p);
		} else if (memchr(err.message, '\0', sizeof(err.message)) == NULL) {
			abort();
		}
	} else {
		int rc = config_load_rule_buffer("rules.d/x.yaml", buf, len, &rules, &err);
		if (rc == CONFIG_OK) {
			if (rules.count != 2)
				abort();
			sink += fz_walk(&rules.items[1].options, 0);
			sink += rule_config_find(&rules, rules.items[1].id) == &rules.items[1];
		} else if (memchr(err.message, '\0', sizeof(err.message)) == NULL) {
			abort();
		}
	}
	(void)sink;
	rule_config_set_release(&rules);
	free(buf);
	return 0;
}
