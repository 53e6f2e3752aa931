#include "select/group_descent.hpp"

#include "select/fleet_estimate.hpp"

#include <map>
#include <tuple>

namespace pipar::select {

std::vector<SplitPN> candidates_without_memory(const Scenario& s, const Constraints& c) {
  Scenario unlimited = s;
  for (auto& d : unlimited.devices)
    d.memory_bytes = 0;
  return feasible_candidates(unlimited, c);
}

std::vector<std::vector<size_t>> device_groups(const Scenario& s) {
  using Key = std::tuple<double, double, double, double, double, double, double, long long, const Trace*,
                         const Trace*, const Trace*>;
  std::map<Key, size_t> index;
  std::vector<std::vector<size_t>> out;
  for (size_t d = 0; d < s.devices.size(); ++d) {
    const DeviceSpec& x = s.devices[d];
    const Key k{x.speed,     x.elementwise_speed,  x.compute_overhead_s,  x.memory_bytes,
                x.uplink_bps, x.downlink_bps,       x.latency_s,           x.samples,
                x.uplink_trace.get(), x.downlink_trace.get(), x.speed_trace.get()};
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

bool better(const Value& a, const Value& b) {
  return lower(a.makespan, b.makespan) || (tie(a.makespan, b.makespan) && lower(a.secondary, b.secondary));
}

std::vector<SplitChoice> group_moves(const Scenario& s, const std::vector<SplitPN>& all, const SplitChoice& from,
                                     const std::vector<size_t>& group) {
  std::vector<SplitChoice> trials;
  for (const SplitPN& pn : all) {
    if (pn == from.per_device[group.front()] || !fits_memory(s, s.devices[group.front()], pn.P, pn.N))
      continue;
    SplitChoice t = from;
    for (size_t d : group)
      t.per_device[d] = pn;
    trials.push_back(std::move(t));
  }
  return trials;
}

Descent group_descent(const Scenario& s, const Constraints& c, const SplitChoice& start, Value start_value,
                      const std::vector<std::vector<size_t>>& groups, const Objective& objective,
                      bool ties_to_fewer_micro_batches, int passes) {
  Descent out;
  SplitChoice cur = start;
  if (cur.per_device.empty())
    cur.per_device.assign(s.devices.size(), start.common);
  Value cur_value = start_value;
  const std::vector<SplitPN> all = candidates_without_memory(s, c);
  for (int pass = 0; pass < passes; ++pass) {
    const SplitChoice before = cur;
    for (const auto& group : groups) {
      const std::vector<SplitChoice> trials = group_moves(s, all, cur, group);
      if (trials.empty())
        continue;
      const std::vector<Value> v = objective(trials);
      out.evaluations += static_cast<int>(trials.size());
      for (size_t i = 0; i < trials.size(); ++i) {
        const Value& x = v[i];
        const bool fewer = ties_to_fewer_micro_batches && tie(x.makespan, cur_value.makespan) &&
                           tie(x.secondary, cur_value.secondary) &&
                           trials[i].per_device[group.front()].N < cur.per_device[group.front()].N;
        if (better(x, cur_value) || fewer) {
          cur = trials[i];
          cur_value = x;
        }
      }
    }
    if (cur.per_device == before.per_device)
      break; // a pass without a move: a local optimum
  }
  cur.estimate_s = cur_value.makespan;
  out.choice = cur;
  out.value = cur_value;
  return out;
}

SplitChoice joint_start(const Scenario& s, const Constraints& c, const SplitChoice& start,
                        const std::vector<std::vector<size_t>>& groups, const Objective& objective) {
  SplitChoice base = start;
  base.per_device.assign(s.devices.size(), start.common);
  const std::vector<SplitPN> all = candidates_without_memory(s, c);
  const Value base_value = objective({base}).front();
  SplitChoice joint = base;
  for (const auto& group : groups) {
    const std::vector<SplitChoice> trials = group_moves(s, all, base, group);
    if (trials.empty())
      continue;
    const std::vector<Value> v = objective(trials);
    Value best = base_value;
    for (size_t i = 0; i < trials.size(); ++i)
      if (better(v[i], best)) {
        best = v[i];
        for (size_t d : group)
          joint.per_device[d] = trials[i].per_device[d];
      }
  }
  return joint;
}

Value estimate_value(const FleetEstimate& e) { return {e.makespan_s, e.device_time_sum_s}; }

Descent estimate_descent(const Scenario& s, const Constraints& c, const FleetEstimator& estimator,
                         const SplitChoice& start, const std::vector<std::vector<size_t>>& groups) {
  const auto value = [&](const SplitChoice& t) { return estimate_value(estimator(t)); };
  const Objective estimate = [&](const std::vector<SplitChoice>& trials) {
    std::vector<Value> v;
    for (const SplitChoice& t : trials)
      v.push_back(value(t));
    return v;
  };
  const Descent from_start = group_descent(s, c, start, value(start), groups, estimate, true, 8);
  const SplitChoice joint = joint_start(s, c, start, groups, estimate);
  const Descent from_joint = group_descent(s, c, joint, value(joint), groups, estimate, true, 8);
  return better(from_joint.value, from_start.value) ? from_joint : from_start;
}

} // namespace pipar::select
