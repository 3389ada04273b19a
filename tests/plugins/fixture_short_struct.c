/* fixture_short_struct.c — a descriptor whose struct_size stops before the callbacks. */
#include <stddef.h>
#include "fixture_common.h"

MRT_EXPORT const struct mrt_plugin_desc *mrt_plugin_entry_v1(void);
MRT_EXPORT const struct mrt_plugin_desc *mrt_plugin_entry_v1(void)
{
	static const struct mrt_plugin_desc d = {
		.abi_major = MRT_ABI_MAJOR, .abi_minor = MRT_ABI_MINOR,
		.struct_size = (uint32_t)offsetof(struct mrt_plugin_desc, init),
		.kind = MRT_KIND_RULE, .name = "fixture-short-struct", .init = fixture_init, .check_migration = fixture_check,
	};
	return &d;
}
