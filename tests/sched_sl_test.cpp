// Vanilla split learning: devices take turns, so nothing overlaps and the makespan is a sum that
// this test writes down from the profile and the platform.
#include "eval/critical_path.hpp"
#include "metrics/metrics.hpp"
#include "replay/replay.hpp"
#include "sched/registry.hpp"
#include "support.hpp"

#include <catch2/catch.hpp>

using namespace pipar;

TEST_CASE("SL makespan equals its sequential closed form", "[sched][sl][closed-form]") {
  auto j = test::base_scenario(3);
  j["devices"]["samples"] = 250; // batches of 100, 100, 50
  j["training"]["epochs"] = 2;   // two rounds (aggregate_every = epoch): six turns
  j["split"] = {{"split_point", 2}, {"micro_batches", 4}}; // SL ignores N: one micro-batch per iteration
  const Scenario s = test::make(j);
  const Profile& p = s.profile;
  const double speed = 1e9, core = 2e10, up = 10e6 / 8, down = 25e6 / 8, lat = 5e-3;
  // Units 1..2 on the device, 3..4 on the server (synthetic profile: backward = 2 x forward).
  const double dev_fwd = 2e6 + 4e6, srv_fwd = 3e6 + 1e6, act = 4096, label = 8;
  const double dev_params = 1000 + 20000, srv_params = 300000 + 5000;
  REQUIRE(p.forward_flops(0, 2) == dev_fwd);
  auto iteration = [&](double b) {
    return b * dev_fwd / speed + (lat + b * (act + label) / up) + b * 3 * srv_fwd / core + (lat + b * act / down) +
           b * 2 * dev_fwd / speed + 4 * dev_params / speed;
  };
  // The server's optimizer step overlaps the gradient download; it is never on the critical path.
  REQUIRE(4 * srv_params / core < lat + 50 * act / down);
  const double turn = iteration(100) + iteration(100) + iteration(50);
  const double hand_up = lat + 4 * dev_params / up, hand_down = lat + 4 * dev_params / down;
  const int turns = 6;
  const double expected = turns * (turn + hand_up) + (turns - 1) * hand_down;

  const TaskGraph g = build_sl(s);
  CHECK(critical_path(g, CostModel(g, s)).makespan() == Approx(expected).epsilon(1e-12));
  const ReplayResult rep = replay_isolated(g, s, {});
  CHECK(rep.timeline.makespan() == Approx(expected).epsilon(1e-9));

  // A round is one cycle of turns: the first ends with the third hand-over upload.
  const Metrics m = compute_metrics(g, rep.timeline, s);
  REQUIRE(m.rounds.size() == 2);
  CHECK(m.rounds[0].end_s == Approx(3 * (turn + hand_up) + 2 * hand_down).epsilon(1e-9));
  CHECK(m.rounds[1].end_s == Approx(expected).epsilon(1e-9));
  CHECK(m.samples == 3 * 250 * 2);
  // One server-side model: the server computes one task at a time and is idle between them.
  CHECK(m.server_core_seconds == Approx(m.server_busy_s).epsilon(1e-9));
}

TEST_CASE("SL: one server lane, devices strictly one at a time", "[sched][sl]") {
  const Scenario s = test::make(test::base_scenario(3));
  const TaskGraph g = build_sl(s);
  int server_lanes = 0;
  for (const Lane& l : g.lanes())
    server_lanes += l.resource == Resource::Server;
  CHECK(server_lanes == 1);
  const Timeline cp = critical_path(g, CostModel(g, s));
  // Device compute intervals of different devices never overlap.
  std::vector<std::pair<double, double>> busy[3];
  for (TaskId t = 0; t < g.size(); ++t) {
    const Lane& l = g.lane(g.task(t).lane);
    if (l.resource == Resource::DeviceCpu)
      busy[l.device].emplace_back(cp.start[t], cp.end[t]);
  }
  for (int a = 0; a < 3; ++a)
    for (int b = a + 1; b < 3; ++b)
      for (const auto& x : busy[a])
        for (const auto& y : busy[b])
          CHECK((x.second <= y.first || y.second <= x.first));
}
