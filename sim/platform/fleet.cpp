#include "platform/fleet.hpp"

#include "core/lookup.hpp"
#include "core/text.hpp"
#include "core/units.hpp"
#include "platform/trace.hpp"

#include <algorithm>
#include <filesystem>

namespace pipar {

PlatformContext::PlatformContext(std::vector<std::string> dirs, std::string classes_path, std::string networks_path)
    : classes_path_(std::move(classes_path)), networks_path_(std::move(networks_path)) {
  std::vector<std::filesystem::path> naming;
  for (const auto& d : dirs)
    naming.emplace_back(d);
  dirs_ = with_default_dirs(naming);
}

std::string PlatformContext::resolve(const std::string& p) const {
  const std::filesystem::path found = find_input(p, dirs_);
  if (found.empty())
    throw InputError(p, "", "cannot find this file (" + searched_text(dirs_) + ")");
  return found.lexically_normal().string();
}

const std::map<std::string, DeviceClass>& PlatformContext::classes() const {
  if (!classes_)
    classes_ = std::make_unique<std::map<std::string, DeviceClass>>(load_device_classes(classes_path()));
  return *classes_;
}

const std::map<std::string, NetworkPreset>& PlatformContext::networks() const {
  if (!networks_)
    networks_ = std::make_unique<std::map<std::string, NetworkPreset>>(load_networks(networks_path()));
  return *networks_;
}

namespace {
template <class Map> std::string names_of(const Map& m) {
  std::string s;
  for (const auto& kv : m)
    s += (s.empty() ? "" : ", ") + kv.first;
  return s;
}

/// The entry of `m` named at `ptr`, or an InputError there listing the valid names.
template <class Map>
const typename Map::mapped_type& named(const JsonReader& r, const std::string& ptr, const Map& m, const char* what,
                                       const std::string& file) {
  const std::string name = r.string(ptr);
  const auto it = m.find(name);
  if (it == m.end())
    r.fail(ptr, std::string("unknown ") + what + " \"" + name + "\" in " + file + "; valid values are: " + names_of(m));
  return it->second;
}
} // namespace

const DeviceClass* PlatformContext::find_device_class(const std::string& name) const {
  const auto& c = classes();
  const auto it = c.find(name);
  return it == c.end() ? nullptr : &it->second;
}

const DeviceClass& PlatformContext::device_class(const JsonReader& r, const std::string& ptr) const {
  try {
    classes();
  } catch (const InputError& e) {
    r.fail(ptr, std::string("cannot read the device classes: ") + e.what());
  }
  return named(r, ptr, classes(), "device class", classes_path());
}

const NetworkPreset& PlatformContext::network(const JsonReader& r, const std::string& ptr) const {
  try {
    networks();
  } catch (const InputError& e) {
    r.fail(ptr, std::string("cannot read the network presets: ") + e.what());
  }
  return named(r, ptr, networks(), "network preset", networks_path());
}

namespace {

nlohmann::json trace_json(const Trace& t, double unit_scale) {
  nlohmann::json pts = nlohmann::json::array();
  for (const TracePoint& p : t.points)
    pts.push_back({p.time_s, p.value / unit_scale});
  return {{"source", t.source}, {"points", pts}};
}

} // namespace

nlohmann::json read_group(const JsonReader& r, const std::string& ptr, const PlatformContext& ctx,
                          const GroupLimits& lim, const std::string& default_name, std::vector<DeviceSpec>& out) {
  r.allow_only(ptr, {"name", "count", "device_class", "speed_flops", "compute_overhead_s", "memory_bytes", "network",
                     "uplink_mbps", "downlink_mbps", "latency_ms", "samples", "split_point", "micro_batches",
                     "uplink_trace", "downlink_trace", "speed_trace", "trace_period_s", "idle_w", "busy_w",
                     "radio_idle_w", "radio_tx_w", "radio_rx_w"});
  const auto p = [&](const char* key) { return ptr + "/" + key; };
  nlohmann::json res;
  DeviceSpec d;
  d.group = r.string_or(p("name"), default_name);
  // The name goes into CSV rows and messages, as the scenario's does.
  if (!plain_name(d.group))
    r.fail(p("name"), "expected 1 to 200 bytes of UTF-8 text without control characters, got \"" + echo(d.group) + "\"");
  const int count = static_cast<int>(r.integer(p("count"), {1, double(max_devices), "devices", false, true}));
  if (static_cast<long long>(out.size()) + count > max_devices)
    r.fail(p("count"), "the devices of all groups must total at most " + std::to_string(max_devices) + "; the groups "
                           "before this one have " + std::to_string(out.size()) + ", this one " + std::to_string(count));

  // Compute: a device class, each of its figures overridable by an explicit field.
  DeviceClass dc;
  if (r.has(p("device_class"))) {
    dc = ctx.device_class(r, p("device_class"));
    d.device_class = r.string(p("device_class"));
    d.speed = r.number_or(p("speed_flops"), {0, 1e18, "flop/s", true}, dc.speed_flops);
    d.elementwise_speed = dc.elementwise_flops;
  } else {
    d.speed = r.number(p("speed_flops"), {0, 1e18, "flop/s", true});
  }
  d.compute_overhead_s = r.number_or(p("compute_overhead_s"), {0, 1e3, "s"}, dc.compute_overhead_s);
  d.memory_bytes = r.number_or(p("memory_bytes"), {0, 1e15, "bytes"}, dc.memory_bytes);
  d.idle_w = r.number_or(p("idle_w"), {0, 1e6, "W"}, dc.idle_w);
  d.busy_w = r.number_or(p("busy_w"), {0, 1e6, "W"}, std::max(d.idle_w, dc.busy_w));
  if (d.busy_w < d.idle_w)
    r.fail(r.has(p("busy_w")) ? p("busy_w") : p("idle_w"), "expected busy_w >= idle_w, got busy_w " +
                                                                 nlohmann::json(d.busy_w).dump() + " W < idle_w " +
                                                                 nlohmann::json(d.idle_w).dump() + " W");

  // Network: a preset, each of its figures overridable.
  const Range mbps{0, 1e6, "Mbps", true};
  if (r.has(p("network"))) {
    const NetworkPreset& n = ctx.network(r, p("network"));
    d.network = r.string(p("network"));
    d.uplink_bps = units::mbps_to_bytes_per_s(r.number_or(p("uplink_mbps"), mbps, units::bytes_per_s_to_mbps(n.uplink_bps)));
    d.downlink_bps =
        units::mbps_to_bytes_per_s(r.number_or(p("downlink_mbps"), mbps, units::bytes_per_s_to_mbps(n.downlink_bps)));
    d.latency_s = units::ms_to_s(r.number_or(p("latency_ms"), {0, 1e5, "ms"}, n.latency_s * 1e3));
  } else {
    d.uplink_bps = units::mbps_to_bytes_per_s(r.number(p("uplink_mbps"), mbps));
    d.downlink_bps = units::mbps_to_bytes_per_s(r.number(p("downlink_mbps"), mbps));
    d.latency_s = units::ms_to_s(r.number_or(p("latency_ms"), {0, 1e5, "ms"}, 0));
  }
  NetworkPreset radio; // the preset's radio power, else 0 W
  if (!d.network.empty())
    radio = ctx.network(r, p("network"));
  d.radio_idle_w = r.number_or(p("radio_idle_w"), {0, 1e6, "W"}, radio.radio_idle_w);
  d.radio_tx_w = r.number_or(p("radio_tx_w"), {0, 1e6, "W"}, std::max(d.radio_idle_w, radio.radio_tx_w));
  d.radio_rx_w = r.number_or(p("radio_rx_w"), {0, 1e6, "W"}, std::max(d.radio_idle_w, radio.radio_rx_w));
  if (d.radio_tx_w < d.radio_idle_w)
    r.fail(p("radio_tx_w"), "expected >= radio_idle_w (" + nlohmann::json(d.radio_idle_w).dump() + " W)");
  if (d.radio_rx_w < d.radio_idle_w)
    r.fail(p("radio_rx_w"), "expected >= radio_idle_w (" + nlohmann::json(d.radio_idle_w).dump() + " W)");
  d.samples = r.integer_or(p("samples"), {1, 1e9, "samples", false, true}, 2500);
  if (r.has(p("split_point")))
    d.split_point = static_cast<int>(
        r.integer(p("split_point"), {1, double(lim.split_units - 1), "split units", false, true}));
  if (r.has(p("micro_batches")))
    d.micro_batches = static_cast<int>(r.integer(
        p("micro_batches"), {1, std::min(double(lim.batch_size), double(d.samples)),
                             "micro-batches (<= training.batch_size and <= samples)", false, true}));

  // Traces (SimGrid replay only).
  const double period = r.number_or(p("trace_period_s"), {0, 1e9, "s (0 = not periodic)"}, 0);
  const auto resolve = [&ctx](const std::string& f) { return ctx.resolve(f); };
  const TraceKind bw{{0, 1e6, "Mbps", true}, units::mbps_to_bytes_per_s(1)};
  const TraceKind speed{{0, 1, "(fraction of speed_flops)", true}, 1};
  if (r.has(p("uplink_trace")))
    d.uplink_trace = std::make_shared<const Trace>(read_trace(r, p("uplink_trace"), bw, period, resolve));
  if (r.has(p("downlink_trace")))
    d.downlink_trace = std::make_shared<const Trace>(read_trace(r, p("downlink_trace"), bw, period, resolve));
  if (r.has(p("speed_trace")))
    d.speed_trace = std::make_shared<const Trace>(read_trace(r, p("speed_trace"), speed, period, resolve));
  if (r.has(p("trace_period_s")) && !d.uplink_trace && !d.downlink_trace && !d.speed_trace)
    r.fail(p("trace_period_s"), "is set but the group has no uplink_trace, downlink_trace or speed_trace");

  res["name"] = d.group;
  res["count"] = count;
  if (!d.device_class.empty())
    res["device_class"] = d.device_class;
  res["speed_flops"] = d.speed;
  res["compute_overhead_s"] = d.compute_overhead_s;
  res["memory_bytes"] = d.memory_bytes;
  if (!d.network.empty())
    res["network"] = d.network;
  res["uplink_mbps"] = units::bytes_per_s_to_mbps(d.uplink_bps);
  res["downlink_mbps"] = units::bytes_per_s_to_mbps(d.downlink_bps);
  res["latency_ms"] = d.latency_s * 1e3;
  res["samples"] = d.samples;
  if (d.split_point > 0)
    res["split_point"] = d.split_point;
  if (d.micro_batches > 0)
    res["micro_batches"] = d.micro_batches;
  const double to_mbps = units::mbps_to_bytes_per_s(1);
  if (d.uplink_trace)
    res["uplink_trace"] = trace_json(*d.uplink_trace, to_mbps);
  if (d.downlink_trace)
    res["downlink_trace"] = trace_json(*d.downlink_trace, to_mbps);
  if (d.speed_trace)
    res["speed_trace"] = trace_json(*d.speed_trace, 1);
  if (period > 0)
    res["trace_period_s"] = period;
  if (d.idle_w > 0 || d.busy_w > 0) {
    res["idle_w"] = d.idle_w;
    res["busy_w"] = d.busy_w;
  }
  if (d.radio_idle_w > 0 || d.radio_tx_w > 0 || d.radio_rx_w > 0) {
    res["radio_idle_w"] = d.radio_idle_w;
    res["radio_tx_w"] = d.radio_tx_w;
    res["radio_rx_w"] = d.radio_rx_w;
  }

  out.insert(out.end(), static_cast<size_t>(count), d);
  return res;
}

} // namespace pipar
