// The floor repeated runs put under a prediction (sim/validate/repeats.hpp): the closed form
// (max - min) / (max + min) against a brute-force search over predictions, and the grouping of runs
// into configurations.
#include "validate/repeats.hpp"
#include "validate_runs.hpp"

#include <algorithm>
#include <catch2/catch.hpp>
#include <cmath>

using namespace pipar::validate;

namespace {
/// The worst relative error of prediction x against every measurement.
double worst_error(double x, const std::vector<double>& measured) {
  double w = 0;
  for (double m : measured)
    w = std::max(w, std::abs(x / m - 1));
  return w;
}

RunComparison repeat_run(const std::string& setting, const std::string& mode, int P, int N, double measured,
                         double simulated, double server_busy = 1) {
  RunComparison r = pipar::test::comparison(setting, mode, P, N, measured, simulated);
  r.server_busy_measured = server_busy;
  r.server_busy_simulated = server_busy;
  r.device_busy_measured = r.device_busy_simulated = 2;
  return r;
}
} // namespace

TEST_CASE("the floor under one prediction: closed form against a search over predictions", "[validate][repeats]") {
  for (const std::vector<double>& m : {std::vector<double>{9, 10, 11}, std::vector<double>{3.497659, 3.943392, 3.6},
                                       std::vector<double>{1, 1.5}, std::vector<double>{6.0, 6.0}}) {
    const double floor = prediction_floor(m);
    const double lo = *std::min_element(m.begin(), m.end()), hi = *std::max_element(m.begin(), m.end());
    double best = 1e300;
    for (int i = 0; i <= 200000; ++i) // every prediction from lo to hi in 200,000 steps
      best = std::min(best, worst_error(lo + (hi - lo) * i / 200000.0, m));
    CHECK(floor == Approx(best).margin(1e-9));
    CHECK(worst_error(2 * lo * hi / (lo + hi), m) == Approx(floor).margin(1e-12)); // where it is reached
    CHECK(worst_error(lo, m) >= floor);                                            // and nowhere lower
    CHECK(worst_error(hi, m) >= floor);
  }
  CHECK(prediction_floor({9, 10, 11}) == Approx(0.1));
  CHECK(prediction_floor({5}) == 0);
  CHECK(prediction_floor({}) == 0);
  CHECK(prediction_floor({0, 0}) == 0);
}

TEST_CASE("repeat_spreads groups runs by setting and configuration, once-measured ones left out",
          "[validate][repeats]") {
  const std::vector<RunComparison> runs{
      repeat_run("fast", "pipar", 2, 4, 8.0, 9.0, 0.5), repeat_run("fast", "fl", 0, 1, 10.0, 9.0),
      repeat_run("fast", "pipar", 2, 4, 10.0, 9.0, 0.7), // repeat of the first
      repeat_run("slow", "pipar", 2, 4, 12.0, 12.0),     // the same configuration in another setting: measured once
      repeat_run("fast", "pipar", 2, 8, 7.0, 7.0),       // another N: its own configuration, measured once
      repeat_run("fast", "pipar", 2, 4, 9.0, 9.0, 0.6)};
  const auto s = repeat_spreads(runs);
  REQUIRE(s.size() == 1);
  CHECK(s[0].setting == "fast");
  CHECK(s[0].configuration == "pipar P=2 N=4");
  CHECK(s[0].runs == 3);
  CHECK(s[0].makespan.min == 8.0);
  CHECK(s[0].makespan.max == 10.0);
  CHECK(s[0].makespan.mean == Approx(9.0));
  CHECK(s[0].makespan.floor == Approx(2.0 / 18));
  CHECK(s[0].makespan.worst_error == Approx(0.125)); // 9 against 8
  CHECK(s[0].makespan.worst_error >= s[0].makespan.floor);
  CHECK(s[0].server_busy.floor == Approx(0.2 / 1.2));
  CHECK(s[0].server_busy.worst_error == 0);
  CHECK(s[0].device_busy.floor == 0);
}
