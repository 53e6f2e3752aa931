// Metric definitions checked against independent derivations, for every scheduler.
#include "metrics/metrics.hpp"
#include "replay/replay.hpp"
#include "sched/registry.hpp"
#include "support.hpp"

#include <catch2/catch.hpp>

using namespace pipar;

TEST_CASE("FL: server idle time = makespan - aggregation work", "[metrics][fl]") {
  auto j = test::base_scenario(3);
  j["training"]["aggregate_every"] = 2; // 3 iterations: two rounds, two aggregations
  const Scenario s = test::make(j);
  const TaskGraph g = build_fl(s);
  const Metrics m = compute_metrics(g, replay_isolated(g, s, {}).timeline, s);
  const double params = 1000 + 20000 + 300000 + 5000;
  const double aggregation = 2 * (1 * params * 3) / 2e10; // rounds x (flop/param x params x devices) / core speed
  CHECK(m.server_idle_s == Approx(m.makespan_s - aggregation).epsilon(1e-12));
  CHECK(m.server_busy_s == Approx(aggregation).epsilon(1e-9));
}

TEST_CASE("every scheduler: busy + idle = makespan for every resource; rounds tile the run", "[metrics]") {
  auto j = test::base_scenario(3);
  j["server"]["cores"] = 1;
  j["training"]["aggregate_every"] = 2;
  const Scenario s = test::make(j);
  for (const auto& e : scheduler_registry()) {
    INFO(e.name);
    const TaskGraph g = e.build(s);
    const Metrics m = compute_metrics(g, replay_isolated(g, s, {}).timeline, s);
    for (const auto& r : m.resources) {
      INFO(r.name);
      CHECK(r.busy_s >= 0);
      CHECK(r.idle_s >= -1e-9 * m.makespan_s);
      CHECK(r.busy_s + r.idle_s == Approx(m.makespan_s).epsilon(1e-12));
    }
    CHECK(m.server_utilisation >= 0);
    CHECK(m.server_utilisation <= 1 + 1e-12);
    CHECK(m.samples == 3 * 300);
    REQUIRE(m.rounds.size() == 2); // 3 iterations, a round every 2
    CHECK(m.rounds[0].start_s == 0);
    CHECK(m.rounds[1].start_s == m.rounds[0].end_s);
    CHECK(m.rounds[0].end_s > 0);
    CHECK(m.rounds[1].end_s > m.rounds[0].end_s);
    CHECK(m.rounds[1].end_s <= m.makespan_s);
  }
}

TEST_CASE("FL rounds: each round lasts its local training plus the model round trip", "[metrics][fl]") {
  auto j = test::base_scenario(2);
  j["training"]["aggregate_every"] = 2; // rounds of 2 and 1 iterations of 100 samples
  const Scenario s = test::make(j);
  const TaskGraph g = build_fl(s);
  const Metrics m = compute_metrics(g, replay_isolated(g, s, {}).timeline, s);
  const double params = 326000, speed = 1e9, lat = 5e-3;
  const double per_sample = 3 * (2e6 + 4e6 + 3e6 + 1e6) / speed, step = 4 * params / speed;
  const double trip = (lat + 4 * params / (10e6 / 8)) + 2 * params / 2e10 + (lat + 4 * params / (25e6 / 8));
  REQUIRE(m.rounds.size() == 2);
  CHECK(m.rounds[0].end_s - m.rounds[0].start_s == Approx(200 * per_sample + 2 * step + trip).epsilon(1e-9));
  CHECK(m.rounds[1].end_s - m.rounds[1].start_s == Approx(100 * per_sample + step + trip).epsilon(1e-9));
  CHECK(m.rounds[1].end_s == Approx(m.makespan_s).epsilon(1e-12));
}
