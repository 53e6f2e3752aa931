// validate's ranking of configurations (sim/validate/ranking.hpp): Kendall's tau-b in closed forms,
// repeats averaged, the simulation's pick and its measured regret, FL against the best PiPar.
#include "validate/ranking.hpp"
#include "validate_runs.hpp"

#include <catch2/catch.hpp>
#include <cmath>

using namespace pipar::validate;

TEST_CASE("Kendall's tau-b: closed forms", "[validate][ranking]") {
  CHECK(kendall_tau_b({1, 2, 3, 4}, {10, 20, 30, 40}) == Approx(1.0));
  CHECK(kendall_tau_b({1, 2, 3, 4}, {4, 3, 2, 1}) == Approx(-1.0));
  CHECK(kendall_tau_b({1, 2, 3}, {1, 3, 2}) == Approx(1.0 / 3)); // 2 concordant, 1 discordant of 3 pairs
  // One tie in b, (1,2,3,4) vs (1,2,2,4): 6 pairs, 5 concordant, none discordant, 1 tied in b.
  CHECK(kendall_tau_b({1, 2, 3, 4}, {1, 2, 2, 4}) == Approx(5.0 / std::sqrt(6.0 * 5.0)));
  CHECK(std::isnan(kendall_tau_b({1}, {1})));
  CHECK(std::isnan(kendall_tau_b({1, 1}, {1, 2})));
}

namespace {
const auto run = pipar::test::comparison;
} // namespace

TEST_CASE("validate ranks each setting's configurations: repeats averaged, the pick's measured regret",
          "[validate][ranking]") {
  const std::vector<RunComparison> runs{
      run("fast", "fl", 0, 1, 10.0, 9.0),     run("fast", "pipar", 2, 4, 8.0, 9.5),
      run("fast", "pipar", 2, 4, 9.0, 9.5),   // repeat: measured 8.5 on average
      run("fast", "pipar", 1, 2, 12.0, 11.0), run("slow", "sfl", 2, 1, 20.0, 19.0),
      run("slow", "pipar", 3, 8, 15.0, 16.0)};
  const auto r = rank_settings(runs);
  REQUIRE(r.size() == 2);
  CHECK(r[0].setting == "fast");
  CHECK(r[0].configurations == 3);
  CHECK(r[0].best_measured == "pipar P=2 N=4");
  CHECK(r[0].best_measured_s == Approx(8.5));
  CHECK(r[0].picked == "fl"); // simulated 9.0 < 9.5
  CHECK(r[0].regret == Approx(10.0 / 8.5 - 1));
  // Measured order: pipar P=2 (8.5) < fl (10) < pipar P=1 (12); simulated: fl < pipar P=2 < pipar P=1.
  CHECK(r[0].kendall_tau == Approx(1.0 / 3));
  CHECK(r[0].faster_measured == "pipar");
  CHECK(r[0].faster_simulated == "fl");
  CHECK(r[1].configurations == 2);
  CHECK(r[1].picked == "pipar P=3 N=8");
  CHECK(r[1].regret == Approx(0.0));
  CHECK(r[1].faster_measured.empty()); // no FL run in this setting
}
