#!/usr/bin/python3
"""Plots from pipar-sim result files, as PNG and SVG (byte-identical for identical input).

  plot.py time      RUNS.csv... --out DIR   training time vs uplink bandwidth, one line per scheduler
  plot.py speedup   RUNS.csv... --out DIR   speedup over FL vs bandwidth and vs device count
  plot.py idle      RUNS.csv... --out DIR   server idle time and its reduction over FL vs bandwidth
  plot.py all       RUNS.csv... --out DIR   time, speedup and idle
  plot.py device-idle RESOURCES.csv --out DIR   idle time of each device's CPU, per scheduler
  plot.py landscape GRID.csv --out DIR     makespan over (P, N) with the selectors' choices marked
  plot.py gantt     TRACE.json --out DIR   timeline of a run (Chrome trace events from `run --trace`)
  plot.py best      RUNS.csv...            largest speedup and server-idle reduction over FL, as text

RUNS.csv: runs.csv of `run` or `sweep` (several are concatenated). Options: --where COL=VALUE
(repeatable) keeps matching rows; --x, --by, --facet choose columns; --name sets the file stem.
"""
import argparse
import json
import math
import os
import sys

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import matplotlib.ticker as ticker  # noqa: E402
import pandas as pd  # noqa: E402

plt.rcParams.update({"svg.hashsalt": "pipar-sim", "figure.dpi": 100, "savefig.dpi": 110, "font.size": 10})

# Fixed colours per scheduler, so every plot agrees.
COLOURS = {"fl": "#d62728", "sl": "#9467bd", "sfl": "#2ca02c", "pipar": "#1f77b4"}
NAMES = {"fl": "FL", "sl": "SL", "sfl": "SFL", "pipar": "PiPar"}
LABELS = {"uplink_mbps": "uplink bandwidth per device (Mbps)", "downlink_mbps": "downlink bandwidth per device (Mbps)",
          "devices": "devices", "makespan_s": "training time (s)", "server_idle_s": "server idle time (s)",
          "micro_batches": "micro-batches N", "split_point": "split point P"}
# The columns that name a configuration (the scheduler aside); FL's row of a configuration is its baseline.
IDENTITY = ["scenario", "model", "dataset", "devices", "uplink_mbps", "downlink_mbps"]


def die(msg):
    sys.stderr.write("plot.py: error: " + msg + "\n")
    sys.exit(2)


def save(fig, out, name):
    os.makedirs(out, exist_ok=True)
    fig.tight_layout()
    for ext, meta in (("png", {"Software": "pipar-sim scripts/plot.py"}), ("svg", {"Date": None, "Creator": None})):
        path = os.path.join(out, name + "." + ext)
        fig.savefig(path, metadata=meta)
        print("wrote", path)
    plt.close(fig)


def short(col, v):
    num = f"{v:g}" if isinstance(v, (int, float)) else str(v)
    unit = {"uplink_mbps": " Mbps up", "downlink_mbps": " Mbps down", "devices": " devices"}.get(col)
    return num + unit if unit else f"{col.replace('grid.', '')} = {num}"


def label(col):
    return LABELS.get(col, col.replace("grid.", ""))


def read_runs(paths, where):
    frames = []
    for p in paths:
        try:
            frames.append(pd.read_csv(p, dtype={"point": str, "scenario": str, "scheduler": str}))
        except (OSError, pd.errors.ParserError, pd.errors.EmptyDataError) as e:
            die(f"{p}: {e}")
    df = pd.concat(frames, ignore_index=True)
    for need in ("scheduler", "makespan_s"):
        if need not in df.columns:
            die(f"{paths[0]}: no column {need!r}; expected a runs.csv of pipar-sim run or sweep")
    for w in where:
        col, _, val = w.partition("=")
        if col not in df.columns:
            die(f"--where {w}: no column {col!r}")
        keep = df[col].astype(str) == val
        if df[col].dtype.kind in "if":
            keep |= df[col] == float(val)
        df = df[keep]
    if df.empty:
        die("no rows left to plot")
    return df


def config_key(df):
    """Columns that identify a configuration; a sweep's `point` id minus its scheduler when present."""
    if "point" in df.columns:
        return df["point"].str.replace(r";?scheduler=[^;]*$", "", regex=True)
    cols = [c for c in IDENTITY + sorted(c for c in df.columns if c.startswith("grid.")) if c in df.columns]
    return df[cols].astype(str).agg("|".join, axis=1)


def with_fl_ratios(df):
    """Adds speedup (FL makespan / makespan) and idle_reduction (FL server idle / server idle)."""
    df = df.copy()
    df["_cfg"] = config_key(df)
    fl = df[df["scheduler"] == "fl"].drop_duplicates("_cfg").set_index("_cfg")
    if fl.empty:
        die("no FL rows: speedup and idle reduction are relative to FL")
    df["fl_makespan_s"] = df["_cfg"].map(fl["makespan_s"])
    df["fl_server_idle_s"] = df["_cfg"].map(fl["server_idle_s"])
    df["speedup"] = df["fl_makespan_s"] / df["makespan_s"]
    df["idle_reduction"] = df["fl_server_idle_s"] / df["server_idle_s"]
    return df[df["fl_makespan_s"].notna()]


def schedulers_in(df):
    order = list(COLOURS)
    return sorted(df["scheduler"].unique(), key=lambda s: (order.index(s) if s in order else 99, s))


def facets(df, col):
    if not col or col not in df.columns:
        return [(None, df)]
    return [(v, df[df[col] == v]) for v in sorted(df[col].unique())]


def facet_title(col, v):
    return "" if col is None or v is None else f"{label(col)} = {v:g}" if isinstance(v, float) else f"{label(col)} = {v}"


def grid_axes(n, width=4.2, height=3.3):
    cols = min(n, 3)
    rows = (n + cols - 1) // cols
    fig, axes = plt.subplots(rows, cols, figsize=(width * cols, height * rows), squeeze=False)
    for ax in axes.flat[n:]:
        ax.set_visible(False)
    return fig, list(axes.flat[:n])


def _log_label(v, _pos):
    if v <= 0:
        return ""
    lead = v / 10 ** math.floor(math.log10(v) + 1e-9)
    return f"{v:g}" if round(lead, 6) in (1.0, 2.0, 5.0) else ""


def log_if_wide(ax, values, axis="x"):
    v = [x for x in values if x > 0]
    if v and max(v) / min(v) >= 8:
        (ax.set_xscale if axis == "x" else ax.set_yscale)("log")
        a = ax.xaxis if axis == "x" else ax.yaxis
        a.set_major_formatter(ticker.FuncFormatter(_log_label))
        a.set_minor_formatter(ticker.FuncFormatter(_log_label))


def title_of(df):
    parts = []
    for c in ("model", "dataset"):
        if c in df.columns and df[c].nunique() == 1:
            parts.append(str(df[c].iloc[0]))
    return "/".join(parts)


def plot_time(df, out, x, facet, name):
    panels = facets(df, facet)
    fig, axes = grid_axes(len(panels))
    for ax, (v, d) in zip(axes, panels):
        for s in schedulers_in(d):
            g = d[d["scheduler"] == s].sort_values(x)
            ax.plot(g[x], g["makespan_s"], marker="o", ms=3, color=COLOURS.get(s), label=NAMES.get(s, s))
        log_if_wide(ax, df[x])
        log_if_wide(ax, df["makespan_s"], "y")
        ax.set_xlabel(label(x))
        ax.set_ylabel(label("makespan_s"))
        ax.set_title(facet_title(facet, v))
        ax.grid(True, which="both", alpha=0.3)
        ax.legend(fontsize=8)
    fig.suptitle(f"Training time ({title_of(df)})")
    save(fig, out, name or f"time_vs_{x}")


def plot_ratio(df, out, x, by, metric, ylabel, name, title):
    """One panel per non-FL scheduler; one line per value of `by`; y = `metric` (ratio over FL)."""
    df = with_fl_ratios(df)
    scheds = [s for s in schedulers_in(df) if s != "fl"]
    if not scheds:
        die("only FL rows: nothing to compare")
    fig, axes = grid_axes(len(scheds))
    cmap = plt.get_cmap("viridis")
    values = sorted(df[by].unique()) if by in df.columns else [None]
    for ax, s in zip(axes, scheds):
        d = df[df["scheduler"] == s]
        for i, v in enumerate(values):
            g = (d if v is None else d[d[by] == v]).sort_values(x)
            if g.empty:
                continue
            lab = "" if v is None else short(by, v)
            ax.plot(g[x], g[metric], marker="o", ms=3, color=cmap(i / max(1, len(values) - 1) * 0.9), label=lab)
        ax.axhline(1.0, color="grey", lw=1, ls="--", label="= FL")
        log_if_wide(ax, df[x])
        log_if_wide(ax, df[metric], "y")
        ax.set_xlabel(label(x))
        ax.set_ylabel(ylabel)
        ax.set_title(NAMES.get(s, s))
        ax.grid(True, which="both", alpha=0.3)
        ax.legend(fontsize=7, loc="upper left", bbox_to_anchor=(1.0, 1.0))
    fig.suptitle(f"{title} ({title_of(df)})")
    save(fig, out, name)


def plot_idle(df, out, x, facet, name):
    df = with_fl_ratios(df)
    panels = facets(df, facet)
    fig, axes = plt.subplots(len(panels), 2, figsize=(9, 3.2 * len(panels)), squeeze=False)
    for row, (v, d) in zip(axes, panels):
        for s in schedulers_in(d):
            g = d[d["scheduler"] == s].sort_values(x)
            row[0].plot(g[x], g["server_idle_s"], marker="o", ms=3, color=COLOURS.get(s), label=NAMES.get(s, s))
            if s != "fl":
                row[1].plot(g[x], g["idle_reduction"], marker="o", ms=3, color=COLOURS.get(s), label=NAMES.get(s, s))
        row[1].axhline(1.0, color="grey", lw=1, ls="--", label="= FL")
        for ax, yl, col in ((row[0], "server idle time (s)", "server_idle_s"),
                            (row[1], "server idle reduction over FL (x)", "idle_reduction")):
            log_if_wide(ax, df[x])
            log_if_wide(ax, df[col], "y")
            ax.set_xlabel(label(x))
            ax.set_ylabel(yl)
            ax.set_title(facet_title(facet, v))
            ax.grid(True, which="both", alpha=0.3)
            ax.legend(fontsize=8)
    fig.suptitle(f"Server idle time ({title_of(df)})")
    save(fig, out, name or f"server_idle_vs_{x}")


def cmd_runs(a, kinds):
    df = read_runs(a.inputs, a.where)
    x = a.x or "uplink_mbps"
    if "time" in kinds:
        plot_time(df, a.out, x, a.facet if a.facet is not None else ("devices" if x != "devices" else "uplink_mbps"),
                  a.name if kinds == ["time"] else None)
    if "speedup" in kinds:
        for xx, by in (("uplink_mbps", "devices"), ("devices", "uplink_mbps")):
            if a.x and xx != a.x:
                continue
            if xx in df.columns and df[xx].nunique() > 1:
                plot_ratio(df, a.out, xx, a.by or by, "speedup", "training-time speedup over FL (x)",
                           a.name if kinds == ["speedup"] and a.name else f"speedup_vs_{xx}", "Speedup over FL")
    if "idle" in kinds:
        plot_idle(df, a.out, x, a.facet if a.facet is not None else "devices", a.name if kinds == ["idle"] else None)


def fmt(v):
    return f"{v:g}" if isinstance(v, float) else str(v)


def cmd_best(a):
    df = with_fl_ratios(read_runs(a.inputs, a.where))
    df = df[df["scheduler"] != "fl"]
    cols = [c for c in ["model", "dataset", "devices", "uplink_mbps", "downlink_mbps", "split_point",
                        "micro_batches"] if c in df.columns]
    for metric, what in (("speedup", "training-time speedup"), ("idle_reduction", "server-idle reduction")):
        for s in schedulers_in(df):
            d = df[df["scheduler"] == s].sort_values(metric, ascending=False, kind="mergesort")
            r = d.iloc[0]
            ties = d[(d[metric] - r[metric]).abs() <= 1e-9 * r[metric]]
            desc = ", ".join(f"{c}={'|'.join(sorted({fmt(v) for v in ties[c]}))}" for c in cols)
            print(f"largest {what} of {NAMES.get(s, s)} over FL: {r[metric]:.2f}x ({desc}); "
                  f"smallest {d[metric].min():.3g}x; {len(d)} configurations")


def cmd_device_idle(a):
    try:
        df = pd.read_csv(a.inputs[0])
    except (OSError, pd.errors.ParserError) as e:
        die(f"{a.inputs[0]}: {e}")
    if not {"scheduler", "kind", "device", "idle_s"} <= set(df.columns):
        die(f"{a.inputs[0]}: expected a resources.csv (columns scheduler, kind, device, idle_s)")
    cpu = df[df["kind"] == "device"].copy()
    if cpu.empty:
        die(f"{a.inputs[0]}: no device rows")
    cpu["device"] = cpu["device"].astype(int)
    scheds = schedulers_in(cpu)
    devices = sorted(cpu["device"].unique())
    width = 0.8 / len(scheds)
    fig, ax = plt.subplots(figsize=(min(14, max(6, 0.12 * len(devices) * len(scheds) + 3)), 3.8))
    for i, s in enumerate(scheds):
        g = cpu[cpu["scheduler"] == s].set_index("device").reindex(devices)
        ax.bar([d + (i - (len(scheds) - 1) / 2) * width for d in devices], g["idle_s"], width,
               color=COLOURS.get(s), label=NAMES.get(s, s))
    ax.set_xticks(devices)
    log_if_wide(ax, cpu["idle_s"], "y")
    ax.set_xlabel("device")
    ax.set_ylabel("device CPU idle time (s)")
    scen = cpu["scenario"].iloc[0] if "scenario" in cpu.columns else ""
    ax.set_title(f"Idle time of each device ({scen})")
    ax.grid(True, axis="y", alpha=0.3)
    ax.legend(fontsize=8)
    save(fig, a.out, a.name or "device_idle")


def pick(df, names, what, path):
    for n in names:
        if n in df.columns:
            return n
    die(f"{path}: no {what} column (looked for {', '.join(names)})")


def cmd_landscape(a):
    path = a.inputs[0]
    try:
        df = pd.read_csv(path)
    except (OSError, pd.errors.ParserError) as e:
        die(f"{path}: {e}")
    p = pick(df, ["P", "split_point"], "split point", path)
    n = pick(df, ["N", "micro_batches"], "micro-batch", path)
    m = pick(df, ["makespan", "simulated_makespan_s", "makespan_s"], "makespan", path)
    table = df.pivot_table(index=n, columns=p, values=m, aggfunc="min").sort_index()
    fig, ax = plt.subplots(figsize=(max(5, 0.9 * table.shape[1] + 3), max(4, 0.32 * table.shape[0] + 1.5)))
    im = ax.imshow(table.values, aspect="auto", origin="lower", cmap="viridis_r")
    ax.set_xticks(range(table.shape[1]), [str(c) for c in table.columns])
    ax.set_yticks(range(table.shape[0]), [str(r) for r in table.index])
    ax.set_xlabel(label("split_point") + ", split units on the device")
    ax.set_ylabel(label("micro_batches"))
    fig.colorbar(im, ax=ax, label="simulated training time (s)")
    best = df.loc[df[m].idxmin()]
    ax.plot(list(table.columns).index(best[p]), list(table.index).index(best[n]), "w*", ms=16, mec="k",
            label=f"best: P={best[p]}, N={best[n]} ({best[m]:.1f} s)")
    chosen = next((c for c in ("chosen_by", "selector", "selectors") if c in df.columns), None)
    markers = iter(["o", "s", "D", "^", "v", "P", "X"])
    if chosen:
        picks = {}
        for _, r in df[df[chosen].notna() & (df[chosen].astype(str) != "")].iterrows():
            for sel in str(r[chosen]).replace(";", " ").replace("|", " ").split():
                picks.setdefault(sel, (r[p], r[n], r[m]))
        for k, (sel, (pp, nn, mm)) in enumerate(sorted(picks.items())):
            ax.plot(list(table.columns).index(pp), list(table.index).index(nn), next(markers, "o"), ms=11 - 2 * k,
                    mfc="none", mew=2, color=plt.get_cmap("Set1")(k), label=f"{sel}: P={pp}, N={nn} ({mm:.1f} s)")
    ax.legend(fontsize=7, loc="upper left", bbox_to_anchor=(1.25, 1.0))
    ax.set_title("Training time over (P, N)")
    save(fig, a.out, a.name or "landscape")


def cmd_gantt(a):
    path = a.inputs[0]
    try:
        with open(path) as f:
            data = json.load(f)
    except (OSError, ValueError) as e:
        die(f"{path}: {e}")
    events = data.get("traceEvents", data) if isinstance(data, dict) else data
    names = {}
    for e in events:  # metadata events name the tracks
        if e.get("ph") == "M" and e.get("name") in ("thread_name", "process_name"):
            names[(e.get("name"), e.get("pid"), e.get("tid"))] = e.get("args", {}).get("name")
    spans = [e for e in events if e.get("ph") == "X"]
    if not spans:
        die(f"{path}: no complete ('ph': 'X') events")
    tracks = sorted({(e.get("pid", 0), e.get("tid", 0)) for e in spans})
    limit = a.limit_s * 1e6 if a.limit_s else None

    def track_name(pid, tid):
        proc = names.get(("process_name", pid, None)) or names.get(("process_name", pid, 0)) or f"{pid}"
        thread = names.get(("thread_name", pid, tid)) or f"{tid}"
        return f"{proc} / {thread}"

    kinds = sorted({e.get("cat") or e.get("name", "").split(" ")[0] for e in spans})
    cmap = plt.get_cmap("tab10")
    known = ["fwd", "bwd", "step", "up-act", "down-grad", "up-model", "down-model", "aggregate"]
    extra = [k for k in kinds if k not in known]  # same colour for a kind in every chart
    colour = {k: cmap((known.index(k) if k in known else len(known) + extra.index(k)) % 10) for k in kinds}
    fig, ax = plt.subplots(figsize=(11, 0.32 * len(tracks) + 1.8))
    row = {t: i for i, t in enumerate(tracks)}
    for k in kinds:
        bars = {}
        for e in spans:
            if (e.get("cat") or e.get("name", "").split(" ")[0]) != k:
                continue
            if limit is not None and e["ts"] > limit:
                continue
            bars.setdefault(row[(e.get("pid", 0), e.get("tid", 0))], []).append((e["ts"] / 1e6, e.get("dur", 0) / 1e6))
        for i, (r, b) in enumerate(sorted(bars.items())):
            ax.broken_barh(b, (r - 0.4, 0.8), color=colour[k], label=k if i == 0 else None)
    ax.set_yticks(range(len(tracks)), [track_name(*t) for t in tracks], fontsize=7)
    ax.invert_yaxis()
    ax.set_xlabel("simulated time (s)")
    ax.set_title(a.title or f"Timeline: {os.path.basename(path)}")
    ax.grid(True, axis="x", alpha=0.3)
    ax.legend(fontsize=7, loc="upper left", bbox_to_anchor=(1.0, 1.0))
    save(fig, a.out, a.name or os.path.splitext(os.path.basename(path))[0])


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("kind", choices=["time", "speedup", "idle", "all", "device-idle", "landscape", "gantt", "best"])
    ap.add_argument("inputs", nargs="+", help="CSV or trace files")
    ap.add_argument("--out", help="output folder (PNG and SVG)")
    ap.add_argument("--where", action="append", default=[], help="COL=VALUE: keep these rows only (repeatable)")
    ap.add_argument("--x", help="x-axis column (time, idle, speedup: default uplink_mbps)")
    ap.add_argument("--by", help="speedup: one line per value of this column")
    ap.add_argument("--facet", help="time, idle: one panel per value of this column (default devices; '' for one)")
    ap.add_argument("--name", help="file stem of the plot")
    ap.add_argument("--title", help="gantt: title")
    ap.add_argument("--limit-s", type=float, help="gantt: show only events starting before this simulated time (s)")
    a = ap.parse_args()
    if a.kind != "best" and not a.out:
        die("--out DIR is required")
    if a.kind == "best":
        cmd_best(a)
    elif a.kind == "device-idle":
        cmd_device_idle(a)
    elif a.kind == "landscape":
        cmd_landscape(a)
    elif a.kind == "gantt":
        cmd_gantt(a)
    else:
        cmd_runs(a, ["time", "speedup", "idle"] if a.kind == "all" else [a.kind])


if __name__ == "__main__":
    main()
