/* fixture_no_init.c — a rule without init. */
#include "fixture_common.h"

MRT_PLUGIN_DEFINE(.kind = MRT_KIND_RULE, .name = "fixture-no-init", .version = "1.0.0",
                  .check_migration = fixture_check)
