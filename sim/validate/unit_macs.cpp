#include "validate/unit_macs.hpp"

#include <string>

namespace pipar::validate {

double unit_macs(const RunUnit& u) {
  double macs = -1;
  const std::string& kind = u.kind;
  if (u.given_macs >= 0) {
    macs = u.given_macs;
  } else if (kind == "dense" && !u.out_shape.empty()) {
    macs = u.parameters - u.out_shape[0];
  } else if (kind == "conv" && !u.out_shape.empty() && u.in_shape.size() == 3) {
    const double per_channel = u.buffer_bytes > 0 ? 3 : 1; // bias, and BatchNorm's scale and shift
    macs = (u.parameters - per_channel * u.out_shape[0]) * u.in_shape[1] * u.in_shape[2];
  }
  return macs > 0 && 2 * macs <= u.forward_flops ? macs : -1;
}

} // namespace pipar::validate
