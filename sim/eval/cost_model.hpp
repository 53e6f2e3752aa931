// Uncontended duration of a task on its lane: the cost model of sim/README.md.
// compute: flop / speed (a server lane gets one core); transfer: latency + bytes / bandwidth.
#pragma once
#include "graph/task_graph.hpp"
#include "scenario/scenario.hpp"

namespace pipar {

class CostModel {
public:
  CostModel(const TaskGraph& g, const Scenario& s);
  double duration(TaskId t) const {
    const Task& task = g_.task(t);
    const LaneCost& c = lane_[task.lane];
    return c.fixed + task.amount / c.rate;
  }

private:
  struct LaneCost {
    double rate;  ///< flop/s or bytes/s
    double fixed; ///< s (link latency)
  };
  const TaskGraph& g_;
  std::vector<LaneCost> lane_;
};

} // namespace pipar
