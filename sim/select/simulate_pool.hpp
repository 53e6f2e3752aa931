// Simulating many (P, N) choices with the SimGrid replay, in parallel: SimGrid allows one Engine
// per process, so each choice is built and replayed in its own forked child (run/process_pool.hpp;
// at most `jobs` at once, 0 = the machine's cores) that sends its makespan back over a pipe.
// Results come back in the order of `choices`, whatever the order in which the children finish.
#pragma once
#include "replay/replay.hpp"
#include "select/choice.hpp"

#include <vector>

namespace pipar::select {

/// Simulated makespan (s) of PiPar on `s` with each choice applied.
std::vector<double> simulate_makespans(const Scenario& s, const std::vector<SplitChoice>& choices,
                                       const ReplayOptions& opt, int jobs);

} // namespace pipar::select
