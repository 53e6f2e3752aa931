#include "platform/trace_mean.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace pipar {

namespace {

/// Integral over [0, end) of one window of the trace: `before` until the first point, then each
/// point's value until the next point (the last one until `end`).
double window_integral(const Trace& t, double before, double end) {
  double sum = 0, at = 0, value = before;
  for (const TracePoint& p : t.points) {
    if (p.time_s >= end)
      break;
    sum += value * (p.time_s - at);
    at = p.time_s;
    value = p.value;
  }
  return sum + value * (end - at);
}

} // namespace

double trace_mean(const Trace& t, double nominal, double horizon_s) {
  if (t.points.empty() || horizon_s <= 0)
    return nominal;
  if (t.period_s <= 0)
    return window_integral(t, nominal, horizon_s) / horizon_s;
  // The first period starts from the nominal value; later ones from the last point's value.
  const double P = t.period_s;
  if (horizon_s <= P)
    return window_integral(t, nominal, horizon_s) / horizon_s;
  const double last = t.points.back().value;
  const double periods = std::floor(horizon_s / P); // whole periods, the first included
  const double rest = horizon_s - periods * P;
  const double sum = window_integral(t, nominal, P) + (periods - 1) * window_integral(t, last, P) +
                     (rest > 0 ? window_integral(t, last, rest) : 0.0);
  return sum / horizon_s;
}

} // namespace pipar
