#include "model/dataset.hpp"

#include "core/error.hpp"

namespace pipar {

const std::vector<Dataset>& datasets() {
  static const std::vector<Dataset> all = {
      {"mnist", 1, 28, 28, 10},    {"fashion_mnist", 1, 28, 28, 10}, {"cifar10", 3, 32, 32, 10},
      {"cifar100", 3, 32, 32, 100}, {"svhn", 3, 32, 32, 10},          {"imagenet", 3, 224, 224, 1000},
  };
  return all;
}

const Dataset& find_dataset(const std::string& name) {
  std::string valid;
  for (const auto& d : datasets()) {
    if (d.name == name)
      return d;
    valid += (valid.empty() ? "" : ", ") + d.name;
  }
  throw InputError("", "", "unknown dataset '" + name + "' (valid values are: " + valid + ")");
}

} // namespace pipar
