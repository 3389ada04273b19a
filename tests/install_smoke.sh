#!/bin/sh
# install_smoke.sh BUILD_DIR SOURCE_DIR
#
# mrt as a user gets it from `cmake --install`: from a temporary prefix, with no flag and no MRT_* variable naming
# where things are, `mrt rules` lists every rule, `mrt explain` reads its page, `mrt check` runs every rule plugin on
# the example project, and `mrt verify` finds its SQLite backend and its Alembic runner.
set -eu
build=$1
src=$2
tmp=$(mktemp -d "${TMPDIR:-/tmp}/mrt_install.XXXXXX")
trap 'rm -rf "$tmp"' EXIT INT TERM
prefix=$tmp/prefix
fail() { printf 'FAIL: %s\n' "$*"; exit 1; }

cmake --install "$build" --prefix "$prefix" >"$tmp/install.log" 2>&1 || { cat "$tmp/install.log"; fail "cmake --install"; }
mrt=$prefix/bin/mrt
[ -x "$mrt" ] || fail "bin/mrt not installed"
unset MRT_PLUGIN_DIR MRT_RULES_DIR
cd "$tmp"

n=$("$mrt" rules | tail -n +2 | wc -l)
want=$(ls "$src"/rules.d/*.yaml | wc -l)
[ "$n" -eq "$want" ] || fail "mrt rules lists $n rules, rules.d has $want"
"$mrt" explain MRT004 | grep -q "MRT004" || fail "mrt explain MRT004 printed no page"

rc=0
"$mrt" check --format json --output "$tmp/check.json" "$src/examples/blog/migrations/versions" || rc=$?
[ "$rc" -eq 2 ] || fail "mrt check on examples/blog exited $rc, expected 2 (the example has lossy revisions)"
grep -q '"MRT004"' "$tmp/check.json" || fail "no MRT004 finding on examples/blog"

# the runner needs a Python with Alembic: MRT_PYTHON (scripts/test.sh sets it), else python3 if it has Alembic
if [ -n "${MRT_PYTHON:-}" ] || python3 -c "import alembic" >/dev/null 2>&1; then
	rc=0
	"$mrt" verify --alembic-ini "$src/examples/blog/alembic.ini" --db-url sqlite:// --format json \
		--output "$tmp/verify.json" || rc=$?
	[ "$rc" -eq 2 ] || { cat "$tmp/verify.json" 2>/dev/null; fail "mrt verify exited $rc, expected 2"; }
	grep -q '"values_lost"' "$tmp/verify.json" || fail "mrt verify found no values_lost on examples/blog"
fi
echo "install smoke test passed"
