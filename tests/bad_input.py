#!/usr/bin/env python3
"""The bad-input corpus (tests/bad_input/cases.txt) against pipar-sim.

Each case must exit with its code (2, bad input, unless the case says otherwise) within 60 s,
print a short message (at most 6 lines, 2,000 bytes) that holds every expected piece of text (the
file or the option, and the JSON path), and leave no *.tmp file behind. Then a few checks that the
fixes did not only refuse: a scenario name with a path, a comma and a quote writes its results
inside results/ under a safe folder name, with valid CSV.

    bad_input.py PIPAR_SIM SOURCE_DIR WORK_DIR
"""
import csv
import json
import os
import shlex
import shutil
import subprocess
import sys


def prepare(work, src_dir):
    """Inputs too large or too odd to commit."""
    os.makedirs(work, exist_ok=True)
    with open(os.path.join(work, "deep.json"), "w") as f:
        f.write("[" * 80000 + "]" * 80000)
    with open(os.path.join(work, "deep_field.json"), "w") as f:
        f.write('{"devices": {"count": ' + "[" * 80000 + "]" * 80000 + "}}")
    with open(os.path.join(work, "big.json"), "wb") as f:
        f.truncate(65 << 20)  # sparse: 65 MiB over the 64 MiB cap
    os.mkfifo(os.path.join(work, "fifo.csv"))  # a reader that opened it would wait forever
    os.makedirs(os.path.join(work, "fifo_dir"))
    os.mkfifo(os.path.join(work, "fifo_dir", "runs.csv"))
    # Output folders where a result file (or its .tmp) is a folder: refused before anything runs.
    for d in ["out_runs_dir/runs.csv", "out_tmp_dir/summary.json.tmp", "out_trace_dir/trace-fl.json",
              "sweep_tmp_dir/runs.csv.tmp", "sweep_json_dir/sweep.json", "select_dir/selectors.csv",
              "merged_tmp.csv.tmp"]:
        os.makedirs(os.path.join(work, d))
    groups = ",".join('{"count": 1, "speed_flops": 1e9, "uplink_mbps": 1, "downlink_mbps": 1}'
                      for _ in range(10001))
    with open(os.path.join(src_dir, "scenarios", "default.json")) as f:
        scenario = json.load(f)
    del scenario["name"]
    scenario["model"]["profile"] = os.path.join(src_dir, "models", "vgg5_cifar10.json")
    with open(os.path.join(work, "bad\udcffname.json"), "w") as f:  # a file name that is not UTF-8
        json.dump(scenario, f)
    run_file = os.path.join(src_dir, "tests", "data", "realrun", "vgg5_pipar_P2_N4_up10_dn25_B100_K5_R2_d1_r0.json")
    for name, change in [("run_makespan_zero.json", lambda r: r.update(makespan_s=0)),
                         ("run_end_before_start.json", lambda r: r["timeline"][1].update(end=-1)),
                         ("run_split_point.json", lambda r: r["config"].update(P=9)),
                         ("run_no_mode.json", lambda r: r["config"].pop("mode")),
                         ("run_no_units.json", lambda r: r.update(units=[])),
                         ("run_failed.json", lambda r: r.update(status="failed")),
                         ("run_n_above_b.json", lambda r: r["config"].update(N=500)),
                         ("run_busy_above_makespan.json",
                          lambda r: r["derived"]["server"].update(compute_union_s=1e6)),
                         ("run_out_shape_empty.json", lambda r: r["units"][-1].update(out_shape=[])),
                         ("run_rounds_huge.json", lambda r: r["config"].update(K=1 << 20, R=1 << 20)),
                         ("run_id_empty.json", lambda r: r.update(run_id="")),
                         ("run_profile_unit_missing.json",
                          lambda r: r["profile"]["server"].update(units=r["profile"]["server"]["units"][1:])),
                         ("run_profile_unit_twice.json",
                          lambda r: r["profile"]["server"]["units"].append(r["profile"]["server"]["units"][0])),
                         ("run_no_profile.json", lambda r: r.pop("profile")),
                         ("run_no_server_ops.json",
                          lambda r: [r.pop("derived"),
                                     r.update(timeline=[op for op in r["timeline"]
                                                        if not op["kind"].startswith("server_")
                                                        and op["kind"] != "aggregate"])]),
                         ("run_fractional_micro_batch.json", lambda r: r["timeline"][3].update(mb=2.5)),
                         ("run_timeline_in_ms.json",
                          lambda r: [op.update(start=op["start"] * 1000, end=op["end"] * 1000)
                                     for op in r["timeline"]])]:
        with open(run_file) as f:
            run = json.load(f)
        change(run)
        with open(os.path.join(work, name), "w") as f:
            json.dump(run, f)
    with open(os.path.join(work, "append_other.csv"), "w") as f:  # another select's --append-csv file
        f.write("scenario,model,dataset,devices,uplink_mbps,downlink_mbps,latency_ms,samples_per_device,"
                "server_cores,candidates,optimum,optimum_makespan_s,groups_choice,groups_makespan_s,"
                "groups_simulations,reference_makespan_s,fleet_choice\n")
    with open(os.path.join(work, "fleet_groups.json"), "w") as f:
        f.write('{"model": {"arch": "vgg5", "dataset": "cifar10"}, "platform": {"server": '
                '{"speed_flops_per_core": 1e10}, "fleet": [' + groups + "]}}")


def asan_noise_removed(err):
    """stderr without AddressSanitizer's note on SimGrid's context switches ("ASan is ignoring requested
    __asan_handle_no_return", two more lines each), which the ASan build prints from each forked
    simulation: not pipar-sim's message, so not held to its length."""
    lines = err.splitlines(keepends=True)
    out, skip = [], 0
    for line in lines:
        if "ASan is ignoring requested __asan_handle_no_return" in line:
            skip = 2
            continue
        if skip and (line.startswith("False positive error reports may follow") or
                     line.startswith("For details see https://github.com/google/sanitizers/issues/189")):
            skip -= 1
            continue
        skip = 0
        out.append(line)
    return "".join(out)


def parse_cases(path, subst):
    cases = []
    with open(path) as f:
        for lineno, line in enumerate(f, 1):
            line = line.rstrip("\n")
            if not line.strip() or line.lstrip().startswith("#"):
                continue
            parts = [p.strip() for p in line.split(" | ")]
            head = parts[0].lstrip("|").strip()
            if head.isdigit():
                code, args, expect = int(head), parts[1], parts[2:]
            else:
                code = 2
                args = parts[0].lstrip("|").strip() if head else parts[1]
                expect = parts[1:] if head else parts[2:]
            for k, v in subst.items():
                args = args.replace(k, v)
                expect = [e.replace(k, v) for e in expect]
            cases.append((lineno, code, shlex.split(args), expect))
    return cases


def tmp_files(root):
    return [os.path.join(d, n) for d, _, names in os.walk(root) for n in names if n.endswith(".tmp")]


def main():
    binary, src, work = (os.path.abspath(a) for a in sys.argv[1:4])
    shutil.rmtree(work, ignore_errors=True)
    prepare(work, src)
    here = os.path.join(src, "tests", "bad_input")
    subst = {"{S}": os.path.join(src, "scenarios", "default.json"), "{D}": os.path.join(here, "files"),
             "{W}": work, "{SRC}": src, "{LONG}": "x" * 300,
             "{DEEPKEY}": "a." * 100 + "a", "{BADUTF8}": "bad\udcffname"}
    cases = parse_cases(os.path.join(here, "cases.txt"), subst)
    failures = []
    for lineno, code, args, expect in cases:
        label = f"cases.txt:{lineno}: pipar-sim {' '.join(shlex.quote(a) for a in args)[:160]}"
        try:
            p = subprocess.run([binary] + args, cwd=work, capture_output=True, timeout=60)
        except subprocess.TimeoutExpired:
            failures.append(f"{label}\n  hung (> 60 s)")
            continue
        err = asan_noise_removed(p.stderr.decode("utf-8", "replace"))
        problems = []
        if p.returncode != code:
            problems.append(f"exit {p.returncode}, expected {code}")
        problems += [f"message lacks: {e}" for e in expect if e not in err]
        if len(err.encode()) > 2000 or err.count("\n") > 6:
            problems.append(f"message too long ({len(err.encode())} bytes, {err.count(chr(10))} lines)")
        left = tmp_files(work) + tmp_files(os.path.join(src, "tests", "bad_input"))
        if left:
            problems.append(f"left temporary files: {left}")
            for t in left:
                os.remove(t)
        if problems:
            failures.append(f"{label}\n  " + "\n  ".join(problems) + "\n  stderr: " + err.strip()[:600])
    print(f"bad-input corpus: {len(cases) - len(failures)} of {len(cases)} cases as expected")

    # Not refusals: names that used to escape results/ or break the CSVs now work.
    name = '../../evil, "quoted"'
    p = subprocess.run([binary, "run", subst["{S}"], "--schedulers", "fl", "--set", "devices.count=1",
                        "--set", "devices.samples=100", "--set", "name=" + name], cwd=work, capture_output=True)
    # The name made file-name safe; with --set, run writes to <name>-set-<hash of the overrides>.
    made = [d for d in (os.listdir(os.path.join(work, "results")) if os.path.isdir(os.path.join(work, "results")) else [])
            if d.startswith("_._.._evil___quoted_")]
    folder = os.path.join(work, "results", made[0] if made else "_._.._evil___quoted_")
    if p.returncode != 0 or not os.path.isdir(folder):
        failures.append(f"name with a path: exit {p.returncode}, folder {folder} "
                        f"{'exists' if os.path.isdir(folder) else 'missing'}: {p.stderr.decode()[:300]}")
    else:
        for f in ("runs.csv", "resources.csv", "rounds.csv"):
            with open(os.path.join(folder, f), newline="") as fh:
                rows = list(csv.reader(fh))
            widths = {len(r) for r in rows}
            if len(widths) != 1 or rows[1][0] != name:
                failures.append(f"{f}: widths {widths}, first field {rows[1][0]!r} (expected {name!r})")
        print(f"a name with '/', ',' and '\"' wrote {os.path.relpath(folder, work)}/ with valid CSV")
    if os.path.exists(os.path.join(os.path.dirname(work), "evil, \"quoted\"")):
        failures.append("the name escaped results/")

    for f in failures:
        print("FAIL " + f)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
