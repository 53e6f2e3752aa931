// `fleet`, our selector. APS sees one device alone; this one ranks every feasible (P, N) by
// fleet_estimate() -- the whole training of every device, with the server's cores shared between
// replicas, aggregation included, and only the (P, N) that fit every device's memory
// (candidates.hpp). With more than one group of identical devices it also builds a per-device
// choice by coordinate descent over the groups on the same estimate (group_descent.hpp). Then it
// simulates candidates in estimate order until the best simulated one is proven best under the
// bound of verify.hpp, or `max_simulations` is reached; none when every device is identical and
// nothing SimGrid-only is on (the estimate is then exact).
#include "core/error.hpp"
#include "select/fleet_estimate.hpp"
#include "select/group_descent.hpp"
#include "select/registry.hpp"
#include "select/simulate_pool.hpp"
#include "select/verify.hpp"

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

/// Identical devices run in lockstep, so the estimate equals the SimGrid replay (to rounding;
/// tests/select_fleet_test.cpp) unless something only SimGrid models is on: bandwidth or speed
/// traces, a shared server NIC, FIFO server queueing, the TCP model (and what the estimate leaves
/// out: see below). (The server's batch efficiency
/// is in the estimate's stage times, as in the task graph.)
bool estimate_is_exact(const SelectContext& ctx, const std::vector<std::vector<size_t>>& kinds) {
  const Scenario& s = ctx.scenario;
  if (kinds.size() != 1 || ctx.replay.realistic_network || ctx.replay.server_fifo || s.server.nic_bps > 0)
    return false;
  // Not in the estimate's tested identity with the replay: the CPU time of communication and
  // hand-offs under contention, client sampling, dropouts (the estimate trains every device).
  if (s.comm.cpu_per_message_s > 0 || s.comm.cpu_per_byte_s > 0 || s.comm.handoff_s > 0 || s.availability.active() ||
      s.training.clients_per_round > 0 || s.training.client_fraction < 1)
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
  const FleetEstimator estimator(s);
  std::vector<SplitChoice> choices(cands.size());
  std::vector<FleetEstimate> est(cands.size());
  for (size_t i = 0; i < cands.size(); ++i) {
    choices[i].common = cands[i];
    est[i] = estimator(choices[i]);
    choices[i].estimate_s = est[i].makespan_s;
  }
  std::vector<size_t> order(cands.size());
  std::iota(order.begin(), order.end(), size_t{0});
  std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) { return better(est[a], est[b]); });
  std::vector<SplitChoice> ranked;
  for (size_t i : order)
    ranked.push_back(choices[i]);

  const auto groups = device_groups(s);
  if (groups.size() > 1) {
    const Objective estimate = [&](const std::vector<SplitChoice>& trials) {
      std::vector<double> v;
      for (const SplitChoice& t : trials)
        v.push_back(estimator(t).makespan_s);
      return v;
    };
    const SplitChoice pd =
        group_descent(s, ctx.constraints, ranked.front(), ranked.front().estimate_s, groups, estimate).choice;
    const bool all_same = std::all_of(pd.per_device.begin(), pd.per_device.end(),
                                      [&](const SplitPN& x) { return x == pd.per_device.front(); });
    if (!all_same) // in estimate order: never above the best common choice it started from
      ranked.insert(std::upper_bound(ranked.begin(), ranked.end(), pd,
                                     [](const SplitChoice& a, const SplitChoice& b) { return a.estimate_s < b.estimate_s; }),
                    pd);
  }
  if (ranked.size() == 1 || estimate_is_exact(ctx, groups)) {
    SplitChoice out = ranked.front(); // nothing to compare, or the estimate already equals the replay
    out.proven = true;
    return out;
  }
  std::vector<double> estimates;
  for (const SplitChoice& c : ranked)
    estimates.push_back(c.estimate_s);
  const Verified v = verify_in_order(estimates, kVerifyMinimum, ctx.max_simulations, kVerifyBatch, [&](size_t first, size_t count) {
    const std::vector<SplitChoice> batch(ranked.begin() + static_cast<long>(first),
                                         ranked.begin() + static_cast<long>(first + count));
    return simulate_makespans(s, batch, ctx.replay, ctx.jobs);
  });
  SplitChoice out = ranked[v.best];
  out.simulations = v.simulations;
  out.proven = v.proven;
  return out;
}

} // namespace pipar::select
