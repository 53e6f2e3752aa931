#!/usr/bin/python3
"""A one-machine testbed: measured training runs of VGG5 or VGG8 in validate's run format.

One device process pinned to CPU 0 and one server process pinned to CPU 1 train the model (PyTorch, one
thread each) on CIFAR-10-shaped random data, talking over one TCP connection on loopback that `tc`
htb shapes so that the payload goodput equals the nominal rates (netem adds latency or, on a kernel
without it, scripts/delayline.c behind an iptables NFQUEUE rule). Modes as in
tests/data/realrun/README.md: fl, sfl (P) and pipar (P, N). The run file it writes (`config`,
`makespan_s`, `timeline`, `profile`, `units`) is what `pipar-sim validate` reads.

Needs root (tc, ip link), python3-torch and, for the campaign's BLAS, libopenblas0-serial.
    /usr/bin/python3 scripts/testbed.py run --mode pipar --P 2 --N 5 --up 100 --down 100 --out RUN.json
    /usr/bin/python3 scripts/testbed.py goodput --up 100 --down 100   # checks the shaping
    /usr/bin/python3 scripts/testbed.py standalone --model vgg5 --out PROFILE.json  # every unit at 5 sizes
The standalone profile (the campaign's format, tests/data/realrun/profile_vgg5.json) times every unit
at each micro-batch size on both CPUs at once, as the campaign did; scripts/realrun_profile.py turns
it into a profile `pipar-sim calibrate` fits a class to.
"""
import argparse
import faulthandler
import json
import math
import os
import queue
import signal
import socket
import statistics
import struct
import subprocess
import sys
import threading
import time

HEADER = struct.Struct("!4siiiQ")  # what, iteration, micro-batch, device, payload bytes
CODES = {"act": b"act ", "grad": b"grad", "model": b"modl"}
WHAT = {v: k for k, v in CODES.items()}
MSS_FRAME = 1514 / 1448  # bytes htb counts per payload byte on lo at MTU 1500 with TCP timestamps


def now():
    return time.monotonic()


# ---------------------------------------------------------------------------------------------
# Shaping


def sh(cmd, check=True):
    r = subprocess.run(cmd, shell=True, capture_output=True, text=True)
    if check and r.returncode != 0:
        sys.exit(f"testbed: `{cmd}` failed: {r.stderr.strip()}")
    return r.stdout


def link_settings():
    out = sh("ip -d -j link show dev lo")
    info = json.loads(out)[0]
    return {"mtu": info.get("mtu", 65536), "gso_max_segs": info.get("gso_max_segs", 65535)}


def shape(port, up, down, lat_up_ms, lat_down_ms):
    """htb on lo: device->server (dport) at `up`, server->device (sport) at `down` Mbit/s of goodput;
    pure ACKs in their own class so they do not queue behind data; netem latency under each class."""
    saved = link_settings()
    unshape(None)
    try:
        return shape_lo(port, up, down, lat_up_ms, lat_down_ms, saved)
    except SystemExit:
        unshape(saved)
        raise


def shape_lo(port, up, down, lat_up_ms, lat_down_ms, saved):
    sh("ip link set dev lo mtu 1500")
    sh("ip link set dev lo gso_max_segs 1", check=False)
    sh("tc qdisc add dev lo root handle 1: htb default 99")
    sh("tc class add dev lo parent 1: classid 1:1 htb rate 20gbit")
    rates = {10: up * MSS_FRAME, 20: down * MSS_FRAME}
    for cid, rate in rates.items():
        sh(f"tc class add dev lo parent 1:1 classid 1:{cid} htb rate {rate:.6f}mbit ceil {rate:.6f}mbit")
    sh("tc class add dev lo parent 1:1 classid 1:30 htb rate 1gbit prio 0")
    sh("tc class add dev lo parent 1:1 classid 1:99 htb rate 10gbit")
    latency_via = None
    for cid, ms in ((10, lat_up_ms), (20, lat_down_ms), (30, (lat_up_ms + lat_down_ms) / 2)):
        if ms > 0 and latency_via != "nfqueue":
            r = subprocess.run(f"tc qdisc add dev lo parent 1:{cid} handle {cid}: netem delay {ms}ms limit 100000",
                               shell=True, capture_output=True, text=True)
            latency_via = "netem" if r.returncode == 0 else "nfqueue"
            if latency_via == "nfqueue" and cid != 10 and lat_up_ms > 0:
                sys.exit(f"testbed: netem took one class and refused the next: {r.stderr.strip()}")
    if latency_via == "nfqueue":
        start_delay_lines(port, lat_up_ms, lat_down_ms)
    # ACK-only TCP segments (IP header 20 bytes, total length < 64, flags == ACK)
    sh("tc filter add dev lo parent 1: protocol ip prio 1 u32 match ip protocol 6 0xff "
       "match u8 0x05 0x0f at 0 match u16 0x0000 0xffc0 at 2 match u8 0x10 0xff at 33 flowid 1:30")
    sh(f"tc filter add dev lo parent 1: protocol ip prio 2 u32 match ip dport {port} 0xffff flowid 1:10")
    sh(f"tc filter add dev lo parent 1: protocol ip prio 3 u32 match ip sport {port} 0xffff flowid 1:20")
    return {"dev": "lo", "ports": [port], "up_mbit": up, "down_mbit": down, "saved_link": saved, "mtu": 1500,
            "gso_segs": 1, "compensate": True, "ack_prio": True, "htb_up_mbit": rates[10],
            "htb_down_mbit": rates[20], "latency_up_ms": lat_up_ms, "latency_down_ms": lat_down_ms,
            "latency_via": latency_via}


# Latency without netem: the kernel here (and CI's) has no sch_netem. iptables sends every packet the
# receiving end gets (INPUT on lo, after htb has shaped it) to a netfilter queue per direction, and
# scripts/delayline.c holds each one the direction's latency before accepting it. Data and the ACKs
# that travel the same way get the same delay (netem's ACK class above gets the mean of the two).
DELAY_RULES = []
DELAY_LINES = []


def start_delay_lines(port, lat_up_ms, lat_down_ms):
    src = os.path.join(os.path.dirname(os.path.abspath(__file__)), "delayline.c")
    exe = "/tmp/pipar-sim-delayline"
    if not os.path.exists(exe) or os.path.getmtime(exe) < os.path.getmtime(src):
        if not os.path.exists("/usr/include/libnetfilter_queue/libnetfilter_queue.h"):
            sys.exit("testbed: a latency needs netem or, without it, iptables and libnetfilter-queue-dev "
                     "(apt-get install iptables libnetfilter-queue-dev)")
        sh(f"cc -O2 -o {exe} {src} -lnetfilter_queue")
    for queue, match, ms in ((10, f"--dport {port}", lat_up_ms), (20, f"--sport {port}", lat_down_ms)):
        if ms <= 0:
            continue
        rule = f"INPUT -i lo -p tcp {match} -j NFQUEUE --queue-num {queue}"
        DELAY_LINES.append(subprocess.Popen([exe, str(queue), f"{ms:g}"], stderr=subprocess.PIPE, text=True))
        time.sleep(0.2)  # bound to its queue before packets arrive (unbound, NFQUEUE drops them)
        if DELAY_LINES[-1].poll() is not None:
            sys.exit(f"testbed: delayline failed: {DELAY_LINES[-1].stderr.read().strip()}")
        sh(f"iptables -I {rule}")
        DELAY_RULES.append(rule)


def stop_delay_lines():
    """Removes the rules first (no packet is left queued to a dead process), then ends the delay lines;
    returns each one's report and CPU seconds (it shares the two CPUs with the run)."""
    for rule in DELAY_RULES:
        sh(f"iptables -D {rule}", check=False)
    DELAY_RULES.clear()
    reports = []
    for p in DELAY_LINES:
        try:
            with open(f"/proc/{p.pid}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
            cpu_s = (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
        except OSError:
            cpu_s = None
        p.terminate()
        err = p.communicate(timeout=10)[1].strip().splitlines()
        reports.append({"report": err[-1] if err else "", "cpu_s": cpu_s, "rc": p.returncode})
    DELAY_LINES.clear()
    return reports


def unshape(saved):
    delay = stop_delay_lines()
    sh("tc qdisc del dev lo root", check=False)
    if saved:
        sh(f"ip link set dev lo mtu {saved['mtu']}", check=False)
        sh(f"ip link set dev lo gso_max_segs {saved['gso_max_segs']}", check=False)
    return delay


# ---------------------------------------------------------------------------------------------
# Messages: one TCP connection, a sender thread (FIFO) and a receiver thread per process


def recv_exact(sock, n):
    buf = bytearray(n)
    view, got, first = memoryview(buf), 0, None
    while got < n:
        k = sock.recv_into(view[got:], n - got)
        if k == 0:
            raise ConnectionError("peer closed the connection")
        if first is None:
            first = now()
        got += k
    return buf, first


def send_buffers(sock, views):
    """Sends the byte views in order with sendmsg (scatter-gather: the kernel copies each once)."""
    views = [v for v in views if len(v)]
    while views:
        sent = sock.sendmsg(views)
        while sent:
            if sent >= len(views[0]):
                sent -= len(views[0])
                views.pop(0)
            else:
                views[0] = views[0][sent:]
                sent = 0


class Link:
    """Sends messages in order on a thread of its own and receives them on another; logs both ends."""

    def __init__(self, sock, dev, log):
        self.sock, self.dev, self.log = sock, dev, log
        self.out = queue.Queue()
        self.inbox = {}
        self.cv = threading.Condition()
        self.sent_seq = 0
        self.recv_seq = 0
        threading.Thread(target=self._send_loop, daemon=True).start()
        threading.Thread(target=self._recv_loop, daemon=True).start()

    def send(self, what, it, mb, tensors):
        """Queues a message: `tensors` are serialised by the sender thread (as a real sender does)."""
        self.out.put((what, it, mb, tensors, now()))

    def _send_loop(self):
        while True:
            item = self.out.get()
            if item is None:
                return
            what, it, mb, tensors, t_put = item
            start = now()
            # The tensors' own memory, not a serialised copy: joining them into one bytes object copied a
            # large message two or three times before its first byte left (10-35 ms for 1.6-3.3 MB while
            # the process computed; the campaign's first bytes leave within 1 ms).
            views = [memoryview(t.detach().contiguous().reshape(-1).numpy()).cast("B") for t in tensors]
            n = sum(len(v) for v in views)
            send_buffers(self.sock, [memoryview(HEADER.pack(CODES[what], it, mb, self.dev, n))] + views)
            self.sent_seq += 1
            self.log.append({"end_of": "send", "what": what, "it": it, "mb": mb, "seq": self.sent_seq,
                             "bytes": HEADER.size + n, "t_put": t_put, "send_start": start,
                             "send_return": now()})

    def _recv_loop(self):
        try:
            while True:
                head, first = recv_exact(self.sock, HEADER.size)
                what, it, mb, dev, n = HEADER.unpack(head)
                payload, _ = recv_exact(self.sock, n) if n else (bytearray(), None)
                wire_end = now()
                what = WHAT[what]
                self.recv_seq += 1
                rec = {"end_of": "recv", "what": what, "it": it, "mb": mb, "seq": self.recv_seq,
                       "bytes": HEADER.size + n, "first_byte": first, "wire_end": wire_end}
                with self.cv:
                    self.inbox[(what, it, mb)] = payload
                    rec["end"] = now()
                    self.cv.notify_all()
                self.log.append(rec)
        except (ConnectionError, OSError):
            return

    def recv(self, what, it, mb, timeline, side, dev):
        """Blocks for one message; the blocked time is a `<side>_wait` operation."""
        key = (what, it, mb)
        with self.cv:
            if key not in self.inbox:
                t = now()
                while key not in self.inbox:
                    self.cv.wait()
                timeline.append({"kind": f"{'server' if side == 'server' else 'device'}_wait", "start": t,
                                 "end": now(), "for": {"act": "act", "grad": "grad"}.get(what, "model"),
                                 "it": it, "mb": mb, "dev": dev, "side": side})
            return self.inbox.pop(key)

    def close(self):
        self.out.put(None)


# ---------------------------------------------------------------------------------------------
# The model


# The split units of the PiPar reference code's VGG5 and VGG8 (as models/arch/vgg5.json and vgg8.json list them):
# ("conv", in, out, pool after) = conv3x3 (padding 1) + BatchNorm + ReLU [+ max-pool 2]; ("dense", in, out).
ARCHS = {
    "vgg5": [("conv", 3, 32, True), ("conv", 32, 64, True), ("conv", 64, 64, False), ("dense", 4096, 128),
             ("dense", 128, 10)],
    "vgg8": [("conv", 3, 32, False), ("conv", 32, 32, True), ("conv", 32, 64, False), ("conv", 64, 64, True),
             ("conv", 64, 128, False), ("conv", 128, 128, False), ("dense", 8192, 128), ("dense", 128, 10)],
}


def model_units(torch, arch):
    nn = torch.nn
    units = []
    for kind, i, o, *pool in ARCHS[arch]:
        if kind == "conv":
            layers = [nn.Conv2d(i, o, 3, padding=1), nn.BatchNorm2d(o), nn.ReLU()] + ([nn.MaxPool2d(2, 2)] if pool[0] else [])
        else:
            layers = ([nn.Flatten()] if not units or ARCHS[arch][len(units) - 1][0] == "conv" else []) + [nn.Linear(i, o)]
        units.append(nn.Sequential(*layers))
    return units


def unit_table(torch, units):
    """Shapes, parameters, buffers, multiply-adds and forward flop per sample of each unit (2 per
    multiply-add, 1 per bias, 4 per BatchNorm value, 1 per ReLU value, 1 per max-pool input value)."""
    x = torch.zeros(1, 3, 32, 32)
    rows = []
    for k, u in enumerate(units):
        flops, macs, shape_in = 0, 0, list(x.shape[1:])
        for layer in u:
            y = layer(x)
            if isinstance(layer, torch.nn.Conv2d):
                macs += layer.weight.numel() * y.shape[2] * y.shape[3]
                flops += 2 * layer.weight.numel() * y.shape[2] * y.shape[3] + y[0].numel()
            elif isinstance(layer, torch.nn.Linear):
                macs += layer.weight.numel()
                flops += 2 * layer.weight.numel() + layer.out_features
            elif isinstance(layer, torch.nn.BatchNorm2d):
                flops += 4 * y[0].numel()
            elif isinstance(layer, (torch.nn.ReLU, torch.nn.MaxPool2d)):
                flops += x[0].numel()
            x = y
        params = sum(p.numel() for p in u.parameters())
        bufs = sum(b.numel() * b.element_size() for b in u.buffers())
        rows.append({"unit": k + 1, "kind": "conv" if isinstance(u[0], torch.nn.Conv2d) else "dense",
                     "in_shape": shape_in, "out_shape": list(x.shape[1:]),
                     "activation_bytes_per_sample": x[0].numel() * 4, "param_count": params,
                     "param_bytes": params * 4, "buffer_bytes": bufs, "fwd_flops_per_sample": flops,
                     "fwd_macs_per_sample": macs})
        x = x.detach()
    return rows


def state_tensors(modules):
    return [t for m in modules for t in m.state_dict().values()]


def load_state(torch, modules, payload):
    """Loads the tensors a model message carries, in state_dict order."""
    off = 0
    for m in modules:
        sd = m.state_dict()
        for k, t in sd.items():
            n = t.numel() * t.element_size()
            sd[k] = torch.frombuffer(payload, dtype=t.dtype, count=t.numel(), offset=off).view_as(t).clone()
            off += n
        m.load_state_dict(sd)


def fedavg(torch, models):
    """Element-wise mean of each tensor over the models (integer counters averaged as floats)."""
    return [torch.stack(ts).double().mean(0).to(ts[0].dtype) for ts in zip(*models)]


def stats(xs):
    xs = sorted(xs)
    q = statistics.quantiles(xs, n=4) if len(xs) > 1 else [xs[0]] * 3
    return {"median": statistics.median(xs), "p25": q[0], "p75": q[2], "min": xs[0], "max": xs[-1], "n": len(xs)}


def profile(torch, units, first, last, m, with_loss, reps, warmup):
    """Each unit's forward, backward and optimizer step at micro-batch m, on realistic inputs."""
    x = torch.randn(m, 3, 32, 32)
    with torch.no_grad():
        for u in units[:first - 1]:
            x = u(x)
    out_units, loss_rows = [], []
    for k in range(first, last + 1):
        u = units[k - 1]
        opt = torch.optim.SGD(u.parameters(), lr=0.01, momentum=0.9)
        f, b, s = [], [], []
        for rep in range(warmup + reps):
            xin = x.detach().requires_grad_(k > 1)
            t0 = now()
            y = u(xin)
            t1 = now()
            # The output's gradient is drawn outside the timer: in training it arrives ready-made (the
            # next unit's or the network's); drawing it took 1.5-3 ms per unit at m = 100.
            grad = torch.randn_like(y) / y.numel()
            t1b = now()
            y.backward(grad)
            t2 = now()
            opt.step()
            opt.zero_grad()
            t3 = now()
            if rep >= warmup:
                f.append(t1 - t0), b.append(t2 - t1b), s.append(t3 - t2)
        out_units.append({"unit": k, "m": m, "fwd_s": stats(f), "bwd_s": stats(b), "opt_step_s": stats(s)})
        x = y.detach()
    if with_loss:
        target = torch.randint(0, 10, (m,))
        f, b = [], []
        for rep in range(warmup + reps):
            logits = x.detach().requires_grad_(True)
            t0 = now()
            loss = torch.nn.functional.cross_entropy(logits, target)
            t1 = now()
            loss.backward()
            t2 = now()
            if rep >= warmup:
                f.append(t1 - t0), b.append(t2 - t1)
        loss_rows.append({"m": m, "fwd_s": stats(f), "bwd_s": stats(b)})
    return {"units": out_units, "loss": loss_rows}


# ---------------------------------------------------------------------------------------------
# The two processes


def setup(cfg, cpu):
    faulthandler.register(signal.SIGUSR1)  # `kill -USR1 PID` prints every thread's stack (a run that hangs)
    os.sched_setaffinity(0, {cpu})
    import torch
    torch.set_num_threads(1)
    torch.manual_seed(cfg["seed"])
    # Touch the heap once: with glibc keeping freed memory (run()), the first aggregation and the first
    # large tensors would otherwise pay the page faults (a 2 ms FedAvg took 17-35 ms).
    touched = torch.ones(cfg["prefault_mb"] << 18)
    del touched
    return torch


def op(timeline, kind, start, side, dev=0, **kw):
    timeline.append(dict(kind=kind, start=start, end=now(), dev=dev, side=side, **kw))


def device_main(cfg, out_path):
    torch = setup(cfg, cfg["device_cpu"])
    units = model_units(torch, cfg["model"])
    fl, P, N, B, K, R = cfg["mode"] == "fl", cfg["P"], cfg["N"], cfg["B"], cfg["K"], cfg["R"]
    mine = units if fl else units[:P]
    m = B if fl else B // N
    prof = profile(torch, units, 1, len(mine), m, fl, cfg["profile_reps"], cfg["profile_warmup"])
    opt = torch.optim.SGD([p for u in mine for p in u.parameters()], lr=cfg["lr"], momentum=cfg["momentum"])
    seq = torch.nn.Sequential(*mine)
    data = [(torch.randn(B, 3, 32, 32), torch.randint(0, 10, (B,))) for _ in range(cfg["data_pool"])]
    for _ in range(cfg["warmup_iters"]):  # untimed: first-touch allocations
        y = seq(data[0][0])
        y.sum().backward()
        opt.zero_grad()
    sock = None
    for _ in range(600):
        try:
            sock = socket.create_connection(("127.0.0.1", cfg["port"]))
            break
        except OSError:
            time.sleep(0.05)
    if sock is None:
        sys.exit("testbed device: cannot connect to the server")
    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    log, tl = [], []
    link = Link(sock, 0, log)
    side = "device0"
    for it in range(K * R):
        x, y = data[it % len(data)]
        if fl:
            t = now()
            loss = torch.nn.functional.cross_entropy(seq(x), y)
            op(tl, "device_fwd", t, side, it=it, mb=0)
            t = now()
            loss.backward()
            op(tl, "device_bwd", t, side, it=it, mb=0)
        else:
            outs = []
            for mb, (xm, ym) in enumerate(zip(x.chunk(N), y.chunk(N))):
                t = now()
                o = seq(xm)
                op(tl, "device_fwd", t, side, it=it, mb=mb)
                outs.append(o)
                link.send("act", it, mb, [o.detach(), ym])
            for mb in range(N):
                g = link.recv("grad", it, mb, tl, side, 0)
                t = now()
                outs[mb].backward(torch.frombuffer(g, dtype=torch.float32).view_as(outs[mb]))
                op(tl, "device_bwd", t, side, it=it, mb=mb)
        t = now()
        opt.step()
        opt.zero_grad()
        op(tl, "device_opt", t, side, it=it)
        if (it + 1) % K == 0:
            link.send("model", it, -1, state_tensors(mine))
            payload = link.recv("model", it, -1, tl, side, 0)
            t = now()
            load_state(torch, mine, payload)
            op(tl, "device_load", t, side, round=it // K)
    time.sleep(0.2)
    link.close()
    table = unit_table(torch, model_units(torch, cfg["model"]))
    json.dump({"timeline": tl, "log": log, "profile": prof, "units": table,
               "pid": os.getpid(), "torch": torch.__version__}, open(out_path, "w"))


def server_main(cfg, out_path):
    torch = setup(cfg, cfg["server_cpu"])
    units = model_units(torch, cfg["model"])
    fl, P, N, B, K, R = cfg["mode"] == "fl", cfg["P"], cfg["N"], cfg["B"], cfg["K"], cfg["R"]
    dev_half = units if fl else units[:P]
    mine = [] if fl else units[P:]
    m = B // N
    prof = {"units": [], "loss": []} if fl else profile(torch, units, P + 1, len(units), m, True, cfg["profile_reps"],
                                                       cfg["profile_warmup"])
    params = [p for u in mine for p in u.parameters()]
    opt = torch.optim.SGD(params, lr=cfg["lr"], momentum=cfg["momentum"]) if params else None
    seq = torch.nn.Sequential(*mine)
    half = model_units(torch, cfg["model"])[:len(dev_half)]  # receives the device half at each aggregation
    act_shape = None
    if not fl:
        with torch.no_grad():
            act_shape = list(torch.nn.Sequential(*units[:P])(torch.zeros(m, 3, 32, 32)).shape)
    sock, _ = socket.create_server(("127.0.0.1", cfg["port"])).accept()
    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    log, tl = [], []
    link = Link(sock, 0, log)
    side = "server"
    n_act = math.prod(act_shape or [])
    for it in range(K * R):
        if not fl:
            for mb in range(N):
                payload = link.recv("act", it, mb, tl, side, 0)
                t = now()
                a = torch.frombuffer(payload, dtype=torch.float32, count=n_act).view(act_shape).requires_grad_(True)
                lab = torch.frombuffer(payload, dtype=torch.int64, offset=4 * n_act)
                loss = torch.nn.functional.cross_entropy(seq(a), lab) / N
                op(tl, "server_fwd", t, side, it=it, mb=mb)
                t = now()
                loss.backward()
                op(tl, "server_bwd", t, side, it=it, mb=mb)
                if cfg["mode"] == "sfl":
                    t = now()
                    opt.step()
                    opt.zero_grad()
                    op(tl, "server_opt", t, side, it=it)
                link.send("grad", it, mb, [a.grad])
            if cfg["mode"] == "pipar":
                t = now()
                opt.step()
                opt.zero_grad()
                op(tl, "server_opt", t, side, it=it)
        if (it + 1) % K == 0:
            payload = link.recv("model", it, -1, tl, side, 0)
            t = now()
            # FedAvg of the device halves (one device here) and of the server replicas (one)
            load_state(torch, half, payload)
            avg = fedavg(torch, [state_tensors(half)])
            if mine:
                fedavg(torch, [state_tensors(mine)])
            op(tl, "aggregate", t, side, round=it // K, devices=1)
            link.send("model", it, -1, avg)
    time.sleep(0.5)
    link.close()
    json.dump({"timeline": tl, "log": log, "profile": prof, "pid": os.getpid()}, open(out_path, "w"))


# ---------------------------------------------------------------------------------------------
# The run: both processes, then one run file


def merge_messages(dev_log, srv_log):
    """One record per message from its sender's and its receiver's log (same order per direction)."""
    out = []
    for sender, receiver, kind in ((dev_log, srv_log, "upload"), (srv_log, dev_log, "download")):
        sends = [r for r in sender if r["end_of"] == "send"]
        recvs = {r["seq"]: r for r in receiver if r["end_of"] == "recv"}
        prev_wire_end = float("-inf")
        for s in sends:
            r = recvs.get(s["seq"])
            if r is None:
                continue
            rec = {"kind": kind, "what": s["what"], "dev": 0, "it": s["it"], "mb": s["mb"], "seq": s["seq"],
                   "bytes": s["bytes"], "start": max(s["send_start"], prev_wire_end), "end": r["wire_end"],
                   "wire_end": r["wire_end"], "delivered": r["end"], "t_put": s["t_put"],
                   "send_start": s["send_start"], "send_return": s["send_return"], "first_byte": r["first_byte"],
                   "side": "link0"}
            prev_wire_end = r["wire_end"]
            out.append(rec)
    return out


# glibc would give each large tensor back to the kernel when freed and fault it in again on the next
# allocation: a unit's backward then took 2 ms or 30 ms at random. Keep the heap (as the campaign did).
MALLOC_TUNING = {"MALLOC_MMAP_MAX_": "0", "MALLOC_TRIM_THRESHOLD_": "4294967295", "MALLOC_TOP_PAD_": "268435456"}


def standalone_main(cfg, out_path):
    """One CPU's half of `standalone`: every unit and the loss at every size."""
    torch = setup(cfg, cfg["cpu"])
    units = model_units(torch, cfg["model"])
    rows, loss = [], []
    t0 = now()
    for m in cfg["sizes"]:
        prof = profile(torch, units, 1, len(units), m, True, cfg["reps"], cfg["warmup"])
        rows += prof["units"]
        loss += prof["loss"]
    json.dump({"cpu": cfg["cpu"], "affinity": sorted(os.sched_getaffinity(0)), "torch": torch.__version__,
               "seconds": now() - t0, "units": rows, "loss": loss}, open(out_path, "w"))


def standalone(args):
    sizes = sorted({int(s) for s in args.sizes.split(",")}, reverse=True)
    cfg = {"model": args.model, "sizes": sizes, "reps": args.reps, "warmup": args.warmup, "seed": 0,
           "prefault_mb": 256}
    env = dict(os.environ, **MALLOC_TUNING)
    me = os.path.abspath(__file__)
    parts = {cpu: f"{args.out}.cpu{cpu}" for cpu in (0, 1)}
    procs = [subprocess.Popen([sys.executable, me, "_standalone", json.dumps(dict(cfg, cpu=cpu)), parts[cpu]], env=env)
             for cpu in (0, 1)]  # both CPUs at once, as in training
    for p in procs:
        if p.wait() != 0:
            sys.exit(f"testbed standalone: a process exited with {p.returncode}")
    import torch
    per_cpu = {}
    for cpu, path in parts.items():
        per_cpu[str(cpu)] = json.load(open(path))
        os.remove(path)
    out = {"model": args.model, "sizes": sizes, "reps": args.reps, "warmup": args.warmup, "malloc_tuning": True,
           "concurrent": True, "harness": "scripts/testbed.py standalone",
           "units": unit_table(torch, model_units(torch, args.model)), "label_bytes_per_sample": 8,
           "per_cpu": per_cpu}
    with open(args.out, "w") as f:
        json.dump(out, f, indent=1)
        f.write("\n")
    print(f"wrote {args.out}: {args.model}, sizes {sizes}, {args.reps} repetitions on CPUs 0 and 1 at once")


def run(args):
    if args.mode == "fl":
        args.P, args.N = 1, 1
    if args.mode == "sfl":
        args.N = 1
    if not 1 <= args.P < len(ARCHS[args.model]) or args.B % args.N:
        sys.exit(f"testbed: P must be 1..{len(ARCHS[args.model]) - 1} and N must divide B")
    cfg = {"model": args.model, "mode": args.mode, "P": args.P, "N": args.N, "B": args.B, "K": args.K, "R": args.R,
           "up": args.up, "down": args.down, "latency_up_ms": args.latency_up_ms,
           "latency_down_ms": args.latency_down_ms, "devices": 1, "device_cpu": 0, "server_cpu": 1,
           "port": args.port, "lr": 0.01, "momentum": 0.9, "seed": args.seed, "data_pool": 4, "warmup_iters": 2,
           "profile_reps": 7, "profile_warmup": 3, "repeat": args.repeat, "harness": "scripts/testbed.py",
           "profile_gradient_untimed": True, "send": "sendmsg"}
    run_id = (f"{args.model}_{args.mode}" + (f"_P{args.P}" if args.mode != "fl" else "") +
              (f"_N{args.N}" if args.mode == "pipar" else "") +
              f"_up{args.up:g}_dn{args.down:g}" +
              (f"_lat{args.latency_up_ms:g}" if args.latency_up_ms or args.latency_down_ms else "") +
              f"_B{args.B}_K{args.K}_R{args.R}_d1_r{args.repeat}")
    cfg["run_id"] = run_id
    env = dict(os.environ, **MALLOC_TUNING)  # MALLOC_TUNING says why
    cfg["malloc_tuning"] = True
    cfg["prefault_mb"] = 256
    shaping = shape(args.port, args.up, args.down, args.latency_up_ms, args.latency_down_ms) if args.shape else None
    tmp = args.out + ".parts"
    os.makedirs(tmp, exist_ok=True)
    try:
        me = os.path.abspath(__file__)
        procs = [subprocess.Popen([sys.executable, me, f"_{side}", json.dumps(cfg), f"{tmp}/{side}.json"], env=env)
                 for side in ("server", "device")]
        wall = now()
        try:
            for p in procs:
                if p.wait(timeout=args.timeout_s) != 0:
                    sys.exit(f"testbed: a process exited with {p.returncode}")
        except subprocess.TimeoutExpired:
            sys.exit(f"testbed: the run took longer than --timeout-s {args.timeout_s:g}")
        finally:
            for p in procs:
                p.kill()
        wall = now() - wall
    finally:
        if shaping:
            shaping["delay_lines"] = unshape(shaping["saved_link"])
            if any(d["rc"] != 0 for d in shaping["delay_lines"]):
                sys.exit(f"testbed: a delay line failed: {shaping['delay_lines']}")
        if not os.path.exists(f"{tmp}/device.json") or not os.path.exists(f"{tmp}/server.json"):
            for name in os.listdir(tmp):
                os.remove(f"{tmp}/{name}")
            os.rmdir(tmp)
    dev = json.load(open(f"{tmp}/device.json"))
    srv = json.load(open(f"{tmp}/server.json"))
    timeline = dev["timeline"] + srv["timeline"] + merge_messages(dev["log"], srv["log"])
    t0 = min(e["start"] for e in timeline if e["kind"] == "device_fwd")
    t_end = max(e["end"] for e in timeline if e["kind"] == "device_load")
    for e in timeline:
        for k in ("start", "end", "wire_end", "delivered", "t_put", "send_start", "send_return", "first_byte"):
            if k in e:
                e[k] = round(e[k] - t0, 6)
    timeline.sort(key=lambda e: (e["start"], e["kind"]))
    result = {"run_id": run_id, "config": cfg, "status": "ok", "shaping": shaping, "makespan_s": round(t_end - t0, 6),
              "timeline": timeline,
              "profile": {"device": [dev["profile"]], "server": srv["profile"], "micro_batch": args.B // args.N},
              "units": dev["units"], "label_bytes_per_sample": 8,
              "processes": {"server": {"pid": srv["pid"], "cpu": 1}, "devices": [{"pid": dev["pid"], "cpu": 0}]},
              "env": {"kernel": os.uname().release, "python": sys.version.split()[0], "torch": dev["torch"],
                      "cpus": os.cpu_count(), "load_avg_1min": os.getloadavg()[0]}, "wall_s": round(wall, 3)}
    with open(args.out, "w") as f:
        json.dump(result, f, separators=(",", ":"))
    for name in ("device.json", "server.json"):
        os.remove(f"{tmp}/{name}")
    os.rmdir(tmp)
    print(f"{run_id}: makespan {result['makespan_s']:.3f} s -> {args.out}")


def message_goodput(port, up, down, message_bytes, messages):
    """Payload Mbit/s of messages sent one at a time through the shaping, each way: bytes over the time
    from the send call to the receiver's last byte, the median over the messages. Each message starts
    on an idle connection and pays TCP's ramp-up: 2.5-5% below nominal at 50-100 Mbit/s, where the
    runs' back-to-back messages reach it (their timelines: 49.99-50.05 and 100.02-100.12)."""
    srv = socket.create_server(("127.0.0.1", port))
    cli = socket.create_connection(("127.0.0.1", port))
    conn, _ = srv.accept()
    got = []
    for tx, rx in ((cli, conn), (conn, cli)):
        rates = []
        for _ in range(messages):
            t = now()
            th = threading.Thread(target=tx.sendall, args=(bytes(message_bytes),))
            th.start()
            recv_exact(rx, message_bytes)
            rates.append(message_bytes * 8 / (now() - t) / 1e6)
            th.join()
        got.append(statistics.median(rates))
    for s in (cli, conn, srv):
        s.close()
    return got


def goodput(args):
    """Checks the shaping with messages of a run's size: payload Mbit/s against nominal."""
    shaping = shape(args.port, args.up, args.down, args.latency_up_ms, args.latency_down_ms)
    try:
        got = message_goodput(args.port, args.up, args.down, args.message_bytes, args.messages)
    finally:
        unshape(shaping["saved_link"])
    for name, mbps, nominal in zip(("up", "down"), got, (args.up, args.down)):
        print(f"{name}: {mbps:.3f} Mbit/s goodput, median of {args.messages} messages of {args.message_bytes} "
              f"bytes (nominal {nominal:g}, htb at {nominal * MSS_FRAME:.4f})")


def tcp_stall(size, window, rate, rtt, growth):
    """pipar-sim's tcp_stall() (sim/eval/comm_costs.cpp): seconds beyond size / rate in slow start."""
    stall, left = 0.0, size
    while left > window and window < rate * rtt:
        stall += rtt - window / rate
        left -= window
        window *= growth
    return stall


def ramp(args):
    """TCP slow start as the links show it: each message on a new connection (so from the initial
    window), bytes from the send call to the receiver's last byte, against size / rate + latency; then
    the growth per round trip g for which pipar-sim's slow start (tcp_stall) gives the median excess."""
    shaping = shape(args.port, args.up, args.up, args.latency_ms, args.latency_ms)
    rate, rtt, iw = args.up * 1e6 / 8, 2 * args.latency_ms / 1e3, args.initial_window_bytes
    try:
        for size in args.bytes:
            excess = []
            for _ in range(args.messages):
                srv = socket.create_server(("127.0.0.1", args.port))
                cli = socket.create_connection(("127.0.0.1", args.port))
                conn, _ = srv.accept()
                time.sleep(0.3)  # the handshake's packets are through
                t = now()
                th = threading.Thread(target=cli.sendall, args=(bytes(size),))
                th.start()
                recv_exact(conn, size)
                excess.append(now() - t - size / rate - args.latency_ms / 1e3)
                th.join()
                for s in (cli, conn, srv):
                    s.close()
            med = statistics.median(excess)
            lo, hi = 1.0 + 1e-6, 2.0  # the stall falls as g grows
            if tcp_stall(size, iw, rate, rtt, hi) >= med:
                fit = f"above every g in (1, 2]: g = 2 gives {tcp_stall(size, iw, rate, rtt, 2) * 1e3:.1f} ms"
            elif tcp_stall(size, iw, rate, rtt, lo) <= med:
                fit = "below every g in (1, 2]"
            else:
                for _ in range(60):
                    mid = (lo + hi) / 2
                    lo, hi = (mid, hi) if tcp_stall(size, iw, rate, rtt, mid) > med else (lo, mid)
                fit = f"g = {lo:.3f} (g = 2 gives {tcp_stall(size, iw, rate, rtt, 2) * 1e3:.1f} ms)"
            print(f"{args.up:g} Mbit/s, {args.latency_ms:g} ms each way, {size} bytes from a new connection: "
                  f"{med * 1e3:.1f} ms beyond size / rate + latency (median of {args.messages}; "
                  f"{min(excess) * 1e3:.1f}-{max(excess) * 1e3:.1f}); slow start from {iw:g} bytes: {fit}")
    finally:
        unshape(shaping["saved_link"])


def main():
    if len(sys.argv) > 1 and sys.argv[1] in ("_device", "_server", "_standalone"):
        cfg = json.loads(sys.argv[2])
        {"_device": device_main, "_server": server_main, "_standalone": standalone_main}[sys.argv[1]](cfg, sys.argv[3])
        return
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="cmd", required=True)
    for name in ("run", "goodput"):
        p = sub.add_parser(name)
        p.add_argument("--up", type=float, default=10, help="uplink goodput, Mbit/s")
        p.add_argument("--down", type=float, default=25, help="downlink goodput, Mbit/s")
        p.add_argument("--latency-up-ms", type=float, default=0,
                       help="one-way latency, ms (netem; without it iptables + scripts/delayline.c)")
        p.add_argument("--latency-down-ms", type=float, default=0, help="one-way latency, ms (likewise)")
        p.add_argument("--port", type=int, default=29500, help="the server's TCP port on 127.0.0.1")
    r = sub.choices["run"]
    r.add_argument("--model", choices=sorted(ARCHS), default="vgg5")
    r.add_argument("--mode", choices=["fl", "sfl", "pipar"], required=True)
    r.add_argument("--P", type=int, default=2, help="split point: units 1..P on the device")
    r.add_argument("--N", type=int, default=4, help="micro-batches per batch (pipar)")
    r.add_argument("--B", type=int, default=100, help="samples per iteration")
    r.add_argument("--K", type=int, default=5, help="iterations per round")
    r.add_argument("--R", type=int, default=2, help="rounds")
    r.add_argument("--seed", type=int, default=0, help="torch's seed (weights, data)")
    r.add_argument("--repeat", type=int, default=0, help="the repeat number in the run id")
    r.add_argument("--no-shape", dest="shape", action="store_false", help="leave lo unshaped")
    r.add_argument("--timeout-s", type=float, default=600, help="per process, s")
    r.add_argument("--out", required=True, help="the run file to write")
    sub.choices["goodput"].add_argument("--message-bytes", type=int, default=409600)
    sub.choices["goodput"].add_argument("--messages", type=int, default=20)
    rp = sub.add_parser("ramp", help="TCP slow start on new connections: the excess time and the growth per "
                                     "round trip that pipar-sim's model needs for it")
    rp.add_argument("--up", type=float, default=50, help="goodput both ways, Mbit/s")
    rp.add_argument("--latency-ms", type=float, default=10, help="one-way latency both ways, ms")
    rp.add_argument("--bytes", type=int, nargs="+", default=[1000000, 3000000], help="message sizes")
    rp.add_argument("--messages", type=int, default=5, help="messages (new connections) per size")
    rp.add_argument("--initial-window-bytes", type=float, default=14480, help="Linux: 10 x 1448")
    rp.add_argument("--port", type=int, default=29500, help="the receiver's TCP port on 127.0.0.1")
    sp = sub.add_parser("standalone", help="time every unit and the loss at several micro-batch sizes on both "
                                           "CPUs at once: a standalone profile to calibrate a class from")
    sp.add_argument("--model", choices=sorted(ARCHS), default="vgg5")
    sp.add_argument("--sizes", default="10,20,25,50,100", help="micro-batch sizes, comma-separated")
    sp.add_argument("--reps", type=int, default=15, help="timed repetitions per unit and size (the median is kept)")
    sp.add_argument("--warmup", type=int, default=3, help="untimed repetitions before them")
    sp.add_argument("--out", required=True, help="the standalone profile to write")
    args = ap.parse_args()
    {"run": run, "goodput": goodput, "ramp": ramp, "standalone": standalone}[args.cmd](args)


if __name__ == "__main__":
    main()
