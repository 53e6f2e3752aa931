#include "model/arch.hpp"

#include "core/json_read.hpp"
#include "model/layer_kinds.hpp"

namespace pipar {

Arch arch_from_json(nlohmann::json doc, const std::string& file) {
  Arch a;
  a.doc = std::move(doc);
  a.file = file;
  const JsonReader r(a.doc, file);
  r.allow_only("", {"name", "source", "note", "units"});
  a.name = r.string("/name");
  if (a.name.empty())
    r.fail("/name", "must not be empty");
  a.source = r.string("/source");
  const size_t units = r.array_size("/units", 2, 10000);
  for (size_t i = 0; i < units; ++i) {
    const std::string up = "/units/" + std::to_string(i);
    r.allow_only(up, {"name", "layers"});
    UnitSpec u;
    u.name = r.string(up + "/name");
    const size_t layers = r.array_size(up + "/layers", 1, 10000);
    for (size_t k = 0; k < layers; ++k) {
      const std::string lp = up + "/layers/" + std::to_string(k);
      const LayerKind& kind = layer_kind(r, lp);
      check_layer_keys(r, lp, kind);
      u.layers.push_back(LayerSpec{kind.name, lp});
    }
    a.units.push_back(std::move(u));
  }
  return a;
}

Arch load_arch(const std::string& path) { return arch_from_json(read_json_file(path), path); }

} // namespace pipar
