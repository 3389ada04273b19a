/* fixture_wrong_major.c — built "for ABI 2.0": the entry is written by hand instead of MRT_PLUGIN_DEFINE. */
#include "fixture_common.h"

MRT_EXPORT const struct mrt_plugin_desc *mrt_plugin_entry_v1(void);
MRT_EXPORT const struct mrt_plugin_desc *mrt_plugin_entry_v1(void)
{
	static const struct mrt_plugin_desc d = {
		.abi_major = MRT_ABI_MAJOR + 1, .abi_minor = 0, .struct_size = sizeof(struct mrt_plugin_desc),
		.kind = MRT_KIND_RULE, .name = "fixture-wrong-major", .init = fixture_init, .check_migration = fixture_check,
	};
	return &d;
}
