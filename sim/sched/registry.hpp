// The scheduler registry: one table that names, describes and builds every scheduler.
// A scheduler is pure: Scenario in, TaskGraph out; nothing under sched/ includes SimGrid.
#pragma once
#include "graph/task_graph.hpp"

#include <string>
#include <vector>

namespace pipar {

struct Scenario;

struct SchedulerEntry {
  const char* name;
  const char* description;
  bool uses_split; ///< reads split.split_point / split.micro_batches
  TaskGraph (*build)(const Scenario&);
};

const std::vector<SchedulerEntry>& scheduler_registry();
const SchedulerEntry* find_scheduler(const std::string& name);
std::string scheduler_names(); ///< "fl, pipar, ..."

// One builder per scheduler file.
TaskGraph build_fl(const Scenario& s);
TaskGraph build_pipar(const Scenario& s);
/// PiPar with an explicit micro-batch count (SplitFed v1 is micro_batches = 1).
TaskGraph build_pipar_with(const Scenario& s, int micro_batches);

} // namespace pipar
