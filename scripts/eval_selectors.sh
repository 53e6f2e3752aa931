#!/usr/bin/env bash
# Judges the parameter selectors (APS, fleet) against the exhaustive simulated search over
# 6 models x 3 networks x {1, 4, 16} devices, one CSV row per case, plus two cases where APS is
# blind by design (a device memory cap, a heterogeneous fleet).
#
#   scripts/eval_selectors.sh [BUILD_DIR] [JOBS] [all|grid|blind|hard]   (defaults: build, the
#                                                                         machine's cores, all)
#
# `hard` (not part of `all`): 60 seeded heterogeneous fleets from scripts/hard_fleets.py (shared
# NIC, server batch efficiency, bandwidth traces, throttling, memory caps, skewed data, frequent
# aggregation; 2-4 groups), each judged with `select --selector aps,fleet`, the reference being the
# better of the exhaustive common (P, N) and the simulated per-group search. Writes
# results/selectors/hard.csv, hard_summary.csv (scripts/selector_stats.py) and hard_stdout.txt.
# HARD_SEED=N (default 13) generates another set, written as hard_seedN*.csv (a held-out check of
# the selector on fleets it was not tuned on); HARD_CASES=N changes the number of fleets.
#
# Base: scenarios/default.json unchanged but for the model, network and device count (1 Gflop/s
# devices, a 4-core server of 25 Gflop/s per core, B = 100, one epoch of 2,500 samples per device:
# 25 iterations, one round). The 54 exhaustive searches (up to 17 x 8 = 136 SimGrid replays each)
# take about 5 minutes on 2 cores. Network settings, copied from
# platforms/networks.json where their sources are given:
#   reference: 10 / 25 Mbps, 5 ms   (PiPar paper and reference code defaults; latency our assumption)
#   4g:        8.6 / 27.3 Mbps, 25 ms (Ookla Speedtest, U.S. mobile means H1 2018; latency our estimate)
#   wifi:      100 / 100 Mbps, 2 ms   (home WiFi 5 to an edge server on the LAN: an estimate)
# Output: results/selectors/eval.csv (grid) and results/selectors/blind_spots.csv (the two extra cases).
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD=${1:-build}
JOBS=${2:-$(nproc)}
PART=${3:-all}
SIM="$BUILD/pipar-sim"
OUT=results/selectors
mkdir -p "$OUT"
if [[ $PART == hard ]]; then
  SEED=${HARD_SEED:-13}
  TAG=hard
  [[ $SEED == 13 ]] || TAG=hard_seed$SEED # another seed: a held-out set, beside the main one
  CASES=$(mktemp -d)
  trap 'rm -rf "$CASES"' EXIT
  /usr/bin/python3 scripts/hard_fleets.py --cases "${HARD_CASES:-60}" --seed "$SEED" --out "$CASES"
  rm -f "$OUT/$TAG.csv"
  start=$(date +%s)
  for f in "$CASES"/hard_*.json; do
    name=$(basename "$f" .json)
    echo "== $name: $(/usr/bin/python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["description"])' "$f")"
    "$SIM" select "$f" --selector aps,fleet -j "$JOBS" --append-csv "$OUT/$TAG.csv"
  done > "$OUT/${TAG}_stdout.txt"
  echo "hard evaluation took $(( $(date +%s) - start )) s on $JOBS jobs" | tee -a "$OUT/${TAG}_stdout.txt"
  /usr/bin/python3 scripts/selector_stats.py "$OUT/$TAG.csv" --out "$OUT/${TAG}_summary.csv"
  exit 0
fi
[[ $PART == blind ]] || rm -f "$OUT/eval.csv"
[[ $PART == grid ]] || rm -f "$OUT/blind_spots.csv"

declare -A NET=(
  [reference]="--set devices.uplink_mbps=10 --set devices.downlink_mbps=25 --set devices.latency_ms=5"
  [4g]="--set devices.uplink_mbps=8.6 --set devices.downlink_mbps=27.3 --set devices.latency_ms=25"
  [wifi]="--set devices.uplink_mbps=100 --set devices.downlink_mbps=100 --set devices.latency_ms=2"
)
start=$(date +%s)
[[ $PART == blind ]] || for model in vgg5 vgg8 vgg16 resnet18 resnet50 mobilenetv3_small; do
  for net in reference 4g wifi; do
    for n in 1 4 16; do
      name="${model}_${net}_${n}dev"
      # shellcheck disable=SC2086
      "$SIM" select scenarios/default.json --selector aps,fleet -j "$JOBS" --append-csv "$OUT/eval.csv" \
        --set name="$name" --set model.profile="../models/${model}_cifar10.json" --set devices.count="$n" \
        ${NET[$net]} | sed -n '3,5p' | sed "s/^/$name: /"
    done
  done
done

# Where APS is blind by design. (1) VGG16 on fast devices (20 Gflop/s) behind 1 Mbps links with
# 60 MB of training memory each (PiPar's device memory, select/candidates.hpp, allows P <= 4 only).
# (2) The heterogeneous fleet of scenarios/hetero_fleet.json (20 Raspberry Pi 4 on 4G, 5 Jetson
# Nano on WiFi, a GPU server behind a shared NIC) with each of the 6 models, 300 samples per device.
if [[ $PART != grid ]]; then
  "$SIM" select scenarios/default.json --selector aps,fleet -j "$JOBS" --append-csv "$OUT/blind_spots.csv" \
    --set name=vgg16_1mbps_memory_cap_60MB_4dev --set model.profile=../models/vgg16_cifar10.json \
    --set devices.count=4 --set devices.speed_flops=2e10 --set devices.uplink_mbps=1 --set devices.downlink_mbps=1 \
    --set devices.memory_bytes=60e6 | sed -n '3,5p'
  for model in vgg5 vgg8 vgg16 resnet18 resnet50 mobilenetv3_small; do
    "$SIM" select scenarios/hetero_fleet.json --selector aps,fleet -j "$JOBS" --append-csv "$OUT/blind_spots.csv" \
      --set name="hetero_fleet_${model}_300_samples" --set model.profile="../models/${model}_cifar10.json" \
      --set 'platform.fleet=[{"samples":300},{"samples":300}]' | sed -n '3,5p' | sed "s/^/hetero $model: /"
  done
fi
echo "evaluation took $(( $(date +%s) - start )) s; wrote $OUT/eval.csv, $OUT/blind_spots.csv"
