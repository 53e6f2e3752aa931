// `pipar-sim merge`: per-job runs.csv files (from --emit-jobs runs, or several sweeps) into one.
#pragma once
#include <string>
#include <vector>

namespace pipar::sweep {

/// Each input is a CSV file, or a folder holding runs.csv. Returns the first file's header followed
/// by every file's rows, in the order given. Throws InputError naming a missing or empty file, the
/// first file whose header differs from the first input's, a row whose field count differs from the
/// header's, or a repeated row: a repeated point (first column) for a sweep's files, a repeated
/// whole row otherwise.
std::string merge_runs(const std::vector<std::string>& inputs);

} // namespace pipar::sweep
