#include "replay/event_engine.hpp"

#include "eval/cost_model.hpp"
#include "graph/huge_pages.hpp"
#include "replay/gps_queue.hpp"

#include <algorithm>
#include <limits>
#include <stdexcept>

namespace pipar {

std::string simgrid_needed(const Scenario& s, const ReplayOptions& opt) {
  if (opt.simgrid_engine)
    return "the SimGrid engine was asked for";
  if (opt.realistic_network)
    return "the realistic network model";
  if (opt.measure_loads)
    return "load measurement (SimGrid's load plugins)";
  if (opt.measure_energy)
    return "energy measurement (SimGrid's energy plugins)";
  for (const auto& a : opt.simgrid_args)
    if (a.rfind("--cfg=", 0) == 0)
      return "SimGrid configuration flags";
  if (s.availability.active())
    return "dropouts, a round deadline or availability traces (tasks cut when their device leaves)";
  if (s.server.nic_bps > 0)
    return "a shared server NIC";
  if (s.comm.wire_cpu_per_byte_s > 0)
    return "the wire's CPU load (communication.wire_cpu_per_byte_s: computes slow down while transfers run)";
  for (const auto& d : s.devices)
    if (d.speed_trace || d.uplink_trace || d.downlink_trace)
      return "speed or bandwidth traces";
  return "";
}

bool gps_in_simgrid(const Scenario& s, const ReplayOptions& opt) {
  // Dropped server tasks and the energy plugin need the server's work as SimGrid executions.
  // So does the wire's CPU load, which SimGrid shares with the server's computes.
  if (opt.server_fifo || opt.simgrid_engine || opt.measure_loads || opt.measure_energy || s.availability.active() ||
      s.comm.wire_cpu_per_byte_s > 0)
    return false;
  for (const auto& a : opt.simgrid_args)
    if (a.rfind("--cfg=", 0) == 0)
      return false;
  return true;
}

namespace {

constexpr TaskId kNone = std::numeric_limits<TaskId>::max();

class EventReplayer {
public:
  EventReplayer(const TaskGraph& g, const Scenario& s, bool server_fifo)
      : g_(g), cost_(g, s), ix_(g.build_index()), gps_(s.server.cores, s.server.speed_per_core),
        fifo_(server_fifo), free_cores_(s.server.cores), speed_(s.server.speed_per_core) {
    assign_huge(pending_, g.size(), std::uint32_t{0});
    for (TaskId t = 0; t < g.size(); ++t)
      pending_[t] = g.task(t).dep_count;
    next_.assign(ix_.lane_begin.begin(), ix_.lane_begin.end() - 1);
    busy_.assign(g.lane_count(), 0);
    ready_wait_.assign(g.lane_count(), 0);
    on_server_.reserve(g.lane_count());
    for (const Lane& l : g.lanes())
      on_server_.push_back(l.resource == Resource::Server);
    assign_huge(tl_.start, g.size(), 0.0);
    assign_huge(tl_.end, g.size(), std::numeric_limits<double>::quiet_NaN()); // NaN until the task ends
    size_t server_lanes = 0;
    for (const Lane& l : g.lanes())
      server_lanes += l.resource == Resource::Server;
    // At most one task per lane is running or queued: these never grow during the replay.
    heap_.reserve(2 * g.lane_count()); // grows only with the messages in flight
    gps_.reserve(server_lanes);
    core_queue_.assign(std::max<size_t>(server_lanes, 1), kNone);
    ended_.reserve(server_lanes);
  }

  Timeline run() {
    for (LaneId l = 0; l < g_.lane_count(); ++l)
      try_start(l, 0.0);
    for (;;) {
      const double th = heap_.empty() ? std::numeric_limits<double>::infinity() : heap_.front().time;
      const double tg = gps_.next_end();
      if (th == std::numeric_limits<double>::infinity() && tg == th)
        break;
      if (th <= tg) {
        std::pop_heap(heap_.begin(), heap_.end(), Later{});
        const Event e = heap_.back();
        heap_.pop_back();
        switch (e.kind) {
        case Kind::LaneFree: finish(e.id, e.time); break;
        case Kind::Arrival: release(e.id, e.time); break;
        case Kind::Ready:
          ready_wait_[e.id] = 0;
          try_start(e.id, e.time);
          break;
        }
      } else {
        ended_.clear();
        gps_.end_next(tg, ended_);
        for (size_t i = 0; i < ended_.size(); ++i) // finish() may add arrivals, never ends: ended_ is stable
          finish(ended_[i], tg);
      }
    }
    // Events left at an infinite time (a zero speed, a task of infinite work) leave their tasks'
    // ends NaN for the caller's end check (run/run.cpp); with no event left, a lane that did not
    // finish waits on a task that cannot run.
    if (!heap_.empty())
      return std::move(tl_);
    for (LaneId l = 0; l < g_.lane_count(); ++l)
      if (next_[l] != ix_.lane_begin[l + 1])
        throw std::logic_error("replay: lane " + g_.lane(l).name + " never ran task " + g_.label(ix_.lane_tasks[next_[l]]) +
                               " (a dependency cycle)");
    return std::move(tl_);
  }

private:
  /// LaneFree: task `id` leaves its lane (a transfer's wire end, a computation's end). Arrival:
  /// transfer `id` arrives, a latency after its wire end (links are pipes, eval/comm_costs.hpp).
  /// Ready: lane `id` may start its next task (its messages have arrived, the hand-off is over).
  enum class Kind : std::uint8_t { LaneFree, Arrival, Ready };
  struct Event {
    double time;
    std::uint64_t seq; ///< scheduling order: simultaneous events are handled in the order they were scheduled
    std::uint32_t id;
    Kind kind;
  };
  struct Later { // a type, not a function pointer: the heap operations inline it
    bool operator()(const Event& a, const Event& b) const {
      return a.time > b.time || (a.time == b.time && a.seq > b.seq);
    }
  };

  void schedule(Kind kind, std::uint32_t id, double when) {
    heap_.push_back({when, seq_++, id, kind});
    std::push_heap(heap_.begin(), heap_.end(), Later{});
  }
  void schedule_end(TaskId t, double when) { schedule(Kind::LaneFree, t, when); }
  /// A server task's work: its flop plus the CPU time of the communication it runs.
  double server_amount(TaskId t) const {
    return g_.task(t).amount + cost_.comm().extra(t) * cost_.comm().cpu_speed[g_.task(t).lane];
  }

  /// Starts lane l's next task at `now` if the lane is idle and the task's dependencies are done.
  void try_start(LaneId l, double now) {
    if (busy_[l] || next_[l] == ix_.lane_begin[l + 1])
      return;
    const TaskId t = ix_.lane_tasks[next_[l]];
    if (pending_[t] > 0 || ready_wait_[l])
      return;
    const double ready = cost_.comm().ready(g_, t, tl_.end); // messages in flight, hand-offs
    if (ready > now) {
      ready_wait_[l] = 1;
      schedule(Kind::Ready, l, ready);
      return;
    }
    busy_[l] = 1;
    tl_.start[t] = now;
    if (!on_server_[l]) {
      schedule_end(t, now + cost_.occupancy(t));
    } else if (!fifo_) {
      gps_.arrive(now, t, server_amount(t));
    } else if (free_cores_ > 0) {
      --free_cores_;
      schedule_end(t, now + server_amount(t) / speed_);
    } else {
      core_queue_[(queue_head_ + queued_++) % core_queue_.size()] = t; // its start is set again when it gets a core
    }
  }

  /// Task t leaves its lane at `now`; its successors may start at its end (a transfer's arrival).
  void finish(TaskId t, double now) {
    const double delay = cost_.delay(t);
    tl_.end[t] = now + delay;
    const LaneId l = g_.task(t).lane;
    busy_[l] = 0;
    ++next_[l];
    if (fifo_ && on_server_[l]) { // hand the core over before anything else arrives
      if (queued_ > 0) {
        const TaskId q = core_queue_[queue_head_];
        queue_head_ = (queue_head_ + 1) % core_queue_.size();
        --queued_;
        tl_.start[q] = now;
        schedule_end(q, now + server_amount(q) / speed_);
      } else {
        ++free_cores_;
      }
    }
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

  const TaskGraph& g_;
  CostModel cost_;
  TaskGraph::Index ix_;
  std::vector<std::uint32_t> pending_; ///< unfinished explicit dependencies per task
  std::vector<std::uint32_t> next_;    ///< per lane: position of its next task in ix_.lane_tasks
  std::vector<std::uint8_t> busy_;     ///< per lane: a task is running (or queued for a core)
  std::vector<std::uint8_t> ready_wait_; ///< per lane: a Ready event is pending (its next task awaits arrivals)
  std::vector<std::uint8_t> on_server_; ///< per lane: a server lane (compact: Lane holds a name)
  std::vector<Event> heap_;            ///< min-heap of task ends (device lanes, FIFO server tasks)
  std::uint64_t seq_ = 0;
  GpsQueue gps_;                       ///< fair sharing: the running server tasks
  std::vector<TaskId> ended_;
  bool fifo_;
  int free_cores_;
  double speed_;
  std::vector<TaskId> core_queue_; ///< FIFO: ring of server tasks waiting for a core (one per lane at most)
  size_t queue_head_ = 0, queued_ = 0;
  Timeline tl_;
};

} // namespace

ReplayResult replay_events(const TaskGraph& g, const Scenario& s, const ReplayOptions& opt) {
  ReplayResult out;
  out.timeline = EventReplayer(g, s, opt.server_fifo).run();
  out.lane_bytes_measured.assign(g.lane_count(), 0.0);
  out.host_flops_measured.assign(s.devices.size() + 1, 0.0);
  out.energy_measured_j.assign(3 * s.devices.size() + 1, 0.0); // what replay_isolated's pipe expects
  return out;
}

} // namespace pipar
