#!/usr/bin/env bash
# The whole test suite: the Release build with warnings as errors (the same build folder and flags
# as scripts/run_default.sh, so nothing recompiles after it), then an ASan/UBSan build, each running
# every test through ctest. The sanitizer build is a Debug build (-O0: quickest to compile;
# assertions on). Set PIPAR_SKIP_SANITIZERS=1 to run only the first. Each step prints its duration;
# ctest prints failing tests in full and its closing summary.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/steps.sh
jobs=$(nproc)
t0=$(date +%s)

# ctest, without a line per passing test: failures (with their output) and the summary stay.
run_ctest() {
  local dir=$1
  shift
  (cd "$dir" && env "$@" ctest --output-on-failure -j "$jobs") >"$dir/ctest.log" 2>&1 && rc=0 || rc=$?
  grep -vE "^ *[0-9]+/[0-9]+ Test +#[0-9]+: .* Passed " "$dir/ctest.log" | grep -vE "^(Test project|Start +[0-9]+:)" |
    grep -vE "^\s*Start " | sed '/^$/N;/^\n$/D'
  return "$rc"
}

scripts/setup.sh build -DPIPAR_WERROR=ON
step "tests of the Release build (ctest -j $jobs; log: build/ctest.log)" run_ctest build

if [ "${PIPAR_SKIP_SANITIZERS:-0}" != 1 ]; then
  scripts/setup.sh build-asan -DCMAKE_BUILD_TYPE=Debug -DPIPAR_WERROR=ON -DPIPAR_SANITIZE=ON
  # SimGrid's context switching confuses LeakSanitizer's stack scanning; ASan and UBSan stay on.
  step "tests of the ASan/UBSan build (log: build-asan/ctest.log)" run_ctest build-asan ASAN_OPTIONS=detect_leaks=0
fi
echo "== all done in $(($(date +%s) - t0)) s"
