// The scheduler registry: one table that names, describes and builds every scheduler.
// A scheduler is pure: Scenario in, TaskGraph out; nothing under sched/ includes SimGrid.
#pragma once
#include "graph/task_graph.hpp"
#include "sched/memory.hpp"

#include <string>
#include <vector>

namespace pipar {

struct Scenario;

struct SchedulerEntry {
  const char* name;
  const char* description;
  bool uses_split;         ///< reads split.split_point
  bool uses_micro_batches; ///< reads split.micro_batches (else one micro-batch per iteration if split)
  TaskGraph (*build)(const Scenario&);
  MemoryUse (*memory)(const Scenario&); ///< memory per device and per server replica (sched/memory.hpp)
  /// Explicit dependencies per device of its largest task (the aggregation waits for every
  /// device's upload, and in split schedulers for every replica too): with graph/'s limit on a
  /// task's dependencies this bounds the devices (run/run_size.cpp checks it before building).
  int dependencies_per_device = 0;
};

const std::vector<SchedulerEntry>& scheduler_registry();
const SchedulerEntry* find_scheduler(const std::string& name);
std::string scheduler_names(); ///< "fl, pipar, ..."

// One builder per scheduler file.
TaskGraph build_fl(const Scenario& s);
TaskGraph build_pipar(const Scenario& s);
/// PiPar with every device's micro-batch count forced to `micro_batches` (SplitFed v1 is 1);
/// 0 = each device's own N, else the scenario's split.micro_batches (what build_pipar does).
TaskGraph build_pipar_with(const Scenario& s, int micro_batches);
TaskGraph build_sl(const Scenario& s);
TaskGraph build_sfl(const Scenario& s);

} // namespace pipar
