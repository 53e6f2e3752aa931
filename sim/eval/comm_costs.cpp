#include "eval/comm_costs.hpp"

#include "sched/variability.hpp"

#include <algorithm>
#include <cmath>

namespace pipar {

double tcp_stall(double bytes, double window, double rate, double rtt, double growth) {
  const double bdp = rate * rtt; // bytes the link holds in one round trip
  // Round k sends the window w g^k and then waits (rtt - w g^k / rate of the link idle) while
  // w g^k < bdp and bytes are left after it: bytes > w (g^(k+1) - 1) / (g - 1). Both hold for the
  // first rounds only, so the waits are rounds 0..n-1 with n the first k where one fails: in closed
  // form (a loop would run ~log(bdp / w) / log(g) times per message), then checked exactly.
  const auto waits = [&](double k) {
    const double gk = std::pow(growth, k);
    return window * gk < bdp && bytes > window * (gk * growth - 1) / (growth - 1);
  };
  if (!waits(0))
    return 0;
  const double lg = std::log(growth);
  double n = std::ceil(std::min(std::log(bdp / window) / lg, std::log1p(bytes * (growth - 1) / window) / lg - 1));
  n = std::max(n, 1.0);
  for (int step = 0; step < 4 && n > 1 && !waits(n - 1); ++step) // rounding of the logarithms
    --n;
  for (int step = 0; step < 4 && waits(n); ++step)
    ++n;
  return n * rtt - window * (std::pow(growth, n) - 1) / (growth - 1) / rate;
}

namespace {

/// Each link lane's transfers in order: the stall of each under the window the bytes before it grew.
void add_tcp_stalls(const TaskGraph& g, const TaskGraph::Index& ix, const Scenario& s, CommCosts& c) {
  for (LaneId l = 0; l < g.lane_count(); ++l) {
    const Lane& lane = g.lane(l);
    if (!is_transfer(lane.resource))
      continue;
    const DeviceSpec& d = s.devices.at(static_cast<size_t>(lane.device));
    const double rate = lane.resource == Resource::Uplink ? d.uplink_bps : d.downlink_bps;
    double window = s.comm.tcp_initial_window_bytes;
    for (std::uint32_t i = ix.lane_begin[l]; i < ix.lane_begin[l + 1]; ++i) {
      const TaskId t = ix.lane_tasks[i];
      c.extra_s[t] += tcp_stall(g.task(t).amount, window, rate, 2 * d.latency_s, s.comm.tcp_window_growth);
      window += (s.comm.tcp_window_growth - 1) * g.task(t).amount;
    }
  }
}

} // namespace

CommCosts comm_costs(const TaskGraph& g, const Scenario& s) {
  CommCosts c;
  c.lane_delay.assign(g.lane_count(), 0.0);
  c.compute_lane.assign(g.lane_count(), false);
  c.cpu_speed.assign(g.lane_count(), 0.0);
  for (LaneId l = 0; l < g.lane_count(); ++l) {
    const Lane& lane = g.lane(l);
    if (is_transfer(lane.resource))
      c.lane_delay[l] = s.devices.at(static_cast<size_t>(lane.device)).latency_s;
    else
      c.compute_lane[l] = true;
    if (lane.resource == Resource::DeviceCpu)
      c.cpu_speed[l] = s.devices.at(static_cast<size_t>(lane.device)).speed;
    else if (lane.resource == Resource::Server)
      c.cpu_speed[l] = s.server.speed_per_core;
  }
  c.comm = s.comm;
  if (s.comm.wire_cpu_per_byte_s > 0) {
    c.wire_max_share = s.comm.wire_cpu_max_share;
    c.wire_send_fraction = s.comm.wire_cpu_send_fraction;
    if (s.comm.wire_cpu_send_fraction_backward != s.comm.wire_cpu_send_fraction) {
      c.wire_send_weight.assign(g.size(), c.wire_send_fraction);
      for (TaskId t = 0; t < g.size(); ++t)
        if (g.task(t).op == Op::Backward)
          c.wire_send_weight[t] = s.comm.wire_cpu_send_fraction_backward;
    }
    if (s.comm.wire_cpu_cv > 0) { // a stream of its own: not the draws of variability.compute_cv
      c.wire_factor.assign(g.size(), 1.0);
      const std::uint64_t stream = s.seed ^ 0x77697265637075ull; // "wirecpu"
      for (TaskId t = 0; t < g.size(); ++t)
        if (!is_transfer(g.lane(g.task(t).lane).resource))
          c.wire_factor[t] = variability_factor(stream, t, s.comm.wire_cpu_cv);
    }
    c.wire_load.assign(g.lane_count(), 0.0);
    c.wire_side.assign(g.lane_count(), CommCosts::kNoSide);
    c.side_lanes.resize(2 * s.devices.size());
    for (LaneId l = 0; l < g.lane_count(); ++l) {
      const Lane& lane = g.lane(l);
      if (lane.device < 0)
        continue;
      const std::uint32_t cpu_side = 2 * static_cast<std::uint32_t>(lane.device);
      if (!is_transfer(lane.resource)) {
        c.wire_side[l] = cpu_side + (lane.resource == Resource::Server);
        c.side_lanes[c.wire_side[l]].push_back(l);
        continue;
      }
      const DeviceSpec& d = s.devices.at(static_cast<size_t>(lane.device));
      c.wire_load[l] = s.comm.wire_cpu_per_byte_s * (lane.resource == Resource::Uplink ? d.uplink_bps : d.downlink_bps);
      c.wire_side[l] = cpu_side + (lane.resource == Resource::Downlink); // the sender
    }
  }
  const bool tcp = s.comm.tcp_initial_window_bytes > 0;
  const bool per_message = s.comm.cpu_per_message_s > 0 || s.comm.cpu_per_byte_s > 0;
  if (!tcp && !per_message)
    return c;
  const TaskGraph::Index ix = g.build_index();
  c.extra_s.assign(g.size(), 0.0);
  if (tcp)
    add_tcp_stalls(g, ix, s, c);
  if (!per_message)
    return c;
  // The sender's share goes to the task after the producer on the producer's lane; the receiver's
  // to every compute task that depends on the message.
  std::vector<std::uint32_t> pos(g.size());
  for (LaneId l = 0; l < g.lane_count(); ++l)
    for (std::uint32_t i = ix.lane_begin[l]; i < ix.lane_begin[l + 1]; ++i)
      pos[ix.lane_tasks[i]] = i;
  for (TaskId t = 0; t < g.size(); ++t) {
    const Task& task = g.task(t);
    if (c.compute_lane[task.lane] || !(task.op == Op::Activations || task.op == Op::Gradients))
      continue; // model transfers go between rounds, while the receiver only waits
    const double cpu = s.comm.cpu_per_message_s + s.comm.cpu_per_byte_s * task.amount;
    for (const TaskId* d = g.deps_begin(t); d != g.deps_end(t); ++d) {
      const LaneId pl = g.task(*d).lane;
      if (!c.compute_lane[pl])
        continue;
      const std::uint32_t next = pos[*d] + 1;
      c.extra_s[next < ix.lane_begin[pl + 1] ? ix.lane_tasks[next] : *d] += cpu;
      break; // one sender
    }
    for (std::uint32_t k = ix.succ_begin[t]; k < ix.succ_begin[t + 1]; ++k)
      if (c.compute_lane[g.task(ix.succ[k]).lane])
        c.extra_s[ix.succ[k]] += cpu;
  }
  return c;
}

} // namespace pipar
