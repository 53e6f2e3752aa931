// The time average of a trace (platform/trace_mean.hpp) against hand-computed integrals.
#include "platform/trace_mean.hpp"

#include <catch2/catch.hpp>

using namespace pipar;

TEST_CASE("trace mean: nominal before the first point, steps after, periods repeated", "[platform][trace]") {
  Trace t;
  t.points = {{2, 10}, {5, 4}};
  // No period: [0,2) at 7, [2,5) at 10, [5,H) at 4.
  CHECK(trace_mean(t, 7, 10) == Approx((2 * 7 + 3 * 10 + 5 * 4) / 10.0));
  CHECK(trace_mean(t, 7, 1) == Approx(7));
  CHECK(trace_mean(t, 7, 0) == 7); // no horizon: nominal
  // Period 8: the first period is [0,2) 7, [2,5) 10, [5,8) 4; later ones start at the last value,
  // [0,2) 4, [2,5) 10, [5,8) 4. Over 20 s: 2 whole periods and 4 s of a third ([0,2) 4, [2,4) 10).
  t.period_s = 8;
  const double first = 2 * 7 + 3 * 10 + 3 * 4, later = 2 * 4 + 3 * 10 + 3 * 4, rest = 2 * 4 + 2 * 10;
  CHECK(trace_mean(t, 7, 20) == Approx((first + later + rest) / 20));
  CHECK(trace_mean(t, 7, 8) == Approx(first / 8));
  // A very long horizon costs nothing more and tends to the periodic mean.
  CHECK(trace_mean(t, 7, 8e9) == Approx(later / 8).epsilon(1e-6));
  CHECK(trace_mean(Trace{}, 3, 100) == 3);
}
