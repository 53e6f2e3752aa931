// Per-device choices by coordinate descent over groups of identical devices: from a common (P, N),
// each group in turn takes the (P, N), among those that fit its devices' memory, that minimises an
// objective with the other groups fixed; two passes over the groups. A local optimum, not a global
// one (the groups' choices interact through the server and the aggregation barrier).
// The same moves serve the `fleet` selector (objective: its estimate) and the simulated per-group
// reference of `select` (objective: SimGrid makespans, a batch of trials per group in parallel).
#pragma once
#include "select/candidates.hpp"

#include <functional>
#include <vector>

namespace pipar::select {

/// Devices grouped by spec (speed, overhead, memory, links, samples, traces): a group gets one (P, N).
std::vector<std::vector<size_t>> device_groups(const Scenario& s);

/// Makespans of each trial choice (in order).
using Objective = std::function<std::vector<double>(const std::vector<SplitChoice>&)>;

struct Descent {
  SplitChoice choice;        ///< per_device filled; estimate_s = its objective value
  int evaluations = 0;       ///< trial choices evaluated (the start not counted)
};

/// Two passes of coordinate descent from `start` (a common choice) whose objective is
/// `start_value`. A move is taken only when it lowers the objective by more than a relative 1e-12
/// (ties keep the current choice).
Descent group_descent(const Scenario& s, const Constraints& c, const SplitChoice& start, double start_value,
                      const std::vector<std::vector<size_t>>& groups, const Objective& objective);

} // namespace pipar::select
