#include "replay/interruptible.hpp"

#include <simgrid/Exception.hpp>

#include <algorithm>

namespace sg4 = simgrid::s4u;

namespace pipar {

double run_until(const Platform& p, const Lane& lane, double amount, double start, double tau) {
  const auto d = static_cast<size_t>(lane.device);
  sg4::ActivityPtr a;
  switch (lane.resource) {
  case Resource::Uplink:
    a = sg4::Comm::sendto_async(p.hosts.at(d), p.server, static_cast<std::uint64_t>(amount));
    break;
  case Resource::Downlink:
    a = sg4::Comm::sendto_async(p.server, p.hosts.at(d), static_cast<std::uint64_t>(amount));
    break;
  case Resource::DeviceCpu:
  case Resource::Server: a = sg4::this_actor::exec_async(amount); break;
  }
  try {
    a->wait_until(tau);
  } catch (const simgrid::TimeoutException&) {
  }
  if (a->get_state() == sg4::Activity::State::FINISHED)
    return 1.0;
  const double remaining = a->get_remaining();
  a->cancel();
  if (amount <= 0)
    return 0.0;
  if (!is_transfer(lane.resource))
    return std::clamp(1.0 - remaining / amount, 0.0, 1.0);
  const sg4::Link* link = lane.resource == Resource::Uplink ? p.up[d] : p.down[d];
  return std::clamp((tau - start - link->get_latency()) * link->get_bandwidth() / amount, 0.0, 1.0);
}

} // namespace pipar
