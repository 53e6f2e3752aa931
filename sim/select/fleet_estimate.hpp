// A cheap, contention-aware estimate of a whole PiPar training (all rounds, aggregation included)
// for a fleet of devices with one (P, N) each: every device's pipeline in closed recurrences
// (select/pipeline.hpp), rounds synchronised by the aggregation as in sched/pipar.cpp, and the
// server's cores shared between replicas through a per-class stretch factor on server tasks:
//   f_c = max(1, (n_c + sum over other classes c' of n_c' x u_c') / cores),
// where identical devices (a class: same spec and same (P, N)) run in lockstep, so their n_c
// replicas compute at the same time, and u_c' is the fraction of the training during which a
// replica of class c' computes (a fixed point, a few passes). Identical devices are computed once.
// For one device and f = 1 this is exactly the critical path of build_pipar's graph.
#pragma once
#include "select/choice.hpp"

namespace pipar::select {

struct FleetEstimate {
  double makespan_s = 0;
  double device_time_sum_s = 0; ///< sum over devices of the end of their last iteration (a tie-breaker)
};

FleetEstimate fleet_estimate(const Scenario& s, const SplitChoice& c);

} // namespace pipar::select
