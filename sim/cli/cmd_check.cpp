// pipar-sim check SCENARIO: validate a scenario and print it resolved (main sections' defaults filled in), with
// per scheduler the task count, memory per device and replica, the critical-path training time and
// the expected wall time of simulating it, without simulating.
#include "cli/commands.hpp"
#include "eval/critical_path.hpp"
#include "run/run_size.hpp"
#include "scenario/fields.hpp"
#include "scenario/scenario.hpp"
#include "sched/registry.hpp"
#include "sched/variability.hpp"
#include "select/resolve_auto.hpp"

#include <cstdio>
#include <iostream>
#include <memory>

namespace pipar::cli {

namespace {

struct CheckArgs {
  std::string scenario;
  std::vector<std::string> sets;
  bool json_only = false;
  bool schema = false;
};

/// Replay cost per task (activity) measured by scripts/bench.sh (README, "Performance"): about 2 us
/// for small fleets to 10 us for PiPar on 1,000 devices under fair sharing; 5 us is the middle.
constexpr double kReplaySecondsPerTask = 5e-6;

std::string bytes_text(double b) {
  char buf[32];
  if (b >= 1e9)
    std::snprintf(buf, sizeof buf, "%.2f GB", b / 1e9);
  else if (b >= 1e6)
    std::snprintf(buf, sizeof buf, "%.1f MB", b / 1e6);
  else
    std::snprintf(buf, sizeof buf, "%.0f B", b);
  return buf;
}

void check(const CheckArgs& a) {
  if (a.schema) {
    std::cout << scenario_schema().dump(2) << '\n';
    return;
  }
  if (a.scenario.empty())
    throw CLI::RequiredError("scenario");
  Scenario s = load_scenario(a.scenario, a.sets);
  std::string auto_note;
  if (s.split.unresolved()) {
    // The figures below need a (P, N); the estimate-based selectors choose without simulating.
    const std::string selector = s.split.selector;
    if (selector == "exhaustive")
      s.split.selector = "aps";
    ReplayOptions opt;
    select::resolve_auto_split(s, opt, 1);
    auto_note = select::auto_split_note(s) +
                (selector == "exhaustive" ? " (run's exhaustive selector simulates, so it may choose otherwise)" : "");
    s.split.selector = selector;
  }
  if (a.json_only) {
    std::cout << s.resolved.dump(2) << '\n';
    return;
  }
  std::cout << "scenario " << s.name << " (" << a.scenario << "): valid\n";
  std::cout << "resolved (defaults of devices, server, split, training and privacy filled in; a section left out, "
               "e.g. communication or availability, keeps its defaults; units as in the scenario file):\n"
            << s.resolved.dump(2) << '\n';
  if (!auto_note.empty())
    std::cout << auto_note << '\n';
  std::printf("%-8s %12s %8s %18s %18s %18s %16s\n", "scheduler", "tasks", "lanes", "memory/device peak",
              "memory/replica", "critical_path_s", "expected_wall_s");
  double total_wall = 0;
  bool beyond = false;
  for (const auto& name : s.schedulers) {
    const SchedulerEntry& e = *find_scheduler(name);
    const double estimated = estimate_tasks(s, e);
    if (estimated > max_run_tasks) { // not built: run refuses it without --force (run_size.hpp)
      beyond = true;
      std::printf("%-8s %11.3g* %8s %18s %18s %18s %16.0f\n", name.c_str(), estimated, "-", "-", "-", "-",
                  estimated * kReplaySecondsPerTask);
      total_wall += estimated * kReplaySecondsPerTask;
      continue;
    }
    const TaskGraph g = build_graph(e, s);
    const CostModel cost(g, s);
    const double cp = critical_path(g, cost).makespan();
    const MemoryUse mem = e.memory(s);
    const double wall = static_cast<double>(g.size()) * kReplaySecondsPerTask;
    total_wall += wall;
    std::printf("%-8s %12zu %8zu %18s %18s %18.3f %16.2f\n", name.c_str(), g.size(), g.lane_count(),
                bytes_text(mem.device_peak()).c_str(),
                mem.replica_bytes.empty() ? "-" : bytes_text(mem.replica_peak()).c_str(), cp, wall);
  }
  std::printf("critical_path_s: training time without contention, at nominal speeds (run's replay adds sharing);\n"
              "expected_wall_s: simulating it with `run`, at ~%.0f us per task (README, \"Performance\"): "
              "%.2f s in all\n",
              kReplaySecondsPerTask * 1e6, total_wall);
  if (beyond)
    std::printf("* estimated, not built: more than the run-size guard's %.0e tasks, which `run` refuses without "
                "--force (README, \"Input limits\")\n",
                max_run_tasks);
}

} // namespace

void add_check_command(CLI::App& app) {
  auto args = std::make_shared<CheckArgs>();
  auto* cmd = app.add_subcommand(
      "check", "Validate a scenario without simulating: print it resolved (the main sections' defaults filled in), "
               "and per "
               "scheduler the task count, memory per device, critical-path time and expected simulation time.");
  cmd->add_option("scenario", args->scenario, "Scenario JSON file (required unless --schema)")
      ->check(CLI::ExistingFile);
  cmd->add_option("--set", args->sets, "Override a scenario field, as for 'run' (repeatable)")
      ->allow_extra_args(false);
  cmd->add_flag("--json", args->json_only, "Print only the resolved scenario, as JSON");
  cmd->add_flag("--schema", args->schema,
                "Print the JSON Schema of scenario files (scenarios/schema.json is this output)");
  cmd->callback([args] { check(*args); });
}

} // namespace pipar::cli
