// The server's queue disciplines against their closed forms.
#include "replay/replay.hpp"
#include "sched/registry.hpp"
#include "support.hpp"

#include <algorithm>
#include <catch2/catch.hpp>
#include <utility>

using namespace pipar;

namespace {

Scenario two_symmetric_devices_one_core() {
  auto j = test::base_scenario(2);
  j["server"]["cores"] = 1;
  j["split"]["micro_batches"] = 1;
  j["devices"]["samples"] = 100; // one iteration
  return test::make(j);
}

std::vector<TaskId> server_forwards(const TaskGraph& g) {
  std::vector<TaskId> out;
  for (TaskId t = 0; t < g.size(); ++t)
    if (g.lane(g.task(t).lane).resource == Resource::Server && g.task(t).op == Op::Forward)
      out.push_back(t);
  return out;
}

} // namespace

TEST_CASE("fair sharing: two equal server tasks arriving together share one core", "[replay][server-queue]") {
  const Scenario s = two_symmetric_devices_one_core();
  const TaskGraph g = build_pipar(s);
  for (bool simgrid : {true, false}) { // SimGrid's solver, and the GPS queue of the event engine
    ReplayOptions opt;
    opt.simgrid_engine = simgrid;
    const Timeline tl = replay_isolated(g, s, opt).timeline;
    const auto f = server_forwards(g);
    REQUIRE(f.size() == 2);
    const double alone = g.task(f[0]).amount / s.server.speed_per_core;
    // Processor sharing of two equal jobs on one core: both start together and end after twice the work.
    INFO((simgrid ? "SimGrid" : "events"));
    CHECK(tl.start[f[0]] == Approx(tl.start[f[1]]).epsilon(1e-12));
    CHECK(tl.end[f[0]] - tl.start[f[0]] == Approx(2 * alone).epsilon(1e-9));
    CHECK(tl.end[f[1]] - tl.start[f[1]] == Approx(2 * alone).epsilon(1e-9));
  }
}

TEST_CASE("FIFO: server tasks run on whole cores, never more than the core count at once",
          "[replay][server-queue]") {
  auto j = test::base_scenario(5);
  j["server"]["cores"] = 2;
  const Scenario s = test::make(j);
  const TaskGraph g = build_pipar(s);
  for (bool simgrid : {true, false}) {
    ReplayOptions opt;
    opt.server_fifo = true;
    opt.simgrid_engine = simgrid;
    INFO((simgrid ? "SimGrid" : "events"));
    const Timeline tl = replay_isolated(g, s, opt).timeline;
    std::vector<std::pair<double, int>> events; // +1 at start, -1 at end
    for (TaskId t = 0; t < g.size(); ++t) {
      if (g.lane(g.task(t).lane).resource != Resource::Server)
        continue;
      CHECK(tl.end[t] - tl.start[t] == Approx(g.task(t).amount / s.server.speed_per_core).epsilon(1e-9));
      events.emplace_back(tl.start[t], +1);
      events.emplace_back(tl.end[t], -1);
    }
    std::sort(events.begin(), events.end()); // ends (-1) sort before starts (+1) at the same instant
    int running = 0, most = 0;
    for (const auto& e : events)
      most = std::max(most, running += e.second);
    CHECK(most == 2);

    // Symmetric devices: the five first forwards' activations arrive at the same instant; two of
    // them start then, on the two cores (which two is a tie: arrivals end together).
    std::vector<TaskId> first;
    for (TaskId t : server_forwards(g))
      if (g.task(t).iteration == 0 && g.task(t).micro == 0)
        first.push_back(t);
    REQUIRE(first.size() == 5);
    double arrival = 1e300;
    for (TaskId t : first)
      arrival = std::min(arrival, tl.start[t]);
    int at_arrival = 0;
    for (TaskId t : first)
      at_arrival += tl.start[t] == Approx(arrival).epsilon(1e-12);
    CHECK(at_arrival == 2);
  }
}
