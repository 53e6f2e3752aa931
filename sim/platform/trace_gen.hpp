// Synthetic traces for changing bandwidth or speed, reproducible from a seed.
//  - step: the levels in turn, each held `interval_s` seconds (no randomness);
//  - random-walk: starts at `start`, each interval moves by a uniform step in
//    [-max_change, +max_change], reflected into [min, max].
// Randomness: std::mt19937_64 seeded with `seed`; a uniform in [0, 1) is made here from the top
// 53 bits of one draw, so the same seed gives the same trace on every platform and library.
#pragma once
#include "platform/trace.hpp"

#include <cstdint>
#include <string>
#include <vector>

namespace pipar {

struct TraceGenOptions {
  std::string kind = "random-walk"; ///< "random-walk" or "step"
  double duration_s = 600;          ///< points at 0, interval, 2 interval, ... < duration
  double interval_s = 10;
  double start = 10;                ///< random-walk: first value
  double max_change = 2;            ///< random-walk: largest change per interval
  double min = 1, max = 20;         ///< random-walk: bounds
  std::vector<double> levels;       ///< step: values in turn
  std::uint64_t seed = 1;
};

/// Throws InputError("trace-gen", "--option", ...) on invalid options.
std::vector<TracePoint> generate_trace(const TraceGenOptions& o);
/// "time_s,value" header, then one line per point (%.10g).
std::string trace_csv(const std::vector<TracePoint>& points);

} // namespace pipar
