// What the two time-ordered evaluators of a TaskGraph share (eval/wire_path.cpp, the critical path
// under the wire's CPU load; replay/event_engine.cpp, the event replay): each lane runs its tasks in
// their order, one at a time; a task may start once its explicit dependencies have ended (a
// transfer's end is its arrival, a latency after its wire end) and CommCosts::ready allows it
// (hand-offs: else its lane waits for a Ready event); events wait in one binary heap, simultaneous
// ones handled in the order they were scheduled.
//
// A CRTP base: Derived supplies cost() (its CostModel), start(l, t, now) (how task t, started on
// lane l at `now`, runs: an end event, a share of the server, ...) and left(t, l, now) (what lane l
// does once t has left it, before t's successors are told), and its event kinds Kind, which include
// Kind::Arrival (transfer `id` arrives: call release) and Kind::Ready (lane `id` may go on: call
// ready). Derived runs the event loop itself.
#pragma once
#include "eval/cost_model.hpp"
#include "eval/timeline.hpp"
#include "graph/huge_pages.hpp"

#include <algorithm>
#include <cstdint>
#include <limits>
#include <stdexcept>
#include <string>
#include <vector>

namespace pipar {

template <class Derived, class Kind> class LaneWalk {
protected:
  struct Event {
    double time;
    std::uint64_t seq; ///< scheduling order: simultaneous events are handled in the order they were scheduled
    std::uint32_t id;  ///< a task or a lane, by kind
    Kind kind;
  };
  struct Later { // a type, not a function pointer: the heap operations inline it
    bool operator()(const Event& a, const Event& b) const {
      return a.time > b.time || (a.time == b.time && a.seq > b.seq);
    }
  };

  explicit LaneWalk(const TaskGraph& g) : g_(g), ix_(g.build_index()) {
    assign_huge(pending_, g.size(), std::uint32_t{0});
    for (TaskId t = 0; t < g.size(); ++t)
      pending_[t] = g.task(t).dep_count;
    next_.assign(ix_.lane_begin.begin(), ix_.lane_begin.end() - 1);
    busy_.assign(g.lane_count(), 0);
    ready_wait_.assign(g.lane_count(), 0);
    assign_huge(tl_.start, g.size(), 0.0);
    assign_huge(tl_.end, g.size(), std::numeric_limits<double>::quiet_NaN()); // NaN until the task ends
  }

  /// Adds an event; returns its sequence number.
  std::uint64_t schedule(Kind kind, std::uint32_t id, double when) {
    heap_.push_back({when, seq_, id, kind});
    std::push_heap(heap_.begin(), heap_.end(), Later{});
    return seq_++;
  }
  /// Removes and returns the earliest event (the heap must not be empty).
  Event pop() {
    std::pop_heap(heap_.begin(), heap_.end(), Later{});
    const Event e = heap_.back();
    heap_.pop_back();
    return e;
  }

  /// Starts lane l's next task at `now` if the lane is idle, the task's dependencies have ended and
  /// its hand-offs are over; if only the hand-offs hold it, the lane waits for a Ready event.
  void try_start(LaneId l, double now) {
    if (busy_[l] || next_[l] == ix_.lane_begin[l + 1])
      return;
    const TaskId t = ix_.lane_tasks[next_[l]];
    if (pending_[t] > 0 || ready_wait_[l])
      return;
    const double ready = self().cost().comm().ready(g_, t, tl_.end); // messages in flight, hand-offs
    if (ready > now) {
      ready_wait_[l] = 1;
      schedule(Kind::Ready, l, ready);
      return;
    }
    busy_[l] = 1;
    tl_.start[t] = now;
    self().start(l, t, now);
  }
  /// A Ready event: lane l's next task may start now.
  void ready(LaneId l, double now) {
    ready_wait_[l] = 0;
    try_start(l, now);
  }

  /// Task t leaves its lane at `now`; its successors may start at its end (a transfer's arrival).
  void finish(TaskId t, double now) {
    const LaneId l = g_.task(t).lane;
    const double delay = self().cost().delay(t);
    tl_.end[t] = now + delay;
    busy_[l] = 0;
    ++next_[l];
    self().left(t, l, now);
    if (delay > 0)
      schedule(Kind::Arrival, t, now + delay);
    else
      release(t, now);
    try_start(l, now);
  }

  /// Task t has ended (arrived): successors whose last dependency it was may start.
  void release(TaskId t, double now) {
    for (std::uint32_t k = ix_.succ_begin[t]; k < ix_.succ_begin[t + 1]; ++k) {
      const TaskId s = ix_.succ[k];
      if (--pending_[s] == 0)
        try_start(g_.task(s).lane, now);
    }
  }

  /// Once the events are spent: a lane that did not finish waits on a task that cannot run.
  void check_all_ran(const char* who) const {
    for (LaneId l = 0; l < g_.lane_count(); ++l)
      if (next_[l] != ix_.lane_begin[l + 1])
        throw std::logic_error(std::string(who) + ": lane " + g_.lane(l).name + " never ran task " +
                               g_.label(ix_.lane_tasks[next_[l]]) + " (a dependency cycle)");
  }

  const TaskGraph& g_;
  TaskGraph::Index ix_;
  std::vector<std::uint32_t> pending_;   ///< unfinished explicit dependencies per task
  std::vector<std::uint32_t> next_;      ///< per lane: position of its next task in ix_.lane_tasks
  std::vector<std::uint8_t> busy_;       ///< per lane: a task is running (or queued for a core)
  std::vector<std::uint8_t> ready_wait_; ///< per lane: a Ready event is pending (its next task awaits hand-offs)
  std::vector<Event> heap_;              ///< min-heap of events
  std::uint64_t seq_ = 0;
  Timeline tl_;

private:
  Derived& self() { return static_cast<Derived&>(*this); }
};

} // namespace pipar
