/*
 * finding.h — what `mrt check` reports: one finding per rule hit, collected for all files, then handed to a reporter.
 *
 * The findings list owns every string in it (malloc'd copies); findings_release() frees them.
 */
#ifndef MRT_FINDING_H
#define MRT_FINDING_H

#include <stddef.h>
#include <stdio.h>
#include <stdbool.h>

enum severity {
	SEV_INFO = 0,
	SEV_WARNING = 1,
	SEV_ERROR = 2,
};

struct finding {
	char *rule;        /* "MRT004" */
	char *aliases;     /* "MRT201,MRT206,MRT701" or NULL */
	char *pattern;     /* the rule's short name for the table's Pattern column: "DROP COLUMN in upgrade" */
	char *name;        /* the rule's slug: "drop-column" */
	enum severity severity;
	char *file;        /* path as discovered, or NULL for graph findings without a file */
	char *revision;    /* revision id, or NULL */
	unsigned line, col; /* 0 when not tied to a line */
	char *message;
	char *hint;        /* or NULL */
	bool suppressed;   /* matched a suppression (kept for statistics, not reported) */
};

struct findings {
	struct finding *items;
	size_t count, cap;
};

void findings_init(struct findings *f);
void findings_release(struct findings *f);
/* Copies every string argument. Returns the new finding or NULL on out-of-memory. */
struct finding *findings_add(struct findings *f, const char *rule, enum severity sev, const char *file,
                             const char *revision, unsigned line, unsigned col, const char *message);
/* Sorts by file, line, column, rule (stable for equal keys). */
void findings_sort(struct findings *f);

const char *severity_name(enum severity s); /* "info", "warning", "error" */
int severity_parse(const char *s, enum severity *out); /* 0 or -1 */

#endif
