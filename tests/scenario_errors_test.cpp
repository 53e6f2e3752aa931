// Bad input never yields a result: each error names the file, the JSON path and what was expected.
#include "core/json_read.hpp"
#include "support.hpp"

#include <catch2/catch.hpp>

using namespace pipar;

TEST_CASE("scenario errors name the JSON path and the expected range", "[scenario][errors]") {
  auto j = test::base_scenario();
  SECTION("negative bandwidth") {
    j["devices"]["uplink_mbps"] = -5;
    const auto msg = test::error_of(j);
    CHECK_THAT(msg, Catch::Contains("test.json: /devices/uplink_mbps"));
    CHECK_THAT(msg, Catch::Contains("(0, 1e+06] Mbps"));
  }
  SECTION("unknown field") {
    j["devices"]["colour"] = "blue";
    const auto msg = test::error_of(j);
    CHECK_THAT(msg, Catch::Contains("/devices/colour: unknown field"));
    CHECK_THAT(msg, Catch::Contains("uplink_mbps"));
  }
  SECTION("split point out of range") {
    j["split"]["split_point"] = 4; // the profile has 4 units: P must be in [1, 3]
    CHECK_THAT(test::error_of(j), Catch::Contains("/split/split_point: expected an integer in [1, 3]"));
  }
  SECTION("more micro-batches than a device has samples") { // its batches hold 3: N = 50 would never run
    j["devices"]["samples"] = 3;
    j["split"]["micro_batches"] = 50;
    CHECK_THAT(test::error_of(j), Catch::Contains("/split/micro_batches: expected an integer in [1, 3]"));
    CHECK_THAT(test::error_of(j), Catch::Contains("every device's samples"));
    j["split"]["micro_batches"] = 3;
    CHECK(test::error_of(j) == "no error");
  }
  SECTION("a group's own N above its samples") {
    j["platform"] = {{"server", j["server"]},
                     {"fleet", {{{"count", 1}, {"speed_flops", 1e9}, {"uplink_mbps", 10}, {"downlink_mbps", 25},
                                 {"samples", 4}, {"micro_batches", 5}}}}};
    j.erase("devices");
    j.erase("server");
    CHECK_THAT(test::error_of(j), Catch::Contains("/platform/fleet/0/micro_batches: expected an integer in [1, 4]"));
  }
  SECTION("more micro-batches than samples in a batch") {
    j["split"]["micro_batches"] = 101;
    CHECK_THAT(test::error_of(j), Catch::Contains("/split/micro_batches: expected an integer in [1, 100]"));
  }
  SECTION("unknown scheduler lists the valid ones") {
    j["schedulers"] = {"fl", "magic"};
    CHECK_THAT(test::error_of(j), Catch::Contains("/schedulers: unknown scheduler \"magic\"; valid values are: fl"));
  }
  SECTION("wrong type") {
    j["devices"]["count"] = "four";
    CHECK_THAT(test::error_of(j), Catch::Contains("/devices/count: expected an integer"));
  }
  SECTION("fractional device count") {
    j["devices"]["count"] = 2.5;
    CHECK_THAT(test::error_of(j), Catch::Contains("/devices/count"));
  }
  SECTION("missing required field") {
    j["server"].erase("speed_flops_per_core");
    CHECK_THAT(test::error_of(j), Catch::Contains("/server/speed_flops_per_core: is required but missing"));
  }
}

TEST_CASE("malformed JSON reports line and column", "[scenario][errors]") {
  try {
    parse_json_text("{\n  \"name\": \"x\",\n  \"devices\": {,}\n}", "bad.json");
    FAIL("no error");
  } catch (const InputError& e) {
    CHECK_THAT(std::string(e.what()), Catch::Contains("bad.json: invalid JSON at line 3"));
  }
}

TEST_CASE("overrides (--set) change fields by dotted path", "[scenario]") {
  auto j = test::base_scenario();
  apply_override(j, "devices.uplink_mbps=3.5");
  apply_override(j, "schedulers=[\"pipar\"]");
  apply_override(j, "name=sweep-1");
  const Scenario s = test::make(j);
  CHECK(s.devices[0].uplink_bps == Approx(3.5e6 / 8));
  CHECK(s.schedulers == std::vector<std::string>{"pipar"});
  CHECK(s.name == "sweep-1");
  CHECK_THROWS_AS(apply_override(j, "novalue"), InputError);
}

TEST_CASE("an error in a value --set put there says it came from the command line", "[scenario][errors]") {
  const std::string file = std::string(PIPAR_SOURCE_DIR) + "/scenarios/default.json";
  const auto error_of = [&](const std::vector<std::string>& overrides) {
    try {
      load_scenario(file, overrides);
    } catch (const InputError& e) {
      CHECK(e.file() == file); // still the scenario's file and path, as every error names them
      return std::string(e.what());
    }
    FAIL("no error");
    return std::string();
  };
  CHECK_THAT(error_of({"devices.uplink_mbps=-5"}),
             Catch::Contains("/devices/uplink_mbps: expected a number in (0, 1e+06] Mbps, got -5 (set on the "
                             "command line: devices.uplink_mbps=-5)"));
  CHECK_THAT(error_of({"devices.uplink_mpbs=5"}),
             Catch::Contains("/devices/uplink_mpbs: unknown field") &&
                 Catch::Contains("(set on the command line: devices.uplink_mpbs=5)"));
  // A whole section replaced: what it lacks is the override's too.
  CHECK_THAT(error_of({"devices={\"count\": 2}"}),
             Catch::Contains("/devices/speed_flops") && Catch::Contains("command line: devices={\"count\": 2}"));
  // An override elsewhere is not blamed for the file's own value.
  const std::string other = error_of({"devices.uplink_mbps=5", "split.split_point=99"});
  CHECK_THAT(other, Catch::Contains("/split/split_point") && Catch::Contains("split.split_point=99"));
  CHECK_THAT(other, !Catch::Contains("devices.uplink_mbps=5"));
}
