// The multiply-adds of a measured run's split unit (tests/data/realrun/README.md's `units`), which
// the run files do not list: from the unit's kind, shapes and parameter count, so that a device class
// with an element-wise rate (`elementwise_flops`) can tell multiply-add flop from the rest.
//  - "dense": parameters less one bias per output feature;
//  - "conv": a stride-1, same-padding convolution (the output before pooling has the input's height
//    and width) with a bias, and a BatchNorm's scale and shift when the unit has buffers:
//    (parameters - (1 or 3) x output channels) x input height x width.
// A unit's own `fwd_macs_per_sample` wins. A count that cannot be right (none of those, 0, or more
// than half the unit's forward flop) is not known: -1, and the unit is charged at one rate.
#pragma once
#include <string>
#include <vector>

namespace pipar::validate {

struct RunUnit {
  std::string kind;                     ///< "conv", "dense" or other
  std::vector<int> in_shape, out_shape; ///< C, H, W (or features)
  double parameters = 0, buffer_bytes = 0, forward_flops = 0;
  double given_macs = -1;               ///< fwd_macs_per_sample when the file has it
};

/// Multiply-adds per sample, or -1 when not known (above).
double unit_macs(const RunUnit& u);

} // namespace pipar::validate
