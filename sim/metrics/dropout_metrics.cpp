#include "metrics/dropout_metrics.hpp"

#include "eval/dropouts.hpp"
#include "metrics/energy.hpp"
#include "sched/participation.hpp"
#include "sched/plan.hpp"

namespace pipar {

DropoutReport dropout_report(const TaskGraph& g, const Timeline& tl, const Scenario& s) {
  DropoutReport out;
  const TrainingPlan plan = make_training_plan(s);
  const Participation part = sample_participants(s, plan.rounds);
  for (int r = 0; r < plan.rounds; ++r)
    out.participants.push_back(static_cast<int>(members(part, r).size()));
  out.dropouts.assign(static_cast<size_t>(plan.rounds), 0);
  if (tl.done.empty())
    return out;
  const TaskOwners own = task_owners(g, s);
  const size_t n = s.devices.size();
  std::vector<std::uint8_t> dropped(static_cast<size_t>(own.rounds) * n, 0);
  for (TaskId t = 0; t < g.size(); ++t)
    if (own.device[t] >= 0 && tl.done[t] < 1)
      dropped[own.round[t] * n + static_cast<size_t>(own.device[t])] = 1;
  for (TaskId t = 0; t < g.size(); ++t) {
    if (own.device[t] < 0 || !dropped[own.round[t] * n + static_cast<size_t>(own.device[t])])
      continue;
    const Resource kind = g.lane(g.task(t).lane).resource;
    const double dur = tl.end[t] - tl.start[t];
    if (kind == Resource::DeviceCpu)
      out.wasted_device_s += dur;
    else if (kind == Resource::Server)
      out.wasted_server_s += dur;
    else
      out.wasted_bytes += g.task(t).amount * tl.done[t];
    out.wasted_energy_j += task_active_energy_j(g, t, tl, s);
  }
  for (size_t r = 0; r < static_cast<size_t>(own.rounds) && r < out.dropouts.size(); ++r)
    for (size_t d = 0; d < n; ++d) {
      if (!dropped[r * n + d])
        continue;
      ++out.dropouts[r];
      const DevicePlan& dp = plan.devices[d];
      for (int i = r == 0 ? 0 : dp.round_end[r - 1]; i < dp.round_end[r]; ++i)
        out.samples_lost += dp.batch[static_cast<size_t>(i)];
    }
  return out;
}

} // namespace pipar
