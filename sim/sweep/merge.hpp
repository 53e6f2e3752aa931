// `pipar-sim merge`: per-job runs.csv files (from --emit-jobs runs, or several sweeps) into one.
#pragma once
#include <string>
#include <vector>

namespace pipar::sweep {

/// Each input is a CSV file, or a folder holding runs.csv. Returns the first file's header followed
/// by every file's rows, in the order given. Throws InputError naming a missing or empty file, or
/// the first file whose header differs from the first input's.
std::string merge_runs(const std::vector<std::string>& inputs);

} // namespace pipar::sweep
