// A sweep's grid: axes given as `key.path=values` (lists and ranges), expanded into the cartesian
// product of grid points. A point is one assignment of every axis plus one scheduler; it is one run
// and one row of the sweep's runs.csv, identified by its id (see point_id()).
#pragma once
#include <cstddef>
#include <string>
#include <vector>

namespace pipar::sweep {

/// One --grid axis: a scenario key path (as --set takes it) and its values, as text for --set.
struct GridAxis {
  std::string key;
  std::vector<std::string> values;
};

/// One run of a sweep: a value for every axis (in axis order) and a scheduler.
struct GridPoint {
  std::vector<std::string> values; ///< values[i] belongs to axes[i]
  std::string scheduler;
};

/// Values of one axis: comma-separated items, each a literal (`5`, `0.5`, `vgg5`) or a range:
/// `A:B:xF` geometric (A, A*F, ... up to B; F > 1) or `A:B:+S` arithmetic (A, A+S, ... up to B;
/// S > 0). B is included when the sequence reaches it (to 1e-9 relative). Throws InputError.
std::vector<std::string> parse_values(const std::string& spec);

/// `key.path=values` -> GridAxis. Throws InputError on a missing '=', an empty key or bad values.
GridAxis parse_axis(const std::string& assignment);

/// A sweep may have at most this many runs (grid points x schedulers); expand() refuses more.
constexpr size_t max_sweep_runs = 1000000;

/// The cartesian product in a fixed order: the first axis varies slowest, the last axis faster,
/// the scheduler fastest (for each assignment, every scheduler in the order given).
std::vector<GridPoint> expand(const std::vector<GridAxis>& axes, const std::vector<std::string>& schedulers);

/// The `--set` overrides of a point: `key=value` for each axis, in axis order.
std::vector<std::string> point_sets(const std::vector<GridAxis>& axes, const GridPoint& p);

/// A point's identity, stored in the `point` column: `k1=v1;k2=v2;scheduler=name`.
std::string point_id(const std::vector<GridAxis>& axes, const GridPoint& p);

/// Number formatting of generated range values: shortest of %.10g.
std::string format_number(double v);

} // namespace pipar::sweep
