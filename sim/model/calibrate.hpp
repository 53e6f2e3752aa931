// Calibration: fit a device class's effective speed and fixed per-task overhead to a measured
// profile (Eigen), time = flop / speed + overhead, one observation per split unit and direction
// (forward, backward) and measured batch size. The overhead is what a task costs beyond its work:
// it comes from a least-squares fit of relative errors (every task counts alike, a 10 us task as
// much as a 20 ms one); the speed then makes the fitted times add up to the measured total. An
// ordinary least-squares intercept would instead absorb the differences in throughput between
// units (measured: 7 to 150 Gflop/s within VGG5 on one core) and charge a millisecond-scale
// "overhead" to tasks that take microseconds.
#pragma once
#include "model/profile.hpp"

#include <string>
#include <vector>

namespace pipar {

/// One timed task: `flop` of work took `seconds`.
struct TaskObservation {
  std::string name; ///< e.g. "conv1 forward"
  double flop = 0;
  double seconds = 0;
  double elementwise_flop = -1; ///< the part of `flop` that is element-wise (< 0: not known)
};

struct CalibrationFit {
  double speed_flops = 0;  ///< effective flop/s (1 / fitted slope)
  double overhead_s = 0;   ///< fixed seconds per task (per split unit per pass)
  double elementwise_flops = 0; ///< flop/s of element-wise flop (0: one rate, fit_speed_overhead)
  bool overhead_clamped = false;     ///< the relative fit gave overhead < 0; it is 0
  double unconstrained_overhead_s = 0; ///< the relative fit's overhead (equals overhead_s unless clamped)
  std::vector<double> predicted_s;   ///< fitted time of each observation
  double rms_residual_s = 0;         ///< sqrt(mean((predicted - measured)^2))
  double max_relative_error = 0;     ///< max |predicted - measured| / measured
  double r_squared = 0;              ///< 1 - SS_res / SS_tot over the observations
};

/// With timing tables (device_timing / server_timing): one task per unit, pass and measured size.
/// Else per split unit, a forward and a backward task of the profile's measured batch size b:
/// flop = b * flop per sample, seconds = b * seconds per sample. Throws InputError if the profile is
/// not measured or has no flop counts.
std::vector<TaskObservation> observations_from_profile(const Profile& p, const std::string& file);

/// The overhead from weighted least squares for [flop, 1] * [slope, overhead] = seconds, each row
/// divided by its seconds (relative errors; Householder QR), at least 0 (overhead_clamped); then
/// speed = sum of flop / sum of (seconds - overhead): the fitted times add up to the measured total.
/// Exact data (seconds = flop / s + c) give s and c back. Throws std::invalid_argument for fewer
/// than 2 observations, a time <= 0, all-equal flop or a speed <= 0.
CalibrationFit fit_speed_overhead(const std::vector<TaskObservation>& obs);

/// Two rates: time = (flop - e) / speed + e / elementwise_flops + overhead, e the observation's
/// element-wise flop. The overhead and the ratio of the rates from least squares of relative errors
/// ([flop - e, e, 1] / seconds, Householder QR; the overhead at least 0, refitted without it if the
/// fit gave it below 0), then both rates scaled alike so that the fitted times add up to the measured
/// total, as fit_speed_overhead does. Exact data give both rates and the overhead back. Throws
/// std::invalid_argument when an observation's element-wise flop is not known, none has any, or a
/// fitted rate is not positive (time does not grow with one of the two kinds of flop).
CalibrationFit fit_two_rates(const std::vector<TaskObservation>& obs);

/// The optimizer step from the timing tables' step_s (every unit and side that has one):
/// step = flops_per_parameter x parameters / speed + fixed_s_per_tensor x parameter tensors, by least
/// squares of relative errors, each coefficient at least 0 (refitted without it otherwise): the
/// scenario fields training.optimizer_flops_per_parameter and optimizer_fixed_s_per_tensor for a
/// class of `speed`. steps = 0 when fewer than 2 steps were measured.
struct OptimizerFit {
  size_t steps = 0;
  double flops_per_parameter = 0, fixed_s_per_tensor = 0;
  double rms_residual_s = 0, max_relative_error = 0;
};
OptimizerFit fit_optimizer_step(const Profile& p, double speed);

/// Per split unit and pass with a timing table of 2 or more sizes: the least-squares line
/// seconds = per_sample_s x m + fixed_s, its RMS residual and R^2.
struct UnitLine {
  std::string name;
  double per_sample_s = 0, fixed_s = 0, rms_residual_s = 0, r_squared = 0;
};
std::vector<UnitLine> fit_unit_lines(const Profile& p);
std::string unit_lines_report(const std::vector<UnitLine>& lines);

/// A fixed-format report: the fit, then one line per observation (flop, measured, fitted, error).
std::string calibration_report(const std::vector<TaskObservation>& obs, const CalibrationFit& fit);

} // namespace pipar
