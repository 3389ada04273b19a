#!/usr/bin/env bash
# The whole test suite: build, Check unit tests (ctest), Python tests (pytest), the same unit tests under
# ASan+UBSan and under valgrind, and a bounded fuzzing run of every fuzz target. Exits non-zero when anything fails.
#
#   scripts/test.sh            everything
#   MRT_QUICK=1 scripts/test.sh   skip the sanitizer, valgrind and fuzz stages
#   MRT_FUZZ_SECONDS=N         seconds per fuzz target (default 20)
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
cd "$here"
"$here/scripts/bootstrap.sh"

jobs=$(nproc 2>/dev/null || echo 2)
export MRT_PYTHON="$here/.venv/bin/python"
export PATH="$here/.venv/bin:$PATH"
failed=()
ran=0
stage() { ran=$((ran + 1)); echo; echo "==== $* ===="; }

stage "build (build/)"
cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build build -j"$jobs"

stage "unit tests (ctest)"
ctest --test-dir build --output-on-failure -j"$jobs" || failed+=(ctest)

if [ -d tests/python ] && ls tests/python/test_*.py >/dev/null 2>&1; then
  stage "python tests (pytest)"
  MRT_BUILD_DIR="$here/build" "$here/.venv/bin/python" -m pytest -q tests/python || failed+=(pytest)
fi

if [ -z "${MRT_QUICK:-}" ]; then
  stage "unit tests under ASan+UBSan (build-asan/)"
  cmake -S . -B build-asan -DCMAKE_BUILD_TYPE=Debug -DMRT_ASAN=ON -DMRT_UBSAN=ON >/dev/null
  cmake --build build-asan -j"$jobs"
  ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
    ctest --test-dir build-asan --output-on-failure -j"$jobs" || failed+=(asan)

  stage "unit tests under valgrind"
  vg_fail=0
  for t in build/tests/test_*; do
    [ -x "$t" ] || continue
    if ! CK_FORK=no CK_DEFAULT_TIMEOUT=600 valgrind -q --error-exitcode=99 --leak-check=full \
         --errors-for-leak-kinds=definite "$t" >"build/$(basename "$t").valgrind.log" 2>&1; then
      echo "valgrind: $(basename "$t") FAILED"; tail -40 "build/$(basename "$t").valgrind.log"; vg_fail=1
    else
      echo "valgrind: $(basename "$t") clean"
    fi
  done
  [ $vg_fail -eq 0 ] || failed+=(valgrind)

  if [ -x tests/fuzz/run.sh ] || [ -f tests/fuzz/run.sh ]; then
    stage "fuzzing (${MRT_FUZZ_SECONDS:-20} s per target)"
    bash tests/fuzz/run.sh "${MRT_FUZZ_SECONDS:-20}" || failed+=(fuzz)
  fi
fi

echo
if [ ${#failed[@]} -gt 0 ]; then
  echo "FAILED stages: ${failed[*]}"
  echo "stages: $((ran - ${#failed[@]})) passed, ${#failed[@]} failed"
  exit 1
fi
echo "stages: $ran passed, 0 failed"
