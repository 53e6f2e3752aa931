// What an evaluator produces: when each task of a TaskGraph started and ended (seconds).
#pragma once
#include <algorithm>
#include <vector>

namespace pipar {

struct Timeline {
  std::vector<double> start, end;
  double makespan() const { return end.empty() ? 0.0 : *std::max_element(end.begin(), end.end()); }
};

} // namespace pipar
