// The calibrate tool's write path: one device class added or replaced, every other byte kept.
#include "core/error.hpp"
#include "model/device_class_file.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

using namespace pipar;

namespace {
DeviceClassEntry entry(double speed) {
  DeviceClassEntry e;
  e.speed_flops = speed;
  e.compute_overhead_s = 0.001;
  e.memory_bytes = 4e9;
  e.source = "test \"quoted\"";
  e.measured = true;
  return e;
}

const std::string kFile = R"({
  "classes": {
    "rpi4": {"speed_flops": 1e9, "compute_overhead_s": 0.0,   "memory_bytes": 4e9, "source": "assumed", "measured": false},
    "server_core": {
      "speed_flops": 2.5e10,
      "compute_overhead_s": 0,
      "memory_bytes": 6.4e10,
      "source": "assumed, {braces} and \"quotes\" in text",
      "measured": false
    }
  }
}
)";
} // namespace

TEST_CASE("a new class is appended after the last entry, the rest byte for byte", "[model][classes]") {
  const std::string out = upsert_device_class(kFile, "c.json", "this_cpu", entry(3e10));
  const std::string tail = "\n  }\n}\n";
  const size_t last_end = kFile.size() - tail.size();
  CHECK(out.substr(0, last_end) == kFile.substr(0, last_end));
  CHECK(out.substr(out.size() - tail.size()) == tail);
  CHECK(out.substr(last_end) == ",\n    \"this_cpu\": " + device_class_json(entry(3e10)) + tail);
  const auto j = nlohmann::json::parse(out);
  CHECK(j["classes"]["this_cpu"]["speed_flops"] == 3e10);
  CHECK(j["classes"]["this_cpu"]["source"] == "test \"quoted\"");
  CHECK(j["classes"]["this_cpu"]["measured"] == true);
}

TEST_CASE("an existing class is replaced in place", "[model][classes]") {
  const std::string out = upsert_device_class(kFile, "c.json", "server_core", entry(1e11));
  const size_t begin = kFile.find("{\n      \"speed_flops\": 2.5e10");
  const size_t end = kFile.find("}", kFile.find("\"measured\": false\n")) + 1;
  CHECK(out == kFile.substr(0, begin) + device_class_json(entry(1e11)) + kFile.substr(end));
  // Replacing the first entry keeps the second.
  const std::string out2 = upsert_device_class(out, "c.json", "rpi4", entry(2e9));
  const auto j = nlohmann::json::parse(out2);
  CHECK(j["classes"].size() == 2);
  CHECK(j["classes"]["rpi4"]["speed_flops"] == 2e9);
  CHECK(j["classes"]["server_core"]["speed_flops"] == 1e11);
  CHECK(out2.find("\"rpi4\": {\"speed_flops\": 2000000000.0,") != std::string::npos);
}

TEST_CASE("empty and missing files get a classes object", "[model][classes]") {
  const auto a = nlohmann::json::parse(upsert_device_class("", "c.json", "x", entry(1e9)));
  CHECK(a["classes"]["x"]["memory_bytes"] == 4e9);
  const std::string out = upsert_device_class("{\"classes\": {}}\n", "c.json", "x", entry(1e9));
  CHECK(nlohmann::json::parse(out)["classes"]["x"]["speed_flops"] == 1e9);
  CHECK_THROWS_AS(upsert_device_class("{\"classes\": [", "c.json", "x", entry(1e9)), InputError);
  CHECK_THROWS_WITH(upsert_device_class("{\"devices\": {}}", "c.json", "x", entry(1e9)),
                    Catch::Contains("c.json: /classes"));
}

TEST_CASE("a replaced class keeps the members calibration does not write", "[model][classes]") {
  const std::string file = R"({"classes": {"cpu": {"speed_flops": 1e9, "idle_w": 6, "measured": false, )"
                           R"("power_source": "ESTIMATE", "busy_w": 20}}})";
  const std::string out = upsert_device_class(file, "c.json", "cpu", entry(3e10));
  const std::string v = device_class_json(entry(3e10));
  CHECK(out == R"({"classes": {"cpu": )" + v.substr(0, v.size() - 1) +
                   R"(, "idle_w": 6, "power_source": "ESTIMATE", "busy_w": 20}}})");
  const auto j = nlohmann::json::parse(out);
  CHECK(j["classes"]["cpu"]["speed_flops"] == 3e10);
  CHECK(j["classes"]["cpu"]["measured"] == true);
  CHECK(j["classes"]["cpu"]["busy_w"] == 20);
}

TEST_CASE("a two-rate class writes its element-wise rate; a one-rate fit over it drops it", "[model][classes]") {
  DeviceClassEntry two = entry(1e11);
  two.elementwise_flops = 2e9;
  const std::string with = upsert_device_class("", "c.json", "cpu", two);
  CHECK(nlohmann::json::parse(with)["classes"]["cpu"]["elementwise_flops"] == 2e9);
  const std::string again = upsert_device_class(with, "c.json", "cpu", entry(6e10));
  CHECK_FALSE(nlohmann::json::parse(again)["classes"]["cpu"].contains("elementwise_flops"));
  CHECK(nlohmann::json::parse(again)["classes"]["cpu"]["speed_flops"] == 6e10);
}
