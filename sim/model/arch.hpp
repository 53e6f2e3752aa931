// A model architecture as data (models/arch/<name>.json): a list of split units, each a list of
// layers; a layer is a primitive (conv2d, batchnorm, dense, ...) or a block (res_basic, ...).
// The vocabulary is the table in model/layer_kinds.hpp; models/README.md documents the format.
#pragma once
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace pipar {

struct LayerSpec {
  std::string type; ///< a name from layer_kinds()
  std::string path; ///< JSON pointer of the layer object inside Arch::doc
};

struct UnitSpec {
  std::string name;
  std::vector<LayerSpec> layers;
};

struct Arch {
  std::string name;   ///< e.g. "vgg5"
  std::string source; ///< where the architecture comes from
  std::string file;   ///< the file it was read from, for error messages
  nlohmann::json doc; ///< the validated document; layer arguments are read from it by path
  std::vector<UnitSpec> units;
};

/// Validates the structure, the layer types and each layer's keys; throws InputError.
/// Argument values (ranges, shapes) are checked when a profile is built for a dataset.
Arch arch_from_json(nlohmann::json doc, const std::string& file);
Arch load_arch(const std::string& path);

} // namespace pipar
