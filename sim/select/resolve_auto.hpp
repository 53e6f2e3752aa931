// Auto mode: "split": {"split_point": "auto", "micro_batches": "auto", "selector": "..."} (or either
// one alone) is resolved before any graph is built, with the named selector; the chosen values
// replace the placeholders in the Scenario and in Scenario::resolved (so summary.json records
// them, the selector and, for a per-device choice, every device's (P, N)).
#pragma once
#include "replay/replay.hpp"

namespace pipar::select {

/// No-op unless the split is auto and a scheduler of the scenario uses the split. `jobs` as in
/// SelectContext (0 = the machine's cores). Returns true if it chose.
bool resolve_auto_split(Scenario& s, const ReplayOptions& opt, int jobs = 0);

/// After resolve_auto_split chose: `split "auto": P = p, N = n chosen by <selector>`, the line `run`
/// and `check` print.
std::string auto_split_note(const Scenario& s);

} // namespace pipar::select
