/* test_discover.c — alembic.ini reading and migration file discovery. */
#include <check.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "discover.h"

#define PROJECTS MRT_TEST_DATA "/projects"

/* ---- scratch directory helpers ------------------------------------------------------------------------------- */

static char tmpdir[256]; /* created per test by setup() */

static void setup(void)
{
	snprintf(tmpdir, sizeof(tmpdir), "/tmp/mrt_discover_XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(tmpdir));
}

static void rm_rf(const char *path)
{
	char cmd[512];
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", path);
	ck_assert_int_eq(system(cmd), 0);
}

static void teardown(void)
{
	rm_rf(tmpdir);
}

/* tmpdir + "/" + rel into buf */
static char *tpath(char *buf, size_t n, const char *rel)
{
	snprintf(buf, n, "%s/%s", tmpdir, rel);
	return buf;
}

static void write_file(const char *rel, const char *text)
{
	char p[512];
	tpath(p, sizeof(p), rel);
	FILE *f = fopen(p, "w");
	ck_assert_msg(f != NULL, "fopen %s: %s", p, strerror(errno));
	fputs(text, f);
	fclose(f);
}

static void make_dir(const char *rel)
{
	char p[512];
	tpath(p, sizeof(p), rel);
	ck_assert_msg(mkdir(p, 0755) == 0, "mkdir %s: %s", p, strerror(errno));
}

static const char *MIG = "revision = 'x'\ndown_revision = None\n";

/* A standard layout: mig/versions with two migrations, an __init__.py, a cache and a hidden file. */
static void make_project(void)
{
	make_dir("mig");
	make_dir("mig/versions");
	make_dir("mig/versions/__pycache__");
	make_dir("mig/versions/sub");
	write_file("mig/env.py", "# env\n");
	write_file("mig/script.py.mako", "# mako\n");
	write_file("mig/versions/002_b.py", MIG);
	write_file("mig/versions/001_a.py", MIG);
	write_file("mig/versions/__init__.py", "");
	write_file("mig/versions/.hidden.py", MIG);
	write_file("mig/versions/.#lock.py", MIG);
	write_file("mig/versions/001_a.pyc", "xx");
	write_file("mig/versions/notes.txt", "x");
	write_file("mig/versions/__pycache__/001_a.cpython-311.py", MIG);
	write_file("mig/versions/sub/003_c.py", MIG);
}

/* basename of the i-th file */
static const char *fname(const struct discovery *d, size_t i)
{
	const char *s = strrchr(d->files[i], '/');
	return s ? s + 1 : d->files[i];
}

/* discover_from_ini on tmpdir/alembic.ini containing text; returns rc */
static int ini_run(const char *text, struct discovery *d, char *err, size_t errlen)
{
	char p[512];
	write_file("alembic.ini", text);
	return discover_from_ini(tpath(p, sizeof(p), "alembic.ini"), d, err, errlen);
}

/* ---- fixture projects ---------------------------------------------------------------------------------------- */

START_TEST(test_fixture_linear)
{
	struct discovery d;
	char err[512] = "";
	int rc = discover_from_ini(PROJECTS "/linear/alembic.ini", &d, err, sizeof(err));
	ck_assert_msg(rc == DISCOVER_OK, "rc %d: %s", rc, err);
	ck_assert_str_eq(d.ini_path, PROJECTS "/linear/alembic.ini");
	ck_assert_str_eq(d.section, "alembic");
	ck_assert_str_eq(d.script_location, PROJECTS "/linear/migrations");
	ck_assert_uint_eq(d.nversion_dirs, 1);
	ck_assert_str_eq(d.version_dirs[0], PROJECTS "/linear/migrations/versions");
	ck_assert_uint_eq(d.nfiles, 3); /* __init__.py is not a migration */
	ck_assert_str_eq(d.files[0], PROJECTS "/linear/migrations/versions/1a2b3c4d5e6f_create_users.py");
	ck_assert_str_eq(d.files[1], PROJECTS "/linear/migrations/versions/2b3c4d5e6f7a_add_email.py");
	ck_assert_str_eq(d.files[2], PROJECTS "/linear/migrations/versions/3c4d5e6f7a8b_create_orders.py");
	ck_assert_str_eq(d.dialect, "postgresql");
	ck_assert_str_eq(d.driver, "psycopg2");
	ck_assert_str_eq(d.sqlalchemy_url, "postgresql+psycopg2://app:s3cr3t-pw@localhost:5432/app");
	ck_assert(!d.recursive);
	discovery_release(&d);
	ck_assert_ptr_null(d.files);
	ck_assert_uint_eq(d.nfiles, 0);
}
END_TEST

START_TEST(test_fixture_branched_relative_script_location)
{
	struct discovery d;
	char err[512] = "";
	int rc = discover_from_ini(PROJECTS "/branched_merged/alembic.ini", &d, err, sizeof(err));
	ck_assert_msg(rc == DISCOVER_OK, "rc %d: %s", rc, err);
	/* script_location = migrations: relative to the ini's directory, not the working directory */
	ck_assert_str_eq(d.script_location, PROJECTS "/branched_merged/migrations");
	ck_assert_uint_eq(d.nfiles, 5);
	ck_assert_str_eq(fname(&d, 0), "a1000000000a_create_users.py");
	ck_assert_str_eq(fname(&d, 4), "e5000000000e_add_audit_user.py");
	ck_assert_str_eq(d.dialect, "sqlite");
	ck_assert_str_eq(d.driver, "");
	ck_assert_str_eq(d.sqlalchemy_url, "sqlite:///" PROJECTS "/branched_merged/app.db");
	discovery_release(&d);
}
END_TEST

START_TEST(test_fixture_multi_location)
{
	struct discovery d;
	char err[512] = "";
	int rc = discover_from_ini(PROJECTS "/multi_location/alembic.ini", &d, err, sizeof(err));
	ck_assert_msg(rc == DISCOVER_OK, "rc %d: %s", rc, err);
	ck_assert_uint_eq(d.nversion_dirs, 2);
	ck_assert_str_eq(d.version_dirs[0], PROJECTS "/multi_location/migrations/versions");
	ck_assert_str_eq(d.version_dirs[1], PROJECTS "/multi_location/billing_versions");
	ck_assert_uint_eq(d.nfiles, 4);
	/* sorted by full path: billing_versions/ before migrations/ */
	ck_assert_str_eq(d.files[0], PROJECTS "/multi_location/billing_versions/b111000000a1_create_invoices.py");
	ck_assert_str_eq(d.files[3], PROJECTS "/multi_location/migrations/versions/c0de00000002_add_users_locale.py");
	ck_assert_str_eq(d.dialect, "postgresql");
	ck_assert_str_eq(d.driver, "asyncpg");
	discovery_release(&d);
}
END_TEST

START_TEST(test_fixture_two_heads_and_broken)
{
	struct discovery d;
	char err[512] = "";
	ck_assert_int_eq(discover_from_ini(PROJECTS "/two_heads/alembic.ini", &d, err, sizeof(err)), DISCOVER_OK);
	ck_assert_uint_eq(d.nfiles, 3);
	ck_assert_str_eq(d.dialect, "mysql");
	ck_assert_str_eq(d.driver, "pymysql");
	discovery_release(&d);
	ck_assert_int_eq(discover_from_ini(PROJECTS "/broken/alembic.ini", &d, err, sizeof(err)), DISCOVER_OK);
	ck_assert_uint_eq(d.nfiles, 4); /* README.txt is not a .py file */
	ck_assert_str_eq(fname(&d, 1), "bbbb00000002_add_balance.py");
	ck_assert_str_eq(fname(&d, 2), "bbbb00000002_add_balance_copy.py");
	ck_assert_str_eq(d.dialect, "postgresql");
	ck_assert_str_eq(d.driver, "");
	discovery_release(&d);
}
END_TEST

/* ---- ini syntax ---------------------------------------------------------------------------------------------- */

START_TEST(test_ini_basic_and_here)
{
	make_project();
	struct discovery d;
	char err[512] = "", want[512];
	int rc = ini_run("# comment\n; another comment\n[alembic]\nscript_location = %(here)s/mig\n"
	                 "sqlalchemy.url = sqlite:///%(here)s/x.db\n\n[other]\nkey = value\n",
	                 &d, err, sizeof(err));
	ck_assert_msg(rc == DISCOVER_OK, "rc %d: %s", rc, err);
	ck_assert_str_eq(d.script_location, tpath(want, sizeof(want), "mig"));
	ck_assert_str_eq(d.version_dirs[0], tpath(want, sizeof(want), "mig/versions"));
	/* 001_a.py, 002_b.py; not: __init__, hidden, lock, .pyc, txt, __pycache__, sub/ (not recursive) */
	ck_assert_uint_eq(d.nfiles, 2);
	ck_assert_str_eq(d.files[0], tpath(want, sizeof(want), "mig/versions/001_a.py"));
	ck_assert_str_eq(d.files[1], tpath(want, sizeof(want), "mig/versions/002_b.py"));
	char url[600];
	snprintf(url, sizeof(url), "sqlite:///%s/x.db", tmpdir);
	ck_assert_str_eq(d.sqlalchemy_url, url);
	ck_assert_str_eq(d.dialect, "sqlite");
	discovery_release(&d);
}
END_TEST

START_TEST(test_ini_relative_ini_path)
{
	make_project();
	write_file("alembic.ini", "[alembic]\nscript_location = mig\n");
	char cwd[1024];
	ck_assert_ptr_nonnull(getcwd(cwd, sizeof(cwd)));
	ck_assert_int_eq(chdir(tmpdir), 0);
	struct discovery d;
	char err[512] = "";
	int rc = discover_from_ini("alembic.ini", &d, err, sizeof(err));
	ck_assert_int_eq(chdir(cwd), 0);
	ck_assert_msg(rc == DISCOVER_OK, "rc %d: %s", rc, err);
	ck_assert_str_eq(d.script_location, "mig");
	ck_assert_str_eq(d.version_dirs[0], "mig/versions");
	ck_assert_str_eq(d.files[0], "mig/versions/001_a.py");
	discovery_release(&d);
}
END_TEST

START_TEST(test_ini_colon_case_continuation_comments)
{
	make_project();
	make_dir("other");
	write_file("other/010_x.py", MIG);
	struct discovery d;
	char err[512] = "";
	/* `key: value`, upper-case keys, continuation lines (with a comment and an empty line inside), separator =
	 * newline */
	int rc = ini_run("[alembic]\n"
	                 "Script_Location: mig\n"
	                 "PATH_SEPARATOR = newline\n"
	                 "version_locations =\n"
	                 "    mig/versions\n"
	                 "    # a comment line inside the value is skipped\n"
	                 "\n"
	                 "    other\n"
	                 "after = 1\n",
	                 &d, err, sizeof(err));
	ck_assert_msg(rc == DISCOVER_OK, "rc %d: %s", rc, err);
	ck_assert_uint_eq(d.nversion_dirs, 2);
	ck_assert(strstr(d.version_dirs[0], "/mig/versions") != NULL);
	ck_assert(strstr(d.version_dirs[1], "/other") != NULL);
	ck_assert_uint_eq(d.nfiles, 3);
	ck_assert_str_eq(fname(&d, 0), "001_a.py");
	ck_assert_str_eq(fname(&d, 2), "010_x.py");
	discovery_release(&d);
}
END_TEST

START_TEST(test_ini_inline_hash_is_value)
{
	make_project();
	struct discovery d;
	char err[512] = "";
	/* configparser has no inline comments: the value is "mig # where" */
	int rc = ini_run("[alembic]\nscript_location = mig # where\n", &d, err, sizeof(err));
	ck_assert_int_eq(rc, DISCOVER_ECONFIG);
	ck_assert_msg(strstr(err, "mig # where") != NULL, "%s", err);
	discovery_release(&d);
}
END_TEST

static void check_separator(const char *sepline, const char *locs, size_t want_dirs)
{
	make_project();
	make_dir("other");
	write_file("other/010_x.py", MIG);
	char text[1024];
	snprintf(text, sizeof(text), "[alembic]\nscript_location = mig\n%sversion_locations = %s\n", sepline, locs);
	struct discovery d;
	char err[512] = "";
	int rc = ini_run(text, &d, err, sizeof(err));
	ck_assert_msg(rc == DISCOVER_OK, "separator '%s' locs '%s': rc %d: %s", sepline, locs, rc, err);
	ck_assert_uint_eq(d.nversion_dirs, want_dirs);
	ck_assert_uint_eq(d.nfiles, want_dirs == 2 ? 3 : 2);
	discovery_release(&d);
}

START_TEST(test_ini_separators)
{
	char buf[1024];
	snprintf(buf, sizeof(buf), "%s/mig/versions %s/other", tmpdir, tmpdir);
	check_separator("path_separator = space\n", buf, 2);
	rm_rf(tmpdir);
	ck_assert_int_eq(mkdir(tmpdir, 0700), 0);
	check_separator("path_separator = os\n", "mig/versions:other", 2);
	rm_rf(tmpdir);
	ck_assert_int_eq(mkdir(tmpdir, 0700), 0);
	check_separator("version_path_separator = :\n", "mig/versions:other", 2);
	rm_rf(tmpdir);
	ck_assert_int_eq(mkdir(tmpdir, 0700), 0);
	check_separator("version_path_separator = ;\n", "mig/versions; other", 2);
	rm_rf(tmpdir);
	ck_assert_int_eq(mkdir(tmpdir, 0700), 0);
	/* legacy (no separator key): spaces and commas */
	check_separator("", "mig/versions, other", 2);
	rm_rf(tmpdir);
	ck_assert_int_eq(mkdir(tmpdir, 0700), 0);
	check_separator("", "mig/versions other", 2);
	rm_rf(tmpdir);
	ck_assert_int_eq(mkdir(tmpdir, 0700), 0);
	/* with ';' as separator a colon is part of the name: one directory "mig/versions" */
	check_separator("path_separator = ;\n", "mig/versions", 1);
}
END_TEST

START_TEST(test_ini_bad_separator)
{
	make_project();
	struct discovery d;
	char err[512] = "", p[512];
	int rc = ini_run("[alembic]\nscript_location = mig\npath_separator = comma\nversion_locations = a,b\n", &d, err,
	                 sizeof(err));
	ck_assert_int_eq(rc, DISCOVER_ECONFIG);
	char want[2048];
	snprintf(want, sizeof(want), "%s:3: path_separator = 'comma' is not valid", tpath(p, sizeof(p), "alembic.ini"));
	ck_assert_msg(strstr(err, want) != NULL, "%s", err);
	discovery_release(&d);
}
END_TEST

START_TEST(test_ini_interpolation)
{
	make_project();
	struct discovery d;
	char err[512] = "";
	int rc = ini_run("[DEFAULT]\nroot = %(here)s\n[alembic]\nbase = %(ROOT)s/mig\nscript_location = %(base)s\n"
	                 "sqlalchemy.url = postgresql://u:p%%40ss@h/db\n",
	                 &d, err, sizeof(err));
	ck_assert_msg(rc == DISCOVER_OK, "rc %d: %s", rc, err);
	char want[512];
	ck_assert_str_eq(d.script_location, tpath(want, sizeof(want), "mig"));
	ck_assert_str_eq(d.sqlalchemy_url, "postgresql://u:p%40ss@h/db");
	discovery_release(&d);

	rc = ini_run("[alembic]\n\nscript_location = %(nope)s/mig\n", &d, err, sizeof(err));
	ck_assert_int_eq(rc, DISCOVER_ECONFIG);
	ck_assert_msg(strstr(err, "alembic.ini:3:") && strstr(err, "%(nope)s"), "%s", err);
	discovery_release(&d);

	rc = ini_run("[alembic]\nscript_location = 100%mig\n", &d, err, sizeof(err));
	ck_assert_int_eq(rc, DISCOVER_ECONFIG);
	ck_assert_msg(strstr(err, "alembic.ini:2:") && strstr(err, "%%"), "%s", err);
	discovery_release(&d);

	rc = ini_run("[alembic]\na = %(b)s\nb = %(a)s\nscript_location = %(a)s\n", &d, err, sizeof(err));
	ck_assert_int_eq(rc, DISCOVER_ECONFIG);
	ck_assert_msg(strstr(err, "too deeply") != NULL, "%s", err);
	discovery_release(&d);
}
END_TEST

START_TEST(test_ini_recursive)
{
	make_project();
	struct discovery d;
	char err[512] = "";
	int rc = ini_run("[alembic]\nscript_location = mig\nrecursive_version_locations = true\n", &d, err,
	                 sizeof(err));
	ck_assert_msg(rc == DISCOVER_OK, "rc %d: %s", rc, err);
	ck_assert(d.recursive);
	ck_assert_uint_eq(d.nfiles, 3); /* + sub/003_c.py, never __pycache__ */
	ck_assert_str_eq(fname(&d, 2), "003_c.py");
	ck_assert(strstr(d.files[2], "/mig/versions/sub/003_c.py") != NULL);
	discovery_release(&d);

	rc = ini_run("[alembic]\nscript_location = mig\nrecursive_version_locations = False\n", &d, err, sizeof(err));
	ck_assert_int_eq(rc, DISCOVER_OK);
	ck_assert(!d.recursive);
	ck_assert_uint_eq(d.nfiles, 2);
	discovery_release(&d);

	rc = ini_run("[alembic]\nscript_location = mig\nrecursive_version_locations = maybe\n", &d, err, sizeof(err));
	ck_assert_int_eq(rc, DISCOVER_ECONFIG);
	ck_assert_msg(strstr(err, "alembic.ini:3: recursive_version_locations") != NULL, "%s", err);
	discovery_release(&d);
}
END_TEST

START_TEST(test_ini_named_section)
{
	make_project();
	struct discovery d;
	char err[512] = "", p[512];
	write_file("alembic.ini", "[alembic]\nscript_location = nowhere\n\n[db2]\nscript_location = mig\n"
	                          "sqlalchemy.url = mariadb+mariadbconnector://u:pw@h/db\n");
	int rc = discover_from_ini_section(tpath(p, sizeof(p), "alembic.ini"), "db2", &d, err, sizeof(err));
	ck_assert_msg(rc == DISCOVER_OK, "rc %d: %s", rc, err);
	ck_assert_str_eq(d.section, "db2");
	ck_assert_uint_eq(d.nfiles, 2);
	ck_assert_str_eq(d.dialect, "mariadb");
	ck_assert_str_eq(d.driver, "mariadbconnector");
	discovery_release(&d);

	rc = discover_from_ini_section(p, "db3", &d, err, sizeof(err));
	ck_assert_int_eq(rc, DISCOVER_ECONFIG);
	char want[2048];
	snprintf(want, sizeof(want), "no [db3] section in %s (sections found: [alembic], [db2])", p);
	ck_assert_msg(strstr(err, want) != NULL, "%s", err);
	discovery_release(&d);
}
END_TEST

START_TEST(test_ini_missing_section_and_key)
{
	make_project();
	struct discovery d;
	char err[512] = "", p[512], want[2048];
	tpath(p, sizeof(p), "alembic.ini");
	int rc = ini_run("[loggers]\nkeys = root\n", &d, err, sizeof(err));
	ck_assert_int_eq(rc, DISCOVER_ECONFIG);
	snprintf(want, sizeof(want), "no [alembic] section in %s", p);
	ck_assert_msg(strstr(err, want) != NULL, "%s", err);
	ck_assert_ptr_null(d.files);
	discovery_release(&d);

	rc = ini_run("[loggers]\nkeys = root\n\n[alembic]\nsqlalchemy.url = postgresql://bob:TopSecret9@db/x\n", &d, err,
	             sizeof(err));
	ck_assert_int_eq(rc, DISCOVER_ECONFIG);
	snprintf(want, sizeof(want), "script_location not set in %s:4", p);
	ck_assert_msg(strstr(err, want) != NULL, "%s", err);
	ck_assert(strstr(err, "TopSecret9") == NULL);
	discovery_release(&d);

	rc = ini_run("[alembic]\nscript_location =\n", &d, err, sizeof(err));
	ck_assert_int_eq(rc, DISCOVER_ECONFIG);
	snprintf(want, sizeof(want), "%s:2: script_location is empty", p);
	ck_assert_msg(strstr(err, want) != NULL, "%s", err);
	discovery_release(&d);
}
END_TEST

START_TEST(test_ini_bad_dirs)
{
	make_project();
	make_dir("noversions");
	struct discovery d;
	char err[512] = "", p[512], want[2048], dir[512];
	tpath(p, sizeof(p), "alembic.ini");
	int rc = ini_run("[alembic]\nsqlalchemy.url = postgresql://bob:TopSecret9@db/x\nscript_location = noversions\n",
	                 &d, err, sizeof(err));
	ck_assert_int_eq(rc, DISCOVER_ECONFIG);
	snprintf(want, sizeof(want), "versions directory %s does not exist (script_location in %s:3)",
	         tpath(dir, sizeof(dir), "noversions/versions"), p);
	ck_assert_msg(strstr(err, want) != NULL, "%s", err);
	ck_assert(strstr(err, "TopSecret9") == NULL);
	discovery_release(&d);

	rc = ini_run("[alembic]\nscript_location = missing\n", &d, err, sizeof(err));
	ck_assert_int_eq(rc, DISCOVER_ECONFIG);
	snprintf(want, sizeof(want), "script_location directory %s does not exist", tpath(dir, sizeof(dir), "missing"));
	ck_assert_msg(strstr(err, want) != NULL, "%s", err);
	discovery_release(&d);

	rc = ini_run("[alembic]\nscript_location = mig\npath_separator = os\nversion_locations = mig/versions:gone\n", &d,
	             err, sizeof(err));
	ck_assert_int_eq(rc, DISCOVER_ECONFIG);
	snprintf(want, sizeof(want), "version location %s does not exist (version_locations in %s:4)",
	         tpath(dir, sizeof(dir), "gone"), p);
	ck_assert_msg(strstr(err, want) != NULL, "%s", err);
	discovery_release(&d);
}
END_TEST

START_TEST(test_ini_package_location)
{
	make_project();
	struct discovery d;
	char err[512] = "";
	int rc = ini_run("[alembic]\nscript_location = myapp:migrations\n", &d, err, sizeof(err));
	ck_assert_int_eq(rc, DISCOVER_ECONFIG);
	ck_assert_msg(strstr(err, "package resource location") && strstr(err, "--alembic-ini") &&
	                  strstr(err, "alembic.ini:2"),
	              "%s", err);
	discovery_release(&d);

	/* a directory of that name next to the ini is used */
	make_dir("myapp");
	make_dir("myapp/db");
	make_dir("myapp/db/migrations");
	make_dir("myapp/db/migrations/versions");
	write_file("myapp/db/migrations/versions/001_a.py", MIG);
	rc = ini_run("[alembic]\nscript_location = myapp.db:migrations\n", &d, err, sizeof(err));
	ck_assert_msg(rc == DISCOVER_OK, "rc %d: %s", rc, err);
	char want[512];
	ck_assert_str_eq(d.script_location, tpath(want, sizeof(want), "myapp/db/migrations"));
	ck_assert_uint_eq(d.nfiles, 1);
	discovery_release(&d);
}
END_TEST

START_TEST(test_ini_syntax_errors)
{
	struct discovery d;
	char err[512] = "";
	int rc = ini_run("script_location = mig\n[alembic]\n", &d, err, sizeof(err));
	ck_assert_int_eq(rc, DISCOVER_ECONFIG);
	ck_assert_msg(strstr(err, "alembic.ini:1: file contains no section header") != NULL, "%s", err);
	discovery_release(&d);

	rc = ini_run("[alembic]\nscript_location = a\nscript_location = b\n", &d, err, sizeof(err));
	ck_assert_int_eq(rc, DISCOVER_ECONFIG);
	ck_assert_msg(strstr(err, "alembic.ini:3: duplicate key 'script_location' in [alembic] (first at line 2)"), "%s",
	              err);
	discovery_release(&d);

	rc = ini_run("[alembic]\nx = 1\n[alembic]\n", &d, err, sizeof(err));
	ck_assert_int_eq(rc, DISCOVER_ECONFIG);
	ck_assert_msg(strstr(err, "alembic.ini:3: duplicate section [alembic]"), "%s", err);
	discovery_release(&d);

	rc = ini_run("[alembic]\nsqlalchemy.url = x\njust some words\n", &d, err, sizeof(err));
	ck_assert_int_eq(rc, DISCOVER_ECONFIG);
	ck_assert_msg(strstr(err, "alembic.ini:3: line is neither"), "%s", err);
	discovery_release(&d);

	rc = discover_from_ini("/nonexistent/dir/alembic.ini", &d, err, sizeof(err));
	ck_assert_int_eq(rc, DISCOVER_EIO);
	ck_assert_str_eq(err, "cannot open /nonexistent/dir/alembic.ini: No such file or directory");
	discovery_release(&d);
}
END_TEST

START_TEST(test_ini_crlf_and_bom)
{
	make_project();
	struct discovery d;
	char err[512] = "";
	int rc = ini_run("\xEF\xBB\xBF[alembic]\r\nscript_location = mig\r\nsqlalchemy.url = sqlite://\r\n", &d, err,
	                 sizeof(err));
	ck_assert_msg(rc == DISCOVER_OK, "rc %d: %s", rc, err);
	ck_assert_uint_eq(d.nfiles, 2);
	ck_assert_str_eq(d.dialect, "sqlite");
	discovery_release(&d);
}
END_TEST

/* ---- URLs ---------------------------------------------------------------------------------------------------- */

START_TEST(test_dialect_from_url)
{
	char dl[16], dr[32];
	static const struct {
		const char *url, *dialect, *driver;
	} cases[] = {
		{"postgresql+psycopg2://u:p@h/db", "postgresql", "psycopg2"},
		{"postgresql://localhost/db", "postgresql", ""},
		{"postgres://localhost/db", "postgresql", ""},
		{"postgresql+asyncpg://h/db", "postgresql", "asyncpg"},
		{"sqlite:///tmp/x.db", "sqlite", ""},
		{"sqlite+pysqlite:///:memory:", "sqlite", "pysqlite"},
		{"mysql+pymysql://root@h/db", "mysql", "pymysql"},
		{"MySQL://h/db", "mysql", ""},
		{"mariadb+mariadbconnector://h/db", "mariadb", "mariadbconnector"},
		{"mssql+pyodbc://h/db", "mssql", "pyodbc"},
		{"driver://user:pass@localhost/dbname", "driver", ""},
		{"not a url", "", ""},
		{"", "", ""},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		discover_dialect_from_url(cases[i].url, dl, sizeof(dl), dr, sizeof(dr));
		ck_assert_msg(strcmp(dl, cases[i].dialect) == 0 && strcmp(dr, cases[i].driver) == 0, "%s → %s/%s",
		              cases[i].url, dl, dr);
	}
	discover_dialect_from_url(NULL, dl, sizeof(dl), dr, sizeof(dr));
	ck_assert_str_eq(dl, "");
}
END_TEST

START_TEST(test_redact_url)
{
	char b[256];
	discover_redact_url("postgresql://bob:secret@host:5432/db", b, sizeof(b));
	ck_assert_str_eq(b, "postgresql://bob:***@host:5432/db");
	discover_redact_url("postgresql+psycopg2://bob:p@ss:w/rd@host/db?sslmode=require", b, sizeof(b));
	ck_assert_str_eq(b, "postgresql+psycopg2://bob:***@host/db?sslmode=require");
	discover_redact_url("postgresql://host/db?user=bob&password=secret&x=1", b, sizeof(b));
	ck_assert_str_eq(b, "postgresql://host/db?user=bob&password=***&x=1");
	discover_redact_url("sqlite:///tmp/a.db", b, sizeof(b));
	ck_assert_str_eq(b, "sqlite:///tmp/a.db");
	discover_redact_url("mysql://root@h/db", b, sizeof(b));
	ck_assert_str_eq(b, "mysql://root@h/db");
	char small[12];
	discover_redact_url("postgresql://bob:secret@host/db", small, sizeof(small));
	ck_assert_str_eq(small, "postgresql:");
	ck_assert(strstr(small, "secret") == NULL);
}
END_TEST

START_TEST(test_credentials_never_in_errors)
{
	make_project();
	static const char *const inis[] = {
		"[alembic]\nsqlalchemy.url = postgresql://u:Pw0rdXYZ@h/db\n",
		"[alembic]\nsqlalchemy.url = postgresql://u:Pw0rdXYZ@h/db\nscript_location = missing\n",
		"[alembic]\nsqlalchemy.url = postgresql://u:Pw0rdXYZ%@h/db\nscript_location = missing\n",
		("[alembic]\nsqlalchemy.url = postgresql://u:Pw0rdXYZ@h/db\nscript_location = mig\n"
		 "version_locations = nope\n"),
		"[alembic]\nsqlalchemy.url = postgresql://u:Pw0rdXYZ@h/db\nsqlalchemy.url = postgresql://u:Pw0rdXYZ@h/db\n",
		"[alembic]\nsqlalchemy.url = postgresql://u:\n Pw0rdXYZ@h/db\nscript_location = %(sqlalchemy.url)s\n",
		"[alembic]\nsqlalchemy.url = postgresql://u:Pw0rdXYZ@h/db\n Pw0rdXYZ continued\nbroken Pw0rdXYZ line\n",
	};
	for (size_t i = 0; i < sizeof(inis) / sizeof(inis[0]); i++) {
		struct discovery d;
		char err[1024] = "";
		int rc = ini_run(inis[i], &d, err, sizeof(err));
		ck_assert_msg(rc != DISCOVER_OK, "case %zu succeeded", i);
		ck_assert_msg(strstr(err, "Pw0rdXYZ") == NULL, "case %zu leaks: %s", i, err);
		ck_assert_msg(err[0] != '\0', "case %zu: empty message", i);
		discovery_release(&d);
	}
	/* a URL with a bad %-sequence does not fail discovery: the raw value is kept for the dialect */
	struct discovery d;
	char err[512] = "";
	int rc = ini_run("[alembic]\nscript_location = mig\nsqlalchemy.url = postgresql://u:50%off@h/db\n", &d, err,
	                 sizeof(err));
	ck_assert_msg(rc == DISCOVER_OK, "rc %d: %s", rc, err);
	ck_assert_str_eq(d.dialect, "postgresql");
	discovery_release(&d);
}
END_TEST

/* ---- paths --------------------------------------------------------------------------------------------------- */

START_TEST(test_paths_dir)
{
	make_project();
	char p[512];
	char *paths[] = {tpath(p, sizeof(p), "mig/versions/")};
	struct discovery d;
	char err[512] = "";
	int rc = discover_paths(paths, 1, &d, err, sizeof(err));
	ck_assert_msg(rc == DISCOVER_OK, "rc %d: %s", rc, err);
	ck_assert_uint_eq(d.nfiles, 2);
	char want[512];
	ck_assert_str_eq(d.files[0], tpath(want, sizeof(want), "mig/versions/001_a.py"));
	ck_assert_str_eq(d.files[1], tpath(want, sizeof(want), "mig/versions/002_b.py"));
	ck_assert_ptr_null(d.ini_path);
	ck_assert_str_eq(d.dialect, "");
	discovery_release(&d);

	rc = discover_paths_ex(paths, 1, DISCOVER_RECURSIVE, &d, err, sizeof(err));
	ck_assert_int_eq(rc, DISCOVER_OK);
	ck_assert_uint_eq(d.nfiles, 3);
	ck_assert_str_eq(d.files[2], tpath(want, sizeof(want), "mig/versions/sub/003_c.py"));
	discovery_release(&d);
}
END_TEST

START_TEST(test_paths_files_sorted_deduped)
{
	make_project();
	char a[512], b[512], c[512], dir[512], init[512];
	char *paths[] = {
		tpath(b, sizeof(b), "mig/versions/002_b.py"),
		tpath(c, sizeof(c), "mig/versions/sub/003_c.py"),
		tpath(init, sizeof(init), "mig/versions/__init__.py"),
		tpath(dir, sizeof(dir), "mig/versions"),
		tpath(a, sizeof(a), "mig/versions/001_a.py"),
	};
	struct discovery d;
	char err[512] = "";
	int rc = discover_paths(paths, 5, &d, err, sizeof(err));
	ck_assert_msg(rc == DISCOVER_OK, "rc %d: %s", rc, err);
	ck_assert_uint_eq(d.nfiles, 3);
	ck_assert_str_eq(d.files[0], a);
	ck_assert_str_eq(d.files[1], b);
	ck_assert_str_eq(d.files[2], c);
	discovery_release(&d);
}
END_TEST

START_TEST(test_paths_relative)
{
	make_project();
	char cwd[1024];
	ck_assert_ptr_nonnull(getcwd(cwd, sizeof(cwd)));
	ck_assert_int_eq(chdir(tmpdir), 0);
	char p0[] = "./mig//versions", p1[] = "mig/versions/../versions/001_a.py";
	char *paths[] = {p0, p1};
	struct discovery d;
	char err[512] = "";
	int rc = discover_paths(paths, 2, &d, err, sizeof(err));
	ck_assert_int_eq(chdir(cwd), 0);
	ck_assert_msg(rc == DISCOVER_OK, "rc %d: %s", rc, err);
	ck_assert_uint_eq(d.nfiles, 2);
	ck_assert_str_eq(d.files[0], "mig/versions/001_a.py");
	ck_assert_str_eq(d.files[1], "mig/versions/002_b.py");
	discovery_release(&d);
}
END_TEST

START_TEST(test_paths_errors)
{
	make_project();
	char p[512];
	char *missing[] = {tpath(p, sizeof(p), "nope")};
	struct discovery d;
	char err[600] = "", want[2048];
	ck_assert_int_eq(discover_paths(missing, 1, &d, err, sizeof(err)), DISCOVER_ECONFIG);
	snprintf(want, sizeof(want), "%s: No such file or directory", p);
	ck_assert_str_eq(err, want);
	discovery_release(&d);

	char *txt[] = {tpath(p, sizeof(p), "mig/versions/notes.txt")};
	ck_assert_int_eq(discover_paths(txt, 1, &d, err, sizeof(err)), DISCOVER_ECONFIG);
	ck_assert_msg(strstr(err, "not a Python file") != NULL, "%s", err);
	ck_assert_ptr_null(d.files);
	discovery_release(&d);

	char *none[] = {NULL};
	ck_assert_int_eq(discover_paths(none, 0, &d, err, sizeof(err)), DISCOVER_OK);
	ck_assert_uint_eq(d.nfiles, 0);
	discovery_release(&d);

	if (geteuid() != 0) { /* root reads anything */
		char locked[512];
		tpath(locked, sizeof(locked), "locked");
		make_dir("locked");
		ck_assert_int_eq(chmod(locked, 0), 0);
		char *lk[] = {locked};
		ck_assert_int_eq(discover_paths(lk, 1, &d, err, sizeof(err)), DISCOVER_EIO);
		snprintf(want, sizeof(want), "cannot read directory %s: Permission denied", locked);
		ck_assert_str_eq(err, want);
		discovery_release(&d);
		ck_assert_int_eq(chmod(locked, 0700), 0);
	}
}
END_TEST

START_TEST(test_paths_symlink_loop_not_followed)
{
	make_project();
	char target[512], link[512];
	tpath(target, sizeof(target), "mig/versions");
	tpath(link, sizeof(link), "mig/versions/sub/loop");
	ck_assert_int_eq(symlink(target, link), 0);
	char *paths[] = {target};
	struct discovery d;
	char err[512] = "";
	ck_assert_int_eq(discover_paths_ex(paths, 1, DISCOVER_RECURSIVE, &d, err, sizeof(err)), DISCOVER_OK);
	ck_assert_uint_eq(d.nfiles, 3);
	discovery_release(&d);
}
END_TEST

START_TEST(test_paths_script_location_dir)
{
	make_project();
	char p[512], want[2048];
	char *paths[] = {tpath(p, sizeof(p), "mig")};
	struct discovery d;
	char err[512] = "";
	/* `mrt check migrations/` means its versions/ directory; env.py is never a candidate */
	ck_assert_int_eq(discover_paths(paths, 1, &d, err, sizeof(err)), DISCOVER_OK);
	ck_assert_uint_eq(d.nversion_dirs, 1);
	ck_assert_str_eq(d.version_dirs[0], tpath(want, sizeof(want), "mig/versions"));
	ck_assert_uint_eq(d.nfiles, 2);
	ck_assert_str_eq(fname(&d, 0), "001_a.py");
	discovery_release(&d);

	/* a script dir without versions/: listed itself, but env.py is skipped */
	make_dir("flat");
	write_file("flat/env.py", "# env\n");
	write_file("flat/script.py.mako", "# mako\n");
	write_file("flat/001_x.py", MIG);
	char *flat[] = {tpath(p, sizeof(p), "flat")};
	ck_assert_int_eq(discover_paths(flat, 1, &d, err, sizeof(err)), DISCOVER_OK);
	ck_assert_uint_eq(d.nfiles, 1);
	ck_assert_str_eq(fname(&d, 0), "001_x.py");
	discovery_release(&d);

	/* the ini file itself as a directory: a read error naming it */
	ck_assert_int_eq(discover_from_ini(tpath(p, sizeof(p), "mig"), &d, err, sizeof(err)), DISCOVER_EIO);
	snprintf(want, sizeof(want), "cannot read %s: Is a directory", p);
	ck_assert_str_eq(err, want);
	discovery_release(&d);
}
END_TEST

static Suite *discover_suite(void)
{
	Suite *s = suite_create("discover");
	TCase *fx = tcase_create("fixtures");
	tcase_add_test(fx, test_fixture_linear);
	tcase_add_test(fx, test_fixture_branched_relative_script_location);
	tcase_add_test(fx, test_fixture_multi_location);
	tcase_add_test(fx, test_fixture_two_heads_and_broken);
	suite_add_tcase(s, fx);

	TCase *ini = tcase_create("ini");
	tcase_add_checked_fixture(ini, setup, teardown);
	tcase_add_test(ini, test_ini_basic_and_here);
	tcase_add_test(ini, test_ini_relative_ini_path);
	tcase_add_test(ini, test_ini_colon_case_continuation_comments);
	tcase_add_test(ini, test_ini_inline_hash_is_value);
	tcase_add_test(ini, test_ini_separators);
	tcase_add_test(ini, test_ini_bad_separator);
	tcase_add_test(ini, test_ini_interpolation);
	tcase_add_test(ini, test_ini_recursive);
	tcase_add_test(ini, test_ini_named_section);
	tcase_add_test(ini, test_ini_missing_section_and_key);
	tcase_add_test(ini, test_ini_bad_dirs);
	tcase_add_test(ini, test_ini_package_location);
	tcase_add_test(ini, test_ini_syntax_errors);
	tcase_add_test(ini, test_ini_crlf_and_bom);
	tcase_add_test(ini, test_credentials_never_in_errors);
	suite_add_tcase(s, ini);

	TCase *url = tcase_create("url");
	tcase_add_test(url, test_dialect_from_url);
	tcase_add_test(url, test_redact_url);
	suite_add_tcase(s, url);

	TCase *paths = tcase_create("paths");
	tcase_add_checked_fixture(paths, setup, teardown);
	tcase_add_test(paths, test_paths_dir);
	tcase_add_test(paths, test_paths_files_sorted_deduped);
	tcase_add_test(paths, test_paths_relative);
	tcase_add_test(paths, test_paths_errors);
	tcase_add_test(paths, test_paths_symlink_loop_not_followed);
	tcase_add_test(paths, test_paths_script_location_dir);
	suite_add_tcase(s, paths);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(discover_suite());
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
