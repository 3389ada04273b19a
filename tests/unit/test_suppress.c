/* test_suppress.c — suppression comments and mrt.yaml suppress entries (core/suppress.c). The migration model is
 * built by hand here so these tests do not depend on the parser. */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "parser.h"
#include "suppress.h"

/* Rules: MRT004 drop-column (aliases MRT201, MRT206, MRT701), MRT005 drop-table (MRT202, MRT703), MRT035. */
static struct rule_config_set rules;

static void add_rule(const char *yaml)
{
	struct config_error e;
	int rc = config_load_rule_buffer("rules.d/x.yaml", yaml, strlen(yaml), &rules, &e);
	ck_assert_msg(rc == CONFIG_OK, "%s", e.message);
}

static void setup(void)
{
	rule_config_set_init(&rules);
	add_rule("id: MRT004\nname: drop-column\nplugin: a.so\nseverity: error\naliases: [MRT201, MRT206, MRT701]\n");
	add_rule("id: MRT005\nname: drop-table\nplugin: b.so\nseverity: error\naliases: [MRT202, MRT703]\n");
	add_rule("id: MRT035\nname: broken-revision-graph\nplugin: c.so\nseverity: error\naliases: [MRT901]\n");
	add_rule("id: MRT002\nname: noop-downgrade\nplugin: d.so\nseverity: error\naliases: [MRT102]\n");
}

static void teardown(void)
{
	rule_config_set_release(&rules);
}

/* A migration with up to 16 comments and ops, all in one upgrade(). */
struct fake {
	struct migration m;
	struct comment_ref comments[16];
	struct op ops[16];
	struct func fn;
};

static void fake_init(struct fake *f)
{
	memset(f, 0, sizeof(*f));
	f->m.path = "versions/003_x.py";
	f->m.revision = "003";
	f->m.comments = f->comments;
	f->m.funcs = &f->fn;
	f->m.nfuncs = 1;
	f->fn.name = "upgrade";
	f->fn.ops = f->ops;
}

static void fake_comment(struct fake *f, unsigned line, unsigned col, bool own, const char *text)
{
	struct comment_ref *c = &f->comments[f->m.ncomments++];
	c->text = text;
	c->line = line;
	c->col = col;
	c->own_line = own;
}

static struct op *fake_op(struct fake *f, const char *name, unsigned line, unsigned end_line)
{
	struct op *o = &f->ops[f->fn.nops++];
	o->name = name;
	o->line = line;
	o->col = 5;
	o->end_line = end_line;
	return o;
}

/* Collects; returns the number of MRT900 problems and leaves them in *p. */
static size_t collect(struct fake *f, struct suppress_set *s, struct findings *p)
{
	findings_init(p);
	ck_assert_int_eq(suppress_collect(s, &f->m, &rules, p), 0);
	return p->count;
}

START_TEST(parse_forms)
{
	struct fake f;
	fake_init(&f);
	fake_comment(&f, 3, 1, true, "# mrt: ignore[MRT004] column unused since v2");
	fake_comment(&f, 4, 30, false, "# mrt: ignore[MRT004,MRT005] both intended");
	fake_comment(&f, 5, 30, false, "# noqa: MRT201");
	fake_comment(&f, 6, 30, false, "# noqa: E501, MRT202 legacy table gone");
	fake_comment(&f, 7, 1, true, "# mrt: ignore-file[drop-table] whole file is a cleanup");
	fake_comment(&f, 8, 1, true, "# mrt: expect-data-loss users.phone, users.fax -- moved to contacts");
	fake_comment(&f, 9, 1, true, "# noqa");
	fake_comment(&f, 10, 20, false, "# noqa: E501");
	fake_comment(&f, 11, 20, false, "# type: ignore  # mrt: ignore[MRT004] reason here  # noqa: E501");
	fake_comment(&f, 12, 1, true, "# just a comment mentioning mrt: ignore in prose? no: starts with 'just'");
	struct suppress_set s;
	struct findings p;
	ck_assert_uint_eq(collect(&f, &s, &p), 0);
	ck_assert_str_eq(s.file, "versions/003_x.py");
	ck_assert_str_eq(s.revision, "003");
	ck_assert_uint_eq(s.count, 6);

	ck_assert_int_eq(s.items[0].kind, SUPPRESS_IGNORE);
	ck_assert_uint_eq(s.items[0].nids, 1);
	ck_assert_str_eq(s.items[0].ids[0].id, "MRT004");
	ck_assert_str_eq(s.items[0].reason, "column unused since v2");
	ck_assert_uint_eq(s.items[0].line, 3);
	ck_assert(s.items[0].own_line);

	ck_assert_uint_eq(s.items[1].nids, 2);
	ck_assert_str_eq(s.items[1].ids[1].id, "MRT005");
	ck_assert_str_eq(s.items[1].reason, "both intended");

	ck_assert_int_eq(s.items[2].kind, SUPPRESS_NOQA);
	ck_assert_str_eq(s.items[2].ids[0].written, "MRT201");
	ck_assert_str_eq(s.items[2].ids[0].id, "MRT004");
	ck_assert_ptr_null(s.items[2].reason);

	ck_assert_uint_eq(s.items[3].nids, 1);
	ck_assert_str_eq(s.items[3].ids[0].id, "MRT005");
	ck_assert_str_eq(s.items[3].reason, "legacy table gone");

	ck_assert_int_eq(s.items[4].kind, SUPPRESS_IGNORE_FILE);
	ck_assert_str_eq(s.items[4].ids[0].written, "drop-table");
	ck_assert_str_eq(s.items[4].ids[0].id, "MRT005");

	ck_assert_int_eq(s.items[5].kind, SUPPRESS_IGNORE);
	ck_assert_uint_eq(s.items[5].line, 11);
	ck_assert_str_eq(s.items[5].reason, "reason here"); /* stops at the next directive */

	ck_assert_uint_eq(s.nloss, 2);
	ck_assert_str_eq(s.loss[0].target, "users.phone");
	ck_assert_str_eq(s.loss[1].target, "users.fax");
	ck_assert_str_eq(s.loss[1].reason, "moved to contacts");
	ck_assert_uint_eq(s.loss[0].line, 8);
	suppress_set_release(&s);
	findings_release(&p);
}
END_TEST

START_TEST(malformed_are_reported)
{
	struct fake f;
	fake_init(&f);
	fake_comment(&f, 2, 1, true, "# mrt: ignore");
	fake_comment(&f, 3, 1, true, "# mrt: ignore[] nothing");
	fake_comment(&f, 4, 1, true, "# mrt: ignore[MRT999] unknown");
	fake_comment(&f, 5, 1, true, "# mrt: ignore[MRT004 no bracket");
	fake_comment(&f, 6, 1, true, "# mrt: ignroe[MRT004] typo");
	fake_comment(&f, 7, 1, true, "# mrt: ignore[MRT004]");
	fake_comment(&f, 8, 1, true, "# noqa: MRT405");
	fake_comment(&f, 9, 1, true, "# mrt: expect-data-loss");
	fake_comment(&f, 10, 1, true, "# mrt: ignore[MRT004, MRT998] half good");
	struct suppress_set s;
	struct findings p;
	ck_assert_uint_eq(collect(&f, &s, &p), 9);
	const char *want[] = {
		"malformed suppression: `# mrt: ignore` needs rule ids in brackets, e.g. `# mrt: ignore[MRT004] reason`",
		"malformed suppression: empty rule list in `# mrt: ignore[]`",
		"unknown rule id 'MRT999' in mrt: ignore: use an id, old code or name from `mrt rules`",
		"malformed suppression: missing ']' in `# mrt: ignore[...]`",
		"malformed suppression: unknown directive `mrt: ignroe` (use ignore[...], ignore-file[...] or "
		"expect-data-loss)",
		"suppression without a reason: write why after the brackets, e.g. `# mrt: ignore[MRT004] column unused since "
		"v2.3`",
		"unknown rule id 'MRT405' in noqa: use an id, old code or name from `mrt rules`",
		"malformed suppression: `# mrt: expect-data-loss` needs a table or table.column, e.g. `# mrt: "
		"expect-data-loss users.phone`",
		"unknown rule id 'MRT998' in mrt: ignore: use an id, old code or name from `mrt rules`",
	};
	for (size_t i = 0; i < 9; i++) {
		ck_assert_str_eq(p.items[i].message, want[i]);
		ck_assert_str_eq(p.items[i].rule, "MRT900");
		ck_assert_str_eq(p.items[i].name, "bad-suppression");
		ck_assert_str_eq(p.items[i].pattern, "Bad suppression");
		ck_assert_int_eq(p.items[i].severity, SEV_WARNING);
		ck_assert_str_eq(p.items[i].file, "versions/003_x.py");
		ck_assert_str_eq(p.items[i].revision, "003");
		ck_assert_uint_eq(p.items[i].line, (unsigned)i + 2);
	}
	/* the one without a reason still applies; the half-good one keeps MRT004 */
	ck_assert_uint_eq(s.count, 2);
	ck_assert_uint_eq(s.items[0].line, 7);
	ck_assert_uint_eq(s.items[1].nids, 1);
	ck_assert_str_eq(s.items[1].ids[0].id, "MRT004");
	suppress_set_release(&s);
	findings_release(&p);
}
END_TEST

START_TEST(matching_lines)
{
	struct fake f;
	fake_init(&f);
	/* line 10-12: op.drop_column(  \n "users",\n "phone")  with a trailing comment on line 11 */
	fake_op(&f, "drop_column", 10, 12);
	fake_comment(&f, 11, 30, false, "# mrt: ignore[MRT004] phone moved to contacts");
	/* line 20: op above has a 2-line own-line comment block */
	fake_comment(&f, 18, 5, true, "# noqa: MRT202");
	fake_comment(&f, 19, 5, true, "# the table was archived in 2024");
	fake_op(&f, "drop_table", 20, 20);
	/* line 30: a trailing comment on line 29 belongs to line 29's statement, not to the op on 30 */
	fake_op(&f, "add_column", 29, 29);
	fake_comment(&f, 29, 40, false, "# mrt: ignore[MRT005] not for the next line");
	fake_op(&f, "drop_table", 30, 30);
	/* line 40: a helper op, suppressed at its call site */
	struct op *h = fake_op(&f, "drop_column", 40, 40);
	h->helper = "_drop";
	h->call_line = 50;
	fake_comment(&f, 49, 5, true, "# mrt: ignore[MRT701] helper drops the legacy column");
	struct suppress_set s;
	struct findings p, fs;
	ck_assert_uint_eq(collect(&f, &s, &p), 0);
	ck_assert(suppress_match(&s, &f.m, "MRT004", 10));  /* comment inside the call's lines */
	ck_assert(!suppress_match(&s, &f.m, "MRT005", 10)); /* other rule */
	ck_assert(suppress_match(&s, &f.m, "MRT005", 20));  /* block above */
	ck_assert(!suppress_match(&s, &f.m, "MRT005", 30)); /* trailing comment of the line above */
	ck_assert(suppress_match(&s, &f.m, "MRT004", 40));  /* helper call site */
	ck_assert(!suppress_match(&s, &f.m, "MRT004", 60));
	ck_assert(!suppress_match(&s, &f.m, "MRT004", 0));

	/* apply + unused: the MRT005 on line 29 never matched */
	findings_init(&fs);
	ck_assert_ptr_nonnull(findings_add(&fs, "MRT004", SEV_ERROR, "versions/003_x.py", "003", 10, 5, "x"));
	ck_assert_ptr_nonnull(findings_add(&fs, "MRT005", SEV_ERROR, "versions/003_x.py", "003", 30, 5, "y"));
	ck_assert_ptr_nonnull(findings_add(&fs, "MRT005", SEV_ERROR, "versions/other.py", "004", 20, 5, "z"));
	ck_assert_uint_eq(suppress_apply(&s, &f.m, &fs, 0), 1);
	ck_assert(fs.items[0].suppressed);
	ck_assert(!fs.items[1].suppressed);
	ck_assert(!fs.items[2].suppressed); /* another file */
	ck_assert_int_eq(suppress_report_unused(&s, NULL, NULL, &p), 0);
	ck_assert_uint_eq(p.count, 1);
	ck_assert_str_eq(p.items[0].message, "unused suppression: ignore MRT005 matched no finding on this line or the op "
	                                     "below; remove it");
	ck_assert_uint_eq(p.items[0].line, 29);
	ck_assert_uint_eq(p.items[0].col, 40);
	findings_release(&fs);
	findings_release(&p);
	suppress_set_release(&s);
}
END_TEST

static bool only_mrt004(const char *id, void *user)
{
	(void)user;
	return !strcmp(id, "MRT004");
}

START_TEST(file_wide_and_unused)
{
	struct fake f;
	fake_init(&f);
	fake_op(&f, "drop_column", 30, 30);
	fake_comment(&f, 90, 1, true, "# mrt: ignore-file[MRT201, MRT005] legacy cleanup revision");
	fake_comment(&f, 5, 1, true, "# noqa: MRT202");
	struct suppress_set s;
	struct findings p, fs;
	ck_assert_uint_eq(collect(&f, &s, &p), 0);
	findings_init(&fs);
	ck_assert_ptr_nonnull(findings_add(&fs, "MRT004", SEV_ERROR, "versions/003_x.py", "003", 30, 5, "x"));
	ck_assert_ptr_nonnull(findings_add(&fs, "MRT004", SEV_ERROR, "versions/003_x.py", "003", 0, 0, "no line"));
	ck_assert_ptr_nonnull(findings_add(&fs, "MRT900", SEV_WARNING, "versions/003_x.py", "003", 5, 1, "own"));
	ck_assert_uint_eq(suppress_apply(&s, &f.m, &fs, 0), 2);
	ck_assert(!fs.items[2].suppressed);
	ck_assert_int_eq(suppress_report_unused(&s, NULL, NULL, &p), 0);
	ck_assert_uint_eq(p.count, 2);
	ck_assert_str_eq(p.items[0].message, "unused suppression: ignore-file[MRT005] matched no finding in this file; "
	                                     "remove it");
	ck_assert_str_eq(p.items[1].message, "unused suppression: noqa MRT202 (MRT005) matched no finding on this line or "
	                                     "the op below; remove it");
	findings_release(&p);
	findings_init(&p);
	/* MRT005 did not run: its unused suppressions are not reported */
	ck_assert_int_eq(suppress_report_unused(&s, only_mrt004, NULL, &p), 0);
	ck_assert_uint_eq(p.count, 0);
	findings_release(&p);
	findings_release(&fs);
	suppress_set_release(&s);
}
END_TEST

START_TEST(without_rule_set)
{
	struct fake f;
	fake_init(&f);
	fake_comment(&f, 1, 1, true, "# mrt: ignore[MRT004, drop-table] reason");
	struct suppress_set s;
	struct findings p;
	findings_init(&p);
	ck_assert_int_eq(suppress_collect(&s, &f.m, NULL, &p), 0);
	ck_assert_uint_eq(p.count, 1); /* a name cannot be resolved without rules */
	ck_assert_uint_eq(s.count, 1);
	ck_assert_str_eq(s.items[0].ids[0].id, "MRT004");
	suppress_set_release(&s);
	findings_release(&p);
}
END_TEST

START_TEST(project_entries)
{
	struct project_config pc;
	struct config_error e;
	const char *y = "suppress:\n"
	                "  - {rule: MRT901, revision: a1, reason: merged next release}\n"
	                "  - {rule: drop-table, revision: b2, reason: archived}\n"
	                "  - {rule: MRT004, revision: c3, reason: not run}\n";
	ck_assert_int_eq(config_load_project_buffer("mrt.yaml", y, strlen(y), &rules, &pc, &e), CONFIG_OK);
	struct findings fs, out;
	findings_init(&fs);
	findings_init(&out);
	ck_assert_ptr_nonnull(findings_add(&fs, "MRT035", SEV_ERROR, NULL, "a1", 0, 0, "2 heads"));
	ck_assert_ptr_nonnull(findings_add(&fs, "MRT035", SEV_ERROR, NULL, "zz", 0, 0, "other"));
	ck_assert_ptr_nonnull(findings_add(&fs, "MRT035", SEV_ERROR, NULL, NULL, 0, 0, "no revision"));
	bool used[3] = {false, false, false};
	ck_assert_uint_eq(suppress_apply_project(&pc, used, &fs, 0), 1);
	ck_assert(fs.items[0].suppressed);
	ck_assert(!fs.items[1].suppressed);
	ck_assert(used[0] && !used[1] && !used[2]);
	ck_assert_int_eq(suppress_report_unused_project(&pc, used, only_mrt004, NULL, &out), 0);
	ck_assert_uint_eq(out.count, 1);
	ck_assert_str_eq(out.items[0].message, "unused suppression: no MRT004 finding in revision c3; remove the entry");
	ck_assert_str_eq(out.items[0].file, "mrt.yaml");
	ck_assert_uint_eq(out.items[0].line, 4);
	ck_assert_uint_eq(out.items[0].col, 5);
	findings_release(&fs);
	findings_release(&out);
	project_config_release(&pc);
}
END_TEST


static bool not_mrt002(const char *id, void *user)
{
	(void)user;
	return strcmp(id, "MRT002") != 0;
}

/* The real parser's comments: tests/data/rules/suppress/sample.py. */
START_TEST(parsed_file)
{
	const char *path = MRT_TEST_DATA "/rules/suppress/sample.py";
	FILE *fp = fopen(path, "rb");
	ck_assert_ptr_nonnull(fp);
	static char text[8192];
	size_t len = fread(text, 1, sizeof(text) - 1, fp);
	fclose(fp);
	struct arena a;
	arena_init(&a);
	struct migration m;
	ck_assert_int_eq(parse_migration(&a, path, text, len, &m), 0);
	struct suppress_set s;
	struct findings p, fs;
	findings_init(&p);
	ck_assert_int_eq(suppress_collect(&s, &m, &rules, &p), 0);
	/* the string that looks like a suppression is not a comment */
	ck_assert_uint_eq(p.count, 2);
	ck_assert_uint_eq(p.items[0].line, 23);
	ck_assert_ptr_nonnull(strstr(p.items[0].message, "without a reason"));
	ck_assert_uint_eq(p.items[1].line, 27);
	ck_assert_ptr_nonnull(strstr(p.items[1].message, "needs rule ids in brackets"));
	ck_assert_uint_eq(s.nloss, 1);
	ck_assert_str_eq(s.loss[0].target, "users.telex");

	findings_init(&fs);
	unsigned lines[] = {18, 19, 23, 24};
	for (size_t i = 0; i < 4; i++)
		ck_assert_ptr_nonnull(findings_add(&fs, "MRT004", SEV_ERROR, path, "s001", lines[i], 5, "drop"));
	ck_assert_ptr_nonnull(findings_add(&fs, "MRT005", SEV_ERROR, path, "s001", 25, 5, "drop table"));
	ck_assert_uint_eq(suppress_apply(&s, &m, &fs, 0), 4);
	ck_assert(fs.items[0].suppressed); /* own-line comment above */
	ck_assert(fs.items[1].suppressed); /* noqa alias inside the call's lines */
	ck_assert(fs.items[2].suppressed); /* trailing, without reason */
	ck_assert(!fs.items[3].suppressed);
	ck_assert(fs.items[4].suppressed); /* ignore-file */
	findings_release(&p);
	findings_init(&p);
	ck_assert_int_eq(suppress_report_unused(&s, not_mrt002, NULL, &p), 0);
	ck_assert_uint_eq(p.count, 0); /* noqa: MRT102 belongs to a rule that did not run */
	ck_assert_int_eq(suppress_report_unused(&s, NULL, NULL, &p), 0);
	ck_assert_uint_eq(p.count, 1);
	ck_assert_uint_eq(p.items[0].line, 32);
	ck_assert_str_eq(p.items[0].message, "unused suppression: noqa MRT102 (MRT002) matched no finding on this line or "
	                                     "the op below; remove it");
	findings_release(&p);
	findings_release(&fs);
	suppress_set_release(&s);
	arena_release(&a);
}
END_TEST

static Suite *suppress_suite(void)
{
	Suite *s = suite_create("suppress");
	TCase *t = tcase_create("comments");
	tcase_add_checked_fixture(t, setup, teardown);
	tcase_add_test(t, parse_forms);
	tcase_add_test(t, malformed_are_reported);
	tcase_add_test(t, matching_lines);
	tcase_add_test(t, file_wide_and_unused);
	tcase_add_test(t, without_rule_set);
	tcase_add_test(t, project_entries);
	tcase_add_test(t, parsed_file);
	suite_add_tcase(s, t);
	return s;
}

int main(void)
{
	SRunner *r = srunner_create(suppress_suite());
	srunner_run_all(r, CK_NORMAL);
	int failed = srunner_ntests_failed(r);
	srunner_free(r);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
