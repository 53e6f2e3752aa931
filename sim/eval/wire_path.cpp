#include "eval/wire_path.hpp"

#include <algorithm>
#include <limits>
#include <stdexcept>

namespace pipar {

namespace {

constexpr std::uint64_t kNoEvent = std::numeric_limits<std::uint64_t>::max();

class WirePath {
public:
  WirePath(const TaskGraph& g, const CostModel& cost)
      : g_(g), cost_(cost), ix_(g.build_index()), loads_(cost.comm()) {
    pending_.resize(g.size());
    for (TaskId t = 0; t < g.size(); ++t)
      pending_[t] = g.task(t).dep_count;
    next_.assign(ix_.lane_begin.begin(), ix_.lane_begin.end() - 1);
    const size_t lanes = g.lane_count();
    busy_.assign(lanes, 0);
    ready_wait_.assign(lanes, 0);
    work_.assign(lanes, 0.0);
    rate_.assign(lanes, 1.0);
    since_.assign(lanes, 0.0);
    valid_.assign(lanes, kNoEvent);
    tl_.start.assign(g.size(), 0.0);
    tl_.end.assign(g.size(), std::numeric_limits<double>::quiet_NaN());
  }

  Timeline run() {
    for (LaneId l = 0; l < g_.lane_count(); ++l)
      try_start(l, 0.0);
    while (!heap_.empty()) {
      std::pop_heap(heap_.begin(), heap_.end(), Later{});
      const Event e = heap_.back();
      heap_.pop_back();
      switch (e.kind) {
      case Kind::LaneFree:
        if (valid_[g_.task(e.id).lane] == e.seq) // else the lane's rate changed since: a newer end stands
          finish(e.id, e.time);
        break;
      case Kind::Arrival: release(e.id, e.time); break;
      case Kind::Ready:
        ready_wait_[e.id] = 0;
        try_start(e.id, e.time);
        break;
      case Kind::ReceiverOn: wire(receiver(e.id), e.id, +1, e.time); break;
      case Kind::ReceiverOff: wire(receiver(e.id), e.id, -1, e.time); break;
      }
    }
    for (LaneId l = 0; l < g_.lane_count(); ++l)
      if (next_[l] != ix_.lane_begin[l + 1])
        throw std::logic_error("critical path: lane " + g_.lane(l).name + " never ran task " +
                               g_.label(ix_.lane_tasks[next_[l]]) + " (a dependency cycle)");
    return std::move(tl_);
  }

private:
  /// ReceiverOn / ReceiverOff: link lane `id`'s message starts / stops arriving at its receiver (a
  /// latency after it starts / stops leaving the sender).
  enum class Kind : std::uint8_t { LaneFree, Arrival, Ready, ReceiverOn, ReceiverOff };
  struct Event {
    double time;
    std::uint64_t seq;
    std::uint32_t id; ///< a task (LaneFree, Arrival) or a lane (Ready, ReceiverOn, ReceiverOff)
    Kind kind;
  };
  struct Later {
    bool operator()(const Event& a, const Event& b) const {
      return a.time > b.time || (a.time == b.time && a.seq > b.seq);
    }
  };
  std::uint64_t schedule(Kind kind, std::uint32_t id, double when) {
    heap_.push_back({when, seq_, id, kind});
    std::push_heap(heap_.begin(), heap_.end(), Later{});
    return seq_++;
  }

  /// A link's sending and receiving sides (CommCosts::wire_side).
  std::uint32_t sender(LaneId link) const { return cost_.comm().wire_side[link]; }
  std::uint32_t receiver(LaneId link) const { return sender(link) ^ 1; }
  /// The running compute of lane l ends when its remaining work is done at the lane's current rate.
  void reschedule(LaneId l, TaskId t, double now) {
    valid_[l] = rate_[l] > 0 ? schedule(Kind::LaneFree, t, now + work_[l] / rate_[l]) : kNoEvent;
  }
  /// A message of `link` starts (+1) or stops (-1) loading side d: its computes change rate.
  void wire(std::uint32_t d, LaneId link, int on, double now) {
    loads_.change(d, link, on);
    for (const LaneId m : cost_.comm().side_lanes[d]) {
      if (!busy_[m])
        continue;
      work_[m] = std::max(0.0, work_[m] - (now - since_[m]) * rate_[m]);
      since_[m] = now;
      rate_[m] = loads_.rate(m);
      reschedule(m, ix_.lane_tasks[next_[m]], now);
    }
  }

  /// The receiver's side of link l's message changes at now + latency (at once without latency).
  void on_receiver(LaneId l, Kind kind, double now) {
    const double delay = cost_.comm().lane_delay[l];
    if (delay > 0)
      schedule(kind, l, now + delay);
    else
      wire(receiver(l), l, kind == Kind::ReceiverOn ? +1 : -1, now);
  }

  void try_start(LaneId l, double now) {
    if (busy_[l] || next_[l] == ix_.lane_begin[l + 1])
      return;
    const TaskId t = ix_.lane_tasks[next_[l]];
    if (pending_[t] > 0 || ready_wait_[l])
      return;
    const double ready = cost_.comm().ready(g_, t, tl_.end);
    if (ready > now) {
      ready_wait_[l] = 1;
      schedule(Kind::Ready, l, ready);
      return;
    }
    busy_[l] = 1;
    tl_.start[t] = now;
    if (is_transfer(g_.lane(l).resource)) {
      valid_[l] = schedule(Kind::LaneFree, t, now + cost_.occupancy(t));
      if (cost_.comm().wire_load[l] > 0) { // the sender now, the receiver a latency later
        wire(sender(l), l, +1, now);
        on_receiver(l, Kind::ReceiverOn, now);
      }
      return;
    }
    work_[l] = cost_.occupancy(t); // seconds at the full speed of the lane
    since_[l] = now;
    rate_[l] = loads_.rate(l);
    reschedule(l, t, now);
  }

  void finish(TaskId t, double now) {
    const LaneId l = g_.task(t).lane;
    const double delay = cost_.delay(t);
    tl_.end[t] = now + delay;
    busy_[l] = 0;
    valid_[l] = kNoEvent;
    ++next_[l];
    if (is_transfer(g_.lane(l).resource) && cost_.comm().wire_load[l] > 0) {
      wire(sender(l), l, -1, now);
      on_receiver(l, Kind::ReceiverOff, now);
    }
    if (delay > 0)
      schedule(Kind::Arrival, t, now + delay);
    else
      release(t, now);
    try_start(l, now);
  }

  void release(TaskId t, double now) {
    for (std::uint32_t k = ix_.succ_begin[t]; k < ix_.succ_begin[t + 1]; ++k) {
      const TaskId s = ix_.succ[k];
      if (--pending_[s] == 0)
        try_start(g_.task(s).lane, now);
    }
  }

  const TaskGraph& g_;
  const CostModel& cost_;
  TaskGraph::Index ix_;
  std::vector<std::uint32_t> pending_; ///< unfinished explicit dependencies per task
  std::vector<std::uint32_t> next_;    ///< per lane: position of its next task in ix_.lane_tasks
  std::vector<std::uint8_t> busy_, ready_wait_;
  std::vector<double> work_;   ///< per compute lane: seconds of work left (at full speed) at since_
  std::vector<double> rate_;   ///< per compute lane: its current share of its speed
  std::vector<double> since_;  ///< per compute lane: when work_ was last brought up to date
  std::vector<std::uint64_t> valid_; ///< per lane: the sequence number of its current end event
  WireLoads loads_;
  std::vector<Event> heap_;
  std::uint64_t seq_ = 0;
  Timeline tl_;
};

} // namespace

Timeline critical_path_wire(const TaskGraph& g, const CostModel& cost) { return WirePath(g, cost).run(); }

} // namespace pipar
