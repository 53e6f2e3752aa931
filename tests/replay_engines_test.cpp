// The event engine (GPS fair queue or FIFO on the server, exact durations elsewhere) against the
// SimGrid replay (SimGrid's max-min sharing of the server's cores), on small heterogeneous fleets,
// every scheduler, several core counts: every task's start and end agree to 1e-9 of the makespan.
#include "replay/event_engine.hpp"
#include "replay/gps_queue.hpp"
#include "replay/replay.hpp"
#include "sched/registry.hpp"
#include "support.hpp"

#include <catch2/catch.hpp>
#include <cmath>
#include <limits>

using namespace pipar;

namespace {

/// Three groups that differ in speed, data, bandwidth, latency, split point and micro-batches, so
/// that server tasks arrive at scattered times and overlap in every combination.
Scenario mixed_fleet(int per_group, int cores, int epochs = 1) {
  auto j = test::base_scenario();
  j.erase("devices");
  j.erase("server");
  const nlohmann::json fleet = nlohmann::json::array(
      {{{"name", "fast"}, {"count", per_group}, {"speed_flops", 2e9}, {"uplink_mbps", 40}, {"downlink_mbps", 80},
        {"latency_ms", 2}, {"samples", 300}},
       {{"name", "slow"}, {"count", per_group}, {"speed_flops", 4e8}, {"uplink_mbps", 8}, {"downlink_mbps", 20},
        {"latency_ms", 15}, {"samples", 200}, {"split_point", 1}, {"micro_batches", 3}},
       {{"name", "mid"}, {"count", per_group}, {"speed_flops", 9e8}, {"uplink_mbps", 20}, {"downlink_mbps", 20},
        {"latency_ms", 7}, {"samples", 500}, {"split_point", 3}, {"micro_batches", 5}}});
  j["platform"] = {{"server", {{"cores", cores}, {"speed_flops_per_core", 1e9}}}, {"fleet", fleet}};
  j["training"]["epochs"] = epochs;
  return test::make(j);
}

/// n devices that all differ (speed, latency, data), so that no two server tasks arrive at the same
/// instant: FIFO's order is then the arrival order in both engines (simultaneous arrivals may queue
/// in a different order: SimGrid's actor scheduling order vs. the event engine's end order).
Scenario distinct_fleet(int n, int cores) {
  auto j = test::base_scenario();
  j.erase("devices");
  j.erase("server");
  nlohmann::json fleet = nlohmann::json::array();
  for (int d = 0; d < n; ++d)
    fleet.push_back({{"name", "g" + std::to_string(d)}, {"count", 1}, {"speed_flops", 4e8 * (1 + 0.37 * d)},
                     {"uplink_mbps", 8 + 3 * d}, {"downlink_mbps", 20}, {"latency_ms", 2 + 1.3 * d},
                     {"samples", 200 + 100 * (d % 3)}, {"micro_batches", 1 + d % 4}});
  j["platform"] = {{"server", {{"cores", cores}, {"speed_flops_per_core", 1e9}}}, {"fleet", fleet}};
  return test::make(j);
}

/// Largest |a - b| over every task's start and end, relative to the makespan.
double max_gap(const Timeline& a, const Timeline& b) {
  REQUIRE(a.end.size() == b.end.size());
  double gap = 0;
  for (size_t t = 0; t < a.end.size(); ++t)
    gap = std::max({gap, std::abs(a.end[t] - b.end[t]), std::abs(a.start[t] - b.start[t])});
  return gap / a.makespan();
}

ReplayResult replay_with(const TaskGraph& g, const Scenario& s, bool fifo, bool simgrid) {
  ReplayOptions opt;
  opt.server_fifo = fifo;
  opt.simgrid_engine = simgrid;
  return replay_isolated(g, s, opt);
}

} // namespace

TEST_CASE("GPS queue: closed forms of processor sharing", "[replay][gps]") {
  // Two cores at 1 flop/s. Tasks of 4, 4 and 1 flop arrive at 0: three tasks on two cores run at
  // 2/3 each; the 1-flop task ends at 1.5; the other two then run at full speed and end at 1.5 + 3.
  GpsQueue q(2, 1.0);
  q.arrive(0, 0, 4);
  q.arrive(0, 1, 4);
  q.arrive(0, 2, 1);
  std::vector<TaskId> out;
  CHECK(q.next_end() == Approx(1.5));
  q.end_next(1.5, out);
  REQUIRE(out == std::vector<TaskId>{2});
  // A 2-flop task arrives at 2.5: the two 4-flop tasks have 2 left; three tasks share two cores
  // again, all three end together after 2 / (2/3) = 3 s, in arrival order.
  q.arrive(2.5, 3, 2);
  CHECK(q.next_end() == Approx(5.5));
  out.clear();
  q.end_next(q.next_end(), out);
  CHECK(out == std::vector<TaskId>{0, 1, 3});
  CHECK(q.empty());
  CHECK(q.next_end() == std::numeric_limits<double>::infinity());
}

TEST_CASE("event engine applies only where SimGrid adds nothing", "[replay][engine]") {
  const Scenario s = mixed_fleet(1, 2);
  ReplayOptions opt;
  CHECK(simgrid_needed(s, opt).empty());
  opt.simgrid_args = {"--log=root.thres:info"};
  CHECK(simgrid_needed(s, opt).empty());
  opt.simgrid_args = {"--cfg=network/model:LV08"};
  CHECK(simgrid_needed(s, opt) == "SimGrid configuration flags");
  opt = {};
  opt.realistic_network = true;
  CHECK(!event_engine_applies(s, opt));
  opt = {};
  opt.measure_loads = true;
  CHECK(!event_engine_applies(s, opt));
  opt = {};
  Scenario nic = s;
  nic.server.nic_bps = 1e6;
  CHECK(simgrid_needed(nic, opt) == "a shared server NIC");
  Scenario traced = s;
  traced.devices[1].speed_trace = std::make_shared<const Trace>();
  CHECK(simgrid_needed(traced, opt) == "speed or bandwidth traces");
  CHECK(std::string(replay_engine_name(traced, opt)) == "simgrid+gps");
  opt.server_fifo = true;
  CHECK(std::string(replay_engine_name(traced, opt)) == "simgrid");
  opt = {};
  opt.simgrid_engine = true;
  CHECK(std::string(replay_engine_name(traced, opt)) == "simgrid");
  CHECK(std::string(replay_engine_name(s, opt)) == "simgrid");
  opt = {};
  CHECK(std::string(replay_engine_name(s, opt)) == "events");
}

TEST_CASE("event engine equals the SimGrid replay: fair sharing, GPS queue vs SimGrid's solver",
          "[replay][engine][gps]") {
  int compared = 0;
  for (int per_group : {1, 3, 6}) // groups of identical devices: many simultaneous arrivals
    for (int cores : {1, 2, 8})
      for (const auto& e : scheduler_registry()) {
        const Scenario s = mixed_fleet(per_group, cores);
        const TaskGraph g = e.build(s);
        const Timeline events = replay_with(g, s, false, false).timeline;
        const Timeline simgrid = replay_with(g, s, false, true).timeline;
        INFO(e.name << ", " << 3 * per_group << " devices, " << cores << " cores");
        CHECK(events.makespan() == Approx(simgrid.makespan()).epsilon(1e-9));
        CHECK(max_gap(events, simgrid) < 1e-9);
        ++compared;
      }
  CHECK(compared == 3 * 3 * static_cast<int>(scheduler_registry().size()));
}

TEST_CASE("event engine equals the SimGrid replay: FIFO server queue, distinct arrivals", "[replay][engine]") {
  for (int n : {3, 7, 12})
    for (int cores : {1, 2, 4})
      for (const auto& e : scheduler_registry()) {
        const Scenario s = distinct_fleet(n, cores);
        const TaskGraph g = e.build(s);
        INFO(e.name << ", " << n << " devices, " << cores << " cores");
        CHECK(max_gap(replay_with(g, s, true, false).timeline, replay_with(g, s, true, true).timeline) < 1e-9);
      }
}

TEST_CASE("event engine equals the SimGrid replay over several rounds", "[replay][engine][gps]") {
  const Scenario s = mixed_fleet(4, 2, 3);
  for (const char* name : {"pipar", "fl"}) {
    const TaskGraph g = find_scheduler(name)->build(s);
    INFO(name);
    CHECK(max_gap(replay_with(g, s, false, false).timeline, replay_with(g, s, false, true).timeline) < 1e-9);
  }
}

TEST_CASE("SimGrid replay with the GPS server equals SimGrid's own sharing: traces and a shared NIC",
          "[replay][engine][gps]") {
  // Device dynamics keep the replay in SimGrid; the server's fair sharing then comes from the GPS
  // queue on a kernel timer ("simgrid+gps") unless --engine simgrid asks for SimGrid's executions.
  for (int cores : {1, 3}) {
    auto j = test::base_scenario();
    j.erase("devices");
    j.erase("server");
    nlohmann::json fleet = nlohmann::json::array(
        {{{"name", "a"}, {"count", 3}, {"speed_flops", 1e9}, {"uplink_mbps", 10}, {"downlink_mbps", 25},
          {"latency_ms", 5}, {"samples", 300}, {"speed_trace", {{0, 1}, {0.7, 0.4}, {1.9, 1}}}},
         {{"name", "b"}, {"count", 4}, {"speed_flops", 6e8}, {"uplink_mbps", 12}, {"downlink_mbps", 20},
          {"latency_ms", 9}, {"samples", 400}, {"micro_batches", 2},
          {"uplink_trace", {{0, 12}, {1.3, 3}, {2.1, 9}}}}});
    j["platform"] = {{"server", {{"cores", cores}, {"speed_flops_per_core", 1e9}, {"nic_mbps", 60}}},
                     {"fleet", fleet}};
    const Scenario s = test::make(j);
    REQUIRE(std::string(replay_engine_name(s, {})) == "simgrid+gps");
    for (const char* name : {"pipar", "sfl", "fl"}) {
      const TaskGraph g = find_scheduler(name)->build(s);
      INFO(name << ", " << cores << " cores");
      CHECK(max_gap(replay_with(g, s, false, false).timeline, replay_with(g, s, false, true).timeline) < 1e-9);
    }
  }
}
