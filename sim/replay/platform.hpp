// The SimGrid platform of a scenario: a star zone with the server at the centre and each device
// behind its own uplink and downlink (full duplex, exact network model). Optionally the server sits
// behind a shared NIC (one link per direction, capacity ServerSpec::nic_bps, no latency) that every
// device's transfers cross. Bandwidth traces become link bandwidth profiles (absolute bytes/s),
// speed traces host speed profiles (fractions of peak), through SimGrid's ProfileBuilder.
#pragma once
#include "scenario/scenario.hpp"

#include <simgrid/s4u.hpp>
#include <vector>

namespace pipar {

struct Platform {
  simgrid::s4u::Host* server = nullptr;
  std::vector<simgrid::s4u::Host*> hosts;    ///< per device
  std::vector<simgrid::s4u::Link*> up, down; ///< per device
  simgrid::s4u::Link* nic_in = nullptr;      ///< devices -> server through the shared NIC (nullptr if none)
  simgrid::s4u::Link* nic_out = nullptr;     ///< server -> devices through the shared NIC (nullptr if none)
};

/// Builds and seals the platform; call after the Engine exists and before it runs. With `power`,
/// hosts and links carry the properties of SimGrid's energy plugins (README "Energy"): a host's
/// "wattage_per_state" is idle:idle:busy (SimGrid's Idle:Epsilon:AllCores; Epsilon = Idle makes
/// the power linear in busy cores), a device's uplink "wattage_range" radio_idle:radio_tx and its
/// downlink 0:(radio_rx - radio_idle), so the two links add up to the radio's power.
Platform build_platform(const Scenario& s, bool power = false);

/// Throws InputError naming the first bandwidth trace of `s` (its JSON path, or the fleet and group)
/// and `advice`, if `s` has one: SimGrid 3.32 aborts when a link's bandwidth changes under a
/// network model with weight-S > 0 (the realistic one). `run` checks SimGrid's configuration when
/// it builds the platform; `select` and `sweep` (which take no --cfg) refuse --network-model
/// realistic with traces before anything runs.
void refuse_link_traces(const Scenario& s, const std::string& advice);

/// Joules SimGrid's energy plugins counted so far: per device its host, uplink and downlink, then
/// the server host (the plugins must have been initialised before build_platform).
std::vector<double> measured_energy(const Platform& p);

} // namespace pipar
