#include "replay/platform.hpp"

namespace sg4 = simgrid::s4u;

namespace pipar {

Platform build_platform(const Scenario& s) {
  Platform p;
  auto* zone = sg4::create_star_zone("fleet");
  p.server = zone->create_host("server", s.server.speed_per_core)->set_core_count(s.server.cores);
  for (size_t d = 0; d < s.devices.size(); ++d) {
    const DeviceSpec& spec = s.devices[d];
    const std::string name = "d" + std::to_string(d);
    auto* host = zone->create_host(name, spec.speed);
    auto* up = zone->create_link(name + ".up", spec.uplink_bps)->set_latency(spec.latency_s);
    auto* down = zone->create_link(name + ".down", spec.downlink_bps)->set_latency(spec.latency_s);
    zone->add_route(host->get_netpoint(), nullptr, nullptr, nullptr, {sg4::LinkInRoute(up)}, false);
    zone->add_route(nullptr, host->get_netpoint(), nullptr, nullptr, {sg4::LinkInRoute(down)}, false);
    p.hosts.push_back(host);
    p.up.push_back(up);
    p.down.push_back(down);
  }
  zone->seal();
  return p;
}

} // namespace pipar
