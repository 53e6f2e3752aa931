// The selector registry: one table that names, describes and runs every parameter selector
// (`--selector help` lists it). A selector reads the scenario and returns a SplitChoice; those that
// simulate do it through simulate_pool (forked children), never in the calling process.
#pragma once
#include "replay/replay.hpp"
#include "select/candidates.hpp"

#include <string>
#include <vector>

namespace pipar::select {

/// Default budget of simulations for `fleet`'s verification (select/verify.hpp).
constexpr int kDefaultMaxSimulations = 8;

struct SelectContext {
  const Scenario& scenario;
  ReplayOptions replay;
  int jobs = 0;           ///< parallel simulations (0 = the machine's cores)
  Constraints constraints;
  int max_simulations = kDefaultMaxSimulations; ///< budget of the `fleet` selector's verification
};

struct SelectorEntry {
  const char* name;
  const char* description;
  SplitChoice (*select)(const SelectContext&);
};

const std::vector<SelectorEntry>& selector_registry();
const SelectorEntry* find_selector(const std::string& name);
std::string selector_names(); ///< "aps, fleet, exhaustive"

/// Every feasible (P, N) simulated (P-major, N ascending).
struct Grid {
  std::vector<SplitPN> candidates;
  std::vector<double> makespans;
  size_t best() const; ///< index of the least makespan (ties to the first)
};
Grid simulate_grid(const SelectContext& ctx);

// One function per selector file.
SplitChoice run_aps(const SelectContext& ctx);
SplitChoice run_fleet(const SelectContext& ctx);
SplitChoice run_exhaustive(const SelectContext& ctx);

} // namespace pipar::select
