#include "select/group_descent.hpp"

#include "select/fleet_estimate.hpp"

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

namespace {

bool lower(double a, double b) { return a < b * (1 - 1e-12); }
bool tie(double a, double b) { return !lower(a, b) && !lower(b, a); }

} // namespace

Descent group_descent(const Scenario& s, const Constraints& c, const SplitChoice& start, Value start_value,
                      const std::vector<std::vector<size_t>>& groups, const Objective& objective,
                      bool ties_to_fewer_micro_batches) {
  Descent out;
  SplitChoice cur = start;
  cur.per_device.assign(s.devices.size(), start.common);
  Value cur_value = start_value;
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
      const std::vector<Value> v = objective(trials);
      out.evaluations += static_cast<int>(trials.size());
      for (size_t i = 0; i < trials.size(); ++i) {
        const Value& x = v[i];
        const bool better =
            lower(x.makespan, cur_value.makespan) ||
            (tie(x.makespan, cur_value.makespan) &&
             (lower(x.secondary, cur_value.secondary) ||
              (ties_to_fewer_micro_batches && tie(x.secondary, cur_value.secondary) &&
               trials[i].per_device[group.front()].N < cur.per_device[group.front()].N)));
        if (better) {
          cur = trials[i];
          cur_value = x;
        }
      }
    }
  cur.estimate_s = cur_value.makespan;
  out.choice = cur;
  return out;
}

Descent estimate_descent(const Scenario& s, const Constraints& c, const FleetEstimator& estimator,
                         const SplitChoice& start, const std::vector<std::vector<size_t>>& groups) {
  const auto value = [&](const SplitChoice& t) {
    const FleetEstimate e = estimator(t);
    return Value{e.makespan_s, e.device_time_sum_s};
  };
  const Objective estimate = [&](const std::vector<SplitChoice>& trials) {
    std::vector<Value> v;
    for (const SplitChoice& t : trials)
      v.push_back(value(t));
    return v;
  };
  return group_descent(s, c, start, value(start), groups, estimate, true);
}

} // namespace pipar::select
