// Uncontended duration of a task on its lane: the cost model of sim/README.md.
// compute: flop / speed (a server lane gets one core) + the CPU time of communication it runs;
// transfer: bytes / bandwidth on the link, then the latency before it arrives (eval/comm_costs.hpp).
#pragma once
#include "eval/comm_costs.hpp"
#include "graph/task_graph.hpp"
#include "scenario/scenario.hpp"

namespace pipar {

class CostModel {
public:
  CostModel(const TaskGraph& g, const Scenario& s);
  /// Seconds the task holds its lane (a transfer's wire time).
  double occupancy(TaskId t) const {
    const Task& task = g_.task(t);
    return task.amount / rate_[task.lane] + comm_.extra(t);
  }
  /// Seconds from the end of its occupancy to its end (a transfer's latency; 0 for compute).
  double delay(TaskId t) const { return comm_.lane_delay[g_.task(t).lane]; }
  /// Start to end, uncontended.
  double duration(TaskId t) const { return occupancy(t) + delay(t); }
  const CommCosts& comm() const { return comm_; }

private:
  const TaskGraph& g_;
  std::vector<double> rate_; ///< per lane: flop/s or bytes/s
  CommCosts comm_;
};

} // namespace pipar
