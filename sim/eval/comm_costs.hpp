// What happens between lanes, shared by the critical-path evaluator and the SimGrid replay (so that
// for one device they still agree): links as pipes, the hand-off latency of a dependency, and the
// CPU time communication costs on the compute lanes of the sender and the receiver.
//
// - A transfer occupies its link for bytes / bandwidth (its wire time); its latency delays its
//   arrival without holding the link: the next message on the lane starts at the previous one's
//   wire end, and a transfer's recorded end is its arrival (wire end + latency).
// - A task on a compute lane that depends on a task of another lane starts no earlier than that
//   task's end + communication.handoff_s (a message arrives -> the compute thread that needs it runs).
// - A transfer that depends on a task of another lane (the compute that produced it, or a message it
//   passes on) enters its link no earlier than that task's end + communication.send_delay_s +
//   send_delay_per_byte_s x its bytes (the message is handed to the sending thread, which
//   serialises it before the first byte leaves; wall time, not
//   the link's: a message queued behind another on its link is ready before the link is free, and
//   the delay is hidden). Measured as the first byte's delay after a message is put on an idle link
//   (the measurement campaign, medians by size): 0.5-0.75 ms up to 0.4 MB, 2.6 ms at 1.6 MB, 7 ms at
//   3.3 MB; validate uses the line 0.26 ms + 1.5 ns per byte (README "Validation").
// - Each micro-batch message (activations, gradients; not the models of an aggregation) costs cpu_per_message_s + cpu_per_byte_s x bytes of CPU time twice:
//   on the sender's compute lane (added to the next task of the lane that produced it: the sender's
//   core computes slower while it sends) and on the receiver's (added to each compute task that
//   consumes it). See sim/README.md, "Cost model".
// - The wire's CPU load (communication.wire_cpu_per_byte_s = c): while a message leaves its sender
//   (its wire time) and while it arrives at its receiver (the same span, a latency later), each of
//   the two sides spends a load of a core on it: the receiver c x the link's bandwidth (c x bytes of
//   CPU time, when nothing else shares the link), the sender that too, of which a compute feels f
//   (communication.wire_cpu_send_fraction = f, default 1), a backward pass f_b
//   (communication.wire_cpu_send_fraction_backward, default f; measured: forwards and steps slow
//   while their side sends about as much as while it receives, backwards hardly at all; README
//   "Validation"). A device d has two sides: its CPU lane, and the server lanes
//   serving it (the aggregator serves none). With L what a compute feels of its side's messages in
//   transit (the arriving ones' loads + its fraction of the leaving ones') and
//   M = communication.wire_cpu_max_share (default 1), the side's compute lanes give up
//   share(L) = L M / (M + L) of their speed (1 / share = 1 / L + 1 / M): about L while L is small, never
//   more than M, as measured (the share grows slower than the link rate: 0.1 of a core at 1.25 MB/s,
//   about 0.5 at 12.5 MB/s; README "Validation"). Unlike the per-message cost it costs a compute only
//   the part of a transfer it overlaps. With communication.wire_cpu_cv = k > 0 the load comes in
//   bursts: compute task t feels x_t L, x_t its own lognormal factor of mean 1 and coefficient of
//   variation k (sched/variability.hpp, from the seed and t on a stream of its own), so a short
//   compute that overlaps a transfer varies much, and one that overlaps none not at all.
//   Evaluated in time order by the critical path (eval/wire_path.cpp) and by the SimGrid replay
//   (replay/replay.cpp), not by the event engine.
// - TCP slow start (communication.tcp_initial_window_bytes = w0 > 0): each link direction is one
//   connection. Its congestion window starts at w0 and grows g - 1 bytes per byte acknowledged, so
//   g-fold each round trip R = 2 x the device's latency (communication.tcp_window_growth = g in
//   [1.25, 2], default 2: a byte per byte, RFC 5681; delayed acknowledgements make it less), while it is below the
//   link's bandwidth-delay product C R. A message of S bytes that starts with window w sends w bytes,
//   waits for their acknowledgements (R - w / C of the link idle), sends g w, ... until the window
//   covers C R, then the rest at the full rate: it holds its link tcp_stall() seconds longer than
//   S / C. The window a message starts with follows from the bytes before it on its link (w0 + (g - 1)
//   x those bytes, as if every earlier message were acknowledged), so the stall is a fixed extra occupancy of the transfer
//   (extra_s) that every evaluator adds alike. Not modelled: the restart after idle (RFC 2861;
//   measured: 0.4-0.7 ms a message at the median after 0.2-1 s idle, up to 15 ms in one run, README
//   "Validation"), a
//   window limited by the receiver or by losses. With latency 0 the product is 0: no stall.
#pragma once
#include "graph/task_graph.hpp"
#include "scenario/scenario.hpp"

#include <algorithm>
#include <vector>

namespace pipar {

struct CommCosts {
  std::vector<double> lane_delay; ///< per lane: seconds between a transfer's wire end and its arrival
  std::vector<bool> compute_lane; ///< per lane: a compute lane (hand-offs apply to its dependencies)
  CommSpec comm;                  ///< the scenario's communication section (hand-off, send delay)
  std::vector<double> extra_s;    ///< per task: CPU seconds of communication it also runs (empty: none)
  std::vector<double> cpu_speed;  ///< per lane: nominal flop/s of a compute lane (turns extra_s into flop)
  std::vector<double> wire_load;  ///< per lane: cores a message on this link takes on each end's host (empty: none)
  double wire_max_share = 1;      ///< M: the share of a core the summed load approaches as it grows
  double wire_send_fraction = 1;  ///< the sending side's load per message, as a fraction of wire_load
  /// Per task: the fraction of its side's sending load it feels (communication.wire_cpu_send_fraction,
  /// or wire_cpu_send_fraction_backward for a backward pass; empty: wire_send_fraction for every task).
  std::vector<double> wire_send_weight;
  /// Per task: the factor on the load it feels (communication.wire_cpu_cv; empty: 1 for every task).
  std::vector<double> wire_factor;
  /// The wire load's sides (only with it): device d's CPU is side 2d, the server lanes serving d side
  /// 2d + 1. Per lane: a compute lane's side, a link's sending side (its receiving side is ^ 1), or
  /// kNoSide (the aggregator).
  std::vector<std::uint32_t> wire_side;
  std::vector<std::vector<LaneId>> side_lanes; ///< per side: the compute lanes its load slows
  static constexpr std::uint32_t kNoSide = 0xffffffffu;

  /// The share of a core a wire load of `load` cores takes: load M / (M + load), below both.
  double wire_share(double load) const { return wire_cpu_share(load, wire_max_share); }
  /// A compute lane's share of its speed under a wire load of `load` cores (always > 0).
  double wire_rate(double load) const { return 1.0 - wire_share(load); }

  bool wire_cpu() const { return !wire_load.empty(); }
  double wire_task_factor(TaskId t) const { return wire_factor.empty() ? 1.0 : wire_factor[t]; }
  double wire_task_send_weight(TaskId t) const {
    return wire_send_weight.empty() ? wire_send_fraction : wire_send_weight[t];
  }

  double extra(TaskId t) const { return extra_s.empty() ? 0.0 : extra_s[t]; }
  /// Seconds after its producer's end before transfer t may enter its link.
  double send_delay(const TaskGraph& g, TaskId t) const { return comm.send_delay(g.task(t).amount); }
  /// Earliest start of t allowed by its explicit dependencies, given their (arrival) ends: its
  /// dependencies on other lanes a hand-off (a compute task) or a send delay (a transfer) later.
  double ready(const TaskGraph& g, TaskId t, const std::vector<double>& end) const {
    const LaneId l = g.task(t).lane;
    const double h = compute_lane[l] ? comm.handoff_s : send_delay(g, t);
    double r = 0;
    for (const TaskId* d = g.deps_begin(t); d != g.deps_end(t); ++d)
      r = std::max(r, end[*d] + (g.task(*d).lane != l ? h : 0.0));
    return r;
  }
};

CommCosts comm_costs(const TaskGraph& g, const Scenario& s);

/// Seconds a message of `bytes` holds a link of `rate` bytes/s beyond bytes / rate when it starts
/// with a congestion window of `window` bytes, the round trip is `rtt` seconds and the window grows
/// `growth`-fold per round trip (slow start above).
double tcp_stall(double bytes, double window, double rate, double rtt, double growth = 2);

/// The wire's CPU load in transit per side, as both evaluators that model it keep it.
class WireLoads {
public:
  explicit WireLoads(const CommCosts& c)
      : c_(c), send_(c.side_lanes.size(), 0.0), recv_(c.side_lanes.size(), 0.0), on_(c.side_lanes.size(), 0) {}
  /// A message of `link` starts (+1) or stops (-1) loading `side`.
  void change(std::uint32_t side, LaneId link, int on) {
    on_[side] += on;
    std::vector<double>& load = side == c_.wire_side[link] ? send_ : recv_;
    load[side] += on * c_.wire_load[link];
    if (on_[side] <= 0) // exactly 0 once nothing is in transit
      send_[side] = recv_[side] = 0.0;
  }
  /// Compute lane l's share of its speed now, while it runs task t.
  double rate(LaneId l, TaskId t) const {
    const std::uint32_t side = c_.wire_side[l];
    if (side == CommCosts::kNoSide)
      return 1.0;
    return c_.wire_rate((recv_[side] + send_[side] * c_.wire_task_send_weight(t)) * c_.wire_task_factor(t));
  }

private:
  const CommCosts& c_;
  std::vector<double> send_; ///< per side: cores its outgoing messages in transit take (before the weight)
  std::vector<double> recv_; ///< per side: cores its incoming messages in transit take
  std::vector<int> on_;      ///< per side: its messages in transit
};

} // namespace pipar
