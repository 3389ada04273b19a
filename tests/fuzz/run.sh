#!/bin/sh
# tests/fuzz/run.sh [SECONDS] — builds every libFuzzer target (tests/fuzz/fuzz_*.c) with clang, ASan and UBSan into
# build-fuzz/ and runs each one for SECONDS seconds (default 60) on its seed corpus tests/fuzz/corpus/<name without
# fuzz_>/ (plus tests/fuzz/<target>.dict when present). New inputs go to build-fuzz/fuzz-corpus/<name>/, crashes to
# build-fuzz/fuzz-artifacts/. Every target runs; exits non-zero if any crashed, leaked, timed out or failed to build.
#
# Environment: MRT_FUZZ_BUILD (build directory), MRT_FUZZ_JOBS (make -j, default 2), MRT_FUZZ_ARGS (extra libFuzzer
# flags, e.g. "-max_len=65536").
set -eu

secs=${1:-60}
case $secs in
'' | *[!0-9]*) echo "usage: $0 [SECONDS]" >&2; exit 2 ;;
esac
root=$(cd "$(dirname "$0")/../.." && pwd)
build=${MRT_FUZZ_BUILD:-$root/build-fuzz}
jobs=${MRT_FUZZ_JOBS:-2}

targets=
for src in "$root"/tests/fuzz/fuzz_*.c; do
	[ -e "$src" ] || continue
	targets="$targets $(basename "$src" .c)"
done
if [ -z "$targets" ]; then
	echo "run.sh: no tests/fuzz/fuzz_*.c" >&2
	exit 2
fi

# The backends are not fuzzed: skip their libraries. Only the fuzz targets (and mrtcore) are built.
mkdir -p "$build"
CC=clang cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DMRT_FUZZ=ON -DMRT_ASAN=ON -DMRT_UBSAN=ON \
	-DMRT_TESTS=OFF -DMRT_PLUGIN_POSTGRES=OFF -DMRT_PLUGIN_MARIADB=OFF -DMRT_PLUGIN_SQLITE=OFF \
	>"$build/configure.log" 2>&1 || {
	cat "$build/configure.log" >&2
	exit 1
}
# shellcheck disable=SC2086
make -C "$build" -j"$jobs" $targets

status=0
for t in $targets; do
	name=${t#fuzz_}
	seeds=$root/tests/fuzz/corpus/$name
	work=$build/fuzz-corpus/$name
	artifacts=$build/fuzz-artifacts
	mkdir -p "$seeds" "$work" "$artifacts"
	dict=
	if [ -f "$root/tests/fuzz/$t.dict" ]; then
		dict=-dict=$root/tests/fuzz/$t.dict
	fi
	echo "== $t: $secs s on $seeds"
	# libFuzzer's progress lines go to a log; on failure its tail (the crash report) is printed
	log=$build/$t.log
	# shellcheck disable=SC2086
	if ! ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1} \
		UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1} \
		"$build/tests/fuzz/$t" -max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
		-artifact_prefix="$artifacts/$t-" $dict ${MRT_FUZZ_ARGS:-} "$work" "$seeds" >"$log" 2>&1; then
		tail -n 60 "$log" >&2
		echo "== $t: FAILED (reproduce with: $build/tests/fuzz/$t $artifacts/$t-<crash file>)" >&2
		status=1
	else
		grep -E '^stat::number_of_executed_units|^Done ' "$log" | sed "s/^/   $t: /" || true
	fi
done
exit $status
