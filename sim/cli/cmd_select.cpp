// pipar-sim select SCENARIO: choose PiPar's split point P and micro-batch count N with each
// selector, simulate every feasible (P, N) to find the true optimum, and judge the choices:
// simulated makespan, regret, rank, and the wall time each selector took.
#include "cli/commands.hpp"
#include "replay/platform.hpp"
#include "run/run_size.hpp"
#include "core/error.hpp"
#include "core/csv.hpp"
#include "core/files.hpp"
#include "eval/critical_path.hpp"
#include "sched/registry.hpp"
#include "scenario/scenario.hpp"
#include "select/aps.hpp"
#include "select/fleet_estimate.hpp"
#include "select/group_descent.hpp"
#include "select/pipeline.hpp"
#include "select/registry.hpp"
#include "select/simulate_pool.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <limits>
#include <memory>
#include <sstream>
#include <stdexcept>

namespace pipar::cli {

namespace {

using namespace pipar::select;

struct SelectArgs {
  std::string scenario;
  std::string selectors = "aps,fleet";
  std::string report;
  std::string append_csv;
  std::vector<std::string> sets;
  int jobs = 0;
  int max_simulations = kDefaultMaxSimulations;
  bool bench = false;
  std::string network = "exact";
  std::string server_queue = "fair";
  bool force = false; ///< past the run-size guard (run/run_size.hpp)
};

double seconds_since(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

std::string fmt(double v, int prec = 6) {
  if (std::isinf(v))
    return "inf";
  char b[64];
  std::snprintf(b, sizeof b, "%.*g", prec, v);
  return b;
}

struct Judged {
  std::string name;
  SplitChoice choice;
  double wall_s = 0;
  bool feasible = true;
  double makespan = 0;
  double regret = 0;
  int rank = 0; ///< 1 = best; 0 when infeasible
};

/// The reference a choice is judged against: the best common (P, N) of the exhaustive grid and,
/// with several groups of devices, the simulated per-group descent from it; the better of the two.
struct Reference {
  SplitChoice groups;          ///< the per-group descent's result (common when one group)
  double groups_makespan = 0;  ///< its simulated makespan
  int groups_simulations = 0;
  double best = 0;             ///< min(grid optimum, groups_makespan)
};

std::vector<std::string> parse_selectors(const std::string& list) {
  std::vector<std::string> out;
  std::stringstream ss(list);
  std::string name;
  const auto add = [&](const std::string& n) {
    if (std::find(out.begin(), out.end(), n) != out.end())
      throw InputError("--selector", "", "\"" + n + "\" is listed twice (\"all\" includes every selector but exhaustive)");
    out.push_back(n);
  };
  while (std::getline(ss, name, ','))
    if (name == "all") {
      for (const auto& e : selector_registry())
        if (std::string(e.name) != "exhaustive")
          add(e.name);
    } else if (name.empty()) {
      throw InputError("--selector", "", "an empty name in \"" + list + "\" (expected names separated by single commas)");
    } else {
      if (!find_selector(name))
        throw InputError("--selector", "", "unknown selector \"" + name + "\"; valid values are: " + selector_names() +
                                               ", all, help");
      add(name);
    }
  if (list.empty() || list.back() == ',')
    throw InputError("--selector", "", "an empty name in \"" + list + "\" (expected names separated by single commas)");
  return out;
}

void print_help() {
  std::cout << "selectors:\n";
  for (const auto& e : selector_registry())
    std::printf("  %-11s %s\n", e.name, e.description);
}

/// Memory over the whole fleet for one (P, N): the most any device needs, whether every device's
/// cap holds, and the group with the least headroom among capped devices ("" when none is capped).
struct MemoryFit {
  double need_bytes = 0;
  bool fits = true;
  std::string tightest_group;
};

MemoryFit memory_fit(const Scenario& s, int P, int N) {
  MemoryFit m;
  double least_headroom = 0;
  bool any_cap = false;
  for (const DeviceSpec& d : s.devices) {
    const double need = device_memory_bytes(s, P, N, static_cast<double>(d.samples));
    m.need_bytes = std::max(m.need_bytes, need);
    m.fits = m.fits && fits_memory(s, d, P, N);
    if (d.memory_bytes > 0 && (!any_cap || d.memory_bytes - need < least_headroom)) {
      any_cap = true;
      least_headroom = d.memory_bytes - need;
      m.tightest_group = d.group.empty() ? "devices" : d.group;
    }
  }
  return m;
}

/// APS's per-iteration estimate for N = 100 and a whole APS selection, timed over many repeats.
void bench(const Scenario& s) {
  const DeviceSpec& d = s.devices.front();
  const int P = std::max(1, s.profile.split_units() / 2);
  const int reps = 20000;
  volatile double sink = 0;
  Scenario big = s;
  big.training.batch_size = std::max(200, s.training.batch_size); // so that N = 100 is a valid count
  auto t0 = std::chrono::steady_clock::now();
  for (int i = 0; i < reps; ++i)
    sink = sink + iteration_estimate(big, d, P, 100);
  const double est_us = seconds_since(t0) / reps * 1e6;
  const int sel_reps = 2000;
  t0 = std::chrono::steady_clock::now();
  for (int i = 0; i < sel_reps; ++i)
    sink = sink + select_aps(big).estimate_s;
  const double sel_us = seconds_since(t0) / sel_reps * 1e6;
  std::printf("APS iteration estimate, N = 100, P = %d: %.3f us per call (mean of %d)\n", P, est_us, reps);
  std::printf("APS whole selection (%d split points, B = %d): %.3f us per call (mean of %d)\n",
              s.profile.split_units() - 1, big.training.batch_size, sel_us, sel_reps);
  // The fleet selector's decision without simulation, on the scenario as given: its estimator
  // prepared, every feasible candidate estimated and ranked, the per-group descent when the fleet
  // has several groups.
  const std::vector<SplitPN> cands = feasible_candidates(s);
  const auto groups = device_groups(s);
  const int fleet_reps = 200;
  t0 = std::chrono::steady_clock::now();
  for (int i = 0; i < fleet_reps; ++i) {
    const FleetEstimator estimator(s);
    SplitChoice best;
    double best_est = -1;
    for (const SplitPN& pn : cands) {
      SplitChoice c;
      c.common = pn;
      const double e = estimator(c).makespan_s;
      if (best_est < 0 || e < best_est) {
        best_est = e;
        best = c;
      }
    }
    if (groups.size() > 1) {
      best_est = estimate_descent(s, {}, estimator, best, groups).choice.estimate_s;
    }
    sink = sink + best_est;
  }
  const double fleet_ms = seconds_since(t0) / fleet_reps * 1e3;
  long long iterations = 0;
  for (const DeviceSpec& d : s.devices)
    iterations = std::max(iterations, (d.samples + s.training.batch_size - 1) / s.training.batch_size);
  std::printf("fleet decision without simulation (%zu devices in %zu groups, %zu candidates, %lld iterations "
              "per epoch x %d epochs): %.3f ms per decision (mean of %d)\n",
              s.devices.size(), groups.size(), cands.size(), iterations, s.training.epochs, fleet_ms, fleet_reps);
}

void write_report(const std::string& dir, const Scenario& s, const Grid& grid, const std::vector<Judged>& judged) {
  const DeviceSpec& d0 = s.devices.front();
  std::ostringstream g;
  g << "split_point,micro_batches,device_memory_bytes,fits_memory,tightest_group,simulated_makespan_s,rank,"
       "aps_iteration_estimate_s,aps_n_for_p,fleet_estimate_s,chosen_by\n";
  std::vector<int> rank(grid.candidates.size(), 1);
  for (size_t i = 0; i < grid.candidates.size(); ++i)
    for (size_t j = 0; j < grid.candidates.size(); ++j)
      rank[i] += grid.makespans[j] < grid.makespans[i] ? 1 : 0;
  const int L = s.profile.split_units();
  const FleetEstimator estimator(s);
  size_t gi = 0;
  for (int P = 1; P <= L - 1; ++P)
    for (int N : micro_batch_candidates(s)) {
      const bool in_grid = gi < grid.candidates.size() && grid.candidates[gi] == SplitPN{P, N};
      SplitChoice c;
      c.common = {P, N};
      std::string by;
      for (const Judged& j : judged)
        if (j.choice.is_common() && j.choice.common == c.common)
          by += (by.empty() ? "" : " ") + j.name;
      const MemoryFit m = memory_fit(s, P, N);
      g << P << ',' << N << ',' << fmt(m.need_bytes, 10) << ',' << (m.fits ? 1 : 0) << ',' << csv_field(m.tightest_group) << ','
        << (in_grid ? fmt(grid.makespans[gi], 10) : "") << ','
        << (in_grid ? std::to_string(rank[gi]) : "") << ',' << fmt(iteration_estimate(s, d0, P, N), 10) << ','
        << (aps_micro_batches(s, d0, P) == N ? 1 : 0) << ',' << fmt(estimator(c).makespan_s, 10) << ','
        << csv_field(by) << '\n';
      if (in_grid)
        ++gi;
    }
  write_file_atomic(dir + "/grid.csv", g.str());
  std::ostringstream sel;
  sel << "selector,choice,feasible,simulated_makespan_s,regret,rank,wall_s,simulations,proven\n";
  for (const Judged& j : judged)
    sel << csv_field(j.name) << ',' << csv_field(j.choice.describe()) << ',' << (j.feasible ? 1 : 0) << ',' << fmt(j.makespan, 10) << ','
        << fmt(j.regret, 6) << ',' << j.rank << ',' << fmt(j.wall_s, 6) << ',' << j.choice.simulations << ','
        << (j.choice.proven ? 1 : 0) << '\n';
  write_file_atomic(dir + "/selectors.csv", sel.str());
  std::cout << "wrote " << dir << "/grid.csv, selectors.csv\n";
}

/// The selectors judged, in the order of their columns: those asked for, then the exhaustive search.
std::vector<std::string> judged_names(const std::vector<std::string>& names) {
  std::vector<std::string> out;
  for (const auto& n : names)
    if (n != "exhaustive")
      out.push_back(n);
  out.emplace_back("exhaustive");
  return out;
}

/// The header of an --append-csv file (its columns follow the selectors judged).
std::string append_header(const std::vector<std::string>& judged) {
  std::string h = "scenario,model,dataset,devices,uplink_mbps,downlink_mbps,latency_ms,samples_per_device,server_cores,"
                  "candidates,optimum,optimum_makespan_s,groups_choice,groups_makespan_s,groups_simulations,"
                  "reference_makespan_s";
  for (const auto& n : judged)
    for (const char* col : {"_choice", "_makespan_s", "_regret", "_rank", "_wall_s", "_simulations", "_feasible", "_proven"})
      h += "," + n + col;
  return h + "\n";
}

/// An --append-csv file that exists takes only rows of its own header: rows of another selector
/// list would land under other selectors' columns (or make the file invalid CSV).
void check_append_header(const std::string& file, const std::vector<std::string>& judged) {
  std::ifstream in(file);
  std::string first;
  if (!in || !std::getline(in, first) || first.empty())
    return; // new or empty: the header is written with the first row
  if (first.back() == '\r')
    first.pop_back();
  const std::string want = append_header(judged);
  if (first + "\n" == want)
    return;
  std::vector<std::string> have;
  try {
    have = csv_split(first);
  } catch (const std::invalid_argument& e) {
    throw InputError("--append-csv", "", "\"" + file + "\": its header is not valid CSV (" + e.what() + ")");
  }
  const std::vector<std::string> mine = csv_split(want.substr(0, want.size() - 1));
  size_t k = 0;
  while (k < have.size() && k < mine.size() && have[k] == mine[k])
    ++k;
  const auto col = [](const std::vector<std::string>& v, size_t i) {
    return i < v.size() ? "\"" + echo(v[i], 60) + "\"" : std::string("missing");
  };
  throw InputError("--append-csv", "",
                   "\"" + file + "\" has another header (written with other --selector values or by another "
                   "version): its column " + std::to_string(k + 1) + " is " + col(have, k) + ", this select's " +
                   col(mine, k) + " (" + std::to_string(have.size()) + " against " + std::to_string(mine.size()) +
                   " columns); append to a new file");
}

void append_row(const std::string& file, const Scenario& s, const Grid& grid, const Reference& ref,
                const std::vector<Judged>& judged) {
  const bool fresh = !std::filesystem::exists(file) || std::filesystem::file_size(file) == 0;
  std::ofstream o(file, std::ios::app);
  const DeviceSpec& d0 = s.devices.front(); // the first device's links (a fleet may mix them)
  if (fresh) {
    std::vector<std::string> names;
    for (const Judged& j : judged)
      names.push_back(j.name);
    o << append_header(names);
  }
  const size_t b = grid.best();
  o << csv_field(s.name) << ',' << csv_field(s.profile.model) << ',' << csv_field(s.profile.dataset) << ',' << s.devices.size() << ','
    << fmt(d0.uplink_bps * 8e-6) << ',' << fmt(d0.downlink_bps * 8e-6) << ',' << fmt(d0.latency_s * 1e3) << ','
    << d0.samples << ',' << s.server.cores << ','
    << grid.candidates.size() << ",P=" << grid.candidates[b].P << " N=" << grid.candidates[b].N << ','
    << fmt(grid.makespans[b], 10) << ',' << csv_field(ref.groups.describe()) << ','
    << fmt(ref.groups_makespan, 10) << ',' << ref.groups_simulations << ',' << fmt(ref.best, 10);
  for (const Judged& j : judged)
    o << ',' << csv_field(j.choice.describe()) << ',' << fmt(j.makespan, 10) << ',' << fmt(j.regret, 6) << ',' << j.rank << ','
      << fmt(j.wall_s, 6) << ',' << j.choice.simulations << ',' << (j.feasible ? 1 : 0) << ','
      << (j.choice.proven ? 1 : 0);
  o << '\n';
  o.flush();
  if (!o)
    throw std::runtime_error("cannot append to " + file);
}

/// The simulated per-group reference: coordinate descent over groups of identical devices from the
/// grid's best common (P, N), every trial simulated (select/group_descent.hpp). One group: the grid.
Reference per_group_reference(const SelectContext& ctx, const Grid& grid) {
  Reference r;
  r.groups.common = grid.candidates[grid.best()];
  r.groups_makespan = r.best = grid.makespans[grid.best()];
  const auto groups = device_groups(ctx.scenario);
  if (groups.size() < 2)
    return r;
  const Objective simulated = [&](const std::vector<SplitChoice>& trials) {
    std::vector<Value> v;
    for (const double m : simulate_makespans(ctx.scenario, trials, ctx.replay, ctx.jobs))
      v.push_back({m, 0.0});
    return v;
  };
  const Descent d = group_descent(ctx.scenario, ctx.constraints, r.groups, {r.groups_makespan, 0.0}, groups, simulated);
  r.groups_simulations = d.evaluations;
  r.groups_makespan = d.choice.estimate_s;
  r.groups = d.choice;
  r.groups.collapse_uniform();
  r.best = std::min(r.best, r.groups_makespan);
  return r;
}

void run_select(const SelectArgs& a) {
  if (a.selectors == "help") {
    print_help();
    return;
  }
  const std::vector<std::string> names = parse_selectors(a.selectors);
  if (a.scenario.empty())
    throw InputError("select", "", "a scenario file is required");
  const Scenario s = load_scenario(a.scenario, a.sets);
  {
    Scenario largest = s; // every candidate N up to min(B, 100) will be simulated
    largest.split.auto_micro_batches = true;
    check_run_size(largest, {"pipar"}, a.force);
    // The rates guard on the simplest split (every candidate shares the speeds and bandwidths).
    select::SplitChoice simplest;
    simplest.common = {1, 1};
    const Scenario one = select::apply_choice(s, simplest);
    const TaskGraph g = build_pipar(one);
    check_simulated_time(one, makespan_lower_bound(g, one, critical_path(g, CostModel(g, one), one).makespan()),
                         "pipar (P=1 N=1)", a.force);
  }
  if (a.network == "realistic")
    refuse_link_traces(s, "use --network-model exact (select takes no --cfg; run does)");
  if (!a.report.empty())
    prepare_output_dir("--report", a.report, {"grid.csv", "selectors.csv"});
  if (!a.append_csv.empty()) {
    check_output_file("--append-csv", a.append_csv);
    check_append_header(a.append_csv, judged_names(names));
  }
  if (a.bench) {
    bench(s);
    return;
  }
  ReplayOptions opt;
  opt.realistic_network = a.network == "realistic";
  opt.server_fifo = a.server_queue == "fifo";
  opt.force = a.force;
  const SelectContext ctx{s, opt, a.jobs, {}, a.max_simulations};

  std::vector<Judged> judged;
  for (const auto& name : names) {
    if (name == "exhaustive")
      continue;
    Judged j;
    j.name = name;
    const auto t0 = std::chrono::steady_clock::now();
    j.choice = find_selector(name)->select(ctx);
    j.wall_s = seconds_since(t0);
    judged.push_back(j);
  }
  const auto t0 = std::chrono::steady_clock::now();
  const Grid grid = simulate_grid(ctx);
  const double exhaustive_s = seconds_since(t0);
  {
    Judged j;
    j.name = "exhaustive";
    j.choice.common = grid.candidates[grid.best()];
    j.choice.estimate_s = grid.makespans[grid.best()];
    j.choice.simulations = static_cast<int>(grid.candidates.size());
    j.choice.proven = true;
    j.wall_s = exhaustive_s;
    judged.push_back(j);
  }
  const Reference ref = per_group_reference(ctx, grid);
  // Makespan of each choice: from the grid when it is there, else simulated now (a per-device
  // choice, or one that does not fit the devices' memory, which the grid leaves out).
  std::vector<SplitChoice> extra;
  std::vector<size_t> extra_of;
  for (size_t k = 0; k < judged.size(); ++k) {
    Judged& j = judged[k];
    bool found = false;
    for (size_t i = 0; i < grid.candidates.size() && j.choice.is_common(); ++i)
      if (grid.candidates[i] == j.choice.common) {
        j.makespan = grid.makespans[i];
        found = true;
      }
    for (size_t d = 0; d < s.devices.size(); ++d)
      j.feasible = j.feasible && fits_memory(s, s.devices[d], j.choice.of(d).P, j.choice.of(d).N);
    if (!found) {
      extra.push_back(j.choice);
      extra_of.push_back(k);
    }
  }
  const std::vector<double> extra_ms = simulate_makespans(s, extra, opt, a.jobs);
  for (size_t i = 0; i < extra.size(); ++i)
    judged[extra_of[i]].makespan = extra_ms[i];
  const double best = ref.best;
  for (Judged& j : judged) {
    j.regret = j.feasible ? j.makespan / best - 1 : std::numeric_limits<double>::infinity();
    if (std::abs(j.regret) < 1e-9) // the same makespan reached by another sum of the same tasks: rounding
      j.regret = 0;
    j.rank = 0;
    if (j.feasible) {
      j.rank = 1;
      for (double m : grid.makespans)
        j.rank += m < j.makespan * (1 - 1e-12) ? 1 : 0;
    }
  }

  std::printf("scenario %s: %s/%s, %zu devices, %zu feasible (P, N) simulated\n", s.name.c_str(),
              s.profile.model.c_str(), s.profile.dataset.c_str(), s.devices.size(), grid.candidates.size());
  if (!ref.groups.is_common())
    std::printf("per-group reference (coordinate descent over groups, %d simulations): %s, %.3f s (best common "
                "%.3f s); regret is against the better\n",
                ref.groups_simulations, ref.groups.describe().c_str(), ref.groups_makespan,
                grid.makespans[grid.best()]);
  std::printf("%-11s %-28s %14s %10s %6s %10s %6s\n", "selector", "choice", "makespan_s", "regret", "rank", "wall_s",
              "sims");
  for (const Judged& j : judged)
    std::printf("%-11s %-28s %14.3f %10s %6s %10.4f %6d\n", j.name.c_str(),
                (j.choice.describe() + (j.feasible ? "" : " (no fit)")).c_str(), j.makespan,
                (j.feasible ? fmt(100 * j.regret, 4) + "%" : "inf").c_str(),
                j.feasible ? std::to_string(j.rank).c_str() : "-", j.wall_s, j.choice.simulations);
  if (!a.report.empty())
    write_report(a.report, s, grid, judged);
  if (!a.append_csv.empty())
    append_row(a.append_csv, s, grid, ref, judged);
}

} // namespace

void add_select_command(CLI::App& app) {
  auto args = std::make_shared<SelectArgs>();
  auto* cmd = app.add_subcommand("select", "Choose PiPar's split point P and micro-batch count N with each selector "
                                           "and judge the choices against an exhaustive simulated search.");
  cmd->add_option("scenario", args->scenario, "Scenario JSON file")->check(CLI::ExistingFile);
  cmd->add_option("--selector,--selectors", args->selectors,
                  "Comma-separated selectors, 'all', or 'help' to list them (default aps,fleet); the exhaustive "
                  "search always runs, as the reference");
  cmd->add_option("--report", args->report, "Write DIR/grid.csv (every (P, N)) and DIR/selectors.csv");
  cmd->add_option("--append-csv", args->append_csv, "Append one row for this case to FILE (header if new)");
  cmd->add_option("-j,--jobs", args->jobs, "Parallel simulations (default: the machine's cores)")
      ->check(CLI::Range(1, 1024));
  cmd->add_option("--max-simulations", args->max_simulations,
                  "Budget of the fleet selector's verification: it simulates candidates in estimate order until "
                  "its choice is proven best or this many ran (default " + std::to_string(kDefaultMaxSimulations) + ")")
      ->check(CLI::Range(1, 100000));
  cmd->add_option("--set", args->sets, "Override a scenario field before validation (repeatable), as for run");
  cmd->add_flag("--bench", args->bench, "Time APS (its estimate for N = 100, and a whole selection) and the fleet selector's decision without simulation, and exit");
  cmd->add_option("--network-model", args->network, "exact or realistic, as for run")
      ->check(CLI::IsMember({"exact", "realistic"}));
  cmd->add_option("--server-queue", args->server_queue, "fair or fifo, as for run (every simulation uses it)")
      ->check(CLI::IsMember({"fair", "fifo"}));
  cmd->add_flag("--force", args->force, "Run even when the run-size guard estimates more than 1e7 tasks or trace events (README, 'Input limits')");
  cmd->callback([args] { run_select(*args); });
}

} // namespace pipar::cli
