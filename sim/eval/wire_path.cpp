#include "eval/wire_path.hpp"

#include "eval/lane_walk.hpp"

#include <algorithm>
#include <limits>

namespace pipar {

namespace {

constexpr std::uint64_t kNoEvent = std::numeric_limits<std::uint64_t>::max();

/// LaneFree: task `id` leaves its lane (unless its lane's rate changed since: valid_ names the end
/// that stands). Arrival: transfer `id` arrives. Ready: lane `id` may go on. ReceiverOn /
/// ReceiverOff: link lane `id`'s message starts / stops arriving at its receiver (a latency after it
/// starts / stops leaving the sender).
enum class WireKind : std::uint8_t { LaneFree, Arrival, Ready, ReceiverOn, ReceiverOff };

class WirePath : public LaneWalk<WirePath, WireKind> {
  using Walk = LaneWalk<WirePath, WireKind>;
  friend Walk;
  using Kind = WireKind;

public:
  WirePath(const TaskGraph& g, const CostModel& cost) : Walk(g), cost_(cost), loads_(cost.comm()) {
    const size_t lanes = g.lane_count();
    work_.assign(lanes, 0.0);
    rate_.assign(lanes, 1.0);
    since_.assign(lanes, 0.0);
    valid_.assign(lanes, kNoEvent);
  }

  Timeline run() {
    for (LaneId l = 0; l < g_.lane_count(); ++l)
      try_start(l, 0.0);
    while (!heap_.empty()) {
      const Event e = pop();
      switch (e.kind) {
      case Kind::LaneFree:
        if (valid_[g_.task(e.id).lane] == e.seq) // else the lane's rate changed since: a newer end stands
          finish(e.id, e.time);
        break;
      case Kind::Arrival: release(e.id, e.time); break;
      case Kind::Ready: ready(e.id, e.time); break;
      case Kind::ReceiverOn: wire(receiver(e.id), e.id, +1, e.time); break;
      case Kind::ReceiverOff: wire(receiver(e.id), e.id, -1, e.time); break;
      }
    }
    check_all_ran("critical path");
    return std::move(tl_);
  }

private:
  const CostModel& cost() const { return cost_; }

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
      rate_[m] = loads_.rate(m, ix_.lane_tasks[next_[m]]);
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

  /// LaneWalk: task t starts on lane l. A transfer holds its link for its occupancy and loads both
  /// sides; a compute runs its work at the lane's current rate.
  void start(LaneId l, TaskId t, double now) {
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
    rate_[l] = loads_.rate(l, t);
    reschedule(l, t, now);
  }

  /// LaneWalk: t has left lane l; a transfer stops loading its sides.
  void left(TaskId, LaneId l, double now) {
    valid_[l] = kNoEvent;
    if (is_transfer(g_.lane(l).resource) && cost_.comm().wire_load[l] > 0) {
      wire(sender(l), l, -1, now);
      on_receiver(l, Kind::ReceiverOff, now);
    }
  }

  const CostModel& cost_;
  std::vector<double> work_;   ///< per compute lane: seconds of work left (at full speed) at since_
  std::vector<double> rate_;   ///< per compute lane: its current share of its speed
  std::vector<double> since_;  ///< per compute lane: when work_ was last brought up to date
  std::vector<std::uint64_t> valid_; ///< per lane: the sequence number of its current end event
  WireLoads loads_;
};

} // namespace

Timeline critical_path_wire(const TaskGraph& g, const CostModel& cost) { return WirePath(g, cost).run(); }

} // namespace pipar
