#include "model/measured.hpp"

#include "core/error.hpp"

#include <algorithm>

namespace pipar {

bool is_measured(const Profile& p) {
  if (p.measured_class.empty() || p.measured_batch_size < 1)
    return false;
  return std::all_of(p.units.begin(), p.units.end(),
                     [](const SplitUnit& u) { return u.forward_seconds >= 0 && u.backward_seconds >= 0; });
}

bool has_measured_times(const Profile& p) {
  return !p.measured_class.empty() &&
         std::any_of(p.units.begin(), p.units.end(), [](const SplitUnit& u) {
           return u.forward_seconds >= 0 || !u.device_timing.empty() || !u.server_timing.empty();
         });
}

Profile measured_as_flops(const Profile& p, double speed, double overhead_s_per_unit) {
  const std::string what = "profile " + p.model + "/" + p.dataset;
  if (!is_measured(p))
    throw InputError(what, "/measured", "is not a measured profile (no measured seconds per split unit)");
  if (!(speed > 0))
    throw InputError(what, "", "the measured class's speed must be > 0 flop/s");
  if (!(overhead_s_per_unit >= 0))
    throw InputError(what, "", "the overhead per unit must be >= 0 s");
  const double overhead_per_sample = overhead_s_per_unit / p.measured_batch_size;
  Profile q = p;
  for (auto& u : q.units) {
    u.forward_flops = std::max(0.0, u.forward_seconds - overhead_per_sample) * speed;
    u.backward_flops = std::max(0.0, u.backward_seconds - overhead_per_sample) * speed;
  }
  return q;
}

} // namespace pipar
