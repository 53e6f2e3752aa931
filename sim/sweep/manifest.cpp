#include "sweep/manifest.hpp"

#include "core/error.hpp"
#include "core/json_read.hpp"
#include "output/writers.hpp"

#include <filesystem>
#include <nlohmann/json.hpp>

namespace pipar::sweep {

void write_or_check_manifest(const std::string& dir, const Manifest& m) {
  const std::string path = (std::filesystem::path(dir) / "sweep.json").string();
  const nlohmann::json j = {{"schema", "pipar-sim/sweep/1"},
                            {"scenario", m.scenario},
                            {"set", m.sets},
                            {"network_model", m.network_model},
                            {"provenance", m.provenance}};
  if (!std::filesystem::exists(path)) {
    write_file_atomic(path, j.dump(2) + "\n");
    return;
  }
  const nlohmann::json old = read_json_file(path);
  for (const char* key : {"scenario", "set", "network_model"})
    if (!old.contains(key) || old[key] != j[key])
      throw InputError(path, std::string("/") + key,
                       "this folder holds a sweep with " + (old.contains(key) ? echo_json(old[key]) : "nothing") +
                           ", this command has " + echo_json(j[key]) + "; use another --out");
}

} // namespace pipar::sweep
