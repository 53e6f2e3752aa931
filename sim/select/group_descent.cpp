#include "select/group_descent.hpp"

#include <map>
#include <tuple>

namespace pipar::select {

std::vector<std::vector<size_t>> device_groups(const Scenario& s) {
  using Key = std::tuple<double, double, double, double, double, double, long long, const Trace*, const Trace*,
                         const Trace*>;
  std::map<Key, size_t> index;
  std::vector<std::vector<size_t>> out;
  for (size_t d = 0; d < s.devices.size(); ++d) {
    const DeviceSpec& x = s.devices[d];
    const Key k{x.speed,        x.compute_overhead_s, x.memory_bytes,        x.uplink_bps,          x.downlink_bps,
                x.latency_s,    x.samples,            x.uplink_trace.get(), x.downlink_trace.get(), x.speed_trace.get()};
    const auto it = index.emplace(k, out.size());
    if (it.second)
      out.emplace_back();
    out[it.first->second].push_back(d);
  }
  return out;
}

Descent group_descent(const Scenario& s, const Constraints& c, const SplitChoice& start, double start_value,
                      const std::vector<std::vector<size_t>>& groups, const Objective& objective) {
  Descent out;
  SplitChoice cur = start;
  cur.per_device.assign(s.devices.size(), start.common);
  double cur_value = start_value;
  Scenario unlimited = s; // memory is checked per group below
  for (auto& d : unlimited.devices)
    d.memory_bytes = 0;
  const std::vector<SplitPN> all = feasible_candidates(unlimited, c);
  for (int pass = 0; pass < 2; ++pass)
    for (const auto& group : groups) {
      std::vector<SplitChoice> trials;
      for (const SplitPN& pn : all) {
        if (pn == cur.per_device[group.front()] || !fits_memory(s, s.devices[group.front()], pn.P, pn.N))
          continue;
        SplitChoice t = cur;
        for (size_t d : group)
          t.per_device[d] = pn;
        trials.push_back(std::move(t));
      }
      if (trials.empty())
        continue;
      const std::vector<double> v = objective(trials);
      out.evaluations += static_cast<int>(trials.size());
      for (size_t i = 0; i < trials.size(); ++i)
        if (v[i] < cur_value * (1 - 1e-12)) {
          cur = trials[i];
          cur_value = v[i];
        }
    }
  cur.estimate_s = cur_value;
  out.choice = cur;
  return out;
}

} // namespace pipar::select
