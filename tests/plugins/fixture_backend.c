/* fixture_backend.c — a backend plugin (its operations table is a placeholder): refused where a rule is expected. */
#include "fixture_common.h"

static const int fixture_ops_placeholder = 0; /* struct mrt_backend_ops is opaque to this fixture */

MRT_PLUGIN_DEFINE(.kind = MRT_KIND_BACKEND, .name = "fixture-backend", .version = "1.0.0", .init = fixture_init,
                  .backend = (const struct mrt_backend_ops *)(const void *)&fixture_ops_placeholder)
