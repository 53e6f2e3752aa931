// The time average of a trace over [0, horizon): what a resource delivers on average over a run of
// that length (bytes over a busy link, work on a busy host). Used by the selectors' estimate, which
// has no notion of time-varying resources; the SimGrid replay follows the trace itself.
#pragma once
#include "platform/trace.hpp"

namespace pipar {

/// Mean of the trace's value over [0, horizon_s), `nominal` before its first point (trace.hpp's
/// rule), periods repeated when period_s > 0. O(points), whatever the horizon. horizon_s <= 0 or an
/// empty trace: `nominal`.
double trace_mean(const Trace& t, double nominal, double horizon_s);

} // namespace pipar
