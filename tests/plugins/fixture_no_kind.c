/* fixture_no_kind.c — a descriptor that forgets .kind. */
#include "fixture_common.h"

MRT_PLUGIN_DEFINE(.name = "fixture-no-kind", .version = "1.0.0", .init = fixture_init, .check_migration = fixture_check)
