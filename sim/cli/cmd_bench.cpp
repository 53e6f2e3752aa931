// pipar-sim bench: the simulator's own speed and memory on scaled-up scenarios (README "Performance").
#include "bench/bench.hpp"
#include "cli/commands.hpp"
#include "core/files.hpp"
#include "core/lookup.hpp"
#include "output/writers.hpp"
#include "run/run_size.hpp"
#include "scenario/scenario.hpp"

#include <filesystem>
#include <iomanip>
#include <iostream>
#include <memory>
#include <sstream>

namespace pipar::cli {

namespace {

struct BenchArgs {
  std::string scenario = "scenarios/default.json";
  std::vector<int> devices{10, 100, 1000, 10000};
  std::vector<std::string> schedulers{"pipar", "fl"};
  std::vector<std::string> queues{"fair", "fifo"};
  std::vector<std::string> engines{"events", "simgrid"};
  int simgrid_max_devices = 1000;
  bool baseline = true;
  std::vector<std::string> sets{"split.micro_batches=4"};
  std::string csv = "results/bench.csv";
  bool no_csv = false;
  bool force = false;
};

void bench(BenchArgs a) {
  // The default scenario is found by the lookup rule, as every input (README, "Where inputs are found").
  if (const auto found = find_input(a.scenario, with_default_dirs({})); !found.empty())
    a.scenario = found.string();
  if (!a.no_csv)
    check_output_file("--csv", a.csv);
  for (int n : a.devices) { // every case within the run-size guard, before any runs
    std::vector<std::string> sets = a.sets;
    sets.push_back("devices.count=" + std::to_string(n));
    check_run_size(load_scenario(a.scenario, sets), a.schedulers, a.force);
  }
  std::string csv = bench_csv_header();
  std::cout << std::left << std::setw(8) << "sched" << std::setw(6) << "queue" << std::setw(8) << "engine"
            << std::right << std::setw(8) << "devices" << std::setw(10) << "tasks" << std::setw(10) << "cpu_s"
            << std::setw(12) << "act/s" << std::setw(10) << "us/act" << std::setw(10) << "rss_MB" << std::setw(14)
            << "cp_tasks/s" << std::setw(12) << "base_act/s" << std::setw(8) << "ratio" << '\n';
  for (const auto& sched : a.schedulers)
    for (const auto& engine : a.engines)
      for (const auto& q : a.queues)
        for (int n : a.devices) {
          const bool fifo = q == "fifo", simgrid = engine == "simgrid";
          // FL has no replicas, so its server queue makes no difference: bench it once.
          if (sched == "fl" && fifo)
            continue;
          if (simgrid && n > a.simgrid_max_devices) {
            std::cout << std::left << std::setw(8) << sched << std::setw(6) << q << std::setw(8) << engine
                      << std::right << std::setw(8) << n << "  skipped (--simgrid-max-devices)\n";
            continue;
          }
          // The plain S4U program has PiPar's pattern (replicas on a shared server): run it next to each
          // PiPar case, so that every ratio compares two measurements taken under the same load.
          const bool baseline = a.baseline && sched == "pipar";
          const BenchRow r = run_bench_case(a.scenario, a.sets, {sched, n, fifo, simgrid, baseline});
          csv += bench_csv_row(r);
          std::cout << std::left << std::setw(8) << sched << std::setw(6) << q << std::setw(8) << r.engine
                    << std::right << std::setw(8) << n << std::setw(10) << r.tasks << std::fixed
                    << std::setprecision(2) << std::setw(10) << r.replay_cpu_s << std::setprecision(0) << std::setw(12)
                    << r.activities_per_s << std::setprecision(2) << std::setw(10) << r.us_per_activity
                    << std::setprecision(0) << std::setw(10) << r.peak_rss_bytes / 1048576.0 << std::setw(14)
                    << r.cp_tasks_per_s;
          if (r.baseline_activities == 0) // no baseline for this row
            std::cout << std::setw(12) << "-" << std::setw(8) << "-";
          else
            std::cout << std::setw(12) << r.baseline_activities_per_s << std::setprecision(2) << std::setw(8)
                      << r.ratio_to_baseline;
          std::cout << '\n' << std::defaultfloat;
        }
  if (!a.no_csv) {
    const auto parent = std::filesystem::path(a.csv).parent_path();
    if (!parent.empty())
      std::filesystem::create_directories(parent);
    write_file_atomic(a.csv, csv);
    std::cout << "wrote " << a.csv << '\n';
  }
}

} // namespace

void add_bench_command(CLI::App& app) {
  auto a = std::make_shared<BenchArgs>();
  auto* cmd = app.add_subcommand("bench", "Measure the simulator: replay CPU time, simulated activities per second, "
                                          "peak memory, and the critical-path evaluator, as the fleet grows.");
  cmd->add_option("--scenario", a->scenario, "Base scenario")->check(CLI::ExistingFile)->capture_default_str();
  cmd->add_option("--devices", a->devices, "Device counts")->delimiter(',')->check(CLI::Range(1, 1000000))->capture_default_str();
  cmd->add_option("--schedulers", a->schedulers, "Schedulers")->delimiter(',')->capture_default_str();
  cmd->add_option("--server-queue", a->queues, "Server queue disciplines: fair, fifo")
      ->delimiter(',')
      ->check(CLI::IsMember({"fair", "fifo"}))
      ->capture_default_str();
  cmd->add_option("--engines", a->engines,
                  "Replay engines: events (the exact event engine wherever it applies), simgrid (the SimGrid "
                  "replay, the reference)")
      ->delimiter(',')
      ->check(CLI::IsMember({"events", "simgrid"}))
      ->capture_default_str();
  cmd->add_option("--simgrid-max-devices", a->simgrid_max_devices,
                  "Largest fleet replayed with the SimGrid engine (its fair sharing costs O(devices) per server "
                  "event)")
      ->check(CLI::Range(0, 1000000))
      ->capture_default_str();
  cmd->add_flag("!--no-baseline", a->baseline,
                "Skip the plain SimGrid S4U program that PiPar cases are compared with");
  cmd->add_option("--set", a->sets, "Scenario overrides, as for run")->capture_default_str();
  cmd->add_option("--csv", a->csv, "CSV output file")->capture_default_str();
  cmd->add_flag("--no-csv", a->no_csv, "Print the table only, write no CSV");
  cmd->add_flag("--force", a->force,
                "Run cases beyond the run-size guard's 1e7 tasks too (README, 'Input limits')");
  cmd->callback([a] { bench(*a); });
}

} // namespace pipar::cli
