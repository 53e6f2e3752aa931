// Calibration: fit a device class's effective speed and fixed per-task overhead to a measured
// profile by linear least squares (Eigen), time = flop / speed + overhead, one observation per
// split unit and direction (forward, backward) of one task of the measured batch size.
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
};

struct CalibrationFit {
  double speed_flops = 0;  ///< effective flop/s (1 / fitted slope)
  double overhead_s = 0;   ///< fixed seconds per task (per split unit per pass)
  bool overhead_clamped = false;     ///< the free fit gave overhead < 0; refitted through the origin
  double unconstrained_overhead_s = 0; ///< the free fit's overhead (equals overhead_s unless clamped)
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

/// Least squares for [flop, 1] * [1/speed, overhead] = seconds (column-scaled, Householder QR).
/// If the overhead comes out negative it is fixed at 0 and the slope refitted (overhead_clamped).
/// Throws std::invalid_argument for fewer than 2 observations, all-equal flop or a slope <= 0.
CalibrationFit fit_speed_overhead(const std::vector<TaskObservation>& obs);

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
