// `fleet`, our selector. APS sees one device alone; this one ranks every feasible (P, N) by
// fleet_estimate() -- the whole training of every device, with the server's cores shared between
// replicas, aggregation included, and only the (P, N) that fit every device's memory
// (candidates.hpp) -- then simulates the top_k best-ranked with SimGrid and keeps the best
// simulated. With more than one kind of device it also builds a per-device choice: starting from
// the best common (P, N), each kind of device in turn takes the (P, N) that minimises the fleet
// estimate with the others fixed (two passes), and that choice is simulated too.
// Cost: one estimate per candidate (microseconds) plus top_k (+1) simulations, in parallel; none
// when every device is identical and nothing SimGrid-only is on (the estimate is then exact).
#include "core/error.hpp"
#include "select/fleet_estimate.hpp"
#include "select/registry.hpp"
#include "select/simulate_pool.hpp"

#include <algorithm>
#include <map>
#include <numeric>
#include <tuple>

namespace pipar::select {

namespace {

bool better(const FleetEstimate& a, const FleetEstimate& b) {
  if (a.makespan_s < b.makespan_s * (1 - 1e-12))
    return true;
  if (b.makespan_s < a.makespan_s * (1 - 1e-12))
    return false;
  return a.device_time_sum_s < b.device_time_sum_s * (1 - 1e-12);
}

/// Devices grouped by spec (speed, links, memory, samples): each group gets one (P, N).
std::vector<std::vector<size_t>> device_kinds(const Scenario& s) {
  using Key = std::tuple<double, double, double, double, double, double, long long>;
  std::map<Key, size_t> index;
  std::vector<std::vector<size_t>> out;
  for (size_t d = 0; d < s.devices.size(); ++d) {
    const DeviceSpec& x = s.devices[d];
    const Key k{x.speed, x.compute_overhead_s, x.memory_bytes, x.uplink_bps, x.downlink_bps, x.latency_s, x.samples};
    const auto it = index.emplace(k, out.size());
    if (it.second)
      out.emplace_back();
    out[it.first->second].push_back(d);
  }
  return out;
}

/// Coordinate descent over kinds of devices, from the best common choice.
SplitChoice per_device_choice(const SelectContext& ctx, const SplitChoice& start,
                              const std::vector<std::vector<size_t>>& kinds) {
  const Scenario& s = ctx.scenario;
  SplitChoice cur = start;
  cur.per_device.assign(s.devices.size(), start.common);
  FleetEstimate cur_est = fleet_estimate(s, cur);
  const std::vector<SplitPN> all = feasible_candidates([&] {
    Scenario unlimited = s; // memory is checked per kind below
    for (auto& d : unlimited.devices)
      d.memory_bytes = 0;
    return unlimited;
  }(), ctx.constraints);
  for (int pass = 0; pass < 2; ++pass)
    for (const auto& kind : kinds)
      for (const SplitPN& pn : all) {
        if (!fits_memory(s, s.devices[kind.front()], pn.P, pn.N))
          continue;
        SplitChoice trial = cur;
        for (size_t d : kind)
          trial.per_device[d] = pn;
        const FleetEstimate e = fleet_estimate(s, trial);
        if (better(e, cur_est)) {
          cur = std::move(trial);
          cur_est = e;
        }
      }
  cur.estimate_s = cur_est.makespan_s;
  return cur;
}

/// Identical devices run in lockstep, so the estimate equals the SimGrid replay (to rounding;
/// tests/select_fleet_test.cpp) unless something only SimGrid models is on: bandwidth or speed
/// traces, a shared server NIC, a batch-efficiency curve, FIFO server queueing, the TCP model.
bool estimate_is_exact(const SelectContext& ctx, const std::vector<std::vector<size_t>>& kinds) {
  const Scenario& s = ctx.scenario;
  if (kinds.size() != 1 || ctx.replay.realistic_network || ctx.replay.server_fifo || s.server.nic_bps > 0 ||
      !s.server.batch_efficiency.empty())
    return false;
  return std::none_of(s.devices.begin(), s.devices.end(), [](const DeviceSpec& d) {
    return d.uplink_trace || d.downlink_trace || d.speed_trace;
  });
}

} // namespace

SplitChoice run_fleet(const SelectContext& ctx) {
  const Scenario& s = ctx.scenario;
  const std::vector<SplitPN> cands = feasible_candidates(s, ctx.constraints);
  if (cands.empty())
    throw InputError(s.file, "/split", "no (P, N) fits the constraints and every device's memory");
  std::vector<SplitChoice> choices(cands.size());
  std::vector<FleetEstimate> est(cands.size());
  for (size_t i = 0; i < cands.size(); ++i) {
    choices[i].common = cands[i];
    est[i] = fleet_estimate(s, choices[i]);
    choices[i].estimate_s = est[i].makespan_s;
  }
  std::vector<size_t> order(cands.size());
  std::iota(order.begin(), order.end(), size_t{0});
  std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) { return better(est[a], est[b]); });

  std::vector<SplitChoice> shortlist;
  for (size_t i = 0; i < order.size() && static_cast<int>(i) < std::max(1, ctx.top_k); ++i)
    shortlist.push_back(choices[order[i]]);
  const auto kinds = device_kinds(s);
  if (kinds.size() > 1) {
    const SplitChoice pd = per_device_choice(ctx, shortlist.front(), kinds);
    const bool all_same = std::all_of(pd.per_device.begin(), pd.per_device.end(),
                                      [&](const SplitPN& x) { return x == pd.per_device.front(); });
    if (!all_same)
      shortlist.push_back(pd);
  }
  if (shortlist.size() == 1 || estimate_is_exact(ctx, kinds))
    return shortlist.front(); // nothing to compare, or the estimate already equals the replay
  const std::vector<double> sim = simulate_makespans(s, shortlist, ctx.replay, ctx.jobs);
  size_t best = 0;
  for (size_t i = 1; i < sim.size(); ++i)
    if (sim[i] < sim[best])
      best = i;
  SplitChoice out = shortlist[best];
  out.simulations = static_cast<int>(shortlist.size());
  return out;
}

} // namespace pipar::select
