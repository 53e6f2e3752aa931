// What happens between lanes, shared by the critical-path evaluator and the SimGrid replay (so that
// for one device they still agree): links as pipes, the hand-off latency of a dependency, and the
// CPU time communication costs on the compute lanes of the sender and the receiver.
//
// - A transfer occupies its link for bytes / bandwidth (its wire time); its latency delays its
//   arrival without holding the link: the next message on the lane starts at the previous one's
//   wire end, and a transfer's recorded end is its arrival (wire end + latency).
// - A task on a compute lane that depends on a task of another lane starts no earlier than that
//   task's end + communication.handoff_s (a message arrives -> the compute thread that needs it runs).
// - Each micro-batch message (activations, gradients; not the models of an aggregation) costs cpu_per_message_s + cpu_per_byte_s x bytes of CPU time twice:
//   on the sender's compute lane (added to the next task of the lane that produced it: the sender's
//   core computes slower while it sends) and on the receiver's (added to each compute task that
//   consumes it). See sim/README.md, "Cost model".
#pragma once
#include "graph/task_graph.hpp"
#include "scenario/scenario.hpp"

#include <vector>

namespace pipar {

struct CommCosts {
  std::vector<double> lane_delay; ///< per lane: seconds between a transfer's wire end and its arrival
  std::vector<bool> compute_lane; ///< per lane: a compute lane (hand-offs apply to its dependencies)
  double handoff_s = 0;
  std::vector<double> extra_s;    ///< per task: CPU seconds of communication it also runs (empty: none)
  std::vector<double> cpu_speed;  ///< per lane: nominal flop/s of a compute lane (turns extra_s into flop)

  double extra(TaskId t) const { return extra_s.empty() ? 0.0 : extra_s[t]; }
  /// Earliest start of t allowed by its explicit dependencies, given their (arrival) ends.
  double ready(const TaskGraph& g, TaskId t, const std::vector<double>& end) const {
    const LaneId l = g.task(t).lane;
    const double h = compute_lane[l] ? handoff_s : 0.0;
    double r = 0;
    for (const TaskId* d = g.deps_begin(t); d != g.deps_end(t); ++d)
      r = std::max(r, end[*d] + (g.task(*d).lane != l ? h : 0.0));
    return r;
  }
};

CommCosts comm_costs(const TaskGraph& g, const Scenario& s);

} // namespace pipar
