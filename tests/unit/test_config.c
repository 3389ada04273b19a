/* test_config.c — rules.d and mrt.yaml loading (core/config.c): values, defaults, and exact error messages. */
#include <check.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"

#define DATA MRT_TEST_DATA "/config"

/* Loads yaml (a C string) as a rule file named "rules.d/MRT004.yaml" into a fresh set; returns the status. */
static int load_rule(const char *yaml, struct rule_config_set *set, struct config_error *e)
{
	return config_load_rule_buffer("rules.d/MRT004.yaml", yaml, strlen(yaml), set, e);
}

static int load_proj(const char *yaml, const struct rule_config_set *rules, struct project_config *p,
                     struct config_error *e)
{
	return config_load_project_buffer("mrt.yaml", yaml, strlen(yaml), rules, p, e);
}

/* A rule error message for yaml, the set released. */
static const char *rule_err(const char *yaml, struct config_error *e)
{
	struct rule_config_set s;
	rule_config_set_init(&s);
	int rc = load_rule(yaml, &s, e);
	ck_assert_int_eq(rc, CONFIG_EINVAL);
	ck_assert_uint_eq(s.count, 0);
	rule_config_set_release(&s);
	return e->message;
}

static const char *proj_err(const char *yaml, const struct rule_config_set *rules, struct config_error *e)
{
	struct project_config p;
	int rc = load_proj(yaml, rules, &p, e);
	ck_assert_int_eq(rc, CONFIG_EINVAL);
	ck_assert_ptr_null(p.file); /* released on failure */
	return e->message;
}

/* The two rules of tests/data/config/rules_ok, for project tests. */
static void load_ok_rules(struct rule_config_set *s)
{
	struct config_error e;
	rule_config_set_init(s);
	ck_assert_int_eq(config_load_rules_dir(DATA "/rules_ok", s, &e), CONFIG_OK);
}

static void add_rule(struct rule_config_set *s, const char *yaml)
{
	struct config_error e;
	int rc = config_load_rule_buffer("rules.d/x.yaml", yaml, strlen(yaml), s, &e);
	ck_assert_msg(rc == CONFIG_OK, "%s", e.message);
}

/* ---- rules.d --------------------------------------------------------------------------------------------------- */

START_TEST(rules_dir_loads_sorted_with_values)
{
	struct rule_config_set s;
	load_ok_rules(&s);
	ck_assert_uint_eq(s.count, 2);
	/* sorted by file name: MRT001.yml before MRT004.yaml; README.txt ignored */
	const struct rule_config *a = &s.items[0], *b = &s.items[1];
	ck_assert_str_eq(a->id, "MRT001");
	ck_assert_str_eq(a->file, DATA "/rules_ok/MRT001.yml");
	ck_assert_str_eq(a->name, "missing-downgrade");
	ck_assert_int_eq(a->severity, SEV_WARNING);
	ck_assert_uint_eq(a->dialects, CFG_DIALECT_ALL);
	ck_assert(a->enabled);
	ck_assert_uint_eq(a->naliases, 0);
	ck_assert_str_eq(a->pattern, "missing-downgrade"); /* defaults to the name */
	ck_assert_ptr_null(a->summary);
	ck_assert_ptr_null(a->doc);
	ck_assert_int_eq(a->options.kind, CFG_VAL_MAP);
	ck_assert_uint_eq(a->options.count, 0);
	ck_assert_uint_eq(a->line, 2);

	ck_assert_str_eq(b->id, "MRT004");
	ck_assert_str_eq(b->plugin, "drop_column.so");
	ck_assert_int_eq(b->severity, SEV_ERROR);
	ck_assert_uint_eq(b->dialects, CFG_DIALECT_POSTGRESQL | CFG_DIALECT_SQLITE | CFG_DIALECT_MYSQL);
	ck_assert_uint_eq(b->naliases, 3);
	ck_assert_str_eq(b->aliases[0], "MRT201");
	ck_assert_str_eq(b->aliases[2], "MRT701");
	ck_assert_str_eq(b->pattern, "DROP COLUMN in upgrade");
	ck_assert_str_eq(b->summary, "A column dropped on an existing table loses its values.");
	ck_assert_str_eq(b->doc, "../docs/MRT004.md");
	ck_assert_str_eq(b->doc_path, DATA "/rules_ok/../docs/MRT004.md");

	/* typed options with positions */
	ck_assert_uint_eq(b->options.count, 5);
	const struct config_value *v = config_value_get(&b->options, "ignore_tables");
	ck_assert_ptr_nonnull(v);
	ck_assert_int_eq(v->kind, CFG_VAL_LIST);
	ck_assert_uint_eq(v->count, 2);
	ck_assert_int_eq(v->items[1].kind, CFG_VAL_STR);
	ck_assert_str_eq(v->items[1].text, "tmp_*");
	ck_assert_str_eq(v->file, b->file);
	ck_assert_uint_eq(v->line, 11);
	ck_assert_uint_eq(v->col, 18);
	v = config_value_get(&b->options, "max");
	ck_assert_int_eq(v->kind, CFG_VAL_INT);
	ck_assert_int_eq(v->i, 3);
	v = config_value_get(&b->options, "ratio");
	ck_assert_int_eq(v->kind, CFG_VAL_FLOAT);
	ck_assert(fabs(v->f - 0.5) < 1e-12);
	v = config_value_get(&b->options, "strict");
	ck_assert_int_eq(v->kind, CFG_VAL_BOOL);
	ck_assert(!v->b);
	v = config_value_get(&b->options, "note");
	ck_assert_int_eq(v->kind, CFG_VAL_NULL);
	ck_assert_ptr_null(config_value_get(&b->options, "absent"));
	ck_assert_str_eq(b->options.entries[0].key, "ignore_tables");
	ck_assert_uint_eq(b->options.entries[0].line, 11);
	ck_assert_uint_eq(b->options.entries[0].col, 3);

	/* lookups by id, alias, name */
	ck_assert_ptr_eq(rule_config_find(&s, "MRT206"), b);
	ck_assert_ptr_eq(rule_config_find(&s, "drop-column"), b);
	ck_assert_ptr_eq(rule_config_find(&s, "MRT001"), a);
	ck_assert_ptr_null(rule_config_find(&s, "MRT999"));
	ck_assert_str_eq(rule_config_resolve(&s, "MRT701"), "MRT004");
	ck_assert_str_eq(rule_config_resolve(&s, "bad-suppression"), "MRT900");
	ck_assert_ptr_null(rule_config_resolve(&s, "mrt004"));

	char path[256];
	ck_assert_int_eq(config_rule_plugin_path(b, "/usr/lib/mrt/plugins", path, sizeof(path)), 0);
	ck_assert_str_eq(path, "/usr/lib/mrt/plugins/drop_column.so");
	ck_assert_int_eq(config_rule_plugin_path(a, "/usr/lib/mrt/plugins", path, sizeof(path)), 0);
	ck_assert_str_eq(path, "/opt/mrt/missing_downgrade.so");
	ck_assert_int_eq(config_rule_plugin_path(b, "/usr/lib/mrt/plugins", path, 10), -1);
	rule_config_set_release(&s);
	ck_assert_uint_eq(s.count, 0);
	ck_assert_ptr_null(s.items);
}
END_TEST

START_TEST(rules_dir_unknown_key_with_suggestion)
{
	struct rule_config_set s;
	struct config_error e;
	rule_config_set_init(&s);
	ck_assert_int_eq(config_load_rules_dir(DATA "/rules_bad", &s, &e), CONFIG_EINVAL);
	ck_assert_str_eq(e.message, DATA "/rules_bad/MRT004.yaml:3:1: unknown key 'severty' (did you mean 'severity'?)");
	ck_assert_str_eq(e.file, DATA "/rules_bad/MRT004.yaml");
	ck_assert_uint_eq(e.line, 3);
	ck_assert_uint_eq(e.col, 1);
	ck_assert_int_eq(e.status, CONFIG_EINVAL);
	rule_config_set_release(&s);
}
END_TEST

START_TEST(rules_dir_duplicate_alias_names_both_files)
{
	struct rule_config_set s;
	struct config_error e;
	rule_config_set_init(&s);
	ck_assert_int_eq(config_load_rules_dir(DATA "/rules_dup", &s, &e), CONFIG_EINVAL);
	ck_assert_str_eq(e.message, DATA "/rules_dup/b.yaml:1:5: alias 'MRT201' of rule MRT005 is already used by rule "
	                            "MRT004 in " DATA "/rules_dup/a.yaml:1");
	ck_assert_uint_eq(s.count, 1); /* a.yaml stays loaded */
	rule_config_set_release(&s);
}
END_TEST

START_TEST(rules_duplicate_id_and_name)
{
	struct rule_config_set s;
	struct config_error e;
	rule_config_set_init(&s);
	add_rule(&s, "id: MRT004\nname: drop-column\nplugin: a.so\nseverity: error\n");
	ck_assert_int_eq(load_rule("id: MRT004\nname: other\nplugin: b.so\nseverity: error\n", &s, &e), CONFIG_EINVAL);
	ck_assert_str_eq(e.message, "rules.d/MRT004.yaml:1:5: id 'MRT004' of rule MRT004 is already used by rule MRT004 in "
	                            "rules.d/x.yaml:1");
	ck_assert_int_eq(load_rule("id: MRT005\nname: drop-column\nplugin: b.so\nseverity: error\n", &s, &e),
	                 CONFIG_EINVAL);
	ck_assert_str_eq(e.message, "rules.d/MRT004.yaml:1:5: name 'drop-column' of rule MRT005 is already used by rule "
	                            "MRT004 in rules.d/x.yaml:1");
	/* an alias that is another rule's id */
	ck_assert_int_eq(load_rule("id: MRT005\nname: y\nplugin: b.so\nseverity: error\naliases: [MRT004]\n", &s, &e),
	                 CONFIG_EINVAL);
	ck_assert_uint_eq(s.count, 1);
	rule_config_set_release(&s);
}
END_TEST

START_TEST(rule_ids_accept_house_prefixes)
{
	ck_assert(config_is_rule_id("MRT004"));
	ck_assert(config_is_rule_id("ACME001"));
	ck_assert(config_is_rule_id("HOUSE1234"));
	ck_assert(!config_is_rule_id("MRT04"));
	ck_assert(!config_is_rule_id("mrt004"));
	ck_assert(!config_is_rule_id("M004"));
	ck_assert(!config_is_rule_id("MRT00401"));
	ck_assert(!config_is_rule_id("MRT004x"));
	ck_assert(!config_is_rule_id(""));
	struct config_error e;
	struct rule_config_set s;
	rule_config_set_init(&s);
	const char *y = "id: ACME001\nname: no-raw-deletes\nplugin: acme.so\nseverity: warning\n";
	ck_assert_int_eq(config_load_rule_buffer("rules.d/ACME001.yaml", y, strlen(y), &s, &e), CONFIG_OK);
	ck_assert_str_eq(s.items[0].id, "ACME001");
	rule_config_set_release(&s);
}
END_TEST

START_TEST(rules_value_errors)
{
	struct config_error e;
	ck_assert_str_eq(rule_err("id: MRT004\nname: x\nplugin: a.so\nseverity: fatal\n", &e),
	                 "rules.d/MRT004.yaml:4:11: severity must be one of error, warning, info");
	ck_assert_str_eq(rule_err("id: MRT04\nname: x\nplugin: a.so\nseverity: error\n", &e),
	                 "rules.d/MRT004.yaml:1:5: id must be 2-8 capital letters and 3-4 digits (like MRT004, or ACME001 for a house rule), got 'MRT04'");
	ck_assert_str_eq(rule_err("id: MRT004\nname: Drop_Column\nplugin: a.so\nseverity: error\n", &e),
	                 "rules.d/MRT004.yaml:2:7: name must be a lowercase slug like 'drop-column' (a-z, 0-9, '-'), got "
	                 "'Drop_Column'");
	ck_assert_str_eq(rule_err("id: MRT004\nname: x\nplugin: a.so\nseverity: error\nenabled: maybe\n", &e),
	                 "rules.d/MRT004.yaml:5:10: enabled must be true or false");
	ck_assert_str_eq(rule_err("id: MRT004\nname: x\nplugin: a.so\nseverity: error\nenabled: \"true\"\n", &e),
	                 "rules.d/MRT004.yaml:5:10: enabled must be true or false");
	ck_assert_str_eq(rule_err("id: MRT004\nname: x\nplugin: a.so\nseverity: error\ndialects: [oracle]\n", &e),
	                 "rules.d/MRT004.yaml:5:12: dialect must be one of postgresql, sqlite, mysql, got 'oracle'");
	ck_assert_str_eq(rule_err("id: MRT004\nname: x\nplugin: a.so\nseverity: error\ndialects: []\n", &e),
	                 "rules.d/MRT004.yaml:5:11: dialects must not be empty (leave the key out for every dialect)");
	ck_assert_str_eq(rule_err("id: MRT004\nname: x\nplugin: a.so\nseverity: error\ndialects: postgresql\n", &e),
	                 "rules.d/MRT004.yaml:5:11: dialects must be a list, not a scalar");
	ck_assert_str_eq(rule_err("id: MRT004\nname: x\nplugin: a.so\nseverity: error\naliases: [MRT201, MRT201]\n", &e),
	                 "rules.d/MRT004.yaml:5:19: alias 'MRT201' listed twice");
	ck_assert_str_eq(rule_err("id: MRT004\nname: x\nplugin: a.so\nseverity: error\naliases: [E501]\n", &e),
	                 "rules.d/MRT004.yaml:5:11: alias must be a code like MRT201 (2-8 capital letters and 3-4 digits), got 'E501'");
	ck_assert_str_eq(rule_err("id: MRT004\nname: x\nplugin: a.so\nseverity: error\noptions: [a, b]\n", &e),
	                 "rules.d/MRT004.yaml:5:10: options must be a mapping, not a list");
	ck_assert_str_eq(rule_err("id: MRT004\nname: x\nplugin: [a.so]\nseverity: error\n", &e),
	                 "rules.d/MRT004.yaml:3:9: plugin must be a string, not a list");
	ck_assert_str_eq(rule_err("id: MRT004\nname: x\nplugin: a.so\n", &e),
	                 "rules.d/MRT004.yaml:1:1: missing required key 'severity'");
	ck_assert_str_eq(rule_err("id: MRT004\nname: x\nplugin: a.so\nseverity: error\nid: MRT005\n", &e),
	                 "rules.d/MRT004.yaml:5:1: duplicate key 'id' (first at line 1)");
	ck_assert_str_eq(rule_err("id: MRT004\nname: x\nplugin: a.so\nseverity: error\nbogus: 1\n", &e),
	                 "rules.d/MRT004.yaml:5:1: unknown key 'bogus' in a rule file (known keys: id, name, plugin, "
	                 "severity, dialects, enabled, aliases, pattern, summary, options, doc, builtin)");
	ck_assert_str_eq(rule_err("", &e), "rules.d/MRT004.yaml: empty rule file: expected a mapping with id, name, "
	                                   "plugin and severity");
	ck_assert_str_eq(rule_err("- a\n- b\n", &e), "rules.d/MRT004.yaml:1:1: a rule file must be a mapping, not a list");
}
END_TEST

START_TEST(rules_broken_yaml_and_aliases)
{
	struct config_error e;
	ck_assert_str_eq(rule_err("id: MRT004\nname: [x\n", &e),
	                 "rules.d/MRT004.yaml:3:1: YAML syntax error: did not find expected ',' or ']' (while parsing a "
	                 "flow sequence at line 2, column 7)");
	ck_assert_uint_eq(e.line, 3);
	ck_assert_str_eq(rule_err("id: MRT004\n\tname: x\n", &e),
	                 "rules.d/MRT004.yaml:2:1: YAML syntax error: found a tab character that violates indentation "
	                 "(while scanning a plain scalar at line 1, column 5)");
	/* an alias is refused, also when it would loop */
	ck_assert_str_eq(rule_err("id: MRT004\nname: x\nplugin: a.so\nseverity: error\noptions:\n  a: &x [1]\n  b: *x\n", &e),
	                 "rules.d/MRT004.yaml:7:3: YAML aliases (*name) are not supported here: write the value out");
	ck_assert_str_eq(rule_err("id: MRT004\nname: x\nplugin: a.so\nseverity: error\noptions:\n  a: &x [*x]\n", &e),
	                 "rules.d/MRT004.yaml:6:6: YAML aliases (*name) are not supported here: write the value out");
	ck_assert_str_eq(rule_err("id: MRT004\n---\nid: MRT005\n", &e),
	                 "rules.d/MRT004.yaml:3:1: only one YAML document is allowed per file");
	/* invalid UTF-8 */
	ck_assert_str_eq(rule_err("id: \xff\n", &e), "rules.d/MRT004.yaml: invalid YAML input at byte 4: invalid leading "
	                                             "UTF-8 octet");
}
END_TEST

START_TEST(rules_missing_dir_and_file)
{
	struct rule_config_set s;
	struct config_error e;
	rule_config_set_init(&s);
	ck_assert_int_eq(config_load_rules_dir(DATA "/nope", &s, &e), CONFIG_EIO);
	ck_assert_str_eq(e.message, DATA "/nope: cannot open rules directory: No such file or directory");
	ck_assert_int_eq(config_load_rule_file(DATA "/nope.yaml", &s, &e), CONFIG_EIO);
	ck_assert_str_eq(e.message, DATA "/nope.yaml: cannot open: No such file or directory");
	rule_config_set_release(&s);
}
END_TEST

START_TEST(value_typing)
{
	struct rule_config_set s;
	rule_config_set_init(&s);
	add_rule(&s, "id: MRT004\nname: x\nplugin: a.so\nseverity: error\noptions:\n"
	             "  a: 0x1F\n  b: -12\n  c: 1e3\n  d: .inf\n  e: \"12\"\n  f: !!str 13\n  g: True\n  h: yes\n"
	             "  i: 12abc\n  j: ''\n  k: {x: [1, {y: z}]}\n  l: |\n    text\n  m: 99999999999999999999\n");
	const struct config_value *o = &s.items[0].options;
	ck_assert_int_eq(config_value_get(o, "a")->kind, CFG_VAL_INT);
	ck_assert_int_eq(config_value_get(o, "a")->i, 31);
	ck_assert_int_eq(config_value_get(o, "b")->i, -12);
	ck_assert_int_eq(config_value_get(o, "c")->kind, CFG_VAL_FLOAT);
	ck_assert(config_value_get(o, "c")->f == 1000.0);
	ck_assert(isinf(config_value_get(o, "d")->f));
	ck_assert_int_eq(config_value_get(o, "e")->kind, CFG_VAL_STR);
	ck_assert_int_eq(config_value_get(o, "f")->kind, CFG_VAL_INT); /* tags are not honoured */
	ck_assert_str_eq(config_value_get(o, "f")->text, "13");
	ck_assert_int_eq(config_value_get(o, "g")->kind, CFG_VAL_BOOL);
	ck_assert(config_value_get(o, "g")->b);
	ck_assert_int_eq(config_value_get(o, "h")->kind, CFG_VAL_STR); /* YAML 1.2: yes is a string */
	ck_assert_int_eq(config_value_get(o, "i")->kind, CFG_VAL_STR);
	ck_assert_int_eq(config_value_get(o, "j")->kind, CFG_VAL_STR);
	const struct config_value *k = config_value_get(o, "k");
	ck_assert_int_eq(k->kind, CFG_VAL_MAP);
	const struct config_value *x = config_value_get(k, "x");
	ck_assert_int_eq(x->kind, CFG_VAL_LIST);
	ck_assert_str_eq(config_value_get(&x->items[1], "y")->text, "z");
	ck_assert_str_eq(config_value_get(o, "l")->text, "text\n");
	ck_assert_int_eq(config_value_get(o, "m")->kind, CFG_VAL_FLOAT); /* out of int64 range */
	ck_assert_str_eq(config_value_kind_name(CFG_VAL_MAP), "mapping");
	rule_config_set_release(&s);
}
END_TEST

/* ---- mrt.yaml -------------------------------------------------------------------------------------------------- */

START_TEST(project_full_file)
{
	struct rule_config_set rules;
	rule_config_set_init(&rules);
	add_rule(&rules, "id: MRT004\nname: drop-column\nplugin: a.so\nseverity: error\naliases: [MRT201]\n");
	add_rule(&rules, "id: MRT005\nname: drop-table\nplugin: b.so\nseverity: error\naliases: [MRT202, MRT703]\n");
	add_rule(&rules, "id: MRT001\nname: missing-downgrade\nplugin: c.so\nseverity: error\naliases: [MRT101]\n");
	add_rule(&rules, "id: MRT002\nname: noop-downgrade\nplugin: d.so\nseverity: error\naliases: [MRT102]\n");
	add_rule(&rules, "id: MRT035\nname: broken-revision-graph\nplugin: e.so\nseverity: error\naliases: [MRT901]\n");

	struct project_config p;
	struct config_error e;
	int rc = config_load_project(DATA "/mrt.yaml", &rules, &p, &e);
	ck_assert_msg(rc == CONFIG_OK, "%s", e.message);
	ck_assert_str_eq(p.file, DATA "/mrt.yaml");
	ck_assert_uint_eq(p.nseverity, 3);
	ck_assert_str_eq(p.severity[0].rule.written, "MRT004");
	ck_assert_str_eq(p.severity[0].rule.id, "MRT004");
	ck_assert_int_eq(p.severity[0].severity, SEV_WARNING);
	ck_assert(!p.severity[0].off);
	ck_assert_str_eq(p.severity[1].rule.written, "drop-table");
	ck_assert_str_eq(p.severity[1].rule.id, "MRT005");
	ck_assert(p.severity[1].off);
	ck_assert_str_eq(p.severity[2].rule.id, "MRT001"); /* alias MRT101 */
	ck_assert_int_eq(p.severity[2].severity, SEV_INFO);
	ck_assert_uint_eq(p.severity[2].rule.line, 5);
	ck_assert_uint_eq(p.severity[2].rule.col, 3);

	ck_assert(p.select_set);
	ck_assert_uint_eq(p.nselect, 3);
	ck_assert_str_eq(p.select[1].id, "MRT004");
	ck_assert_str_eq(p.select[2].id, "MRT005");
	ck_assert_uint_eq(p.nignore, 1);
	ck_assert_str_eq(p.ignore[0].id, "MRT002");
	ck_assert_uint_eq(p.nexclude, 2);
	ck_assert(project_config_excluded(&p, "migrations/versions/old_001.py"));
	ck_assert(project_config_excluded(&p, "/abs/proj/legacy/x.py"));
	ck_assert(!project_config_excluded(&p, "migrations/versions/001.py"));
	ck_assert_uint_eq(p.dialect, CFG_DIALECT_POSTGRESQL);

	ck_assert_uint_eq(p.nrules, 1);
	ck_assert_str_eq(p.rules[0].rule.id, "MRT004");
	ck_assert(p.rules[0].enabled_set);
	ck_assert(!p.rules[0].enabled);
	const struct config_value *it = config_value_get(&p.rules[0].options, "ignore_tables");
	ck_assert_int_eq(it->kind, CFG_VAL_LIST);
	ck_assert_str_eq(it->items[0].text, "audit_log");
	ck_assert_str_eq(it->file, DATA "/mrt.yaml");
	ck_assert_uint_eq(it->line, 14);

	ck_assert_uint_eq(p.nsuppress, 1);
	ck_assert_str_eq(p.suppress[0].rule.id, "MRT035");
	ck_assert_str_eq(p.suppress[0].revision, "a1b2");
	ck_assert_str_eq(p.suppress[0].reason, "two heads merged in the next release");
	ck_assert_uint_eq(p.suppress[0].line, 16);

	ck_assert_uint_eq(p.nexpect_data_loss, 1);
	ck_assert_str_eq(p.expect_data_loss[0].revision, "003");
	ck_assert_uint_eq(p.expect_data_loss[0].ntargets, 2);
	ck_assert_str_eq(p.expect_data_loss[0].targets[0], "users.phone");
	ck_assert_str_eq(p.expect_data_loss[0].targets[1], "legacy_table");
	ck_assert_uint_eq(p.nallow_data_loss, 1);
	ck_assert_str_eq(p.allow_data_loss[0].targets[0], "audit.payload");

	const struct config_verify *v = &p.verify;
	ck_assert(v->rows_set && v->rows == 5);
	ck_assert(v->seed_set && v->seed == 42);
	ck_assert(v->timeout_set && fabs(v->timeout - 2.5) < 1e-12);
	ck_assert_uint_eq(v->nskip, 1);
	ck_assert_str_eq(v->skip[0].revision, "0007");
	ck_assert_str_eq(v->skip[0].reason, "slow data migration");
	ck_assert_str_eq(v->minimum_downgrade_revision, "0002");
	ck_assert_uint_eq(v->nseed_rows, 1);
	ck_assert_str_eq(v->seed_rows[0].revision, "0003");
	ck_assert_uint_eq(v->seed_rows[0].ntables, 1);
	const struct config_seed_table *t = &v->seed_rows[0].tables[0];
	ck_assert_str_eq(t->table, "users");
	ck_assert_uint_eq(t->rows.count, 2);
	ck_assert_str_eq(config_value_get(&t->rows.items[0], "name")->text, "Zoë");
	ck_assert_int_eq(config_value_get(&t->rows.items[0], "id")->i, 1);
	ck_assert_int_eq(config_value_get(&t->rows.items[1], "phone")->kind, CFG_VAL_NULL);
	project_config_release(&p);
	ck_assert_ptr_null(p.file);
	rule_config_set_release(&rules);
}
END_TEST

START_TEST(project_without_rules_and_empty)
{
	struct project_config p;
	struct config_error e;
	ck_assert_int_eq(load_proj("severity: {MRT999: error}\nselect: [whatever]\n", NULL, &p, &e), CONFIG_OK);
	ck_assert_ptr_null(p.severity[0].rule.id); /* unresolved without a rule set */
	ck_assert_str_eq(p.select[0].written, "whatever");
	ck_assert(!p.verify.rows_set);
	project_config_release(&p);
	ck_assert_int_eq(load_proj("", NULL, &p, &e), CONFIG_OK);
	ck_assert_uint_eq(p.nseverity, 0);
	ck_assert(!p.select_set);
	ck_assert_uint_eq(p.dialect, 0);
	project_config_release(&p);
	ck_assert_int_eq(load_proj("# only a comment\n", NULL, &p, &e), CONFIG_OK);
	project_config_release(&p);
	ck_assert_int_eq(load_proj("~\n", NULL, &p, &e), CONFIG_OK);
	project_config_release(&p);
}
END_TEST

START_TEST(project_errors)
{
	struct rule_config_set r;
	struct config_error e;
	load_ok_rules(&r);
	ck_assert_str_eq(proj_err("# x\nselect: [MRT001]\n\n\nseverity: {MRT004: fatal}\n", &r, &e),
	                 "mrt.yaml:5:20: severity must be one of error, warning, info, off");
	ck_assert_str_eq(proj_err("severity:\n  MRT004: [error]\n", &r, &e),
	                 "mrt.yaml:2:11: severity must be one of error, warning, info, off");
	ck_assert_str_eq(proj_err("severty:\n  MRT004: error\n", &r, &e),
	                 "mrt.yaml:1:1: unknown key 'severty' (did you mean 'severity'?)");
	ck_assert_str_eq(proj_err("select: [MRT044]\n", &r, &e),
	                 "mrt.yaml:1:10: unknown rule 'MRT044' in select (did you mean 'MRT004'?)");
	ck_assert_str_eq(proj_err("ignore: [zzzzzzzzz]\n", &r, &e),
	                 "mrt.yaml:1:10: unknown rule 'zzzzzzzzz' in ignore: use a rule id, alias or name from `mrt rules`");
	ck_assert_str_eq(proj_err("select: MRT004\n", &r, &e), "mrt.yaml:1:9: select must be a list, not a scalar");
	ck_assert_str_eq(proj_err("severity: {MRT004: error, MRT201: info}\n", &r, &e),
	                 "mrt.yaml:1:27: severity of MRT004 set twice ('MRT004' at line 1 and 'MRT201')");
	ck_assert_str_eq(proj_err("dialect: oracle\n", &r, &e),
	                 "mrt.yaml:1:10: dialect must be one of postgresql, sqlite, mysql, got 'oracle'");
	ck_assert_str_eq(proj_err("rules:\n  MRT004:\n    enable: false\n", &r, &e),
	                 "mrt.yaml:3:5: unknown key 'enable' (did you mean 'enabled'?)");
	ck_assert_str_eq(proj_err("rules:\n  MRT004: {options: 3}\n", &r, &e),
	                 "mrt.yaml:2:21: options must be a mapping, not a scalar");
	ck_assert_str_eq(proj_err("rules:\n  MRT004: {}\n  drop-column: {}\n", &r, &e),
	                 "mrt.yaml:3:3: rule MRT004 configured twice in rules (also at line 2)");
	ck_assert_str_eq(proj_err("suppress:\n  - rule: MRT004\n    revision: abc\n", &r, &e),
	                 "mrt.yaml:2:5: suppress entry is missing 'reason' (every entry needs rule, revision and reason)");
	ck_assert_str_eq(proj_err("suppress:\n  - {rule: MRT004, revision: abc, reason: '  '}\n", &r, &e),
	                 "mrt.yaml:2:43: reason must not be empty");
	ck_assert_str_eq(proj_err("suppress:\n  - {rule: MRT004, revison: abc, reason: x}\n", &r, &e),
	                 "mrt.yaml:2:20: unknown key 'revison' (did you mean 'revision'?)");
	ck_assert_str_eq(proj_err("expect_data_loss:\n  '003': [users phone]\n", &r, &e),
	                 "mrt.yaml:2:11: expect_data_loss entries must be 'table' or 'table.column', got 'users phone'");
	ck_assert_str_eq(proj_err("allow_data_loss: [users]\n", &r, &e),
	                 "mrt.yaml:1:18: allow_data_loss must be a mapping, not a list");
	ck_assert_str_eq(proj_err("verify:\n  rows: 0\n", &r, &e), "mrt.yaml:2:9: verify.rows must be between 1 and 1000000");
	ck_assert_str_eq(proj_err("verify:\n  rows: three\n", &r, &e), "mrt.yaml:2:9: verify.rows must be an integer");
	ck_assert_str_eq(proj_err("verify:\n  seed: -1\n", &r, &e),
	                 "mrt.yaml:2:9: verify.seed must be between 0 and 9223372036854775807");
	ck_assert_str_eq(proj_err("verify:\n  timeout: 0\n", &r, &e),
	                 "mrt.yaml:2:12: verify.timeout must be a number of seconds greater than 0");
	ck_assert_str_eq(proj_err("verify:\n  timout: 3\n", &r, &e),
	                 "mrt.yaml:2:3: unknown key 'timout' (did you mean 'timeout'?)");
	ck_assert_str_eq(proj_err("verify:\n  seed_rows:\n    '001':\n      users: [1, 2]\n", &r, &e),
	                 "mrt.yaml:4:15: each seed row must be a mapping of column: value, not int");
	ck_assert_str_eq(proj_err("verify:\n  skip: [a, b]\n", &r, &e),
	                 "mrt.yaml:2:9: verify.skip (revision: reason) must be a mapping, not a list");
	ck_assert_str_eq(proj_err("- a\n", &r, &e), "mrt.yaml:1:1: the configuration file must be a mapping, not a list");
	ck_assert_str_eq(proj_err("exclude: [a, a]\nexclude: []\n", &r, &e),
	                 "mrt.yaml:2:1: duplicate key 'exclude' (first at line 1)");
	ck_assert_str_eq(proj_err("select: [MRT001\n", &r, &e),
	                 "mrt.yaml:2:1: YAML syntax error: did not find expected ',' or ']' (while parsing a flow sequence "
	                 "at line 1, column 9)");
	rule_config_set_release(&r);
}
END_TEST

START_TEST(project_missing_file)
{
	struct project_config p;
	struct config_error e;
	ck_assert_int_eq(config_load_project(DATA "/absent.yaml", NULL, &p, &e), CONFIG_EIO);
	ck_assert_str_eq(e.message, DATA "/absent.yaml: cannot open: No such file or directory");
	ck_assert_ptr_null(p.file);
	project_config_release(&p);
}
END_TEST

START_TEST(project_buffer_not_terminated)
{
	/* The buffer is not NUL-terminated: the loader must stop at len. */
	const char text[] = {'d', 'i', 'a', 'l', 'e', 'c', 't', ':', ' ', 's', 'q', 'l', 'i', 't', 'e', 'X'};
	struct project_config p;
	struct config_error e;
	ck_assert_int_eq(config_load_project_buffer("mem", text, sizeof(text) - 1, NULL, &p, &e), CONFIG_OK);
	ck_assert_uint_eq(p.dialect, CFG_DIALECT_SQLITE);
	project_config_release(&p);
}
END_TEST

static Suite *config_suite(void)
{
	Suite *s = suite_create("config");
	TCase *t = tcase_create("rules");
	tcase_add_test(t, rules_dir_loads_sorted_with_values);
	tcase_add_test(t, rule_ids_accept_house_prefixes);
	tcase_add_test(t, rules_dir_unknown_key_with_suggestion);
	tcase_add_test(t, rules_dir_duplicate_alias_names_both_files);
	tcase_add_test(t, rules_duplicate_id_and_name);
	tcase_add_test(t, rules_value_errors);
	tcase_add_test(t, rules_broken_yaml_and_aliases);
	tcase_add_test(t, rules_missing_dir_and_file);
	tcase_add_test(t, value_typing);
	suite_add_tcase(s, t);
	t = tcase_create("project");
	tcase_add_test(t, project_full_file);
	tcase_add_test(t, project_without_rules_and_empty);
	tcase_add_test(t, project_errors);
	tcase_add_test(t, project_missing_file);
	tcase_add_test(t, project_buffer_not_terminated);
	suite_add_tcase(s, t);
	return s;
}

int main(void)
{
	SRunner *r = srunner_create(config_suite());
	srunner_run_all(r, CK_NORMAL);
	int failed = srunner_ntests_failed(r);
	srunner_free(r);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
