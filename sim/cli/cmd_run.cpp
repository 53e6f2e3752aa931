// pipar-sim run SCENARIO: simulate each scheduler of the scenario and write the results.
#include "cli/commands.hpp"
#include "core/error.hpp"
#include "output/writers.hpp"
#include "scenario/scenario.hpp"
#include "select/resolve_auto.hpp"
#include "trace/chrome_trace.hpp"

#include <filesystem>
#include <iostream>
#include <memory>

namespace pipar::cli {

namespace {

struct RunArgs {
  std::string scenario;
  std::string out;
  std::vector<std::string> sets;
  std::string schedulers;
  std::string network = "exact";
  std::string server_queue = "fair";
  bool trace = false; ///< DIR/trace-<scheduler>.json (Chrome / Perfetto trace events)
  bool paje = false;  ///< DIR/simgrid-<scheduler>.trace (SimGrid's own Paje trace)
  bool energy_plugins = false; ///< energy from SimGrid's energy plugins instead of the timeline
};

/// SimGrid's own flags pass through; anything else left over is a mistake.
std::vector<std::string> simgrid_flags(const std::vector<std::string>& extras) {
  for (const auto& a : extras)
    if (a.rfind("--cfg=", 0) != 0 && a.rfind("--log=", 0) != 0)
      throw CLI::ExtrasError({a});
  return extras;
}

void run(const RunArgs& a, const std::vector<std::string>& extras) {
  std::vector<std::string> sets = a.sets;
  if (!a.schedulers.empty()) {
    std::string list = "[";
    size_t start = 0;
    while (start <= a.schedulers.size()) {
      const auto comma = a.schedulers.find(',', start);
      list += (list.size() > 1 ? ",\"" : "\"") + a.schedulers.substr(start, comma - start) + "\"";
      if (comma == std::string::npos)
        break;
      start = comma + 1;
    }
    sets.push_back("schedulers=" + list + "]");
  }
  Scenario s = load_scenario(a.scenario, sets);
  ReplayOptions opt;
  opt.realistic_network = a.network == "realistic";
  opt.server_fifo = a.server_queue == "fifo";
  opt.simgrid_args = simgrid_flags(extras);
  opt.measure_energy = a.energy_plugins;
  select::resolve_auto_split(s, opt); // "split": "auto": a selector picks P and N first

  const std::string dir = a.out.empty() ? "results/" + s.name : a.out;
  std::filesystem::create_directories(dir);
  std::vector<RunResult> runs;
  std::string traces;
  for (const auto& name : s.schedulers) {
    ReplayOptions o = opt;
    if (a.paje) {
      const std::string file = dir + "/simgrid-" + name + ".trace";
      o.simgrid_args.insert(o.simgrid_args.end(), {"--cfg=tracing:yes", "--cfg=tracing/filename:" + file,
                                                   "--cfg=tracing/platform:yes", "--cfg=tracing/uncategorized:yes"});
      traces += ", simgrid-" + name + ".trace";
    }
    TimelineObserver observe;
    if (a.trace) {
      observe = [&](const TaskGraph& g, const Timeline& tl) {
        write_file_atomic(dir + "/trace-" + name + ".json", [&](std::ostream& out) {
          write_chrome_trace(out, g, tl, s.name + " / " + name);
        });
      };
      traces += ", trace-" + name + ".json";
    }
    runs.push_back(run_scheduler(s, *find_scheduler(name), o, observe));
    if (const std::size_t over = runs.back().metrics.memory_devices_over_limit)
      std::cerr << "pipar-sim: warning: " << name << ": " << over
                << " device(s) need more memory than their memory_bytes (summary.json: memory)\n";
  }

  write_summary_json(dir, s, opt, runs);
  write_runs_csv(dir, s, runs);
  write_resources_csv(dir, s, runs);
  write_rounds_csv(dir, s, runs);
  print_table(std::cout, s, runs);
  std::cout << "wrote " << dir << "/summary.json, runs.csv, resources.csv, rounds.csv" << traces << "\n";
}

} // namespace

void add_run_command(CLI::App& app) {
  auto args = std::make_shared<RunArgs>();
  auto* cmd = app.add_subcommand("run", "Simulate a scenario with each of its schedulers and write the results.\n"
                                        "SimGrid flags (--cfg=..., --log=...) are passed to SimGrid.");
  cmd->add_option("scenario", args->scenario, "Scenario JSON file (see README, 'Scenario files')")
      ->required()
      ->check(CLI::ExistingFile);
  cmd->add_option("--out,-o", args->out, "Output directory (default: results/<scenario name>)");
  cmd->add_option("--set", args->sets,
                  "Override a scenario field before validation, e.g. --set devices.uplink_mbps=5 "
                  "(repeatable; value parsed as JSON, else taken as a string)");
  cmd->add_option("--schedulers,--scheduler", args->schedulers,
                  "Comma-separated schedulers to run, or 'all' (overrides the scenario's list)");
  cmd->add_option("--server-queue", args->server_queue,
                  "fair: concurrent replica tasks share the server's cores (processor sharing); "
                  "fifo: at most 'cores' server tasks at once, each on a whole core, others wait in order")
      ->check(CLI::IsMember({"fair", "fifo"}));
  cmd->add_option("--network-model", args->network,
                  "exact: a transfer takes latency + bytes/bandwidth (SimGrid CM02, no TCP factors); "
                  "realistic: SimGrid's TCP-aware LV08 model")
      ->check(CLI::IsMember({"exact", "realistic"}));
  cmd->add_flag("--trace", args->trace,
                "Write DIR/trace-<scheduler>.json, the timeline as Chrome/Perfetto trace events "
                "(open it at ui.perfetto.dev)");
  cmd->add_flag("--paje", args->paje, "Write DIR/simgrid-<scheduler>.trace, SimGrid's own Paje trace of the replay");
  cmd->add_flag("--energy-plugins", args->energy_plugins,
                "Take the energy from SimGrid's host- and link-energy plugins during the replay instead of the "
                "timeline (the same model; slower on large fleets; README 'Energy')");
  cmd->allow_extras();
  cmd->callback([args, cmd] { run(*args, cmd->remaining()); });
}

} // namespace pipar::cli
