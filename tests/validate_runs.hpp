// A RunComparison for validate's tests: a configuration of a setting with its measured and
// simulated makespans (the other figures 0 unless a test sets them).
#pragma once
#include "validate/realrun.hpp"

#include <string>

namespace pipar::test {

inline validate::RunComparison comparison(const std::string& setting, const std::string& mode, int P, int N,
                                          double measured, double simulated) {
  validate::RunComparison r;
  r.setting = setting;
  r.mode = mode;
  r.P = P;
  r.N = N;
  r.makespan_measured = measured;
  r.makespan_simulated = simulated;
  return r;
}

} // namespace pipar::test
