#!/bin/sh
# check_exports.sh NM PLUGIN_DIR [EXTRA.so...] — every plugin .so exports exactly mrt_plugin_entry_v1.
#
# Allowed besides the entry: the linker's own symbols (_init, _fini, _end, _edata, __bss_start) and the symbols
# sanitizer instrumentation adds to each module (__asan*, __odr_asan*, __ubsan*, __sanitizer*).
set -u
nm_tool=$1
dir=$2
shift 2
status=0
checked=0
check() {
	so=$1
	syms=$("$nm_tool" -D --defined-only "$so" 2>&1) || { echo "FAIL $so: nm failed: $syms"; status=1; return; }
	names=$(printf '%s\n' "$syms" | awk 'NF >= 3 { print $3 } NF == 2 { print $2 }' | sed 's/@.*//')
	extra=$(printf '%s\n' "$names" | grep -v -x -e 'mrt_plugin_entry_v1' -e '_init' -e '_fini' -e '_end' \
		-e '_edata' -e '__bss_start' -e '' | grep -v -e '^__asan' -e '^___asan' -e '^__odr_asan' \
		-e '^__ubsan' -e '^__sanitizer' || true)
	if ! printf '%s\n' "$names" | grep -q -x 'mrt_plugin_entry_v1'; then
		echo "FAIL $so: does not export mrt_plugin_entry_v1 (build it with MRT_PLUGIN_DEFINE)"
		status=1
	fi
	if [ -n "$extra" ]; then
		echo "FAIL $so: exports more than mrt_plugin_entry_v1 (make these static, or build with -fvisibility=hidden):"
		printf '%s\n' "$extra" | sed 's/^/    /'
		status=1
	fi
	checked=$((checked + 1))
}
if [ -d "$dir" ]; then
	for so in "$dir"/*.so; do
		[ -e "$so" ] || continue
		check "$so"
	done
fi
for so in "$@"; do
	check "$so"
done
echo "checked $checked plugin(s)"
[ "$checked" -gt 0 ] || { echo "FAIL: no plugin found"; status=1; }
exit $status
