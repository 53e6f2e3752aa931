#!/usr/bin/python3
"""Measures a model's forward and backward time per split unit on this machine's CPU with PyTorch
and writes a *measured profile*: the analytic profile of the same model and dataset
(models/<arch>_<dataset>.json, the output of `pipar-sim profile`) plus, per split unit,
`forward_seconds` and `backward_seconds` per sample and a `measured` block naming the device class.

The network is built from models/arch/<arch>.json, the same file the C++ zoo reads, so the layers
and split units are the same; the script checks that every unit's trainable parameter count and
output size equal the analytic profile's before it times anything.

Method (also written into the profile's measured.note):
  * each split unit is its own autograd graph: unit i's input is the detached output of unit i-1,
    marked requires_grad (unit 1's input, the images, needs no gradient, as in the analytic counts);
  * one repetition = forward of every unit in order, each timed alone (the last unit's time includes
    the cross-entropy loss), then backward of every unit in reverse order, each timed alone: unit i's
    backward is out_i.backward(grad of its output), the gradient being unit i+1's input .grad
    (the last unit: loss.backward()); parameter gradients are cleared outside the timed regions;
  * training mode (batchnorm batch statistics, dropout on), float32, one fixed random batch;
  * `--warmup` untimed repetitions, then `--repeats` timed ones; the per-unit time is the median
    over the repetitions, divided by the batch size (seconds per sample at that batch size).

With `--sizes` (default: B / N for every N that divides B, the micro-batch sizes of PiPar's
(P, N) candidates for batch B; `--sizes none` skips it) each unit is also timed at every micro-batch
size m the same way, and its optimizer step (SGD with momentum on the unit's parameters, after a
backward) too: the profile's `device_timing` per unit holds seconds per task at each size
(`{"batch_sizes", "forward_s", "backward_s", "step_s"}`, the schema of models/README.md), which the
simulator interpolates in m.

Usage (from the repository root):
  scripts/profile_torch.py --arch vgg5 --dataset cifar10 --batch 100 \
      --out models/measured/vgg5_cifar10_this_cpu.json [--device-class this_cpu] [--sizes 10,25,50,100]
"""
import argparse
import json
import os
import platform
import statistics
import sys
import time

try:
    import torch
    import torch.nn as nn
    import torch.nn.functional as F
except ImportError:  # --help still answers; a run says what to install
    if any(arg in ("-h", "--help") for arg in sys.argv[1:]):
        print(__doc__)
        sys.exit(0)
    sys.exit("profile_torch.py: needs PyTorch (Debian 12: apt-get install python3-torch)")

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def make_divisible8(v):
    """torchvision's _make_divisible(v, 8), as sim/model/blocks.cpp."""
    rounded = max(8, int(v + 4) // 8 * 8)
    if rounded < 0.9 * v:
        rounded += 8
    return rounded


def conv_bn(cin, cout, kernel, stride, groups=1):
    return [nn.Conv2d(cin, cout, kernel, stride, kernel // 2, groups=groups, bias=False), nn.BatchNorm2d(cout)]


def act(name):
    return nn.ReLU() if name == "relu" else nn.Hardswish()


class BasicBlock(nn.Module):
    def __init__(self, cin, cout, stride):
        super().__init__()
        self.main = nn.Sequential(*conv_bn(cin, cout, 3, stride), nn.ReLU(), *conv_bn(cout, cout, 3, 1))
        self.short = nn.Sequential(*conv_bn(cin, cout, 1, stride)) if stride != 1 or cin != cout else nn.Identity()

    def forward(self, x):
        return F.relu(self.main(x) + self.short(x))


class Bottleneck(nn.Module):
    def __init__(self, cin, mid, stride):
        super().__init__()
        out = 4 * mid
        self.main = nn.Sequential(*conv_bn(cin, mid, 1, 1), nn.ReLU(), *conv_bn(mid, mid, 3, stride), nn.ReLU(),
                                  *conv_bn(mid, out, 1, 1))
        self.short = nn.Sequential(*conv_bn(cin, out, 1, stride)) if stride != 1 or cin != out else nn.Identity()

    def forward(self, x):
        return F.relu(self.main(x) + self.short(x))


class SqueezeExcite(nn.Module):
    def __init__(self, c):
        super().__init__()
        s = make_divisible8(c // 4)
        self.fc1 = nn.Conv2d(c, s, 1)
        self.fc2 = nn.Conv2d(s, c, 1)

    def forward(self, x):
        w = F.adaptive_avg_pool2d(x, 1)
        w = F.hardsigmoid(self.fc2(F.relu(self.fc1(w))))
        return x * w


class MobileBottleneck(nn.Module):
    def __init__(self, cin, out, kernel, stride, expanded, se, activation):
        super().__init__()
        layers = []
        if expanded != cin:
            layers += conv_bn(cin, expanded, 1, 1) + [act(activation)]
        layers += conv_bn(expanded, expanded, kernel, stride, groups=expanded) + [act(activation)]
        if se:
            layers.append(SqueezeExcite(expanded))
        layers += conv_bn(expanded, out, 1, 1)
        self.body = nn.Sequential(*layers)
        self.residual = stride == 1 and cin == out

    def forward(self, x):
        y = self.body(x)
        return x + y if self.residual else y


def build_layer(spec, shape, classes):
    """One layer of an arch file on an incoming tensor of `shape` (C, H, W) or (features,)."""
    t = spec["type"]
    c = shape[0]
    if "in" in spec and spec["in"] != c:
        raise SystemExit("layer %s states in=%d but receives %s" % (json.dumps(spec), spec["in"], shape))
    if t == "conv2d":
        return nn.Conv2d(c, spec["out"], spec["kernel"], spec.get("stride", 1), spec.get("padding", 0),
                         groups=spec.get("groups", 1), bias=spec.get("bias", True))
    if t == "batchnorm":
        return nn.BatchNorm2d(c) if len(shape) == 3 else nn.BatchNorm1d(c)
    if t == "relu":
        return nn.ReLU()
    if t == "hardswish":
        return nn.Hardswish()
    if t == "hardsigmoid":
        return nn.Hardsigmoid()
    if t in ("maxpool", "avgpool"):
        cls = nn.MaxPool2d if t == "maxpool" else nn.AvgPool2d
        return cls(spec["kernel"], spec.get("stride", spec["kernel"]), spec.get("padding", 0),
                   ceil_mode=spec.get("ceil_mode", False))
    if t == "adaptive_avgpool":
        return nn.AdaptiveAvgPool2d(spec["output"])
    if t == "flatten":
        return nn.Flatten()
    if t == "dense":
        out = classes if spec["out"] == "classes" else spec["out"]
        return nn.Linear(c, out, bias=spec.get("bias", True))
    if t == "dropout":
        return nn.Dropout(spec.get("p", 0.5))
    if t == "res_basic":
        return BasicBlock(c, spec["out"], spec.get("stride", 1))
    if t == "res_bottleneck":
        return Bottleneck(c, spec["mid"], spec.get("stride", 1))
    if t == "mobile_bottleneck":
        return MobileBottleneck(c, spec["out"], spec["kernel"], spec.get("stride", 1), spec["expanded"],
                                spec.get("se", False), spec.get("activation", "relu"))
    if t == "mobile_last_conv":
        return nn.Sequential(nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Linear(c, spec["out"]), nn.Hardswish(),
                             nn.Dropout(spec.get("dropout", 0)))
    raise SystemExit("unknown layer type %r" % t)


def build_units(arch, input_shape, classes):
    """nn.Sequential per split unit, built layer by layer on the actual tensor shapes."""
    units = []
    x = torch.zeros(2, *input_shape)  # 2 samples so that batchnorm in training mode accepts it
    for unit in arch["units"]:
        layers = []
        for spec in unit["layers"]:
            layer = build_layer(spec, tuple(x.shape[1:]), classes)
            x = layer(x)
            layers.append(layer)
        units.append((unit["name"], nn.Sequential(*layers)))
    return units


def check_against_analytic(units, analytic, batch):
    x = torch.zeros(batch, *analytic["input_shape"])
    for (name, module), au in zip(units, analytic["units"]):
        if name != au["name"]:
            raise SystemExit("unit %s: the analytic profile names it %s" % (name, au["name"]))
        params = sum(p.numel() for p in module.parameters() if p.requires_grad)
        if params != au["parameters"]:
            raise SystemExit("unit %s: %d parameters in PyTorch, %d in the analytic profile"
                             % (name, params, au["parameters"]))
        with torch.no_grad():
            x = module(x)
        out_bytes = 4 * x[0].numel()
        if out_bytes != au["output_bytes"]:
            raise SystemExit("unit %s: output %d bytes in PyTorch, %s in the analytic profile"
                             % (name, out_bytes, au["output_bytes"]))
    if len(units) != len(analytic["units"]):
        raise SystemExit("%d units in PyTorch, %d in the analytic profile" % (len(units), len(analytic["units"])))


def one_repetition(units, images, labels):
    """Forward then backward of every unit, each timed alone. Returns (forward_s, backward_s) lists."""
    n = len(units)
    fwd, bwd = [0.0] * n, [0.0] * n
    inputs, outputs = [], []
    x = images
    for i, (_, module) in enumerate(units):
        xin = x.detach().requires_grad_(i > 0)
        t0 = time.perf_counter()
        y = module(xin)
        if i == n - 1:
            y = F.cross_entropy(y, labels)
        fwd[i] = time.perf_counter() - t0
        inputs.append(xin)
        outputs.append(y)
        x = y
    for _, module in units:
        for p in module.parameters():
            p.grad = None
    grad = None
    for i in reversed(range(n)):
        t0 = time.perf_counter()
        if i == n - 1:
            outputs[i].backward()
        else:
            outputs[i].backward(grad)
        bwd[i] = time.perf_counter() - t0
        grad = inputs[i].grad
    return fwd, bwd


def step_times(units):
    """One SGD-with-momentum step of each unit's parameters (gradients from the last backward), timed."""
    out = []
    for _, module in units:
        params = [p for p in module.parameters() if p.grad is not None]
        if not params:
            out.append(0.0)
            continue
        opt = getattr(module, "_profile_opt", None)
        if opt is None:
            opt = module._profile_opt = torch.optim.SGD(params, lr=0.01, momentum=0.9)
        t0 = time.perf_counter()
        opt.step()
        out.append(time.perf_counter() - t0)
    return out


def timing_tables(units, input_shape, classes, sizes, warmup, repeats):
    """Per unit: seconds per task at each micro-batch size (medians), and the median step time."""
    n = len(units)
    tables = [{"batch_sizes": [], "forward_s": [], "backward_s": []} for _ in range(n)]
    steps = [[] for _ in range(n)]
    for m in sizes:
        images = torch.randn(m, *input_shape)
        labels = torch.randint(0, classes, (m,))
        for _ in range(warmup):
            one_repetition(units, images, labels)
        fwd_runs, bwd_runs = [], []
        for _ in range(repeats):
            f_, b_ = one_repetition(units, images, labels)
            fwd_runs.append(f_)
            bwd_runs.append(b_)
            for i, t in enumerate(step_times(units)):
                steps[i].append(t)
        for i in range(n):
            tables[i]["batch_sizes"].append(m)
            tables[i]["forward_s"].append(statistics.median(r[i] for r in fwd_runs))
            tables[i]["backward_s"].append(statistics.median(r[i] for r in bwd_runs))
    for i in range(n):
        tables[i]["step_s"] = statistics.median(steps[i])
    return tables


def parse_sizes(text, batch):
    if text == "none":
        return []
    if text == "":
        return sorted({batch // n for n in range(1, batch + 1) if batch % n == 0})
    sizes = sorted({int(v) for v in text.split(",") if v.strip()})
    if not sizes or sizes[0] < 1:
        raise SystemExit("--sizes: expected positive integers separated by commas, got %r" % text)
    return sizes


def cpu_model():
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown CPU"


def blas_info():
    """BLAS_INFO of the PyTorch build ("generic" = the system's libblas.so.3, on Debian the reference BLAS)."""
    config = torch.__config__.show()
    i = config.find("BLAS_INFO=")
    return config[i + len("BLAS_INFO="):].split(",")[0] if i >= 0 else "unknown"


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--arch", required=True, help="architecture name (models/arch/<arch>.json)")
    ap.add_argument("--dataset", required=True, help="dataset name; models/<arch>_<dataset>.json must exist")
    ap.add_argument("--batch", type=int, default=100, help="batch size (default 100)")
    ap.add_argument("--out", required=True, help="output profile file")
    ap.add_argument("--device-class", default="this_cpu", help="device class name (default this_cpu)")
    ap.add_argument("--models-dir", default=os.path.join(REPO, "models"), help="models directory")
    ap.add_argument("--warmup", type=int, default=3, help="untimed repetitions (default 3)")
    ap.add_argument("--repeats", type=int, default=30, help="timed repetitions (default 30)")
    ap.add_argument("--threads", type=int, default=0, help="torch threads (default: PyTorch's choice)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--sizes", default="", help="micro-batch sizes to time each unit at, comma-separated "
                    "(default: B/N for every N dividing B; 'none': only --batch)")
    a = ap.parse_args()
    if a.batch < 1 or a.repeats < 1 or a.warmup < 0:
        raise SystemExit("--batch and --repeats must be >= 1, --warmup >= 0")

    with open(os.path.join(a.models_dir, "arch", a.arch + ".json")) as f:
        arch = json.load(f)
    analytic_file = os.path.join(a.models_dir, "%s_%s.json" % (a.arch, a.dataset))
    if not os.path.exists(analytic_file):
        raise SystemExit("%s does not exist: run build/pipar-sim profile --arch %s --dataset %s --out %s"
                         % (analytic_file, a.arch, a.dataset, analytic_file))
    with open(analytic_file) as f:
        analytic = json.load(f)

    torch.manual_seed(a.seed)
    if a.threads > 0:
        torch.set_num_threads(a.threads)
    units = build_units(arch, tuple(analytic["input_shape"]), analytic["classes"])
    check_against_analytic(units, analytic, 2)
    for _, m in units:
        m.train()
    images = torch.randn(a.batch, *analytic["input_shape"])
    labels = torch.randint(0, analytic["classes"], (a.batch,))

    load_before = os.getloadavg()[0]
    for _ in range(a.warmup):
        one_repetition(units, images, labels)
    fwd_runs, bwd_runs = [], []
    for _ in range(a.repeats):
        f_, b_ = one_repetition(units, images, labels)
        fwd_runs.append(f_)
        bwd_runs.append(b_)

    sizes = parse_sizes(a.sizes, a.batch)
    tables = timing_tables(units, tuple(analytic["input_shape"]), analytic["classes"], sizes, a.warmup,
                           a.repeats) if sizes else None

    out = dict(analytic)
    out["units"] = []
    for i, au in enumerate(analytic["units"]):
        u = dict(au)
        u["forward_seconds"] = statistics.median(r[i] for r in fwd_runs) / a.batch
        u["backward_seconds"] = statistics.median(r[i] for r in bwd_runs) / a.batch
        if tables:
            u["device_timing"] = tables[i]
        out["units"].append(u)
    out["measured"] = {
        "device_class": a.device_class,
        "batch_size": a.batch,
        "note": "scripts/profile_torch.py on %s (%d CPUs, 1-min load average %.1f before and %.1f after), "
                "%d torch thread(s), PyTorch %s (BLAS: %s), %s; median of %d repetitions after %d warm-up; "
                "each split unit its own autograd graph, forward and backward timed per unit (the last unit "
                "includes the cross-entropy loss); seconds per sample at batch %d%s"
                % (cpu_model(), os.cpu_count(), load_before, os.getloadavg()[0], torch.get_num_threads(),
                   torch.__version__, blas_info(), time.strftime("%Y-%m-%d", time.gmtime()), a.repeats, a.warmup,
                   a.batch, "; device_timing: seconds per task at micro-batch sizes %s and the SGD step"
                   % sizes if sizes else ""),
    }
    os.makedirs(os.path.dirname(os.path.abspath(a.out)), exist_ok=True)
    with open(a.out, "w") as f:
        json.dump(out, f, indent=2, sort_keys=True)
        f.write("\n")
    total_f = sum(u["forward_seconds"] for u in out["units"]) * a.batch
    total_b = sum(u["backward_seconds"] for u in out["units"]) * a.batch
    print("%s: %s on %s, batch %d: forward %.4f s, backward %.4f s per batch (%d units)"
          % (a.out, a.arch, a.dataset, a.batch, total_f, total_b, len(out["units"])))


if __name__ == "__main__":
    sys.exit(main())
