// The input-hardening mechanisms, one by one: the JSON reader (duplicate keys, depth, numbers
// beyond double, capped echoes), the file reader's cap, --set's index bounds, CSV quoting, name
// sanitising, the sweep's checked product, and the run-size estimate against the graphs built.
#include "core/csv.hpp"
#include "core/files.hpp"
#include "core/json_read.hpp"
#include "core/text.hpp"
#include "run/run_size.hpp"
#include "support.hpp"
#include "sweep/grid.hpp"

#include <catch2/catch.hpp>
#include <fstream>

using namespace pipar;

namespace {
std::string message_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const InputError& e) {
    return e.what();
  }
  return "no error";
}
} // namespace

TEST_CASE("the JSON reader refuses duplicate keys, deep nesting and numbers beyond double", "[core][input]") {
  CHECK(message_of([] { parse_json_text(R"({"a": {"b": [1, {"c": 1, "c": 2}]}})", "f.json"); }) ==
        "f.json: /a/b/1/c: duplicate key (each key may appear once in an object)");
  CHECK(message_of([] { parse_json_text(R"({"a": [0, 1, 1e400]})", "f.json"); }) ==
        "f.json: /a/2: a number beyond the range of a double (about 1.8e308)");
  CHECK(message_of([] { parse_json_text(R"({"a~/b": -1e999})", "f.json"); }) ==
        "f.json: /a~0~1b: a number beyond the range of a double (about 1.8e308)");
  const std::string deep = std::string(100000, '[') + std::string(100000, ']');
  CHECK_THAT(message_of([&] { parse_json_text(deep, "d.json"); }), Catch::Contains("nested deeper than 64 levels"));
  std::string ok = std::string(max_json_depth, '[') + std::string(max_json_depth, ']');
  CHECK_NOTHROW(parse_json_text(ok, "ok.json"));
  // The same key in different objects is fine.
  CHECK_NOTHROW(parse_json_text(R"({"a": {"x": 1}, "b": {"x": 1}, "c": [{"x": 1}, {"x": 2}]})", "f.json"));
}

TEST_CASE("messages echo values capped: containers by size, long strings cut", "[core][input]") {
  CHECK(echo_json(nlohmann::json::array({1, 2, 3})) == "an array of 3 entries");
  CHECK(echo_json(nlohmann::json::object()) == "an object of 0 fields");
  CHECK(echo_json(5) == "5");
  const std::string long_text(5000, 'x');
  CHECK(echo_json(long_text).size() <= 84);
  CHECK(echo("a\nb\xff") == "a\\x0Ab\\xFF");
  CHECK(echo("\xc3\xa9t\xc3\xa9", 3) == "\xc3\xa9t...");  // never cuts a character in two
  auto j = test::base_scenario();
  j["devices"]["count"] = long_text;
  CHECK(test::error_of(j).size() < 300);
}

TEST_CASE("UTF-8 validation and file-name-safe names", "[core][input]") {
  CHECK(valid_utf8("plain"));
  CHECK(valid_utf8("\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80"));
  CHECK_FALSE(valid_utf8("\xff"));
  CHECK_FALSE(valid_utf8("\xc0\xaf"));         // overlong '/'
  CHECK_FALSE(valid_utf8("\xed\xa0\x80"));     // a surrogate
  CHECK_FALSE(valid_utf8("\xe2\x82"));         // cut short
  CHECK(file_name_safe("../../x") == "_._.._x");
  CHECK(file_name_safe("a b,c\"d") == "a_b_c_d");
  CHECK(file_name_safe("") == "_");
  CHECK(file_name_safe(std::string(300, 'a')).size() == 100);
  CHECK(file_name_safe("default") == "default");
}

TEST_CASE("CSV fields are quoted where needed and split back exactly", "[core][csv]") {
  CHECK(csv_field("plain") == "plain");
  CHECK(csv_field("a,b") == "\"a,b\"");
  CHECK(csv_field("say \"hi\"") == "\"say \"\"hi\"\"\"");
  const std::vector<std::string> fields = {"a,b", "", "q\"q", "plain", " spaced "};
  CHECK(csv_split(csv_join(fields)) == fields);
  CHECK(csv_split("a,,b,") == std::vector<std::string>{"a", "", "b", ""});
  CHECK_THROWS_AS(csv_split("\"open"), std::invalid_argument);
  CHECK_THROWS_AS(csv_split("\"a\"b"), std::invalid_argument);
}

TEST_CASE("input files: regular files only, size-capped", "[core][input]") {
  CHECK_THAT(message_of([] { read_input_file("/dev/zero"); }), Catch::Contains("/dev/zero: not a regular file"));
  CHECK_THAT(message_of([] { read_input_file("/tmp"); }), Catch::Contains("/tmp: not a regular file"));
  CHECK_THAT(message_of([] { read_input_file("/nonexistent/x.json"); }), Catch::Contains("cannot open file"));
  const std::string p = test::temp_path("cap.txt");
  std::ofstream(p) << std::string(100, 'x');
  CHECK(read_input_file(p, 100).size() == 100);
  CHECK_THAT(message_of([&] { read_input_file(p, 99); }), Catch::Contains("file too large: 100 bytes, at most 99"));
}

TEST_CASE("overrides walk lists by an index within bounds, and never grow them far", "[scenario][input]") {
  auto j = test::base_scenario();
  apply_override(j, "schedulers.2=sl"); // appends
  CHECK(j["schedulers"].size() == 3);
  apply_override(j, "schedulers.0=sfl");
  CHECK(j["schedulers"][0] == "sfl");
  CHECK(message_of([&] { apply_override(j, "schedulers.1000000000=fl"); }) ==
        "--set: /schedulers: is a list of 3 entries: \"1000000000\" must be an index from 0 to 10000");
  CHECK(message_of([&] { apply_override(j, "schedulers.x=fl"); }) ==
        "--set: /schedulers: is a list of 3 entries: \"x\" must be an index from 0 to 10000");
  CHECK(j["schedulers"].size() == 3);
  apply_override(j, "schedulers.5=fl"); // null entries pad the list (a platform override keeps the file's there)
  CHECK(j["schedulers"] == nlohmann::json::parse(R"(["sfl", "pipar", "sl", null, null, "fl"])"));
  apply_override(j, "platform.fleet.1.count=7"); // absent: a list when the component is a number
  CHECK(j["platform"]["fleet"] == nlohmann::json::parse(R"([null, {"count": 7}])"));
  CHECK_THAT(message_of([&] { apply_override(j, "devices.count.x=1"); }),
             Catch::Contains("--set: /devices/count: is 1, not an object or a list"));
  CHECK_THAT(message_of([&] { apply_override(j, "name=\xff"); }), Catch::Contains("not valid UTF-8"));
  CHECK_THAT(message_of([&] { apply_override(j, R"(devices={"a": 1, "a": 2})"); }),
             Catch::Contains("/a: duplicate key"));
  apply_override(j, "new.deep.key=1"); // absent objects are created
  CHECK(j["new"]["deep"]["key"] == 1);
}

TEST_CASE("scenario names: refused unless UTF-8 text without control characters", "[scenario][input]") {
  auto j = test::base_scenario();
  j["name"] = "a\nb";
  CHECK_THAT(test::error_of(j), Catch::Contains("test.json: /name: expected 1 to 200 bytes"));
  j["name"] = "";
  CHECK_THAT(test::error_of(j), Catch::Contains("/name"));
  j["name"] = "../../x, \"y\"";
  CHECK(test::error_of(j) == "no error"); // allowed: the folder name is made safe, the CSVs quote it
  auto k = test::base_scenario();
  k.erase("name");
  CHECK_THAT(test::error_of(k, "dir/\xff.json"), Catch::Contains("(the default is the file name)"));
}

TEST_CASE("duplicate schedulers are refused", "[scenario][input]") {
  auto j = test::base_scenario();
  j["schedulers"] = {"fl", "pipar", "fl"};
  CHECK_THAT(test::error_of(j), Catch::Contains("/schedulers/2: scheduler \"fl\" is listed twice"));
  j["schedulers"] = {"all", "sl"};
  CHECK_THAT(test::error_of(j), Catch::Contains("/schedulers/1: scheduler \"sl\" is listed twice"));
}

TEST_CASE("the sweep's run count is a checked product", "[sweep][input]") {
  std::vector<sweep::GridAxis> axes(4);
  for (auto& a : axes) {
    a.key = "k";
    a.values.resize(65536, "1");
  }
  // 65,536^4 wraps a 64-bit count to 0: refused, not run as nothing.
  CHECK_THAT(message_of([&] { sweep::expand(axes, {"fl"}); }), Catch::Contains("more than 1000000 runs"));
  axes.resize(1);
  axes[0].values.resize(500000, "1");
  CHECK_THAT(message_of([&] { sweep::expand(axes, {"fl", "pipar", "sl"}); }),
             Catch::Contains("500000 x 3 scheduler(s)"));
  CHECK(sweep::expand(axes, {"fl", "pipar"}).size() == 1000000);
}

TEST_CASE("the run-size estimate bounds the graph each scheduler builds", "[run][input]") {
  for (const int devices : {1, 3})
    for (const int samples : {100, 350})
      for (const char* every : {"epoch", "2"}) {
        auto j = test::base_scenario(devices);
        j["devices"]["samples"] = samples;
        j["training"]["epochs"] = 2;
        j["training"]["aggregate_every"] = std::string(every) == "epoch" ? nlohmann::json("epoch") : nlohmann::json(2);
        const Scenario s = test::make(j);
        for (const auto& e : scheduler_registry()) {
          const double built = static_cast<double>(e.build(s).size());
          const double estimate = estimate_tasks(s, e);
          INFO(e.name << ": " << devices << " devices, " << samples << " samples, every " << every << ": built "
                      << built << ", estimated " << estimate);
          CHECK(estimate >= built);
          CHECK(estimate <= 1.6 * built);
        }
      }
}

TEST_CASE("device counts beyond a scheduler's graph are refused before building", "[run][input]") {
  CHECK(max_devices_for(*find_scheduler("fl")) == static_cast<long long>(max_task_dependencies));
  CHECK(max_devices_for(*find_scheduler("pipar")) == static_cast<long long>(max_task_dependencies) / 2);
  auto j = test::base_scenario(1);
  const Scenario s = test::make(j);
  CHECK_NOTHROW(check_run_size(s, s.schedulers, false));
  // 32-bit dependency counts: every scheduler supports the documented 10^6 devices, so no valid
  // scenario reaches the per-scheduler limit (it is still derived and checked, should it shrink).
  for (const auto& e : scheduler_registry())
    CHECK(max_devices_for(e) >= 1000000);
  j["training"]["epochs"] = 100000;
  j["devices"]["samples"] = 10000; // 100 iterations an epoch: 3e7 tasks
  const Scenario longer = test::make(j);
  CHECK_THAT(message_of([&] { check_run_size(longer, {"fl"}, false); }),
             Catch::Contains("/training/epochs: a run of fl would build about"));
  CHECK_NOTHROW(check_run_size(longer, {"fl"}, true));
}
