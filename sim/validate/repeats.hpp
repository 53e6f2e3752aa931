// How much repeated runs of one configuration disagree with each other: the floor under any
// prediction made from the configuration alone. A deterministic simulation given the same scenario
// predicts one value x for every repeat; against measurements lo..hi its worst relative error
// max(|x/lo - 1|, |x/hi - 1|) is smallest at x = 2 lo hi / (lo + hi), where it equals
// (hi - lo) / (hi + lo). `validate` prints this next to the errors, so a miss below the measurement's
// own spread is told apart from a miss of the model.
#pragma once
#include "validate/realrun.hpp"

#include <string>
#include <vector>

namespace pipar::validate {

/// Spread of one quantity over the repeats of a configuration.
struct Spread {
  double min = 0, max = 0, mean = 0;
  double floor = 0;       ///< (max - min) / (max + min): the least worst-case |error| of one prediction
  double worst_error = 0; ///< the simulation's worst |relative error| over these runs
};

struct RepeatSpread {
  std::string setting, configuration; ///< as rank_settings and configuration_label name them
  size_t runs = 0;
  Spread makespan, server_busy, device_busy;
};

/// The least worst-case relative error one value can have against every value of `measured`
/// ((max - min) / (max + min); 0 for fewer than 2 values or when they are all 0).
double prediction_floor(const std::vector<double>& measured);

/// One entry per configuration measured at least twice, in order of first appearance.
std::vector<RepeatSpread> repeat_spreads(const std::vector<RunComparison>& runs);

} // namespace pipar::validate
