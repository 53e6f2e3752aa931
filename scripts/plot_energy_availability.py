#!/usr/bin/python3
"""Plots of results/energy and results/dropouts (scripts/energy_availability.sh).

energy RUNS.csv --out DIR    energy per training sample of each scheduler per network preset,
                             stacked: device compute, device radio, server
dropouts RUNS.csv --out DIR  makespan and wasted device / server seconds vs dropout probability,
                             a line per scheduler
Identical input gives byte-identical PNG and SVG files (fixed metadata and hash salt).
"""
import argparse
import os
import sys

import matplotlib

matplotlib.use("Agg")
matplotlib.rcParams["svg.hashsalt"] = "pipar-sim"
import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402

META_PNG = {"Software": None}
META_SVG = {"Date": None, "Creator": None}


def save(fig, out, name):
    os.makedirs(out, exist_ok=True)
    fig.savefig(os.path.join(out, name + ".png"), dpi=120, metadata=META_PNG)
    fig.savefig(os.path.join(out, name + ".svg"), metadata=META_SVG)
    plt.close(fig)


def energy(runs, out):
    df = pd.read_csv(runs)
    nets = list(dict.fromkeys(df["grid.devices.network"]))
    scheds = list(dict.fromkeys(df["scheduler"]))
    fig, ax = plt.subplots(figsize=(8, 4.5))
    width = 0.8 / len(scheds)
    colours = {"compute": "#4c72b0", "radio": "#dd8452", "server": "#55a868"}
    for k, sc in enumerate(scheds):
        sub = df[df["scheduler"] == sc].set_index("grid.devices.network").loc[nets]
        per = {
            "compute": sub["energy_devices_compute_j"] / sub["samples"],
            "radio": sub["energy_devices_radio_j"] / sub["samples"],
            "server": sub["energy_server_j"] / sub["samples"],
        }
        x = [i + (k - (len(scheds) - 1) / 2) * width for i in range(len(nets))]
        bottom = [0.0] * len(nets)
        for part, vals in per.items():
            ax.bar(x, vals, width * 0.95, bottom=bottom, color=colours[part],
                   edgecolor="black" if sc == "pipar" else "white", hatch="//" if sc == "pipar" else None,
                   label=f"{part}" if k == 0 else None)
            bottom = [b + v for b, v in zip(bottom, vals)]
        for xi, total in zip(x, bottom):
            ax.text(xi, total, f"{sc}\n{total:.2f}", ha="center", va="bottom", fontsize=7)
    ax.set_xticks(range(len(nets)))
    ax.set_xticklabels(nets)
    ax.set_ylabel("energy per training sample (J)")
    ax.set_title("FL vs PiPar (hatched): energy per sample by network, 4 Pi 4 + V100 server")
    ax.set_ylim(0, ax.get_ylim()[1] * 1.15)
    ax.legend(title="part", fontsize=8)
    fig.tight_layout()
    save(fig, out, "energy_per_sample")


def dropouts(runs, out):
    df = pd.read_csv(runs)
    col = "grid.availability.dropout_probability"
    fig, axes = plt.subplots(1, 4, figsize=(15, 3.9))
    for sc in dict.fromkeys(df["scheduler"]):
        sub = df[df["scheduler"] == sc].sort_values(col)
        axes[0].plot(sub[col], sub["makespan_s"], marker="o", label=sc)
        axes[1].plot(sub[col], sub["wasted_device_s"], marker="o", label=sc)
        axes[2].plot(sub[col], sub["wasted_server_s"], marker="o", label=sc)
        axes[3].plot(sub[col], sub["energy_per_sample_j"], marker="o", label=sc)
    for ax, title in zip(axes, ["makespan (s)", "wasted device compute (s, all devices)",
                                "wasted server compute (s)", "energy per used sample (J)"]):
        ax.set_xlabel("dropout probability per device per round")
        ax.set_title(title, fontsize=10)
        ax.grid(alpha=0.3)
    axes[0].legend()
    fig.suptitle("8 Pi 4 on 5G, 4 rounds, 60 s round deadline (SL's rounds exceed it: its last turns are "
                 "dropped even at probability 0)", fontsize=10)
    fig.tight_layout()
    save(fig, out, "dropouts")


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("kind", choices=["energy", "dropouts"])
    p.add_argument("runs")
    p.add_argument("--out", required=True)
    a = p.parse_args()
    {"energy": energy, "dropouts": dropouts}[a.kind](a.runs, a.out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
