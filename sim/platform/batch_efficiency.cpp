#include "platform/batch_efficiency.hpp"

#include <cstddef>

namespace pipar {

double batch_efficiency(const std::vector<EfficiencyPoint>& curve, double samples) {
  if (curve.empty())
    return 1.0;
  if (samples <= curve.front().samples)
    return curve.front().efficiency;
  for (std::size_t i = 1; i < curve.size(); ++i) {
    const EfficiencyPoint& a = curve[i - 1];
    const EfficiencyPoint& b = curve[i];
    if (samples <= b.samples)
      return a.efficiency + (b.efficiency - a.efficiency) * (samples - a.samples) / (b.samples - a.samples);
  }
  return curve.back().efficiency;
}

} // namespace pipar
