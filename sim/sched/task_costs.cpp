#include "sched/task_costs.hpp"

#include <algorithm>

namespace pipar {

double interpolate_timing(const std::vector<double>& x, const std::vector<double>& y, double m) {
  const size_t n = x.size();
  if (n == 1)
    return y[0] * m / x[0];
  size_t i = 0; // the segment [x[i], x[i+1]] that holds m, or the nearest one
  if (m >= x[n - 1])
    i = n - 2;
  else if (m > x[0])
    i = static_cast<size_t>(std::upper_bound(x.begin(), x.end(), m) - x.begin()) - 1;
  if (m == x[i])
    return y[i]; // exactly the table at its sizes
  if (m == x[i + 1])
    return y[i + 1];
  const double t = y[i] + (y[i + 1] - y[i]) * (m - x[i]) / (x[i + 1] - x[i]);
  if (m < x[0])
    return std::max(t, y[0] * m / x[0]);
  return std::max(t, 0.0);
}

namespace {

/// True when a lane of speed v and element-wise speed e charges every flop alike.
bool one_rate(double v, double e) { return !(e > 0) || e == v; }

/// A unit's flop per sample in flop at speed v: its element-wise share (SplitUnit::elementwise_share)
/// weighed by v / e, the rest as it is; exactly its flop with one rate (e = 0 or e = v) or no MACs known.
double analytic_flops(const SplitUnit& u, Pass pass, double v, double e) {
  const double flop = pass == Pass::Forward ? u.forward_flops : u.backward_flops;
  const double share = u.elementwise_share();
  if (one_rate(v, e) || share == 0)
    return flop;
  return flop * (1 - share) + flop * share * v / e;
}

/// One unit's seconds on a lane of speed v, element-wise speed e and fixed cost o, per the rules of the header.
double unit_seconds(const Profile& p, const SplitUnit& u, bool server, Pass pass, double m, double v, double e,
                    double o, double factor) {
  const bool fwd = pass == Pass::Forward;
  const UnitTiming* table = nullptr;
  double v_meas = p.measured_speed;
  if (server && !u.server_timing.empty()) {
    table = &u.server_timing;
    v_meas = p.measured_server_speed;
  } else if (!u.device_timing.empty()) {
    table = &u.device_timing;
  }
  if (table)
    return factor * interpolate_timing(table->m, fwd ? table->forward_s : table->backward_s, m) * v_meas / v;
  const double per_sample = fwd ? u.forward_seconds : u.backward_seconds;
  if (per_sample >= 0 && p.measured_batch_size > 0 && v_meas > 0) {
    const double b = p.measured_batch_size, measured = b * per_sample;
    const double work = (measured - std::min(p.measured_overhead_s, measured)) / b;
    return factor * m * work * v_meas / v + std::min(o, measured);
  }
  return factor * m * analytic_flops(u, pass, v, e) / v + o;
}

bool any_measured(const Profile& p, int a, int b) {
  for (int i = a; i < b; ++i) {
    const SplitUnit& u = p.units[static_cast<size_t>(i)];
    if (u.forward_seconds >= 0 || !u.device_timing.empty() || !u.server_timing.empty())
      return true;
  }
  return false;
}

double pass_flops(const Scenario& s, bool server, Pass pass, int a, int b, double m, double v, double e, double o,
                  double factor, double extra) {
  const Profile& p = s.profile;
  if (!any_measured(p, a, b)) {
    double flop = 0;
    if (one_rate(v, e)) {
      flop = pass == Pass::Forward ? p.forward_flops(a, b) : p.backward_flops(a, b);
    } else {
      for (int i = a; i < b; ++i)
        flop += analytic_flops(p.units[static_cast<size_t>(i)], pass, v, e);
    }
    return m * flop * factor + extra + (b - a) * o * v;
  }
  double t = 0;
  for (int i = a; i < b; ++i)
    t += unit_seconds(p, p.units[static_cast<size_t>(i)], server, pass, m, v, e, o, factor);
  return t * v + extra;
}

double step_flops(const Scenario& s, bool server, int a, int b, double v) {
  const Profile& p = s.profile;
  double measured = 0;
  bool all = a < b;
  for (int i = a; i < b && all; ++i) {
    const SplitUnit& u = p.units[static_cast<size_t>(i)];
    if (server && u.server_timing.step_s >= 0)
      measured += u.server_timing.step_s * p.measured_server_speed;
    else if (u.device_timing.step_s >= 0)
      measured += u.device_timing.step_s * p.measured_speed;
    else
      all = false;
  }
  if (all)
    return measured;
  return s.training.optimizer_flops_per_parameter * static_cast<double>(p.parameters(a, b)) +
         s.training.optimizer_fixed_s_per_tensor * p.parameter_tensors(a, b) * v;
}

} // namespace

double device_pass_flops(const Scenario& s, const DeviceSpec& d, Pass pass, int a, int b, double m,
                         double work_factor, double extra_flops) {
  return pass_flops(s, false, pass, a, b, m, d.speed, d.elementwise_speed, d.compute_overhead_s, work_factor,
                    extra_flops);
}

double server_pass_flops(const Scenario& s, Pass pass, int a, int b, double m) {
  return pass_flops(s, true, pass, a, b, m, s.server.speed_per_core, s.server.elementwise_speed,
                    s.server.compute_overhead_s, 1.0, 0.0);
}

double device_step_flops(const Scenario& s, const DeviceSpec& d, int a, int b) {
  return step_flops(s, false, a, b, d.speed);
}

double server_step_flops(const Scenario& s, int a, int b) { return step_flops(s, true, a, b, s.server.speed_per_core); }

double aggregation_flops(const Scenario& s, double models) {
  const TrainingSpec& t = s.training;
  const Profile& p = s.profile;
  const double v = s.server.speed_per_core;
  const double work =
      t.aggregation_bytes_per_s > 0
          ? p.model_bytes(0, p.split_units()) * models / t.aggregation_bytes_per_s * v
          : t.aggregation_flops_per_parameter * static_cast<double>(p.parameters()) * models;
  return work + t.aggregation_fixed_s * v;
}

double model_load_seconds(const Scenario& s, double model_bytes) {
  const TrainingSpec& t = s.training;
  return t.model_load_fixed_s + (t.model_load_bytes_per_s > 0 ? model_bytes / t.model_load_bytes_per_s : 0.0);
}

} // namespace pipar
