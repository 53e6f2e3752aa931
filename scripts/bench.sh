#!/usr/bin/env bash
# Measures the simulator itself on this machine (README "Performance"):
#  1. `pipar-sim bench`: PiPar (N = 4) and FL on VGG5/CIFAR-10, one epoch, 10 to 10,000 devices;
#     both replay engines (the event engine, and the SimGrid replay up to 1,000 devices), fair and
#     FIFO server queues; replay CPU time, simulated activities per second, peak RSS of the replay
#     process, the critical-path evaluator on the same task graphs, and next to each PiPar case a
#     plain SimGrid S4U program of the same activities (the ratio column). Writes results/bench.csv.
#  2. 100,000 devices, one round of one batch each (PiPar and FL, event engine): results/bench_100k.csv.
#  3. A full exhaustive (P, N) selection for VGG16/CIFAR-10 (every candidate simulated), timed.
# Usage: scripts/bench.sh [--quick]   (--quick: up to 1,000 devices, no 100,000-device run)
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh build >/dev/null

devices=10,100,1000,10000
quick=0
[ "${1:-}" = --quick ] && devices=10,100,1000 && quick=1

echo "== load average before: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) CPUs"
echo "== Replay and critical path (scenarios/default.json, N = 4, one epoch)"
./build/pipar-sim bench --devices "$devices" --csv results/bench.csv

if [ "$quick" = 0 ]; then
  echo
  echo "== 100,000 devices, one round of one batch of 100 samples each (event engine, fair sharing)"
  ./build/pipar-sim bench --devices 100000 --schedulers pipar,fl --engines events --server-queue fair \
    --no-baseline --set split.micro_batches=4 --set devices.samples=100 --csv results/bench_100k.csv
fi

echo
echo "== Exhaustive (P, N) selection (every candidate simulated; APS judged against it), VGG16/CIFAR-10, 4 devices, one epoch"
TIMEFORMAT="exhaustive selection: %R s wall, %U s user CPU (parent + children)"
time ./build/pipar-sim select scenarios/default.json --selector aps -j "$(nproc)" \
  --set model.profile=models/vgg16_cifar10.json | tail -n 4
echo "== load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
