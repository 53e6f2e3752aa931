// The analytic profile of an architecture on a dataset: per split unit and per sample, the flops,
// activation bytes and parameters that the cost model needs, computed from the layer shapes.
#pragma once
#include "model/arch.hpp"
#include "model/dataset.hpp"
#include "model/profile.hpp"

namespace pipar {

/// Throws InputError (naming the arch file and the layer) when a layer does not fit the incoming
/// tensor, e.g. when the spatial size collapses below 1 on a small input, or when the model's
/// output is not a vector of `dataset.classes` features.
Profile build_profile(const Arch& arch, const Dataset& dataset);

} // namespace pipar
