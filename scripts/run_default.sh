#!/usr/bin/env bash
# The main job: set up, build, and simulate the built-in default scenario (FL vs PiPar).
# Writes results/default/{summary.json,runs.csv,resources.csv,rounds.csv} and prints the comparison
# table. The build is the one scripts/run_tests.sh uses (same folder, same flags), so running both
# compiles once.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/steps.sh
t0=$(date +%s)
scripts/setup.sh build -DPIPAR_WERROR=ON
step "simulating scenarios/default.json" ./build/pipar-sim run scenarios/default.json "$@"
echo "== all done in $(($(date +%s) - t0)) s"
