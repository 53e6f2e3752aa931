// Verification that adapts: a selector that ranks candidates by an estimate simulates them in that
// order until the best simulated makespan is provably the best of all, or a budget runs out.
//
// The bound: the estimate can hide a better candidate only where it exceeds the simulation, so
// after simulating some candidates, every candidate not simulated is taken to need at least
//   estimate x (1 - e),   e = the largest relative over-estimate seen so far,
//                             max over simulated k of max(0, (estimate_k - simulated_k) / estimate_k).
// Candidates are simulated `batch` at a time (a fixed number, so the result does not depend on how
// many processes run them); after a minimum number of simulations the search stops, proven, when
// the best simulated makespan is at most
// the bound of the next candidate in estimate order (the least bound of all not simulated), or when
// every candidate is simulated; it stops unproven when `max_simulations` is reached.
#pragma once
#include <cstddef>
#include <functional>
#include <vector>

namespace pipar::select {

struct Verified {
  size_t best = 0;        ///< index (into the estimate order) of the best simulated candidate
  double best_makespan_s = 0;
  int simulations = 0;
  bool proven = false;    ///< stopped by the bound (or ran out of candidates), not by the budget
};

/// `estimates` ascending (the selector's order). `simulate(first, count)` returns the simulated
/// makespans of candidates first..first+count-1. The bound may stop the search only after
/// `min_simulations` (at least one candidate is always simulated).
Verified verify_in_order(const std::vector<double>& estimates, int min_simulations, int max_simulations, int batch,
                         const std::function<std::vector<double>(size_t, size_t)>& simulate);

/// Candidates simulated per step of verify_in_order (as many as the 2-core machines we target run at once).
constexpr int kVerifyBatch = 2;
/// Simulations before the bound may stop `fleet`'s search: two steps. Where the estimate is not
/// exact its errors differ between candidates (a shared NIC's contention is the least accurate
/// part), and the runners-up in estimate order are the likeliest to hide the optimum.
constexpr int kVerifyMinimum = 4;

} // namespace pipar::select
