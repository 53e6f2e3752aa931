#include "eval/critical_path.hpp"
#include "graph/huge_pages.hpp"

#include "eval/dropouts.hpp"
#include "eval/wire_path.hpp"
#include "scenario/scenario.hpp"

namespace pipar {

Timeline critical_path(const TaskGraph& g, const CostModel& cost) {
  if (cost.comm().wire_cpu()) // a compute's rate depends on the transfers it overlaps: time order
    return critical_path_wire(g, cost);
  Timeline tl;
  assign_huge(tl.start, g.size(), 0.0); // a fresh array of millions of entries: fault it in 2 MiB pages
  assign_huge(tl.end, g.size(), 0.0);
  std::vector<double> lane_free(g.lane_count(), 0.0);
  for (TaskId t = 0; t < g.size(); ++t) {
    const LaneId l = g.task(t).lane;
    const double s = std::max(lane_free[l], cost.comm().ready(g, t, tl.end));
    tl.start[t] = s;
    const double occupancy = cost.occupancy(t);
    lane_free[l] = s + occupancy;
    tl.end[t] = s + (cost.delay(t) + occupancy); // start + latency + wire, summed as before pipes
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
    const double s0 = std::max(lane_free[l], cost.comm().ready(g, t, tl.end));
    // Links are pipes: the wire time can be cut; a whole message arrives its latency later.
    const Cut c = cut_at(s0, cost.occupancy(t), drops.drop_time(t));
    tl.start[t] = s0;
    lane_free[l] = c.end;
    tl.end[t] = c.done >= 1 ? c.end + cost.delay(t) : c.end;
    tl.done[t] = c.done;
    drops.ended(t, c.end);
  }
  return tl;
}

} // namespace pipar
