#include "select/resolve_auto.hpp"

#include "sched/registry.hpp"
#include "core/error.hpp"
#include "select/aps.hpp"
#include "select/registry.hpp"

#include <iostream>

namespace pipar::select {

bool resolve_auto_split(Scenario& s, const ReplayOptions& opt, int jobs) {
  if (!s.split.auto_split_point && !s.split.auto_micro_batches)
    return false;
  bool needed = false;
  for (const auto& name : s.schedulers) {
    const SchedulerEntry* e = find_scheduler(name);
    needed = needed || (e && e->uses_split);
  }
  if (!needed)
    return false;
  SelectContext ctx{s, opt, jobs, {}, kDefaultMaxSimulations};
  ctx.constraints.fixed_P = s.split.auto_split_point ? 0 : s.split.split_point;
  ctx.constraints.fixed_N = s.split.auto_micro_batches ? 0 : s.split.micro_batches;
  SplitChoice c = find_selector(s.split.selector)->select(ctx);
  std::string infeasible; // APS's own choice when it does not fit and was replaced
  if (s.split.selector == "aps" && !choice_fits_memory(s, c)) {
    const SplitChoice fallback = select_aps(s, ctx.constraints, true);
    if (fallback.estimate_s < 0)
      throw InputError(s.file, "/split", "APS found no (P, N) that fits every device's memory (devices.memory_bytes)");
    infeasible = c.describe();
    std::cerr << "pipar-sim: warning: APS chose " << infeasible << ", which does not fit every device's memory; "
              << "using APS's best feasible choice by its own estimate, " << fallback.describe() << "\n";
    c = fallback;
  }
  const Scenario chosen = apply_choice(s, c);
  s.split.split_point = chosen.split.split_point;
  s.split.micro_batches = chosen.split.micro_batches;
  s.devices = chosen.devices;
  nlohmann::json& js = s.resolved["split"];
  js["split_point"] = c.common.P;
  js["micro_batches"] = c.common.N;
  js["selector"] = s.split.selector;
  js["auto"] = {{"split_point", s.split.auto_split_point}, {"micro_batches", s.split.auto_micro_batches},
                {"selector_simulations", c.simulations}};
  s.split.auto_split_point = s.split.auto_micro_batches = false; // resolved: a second call is a no-op
  if (!infeasible.empty())
    js["auto"]["aps_infeasible_choice"] = infeasible;
  if (!c.is_common()) {
    nlohmann::json per = nlohmann::json::array();
    for (const SplitPN& pn : c.per_device)
      per.push_back({{"split_point", pn.P}, {"micro_batches", pn.N}});
    js["per_device"] = per;
  }
  return true;
}

std::string auto_split_note(const Scenario& s) {
  return "split \"auto\": P = " + std::to_string(s.split.split_point) + ", N = " +
         std::to_string(s.split.micro_batches) + " chosen by " + s.split.selector;
}

} // namespace pipar::select
