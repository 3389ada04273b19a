#!/usr/bin/env bash
# The main job on the embedded default: build mrt, then run static analysis and dynamic verification (SQLite) on the
# example Alembic project in examples/blog. The example deliberately holds lossy revisions, so mrt's findings are
# expected: this script shows them and exits 0 when mrt ran correctly (mrt exit codes 0-2), non-zero on a usage,
# configuration or internal error (3-4).
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
cd "$here"
"$here/scripts/bootstrap.sh"
cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build build -j"$(nproc 2>/dev/null || echo 2)" >/dev/null
export MRT_PYTHON="$here/.venv/bin/python"
mrt="$here/build/core/mrt"

ok() { [ "$1" -le 2 ]; }
echo "\$ mrt check --alembic-ini examples/blog/alembic.ini"
rc=0; "$mrt" check --alembic-ini examples/blog/alembic.ini || rc=$?
ok $rc || exit $rc
if "$mrt" verify --help >/dev/null 2>&1; then
  echo
  echo "\$ mrt verify --alembic-ini examples/blog/alembic.ini --db-url sqlite://"
  rc=0; "$mrt" verify --alembic-ini examples/blog/alembic.ini --db-url sqlite:// || rc=$?
  ok $rc || exit $rc
fi
