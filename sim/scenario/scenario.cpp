#include "scenario/scenario.hpp"

#include "core/json_read.hpp"
#include "core/units.hpp"
#include "sched/registry.hpp"

#include <filesystem>

namespace pipar {

namespace fs = std::filesystem;

void apply_override(nlohmann::json& j, const std::string& assignment) {
  const auto eq = assignment.find('=');
  if (eq == std::string::npos || eq == 0)
    throw InputError("--set", "", "expected key.path=value, got \"" + assignment + "\"");
  const std::string key = assignment.substr(0, eq);
  const std::string text = assignment.substr(eq + 1);
  std::string ptr;
  size_t start = 0;
  while (start <= key.size()) {
    const auto dot = key.find('.', start);
    const std::string part = key.substr(start, dot == std::string::npos ? std::string::npos : dot - start);
    if (part.empty())
      throw InputError("--set", "", "empty component in key \"" + key + "\"");
    ptr += "/" + part;
    if (dot == std::string::npos)
      break;
    start = dot + 1;
  }
  nlohmann::json value;
  try {
    value = nlohmann::json::parse(text);
  } catch (const nlohmann::json::parse_error&) {
    value = text; // a bare word such as pipar is a string
  }
  j[nlohmann::json::json_pointer(ptr)] = value;
}

namespace {

/// Resolves a path written in a scenario: relative to the scenario's folder first, then to the
/// working directory (so "models/x.json" works from the repository root).
std::string resolve_path(const std::string& scenario_file, const std::string& p) {
  if (fs::path(p).is_absolute())
    return p;
  const fs::path beside = fs::path(scenario_file).parent_path() / p;
  if (fs::exists(beside))
    return beside.string();
  return p;
}

std::vector<std::string> read_schedulers(const JsonReader& r) {
  std::vector<std::string> out;
  const std::string ptr = "/schedulers";
  if (!r.has(ptr))
    return {"fl", "pipar"};
  std::vector<std::string> names;
  if (r.at(ptr).is_string()) {
    names.push_back(r.string(ptr));
  } else {
    const size_t n = r.array_size(ptr, 1, 64);
    for (size_t i = 0; i < n; ++i)
      names.push_back(r.string(ptr + "/" + std::to_string(i)));
  }
  for (const auto& n : names) {
    if (n == "all") {
      for (const auto& e : scheduler_registry())
        out.push_back(e.name);
      continue;
    }
    if (!find_scheduler(n))
      r.fail(ptr, "unknown scheduler \"" + n + "\"; valid values are: " + scheduler_names() + ", all");
    out.push_back(n);
  }
  return out;
}

} // namespace

Scenario scenario_from_json(const nlohmann::json& j, const std::string& file) {
  const JsonReader r(j, file);
  Scenario s;
  s.file = file;
  if (!j.is_object())
    r.fail("", "a scenario must be a JSON object");
  r.allow_only("", {"name", "description", "model", "devices", "server", "training", "split", "schedulers", "seed"});
  r.allow_only("/model", {"profile"});
  r.allow_only("/devices", {"count", "speed_flops", "uplink_mbps", "downlink_mbps", "latency_ms", "samples"});
  r.allow_only("/server", {"cores", "speed_flops_per_core"});
  r.allow_only("/training", {"batch_size", "epochs", "aggregate_every", "optimizer_flops_per_parameter",
                             "aggregation_flops_per_parameter"});
  r.allow_only("/split", {"split_point", "micro_batches"});

  s.name = r.string_or("/name", fs::path(file).stem().string());
  s.profile_path = resolve_path(file, r.string("/model/profile"));
  try {
    s.profile = load_profile(s.profile_path);
  } catch (const InputError& e) {
    r.fail("/model/profile", std::string("cannot use this profile: ") + e.what());
  }
  const int L = s.profile.split_units();

  const int count = static_cast<int>(r.integer("/devices/count", {1, 1e6, "devices"}));
  DeviceSpec d;
  d.speed = r.number("/devices/speed_flops", {0, 1e18, "flop/s", true});
  d.uplink_bps = units::mbps_to_bytes_per_s(r.number("/devices/uplink_mbps", {0, 1e6, "Mbps", true}));
  d.downlink_bps = units::mbps_to_bytes_per_s(r.number("/devices/downlink_mbps", {0, 1e6, "Mbps", true}));
  d.latency_s = units::ms_to_s(r.number_or("/devices/latency_ms", {0, 1e5, "ms"}, 0));
  d.samples = r.integer_or("/devices/samples", {1, 1e9, "samples"}, 2500);
  s.devices.assign(static_cast<size_t>(count), d);

  s.server.cores = static_cast<int>(r.integer_or("/server/cores", {1, 4096, "cores"}, 1));
  s.server.speed_per_core = r.number("/server/speed_flops_per_core", {0, 1e18, "flop/s", true});

  auto& t = s.training;
  t.batch_size = static_cast<int>(r.integer_or("/training/batch_size", {1, 1e6, "samples"}, 100));
  t.epochs = static_cast<int>(r.integer_or("/training/epochs", {1, 1e5, "epochs"}, 1));
  if (r.has("/training/aggregate_every") && r.at("/training/aggregate_every").is_string()) {
    r.choice("/training/aggregate_every", {"epoch"}, "epoch");
    t.aggregate_every = 0;
  } else {
    t.aggregate_every = static_cast<int>(r.integer_or("/training/aggregate_every", {1, 1e9, "iterations"}, 0));
  }
  t.optimizer_flops_per_parameter =
      r.number_or("/training/optimizer_flops_per_parameter", {0, 1e6, "flop/parameter"}, 4);
  t.aggregation_flops_per_parameter =
      r.number_or("/training/aggregation_flops_per_parameter", {0, 1e6, "flop/parameter"}, 1);

  s.schedulers = read_schedulers(r);
  s.split.split_point = static_cast<int>(r.integer_or("/split/split_point", {1, double(L - 1), "split units"}, 1));
  s.split.micro_batches =
      static_cast<int>(r.integer_or("/split/micro_batches", {1, double(t.batch_size), "micro-batches (<= batch_size)"}, 1));
  s.seed = static_cast<std::uint64_t>(r.integer_or("/seed", {0, 9007199254740991.0}, 1));

  // The effective scenario, every default filled in, in the JSON units the user writes.
  s.resolved = {
      {"name", s.name},
      {"model", {{"profile", s.profile_path}}},
      {"devices",
       {{"count", count},
        {"speed_flops", d.speed},
        {"uplink_mbps", units::bytes_per_s_to_mbps(d.uplink_bps)},
        {"downlink_mbps", units::bytes_per_s_to_mbps(d.downlink_bps)},
        {"latency_ms", d.latency_s * 1e3},
        {"samples", d.samples}}},
      {"server", {{"cores", s.server.cores}, {"speed_flops_per_core", s.server.speed_per_core}}},
      {"training",
       {{"batch_size", t.batch_size},
        {"epochs", t.epochs},
        {"aggregate_every", t.aggregate_every == 0 ? nlohmann::json("epoch") : nlohmann::json(t.aggregate_every)},
        {"optimizer_flops_per_parameter", t.optimizer_flops_per_parameter},
        {"aggregation_flops_per_parameter", t.aggregation_flops_per_parameter}}},
      {"split", {{"split_point", s.split.split_point}, {"micro_batches", s.split.micro_batches}}},
      {"schedulers", s.schedulers},
      {"seed", s.seed}};
  return s;
}

Scenario load_scenario(const std::string& path, const std::vector<std::string>& overrides) {
  nlohmann::json j = read_json_file(path);
  for (const auto& o : overrides) {
    try {
      apply_override(j, o);
    } catch (const nlohmann::json::exception& e) {
      throw InputError(path, "", "cannot apply --set " + o + ": " + e.what());
    }
  }
  return scenario_from_json(j, path);
}

} // namespace pipar
