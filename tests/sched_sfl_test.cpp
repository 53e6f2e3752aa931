// SplitFed v1 is PiPar with one micro-batch: the same task graph, so the same timeline.
#include "eval/critical_path.hpp"
#include "replay/replay.hpp"
#include "sched/registry.hpp"
#include "support.hpp"

#include <catch2/catch.hpp>

using namespace pipar;

TEST_CASE("PiPar with N = 1 equals SFL exactly", "[sched][sfl]") {
  auto j = test::base_scenario(3);
  j["server"]["cores"] = 1; // replicas contend: the replay is not trivially the critical path
  j["split"]["micro_batches"] = 1;
  const Scenario s1 = test::make(j);
  j["split"]["micro_batches"] = 4; // SFL ignores the scenario's N
  const Scenario s4 = test::make(j);

  const TaskGraph pipar = build_pipar(s1), sfl = build_sfl(s4);
  REQUIRE(pipar.size() == sfl.size());
  REQUIRE(pipar.lane_count() == sfl.lane_count());
  for (TaskId t = 0; t < pipar.size(); ++t) {
    const Task &a = pipar.task(t), &b = sfl.task(t);
    INFO("task " << t << " " << pipar.label(t));
    CHECK(a.amount == b.amount);
    CHECK(a.lane == b.lane);
    CHECK(a.op == b.op);
    CHECK(a.micro == 0);
    CHECK(std::vector<TaskId>(pipar.deps_begin(t), pipar.deps_end(t)) ==
          std::vector<TaskId>(sfl.deps_begin(t), sfl.deps_end(t)));
  }
  const double a = replay_isolated(pipar, s1, {}).timeline.makespan();
  const double b = replay_isolated(sfl, s4, {}).timeline.makespan();
  CHECK(a == b);
  CHECK(critical_path(pipar, CostModel(pipar, s1)).makespan() == critical_path(sfl, CostModel(sfl, s4)).makespan());
  // And N = 4 is a different schedule.
  CHECK(build_pipar(s4).size() > sfl.size());
}
