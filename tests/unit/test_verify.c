/* test_verify.c — the real walk (verify_run) over the Alembic projects of tests/alembic, asserting the verdict of
 * every revision exactly as tests/alembic/expected.json states it, plus skip / minimum_downgrade_revision /
 * allow_data_loss, the text and JSON reports, and SIGINT cleanup. Needs a Python with Alembic ($MRT_PYTHON, else
 * /work/venv-dev/bin/python when present) and the sqlite backend plugin built. */
#include <check.h>
#include <dirent.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include "config.h"
#include "verify.h"

#define ALEMBIC_DIR MRT_TEST_DATA "/../alembic"

static void setup(void)
{
	const char *py = getenv("MRT_PYTHON");
	if ((!py || !py[0]) && access("/work/venv-dev/bin/python", X_OK) == 0)
		setenv("MRT_PYTHON", "/work/venv-dev/bin/python", 1);
}

static int count_own_scratch(void)
{
	const char *dir = getenv("TMPDIR") && getenv("TMPDIR")[0] == '/' ? getenv("TMPDIR") : "/tmp";
	char prefix[64];
	snprintf(prefix, sizeof(prefix), "mrt_scratch_%ld_", (long)getpid());
	DIR *d = opendir(dir);
	int n = 0;
	struct dirent *e;
	while (d && (e = readdir(d)) != NULL)
		if (strncmp(e->d_name, prefix, strlen(prefix)) == 0)
			n++;
	if (d)
		closedir(d);
	return n;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Runs project and compares every revision with expected.json. */
static void check_project(const char *project, double timeout)
{
	char ini[4096];
	snprintf(ini, sizeof(ini), "%s/%s/alembic.ini", ALEMBIC_DIR, project);
	json_error_t jerr;
	json_t *exp = json_load_file(ALEMBIC_DIR "/expected.json", 0, &jerr);
	ck_assert_msg(exp != NULL, "expected.json: %s", jerr.text);
	json_t *revs = json_object_get(json_object_get(exp, "projects"), project);
	ck_assert_ptr_nonnull(revs);

	struct verify_opts o = {.alembic_ini = ini, .db_url = "sqlite:///unused.db", .timeout_s = timeout};
	struct verify_result res;
	int rc = verify_run(&o, &res);
	ck_assert_msg(rc == VERIFY_OK, "%s: %s", project, res.error);
	ck_assert_uint_eq(res.nrevs, json_object_size(revs));
	ck_assert_str_eq(res.backend, "sqlite");
	for (size_t i = 0; i < res.nrevs; i++) {
		const struct verify_rev *r = &res.revs[i];
		json_t *e = json_object_get(revs, r->revision);
		ck_assert_msg(e != NULL, "%s: unexpected revision %s", project, r->revision);
		ck_assert_msg(strcmp(verify_status_name(r->status), json_string_value(json_object_get(e, "status"))) == 0,
		              "%s %s: status %s, expected %s (%s)", project, r->revision, verify_status_name(r->status),
		              json_string_value(json_object_get(e, "status")),
		              r->findings.count ? r->findings.items[0].message : "no findings");
		/* kinds: sorted, unique */
		const char *kinds[64];
		size_t nk = 0;
		for (size_t k = 0; k < r->findings.count && nk < 64; k++) {
			const char *name = vfinding_kind_name(r->findings.items[k].kind);
			size_t j;
			for (j = 0; j < nk && strcmp(kinds[j], name) != 0; j++)
				;
			if (j == nk)
				kinds[nk++] = name;
		}
		qsort(kinds, nk, sizeof(*kinds), cmp_str);
		json_t *ek = json_object_get(e, "kinds");
		ck_assert_msg(nk == json_array_size(ek), "%s %s: %zu kinds, expected %zu (%s)", project, r->revision, nk,
		              json_array_size(ek), r->findings.count ? r->findings.items[0].message : "none");
		for (size_t k = 0; k < nk; k++)
			ck_assert_str_eq(kinds[k], json_string_value(json_array_get(ek, k)));
	}
	ck_assert_int_eq(verify_exit_code(&res, rc), res.revs[0].status == VERIFY_REV_OK && !strcmp(project, "reversible") ? 0 : 2);
	verify_result_release(&res);
	json_decref(exp);
	ck_assert_int_eq(count_own_scratch(), 0);
	ck_assert_int_ne(access("unused.db", F_OK), 0); /* the user's database was never created or written */
}

START_TEST(project_lossy)
{
	check_project("lossy", 60);
}
END_TEST

START_TEST(project_reversible)
{
	check_project("reversible", 60);
}
END_TEST

START_TEST(project_branched)
{
	check_project("branched", 60);
}
END_TEST

START_TEST(project_broken)
{
	check_project("broken", 60);
}
END_TEST

START_TEST(project_config_connection)
{
	check_project("config_connection", 60);
}
END_TEST

START_TEST(project_hang)
{
	check_project("hang", 3);
}
END_TEST

static const struct verify_rev *find_rev(const struct verify_result *res, const char *id)
{
	for (size_t i = 0; i < res->nrevs; i++)
		if (strcmp(res->revs[i].revision, id) == 0)
			return &res->revs[i];
	ck_abort_msg("no revision %s", id);
	return NULL;
}

START_TEST(messages_and_reports)
{
	struct verify_opts o = {.alembic_ini = ALEMBIC_DIR "/lossy/alembic.ini", .db_url = "sqlite:///unused.db"};
	struct verify_result res;
	ck_assert_int_eq(verify_run(&o, &res), VERIFY_OK);
	const struct verify_rev *r = find_rev(&res, "0003_drop_phone");
	ck_assert_str_eq(r->findings.items[0].message, "Column 'users.phone': 3/3 values lost after rollback");
	r = find_rev(&res, "0005_drop_audit_log");
	ck_assert_str_eq(r->findings.items[0].message, "Table 'audit_log': 3/3 rows lost after rollback");
	r = find_rev(&res, "0009_widen_order_total");
	ck_assert_str_eq(r->findings.items[0].message, "Column 'orders.total': type NUMERIC(10,2) became INTEGER");
	r = find_rev(&res, "0012_unique_email_index");
	ck_assert_str_eq(r->findings.items[0].message, "Index 'ix_users_email' missing after rollback");
	r = find_rev(&res, "0017_sessions");
	ck_assert_str_eq(r->findings.items[0].message,
	                 "Table 'sessions' still exists after rollback — downgrade is incomplete");
	r = find_rev(&res, "0014_drop_legacy_code");
	ck_assert(r->findings.items[0].expected);

	/* text: unicode and ASCII */
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	verify_print_text(&res, f, true);
	fclose(f);
	ck_assert_ptr_nonnull(strstr(buf, "✓ 0001_initial reversible\n"));
	ck_assert_ptr_nonnull(strstr(buf, "✗ 0003_drop_phone data loss detected\n"
	                                  "  └─ Column 'users.phone': 3/3 values lost after rollback\n"));
	ck_assert_ptr_nonnull(strstr(buf, "\nFAILED\n"));
	free(buf);
	f = open_memstream(&buf, &len);
	verify_print_text(&res, f, false);
	fclose(f);
	ck_assert_ptr_nonnull(strstr(buf, "[ok] 0001_initial reversible\n"));
	ck_assert_ptr_nonnull(strstr(buf, "[FAIL] 0005_drop_audit_log data loss detected\n"
	                                  "  `- Table 'audit_log': 3/3 rows lost after rollback\n"));
	free(buf);

	/* JSON */
	json_t *j = verify_to_json(&res);
	ck_assert_ptr_nonnull(j);
	json_t *revs = json_object_get(j, "revisions");
	ck_assert_uint_eq(json_array_size(revs), 20);
	json_t *r3 = json_array_get(revs, 2);
	ck_assert_str_eq(json_string_value(json_object_get(r3, "revision")), "0003_drop_phone");
	ck_assert_str_eq(json_string_value(json_object_get(r3, "status")), "loss");
	ck_assert(json_is_real(json_object_get(r3, "seconds")));
	json_t *f0 = json_array_get(json_object_get(r3, "findings"), 0);
	ck_assert_str_eq(json_string_value(json_object_get(f0, "kind")), "values_lost");
	ck_assert_str_eq(json_string_value(json_object_get(f0, "table")), "users");
	ck_assert_str_eq(json_string_value(json_object_get(f0, "column")), "phone");
	ck_assert_int_eq(json_integer_value(json_object_get(f0, "lost")), 3);
	ck_assert_int_eq(json_integer_value(json_object_get(f0, "total")), 3);
	json_t *sum = json_object_get(j, "summary");
	ck_assert_int_eq(json_integer_value(json_object_get(sum, "revisions")), 20);
	ck_assert_int_eq(json_integer_value(json_object_get(sum, "ok")), 4);
	ck_assert_int_eq(json_integer_value(json_object_get(sum, "expected")), 1);
	ck_assert_int_eq(json_integer_value(json_object_get(sum, "loss")), 15);
	ck_assert(json_is_false(json_object_get(sum, "passed")));
	json_decref(j);

	f = open_memstream(&buf, &len);
	verify_print_junit(&res, f);
	fclose(f);
	ck_assert_ptr_nonnull(strstr(buf, "tests=\"20\" failures=\"15\""));
	free(buf);
	ck_assert_int_eq(verify_exit_code(&res, VERIFY_OK), 2);
	verify_result_release(&res);
}
END_TEST

START_TEST(skip_minimum_and_allow)
{
	static const char *const skips[] = {"0005_drop_audit_log"};
	static const char *const reasons[] = {"known: audit log is rebuilt"};
	struct project_config pc;
	project_config_init(&pc);
	char *targets[] = {"users.phone"};
	struct config_data_loss allow = {"0003_drop_phone", targets, 1, 1, 1};
	pc.allow_data_loss = &allow;
	pc.nallow_data_loss = 1;
	struct verify_opts o = {.alembic_ini = ALEMBIC_DIR "/lossy/alembic.ini",
	                        .db_url = "sqlite:///unused.db",
	                        .project = &pc,
	                        .skip_revs = skips,
	                        .skip_reasons = reasons,
	                        .nskip = 1,
	                        .minimum_downgrade_revision = "0002_add_phone",
	                        .to_rev = "0007_price_in_cents"};
	struct verify_result res;
	ck_assert_int_eq(verify_run(&o, &res), VERIFY_OK);
	ck_assert_uint_eq(res.nrevs, 7);
	ck_assert_str_eq(verify_status_name(find_rev(&res, "0001_initial")->status), "skipped");
	ck_assert_str_eq(verify_status_name(find_rev(&res, "0002_add_phone")->status), "ok");
	ck_assert_str_eq(verify_status_name(find_rev(&res, "0003_drop_phone")->status), "expected");
	const struct verify_rev *r5 = find_rev(&res, "0005_drop_audit_log");
	ck_assert_str_eq(verify_status_name(r5->status), "skipped");
	ck_assert_str_eq(r5->reason, "known: audit log is rebuilt");
	ck_assert_str_eq(verify_status_name(find_rev(&res, "0007_price_in_cents")->status), "loss");
	ck_assert_int_eq(verify_exit_code(&res, VERIFY_OK), 2);
	verify_result_release(&res);
	/* unknown revision: usage error */
	o.to_rev = "nope";
	ck_assert_int_eq(verify_run(&o, &res), VERIFY_EUSAGE);
	ck_assert_ptr_nonnull(strstr(res.error, "'nope'"));
	ck_assert_int_eq(verify_exit_code(&res, VERIFY_EUSAGE), 3);
	verify_result_release(&res);
	ck_assert_int_eq(count_own_scratch(), 0);
}
END_TEST

/* seed rows from mrt.yaml add to the generated ones at their revision */
START_TEST(project_seed_rows)
{
	static const char yaml[] = "verify:\n"
	                           "  rows: 3\n"
	                           "  seed_rows:\n"
	                           "    \"0003_drop_phone\":\n"
	                           "      users:\n"
	                           "        - {name: Ada, email: ada@example.com, phone: \"+44 20\", status: active}\n";
	struct project_config pc;
	struct config_error cerr;
	project_config_init(&pc);
	ck_assert_msg(config_load_project_buffer("mrt.yaml", yaml, sizeof(yaml) - 1, NULL, &pc, &cerr) == CONFIG_OK, "%s",
	              cerr.message);
	struct verify_opts o = {.alembic_ini = ALEMBIC_DIR "/lossy/alembic.ini",
	                        .db_url = "sqlite:///unused.db",
	                        .project = &pc,
	                        .to_rev = "0003_drop_phone"};
	struct verify_result res;
	ck_assert_msg(verify_run(&o, &res) == VERIFY_OK, "%s", res.error);
	const struct verify_rev *r = find_rev(&res, "0003_drop_phone");
	ck_assert_uint_eq(r->findings.count, 1);
	ck_assert_str_eq(r->findings.items[0].message, "Column 'users.phone': 4/4 values lost after rollback");
	verify_result_release(&res);
	project_config_release(&pc);
}
END_TEST

START_TEST(sigint_removes_scratch)
{
	pid_t me = getpid();
	pid_t child = fork();
	ck_assert_int_ge(child, 0);
	if (child == 0) {
		sleep(3);
		kill(me, SIGINT);
		_exit(0);
	}
	struct verify_opts o = {.alembic_ini = ALEMBIC_DIR "/hang/alembic.ini", .db_url = "sqlite:///unused.db",
	                        .timeout_s = 120};
	struct verify_result res;
	int rc = verify_run(&o, &res);
	waitpid(child, NULL, 0);
	ck_assert_int_eq(rc, VERIFY_EINTR);
	ck_assert(res.interrupted);
	ck_assert_double_lt(res.seconds, 60);
	ck_assert_int_eq(count_own_scratch(), 0);
	verify_result_release(&res);
}
END_TEST

static void write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");
	ck_assert_ptr_nonnull(f);
	fputs(text, f);
	fclose(f);
}

/* An env.py that ignores the URL and connection mrt hands it: the walk stops after the first upgrade. */
START_TEST(env_ignoring_scratch_is_refused)
{
	char dir[] = "/tmp/mrt_test_envXXXXXX", p[4200], text[8192];
	ck_assert_ptr_nonnull(mkdtemp(dir));
	snprintf(p, sizeof(p), "%s/migrations", dir);
	ck_assert_int_eq(mkdir(p, 0700), 0);
	snprintf(p, sizeof(p), "%s/migrations/versions", dir);
	ck_assert_int_eq(mkdir(p, 0700), 0);
	snprintf(p, sizeof(p), "%s/alembic.ini", dir);
	write_file(p, "[alembic]\nscript_location = %(here)s/migrations\n");
	snprintf(p, sizeof(p), "%s/migrations/env.py", dir);
	snprintf(text, sizeof(text),
	         "from alembic import context\nfrom sqlalchemy import create_engine\n"
	         "engine = create_engine('sqlite:///%s/other.db')\n"
	         "with engine.begin() as conn:\n"
	         "    context.configure(connection=conn, target_metadata=None)\n"
	         "    with context.begin_transaction():\n        context.run_migrations()\n",
	         dir);
	write_file(p, text);
	snprintf(p, sizeof(p), "%s/migrations/versions/a1.py", dir);
	write_file(p, "from alembic import op\nimport sqlalchemy as sa\nrevision = 'a1'\ndown_revision = None\n"
	              "def upgrade():\n    op.create_table('t', sa.Column('id', sa.Integer, primary_key=True))\n"
	              "def downgrade():\n    op.drop_table('t')\n");
	snprintf(p, sizeof(p), "%s/alembic.ini", dir);
	struct verify_opts o = {.alembic_ini = p, .db_url = "sqlite:///unused.db"};
	struct verify_result res;
	ck_assert_int_eq(verify_run(&o, &res), VERIFY_EUSAGE);
	ck_assert_msg(strstr(res.error, "env.py does not use the database mrt hands it") != NULL, "%s", res.error);
	verify_result_release(&res);
	ck_assert_int_eq(count_own_scratch(), 0);
	char cmd[4400];
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	ck_assert_int_eq(system(cmd), 0);
}
END_TEST

START_TEST(no_backend_for_scheme)
{
	struct verify_opts o = {.alembic_ini = ALEMBIC_DIR "/lossy/alembic.ini", .db_url = "oracle://x/y"};
	struct verify_result res;
	ck_assert_int_eq(verify_run(&o, &res), VERIFY_EBACKEND);
	ck_assert_ptr_nonnull(strstr(res.error, "no backend plugin handles 'oracle' URLs"));
	ck_assert_int_eq(verify_exit_code(&res, VERIFY_EBACKEND), 4);
	verify_result_release(&res);
}
END_TEST

int main(void)
{
	setup();
	Suite *s = suite_create("verify");
	TCase *tc = tcase_create("walk");
	tcase_set_timeout(tc, 180);
	tcase_add_test(tc, project_lossy);
	tcase_add_test(tc, project_reversible);
	tcase_add_test(tc, project_branched);
	tcase_add_test(tc, project_broken);
	tcase_add_test(tc, project_config_connection);
	tcase_add_test(tc, project_hang);
	tcase_add_test(tc, messages_and_reports);
	tcase_add_test(tc, skip_minimum_and_allow);
	tcase_add_test(tc, project_seed_rows);
	tcase_add_test(tc, sigint_removes_scratch);
	tcase_add_test(tc, env_ignoring_scratch_is_refused);
	tcase_add_test(tc, no_backend_for_scheme);
	suite_add_tcase(s, tc);
	SRunner *sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? 1 : 0;
}
