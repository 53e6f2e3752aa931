#include "select/registry.hpp"

#include "select/aps.hpp"

namespace pipar::select {

const std::vector<SelectorEntry>& selector_registry() {
  static const std::vector<SelectorEntry> table = {
      {"aps", "the PiPar paper's APS: N from the stage-time ratio, P by the 6N-stage pipeline estimate of one device",
       run_aps},
      {"fleet",
       "ours: contention-aware estimate of the whole training for the fleet (memory cap, per-device choice for "
       "heterogeneous devices), then simulates the best few",
       run_fleet},
      {"exhaustive", "simulates every feasible (P, N) with SimGrid in parallel processes and takes the least makespan",
       run_exhaustive},
  };
  return table;
}

const SelectorEntry* find_selector(const std::string& name) {
  for (const auto& e : selector_registry())
    if (name == e.name)
      return &e;
  return nullptr;
}

std::string selector_names() {
  std::string s;
  for (const auto& e : selector_registry())
    s += (s.empty() ? "" : ", ") + std::string(e.name);
  return s;
}

SplitChoice run_aps(const SelectContext& ctx) { return select_aps(ctx.scenario, ctx.constraints); }

} // namespace pipar::select
