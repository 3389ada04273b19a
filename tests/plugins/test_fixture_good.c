/* test_fixture_good.c — exercises mrt_add_plugin(... TESTS ...): MRT_PLUGIN_FILE names the plugin just built. */
#include <check.h>
#include <stdlib.h>

#include "plugin.h"

START_TEST(test_plugin_file)
{
	char err[1024];
	struct plugin *p = NULL;
	ck_assert_int_eq(plugin_load(MRT_PLUGIN_FILE, MRT_KIND_RULE, &p, err, sizeof(err)), MRT_OK);
	ck_assert_str_eq(plugin_desc(p)->name, "fixture-good");
	plugin_unload(p);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("fixture_good");
	TCase *tc = tcase_create("plugin_file");
	tcase_add_test(tc, test_plugin_file);
	suite_add_tcase(s, tc);
	SRunner *sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
