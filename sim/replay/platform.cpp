#include "replay/platform.hpp"

#include "core/error.hpp"

#include <simgrid/kernel/ProfileBuilder.hpp>
#include <simgrid/plugins/energy.h>
#include <xbt/config.hpp>

#include <cstdio>
#include <map>

namespace sg4 = simgrid::s4u;

namespace pipar {

namespace {

/// SimGrid profiles of the scenario's traces, one per trace: a group's devices share their group's
/// profile (SimGrid schedules one event stream per resource a profile is attached to).
class Profiles {
public:
  /// A periodic trace repeats every period_s (ProfileBuilder's periodicity).
  simgrid::kernel::profile::Profile* of(const Trace& t) {
    auto& p = made_[&t];
    if (!p)
      p = simgrid::kernel::profile::ProfileBuilder::from_string("trace" + std::to_string(made_.size()),
                                                                trace_profile_text(t), t.period_s > 0 ? t.period_s : -1.0);
    return p;
  }

private:
  std::map<const Trace*, simgrid::kernel::profile::Profile*> made_;
};

std::string watts(double w) {
  char buf[40];
  std::snprintf(buf, sizeof buf, "%.17g", w);
  return buf;
}

/// Idle:Epsilon:AllCores with Epsilon = Idle: k busy cores of n draw idle + (k/n)(busy - idle).
void set_host_power(sg4::Host* h, double idle_w, double busy_w) {
  h->set_property("wattage_per_state", watts(idle_w) + ":" + watts(idle_w) + ":" + watts(busy_w));
  h->set_property("wattage_off", "0");
}

void set_link_power(sg4::Link* l, double idle_w, double busy_w) {
  l->set_property("wattage_range", watts(idle_w) + ":" + watts(busy_w));
  l->set_property("wattage_off", "0");
}

} // namespace

std::vector<double> measured_energy(const Platform& p) {
  std::vector<double> out;
  for (size_t d = 0; d < p.hosts.size(); ++d) {
    out.push_back(sg_host_get_consumed_energy(p.hosts[d]));
    out.push_back(sg_link_get_consumed_energy(p.up[d]));
    out.push_back(sg_link_get_consumed_energy(p.down[d]));
  }
  out.push_back(sg_host_get_consumed_energy(p.server));
  return out;
}

/// SimGrid 3.32 recomputes a flow's sharing penalty by a difference of network/weight-S terms when
/// a link's bandwidth changes, which can go negative: it aborts ("Variable penalty should not be
/// negative") or reports a deadlock. The exact model has weight-S = 0; refuse the others.
void refuse_link_traces(const Scenario& s, const std::string& advice) {
  const DeviceSpec* traced = nullptr;
  for (const auto& d : s.devices)
    if (!traced && (d.uplink_trace || d.downlink_trace))
      traced = &d;
  if (!traced)
    return;
  const bool fleet = s.resolved.is_object() && s.resolved.contains("platform");
  throw InputError(s.file,
                   fleet ? std::string("/platform/fleet")
                         : std::string(traced->uplink_trace ? "/devices/uplink_trace" : "/devices/downlink_trace"),
                   (fleet ? "group " + traced->group + " has a bandwidth trace: " : std::string()) +
                       "bandwidth traces need network/weight-S = 0: " + advice +
                       " (SimGrid 3.32 aborts when a link's bandwidth changes under a weight-S > 0 model)");
}

void check_traces_supported(const Scenario& s) {
  if (simgrid::config::get_value<double>("network/weight-S") > 0)
    refuse_link_traces(s, "use --network-model exact, or add --cfg=network/weight-S:0 to --network-model realistic");
}

Platform build_platform(const Scenario& s, bool power) {
  Platform p;
  auto* zone = sg4::create_star_zone("fleet");
  check_traces_supported(s); // after the zone: creating it sets the network model's configuration
  Profiles profiles;
  p.server = zone->create_host("server", s.server.speed_per_core)->set_core_count(s.server.cores);
  if (power)
    set_host_power(p.server, s.server.idle_w, s.server.busy_w);
  if (s.server.nic_bps > 0) {
    // Star-zone routes: device -> server = device's up links + server's down links, and back.
    p.nic_in = zone->create_link("server.nic.in", s.server.nic_bps)->set_latency(0);
    p.nic_out = zone->create_link("server.nic.out", s.server.nic_bps)->set_latency(0);
    zone->add_route(nullptr, p.server->get_netpoint(), nullptr, nullptr, {sg4::LinkInRoute(p.nic_in)}, false);
    zone->add_route(p.server->get_netpoint(), nullptr, nullptr, nullptr, {sg4::LinkInRoute(p.nic_out)}, false);
  }
  for (size_t d = 0; d < s.devices.size(); ++d) {
    const DeviceSpec& spec = s.devices[d];
    const std::string name = "d" + std::to_string(d);
    auto* host = zone->create_host(name, spec.speed);
    // Links are pipes: latency 0 here; the replay delays each arrival by the device's latency
    // (eval/comm_costs.hpp), so a link carries the next message while the previous one is in flight.
    auto* up = zone->create_link(name + ".up", spec.uplink_bps)->set_latency(0);
    auto* down = zone->create_link(name + ".down", spec.downlink_bps)->set_latency(0);
    if (power) {
      set_host_power(host, spec.idle_w, spec.busy_w);
      set_link_power(up, spec.radio_idle_w, spec.radio_tx_w);
      set_link_power(down, 0, spec.radio_rx_w - spec.radio_idle_w);
    }
    if (spec.speed_trace)
      host->set_speed_profile(profiles.of(*spec.speed_trace));
    if (spec.uplink_trace)
      up->set_bandwidth_profile(profiles.of(*spec.uplink_trace));
    if (spec.downlink_trace)
      down->set_bandwidth_profile(profiles.of(*spec.downlink_trace));
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
