#include "select/candidates.hpp"

#include <algorithm>

namespace pipar::select {

int micro_batch_cap(int batch_size) { return std::max(1, std::min(batch_size / 2, 100)); }

std::vector<int> micro_batch_candidates(int batch_size, int max_n) {
  std::vector<int> out{1};
  for (int n = 2; n <= std::min(micro_batch_cap(batch_size), max_n); ++n)
    if (batch_size % n == 0)
      out.push_back(n);
  return out;
}

int max_micro_batches(const Scenario& s) {
  long long n = s.training.batch_size;
  for (const DeviceSpec& d : s.devices)
    n = std::min(n, d.samples);
  return static_cast<int>(std::max(1LL, n));
}

std::vector<int> micro_batch_candidates(const Scenario& s) {
  return micro_batch_candidates(s.training.batch_size, max_micro_batches(s));
}

double device_memory_bytes(const Scenario& s, int P, int /*N*/, double samples) {
  const Profile& p = s.profile;
  double stash = p.input_bytes;
  for (int u = 0; u < P; ++u)
    stash += p.units[static_cast<size_t>(u)].output_bytes;
  const double in_flight = samples > 0 ? std::min(samples, double(s.training.batch_size)) : s.training.batch_size;
  return 3.0 * p.parameter_bytes(0, P) + in_flight * stash;
}

bool fits_memory(const Scenario& s, const DeviceSpec& d, int P, int N) {
  return d.memory_bytes <= 0 || device_memory_bytes(s, P, N, static_cast<double>(d.samples)) <= d.memory_bytes;
}

std::vector<SplitPN> feasible_candidates(const Scenario& s, const Constraints& c) {
  std::vector<SplitPN> out;
  const int L = s.profile.split_units();
  std::vector<int> ns = micro_batch_candidates(s);
  if (c.fixed_N > 0)
    ns = {c.fixed_N};
  for (int P = 1; P <= L - 1; ++P) {
    if (c.fixed_P > 0 && P != c.fixed_P)
      continue;
    for (int N : ns) {
      const bool fits = std::all_of(s.devices.begin(), s.devices.end(),
                                    [&](const DeviceSpec& d) { return fits_memory(s, d, P, N); });
      if (fits)
        out.push_back({P, N});
    }
  }
  return out;
}

} // namespace pipar::select
