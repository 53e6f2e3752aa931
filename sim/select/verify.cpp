#include "select/verify.hpp"

#include <algorithm>

namespace pipar::select {

Verified verify_in_order(const std::vector<double>& estimates, int min_simulations, int max_simulations, int batch,
                         const std::function<std::vector<double>(size_t, size_t)>& simulate) {
  Verified v;
  const size_t n = estimates.size();
  const size_t budget = static_cast<size_t>(std::max(1, max_simulations));
  batch = std::max(1, batch);
  double over = 0; // largest relative over-estimate seen
  size_t next = 0;
  while (next < n && next < budget) {
    const size_t count = std::min({static_cast<size_t>(batch), n - next, budget - next});
    const std::vector<double> sim = simulate(next, count);
    for (size_t k = 0; k < count; ++k) {
      const size_t i = next + k;
      if (v.simulations == 0 || sim[k] < v.best_makespan_s) {
        v.best = i;
        v.best_makespan_s = sim[k];
      }
      ++v.simulations;
      if (estimates[i] > 0)
        over = std::max(over, (estimates[i] - sim[k]) / estimates[i]);
    }
    next += count;
    if (next == n || (v.simulations >= min_simulations && v.best_makespan_s <= estimates[next] * (1 - over))) {
      v.proven = true;
      break;
    }
  }
  return v;
}

} // namespace pipar::select
