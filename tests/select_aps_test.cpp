// APS against independent derivations: its pipeline estimate equals the critical-path evaluator on
// build_pipar's graph for one device and one iteration (aggregation excluded: the end of the last
// device backward), and its choice equals the argmin, found by brute force here, of that estimate
// over P with the paper's N computed here from the profile's numbers.
#include "eval/critical_path.hpp"
#include "sched/registry.hpp"
#include "select/aps.hpp"
#include "select/candidates.hpp"
#include "select/pipeline.hpp"
#include "support.hpp"

#include <catch2/catch.hpp>
#include <cmath>

using namespace pipar;

namespace {

/// Critical path of one PiPar iteration of one device: end of its last device backward.
double critical_path_iteration(const Scenario& s) {
  const TaskGraph g = build_pipar(s);
  const Timeline tl = critical_path(g, CostModel(g, s));
  double end = 0;
  for (TaskId t = 0; t < g.size(); ++t)
    if (g.task(t).op == Op::Backward && g.lane(g.task(t).lane).resource == Resource::DeviceCpu)
      end = std::max(end, tl.end[t]);
  return end;
}

nlohmann::json one_iteration(int P, int N, double up_mbps) {
  auto j = test::base_scenario(1);
  j["devices"]["samples"] = 100; // = batch_size: one iteration
  j["devices"]["uplink_mbps"] = up_mbps;
  j["devices"]["downlink_mbps"] = 2.5 * up_mbps;
  j["split"] = {{"split_point", P}, {"micro_batches", N}};
  return j;
}

} // namespace

TEST_CASE("APS estimate equals the critical path of one device's iteration", "[select][aps]") {
  int cases = 0;
  for (int P : {1, 2, 3})
    for (int N : {1, 3, 4, 7, 50, 100}) // 3 and 7: uneven micro-batches
      for (double up : {1.0, 10.0, 100.0}) {
        const Scenario s = test::make(one_iteration(P, N, up));
        INFO("P=" << P << " N=" << N << " uplink=" << up);
        CHECK(select::iteration_estimate(s, s.devices[0], P, N) ==
              Approx(critical_path_iteration(s)).epsilon(1e-12));
        ++cases;
      }
  CHECK(cases == 54);
}

TEST_CASE("APS estimate with hand-offs and send delays equals the critical path of one iteration", "[select][aps]") {
  int cases = 0, slower = 0;
  for (int P : {1, 3})
    for (int N : {1, 3, 10})
      for (double up : {1.0, 100.0}) {
        auto j = one_iteration(P, N, up);
        j["communication"] = {{"handoff_s", 0.0005}, {"send_delay_s", 0.0004}, {"send_delay_per_byte_s", 2e-9}};
        const Scenario s = test::make(j);
        auto j0 = j;
        j0["communication"] = nlohmann::json::object();
        INFO("P=" << P << " N=" << N << " uplink=" << up);
        const double est = select::iteration_estimate(s, s.devices[0], P, N);
        CHECK(est == Approx(critical_path_iteration(s)).epsilon(1e-12));
        const double without = select::iteration_estimate(test::make(j0), s.devices[0], P, N);
        CHECK(est >= without); // they cost time where the links are on the critical path, else nothing
        slower += est > without;
        ++cases;
      }
  CHECK(cases == 12);
  CHECK(slower >= 6);
}

TEST_CASE("APS N: the paper's ratio, capped at min(B/2, 100) and rounded to a divisor of B", "[select][aps]") {
  CHECK(select::micro_batch_cap(100) == 50);
  CHECK(select::micro_batch_cap(400) == 100);
  CHECK(select::micro_batch_cap(1) == 1);
  CHECK(select::micro_batch_candidates(100, 1000) == std::vector<int>{1, 2, 4, 5, 10, 20, 25, 50});
  CHECK(select::micro_batch_candidates(100, 20) == std::vector<int>{1, 2, 4, 5, 10, 20});
  CHECK(select::round_to_divisor(100, 80, 20) == 20); // a device with 20 samples: batches of 20
  CHECK(select::round_to_divisor(100, 3) == 2);   // 2 and 4 tie: the smaller
  CHECK(select::round_to_divisor(100, 7) == 5);
  CHECK(select::round_to_divisor(100, 80) == 50); // above the cap
  CHECK(select::round_to_divisor(97, 9) == 1);    // a prime batch: only N = 1 divides it

  // By hand for the synthetic profile at P = 1, 10 Mbps up / 25 down, 5 ms, B = 100, 1 Gflop/s device,
  // 20 Gflop/s server core: device fwd 100 x 2e6 / 1e9 = 0.2 s, bwd 0.4 s; up 0.005 + 100 x 16392 /
  // 1.25e6 = 1.31636 s; server fwd 100 x 8e6 / 2e10 = 0.04 s, bwd 0.08 s; down 0.005 + 100 x 16384 /
  // 3.125e6 = 0.529288 s. Ratio = 1.965648 / 0.2 = 9.83 -> ceil 10 + 1 = 11 -> nearest divisor 10.
  const Scenario s = test::make(test::base_scenario(1));
  CHECK(select::aps_raw_micro_batches(s, s.devices[0], 1) == 11);
  CHECK(select::aps_micro_batches(s, s.devices[0], 1) == 10);

  // With 7 samples a device's batches hold 7: no candidate and no APS N above that.
  auto j = test::base_scenario(1);
  j["devices"]["samples"] = 7;
  const Scenario few = test::make(j);
  CHECK(select::max_micro_batches(few) == 7);
  CHECK(select::micro_batch_candidates(few) == std::vector<int>{1, 2, 4, 5});
  CHECK(select::aps_micro_batches(few, few.devices[0], 1) == 5);
  for (const select::SplitPN& pn : select::feasible_candidates(few))
    CHECK(pn.N <= 7);
}

TEST_CASE("APS picks the argmin over P of the critical-path estimate at the paper's N", "[select][aps]") {
  for (double up : {0.5, 10.0, 1000.0}) {
    const nlohmann::json base = one_iteration(1, 1, up);
    const Scenario s0 = test::make(base);
    const Profile& p = s0.profile;
    const int L = p.split_units(), B = 100;
    const DeviceSpec& d = s0.devices[0];
    int best_P = 0;
    double best = 0;
    for (int P = 1; P <= L - 1; ++P) {
      // The paper's N from the profile's numbers, for the whole batch.
      const double act = p.activation_bytes_at(P);
      const double up_s = d.latency_s + B * (act + p.label_bytes) / d.uplink_bps;
      const double down_s = d.latency_s + B * act / d.downlink_bps;
      const double srv = B * (p.forward_flops(P, L) + p.backward_flops(P, L)) / s0.server.speed_per_core;
      const double dev = B * std::min(p.forward_flops(0, P), p.backward_flops(0, P)) / d.speed;
      const int raw = static_cast<int>(std::ceil((up_s + srv + down_s) / dev)) + 1;
      int N = 1;
      for (int k = 1; k <= 50; ++k)
        if (B % k == 0 && std::abs(k - raw) < std::abs(N - raw))
          N = k;
      nlohmann::json j = base;
      j["split"] = {{"split_point", P}, {"micro_batches", N}};
      const double est = critical_path_iteration(test::make(j));
      if (best_P == 0 || est < best) {
        best_P = P;
        best = est;
      }
    }
    const select::SplitChoice c = select::select_aps(s0);
    INFO("uplink " << up << " Mbps");
    CHECK(c.common.P == best_P);
    CHECK(c.estimate_s == Approx(best).epsilon(1e-12));
  }
}
