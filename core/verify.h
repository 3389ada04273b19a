/*
 * verify.h — `mrt verify`: the dynamic walk over the real revision DAG on a scratch database.
 *
 * Per tested revision r, from its parents' state:
 *     seed → snapshot → upgrade r → downgrade to r's parents (branch-aware) → snapshot → compare → upgrade r again
 * Cost is linear in the number of revisions: the database is never reset to base per revision. A broken step is a
 * finding (upgrade_failed, downgrade_failed, reupgrade_failed, timeout) and the walk recovers (stamp, or rebuild a
 * fresh scratch database from the log of good steps) so one bad revision never hides the others.
 *
 * Use:
 *     struct verify_opts o = {.alembic_ini = "alembic.ini", .db_url = "sqlite:///app.db", .project = &cfg};
 *     struct verify_result res;
 *     int rc = verify_run(&o, &res);            // 0: the walk ran (findings or not); < 0: setup/internal error
 *     if (rc < 0) fprintf(stderr, "mrt verify: %s\n", res.error);
 *     else if (json) { json_t *j = verify_to_json(&res); json_dumpf(j, stdout, JSON_INDENT(2)); json_decref(j); }
 *     else verify_print_text(&res, stdout, unicode);
 *     int exit_code = verify_exit_code(&res, rc);
 *     verify_result_release(&res);
 *
 * Signals: during verify_run, SIGINT and SIGTERM remove the scratch database at once (the backend's async-signal-safe
 * emergency_cleanup) and stop the Alembic runner; verify_run then returns VERIFY_EINTR with res.interrupted set (the
 * caller exits, e.g. with 128+signal). The previous handlers are restored before verify_run returns.
 *
 * Ownership: struct verify_result owns everything in it; verify_result_release() frees it (also after an error).
 * opts and everything it points to are borrowed for the call.
 */
#ifndef MRT_VERIFY_H
#define MRT_VERIFY_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdbool.h>
#include <jansson.h>
#include "mrt_sdk.h"
#include "snapshot.h"

struct project_config;

enum verify_rc {
	VERIFY_OK = 0,
	VERIFY_EUSAGE = -1,   /* bad options or configuration (exit code 3) */
	VERIFY_EBACKEND = -2, /* no backend for the URL, or it failed (exit 4) */
	VERIFY_ERUNNER = -3,  /* the Alembic runner could not start / answer (exit 4) */
	VERIFY_ENOMEM = -4,
	VERIFY_EINTR = -5,    /* SIGINT/SIGTERM: scratch removed, walk stopped (exit 4 or 128+signal) */
};

struct verify_rev;

struct verify_opts {
	const char *alembic_ini;        /* required */
	const char *db_url;             /* required: picks the backend; the database itself is never written */
	const char *ini_section;        /* NULL: "alembic" */
	const char *python;             /* NULL: $MRT_PYTHON or python3 */
	const char *plugin_dir;         /* backend plugins; NULL: $MRT_PLUGIN_DIR, the build tree's, the installed one */
	const struct mrt_backend_ops *backend; /* tests: use these ops instead of loading a plugin (or NULL) */
	unsigned rows;                  /* rows per table; 0: project verify.rows, else 3 */
	bool seed_set;
	uint64_t seed;                  /* when seed_set; else project verify.seed, else 0 */
	double timeout_s;               /* per step; <= 0: project verify.timeout, else 300 */
	const char *from_rev;           /* --revisions A:B: test only A..B (NULL = open); others are only upgraded */
	const char *to_rev;
	const struct project_config *project; /* may be NULL: skip, minimum_downgrade_revision, expect_data_loss,
	                                         allow_data_loss, seed rows and verify defaults */
	/* extra skips and expectations (pytest MRTConfig), same meaning as in mrt.yaml; may be NULL/0 */
	const char *const *skip_revs; const char *const *skip_reasons; size_t nskip;
	const char *minimum_downgrade_revision; /* overrides the project's */
	/* rows for tables, inserted when a table is seeded while still empty (pytest custom_seeds); borrowed */
	const struct mrt_seed_rows *seed_rows; size_t nseed_rows;
	/* Called after each revision's result is final (progress output); may be NULL. */
	void (*on_revision)(const struct verify_rev *rev, void *ud);
	void *ud;
};

enum verify_status {
	VERIFY_REV_OK = 0,   /* "ok": reversible */
	VERIFY_REV_LOSS,     /* "loss": data lost or changed after the round trip */
	VERIFY_REV_FAIL,     /* "fail": a step failed, or the schema was not restored */
	VERIFY_REV_EXPECTED, /* "expected": only declared, expected loss */
	VERIFY_REV_SKIPPED,  /* "skipped": stamped instead of run, or not rolled back (minimum_downgrade_revision) */
};

struct verify_rev {
	char *revision;            /* owned */
	char *path;                /* owned: the revision file, or NULL */
	enum verify_status status;
	char *reason;              /* owned: skip reason, or NULL */
	struct vfindings findings; /* owned */
	double seconds;            /* wall time of the revision's round trip */
	bool irreversible;         /* downgrade raised NotImplementedError */
};

struct verify_result {
	struct verify_rev *revs;   /* owned, in walk (topological) order */
	size_t nrevs, cap;
	char *backend;             /* owned: "sqlite" */
	unsigned rows;
	uint64_t seed;
	double seconds;            /* whole run */
	bool interrupted;
	char error[1024];          /* set when verify_run returns < 0 */
};

int verify_run(const struct verify_opts *opts, struct verify_result *res);
void verify_result_release(struct verify_result *res);

/* "ok", "loss", "fail", "expected", "skipped" */
const char *verify_status_name(enum verify_status s);
/* 0 clean (ok/expected/skipped only); 2 a revision lost data or failed; 3 usage; 4 backend/runner/internal. */
int verify_exit_code(const struct verify_result *res, int rc);

/* The text report: "✓ 001 reversible", "✗ 003 data loss detected" + "  └─ ..." lines, then "PASSED"/"FAILED".
 * unicode false: "[ok]", "[FAIL]", "[skip]", "  `- " (plain ASCII; messages themselves keep their text). */
void verify_print_text(const struct verify_result *res, FILE *out, bool unicode);
/* One revision's lines (status line and its "└─" finding lines), e.g. from opts.on_revision for live progress. */
void verify_print_rev(const struct verify_rev *rev, FILE *out, bool unicode);
/* {"revisions":[{"revision","status","findings":[{"kind","table","column","lost","total","message"}],"seconds"}],
 *  "summary":{...}}. New reference, or NULL on out-of-memory. */
json_t *verify_to_json(const struct verify_result *res);
/* JUnit XML: one testcase per revision (failure for loss/fail, skipped for skipped). */
void verify_print_junit(const struct verify_result *res, FILE *out);

#endif
