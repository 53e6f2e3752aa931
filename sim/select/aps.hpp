// APS, the automated parameter selection of the PiPar paper (J. Parallel Distrib. Comput. 193
// (2024) 104947, Sec. "Automated parameter selection") and its reference code, made correct and
// linear in N. For every split point P, on one device's profile and links:
//   N(P) = ceil((upload + server fwd + server bwd + download) / min(device fwd, device bwd)) + 1,
// with the stage times of the whole batch (N = 1), capped at min(B / 2, 100) and rounded to the
// nearest divisor of B not above the cap (ties to the smaller); the iteration time at (P, N(P)) is
// the critical path of the 6N-stage pipeline (select/pipeline.hpp); APS picks the P with the least
// estimate (ties to the smaller P). It sees one device alone: no server contention, no memory cap.
#pragma once
#include "select/candidates.hpp"

namespace pipar::select {

/// The paper's N for split point P on device d, before capping and rounding (>= 2).
int aps_raw_micro_batches(const Scenario& s, const DeviceSpec& d, int P);
/// Nearest divisor of B to n among 1..min(micro_batch_cap(B), max_n) (ties to the smaller).
int round_to_divisor(int batch_size, int n, int max_n = 1 << 30);
/// N(P) after capping and rounding; `fixed_N` > 0 overrides it.
int aps_micro_batches(const Scenario& s, const DeviceSpec& d, int P, int fixed_N = 0);

/// APS on the scenario's first device (the paper's APS has no notion of a fleet, nor of memory).
/// `feasible_only`: only split points whose (P, N(P)) fits every device's memory compete (auto
/// mode's fallback when the paper's choice does not fit; resolve_auto.cpp). Without a feasible
/// one, estimate_s stays -1.
SplitChoice select_aps(const Scenario& s, const Constraints& c = {}, bool feasible_only = false);

/// Whether every device can hold its (P, N) of the choice (select/candidates.hpp).
bool choice_fits_memory(const Scenario& s, const SplitChoice& c);

} // namespace pipar::select
