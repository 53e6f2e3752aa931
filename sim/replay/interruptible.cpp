#include "replay/interruptible.hpp"

#include <simgrid/Exception.hpp>

#include <algorithm>

namespace pipar {

RunOutcome run_until(const simgrid::s4u::ActivityPtr& a, double amount, double tau) {
  try {
    a->wait_until(tau);
  } catch (const simgrid::TimeoutException&) {
  }
  if (a->get_state() == simgrid::s4u::Activity::State::FINISHED)
    return {true, 1.0};
  const double remaining = a->get_remaining();
  a->cancel();
  return {false, amount > 0 ? std::clamp(1.0 - remaining / amount, 0.0, 1.0) : 0.0};
}

} // namespace pipar
