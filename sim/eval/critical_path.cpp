#include "eval/critical_path.hpp"

namespace pipar {

Timeline critical_path(const TaskGraph& g, const CostModel& cost) {
  Timeline tl;
  tl.start.resize(g.size());
  tl.end.resize(g.size());
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

} // namespace pipar
