// Client sampling and dropout metrics (README "Metrics"): participants and dropouts per round, and
// the work whose result was discarded because its device left the round (eval/dropouts.hpp):
//   wasted device s   compute seconds of dropped (device, round)s, partial tasks included
//   wasted server s   server seconds of their replicas (SL: of the server model on their batches)
//   wasted bytes      bytes they moved (activations, gradients, models), partial transfers pro rata
//   wasted energy     the joules above idle of those tasks (metrics/energy.hpp)
//   samples lost      the training samples of the dropped (device, round)s' iterations
#pragma once
#include "eval/timeline.hpp"
#include "graph/task_graph.hpp"
#include "scenario/scenario.hpp"

#include <vector>

namespace pipar {

struct DropoutReport {
  std::vector<int> participants, dropouts; ///< per round
  double wasted_device_s = 0, wasted_server_s = 0, wasted_bytes = 0, wasted_energy_j = 0;
  long long samples_lost = 0;
};

DropoutReport dropout_report(const TaskGraph& g, const Timeline& tl, const Scenario& s);

} // namespace pipar
