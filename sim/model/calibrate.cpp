#include "model/calibrate.hpp"

#include "core/error.hpp"
#include "model/measured.hpp"

#include <Eigen/Dense>
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <stdexcept>
#include <tuple>
#include <utility>

namespace pipar {

namespace {
/// Element-wise flop of m samples of a unit's pass (-1 when its MACs are not known).
double elementwise(const SplitUnit& u, double m, bool forward) {
  if (u.forward_macs < 0)
    return -1;
  return m * (forward ? u.forward_flops : u.backward_flops) * u.elementwise_share();
}

void add_table(std::vector<TaskObservation>& obs, const SplitUnit& u, const UnitTiming& t, const std::string& side) {
  for (size_t i = 0; i < t.m.size(); ++i) {
    const std::string at = " m=" + std::to_string(static_cast<long long>(t.m[i])) + side;
    obs.push_back({u.name + " forward" + at, t.m[i] * u.forward_flops, t.forward_s[i], elementwise(u, t.m[i], true)});
    obs.push_back({u.name + " backward" + at, t.m[i] * u.backward_flops, t.backward_s[i], elementwise(u, t.m[i], false)});
  }
}
/// Least squares of relative errors: the coefficients c that minimise sum_i (sum_j x_ij c_j / t_i - 1)^2
/// over rows with t_i > 0 (Householder QR with column pivoting), every task counting alike. Each
/// column is scaled by its largest value first, so that the columns have similar magnitudes, and
/// the coefficients are returned in the columns' own units.
std::vector<double> relative_least_squares(const std::vector<std::vector<double>>& columns,
                                           const std::vector<double>& t) {
  const auto rows = static_cast<Eigen::Index>(t.size());
  const auto cols = static_cast<Eigen::Index>(columns.size());
  if (rows < cols)
    throw std::invalid_argument("calibration needs at least " + std::to_string(cols) + " tasks timed above 0");
  std::vector<double> scale;
  for (const auto& col : columns) {
    const double top = *std::max_element(col.begin(), col.end());
    scale.push_back(top > 0 ? top : 1.0);
  }
  Eigen::MatrixXd a(rows, cols);
  for (Eigen::Index i = 0; i < rows; ++i)
    for (Eigen::Index j = 0; j < cols; ++j)
      a(i, j) = columns[size_t(j)][size_t(i)] / scale[size_t(j)] / t[size_t(i)];
  const Eigen::VectorXd x = a.colPivHouseholderQr().solve(Eigen::VectorXd::Ones(rows));
  std::vector<double> out;
  for (Eigen::Index j = 0; j < cols; ++j)
    out.push_back(x(j) / scale[size_t(j)]);
  return out;
}

/// Predicted times, RMS residual, max relative error and R^2 of `fit` over `obs`.
template <class Predict> void add_residuals(CalibrationFit& fit, const std::vector<TaskObservation>& obs, Predict predict) {
  double total_s = 0;
  for (const auto& o : obs)
    total_s += o.seconds;
  const double mean = total_s / static_cast<double>(obs.size());
  double ss_res = 0, ss_tot = 0;
  for (const auto& o : obs) {
    const double pred = predict(o);
    fit.predicted_s.push_back(pred);
    ss_res += (pred - o.seconds) * (pred - o.seconds);
    ss_tot += (o.seconds - mean) * (o.seconds - mean);
    if (o.seconds > 0)
      fit.max_relative_error = std::max(fit.max_relative_error, std::abs(pred - o.seconds) / o.seconds);
  }
  fit.rms_residual_s = std::sqrt(ss_res / double(obs.size()));
  fit.r_squared = ss_tot > 0 ? 1.0 - ss_res / ss_tot : 1.0;
}
} // namespace

std::vector<TaskObservation> observations_from_profile(const Profile& p, const std::string& file) {
  const bool tables = std::any_of(p.units.begin(), p.units.end(),
                                  [](const SplitUnit& u) { return !u.device_timing.empty() || !u.server_timing.empty(); });
  if (tables) {
    std::vector<TaskObservation> obs;
    for (const auto& u : p.units) {
      add_table(obs, u, u.device_timing, "");
      add_table(obs, u, u.server_timing, " (server)");
    }
    return obs;
  }
  if (!is_measured(p))
    throw InputError(file, "/measured", "is not a measured profile: it needs \"measured\": {\"device_class\", "
                                        "\"batch_size\"} and forward_seconds/backward_seconds in every unit");
  const double b = p.measured_batch_size;
  std::vector<TaskObservation> obs;
  double total_flop = 0;
  for (const auto& u : p.units) {
    obs.push_back({u.name + " forward", b * u.forward_flops, b * u.forward_seconds, elementwise(u, b, true)});
    obs.push_back({u.name + " backward", b * u.backward_flops, b * u.backward_seconds, elementwise(u, b, false)});
    total_flop += u.forward_flops + u.backward_flops;
  }
  if (!(total_flop > 0))
    throw InputError(file, "/units", "has no flop counts (forward_flops, backward_flops are 0): nothing to fit "
                                     "a speed to; an imported PipeDream profile has times only");
  return obs;
}

CalibrationFit fit_speed_overhead(const std::vector<TaskObservation>& obs) {
  const auto n = static_cast<Eigen::Index>(obs.size());
  if (n < 2)
    throw std::invalid_argument("calibration needs at least 2 observations");
  // Relative errors need a time above 0: a task timed at 0 (below the clock's resolution) counts in
  // the totals only.
  std::vector<double> flop, ones, t; // the timed tasks' columns and times
  double max_flop = 0, min_flop = 0, total_flop = 0, total_s = 0;
  for (const auto& o : obs) {
    if (!(o.seconds >= 0) || !(o.flop >= 0))
      throw std::invalid_argument("calibration needs flop and times of at least 0 (" + o.name + ")");
    total_flop += o.flop;
    total_s += o.seconds;
    if (o.seconds > 0) {
      min_flop = t.empty() ? o.flop : std::min(min_flop, o.flop);
      max_flop = std::max(max_flop, o.flop);
      flop.push_back(o.flop);
      ones.push_back(1.0);
      t.push_back(o.seconds);
    }
  }
  if (!(max_flop > min_flop))
    throw std::invalid_argument("calibration needs timed tasks of different flop counts");

  const std::vector<double> x = relative_least_squares({flop, ones}, t);
  if (!(x[0] > 0))
    throw std::invalid_argument("the fitted time per flop is not positive: time does not grow with flop here");
  CalibrationFit fit;
  fit.overhead_s = fit.unconstrained_overhead_s = x[1];
  if (fit.overhead_s < 0) {
    fit.overhead_clamped = true; // overhead cannot be negative
    fit.overhead_s = 0;
  }
  const double work_s = total_s - static_cast<double>(n) * fit.overhead_s;
  if (!(work_s > 0) || !(total_flop > 0))
    throw std::invalid_argument("the fitted time per flop is not positive: time does not grow with flop here");
  const double slope = work_s / total_flop; // seconds per flop: the fitted times add up to the total
  fit.speed_flops = 1.0 / slope;

  add_residuals(fit, obs, [&](const TaskObservation& o) { return o.flop * slope + fit.overhead_s; });
  return fit;
}

CalibrationFit fit_two_rates(const std::vector<TaskObservation>& obs) {
  const auto n = static_cast<Eigen::Index>(obs.size());
  if (n < 3)
    throw std::invalid_argument("a fit of two rates needs at least 3 observations");
  double total_mac = 0, total_elem = 0, total_s = 0;
  std::vector<double> mac, elem, ones, t; // the timed tasks' columns and times
  for (const auto& o : obs) {
    if (!(o.seconds >= 0) || !(o.flop >= 0))
      throw std::invalid_argument("calibration needs flop and times of at least 0 (" + o.name + ")");
    if (!(o.elementwise_flop >= 0) || o.elementwise_flop > o.flop)
      throw std::invalid_argument("the element-wise flop of " + o.name + " is not known (the profile's units need "
                                  "forward_macs)");
    total_mac += o.flop - o.elementwise_flop;
    total_elem += o.elementwise_flop;
    total_s += o.seconds;
    if (o.seconds > 0) {
      mac.push_back(o.flop - o.elementwise_flop);
      elem.push_back(o.elementwise_flop);
      ones.push_back(1.0);
      t.push_back(o.seconds);
    }
  }
  if (t.size() < 3)
    throw std::invalid_argument("a fit of two rates needs at least 3 tasks timed above 0");
  if (!(*std::max_element(mac.begin(), mac.end()) > 0) || !(*std::max_element(elem.begin(), elem.end()) > 0))
    throw std::invalid_argument("a fit of two rates needs multiply-add and element-wise flop in the observations");
  CalibrationFit fit;
  std::vector<double> x = relative_least_squares({mac, elem, ones}, t);
  fit.overhead_s = fit.unconstrained_overhead_s = x[2];
  if (fit.overhead_s < 0) {
    fit.overhead_clamped = true;
    fit.overhead_s = 0;
    x = relative_least_squares({mac, elem}, t);
  }
  const double a_mac = x[0], a_elem = x[1]; // seconds per flop, before scaling
  if (!(a_mac > 0) || !(a_elem > 0))
    throw std::invalid_argument("a fitted rate is not positive: time does not grow with multiply-add or with "
                                "element-wise flop here; fit one rate");
  const double work_s = total_s - static_cast<double>(n) * fit.overhead_s;
  const double fitted_work = a_mac * total_mac + a_elem * total_elem;
  if (!(work_s > 0))
    throw std::invalid_argument("the fitted overhead leaves no time for the work");
  const double k = work_s / fitted_work; // the fitted times add up to the measured total
  fit.speed_flops = 1.0 / (a_mac * k);
  fit.elementwise_flops = 1.0 / (a_elem * k);
  add_residuals(fit, obs, [&](const TaskObservation& o) {
    return (o.flop - o.elementwise_flop) / fit.speed_flops + o.elementwise_flop / fit.elementwise_flops + fit.overhead_s;
  });
  return fit;
}

OptimizerFit fit_optimizer_step(const Profile& p, double speed) {
  std::vector<double> parameters, tensors, seconds; // one per measured step
  for (const auto& u : p.units)
    for (const UnitTiming* t : {&u.device_timing, &u.server_timing})
      if (t->step_s > 0) {
        parameters.push_back(static_cast<double>(u.parameters));
        tensors.push_back(static_cast<double>(u.parameter_tensors));
        seconds.push_back(t->step_s);
      }
  OptimizerFit fit;
  if (seconds.size() < 2 || !(speed > 0))
    return fit;
  // A column that is all 0, or that fits below 0, is dropped.
  const auto solve = [&](bool use_p, bool use_t) {
    std::vector<std::vector<double>> columns;
    if (use_p)
      columns.push_back(parameters);
    if (use_t)
      columns.push_back(tensors);
    const std::vector<double> x = relative_least_squares(columns, seconds);
    return std::pair<double, double>{use_p ? x.front() : 0.0, use_t ? x.back() : 0.0};
  };
  bool use_p = *std::max_element(parameters.begin(), parameters.end()) > 0;
  bool use_t = *std::max_element(tensors.begin(), tensors.end()) > 0;
  if (!use_p && !use_t)
    return fit;
  auto [per_parameter_s, per_tensor_s] = solve(use_p, use_t);
  if (use_p && use_t && (per_parameter_s < 0 || per_tensor_s < 0)) {
    (per_parameter_s < 0 ? use_p : use_t) = false;
    std::tie(per_parameter_s, per_tensor_s) = solve(use_p, use_t);
  }
  fit.steps = seconds.size();
  fit.flops_per_parameter = std::max(0.0, per_parameter_s) * speed;
  fit.fixed_s_per_tensor = std::max(0.0, per_tensor_s);
  double ss = 0;
  for (size_t i = 0; i < seconds.size(); ++i) {
    const double pred = fit.flops_per_parameter * parameters[i] / speed + fit.fixed_s_per_tensor * tensors[i];
    ss += (pred - seconds[i]) * (pred - seconds[i]);
    fit.max_relative_error = std::max(fit.max_relative_error, std::abs(pred - seconds[i]) / seconds[i]);
  }
  fit.rms_residual_s = std::sqrt(ss / double(seconds.size()));
  return fit;
}

std::vector<UnitLine> fit_unit_lines(const Profile& p) {
  std::vector<UnitLine> out;
  const auto fit_one = [&](const std::string& name, const std::vector<double>& m, const std::vector<double>& y) {
    UnitLine l;
    l.name = name;
    const auto n = static_cast<Eigen::Index>(m.size());
    if (n < 2)
      return;
    Eigen::MatrixXd a(n, 2);
    Eigen::VectorXd t(n);
    for (Eigen::Index i = 0; i < n; ++i) {
      a(i, 0) = m[static_cast<size_t>(i)];
      a(i, 1) = 1;
      t(i) = y[static_cast<size_t>(i)];
    }
    const Eigen::Vector2d x = a.colPivHouseholderQr().solve(t);
    l.per_sample_s = x(0);
    l.fixed_s = x(1);
    double ss_res = 0, ss_tot = 0;
    const double mean = t.mean();
    for (Eigen::Index i = 0; i < n; ++i) {
      const double e = x(0) * a(i, 0) + x(1) - t(i);
      ss_res += e * e;
      ss_tot += (t(i) - mean) * (t(i) - mean);
    }
    l.rms_residual_s = std::sqrt(ss_res / double(n));
    l.r_squared = ss_tot > 0 ? 1 - ss_res / ss_tot : 1.0;
    out.push_back(l);
  };
  for (const auto& u : p.units) {
    for (const auto* side : {&u.device_timing, &u.server_timing}) {
      if (side->m.size() < 2)
        continue;
      const std::string where = side == &u.device_timing ? "" : " (server)";
      fit_one(u.name + " forward" + where, side->m, side->forward_s);
      fit_one(u.name + " backward" + where, side->m, side->backward_s);
    }
  }
  return out;
}

std::string unit_lines_report(const std::vector<UnitLine>& lines) {
  std::string s = "per-unit lines: time = a_u x m + c_u\n";
  char line[256];
  std::snprintf(line, sizeof line, "%-28s %12s %12s %12s %8s\n", "task", "a_u_s", "c_u_s", "rms_s", "R^2");
  s += line;
  for (const auto& l : lines) {
    std::snprintf(line, sizeof line, "%-28s %12.4g %12.4g %12.4g %8.4f\n", l.name.c_str(), l.per_sample_s, l.fixed_s,
                  l.rms_residual_s, l.r_squared);
    s += line;
  }
  return s;
}

std::string calibration_report(const std::vector<TaskObservation>& obs, const CalibrationFit& fit) {
  std::string s;
  char line[256];
  if (fit.elementwise_flops > 0) {
    std::snprintf(line, sizeof line,
                  "fit: time = multiply-add flop / %.4g flop/s + element-wise flop / %.4g flop/s + %.4g s per task "
                  "(%zu observations)\n",
                  fit.speed_flops, fit.elementwise_flops, fit.overhead_s, obs.size());
    s += line;
    s += "     overhead and the rates' ratio: least squares of relative errors (every task counts alike);\n"
         "     the rates, scaled alike: the fitted times add up to the measured total\n";
  } else {
    std::snprintf(line, sizeof line, "fit: time = flop / %.4g flop/s + %.4g s per task (%zu observations)\n",
                  fit.speed_flops, fit.overhead_s, obs.size());
    s += line;
    s += "     overhead: least squares of relative errors (every task counts alike); speed: the fitted\n"
         "     times add up to the measured total\n";
  }
  if (fit.overhead_clamped) {
    std::snprintf(line, sizeof line, "     the fit gave overhead %.4g s < 0; overhead fixed at 0\n",
                  fit.unconstrained_overhead_s);
    s += line;
  }
  std::snprintf(line, sizeof line, "residual: RMS %.4g s, max relative error %.1f%%, R^2 %.4f\n", fit.rms_residual_s,
                100 * fit.max_relative_error, fit.r_squared);
  s += line;
  size_t width = 4;
  for (const auto& o : obs)
    width = std::max(width, o.name.size());
  std::snprintf(line, sizeof line, "%-*s %14s %12s %12s %9s\n", int(width), "task", "flop", "measured_s", "fitted_s",
                "error");
  s += line;
  for (size_t i = 0; i < obs.size(); ++i) {
    if (obs[i].seconds > 0) {
      const double err = (fit.predicted_s[i] - obs[i].seconds) / obs[i].seconds;
      std::snprintf(line, sizeof line, "%-*s %14.6g %12.6f %12.6f %+8.1f%%\n", int(width), obs[i].name.c_str(),
                    obs[i].flop, obs[i].seconds, fit.predicted_s[i], 100 * err);
    } else { // timed at 0: no relative error (it counts in the totals only)
      std::snprintf(line, sizeof line, "%-*s %14.6g %12.6f %12.6f %9s\n", int(width), obs[i].name.c_str(),
                    obs[i].flop, obs[i].seconds, fit.predicted_s[i], "n/a");
    }
    s += line;
  }
  return s;
}

} // namespace pipar
