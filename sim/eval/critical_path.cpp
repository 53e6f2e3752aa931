#include "eval/critical_path.hpp"
#include "graph/huge_pages.hpp"

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

} // namespace pipar
