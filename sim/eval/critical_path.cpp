#include "eval/critical_path.hpp"
#include "graph/huge_pages.hpp"

#include "eval/dropouts.hpp"
#include "scenario/scenario.hpp"

namespace pipar {

Timeline critical_path(const TaskGraph& g, const CostModel& cost) {
  Timeline tl;
  assign_huge(tl.start, g.size(), 0.0); // a fresh array of millions of entries: fault it in 2 MiB pages
  assign_huge(tl.end, g.size(), 0.0);
  std::vector<double> lane_free(g.lane_count(), 0.0);
  for (TaskId t = 0; t < g.size(); ++t) {
    const LaneId l = g.task(t).lane;
    double s = lane_free[l];
    for (const TaskId* d = g.deps_begin(t); d != g.deps_end(t); ++d)
      s = std::max(s, tl.end[*d]);
    tl.start[t] = s;
    tl.end[t] = lane_free[l] = s + cost.duration(t);
  }
  return tl;
}

Timeline critical_path(const TaskGraph& g, const CostModel& cost, const Scenario& s) {
  if (!s.availability.active())
    return critical_path(g, cost);
  Dropouts drops(g, s);
  Timeline tl;
  tl.start.resize(g.size());
  tl.end.resize(g.size());
  tl.done.resize(g.size());
  std::vector<double> lane_free(g.lane_count(), 0.0);
  for (TaskId t = 0; t < g.size(); ++t) {
    const LaneId l = g.task(t).lane;
    double s0 = lane_free[l];
    for (const TaskId* d = g.deps_begin(t); d != g.deps_end(t); ++d)
      s0 = std::max(s0, tl.end[*d]);
    const Lane& lane = g.lane(l);
    const double latency = is_transfer(lane.resource) ? s.devices[static_cast<size_t>(lane.device)].latency_s : 0.0;
    const Cut c = cut_at(s0, cost.duration(t), drops.drop_time(t), latency);
    tl.start[t] = s0;
    tl.end[t] = lane_free[l] = c.end;
    tl.done[t] = c.done;
    drops.ended(t, c.end);
  }
  return tl;
}

} // namespace pipar
