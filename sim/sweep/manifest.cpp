#include "sweep/manifest.hpp"

#include "core/error.hpp"
#include "core/json_read.hpp"
#include "output/writers.hpp"

#include "core/files.hpp"

#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <nlohmann/json.hpp>

namespace pipar::sweep {

namespace {
std::string fnv1a64(const std::string& bytes) {
  std::uint64_t h = 0xcbf29ce484222325ULL;
  for (const unsigned char c : bytes) {
    h ^= c;
    h *= 0x100000001b3ULL;
  }
  char buf[17];
  std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(h));
  return buf;
}
} // namespace

void write_or_check_manifest(const std::string& dir, const Manifest& m) {
  const std::string path = (std::filesystem::path(dir) / "sweep.json").string();
  const nlohmann::json j = {{"schema", "pipar-sim/sweep/1"},
                            {"scenario", m.scenario},
                            {"scenario_fnv1a64", fnv1a64(read_input_file(m.scenario))},
                            {"set", m.sets},
                            {"network_model", m.network_model},
                            {"provenance", m.provenance}};
  if (!std::filesystem::exists(path)) {
    write_file_atomic(path, j.dump(2) + "\n");
    return;
  }
  const nlohmann::json old = read_json_file(path);
  const bool digest = old.contains("scenario_fnv1a64");
  if (digest && old["scenario_fnv1a64"] != j["scenario_fnv1a64"])
    throw InputError(path, "/scenario_fnv1a64",
                     "this folder holds a sweep of " + echo_json(old.value("scenario", nlohmann::json())) +
                         " as it was then; " + m.scenario + " differs from it now (edited since?); use another --out");
  for (const char* key : {"scenario", "set", "network_model"}) {
    if (digest && std::string(key) == "scenario")
      continue; // the content decides, whatever path names it
    if (!old.contains(key) || old[key] != j[key])
    if (!old.contains(key) || old[key] != j[key])
      throw InputError(path, std::string("/") + key,
                       "this folder holds a sweep with " + (old.contains(key) ? echo_json(old[key]) : "nothing") +
                           ", this command has " + echo_json(j[key]) + "; use another --out");
  }
}

} // namespace pipar::sweep
