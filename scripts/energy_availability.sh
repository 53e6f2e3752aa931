#!/usr/bin/env bash
# Regenerates results/energy and results/dropouts (README "Energy", "Availability and dropouts"):
#  - energy per training sample of FL and PiPar on each network preset (scenarios/energy_pi4_lte.json);
#  - makespan and wasted work of every scheduler under dropout probabilities 0 to 0.3
#    (scenarios/dropouts.json, its 60 s round deadline included).
# Same binary, same files: a second run rewrites every file byte-identically.
# Usage: scripts/energy_availability.sh [BUILD_DIR]   (default build; JOBS=n sets the parallel runs)
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build}
SIM=./$build/pipar-sim
J=${JOBS:-$(nproc)}
R=results
rm -rf "${R:?}/energy" "${R:?}/dropouts"
"$SIM" sweep scenarios/energy_pi4_lte.json --grid devices.network=reference_default,lte_4g,nr_5g,home_wifi,iot_ltem \
  --schedulers fl,pipar --out $R/energy -j "$J" --quiet
/usr/bin/python3 scripts/plot_energy_availability.py energy $R/energy/runs.csv --out $R/energy
"$SIM" sweep scenarios/dropouts.json --grid availability.dropout_probability=0:0.3:+0.05 \
  --schedulers fl,sl,sfl,pipar --out $R/dropouts -j "$J" --quiet
/usr/bin/python3 scripts/plot_energy_availability.py dropouts $R/dropouts/runs.csv --out $R/dropouts
