#!/bin/sh
# sdk_example.sh BUILD_DIR SOURCE_DIR PROBE
#
# The SDK as an outside team sees it: install mrt from BUILD_DIR into a temporary prefix, build
# sdk/examples/hello_rule against the *installed* SDK twice (CMake find_package + mrt_add_plugin, and pkg-config with
# the example's Makefile), run the example's fake-host unit test, check each .so exports only the entry, then load
# both with the real loader (PROBE = mrt_plugin_probe) using hello.yaml and check the findings.
set -eu
build=$1
src=$2
probe=$3
example=$src/sdk/examples/hello_rule
tmp=$(mktemp -d "${TMPDIR:-/tmp}/mrt_sdk_example.XXXXXX")
trap 'rm -rf "$tmp"' EXIT INT TERM
prefix=$tmp/prefix

step() { printf '== %s\n' "$*"; }
fail() { printf 'FAIL: %s\n' "$*"; exit 1; }

step "install into $prefix"
cmake --install "$build" --prefix "$prefix" >"$tmp/install.log" 2>&1 || { cat "$tmp/install.log"; fail "cmake --install"; }
[ -f "$prefix/include/mrt/mrt_sdk.h" ] || fail "include/mrt/mrt_sdk.h not installed"
config=$(find "$prefix" -name mrtConfig.cmake | head -n 1)
[ -n "$config" ] || fail "mrtConfig.cmake not installed"
[ -f "$(dirname "$config")/MrtPlugin.cmake" ] || fail "MrtPlugin.cmake not installed next to mrtConfig.cmake"
pc=$(find "$prefix" -name mrt.pc | head -n 1)
[ -n "$pc" ] || fail "mrt.pc not installed"

step "find_package(mrt) build"
cmake -S "$example" -B "$tmp/cmake" -DCMAKE_PREFIX_PATH="$prefix" -DCMAKE_INSTALL_PREFIX="$tmp/user" \
	>"$tmp/cmake.log" 2>&1 || { cat "$tmp/cmake.log"; fail "configure with find_package"; }
cmake --build "$tmp/cmake" >"$tmp/build.log" 2>&1 || { cat "$tmp/build.log"; fail "build with find_package"; }
(cd "$tmp/cmake" && ctest --output-on-failure) || fail "example's fake-host test"
cmake --install "$tmp/cmake" >/dev/null || fail "install of the example"
[ -f "$tmp/user/lib/mrt/plugins/hello.so" ] || fail "hello.so not installed to lib/mrt/plugins"

step "pkg-config build"
mkdir -p "$tmp/pc"
PKG_CONFIG_PATH=$(dirname "$pc") make -C "$tmp/pc" -f "$example/Makefile" SRCDIR="$example" \
	>"$tmp/make.log" 2>&1 || { cat "$tmp/make.log"; fail "build with pkg-config"; }
incdir=$(PKG_CONFIG_PATH=$(dirname "$pc") pkg-config --variable=includedir mrt)
[ "$(cd "$incdir/mrt" && pwd -P)" = "$(cd "$prefix/include/mrt" && pwd -P)" ] ||
	fail "pkg-config includedir $incdir is not $prefix/include"

expected="versions/0002_probe.py:1:1: MRT990 warning: migration 0002 has no message [hint: alembic revision -m \"what this migration does\"]
versions/0002_probe.py:11:5: MRT990 error: drop_column on protected table 'users' [hint: protected tables are listed in hello.yaml; ask the data team first]
2 finding(s)"
for so in "$tmp/cmake/hello.so" "$tmp/pc/hello.so"; do
	step "exports of $so"
	syms=$(nm -D --defined-only "$so" | awk '{ print $NF }' | grep -v -x -e _init -e _fini -e _end -e _edata -e __bss_start || true)
	[ "$syms" = "mrt_plugin_entry_v1" ] || fail "$so exports: $syms"
	step "load $so with the real loader"
	"$probe" --rule-yaml "$example/hello.yaml" "$so" >"$tmp/probe.out" 2>&1 || { cat "$tmp/probe.out"; fail "probe"; }
	cat "$tmp/probe.out"
	got=$(grep -v -e '^loaded ' -e '^  option ' "$tmp/probe.out")
	[ "$got" = "$expected" ] || { printf 'expected:\n%s\n' "$expected"; fail "findings differ"; }
done
step "ok"
