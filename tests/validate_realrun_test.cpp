// validate's reading of a measured run (sim/validate/realrun.hpp): the busy times a file leaves out
// are the unions of its timeline's compute operations, as the measurement campaign defined them.
#include "validate/realrun.hpp"

#include "core/error.hpp"
#include "metrics/metrics.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>

using namespace pipar::validate;

namespace {
/// A measured run file of the repository (`folder`: "realrun" or "testbed") and its JSON.
struct RunFixture {
  std::string file;
  nlohmann::json run;
};
RunFixture run_file(const std::string& folder, const std::string& id) {
  RunFixture f{std::string(PIPAR_SOURCE_DIR) + "/tests/data/" + folder + "/" + id + ".json", {}};
  std::ifstream in(f.file);
  f.run = nlohmann::json::parse(in);
  return f;
}
const char* const kPipar = "vgg5_pipar_P2_N4_up10_dn25_B100_K5_R2_d1_r0"; // the campaign's PiPar P = 2 N = 4
} // namespace

TEST_CASE("a run without /derived: busy times are the unions of its timeline's compute operations",
          "[validate]") {
  const std::string dir = std::string(PIPAR_SOURCE_DIR) + "/tests/data/realrun/";
  const auto copy = std::filesystem::temp_directory_path() / "pipar-validate-no-derived.json";
  // An FL run (aggregations only on the server: short, separate operations) and a PiPar run (server
  // and device operations that follow each other back to back).
  for (const char* id : {"vgg5_fl_up10_dn25_B100_K5_R2_d1_r0", "vgg5_pipar_P2_N4_up10_dn25_B100_K5_R2_d1_r0"}) {
    std::ifstream in(dir + id + ".json");
    nlohmann::json run = nlohmann::json::parse(in);
    const double server = run["derived"]["server"]["compute_union_s"].get<double>();
    const double device = run["derived"]["devices"][0]["compute_union_s"].get<double>();
    run.erase("derived");
    std::ofstream(copy) << run.dump();
    const Mechanisms mech;
    const RunComparison with = compare_run(dir + id + ".json", mech);
    const RunComparison without = compare_run(copy.string(), mech);
    INFO(id);
    CHECK(with.server_busy_measured == server);
    CHECK(with.device_busy_measured == device);
    // The campaign's unions, from timestamps it rounded to the microsecond: agreement to 1e-3.
    CHECK(without.server_busy_measured == Approx(server).epsilon(1e-3));
    CHECK(without.device_busy_measured == Approx(device).epsilon(1e-3));
    CHECK(without.server_busy_measured != server); // computed, not read
    CHECK(without.makespan_simulated == with.makespan_simulated);
  }
  std::filesystem::remove(copy);
}

TEST_CASE("validate --timelines: the operations written are the run's and the simulation's own",
          "[validate]") {
  const auto [file, run] = run_file("realrun", kPipar);
  size_t expected = 0; // every timeline entry that is not a wait
  for (const auto& op : run["timeline"])
    expected += op["kind"].get<std::string>().find("wait") == std::string::npos;
  const RunComparison c = compare_run(file, Mechanisms{});
  CHECK(c.measured_ops.size() == expected);
  // The simulated operations carry the simulation's figures: the last ends at its makespan, and the
  // union of the server's and the device's compute operations is its busy time (computed here from
  // the operations, in the metrics from the timeline).
  double last = 0;
  std::vector<std::pair<double, double>> server, device;
  size_t forwards = 0;
  for (const TimelineOp& o : c.simulated_ops) {
    last = std::max(last, o.end);
    if (o.kind.rfind("server_", 0) == 0 || o.kind == "aggregate")
      server.emplace_back(o.start, o.end);
    else if (o.kind.rfind("device_", 0) == 0)
      device.emplace_back(o.start, o.end);
    forwards += o.kind == "device_fwd";
  }
  CHECK(last == Approx(c.makespan_simulated).epsilon(1e-12));
  CHECK(pipar::union_length(server) == Approx(c.server_busy_simulated).epsilon(1e-9));
  CHECK(pipar::union_length(device) == Approx(c.device_busy_simulated).epsilon(1e-9));
  CHECK(forwards == 4u * 5 * 2); // N micro-batches x K iterations x R rounds
}

TEST_CASE("validate: a simulated message starts as a measured one, when it is ready or the one before it "
          "in its direction is delivered",
          "[validate]") {
  // PiPar P = 2 N = 5 at 100 Mbit/s with 5 ms each way: each iteration's five activations queue on the
  // uplink (a device forward, 10-16 ms, is shorter than an upload, 26 ms). In the simulation the link
  // is a pipe: activation k enters it when k - 1 has left, and arrives 5 ms later. The measurement
  // starts it when k - 1 has been delivered (tests/data/realrun/README.md), so k's reported duration is
  // its bytes / bandwidth alone; the first of an iteration pays the latency too. Slow start off, so
  // that every message goes at the link's rate, and the wire's CPU load smooth (no burst makes a
  // forward outlast an upload).
  const auto [file, run] = run_file("testbed", "vgg5_pipar_P2_N5_up100_dn100_lat5_B100_K5_R2_d1_r0");
  double frame = 0; // every activation message of this harness has the same frame size
  for (const auto& op : run["timeline"])
    if (op["kind"] == "upload" && op["what"] == "act")
      frame = op["bytes"].get<double>();
  REQUIRE(frame > 0);
  const double wire_s = frame / (100e6 / 8), latency_s = 0.005;
  Mechanisms mech;
  mech.tcp_initial_window_bytes = 0;
  mech.wire_cpu_cv = 0;
  const RunComparison c = compare_run(file, mech);
  size_t queued = 0, first = 0;
  for (const TimelineOp& o : c.simulated_ops) {
    if (o.kind != "upload_act")
      continue;
    INFO("iteration " << o.iteration << " micro-batch " << o.micro);
    if (o.micro == 0) {
      CHECK(o.end - o.start == Approx(wire_s + latency_s).epsilon(1e-9));
      ++first;
    } else {
      CHECK(o.end - o.start == Approx(wire_s).epsilon(1e-9));
      ++queued;
    }
  }
  CHECK(first == 5u * 2);      // K iterations x R rounds
  CHECK(queued == 4u * 5 * 2); // the other N - 1 of each
  CHECK(c.kind_median.at("upload_act").second == Approx(wire_s).epsilon(1e-9));
}

TEST_CASE("check_run: a timeline entry of the wrong type is the run file's error, as in compare_run",
          "[validate]") {
  auto [file, run] = run_file("realrun", kPipar);
  // The measured side check_run reads is the one compare_run compares with.
  const CheckedRun checked = check_run(file, Mechanisms{});
  CHECK(checked.measured.makespan_measured == run["makespan_s"].get<double>());
  CHECK(checked.measured.measured_ops.size() == compare_run(file, Mechanisms{}).measured_ops.size());
  CHECK(checked.measured.simulated_ops.empty()); // nothing simulated
  // An upload that is a number, not an object: nlohmann's own accessors throw type errors, which
  // must reach the user (and the fuzz target) as InputError naming the file and /timeline.
  const auto copy = std::filesystem::temp_directory_path() / "pipar-validate-bad-timeline.json";
  run["timeline"][0] = 7;
  std::ofstream(copy) << run.dump();
  for (const bool simulate : {false, true}) {
    try {
      if (simulate)
        compare_run(copy.string(), Mechanisms{});
      else
        check_run(copy.string(), Mechanisms{});
      FAIL("no error for a timeline entry that is a number");
    } catch (const pipar::InputError& e) {
      CHECK(e.file() == copy.string());
      CHECK(e.json_path() == "/timeline/0");
    }
  }
  std::filesystem::remove(copy);
}

TEST_CASE("validate refuses a timeline the run's own configuration contradicts, naming the entry",
          "[validate]") {
  const auto [file, run] = run_file("realrun", kPipar);
  size_t fwd = 0, act = 0; // a device forward and an activation upload
  for (size_t i = 0; i < run["timeline"].size(); ++i) {
    const auto& op = run["timeline"][i];
    if (fwd == 0 && op["kind"] == "device_fwd")
      fwd = i;
    if (act == 0 && op["kind"] == "upload" && op["what"] == "act")
      act = i;
  }
  REQUIRE(fwd > 0);
  REQUIRE(act > 0);
  const std::string f = "/timeline/" + std::to_string(fwd), a = "/timeline/" + std::to_string(act);
  struct Case {
    std::string pointer; // what is changed
    nlohmann::json value;
    std::string path, says; // the error's JSON path and part of its message
  };
  const std::vector<Case> cases{
      {f + "/start", -5.0, f + "/start", "at least 0"},      // before t0, the first device forward
      {f + "/dev", 7, f + "/dev", "below /config/devices (1)"}, // one device
      {f + "/it", 999, f + "/it", "below K x R (10)"},
      {f + "/mb", 4, f + "/mb", "below N (4)"},
      {a + "/bytes", 1000.0, a + "/bytes", "at least the payload"}, // 25 samples' activations are 0.4 MB
      {a + "/bytes", -100.0, a + "/bytes", "[1, 1e+12]"},
      {f, nullptr, f, "expected an operation"},
      {"/config/devices", 3, "/config/devices", "3 in the configuration, 1 with"},
  };
  const auto copy = std::filesystem::temp_directory_path() / "pipar-validate-contradiction.json";
  for (const Case& k : cases) {
    nlohmann::json bad = run;
    bad[nlohmann::json::json_pointer(k.pointer)] = k.value;
    std::ofstream(copy) << bad.dump();
    INFO(k.pointer << " = " << k.value.dump());
    try {
      check_run(copy.string(), Mechanisms{});
      FAIL("no error");
    } catch (const pipar::InputError& e) {
      CHECK(e.json_path() == k.path);
      CHECK_THAT(e.detail(), Catch::Contains(k.says));
    }
  }
  // A kind removed: every operation names what it is.
  nlohmann::json bad = run;
  bad["timeline"][fwd].erase("kind");
  std::ofstream(copy) << bad.dump();
  CHECK_THROWS_AS(check_run(copy.string(), Mechanisms{}), pipar::InputError);
  // A kind validate does not compare (an eval pass) is only held within the run, not to K x R or N.
  nlohmann::json eval = run;
  eval["timeline"].push_back({{"kind", "eval"}, {"dev", 0}, {"it", 999}, {"mb", 50}, {"start", 1.0}, {"end", 1.5}});
  std::ofstream(copy) << eval.dump();
  CHECK(check_run(copy.string(), Mechanisms{}).measured.measured_ops.back().kind == "eval");
  std::filesystem::remove(copy);
}
