#include "sched/registry.hpp"

namespace pipar {

const std::vector<SchedulerEntry>& scheduler_registry() {
  static const std::vector<SchedulerEntry> table = {
      {"fl", "FedAvg: every device trains the whole model for a round, then the server averages", false, build_fl},
      {"pipar", "PiPar: split training, N pipelined micro-batches, one server replica per device", true, build_pipar},
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
