#!/usr/bin/python3
"""select's CSVs hold per-device choices ("per device: P=4 N=2 x2, P=2 N=10 x1": commas inside a
field) and still read back with pandas, and with the csv module at one width per row, to the
values select printed.

  select_csv.py PIPAR_SIM WORK_DIR
"""
import csv
import json
import os
import shutil
import subprocess
import sys

import pandas as pd

# Two groups that want different split points: the fleet selector's choice is per device here.
SCENARIO = {
    "name": "two_groups",
    "model": {"arch": "vgg5", "dataset": "cifar10"},
    "platform": {
        "server": {"cores": 1, "speed_flops_per_core": 2e10},
        "fleet": [
            {"name": "fast", "count": 2, "speed_flops": 1e9, "uplink_mbps": 100, "downlink_mbps": 100,
             "latency_ms": 2, "samples": 40},
            {"name": "slow", "count": 1, "speed_flops": 5e9, "uplink_mbps": 1, "downlink_mbps": 2,
             "latency_ms": 20, "samples": 40},
        ],
    },
    "training": {"batch_size": 20, "epochs": 1, "aggregate_every": 1},
    "split": {"split_point": 1, "micro_batches": 1},
    "schedulers": ["pipar"],
}


def printed_rows(stdout):
    """selector -> (choice, makespan) from select's table."""
    rows = {}
    for line in stdout.splitlines():
        name = line.split(" ", 1)[0]
        if name in ("aps", "fleet", "exhaustive"):
            rest = line[len(name):].strip()
            choice, _, numbers = rest.partition("  ")
            rows[name] = (choice.strip(), float(numbers.split()[0]))
    return rows


def widths(path):
    with open(path, newline="", encoding="utf-8") as f:
        return {len(r) for r in csv.reader(f)}


def main():
    binary, work = sys.argv[1], sys.argv[2]
    shutil.rmtree(work, ignore_errors=True)
    os.makedirs(work)
    scenario = os.path.join(work, "two_groups.json")
    with open(scenario, "w", encoding="utf-8") as f:
        json.dump(SCENARIO, f)
    failures = []
    table = os.path.join(work, "cases.csv")
    printed = []
    for case, samples in enumerate((40, 60)):
        p = subprocess.run([binary, "select", scenario, "-j", "2", "--report", os.path.join(work, f"report{case}"),
                            "--append-csv", table, "--set", f"platform.fleet.1.samples={samples}"],
                           capture_output=True, text=True)
        if p.returncode != 0:
            print(p.stderr)
            return 1
        printed.append(printed_rows(p.stdout))

    # --report's selectors.csv: one row per selector.
    sel = pd.read_csv(os.path.join(work, "report0", "selectors.csv"))
    if widths(os.path.join(work, "report0", "selectors.csv")) != {len(sel.columns)}:
        failures.append("selectors.csv: rows of different widths")
    fleet = sel[sel.selector == "fleet"].iloc[0]
    choice, makespan = printed[0]["fleet"]
    if not (choice.startswith("per device:") and "," in choice):
        failures.append(f"the test needs a per-device choice with a comma; fleet chose {choice!r}")
    if fleet.choice != choice:
        failures.append(f"selectors.csv fleet choice {fleet.choice!r}, printed {choice!r}")
    if abs(float(fleet.simulated_makespan_s) - makespan) > 5e-4:
        failures.append(f"selectors.csv fleet makespan {fleet.simulated_makespan_s}, printed {makespan}")

    # --append-csv: one row per case, every selector's columns.
    rows = pd.read_csv(table)
    if len(rows) != 2 or widths(table) != {len(rows.columns)}:
        failures.append(f"{table}: {len(rows)} rows, widths {widths(table)} for {len(rows.columns)} columns")
    for i, case in enumerate(printed):
        for name in ("aps", "fleet", "exhaustive"):
            choice, makespan = case[name]
            got = rows.iloc[i][f"{name}_choice"]
            if got != choice:
                failures.append(f"row {i} {name}_choice {got!r}, printed {choice!r}")
            if abs(float(rows.iloc[i][f"{name}_makespan_s"]) - makespan) > 5e-4:
                failures.append(f"row {i} {name}_makespan_s {rows.iloc[i][f'{name}_makespan_s']}, printed {makespan}")
    if not pd.api.types.is_float_dtype(rows["fleet_makespan_s"]):
        failures.append("fleet_makespan_s does not read as numbers")
    # And back: pandas writes it, reads it, and nothing changed.
    again = os.path.join(work, "again.csv")
    rows.to_csv(again, index=False)
    if not pd.read_csv(again).equals(rows):
        failures.append("the table changed through pandas' to_csv and read_csv")

    for f in failures:
        print("FAIL " + f)
    if not failures:
        print(f"selectors.csv and --append-csv read back with pandas; fleet chose {printed[0]['fleet'][0]!r}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
