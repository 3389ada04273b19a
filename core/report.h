/*
 * report.h — render a findings list for people and machines: table, json, sarif, github, junit, html.
 *
 * The reporters only read the findings (the caller sorts them first with findings_sort()); suppressed findings are
 * never shown. Every text is written as valid UTF-8 (invalid bytes become U+FFFD), with the escaping each format
 * needs. The table never prints control characters from messages (no terminal escape injection).
 *
 * Ownership: every pointer in struct report_opts and struct report_rule is borrowed for the duration of the call.
 */
#ifndef MRT_REPORT_H
#define MRT_REPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "finding.h"

enum report_format {
	REPORT_TABLE = 0,
	REPORT_JSON,
	REPORT_SARIF,
	REPORT_GITHUB,
	REPORT_JUNIT,
	REPORT_HTML,
};

/* Rule metadata for SARIF's tool.driver.rules (and nothing else). Any string may be NULL. */
struct report_rule {
	const char *id;          /* "MRT004" */
	const char *name;        /* "drop-column" */
	const char *pattern;     /* "DROP COLUMN in upgrade": SARIF shortDescription */
	const char *description; /* one paragraph: SARIF fullDescription */
	const char *help;        /* what to do instead: SARIF help.text */
	enum severity sev;       /* default severity: SARIF defaultConfiguration.level */
};

struct report_opts {
	bool ascii;                     /* table: +-| borders instead of box drawing */
	bool color;                     /* table: ANSI colours (the CLI decides: isatty and no NO_COLOR) */
	unsigned width;                 /* table: terminal width in columns; 0 = 120 */
	const char *tool_version;       /* SARIF driver.version, HTML footer; NULL = MRT_VERSION when defined */
	const struct report_rule *rules; /* SARIF rule metadata, or NULL */
	size_t nrules;
	size_t files;                   /* number of files analysed: JSON summary.files, the "no issues" line */
};

/* Writes f to out in format fmt. o may be NULL (defaults). Returns 0, or -1 on a write error or out-of-memory. */
int report_write(FILE *out, enum report_format fmt, const struct findings *f, const struct report_opts *o);

/* "table", "json", "sarif", "github", "junit", "html". */
const char *report_format_name(enum report_format fmt);
/* Parses a format name (also "text" for table). Returns 0, or -1 when unknown. */
int report_format_parse(const char *s, enum report_format *out);

/* Counts the findings that are not suppressed, by severity. */
void report_count(const struct findings *f, size_t *errors, size_t *warnings, size_t *info);
/* The summary line without newline: "2 error(s), 1 warning(s), 3 info" or "No issues found" (with
 * " (N file(s) checked)" when files > 0); writes at most n bytes including the NUL, returns buf. */
char *report_summary(const struct findings *f, size_t files, char *buf, size_t n);

#endif
