/*
 * cli.h — the `mrt` subcommands. Each takes argv with argv[0] = the subcommand name and returns the process exit code
 * (0 clean; 1 warnings only; 2 errors; 3 usage or configuration error; 4 internal or database error).
 */
#ifndef MRT_CLI_H
#define MRT_CLI_H

#include <stdbool.h>
#include <stdio.h>

enum {
	EXIT_CLEAN = 0,
	EXIT_WARNINGS = 1,
	EXIT_ERRORS = 2,
	EXIT_USAGE = 3,
	EXIT_INTERNAL = 4,
};

int cmd_check(int argc, char **argv);
int cmd_parse(int argc, char **argv);
int cmd_graph(int argc, char **argv);
int cmd_rules(int argc, char **argv);
int cmd_explain(int argc, char **argv);
int cmd_verify(int argc, char **argv);

struct discovery;

/*
 * Fills d from --alembic-ini (ini != NULL), from PATH arguments, or from ./alembic.ini when neither is given.
 * flags: DISCOVER_RECURSIVE. Prints the error itself; returns EXIT_CLEAN or the exit code to return.
 */
int cli_discover(const char *ini, char **paths, int npaths, unsigned flags, struct discovery *d);

struct migration;
/* True when a parsed file is an Alembic revision (assigns revision/down_revision or defines upgrade()). */
bool cli_is_migration(const struct migration *m);

/* The plugin directory and rules.d/ to use when no flag names them (see cli_paths.c). Return buf. */
const char *cli_plugin_dir(char *buf, size_t size);
const char *cli_rules_dir(char *buf, size_t size);

/* Flushes stdout; a write error (a full disk, a closed pipe) is reported and turns rc into EXIT_INTERNAL. */
int cli_finish_stdout(int rc);

/*
 * The project file to load: `given` (--config) when set, else ./mrt.yaml, else mrt.yaml beside alembic.ini (ini may be
 * NULL). Returns given, a static string, buf, or NULL when there is none.
 */
const char *cli_project_config_path(const char *given, const char *ini, char *buf, size_t size);

/* "mrt: " + message on stderr. */
void cli_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
