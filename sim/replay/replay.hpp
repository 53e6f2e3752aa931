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
  /// Turn on SimGrid's host- and link-load plugins to measure flop and bytes (for the conservation
  /// tests). Off by default: the host-load plugin rescans every action on a host at each event,
  /// which costs ~30% of a 1,000-device replay.
  bool measure_loads = false;
  /// Server queue discipline. false (default): concurrent replica tasks share the server's cores
  /// fairly (SimGrid's processor sharing). true: FIFO, at most `cores` server tasks run at once,
  /// each on a whole core, the others wait in arrival order.
  bool server_fifo = false;
  /// Replay with SimGrid even when the event engine would give the same result (event_engine.hpp):
  /// the reference, e.g. SimGrid's own max-min sharing of the server instead of the GPS queue.
  bool simgrid_engine = false;
  /// Turn on SimGrid's host- and link-energy plugins (README "Energy") and report their joules.
  /// Off by default: the outputs take energy from the timeline (metrics/energy.cpp), which the
  /// tests check against the plugins.
  bool measure_energy = false;
  /// Run even beyond the run-size limits (run/run_size.hpp; the CLI's --force).
  bool force = false;
};

struct ReplayResult {
  Timeline timeline;
  /// With measure_loads, per lane: bytes SimGrid's link-load plugin saw on its link (0 for compute
  /// lanes); per device, then the server: flop SimGrid's host-load plugin counted. Else zeros.
  std::vector<double> lane_bytes_measured;
  std::vector<double> host_flops_measured;
  /// With measure_energy, joules SimGrid's energy plugins counted: per device its host, its uplink
  /// and its downlink (3 per device), then the server host. Else zeros.
  std::vector<double> energy_measured_j;
  /// replay_isolated() only: the child's CPU seconds (user + system) and peak resident memory.
  double cpu_s = 0;
  double peak_rss_bytes = 0;
};

ReplayResult replay(const TaskGraph& g, const Scenario& s, const ReplayOptions& opt);
ReplayResult replay_isolated(const TaskGraph& g, const Scenario& s, const ReplayOptions& opt);

/// The SimGrid configuration the replay uses (recorded in outputs).
std::vector<std::string> network_config(bool realistic);

/// Arguments for SimGrid's Engine, which reads its --cfg= flags from argv: the program name, our
/// network defaults (network_config) as --cfg= flags, then `more` (a later flag overrides an earlier
/// one, so the user's go last). Used by the replay and by the forked children that read or try a
/// configuration (effective_config.cpp, simgrid_flags.cpp).
std::vector<std::string> engine_args(bool realistic, const std::vector<std::string>& more = {});

/// Null-terminated pointers into `args` for Engine(&argc, argv); `args` must outlive them.
std::vector<char*> argv_of(std::vector<std::string>& args);

} // namespace pipar
