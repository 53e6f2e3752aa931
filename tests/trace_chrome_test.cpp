// The Chrome/Perfetto trace: valid JSON, exactly one complete event per task, at the replayed times.
#include "replay/replay.hpp"
#include "sched/registry.hpp"
#include "support.hpp"
#include "trace/chrome_trace.hpp"

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <sstream>

using namespace pipar;

TEST_CASE("trace JSON parses and holds exactly one event per task", "[trace]") {
  const Scenario s = test::make(test::base_scenario(2));
  for (const auto& e : scheduler_registry()) {
    INFO(e.name);
    const TaskGraph g = e.build(s);
    const Timeline tl = replay_isolated(g, s, {}).timeline;
    std::ostringstream text;
    write_chrome_trace(text, g, tl, "test \"quoted\"");
    const nlohmann::json j = nlohmann::json::parse(text.str());
    CHECK(j.at("otherData").at("title") == "test \"quoted\"");
    CHECK(j.at("displayTimeUnit") == "ms");
    std::vector<int> seen(g.size(), 0);
    size_t complete = 0;
    for (const auto& ev : j.at("traceEvents")) {
      if (ev.at("ph") != "X")
        continue;
      ++complete;
      const auto t = ev.at("args").at("task").get<TaskId>();
      REQUIRE(t < g.size());
      ++seen[t];
      if (g.lane(g.task(t).lane).device >= 0 || g.task(t).op == Op::Aggregate)
        CHECK(ev.at("name") == g.label(t));
      else // SL's shared server lane: the label with the device served
        CHECK(ev.at("name").get<std::string>().find(" d") != std::string::npos);
      CHECK(ev.at("ts").get<double>() == Approx(tl.start[t] * 1e6).margin(1e-6));
      CHECK(ev.at("dur").get<double>() == Approx((tl.end[t] - tl.start[t]) * 1e6).margin(1e-6));
    }
    CHECK(complete == g.size());
    CHECK(std::count(seen.begin(), seen.end(), 1) == static_cast<long>(g.size()));
  }
}

TEST_CASE("Paje: SimGrid's own tracing flags pass through and write a trace file", "[trace][paje]") {
  const Scenario s = test::make(test::base_scenario(1));
  const std::string file = test::temp_path("paje-test.trace");
  std::filesystem::remove(file);
  ReplayOptions opt;
  opt.simgrid_args = {"--cfg=tracing:yes", "--cfg=tracing/filename:" + file, "--cfg=tracing/platform:yes",
                      "--cfg=tracing/uncategorized:yes"};
  const TaskGraph g = build_pipar(s);
  replay_isolated(g, s, opt);
  REQUIRE(std::filesystem::exists(file));
  std::ifstream in(file);
  std::string first;
  std::getline(in, first);
  CHECK(first.rfind("#", 0) == 0); // a Paje header
  CHECK(std::filesystem::file_size(file) > 1000);
}
