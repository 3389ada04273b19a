/*
 * cmd_graph.c — `mrt graph [PATH...] [--alembic-ini F] [--format text|json]`: the revision graph of a history.
 */
#include <getopt.h>
#include <jansson.h>
#include <stdio.h>
#include <string.h>

#include "arena.h"
#include "cli.h"
#include "discover.h"
#include "fileio.h"
#include "graph.h"
#include "parser.h"

bool cli_is_migration(const struct migration *m)
{
	/* a revision file assigns `revision`; a file with a syntax error that defines upgrade() is one too (so its error
	 * is reported), anything else (helpers, env.py-like modules) is not */
	return m->revision != NULL || migration_upgrade(m) != NULL || m->down_revision_set;
}

static void graph_usage(FILE *out)
{
	fprintf(out, "usage: mrt graph [PATH...] [--alembic-ini FILE] [--format text|json] [--recursive]\n\n"
	             "Prints the revision graph in topological order (oldest first): heads, bases, branch points,\n"
	             "merges, branch labels, depends_on, and its problems (several heads without a merge, a\n"
	             "down_revision naming a missing revision, duplicate ids, cycles). Exit code 2 when the graph has\n"
	             "problems, 0 otherwise.\n");
}

int cmd_graph(int argc, char **argv)
{
	static const struct option longopts[] = {
		{"alembic-ini", required_argument, NULL, 'i'},
		{"format", required_argument, NULL, 'f'},
		{"recursive", no_argument, NULL, 'r'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	const char *ini = NULL, *format = "text";
	unsigned flags = 0;
	int c;
	optind = 1;
	while ((c = getopt_long(argc, argv, "hf:", longopts, NULL)) != -1) {
		switch (c) {
		case 'i': ini = optarg; break;
		case 'f': format = optarg; break;
		case 'r': flags |= DISCOVER_RECURSIVE; break;
		case 'h': graph_usage(stdout); return EXIT_CLEAN;
		default: graph_usage(stderr); return EXIT_USAGE;
		}
	}
	bool json = strcmp(format, "json") == 0;
	if (!json && strcmp(format, "text") != 0) {
		cli_error("unknown --format '%s' for graph: use text or json", format);
		return EXIT_USAGE;
	}
	struct discovery d;
	discovery_init(&d);
	int rc = cli_discover(ini, argv + optind, argc - optind, flags, &d);
	if (rc != EXIT_CLEAN) {
		discovery_release(&d);
		return rc;
	}
	struct graph *g = graph_create();
	struct arena a;
	arena_init(&a);
	struct filebuf buf;
	filebuf_init(&buf);
	char err[1024];
	for (size_t i = 0; g && i < d.nfiles && rc == EXIT_CLEAN; i++) {
		if (filebuf_read(&buf, d.files[i], err, sizeof(err)) != 0) {
			cli_error("%s", err);
			rc = EXIT_USAGE;
			break;
		}
		arena_clear(&a);
		struct migration m;
		if (parse_migration(&a, d.files[i], buf.data, buf.len, &m) != 0 ||
		    graph_add_migration(g, &m) != 0)
			rc = EXIT_INTERNAL;
	}
	if (!g || rc == EXIT_INTERNAL || (rc == EXIT_CLEAN && graph_build(g) != 0)) {
		cli_error("out of memory while building the revision graph");
		rc = EXIT_INTERNAL;
	}
	if (rc == EXIT_CLEAN) {
		if (json) {
			json_t *j = NULL;
			if (graph_to_json(g, &j) != 0 || !j) {
				cli_error("out of memory while writing the graph");
				rc = EXIT_INTERNAL;
			} else {
				json_dumpf(j, stdout, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
				fputc('\n', stdout);
				json_decref(j);
			}
		} else {
			graph_print_text(g, stdout);
		}
		if (rc == EXIT_CLEAN && g->nproblems)
			rc = EXIT_ERRORS;
	}
	graph_destroy(g);
	filebuf_release(&buf);
	arena_release(&a);
	discovery_release(&d);
	return cli_finish_stdout(rc);
}
