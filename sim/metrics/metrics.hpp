// Metrics read a Timeline of a TaskGraph; they never see the engine that produced it.
// Definitions (the same for every scheduler; README "Metrics"):
//   makespan      end of the last task (training time), s
//   server busy   time when at least one server core computes (union over server lanes), s
//   server idle   makespan - server busy, s
//   utilisation   server core-seconds computing / (cores x makespan)
//   device busy   time the device computes; device idle = makespan - device busy, s
//   link busy     time a transfer is in progress on the link (latency included), s
#pragma once
#include "eval/timeline.hpp"
#include "graph/task_graph.hpp"
#include "scenario/scenario.hpp"

#include <string>
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
};

struct Metrics {
  double makespan_s = 0;
  double server_busy_s = 0, server_idle_s = 0, server_core_seconds = 0, server_utilisation = 0;
  double device_busy_mean_s = 0, device_idle_mean_s = 0, device_idle_max_s = 0;
  double bytes_up = 0, bytes_down = 0;
  std::size_t tasks = 0;
  std::vector<ResourceUsage> resources; ///< server first, then per device: cpu, up, down
};

Metrics compute_metrics(const TaskGraph& g, const Timeline& tl, const Scenario& s);

} // namespace pipar
