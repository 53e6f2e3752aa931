// A cheap, contention-aware estimate of a whole PiPar training (all rounds, aggregation included)
// for a fleet of devices with one (P, N) each: every device's pipeline in closed recurrences
// (select/pipeline.hpp), rounds synchronised by the aggregation as in sched/pipar.cpp, and what the
// replay shares or varies, averaged:
// - the server's cores, through a stretch factor on server tasks per class and run of rounds of the
//   same shape: 1 / the mean of min(1, cores / n) (server_stretch), where n is the class's own n_c
//   replicas (identical devices, a class: same spec and same (P, N), run in lockstep, so they
//   compute at the same time) plus each other class c' with probability u_c' = its replicas' busy
//   time in that run / the longer of the two classes' spans there (from each round's start to the
//   class's last server task): a class that has used up its samples, or finished its round,
//   frees the server for the others (a fixed point: passes until nothing moves by 0.1%, at most
//   16, each quantity damped to half steps once its updates reverse direction); the FIFO queue
//   is estimated as fair sharing (same throughput);
// - the server's batch efficiency, in the server stage times (select/pipeline.cpp), as the graph;
// - a shared server NIC, per direction, as a fluid max-min (water-filling) share among the flows
//   active at once: for activations and gradients, the n_c flows of the class itself plus
//   n_c' x v_c' of each other class (v: the fraction of the training its link is busy, the same
//   fixed point); for model uploads and downloads at a round's end, every device's flow;
// - bandwidth and speed traces, by their time average over the estimated training (trace_mean.hpp).
// Its cost per candidate does not grow with the number of iterations: a run of identical
// iterations (or rounds) stops being computed one by one once the state shifts uniformly (the
// pipeline is a max-plus linear system: from then on every iteration adds the same time), and the
// rest of the run is added in one step.
// For one device with no NIC or trace this is exactly the critical path of build_pipar's graph.
#pragma once
#include "select/choice.hpp"

#include <utility>
#include <vector>

namespace pipar::select {

struct FleetEstimate {
  double makespan_s = 0;
  double device_time_sum_s = 0; ///< sum over devices of the end of their last iteration (a tie-breaker)
};

/// Everything about the scenario that does not depend on (P, N), prepared once.
class FleetEstimator {
public:
  explicit FleetEstimator(const Scenario& s);
  FleetEstimate operator()(const SplitChoice& c) const;

private:
  struct BatchRun {
    int batch = 0;
    int count = 0;
    bool operator==(const BatchRun& o) const { return batch == o.batch && count == o.count; }
  };
  using RoundShape = std::vector<BatchRun>; ///< a round's iterations as runs of equal batches

  /// Consecutive rounds in which every group runs the same iterations.
  struct RoundRun {
    int rounds = 0;
    std::vector<RoundShape> shape; ///< per group
  };

  const Scenario& s_;
  std::vector<size_t> group_of_; ///< per device: its group (identical specs)
  std::vector<RoundRun> runs_;   ///< the training's rounds, in order
};

/// The stretch of the server tasks of class i (`counts[i]` devices, in lockstep): with n replica
/// tasks running on `cores` cores, processor sharing runs each at min(1, cores / n) of a core. While
/// class i computes, n is its own count plus each other class j's count with probability q[j] (the
/// share of the time its replicas compute), independently. A task of work w then advances at the
/// time average of its rate, so it takes w / mean(min(1, cores / n)): the stretch is the reciprocal
/// of the mean rate, not the mean of the momentary stretch max(1, n / cores) (which overstates it:
/// a task runs fewer seconds at its slow moments than the mean over time weights them with; on
/// a 2-core server, two classes of 2 and 3 devices both at P = 3, N = 16 estimated 11% long that
/// way, 0.8% short this way), nor the stretch of the mean n (which understates it: moments when
/// more replicas meet than there are cores cost more than the mean count shows). Beyond 12 other
/// classes, the stretch of the mean count.
double server_stretch(const std::vector<double>& counts, const std::vector<double>& q, size_t i, double cores);

/// One-off convenience: FleetEstimator(s)(c).
FleetEstimate fleet_estimate(const Scenario& s, const SplitChoice& c);

} // namespace pipar::select
