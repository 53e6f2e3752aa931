// Dropouts during an evaluation (README "Availability and dropouts"), shared by the critical path
// and the SimGrid replay. Every task belongs to a device and a round (its owner):
//   - a device's cpu, uplink, downlink and server-replica tasks belong to that device; SL's server
//     tasks to the device whose activations they process; the aggregator's tasks to nobody;
//   - rounds follow the graph's order: a task belongs to round r when r round closers precede it
//     (a closer is round r's averaging, or in SL round r's last hand-over upload); so the download
//     of round r's average belongs to round r + 1 (the model that round starts from), and the
//     downloads after the last round to nobody (the trained model always goes back).
// A round starts when its predecessor's closer ends (0 for the first). Device d leaves round r at
//   tau(d, r) = min(start + round_deadline_s, start + v x span(d, r) if drawn, first offline time
//               >= start in the availability trace),
// where span(d, r) is how long d's round r lasts in the critical path without dropouts and v is
// uniform; a draw happens with probability dropout_probability (seeded, one stream). A task of
// (d, r) that would start at or after tau is cancelled (it ends where it would have started,
// having done nothing); one running at tau stops there (its partial work is lost). Every task of
// a device that left a round is wasted: the round's aggregation covers the devices that finished.
#pragma once
#include "eval/timeline.hpp"
#include "graph/task_graph.hpp"

#include <cstdint>
#include <limits>
#include <vector>

namespace pipar {

struct Scenario;

/// Owner device (-1: nobody) and round of every task (see above).
struct TaskOwners {
  std::vector<std::int32_t> device;
  std::vector<std::uint32_t> round;
  std::vector<TaskId> closer; ///< per round, the task that closes it
  int rounds = 0;
};
TaskOwners task_owners(const TaskGraph& g, const Scenario& s);

class Dropouts {
public:
  static constexpr double kNever = std::numeric_limits<double>::infinity();
  /// Needs the scenario's availability to be active (Scenario::availability.active()).
  Dropouts(const TaskGraph& g, const Scenario& s);
  /// When task t's device leaves t's round (kNever if it does not, or t cannot be dropped). Valid
  /// once the closer of the previous round has been reported ended (always true in a forward pass).
  double drop_time(TaskId t);
  /// Reports that task t ended at `end` (closers start the next round).
  void ended(TaskId t, double end);
  const TaskOwners& owners() const { return own_; }

private:
  const Scenario& s_;
  TaskOwners own_;
  std::vector<double> round_start_;
  std::vector<double> tau_;   ///< per (round, device): cached drop time, NaN until computed
  std::vector<double> draw_;  ///< per (round, device): v x span when a dropout was drawn, else -1
  size_t n_ = 0;
};

/// Runs `dur` seconds of a task from `start` under drop time `tau`: the end, and the fraction of
/// its work done (1 unless it was cancelled or cut). A transfer's first `latency` seconds move no
/// bytes, so a transfer cut at tau has moved (tau - start - latency) / (dur - latency) of them.
struct Cut {
  double end, done;
};
inline Cut cut_at(double start, double dur, double tau, double latency = 0) {
  if (tau <= start)
    return {start, 0.0};
  if (tau < start + dur)
    return {tau, dur > latency && tau > start + latency ? (tau - start - latency) / (dur - latency) : 0.0};
  return {start + dur, 1.0};
}

} // namespace pipar
