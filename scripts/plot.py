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
  plot.py run       DIR --out DIR           one run's figure: makespan, server idle and device idle per
                                            scheduler, and the first iterations' timelines (with --trace)

RUNS.csv: runs.csv of `run` or `sweep` (several are concatenated). Options: --where COL=VALUE
(repeatable) keeps matching rows; --x, --by, --facet take any column (x axis; one line per value;
one panel per value); --name sets the file stem.
"""
import argparse
import functools
import json
import math
import os
import sys

_missing = []
try:
    import matplotlib
except ImportError:
    _missing.append("python3-matplotlib")
try:
    import pandas as pd
except ImportError:
    _missing.append("python3-pandas")
if _missing:
    sys.stderr.write("plot.py: error: " + sys.executable + " cannot import " + " and ".join(
        m.split("-")[1] for m in _missing) + " (Debian package(s) " + " ".join(_missing) + "); install them with: "
        "apt-get install " + " ".join(_missing) + " (or run scripts/setup.sh), and run plot.py with Debian's "
        "/usr/bin/python3 (scripts/plot.py ... runs it through its first line)\n")
    sys.exit(2)

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import matplotlib.ticker as ticker  # noqa: E402

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
    # Leave room for a suptitle above the panels' own titles.
    fig.tight_layout(rect=(0, 0, 1, 0.95) if fig._suptitle is not None else (0, 0, 1, 1))
    for ext, meta in (("png", {"Software": "pipar-sim scripts/plot.py"}), ("svg", {"Date": None, "Creator": None})):
        path = os.path.join(out, name + "." + ext)
        fig.savefig(path, metadata=meta)
        print("wrote", path)
    plt.close(fig)


def short(col, v):
    num = f"{v:g}" if isinstance(v, (int, float)) else str(v)
    unit = {"uplink_mbps": " Mbps up", "downlink_mbps": " Mbps down",
            "devices": " device" if num == "1" else " devices"}.get(col)
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


def _log_labeller(axis):
    """Label the log ticks whose leading digit is 1, 2 or 5, and 3 too while the axis shows 1.5
    decades or less, so that a top value such as 3.6 has a label near it."""
    def label(v, _pos):
        if v <= 0:
            return ""
        lo, hi = sorted(axis.get_view_interval())
        leads = (1.0, 2.0, 3.0, 5.0) if lo > 0 and hi / lo <= 10 ** 1.5 else (1.0, 2.0, 5.0)
        lead = v / 10 ** math.floor(math.log10(v) + 1e-9)
        return f"{v:g}" if round(lead, 6) in leads else ""
    return label


def log_if_wide(ax, values, axis="x"):
    """A log scale when the values span 8x or more. On the x axis (the swept values) the ticks sit at
    the data values themselves when there are few; elsewhere at 1, 2, 5 x 10^k (and 3 x 10^k over
    1.5 decades or less on the axis)."""
    v = sorted({float(x) for x in values if isinstance(x, (int, float)) and x > 0})
    if v and max(v) / min(v) >= 8:
        (ax.set_xscale if axis == "x" else ax.set_yscale)("log")
        a = ax.xaxis if axis == "x" else ax.yaxis
        if axis == "x" and len(v) <= 12:
            a.set_major_locator(ticker.FixedLocator(v))
            a.set_major_formatter(ticker.FuncFormatter(lambda x, _p: f"{x:g}"))
            a.set_minor_locator(ticker.NullLocator())
        else:
            label = _log_labeller(a)
            a.set_major_formatter(ticker.FuncFormatter(label))
            a.set_minor_formatter(ticker.FuncFormatter(label))


def need_column(df, col, option):
    if col and col not in df.columns:
        die(f"{option} {col}: no such column; columns are: {', '.join(df.columns)}")
    return col



def title_of(df):
    parts = []
    for c in ("model", "dataset"):
        if c in df.columns and df[c].nunique() == 1:
            parts.append(str(df[c].iloc[0]))
    return "/".join(parts)


STYLES = ["-", "--", ":", "-.", (0, (5, 1)), (0, (3, 1, 1, 1, 1, 1))]


def lines_by(d, by):
    """(label suffix, line style, rows) for each value of `by` (one group without it)."""
    if not by:
        return [("", "-", d)]
    vals = sorted(d[by].unique())
    return [(f" ({short(by, v)})", STYLES[i % len(STYLES)], d[d[by] == v]) for i, v in enumerate(vals)]


def plot_time(df, out, x, facet, name, by=None):
    panels = facets(df, facet)
    fig, axes = grid_axes(len(panels))
    for ax, (v, d) in zip(axes, panels):
        for s in schedulers_in(d):
            for suffix, style, g in lines_by(d[d["scheduler"] == s], by):
                g = g.sort_values(x)
                ax.plot(g[x], g["makespan_s"], marker="o", ms=3, ls=style, color=COLOURS.get(s),
                        label=NAMES.get(s, s) + suffix)
        log_if_wide(ax, df[x])
        log_if_wide(ax, df["makespan_s"], "y")
        ax.set_xlabel(label(x))
        ax.set_ylabel(label("makespan_s"))
        ax.set_title(facet_title(facet, v))
        ax.grid(True, which="both", alpha=0.3)
        ax.legend(fontsize=8)
    fig.suptitle(f"Training time ({title_of(df)})")
    save(fig, out, name or f"time_vs_{x}")


def plot_ratio(df, out, x, by, metric, ylabel, name, title, facet=None):
    """One panel per non-FL scheduler (and value of `facet`); one line per value of `by`; y = `metric`
    (ratio over FL)."""
    df = with_fl_ratios(df)
    scheds = [s for s in schedulers_in(df) if s != "fl"]
    if not scheds:
        die("only FL rows: nothing to compare")
    panels = [(s, fv, fd[fd["scheduler"] == s]) for s in scheds for fv, fd in facets(df, facet)]
    panels = [p for p in panels if not p[2].empty]
    fig, axes = grid_axes(len(panels))
    cmap = plt.get_cmap("viridis")
    values = sorted(df[by].unique()) if by in df.columns else [None]
    for ax, (s, fv, d) in zip(axes, panels):
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
        ax.set_title(NAMES.get(s, s) + (f", {facet_title(facet, fv)}" if fv is not None else ""))
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


def warn_mixed(df, keys):
    """Rows that share every key (one point of one line) but differ in another grid column are
    drawn on top of each other: say which columns, and how to keep them apart."""
    keys = [k for k in dict.fromkeys(keys) if k and k in df.columns]
    others = [c for c in df.columns if c.startswith("grid.") and c not in keys]
    if not keys or not others:
        return
    mixed = [c for c in others if (df.groupby(keys, dropna=False)[c].nunique(dropna=False) > 1).any()]
    if mixed:
        print(f"plot.py: warning: {', '.join(mixed)} vary among rows drawn as one point of one line "
              f"(same {', '.join(keys)}); keep one value with --where COL=VALUE, or map it with --by or --facet",
              file=sys.stderr)


def cmd_runs(a, kinds):
    df = read_runs(a.inputs, a.where)
    x = need_column(df, a.x, "--x") or "uplink_mbps"
    need_column(df, x, "--x")
    need_column(df, a.by, "--by")
    need_column(df, a.facet or None, "--facet")
    facet0 = a.facet if a.facet is not None else ("devices" if x != "devices" else "uplink_mbps")
    warn_mixed(df, ["scheduler", x, facet0, a.by, "grid." + x, "grid." + facet0 if facet0 else None,
                    "grid." + a.by if a.by else None])
    if "time" in kinds:
        facet = a.facet if a.facet is not None else ("devices" if x != "devices" else "uplink_mbps")
        plot_time(df, a.out, x, facet, a.name if kinds == ["time"] else None, a.by)
    if "speedup" in kinds:
        # Without --x: against bandwidth and against device count, whichever vary; with it, against it.
        pairs = [(a.x, a.by or next((c for c in ("devices", "uplink_mbps") if c != a.x and c in df.columns
                                     and df[c].nunique() > 1), None))] if a.x else \
            [(xx, a.by or by) for xx, by in (("uplink_mbps", "devices"), ("devices", "uplink_mbps"))
             if xx in df.columns and df[xx].nunique() > 1]
        if not pairs:
            die("speedup: neither uplink_mbps nor devices varies; choose the x axis with --x COLUMN")
        for xx, by in pairs:
            plot_ratio(df, a.out, xx, by, "speedup", "training-time speedup over FL (x)",
                       a.name if kinds == ["speedup"] and a.name else f"speedup_vs_{xx}", "Speedup over FL",
                       a.facet or None)
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


def read_resources(path):
    try:
        df = pd.read_csv(path)
    except (OSError, pd.errors.ParserError, pd.errors.EmptyDataError) as e:
        die(f"{path}: {e}")
    if not {"scheduler", "kind", "device", "idle_s"} <= set(df.columns):
        die(f"{path}: expected a resources.csv (columns scheduler, kind, device, idle_s)")
    cpu = df[df["kind"] == "device"].copy()
    if cpu.empty:
        die(f"{path}: no device rows")
    cpu["device"] = cpu["device"].astype(int)
    return cpu


def draw_device_idle(ax, cpu):
    """Linear bars: each device's CPU idle time, a bar per scheduler; fleet groups named under the axis."""
    scheds = schedulers_in(cpu)
    devices = sorted(cpu["device"].unique())
    width = 0.8 / len(scheds)
    for i, s in enumerate(scheds):
        g = cpu[cpu["scheduler"] == s].set_index("device").reindex(devices)
        ax.bar([d + (i - (len(scheds) - 1) / 2) * width for d in devices], g["idle_s"], width,
               color=COLOURS.get(s), label=NAMES.get(s, s))
    step = max(1, len(devices) // 40)
    ax.set_xticks(devices[::step], [str(d) for d in devices[::step]], fontsize=7)
    ax.set_xlim(devices[0] - 0.6, devices[-1] + 0.6)
    xlabel = "device"
    if "group" in cpu.columns and cpu["group"].notna().any():
        first = cpu[cpu["scheduler"] == scheds[0]].sort_values("device")
        spans = []  # (group, first device, last device), in device order
        for d, grp in zip(first["device"], first["group"].astype(str)):
            if spans and spans[-1][0] == grp:
                spans[-1][2] = d
            else:
                spans.append([grp, d, d])
        for k, (grp, lo, hi) in enumerate(spans):
            if k:
                ax.axvline(lo - 0.5, color="grey", lw=0.8, ls=":")
            ax.text((lo + hi) / 2, 1.01, f"{grp} ({lo}-{hi})" if hi > lo else f"{grp} ({lo})",
                    transform=ax.get_xaxis_transform(), ha="center", va="bottom", fontsize=8)
        xlabel = "device (fleet groups named above the bars)"
    ax.set_xlabel(xlabel)
    ax.set_ylabel("device CPU idle time (s)")
    ax.grid(True, axis="y", alpha=0.3)
    ax.legend(fontsize=8, loc="upper left", bbox_to_anchor=(1.0, 1.0))


def cmd_device_idle(a):
    cpu = read_resources(a.inputs[0])
    n = cpu["device"].nunique() * cpu["scheduler"].nunique()
    fig, ax = plt.subplots(figsize=(min(14, max(7, 0.12 * n + 3)), 4.0))
    draw_device_idle(ax, cpu)
    scen = cpu["scenario"].iloc[0] if "scenario" in cpu.columns else ""
    ax.set_title(f"Idle time of each device's CPU ({scen})", pad=16)
    save(fig, a.out, a.name or "device_idle")


def first_iterations_s(summary, makespan, iterations=3):
    """Simulated time of the first `iterations` iterations: makespan x iterations / iterations in all."""
    try:
        sc = summary["scenario"]
        per_device = sc["devices"].get("samples") or max(g["samples"] for g in sc["platform"]["fleet"])
        total = math.ceil(per_device / sc["training"]["batch_size"]) * sc["training"]["epochs"]
    except (KeyError, TypeError, ValueError):
        return makespan
    return makespan * min(1.0, iterations / max(1, total))


def cmd_run(a):
    """One run's figure: a bar per scheduler for makespan, server idle and mean device idle, and, when the
    run wrote traces (run --trace), the timelines of the first iterations."""
    folder = a.inputs[0]
    runs = read_runs([os.path.join(folder, "runs.csv")], a.where)
    summary = {}
    try:
        with open(os.path.join(folder, "summary.json")) as f:
            summary = json.load(f)
    except (OSError, ValueError):
        pass
    scheds = schedulers_in(runs)
    traces = [(s, os.path.join(folder, f"trace-{s}.json")) for s in scheds
              if os.path.exists(os.path.join(folder, f"trace-{s}.json"))]
    # Each timeline as tall as its rows need (0.15 in a row, one 7-point label each), at least 1.6 in.
    heights = [max(1.6, 0.8 + 0.15 * track_count(path)) for _s, path in traces]
    fig = plt.figure(figsize=(12, 3.6 + 0.6 * len(traces) + sum(heights)))
    grid = fig.add_gridspec(1 + len(traces), 3, height_ratios=[3.0] + heights)
    names = [NAMES.get(s, s) for s in scheds]
    colours = [COLOURS.get(s, "grey") for s in scheds]
    for k, (col, what) in enumerate((("makespan_s", "training time (s)"), ("server_idle_s", "server idle time (s)"),
                                     ("device_idle_mean_s", "mean device idle time (s)"))):
        ax = fig.add_subplot(grid[0, k])
        vals = [runs[runs["scheduler"] == s][col].iloc[0] for s in scheds]
        bars = ax.bar(names, vals, color=colours)
        ax.bar_label(bars, labels=[f"{v:.3g}" for v in vals], fontsize=8)
        ax.set_ylabel(what)
        ax.set_ylim(0, max(vals) * 1.15 if max(vals) > 0 else 1)
        ax.grid(True, axis="y", alpha=0.3)
    for r, (s, path) in enumerate(traces, start=1):
        ax = fig.add_subplot(grid[r, :])
        mk = runs[runs["scheduler"] == s]["makespan_s"].iloc[0]
        limit = first_iterations_s(summary, mk)
        draw_gantt(ax, path, limit * 1e6)
        ax.set_title(f"{NAMES.get(s, s)}: the first iterations (0 to {limit:.3g} s of {mk:.3g} s)", fontsize=9)
    scen = runs["scenario"].iloc[0] if "scenario" in runs.columns else os.path.basename(folder)
    devs = runs["devices"].iloc[0] if "devices" in runs.columns else "?"
    fig.suptitle(f"Run {scen}: {title_of(runs)}, {short('devices', devs) if devs != '?' else ''}"
                 + ("" if traces else " (run with --trace for the timelines)"))
    save(fig, a.out, a.name or "run")


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


@functools.lru_cache(maxsize=8)  # cmd_run counts a trace's tracks, then draws it: read once
def read_trace(path):
    try:
        with open(path) as f:
            data = json.load(f)
    except (OSError, ValueError) as e:
        die(f"{path}: {e}")
    events = data.get("traceEvents", data) if isinstance(data, dict) else data
    spans = [e for e in events if e.get("ph") == "X"]
    if not spans:
        die(f"{path}: no complete ('ph': 'X') events")
    return events, spans


def track_count(path):
    """The rows draw_gantt gives a trace: its distinct (process, thread) tracks."""
    return len({(e.get("pid", 0), e.get("tid", 0)) for e in read_trace(path)[1]})


def draw_gantt(ax, path, limit, legend=True):
    """The timeline of a Chrome trace on `ax`, one row per track; events starting after `limit` us dropped."""
    events, spans = read_trace(path)
    names = {}
    for e in events:  # metadata events name the tracks
        if e.get("ph") == "M" and e.get("name") in ("thread_name", "process_name"):
            names[(e.get("name"), e.get("pid"), e.get("tid"))] = e.get("args", {}).get("name")
    tracks = sorted({(e.get("pid", 0), e.get("tid", 0)) for e in spans})

    def track_name(pid, tid):
        proc = names.get(("process_name", pid, None)) or names.get(("process_name", pid, 0)) or f"{pid}"
        thread = names.get(("thread_name", pid, tid)) or f"{tid}"
        return f"{proc} / {thread}"

    kinds = sorted({e.get("cat") or e.get("name", "").split(" ")[0] for e in spans})
    cmap = plt.get_cmap("tab10")
    known = ["fwd", "bwd", "step", "up-act", "down-grad", "up-model", "down-model", "aggregate"]
    extra = [k for k in kinds if k not in known]  # same colour for a kind in every chart
    colour = {k: cmap((known.index(k) if k in known else len(known) + extra.index(k)) % 10) for k in kinds}
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
    if limit is not None:
        ax.set_xlim(0, limit / 1e6)
    ax.set_xlabel("simulated time (s)")
    ax.grid(True, axis="x", alpha=0.3)
    if legend:
        ax.legend(fontsize=7, loc="upper left", bbox_to_anchor=(1.0, 1.0))
    return len(tracks)


def cmd_gantt(a):
    path = a.inputs[0]
    _, spans = read_trace(path)
    tracks = {(e.get("pid", 0), e.get("tid", 0)) for e in spans}
    fig, ax = plt.subplots(figsize=(11, 0.32 * len(tracks) + 1.8))
    draw_gantt(ax, path, a.limit_s * 1e6 if a.limit_s else None)
    ax.set_title(a.title or f"Timeline: {os.path.basename(path)}")
    save(fig, a.out, a.name or os.path.splitext(os.path.basename(path))[0])


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("kind", choices=["time", "speedup", "idle", "all", "device-idle", "landscape", "gantt", "best",
                                     "run"])
    ap.add_argument("inputs", nargs="+", help="CSV or trace files (run: the result folder)")
    ap.add_argument("--out", help="output folder (PNG and SVG)")
    ap.add_argument("--where", action="append", default=[], help="COL=VALUE: keep these rows only (repeatable)")
    ap.add_argument("--x", help="x-axis column, any column (time, idle: default uplink_mbps; speedup: default "
                                "uplink_mbps and devices, whichever vary)")
    ap.add_argument("--by", help="one line per value of this column (any column; time: per scheduler and value)")
    ap.add_argument("--facet", help="one panel per value of this column (any column; time, idle: default devices; "
                                    "'' for one)")
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
    elif a.kind == "run":
        cmd_run(a)
    else:
        cmd_runs(a, ["time", "speedup", "idle"] if a.kind == "all" else [a.kind])


if __name__ == "__main__":
    main()
