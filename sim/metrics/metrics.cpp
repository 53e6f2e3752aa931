#include "metrics/metrics.hpp"

#include "metrics/dropout_metrics.hpp"
#include "metrics/energy.hpp"
#include "sched/participation.hpp"
#include "sched/plan.hpp"

#include <algorithm>
#include <numeric>
#include <utility>

namespace pipar {

double union_length(std::vector<std::pair<double, double>> iv) {
  std::sort(iv.begin(), iv.end());
  double total = 0, lo = 0, hi = 0;
  bool open = false;
  for (const auto& [a, b] : iv) {
    if (open && a <= hi) {
      hi = std::max(hi, b);
      continue;
    }
    if (open)
      total += hi - lo;
    lo = a;
    hi = b;
    open = true;
  }
  return open ? total + hi - lo : 0.0;
}

void set_energy_metrics(Metrics& m, const EnergyUse& e) {
  m.energy_device_compute_j.clear();
  m.energy_device_radio_j.clear();
  m.energy_devices_compute_j = m.energy_devices_radio_j = 0;
  m.resources[0].energy_j = m.energy_server_j = e.server_j;
  for (size_t d = 0; d < e.compute_j.size(); ++d) {
    m.resources[1 + 3 * d].energy_j = e.compute_j[d];
    m.resources[2 + 3 * d].energy_j = e.up_j[d];
    m.resources[3 + 3 * d].energy_j = e.down_j[d];
    m.energy_device_compute_j.push_back(e.compute_j[d]);
    m.energy_device_radio_j.push_back(e.radio_j(d));
    m.energy_devices_compute_j += e.compute_j[d];
    m.energy_devices_radio_j += e.radio_j(d);
  }
  m.energy_total_j = m.energy_devices_compute_j + m.energy_devices_radio_j + m.energy_server_j;
  m.energy_per_sample_j = m.samples > 0 ? m.energy_total_j / static_cast<double>(m.samples) : 0;
}

Metrics compute_metrics(const TaskGraph& g, const Timeline& tl, const Scenario& s) {
  Metrics m;
  m.makespan_s = tl.makespan();
  m.tasks = g.size();
  const size_t n = s.devices.size();

  // Per device: cpu, up, down (index 3d, 3d+1, 3d+2), then the server.
  std::vector<ResourceUsage> dev(3 * n);
  for (size_t d = 0; d < n; ++d) {
    const std::string dn = "d" + std::to_string(d);
    const int di = static_cast<int>(d);
    dev[3 * d] = {dn + ".cpu", Resource::DeviceCpu, di};
    dev[3 * d + 1] = {dn + ".up", Resource::Uplink, di};
    dev[3 * d + 2] = {dn + ".down", Resource::Downlink, di};
  }
  ResourceUsage server{"server", Resource::Server, -1};
  std::vector<std::pair<double, double>> server_intervals;

  for (TaskId t = 0; t < g.size(); ++t) {
    const Task& task = g.task(t);
    const Lane& lane = g.lane(task.lane);
    // A transfer's end is its arrival; its link was busy until the arrival minus the latency. One
    // that a dropout cut (or skipped) ends where it stopped, with no latency after it (as energy.cpp).
    const bool arrived = is_transfer(lane.resource) && tl.done_fraction(t) >= 1;
    const double dur = std::max(
        0.0, tl.end[t] - tl.start[t] - (arrived ? s.devices[static_cast<size_t>(lane.device)].latency_s : 0.0));
    ResourceUsage* r = nullptr;
    switch (lane.resource) {
    case Resource::DeviceCpu: r = &dev[3 * static_cast<size_t>(lane.device)]; break;
    case Resource::Uplink: r = &dev[3 * static_cast<size_t>(lane.device) + 1]; break;
    case Resource::Downlink: r = &dev[3 * static_cast<size_t>(lane.device) + 2]; break;
    case Resource::Server:
      r = &server;
      server_intervals.emplace_back(tl.start[t], tl.end[t]);
      break;
    }
    r->amount += tl.done.empty() ? task.amount : task.amount * tl.done[t]; // dropouts: what ran
    r->busy_s += dur; // replaced by the union below for the server
    ++r->tasks;
  }

  server.busy_s = union_length(std::move(server_intervals));
  m.server_core_seconds = server.amount / s.server.speed_per_core;
  m.server_busy_s = server.busy_s;
  m.server_idle_s = server.idle_s = m.makespan_s - server.busy_s;
  m.server_utilisation = m.makespan_s > 0 ? m.server_core_seconds / (s.server.cores * m.makespan_s) : 0;

  double busy_sum = 0;
  for (auto& r : dev) {
    r.idle_s = m.makespan_s - r.busy_s;
    if (r.kind == Resource::DeviceCpu) {
      busy_sum += r.busy_s;
      m.device_idle_max_s = std::max(m.device_idle_max_s, r.idle_s);
    } else if (r.kind == Resource::Uplink) {
      m.bytes_up += r.amount;
    } else {
      m.bytes_down += r.amount;
    }
  }
  m.device_busy_mean_s = busy_sum / static_cast<double>(n);
  m.device_idle_mean_s = m.makespan_s - m.device_busy_mean_s;

  m.resources.push_back(std::move(server));
  for (auto& r : dev)
    m.resources.push_back(std::move(r));
  const DropoutReport drops = dropout_report(g, tl, s);
  m.samples = participating_samples(s) - drops.samples_lost;
  m.round_participants = drops.participants;
  m.round_dropouts = drops.dropouts;
  for (int k : drops.dropouts)
    m.dropouts += k;
  m.wasted_device_s = drops.wasted_device_s;
  m.wasted_server_s = drops.wasted_server_s;
  m.wasted_bytes = drops.wasted_bytes;
  m.wasted_energy_j = drops.wasted_energy_j;
  m.rounds = compute_rounds(g, tl, s);
  set_energy_metrics(m, energy_from_timeline(g, tl, s));
  return m;
}

} // namespace pipar
