// Energy from a timeline (README "Energy"), the same for every evaluator and every scheduler:
//   a device's compute   idle_w x makespan + (busy_w - idle_w) x its compute work at peak speed
//                        (flop / speed: the busy seconds when the speed is not traced)
//   a device's radio     radio_idle_w x makespan + (radio_tx_w - radio_idle_w) x uplink airtime
//                        + (radio_rx_w - radio_idle_w) x downlink airtime, where a transfer's
//                        airtime is its whole duration, latency included (the link's busy time)
//   the server           idle_w x makespan + (busy_w - idle_w) / cores x core-seconds computed
// These are the integrals SimGrid's energy plugins compute (replay/platform.cpp sets the matching
// host and link properties); tests/energy_test.cpp checks them against the plugins and closed forms.
#pragma once
#include "eval/timeline.hpp"
#include "graph/task_graph.hpp"
#include "scenario/scenario.hpp"

#include <vector>

namespace pipar {

struct EnergyUse {
  std::vector<double> compute_j; ///< per device: its CPU (idle and busy)
  std::vector<double> up_j;      ///< per device: radio idle power over the run + sending
  std::vector<double> down_j;    ///< per device: receiving (above idle)
  double server_j = 0;
  double radio_j(size_t d) const { return up_j[d] + down_j[d]; }
  double devices_j() const; ///< all devices, compute and radio
};

/// The joules SimGrid's energy plugins counted (ReplayResult::energy_measured_j: per device its
/// host, uplink and downlink, then the server) in the same form.
EnergyUse energy_from_plugins(const std::vector<double>& measured_j, size_t devices);

/// Energy of every device and of the server over [0, makespan] of `tl`.
EnergyUse energy_from_timeline(const TaskGraph& g, const Timeline& tl, const Scenario& s);

/// Joules above idle of one task: compute, its work at peak speed (the part that ran, with
/// dropouts); a transfer, its duration; the server, (busy - idle) / cores per core-second.
double task_active_energy_j(const TaskGraph& g, TaskId t, const Timeline& tl, const Scenario& s);

} // namespace pipar
