/* test_report.c — reporters (core/report.c): golden files for every format plus structural checks.
 *
 * Golden files live in tests/data/report/expected.*; any byte difference fails. To regenerate after an intended
 * change: MRT_UPDATE_GOLDEN=1 ./test_report, then review the diff by hand before committing. */
#include <check.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report.h"

#ifndef MRT_TEST_DATA
#define MRT_TEST_DATA "tests/data"
#endif

static struct findings g_f;

static struct finding *add(const char *rule, enum severity sev, const char *file, const char *rev, unsigned line,
                           unsigned col, const char *msg, const char *pattern, const char *name, const char *aliases,
                           const char *hint)
{
	struct finding *x = findings_add(&g_f, rule, sev, file, rev, line, col, msg);
	ck_assert_ptr_nonnull(x);
	ck_assert_int_eq(findings_set(&g_f, &x->pattern, pattern), 0);
	ck_assert_int_eq(findings_set(&g_f, &x->name, name), 0);
	ck_assert_int_eq(findings_set(&g_f, &x->aliases, aliases), 0);
	ck_assert_int_eq(findings_set(&g_f, &x->hint, hint), 0);
	return x;
}

/* The fixed list every golden file is made from. */
static void fill(void)
{
	add("MRT004", SEV_ERROR, "migrations/versions/004_drop_phone.py", "004", 14, 5,
	    "Data permanently lost on rollback", "DROP COLUMN in upgrade", "drop-column", "MRT201,MRT206,MRT701",
	    "Copy the data first, or drop the column in a later release.");
	add("MRT002", SEV_ERROR, "migrations/versions/005_noop.py", "005", 21, 1, "downgrade() does nothing",
	    "No-op downgrade", "noop-downgrade", "MRT102", NULL);
	add("MRT018", SEV_WARNING, "migrations/versions/006_index.py", "006", 9, 5,
	    "create_index('ix_orders_customer_id') on existing table 'orders' without postgresql_concurrently=True "
	    "blocks writes for the whole build; use CONCURRENTLY inside op.get_context().autocommit_block()",
	    "Index without CONCURRENTLY", "index-not-concurrent", "MRT407", "Pass postgresql_concurrently=True.");
	add("MRT034", SEV_INFO, "migrations/versions/007 données, v2:x.py", "007", 3, 9,
	    "SQL <\"a\" & 'b'> 100% opaque, see: x,y\nsecond line: naïve 日本語 ✓", "Opaque SQL", "opaque-sql", NULL,
	    NULL);
	add("MRT035", SEV_ERROR, NULL, NULL, 0, 0, "Several heads without a merge:\n008a, 008b", "Broken revision graph",
	    "broken-revision-graph", "MRT901", NULL);
	struct finding *s = add("MRT022", SEV_WARNING, "migrations/versions/004_drop_phone.py", "004", 20, 5,
	                        "suppressed: must never be shown", "Rename", "rename", NULL, NULL);
	s->suppressed = true;
}

static void setup(void)
{
	findings_init(&g_f);
}

static void teardown(void)
{
	findings_release(&g_f);
}

static const struct report_rule g_rules[] = {
	{"MRT004", "drop-column", "DROP COLUMN in upgrade", "Dropping a column on an existing table loses its values.",
	 "Keep the column until a later release; copy data first.", SEV_ERROR},
	{"MRT002", "noop-downgrade", "No-op downgrade", "The downgrade body does nothing while upgrade does work.",
	 "Write the reverse operations.", SEV_ERROR},
	{"MRT018", "index-not-concurrent", "Index without CONCURRENTLY", NULL, NULL, SEV_WARNING},
};

static struct report_opts opts(void)
{
	struct report_opts o = {.ascii = false, .color = false, .width = 0, .tool_version = "0.0.0-test",
	                        .rules = g_rules, .nrules = 3, .files = 5};
	return o;
}

/* Renders into a malloc'd buffer (caller frees). */
static char *render(enum report_format fmt, const struct findings *f, const struct report_opts *o, size_t *len)
{
	char *buf = NULL;
	size_t n = 0;
	FILE *m = open_memstream(&buf, &n);
	ck_assert_ptr_nonnull(m);
	ck_assert_int_eq(report_write(m, fmt, f, o), 0);
	ck_assert_int_eq(fclose(m), 0);
	*len = n;
	return buf;
}

static char *read_file(const char *path, size_t *len)
{
	FILE *fp = fopen(path, "rb");
	if (!fp)
		return NULL;
	char *buf = NULL;
	size_t n = 0, cap = 0;
	for (;;) {
		if (n == cap) {
			cap = cap ? cap * 2 : 4096;
			char *nb = realloc(buf, cap);
			ck_assert_ptr_nonnull(nb);
			buf = nb;
		}
		size_t r = fread(buf + n, 1, cap - n, fp);
		n += r;
		if (r == 0)
			break;
	}
	fclose(fp);
	*len = n;
	return buf;
}

/* Compares rendered output with tests/data/report/<name>; byte for byte. */
static void golden(const char *name, enum report_format fmt, const struct findings *f, const struct report_opts *o)
{
	size_t n;
	char *got = render(fmt, f, o, &n);
	char path[512];
	snprintf(path, sizeof(path), "%s/report/%s", MRT_TEST_DATA, name);
	const char *upd = getenv("MRT_UPDATE_GOLDEN");
	if (upd && *upd == '1') {
		FILE *fp = fopen(path, "wb");
		ck_assert_ptr_nonnull(fp);
		ck_assert_uint_eq(fwrite(got, 1, n, fp), n);
		fclose(fp);
	}
	size_t wn = 0;
	char *want = read_file(path, &wn);
	ck_assert_msg(want != NULL, "missing golden file %s", path);
	size_t i = 0;
	while (i < n && i < wn && got[i] == want[i])
		i++;
	ck_assert_msg(i == n && i == wn, "%s differs at byte %zu (got %zu bytes, expected %zu)", name, i, n, wn);
	free(want);
	free(got);
}

START_TEST(golden_table)
{
	fill();
	struct report_opts o = opts();
	golden("expected.table.txt", REPORT_TABLE, &g_f, &o);
}
END_TEST

START_TEST(golden_table_ascii_narrow)
{
	fill();
	struct report_opts o = opts();
	o.ascii = true;
	o.width = 80;
	golden("expected.table_ascii80.txt", REPORT_TABLE, &g_f, &o);
}
END_TEST

START_TEST(golden_table_color)
{
	fill();
	struct report_opts o = opts();
	o.color = true;
	golden("expected.table_color.txt", REPORT_TABLE, &g_f, &o);
}
END_TEST

START_TEST(golden_json)
{
	fill();
	struct report_opts o = opts();
	golden("expected.json", REPORT_JSON, &g_f, &o);
}
END_TEST

START_TEST(golden_sarif)
{
	fill();
	struct report_opts o = opts();
	golden("expected.sarif", REPORT_SARIF, &g_f, &o);
}
END_TEST

START_TEST(golden_github)
{
	fill();
	struct report_opts o = opts();
	golden("expected.github.txt", REPORT_GITHUB, &g_f, &o);
}
END_TEST

START_TEST(golden_junit)
{
	fill();
	struct report_opts o = opts();
	golden("expected.junit.xml", REPORT_JUNIT, &g_f, &o);
}
END_TEST

START_TEST(golden_html)
{
	fill();
	struct report_opts o = opts();
	golden("expected.html", REPORT_HTML, &g_f, &o);
}
END_TEST

START_TEST(golden_empty)
{
	/* only a suppressed finding: every format reports "nothing" */
	struct finding *s = add("MRT022", SEV_WARNING, "a.py", "001", 2, 1, "hidden", "Rename", "rename", NULL, NULL);
	s->suppressed = true;
	struct report_opts o = opts();
	golden("expected.empty.table.txt", REPORT_TABLE, &g_f, &o);
	golden("expected.empty.json", REPORT_JSON, &g_f, &o);
	golden("expected.empty.junit.xml", REPORT_JUNIT, &g_f, &o);
	golden("expected.empty.html", REPORT_HTML, &g_f, &o);
	size_t n;
	char *gh = render(REPORT_GITHUB, &g_f, &o, &n);
	ck_assert_uint_eq(n, 0);
	free(gh);
}
END_TEST

START_TEST(sarif_structure)
{
	fill();
	struct report_opts o = opts();
	size_t n;
	char *buf = render(REPORT_SARIF, &g_f, &o, &n);
	json_error_t err;
	json_t *root = json_loadb(buf, n, 0, &err);
	ck_assert_msg(root != NULL, "invalid JSON: %s", err.text);
	ck_assert_str_eq(json_string_value(json_object_get(root, "version")), "2.1.0");
	ck_assert_ptr_nonnull(json_string_value(json_object_get(root, "$schema")));
	json_t *runs = json_object_get(root, "runs");
	ck_assert_uint_eq(json_array_size(runs), 1);
	json_t *run = json_array_get(runs, 0);
	json_t *driver = json_object_get(json_object_get(run, "tool"), "driver");
	ck_assert_str_eq(json_string_value(json_object_get(driver, "name")), "mrt");
	ck_assert_str_eq(json_string_value(json_object_get(driver, "version")), "0.0.0-test");
	ck_assert_ptr_null(json_object_get(driver, "informationUri"));
	json_t *rules = json_object_get(driver, "rules");
	/* 3 described rules + MRT034 and MRT035 taken from the findings; never the suppressed MRT022 */
	ck_assert_uint_eq(json_array_size(rules), 5);
	for (size_t i = 0; i < json_array_size(rules); i++) {
		json_t *r = json_array_get(rules, i);
		ck_assert_ptr_nonnull(json_string_value(json_object_get(r, "id")));
		ck_assert_ptr_nonnull(json_string_value(json_object_get(json_object_get(r, "shortDescription"), "text")));
		ck_assert_ptr_nonnull(
			json_string_value(json_object_get(json_object_get(r, "defaultConfiguration"), "level")));
		ck_assert_str_ne(json_string_value(json_object_get(r, "id")), "MRT022");
	}
	json_t *r0 = json_array_get(rules, 0);
	ck_assert_str_eq(json_string_value(json_object_get(r0, "name")), "drop-column");
	ck_assert_str_eq(json_string_value(json_object_get(json_object_get(r0, "help"), "text")),
	                 "Keep the column until a later release; copy data first.");
	ck_assert_ptr_nonnull(json_object_get(r0, "fullDescription"));
	ck_assert_ptr_null(json_object_get(json_array_get(rules, 2), "fullDescription"));

	json_t *results = json_object_get(run, "results");
	ck_assert_uint_eq(json_array_size(results), 5);
	static const char *const levels[] = {"error", "error", "warning", "note", "error"};
	static const char *const ids[] = {"MRT004", "MRT002", "MRT018", "MRT034", "MRT035"};
	for (size_t i = 0; i < 5; i++) {
		json_t *res = json_array_get(results, i);
		ck_assert_str_eq(json_string_value(json_object_get(res, "ruleId")), ids[i]);
		ck_assert_str_eq(json_string_value(json_object_get(res, "level")), levels[i]);
		ck_assert_ptr_nonnull(json_string_value(json_object_get(json_object_get(res, "message"), "text")));
		size_t idx = (size_t)json_integer_value(json_object_get(res, "ruleIndex"));
		ck_assert_str_eq(json_string_value(json_object_get(json_array_get(rules, idx), "id")), ids[i]);
	}
	json_t *loc = json_object_get(json_array_get(json_object_get(json_array_get(results, 0), "locations"), 0),
	                              "physicalLocation");
	ck_assert_str_eq(json_string_value(json_object_get(json_object_get(loc, "artifactLocation"), "uri")),
	                 "migrations/versions/004_drop_phone.py");
	ck_assert_int_eq(json_integer_value(json_object_get(json_object_get(loc, "region"), "startLine")), 14);
	ck_assert_int_eq(json_integer_value(json_object_get(json_object_get(loc, "region"), "startColumn")), 5);
	/* a path with a space and non-ASCII letters is percent-encoded */
	loc = json_object_get(json_array_get(json_object_get(json_array_get(results, 3), "locations"), 0),
	                      "physicalLocation");
	ck_assert_str_eq(json_string_value(json_object_get(json_object_get(loc, "artifactLocation"), "uri")),
	                 "migrations/versions/007%20donn%C3%A9es,%20v2:x.py");
	/* the graph finding has no file: no locations at all */
	ck_assert_ptr_null(json_object_get(json_array_get(results, 4), "locations"));
	json_decref(root);
	free(buf);
}
END_TEST

START_TEST(sarif_region_omitted_without_line)
{
	add("MRT001", SEV_ERROR, "m/001.py", "001", 0, 0, "no downgrade", "Missing downgrade", "missing-downgrade",
	    NULL, NULL);
	size_t n;
	char *buf = render(REPORT_SARIF, &g_f, NULL, &n);
	json_t *root = json_loadb(buf, n, 0, NULL);
	ck_assert_ptr_nonnull(root);
	json_t *res = json_array_get(json_object_get(json_array_get(json_object_get(root, "runs"), 0), "results"), 0);
	json_t *phys = json_object_get(json_array_get(json_object_get(res, "locations"), 0), "physicalLocation");
	ck_assert_ptr_nonnull(json_object_get(phys, "artifactLocation"));
	ck_assert_ptr_null(json_object_get(phys, "region"));
	json_decref(root);
	free(buf);
}
END_TEST

START_TEST(json_invalid_utf8_and_controls)
{
	add("MRT034", SEV_INFO, "a\xff.py", "001", 1, 1, "bad \xc3\x28 byte\x01 and \033[31mred", NULL, NULL, " MRT1 , ,MRT2",
	    NULL);
	size_t n;
	char *buf = render(REPORT_JSON, &g_f, NULL, &n);
	json_t *root = json_loadb(buf, n, 0, NULL);
	ck_assert_ptr_nonnull(root);
	json_t *x = json_array_get(json_object_get(root, "findings"), 0);
	ck_assert_str_eq(json_string_value(json_object_get(x, "file")), "a\xEF\xBF\xBD.py");
	ck_assert_str_eq(json_string_value(json_object_get(x, "message")), "bad \xEF\xBF\xBD( byte\x01 and \033[31mred");
	json_t *al = json_object_get(x, "aliases");
	ck_assert_uint_eq(json_array_size(al), 2);
	ck_assert_str_eq(json_string_value(json_array_get(al, 0)), "MRT1");
	ck_assert_str_eq(json_string_value(json_array_get(al, 1)), "MRT2");
	ck_assert(json_is_null(json_object_get(x, "pattern")));
	ck_assert_int_eq(json_integer_value(json_object_get(json_object_get(root, "summary"), "info")), 1);
	ck_assert_int_eq(json_integer_value(json_object_get(json_object_get(root, "summary"), "files")), 0);
	json_decref(root);
	free(buf);
	/* the table never passes terminal escapes through */
	char *t = render(REPORT_TABLE, &g_f, NULL, &n);
	ck_assert_ptr_null(memchr(t, '\033', n));
	ck_assert_ptr_null(memchr(t, '\x01', n));
	free(t);
}
END_TEST

/* Display width of a UTF-8 line, counting the wide characters used in the fixture as 2. */
static size_t line_width(const char *s, size_t n)
{
	size_t w = 0;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if ((c & 0xC0) == 0x80)
			continue;
		w += (c == 0xE6 || c == 0xE8) ? 2 : 1; /* 日 本 語 start with E6/E6/E8 */
	}
	return w;
}

START_TEST(table_fits_width)
{
	fill();
	for (unsigned width = 60; width <= 140; width += 7) {
		struct report_opts o = opts();
		o.width = width;
		size_t n;
		char *buf = render(REPORT_TABLE, &g_f, &o, &n);
		const char *p = buf;
		size_t lines = 0;
		while (p < buf + n) {
			const char *nl = memchr(p, '\n', (size_t)(buf + n - p));
			ck_assert_ptr_nonnull(nl);
			size_t w = line_width(p, (size_t)(nl - p));
			/* 60 is below the minimum the fixed columns need; every other width is respected */
			if (width >= 100)
				ck_assert_msg(w <= width, "width %u: line of %zu columns", width, w);
			p = nl + 1;
			lines++;
		}
		ck_assert_uint_gt(lines, 8);
		ck_assert_ptr_null(strstr(buf, "suppressed"));
		free(buf);
	}
}
END_TEST

START_TEST(summary_wording)
{
	char buf[128];
	ck_assert_str_eq(report_summary(&g_f, 0, buf, sizeof(buf)), "No issues found");
	ck_assert_str_eq(report_summary(&g_f, 12, buf, sizeof(buf)), "No issues found (12 file(s) checked)");
	add("A", SEV_ERROR, NULL, NULL, 0, 0, "m", NULL, NULL, NULL, NULL);
	add("A", SEV_ERROR, NULL, NULL, 0, 0, "m", NULL, NULL, NULL, NULL);
	ck_assert_str_eq(report_summary(&g_f, 3, buf, sizeof(buf)), "2 error(s)");
	add("B", SEV_WARNING, NULL, NULL, 0, 0, "m", NULL, NULL, NULL, NULL);
	add("C", SEV_INFO, NULL, NULL, 0, 0, "m", NULL, NULL, NULL, NULL);
	add("C", SEV_INFO, NULL, NULL, 0, 0, "m", NULL, NULL, NULL, NULL);
	ck_assert_str_eq(report_summary(&g_f, 3, buf, sizeof(buf)), "2 error(s), 1 warning(s), 2 info");
	g_f.items[0].suppressed = g_f.items[1].suppressed = true;
	ck_assert_str_eq(report_summary(&g_f, 3, buf, sizeof(buf)), "1 warning(s), 2 info");
	size_t e, w, i;
	report_count(&g_f, &e, &w, &i);
	ck_assert_uint_eq(e, 0);
	ck_assert_uint_eq(w, 1);
	ck_assert_uint_eq(i, 2);
	/* tiny buffers are cut, never overrun */
	char small[6];
	ck_assert_str_eq(report_summary(&g_f, 0, small, sizeof(small)), "1 war");
}
END_TEST

START_TEST(format_names)
{
	enum report_format f;
	static const char *const names[] = {"table", "json", "sarif", "github", "junit", "html"};
	for (int i = 0; i < 6; i++) {
		ck_assert_int_eq(report_format_parse(names[i], &f), 0);
		ck_assert_int_eq(f, i);
		ck_assert_str_eq(report_format_name(f), names[i]);
	}
	ck_assert_int_eq(report_format_parse("text", &f), 0);
	ck_assert_int_eq(f, REPORT_TABLE);
	ck_assert_int_eq(report_format_parse("xml", &f), -1);
	ck_assert_int_eq(report_format_parse(NULL, &f), -1);
	ck_assert_int_eq(report_write(stdout, (enum report_format)42, &g_f, NULL), -1);
}
END_TEST

START_TEST(write_error_reported)
{
	fill();
	char small[64];
	FILE *m = fmemopen(small, sizeof(small), "w");
	ck_assert_ptr_nonnull(m);
	setvbuf(m, NULL, _IONBF, 0);
	ck_assert_int_eq(report_write(m, REPORT_TABLE, &g_f, NULL), -1);
	fclose(m);
}
END_TEST

START_TEST(long_word_hard_break)
{
	char msg[301];
	memset(msg, 'x', 300);
	msg[300] = '\0';
	add("MRT009", SEV_WARNING, "a.py", "001", 7, 1, msg, "P", "p", NULL, NULL);
	struct report_opts o = {.ascii = true, .width = 80};
	size_t n;
	char *buf = render(REPORT_TABLE, &g_f, &o, &n);
	/* the 300 x's come back, split over lines no wider than 80 */
	size_t xs = 0;
	const char *p = buf;
	while (p < buf + n) {
		const char *nl = memchr(p, '\n', (size_t)(buf + n - p));
		ck_assert_ptr_nonnull(nl);
		ck_assert_uint_le((size_t)(nl - p), 80);
		for (const char *q = p; q < nl; q++)
			xs += *q == 'x';
		p = nl + 1;
	}
	ck_assert_uint_eq(xs, 300);
	free(buf);
}
END_TEST

static Suite *report_suite(void)
{
	Suite *s = suite_create("report");
	TCase *tc = tcase_create("golden");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, golden_table);
	tcase_add_test(tc, golden_table_ascii_narrow);
	tcase_add_test(tc, golden_table_color);
	tcase_add_test(tc, golden_json);
	tcase_add_test(tc, golden_sarif);
	tcase_add_test(tc, golden_github);
	tcase_add_test(tc, golden_junit);
	tcase_add_test(tc, golden_html);
	tcase_add_test(tc, golden_empty);
	suite_add_tcase(s, tc);
	tc = tcase_create("structure");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, sarif_structure);
	tcase_add_test(tc, sarif_region_omitted_without_line);
	tcase_add_test(tc, json_invalid_utf8_and_controls);
	tcase_add_test(tc, table_fits_width);
	tcase_add_test(tc, summary_wording);
	tcase_add_test(tc, format_names);
	tcase_add_test(tc, write_error_reported);
	tcase_add_test(tc, long_word_hard_break);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(report_suite());
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
