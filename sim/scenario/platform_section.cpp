// "devices" and "server": the platform the training runs on.
#include "core/units.hpp"
#include "scenario/sections.hpp"

namespace pipar::sections {

void read_platform(const JsonReader& r, Scenario& s) {
  r.allow_only("/devices", {"count", "speed_flops", "uplink_mbps", "downlink_mbps", "latency_ms", "samples"});
  r.allow_only("/server", {"cores", "speed_flops_per_core"});
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

  s.resolved["devices"] = {{"count", count},
                           {"speed_flops", d.speed},
                           {"uplink_mbps", units::bytes_per_s_to_mbps(d.uplink_bps)},
                           {"downlink_mbps", units::bytes_per_s_to_mbps(d.downlink_bps)},
                           {"latency_ms", d.latency_s * 1e3},
                           {"samples", d.samples}};
  s.resolved["server"] = {{"cores", s.server.cores}, {"speed_flops_per_core", s.server.speed_per_core}};
}

} // namespace pipar::sections
