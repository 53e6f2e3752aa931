// Exhaustive search: every feasible (P, N) (select/candidates.hpp) simulated with the SimGrid
// replay, all devices and their contention included, in parallel processes.
#include "core/error.hpp"
#include "select/registry.hpp"
#include "select/simulate_pool.hpp"

namespace pipar::select {

size_t Grid::best() const {
  size_t b = 0;
  for (size_t i = 1; i < makespans.size(); ++i)
    if (makespans[i] < makespans[b])
      b = i;
  return b;
}

Grid simulate_grid(const SelectContext& ctx) {
  Grid g;
  g.candidates = feasible_candidates(ctx.scenario, ctx.constraints);
  if (g.candidates.empty())
    throw InputError(ctx.scenario.file, "/split", "no (P, N) fits the constraints and every device's memory");
  std::vector<SplitChoice> choices;
  for (const SplitPN& pn : g.candidates) {
    SplitChoice c;
    c.common = pn;
    choices.push_back(c);
  }
  g.makespans = simulate_makespans(ctx.scenario, choices, ctx.replay, ctx.jobs);
  return g;
}

SplitChoice run_exhaustive(const SelectContext& ctx) {
  const Grid g = simulate_grid(ctx);
  SplitChoice c;
  c.common = g.candidates[g.best()];
  c.estimate_s = g.makespans[g.best()];
  c.simulations = static_cast<int>(g.candidates.size());
  return c;
}

} // namespace pipar::select
