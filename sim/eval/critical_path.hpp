// The critical-path evaluator: start and end of every task with no contention (each lane is its own
// resource, every server lane has a core to itself), in one forward pass: linear in tasks + deps.
// For a single device, where nothing is shared, it must agree with the SimGrid replay.
#pragma once
#include "eval/cost_model.hpp"
#include "eval/timeline.hpp"

namespace pipar {

Timeline critical_path(const TaskGraph& g, const CostModel& cost);

/// The same with dropouts (eval/dropouts.hpp): the scenario's availability applies (cancelled tasks
/// take no time; Timeline::done says how much of each task ran). Without availability settings it
/// is critical_path(g, cost).
struct Scenario;
Timeline critical_path(const TaskGraph& g, const CostModel& cost, const Scenario& s);

} // namespace pipar
