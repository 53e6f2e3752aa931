// Differential privacy as a cost: DP-SGD multiplies every device backward pass by the configured
// factor; noise on the smashed activations adds flops_per_element per float32 element sent.
#include "eval/critical_path.hpp"
#include "metrics/metrics.hpp"
#include "replay/replay.hpp"
#include "sched/registry.hpp"
#include "support.hpp"

#include <catch2/catch.hpp>
#include <cmath>

using namespace pipar;

namespace {

/// Device flop per operation kind.
struct DeviceWork {
  double forward = 0, backward = 0, step = 0;
};

DeviceWork device_work(const TaskGraph& g) {
  DeviceWork w;
  for (const Task& t : g.tasks()) {
    if (g.lane(t.lane).resource != Resource::DeviceCpu)
      continue;
    (t.op == Op::Forward ? w.forward : t.op == Op::Backward ? w.backward : w.step) += t.amount;
  }
  return w;
}

} // namespace

TEST_CASE("DP-SGD multiplies device backward work by exactly the configured factor", "[sched][dp]") {
  auto j = test::base_scenario(2);
  const Scenario plain = test::make(j);
  j["privacy"] = {{"dp_sgd", {{"enabled", true}, {"backward_factor", 2.5}}}};
  const Scenario dp = test::make(j);
  for (const auto& e : scheduler_registry()) {
    INFO(e.name);
    const TaskGraph g0 = e.build(plain), g1 = e.build(dp);
    const DeviceWork a = device_work(g0), b = device_work(g1);
    CHECK(b.backward == Approx(2.5 * a.backward).epsilon(1e-12));
    CHECK(b.forward == a.forward);
    CHECK(b.step == a.step);
    Metrics m;
    add_scheduler_metrics(m, e, g1, dp);
    CHECK(m.dp_extra_device_flop == Approx(1.5 * a.backward).epsilon(1e-12));
    CHECK(m.dp_extra_device_s == Approx(1.5 * a.backward / 1e9 / 2).epsilon(1e-12)); // 2 devices at 1e9 flop/s
  }
}

TEST_CASE("activation noise adds flops_per_element per activation element on split schedulers", "[sched][dp]") {
  auto j = test::base_scenario(1);
  j["split"] = {{"split_point", 2}, {"micro_batches", 4}};
  const Scenario plain = test::make(j);
  j["privacy"] = {{"activation_noise", {{"enabled", true}, {"flops_per_element", 7}}}};
  const Scenario noisy = test::make(j);
  const double elements = 4096 / 4.0; // synthetic profile: 4096 bytes per sample leave unit 2
  for (const auto& e : scheduler_registry()) {
    INFO(e.name);
    const DeviceWork a = device_work(e.build(plain)), b = device_work(e.build(noisy));
    const double expected = e.uses_split ? 300 * elements * 7 : 0; // FL sends no activations
    CHECK(b.forward - a.forward == Approx(expected).margin(1e-6));
    CHECK(b.backward == a.backward);
  }
}

TEST_CASE("with DP on, single-device replay still equals the critical path", "[sched][dp][replay]") {
  auto j = test::base_scenario(1);
  j["privacy"] = {{"dp_sgd", {{"enabled", true}, {"backward_factor", 3}}},
                  {"activation_noise", {{"enabled", true}, {"flops_per_element", 20}}}};
  const Scenario s = test::make(j);
  for (const auto& e : scheduler_registry()) {
    INFO(e.name);
    const TaskGraph g = e.build(s);
    const Timeline cp = critical_path(g, CostModel(g, s));
    const Timeline rep = replay_isolated(g, s, {}).timeline;
    double gap = 0;
    for (size_t t = 0; t < cp.end.size(); ++t)
      gap = std::max(gap, std::abs(rep.end[t] - cp.end[t]));
    CHECK(gap / cp.makespan() < 1e-9);
  }
}

TEST_CASE("privacy section: bad values are input errors naming the path", "[sched][dp][scenario]") {
  auto j = test::base_scenario(1);
  j["privacy"] = {{"dp_sgd", {{"enabled", true}, {"backward_factor", 0.5}}}};
  CHECK_THROWS_WITH(test::make(j), Catch::Contains("/privacy/dp_sgd/backward_factor"));
  j["privacy"] = {{"dp_sgd", {{"enable", true}}}};
  CHECK_THROWS_WITH(test::make(j), Catch::Contains("enable"));
  j["privacy"] = {{"activation_noise", {{"enabled", "yes"}}}};
  CHECK_THROWS_AS(test::make(j), InputError);
}
