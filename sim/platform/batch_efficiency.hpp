// A server's batch-efficiency curve: the fraction of its peak speed it reaches on a task of m
// samples (a GPU runs small micro-batches far below peak). Points (samples, fraction) with samples
// increasing; linear in between, flat beyond the ends. An empty curve means always at peak.
#pragma once
#include <vector>

namespace pipar {

struct EfficiencyPoint {
  double samples = 1;
  double efficiency = 1; ///< fraction of peak speed, (0, 1]
};

double batch_efficiency(const std::vector<EfficiencyPoint>& curve, double samples);

} // namespace pipar
