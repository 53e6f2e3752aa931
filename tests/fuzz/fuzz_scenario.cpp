// Scenario loader: text -> validated Scenario (+ the run-size guard), no replay. The text is read as
// if it were scenarios/fuzz.json, so relative model, platform and trace paths resolve as for the
// committed scenarios.
#include "fuzz_support.hpp"
#include "core/json_read.hpp"
#include "run/run_size.hpp"
#include "scenario/scenario.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  return pipar::fuzz::guarded([&] {
    const std::string file = std::string(PIPAR_SOURCE_DIR) + "/scenarios/fuzz.json";
    const nlohmann::json j = pipar::parse_json_text(pipar::fuzz::text_of(data, size), file);
    const pipar::Scenario s = pipar::scenario_from_json(j, file);
    pipar::check_run_size(s, s.schedulers, false);
  });
}
