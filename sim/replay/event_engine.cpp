#include "replay/event_engine.hpp"

#include "eval/lane_walk.hpp"
#include "replay/gps_queue.hpp"

#include <algorithm>
#include <limits>

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

/// LaneFree: task `id` leaves its lane (a transfer's wire end, a computation's end). Arrival:
/// transfer `id` arrives, a latency after its wire end (links are pipes, eval/comm_costs.hpp).
/// Ready: lane `id` may start its next task (its messages have arrived, the hand-off is over).
enum class EventKind : std::uint8_t { LaneFree, Arrival, Ready };

class EventReplayer : public LaneWalk<EventReplayer, EventKind> {
  using Walk = LaneWalk<EventReplayer, EventKind>;
  friend Walk;
  using Kind = EventKind;

public:
  EventReplayer(const TaskGraph& g, const Scenario& s, bool server_fifo)
      : Walk(g), cost_(g, s), gps_(s.server.cores, s.server.speed_per_core), fifo_(server_fifo),
        free_cores_(s.server.cores), speed_(s.server.speed_per_core) {
    on_server_.reserve(g.lane_count());
    for (const Lane& l : g.lanes())
      on_server_.push_back(l.resource == Resource::Server);
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
        const Event e = pop();
        switch (e.kind) {
        case Kind::LaneFree: finish(e.id, e.time); break;
        case Kind::Arrival: release(e.id, e.time); break;
        case Kind::Ready: ready(e.id, e.time); break;
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
    if (heap_.empty())
      check_all_ran("replay");
    return std::move(tl_);
  }

private:
  const CostModel& cost() const { return cost_; }

  void schedule_end(TaskId t, double when) { schedule(Kind::LaneFree, t, when); }
  /// A server task's work: its flop plus the CPU time of the communication it runs.
  double server_amount(TaskId t) const {
    return g_.task(t).amount + cost_.comm().extra(t) * cost_.comm().cpu_speed[g_.task(t).lane];
  }

  /// LaneWalk: task t starts on lane l. A device lane holds it for its occupancy; a server task
  /// shares the cores (GPS) or takes a free core, else waits for one in arrival order (FIFO).
  void start(LaneId l, TaskId t, double now) {
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

  /// LaneWalk: t has left lane l. FIFO: its core goes to the first waiting server task before
  /// anything else arrives.
  void left(TaskId, LaneId l, double now) {
    if (!fifo_ || !on_server_[l])
      return;
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

  CostModel cost_;
  std::vector<std::uint8_t> on_server_; ///< per lane: a server lane (compact: Lane holds a name)
  GpsQueue gps_;                       ///< fair sharing: the running server tasks
  std::vector<TaskId> ended_;
  bool fifo_;
  int free_cores_;
  double speed_;
  std::vector<TaskId> core_queue_; ///< FIFO: ring of server tasks waiting for a core (one per lane at most)
  size_t queue_head_ = 0, queued_ = 0;
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
