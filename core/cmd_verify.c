/*
 * cmd_verify.c — `mrt verify`: dynamic verification on a scratch database (see verify.h for the walk).
 */
#include <errno.h>
#include <getopt.h>
#include <jansson.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"
#include "config.h"
#include "verify.h"

struct progress {
	FILE *out;
	bool unicode;
};

/* Text output is streamed: each revision's verdict is printed as soon as it is final. */
static void print_progress(const struct verify_rev *rev, void *ud)
{
	struct progress *p = ud;
	verify_print_rev(rev, p->out, p->unicode);
	fflush(p->out);
}

static void verify_usage(FILE *out)
{
	fprintf(out,
	        "usage: mrt verify --alembic-ini FILE --db-url URL [options]\n\n"
	        "Seeds real rows on a scratch database that mrt creates itself, then for every revision in topological\n"
	        "order: upgrade, roll back to its parents, compare rows, values and schema with what was there before,\n"
	        "upgrade again. Names exactly what was lost. The database named by URL is never written: for a server\n"
	        "URL mrt creates <name>_mrt_<random> beside it and drops it at the end; for SQLite a temporary file.\n\n"
	        "  --alembic-ini FILE   the project's alembic.ini (required)\n"
	        "  --db-url URL         sqlite:///path.db (or sqlite://), postgresql://..., mysql://... (required;\n"
	        "                       also MRT_DB_URL)\n"
	        "  --rows N             rows seeded per table (default 3, or verify.rows in mrt.yaml)\n"
	        "  --seed S             seed of the value generator (deterministic runs)\n"
	        "  --revisions A:B      only roll back revisions A..B (either side may be empty)\n"
	        "  --timeout S          seconds per migration step before it is interrupted (default 300)\n"
	        "  --config FILE        mrt.yaml (default: ./mrt.yaml, or mrt.yaml beside alembic.ini)\n"
	        "  --format FMT         text (default), json, junit\n"
	        "  --output FILE        write the report to FILE\n"
	        "  --python PATH        interpreter with Alembic for the runner (default: $MRT_PYTHON, python3)\n"
	        "  --plugin-dir DIR     where backend plugins (.so) are (default: installed with mrt)\n"
	        "  --name SECTION       the alembic.ini section to use (alembic --name), default [alembic]\n"
	        "  --ascii / --unicode  plain ASCII marks or ✓/✗ (default: ✓/✗ on a terminal without NO_COLOR)\n\n"
	        "exit codes: 0 every revision reversible (or expected/skipped), 2 data loss or a failed step,\n"
	        "3 usage or configuration error, 4 database, runner or internal error\n");
}

int cmd_verify(int argc, char **argv)
{
	static const struct option longopts[] = {
		{"alembic-ini", required_argument, NULL, 'i'},
		{"db-url", required_argument, NULL, 'u'},
		{"rows", required_argument, NULL, 'n'},
		{"seed", required_argument, NULL, 's'},
		{"revisions", required_argument, NULL, 'R'},
		{"timeout", required_argument, NULL, 't'},
		{"config", required_argument, NULL, 'c'},
		{"format", required_argument, NULL, 'f'},
		{"output", required_argument, NULL, 'o'},
		{"python", required_argument, NULL, 'p'},
		{"plugin-dir", required_argument, NULL, 'P'},
		{"name", required_argument, NULL, 'N'},
		{"ascii", no_argument, NULL, 'A'},
		{"unicode", no_argument, NULL, 'U'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	struct verify_opts vo;
	memset(&vo, 0, sizeof(vo));
	const char *format = "text", *output = NULL, *config_file = NULL;
	char *revs = NULL;
	bool ascii = false, force_unicode = false;
	int c;
	optind = 1;
	while ((c = getopt_long(argc, argv, "hf:o:", longopts, NULL)) != -1) {
		char *end = NULL;
		switch (c) {
		case 'i': vo.alembic_ini = optarg; break;
		case 'u': vo.db_url = optarg; break;
		case 'n': {
			errno = 0;
			unsigned long v = strtoul(optarg, &end, 10);
			if (errno || !end || *end || v == 0 || v > 1000000) {
				cli_error("--rows must be a whole number from 1 to 1000000, not '%s'", optarg);
				return EXIT_USAGE;
			}
			vo.rows = (unsigned)v;
			break;
		}
		case 's': {
			errno = 0;
			unsigned long long v = strtoull(optarg, &end, 10);
			if (errno || !end || *end) {
				cli_error("--seed must be a non-negative whole number, not '%s'", optarg);
				return EXIT_USAGE;
			}
			vo.seed = v;
			vo.seed_set = true;
			break;
		}
		case 'R': revs = optarg; break;
		case 't': {
			errno = 0;
			double v = strtod(optarg, &end);
			if (errno || !end || *end || !(v > 0)) {
				cli_error("--timeout must be a positive number of seconds, not '%s'", optarg);
				return EXIT_USAGE;
			}
			vo.timeout_s = v;
			break;
		}
		case 'c': config_file = optarg; break;
		case 'f': format = optarg; break;
		case 'o': output = optarg; break;
		case 'p': vo.python = optarg; break;
		case 'P': vo.plugin_dir = optarg; break;
		case 'N': vo.ini_section = optarg; break;
		case 'A': ascii = true; break;
		case 'U': force_unicode = true; break;
		case 'h': verify_usage(stdout); return EXIT_CLEAN;
		default: verify_usage(stderr); return EXIT_USAGE;
		}
	}
	if (optind < argc) {
		cli_error("unexpected argument '%s' (see `mrt verify --help`)", argv[optind]);
		return EXIT_USAGE;
	}
	if (!vo.db_url)
		vo.db_url = getenv("MRT_DB_URL");
	if (!vo.alembic_ini) {
		struct stat sb;
		if (stat("alembic.ini", &sb) == 0) {
			vo.alembic_ini = "alembic.ini";
		} else {
			cli_error("--alembic-ini FILE is required (no alembic.ini in the current directory)");
			return EXIT_USAGE;
		}
	}
	FILE *probe = fopen(vo.alembic_ini, "r");
	if (!probe) {
		cli_error("%s: %s (pass the project's alembic.ini with --alembic-ini)", vo.alembic_ini, strerror(errno));
		return EXIT_USAGE;
	}
	fclose(probe);
	if (!vo.db_url) {
		cli_error("--db-url URL is required (or set MRT_DB_URL): a server or SQLite URL; mrt creates its own "
		          "scratch database there");
		return EXIT_USAGE;
	}
	bool json = !strcmp(format, "json"), junit = !strcmp(format, "junit");
	if (!json && !junit && strcmp(format, "text") != 0) {
		cli_error("unknown --format '%s' for verify: use text, json or junit", format);
		return EXIT_USAGE;
	}
	char revbuf[512];
	if (revs) {
		if (snprintf(revbuf, sizeof(revbuf), "%s", revs) >= (int)sizeof(revbuf) || !strchr(revbuf, ':')) {
			cli_error("--revisions takes A:B (either side may be empty), not '%s'", revs);
			return EXIT_USAGE;
		}
		char *colon = strchr(revbuf, ':');
		*colon = '\0';
		vo.from_rev = revbuf[0] ? revbuf : NULL;
		vo.to_rev = colon[1] ? colon + 1 : NULL;
	}

	/* the project file: --config, ./mrt.yaml, or mrt.yaml beside alembic.ini */
	struct project_config proj;
	project_config_init(&proj);
	char auto_path[PATH_MAX];
	config_file = cli_project_config_path(config_file, vo.alembic_ini, auto_path, sizeof(auto_path));
	if (config_file) {
		struct config_error err;
		if (config_load_project(config_file, NULL, &proj, &err) != CONFIG_OK) {
			cli_error("%s", err.message);
			project_config_release(&proj);
			return err.status == CONFIG_ENOMEM ? EXIT_INTERNAL : EXIT_USAGE;
		}
		vo.project = &proj;
	}

	FILE *out = stdout;
	if (output && !(out = fopen(output, "w"))) {
		cli_error("--output %s: %s", output, strerror(errno));
		project_config_release(&proj);
		return EXIT_USAGE;
	}
	/* DESIGN.md: plain ASCII when not a terminal or when NO_COLOR is set (--unicode forces ✓/✗) */
	struct progress prog = {
		.out = out,
		.unicode = force_unicode || (!ascii && isatty(fileno(out)) && !getenv("NO_COLOR")),
	};
	if (!json && !junit) {
		vo.on_revision = print_progress;
		vo.ud = &prog;
	}
	struct verify_result res;
	int rc = verify_run(&vo, &res);
	int code = verify_exit_code(&res, rc);
	if (rc < 0)
		cli_error("%s%s", res.error[0] ? res.error : "verification failed",
		          res.nrevs ? " (the revisions verified before the error are reported above)" : "");
	if (json && (rc >= 0 || res.nrevs)) {
		json_t *j = verify_to_json(&res);
		if (j) {
			if (rc < 0)
				json_object_set_new(j, "error", json_string(res.error));
			json_dumpf(j, out, JSON_INDENT(2) | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(6));
			fputc('\n', out);
			json_decref(j);
		}
	} else if (junit && (rc >= 0 || res.nrevs)) {
		verify_print_junit(&res, out);
	} else if (!json && !junit && rc >= 0) {
		fprintf(out, "%s\n", code == EXIT_CLEAN ? "PASSED" : "FAILED");
	}
	if (res.interrupted)
		code = EXIT_INTERNAL;
	verify_result_release(&res);
	if (out != stdout && fclose(out) != 0) {
		cli_error("--output %s: %s", output, strerror(errno));
		code = EXIT_INTERNAL;
	}
	project_config_release(&proj);
	return code;
}
