/* fixture_no_entry.c — a shared object without mrt_plugin_entry_v1 (exports a differently named function). */
#include "mrt_sdk.h"

MRT_EXPORT int not_an_mrt_plugin(void);
MRT_EXPORT int not_an_mrt_plugin(void)
{
	return 42;
}
