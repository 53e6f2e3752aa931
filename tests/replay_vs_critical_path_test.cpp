// The simulator's main self-check: with a single device nothing is shared, so the SimGrid replay
// and the critical-path evaluator must agree on every task's end time (and so must the event engine,
// which the default options would pick: both engines are checked).
#include "eval/critical_path.hpp"
#include "replay/replay.hpp"
#include "sched/registry.hpp"
#include "support.hpp"

#include <catch2/catch.hpp>
#include <cmath>

using namespace pipar;

namespace {

double max_relative_gap(const Timeline& a, const Timeline& b) {
  REQUIRE(a.end.size() == b.end.size());
  double gap = 0;
  for (size_t t = 0; t < a.end.size(); ++t)
    gap = std::max(gap, std::abs(a.end[t] - b.end[t]));
  return gap / a.makespan();
}

ReplayOptions engine(bool simgrid) {
  ReplayOptions opt;
  opt.simgrid_engine = simgrid;
  return opt;
}

} // namespace

TEST_CASE("single device: SimGrid replay equals the critical path for PiPar over (P, N, bandwidth)",
          "[replay][critical-path]") {
  int cases = 0;
  for (int P : {1, 2, 3})
    for (int N : {1, 2, 4, 7})
      for (double up : {1.0, 10.0}) {
        auto j = test::base_scenario(1);
        j["split"] = {{"split_point", P}, {"micro_batches", N}};
        j["devices"]["uplink_mbps"] = up;
        j["devices"]["downlink_mbps"] = 2.5 * up;
        const Scenario s = test::make(j);
        const TaskGraph g = build_pipar(s);
        const Timeline cp = critical_path(g, CostModel(g, s));
        for (bool simgrid : {true, false}) {
          const ReplayResult rep = replay_isolated(g, s, engine(simgrid));
          INFO("P=" << P << " N=" << N << " uplink=" << up << " Mbps" << (simgrid ? " SimGrid" : " events"));
          CHECK(rep.timeline.makespan() == Approx(cp.makespan()).epsilon(1e-9));
          CHECK(max_relative_gap(rep.timeline, cp) < 1e-9);
        }
        ++cases;
      }
  CHECK(cases >= 20);
}

TEST_CASE("single device: replay equals critical path for FL, with rounds every K iterations", "[replay]") {
  for (int K : {1, 2}) {
    auto j = test::base_scenario(1);
    j["training"]["aggregate_every"] = K;
    j["training"]["epochs"] = 2;
    const Scenario s = test::make(j);
    for (const auto& e : scheduler_registry()) {
      const TaskGraph g = e.build(s);
      const Timeline cp = critical_path(g, CostModel(g, s));
      for (bool simgrid : {true, false}) {
        const ReplayResult rep = replay_isolated(g, s, engine(simgrid));
        INFO(e.name << " K=" << K << (simgrid ? " SimGrid" : " events"));
        CHECK(max_relative_gap(rep.timeline, cp) < 1e-9);
      }
    }
  }
}
