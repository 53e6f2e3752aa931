// validate's reading of a measured run (sim/validate/realrun.hpp): the busy times a file leaves out
// are the unions of its timeline's compute operations, as the measurement campaign defined them.
#include "validate/realrun.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>

using namespace pipar::validate;

TEST_CASE("a run without /derived: busy times are the unions of its timeline's compute operations",
          "[validate]") {
  const std::string dir = std::string(PIPAR_SOURCE_DIR) + "/tests/data/realrun/";
  const auto copy = std::filesystem::temp_directory_path() / "pipar-validate-no-derived.json";
  // An FL run (aggregations only on the server: short, separate operations) and a PiPar run (server
  // and device operations that follow each other back to back).
  for (const char* id : {"vgg5_fl_up10_dn25_B100_K5_R2_d1_r0", "vgg5_pipar_P2_N4_up10_dn25_B100_K5_R2_d1_r0"}) {
    std::ifstream in(dir + id + ".json");
    nlohmann::json run = nlohmann::json::parse(in);
    const double server = run["derived"]["server"]["compute_union_s"].get<double>();
    const double device = run["derived"]["devices"][0]["compute_union_s"].get<double>();
    run.erase("derived");
    std::ofstream(copy) << run.dump();
    const Mechanisms mech;
    const RunComparison with = compare_run(dir + id + ".json", mech);
    const RunComparison without = compare_run(copy.string(), mech);
    INFO(id);
    CHECK(with.server_busy_measured == server);
    CHECK(with.device_busy_measured == device);
    // The campaign's unions, from timestamps it rounded to the microsecond: agreement to 1e-3.
    CHECK(without.server_busy_measured == Approx(server).epsilon(1e-3));
    CHECK(without.device_busy_measured == Approx(device).epsilon(1e-3));
    CHECK(without.server_busy_measured != server); // computed, not read
    CHECK(without.makespan_simulated == with.makespan_simulated);
  }
  std::filesystem::remove(copy);
}
