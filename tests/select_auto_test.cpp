// Auto mode: "split_point"/"micro_batches": "auto" are resolved by the named selector before the
// run, the scenario's echo records the chosen values and the selector; bad values name the path.
#include "run/run.hpp"
#include "select/aps.hpp"
#include "select/resolve_auto.hpp"
#include "support.hpp"

#include <catch2/catch.hpp>

using namespace pipar;

TEST_CASE("auto mode resolves P and N with the scenario's selector", "[select][auto]") {
  auto j = test::base_scenario(2);
  j["split"] = {{"split_point", "auto"}, {"micro_batches", "auto"}, {"selector", "aps"}};
  Scenario s = test::make(j);
  CHECK(s.split.auto_split_point);
  CHECK(s.split.auto_micro_batches);
  const select::SplitChoice aps = select::select_aps(s);
  REQUIRE(select::resolve_auto_split(s, {}, 1));
  CHECK(s.split.split_point == aps.common.P);
  CHECK(s.split.micro_batches == aps.common.N);
  CHECK(s.resolved["split"]["split_point"] == aps.common.P);
  CHECK(s.resolved["split"]["micro_batches"] == aps.common.N);
  CHECK(s.resolved["split"]["selector"] == "aps");
}

TEST_CASE("no split scheduler runs on an unresolved auto placeholder", "[select][auto]") {
  auto j = test::base_scenario(1);
  j["split"] = {{"split_point", "auto"}, {"micro_batches", "auto"}};
  Scenario s = test::make(j);
  CHECK(s.split.unresolved());
  CHECK_THROWS_WITH(run_scheduler(s, *find_scheduler("pipar"), {}), Catch::Contains("was not resolved"));
  CHECK(run_scheduler(s, *find_scheduler("fl"), {}).metrics.makespan_s > 0); // FL has no split
  REQUIRE(select::resolve_auto_split(s, {}, 1));
  CHECK_FALSE(s.split.unresolved());
  CHECK(run_scheduler(s, *find_scheduler("pipar"), {}).metrics.makespan_s > 0);
}

TEST_CASE("auto mode with one value fixed searches the other only", "[select][auto]") {
  auto j = test::base_scenario(1);
  j["split"] = {{"split_point", 3}, {"micro_batches", "auto"}, {"selector", "fleet"}};
  Scenario s = test::make(j);
  REQUIRE(select::resolve_auto_split(s, {}, 1));
  CHECK(s.split.split_point == 3);
  CHECK(s.split.micro_batches >= 1);

  auto fl_only = test::base_scenario(1);
  fl_only["split"] = {{"split_point", "auto"}};
  fl_only["schedulers"] = {"fl"};
  Scenario f = test::make(fl_only);
  CHECK_FALSE(select::resolve_auto_split(f, {}, 1)); // no scheduler uses the split: nothing to choose
}

TEST_CASE("auto mode: bad values name the JSON path", "[select][auto]") {
  auto j = test::base_scenario(1);
  j["split"] = {{"split_point", "best"}};
  CHECK_THROWS_WITH(test::make(j), Catch::Contains("/split/split_point"));
  j["split"] = {{"split_point", "auto"}, {"selector", "magic"}};
  CHECK_THROWS_WITH(test::make(j), Catch::Contains("/split/selector") && Catch::Contains("aps"));
  CHECK_THROWS_AS(test::make(j), InputError);
}

TEST_CASE("auto mode with aps falls back to APS's best feasible choice when its own does not fit",
          "[select][auto][memory]") {
  auto j = test::base_scenario(2);
  j["devices"]["uplink_mbps"] = 1; // slow uplinks: APS cuts deeper, where activations are small
  j["split"] = {{"split_point", "auto"}, {"micro_batches", "auto"}, {"selector", "aps"}};
  Scenario s = test::make(j);
  const select::SplitChoice paper = select::select_aps(s);
  // Cap memory just below what the paper's P needs, so that only shallower split points fit
  // (memory grows with P: more parameters and more stashed activations).
  REQUIRE(paper.common.P > 1);
  const double need = select::device_memory_bytes(s, paper.common.P, paper.common.N);
  for (auto& d : s.devices)
    d.memory_bytes = need - 1;
  CHECK_FALSE(select::choice_fits_memory(s, paper));
  const select::SplitChoice feasible = select::select_aps(s, {}, true);
  REQUIRE(feasible.estimate_s > 0);
  CHECK(feasible.common.P < paper.common.P);
  CHECK(select::choice_fits_memory(s, feasible));
  REQUIRE(select::resolve_auto_split(s, {}, 1));
  CHECK(s.split.split_point == feasible.common.P);
  CHECK(s.split.micro_batches == feasible.common.N);
  CHECK(s.resolved["split"]["auto"]["aps_infeasible_choice"] == paper.describe());
}
