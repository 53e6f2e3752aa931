// FL's training time in closed form, computed here from the profile and the platform.
#include "eval/critical_path.hpp"
#include "replay/replay.hpp"
#include "sched/registry.hpp"
#include "support.hpp"

#include <catch2/catch.hpp>

using namespace pipar;

TEST_CASE("FL makespan equals its closed form", "[fl][closed-form]") {
  auto j = test::base_scenario(4);
  j["devices"]["samples"] = 250; // batches of 100, 100, 50: the last one is partial
  j["training"]["epochs"] = 2;
  const Scenario s = test::make(j);
  const Profile& p = s.profile;
  const int L = p.split_units();
  const double speed = 1e9, up = 10e6 / 8, down = 25e6 / 8, lat = 5e-3;
  const double params = static_cast<double>(p.parameters());
  const double per_sample = (p.forward_flops(0, L) + p.backward_flops(0, L)) / speed;
  const double step = 4 * params / speed;
  const double local = 250 * per_sample + 3 * step;
  const double model_bytes = 4 * params;
  const double aggregate = 4 * params * 1 / 2e10; // 4 devices x params x 1 flop, one server core
  const double round = local + (lat + model_bytes / up) + aggregate + (lat + model_bytes / down);
  const double expected = 2 * round;

  const TaskGraph g = build_fl(s);
  CHECK(critical_path(g, CostModel(g, s)).makespan() == Approx(expected).epsilon(1e-12));
  // Four devices on their own links and one aggregation: nothing is shared, the replay agrees too.
  CHECK(replay_isolated(g, s, {}).timeline.makespan() == Approx(expected).epsilon(1e-9));
}
