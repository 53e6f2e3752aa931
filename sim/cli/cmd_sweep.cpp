// pipar-sim sweep SCENARIO --grid key=values ...: the cartesian product of the grid, each run in its
// own process, one row per run appended to DIR/runs.csv as it finishes (see sim/sweep/).
#include "cli/commands.hpp"
#include "replay/platform.hpp"
#include "run/run_size.hpp"
#include "core/files.hpp"
#include "core/error.hpp"
#include "core/text.hpp"
#include "output/provenance.hpp"
#include "output/writers.hpp"
#include "scenario/scenario.hpp"
#include "sweep/grid.hpp"
#include "sweep/jobs.hpp"
#include "sweep/manifest.hpp"
#include "run/process_pool.hpp"
#include "select/resolve_auto.hpp"
#include "sweep/progress.hpp"
#include "sweep/runs_file.hpp"

#include <algorithm>
#include <csignal>
#include <cstdlib>
#include <fcntl.h>
#include <filesystem>
#include <iostream>
#include <memory>
#include <set>
#include <sys/file.h>
#include <unistd.h>

namespace pipar::cli {

namespace {

namespace fs = std::filesystem;
using namespace pipar::sweep;

struct SweepArgs {
  std::string scenario;
  std::vector<std::string> grids;
  std::string schedulers;
  int jobs = 0;
  std::string out;
  bool resume = false;
  bool quiet = false;
  std::string emit_jobs;
  std::vector<std::string> sets;
  std::string network = "exact";
  bool force = false; ///< past the run-size guard (run/run_size.hpp)
};

/// The schedulers to sweep: the list given (or "all"), else the scenario's; only registered names.
std::vector<std::string> resolve_schedulers(const std::string& list, const Scenario& base) {
  if (list.empty())
    return base.schedulers;
  std::vector<std::string> out;
  if (list == "all") {
    for (const auto& e : scheduler_registry())
      out.push_back(e.name);
    return out;
  }
  size_t start = 0;
  while (true) {
    const auto comma = list.find(',', start);
    const std::string name = list.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
    if (!find_scheduler(name))
      throw InputError("--schedulers", "", "unknown scheduler \"" + name + "\"; valid: " + scheduler_names() + ", all");
    for (const auto& o : out)
      if (o == name)
        throw InputError("--schedulers", "", "scheduler \"" + name + "\" given twice");
    out.push_back(name);
    if (comma == std::string::npos)
      return out;
    start = comma + 1;
  }
}

std::vector<std::string> with(std::vector<std::string> a, const std::vector<std::string>& b) {
  a.insert(a.end(), b.begin(), b.end());
  return a;
}

/// Holds an exclusive lock on the sweep folder: two sweeps must not append to one runs.csv.
struct FolderLock {
  int fd = -1;
  explicit FolderLock(const std::string& dir) {
    fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0 || ::flock(fd, LOCK_EX | LOCK_NB) != 0)
      throw InputError(dir, "", "another sweep is writing to this folder");
  }
  ~FolderLock() { ::close(fd); }
};

/// One stderr line per damaged row dropped from runs.csv (at most 10, then how many more).
void report_damaged(const std::string& path, const std::vector<DamagedRow>& damaged,
                    const std::set<std::string>& grid) {
  for (size_t i = 0; i < damaged.size() && i < 10; ++i) {
    const DamagedRow& d = damaged[i];
    std::cerr << "sweep: " << path << ": line " << d.line << " (" << echo(d.id) << "): " << d.why
              << ": not a finished run, dropped" << (grid.count(d.id) ? "; its point runs again" : "") << '\n';
  }
  if (damaged.size() > 10)
    std::cerr << "sweep: " << path << ": " << damaged.size() - 10 << " more damaged rows dropped\n";
}

void sweep(const SweepArgs& a) {
  std::vector<GridAxis> axes;
  for (const auto& g : a.grids) {
    axes.push_back(parse_axis(g));
    for (size_t i = 0; i + 1 < axes.size(); ++i)
      if (axes[i].key == axes.back().key)
        throw InputError("--grid", "", "key " + axes.back().key + " given twice");
    // A --set of the same field, or of one inside it, would be replaced by the grid's values without a
    // word (a --set of a section holding it, such as devices={...}, is the base the grid varies).
    const auto within = [](const std::string& inner, const std::string& outer) {
      return inner == outer || inner.rfind(outer + ".", 0) == 0;
    };
    for (const auto& set : a.sets) {
      const std::string key = set.substr(0, set.find('='));
      if (within(key, axes.back().key))
        throw InputError("--grid", "", axes.back().key + " is swept, and --set " + set +
                                           " sets it too: give it in one of them");
    }
  }
  const Scenario base = load_scenario(a.scenario, a.sets);
  const std::vector<std::string> schedulers = resolve_schedulers(a.schedulers, base);
  const std::vector<GridPoint> points = expand(axes, schedulers);

  // Every assignment is validated before anything runs: a bad value fails the whole sweep at once.
  // So is its size (run/run_size.hpp), with the schedulers it will run.
  for (size_t i = 0; i < points.size(); i += schedulers.size()) {
    const Scenario point = load_scenario(a.scenario, with(a.sets, point_sets(axes, points[i])));
    check_run_size(point, schedulers, a.force);
    if (a.network == "realistic")
      refuse_link_traces(point, "use --network-model exact (sweep takes no --cfg; run does)");
  }

  if (!a.emit_jobs.empty()) {
    JobContext ctx;
    ctx.binary = fs::canonical("/proc/self/exe").string();
    ctx.scenario = fs::absolute(a.scenario).lexically_normal().string();
    ctx.sets = a.sets;
    if (a.network != "exact")
      ctx.extra = {"--network-model", a.network};
    if (a.force)
      ctx.extra.push_back("--force");
    ctx.out = fs::absolute(a.out).lexically_normal().string();
    check_jobs_file(a.emit_jobs, a.out); // not where the jobs write: each of them would fail
    check_output_file("--emit-jobs", a.emit_jobs);
    write_file_atomic(a.emit_jobs, job_lines(ctx, axes, points));
    std::cerr << "sweep: wrote " << points.size() << " commands to " << a.emit_jobs << " (results in " << ctx.out
              << "/points/p*; then: pipar-sim merge " << shell_quote(ctx.out) << "/points/* --out "
              << shell_quote(ctx.out + "/runs.csv") << ")\n";
    return;
  }

  prepare_output_dir("--out", a.out, {"runs.csv", "sweep.json"});
  const FolderLock lock(a.out);
  const std::string path = (fs::path(a.out) / "runs.csv").string();
  const std::string header = sweep_header(axes, runs_csv_header());
  RunsFile existing = read_runs_file(path);
  if (existing.exists && !a.resume)
    throw InputError(path, "", "exists; pass --resume to continue that sweep, or choose another --out");
  if (existing.exists && existing.header != header)
    throw InputError(path, "",
                     "its header differs from this sweep's (other --grid keys, or another version's columns):\n  " +
                         existing.header + "vs\n  " + header + "use another --out");
  ReplayOptions opt;
  opt.realistic_network = a.network == "realistic";
  opt.force = a.force;
  write_or_check_manifest(a.out, {a.scenario, a.sets, a.network, provenance(opt)});

  std::vector<std::string> order;
  for (const auto& p : points)
    order.push_back(point_id(axes, p));
  // A damaged row (edited, or cut by a full disk) is not a finished run: dropped before any row
  // is appended, so the final file is valid CSV, and its point runs again.
  const std::vector<DamagedRow> damaged = drop_damaged_rows(existing);
  report_damaged(path, damaged, std::set<std::string>(order.begin(), order.end()));
  if (existing.partial_tail || !damaged.empty()) // a partial tail: only after a failed write (disk full)
    write_file_atomic(path, ordered_content(existing, {}));

  std::set<std::string> done;
  for (const auto& r : existing.rows)
    done.insert(row_id(r));
  std::vector<size_t> todo;
  for (size_t i = 0; i < points.size(); ++i)
    if (!done.count(order[i]))
      todo.push_back(i);
  const int jobs = a.jobs > 0 ? a.jobs : default_jobs();
  std::cerr << "sweep: " << points.size() << " runs (" << points.size() / schedulers.size() << " grid assignments x "
            << schedulers.size() << " schedulers), " << points.size() - todo.size() << " already in " << path
            << ", running " << todo.size() << " with -j " << jobs << '\n';

  RowAppender rows(path, header);
  Progress progress(std::cerr, todo.size(), ::isatty(STDERR_FILENO) != 0, a.quiet);
  std::vector<std::string> failures;
  // PIPAR_SWEEP_KILL_AFTER=N (tests only): SIGKILL this process right after its N-th appended row.
  const char* kill_env = std::getenv("PIPAR_SWEEP_KILL_AFTER");
  const long kill_after = kill_env ? std::atol(kill_env) : -1;
  long appended = 0;
  PoolCallbacks cb;
  cb.work = [&](size_t t) {
    const GridPoint& p = points[todo[t]];
    Scenario s = load_scenario(a.scenario, with(a.sets, point_sets(axes, p)));
    s.schedulers = {p.scheduler};
    select::resolve_auto_split(s, opt, 1); // "auto": this point's own (P, N); one simulation at a time
    const RunResult r = run_scheduler(s, *find_scheduler(p.scheduler), opt);
    return row_prefix(axes, p) + runs_csv_row(s, r);
  };
  cb.done = [&](size_t t, bool ok, const std::string& text) {
    const std::string& id = order[todo[t]];
    if (ok && (text.empty() || text.back() != '\n' || text.find('\n') != text.size() - 1)) {
      ok = false;
      failures.push_back(id + ": malformed row");
    } else if (ok) {
      rows.append(text);
      if (++appended == kill_after) // test hook: die abruptly, as `kill -9` would
        ::kill(::getpid(), SIGKILL);
    } else {
      failures.push_back(id + ": " + text);
    }
    progress.finished(id, ok);
  };
  cb.tick = [&] { progress.tick(); };
  run_in_processes(todo.size(), jobs, cb);
  rows.close();
  progress.end();

  // All runs ended: put the rows in grid order, so the file does not depend on which job finished first.
  const RunsFile finished = read_runs_file(path);
  const std::string content = ordered_content(finished, order);
  std::string current = finished.header;
  for (const auto& r : finished.rows)
    current += r;
  if (content != current)
    write_file_atomic(path, content);
  for (const auto& f : failures)
    std::cerr << "sweep: failed: " << f << '\n';
  // The rows written: a point the file held twice is written once.
  const auto rows_written = std::count(content.begin(), content.end(), '\n') - 1;
  std::cerr << "sweep: wrote " << path << " (" << rows_written << " rows)\n";
  if (!failures.empty())
    throw std::runtime_error(std::to_string(failures.size()) + " of " + std::to_string(todo.size()) +
                             " runs failed (see above); --resume runs them again");
}

} // namespace

void add_sweep_command(CLI::App& app) {
  auto args = std::make_shared<SweepArgs>();
  auto* cmd = app.add_subcommand(
      "sweep", "Simulate the cartesian product of --grid values (x schedulers), each run in its own process;\n"
               "one row per run is appended to OUT/runs.csv as it finishes.");
  cmd->add_option("scenario", args->scenario, "Scenario JSON file (see README, 'Scenario files')")
      ->required()
      ->check(CLI::ExistingFile);
  cmd->add_option("--grid", args->grids,
                  "key.path=VALUES, VALUES a comma-separated list of values and ranges: 1,2,4,8; 1:64:x2 "
                  "(geometric); 1:100:+10 (arithmetic). Repeatable; the first --grid varies slowest, the "
                  "scheduler fastest")
      ->required()
      ->allow_extra_args(false); // one KEY=VALUES per --grid, so a positional may follow it
  cmd->add_option("--schedulers,--scheduler", args->schedulers,
                  "Comma-separated registered schedulers, or 'all' (default: the scenario's list)");
  cmd->add_option("-j,--jobs", args->jobs, "Runs at once (default: the number of cores)")->check(CLI::Range(1, 4096));
  cmd->add_option("--out,-o", args->out, "Sweep folder: runs.csv, sweep.json (and points/ with --emit-jobs)")
      ->required();
  cmd->add_flag("--resume", args->resume, "Continue a sweep in --out: skip the runs whose rows runs.csv holds");
  cmd->add_flag("--quiet,-q", args->quiet, "No line per finished run when stderr is not a terminal");
  cmd->add_option("--emit-jobs", args->emit_jobs,
                  "Do not run: write one 'pipar-sim run' command per run to this file (for GNU parallel or a "
                  "Slurm job array; results in OUT/points/pNN)");
  cmd->add_option("--set", args->sets, "Fixed override for every run, as for 'run' (repeatable)")
      ->allow_extra_args(false);
  cmd->add_option("--network-model", args->network, "exact or realistic, as for 'run'")
      ->check(CLI::IsMember({"exact", "realistic"}));
  cmd->add_flag("--force", args->force, "Run even when the run-size guard estimates more than 1e7 tasks or trace events (README, 'Input limits')");
  cmd->callback([args] { sweep(*args); });
}

} // namespace pipar::cli
