// The stop rule of the fleet selector's verification (select/verify.hpp), against hand-worked
// sequences, and on a real fleet where the bound proves the optimum before the budget runs out.
#include "select/fleet_estimate.hpp"
#include "select/registry.hpp"
#include "select/simulate_pool.hpp"
#include "select/verify.hpp"
#include "support.hpp"

#include <catch2/catch.hpp>

using namespace pipar;
using namespace pipar::select;

namespace {

/// A simulator of fixed makespans that counts what it was asked for.
struct Fixed {
  std::vector<double> truth;
  int calls = 0;
  std::vector<double> operator()(size_t first, size_t count) {
    ++calls;
    return {truth.begin() + static_cast<long>(first), truth.begin() + static_cast<long>(first + count)};
  }
};

} // namespace

TEST_CASE("verify: an exact estimate is proven after the first batch", "[select][verify]") {
  Fixed f{{10, 11, 12, 13, 14}};
  const Verified v = verify_in_order({10, 11, 12, 13, 14}, 1, 8, 1, std::ref(f));
  CHECK(v.best == 0);
  CHECK(v.simulations == 1); // 10 <= 11 x (1 - 0)
  CHECK(v.proven);
}

TEST_CASE("verify: simulations go on while the best is above the next bound", "[select][verify]") {
  const std::vector<double> est{10, 11, 12, 20};
  // Candidate 0 simulates at 9 (10% over-estimated): the next bound is 11 x 0.9 = 9.9 >= 9.
  {
    Fixed f{{9, 10.5, 11, 19}};
    const Verified v = verify_in_order(est, 1, 8, 1, std::ref(f));
    CHECK(v.best == 0);
    CHECK(v.simulations == 1);
    CHECK(v.proven);
  }
  // Candidate 0 is under-estimated (11.5 > the next estimate 11): go on. Candidate 1 simulates at
  // 9, an over-estimate of 2/11, so the bound of candidate 2 is 12 x 9/11 = 9.82 >= 9: proven.
  {
    Fixed f{{11.5, 9, 13, 19}};
    const Verified v = verify_in_order(est, 1, 8, 1, std::ref(f));
    CHECK(v.best == 1);
    CHECK(v.simulations == 2);
    CHECK(v.proven);
  }
  // Every simulation above the next estimate: all four run, the last is the best.
  {
    Fixed f{{21, 22, 23, 19.5}};
    const Verified v = verify_in_order(est, 1, 8, 1, std::ref(f));
    CHECK(v.best == 3);
    CHECK(v.simulations == 4);
    CHECK(v.proven); // every candidate simulated
  }
}

TEST_CASE("verify: no stop before the minimum", "[select][verify]") {
  Fixed f{{10, 11, 12, 13, 14}};
  const Verified v = verify_in_order({10, 11, 12, 13, 14}, 3, 8, 2, std::ref(f));
  CHECK(v.simulations == 4); // two batches of 2: the bound held after the first, the minimum did not
  CHECK(v.best == 0);
  CHECK(v.proven);
}

TEST_CASE("verify: the budget stops an unproven search; batches are fixed", "[select][verify]") {
  Fixed f{{21, 22, 23, 19.5, 3}};
  const Verified v = verify_in_order({10, 11, 12, 20, 30}, 1, 3, 2, std::ref(f));
  CHECK(v.simulations == 3); // a batch of 2, then the 1 left in the budget
  CHECK(f.calls == 2);
  CHECK(v.best == 0);
  CHECK_FALSE(v.proven);
}

TEST_CASE("fleet proves its choice on a heterogeneous fleet before the budget", "[select][verify][fleet]") {
  auto j = test::base_scenario(4);
  Scenario s = test::make(j);
  s.devices[2].speed = s.devices[3].speed = 5e8; // two slower devices: the estimate is approximate
  const SelectContext ctx{s, {}, 2, {}, 40};
  const SplitChoice f = run_fleet(ctx);
  INFO(f.describe() << ", " << f.simulations << " simulations");
  CHECK(f.proven);
  CHECK(f.simulations < static_cast<int>(feasible_candidates(s).size()));
  // Proven means no candidate beats it: check against every common (P, N), simulated.
  std::vector<SplitChoice> all;
  for (const SplitPN& pn : feasible_candidates(s)) {
    SplitChoice c;
    c.common = pn;
    all.push_back(c);
  }
  const std::vector<double> grid = simulate_makespans(s, all, {}, 2);
  const double chosen = simulate_makespans(s, {f}, {}, 1).front();
  for (double m : grid)
    CHECK(chosen <= m * (1 + 1e-9));
}
