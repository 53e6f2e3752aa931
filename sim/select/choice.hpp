// What a parameter selector decides: the split point P and the micro-batch count N, for the whole
// fleet or per device, and the scenario that a choice turns into.
#pragma once
#include "scenario/scenario.hpp"

#include <string>
#include <vector>

namespace pipar::select {

/// (P, N) of one device.
struct SplitPN {
  int P = 1;
  int N = 1;
  bool operator==(const SplitPN& o) const { return P == o.P && N == o.N; }
};

/// A selector's answer: one (P, N) for every device (`per_device` empty), or one per device.
struct SplitChoice {
  SplitPN common;
  std::vector<SplitPN> per_device; ///< empty: every device uses `common`
  double estimate_s = -1;          ///< the selector's own estimate (seconds), -1 if it has none
  int simulations = 0;             ///< SimGrid replays the selector ran
  bool proven = false;             ///< the selector showed its choice is the best it considered (select/verify.hpp)
  bool is_common() const { return per_device.empty(); }
  SplitPN of(size_t device) const { return per_device.empty() ? common : per_device[device]; }
  /// Every device has the same (P, N) (true for a common choice).
  bool uniform() const;
  /// A per-device choice that gives every device the same (P, N) becomes that common choice.
  void collapse_uniform();
  std::string describe() const; ///< "P=2 N=10" or "per device: P=2 N=10 x3, P=1 N=5 x1"
};

/// The scenario with the choice applied (split.split_point/micro_batches and, for a per-device
/// choice, every DeviceSpec's split_point/micro_batches).
Scenario apply_choice(const Scenario& s, const SplitChoice& c);

} // namespace pipar::select
