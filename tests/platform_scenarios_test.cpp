// The platform scenarios shipped in scenarios/ load, and carry what their platform files say.
#include "platform/catalog.hpp"
#include "scenario/scenario.hpp"

#include <catch2/catch.hpp>

using namespace pipar;

TEST_CASE("each network-preset scenario loads with its preset's links", "[platform][scenarios]") {
  const auto presets = load_networks("platforms/networks.json");
  REQUIRE(presets.size() == 5);
  for (const auto& kv : presets) {
    const Scenario s = load_scenario("scenarios/net_" + kv.first + ".json");
    INFO(kv.first);
    REQUIRE(s.devices.size() == 4);
    CHECK(s.devices[0].network == kv.first);
    CHECK(s.devices[0].uplink_bps == kv.second.uplink_bps);
    CHECK(s.devices[0].downlink_bps == kv.second.downlink_bps);
    CHECK(s.devices[0].latency_s == kv.second.latency_s);
  }
}

TEST_CASE("the heterogeneous and changing-bandwidth scenarios load", "[platform][scenarios]") {
  const Scenario mix = load_scenario("scenarios/hetero_fleet.json");
  REQUIRE(mix.devices.size() == 25);
  CHECK(mix.devices[0].device_class == "raspberry_pi_4");
  CHECK(mix.devices[19].split_point == 0);
  CHECK(mix.devices[20].device_class == "jetson_nano");
  CHECK(mix.devices[20].split_point == 2); // the scenario's override of the file's second group
  CHECK(mix.devices[24].micro_batches == 10);
  CHECK(mix.server.nic_bps == Approx(1000e6 / 8));
  CHECK_FALSE(mix.server.batch_efficiency.empty());

  const Scenario trace = load_scenario("scenarios/bandwidth_trace.json");
  REQUIRE(trace.devices.size() == 4);
  REQUIRE(trace.devices[0].uplink_trace);
  CHECK(trace.devices[0].uplink_trace->period_s == 3600);
  CHECK(trace.devices[0].uplink_trace->points.front().value == Approx(8.6e6 / 8));

  const Scenario f20 = load_scenario("scenarios/fleet20_trace.json");
  REQUIRE(f20.devices.size() == 20);
  CHECK(f20.devices[11].group == "pi4-4g-trace");
  CHECK(f20.devices[11].downlink_trace);
  CHECK(f20.devices[12].group == "nano-wifi");
  CHECK_FALSE(f20.devices[12].uplink_trace);
  CHECK(f20.devices[19].samples == 7500);
}
