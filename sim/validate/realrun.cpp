#include "validate/realrun.hpp"

#include "validate/unit_macs.hpp"

#include "core/error.hpp"
#include "core/text.hpp"
#include "core/json_read.hpp"
#include "metrics/metrics.hpp"
#include "run/run.hpp"
#include "sched/registry.hpp"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <set>
#include <unistd.h>

namespace pipar::validate {

namespace {

namespace fs = std::filesystem;

/// The run's own class: seconds are used as measured (speed 1e9 on both sides, no overhead added).
constexpr double kRunSpeed = 1e9;

fs::path temp_dir() { return fs::temp_directory_path() / ("pipar-validate-" + std::to_string(::getpid())); }

/// Removes the run's temporary profile and catalogue once the scenario holds them (on every exit).
struct TempFiles {
  ~TempFiles() {
    std::error_code ec;
    fs::remove_all(temp_dir(), ec);
  }
};

std::string write_temp(const std::string& name, const nlohmann::json& j) {
  const fs::path dir = temp_dir();
  fs::create_directories(dir);
  const fs::path p = dir / name;
  std::ofstream(p) << j.dump();
  return p.string();
}

double median(std::vector<double> v) {
  if (v.empty())
    return 0;
  std::sort(v.begin(), v.end());
  const size_t n = v.size();
  return n % 2 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
}

/// One side of the run's quick profile ({"units": [{unit, m, fwd_s, bwd_s, opt_step_s}], "loss": [...]})
/// into the units' timing tables (the loss goes into the last unit, which computes it).
/// Units `first`..`last` (1-based) must each appear once: a missing one would be costed from its
/// flop at no measured speed, a repeated one (another micro-batch size) would replace the first.
void add_timings(const JsonReader& r, const std::string& ptr, nlohmann::json& units, const char* key, int first,
                 int last) {
  const size_t n = r.array_size(ptr + "/units", 1, 1000);
  std::vector<bool> seen(units.size() + 1, false);
  for (size_t i = 0; i < n; ++i) {
    const std::string u = ptr + "/units/" + std::to_string(i);
    const int unit = r.get_int(u + "/unit", 1, static_cast<int>(units.size()));
    if (seen[static_cast<size_t>(unit)])
      r.fail(u + "/unit", "unit " + std::to_string(unit) +
                              " appears twice: one entry per unit, at the run's micro-batch size");
    seen[static_cast<size_t>(unit)] = true;
    const double m = r.get_number(u + "/m", 1, 1e9);
    double fwd = r.get_number(u + "/fwd_s/median", 0, 1e6), bwd = r.get_number(u + "/bwd_s/median", 0, 1e6);
    if (unit == static_cast<int>(units.size()) && r.has(ptr + "/loss") && r.array_size(ptr + "/loss", 0, 1000) > 0) {
      fwd += r.get_number(ptr + "/loss/0/fwd_s/median", 0, 1e6);
      bwd += r.get_number(ptr + "/loss/0/bwd_s/median", 0, 1e6);
    }
    units[static_cast<size_t>(unit - 1)][key] = {{"batch_sizes", {m}},
                                                 {"forward_s", {fwd}},
                                                 {"backward_s", {bwd}},
                                                 {"step_s", r.get_number(u + "/opt_step_s/median", 0, 1e6)}};
  }
  for (int unit = first; unit <= last; ++unit)
    if (!seen[static_cast<size_t>(unit)])
      r.fail(ptr + "/units", "no entry for unit " + std::to_string(unit) + " (this side computes units " +
                                 std::to_string(first) + " to " + std::to_string(last) + ")");
}

struct RunFile {
  nlohmann::json j;
  std::string file;
  std::string mode;
  int P = 0, N = 1, B = 0, K = 0, R = 0, devices = 0;
  double up = 0, down = 0, latency_ms = 0;
};

RunFile read_run(const std::string& file) {
  RunFile f;
  f.j = read_json_file(file);
  f.file = file;
  const JsonReader r(f.j, file);
  if (!f.j.is_object())
    r.fail("", "expected a JSON object: a measured run (tests/data/realrun/README.md), got " +
                   std::string(f.j.type_name()));
  f.mode = r.get<std::string>("/config/mode");
  if (f.mode != "fl" && f.mode != "sfl" && f.mode != "pipar")
    r.fail("/config/mode", "expected fl, sfl or pipar, got \"" + f.mode + "\"");
  // A run that did not finish measured nothing to compare with.
  const std::string status = r.get_or<std::string>("/status", "ok");
  if (status != "ok")
    r.fail("/status", "expected \"ok\" (a run that completed), got " + echo_json(status));
  if (f.mode != "fl")
    f.P = r.get_int("/config/P", 1, 1000);
  f.B = r.get_int("/config/B", 1, 1 << 24);
  if (f.mode == "pipar")
    f.N = r.get_int("/config/N", 1, f.B);
  f.K = r.get_int("/config/K", 1, 1 << 24);
  f.R = r.get_int("/config/R", 1, 1 << 24);
  // The simulated device holds B x K x R samples (the scenario's limit: 1e9).
  if (static_cast<double>(f.B) * f.K * f.R > 1e9)
    r.fail("/config/R", "B x K x R (the samples each device trains) must be at most 1e9, got " +
                            std::to_string(static_cast<double>(f.B) * f.K * f.R));
  if (r.has("/run_id") && !plain_name(r.get<std::string>("/run_id")))
    r.fail("/run_id", "expected 1 to 200 bytes of UTF-8 without control characters, got \"" +
                          echo(r.get<std::string>("/run_id")) + "\"");
  f.devices = r.get_int("/config/devices", 1, 1000000);
  f.up = r.get_number("/config/up", 1e-6, 1e6);
  f.down = r.get_number("/config/down", 1e-6, 1e6);
  // One figure for both directions (latency_ms), or one each; the scenario's range (100 s).
  const double both = r.get_number_or("/config/latency_ms", 0, 1e5, 0.0);
  const double lu = r.get_number_or("/config/latency_up_ms", 0, 1e5, both);
  const double ld = r.get_number_or("/config/latency_down_ms", 0, 1e5, both);
  // The simulator has one latency per device (both directions): a run with two gets their mean.
  f.latency_ms = 0.5 * (lu + ld);
  return f;
}

/// The payload of one activation message: m = B / N samples' activations at the cut and their labels;
/// 0 for FL (it sends none).
double activation_payload(const RunFile& f, const JsonReader& r) {
  if (f.mode == "fl")
    return 0.0;
  const std::string cut = "/units/" + std::to_string(f.P - 1) + "/activation_bytes_per_sample";
  return static_cast<double>(f.B) / f.N *
         (r.get_number(cut, 0, 1e15) + r.get_number_or("/label_bytes_per_sample", 0, 1e9, 8.0));
}

/// The framing bytes of one message: the median over the run's activation messages of bytes minus
/// `payload` (activation_payload); 0 for FL (its messages are whole models).
double header_bytes(const RunFile& f, double payload) {
  if (f.mode == "fl")
    return 0.0;
  std::vector<double> h;
  for (const auto& e : f.j.at("timeline"))
    if (e.is_object() && e.value("kind", "") == "upload" && e.value("what", "") == "act" && e.contains("bytes"))
      h.push_back(e["bytes"].get<double>() - payload);
  return std::max(0.0, median(h));
}

} // namespace

nlohmann::json mechanism_fields(const Mechanisms& mech) {
  return {{"training",
           {{"aggregation_bytes_per_s", mech.aggregation_bytes_per_s},
            {"aggregation_fixed_s", mech.aggregation_fixed_s},
            {"model_load_fixed_s", mech.model_load_fixed_s},
            {"model_load_bytes_per_s", mech.model_load_bytes_per_s},
            {"optimizer_flops_per_parameter", mech.optimizer_flops_per_parameter},
            {"optimizer_fixed_s_per_tensor", mech.optimizer_fixed_s_per_tensor}}},
          {"communication",
           {{"handoff_s", mech.handoff_s},
            {"send_delay_s", mech.send_delay_s},
            {"send_delay_per_byte_s", mech.send_delay_per_byte_s},
            {"cpu_per_message_s", mech.cpu_per_message_s},
            {"cpu_per_byte_s", mech.cpu_per_byte_s},
            {"wire_cpu_per_byte_s", mech.wire_cpu_per_byte_s},
            {"wire_cpu_max_share", mech.wire_cpu_max_share},
            {"wire_cpu_send_fraction", mech.wire_cpu_send_fraction},
            {"wire_cpu_send_fraction_backward", mech.wire_cpu_send_fraction_backward},
            {"wire_cpu_cv", mech.wire_cpu_cv},
            {"tcp_initial_window_bytes", mech.tcp_initial_window_bytes},
            {"tcp_window_growth", mech.tcp_window_growth}}},
          {"variability", {{"compute_cv", mech.compute_cv}}}};
}

namespace {
/// The scenario of a run file already read (read_run).
Scenario scenario_of(const RunFile& f, const Mechanisms& mech) {
  const TempFiles cleanup; // the scenario reads them while it is built, not after
  const std::string& run_file = f.file;
  const JsonReader r(f.j, run_file);
  // The profile: the run's units, with the run's own per-unit timings unless a class is named.
  const size_t L = r.array_size("/units", 2, 1000);
  if (f.mode != "fl" && f.P >= static_cast<int>(L))
    r.fail("/config/P", "expected an integer in [1, " + std::to_string(L - 1) + "] (the run's units less one), got " +
                            std::to_string(f.P));
  // A shape: 1 to 8 whole positive dimensions (a non-integer would be truncated, an empty one read past).
  const auto shape = [&r](const std::string& ptr) {
    std::vector<int> out;
    const size_t n = r.array_size(ptr, 1, 8);
    for (size_t k = 0; k < n; ++k)
      out.push_back(r.get_int(ptr + "/" + std::to_string(k), 1, 1 << 24));
    return out;
  };
  nlohmann::json units = nlohmann::json::array();
  for (size_t i = 0; i < L; ++i) {
    const std::string u = "/units/" + std::to_string(i);
    const std::string kind = r.get_or<std::string>(u + "/kind", "");
    const double fwd = r.get_number(u + "/fwd_flops_per_sample", 0, 1e18);
    // Without an estimate, backward = weight gradient + input gradient, each the forward's flop
    // (the first unit computes no input gradient): the model zoo's rule.
    const double bwd = r.get_number_or(u + "/bwd_flops_per_sample_est", 0, 1e18, (i == 0 ? 1 : 2) * fwd);
    RunUnit ru;
    ru.kind = kind;
    if (r.has(u + "/in_shape"))
      ru.in_shape = shape(u + "/in_shape");
    if (r.has(u + "/out_shape"))
      ru.out_shape = shape(u + "/out_shape");
    ru.parameters = r.get_number(u + "/param_count", 0, 1e15);
    ru.buffer_bytes = r.get_number_or(u + "/buffer_bytes", 0, 1e15, 0.0);
    ru.forward_flops = fwd;
    ru.given_macs = r.get_number_or(u + "/fwd_macs_per_sample", 0, 1e18, -1.0);
    const double macs = unit_macs(ru);
    units.push_back({{"name", "unit" + std::to_string(i + 1)},
                     {"forward_flops", fwd},
                     {"backward_flops", bwd},
                     {"output_bytes", r.get_number(u + "/activation_bytes_per_sample", 0, 1e15)},
                     {"parameter_bytes", r.get_number(u + "/param_bytes", 0, 1e15)},
                     {"parameters", ru.parameters},
                     {"buffer_bytes", ru.buffer_bytes},
                     {"parameter_tensors", kind == "conv" ? 4 : 2}});
    if (macs >= 0)
      units.back()["forward_macs"] = macs;
  }
  const std::vector<int> in_shape = shape("/units/0/in_shape");
  double input_bytes = 4;
  for (int d : in_shape)
    input_bytes *= d;
  const double label_bytes = r.get_number_or("/label_bytes_per_sample", 0, 1e9, 8.0);
  nlohmann::json profile = {{"model", r.get_or<std::string>("/config/model", "run")},
                            {"dataset", "realrun"},
                            {"input_shape", in_shape},
                            {"classes", shape("/units/" + std::to_string(L - 1) + "/out_shape").at(0)},
                            {"input_bytes", input_bytes},
                            {"label_bytes", label_bytes},
                            {"units", units}};
  const bool own = mech.device_class.empty() && mech.profile.empty();
  nlohmann::json platform;
  std::string fleet_class = own ? "run" : mech.device_class;
  std::string profile_file;
  if (!mech.profile.empty()) { // one measured profile for every run: its units must be the run's
    const nlohmann::json p = read_json_file(mech.profile);
    const JsonReader pr(p, mech.profile);
    const size_t PL = pr.array_size("/units", 2, 1000);
    if (PL != L)
      pr.fail("/units", "expected the " + std::to_string(L) + " units of " + run_file + ", got " + std::to_string(PL));
    for (size_t i = 0; i < L; ++i) {
      const std::string u = "/units/" + std::to_string(i);
      const double a = pr.get_number(u + "/forward_flops", 0, 1e18), b = units[i]["forward_flops"].get<double>();
      if (std::abs(a - b) > 1e-9 * std::max(a, b)) // the same model: the same flop (up to printing)
        pr.fail(u + "/forward_flops", "differs from unit " + std::to_string(i + 1) + " of " + run_file +
                                          " (a profile of another model?)");
    }
    fleet_class = pr.get<std::string>("/measured/device_class");
    const std::string server_class = pr.get_or<std::string>("/measured/server_class", fleet_class);
    platform = {{"device_classes", mech.classes_file}, {"server", {{"cores", 1}, {"device_class", server_class}}}};
    profile_file = mech.profile;
  } else if (own) {
    if (!r.has("/profile"))
      r.fail("/profile", "is required but missing: the run's own per-unit profile, which validate simulates the run "
                         "with unless --class CLASS or --profile FILE is given");
    const int L_units = static_cast<int>(L);
    add_timings(r, "/profile/device/0", profile["units"], "device_timing", 1, f.mode == "fl" ? L_units : f.P);
    if (f.mode != "fl")
      add_timings(r, "/profile/server", profile["units"], "server_timing", f.P + 1, L_units);
    profile["measured"] = {{"device_class", "run"}, {"note", "the run's own quick profile (" + run_file + ")"}};
    if (f.mode != "fl")
      profile["measured"]["server_class"] = "run";
    const std::string classes = write_temp(
        "classes.json", {{"classes", {{"run", {{"speed_flops", kRunSpeed}, {"source", "the run's own profile"}}}}}});
    platform = {{"device_classes", classes}, {"server", {{"cores", 1}, {"device_class", "run"}}}};
  } else {
    platform = {{"device_classes", mech.classes_file}, {"server", {{"cores", 1}, {"device_class", mech.device_class}}}};
  }
  if (profile_file.empty())
    profile_file = write_temp("profile.json", profile);
  platform["fleet"] = nlohmann::json::array(
      {{{"count", f.devices}, {"device_class", fleet_class}, {"uplink_mbps", f.up},
        {"downlink_mbps", f.down}, {"latency_ms", f.latency_ms},
        {"samples", static_cast<long long>(f.B) * f.K * f.R}}});
  nlohmann::json scenario = mechanism_fields(mech); // training, communication, variability
  scenario["training"].update({{"batch_size", f.B}, {"epochs", 1}, {"aggregate_every", f.K},
                               {"aggregation_flops_per_parameter", 0}});
  scenario["communication"]["header_bytes"] = header_bytes(f, activation_payload(f, r));
  scenario.update({{"name", r.get_or<std::string>("/run_id", fs::path(run_file).stem().string())},
                   {"model", {{"profile", profile_file}}},
                   {"platform", platform},
                   {"split", {{"split_point", std::max(1, f.P)}, {"micro_batches", f.N}}},
                   {"schedulers", {f.mode}}});
  return scenario_from_json(scenario, run_file);
}

/// The timeline's elements are read with nlohmann's own accessors here and there: a field of the
/// wrong type is the run file's error, named as such.
template <class F> auto naming_json_errors(const std::string& run_file, F&& body) {
  try {
    return body();
  } catch (const nlohmann::json::exception& e) {
    throw InputError(run_file, "/timeline", std::string("a field has the wrong type or is missing: ") + e.what());
  }
}

CheckedRun read_checked(const std::string& run_file, const Mechanisms& mech) {
  const RunFile f = read_run(run_file); // read once: for the scenario and for the measured side
  CheckedRun out{scenario_of(f, mech), {}};
  const JsonReader r(f.j, run_file);
  RunComparison& c = out.measured;
  c.id = out.scenario.name;
  c.mode = f.mode;
  c.P = f.P;
  c.N = f.N;
  c.up_mbps = f.up;
  c.down_mbps = f.down;
  c.latency_ms = f.latency_ms;
  c.setting = echo(r.get_or<std::string>("/config/model", "model?")) + " B=" + std::to_string(f.B) +
              " K=" + std::to_string(f.K) + " R=" + std::to_string(f.R) + " devices=" + std::to_string(f.devices) +
              " up=" + short_number(f.up) + " down=" + short_number(f.down) + " Mbit/s latency=" + short_number(f.latency_ms) + " ms";
  // Errors are relative to these: a measured 0 would make them infinite (a run always computes on
  // both sides: FL's server aggregates).
  const Range positive_s{0, 1e9, "s", true};
  c.makespan_measured = r.number("/makespan_s", positive_s);
  std::vector<std::pair<double, double>> server_ops, device_ops; // for busy times without /derived
  std::set<long long> computing_devices;                         // devices with a compute operation
  const double payload = activation_payload(f, r); // an activation message carries at least this
  const size_t ops = r.array_size("/timeline", 1, 10000000);
  for (size_t i = 0; i < ops; ++i) {
    const std::string e = "/timeline/" + std::to_string(i);
    if (!f.j.at("timeline").at(i).is_object())
      r.fail(e, "expected an operation (an object with kind, start and end)");
    const std::string kind = r.get<std::string>(e + "/kind");
    if (kind.find("wait") != std::string::npos)
      continue;
    // The kinds compared are checked against the run's own configuration; another kind (an eval
    // pass, say) is listed as not simulated and only has to lie within the run.
    static const std::set<std::string> compared{"device_fwd", "device_bwd", "device_opt", "device_load",
                                                "server_fwd", "server_bwd", "server_opt", "aggregate",
                                                "upload",     "download"};
    const bool checked = compared.count(kind) > 0;
    // Times count from the first device forward, t0: an operation before it is not this run's.
    const double start = r.get_number(e + "/start", -1e9, 1e9);
    if (checked && start < -1e-3)
      r.fail(e + "/start", "expected a time of at least 0 (s from the first device forward), got " +
                               std::to_string(start));
    // Every operation ends within the run (timestamps in s, rounded to the microsecond: a timeline
    // in ms, or a makespan of another run, ends far beyond it); the range names the start.
    const double end = r.get_number(e + "/end", start, 1e9);
    if (end > c.makespan_measured + 1e-3)
      r.fail(e + "/end", "expected at most /makespan_s (" + std::to_string(c.makespan_measured) +
                             " s; times in seconds from the first device forward), got " + std::to_string(end));
    // Iteration, micro-batch and device for --timelines: -1 (or absent, or null) is none (a model message).
    const auto index = [&](const char* field) {
      const std::string p = e + "/" + field;
      if (r.has(p) && f.j.at(nlohmann::json::json_pointer(p)).is_null())
        return -1LL;
      return r.integer_or(p, {-1, 1e9, "(an index; -1: none)"}, -1);
    };
    // The run's own counts bound its indices: devices, K x R iterations, N micro-batches.
    const long long dev = index("dev"), it = index("it"), mb = index("mb");
    if (!checked) {
      c.measured_ops.push_back({kind, dev, it, mb, start, end});
      continue;
    }
    if (dev >= f.devices)
      r.fail(e + "/dev", "expected a device index below /config/devices (" + std::to_string(f.devices) + "), got " +
                             std::to_string(dev));
    if (it >= static_cast<long long>(f.K) * f.R)
      r.fail(e + "/it", "expected an iteration index below K x R (" + std::to_string(f.K * f.R) + "), got " +
                            std::to_string(it));
    if (mb >= std::max(f.N, 1))
      r.fail(e + "/mb", "expected a micro-batch index below N (" + std::to_string(std::max(f.N, 1)) + "), got " +
                            std::to_string(mb));
    if (kind == "upload" || kind == "download") {
      const double bytes = r.get_number_or(e + "/bytes", 1, 1e12, payload + 1);
      if (kind == "upload" && r.get_or<std::string>(e + "/what", "") == "act" && bytes < payload)
        r.fail(e + "/bytes", "expected at least the payload, " + std::to_string(payload) +
                                 " bytes (B / N x (/units' activation_bytes_per_sample at P + " +
                                 "label_bytes_per_sample)), got " + std::to_string(bytes));
    }
    if (kind == "server_fwd" || kind == "server_bwd" || kind == "server_opt" || kind == "aggregate")
      server_ops.emplace_back(start, end);
    else if (kind == "device_fwd" || kind == "device_bwd" || kind == "device_opt" || kind == "device_load") {
      computing_devices.insert(std::max(dev, 0LL));
      if (dev <= 0)
        device_ops.emplace_back(start, end);
    }
    // Model messages and activations differ too much to pool.
    const std::string named =
        kind == "upload" || kind == "download" ? kind + "_" + r.get_or<std::string>(e + "/what", "") : kind;
    c.measured_ops.push_back({named, dev, it, mb, start, end});
  }
  if (computing_devices.size() < static_cast<size_t>(f.devices))
    r.fail("/config/devices", "expected as many devices as the timeline computes on: " + std::to_string(f.devices) +
                                  " in the configuration, " + std::to_string(computing_devices.size()) +
                                  " with a device_fwd, device_bwd, device_opt or device_load operation");
  // Busy times: the file's derived unions, else the same unions of its timeline (a testbed that writes
  // only the timeline): server_fwd, server_bwd, server_opt, aggregate; device 0's fwd, bwd, opt, load.
  const bool derived = r.has("/derived");
  c.server_busy_measured =
      derived ? r.number("/derived/server/compute_union_s", positive_s) : union_length(server_ops);
  c.device_busy_measured =
      derived ? r.number("/derived/devices/0/compute_union_s", positive_s) : union_length(device_ops);
  if (!derived && !(c.server_busy_measured > 0 && c.device_busy_measured > 0))
    r.fail("/timeline", c.server_busy_measured > 0
                            ? "has no device 0 compute time (no device_fwd, device_bwd, device_opt or device_load of "
                              "dev 0 lasting more than 0 s), and no /derived: a run always computes on both sides"
                            : "has no server compute time (no server_fwd, server_bwd, server_opt or aggregate lasting "
                              "more than 0 s), and no /derived: a run always computes on both sides");
  // A union of operations within the run cannot be longer than the run.
  const Range within_run{0, c.makespan_measured, "s (<= /makespan_s)", true};
  if (derived) {
    r.number("/derived/server/compute_union_s", within_run);
    r.number("/derived/devices/0/compute_union_s", within_run);
  }
  return out;
}

// A measured message starts when its bytes could enter the wire: when it is ready, or when the message
// before it in its direction (each device's uplink and downlink, FIFO) has been delivered, whichever is
// later (tests/data/realrun/README.md). A simulated message starts when it enters its link, which, the
// link being a pipe, is when the one before it has left, `latency` before it is delivered. Reporting the
// simulated ones by the measurement's rule compares like with like: back-to-back messages with latency
// then take bytes / bandwidth on both sides, not that plus the latency on one of them.
void start_messages_as_measured(std::vector<TimelineOp>& ops) {
  std::map<std::pair<long long, bool>, std::vector<TimelineOp*>> directions; // (device, uplink?)
  for (TimelineOp& op : ops)
    if (op.kind.rfind("upload_", 0) == 0 || op.kind.rfind("download_", 0) == 0)
      directions[{op.device, op.kind[0] == 'u'}].push_back(&op);
  for (auto& kv : directions) {
    std::vector<TimelineOp*>& fifo = kv.second;
    std::stable_sort(fifo.begin(), fifo.end(),
                     [](const TimelineOp* a, const TimelineOp* b) { return a->start < b->start; });
    for (std::size_t i = 1; i < fifo.size(); ++i)
      fifo[i]->start = std::min(fifo[i]->end, std::max(fifo[i]->start, fifo[i - 1]->end));
  }
}

RunComparison compare_checked(const std::string& run_file, const Mechanisms& mech) {
  const CheckedRun checked = read_checked(run_file, mech);
  RunComparison c = checked.measured;
  std::map<std::string, std::vector<double>> measured, simulated;
  for (const TimelineOp& op : c.measured_ops)
    measured[op.kind].push_back(op.end - op.start);
  const SchedulerEntry* entry = find_scheduler(c.mode);
  const RunResult res = run_scheduler(checked.scenario, *entry, {}, [&](const TaskGraph& g, const Timeline& tl) {
    for (TaskId t = 0; t < g.size(); ++t) {
      const Task& task = g.task(t);
      const Lane& lane = g.lane(task.lane);
      std::string kind;
      switch (task.op) {
      case Op::Forward: kind = lane.resource == Resource::Server ? "server_fwd" : "device_fwd"; break;
      case Op::Backward: kind = lane.resource == Resource::Server ? "server_bwd" : "device_bwd"; break;
      case Op::Step: kind = lane.resource == Resource::Server ? "server_opt" : "device_opt"; break;
      case Op::Aggregate: kind = "aggregate"; break;
      case Op::Load: kind = "device_load"; break;
      case Op::Activations: kind = "upload_act"; break;
      case Op::Gradients: kind = "download_grad"; break;
      case Op::ModelUp: kind = "upload_model"; break;
      case Op::ModelDown: kind = "download_model"; break;
      }
      c.simulated_ops.push_back(
          {kind, lane.device < 0 ? 0 : lane.device, task.iteration, task.micro, tl.start[t], tl.end[t]});
    }
  });
  start_messages_as_measured(c.simulated_ops);
  for (const TimelineOp& op : c.simulated_ops)
    simulated[op.kind].push_back(op.end - op.start); // every device's, as the measured side pools them
  c.makespan_simulated = res.metrics.makespan_s;
  c.server_busy_simulated = res.metrics.server_busy_s;
  c.device_busy_simulated = res.metrics.device_busy_mean_s;
  for (const auto& kv : measured) {
    const auto sim = simulated.find(kv.first);
    if (sim == simulated.end() || sim->second.empty())
      c.unsimulated_kinds.push_back(kv.first); // e.g. an "eval" pass: nothing to compare it with
    else
      c.kind_median[kv.first] = {median(kv.second), median(sim->second)};
  }
  return c;
}
} // namespace

CheckedRun check_run(const std::string& run_file, const Mechanisms& mech) {
  return naming_json_errors(run_file, [&] { return read_checked(run_file, mech); });
}

RunComparison compare_run(const std::string& run_file, const Mechanisms& mech) {
  return naming_json_errors(run_file, [&] { return compare_checked(run_file, mech); });
}

} // namespace pipar::validate
