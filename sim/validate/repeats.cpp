#include "validate/repeats.hpp"

#include "validate/ranking.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace pipar::validate {

double prediction_floor(const std::vector<double>& measured) {
  if (measured.size() < 2)
    return 0;
  const auto [lo, hi] = std::minmax_element(measured.begin(), measured.end());
  return *hi + *lo > 0 ? (*hi - *lo) / (*hi + *lo) : 0;
}

namespace {

/// The spread of measured(r) over `group`, and the simulation's worst error against it.
template <class Measured, class Simulated>
Spread spread_of(const std::vector<const RunComparison*>& group, Measured measured, Simulated simulated) {
  Spread s;
  std::vector<double> v;
  for (const RunComparison* r : group) {
    const double m = measured(*r);
    v.push_back(m);
    if (m > 0)
      s.worst_error = std::max(s.worst_error, std::abs(simulated(*r) / m - 1));
  }
  const auto [lo, hi] = std::minmax_element(v.begin(), v.end());
  s.min = *lo;
  s.max = *hi;
  s.mean = std::accumulate(v.begin(), v.end(), 0.0) / static_cast<double>(v.size());
  s.floor = prediction_floor(v);
  return s;
}

} // namespace

std::vector<RepeatSpread> repeat_spreads(const std::vector<RunComparison>& runs) {
  std::vector<RepeatSpread> out;
  for (const auto& g : group_configurations(runs)) {
    if (g.size() < 2)
      continue;
    RepeatSpread s;
    s.setting = g.front()->setting;
    s.configuration = configuration_label(*g.front());
    s.runs = g.size();
    s.makespan = spread_of(g, [](const RunComparison& r) { return r.makespan_measured; },
                           [](const RunComparison& r) { return r.makespan_simulated; });
    s.server_busy = spread_of(g, [](const RunComparison& r) { return r.server_busy_measured; },
                              [](const RunComparison& r) { return r.server_busy_simulated; });
    s.device_busy = spread_of(g, [](const RunComparison& r) { return r.device_busy_measured; },
                              [](const RunComparison& r) { return r.device_busy_simulated; });
    out.push_back(s);
  }
  return out;
}

} // namespace pipar::validate
