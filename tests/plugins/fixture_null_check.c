/* fixture_null_check.c — a rule with neither check_migration nor check_graph. */
#include "fixture_common.h"

MRT_PLUGIN_DEFINE(.kind = MRT_KIND_RULE, .name = "fixture-null-check", .version = "1.0.0", .init = fixture_init)
