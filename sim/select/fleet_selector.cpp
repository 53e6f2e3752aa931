// `fleet`, our selector. APS sees one device alone; this one ranks every feasible (P, N) by
// fleet_estimate() -- the whole training of every device, with the server's cores shared between
// replicas, aggregation included, and only the (P, N) that fit every device's memory
// (candidates.hpp). With more than one group of identical devices it also builds per-device
// choices by coordinate descent over the groups on the same estimate (group_descent.hpp), from
// each of the four best-estimated common choices and the best of every other split point, up to
// eight (and a joint start from each). Then it
// simulates candidates in estimate order until the best simulated one is proven best under the
// bound of verify.hpp, or `max_simulations` is reached; none when every device is identical and
// nothing SimGrid-only is on (the estimate is then exact). Last, within the same budget, each group
// whose links or speed follow a trace has its N checked by simulation (refine_traced_groups), and
// the best-estimated single-group move from the choice is simulated, and taken (with the next
// one tried from there) while that wins (refine_by_moves).
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

/// Common choices (the first in estimate order) that a per-device descent starts from.
constexpr size_t kDescentStarts = 4;

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
  // hand-offs and send delays under contention, client sampling, dropouts (the estimate trains every device).
  if (s.comm.cpu_per_message_s > 0 || s.comm.cpu_per_byte_s > 0 || s.comm.wire_cpu_per_byte_s > 0 ||
      s.comm.handoff_s > 0 || s.comm.send_delay_s > 0 || s.comm.send_delay_per_byte_s > 0 || s.availability.active() ||
      s.training.clients_per_round > 0 || s.training.client_fraction < 1)
    return false;
  return std::none_of(s.devices.begin(), s.devices.end(), [](const DeviceSpec& d) {
    return d.uplink_trace || d.downlink_trace || d.speed_trace;
  });
}

/// A trace makes the estimate a time average, and what an average cannot rank is how a traced
/// group's micro-batches line up with the trace's steps. So after verification each group with a
/// trace has its N checked by simulation, within the budget: the next lower and the next higher N
/// of its P (that fit its memory), then further in the better direction while that improves.
/// `best` (whose simulated makespan is `best_s`) is updated; `best.simulations` counts the runs.
double refine_traced_groups(const SelectContext& ctx, const FleetEstimator& estimator,
                            const std::vector<std::vector<size_t>>& groups, SplitChoice& best, double best_s) {
  const Scenario& s = ctx.scenario;
  const std::vector<SplitPN> all = candidates_without_memory(s, ctx.constraints);
  for (const auto& group : groups) {
    const DeviceSpec& d = s.devices[group.front()];
    if (!(d.uplink_trace || d.downlink_trace || d.speed_trace))
      continue;
    const SplitPN cur = best.of(group.front());
    std::vector<int> ns; // the N this group may take at its P, ascending
    for (const SplitPN& pn : all)
      if (pn.P == cur.P && fits_memory(s, d, pn.P, pn.N))
        ns.push_back(pn.N);
    std::sort(ns.begin(), ns.end());
    ns.erase(std::unique(ns.begin(), ns.end()), ns.end());
    const auto at = std::find(ns.begin(), ns.end(), cur.N);
    if (at == ns.end())
      continue;
    const long k = at - ns.begin();
    const auto with_n = [&](int n) {
      SplitChoice t = best;
      if (t.per_device.empty())
        t.per_device.assign(s.devices.size(), t.common);
      for (size_t dev : group)
        t.per_device[dev].N = n;
      return t;
    };
    std::vector<SplitChoice> trials;
    std::vector<int> steps;
    for (const int step : {-1, 1})
      if (k + step >= 0 && k + step < static_cast<long>(ns.size())) {
        trials.push_back(with_n(ns[static_cast<size_t>(k + step)]));
        steps.push_back(step);
      }
    if (trials.empty() || best.simulations + static_cast<int>(trials.size()) > ctx.max_simulations)
      continue;
    std::vector<double> sim = simulate_makespans(s, trials, ctx.replay, ctx.jobs);
    best.simulations += static_cast<int>(trials.size());
    size_t i = std::min_element(sim.begin(), sim.end()) - sim.begin();
    long pos = k;
    while (sim[i] < best_s * (1 - 1e-12)) { // adopt it; one step further the same way
      const int sims = best.simulations;
      best = trials[i];
      best.simulations = sims;
      best.estimate_s = estimator(best).makespan_s;
      best_s = sim[i];
      pos += steps[i];
      const long next = pos + steps[i];
      if (next < 0 || next >= static_cast<long>(ns.size()) || best.simulations >= ctx.max_simulations)
        break;
      trials = {with_n(ns[static_cast<size_t>(next)])};
      steps = {steps[i]};
      sim = simulate_makespans(s, trials, ctx.replay, ctx.jobs);
      best.simulations += 1;
      i = 0;
    }
  }
  best.collapse_uniform();
  return best_s;
}

/// Neighbouring per-device choices differ by less than the estimate's error on them (a few percent).
/// So, within what is left of the budget, the single-group move from `best` (one group to another
/// (P, N) that fits its memory) that the estimate ranks first is simulated; if it beats `best_s` it
/// is taken and the next move is tried from there, else the search stops (one simulation when the
/// first move loses). Moves already simulated are not tried again.
void refine_by_moves(const SelectContext& ctx, const FleetEstimator& estimator,
                     const std::vector<std::vector<size_t>>& groups, SplitChoice& best, double best_s) {
  const Scenario& s = ctx.scenario;
  if (groups.size() < 2)
    return;
  const std::vector<SplitPN> all = candidates_without_memory(s, ctx.constraints);
  std::vector<std::vector<SplitPN>> tried;
  while (best.simulations < ctx.max_simulations) {
    SplitChoice from = best;
    if (from.per_device.empty())
      from.per_device.assign(s.devices.size(), from.common);
    tried.push_back(from.per_device);
    SplitChoice move;
    Value move_value;
    bool found = false;
    for (const auto& group : groups)
      for (SplitChoice& t : group_moves(s, all, from, group)) {
        if (std::find(tried.begin(), tried.end(), t.per_device) != tried.end())
          continue;
        const Value v = estimate_value(estimator(t));
        if (!found || better(v, move_value)) {
          move = std::move(t);
          move_value = v;
          found = true;
        }
      }
    if (!found)
      return;
    move.estimate_s = move_value.makespan;
    const double sim = simulate_makespans(s, {move}, ctx.replay, ctx.jobs).front();
    const int sims = best.simulations + 1;
    if (!(sim < best_s * (1 - 1e-12))) {
      best.simulations = sims;
      return;
    }
    best = std::move(move);
    best.simulations = sims;
    best.collapse_uniform();
    best_s = sim;
  }
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
  std::stable_sort(order.begin(), order.end(),
                   [&](size_t a, size_t b) { return better(estimate_value(est[a]), estimate_value(est[b])); });
  std::vector<SplitChoice> ranked;
  for (size_t i : order)
    ranked.push_back(choices[i]);

  const auto groups = device_groups(s);
  if (groups.size() > 1) {
    // A local search from each of the first common choices in estimate order (the estimate's
    // errors differ between them: another start may reach a per-device choice the first misses).
    std::vector<SplitChoice> found;
    std::vector<size_t> starts;
    for (size_t k = 0; k < std::min(ranked.size(), kDescentStarts); ++k)
      starts.push_back(k);
    // and the best common choice of every other split point (different starts reach different
    // local optima; the first few often differ only in N)
    for (size_t k = 0; k < ranked.size() && starts.size() < 2 * kDescentStarts; ++k)
      if (std::none_of(starts.begin(), starts.end(), [&](size_t j) { return ranked[j].common.P == ranked[k].common.P; }))
        starts.push_back(k);
    for (size_t k : starts) {
      const SplitChoice pd = estimate_descent(s, ctx.constraints, estimator, ranked[k], groups).choice;
      if (!pd.uniform() && std::none_of(found.begin(), found.end(),
                                    [&](const SplitChoice& f) { return f.per_device == pd.per_device; }))
        found.push_back(pd);
    }
    for (const SplitChoice& pd : found) // in estimate order
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
  const double best_s = refine_traced_groups(ctx, estimator, groups, out, v.best_makespan_s);
  refine_by_moves(ctx, estimator, groups, out, best_s);
  return out;
}

} // namespace pipar::select
