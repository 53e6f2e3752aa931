// The SimGrid replay: runs a TaskGraph on a SimGrid platform built from the scenario, with SimGrid's
// resource sharing (server cores shared by replicas, links shared by flows). One persistent actor
// per lane; a lane's actor waits on its own semaphore until the next task's dependencies are done.
//
// SimGrid allows one Engine per process: replay() may run once per process; replay_isolated() runs
// it in a forked child and brings the result back over a pipe, so callers can replay many times.
#pragma once
#include "eval/timeline.hpp"
#include "graph/task_graph.hpp"
#include "scenario/scenario.hpp"

#include <string>
#include <vector>

namespace pipar {

struct ReplayOptions {
  bool realistic_network = false;     ///< SimGrid's TCP-aware LV08 model instead of the exact CM02 one
  std::vector<std::string> simgrid_args; ///< passed to the Engine (e.g. --cfg=..., --log=...)
};

struct ReplayResult {
  Timeline timeline;
  std::vector<double> lane_bytes_measured; ///< per lane: bytes SimGrid's link-load plugin saw on its link (0 for compute lanes)
  std::vector<double> host_flops_measured; ///< per device, then the server: flop SimGrid's host-load plugin counted
};

ReplayResult replay(const TaskGraph& g, const Scenario& s, const ReplayOptions& opt);
ReplayResult replay_isolated(const TaskGraph& g, const Scenario& s, const ReplayOptions& opt);

/// The SimGrid configuration the replay uses (recorded in outputs).
std::vector<std::string> network_config(bool realistic);

} // namespace pipar
