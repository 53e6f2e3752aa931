#!/usr/bin/python3
"""How much slower a measured run's compute operations ran while their side's link moved bytes.

  scripts/realrun_overlap.py RUN.json... > overlap.csv

For every split run (sfl, pipar) of the measured-run format (tests/data/realrun/README.md), each
forward and backward operation is compared with the run's own profile at its micro-batch size
(sum of the medians of the units its side computes; the server's plus the loss) and classed by
what its side's link did during it: `idle` (no micro-batch message on the wire for more than 5% of
the operation), `sending` or `receiving` (one on the wire for more than 90% of it; the device
sends activations and receives gradients, the server the reverse), `both` (one each way on the
wire for more than 90% of it). One CSV row per run, side, operation kind and class: operations,
the median of measured / profiled duration, and, for `sending`, `receiving` and `both` (bytes per
second: the two directions' together), the share of a core the communication took if the
operation simply shared its core with it: 1 - median(idle) / median(class) (blank where either class is empty),
and that share over the bytes per second on the wire (seconds of CPU per byte), and the spread of
the load as the operations felt it (`load_cv`): an operation of profiled time T that a load L slows
takes T (1 + x L) with x of mean 1 (the load comes in bursts), so the coefficient of variation of x
is sqrt(var(class) - var(idle)) / median(idle) / (mean(class) / median(idle) - 1), the idle
operations' own spread taken out; blank under 6 operations, 3 idle ones or a slowdown of 5%.

  scripts/realrun_overlap.py --fractions RUN.json...

prints instead, for forward and for backward passes, the median over runs and sides of the load a
pass feels while its side sends over the load while its side receives (a load L = share / (1 -
share), the inverse of the model's share L / (1 + L)); the receiving load is the same kind's where
measured, else the side's other kind's (the device receives only during its backwards); pairs whose
receiving share is under 0.02 are left out. These are `validate`'s --wire-cpu-send-fraction (capped
at 1) and --wire-cpu-send-fraction-backward.

  scripts/realrun_overlap.py --combined RUN.json...

prints instead how the two directions' loads combine: for every run, side and operation kind with
all four classes, the slowdown while both directions move bytes (median(both) / median(idle))
against the sum of the two loads, 1 + (sending - 1) + (receiving - 1) (the model: a task feels the
arriving load plus its fraction of the leaving one), and against their product, sending x
receiving; per kind and overall the median of log(measured / predicted) and of its absolute value.
Standard library only.
"""
import csv
import json
import math
import statistics
import sys


def profiled(units, loss=None):
    fwd = sum(u["fwd_s"]["median"] for u in units)
    bwd = sum(u["bwd_s"]["median"] for u in units)
    for entry in loss or []:
        fwd += entry["fwd_s"]["median"]
        bwd += entry["bwd_s"]["median"]
    return {"fwd": fwd, "bwd": bwd}


def covered(a, b, windows):
    """Fraction of [a, b] that the wire windows cover (they do not overlap: FIFO per direction)."""
    if b <= a:
        return 0.0
    return sum(max(0.0, min(b, e) - max(a, s)) for s, e in windows) / (b - a)


def rows_of(path):
    run = json.load(open(path, encoding="utf-8"))
    cfg = run["config"]
    if cfg["mode"] not in ("sfl", "pipar"):
        return []
    prof = run["profile"]
    cost = {("server", None): profiled(prof["server"]["units"], prof["server"].get("loss"))}
    for d, dev in enumerate(prof["device"]):
        cost[("device", d)] = profiled(dev["units"])
    wire = {}  # (direction, device) -> [(start, wire end, bytes)]
    for op in run["timeline"]:
        if op["kind"] in ("upload", "download") and op.get("what") in ("act", "grad"):
            wire.setdefault((op["kind"], op["dev"]), []).append((op["start"], op.get("wire_end", op["end"]), op["bytes"]))
    groups = {}
    for op in run["timeline"]:
        kind = op["kind"]
        if kind not in ("device_fwd", "device_bwd", "server_fwd", "server_bwd"):
            continue
        side, what = kind.split("_")
        dev = op["dev"]
        base = cost[("device", dev if dev < len(prof["device"]) else 0)] if side == "device" else cost[("server", None)]
        if base[what] <= 0:
            continue
        sends = wire.get(("upload" if side == "device" else "download", dev), [])
        recvs = wire.get(("download" if side == "device" else "upload", dev), [])
        a, b = op["start"], op["end"]
        s = covered(a, b, [(x, y) for x, y, _ in sends])
        r = covered(a, b, [(x, y) for x, y, _ in recvs])
        if s <= 0.05 and r <= 0.05:
            cls = "idle"
        elif s > 0.9 and r <= 0.05:
            cls = "sending"
        elif r > 0.9 and s <= 0.05:
            cls = "receiving"
        elif r > 0.9 and s > 0.9:
            cls = "both"
        else:
            continue
        msgs = {"sending": sends, "receiving": recvs, "both": sends + recvs}.get(cls, [])
        # both: the bytes per second of the two directions together
        rate = (2 if cls == "both" else 1) * statistics.median([n / (y - x) for x, y, n in msgs if y > x]) if msgs else 0.0
        groups.setdefault((side, kind, cls), []).append(((b - a) / base[what], rate))
    out = []
    for (side, kind, cls), vals in sorted(groups.items()):
        ratio = statistics.median(v[0] for v in vals)
        idle = groups.get((side, kind, "idle"))
        share = per_byte = load_cv = ""
        if cls != "idle" and idle:
            base = statistics.median(v[0] for v in idle)
            c = 1 - base / ratio
            rate = statistics.median(v[1] for v in vals)
            share = f"{c:.4f}"
            per_byte = f"{c / rate:.3e}" if rate > 0 else ""
            slowdown = statistics.mean(v[0] for v in vals) / base - 1
            if len(vals) >= 6 and len(idle) >= 3 and slowdown > 0.05:
                extra = statistics.pvariance([v[0] for v in vals]) - statistics.pvariance([v[0] for v in idle])
                load_cv = f"{max(extra, 0.0) ** 0.5 / base / slowdown:.3f}"
        out.append([run["run_id"], cfg["mode"], cfg.get("P", ""), cfg.get("N", ""), cfg["up"], cfg["down"], side, kind,
                    cls, len(vals), f"{ratio:.4f}", share, per_byte, load_cv])
    return out


def send_fractions(rows):
    """Per pass (fwd, bwd): the sending over the receiving load of each run and side that has both."""
    share = {(r[0], r[6], r[7], r[8]): float(r[11]) for r in rows if r[11] != ""}
    load = lambda s: s / (1 - s)
    out = {"fwd": [], "bwd": []}
    for run in sorted({r[0] for r in rows}):
        for side in ("device", "server"):
            for what in ("fwd", "bwd"):
                send = share.get((run, side, f"{side}_{what}", "sending"))
                recv = next((share[k] for k in [(run, side, f"{side}_{x}", "receiving") for x in (what, "bwd", "fwd")]
                             if k in share), None)
                if send is not None and recv is not None and recv >= 0.02:
                    out[what].append(load(send) / load(recv))
    return out


def combined(rows):
    """Per (kind): [(measured, sum, product)] slowdowns while both directions move bytes."""
    ratio = {(r[0], r[6], r[7], r[8]): float(r[10]) for r in rows}
    out = {}
    for (run, side, kind, cls), both in sorted(ratio.items()):
        if cls != "both":
            continue
        idle, send, recv = (ratio.get((run, side, kind, c)) for c in ("idle", "sending", "receiving"))
        if idle and send is not None and recv is not None:
            s, r = send / idle, recv / idle
            out.setdefault(kind, []).append((both / idle, s + r - 1, s * r))
    return out


def print_combined(by_kind):
    print("kind        cases  measured  log(measured / sum) median, |.| median  log(measured / product) median, |.| median")
    everything = [v for vals in by_kind.values() for v in vals]
    for kind, vals in sorted(by_kind.items()) + [("all", everything)]:
        if not vals:
            continue
        add = [math.log(m / a) for m, a, _ in vals]
        mul = [math.log(m / p) for m, _, p in vals]
        print(f"{kind:11s} {len(vals):5d}  {statistics.median(m for m, _, _ in vals):8.2f}x  "
              f"{statistics.median(add):+.3f}, {statistics.median(abs(x) for x in add):.3f}{'':25s}"
              f"{statistics.median(mul):+.3f}, {statistics.median(abs(x) for x in mul):.3f}")


def main(argv):
    if len(argv) >= 2 and argv[1] in ("-h", "--help"):
        print(__doc__.strip())
        return 0
    mode = argv[1] if len(argv) >= 2 and argv[1] in ("--fractions", "--combined") else None
    paths = argv[2:] if mode else argv[1:]
    if not paths:
        print("usage: scripts/realrun_overlap.py [--fractions | --combined] RUN.json... > overlap.csv "
              "(--help: what it measures)", file=sys.stderr)
        return 2
    rows = []
    for path in paths:
        try:
            rows += rows_of(path)
        except (OSError, ValueError, KeyError, TypeError, IndexError, ZeroDivisionError) as e:
            print(f"{path}: not a readable measured run ({type(e).__name__}: {e}); "
                  "expected the format of tests/data/realrun/README.md", file=sys.stderr)
            return 2
    if mode == "--combined":
        print_combined(combined(rows))
        return 0
    if mode == "--fractions":
        ratios = send_fractions(rows)
        for what, name in (("fwd", "forward"), ("bwd", "backward")):
            v = ratios[what]
            med = f"{statistics.median(v):.3f}" if v else "-"
            print(f"{name} passes: sending / receiving load, median {med} over {len(v)} run sides")
        return 0
    w = csv.writer(sys.stdout, lineterminator="\n")
    w.writerow(["run_id", "mode", "P", "N", "up_mbps", "down_mbps", "side", "kind", "link", "operations",
                "median_measured_over_profiled", "cpu_share", "cpu_s_per_byte", "load_cv"])
    w.writerows(rows)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
