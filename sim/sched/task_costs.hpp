// Seconds of every compute task, on devices and on the server alike (sim/README.md, "Cost model").
//
// A pass (forward or backward) over split units [a, b) on m samples, on a lane of speed v (flop/s)
// and fixed cost o (s per split unit per task: the lane's class compute_overhead_s), sums per unit:
//  - analytic unit: m x flop / v + o; on a class with an element-wise rate e (elementwise_flops), a
//    unit whose MACs are known splits its flop: m x (flop (1 - w) / v + flop w / e) + o, where
//    w = 1 - 2 MACs / forward flop is its element-wise share (the backward pass assumed to have the
//    forward's share);
//  - unit with measured times at several micro-batch sizes for this side (device_timing on a device,
//    server_timing on the server, else device_timing): T(m) x v_measured / v, where T interpolates
//    the table linearly in m; below the smallest size and above the largest the nearest segment's line
//    continues (one size: proportional), never below T(m_edge) x m / m_edge under the smallest size
//    and never below 0. Nothing is added: the table holds its fixed costs;
//  - unit measured at one batch size b only (the old schema: seconds per sample s): the measured
//    class's overhead is part of the measurement, at most b s of it: the unit costs
//    (m (b s - min(o_measured, b s)) / b) x v_measured / v + min(o, b s) (cause 2 of issue 12: the
//    server's class overhead now applies to server tasks, and a unit measured below the overhead
//    keeps its measured time).
// A task's flop (the TaskGraph amount) is its seconds x the lane's nominal speed.
#pragma once
#include "scenario/scenario.hpp"

namespace pipar {

enum class Pass { Forward, Backward };

/// The piecewise-linear interpolation above (seconds per task at m); `y` has one value per size.
double interpolate_timing(const std::vector<double>& sizes, const std::vector<double>& y, double m);

/// Work of one pass over units [a, b) on m samples, in flop at the lane's nominal speed (the
/// TaskGraph amount): seconds x speed. `work_factor` multiplies the per-sample work (DP-SGD's backward
/// factor; for a multi-size table the whole time); `extra_flops` is device work added before the
/// fixed costs (activation noise). With analytic units only this is exactly the pre-table formula
/// m x flop x factor + extra + units x overhead x speed (outputs of old scenarios keep their bytes).
double device_pass_flops(const Scenario& s, const DeviceSpec& d, Pass pass, int a, int b, double m,
                         double work_factor = 1, double extra_flops = 0);
/// The server's, at one core's speed, before the batch-efficiency curve (server_task_flops).
double server_pass_flops(const Scenario& s, Pass pass, int a, int b, double m);

/// Optimizer step of units [a, b), in flop at the lane's speed: the units' measured step_s (this
/// side's table, scaled by speed) when every unit has one, else optimizer_flops_per_parameter x
/// parameters + optimizer_fixed_s_per_tensor x parameter tensors x speed.
double device_step_flops(const Scenario& s, const DeviceSpec& d, int a, int b);
double server_step_flops(const Scenario& s, int a, int b);

/// Averaging `models` state_dicts of units [0, L) on one server core, in flop at its speed:
/// model bytes x models / aggregation_bytes_per_s (seconds) when that is set, else
/// aggregation_flops_per_parameter x parameters x models; plus aggregation_fixed_s.
double aggregation_flops(const Scenario& s, double models);

/// Seconds a device takes to load a received model of `model_bytes`: model_load_fixed_s + bytes /
/// model_load_bytes_per_s (0 when neither is set: the schedulers then add no load task).
double model_load_seconds(const Scenario& s, double model_bytes);

/// Bytes of a message carrying `payload` bytes: payload + communication.header_bytes.
inline double message_bytes(const Scenario& s, double payload) { return payload + s.comm.header_bytes; }

} // namespace pipar
