/*
 * runner.h — the C side of the Alembic runner: one Python process (`python -m pytest_mrt.runner`) that imports
 * Alembic once and answers line-delimited JSON requests (protocol: pytest_mrt/runner.py's docstring).
 *
 *   struct runner *r;
 *   struct runner_opts o = { .alembic_ini = "alembic.ini", .url = "sqlite:////tmp/x.db" };
 *   if (runner_start(&o, &r, err, sizeof err) != RUNNER_OK) ...;
 *   json_t *req = json_pack("{s:s, s:s}", "cmd", "upgrade", "rev", "abc"), *ans = NULL;
 *   enum runner_status st = runner_call(r, req, 30.0, &ans, err, sizeof err);
 *   json_decref(req);
 *   if (st == RUNNER_TIMEOUT) { report "timeout"; runner_restart(r, err, sizeof err); }
 *   else if (st == RUNNER_OK) { if (!runner_answer_ok(ans)) report runner_answer_error(ans); json_decref(ans); }
 *   runner_stop(r);
 *
 * Which Python: opts.python, else the environment variable MRT_PYTHON (CI sets it to a venv's python that has
 * Alembic), else "python3" from PATH. The package is found through PYTHONPATH: opts.pythonpath, then the source tree
 * (MRT_SOURCE_DIR, when it holds pytest_mrt/runner.py), then the caller's PYTHONPATH; an installed pytest_mrt is found
 * by the interpreter itself.
 *
 * The database URL is handed over in the child's environment (MRT_RUNNER_URL), never on its command line, so it does
 * not show in process listings. The child runs in its own process group; its stderr goes to an unlinked temporary
 * file, whose tail is reported when it fails. SIGPIPE: runner_start() sets it to SIG_IGN in this process if it was at
 * its default (a dead child is reported as RUNNER_DIED, never kills the host).
 *
 * Threads: a struct runner is used by one thread at a time.
 */
#ifndef MRT_RUNNER_H
#define MRT_RUNNER_H

#include <stddef.h>
#include <stdbool.h>
#include <sys/types.h>
#include <jansson.h>

enum runner_status {
	RUNNER_OK = 0,        /* an answer was read (its "ok" member may still be false: see runner_answer_ok) */
	RUNNER_ERROR = -1,    /* could not start, bad arguments, I/O or out-of-memory error; err says why */
	RUNNER_TIMEOUT = -2,  /* no answer in time: the process group was killed (SIGTERM, then SIGKILL) and reaped;
	                         call runner_restart() to go on */
	RUNNER_DIED = -3,     /* the process exited or closed its output; err holds its exit status and stderr tail */
	RUNNER_PROTOCOL = -4, /* the process wrote something that is not a JSON object line; it was stopped */
};

struct runner_opts {
	const char *python;      /* interpreter; NULL: $MRT_PYTHON if set and non-empty, else "python3" */
	const char *alembic_ini; /* required (unless argv is given) */
	const char *url;         /* scratch database URL; NULL: the ini's sqlalchemy.url */
	const char *ini_section; /* NULL: "alembic" (alembic -n) */
	const char *cwd;         /* working directory for env.py; NULL: the directory of alembic_ini */
	const char *pythonpath;  /* prepended to PYTHONPATH, or NULL */
	double start_timeout_s;  /* how long to wait for the greeting line; <= 0: 60 s */
	/* NULL-terminated command that replaces `python -m pytest_mrt.runner ...` (tests, other runners); argv[0] is
	 * looked up in PATH. The environment (PYTHONPATH, MRT_RUNNER_URL) is prepared the same way. */
	const char *const *argv;
};

struct runner; /* opaque */

/* Spawns the runner and waits for its greeting. On RUNNER_OK *out is a new runner (free with runner_stop);
 * otherwise *out is NULL, err says why (with the child's stderr tail when it started and died) and no process is
 * left behind. The options are copied. */
enum runner_status runner_start(const struct runner_opts *o, struct runner **out, char *err, size_t errlen);

/* Sends one request (not modified, not stolen) and reads one answer line, waiting at most timeout_s seconds
 * (<= 0: no limit) for the whole exchange. On RUNNER_OK *answer is a new reference to a JSON object (caller
 * json_decref's it); on any other status *answer is NULL and err says why. After RUNNER_TIMEOUT, RUNNER_DIED or
 * RUNNER_PROTOCOL the process is gone: further calls return RUNNER_DIED until runner_restart() succeeds. */
enum runner_status runner_call(struct runner *r, json_t *request, double timeout_s, json_t **answer, char *err,
                               size_t errlen);

/* Kills the current process (if any) and starts a new one with the same options. */
enum runner_status runner_restart(struct runner *r, char *err, size_t errlen);

/* Sends {"cmd":"quit"}, waits a little, kills the process group if needed, reaps it, frees r. NULL is accepted.
 * Returns the process' exit status as waitpid() would set it, or -1 when it had to be killed or was not running. */
int runner_stop(struct runner *r);

/* True when the process is running (as far as this client knows). */
bool runner_alive(const struct runner *r);
/* Process id of the running child, or -1. */
pid_t runner_pid(const struct runner *r);
/* The greeting line of the current process (borrowed; valid until the next restart/stop), or NULL. */
json_t *runner_hello(const struct runner *r);
/* Copies the last bytes of the child's stderr (everything since the last start) into buf, NUL-terminated; returns
 * the number of bytes copied. */
size_t runner_stderr_tail(const struct runner *r, char *buf, size_t buflen);

/* Helpers for answers: "ok" is true; the error type ("ProtocolError", "NotImplementedError"...) or NULL; the error
 * message or NULL; "duration" in seconds or -1. Strings are borrowed from the answer. */
bool runner_answer_ok(const json_t *answer);
const char *runner_answer_type(const json_t *answer);
const char *runner_answer_error(const json_t *answer);
double runner_answer_duration(const json_t *answer);

const char *runner_status_name(enum runner_status s); /* "ok", "error", "timeout", "died", "protocol" */

#endif
