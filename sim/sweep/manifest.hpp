// DIR/sweep.json: what a sweep folder was made from (scenario, fixed --set overrides, network
// model), so --resume refuses to mix rows of different settings into one runs.csv.
#pragma once
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace pipar::sweep {

struct Manifest {
  std::string scenario; ///< as given; --resume compares the file's content (its digest), not this name
  std::vector<std::string> sets;
  std::string network_model;
  nlohmann::json provenance; ///< output/provenance.hpp; recorded, not compared on --resume
};

/// Writes DIR/sweep.json, or, if it exists, checks that it records the same settings (throws
/// InputError naming the field that differs): the scenario file's content (an FNV-1a 64-bit digest
/// of its bytes: the same file named by another path resumes, an edited one does not; a sweep.json
/// without a digest, of an older version, compares the name), the --set overrides, the network model.
void write_or_check_manifest(const std::string& dir, const Manifest& m);

} // namespace pipar::sweep
