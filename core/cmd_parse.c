/*
 * cmd_parse.c — `mrt parse PATH... [--alembic-ini F] [--format json|summary]`: the migration model of each file.
 *
 * JSON is streamed one file at a time (a JSON array of model objects) so memory stays flat however many files there
 * are; each file's model lives in one arena that is cleared before the next file.
 */
#include <getopt.h>
#include <jansson.h>
#include <stdio.h>
#include <string.h>

#include "arena.h"
#include "cli.h"
#include "discover.h"
#include "fileio.h"
#include "model_json.h"
#include "parser.h"

static void parse_usage(FILE *out)
{
	fprintf(out, "usage: mrt parse [PATH...] [--alembic-ini FILE] [--format json|summary] [--recursive]\n\n"
	             "Parses migration files and prints their model: revision ids, imports, upgrade/downgrade functions\n"
	             "with every op (kind, table, typed arguments, location, conditional/batch/helper facts), the\n"
	             "classified SQL of execute() calls, comments and syntax errors.\n\n"
	             "  PATH                 files or directories of migrations (default: from --alembic-ini)\n"
	             "  --alembic-ini FILE   discover the versions directories from alembic.ini\n"
	             "  --format json        one JSON array of models (default)\n"
	             "  --format summary     counts only (files, migrations, functions, ops, syntax errors)\n"
	             "  --recursive          descend into subdirectories of the directories given\n");
}

/* Collects files from --alembic-ini or PATH arguments; prints the error and returns the exit code on failure. */
int cli_discover(const char *ini, char **paths, int npaths, unsigned flags, struct discovery *d)
{
	char err[1024];
	int rc;
	if (ini && npaths > 0) {
		cli_error("give either --alembic-ini or paths, not both");
		return EXIT_USAGE;
	}
	if (ini)
		rc = discover_from_ini(ini, d, err, sizeof(err));
	else if (npaths > 0)
		rc = discover_paths_ex(paths, (size_t)npaths, flags, d, err, sizeof(err));
	else {
		const char *def = "alembic.ini";
		FILE *f = fopen(def, "r");
		if (!f) {
			cli_error("no migrations given: pass paths or --alembic-ini FILE (no alembic.ini in the current "
			          "directory)");
			return EXIT_USAGE;
		}
		fclose(f);
		rc = discover_from_ini(def, d, err, sizeof(err));
	}
	if (rc != DISCOVER_OK) {
		cli_error("%s", err);
		return rc == DISCOVER_ENOMEM ? EXIT_INTERNAL : EXIT_USAGE;
	}
	return EXIT_CLEAN;
}

int cmd_parse(int argc, char **argv)
{
	static const struct option longopts[] = {
		{"alembic-ini", required_argument, NULL, 'i'},
		{"format", required_argument, NULL, 'f'},
		{"recursive", no_argument, NULL, 'r'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	const char *ini = NULL, *format = "json";
	unsigned flags = 0;
	int c;
	optind = 1;
	while ((c = getopt_long(argc, argv, "hf:", longopts, NULL)) != -1) {
		switch (c) {
		case 'i': ini = optarg; break;
		case 'f': format = optarg; break;
		case 'r': flags |= DISCOVER_RECURSIVE; break;
		case 'h': parse_usage(stdout); return EXIT_CLEAN;
		default: parse_usage(stderr); return EXIT_USAGE;
		}
	}
	bool json = strcmp(format, "json") == 0;
	if (!json && strcmp(format, "summary") != 0) {
		cli_error("unknown --format '%s' for parse: use json or summary", format);
		return EXIT_USAGE;
	}

	struct discovery d;
	discovery_init(&d);
	int rc = cli_discover(ini, argv + optind, argc - optind, flags, &d);
	if (rc != EXIT_CLEAN) {
		discovery_release(&d);
		return rc;
	}

	struct arena a;
	arena_init(&a);
	struct filebuf buf;
	filebuf_init(&buf);
	size_t nmig = 0, nfuncs = 0, nops = 0, nerrfiles = 0, nio = 0;
	char err[1024];
	if (json)
		fputs("[", stdout);
	bool first = true;
	for (size_t i = 0; i < d.nfiles; i++) {
		if (filebuf_read(&buf, d.files[i], err, sizeof(err)) != 0) {
			cli_error("%s", err);
			nio++;
			continue;
		}
		arena_clear(&a);
		struct migration m;
		if (parse_migration(&a, d.files[i], buf.data, buf.len, &m) != 0) {
			cli_error("%s: out of memory", d.files[i]);
			rc = EXIT_INTERNAL;
			break;
		}
		if (m.revision)
			nmig++;
		nfuncs += m.nfuncs;
		for (size_t k = 0; k < m.nfuncs; k++)
			nops += m.funcs[k].nops;
		if (m.nerrors)
			nerrfiles++;
		if (json) {
			json_t *j = NULL;
			if (model_to_json(&m, &j) != 0 || !j) {
				cli_error("%s: out of memory", d.files[i]);
				rc = EXIT_INTERNAL;
				break;
			}
			if (!first)
				fputs(",", stdout);
			fputs("\n", stdout);
			json_dumpf(j, stdout, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
			json_decref(j);
			first = false;
		}
	}
	if (json)
		fputs("\n]\n", stdout);
	else
		printf("files: %zu\nmigrations: %zu\nfunctions: %zu\nops: %zu\nfiles with syntax errors: %zu\n"
		       "unreadable files: %zu\n",
		       d.nfiles, nmig, nfuncs, nops, nerrfiles, nio);
	filebuf_release(&buf);
	arena_release(&a);
	discovery_release(&d);
	if (rc == EXIT_CLEAN && nio)
		rc = EXIT_USAGE;
	return cli_finish_stdout(rc);
}
