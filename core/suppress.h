/*
 * suppress.h — suppression comments in migration files and `suppress:` entries of mrt.yaml.
 *
 * Comment forms (see docs/suppressions.md):
 *   # mrt: ignore[MRT004] reason text          one op (the op's lines, or the own-line comments right above it)
 *   # mrt: ignore[MRT004,MRT005] reason        several rules
 *   # mrt: ignore-file[MRT004] reason          the whole file, written anywhere in it
 *   # noqa: MRT201                             old pytest-mrt codes (aliases) and our ids; no reason needed
 *   # noqa: MRT201, MRT202
 *   # mrt: expect-data-loss users.phone[, t2] [reason]   declares intended loss for `mrt verify`
 * Ids may be rule ids, aliases (old codes) or rule names; they are resolved through the loaded rules.d set.
 * `# noqa` without codes, or with only foreign codes (E501), is not ours and is left alone.
 *
 * Problems are findings of the built-in pseudo-rule MRT900 "bad-suppression" (severity warning): a malformed
 * suppression (no brackets, empty list, unknown id, unterminated list, unknown `mrt:` directive, expect-data-loss
 * without a target), an `mrt: ignore` without a reason (it still applies), and an unused suppression (one entry of
 * the list matched no finding of a rule that ran).
 *
 * Ownership: a struct suppress_set owns its strings (malloc); suppress_set_release() frees them. Rule ids in it are
 * borrowed from the rule set given to suppress_collect() (or owned copies when it was NULL).
 */
#ifndef MRT_SUPPRESS_H
#define MRT_SUPPRESS_H

#include <stddef.h>
#include <stdbool.h>
#include "model.h"
#include "finding.h"
#include "config.h"

#define SUPPRESS_RULE_ID "MRT900"
#define SUPPRESS_RULE_NAME "bad-suppression"
#define SUPPRESS_RULE_PATTERN "Bad suppression"

enum suppress_kind {
	SUPPRESS_IGNORE = 0,   /* # mrt: ignore[...] */
	SUPPRESS_IGNORE_FILE,  /* # mrt: ignore-file[...] */
	SUPPRESS_NOQA,         /* # noqa: ... */
};

struct suppress_id {
	char *written;         /* owned: as written ("MRT201") */
	char *id;              /* owned: canonical id ("MRT004") */
	bool used;             /* matched at least one finding */
};

struct suppression {
	enum suppress_kind kind;
	struct suppress_id *ids; /* owned; only the valid (resolved) ids */
	size_t nids;
	char *reason;          /* owned, NULL when none was written */
	unsigned line, col;    /* of the comment */
	bool own_line;
};

struct expected_loss {
	char *target;          /* owned: "users.phone" or "users" */
	char *reason;          /* owned or NULL */
	unsigned line;
};

struct suppress_set {
	char *file;            /* owned copy of the migration's path */
	char *revision;        /* owned copy, or NULL */
	struct suppression *items; /* owned, in comment order */
	size_t count;
	struct expected_loss *loss; /* owned */
	size_t nloss;
};

void suppress_set_init(struct suppress_set *s);
void suppress_set_release(struct suppress_set *s);

/*
 * Reads the suppression comments of m into out (initialised by this call). rules (may be NULL: then only ids of the
 * form MRTnnn are accepted, as written) resolves ids, aliases and names. Malformed comments and missing reasons are
 * appended to problems as MRT900 findings. Returns 0, or -1 on out-of-memory.
 */
int suppress_collect(struct suppress_set *out, const struct migration *m, const struct rule_config_set *rules,
                     struct findings *problems);

/*
 * Whether a finding of rule_id at line (0: not tied to a line) is suppressed by a comment of s; marks the matching
 * suppression ids as used. The lines an op covers come from m: the innermost op whose [line, end_line] contains line,
 * plus the own-line comment block right above its first line; for ops inside helpers, also the helper's call site.
 */
bool suppress_match(struct suppress_set *s, const struct migration *m, const char *rule_id, unsigned line);

/*
 * Sets `suppressed` on every finding f->items[first..f->count) that s covers (findings of other files or already
 * suppressed are left alone; MRT900 findings are never suppressed by comments). Returns how many it suppressed.
 */
size_t suppress_apply(struct suppress_set *s, const struct migration *m, struct findings *f, size_t first);

/* Predicate: did rule `id` run in this check? Unused suppressions of rules that did not run are not reported. */
typedef bool (*suppress_active_fn)(const char *id, void *user);

/* Appends one MRT900 finding per unused suppression id (after suppress_apply). active may be NULL (all ran).
 * Returns 0, or -1 on out-of-memory. */
int suppress_report_unused(const struct suppress_set *s, suppress_active_fn active, void *user, struct findings *out);

/*
 * mrt.yaml `suppress:` entries: sets `suppressed` on findings f->items[first..) whose rule id and revision match an
 * entry; used[i] (caller-owned, p->nsuppress entries, zeroed by the caller once) is set for entries that matched.
 * Entries loaded without a rule set match by the id as written. Returns how many findings it suppressed.
 */
size_t suppress_apply_project(const struct project_config *p, bool *used, struct findings *f, size_t first);
/* One MRT900 finding (at mrt.yaml:line:col) per unused entry whose rule ran. Returns 0 or -1 on out-of-memory. */
int suppress_report_unused_project(const struct project_config *p, const bool *used, suppress_active_fn active,
                                   void *user, struct findings *out);

/* Fills pattern, name (and severity warning) of an MRT900 finding x of list f. 0 or -1 on out-of-memory. */
int suppress_finding_decorate(struct findings *f, struct finding *x);

#endif
