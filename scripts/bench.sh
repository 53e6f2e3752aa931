#!/usr/bin/env bash
# Measures the simulator itself on this machine (README "Performance"):
#  1. `pipar-sim bench`: PiPar (N = 4) and FL on VGG5/CIFAR-10, one epoch, 10 to 10,000 devices;
#     replay CPU time, simulated activities per second, peak RSS of the replay process, and the
#     critical-path evaluator on the same task graphs. Writes results/bench.csv.
#  2. A full exhaustive (P, N) selection for VGG16/CIFAR-10 (every candidate simulated), timed.
# Usage: scripts/bench.sh [--quick]   (--quick: up to 1,000 devices)
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh build >/dev/null

devices=10,100,1000,10000
[ "${1:-}" = --quick ] && devices=10,100,1000

echo "== Replay and critical path (scenarios/default.json, N = 4, one epoch)"
./build/pipar-sim bench --devices "$devices" --csv results/bench.csv

echo
echo "== Exhaustive (P, N) selection (every candidate simulated; APS judged against it), VGG16/CIFAR-10, 4 devices, one epoch"
TIMEFORMAT="exhaustive selection: %R s wall, %U s user CPU (parent + children)"
time ./build/pipar-sim select scenarios/default.json --selector aps -j "$(nproc)" \
  --set model.profile=models/vgg16_cifar10.json | tail -n 4
