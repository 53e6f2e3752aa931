// Metrics read a Timeline of a TaskGraph; they never see the engine that produced it.
// Definitions (the same for every scheduler; README "Metrics"):
//   makespan      end of the last task (training time), s
//   server busy   time when at least one server core computes (union over server lanes), s
//   server idle   makespan - server busy, s
//   utilisation   server core-seconds computing / (cores x makespan)
//   device busy   time the device computes; device idle = makespan - device busy, s
//   link busy     time bytes are on the link's wire (a transfer's end minus its latency), s
//   rounds        round r ends when its last model transfer ends (every device's upload and, where
//                 there is an aggregation, every download of the average); it starts when round
//                 r-1 ended (0 for the first): rounds tile [0, end of the last round] (rounds.cpp)
//   samples       training samples of the rounds' participants that finished their round (forward
//                 + backward each; a dropped device's samples of that round are lost)
//   dropouts      participants and dropped devices per round, work wasted (dropout_metrics.hpp)
//   memory        per device and per server replica, sched/memory.hpp; peaks over devices/replicas
//   energy        per device (compute, radio) and the server from the timeline (energy.hpp); the
//                 total over the devices and the server, and that total per training sample
//   DP overhead   device flop with the scenario's privacy settings minus the same scheduler's
//                 device flop with privacy off, and those flop in seconds of each device's speed
#pragma once
#include "eval/timeline.hpp"
#include "graph/task_graph.hpp"
#include "scenario/scenario.hpp"
#include "sched/registry.hpp"

#include <string>
#include <utility>
#include <vector>

namespace pipar {

struct ResourceUsage {
  std::string name;  ///< "server", "d3.cpu", "d3.up", "d3.down"
  Resource kind;
  int device;        ///< -1 for the server
  double busy_s = 0;
  double idle_s = 0;
  double amount = 0; ///< flop computed or bytes moved
  std::size_t tasks = 0;
  double energy_j = 0; ///< cpu: compute; up: radio idle + sending; down: receiving; server (energy.hpp)
};

struct RoundSpan {
  double start_s = 0, end_s = 0;
};

struct Metrics {
  double makespan_s = 0;
  double server_busy_s = 0, server_idle_s = 0, server_core_seconds = 0, server_utilisation = 0;
  double device_busy_mean_s = 0, device_idle_mean_s = 0, device_idle_max_s = 0;
  double bytes_up = 0, bytes_down = 0;
  std::size_t tasks = 0;
  std::vector<ResourceUsage> resources; ///< server first, then per device: cpu, up, down
  long long samples = 0;                ///< training samples processed, all devices
  std::vector<RoundSpan> rounds;
  std::vector<double> energy_device_compute_j, energy_device_radio_j; ///< per device
  double energy_devices_compute_j = 0, energy_devices_radio_j = 0; ///< sums over devices
  double energy_server_j = 0, energy_total_j = 0, energy_per_sample_j = 0;
  // Client sampling and dropouts (metrics/dropout_metrics.hpp).
  std::vector<int> round_participants, round_dropouts; ///< per round
  long long dropouts = 0;                               ///< (device, round)s dropped
  double wasted_device_s = 0, wasted_server_s = 0, wasted_bytes = 0, wasted_energy_j = 0;
  // Set by add_scheduler_metrics (they depend on the scheduler, not only on the timeline).
  std::vector<double> memory_device_bytes;  ///< per device
  std::vector<double> memory_replica_bytes; ///< per server replica
  double memory_device_peak_bytes = 0, memory_replica_peak_bytes = 0, memory_server_bytes = 0;
  std::size_t memory_devices_over_limit = 0; ///< devices whose need exceeds their memory_bytes (when set)
  double dp_extra_device_flop = 0; ///< all devices
  double dp_extra_device_s = 0;    ///< mean over devices of the extra compute seconds
};

Metrics compute_metrics(const TaskGraph& g, const Timeline& tl, const Scenario& s);

/// Seconds covered by the union of the intervals [start, end] (a side's busy time: overlapping
/// operations count once).
double union_length(std::vector<std::pair<double, double>> iv);

/// Sets the energy of every resource and the totals (compute_metrics takes it from the timeline;
/// `run --energy-plugins` from SimGrid's plugins, metrics/energy.hpp).
struct EnergyUse;
void set_energy_metrics(Metrics& m, const EnergyUse& e);

/// Round boundaries of a replayed graph (definition above).
std::vector<RoundSpan> compute_rounds(const TaskGraph& g, const Timeline& tl, const Scenario& s);

/// Memory and DP overhead of scheduler `e` whose graph on `s` is `g` (rebuilds it with privacy
/// off to measure the overhead when privacy is on).
void add_scheduler_metrics(Metrics& m, const SchedulerEntry& e, const TaskGraph& g, const Scenario& s);

} // namespace pipar
