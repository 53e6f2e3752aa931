#include "sched/memory.hpp"

#include "scenario/scenario.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace pipar {

namespace {

double max_of(const std::vector<double>& v) { return v.empty() ? 0.0 : *std::max_element(v.begin(), v.end()); }

/// Samples of the largest batch a device trains (B, or its whole data if smaller).
double batch_of(const Scenario& s, const DeviceSpec& d) {
  return static_cast<double>(std::min<long long>(s.training.batch_size, d.samples));
}

/// PiPar with every device's N forced to `forced` (> 0), else per device / the scenario's N.
MemoryUse split_memory(const Scenario& s, int forced) {
  const Profile& p = s.profile;
  const int L = p.split_units();
  MemoryUse m;
  for (const DeviceSpec& d : s.devices) {
    const int P = d.split_point > 0 ? d.split_point : s.split.split_point;
    const int N = forced > 0 ? forced : (d.micro_batches > 0 ? d.micro_batches : s.split.micro_batches);
    const double b = batch_of(s, d);
    const double micro = std::ceil(b / std::min<double>(N, b));
    m.device_bytes.push_back(training_memory_bytes(p, 0, P, b));
    m.replica_bytes.push_back(training_memory_bytes(p, P, L, micro));
  }
  return m;
}

} // namespace

double MemoryUse::device_peak() const { return max_of(device_bytes); }
double MemoryUse::replica_peak() const { return max_of(replica_bytes); }
double MemoryUse::server_total() const { return std::accumulate(replica_bytes.begin(), replica_bytes.end(), 0.0); }

double training_memory_bytes(const Profile& p, int first, int last, double samples) {
  double per_sample = first == 0 ? p.input_bytes : p.units[static_cast<size_t>(first - 1)].output_bytes;
  for (int u = first; u < last; ++u)
    per_sample += p.units[static_cast<size_t>(u)].output_bytes;
  return 3 * p.parameter_bytes(first, last) + samples * per_sample;
}

MemoryUse fl_memory(const Scenario& s) {
  MemoryUse m;
  for (const DeviceSpec& d : s.devices)
    m.device_bytes.push_back(training_memory_bytes(s.profile, 0, s.profile.split_units(), batch_of(s, d)));
  return m;
}

MemoryUse sl_memory(const Scenario& s) {
  const int P = s.split.split_point, L = s.profile.split_units();
  MemoryUse m;
  double largest = 0;
  for (const DeviceSpec& d : s.devices) {
    m.device_bytes.push_back(training_memory_bytes(s.profile, 0, P, batch_of(s, d)));
    largest = std::max(largest, batch_of(s, d));
  }
  m.replica_bytes.push_back(training_memory_bytes(s.profile, P, L, largest));
  return m;
}

MemoryUse pipar_memory(const Scenario& s) { return split_memory(s, 0); }
MemoryUse sfl_memory(const Scenario& s) { return split_memory(s, 1); }

} // namespace pipar
