// The SimGrid platform of a scenario: a star zone with the server at the centre (no link of its
// own) and each device behind its own uplink and downlink (full duplex, exact network model).
#pragma once
#include "scenario/scenario.hpp"

#include <simgrid/s4u.hpp>
#include <vector>

namespace pipar {

struct Platform {
  simgrid::s4u::Host* server = nullptr;
  std::vector<simgrid::s4u::Host*> hosts;    ///< per device
  std::vector<simgrid::s4u::Link*> up, down; ///< per device
};

/// Builds and seals the platform; call after the Engine exists and before it runs.
Platform build_platform(const Scenario& s);

} // namespace pipar
