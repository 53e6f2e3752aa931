// pipar-sim validate RUN.json...: simulate measured training runs (tests/data/realrun/README.md) and
// compare makespan, busy and idle times and per-operation medians with the measurement.
#include "cli/commands.hpp"
#include "core/csv.hpp"
#include "core/error.hpp"
#include "core/files.hpp"
#include "core/lookup.hpp"
#include "validate/ranking.hpp"
#include "validate/repeats.hpp"
#include "validate/realrun.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <limits>
#include <map>
#include <memory>
#include <sstream>

namespace pipar::cli {

namespace {

struct ValidateArgs {
  std::vector<std::string> runs;
  std::string report, classes, timelines;
  std::string profile_given, classes_given; ///< --profile and --classes as given (mech holds them resolved)
  validate::Mechanisms mech;
};

/// DIR/mechanisms.json: what the report's simulations used, so that a report says how it was made:
/// the costs' source and every mechanism figure, by its scenario field's name.
std::string mechanisms_json(const ValidateArgs& a) {
  nlohmann::json m = validate::mechanism_fields(a.mech);
  if (!a.mech.device_class.empty())
    m["costs"] = {{"class", a.mech.device_class}, {"classes", a.classes_given}};
  else if (!a.mech.profile.empty())
    m["costs"] = {{"profile", a.profile_given}, {"classes", a.classes_given}};
  else
    m["costs"] = "each run's own profile";
  return m.dump(2) + "\n";
}

/// The relative error; none (NaN) when the measured value is 0 and the simulated one is not: a
/// measured idle time or a median operation of 0 s has no relative error to report.
double rel(double sim, double meas) {
  return meas != 0 ? (sim - meas) / meas : sim == 0 ? 0.0 : std::numeric_limits<double>::quiet_NaN();
}

/// A CSV field: the number by `f`, or empty when there is none (NaN).
std::string fmt(const char* f, double v) {
  if (!std::isfinite(v))
    return "";
  char b[64];
  std::snprintf(b, sizeof b, f, v);
  return b;
}

/// An error in percent for the printed table, 7 characters wide; "n/a" when there is none.
std::string pct(double e) {
  if (!std::isfinite(e))
    return "    n/a";
  char b[32];
  std::snprintf(b, sizeof b, "%+6.1f%%", 100 * e);
  return b;
}

/// Errors over runs: |error| median and worst over those that have one (NaN: none).
struct Stat {
  std::vector<double> v;
  size_t count() const {
    return static_cast<size_t>(std::count_if(v.begin(), v.end(), [](double x) { return std::isfinite(x); }));
  }
  double median() const {
    std::vector<double> a;
    for (double x : v)
      if (std::isfinite(x))
        a.push_back(std::abs(x));
    std::sort(a.begin(), a.end());
    const size_t n = a.size();
    return n == 0 ? 0 : (n % 2 ? a[n / 2] : 0.5 * (a[n / 2 - 1] + a[n / 2]));
  }
  double worst() const {
    double w = 0;
    for (double x : v)
      if (std::isfinite(x))
        w = std::max(w, std::abs(x));
    return w;
  }
};

/// DIR/<run id>.csv: every operation measured and simulated, by start time, so that a user sees where
/// the two timelines part. Device, iteration and micro-batch as the run file numbers them (blank where
/// it gives none or -1, as for a model message); the simulation's count from 0 per device. The run id
/// becomes a file name (characters other than letters, digits, '.', '_' and '-' as '_'; a repeated id
/// gets _2, _3, ...).
void write_timelines(const std::string& dir, const std::vector<validate::RunComparison>& rows) {
  std::filesystem::create_directories(dir);
  const auto index = [](long long i) { return i < 0 ? std::string() : std::to_string(i); }; // blank: none
  std::map<std::string, int> seen;
  for (const auto& r : rows) {
    std::string name = r.id.empty() ? "run" : r.id;
    for (char& ch : name)
      if (!std::isalnum(static_cast<unsigned char>(ch)) && ch != '.' && ch != '_' && ch != '-')
        ch = '_';
    if (const int n = ++seen[name]; n > 1)
      name += "_" + std::to_string(n);
    std::ostringstream out;
    out << "source,kind,device,iteration,micro_batch,start_s,end_s,duration_s\n";
    for (const auto* ops : {&r.measured_ops, &r.simulated_ops}) {
      std::vector<validate::TimelineOp> sorted = *ops;
      std::stable_sort(sorted.begin(), sorted.end(),
                       [](const validate::TimelineOp& x, const validate::TimelineOp& y) { return x.start < y.start; });
      for (const auto& o : sorted)
        out << (ops == &r.measured_ops ? "measured" : "simulated") << ',' << csv_field(o.kind) << ','
            << index(o.device) << ',' << index(o.iteration) << ',' << index(o.micro) << ',' << fmt("%.6f", o.start)
            << ',' << fmt("%.6f", o.end) << ',' << fmt("%.6f", o.end - o.start) << '\n';
    }
    write_file_atomic(dir + "/" + name + ".csv", out.str());
  }
  std::printf("wrote %zu timeline%s to %s/\n", rows.size(), rows.size() == 1 ? "" : "s", dir.c_str());
}

/// Repeated configurations: how far their measurements spread, the floor that spread puts under the
/// worst error of any one prediction, and the simulation's worst error (validate/repeats.hpp).
std::string report_repeats(const std::vector<validate::RunComparison>& rows) {
  std::ostringstream out;
  out << "setting,configuration,runs";
  for (const char* q : {"makespan", "server_busy", "device_busy"})
    out << ',' << q << "_min_s," << q << "_max_s," << q << "_mean_s," << q << "_floor," << q << "_worst_error";
  out << '\n';
  const auto spreads = validate::repeat_spreads(rows);
  if (!spreads.empty())
    std::printf("\nrepeated configurations: measured min-max and mean, the floor their spread puts under any one prediction "
                "((max - min) / (max + min)) and the simulation's worst |error|\n");
  for (const auto& s : spreads) {
    std::printf("  %s: %s, %zu runs\n", s.setting.c_str(), s.configuration.c_str(), s.runs);
    out << csv_field(s.setting) << ',' << csv_field(s.configuration) << ',' << s.runs;
    for (const auto& [name, q] : {std::pair<const char*, const validate::Spread*>{"makespan", &s.makespan},
                                  {"server busy", &s.server_busy}, {"device busy", &s.device_busy}}) {
      std::printf("    %-12s %9.3f - %9.3f s   mean %9.3f s   floor %5.1f%%   simulated worst %6.1f%%\n", name, q->min,
                  q->max, q->mean, 100 * q->floor, 100 * q->worst_error);
      out << ',' << fmt("%.6f", q->min) << ',' << fmt("%.6f", q->max) << ',' << fmt("%.6f", q->mean) << ','
          << fmt("%.5f", q->floor) << ',' << fmt("%.5f", q->worst_error);
    }
    out << '\n';
  }
  return out.str();
}

void run_validate(const ValidateArgs& a) {
  // A file given twice would count as two repeats of its configuration, with no spread between them.
  std::map<std::string, std::string> seen; // canonical path -> as given
  for (const auto& f : a.runs) {
    std::error_code ec;
    const std::string key = std::filesystem::weakly_canonical(f, ec).string();
    const auto [it, fresh] = seen.emplace(ec ? f : key, f);
    if (!fresh)
      throw InputError(f, "", "the same run file is given twice (also as " + it->second +
                                  "): it would count as a repeat of itself");
  }
  std::vector<validate::RunComparison> rows;
  for (const auto& f : a.runs)
    rows.push_back(validate::compare_run(f, a.mech));
  std::ostringstream csv, kinds;
  csv << "run_id,mode,P,N,up_mbps,down_mbps,latency_ms,makespan_measured_s,makespan_simulated_s,makespan_error,"
         "server_busy_measured_s,server_busy_simulated_s,server_busy_error,device_busy_measured_s,"
         "device_busy_simulated_s,device_busy_error,server_idle_error,device_idle_error\n";
  kinds << "run_id,kind,median_measured_s,median_simulated_s,error\n";
  Stat mk, sb, db, si, di;
  std::printf("%-46s %9s %9s %7s %8s %8s %7s %8s %8s %7s %7s %7s\n", "run", "make_m", "make_s", "err", "srvbusy_m",
              "srvbusy_s", "err", "devbusy_m", "devbusy_s", "err", "srvidle", "devidle");
  for (const auto& r : rows) {
    const double e_mk = rel(r.makespan_simulated, r.makespan_measured);
    const double e_sb = rel(r.server_busy_simulated, r.server_busy_measured);
    const double e_db = rel(r.device_busy_simulated, r.device_busy_measured);
    const double e_si = rel(r.makespan_simulated - r.server_busy_simulated, r.makespan_measured - r.server_busy_measured);
    const double e_di = rel(r.makespan_simulated - r.device_busy_simulated, r.makespan_measured - r.device_busy_measured);
    mk.v.push_back(e_mk);
    sb.v.push_back(e_sb);
    db.v.push_back(e_db);
    si.v.push_back(e_si);
    di.v.push_back(e_di);
    std::printf("%-46s %9.3f %9.3f %s %8.3f %8.3f %s %8.3f %8.3f %s %s %s\n", r.id.c_str(), r.makespan_measured,
                r.makespan_simulated, pct(e_mk).c_str(), r.server_busy_measured, r.server_busy_simulated,
                pct(e_sb).c_str(), r.device_busy_measured, r.device_busy_simulated, pct(e_db).c_str(),
                pct(e_si).c_str(), pct(e_di).c_str());
    csv << csv_field(r.id) << ',' << csv_field(r.mode) << ',' << r.P << ',' << r.N << ',' << r.up_mbps << ',' << r.down_mbps << ','
        << r.latency_ms << ',' << fmt("%.6f", r.makespan_measured) << ',' << fmt("%.6f", r.makespan_simulated) << ','
        << fmt("%.5f", e_mk) << ',' << fmt("%.6f", r.server_busy_measured) << ','
        << fmt("%.6f", r.server_busy_simulated) << ',' << fmt("%.5f", e_sb) << ','
        << fmt("%.6f", r.device_busy_measured) << ',' << fmt("%.6f", r.device_busy_simulated) << ','
        << fmt("%.5f", e_db) << ',' << fmt("%.5f", e_si) << ',' << fmt("%.5f", e_di) << '\n';
    for (const auto& kv : r.kind_median)
      kinds << csv_field(r.id) << ',' << csv_field(kv.first) << ',' << fmt("%.6f", kv.second.first) << ','
            << fmt("%.6f", kv.second.second) << ',' << fmt("%.5f", rel(kv.second.second, kv.second.first)) << '\n';
  }
  std::printf("\n|error| over %zu runs: median / worst\n", rows.size());
  std::printf("  makespan     %5.1f%% / %5.1f%%\n", 100 * mk.median(), 100 * mk.worst());
  std::printf("  server busy  %5.1f%% / %5.1f%%\n", 100 * sb.median(), 100 * sb.worst());
  std::printf("  device busy  %5.1f%% / %5.1f%%\n", 100 * db.median(), 100 * db.worst());
  std::printf("  server idle  %5.1f%% / %5.1f%%\n", 100 * si.median(), 100 * si.worst());
  std::printf("  device idle  %5.1f%% / %5.1f%%\n", 100 * di.median(), 100 * di.worst());
  // Per operation kind: the median over runs of each run's median error.
  std::map<std::string, Stat> by_kind;
  for (const auto& r : rows)
    for (const auto& kv : r.kind_median)
      by_kind[kv.first].v.push_back(rel(kv.second.second, kv.second.first));
  std::printf("\nper operation kind, each run's median duration simulated vs measured: |error| median / worst over runs\n");
  for (const auto& kv : by_kind) {
    const size_t n = kv.second.count(), none = kv.second.v.size() - n;
    if (n > 0)
      std::printf("  %-16s %6.1f%% / %6.1f%%  (%zu runs", kv.first.c_str(), 100 * kv.second.median(),
                  100 * kv.second.worst(), n);
    else
      std::printf("  %-16s     n/a /     n/a  (0 runs", kv.first.c_str());
    if (none > 0)
      std::printf("; %zu more whose measured median is 0 s: no relative error)\n", none);
    else
      std::printf(")\n");
  }
  std::map<std::string, size_t> unsimulated;
  for (const auto& r : rows)
    for (const auto& k : r.unsimulated_kinds)
      ++unsimulated[k];
  for (const auto& kv : unsimulated)
    std::printf("  %-16s not simulated (measured in %zu runs; not compared)\n", kv.first.c_str(), kv.second);
  // Configurations of one setting, ranked: what a user asks the simulator to decide.
  std::ostringstream ranks;
  ranks << "setting,configurations,kendall_tau,best_measured,best_measured_s,simulation_pick,pick_measured_s,"
           "regret,faster_measured,faster_simulated\n";
  std::printf("\nconfigurations ranked per setting (repeats averaged): measured best, the simulation's pick\n");
  for (const auto& k : validate::rank_settings(rows)) {
    std::printf("  %s: %zu configuration%s", k.setting.c_str(), k.configurations, k.configurations == 1 ? "" : "s");
    if (k.configurations >= 2)
      std::printf(", Kendall tau %.2f", k.kendall_tau);
    std::printf("\n    best measured %s (%.3f s); simulation picks %s (measured %.3f s, %+.1f%%)\n",
                k.best_measured.c_str(), k.best_measured_s, k.picked.c_str(), k.picked_measured_s, 100 * k.regret);
    if (!k.faster_measured.empty())
      std::printf("    FL vs the best PiPar: %s faster measured, %s faster simulated (%s)\n", k.faster_measured.c_str(),
                  k.faster_simulated.c_str(), k.faster_measured == k.faster_simulated ? "right" : "wrong");
    ranks << csv_field(k.setting) << ',' << k.configurations << ','
          << (k.configurations >= 2 ? fmt("%.4f", k.kendall_tau) : std::string()) << ',' << csv_field(k.best_measured)
          << ',' << fmt("%.6f", k.best_measured_s) << ',' << csv_field(k.picked) << ','
          << fmt("%.6f", k.picked_measured_s) << ',' << fmt("%.5f", k.regret) << ',' << k.faster_measured << ','
          << k.faster_simulated << '\n';
  }
  const std::string repeats = report_repeats(rows);
  if (!a.timelines.empty())
    write_timelines(a.timelines, rows);
  if (a.report.empty())
    return;
  std::filesystem::create_directories(a.report);
  write_file_atomic(a.report + "/validation.csv", csv.str());
  write_file_atomic(a.report + "/operations.csv", kinds.str());
  write_file_atomic(a.report + "/ranking.csv", ranks.str());
  write_file_atomic(a.report + "/repeats.csv", repeats);
  write_file_atomic(a.report + "/mechanisms.json", mechanisms_json(a));
  std::printf("\nwrote %s/validation.csv, operations.csv, ranking.csv, repeats.csv, mechanisms.json\n", a.report.c_str());
}

} // namespace

void add_validate_command(CLI::App& app) {
  auto a = std::make_shared<ValidateArgs>();
  auto* cmd = app.add_subcommand("validate", "Simulate measured training runs (tests/data/realrun/README.md) and "
                                             "compare makespan, busy/idle times and per-operation medians with the measurement; "
                                             "rank each setting's configurations; measure repeats' spread.");
  cmd->add_option("runs", a->runs, "Measured run files (JSON)")->required()->check(CLI::ExistingFile);
  cmd->add_option("--report", a->report,
                  "Write DIR/validation.csv, DIR/operations.csv, DIR/ranking.csv, DIR/repeats.csv (repeated "
                  "configurations: their spread, mean and the floor it puts under any prediction) and DIR/mechanisms.json (the "
                  "costs' source and every mechanism figure used)");
  cmd->add_option("--timelines", a->timelines,
                  "Write DIR/<run id>.csv: every operation, measured and simulated (kind, device, iteration, "
                  "micro-batch, start and end in s from the first device forward), to see where the two part");
  cmd->add_option("--class", a->mech.device_class,
                  "Analytic costs on this device class (devices and server) instead of each run's own profile");
  cmd->add_option("--profile", a->mech.profile,
                  "A measured model profile (timing tables, e.g. a standalone profile at several micro-batch sizes) "
                  "for every run instead of each run's own, on the classes it names (measured.device_class and "
                  "server_class) from --classes")
      ->check(CLI::ExistingFile);
  cmd->add_option("--classes", a->mech.classes_file, "Device-class catalogue holding --class (or --profile's classes)")
      ->default_val("platforms/device_classes.json");
  // The mechanisms become scenario fields; checked here so that a bad value names the option.
  const auto seconds = [](double hi) {
    return CLI::Validator(
        [hi](std::string& v) -> std::string {
          char* end = nullptr;
          const double x = std::strtod(v.c_str(), &end);
          return end != v.c_str() && *end == '\0' && x >= 0 && x <= hi ? "" : "expected a number in [0, " + fmt("%g", hi) + "], got " + v;
        },
        "SECONDS");
  };
  cmd->add_option("--handoff-s", a->mech.handoff_s, "Hand-off latency per cross-lane dependency, s")
      ->check(seconds(1000))
      ->capture_default_str();
  cmd->add_option("--send-delay-s", a->mech.send_delay_s,
                  "A message enters its link this long after the compute that produced it ends, plus "
                  "--send-delay-per-byte-s x its bytes (scenario fields communication.send_delay_s and "
                  "send_delay_per_byte_s; 0.26 ms and 1.5 ns: least absolute deviations over the first-byte delays "
                  "of the campaign's 1,038 messages put on an idle link)")
      ->check(seconds(1000))
      ->capture_default_str();
  cmd->add_option("--send-delay-per-byte-s", a->mech.send_delay_per_byte_s, "Seconds per byte of that delay")
      ->check(seconds(1))
      ->capture_default_str();
  cmd->add_option("--cpu-per-message-s", a->mech.cpu_per_message_s, "Communication CPU seconds per message")
      ->check(seconds(1000))
      ->capture_default_str();
  cmd->add_option("--cpu-per-byte-s", a->mech.cpu_per_byte_s, "Communication CPU seconds per byte")
      ->check(seconds(1))
      ->capture_default_str();
  cmd->add_option("--wire-cpu-per-byte-s", a->mech.wire_cpu_per_byte_s,
                  "Communication CPU seconds per byte on each end, spent while the message is on the wire "
                  "(a compute there slows down meanwhile)")
      ->check(seconds(1))
      ->capture_default_str();
  cmd->add_option("--wire-cpu-max-share", a->mech.wire_cpu_max_share,
                  "M in (0, 1]: a compute gives up L M / (M + L) of its core to a wire load of L cores (L = the per-byte "
                  "figure x bytes per second on the wire)")
      ->check(CLI::Validator(
          [](std::string& v) -> std::string {
            char* end = nullptr;
            const double x = std::strtod(v.c_str(), &end);
            return end != v.c_str() && *end == '\0' && x > 0 && x <= 1 ? "" : "expected a share in (0, 1], got " + v;
          },
          "SHARE"))
      ->capture_default_str();
  cmd->add_option("--wire-cpu-send-fraction", a->mech.wire_cpu_send_fraction,
                  "How much of the sending end's wire load a forward pass, a step or any compute but a backward "
                  "feels, as a fraction of the receiving end's, in [0, 1] (1: scripts/realrun_overlap.py "
                  "--fractions measures 1.24 over the campaign's and the testbed's runs, README \"Validation\")")
      ->check(CLI::Range(0.0, 1.0))
      ->capture_default_str();
  cmd->add_option("--wire-cpu-send-fraction-backward", a->mech.wire_cpu_send_fraction_backward,
                  "The same as a backward pass feels it, in [0, 1] (0.1: measured likewise, 0.10; backwards slow "
                  "little while their side sends)")
      ->check(CLI::Range(0.0, 1.0))
      ->capture_default_str();
  cmd->add_option("--wire-cpu-cv", a->mech.wire_cpu_cv,
                  "Coefficient of variation of the wire's CPU load as each compute task feels it (scenario field "
                  "communication.wire_cpu_cv: a lognormal factor of mean 1 on the load per compute task; 0.65: the "
                  "median spread scripts/realrun_overlap.py measures over the VGG5 runs, README \"Validation\")")
      ->check(CLI::Range(0.0, 10.0))
      ->capture_default_str();
  cmd->add_option("--tcp-initial-window-bytes", a->mech.tcp_initial_window_bytes,
                  "TCP slow start on each link direction from this congestion window, bytes (scenario field "
                  "communication.tcp_initial_window_bytes; 14480: Linux's 10 segments at MTU 1500; it matters only "
                  "with latency; 0: links at full rate from the first byte)")
      ->check(CLI::Range(0.0, 1e9))
      ->capture_default_str();
  cmd->add_option("--tcp-window-growth", a->mech.tcp_window_growth,
                  "The congestion window's growth per round trip in slow start, in [1.25, 2] (scenario field "
                  "communication.tcp_window_growth; 1.7: the median that scripts/testbed.py ramp fits to new "
                  "connections on loopback at 10-100 Mbit/s and 5-20 ms, 1.53-1.80)")
      ->check(CLI::Range(1.25, 2.0))
      ->capture_default_str();
  cmd->add_option("--aggregation-bytes-per-s", a->mech.aggregation_bytes_per_s,
                  "Averaging as memory traffic: model bytes (parameters + buffers) x models / this, bytes/s, plus "
                  "--aggregation-fixed-s (scenario fields training.aggregation_bytes_per_s and aggregation_fixed_s; "
                  "2.2e9 and 0.72 ms: 1.78 ms for VGG5, the mean of the campaign's aggregations, split as the testbed's "
                  "VGG8 / VGG5 ratio says; 0: only --aggregation-fixed-s)")
      ->check(CLI::Range(0.0, 1e15))
      ->capture_default_str();
  cmd->add_option("--aggregation-fixed-s", a->mech.aggregation_fixed_s,
                  "Seconds per aggregation on top of the memory traffic")
      ->check(seconds(1e6))
      ->capture_default_str();
  cmd->add_option("--compute-cv", a->mech.compute_cv,
                  "Coefficient of variation of every compute task's duration (scenario field variability.compute_cv: "
                  "a lognormal factor of mean 1 per task, from the seed)")
      ->check(CLI::Range(0.0, 10.0))
      ->capture_default_str();
  cmd->add_option("--model-load-fixed-s", a->mech.model_load_fixed_s,
                  "Seconds per model load on a device, on top of --model-load-bytes-per-s (scenario field "
                  "training.model_load_fixed_s)")
      ->check(seconds(1e6))
      ->capture_default_str();
  cmd->add_option("--model-load-bytes-per-s", a->mech.model_load_bytes_per_s,
                  "A device loads the averaged model's bytes (parameters + buffers) at this rate, bytes/s (scenario "
                  "field training.model_load_bytes_per_s; 6.6e9 and 0.31 ms: least squares over the campaign's 44 "
                  "loads; 0: only --model-load-fixed-s)")
      ->check(CLI::Range(0.0, 1e15))
      ->capture_default_str();
  cmd->add_option("--optimizer-flops-per-parameter", a->mech.optimizer_flops_per_parameter,
                  "Optimizer step of a unit without a measured step (analytic costs on a --class): flop per "
                  "parameter at the lane's speed (scenario field training.optimizer_flops_per_parameter; calibrate "
                  "prints the fit to a standalone profile's steps)")
      ->check(CLI::Range(0.0, 1e6))
      ->capture_default_str();
  cmd->add_option("--optimizer-fixed-s-per-tensor", a->mech.optimizer_fixed_s_per_tensor,
                  "... plus seconds per parameter tensor (scenario field training.optimizer_fixed_s_per_tensor)")
      ->check(seconds(1e3))
      ->capture_default_str();
  cmd->callback([a] {
    if (!a->report.empty())
      prepare_output_dir("--report", a->report, // before the simulations, not after
                         {"validation.csv", "operations.csv", "ranking.csv", "repeats.csv", "mechanisms.json"});
    if (!a->timelines.empty())
      prepare_output_dir("--timelines", a->timelines);
    if (!a->mech.device_class.empty() && !a->mech.profile.empty())
      throw InputError("--profile", "", "give --class (analytic costs) or --profile (measured timings), not both");
    a->profile_given = a->mech.profile;
    a->classes_given = a->mech.classes_file;
    if (!a->mech.profile.empty())
      a->mech.profile = std::filesystem::absolute(a->mech.profile).string();
    if (!a->mech.device_class.empty() || !a->mech.profile.empty())
      if (const auto found = find_input(a->mech.classes_file, with_default_dirs({})); !found.empty())
        a->mech.classes_file = std::filesystem::absolute(found).string(); // the run files are elsewhere
    run_validate(*a);
  });
}

} // namespace pipar::cli
