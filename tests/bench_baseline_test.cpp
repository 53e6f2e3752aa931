// The benchmark's plain S4U program simulates what it claims: with one device nothing is shared, so
// each iteration takes compute + upload + server compute + download; with more devices than server
// cores, the server computes are shared fairly.
#include "bench/baseline.hpp"

#include <catch2/catch.hpp>

using namespace pipar;

namespace {
BaselineSpec spec(int devices, int cores) {
  BaselineSpec b;
  b.devices = devices;
  b.iterations = 3;
  b.server_cores = cores;
  b.server_speed = 1e9;
  b.device_speed = 2e8;
  b.link_bps = 1e6;
  b.latency_s = 0.01;
  b.device_flop = 1e8;
  b.up_bytes = 5e5;
  b.server_flop = 2e9;
  b.down_bytes = 2.5e5;
  return b;
}
} // namespace

TEST_CASE("baseline S4U program: closed forms", "[bench]") {
  // One device: 0.5 s compute, 0.51 s up, 2 s server, 0.26 s down, three times.
  const BaselineResult one = run_baseline_isolated(spec(1, 8));
  CHECK(one.activities == 12);
  CHECK(one.simulated_s == Approx(3 * (0.5 + 0.51 + 2.0 + 0.26)).epsilon(1e-9));
  // Four devices in lockstep, one core: each server compute shares the core four ways (8 s).
  const BaselineResult four = run_baseline_isolated(spec(4, 1));
  CHECK(four.activities == 48);
  CHECK(four.simulated_s == Approx(3 * (0.5 + 0.51 + 8.0 + 0.26)).epsilon(1e-9));
}
