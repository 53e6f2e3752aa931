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

/// Every (P, N) the constraints allow, memory aside: a per-group choice checks each group's own
/// memory (fits_memory) instead of every device's.
std::vector<SplitPN> candidates_without_memory(const Scenario& s, const Constraints& c);

/// What a trial choice is judged by: its makespan, then (on a makespan tie) a secondary figure,
/// lower better (the estimate's sum of device end times; 0 for simulations).
struct Value {
  double makespan = 0;
  double secondary = 0;
};

/// a is better than b: a makespan lower by more than a relative 1e-12, or a tie there and a secondary
/// figure lower so.
bool better(const Value& a, const Value& b);

/// `from` (per_device filled) with `group` moved to each other (P, N) of `all` that fits its
/// devices' memory.
std::vector<SplitChoice> group_moves(const Scenario& s, const std::vector<SplitPN>& all, const SplitChoice& from,
                                     const std::vector<size_t>& group);

/// The value of each trial choice (in order).
using Objective = std::function<std::vector<Value>(const std::vector<SplitChoice>&)>;

struct Descent {
  SplitChoice choice;        ///< per_device filled; estimate_s = its objective value's makespan
  Value value;               ///< the objective value of `choice`
  int evaluations = 0;       ///< trial choices evaluated (the start not counted)
};

/// `passes` (default two; fewer if one moves nothing) of coordinate descent from `start` (a common
/// choice, or a per-device one) whose value is `start_value`.
/// A move is taken only when it lowers the makespan by more than a relative 1e-12, or ties it and
/// lowers the secondary figure so; with `ties_to_fewer_micro_batches`, a move that ties both and
/// gives the group fewer micro-batches is taken too. (Otherwise ties keep the current choice.)
Descent group_descent(const Scenario& s, const Constraints& c, const SplitChoice& start, Value start_value,
                      const std::vector<std::vector<size_t>>& groups, const Objective& objective,
                      bool ties_to_fewer_micro_batches = false, int passes = 2);

/// Every group at once at the choice that is best for it (by `objective`) with the others at
/// `start`'s common choice; a group none of whose moves is better keeps it.
SplitChoice joint_start(const Scenario& s, const Constraints& c, const SplitChoice& start,
                        const std::vector<std::vector<size_t>>& groups, const Objective& objective);

class FleetEstimator;
struct FleetEstimate;

/// An estimate as a descent's value: its makespan, then its sum of device end times.
Value estimate_value(const FleetEstimate& e);

/// group_descent on `fleet`'s estimate (makespan, then the sum of device end times), ties going to
/// fewer micro-batches: every cost the estimate leaves out of a micro-batch (its messages, its
/// tasks' latency on a shared server) grows with N, so where the estimate cannot tell two choices
/// apart, the one with fewer is the safer. Passes until one moves nothing (at most 8), from two
/// starts, the better result returned: `start`, and every group at once at the choice best for it
/// with the others at `start` (a coordinate descent cannot reach a choice where groups must move
/// together, each move alone being worse).
Descent estimate_descent(const Scenario& s, const Constraints& c, const FleetEstimator& estimator,
                         const SplitChoice& start, const std::vector<std::vector<size_t>>& groups);

} // namespace pipar::select
