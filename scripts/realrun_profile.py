#!/usr/bin/python3
"""Convert a standalone profile of the measured-runs format (tests/data/realrun/profile_vgg5.json:
per core, per unit, medians at several micro-batch sizes) into a pipar-sim profile with timing
tables: per_cpu["0"] (the device's core) becomes device_timing, per_cpu["1"] (the server's core)
server_timing; the loss goes into the last unit; each unit's forward_macs as pipar-sim validate
infers them (sim/validate/unit_macs.hpp: dense, parameters less the biases; conv, a stride-1
same-padding convolution with a bias and, with buffers, a BatchNorm). Usage:
    scripts/realrun_profile.py tests/data/realrun/profile_vgg5.json OUT.json [--class NAME]"""
import argparse
import json


def table(per_cpu, unit, n_units):
    rows = sorted((u for u in per_cpu["units"] if u["unit"] == unit), key=lambda u: u["m"])
    loss = {l["m"]: l for l in per_cpu.get("loss", [])}
    m, fwd, bwd, step = [], [], [], []
    for u in rows:
        f, b = u["fwd_s"]["median"], u["bwd_s"]["median"]
        if unit == n_units and u["m"] in loss:
            f += loss[u["m"]]["fwd_s"]["median"]
            b += loss[u["m"]]["bwd_s"]["median"]
        m.append(u["m"])
        fwd.append(f)
        bwd.append(b)
        step.append(u["opt_step_s"]["median"])
    step.sort()
    return {"batch_sizes": m, "forward_s": fwd, "backward_s": bwd, "step_s": step[len(step) // 2]}


def unit_macs(u):
    """Multiply-adds per sample, or None: the rule of sim/validate/unit_macs.hpp."""
    macs = u.get("fwd_macs_per_sample")
    if macs is None and u["kind"] == "dense":
        macs = u["param_count"] - u["out_shape"][0]
    elif macs is None and u["kind"] == "conv" and len(u["in_shape"]) == 3:
        per_channel = 3 if u.get("buffer_bytes", 0) > 0 else 1
        macs = (u["param_count"] - per_channel * u["out_shape"][0]) * u["in_shape"][1] * u["in_shape"][2]
    return macs if macs is not None and 0 < 2 * macs <= u["fwd_flops_per_sample"] else None


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("src")
    ap.add_argument("out")
    ap.add_argument("--class", dest="cls", default="realrun_cpu")
    a = ap.parse_args()
    src = json.load(open(a.src))
    units = src["units"]
    n = len(units)
    out_units = []
    for i, u in enumerate(units, start=1):
        c, h, w = u["in_shape"] if len(u["in_shape"]) == 3 else (u["in_shape"][0], 1, 1)
        out_units.append({
            "name": "unit%d" % i,
            "forward_flops": u["fwd_flops_per_sample"],
            # Without the estimate, the zoo's rule: weight and input gradients (unit 1: weight only).
            "backward_flops": u.get("bwd_flops_per_sample_est", (1 if i == 1 else 2) * u["fwd_flops_per_sample"]),
            "output_bytes": u["activation_bytes_per_sample"],
            "parameter_bytes": u["param_bytes"],
            "parameters": u["param_count"],
            "buffer_bytes": u.get("buffer_bytes", 0),
            "parameter_tensors": 4 if u["kind"] == "conv" else 2,
            **({"forward_macs": unit_macs(u)} if unit_macs(u) is not None else {}),
            "device_timing": table(src["per_cpu"]["0"], i, n),
            "server_timing": table(src["per_cpu"]["1"], i, n),
        })
    shape = units[0]["in_shape"]
    size = 4
    for d in shape:
        size *= d
    prof = {
        "schema": "pipar-sim/profile/1",
        "model": src.get("model", "vgg5"),
        "dataset": "realrun",
        "source": "converted by scripts/realrun_profile.py from " + a.src,
        "input_shape": shape,
        "classes": units[-1]["out_shape"][0],
        "input_bytes": size,
        "label_bytes": src.get("label_bytes_per_sample", 8),
        "measured": {"device_class": a.cls, "server_class": a.cls,
                     "note": "standalone profile, %d repetitions, sizes %s, both cores at once" %
                             (src.get("reps", 0), src.get("sizes"))},
        "units": out_units,
    }
    with open(a.out, "w") as f:
        json.dump(prof, f, indent=2)
        f.write("\n")


if __name__ == "__main__":
    main()
