#include "select/aps.hpp"

#include "select/pipeline.hpp"

#include <cmath>
#include <cstdlib>

namespace pipar::select {

int aps_raw_micro_batches(const Scenario& s, const DeviceSpec& d, int P) {
  const StageTimes t = stage_times(s, d, P, s.training.batch_size);
  const double ratio = (t.up + t.srv_fwd + t.srv_bwd + t.down + 2 * t.lat) / std::min(t.fwd, t.bwd);
  return static_cast<int>(std::min(1e6, std::ceil(ratio))) + 1;
}

int round_to_divisor(int batch_size, int n, int max_n) {
  int best = 1;
  for (int k : micro_batch_candidates(batch_size, max_n))
    if (std::abs(k - n) < std::abs(best - n))
      best = k;
  return best;
}

int aps_micro_batches(const Scenario& s, const DeviceSpec& d, int P, int fixed_N) {
  if (fixed_N > 0)
    return fixed_N;
  return round_to_divisor(s.training.batch_size, aps_raw_micro_batches(s, d, P), max_micro_batches(s));
}

bool choice_fits_memory(const Scenario& s, const SplitChoice& c) {
  for (size_t d = 0; d < s.devices.size(); ++d)
    if (!fits_memory(s, s.devices[d], c.of(d).P, c.of(d).N))
      return false;
  return true;
}

SplitChoice select_aps(const Scenario& s, const Constraints& c, bool feasible_only) {
  const DeviceSpec& d = s.devices.front();
  const int L = s.profile.split_units();
  SplitChoice best;
  for (int P = 1; P <= L - 1; ++P) {
    if (c.fixed_P > 0 && P != c.fixed_P)
      continue;
    const int N = aps_micro_batches(s, d, P, c.fixed_N);
    SplitChoice trial;
    trial.common = {P, N};
    if (feasible_only && !choice_fits_memory(s, trial))
      continue;
    const double est = iteration_estimate(s, d, P, N);
    if (best.estimate_s < 0 || est < best.estimate_s) {
      best.common = {P, N};
      best.estimate_s = est;
    }
  }
  return best;
}

} // namespace pipar::select
