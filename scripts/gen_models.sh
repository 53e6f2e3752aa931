#!/bin/sh
# Regenerates the analytic profiles models/<arch>_<dataset>.json for every architecture in
# models/arch/ and every dataset, with `pipar-sim profile`. A pair that fails (pipar-sim prints
# why, e.g. an architecture whose spatial size collapses below 1 on a small input) is reported and
# the others are still generated; the script then exits non-zero.
#
# Usage: scripts/gen_models.sh [path/to/pipar-sim]   (default: build/pipar-sim; run from the repo root)
set -u
SIM=${1:-build/pipar-sim}
DATASETS="mnist fashion_mnist cifar10 cifar100 svhn imagenet"

if [ ! -x "$SIM" ]; then
  echo "gen_models.sh: $SIM not found; build it first (cmake --build build --target pipar-sim)" >&2
  exit 1
fi

written=0
failed=0
for arch_file in models/arch/*.json; do
  arch=$(basename "$arch_file" .json)
  for dataset in $DATASETS; do
    out="models/${arch}_${dataset}.json"
    "$SIM" profile --arch "$arch" --dataset "$dataset" --out "$out"
    rc=$?
    if [ $rc -eq 0 ]; then
      written=$((written + 1))
    else
      echo "gen_models.sh: FAILED $arch on $dataset (exit code $rc)" >&2
      failed=$((failed + 1))
    fi
  done
done
echo "gen_models.sh: $written profiles written, $failed failed"
[ $failed -eq 0 ]
