/*
 * finding.h — what `mrt check` reports: one finding per rule hit, collected for all files, then handed to a reporter.
 *
 * Ownership: the findings list owns every string its findings point to. The strings live in the list's own arena
 * (no malloc/free per string) and all but messages are interned: the 9,000 findings of a big history share one copy
 * of each file path, revision, rule id, alias list, pattern, name and hint. Equal interned strings are the same
 * pointer, which the sort uses. Set a field only with findings_set() or to what findings_intern() returned for the
 * same list; findings_release() frees everything at once.
 */
#ifndef MRT_FINDING_H
#define MRT_FINDING_H

#include <stddef.h>
#include <stdio.h>
#include <stdbool.h>

#include "arena.h"

enum severity {
	SEV_INFO = 0,
	SEV_WARNING = 1,
	SEV_ERROR = 2,
};

struct finding {
	const char *rule;     /* "MRT004" */
	const char *aliases;  /* "MRT201,MRT206,MRT701" or NULL */
	const char *pattern;  /* the rule's short name for the table's Pattern column: "DROP COLUMN in upgrade" */
	const char *name;     /* the rule's slug: "drop-column" */
	enum severity severity;
	const char *file;     /* path as discovered, or NULL for graph findings without a file */
	const char *revision; /* revision id, or NULL */
	unsigned line, col;   /* 0 when not tied to a line */
	const char *message;
	const char *hint;     /* or NULL */
	bool suppressed;      /* matched a suppression (kept for statistics, not reported) */
	size_t seq;           /* order of addition: ties of the sort keep it */
};

/* Interned strings: an open-addressing set of pointers into the list's arena. */
struct finding_strset {
	const char **slot; /* owned (malloc); NULL = empty */
	unsigned *hash;    /* owned; the hash of slot[i] */
	size_t n, cap;     /* cap is 0 or a power of two */
};

struct findings {
	struct finding *items; /* owned (malloc) */
	size_t count, cap;
	size_t added;          /* findings ever added (seq of the next one) */
	unsigned long id;      /* distinct for every findings_init() of the process: caches of interned pointers key on
	                          it */
	struct arena strs;     /* owns every string of every finding */
	struct finding_strset interned;
};

void findings_init(struct findings *f);
void findings_release(struct findings *f);
/* Copies every string argument into the list. Returns the new finding or NULL on out-of-memory. */
struct finding *findings_add(struct findings *f, const char *rule, enum severity sev, const char *file,
                             const char *revision, unsigned line, unsigned col, const char *message);
/* The list's interned copy of s (made on first sight; equal texts give the same pointer), or NULL for a NULL s or on
 * out-of-memory. */
const char *findings_intern(struct findings *f, const char *s);
/* findings_add() for a caller that interned rule, file and revision itself (findings_intern() on this list; NULL
 * allowed): only the message is copied. */
struct finding *findings_push(struct findings *f, const char *rule, enum severity sev, const char *file,
                              const char *revision, unsigned line, unsigned col, const char *message);
/* Points *field (a member of one of f's findings other than the message) at the list's interned copy of s (NULL →
 * NULL). Returns 0, or -1 on out-of-memory (*field is then left alone). */
int findings_set(struct findings *f, const char **field, const char *s);
/* Sorts by file, line, column, rule; equal keys keep their order of addition. */
void findings_sort(struct findings *f);

const char *severity_name(enum severity s); /* "info", "warning", "error" */
int severity_parse(const char *s, enum severity *out); /* 0 or -1 */

#endif
