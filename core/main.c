/* main.c — `mrt`: dispatch to a subcommand. `mrt` with no subcommand (or with only options and paths) is `mrt check`. */
#include <stdio.h>
#include <string.h>

#include "cli.h"

struct command {
	const char *name;
	int (*run)(int argc, char **argv);
	const char *summary;
};

static const struct command commands[] = {
	{"check", cmd_check, "static analysis of migration files (the default command)"},
	{"verify", cmd_verify, "dynamic verification: upgrade, roll back and compare on a scratch database"},
	{"parse", cmd_parse, "print the migration model of files (what the rules see)"},
	{"graph", cmd_graph, "print the revision graph: heads, bases, branches, merges, problems"},
	{"rules", cmd_rules, "list the rules: id, name, severity, aliases, enabled"},
	{"explain", cmd_explain, "show a rule's documentation"},
};

static void usage(FILE *out)
{
	fprintf(out, "usage: mrt [COMMAND] [OPTIONS] [PATH...]\n\n"
	             "pytest-mrt " MRT_VERSION " — Migration Rollback Tester for Alembic\n\ncommands:\n");
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		fprintf(out, "  %-8s %s\n", commands[i].name, commands[i].summary);
	fprintf(out, "\n`mrt COMMAND --help` describes each command. Without a command, mrt runs `check`.\n"
	             "`mrt --version` prints the version.\n"
	             "exit codes: 0 clean, 1 warnings only, 2 errors, 3 usage or configuration error, 4 internal or "
	             "database error\n");
}

int main(int argc, char **argv)
{
	if (argc >= 2) {
		for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
			if (strcmp(argv[1], commands[i].name) == 0) {
				/* getopt prefixes its messages with argv[0]: make that "mrt check" */
				char prog[32];
				snprintf(prog, sizeof(prog), "mrt %s", commands[i].name);
				argv[1] = prog;
				return commands[i].run(argc - 1, argv + 1);
			}
		if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "help") == 0) {
			usage(stdout);
			return EXIT_CLEAN;
		}
		if (strcmp(argv[1], "--version") == 0) {
			printf("mrt %s\n", MRT_VERSION);
			return EXIT_CLEAN;
		}
	}
	/* no subcommand: `mrt --rules rules.d/ migrations/versions` is `mrt check ...` */
	argv[0] = "mrt check";
	return cmd_check(argc, argv);
}
