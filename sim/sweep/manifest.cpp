#include "sweep/manifest.hpp"

#include "core/error.hpp"
#include "output/writers.hpp"

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

namespace pipar::sweep {

void write_or_check_manifest(const std::string& dir, const Manifest& m) {
  const std::string path = (std::filesystem::path(dir) / "sweep.json").string();
  const nlohmann::json j = {{"schema", "pipar-sim/sweep/1"},
                            {"scenario", m.scenario},
                            {"set", m.sets},
                            {"network_model", m.network_model},
                            {"provenance", m.provenance}};
  std::ifstream in(path);
  if (!in) {
    write_file_atomic(path, j.dump(2) + "\n");
    return;
  }
  nlohmann::json old;
  try {
    in >> old;
  } catch (const nlohmann::json::exception& e) {
    throw InputError(path, "", std::string("not valid JSON: ") + e.what());
  }
  for (const char* key : {"scenario", "set", "network_model"})
    if (!old.contains(key) || old[key] != j[key])
      throw InputError(path, std::string("/") + key,
                       "this folder holds a sweep with " + (old.contains(key) ? old[key].dump() : "nothing") +
                           ", this command has " + j[key].dump() + "; use another --out");
}

} // namespace pipar::sweep
