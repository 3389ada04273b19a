/* fixture_dup_name.c — a second file declaring the name of fixture_good.so: refused as a duplicate. */
#include "fixture_common.h"

MRT_PLUGIN_DEFINE(.kind = MRT_KIND_RULE, .name = "fixture-good", .version = "2.0.0",
                  .description = "same name as fixture_good", .init = fixture_init, .check_migration = fixture_check)
