// The simulator measuring itself: wall time, CPU time, simulated activities per second and peak
// memory of the SimGrid replay, and the critical-path evaluator's speed, on scaled-up scenarios.
#pragma once
#include "replay/replay.hpp"

#include <string>
#include <vector>

namespace pipar {

struct BenchCase {
  std::string scheduler;
  int devices = 0;
  bool server_fifo = false;
  bool simgrid_engine = false; ///< the SimGrid replay even where the event engine applies
  bool baseline = false;       ///< also run the plain S4U program of the same activities (baseline.hpp)
};

struct BenchRow {
  BenchCase c;
  std::size_t tasks = 0;       ///< simulated activities (compute + transfer tasks)
  double build_s = 0;          ///< building the task graph (wall)
  double replay_wall_s = 0;    ///< the forked replay, wall
  double replay_cpu_s = 0;     ///< the forked replay, user + system CPU of the child
  double activities_per_s = 0; ///< tasks / replay_cpu_s
  double us_per_activity = 0;  ///< replay_cpu_s / tasks, microseconds
  double peak_rss_bytes = 0;   ///< the replay child's peak resident memory
  double cp_s = 0;             ///< one critical-path evaluation, CPU time (best of several)
  double cp_tasks_per_s = 0;
  double makespan_s = 0;       ///< simulated training time (sanity)
  std::string engine;          ///< the engine that ran: "events" or "simgrid"
  std::size_t baseline_activities = 0;
  double baseline_activities_per_s = 0; ///< the S4U program, run right after this case (0: not run)
  double ratio_to_baseline = 0;         ///< activities_per_s / baseline_activities_per_s
};

/// Runs one case on `scenario_path` with `sets` applied (devices.count and schedulers are set here).
BenchRow run_bench_case(const std::string& scenario_path, const std::vector<std::string>& sets, const BenchCase& c);

std::string bench_csv_header();
std::string bench_csv_row(const BenchRow& r);

} // namespace pipar
