// Compute variability (sched/variability.hpp): the factors are lognormal of mean 1 and the asked
// coefficient of variation, they touch compute tasks only, the same seed draws the same graph, and
// every evaluator replays that one graph (SimGrid's replay equals the critical path).
#include "sched/variability.hpp"

#include "eval/critical_path.hpp"
#include "replay/replay.hpp"
#include "sched/registry.hpp"
#include "support.hpp"

#include <catch2/catch.hpp>
#include <cmath>

using namespace pipar;

TEST_CASE("variability factors: lognormal with mean 1 and the asked coefficient of variation", "[variability]") {
  for (double cv : {0.1, 0.5, 1.0}) {
    const int n = 200000;
    double sum = 0, sum2 = 0, log_sum = 0, log_sum2 = 0;
    for (int k = 0; k < n; ++k) {
      const double f = variability_factor(7, k, cv);
      REQUIRE(f > 0);
      sum += f;
      sum2 += f * f;
      log_sum += std::log(f);
      log_sum2 += std::log(f) * std::log(f);
    }
    const double mean = sum / n, sd = std::sqrt(sum2 / n - mean * mean);
    const double sigma2 = std::log1p(cv * cv), log_mean = log_sum / n;
    const double log_sd = std::sqrt(log_sum2 / n - log_mean * log_mean);
    INFO("cv " << cv);
    // ln f is normal(-sigma^2 / 2, sigma): its sample mean within 4 standard errors (sigma / sqrt(n)).
    CHECK(std::abs(log_mean + sigma2 / 2) < 4 * std::sqrt(sigma2 / n));
    CHECK(log_sd == Approx(std::sqrt(sigma2)).epsilon(0.01));
    CHECK(mean == Approx(1).epsilon(0.01));
    CHECK(sd / mean == Approx(cv).epsilon(0.05));
  }
  // A function of (seed, task) only.
  CHECK(variability_factor(3, 11, 0.4) == variability_factor(3, 11, 0.4));
  CHECK(variability_factor(3, 11, 0.4) != variability_factor(4, 11, 0.4));
  CHECK(variability_factor(3, 11, 0.4) != variability_factor(3, 12, 0.4));
}

TEST_CASE("compute variability scales compute tasks only, the same seed the same way, 0 not at all",
          "[variability]") {
  auto j = test::base_scenario(3);
  j["schedulers"] = {"fl", "sl", "sfl", "pipar"};
  const Scenario plain = test::make(j);
  j["variability"] = {{"compute_cv", 0.3}};
  const Scenario varied = test::make(j);
  j["seed"] = 2;
  const Scenario other_seed = test::make(j);
  j["variability"]["compute_cv"] = 0;
  const Scenario zero = test::make(j);
  for (const auto& e : scheduler_registry()) {
    const TaskGraph g = e.build(plain), v = build_graph(e, varied), v2 = build_graph(e, varied),
                    w = build_graph(e, other_seed), z = build_graph(e, zero);
    REQUIRE(v.size() == g.size());
    size_t changed = 0, differ_by_seed = 0;
    for (TaskId t = 0; t < g.size(); ++t) {
      const double a = g.task(t).amount;
      CHECK(z.task(t).amount == a);
      CHECK(v2.task(t).amount == v.task(t).amount);
      if (is_transfer(g.lane(g.task(t).lane).resource)) {
        CHECK(v.task(t).amount == a);
      } else if (a > 0) {
        CHECK(v.task(t).amount == Approx(a * variability_factor(varied.seed, t, 0.3)).epsilon(1e-15));
        changed += v.task(t).amount != a;
        differ_by_seed += w.task(t).amount != v.task(t).amount;
      }
    }
    INFO(e.name);
    CHECK(changed > 0);
    CHECK(differ_by_seed == changed);
  }
}

TEST_CASE("with compute variability every evaluator replays the same graph: SimGrid equals the critical path",
          "[variability][replay]") {
  auto j = test::base_scenario(1);
  j["split"] = {{"split_point", 2}, {"micro_batches", 5}};
  j["training"]["aggregate_every"] = 2;
  j["communication"] = {{"header_bytes", 110}, {"cpu_per_message_s", 0.0015}, {"wire_cpu_per_byte_s", 9e-8},
                        {"wire_cpu_send_fraction", 0.3}, {"handoff_s", 0.0005}};
  j["variability"] = {{"compute_cv", 0.6}};
  const Scenario s = test::make(j);
  for (const auto& e : scheduler_registry()) {
    const TaskGraph g = build_graph(e, s);
    const Timeline cp = critical_path(g, CostModel(g, s));
    const ReplayResult rep = replay_isolated(g, s, {});
    INFO(e.name);
    CHECK(rep.timeline.makespan() == Approx(cp.makespan()).epsilon(1e-9));
    for (TaskId t = 0; t < g.size(); ++t)
      CHECK(std::abs(rep.timeline.end[t] - cp.end[t]) < 1e-9 * cp.makespan());
  }
}
