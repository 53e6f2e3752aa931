#include "sched/registry.hpp"

namespace pipar {

const std::vector<SchedulerEntry>& scheduler_registry() {
  // name, description, uses_split, uses_micro_batches, build, memory, dependencies per device
  static const std::vector<SchedulerEntry> table = {
      {"fl", "FedAvg: every device trains the whole model for a round, then the server averages", false, false,
       build_fl, fl_memory, 1},
      {"sl", "vanilla split learning: devices take turns on one server-side model, handing the device half on",
       true, false, build_sl, sl_memory, 0},
      {"sfl", "SplitFed v1: split training in parallel, one server replica per device, N = 1", true, false,
       build_sfl, sfl_memory, 2},
      {"pipar", "PiPar: split training, N pipelined micro-batches, one server replica per device", true, true,
       build_pipar, pipar_memory, 2},
  };
  return table;
}

const SchedulerEntry* find_scheduler(const std::string& name) {
  for (const auto& e : scheduler_registry())
    if (name == e.name)
      return &e;
  return nullptr;
}

std::string scheduler_names() {
  std::string s;
  for (const auto& e : scheduler_registry())
    s += (s.empty() ? "" : ", ") + std::string(e.name);
  return s;
}

} // namespace pipar
