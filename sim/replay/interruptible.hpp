// Dropouts in the SimGrid replay (eval/dropouts.hpp): a task that stops when its device leaves.
#pragma once
#include "graph/task_graph.hpp"
#include "replay/platform.hpp"

namespace pipar {

/// Runs `amount` flop or bytes of a task on `lane` (started at `start`, now) until the absolute
/// simulated time `tau`; if it has not finished by then it is cancelled. Returns the fraction of
/// its work done (1: completed). An execution's comes from SimGrid's remaining work; SimGrid 3.32
/// returns from a comm's wait_until at the limit without a timeout exception and reports no
/// remaining bytes for it, so a cut transfer has moved its link's current bandwidth x its time
/// past the latency (exact under the exact network model without a shared NIC).
double run_until(const Platform& p, const Lane& lane, double amount, double start, double tau);

} // namespace pipar
