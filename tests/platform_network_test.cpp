// Network closed forms on the SimGrid platform: a transfer takes L + B/W, a bandwidth step (and a
// periodic trace) ends where the integral of the bandwidth says, a host speed trace likewise, and
// two devices crossing a shared server NIC split it max-min fairly (CM02: equal route latencies
// give equal weights).
#include "eval/critical_path.hpp"
#include "replay/replay.hpp"
#include "run/run_size.hpp"
#include "support.hpp"

#include <catch2/catch.hpp>
#include <cmath>

using namespace pipar;

namespace {

/// A scenario whose platform is `fleet` (a JSON list of groups) and a server with `server_extra`.
Scenario platform_scenario(const nlohmann::json& fleet, const nlohmann::json& server_extra = nlohmann::json::object()) {
  auto j = test::base_scenario();
  j.erase("devices");
  j.erase("server");
  nlohmann::json server = {{"cores", 1}, {"speed_flops_per_core", 1e10}};
  server.update(server_extra);
  j["platform"] = {{"server", server}, {"fleet", fleet}};
  return test::make(j);
}

nlohmann::json group(double up_mbps, double down_mbps, double latency_ms, int count = 1) {
  return {{"count", count}, {"speed_flops", 1e9}, {"uplink_mbps", up_mbps}, {"downlink_mbps", down_mbps},
          {"latency_ms", latency_ms}};
}

/// One task per listed (resource, device, amount), all starting at time 0 on their own lanes.
struct Job {
  Resource r;
  int device;
  double amount;
};
Timeline run_jobs(const Scenario& s, const std::vector<Job>& jobs, Timeline* critical = nullptr) {
  TaskGraph g;
  for (size_t i = 0; i < jobs.size(); ++i) {
    const LaneId l = g.add_lane(jobs[i].r, jobs[i].device, "lane" + std::to_string(i));
    g.add(l, jobs[i].r == Resource::DeviceCpu ? Op::Forward : Op::Activations, jobs[i].amount, 0, 0, {});
  }
  if (critical)
    *critical = critical_path(g, CostModel(g, s));
  return replay_isolated(g, s, {}).timeline;
}

} // namespace

TEST_CASE("platform: a transfer of B bytes over W and latency L takes L + B/W", "[platform][network]") {
  const double B = 3e6;
  const Scenario s = platform_scenario(nlohmann::json::array({group(4, 16, 20)}));
  const Timeline up = run_jobs(s, {{Resource::Uplink, 0, B}});
  CHECK(up.end[0] == Approx(0.020 + B / (4e6 / 8)).epsilon(1e-9));
  const Timeline down = run_jobs(s, {{Resource::Downlink, 0, B}});
  CHECK(down.end[0] == Approx(0.020 + B / (16e6 / 8)).epsilon(1e-9));
}

TEST_CASE("platform: a network preset sets uplink, downlink and latency", "[platform][network]") {
  // platforms/networks.json: lte_4g is 8.6 Mbps up, 27.3 Mbps down, 25 ms.
  const Scenario s = platform_scenario(
      nlohmann::json::array({{{"count", 1}, {"speed_flops", 1e9}, {"network", "lte_4g"}}}));
  const double B = 1e6;
  const Timeline t = run_jobs(s, {{Resource::Uplink, 0, B}, {Resource::Downlink, 0, B}});
  CHECK(t.end[0] == Approx(0.025 + B / (8.6e6 / 8)).epsilon(1e-9));
  CHECK(t.end[1] == Approx(0.025 + B / (27.3e6 / 8)).epsilon(1e-9));
}

TEST_CASE("platform: a transfer across a bandwidth step ends where the closed form says", "[platform][trace]") {
  // W1 = 8 Mbps = 1e6 B/s until t1 = 1 s, then W2 = 2 Mbps = 2.5e5 B/s; latency L = 10 ms.
  // Links are pipes: bytes enter the wire at 0, so by t1 W1 t1 are sent; the rest at W2; the last
  // byte arrives L later: end = t1 + (B - W1 t1) / W2 + L.
  const double W1 = 1e6, W2 = 2.5e5, t1 = 1.0, L = 0.010, B = 2e6;
  auto g = group(8, 8, 10);
  g["uplink_trace"] = {{0, 8}, {t1, 2}};
  const Scenario s = platform_scenario(nlohmann::json::array({g}));
  Timeline cp;
  const Timeline t = run_jobs(s, {{Resource::Uplink, 0, B}}, &cp);
  CHECK(t.end[0] == Approx(t1 + (B - W1 * t1) / W2 + L).epsilon(1e-9));
  // The critical-path evaluator ignores traces: nominal bandwidth throughout.
  CHECK(cp.end[0] == Approx(L + B / W1).epsilon(1e-12));
}

TEST_CASE("platform: a group's devices share its trace, each on its own link", "[platform][trace]") {
  // Same step as above on both devices of a group (one SimGrid profile, two links): same end.
  const double W1 = 1e6, W2 = 2.5e5, t1 = 1.0, L = 0.010, B = 2e6;
  auto g = group(8, 8, 10, 2);
  g["uplink_trace"] = {{0, 8}, {t1, 2}};
  const Scenario s = platform_scenario(nlohmann::json::array({g}));
  const Timeline t = run_jobs(s, {{Resource::Uplink, 0, B}, {Resource::Uplink, 1, B / 2}});
  CHECK(t.end[0] == Approx(t1 + (B - W1 * t1) / W2 + L).epsilon(1e-9));
  CHECK(t.end[1] == Approx(t1 + (B / 2 - W1 * t1) / W2 + L).epsilon(1e-9));
}

TEST_CASE("platform: a periodic bandwidth trace repeats", "[platform][trace]") {
  // 1e6 B/s on [0,1), 2.5e5 on [1,2), again 1e6 on [2,3): 2e6 bytes are done at 2 + 0.75e6/1e6.
  auto g = group(8, 8, 0);
  g["uplink_trace"] = {{0, 8}, {1, 2}};
  g["trace_period_s"] = 2;
  const Scenario s = platform_scenario(nlohmann::json::array({g}));
  const Timeline t = run_jobs(s, {{Resource::Uplink, 0, 2e6}});
  CHECK(t.end[0] == Approx(2.75).epsilon(1e-9));
}

TEST_CASE("platform: a host speed trace throttles a device", "[platform][trace]") {
  // 1e9 flop/s at full speed until 2 s, then half: F = 4e9 flop ends at 2 + (4e9 - 2e9) / 0.5e9 = 6 s.
  auto g = group(8, 8, 0);
  g["speed_trace"] = {{0, 1}, {2, 0.5}};
  const Scenario s = platform_scenario(nlohmann::json::array({g}));
  const Timeline t = run_jobs(s, {{Resource::DeviceCpu, 0, 4e9}});
  CHECK(t.end[0] == Approx(6.0).epsilon(1e-9));
}

TEST_CASE("platform: two devices crossing a shared server NIC share it max-min fairly", "[platform][nic]") {
  // NIC capacity C = 10 Mbps = 1.25e6 B/s each way. Links are pipes (SimGrid links have latency 0,
  // so CM02's weights are equal): bytes flow from time 0 and each transfer arrives L after its wire end.
  const double C = 1.25e6, L = 0.005, B = 1e6;
  SECTION("equal access links: C/2 each, then the survivor gets C") {
    const Scenario s = platform_scenario(nlohmann::json::array({group(10, 10, 5, 2)}), {{"nic_mbps", 10}});
    const Timeline t = run_jobs(s, {{Resource::Uplink, 0, B}, {Resource::Uplink, 1, 2 * B}});
    CHECK(t.end[0] == Approx(L + B / (C / 2)).epsilon(1e-9));
    CHECK(t.end[1] == Approx(L + B / (C / 2) + B / C).epsilon(1e-9));
    const Timeline d = run_jobs(s, {{Resource::Downlink, 0, B}, {Resource::Downlink, 1, B}});
    CHECK(d.end[0] == Approx(L + 2 * B / C).epsilon(1e-9));
    CHECK(d.end[1] == Approx(L + 2 * B / C).epsilon(1e-9));
  }
  SECTION("a narrow access link: that device keeps its C/4, the other takes the remaining 3C/4") {
    const Scenario s = platform_scenario(nlohmann::json::array({group(2.5, 10, 5), group(10, 10, 5)}),
                                         {{"nic_mbps", 10}});
    const Timeline t = run_jobs(s, {{Resource::Uplink, 0, B}, {Resource::Uplink, 1, 3 * B}});
    CHECK(t.end[0] == Approx(L + B / (C / 4)).epsilon(1e-9));
    CHECK(t.end[1] == Approx(L + 3 * B / (3 * C / 4)).epsilon(1e-9));
  }
  SECTION("without a NIC the same transfers do not interact") {
    const Scenario s = platform_scenario(nlohmann::json::array({group(10, 10, 5, 2)}));
    const Timeline t = run_jobs(s, {{Resource::Uplink, 0, B}, {Resource::Uplink, 1, 2 * B}});
    CHECK(t.end[0] == Approx(L + B / C).epsilon(1e-9));
    CHECK(t.end[1] == Approx(L + 2 * B / C).epsilon(1e-9));
  }
}

TEST_CASE("platform: bandwidth traces are refused under a weight-S model (SimGrid 3.32 aborts)", "[platform][trace]") {
  auto g = group(8, 8, 10);
  g["uplink_trace"] = {{0, 8}, {1, 2}};
  const Scenario s = platform_scenario(nlohmann::json::array({g}));
  TaskGraph tg;
  tg.add(tg.add_lane(Resource::Uplink, 0, "up"), Op::Activations, 2e6, 0, 0, {});
  ReplayOptions realistic;
  realistic.realistic_network = true;
  // Refused in the forked replay, and still an InputError in the parent (bad input exits 2).
  CHECK_THROWS_AS(replay_isolated(tg, s, realistic), InputError);
  CHECK_THROWS_WITH(replay_isolated(tg, s, realistic), Catch::Contains("bandwidth traces need network/weight-S = 0"));
  realistic.simgrid_args = {"--cfg=network/weight-S:0"};
  CHECK(replay_isolated(tg, s, realistic).timeline.end[0] > 0);
}

TEST_CASE("platform: the makespan's lower bound with a NIC is the bytes over its rate, below the replay", "[platform][nic]") {
  // Two devices upload 1 MB and 2 MB across a 10 Mbps NIC: at least 3 MB / 1.25e6 B/s = 2.4 s
  // (the critical path alone, 1.6 s + L, ignores the NIC); the replay ends at L + 2.4 s.
  const Scenario s = platform_scenario(nlohmann::json::array({group(10, 10, 5, 2)}), {{"nic_mbps", 10}});
  TaskGraph g;
  g.add(g.add_lane(Resource::Uplink, 0, "up0"), Op::Activations, 1e6, 0, 0, {});
  g.add(g.add_lane(Resource::Uplink, 1, "up1"), Op::Activations, 2e6, 0, 0, {});
  const double cp = critical_path(g, CostModel(g, s), s).makespan();
  CHECK(cp == Approx(0.005 + 2e6 / 1.25e6).epsilon(1e-9));
  const double bound = makespan_lower_bound(g, s, cp);
  CHECK(bound == Approx(3e6 / 1.25e6).epsilon(1e-12));
  CHECK(bound <= replay_isolated(g, s, {}).timeline.makespan());
  CHECK_NOTHROW(check_simulated_time(s, bound, "x", false));
  CHECK_THROWS_WITH(check_simulated_time(s, 2e9, "x", false), Catch::Contains("/platform/fleet") &&
                                                                  Catch::Contains("at least 2e+09 s") &&
                                                                  Catch::Contains("--force"));
  CHECK_NOTHROW(check_simulated_time(s, 2e9, "x", true));
  CHECK_THROWS_WITH(check_simulated_time(s, INFINITY, "x", true), Catch::Contains("forever"));
}
