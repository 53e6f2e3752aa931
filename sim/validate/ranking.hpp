// How the simulation ranks the configurations of measured runs that share a setting (model, B, K,
// R, devices, links, latency): the question a user asks the simulator ("which mode, P and N is
// fastest here?"), so `validate` answers it next to the per-run errors. Repeats of a configuration
// are averaged first (measured and simulated makespans alike).
#pragma once
#include "validate/realrun.hpp"

#include <string>
#include <vector>

namespace pipar::validate {

struct SettingRanking {
  std::string setting;
  size_t configurations = 0;
  double kendall_tau = 0;         ///< tau-b of measured vs simulated makespans (NaN under 2 configurations)
  std::string best_measured, picked; ///< the measured fastest configuration; the simulation's fastest
  double best_measured_s = 0, picked_measured_s = 0;
  double regret = 0;              ///< picked_measured_s / best_measured_s - 1
  /// FL against the best PiPar configuration: "fl" or "pipar", measured and simulated ("" when the
  /// setting lacks one of them).
  std::string faster_measured, faster_simulated;
};

/// Kendall's tau-b of two equally long series (NaN when fewer than 2 or one of them is constant).
double kendall_tau_b(const std::vector<double>& a, const std::vector<double>& b);

/// One entry per setting, in order of first appearance.
std::vector<SettingRanking> rank_settings(const std::vector<RunComparison>& runs);

/// "fl", "sfl P=2", "pipar P=2 N=4".
std::string configuration_label(const RunComparison& r);

/// The runs grouped by configuration (same setting and configuration_label: the repeats of one
/// configuration), groups in order of first appearance, runs in their order; each a pointer into `runs`.
std::vector<std::vector<const RunComparison*>> group_configurations(const std::vector<RunComparison>& runs);

} // namespace pipar::validate
