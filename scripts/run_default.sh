#!/usr/bin/env bash
# The main job: set up, build, and simulate the built-in default scenario (FL vs PiPar).
# Writes results/default/{summary.json,runs.csv,resources.csv} and prints the comparison table.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh build >/dev/null
./build/pipar-sim run scenarios/default.json "$@"
