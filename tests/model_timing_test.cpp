// Compute costs from measured profiles (sched/task_costs.hpp): multi-size tables interpolate the
// measurement exactly at its sizes, a single-size measured profile on a class with an overhead costs
// what was measured on both sides (issue 12's cause 2), and analytic costs apply a server class's
// fixed cost to server tasks.
#include "eval/cost_model.hpp"
#include "eval/critical_path.hpp"
#include "replay/replay.hpp"
#include "sched/registry.hpp"
#include "sched/task_costs.hpp"
#include "support.hpp"

#include <catch2/catch.hpp>
#include <functional>
#include <string>

using namespace pipar;

namespace {

/// A platform object whose catalogue holds one class "c" (speed v, overhead o, element-wise speed e
/// unless 0) for devices and server. The file is named for its content: ctest runs these test cases
/// in parallel processes, and one shared name let a case read another's class.
nlohmann::json platform_on_class(double v, double o, double e = 0) {
  nlohmann::json c = {{"speed_flops", v}, {"compute_overhead_s", o}, {"memory_bytes", 0}, {"source", "test"}};
  if (e > 0)
    c["elementwise_flops"] = e;
  const nlohmann::json file = {{"classes", {{"c", c}}}};
  const std::string classes =
      test::write_json("timing_classes_" + std::to_string(std::hash<std::string>{}(file.dump())) + ".json", file);
  return {{"device_classes", classes},
          {"server", {{"cores", 1}, {"device_class", "c"}}},
          {"fleet", nlohmann::json::array({{{"count", 1}, {"device_class", "c"}, {"uplink_mbps", 10},
                                            {"downlink_mbps", 25}, {"latency_ms", 0}, {"samples", 100}}})}};
}

Scenario scenario_with(const nlohmann::json& profile, const std::string& name, double v, double o, int P,
                       double e = 0) {
  auto j = test::base_scenario(1);
  j.erase("devices");
  j.erase("server");
  j["model"] = {{"profile", test::write_json(name, profile)}};
  j["platform"] = platform_on_class(v, o, e);
  j["split"] = {{"split_point", P}, {"micro_batches", 1}};
  return test::make(j);
}

/// Seconds of the first task of `op` on a lane of `resource` in PiPar's graph (N = 1, m = B = 100).
double first_task_seconds(const Scenario& s, Resource r, Op op) {
  const TaskGraph g = build_pipar(s);
  const CostModel cost(g, s);
  for (TaskId t = 0; t < g.size(); ++t)
    if (g.task(t).op == op && g.lane(g.task(t).lane).resource == r && g.lane(g.task(t).lane).device >= 0)
      return cost.duration(t);
  FAIL("no such task");
  return 0;
}

} // namespace

TEST_CASE("interpolation returns the measured table at its sizes exactly", "[model][timing]") {
  const std::vector<double> m = {10, 20, 25, 50, 100};
  const std::vector<double> y = {0.0031, 0.0047, 0.0052, 0.0101, 0.0189};
  for (size_t i = 0; i < m.size(); ++i)
    CHECK(interpolate_timing(m, y, m[i]) == y[i]);
  // Between sizes: linear; beyond the largest: the last segment continued; below the smallest: the
  // first segment continued, never below proportional.
  CHECK(interpolate_timing(m, y, 30) == Approx(0.0052 + (0.0101 - 0.0052) * 5 / 25));
  CHECK(interpolate_timing(m, y, 200) == Approx(0.0189 + (0.0189 - 0.0101) * 100 / 50));
  CHECK(interpolate_timing(m, y, 5) == Approx(0.0031 - (0.0047 - 0.0031) * 5 / 10));
  CHECK(interpolate_timing({10, 20}, {0.001, 0.010}, 5) == Approx(0.0005)); // the line would go negative
  CHECK(interpolate_timing({50}, {0.02}, 25) == Approx(0.01));            // one size: proportional
}

TEST_CASE("a profile with timing tables costs the table on each side", "[model][timing]") {
  auto p = test::synthetic_profile();
  p["measured"] = {{"device_class", "c"}, {"server_class", "c"}};
  for (int u = 0; u < 4; ++u) {
    p["units"][u]["device_timing"] = {{"batch_sizes", {25, 100}}, {"forward_s", {0.002 + u, 0.005 + u}},
                                      {"backward_s", {0.003, 0.007}}, {"step_s", 0.0001}};
    p["units"][u]["server_timing"] = {{"batch_sizes", {25, 100}}, {"forward_s", {0.001, 0.004}},
                                      {"backward_s", {0.0015, 0.005}}};
  }
  const Scenario s = scenario_with(p, "timing_table_profile.json", 1e9, 0.5, 2);
  // Device: units 1..2 forward at m = 100 from the device table; nothing added (the overhead 0.5 s is
  // in the measurement).
  CHECK(first_task_seconds(s, Resource::DeviceCpu, Op::Forward) == Approx(0.005 + 1.005).epsilon(1e-12));
  CHECK(first_task_seconds(s, Resource::Server, Op::Forward) == Approx(2 * 0.004).epsilon(1e-12));
  CHECK(first_task_seconds(s, Resource::Server, Op::Backward) == Approx(2 * 0.005).epsilon(1e-12));
  // Device step: measured per unit; the server's units have no step_s in their own table, so the
  // device table's step of those units is used.
  CHECK(first_task_seconds(s, Resource::DeviceCpu, Op::Step) == Approx(0.0002).epsilon(1e-12));
  CHECK(first_task_seconds(s, Resource::Server, Op::Step) == Approx(0.0002).epsilon(1e-12));
}

TEST_CASE("a single-size measured profile on a class with an overhead costs the measurement on both sides",
          "[model][timing][measured]") {
  // Class c: 1e9 flop/s, 2 ms per unit per task. Measured at b = 100 (seconds per sample): unit 1
  // forward 1 ms per task (below the overhead), the others well above it.
  auto p = test::synthetic_profile();
  p["measured"] = {{"device_class", "c"}, {"batch_size", 100}};
  const double fwd[] = {0.001, 0.030, 0.050, 0.012}, bwd[] = {0.004, 0.060, 0.080, 0.020};
  for (int u = 0; u < 4; ++u) {
    p["units"][u]["forward_seconds"] = fwd[u] / 100;
    p["units"][u]["backward_seconds"] = bwd[u] / 100;
  }
  const Scenario s = scenario_with(p, "timing_single_profile.json", 1e9, 0.002, 2);
  // The device's forward of units 1..2 on 100 samples: what was measured (unit 1 not raised to 2 ms).
  CHECK(first_task_seconds(s, Resource::DeviceCpu, Op::Forward) == Approx(0.001 + 0.030).epsilon(1e-12));
  CHECK(first_task_seconds(s, Resource::DeviceCpu, Op::Backward) == Approx(0.004 + 0.060).epsilon(1e-12));
  // The server (same class) computes units 3..4 in their measured time too (it lost 2 x 2 ms before).
  CHECK(first_task_seconds(s, Resource::Server, Op::Forward) == Approx(0.050 + 0.012).epsilon(1e-12));
  CHECK(first_task_seconds(s, Resource::Server, Op::Backward) == Approx(0.080 + 0.020).epsilon(1e-12));
}

TEST_CASE("analytic costs: m x flop / speed + a fixed cost per unit on devices and on the server", "[model][timing]") {
  const Scenario s = scenario_with(test::synthetic_profile(), "timing_analytic_profile.json", 1e9, 0.001, 1);
  // Synthetic profile: unit 1 forward 2e6 flop per sample; units 2..4 forward 8e6 flop per sample.
  CHECK(first_task_seconds(s, Resource::DeviceCpu, Op::Forward) == Approx(100 * 2e6 / 1e9 + 0.001).epsilon(1e-12));
  CHECK(first_task_seconds(s, Resource::Server, Op::Forward) == Approx(100 * 8e6 / 1e9 + 3 * 0.001).epsilon(1e-12));
}

TEST_CASE("a class with an element-wise rate charges each unit's multiply-adds and the rest apart",
          "[model][timing]") {
  // The synthetic profile with MACs: unit 1 forward 2e6 flop = 2 x 0.9e6 MACs + 2e5 element-wise;
  // units 2 and 3 likewise (share 0.1 and 0.2), unit 4's MACs not known (charged at one rate).
  nlohmann::json profile = test::synthetic_profile();
  profile["units"][0]["forward_macs"] = 0.9e6;
  profile["units"][1]["forward_macs"] = 1.8e6;
  profile["units"][2]["forward_macs"] = 1.2e6;
  const double v = 1e10, e = 1e9, o = 0.001, m = 100;
  const Scenario s = scenario_with(profile, "timing_two_rate_profile.json", v, o, 1, e);
  CHECK(first_task_seconds(s, Resource::DeviceCpu, Op::Forward) == Approx(m * (1.8e6 / v + 2e5 / e) + o).epsilon(1e-12));
  // Backward: twice the forward's flop, in the same share.
  CHECK(first_task_seconds(s, Resource::DeviceCpu, Op::Backward) ==
        Approx(m * 2 * (1.8e6 / v + 2e5 / e) + o).epsilon(1e-12));
  const double server = m * ((3.6e6 / v + 0.4e6 / e) + (2.4e6 / v + 0.6e6 / e) + 1e6 / v) + 3 * o;
  CHECK(first_task_seconds(s, Resource::Server, Op::Forward) == Approx(server).epsilon(1e-12));
  // An element-wise rate equal to the speed is one rate: the analytic costs of before.
  const Scenario same = scenario_with(profile, "timing_two_rate_profile.json", v, o, 1, v);
  CHECK(first_task_seconds(same, Resource::Server, Op::Forward) == Approx(m * 8e6 / v + 3 * o).epsilon(1e-12));
  // And a single device's replay still equals the critical-path evaluator.
  for (int P : {1, 2, 3}) {
    const Scenario sp = scenario_with(profile, "timing_two_rate_profile.json", v, o, P, e);
    const TaskGraph g = build_pipar(sp);
    const Timeline cp = critical_path(g, CostModel(g, sp));
    const ReplayResult rep = replay_isolated(g, sp, ReplayOptions{});
    CHECK(rep.timeline.makespan() == Approx(cp.makespan()).epsilon(1e-9));
  }
}
