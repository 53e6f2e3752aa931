// Test helpers: scenarios built in memory, with profiles written to a temporary folder.
#pragma once
#include "core/error.hpp"
#include "scenario/scenario.hpp"

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>
#include <unistd.h>

namespace pipar::test {

inline std::string temp_path(const std::string& name) {
  const auto dir = std::filesystem::temp_directory_path() / "pipar-sim-tests";
  std::filesystem::create_directories(dir);
  return (dir / name).string();
}

/// Written to a private file then renamed, so that test processes running in parallel (ctest -j)
/// never read a half-written file.
inline std::string write_json(const std::string& name, const nlohmann::json& j) {
  const std::string p = temp_path(name);
  const std::string tmp = p + ".tmp" + std::to_string(::getpid());
  std::ofstream(tmp) << j.dump(2);
  std::filesystem::rename(tmp, p);
  return p;
}

/// A 4-unit synthetic profile with round numbers (per sample).
inline nlohmann::json synthetic_profile() {
  nlohmann::json units = nlohmann::json::array();
  const double fwd[] = {2e6, 4e6, 3e6, 1e6};
  const double out[] = {16384, 4096, 2048, 40};
  const double params[] = {1000, 20000, 300000, 5000};
  for (int i = 0; i < 4; ++i)
    units.push_back({{"name", "u" + std::to_string(i + 1)},
                     {"forward_flops", fwd[i]},
                     {"backward_flops", 2 * fwd[i]},
                     {"output_bytes", out[i]},
                     {"parameter_bytes", 4 * params[i]},
                     {"parameters", params[i]}});
  return {{"model", "synthetic"}, {"dataset", "none"}, {"input_shape", {3, 32, 32}}, {"classes", 10},
          {"input_bytes", 12288}, {"label_bytes", 8}, {"units", units}};
}

/// A scenario JSON on the synthetic profile; tweak fields before calling scenario_from_json.
inline nlohmann::json base_scenario(int devices = 1) {
  static const std::string profile = write_json("synthetic_profile.json", synthetic_profile());
  return {{"name", "test"},
          {"model", {{"profile", profile}}},
          {"devices",
           {{"count", devices}, {"speed_flops", 1e9}, {"uplink_mbps", 10}, {"downlink_mbps", 25},
            {"latency_ms", 5}, {"samples", 300}}},
          {"server", {{"cores", 2}, {"speed_flops_per_core", 2e10}}},
          {"training", {{"batch_size", 100}, {"epochs", 1}, {"aggregate_every", "epoch"}}},
          {"split", {{"split_point", 2}, {"micro_batches", 4}}},
          {"schedulers", {"fl", "pipar"}}};
}

inline Scenario make(const nlohmann::json& j) { return scenario_from_json(j, "test.json"); }

/// The message of the InputError a scenario raises when loaded as `file`, or "no error".
inline std::string error_of(const nlohmann::json& j, const std::string& file = "test.json") {
  try {
    scenario_from_json(j, file);
  } catch (const InputError& e) {
    return e.what();
  }
  return "no error";
}

/// An architecture of `halvings` 2x2 floor-mode max pools, then flatten and a dense layer to the
/// classes: 28x28 collapses at the fifth halving (14, 7, 3, 1, 0), 32x32 reaches 1x1.
inline nlohmann::json halving_arch(const std::string& name, int halvings) {
  nlohmann::json units = nlohmann::json::array();
  for (int i = 0; i < halvings; ++i)
    units.push_back({{"name", "p" + std::to_string(i)}, {"layers", {{{"type", "maxpool"}, {"kernel", 2}}}}});
  units.push_back({{"name", "fc"}, {"layers", {{{"type", "flatten"}}, {{"type", "dense"}, {"out", "classes"}}}}});
  return {{"name", name}, {"source", "test"}, {"units", units}};
}

} // namespace pipar::test
