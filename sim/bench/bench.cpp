#include "bench/bench.hpp"

#include "bench/baseline.hpp"
#include "core/csv.hpp"
#include "replay/event_engine.hpp"

#include "core/error.hpp"
#include "eval/critical_path.hpp"
#include "sched/registry.hpp"
#include "sched/variability.hpp"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <malloc.h>

namespace pipar {

namespace {
double since(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}
/// CPU seconds of this thread: on a shared machine wall time also counts other processes' turns.
double thread_cpu_s() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + 1e-9 * static_cast<double>(ts.tv_nsec);
}
/// The S4U program of the same activities: the graph's mean compute, upload, server compute and
/// download, the first device's speed, bandwidth and latency, the server's cores; as many device-
/// iterations as the graph has activities / 4 (at most 700,000 activities: its rate is flat in that).
BaselineSpec baseline_spec(const TaskGraph& g, const Scenario& s) {
  double sum[4] = {0, 0, 0, 0};
  double count[4] = {0, 0, 0, 0};
  for (const Task& t : g.tasks()) {
    const auto r = static_cast<size_t>(g.lane(t.lane).resource);
    sum[r] += t.amount;
    count[r] += 1;
  }
  auto mean = [&](Resource r) {
    const auto i = static_cast<size_t>(r);
    return count[i] > 0 ? sum[i] / count[i] : 0.0;
  };
  BaselineSpec b;
  b.devices = static_cast<int>(s.devices.size());
  const double activities = std::min(static_cast<double>(g.size()), 700000.0);
  b.iterations = std::max(1, static_cast<int>(activities / (4.0 * b.devices)));
  b.server_cores = s.server.cores;
  b.server_speed = s.server.speed_per_core;
  b.device_speed = s.devices.front().speed;
  b.link_bps = s.devices.front().uplink_bps;
  b.latency_s = s.devices.front().latency_s;
  b.device_flop = mean(Resource::DeviceCpu);
  b.up_bytes = mean(Resource::Uplink);
  b.server_flop = mean(Resource::Server);
  b.down_bytes = mean(Resource::Downlink);
  return b;
}

} // namespace

BenchRow run_bench_case(const std::string& scenario_path, const std::vector<std::string>& sets, const BenchCase& c) {
  std::vector<std::string> all = sets;
  all.push_back("devices.count=" + std::to_string(c.devices));
  all.push_back("schedulers=[\"" + c.scheduler + "\"]");
  const Scenario s = load_scenario(scenario_path, all);
  if (s.split.unresolved())
    throw InputError(scenario_path, "/split", "bench measures the simulator at a fixed (P, N): give numbers, not "
                                              "\"auto\" (e.g. --set split.split_point=1)");
  BenchRow row;
  row.c = c;

  auto t0 = std::chrono::steady_clock::now();
  const TaskGraph g = build_graph(*find_scheduler(c.scheduler), s);
  row.build_s = since(t0);
  row.tasks = g.size();

  ReplayOptions opt;
  opt.server_fifo = c.server_fifo;
  opt.simgrid_engine = c.simgrid_engine;
  row.engine = replay_engine_name(s, opt);
  // The replay child starts with the parent's resident pages: return freed heap first, so its peak
  // RSS is the graph it replays plus the simulation, not earlier cases' leftovers.
  malloc_trim(0);
  t0 = std::chrono::steady_clock::now();
  const ReplayResult rep = replay_isolated(g, s, opt);
  row.replay_wall_s = since(t0);
  row.replay_cpu_s = rep.cpu_s;
  row.peak_rss_bytes = rep.peak_rss_bytes;
  row.makespan_s = rep.timeline.makespan();
  row.activities_per_s = rep.cpu_s > 0 ? static_cast<double>(g.size()) / rep.cpu_s : 0;
  row.us_per_activity = 1e6 * rep.cpu_s / static_cast<double>(g.size());
  if (c.baseline) {
    const BaselineResult b = run_baseline_isolated(baseline_spec(g, s));
    row.baseline_activities = b.activities;
    row.baseline_activities_per_s = b.activities_per_s;
    row.ratio_to_baseline = b.activities_per_s > 0 ? row.activities_per_s / b.activities_per_s : 0;
  }

  // The critical path: best of a few runs, enough repetitions to time small graphs.
  const CostModel cost(g, s);
  const int reps = g.size() < 100000 ? 20 : 3;
  row.cp_s = 1e300;
  for (int i = 0; i < reps; ++i) {
    const double c0 = thread_cpu_s();
    const Timeline tl = critical_path(g, cost);
    row.cp_s = std::min(row.cp_s, thread_cpu_s() - c0);
    if (tl.end.empty())
      break;
  }
  row.cp_tasks_per_s = static_cast<double>(g.size()) / row.cp_s;
  return row;
}

std::string bench_csv_header() {
  return "scheduler,server_queue,engine,devices,tasks,build_s,replay_wall_s,replay_cpu_s,activities_per_s,"
         "us_per_activity,peak_rss_mb,critical_path_cpu_s,critical_path_tasks_per_s,makespan_s,baseline_activities,"
         "baseline_activities_per_s,ratio_to_baseline\n";
}

std::string bench_csv_row(const BenchRow& r) {
  char buf[512];
  std::snprintf(buf, sizeof buf, "%s,%s,%s,%d,%zu,%.3f,%.3f,%.3f,%.0f,%.3f,%.1f,%.5f,%.0f,%.6g,",
                csv_field(r.c.scheduler).c_str(), r.c.server_fifo ? "fifo" : "fair", r.engine.c_str(), r.c.devices, r.tasks,
                r.build_s, r.replay_wall_s, r.replay_cpu_s, r.activities_per_s, r.us_per_activity,
                r.peak_rss_bytes / 1048576.0, r.cp_s, r.cp_tasks_per_s, r.makespan_s);
  std::string row = buf;
  if (r.baseline_activities == 0) // no baseline for this row (FL, or --no-baseline): empty, not 0
    return row + ",,\n";
  std::snprintf(buf, sizeof buf, "%zu,%.0f,%.2f\n", r.baseline_activities, r.baseline_activities_per_s,
                r.ratio_to_baseline);
  return row + buf;
}

} // namespace pipar
