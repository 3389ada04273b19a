/* fixture_bad_option.c — an options table whose integer default is not an integer. */
#include "fixture_common.h"

static const mrt_option_spec bad_options[] = {
	{.name = "limit", .type = MRT_OPT_INT, .def = "ten", .description = "broken default"},
	{0},
};

MRT_PLUGIN_DEFINE(.kind = MRT_KIND_RULE, .name = "fixture-bad-option", .version = "1.0.0", .init = fixture_init,
                  .check_migration = fixture_check, .options = bad_options)
