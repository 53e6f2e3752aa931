// The --grid and --set parsers: each line of the input is one argument. Lines starting with
// "grid " are --grid KEY=VALUES (parsed, then the sweep expanded with two schedulers: the checked
// product); the others are --set KEY=VALUE applied to a copy of a small scenario object.
#include "fuzz_support.hpp"
#include "scenario/scenario.hpp"
#include "sweep/grid.hpp"

#include <sstream>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  return pipar::fuzz::guarded([&] {
    std::istringstream in(pipar::fuzz::text_of(data, size));
    std::vector<pipar::sweep::GridAxis> axes;
    nlohmann::json scenario = {{"name", "fuzz"},
                               {"devices", {{"count", 4}, {"uplink_mbps", 10}}},
                               {"schedulers", {"fl", "pipar"}},
                               {"platform", {{"fleet", {{{"count", 2}}, {{"count", 3}}}}}}};
    std::string line;
    while (std::getline(in, line)) {
      if (line.rfind("grid ", 0) == 0)
        axes.push_back(pipar::sweep::parse_axis(line.substr(5)));
      else
        pipar::apply_override(scenario, line);
    }
    // Expand only what is cheap to hold; larger products must still be refused, not wrapped.
    double runs = 2;
    for (const auto& a : axes)
      runs *= static_cast<double>(a.values.size());
    if (runs <= 1e4 || runs > static_cast<double>(pipar::sweep::max_sweep_runs)) {
      const auto points = pipar::sweep::expand(axes, {"fl", "pipar"});
      if (points.size() != static_cast<std::size_t>(runs))
        std::abort(); // a product that neither matches nor was refused
    }
  });
}
