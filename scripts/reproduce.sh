#!/usr/bin/env bash
# Regenerates results/ from scratch: the shape of the PiPar paper's evaluation (FL vs SL vs SFL vs
# PiPar; bandwidth, device count, models x datasets, differential privacy, a heterogeneous fleet,
# changing bandwidth, the (P, N) landscape) as CSVs and plots, presented in results/README.md.
# Same binary, same files: a second run rewrites every file byte-identically.
# results/selectors/ and results/bench.csv are written by their own tools and left alone.
# Nothing is deleted until everything has been regenerated: the dependencies are checked first, the
# results are written into a temporary folder (a copy of the repository's layout, with links to its
# inputs, so every recorded path and command line reads results/...), and only when every step has
# succeeded do the new folders replace those in results/.
# Usage: scripts/reproduce.sh [BUILD_DIR]   (default build; JOBS=n sets the parallel runs)
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build}
repo=$(pwd)

# 1. Dependencies, before anything is touched.
missing=()
for p in python3-matplotlib python3-pandas; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})) || ! /usr/bin/python3 -c "import matplotlib, pandas" 2>/dev/null; then
  echo "reproduce: the plots need the Debian package(s): ${missing[*]:-python3-matplotlib python3-pandas}" >&2
  echo "reproduce: install them (scripts/setup.sh does, as root); results/ is unchanged" >&2
  exit 1
fi
scripts/setup.sh "$build" -DPIPAR_WERROR=ON >/dev/null # the build of run_default.sh: nothing recompiles

# 2. A private copy of the layout; the commands below run inside it.
stage=$(mktemp -d "${TMPDIR:-/tmp}/pipar-reproduce.XXXXXX")
trap 'rm -rf "$stage"' EXIT
for d in scenarios models platforms scripts tests "$build"; do
  ln -s "$repo/$d" "$stage/$d"
done
mkdir "$stage/results"
cd "$stage"

SIM=./$build/pipar-sim
PLOT=scripts/plot.py
J=${JOBS:-$(nproc)}
R=results
ALL=fl,sl,sfl,pipar
# The paper's six models on its four datasets.
PROFILES=()
for m in vgg5 vgg8 vgg11 vgg16 resnet18 mobilenetv3_large; do
  for d in mnist fashion_mnist svhn cifar10; do
    [ -f "models/${m}_${d}.json" ] && PROFILES+=("../models/${m}_${d}.json")
  done
done
profiles=$(IFS=,; echo "${PROFILES[*]}")

OUTPUTS=(default bandwidth bandwidth_aps devices models dp hetero_fleet bandwidth_trace gantt landscape validation
         findings.txt)
sweep() { "$SIM" sweep "$@" -j "$J" --quiet; }

echo "== the default scenario (as scripts/run_default.sh)"
"$SIM" run scenarios/default.json --out $R/default >/dev/null

echo "== bandwidth x device count, every scheduler"
sweep scenarios/default.json --grid devices.uplink_mbps=1,2,5,10,20,50,100 --grid devices.count=1,4,16 \
  --schedulers $ALL --out $R/bandwidth
$PLOT all $R/bandwidth/runs.csv --out $R/bandwidth >/dev/null

echo "== the same with (P, N) chosen per run by APS, the paper's selector"
sweep scenarios/default.json --set split.split_point=auto --set split.micro_batches=auto --set split.selector=aps \
  --grid devices.uplink_mbps=1,2,5,10,20,50,100 --grid devices.count=1,4,16 --schedulers fl,pipar --out $R/bandwidth_aps
$PLOT all $R/bandwidth_aps/runs.csv --out $R/bandwidth_aps >/dev/null

echo "== device count 1..64"
sweep scenarios/default.json --grid devices.uplink_mbps=1,10,100 --grid devices.count=1:64:x2 \
  --schedulers $ALL --out $R/devices
$PLOT speedup $R/devices/runs.csv --x devices --out $R/devices >/dev/null
$PLOT time $R/devices/runs.csv --x devices --facet uplink_mbps --out $R/devices >/dev/null

echo "== models x datasets x bandwidth"
sweep scenarios/default.json --grid "model.profile=$profiles" --grid devices.uplink_mbps=1,10,100 \
  --schedulers $ALL --out $R/models
for d in cifar10 mnist; do
  $PLOT speedup $R/models/runs.csv --where dataset=$d --x uplink_mbps --by model \
    --name speedup_by_model_$d --out $R/models >/dev/null
done

echo "== differential privacy off / on"
sweep scenarios/default.json --grid privacy.dp_sgd.enabled=false,true --grid devices.uplink_mbps=1,2,5,10,20,50,100 \
  --schedulers $ALL --out $R/dp
$PLOT time $R/dp/runs.csv --facet grid.privacy.dp_sgd.enabled --name time_dp_off_on --out $R/dp >/dev/null

echo "== heterogeneous fleet"
"$SIM" run scenarios/hetero_fleet.json --schedulers $ALL --out $R/hetero_fleet >/dev/null
$PLOT device-idle $R/hetero_fleet/resources.csv --out $R/hetero_fleet >/dev/null

echo "== changing bandwidth (traces)"
"$SIM" run scenarios/bandwidth_trace.json --schedulers $ALL --out $R/bandwidth_trace >/dev/null
$PLOT device-idle $R/bandwidth_trace/resources.csv --out $R/bandwidth_trace >/dev/null

echo "== timelines: 2 devices, 3 iterations"
"$SIM" run scenarios/default.json --set devices.count=2 --set devices.samples=300 --schedulers $ALL --trace \
  --out $R/gantt >/dev/null
for s in fl sl sfl pipar; do
  $PLOT gantt $R/gantt/trace-$s.json --title "Timeline of $s: 2 devices, 3 iterations (vgg5/cifar10, 10 Mbps up)" \
    --name gantt_$s --out $R/gantt >/dev/null
done

echo "== (P, N) landscape and the selectors' choices"
"$SIM" select scenarios/default.json --report $R/landscape -j "$J" >/dev/null
rm -f $R/landscape/selectors.csv # holds wall-clock times: not reproducible
$PLOT landscape $R/landscape/grid.csv --out $R/landscape >/dev/null

echo "== validation against measured runs (README, \"Validation\")"
V=$R/validation
mkdir -p $V/own_profile $V/calibrated_class $V/calibrated_class_elementwise $V/standalone_profile $V/testbed \
  $V/testbed_class $V/testbed_class_elementwise
# The optimizer-step options that `calibrate PROFILE [--elementwise-rate]` fits to the profile's steps,
# at the speed of the class it fits: "--optimizer-flops-per-parameter F --optimizer-fixed-s-per-tensor C".
optimizer_options() {
  "$SIM" calibrate "$@" | sed -n 's/^optimizer step ([^)]*): \([^ ]*\) flop per parameter at [^ ]* flop\/s + \([^ ]*\) s per parameter tensor.*/--optimizer-flops-per-parameter \1 --optimizer-fixed-s-per-tensor \2/p'
}
RP=tests/data/realrun/standalone_profile_pipar.json
RC=tests/data/realrun/device_classes.json
"$SIM" validate tests/data/realrun/vgg5_*.json --report $V/own_profile >$V/own_profile/stdout.txt
"$SIM" validate tests/data/realrun/vgg5_*.json --class realrun_cpu --classes $RC $(optimizer_options $RP) \
  --report $V/calibrated_class >$V/calibrated_class/stdout.txt
"$SIM" validate tests/data/realrun/vgg5_*.json --class realrun_cpu_elementwise --classes $RC \
  $(optimizer_options $RP --elementwise-rate) --report $V/calibrated_class_elementwise \
  >$V/calibrated_class_elementwise/stdout.txt
"$SIM" validate tests/data/realrun/vgg5_*.json --profile $RP --classes $RC --report $V/standalone_profile \
  >$V/standalone_profile/stdout.txt
"$SIM" validate tests/data/testbed/*.json --report $V/testbed >$V/testbed/stdout.txt
# The testbed's runs (VGG5 and VGG8) on classes calibrated to its VGG5 standalone profile only.
TP=tests/data/testbed/standalone/vgg5_profile.json
TC=tests/data/testbed/standalone/device_classes.json
"$SIM" validate tests/data/testbed/*.json --class testbed_cpu --classes $TC $(optimizer_options $TP) \
  --report $V/testbed_class >$V/testbed_class/stdout.txt
"$SIM" validate tests/data/testbed/*.json --class testbed_cpu_elementwise --classes $TC \
  $(optimizer_options $TP --elementwise-rate) --report $V/testbed_class_elementwise \
  >$V/testbed_class_elementwise/stdout.txt

echo "== largest gains over FL"
$PLOT best $R/bandwidth/runs.csv $R/devices/runs.csv $R/models/runs.csv $R/dp/runs.csv >$R/findings.txt
cat $R/findings.txt

# 3. Every step succeeded: the new outputs replace the old ones.
cd "$repo"
for d in "${OUTPUTS[@]}"; do
  rm -rf "${R:?}/$d"
  mv "$stage/$R/$d" "$R/$d"
done
echo "== results/ updated (${OUTPUTS[*]})"
