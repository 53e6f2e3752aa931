// One simulation of one scheduler on one scenario: build the task graph, replay it on SimGrid (in
// its own process), evaluate its critical path, compute the metrics.
#pragma once
#include "metrics/metrics.hpp"
#include "replay/replay.hpp"
#include "sched/registry.hpp"

#include <functional>

namespace pipar {

struct RunResult {
  std::string scheduler;
  Metrics metrics;               ///< from the SimGrid replay
  double critical_path_s = 0;    ///< makespan of the same graph without contention
  double wall_s = 0;             ///< wall-clock seconds of build + replay + metrics (not written to files)
};

/// Sees each replayed graph and its timeline (e.g. to write a trace); may be empty.
using TimelineObserver = std::function<void(const TaskGraph&, const Timeline&)>;

RunResult run_scheduler(const Scenario& s, const SchedulerEntry& e, const ReplayOptions& opt,
                        const TimelineObserver& observe = {});

} // namespace pipar
