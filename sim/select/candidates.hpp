// The (P, N) candidates every selector and the exhaustive search share, and the device memory a
// split needs (the constraint behind DeviceSpec::memory_bytes).
#pragma once
#include "select/choice.hpp"

#include <vector>

namespace pipar::select {

/// Largest N a selector considers: min(B / 2, 100), at least 1 (the cap of the PiPar paper's APS).
int micro_batch_cap(int batch_size);

/// Micro-batch counts considered: 1 and every divisor of B up to micro_batch_cap(B) and up to
/// `max_n`, ascending (so every micro-batch of a full batch has B / N samples).
std::vector<int> micro_batch_candidates(int batch_size, int max_n);

/// The largest N the scenario can run as given: a batch holds at most min(B, samples) samples of a
/// device, so no more micro-batches than that (the check of /split/micro_batches).
int max_micro_batches(const Scenario& s);

/// micro_batch_candidates(B, max_micro_batches(s)).
std::vector<int> micro_batch_candidates(const Scenario& s);

/// Bytes a device needs to train units 1..P under PiPar: parameters, their gradients and the SGD
/// momentum (3 x parameter bytes of units 1..P), plus the stash: PiPar runs all N forwards before
/// any backward, so the input and the output activations of units 1..P of all N micro-batches,
/// i.e. of B samples (capped at `samples`, the device's data, when > 0), are held at once
/// (independent of N). Labels and buffers are ignored. The formula of sched/memory.hpp.
double device_memory_bytes(const Scenario& s, int P, int N, double samples = -1);
bool fits_memory(const Scenario& s, const DeviceSpec& d, int P, int N);

/// Constraints on the search: 0 = free, else the value is fixed (auto mode with one of P, N given).
struct Constraints {
  int fixed_P = 0;
  int fixed_N = 0;
};

/// Every (P, N) with P in 1..L-1 and N in micro_batch_candidates(B), P-major ascending, that fits
/// the memory of every device and the constraints.
std::vector<SplitPN> feasible_candidates(const Scenario& s, const Constraints& c = {});

} // namespace pipar::select
