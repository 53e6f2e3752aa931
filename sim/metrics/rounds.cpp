// Round boundaries (metrics.hpp): a round ends with its last model transfer.
//   With an aggregation (FL, SFL, PiPar): the k-th task on the aggregator closes round k, which
//   ends when the average has reached every device (its successors, the model downloads).
//   Without (SL): round k ends with the last device-side model upload (hand-over) of round k; an
//   upload belongs to the round of its device's iteration it follows (the training plan).
#include "metrics/metrics.hpp"
#include "sched/plan.hpp"

#include <algorithm>

namespace pipar {

namespace {

std::vector<RoundSpan> tile(const std::vector<double>& ends) {
  std::vector<RoundSpan> out;
  double start = 0;
  for (double e : ends) {
    out.push_back({start, e});
    start = e;
  }
  return out;
}

} // namespace

std::vector<RoundSpan> compute_rounds(const TaskGraph& g, const Timeline& tl, const Scenario& s) {
  std::vector<double> ends;
  bool aggregated = false;
  for (TaskId t = 0; t < g.size() && !aggregated; ++t)
    aggregated = g.task(t).op == Op::Aggregate;
  if (aggregated) {
    const TaskGraph::Index ix = g.build_index();
    for (TaskId t = 0; t < g.size(); ++t) {
      if (g.task(t).op != Op::Aggregate)
        continue;
      double end = tl.end[t];
      for (std::uint32_t k = ix.succ_begin[t]; k < ix.succ_begin[t + 1]; ++k)
        end = std::max(end, tl.end[ix.succ[k]]);
      ends.push_back(end);
    }
    return tile(ends);
  }
  const TrainingPlan plan = make_training_plan(s);
  ends.assign(static_cast<size_t>(plan.rounds), 0.0);
  for (TaskId t = 0; t < g.size(); ++t) {
    const Task& task = g.task(t);
    const int d = g.lane(task.lane).device;
    if (task.op != Op::ModelUp || d < 0)
      continue;
    const auto& re = plan.devices[static_cast<size_t>(d)].round_end;
    const auto r = static_cast<size_t>(
        std::upper_bound(re.begin(), re.end(), static_cast<int>(task.iteration)) - re.begin());
    if (r < ends.size())
      ends[r] = std::max(ends[r], tl.end[t]);
  }
  // A round in which no device trained (possible only with uneven data) ends where the last one did.
  for (size_t r = 1; r < ends.size(); ++r)
    ends[r] = std::max(ends[r], ends[r - 1]);
  return tile(ends);
}

} // namespace pipar
