#include "eval/cost_model.hpp"

namespace pipar {

CostModel::CostModel(const TaskGraph& g, const Scenario& s) : g_(g) {
  lane_.reserve(g.lane_count());
  for (const Lane& l : g.lanes()) {
    const DeviceSpec* d = l.device >= 0 ? &s.devices.at(static_cast<size_t>(l.device)) : nullptr;
    switch (l.resource) {
    case Resource::DeviceCpu: lane_.push_back({d->speed, 0.0}); break;
    case Resource::Uplink: lane_.push_back({d->uplink_bps, d->latency_s}); break;
    case Resource::Downlink: lane_.push_back({d->downlink_bps, d->latency_s}); break;
    case Resource::Server: lane_.push_back({s.server.speed_per_core, 0.0}); break;
    }
  }
}

} // namespace pipar
