// Fleets: groups of device classes x network presets, per-group samples (data skew), split point
// and micro-batches; FL on a heterogeneous fleet ends its round with the slowest device; platform
// files, --set overrides into them, catalogue and trace errors; the server's batch-efficiency curve.
#include "eval/critical_path.hpp"
#include "replay/replay.hpp"
#include "sched/plan.hpp"
#include "sched/registry.hpp"
#include "support.hpp"

#include <catch2/catch.hpp>

using namespace pipar;

namespace {

nlohmann::json fleet_scenario(const nlohmann::json& fleet) {
  auto j = test::base_scenario();
  j.erase("devices");
  j.erase("server");
  j["platform"] = {{"server", {{"cores", 2}, {"speed_flops_per_core", 2e10}}}, {"fleet", fleet}};
  return j;
}


} // namespace

TEST_CASE("FL on a heterogeneous fleet: the round ends with the slowest device", "[platform][fl][closed-form]") {
  // Two fast devices with more data, one slow device with less: the slow one is the straggler.
  const nlohmann::json fleet = nlohmann::json::array(
      {{{"name", "fast"}, {"count", 2}, {"speed_flops", 1e9}, {"uplink_mbps", 10}, {"downlink_mbps", 25},
        {"latency_ms", 5}, {"samples", 300}},
       {{"name", "slow"}, {"count", 1}, {"speed_flops", 2.5e8}, {"uplink_mbps", 10}, {"downlink_mbps", 25},
        {"latency_ms", 5}, {"samples", 200}}});
  const Scenario s = test::make(fleet_scenario(fleet));
  REQUIRE(s.devices.size() == 3);
  CHECK(s.devices[2].group == "slow");
  const Profile& p = s.profile;
  const int L = p.split_units();
  const double params = static_cast<double>(p.parameters());
  const double per_sample = p.forward_flops(0, L) + p.backward_flops(0, L);
  const double step = 4 * params;
  const double fast = (300 * per_sample + 3 * step) / 1e9; // 3 batches of 100
  const double slow = (200 * per_sample + 2 * step) / 2.5e8; // 2 batches of 100
  REQUIRE(slow > fast);
  const double up = 10e6 / 8, down = 25e6 / 8, lat = 5e-3, model_bytes = 4 * params;
  const double expected = slow + (lat + model_bytes / up) + 3 * params / 2e10 + (lat + model_bytes / down);

  const TaskGraph g = build_fl(s);
  CHECK(critical_path(g, CostModel(g, s)).makespan() == Approx(expected).epsilon(1e-12));
  CHECK(replay_isolated(g, s, {}).timeline.makespan() == Approx(expected).epsilon(1e-9));
}

TEST_CASE("fleet groups take device classes and presets, with per-group overrides", "[platform]") {
  // platforms/device_classes.json: raspberry_pi_4 2e9 flop/s, 4e9 bytes; networks.json: home_wifi 100/100 Mbps, 2 ms.
  const nlohmann::json fleet = nlohmann::json::array(
      {{{"count", 3}, {"device_class", "raspberry_pi_4"}, {"network", "home_wifi"}},
       {{"count", 2}, {"device_class", "raspberry_pi_4"}, {"speed_flops", 5e8}, {"network", "home_wifi"},
        {"latency_ms", 40}, {"samples", 1000}, {"split_point", 3}, {"micro_batches", 10}}});
  const Scenario s = test::make(fleet_scenario(fleet));
  REQUIRE(s.devices.size() == 5);
  CHECK(s.devices[0].speed == 2e9);
  CHECK(s.devices[0].memory_bytes == 4e9);
  CHECK(s.devices[0].uplink_bps == Approx(100e6 / 8));
  CHECK(s.devices[0].latency_s == Approx(0.002));
  CHECK(s.devices[0].group == "g0");
  CHECK(s.devices[0].split_point == 0);
  CHECK(s.devices[4].speed == 5e8);
  CHECK(s.devices[4].latency_s == Approx(0.040));
  CHECK(s.devices[4].samples == 1000);
  CHECK(s.devices[4].split_point == 3);
  CHECK(s.devices[4].micro_batches == 10);
  CHECK(s.resolved["devices"]["count"] == 5);
}

TEST_CASE("a platform file, and --set overrides into it", "[platform]") {
  const std::string platform = test::write_json(
      "platform_test_platform.json",
      {{"server", {{"cores", 4}, {"speed_flops_per_core", 1e10}, {"nic_mbps", 100}}},
       {"fleet", nlohmann::json::array({{{"count", 2}, {"speed_flops", 1e9}, {"uplink_mbps", 10}, {"downlink_mbps", 20}},
                                        {{"count", 3}, {"speed_flops", 2e9}, {"uplink_mbps", 5}, {"downlink_mbps", 5}}})}});
  auto j = test::base_scenario();
  j.erase("devices");
  j.erase("server");
  j["platform"] = platform;
  const std::string file = test::write_json("platform_test_scenario.json", j);
  const Scenario s = load_scenario(file, {"platform.fleet.1.count=7", "platform.server.cores=8"});
  CHECK(s.devices.size() == 9);
  CHECK(s.server.cores == 8);
  CHECK(s.server.nic_bps == Approx(100e6 / 8));
  CHECK(s.devices[8].speed == 2e9);
  CHECK(s.devices[0].downlink_bps == Approx(20e6 / 8));
}

TEST_CASE("platform errors name the file, the JSON path and what was expected", "[platform][errors]") {
  const auto fleet = nlohmann::json::array({{{"count", 1}, {"device_class", "raspberry_pi_4"}, {"network", "lte_4g"}}});
  SECTION("unknown device class lists the valid ones") {
    auto j = fleet_scenario(fleet);
    j["platform"]["fleet"][0]["device_class"] = "pdp11";
    const std::string msg = test::error_of(j);
    CHECK_THAT(msg, Catch::Contains("/platform/fleet/0/device_class: unknown device class \"pdp11\""));
    CHECK_THAT(msg, Catch::Contains("jetson_nano"));
  }
  SECTION("unknown network preset") {
    auto j = fleet_scenario(fleet);
    j["platform"]["fleet"][0]["network"] = "carrier_pigeon";
    CHECK_THAT(test::error_of(j), Catch::Contains("/platform/fleet/0/network: unknown network preset"));
  }
  SECTION("both forms at once") {
    auto j = fleet_scenario(fleet);
    j["devices"] = test::base_scenario()["devices"];
    CHECK_THAT(test::error_of(j), Catch::Contains("/platform: use either"));
  }
  SECTION("a trace whose times go backwards") {
    auto j = fleet_scenario(fleet);
    j["platform"]["fleet"][0]["uplink_trace"] = {{0, 10}, {5, 2}, {3, 4}};
    CHECK_THAT(test::error_of(j), Catch::Contains("/platform/fleet/0/uplink_trace: point 3: times must increase"));
  }
  SECTION("a period shorter than the trace") {
    auto j = fleet_scenario(fleet);
    j["platform"]["fleet"][0]["uplink_trace"] = {{0, 10}, {5, 2}};
    j["platform"]["fleet"][0]["trace_period_s"] = 4;
    CHECK_THAT(test::error_of(j), Catch::Contains("trace_period_s must exceed the last point's time"));
  }
  SECTION("a speed trace above peak") {
    auto j = fleet_scenario(fleet);
    j["platform"]["fleet"][0]["speed_trace"] = {{0, 1.5}};
    CHECK_THAT(test::error_of(j), Catch::Contains("/platform/fleet/0/speed_trace/0/1: expected a number in (0, 1]"));
  }
  SECTION("a group's micro-batches above the batch size") {
    auto j = fleet_scenario(fleet);
    j["platform"]["fleet"][0]["micro_batches"] = 101;
    CHECK_THAT(test::error_of(j), Catch::Contains("/platform/fleet/0/micro_batches: expected an integer in [1, 100]"));
  }
  SECTION("a missing trace file") {
    auto j = fleet_scenario(fleet);
    j["platform"]["fleet"][0]["downlink_trace"] = "no/such/trace.csv";
    CHECK_THAT(test::error_of(j), Catch::Contains("/platform/fleet/0/downlink_trace: cannot use this trace"));
  }
}

TEST_CASE("trace CSV: header, comments, separators; bad lines are named", "[platform][trace]") {
  const TraceKind mbps{{0, 1e6, "Mbps", true}, 1e6 / 8};
  const Trace t = parse_trace_csv("# a comment\ntime_s,mbps\n0,8\n\n2.5 ; 16  # faster\n", "x.csv", mbps);
  REQUIRE(t.points.size() == 2);
  CHECK(t.points[1].time_s == 2.5);
  CHECK(t.points[1].value == 2e6);
  try {
    parse_trace_csv("0,8\n1,fast\n", "x.csv", mbps);
    FAIL("no error");
  } catch (const InputError& e) {
    CHECK_THAT(std::string(e.what()), Catch::Contains("x.csv: line 2: expected two numbers"));
  }
  CHECK_THROWS_AS(parse_trace_csv("0,-1\n", "x.csv", mbps), InputError);
}

TEST_CASE("server batch efficiency: server tasks cost flops / efficiency(micro-batch)", "[platform][server]") {
  auto j = test::base_scenario(1);
  j["server"]["batch_efficiency"] = {{1, 0.25}, {100, 1.0}};
  j["split"] = {{"split_point", 2}, {"micro_batches", 4}}; // micro-batches of 25
  const Scenario s = test::make(j);
  const double eff25 = 0.25 + 0.75 * (25.0 - 1) / 99;
  CHECK(server_task_flops(s.server, 100, 25) == Approx(100 / eff25).epsilon(1e-12));
  CHECK(server_task_flops(s.server, 100, 1000) == Approx(100));
  const TaskGraph g = build_pipar(s);
  const double srv_fwd = s.profile.forward_flops(2, s.profile.split_units());
  bool seen = false;
  for (TaskId t = 0; t < g.size(); ++t) {
    const Task& task = g.task(t);
    if (g.lane(task.lane).resource == Resource::Server && task.op == Op::Forward) {
      CHECK(task.amount == Approx(25 * srv_fwd / eff25).epsilon(1e-12));
      seen = true;
    }
  }
  CHECK(seen);
}

TEST_CASE("a measured profile becomes flop at the speed of the class it was measured on", "[platform][measured]") {
  auto prof = test::synthetic_profile();
  prof["measured"] = {{"device_class", "raspberry_pi_4"}, {"batch_size", 100}};
  for (size_t i = 0; i < 4; ++i) {
    prof["units"][i]["forward_seconds"] = 1e-3 * static_cast<double>(i + 1);
    prof["units"][i]["backward_seconds"] = 2e-3 * static_cast<double>(i + 1);
  }
  auto j = fleet_scenario(nlohmann::json::array({{{"count", 1}, {"device_class", "raspberry_pi_4"}, {"network", "lte_4g"}},
                                                  {{"count", 1}, {"device_class", "jetson_nano"}, {"network", "lte_4g"}}}));
  j["model"]["profile"] = test::write_json("platform_test_measured_profile.json", prof);
  const Scenario s = test::make(j);
  // platforms/device_classes.json: raspberry_pi_4 at 2e9 flop/s with no per-unit overhead.
  for (int i = 0; i < 4; ++i) {
    CHECK(s.profile.units[static_cast<size_t>(i)].forward_flops == Approx(1e-3 * (i + 1) * 2e9));
    CHECK(s.profile.units[static_cast<size_t>(i)].backward_flops == Approx(2e-3 * (i + 1) * 2e9));
  }
  // A device of the measured class reproduces the measurement; another scales by relative speed.
  const double fwd_all = s.profile.forward_flops(0, 4); // 10 ms per sample on the Pi
  CHECK(fwd_all / s.devices[0].speed == Approx(0.010));
  CHECK(fwd_all / s.devices[1].speed == Approx(0.010 * 2e9 / s.devices[1].speed));

  prof["measured"]["device_class"] = "abacus";
  j["model"]["profile"] = test::write_json("platform_test_measured_profile2.json", prof);
  CHECK_THAT(test::error_of(j), Catch::Contains("/model/profile: the profile was measured on device class \"abacus\""));
}
