// The platform the training runs on, in one of two forms:
//  - flat: "devices" (one group of identical devices) and "server";
//  - "platform": a platform file's name, or an object (optionally {"file": ...} plus fields that
//    override the file's) with "server", "fleet" (a list of groups) and the catalogue paths
//    "device_classes" and "networks".
// Groups, catalogues and traces are read by sim/platform/; this file picks the form, reads the
// server and converts a measured profile to flop with the speed of the class it was measured on.
#include "core/text.hpp"
#include "core/units.hpp"
#include "model/measured.hpp"
#include "platform/fleet.hpp"
#include "scenario/sections.hpp"

#include <algorithm>
#include <filesystem>
#include <map>

namespace pipar::sections {

namespace {

namespace fs = std::filesystem;

const char* const kDefaultClasses = "platforms/device_classes.json";
const char* const kDefaultNetworks = "platforms/networks.json";

std::string dir_of(const std::string& file) {
  const fs::path d = fs::path(file).parent_path();
  return d.empty() ? std::string(".") : d.string();
}

/// Objects merge key by key, arrays element by element (a null element keeps the base's), anything
/// else replaces. So {"fleet": [null, {"count": 3}]} changes only the second group's count.
void deep_merge(nlohmann::json& base, const nlohmann::json& patch) {
  if (patch.is_null())
    return;
  if (base.is_object() && patch.is_object()) {
    for (const auto& item : patch.items())
      deep_merge(base[item.key()], item.value());
  } else if (base.is_array() && patch.is_array()) {
    for (size_t i = 0; i < patch.size(); ++i) {
      if (i < base.size())
        deep_merge(base[i], patch[i]);
      else
        base.push_back(patch[i]);
    }
  } else {
    base = patch;
  }
}

ServerSpec read_server(const JsonReader& r, const std::string& ptr, const PlatformContext& ctx, nlohmann::json& res) {
  r.allow_only(ptr, {"cores", "speed_flops_per_core", "device_class", "nic_mbps", "batch_efficiency", "idle_w",
                     "busy_w", "compute_overhead_s"});
  const auto p = [&](const char* key) { return ptr + "/" + key; };
  ServerSpec sv;
  sv.cores = static_cast<int>(r.integer_or(p("cores"), {1, 4096, "cores", false, true}, 1));
  if (r.has(p("device_class"))) {
    sv.device_class = r.string(p("device_class"));
    const DeviceClass& dc = ctx.device_class(r, p("device_class"));
    sv.speed_per_core = r.number_or(p("speed_flops_per_core"), {0, 1e18, "flop/s", true}, dc.speed_flops);
    // A class's power is one core's (one GPU); a server of that class has `cores` of them.
    sv.idle_w = sv.cores * dc.idle_w;
    sv.busy_w = sv.cores * dc.busy_w;
    sv.compute_overhead_s = dc.compute_overhead_s;
    sv.elementwise_speed = dc.elementwise_flops;
  } else {
    sv.speed_per_core = r.number(p("speed_flops_per_core"), {0, 1e18, "flop/s", true});
  }
  const bool own_overhead = r.has(p("compute_overhead_s"));
  if (own_overhead)
    sv.compute_overhead_s = r.number(p("compute_overhead_s"), {0, 1e3, "s"});
  sv.idle_w = r.number_or(p("idle_w"), {0, 1e9, "W"}, sv.idle_w);
  sv.busy_w = r.number_or(p("busy_w"), {0, 1e9, "W"}, std::max(sv.idle_w, sv.busy_w));
  if (sv.busy_w < sv.idle_w)
    r.fail(p("busy_w"), "expected busy_w >= idle_w (" + nlohmann::json(sv.idle_w).dump() + " W), got " +
                            nlohmann::json(sv.busy_w).dump() + " W");
  if (r.has(p("nic_mbps")))
    sv.nic_bps = units::mbps_to_bytes_per_s(r.number(p("nic_mbps"), {0, 1e7, "Mbps", true}));
  if (r.has(p("batch_efficiency"))) {
    const std::string be = p("batch_efficiency");
    const size_t n = r.array_size(be, 1, 10000);
    for (size_t i = 0; i < n; ++i) {
      const std::string pi = be + "/" + std::to_string(i);
      if (r.array_size(pi, 2, 2) != 2)
        r.fail(pi, "expected [samples, efficiency]");
      const double m = r.number(pi + "/0", {1, 1e9, "samples"});
      if (i > 0 && !(m > sv.batch_efficiency.back().samples))
        r.fail(pi + "/0", "samples must increase strictly along the curve");
      sv.batch_efficiency.push_back({m, r.number(pi + "/1", {0, 1, "(fraction of peak)", true})});
    }
  }
  res = {{"cores", sv.cores}, {"speed_flops_per_core", sv.speed_per_core}};
  if (!sv.device_class.empty())
    res["device_class"] = sv.device_class;
  if (own_overhead || sv.compute_overhead_s > 0)
    res["compute_overhead_s"] = sv.compute_overhead_s;
  if (sv.nic_bps > 0)
    res["nic_mbps"] = units::bytes_per_s_to_mbps(sv.nic_bps);
  if (sv.idle_w > 0 || sv.busy_w > 0) {
    res["idle_w"] = sv.idle_w;
    res["busy_w"] = sv.busy_w;
  }
  if (!sv.batch_efficiency.empty()) {
    res["batch_efficiency"] = nlohmann::json::array();
    for (const auto& e : sv.batch_efficiency)
      res["batch_efficiency"].push_back({e.samples, e.efficiency});
  }
  return sv;
}

/// A summary of the fleet under "devices" (count and mean link speeds), which runs.csv reads.
nlohmann::json fleet_summary(const std::vector<DeviceSpec>& devices) {
  double up = 0, down = 0;
  for (const auto& d : devices) {
    up += d.uplink_bps;
    down += d.downlink_bps;
  }
  const double n = static_cast<double>(devices.size());
  return {{"count", devices.size()},
          {"uplink_mbps", units::bytes_per_s_to_mbps(up / n)},
          {"downlink_mbps", units::bytes_per_s_to_mbps(down / n)},
          {"note", "summary of platform.fleet: count and mean link speeds"}};
}

GroupLimits limits_of(const JsonReader& r, const Scenario& s) {
  // The training section is read after this one; peek at B (same range and default) to bound N.
  return {s.profile.split_units(),
          static_cast<int>(r.integer_or("/training/batch_size", {1, 1e6, "samples", false, true}, 100))};
}

/// A measured profile becomes flop once, here: seconds x the speed of the class it was measured on
/// (taking out the class's per-unit overhead, which the cost model adds back per task).
void convert_measured_profile(const JsonReader& r, const PlatformContext& ctx, Scenario& s) {
  if (!has_measured_times(s.profile))
    return;
  const DeviceClass* dc = nullptr;
  try {
    dc = ctx.find_device_class(s.profile.measured_class);
  } catch (const InputError& e) {
    r.fail("/model/profile", std::string("cannot read the device classes: ") + e.what());
  }
  if (!dc)
    r.fail("/model/profile", "the profile was measured on device class \"" + s.profile.measured_class + "\", which " +
                                 ctx.classes_path() + " does not define");
  if (is_measured(s.profile))
    s.profile = measured_as_flops(s.profile, dc->speed_flops, dc->compute_overhead_s);
  s.resolved["model"]["measured_class_speed_flops"] = dc->speed_flops;
  s.profile.measured_speed = dc->speed_flops;
  s.profile.measured_overhead_s = dc->compute_overhead_s;
  if (!s.profile.measured_server_class.empty()) {
    const DeviceClass* sc = ctx.find_device_class(s.profile.measured_server_class);
    if (!sc)
      r.fail("/model/profile", "the profile's server timings were measured on device class \"" +
                                   s.profile.measured_server_class + "\", which " + ctx.classes_path() +
                                   " does not define");
    s.profile.measured_server_speed = sc->speed_flops;
  }
}

void read_flat(const JsonReader& r, Scenario& s) {
  const std::string dir = dir_of(r.file());
  const PlatformContext ctx({dir, dir + "/.."}, kDefaultClasses, kDefaultNetworks);
  nlohmann::json group = read_group(r, "/devices", ctx, limits_of(r, s), "devices", s.devices);
  group.erase("name");
  s.resolved["devices"] = group;
  nlohmann::json server;
  s.server = read_server(r, "/server", ctx, server);
  s.resolved["server"] = server;
  convert_measured_profile(r, ctx, s);
}

void read_platform_object(const JsonReader& r, Scenario& s) {
  const std::string sdir = dir_of(r.file());
  const nlohmann::json& inline_part = r.at("/platform");
  if (!inline_part.is_object() && !inline_part.is_string())
    r.fail("/platform", "expected a platform file name or an object, got " + echo_json(inline_part));
  nlohmann::json merged;
  std::string label = r.file(), base = "/platform", platform_file;
  std::vector<std::string> dirs;
  const nlohmann::json* patch = nullptr;
  if (inline_part.is_string() || inline_part.contains("file")) {
    const std::string name = inline_part.is_string() ? inline_part.get<std::string>() : r.string("/platform/file");
    try {
      platform_file = PlatformContext({sdir, sdir + "/.."}, "", "").resolve(name);
      merged = read_json_file(platform_file);
    } catch (const InputError& e) {
      r.fail(inline_part.is_string() ? "/platform" : "/platform/file", std::string("cannot use this platform: ") + e.what());
    }
    if (!merged.is_object())
      throw InputError(platform_file, "", "a platform file must be a JSON object");
    if (merged.contains("file")) // one level only: the scenario names the file and holds the overrides
      throw InputError(platform_file, "/file",
                       "a platform file cannot name another platform file (put the overrides in the scenario's "
                       "\"platform\" object, with \"file\" naming the base)");
    if (inline_part.is_object()) {
      nlohmann::json rest = inline_part;
      rest.erase("file");
      if (!rest.empty())
        label = platform_file + " (with overrides from " + r.file() + ")";
      else
        label = platform_file;
      deep_merge(merged, rest);
    } else {
      label = platform_file;
    }
    base = "";
    dirs.push_back(dir_of(platform_file));
    dirs.push_back(dir_of(platform_file) + "/.."); // the lookup rule: beside the file that names it, its parent
  } else {
    patch = &inline_part;
  }
  dirs.push_back(sdir);
  dirs.push_back(sdir + "/..");
  const JsonReader from_file(merged, label);
  const JsonReader& pr = patch ? r : from_file; // inline: the scenario's own reader and paths
  const auto p = [&](const char* key) { return base + "/" + key; };

  pr.allow_only(base, {"file", "description", "device_classes", "networks", "server", "fleet"});
  const PlatformContext ctx(dirs, pr.string_or(p("device_classes"), kDefaultClasses),
                            pr.string_or(p("networks"), kDefaultNetworks));
  nlohmann::json server;
  s.server = read_server(pr, p("server"), ctx, server);
  const size_t groups = pr.array_size(p("fleet"), 1, 10000);
  const GroupLimits lim = limits_of(r, s);
  nlohmann::json fleet = nlohmann::json::array();
  std::map<std::string, size_t> names; // each group's name once: rows and messages name groups by it
  for (size_t g = 0; g < groups; ++g) {
    const std::string gp = p("fleet") + "/" + std::to_string(g);
    fleet.push_back(read_group(pr, gp, ctx, lim, "g" + std::to_string(g), s.devices));
    const std::string name = fleet.back()["name"].get<std::string>();
    if (!names.emplace(name, g).second)
      pr.fail(gp + "/name", "the name \"" + echo(name) + "\" is already group " + std::to_string(names[name]) +
                                "'s: each group needs its own");
  }

  nlohmann::json res = {{"server", server}, {"fleet", fleet}};
  if (!platform_file.empty())
    res["file"] = platform_file;
  if (pr.has(p("description")))
    res["description"] = pr.string(p("description"));
  s.resolved["platform"] = res;
  s.resolved["devices"] = fleet_summary(s.devices);
  convert_measured_profile(r, ctx, s);
}

} // namespace

void read_platform(const JsonReader& r, Scenario& s) {
  if (r.has("/platform")) {
    if (r.has("/devices") || r.has("/server"))
      r.fail("/platform", "use either \"platform\" or the flat \"devices\" and \"server\" sections, not both");
    read_platform_object(r, s);
  } else {
    read_flat(r, s);
  }
}

} // namespace pipar::sections
