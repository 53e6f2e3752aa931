// Dropouts in the SimGrid replay (eval/dropouts.hpp): an activity that stops when its device leaves.
#pragma once
#include <simgrid/s4u/Activity.hpp>

namespace pipar {

struct RunOutcome {
  bool finished;   ///< the activity completed before the limit
  double done;     ///< fraction of its work done, from SimGrid's remaining work (an execution's)
};

/// Waits for the started activity `a` (of `amount` flop or bytes) until the absolute simulated time
/// `tau`; if it has not finished by then it is cancelled. (SimGrid 3.32 returns from a comm's
/// wait_until at the limit without a timeout exception and reports no remaining bytes for it:
/// callers estimate a cut comm's bytes themselves.)
RunOutcome run_until(const simgrid::s4u::ActivityPtr& a, double amount, double tau);

} // namespace pipar
