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

/// Builds and seals the platform; call after the Engine exists and before it runs.
Platform build_platform(const Scenario& s);

} // namespace pipar
