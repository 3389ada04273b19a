/*
 * config.h — YAML configuration: the rule files of rules.d/ and the project's mrt.yaml (libyaml document API).
 *
 * Every loader validates strictly: an unknown key, a wrong type or a bad value is an error reported as
 * "file:line:col: message" (1-based line and column), with a "did you mean" hint for near-miss keys. Broken YAML gives
 * libyaml's own problem text at its position. Nothing is silently ignored.
 *
 * Ownership: a struct rule_config_set / struct project_config owns every string and array it holds (malloc);
 * rule_config_set_release() / project_config_release() free them. A struct config_value's `file` pointer is borrowed
 * from the struct rule_config / struct project_config that holds the value and lives exactly as long.
 *
 * Return codes of the loaders: CONFIG_OK (0), or a negative enum config_status with struct config_error filled.
 */
#ifndef MRT_CONFIG_H
#define MRT_CONFIG_H

#include <stddef.h>
#include <stdint.h>
#include <stdbool.h>
#include "finding.h"

enum config_status {
	CONFIG_OK = 0,
	CONFIG_EINVAL = -1, /* invalid content: YAML syntax, unknown key, wrong type, bad value, duplicate id */
	CONFIG_EIO = -2,    /* file or directory cannot be read */
	CONFIG_ENOMEM = -3,
};

#define CONFIG_ERROR_SIZE 1024

/* Filled by every loader on failure. Caller-owned (usually on the stack). */
struct config_error {
	enum config_status status;
	char file[512];                 /* file the error is in ("" when none) */
	unsigned line, col;             /* 1-based; 0 when not tied to a position */
	char message[CONFIG_ERROR_SIZE]; /* full text: "file:line:col: message" */
};

/* ---- typed YAML values (rule options) -------------------------------------------------------------------------- */

enum config_value_kind {
	CFG_VAL_NULL = 0, /* null, ~ or an empty plain scalar */
	CFG_VAL_BOOL,     /* true / false (YAML 1.2 core schema, any case of the first letter or all caps) */
	CFG_VAL_INT,      /* decimal, 0x.., 0o.. (plain scalars only) */
	CFG_VAL_FLOAT,    /* 1.5, 1e3, .inf, .nan */
	CFG_VAL_STR,      /* quoted and block scalars, and every plain scalar that is none of the above (tags are not
	                     honoured: quote a value to make it a string) */
	CFG_VAL_LIST,     /* items/count */
	CFG_VAL_MAP,      /* entries/count */
};

struct config_entry;

struct config_value {
	enum config_value_kind kind;
	char *text;                    /* owned: the scalar as written (decoded), NULL for lists and maps */
	bool b;                        /* CFG_VAL_BOOL */
	int64_t i;                     /* CFG_VAL_INT */
	double f;                      /* CFG_VAL_FLOAT (also set for CFG_VAL_INT) */
	struct config_value *items;    /* owned, CFG_VAL_LIST */
	struct config_entry *entries;  /* owned, CFG_VAL_MAP, in file order */
	size_t count;                  /* items or entries */
	const char *file;              /* borrowed: the file the value was read from */
	unsigned line, col;            /* 1-based */
};

struct config_entry {
	char *key;                     /* owned */
	unsigned line, col;            /* position of the key */
	struct config_value value;
};

/* Entry of a map value by key, or NULL. */
const struct config_value *config_value_get(const struct config_value *map, const char *key);
const char *config_value_kind_name(enum config_value_kind k); /* "null", "bool", "int", ... */

/* ---- rules.d/NAME.yaml -------------------------------------------------------------------------------------------- */

enum config_dialect {
	CFG_DIALECT_POSTGRESQL = 1 << 0,
	CFG_DIALECT_SQLITE = 1 << 1,
	CFG_DIALECT_MYSQL = 1 << 2,
	CFG_DIALECT_ALL = (1 << 3) - 1,
};

struct rule_config {
	char *file;                /* owned: the YAML file as opened ("rules.d/MRT004.yaml") */
	char *id;                  /* owned: "MRT004" */
	char *name;                /* owned: "drop-column" */
	char *plugin;              /* owned: "drop_column.so" as written (see config_rule_plugin_path) */
	enum severity severity;    /* default severity */
	unsigned dialects;         /* CFG_DIALECT_* bits; CFG_DIALECT_ALL when the key is absent */
	bool enabled;              /* default true */
	char **aliases;            /* owned array of owned strings: old codes, "MRT201" */
	size_t naliases;
	char *pattern;             /* owned: "DROP COLUMN in upgrade" (defaults to the name) */
	char *summary;             /* owned, or NULL */
	struct config_value options; /* CFG_VAL_MAP (count 0 when absent); validated later against the plugin */
	char *doc;                 /* owned: as written, relative to the YAML file, or NULL */
	char *doc_path;            /* owned: doc resolved against the YAML file's directory, or NULL */
	unsigned line;             /* line of the `id` key */
	unsigned id_col;
};

struct rule_config_set {
	struct rule_config *items; /* owned, sorted by file name order of loading */
	size_t count, cap;
};

void rule_config_set_init(struct rule_config_set *s);
void rule_config_set_release(struct rule_config_set *s);

/*
 * Loads every *.yaml / *.yml regular file of dir, in byte-wise sorted name order, appending to out (which may
 * already hold rules: ids, aliases and names must stay unique across everything loaded; a clash names both files).
 * On error, out keeps the rules loaded before the failing file.
 */
int config_load_rules_dir(const char *dir, struct rule_config_set *out, struct config_error *err);
/* Loads one rule file (same checks). */
int config_load_rule_file(const char *path, struct rule_config_set *out, struct config_error *err);
/* Loads one rule from memory; name is used in messages and to resolve `doc`. */
int config_load_rule_buffer(const char *name, const char *buf, size_t len, struct rule_config_set *out,
                            struct config_error *err);

/* Rule by id, alias or name (exact, case-sensitive), or NULL. */
const struct rule_config *rule_config_find(const struct rule_config_set *s, const char *id_alias_or_name);
/* Canonical id for an id/alias/name: the rule's id, the built-in "MRT900" (bad-suppression), or NULL. */
const char *rule_config_resolve(const struct rule_config_set *s, const char *id_alias_or_name);
/* Writes the plugin's path into buf: absolute `plugin` as is, otherwise plugin_dir/plugin. -1 when it does not fit. */
int config_rule_plugin_path(const struct rule_config *r, const char *plugin_dir, char *buf, size_t size);

/* True for a rule id or old code: 2-8 capital letters then 3-4 digits ("MRT004", "ACME001"). */
bool config_is_rule_id(const char *s);

const char *config_dialect_name(unsigned one_dialect_bit); /* "postgresql", "sqlite", "mysql" or "?" */
/* "postgresql" (also "postgres"), "sqlite", "mysql" (also "mariadb") → bit; 0 when unknown. */
unsigned config_dialect_parse(const char *s);

/* ---- mrt.yaml -------------------------------------------------------------------------------------------------- */

/* A rule reference as written (id, alias or name) with its position and, when a rule set was given, its id. */
struct config_rule_ref {
	char *written;             /* owned */
	const char *id;            /* borrowed from the rule set given to the loader (or a static built-in id);
	                              NULL when loaded without a rule set */
	unsigned line, col;
};

struct config_severity {
	struct config_rule_ref rule;
	bool off;                  /* `off`: the rule does not run */
	enum severity severity;    /* when !off */
};

struct config_rule_override {
	struct config_rule_ref rule;
	bool enabled_set, enabled;
	struct config_value options; /* CFG_VAL_MAP (count 0 when absent) */
};

struct config_suppress {
	struct config_rule_ref rule;
	char *revision;            /* owned */
	char *reason;              /* owned, never empty (required) */
	unsigned line, col;        /* position of the list item */
};

/* revision → the tables ("users") and columns ("users.phone") whose loss is intended. */
struct config_data_loss {
	char *revision;            /* owned */
	char **targets;            /* owned */
	size_t ntargets;
	unsigned line, col;
};

struct config_skip {
	char *revision;            /* owned */
	char *reason;              /* owned ("" allowed) */
	unsigned line, col;
};

struct config_seed_table {
	char *table;               /* owned */
	struct config_value rows;  /* CFG_VAL_LIST of CFG_VAL_MAP (column → scalar) */
};

struct config_seed_rev {
	char *revision;            /* owned */
	struct config_seed_table *tables; /* owned */
	size_t ntables;
	unsigned line, col;
};

/* verify: stored for the dynamic side. *_set tells whether the key was present. */
struct config_verify {
	bool rows_set;
	unsigned rows;             /* 1..1000000 */
	bool seed_set;
	uint64_t seed;
	bool timeout_set;
	double timeout;            /* seconds, > 0 */
	struct config_skip *skip;  /* owned */
	size_t nskip;
	char *minimum_downgrade_revision; /* owned or NULL */
	struct config_seed_rev *seed_rows; /* owned */
	size_t nseed_rows;
};

struct project_config {
	char *file;                /* owned: path as given, NULL when nothing was loaded */
	struct config_severity *severity; size_t nseverity;   /* owned, file order */
	struct config_rule_ref *select;   size_t nselect;     /* owned; select_set: key present */
	bool select_set;
	struct config_rule_ref *ignore;   size_t nignore;
	char **exclude;                   size_t nexclude;    /* owned fnmatch(3) patterns */
	unsigned dialect;          /* one CFG_DIALECT_* bit, 0 when not set */
	struct config_rule_override *rules; size_t nrules;
	struct config_suppress *suppress;   size_t nsuppress;
	struct config_data_loss *expect_data_loss; size_t nexpect_data_loss;
	struct config_data_loss *allow_data_loss;  size_t nallow_data_loss;
	struct config_verify verify;
};

void project_config_init(struct project_config *p);
void project_config_release(struct project_config *p);

/*
 * Loads mrt.yaml. rules (may be NULL) is the loaded rule set: when given, every rule reference (severity keys,
 * select, ignore, rules keys, suppress.rule) must name a known id, alias or name, and config_rule_ref.id is set.
 * rules must then outlive *out. An empty file is a valid, empty configuration.
 */
int config_load_project(const char *path, const struct rule_config_set *rules, struct project_config *out,
                        struct config_error *err);
/* Same from memory; name is used in messages. buf need not be NUL-terminated. */
int config_load_project_buffer(const char *name, const char *buf, size_t len, const struct rule_config_set *rules,
                               struct project_config *out, struct config_error *err);

/*
 * The project's say on one rule (id as resolved): `rules: {ID: {enabled: ...}}` and `severity: {ID: off|level}`.
 * *enabled and *sev come in with the rule file's values and are changed only where the project overrides them.
 */
void project_config_effective(const struct project_config *p, const char *id, bool *enabled, enum severity *sev);

/* The rule's aliases as "MRT201,MRT206" into buf (truncated at a whole alias); returns the length ("" when none). */
size_t rule_config_aliases_text(const struct rule_config *r, char *buf, size_t size);

/* True when path matches one of the exclude patterns (fnmatch, also tried against every path suffix after a '/'). */
bool project_config_excluded(const struct project_config *p, const char *path);

#endif
