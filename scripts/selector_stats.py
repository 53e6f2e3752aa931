#!/usr/bin/python3
"""Regret statistics per selector from the rows `pipar-sim select --append-csv` writes.

    scripts/selector_stats.py EVAL.csv [--out SUMMARY.csv]

Regret is each selector's simulated makespan over the reference (the better of the best common
(P, N) and the simulated per-group search) minus 1; a choice that does not fit some device's memory
counts as infinite regret (and is counted apart). Prints a Markdown table; --out writes it as CSV.
"""
import argparse
import csv
import math
import statistics
import sys


def percentile(values, q):
    """Nearest-rank percentile (q in [0, 100]) of a non-empty list."""
    v = sorted(values)
    k = max(0, min(len(v) - 1, math.ceil(q / 100 * len(v)) - 1))
    return v[k]


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("csv")
    ap.add_argument("--out")
    a = ap.parse_args()
    with open(a.csv, newline="") as f:
        rows = list(csv.DictReader(f))
    if not rows:
        sys.exit(f"{a.csv}: no rows")
    selectors = [c[: -len("_regret")] for c in rows[0] if c.endswith("_regret")]
    header = ["selector", "cases", "infeasible", "median_regret_pct", "p90_regret_pct", "worst_regret_pct",
              "within_1pct", "within_5pct", "median_simulations", "max_simulations", "proven", "median_wall_s",
              "max_wall_s"]
    table = []
    for sel in selectors:
        regrets = [float(r[f"{sel}_regret"]) for r in rows]
        feasible = [x for x in regrets if math.isfinite(x)]
        sims = [int(r[f"{sel}_simulations"]) for r in rows]
        walls = [float(r[f"{sel}_wall_s"]) for r in rows]
        proven = sum(int(r.get(f"{sel}_proven", "0") or 0) for r in rows)
        n = len(rows)
        pct = lambda x: f"{100 * x:.2f}" if math.isfinite(x) else "inf"
        table.append([
            sel, n, n - len(feasible),
            pct(statistics.median(regrets)), pct(percentile(regrets, 90)), pct(max(regrets)),
            f"{sum(x <= 0.01 for x in regrets) / n:.1%}", f"{sum(x <= 0.05 for x in regrets) / n:.1%}",
            statistics.median(sims), max(sims), proven, f"{statistics.median(walls):.4g}", f"{max(walls):.4g}",
        ])
    print("| " + " | ".join(header) + " |")
    print("|" + "---|" * len(header))
    for row in table:
        print("| " + " | ".join(str(x) for x in row) + " |")
    if a.out:
        with open(a.out, "w", newline="") as f:
            w = csv.writer(f)
            w.writerow(header)
            w.writerows(table)


if __name__ == "__main__":
    main()
