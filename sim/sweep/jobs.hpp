// --emit-jobs: one self-contained shell command per grid point, a `pipar-sim run` that writes the
// point's results to its own folder, for GNU parallel or a Slurm job array (scripts/sweep.slurm).
// The grid's assignments go as `--grid-point key=value`, so each job's runs.csv carries the sweep's
// `point` and `grid.*` columns and `merge` of the jobs equals the local sweep's runs.csv.
#pragma once
#include "sweep/grid.hpp"

#include <string>
#include <vector>

namespace pipar::sweep {

/// Quotes `s` for a POSIX shell (unchanged when it holds only safe characters).
std::string shell_quote(const std::string& s);

/// The folder of point `index` (0-based) of `total`: `p` + 1-based number, zero-padded (p01 .. p70),
/// so line k of the jobs file writes to p<k>.
std::string point_folder(size_t index, size_t total);

struct JobContext {
  std::string binary;              ///< absolute path of pipar-sim
  std::string scenario;            ///< absolute path of the scenario file
  std::vector<std::string> sets;   ///< fixed --set overrides, before the grid's
  std::vector<std::string> extra;  ///< further `run` arguments (e.g. --network-model realistic)
  std::string out;                 ///< absolute sweep folder; points go to OUT/points/pNN
};

/// A --set assignment as a job run from any folder needs it: a value of a key that names a file
/// (profile, platform, device_classes, networks, trace, *_trace) that is a relative path to a file
/// found from the working directory becomes that file's absolute path; anything else is unchanged.
std::string self_contained_set(const std::string& assignment);

/// Refuses (InputError naming --emit-jobs and --out) a jobs file where the jobs or their merge
/// write: the --out folder itself or a folder above it, OUT/points or anything in it, OUT/runs.csv.
/// Paths are compared absolute, with symbolic links of the parts that exist resolved.
void check_jobs_file(const std::string& jobs_file, const std::string& out);

/// One line (with '\n') per point, in grid order.
std::string job_lines(const JobContext& ctx, const std::vector<GridAxis>& axes, const std::vector<GridPoint>& points);

} // namespace pipar::sweep
