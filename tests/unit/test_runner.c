/*
 * test_runner.c — drives the real Alembic runner (python -m pytest_mrt.runner) through the C client.
 *
 * Needs a Python with Alembic and SQLAlchemy. Contract: the environment variable MRT_PYTHON names it (CI creates a
 * venv and sets MRT_PYTHON); without it /work/venv-dev/bin/python is used when it exists, else python3 from PATH.
 * The projects are tests/alembic/{reversible,broken,hang}; the databases are SQLite files in a temporary directory.
 */
#include <check.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "runner.h"

#define PROJECTS MRT_SOURCE_DIR "/tests/alembic"

static char tmpdir[256];
static char dbpath[512];
static char dburl[600];

static const char *test_python(void)
{
	const char *p = getenv("MRT_PYTHON");
	if (p && *p)
		return p;
	if (access("/work/venv-dev/bin/python", X_OK) == 0)
		return "/work/venv-dev/bin/python";
	return "python3";
}

static void setup(void)
{
	snprintf(tmpdir, sizeof tmpdir, "%s/mrt-test-runner-XXXXXX", getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
	ck_assert_ptr_nonnull(mkdtemp(tmpdir));
	snprintf(dbpath, sizeof dbpath, "%s/scratch.db", tmpdir);
	snprintf(dburl, sizeof dburl, "sqlite:///%s", dbpath);
	/* the hung migration sleeps this long unless killed */
	setenv("MRT_TEST_HANG_SECONDS", "120", 1);
}

static void teardown(void)
{
	unlink(dbpath);
	char journal[600];
	snprintf(journal, sizeof journal, "%s-journal", dbpath);
	unlink(journal);
	rmdir(tmpdir);
}

static struct runner *start_project(const char *project)
{
	char ini[512];
	snprintf(ini, sizeof ini, "%s/%s/alembic.ini", PROJECTS, project);
	struct runner_opts o = { .python = test_python(), .alembic_ini = ini, .url = dburl, .start_timeout_s = 60 };
	struct runner *r = NULL;
	char err[2048];
	enum runner_status st = runner_start(&o, &r, err, sizeof err);
	ck_assert_msg(st == RUNNER_OK, "runner_start(%s): %s: %s", project, runner_status_name(st), err);
	ck_assert_ptr_nonnull(r);
	return r;
}

/* Sends {"cmd":cmd, key:value} and returns the answer (asserting the transport worked). */
static json_t *call(struct runner *r, const char *cmd, const char *key, const char *value, double timeout)
{
	json_t *req = key ? json_pack("{s:s, s:s}", "cmd", cmd, key, value) : json_pack("{s:s}", "cmd", cmd);
	ck_assert_ptr_nonnull(req);
	json_t *ans = NULL;
	char err[2048];
	enum runner_status st = runner_call(r, req, timeout, &ans, err, sizeof err);
	json_decref(req);
	ck_assert_msg(st == RUNNER_OK, "%s: %s: %s", cmd, runner_status_name(st), err);
	ck_assert_ptr_nonnull(ans);
	return ans;
}

static void assert_ok(json_t *ans, const char *what)
{
	ck_assert_msg(runner_answer_ok(ans), "%s failed: %s: %s", what, runner_answer_type(ans) ? runner_answer_type(ans) : "?",
	              runner_answer_error(ans) ? runner_answer_error(ans) : "?");
	ck_assert(runner_answer_duration(ans) >= 0.0);
}

/* Asserts that "current" is exactly the one revision rev (or empty when rev is NULL). */
static void assert_current(struct runner *r, const char *rev)
{
	json_t *ans = call(r, "current", NULL, NULL, 60);
	assert_ok(ans, "current");
	json_t *cur = json_object_get(ans, "current");
	ck_assert(json_is_array(cur));
	if (!rev) {
		ck_assert_uint_eq(json_array_size(cur), 0);
	} else {
		ck_assert_uint_eq(json_array_size(cur), 1);
		ck_assert_str_eq(json_string_value(json_array_get(cur, 0)), rev);
	}
	json_decref(ans);
}

START_TEST(start_graph_upgrade_current_downgrade)
{
	struct runner *r = start_project("reversible");
	ck_assert(runner_alive(r));
	ck_assert_int_gt(runner_pid(r), 0);
	json_t *hello = runner_hello(r);
	ck_assert_str_eq(json_string_value(json_object_get(hello, "hello")), "pytest_mrt.runner");
	ck_assert_int_eq(json_integer_value(json_object_get(hello, "protocol")), 1);
	ck_assert_int_eq(json_integer_value(json_object_get(hello, "pid")), runner_pid(r));

	json_t *g = call(r, "graph", NULL, NULL, 60);
	assert_ok(g, "graph");
	json_t *revs = json_object_get(g, "revisions");
	ck_assert_uint_eq(json_array_size(revs), 8);
	json_t *first = json_array_get(revs, 0), *second = json_array_get(revs, 1);
	ck_assert_str_eq(json_string_value(json_object_get(first, "revision")), "0001_initial");
	ck_assert_uint_eq(json_array_size(json_object_get(first, "down_revisions")), 0);
	ck_assert_str_eq(json_string_value(json_object_get(second, "revision")), "0002_move_notes");
	ck_assert_str_eq(json_string_value(json_array_get(json_object_get(second, "down_revisions"), 0)), "0001_initial");
	ck_assert_str_eq(json_string_value(json_object_get(second, "doc")), "move customers.notes to customer_notes");
	ck_assert_ptr_nonnull(strstr(json_string_value(json_object_get(second, "path")), "/versions/0002_move_notes.py"));
	ck_assert_uint_eq(json_array_size(json_object_get(g, "heads")), 1);
	ck_assert_str_eq(json_string_value(json_array_get(json_object_get(g, "heads"), 0)), "0008_rename_invoices");
	ck_assert_str_eq(json_string_value(json_array_get(json_object_get(g, "bases"), 0)), "0001_initial");
	json_decref(g);

	assert_current(r, NULL);
	json_t *a = call(r, "upgrade", "rev", "heads", 60);
	assert_ok(a, "upgrade heads");
	json_decref(a);
	assert_current(r, "0008_rename_invoices");

	a = call(r, "downgrade", "target", "0005_index_amount", 60);
	assert_ok(a, "downgrade 0005");
	json_decref(a);
	assert_current(r, "0005_index_amount");

	a = call(r, "upgrade", "rev", "0005_index_amount@+1", 60);
	assert_ok(a, "upgrade +1");
	json_decref(a);
	assert_current(r, "0006_add_nickname");

	a = call(r, "downgrade", "target", "base", 60);
	assert_ok(a, "downgrade base");
	json_decref(a);
	assert_current(r, NULL);

	a = call(r, "stamp", "rev", "0003_rename_email", 60);
	assert_ok(a, "stamp");
	json_decref(a);
	assert_current(r, "0003_rename_email");

	ck_assert_int_eq(runner_stop(r), 0); /* quit: clean exit status 0 */
}
END_TEST

START_TEST(failing_migration_reports_type)
{
	struct runner *r = start_project("broken");
	/* an upgrade that fails on existing data: a NOT NULL column without backfill over a row */
	json_t *a = call(r, "upgrade", "rev", "0001_initial", 60);
	assert_ok(a, "upgrade 0001");
	json_decref(a);
	a = call(r, "sql", "sql", "INSERT INTO accounts (id, name, balance) VALUES (1, 'a', 1.5)", 60);
	assert_ok(a, "insert");
	ck_assert(json_is_null(json_object_get(a, "rows")));
	json_decref(a);
	a = call(r, "upgrade", "rev", "0002_require_region", 60);
	ck_assert(!runner_answer_ok(a));
	ck_assert_str_eq(runner_answer_type(a), "IntegrityError");
	ck_assert_ptr_nonnull(strstr(runner_answer_error(a), "NOT NULL constraint failed"));
	json_decref(a);
	assert_current(r, "0001_initial");

	/* recover by stamping, go on, and meet an irreversible downgrade */
	a = call(r, "stamp", "rev", "0003_report_archived", 60);
	assert_ok(a, "stamp 0003");
	json_decref(a);
	a = call(r, "upgrade", "rev", "0004_irreversible_ledger", 60);
	assert_ok(a, "upgrade 0004");
	json_decref(a);
	a = call(r, "downgrade", "target", "0004_irreversible_ledger@-1", 60);
	ck_assert(!runner_answer_ok(a));
	ck_assert_str_eq(runner_answer_type(a), "NotImplementedError");
	ck_assert_str_eq(runner_answer_error(a), "ledger entries cannot be split again");
	ck_assert_ptr_nonnull(strstr(json_string_value(json_object_get(a, "traceback")), "0004_irreversible_ledger.py"));
	json_decref(a);

	/* the runner keeps serving, and the database is still at 0004 */
	assert_current(r, "0004_irreversible_ledger");

	/* a malformed request is a ProtocolError answer, not a dead runner; ids are echoed */
	json_t *req = json_pack("{s:s, s:i}", "cmd", "fly", "id", 42);
	json_t *ans = NULL;
	char err[1024];
	ck_assert_int_eq(runner_call(r, req, 30, &ans, err, sizeof err), RUNNER_OK);
	ck_assert(!runner_answer_ok(ans));
	ck_assert_str_eq(runner_answer_type(ans), "ProtocolError");
	ck_assert_int_eq(json_integer_value(json_object_get(ans, "id")), 42);
	json_decref(ans);
	json_decref(req);
	ck_assert_int_eq(runner_stop(r), 0);
}
END_TEST

START_TEST(hung_migration_times_out_and_restart_works)
{
	struct runner *r = start_project("hang");
	json_t *a = call(r, "upgrade", "rev", "0001_initial", 60);
	assert_ok(a, "upgrade 0001");
	json_decref(a);

	pid_t old = runner_pid(r);
	json_t *req = json_pack("{s:s, s:s}", "cmd", "upgrade", "rev", "0002_slow_backfill");
	json_t *ans = NULL;
	char err[2048];
	enum runner_status st = runner_call(r, req, 2.0, &ans, err, sizeof err);
	json_decref(req);
	ck_assert_int_eq(st, RUNNER_TIMEOUT);
	ck_assert_ptr_null(ans);
	ck_assert_ptr_nonnull(strstr(err, "timeout"));
	ck_assert(!runner_alive(r));
	/* the whole process group is gone and reaped (no zombie: kill(pid, 0) fails) */
	ck_assert_int_eq(kill(old, 0), -1);
	ck_assert_int_eq(errno, ESRCH);

	/* calls fail fast until restarted */
	req = json_pack("{s:s}", "cmd", "current");
	ck_assert_int_eq(runner_call(r, req, 5, &ans, err, sizeof err), RUNNER_DIED);
	json_decref(req);

	ck_assert_int_eq(runner_restart(r, err, sizeof err), RUNNER_OK);
	ck_assert(runner_alive(r));
	ck_assert_int_ne(runner_pid(r), old);
	assert_current(r, "0001_initial");
	a = call(r, "stamp", "rev", "0002_slow_backfill", 60);
	assert_ok(a, "stamp");
	json_decref(a);
	a = call(r, "upgrade", "rev", "heads", 60);
	assert_ok(a, "upgrade heads after the hang");
	json_decref(a);
	assert_current(r, "0003_workers");
	ck_assert_int_eq(runner_stop(r), 0);
}
END_TEST

START_TEST(long_answer_lines)
{
	struct runner *r = start_project("reversible");
	/* 200000 hex characters: well past one 64 KiB read */
	json_t *a = call(r, "sql", "sql", "SELECT hex(zeroblob(100000)) AS h, 7 AS n", 60);
	assert_ok(a, "sql");
	json_t *row = json_array_get(json_object_get(a, "rows"), 0);
	const char *h = json_string_value(json_array_get(row, 0));
	ck_assert_uint_eq(strlen(h), 200000);
	ck_assert_int_eq(h[0], '0');
	ck_assert_int_eq(h[199999], '0');
	ck_assert_int_eq(json_integer_value(json_array_get(row, 1)), 7);
	json_decref(a);
	/* and the stream is still in step */
	a = call(r, "ping", NULL, NULL, 30);
	assert_ok(a, "ping");
	json_decref(a);
	runner_stop(r);
}
END_TEST

START_TEST(crash_at_start_reports_stderr)
{
	const char *argv[] = { test_python(), "-c",
		                   "import sys; sys.stderr.write('boom: runner crashed early\\n'); sys.exit(3)", NULL };
	struct runner_opts o = { .argv = argv, .start_timeout_s = 30 };
	struct runner *r = (struct runner *)1;
	char err[2048];
	ck_assert_int_eq(runner_start(&o, &r, err, sizeof err), RUNNER_DIED);
	ck_assert_ptr_null(r);
	ck_assert_msg(strstr(err, "exit status 3") != NULL, "%s", err);
	ck_assert_msg(strstr(err, "boom: runner crashed early") != NULL, "%s", err);
}
END_TEST

START_TEST(crash_during_call_reports_stderr_and_restarts)
{
	const char *argv[] = {
		test_python(), "-c",
		"import sys, os\n"
		"print('{\"ok\": true, \"hello\": \"fake\"}', flush=True)\n"
		"sys.stdin.readline()\n"
		"sys.stderr.write('Traceback: something broke in env.py\\n'); sys.stderr.flush()\n"
		"os._exit(4)\n",
		NULL
	};
	struct runner_opts o = { .argv = argv };
	struct runner *r = NULL;
	char err[2048];
	ck_assert_int_eq(runner_start(&o, &r, err, sizeof err), RUNNER_OK);
	json_t *req = json_pack("{s:s}", "cmd", "graph"), *ans = NULL;
	ck_assert_int_eq(runner_call(r, req, 30, &ans, err, sizeof err), RUNNER_DIED);
	ck_assert_ptr_null(ans);
	ck_assert_msg(strstr(err, "exit status 4") != NULL, "%s", err);
	ck_assert_msg(strstr(err, "something broke in env.py") != NULL, "%s", err);
	ck_assert(!runner_alive(r));
	ck_assert_int_eq(runner_call(r, req, 30, &ans, err, sizeof err), RUNNER_DIED);
	/* a restart gives a fresh process (with an empty stderr) */
	ck_assert_int_eq(runner_restart(r, err, sizeof err), RUNNER_OK);
	char tail[256];
	ck_assert_uint_eq(runner_stderr_tail(r, tail, sizeof tail), 0);
	ck_assert_int_eq(runner_call(r, req, 30, &ans, err, sizeof err), RUNNER_DIED);
	json_decref(req);
	runner_stop(r);
}
END_TEST

START_TEST(garbage_on_stdout_is_a_protocol_error)
{
	const char *argv[] = { test_python(), "-c",
		                   "import sys\n"
		                   "print('{\"ok\": true, \"hello\": \"fake\"}', flush=True)\n"
		                   "sys.stdin.readline()\n"
		                   "print('Running upgrade -> abc', flush=True)\n"
		                   "sys.stdin.readline()\n",
		                   NULL };
	struct runner_opts o = { .argv = argv };
	struct runner *r = NULL;
	char err[2048];
	ck_assert_int_eq(runner_start(&o, &r, err, sizeof err), RUNNER_OK);
	json_t *req = json_pack("{s:s}", "cmd", "graph"), *ans = NULL;
	ck_assert_int_eq(runner_call(r, req, 30, &ans, err, sizeof err), RUNNER_PROTOCOL);
	ck_assert_ptr_nonnull(strstr(err, "Running upgrade"));
	ck_assert(!runner_alive(r));
	json_decref(req);
	ck_assert_int_eq(runner_stop(r), -1);
}
END_TEST

START_TEST(start_errors)
{
	struct runner *r = NULL;
	char err[2048];
	/* no such interpreter */
	struct runner_opts o = { .python = "/nonexistent/python3", .alembic_ini = PROJECTS "/lossy/alembic.ini" };
	ck_assert_int_eq(runner_start(&o, &r, err, sizeof err), RUNNER_ERROR);
	ck_assert_ptr_null(r);
	ck_assert_msg(strstr(err, "cannot run '/nonexistent/python3'") != NULL, "%s", err);
	ck_assert_msg(strstr(err, "MRT_PYTHON") != NULL, "%s", err);

	/* no such ini: the runner answers its greeting with the error */
	struct runner_opts o2 = { .python = test_python(), .alembic_ini = "/nonexistent/alembic.ini", .url = dburl };
	ck_assert_int_eq(runner_start(&o2, &r, err, sizeof err), RUNNER_ERROR);
	ck_assert_ptr_null(r);
	ck_assert_msg(strstr(err, "FileNotFoundError") != NULL, "%s", err);

	/* missing arguments */
	struct runner_opts o3 = { 0 };
	ck_assert_int_eq(runner_start(&o3, &r, err, sizeof err), RUNNER_ERROR);
	ck_assert_int_eq(runner_start(NULL, &r, err, sizeof err), RUNNER_ERROR);
	runner_stop(NULL);
}
END_TEST

START_TEST(password_never_in_answers)
{
	char ini[512];
	snprintf(ini, sizeof ini, "%s/reversible/alembic.ini", PROJECTS);
	/* an unreachable server: the error text names the URL, without its password */
	struct runner_opts o = { .python = test_python(),
		                 .alembic_ini = ini,
		                 .url = "postgresql://mrt:s3cr3t-pw@127.0.0.1:1/nowhere?connect_timeout=2" };
	struct runner *r = NULL;
	char err[2048];
	ck_assert_int_eq(runner_start(&o, &r, err, sizeof err), RUNNER_OK);
	json_t *req = json_pack("{s:s, s:s}", "cmd", "upgrade", "rev", "heads"), *ans = NULL;
	ck_assert_int_eq(runner_call(r, req, 60, &ans, err, sizeof err), RUNNER_OK);
	ck_assert(!runner_answer_ok(ans));
	char *text = json_dumps(ans, 0);
	ck_assert_ptr_nonnull(text);
	ck_assert_msg(strstr(text, "s3cr3t-pw") == NULL, "%s", text);
	free(text);
	char tail[65536];
	runner_stderr_tail(r, tail, sizeof tail);
	ck_assert_msg(strstr(tail, "s3cr3t-pw") == NULL, "%s", tail);
	json_decref(ans);
	json_decref(req);
	runner_stop(r);
}
END_TEST

static Suite *runner_suite(void)
{
	Suite *s = suite_create("runner");
	TCase *tc = tcase_create("runner");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, start_graph_upgrade_current_downgrade);
	tcase_add_test(tc, failing_migration_reports_type);
	tcase_add_test(tc, hung_migration_times_out_and_restart_works);
	tcase_add_test(tc, long_answer_lines);
	tcase_add_test(tc, crash_at_start_reports_stderr);
	tcase_add_test(tc, crash_during_call_reports_stderr_and_restarts);
	tcase_add_test(tc, garbage_on_stdout_is_a_protocol_error);
	tcase_add_test(tc, start_errors);
	tcase_add_test(tc, password_never_in_answers);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(runner_suite());
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
