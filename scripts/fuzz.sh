#!/usr/bin/env bash
# Builds the libFuzzer targets of tests/fuzz with clang (build-fuzz/, ASan + UBSan + coverage) and
# runs each for SECONDS (default 60), one after the other, from its seed corpus tests/fuzz/<target>/.
# Prints executions per second and the coverage reached per target; exits 1 if a target found a
# crash (the input is saved as build-fuzz/artifacts/<target>-crash-*). Leaks are not reported
# (-detect_leaks=0): SimGrid keeps global state by design.
#   scripts/fuzz.sh [SECONDS] [TARGET...]      e.g. scripts/fuzz.sh 600
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-60}
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(scenario profile trace pipedream cli_args realrun)
CLANG=${CLANG:-clang-14}
CLANGXX=${CLANGXX:-clang++-14}
command -v "$CLANGXX" >/dev/null || { echo "fuzz.sh: $CLANGXX not found (apt-get install clang-14)" >&2; exit 2; }
build=build-fuzz
CC=$CLANG CXX=$CLANGXX cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DPIPAR_FUZZ=ON \
  ${CMAKE_CXX_COMPILER_LAUNCHER:+-DCMAKE_CXX_COMPILER_LAUNCHER=$CMAKE_CXX_COMPILER_LAUNCHER} >/dev/null
cmake --build "$build" -j "${JOBS:-2}" --target $(printf 'fuzz_%s ' "${targets[@]}") >/dev/null
mkdir -p "$build/artifacts"
status=0
printf '%-10s %8s %12s %10s %8s %8s %s\n' target seconds executions exec/s cov features result
for t in "${targets[@]}"; do
  work="$build/corpus/$t"
  mkdir -p "$work"
  log="$build/fuzz_$t.log"
  rc=0
  "$build/fuzz/fuzz_$t" "$work" "tests/fuzz/$t" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
    -max_len=16384 -detect_leaks=0 -print_final_stats=1 -artifact_prefix="$build/artifacts/$t-" \
    >"$log" 2>&1 || rc=$?
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1 || true)
  rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -1 || true)
  cov=$( (grep -o 'cov: [0-9]*' "$log" || true) | tail -1 | cut -d' ' -f2)
  ft=$( (grep -o 'ft: [0-9]*' "$log" || true) | tail -1 | cut -d' ' -f2)
  result=ok
  if [ "$rc" -ne 0 ]; then
    result="FOUND (exit $rc): $( (grep -m1 SUMMARY "$log" || true) | cut -c1-100); see $log"
    status=1
  fi
  printf '%-10s %8s %12s %10s %8s %8s %s\n' "$t" "$seconds" "${execs:--}" "${rate:--}" "${cov:--}" "${ft:--}" "$result"
done
exit $status
