// DIR/sweep.json: what a sweep folder was made from (scenario, fixed --set overrides, network
// model), so --resume refuses to mix rows of different settings into one runs.csv.
#pragma once
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace pipar::sweep {

struct Manifest {
  std::string scenario;
  std::vector<std::string> sets;
  std::string network_model;
  nlohmann::json provenance; ///< output/provenance.hpp; recorded, not compared on --resume
};

/// Writes DIR/sweep.json, or, if it exists, checks that it records the same settings
/// (throws InputError naming the field that differs).
void write_or_check_manifest(const std::string& dir, const Manifest& m);

} // namespace pipar::sweep
