// The datasets the model zoo knows: the input shape of one sample and the number of classes.
#pragma once
#include "model/shape.hpp"

#include <string>
#include <vector>

namespace pipar {

struct Dataset {
  std::string name; ///< e.g. "cifar10"
  int channels = 0;
  int height = 0;
  int width = 0;
  int classes = 0;

  Shape input_shape() const { return Shape{channels, height, width, false}; }
};

/// Every known dataset, in a fixed order.
const std::vector<Dataset>& datasets();
/// Throws InputError listing the valid names when `name` is unknown.
const Dataset& find_dataset(const std::string& name);

} // namespace pipar
