// The server's fair sharing computed exactly in O(log n) per event: generalised processor sharing
// (GPS) with a virtual clock. With n tasks active on `cores` cores of `speed` flop/s each, every task
// is served at r(n) = min(speed, cores x speed / n) flop/s (one core at most, the cores shared
// equally): the max-min sharing SimGrid's solver computes for one-core executions on a multi-core
// host. All active tasks get the same rate, so one virtual clock V (flop served to each active task
// since the start) describes them all: a task of w flop arriving when the clock reads V ends when
// it reads V + w (its tag), and tasks end in tag order. Between events V grows at r(n); an arrival
// or an end only changes n. Pure bookkeeping: no SimGrid, no allocation once reserve()d.
#pragma once
#include "graph/task_graph.hpp"

#include <cstdint>
#include <vector>

namespace pipar {

class GpsQueue {
public:
  GpsQueue(int cores, double speed_per_core);
  void reserve(size_t tasks) { heap_.reserve(tasks); }

  /// A task of `work` flop starts being served at `now` (>= every earlier event).
  void arrive(double now, TaskId t, double work);
  bool empty() const { return heap_.empty(); }
  size_t active() const { return heap_.size(); }
  /// When the next task ends if nothing arrives before (infinity when empty).
  double next_end() const;
  /// Ends, at `when` (= next_end()), the task with the smallest tag and every task with the same
  /// tag, appending them to `out` in arrival order.
  void end_next(double when, std::vector<TaskId>& out);

private:
  struct Entry {
    double tag;        ///< virtual time at which the task ends
    std::uint64_t seq; ///< arrival order, for ties
    TaskId task;
  };
  double rate() const; ///< flop/s each active task gets
  void advance(double now);

  double cores_, speed_;
  double v_ = 0;    ///< virtual time at t_
  double t_ = 0;    ///< last time v_ was brought up to date
  std::uint64_t seq_ = 0;
  std::vector<Entry> heap_; ///< min-heap on (tag, seq)
};

} // namespace pipar
