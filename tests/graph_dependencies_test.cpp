// Wide dependencies: an aggregation depends on every device (and replica) of its round, so a task's
// dependency count must go past 16 bits; the index and the event engine follow every one of them.
#include "eval/critical_path.hpp"
#include "graph/task_graph.hpp"
#include "replay/event_engine.hpp"
#include "support.hpp"

#include <catch2/catch.hpp>

using namespace pipar;

TEST_CASE("a task may depend on more than 65,535 tasks", "[graph]") {
  const Scenario s = test::make(test::base_scenario(1));
  TaskGraph g;
  const LaneId cpu = g.add_lane(Resource::DeviceCpu, 0, "d0.cpu");
  const LaneId agg = g.add_lane(Resource::Server, -1, "server.agg");
  constexpr std::uint32_t kWide = 70000;
  std::vector<TaskId> deps;
  for (std::uint32_t i = 0; i < kWide; ++i)
    deps.push_back(g.add(cpu, Op::Forward, 1e3, 0, 0, {})); // 1 us each at 1e9 flop/s, one after another
  const TaskId last = g.add(agg, Op::Aggregate, 2e10, 0, 0, deps); // 1 s on a 2e10 flop/s core
  REQUIRE(g.task(last).dep_count == kWide);
  CHECK(g.deps_end(last) - g.deps_begin(last) == kWide);
  const TaskGraph::Index ix = g.build_index();
  CHECK(ix.succ.size() == kWide);
  CHECK(ix.succ[ix.succ_begin[deps.back()]] == last);
  // It starts when the last of them ends: 70,000 us of device work, then 1 s on the server.
  const Timeline cp = critical_path(g, CostModel(g, s));
  CHECK(cp.start[last] == Approx(kWide * 1e-6).epsilon(1e-9));
  const Timeline ev = replay_events(g, s, {}).timeline;
  CHECK(ev.start[last] == Approx(cp.start[last]).epsilon(1e-12));
  CHECK(ev.end[last] == Approx(kWide * 1e-6 + 1.0).epsilon(1e-9));
}
