#include "bench/bench.hpp"

#include "core/csv.hpp"
#include "core/error.hpp"
#include "eval/critical_path.hpp"
#include "sched/registry.hpp"

#include <chrono>
#include <cstdio>
#include <malloc.h>

namespace pipar {

namespace {
double since(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
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
  const TaskGraph g = find_scheduler(c.scheduler)->build(s);
  row.build_s = since(t0);
  row.tasks = g.size();

  ReplayOptions opt;
  opt.server_fifo = c.server_fifo;
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

  // The critical path: best of a few runs, enough repetitions to time small graphs.
  const CostModel cost(g, s);
  const int reps = g.size() < 100000 ? 20 : 3;
  row.cp_s = 1e300;
  for (int i = 0; i < reps; ++i) {
    t0 = std::chrono::steady_clock::now();
    const Timeline tl = critical_path(g, cost);
    row.cp_s = std::min(row.cp_s, since(t0));
    if (tl.end.empty())
      break;
  }
  row.cp_tasks_per_s = static_cast<double>(g.size()) / row.cp_s;
  return row;
}

std::string bench_csv_header() {
  return "scheduler,server_queue,devices,tasks,build_s,replay_wall_s,replay_cpu_s,activities_per_s,"
         "us_per_activity,peak_rss_mb,critical_path_s,critical_path_tasks_per_s,makespan_s\n";
}

std::string bench_csv_row(const BenchRow& r) {
  char buf[512];
  std::snprintf(buf, sizeof buf, "%s,%s,%d,%zu,%.3f,%.3f,%.3f,%.0f,%.3f,%.1f,%.5f,%.0f,%.6g\n", csv_field(r.c.scheduler).c_str(),
                r.c.server_fifo ? "fifo" : "fair", r.c.devices, r.tasks, r.build_s, r.replay_wall_s, r.replay_cpu_s,
                r.activities_per_s, r.us_per_activity, r.peak_rss_bytes / 1048576.0, r.cp_s, r.cp_tasks_per_s,
                r.makespan_s);
  return buf;
}

} // namespace pipar
