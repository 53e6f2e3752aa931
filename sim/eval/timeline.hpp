// What an evaluator produces: when each task of a TaskGraph started and ended (seconds).
#pragma once
#include <algorithm>
#include <vector>

namespace pipar {

struct Timeline {
  std::vector<double> start, end;
  /// Fraction of each task's work that ran: empty when every task ran whole (no dropouts,
  /// eval/dropouts.hpp); 0 for a cancelled task, in (0, 1) for one cut short.
  std::vector<double> done;
  double done_fraction(size_t t) const { return done.empty() ? 1.0 : done[t]; }
  double makespan() const { return end.empty() ? 0.0 : *std::max_element(end.begin(), end.end()); }
};

} // namespace pipar
