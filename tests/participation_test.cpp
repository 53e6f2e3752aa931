// Client sampling (sched/participation.hpp): how many devices take part, which, and that every
// scheduler trains, uploads and averages only those.
#include "eval/critical_path.hpp"
#include "metrics/metrics.hpp"
#include "sched/participation.hpp"
#include "sched/plan.hpp"
#include "sched/registry.hpp"
#include "support.hpp"

#include <catch2/catch.hpp>

using namespace pipar;

namespace {

/// Devices that run a forward pass in round r, read from the graph (rounds: aggregation_every = 1,
/// one iteration per device per round, so a forward's iteration is its round).
std::vector<std::vector<int>> trained(const TaskGraph& g, int rounds, size_t devices) {
  std::vector<std::vector<int>> out(static_cast<size_t>(rounds), std::vector<int>(devices, 0));
  for (TaskId t = 0; t < g.size(); ++t) {
    const Task& task = g.task(t);
    const Lane& lane = g.lane(task.lane);
    if (lane.resource == Resource::DeviceCpu && task.op == Op::Forward)
      out[task.iteration][static_cast<size_t>(lane.device)] = 1;
  }
  return out;
}

size_t count_ops(const TaskGraph& g, Op op) {
  size_t k = 0;
  for (const Task& t : g.tasks())
    k += t.op == op;
  return k;
}

nlohmann::json sampled(int devices, const nlohmann::json& training) {
  auto j = test::base_scenario(devices);
  j["devices"]["samples"] = 600; // 6 iterations of 100
  j["training"]["aggregate_every"] = 1;
  for (const auto& item : training.items())
    j["training"][item.key()] = item.value();
  return j;
}

} // namespace

TEST_CASE("sampling: a fraction or a count of the devices per round, the same for a seed", "[sampling]") {
  const Scenario s = test::make(sampled(10, {{"client_fraction", 0.3}}));
  CHECK(participants_per_round(s) == 3);
  const Participation p = sample_participants(s, 6);
  for (const auto& round : p)
    CHECK(std::count(round.begin(), round.end(), 1) == 3);
  CHECK(sample_participants(s, 6) == p); // same seed, same draw
  auto j = sampled(10, {{"client_fraction", 0.3}});
  j["seed"] = 2;
  CHECK(sample_participants(test::make(j), 6) != p);
  CHECK(participants_per_round(test::make(sampled(10, {{"clients_per_round", 4}}))) == 4);
  CHECK(participants_per_round(test::make(sampled(10, {{"client_fraction", 0.01}}))) == 1);
  CHECK_THROWS_AS(test::make(sampled(10, {{"clients_per_round", 11}})), InputError);
  CHECK_THROWS_AS(test::make(sampled(10, {{"client_fraction", 0.5}, {"clients_per_round", 2}})), InputError);
}

TEST_CASE("sampling by samples favours the devices with more data", "[sampling]") {
  auto j = sampled(4, {{"clients_per_round", 1}, {"client_selection", "by_samples"}});
  j["training"]["aggregate_every"] = 1;
  j["platform"] = {{"server", j["server"]},
                   {"fleet", {{{"count", 3}, {"speed_flops", 1e9}, {"uplink_mbps", 10}, {"downlink_mbps", 25},
                               {"samples", 100}},
                              {{"count", 1}, {"speed_flops", 1e9}, {"uplink_mbps", 10}, {"downlink_mbps", 25},
                               {"samples", 2700}}}}};
  j.erase("devices");
  j.erase("server");
  const Scenario s = test::make(j);
  const int rounds = 200;
  const Participation p = sample_participants(s, rounds);
  int big = 0;
  for (const auto& round : p)
    big += round[3];
  // Weight 2700 of 3000: expected 180 of 200 rounds (binomial sd 4.2); uniform would give 50.
  CHECK(big > 160);
  CHECK(big < 200);
}

TEST_CASE("sampling: every scheduler trains and averages only the round's participants", "[sampling]") {
  const Scenario s = test::make(sampled(5, {{"clients_per_round", 2}}));
  const TrainingPlan plan = make_training_plan(s);
  REQUIRE(plan.rounds == 6);
  const Participation p = sample_participants(s, plan.rounds);
  for (const auto& e : scheduler_registry()) {
    INFO(e.name);
    const TaskGraph g = e.build(s);
    const auto t = trained(g, plan.rounds, 5);
    for (int r = 0; r < plan.rounds; ++r)
      for (size_t d = 0; d < 5; ++d)
        CHECK(t[static_cast<size_t>(r)][d] == p[static_cast<size_t>(r)][d]);
    CHECK(count_ops(g, Op::ModelUp) == 12); // 2 a round, 6 rounds (SL: one hand-over per turn)
    const Metrics m = compute_metrics(g, critical_path(g, CostModel(g, s)), s);
    CHECK(m.samples == 2 * 6 * 100);
    CHECK(m.round_participants == std::vector<int>(6, 2));
  }
  // FL averages two models a round: the aggregation's flop follow the participants.
  const TaskGraph fl = build_fl(s);
  for (const Task& t : fl.tasks())
    if (t.op == Op::Aggregate)
      CHECK(t.amount == Approx(2.0 * static_cast<double>(s.profile.parameters())));
}

TEST_CASE("sampling: fraction 1 is the unsampled graph", "[sampling]") {
  const Scenario all = test::make(sampled(4, {}));
  const Scenario one = test::make(sampled(4, {{"client_fraction", 1.0}}));
  for (const auto& e : scheduler_registry()) {
    const TaskGraph a = e.build(all), b = e.build(one);
    REQUIRE(a.size() == b.size());
    bool same = true;
    for (TaskId t = 0; t < a.size(); ++t)
      same = same && a.task(t).amount == b.task(t).amount && a.task(t).lane == b.task(t).lane;
    CHECK(same);
  }
}
