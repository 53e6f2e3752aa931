// Metrics that depend on the scheduler, not only on the timeline: memory (the scheduler's own
// formula, sched/memory.hpp) and the differential-privacy overhead (the same scheduler rebuilt with
// privacy off: the device flop it does not do).
#include "metrics/metrics.hpp"

namespace pipar {

namespace {

std::vector<double> device_flop(const TaskGraph& g, size_t devices) {
  std::vector<double> f(devices, 0.0);
  for (const Task& t : g.tasks()) {
    const Lane& l = g.lane(t.lane);
    if (l.resource == Resource::DeviceCpu)
      f[static_cast<size_t>(l.device)] += t.amount;
  }
  return f;
}

} // namespace

void add_scheduler_metrics(Metrics& m, const SchedulerEntry& e, const TaskGraph& g, const Scenario& s) {
  if (e.memory) {
    const MemoryUse mem = e.memory(s);
    m.memory_device_bytes = mem.device_bytes;
    m.memory_replica_bytes = mem.replica_bytes;
    m.memory_device_peak_bytes = mem.device_peak();
    m.memory_replica_peak_bytes = mem.replica_peak();
    m.memory_server_bytes = mem.server_total();
    m.memory_devices_over_limit = 0;
    for (size_t d = 0; d < s.devices.size() && d < mem.device_bytes.size(); ++d)
      if (s.devices[d].memory_bytes > 0 && mem.device_bytes[d] > s.devices[d].memory_bytes)
        ++m.memory_devices_over_limit;
  }
  m.dp_extra_device_flop = m.dp_extra_device_s = 0;
  if (!s.privacy.dp_sgd && !s.privacy.activation_noise)
    return;
  Scenario plain = s;
  plain.privacy.dp_sgd = plain.privacy.activation_noise = false;
  const size_t n = s.devices.size();
  const std::vector<double> with = device_flop(g, n), without = device_flop(e.build(plain), n);
  for (size_t d = 0; d < n; ++d) {
    const double extra = with[d] - without[d];
    m.dp_extra_device_flop += extra;
    m.dp_extra_device_s += extra / s.devices[d].speed / static_cast<double>(n);
  }
}

} // namespace pipar
