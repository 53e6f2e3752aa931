#!/usr/bin/env bash
# The whole test suite: a Release build with warnings as errors, then an ASan/UBSan build,
# each running every test through ctest. The sanitizer build is a Debug build (-O0: quickest to
# compile; assertions on). Set PIPAR_SKIP_SANITIZERS=1 to run only the first.
set -euo pipefail
cd "$(dirname "$0")/.."
jobs=$(nproc)

echo "== Release build (-Werror) and tests"
scripts/setup.sh build -DPIPAR_WERROR=ON >/dev/null
(cd build && ctest --output-on-failure -j "$jobs")

if [ "${PIPAR_SKIP_SANITIZERS:-0}" != 1 ]; then
  echo "== ASan/UBSan build and tests"
  scripts/setup.sh build-asan -DCMAKE_BUILD_TYPE=Debug -DPIPAR_WERROR=ON -DPIPAR_SANITIZE=ON >/dev/null
  # SimGrid's context switching confuses LeakSanitizer's stack scanning; ASan and UBSan stay on.
  (cd build-asan && ASAN_OPTIONS=detect_leaks=0 ctest --output-on-failure -j "$jobs")
fi
