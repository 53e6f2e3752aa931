#include "metrics/energy.hpp"

#include <algorithm>
#include <numeric>

namespace pipar {

double EnergyUse::devices_j() const {
  return std::accumulate(compute_j.begin(), compute_j.end(), 0.0) + std::accumulate(up_j.begin(), up_j.end(), 0.0) +
         std::accumulate(down_j.begin(), down_j.end(), 0.0);
}

double task_active_energy_j(const TaskGraph& g, TaskId t, const Timeline& tl, const Scenario& s) {
  const Task& task = g.task(t);
  const Lane& lane = g.lane(task.lane);
  const double work = task.amount * tl.done_fraction(t); // what ran of it (dropouts)
  if (lane.resource == Resource::Server)
    return (s.server.busy_w - s.server.idle_w) / s.server.cores * work / s.server.speed_per_core;
  const DeviceSpec& d = s.devices[static_cast<size_t>(lane.device)];
  // A link is a pipe: its radio works for the wire time, from the start to the arrival less the
  // latency (a message cut by a dropout ends on the wire, with no latency after it).
  const double airtime =
      std::max(0.0, tl.end[t] - tl.start[t] - (tl.done_fraction(t) >= 1 ? d.latency_s : 0.0));
  switch (lane.resource) {
  case Resource::DeviceCpu: return (d.busy_w - d.idle_w) * work / d.speed;
  case Resource::Uplink: return (d.radio_tx_w - d.radio_idle_w) * airtime;
  case Resource::Downlink: return (d.radio_rx_w - d.radio_idle_w) * airtime;
  case Resource::Server: break;
  }
  return 0;
}

EnergyUse energy_from_plugins(const std::vector<double>& measured_j, size_t devices) {
  EnergyUse e;
  for (size_t d = 0; d < devices; ++d) {
    e.compute_j.push_back(measured_j.at(3 * d));
    e.up_j.push_back(measured_j.at(3 * d + 1));
    e.down_j.push_back(measured_j.at(3 * d + 2));
  }
  e.server_j = measured_j.at(3 * devices);
  return e;
}

EnergyUse energy_from_timeline(const TaskGraph& g, const Timeline& tl, const Scenario& s) {
  const double T = tl.makespan();
  const size_t n = s.devices.size();
  EnergyUse e;
  e.compute_j.resize(n);
  e.up_j.resize(n);
  e.down_j.assign(n, 0.0);
  for (size_t d = 0; d < n; ++d) {
    e.compute_j[d] = s.devices[d].idle_w * T;
    e.up_j[d] = s.devices[d].radio_idle_w * T;
  }
  e.server_j = s.server.idle_w * T;
  for (TaskId t = 0; t < g.size(); ++t) {
    const Lane& lane = g.lane(g.task(t).lane);
    const double j = task_active_energy_j(g, t, tl, s);
    const auto d = static_cast<size_t>(lane.device);
    switch (lane.resource) {
    case Resource::DeviceCpu: e.compute_j[d] += j; break;
    case Resource::Uplink: e.up_j[d] += j; break;
    case Resource::Downlink: e.down_j[d] += j; break;
    case Resource::Server: e.server_j += j; break;
    }
  }
  return e;
}

} // namespace pipar
