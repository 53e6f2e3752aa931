#include "model/build_profile.hpp"

#include "core/units.hpp"
#include "model/layer_kinds.hpp"

namespace pipar {

Profile build_profile(const Arch& arch, const Dataset& dataset) {
  const Shape input = dataset.input_shape();
  LayerWalker walker(input, "dataset " + dataset.name + ", " + input.str());
  const JsonReader reader(arch.doc, arch.file);

  Profile p;
  p.model = arch.name;
  p.dataset = dataset.name;
  p.source = arch.source;
  p.input_shape = {input.c, input.h, input.w};
  p.classes = dataset.classes;
  p.input_bytes = units::bytes_per_float32 * double(input.elements());
  p.label_bytes = 8; // int64 labels, as PyTorch sends them

  for (const auto& unit : arch.units) {
    for (const auto& layer : unit.layers) {
      walker.locate(arch.file, layer.path);
      layer_kind(reader, layer.path).apply(LayerArgs(reader, layer.path, dataset.classes), walker);
    }
    const UnitCost c = walker.take_unit_cost();
    SplitUnit u;
    u.name = unit.name;
    u.forward_macs = c.macs;
    u.forward_flops = c.forward_flops();
    u.backward_flops = c.backward_flops();
    u.output_bytes = units::bytes_per_float32 * double(walker.shape().elements());
    u.parameters = c.parameters;
    u.parameter_bytes = units::bytes_per_float32 * double(c.parameters);
    p.units.push_back(std::move(u));
  }
  const Shape out = walker.shape();
  if (!out.flat || out.c != dataset.classes)
    walker.fail("the model ends with a " + out.str() + " tensor; it must end with a vector of " +
                std::to_string(dataset.classes) + " class scores (a dense layer with \"out\": \"classes\")");
  return p;
}

} // namespace pipar
