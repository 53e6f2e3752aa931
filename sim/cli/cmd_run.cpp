// pipar-sim run SCENARIO: simulate each scheduler of the scenario and write the results.
#include "cli/commands.hpp"
#include "run/run_size.hpp"
#include "core/files.hpp"
#include "core/text.hpp"
#include "core/error.hpp"
#include "output/writers.hpp"
#include "replay/simgrid_flags.hpp"
#include "scenario/scenario.hpp"
#include "select/resolve_auto.hpp"
#include "sweep/runs_file.hpp"
#include "trace/chrome_trace.hpp"

#include <cstdint>
#include <cstdio>
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
  std::string engine = "auto";
  bool trace = false; ///< DIR/trace-<scheduler>.json (Chrome / Perfetto trace events)
  bool paje = false;  ///< DIR/simgrid-<scheduler>.trace (SimGrid's own Paje trace)
  std::vector<std::string> grid_point; ///< key=value of a sweep's point (sweep --emit-jobs)
  bool force = false; ///< past the run-size guard (run/run_size.hpp)
  bool energy_plugins = false; ///< energy from SimGrid's energy plugins instead of the timeline
};

/// SimGrid's own flags pass through, checked by SimGrid before anything runs; anything else left
/// over is a mistake.
std::vector<std::string> simgrid_flags(const std::vector<std::string>& extras) {
  for (const auto& a : extras)
    if (a.rfind("--cfg=", 0) != 0 && a.rfind("--log=", 0) != 0)
      throw CLI::ExtrasError({a});
  check_simgrid_flags(extras);
  return extras;
}

/// results/<name>; with --set overrides results/<name>-set-<8 hex digits of their FNV-1a hash>, so an
/// override never silently replaces the scenario's own results (summary.json records the overrides).
std::string default_out(const std::string& name, const std::vector<std::string>& sets) {
  if (sets.empty())
    return "results/" + name;
  std::uint64_t h = 14695981039346656037ull;
  for (const auto& set : sets)
    for (const char c : set + '\n') {
      h ^= static_cast<unsigned char>(c);
      h *= 1099511628211ull;
    }
  char buf[16];
  std::snprintf(buf, sizeof buf, "%08llx", static_cast<unsigned long long>(h & 0xffffffffull));
  return "results/" + name + "-set-" + buf;
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
  // --grid-point: one point of an emitted sweep: its assignments are --sets, and runs.csv gets the
  // sweep's point and grid.* columns.
  std::vector<sweep::GridAxis> axes;
  sweep::GridPoint point;
  for (const auto& g : a.grid_point) {
    const auto eq = g.find('=');
    if (eq == std::string::npos || eq == 0)
      throw InputError("--grid-point", "", "expected key.path=value, got \"" + g + "\"");
    axes.push_back({g.substr(0, eq), {g.substr(eq + 1)}});
    point.values.push_back(g.substr(eq + 1));
    sets.push_back(g);
  }
  Scenario s = load_scenario(a.scenario, sets);
  if (!axes.empty()) {
    if (s.schedulers.size() != 1)
      throw InputError("--grid-point", "", "a grid point is one run: give exactly one scheduler (--schedulers)");
    point.scheduler = s.schedulers.front();
  }
  check_run_size(s, s.schedulers, a.force); // before any graph, and before auto mode simulates
  ReplayOptions opt;
  opt.force = a.force;
  opt.realistic_network = a.network == "realistic";
  opt.server_fifo = a.server_queue == "fifo";
  opt.simgrid_engine = a.engine == "simgrid" || a.paje; // a Paje trace is SimGrid's own: replay in SimGrid throughout
  opt.simgrid_args = simgrid_flags(extras);
  opt.measure_energy = a.energy_plugins;
  // The default folder is the name made safe as one file name (no "..", no '/'). Its files are
  // checked before anything is simulated (a folder named runs.csv would fail the run at its end).
  const std::string dir = a.out.empty() ? default_out(file_name_safe(s.name), a.sets) : a.out;
  std::vector<std::string> files = {"summary.json", "runs.csv", "resources.csv", "rounds.csv"};
  for (const auto& name : s.schedulers) {
    if (a.trace)
      files.push_back("trace-" + name + ".json");
    if (a.paje)
      files.push_back("simgrid-" + name + ".trace");
  }
  prepare_output_dir("--out", dir, files);
  // "split": "auto": a selector picks P and N first; the table below says which.
  std::string auto_note;
  if (select::resolve_auto_split(s, opt))
    auto_note = select::auto_split_note(s) + (s.resolved["split"].contains("per_device")
                                                  ? ", per device (summary.json: scenario.split.per_device)"
                                                  : "");

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
  if (axes.empty())
    write_runs_csv(dir, s, runs);
  else
    write_file_atomic(dir + "/runs.csv", sweep::sweep_header(axes, runs_csv_header()) + sweep::row_prefix(axes, point) +
                                             runs_csv_row(s, runs.front()));
  write_resources_csv(dir, s, runs);
  write_rounds_csv(dir, s, runs);
  if (!a.sets.empty()) {
    std::cout << "overrides:";
    for (const auto& set : a.sets)
      std::cout << " --set " << set;
    std::cout << '\n';
  }
  if (!auto_note.empty())
    std::cout << auto_note << '\n';
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
  cmd->add_option("--out,-o", args->out,
                  "Output directory (default: results/<scenario name>, characters other than letters, digits, '.', "
                  "'-' and '_' replaced by '_'; with --set, results/<name>-set-<hash of the overrides>)");
  cmd->add_option("--set", args->sets,
                  "Override a scenario field before validation, e.g. --set devices.uplink_mbps=5 "
                  "(repeatable; value parsed as JSON, else taken as a string)");
  cmd->add_option("--schedulers,--scheduler", args->schedulers,
                  "Comma-separated schedulers to run, or 'all' (overrides the scenario's list)");
  cmd->add_option("--server-queue", args->server_queue,
                  "fair: concurrent replica tasks share the server's cores (processor sharing); "
                  "fifo: at most 'cores' server tasks at once, each on a whole core, others wait in order")
      ->check(CLI::IsMember({"fair", "fifo"}));
  cmd->add_option("--engine", args->engine,
                  "auto: the exact event engine unless the scenario needs SimGrid (traces, a shared NIC, the "
                  "realistic network, --cfg flags, the wire's CPU load), then SimGrid with the server shared by the "
                  "same GPS queue (by SimGrid's solver with a --cfg flag, --server-queue fifo, availability, "
                  "--energy-plugins or the wire's CPU load); "
                  "simgrid: SimGrid throughout, the server's executions shared by SimGrid's solver (the "
                  "reference; it re-shares every server task at each server event)")
      ->check(CLI::IsMember({"auto", "simgrid"}));
  cmd->add_option("--network-model", args->network,
                  "exact: a transfer takes latency + bytes/bandwidth (SimGrid CM02, no TCP factors); "
                  "realistic: SimGrid's TCP-aware LV08 model")
      ->check(CLI::IsMember({"exact", "realistic"}));
  cmd->add_flag("--trace", args->trace,
                "Write DIR/trace-<scheduler>.json, the timeline as Chrome/Perfetto trace events "
                "(open it at ui.perfetto.dev)");
  cmd->add_flag("--paje", args->paje, "Write DIR/simgrid-<scheduler>.trace, SimGrid's own Paje trace of the replay");
  cmd->add_option("--grid-point", args->grid_point,
                  "key.path=value of a sweep's grid point (written by sweep --emit-jobs): applied as --set, and "
                  "runs.csv gets the sweep's point and grid.<key> columns (repeatable)")
      ->allow_extra_args(false);
  cmd->add_flag("--force", args->force, "Run even when the run-size guard estimates more than 1e7 tasks or trace events (README, 'Input limits')");
  cmd->add_flag("--energy-plugins", args->energy_plugins,
                "Take the energy from SimGrid's host- and link-energy plugins during the replay instead of the "
                "timeline (the same model; slower on large fleets; README 'Energy')");
  cmd->allow_extras();
  cmd->callback([args, cmd] { run(*args, cmd->remaining()); });
}

} // namespace pipar::cli
