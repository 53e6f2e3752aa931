#include "platform/catalog.hpp"

#include "core/json_read.hpp"
#include "core/units.hpp"

namespace pipar {

namespace {
std::string key_ptr(const std::string& section, const std::string& name) {
  std::string escaped; // JSON pointer escaping of the key
  for (char c : name) {
    if (c == '~')
      escaped += "~0";
    else if (c == '/')
      escaped += "~1";
    else
      escaped += c;
  }
  return "/" + section + "/" + escaped;
}
} // namespace

std::map<std::string, DeviceClass> load_device_classes(const std::string& path) {
  const nlohmann::json j = read_json_file(path);
  const JsonReader r(j, path);
  if (!j.is_object() || !j.contains("classes") || !j["classes"].is_object())
    r.fail("/classes", "expected an object of device classes");
  r.allow_only("", {"description", "classes"});
  if (r.has("/description"))
    r.string("/description");
  std::map<std::string, DeviceClass> out;
  for (const auto& item : j["classes"].items()) {
    const std::string p = key_ptr("classes", item.key());
    r.allow_only(p, {"speed_flops", "compute_overhead_s", "elementwise_flops", "memory_bytes", "source", "measured", "idle_w", "busy_w",
                     "power_source"});
    DeviceClass c;
    c.speed_flops = r.number(p + "/speed_flops", {0, 1e18, "flop/s", true});
    c.compute_overhead_s = r.number_or(p + "/compute_overhead_s", {0, 1e3, "s"}, 0);
    c.elementwise_flops = r.number_or(p + "/elementwise_flops", {0, 1e18, "flop/s (0: speed_flops)"}, 0);
    c.memory_bytes = r.number_or(p + "/memory_bytes", {0, 1e15, "bytes"}, 0);
    c.source = r.string(p + "/source");
    c.measured = r.boolean_or(p + "/measured", false);
    c.idle_w = r.number_or(p + "/idle_w", {0, 1e6, "W"}, 0);
    c.busy_w = r.number_or(p + "/busy_w", {c.idle_w, 1e6, "W (>= idle_w)"}, c.idle_w);
    c.power_source = r.string_or(p + "/power_source", "");
    out.emplace(item.key(), c);
  }
  return out;
}

std::map<std::string, NetworkPreset> load_networks(const std::string& path) {
  const nlohmann::json j = read_json_file(path);
  const JsonReader r(j, path);
  if (!j.is_object() || !j.contains("networks") || !j["networks"].is_object())
    r.fail("/networks", "expected an object of network presets");
  r.allow_only("", {"description", "networks"});
  if (r.has("/description"))
    r.string("/description");
  std::map<std::string, NetworkPreset> out;
  for (const auto& item : j["networks"].items()) {
    const std::string p = key_ptr("networks", item.key());
    r.allow_only(p, {"uplink_mbps", "downlink_mbps", "latency_ms", "source", "radio_idle_w", "radio_tx_w", "radio_rx_w",
                     "power_source"});
    NetworkPreset n;
    n.uplink_bps = units::mbps_to_bytes_per_s(r.number(p + "/uplink_mbps", {0, 1e6, "Mbps", true}));
    n.downlink_bps = units::mbps_to_bytes_per_s(r.number(p + "/downlink_mbps", {0, 1e6, "Mbps", true}));
    n.latency_s = units::ms_to_s(r.number(p + "/latency_ms", {0, 1e5, "ms"}));
    n.source = r.string(p + "/source");
    n.radio_idle_w = r.number_or(p + "/radio_idle_w", {0, 1e6, "W"}, 0);
    n.radio_tx_w = r.number_or(p + "/radio_tx_w", {n.radio_idle_w, 1e6, "W (>= radio_idle_w)"}, n.radio_idle_w);
    n.radio_rx_w = r.number_or(p + "/radio_rx_w", {n.radio_idle_w, 1e6, "W (>= radio_idle_w)"}, n.radio_idle_w);
    n.power_source = r.string_or(p + "/power_source", "");
    out.emplace(item.key(), n);
  }
  return out;
}

} // namespace pipar
