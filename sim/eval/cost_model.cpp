#include "eval/cost_model.hpp"

namespace pipar {

CostModel::CostModel(const TaskGraph& g, const Scenario& s) : g_(g), comm_(comm_costs(g, s)) {
  rate_.reserve(g.lane_count());
  for (const Lane& l : g.lanes()) {
    const DeviceSpec* d = l.device >= 0 ? &s.devices.at(static_cast<size_t>(l.device)) : nullptr;
    switch (l.resource) {
    case Resource::DeviceCpu: rate_.push_back(d->speed); break;
    case Resource::Uplink: rate_.push_back(d->uplink_bps); break;
    case Resource::Downlink: rate_.push_back(d->downlink_bps); break;
    case Resource::Server: rate_.push_back(s.server.speed_per_core); break;
    }
  }
}

} // namespace pipar
