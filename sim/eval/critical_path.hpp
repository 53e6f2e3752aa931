// The critical-path evaluator: start and end of every task with no contention (each lane is its own
// resource, every server lane has a core to itself), in one forward pass: linear in tasks + deps.
// For a single device, where nothing is shared, it must agree with the SimGrid replay.
#pragma once
#include "eval/cost_model.hpp"
#include "eval/timeline.hpp"

namespace pipar {

Timeline critical_path(const TaskGraph& g, const CostModel& cost);

} // namespace pipar
