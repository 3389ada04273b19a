/* fixture_newer_minor.c — claims a newer minor ABI than the core knows. */
#include "fixture_common.h"

MRT_EXPORT const struct mrt_plugin_desc *mrt_plugin_entry_v1(void);
MRT_EXPORT const struct mrt_plugin_desc *mrt_plugin_entry_v1(void)
{
	static const struct mrt_plugin_desc d = {
		.abi_major = MRT_ABI_MAJOR, .abi_minor = MRT_ABI_MINOR + 1, .struct_size = sizeof(struct mrt_plugin_desc),
		.kind = MRT_KIND_RULE, .name = "fixture-newer-minor", .init = fixture_init, .check_migration = fixture_check,
	};
	return &d;
}
