// Links as pipes (eval/comm_costs.hpp): a transfer holds its link for bytes / bandwidth and arrives a
// latency later, so back-to-back messages overlap their latencies; and with the communication's CPU
// cost and hand-off latency on, a single device's SimGrid replay still equals the critical path.
#include "eval/critical_path.hpp"
#include "replay/event_engine.hpp"
#include "replay/replay.hpp"
#include "sched/registry.hpp"
#include "support.hpp"

#include <catch2/catch.hpp>
#include <cmath>

using namespace pipar;

namespace {

double max_gap(const Timeline& a, const Timeline& b) {
  double gap = 0;
  for (size_t t = 0; t < a.end.size(); ++t)
    gap = std::max({gap, std::abs(a.end[t] - b.end[t]), std::abs(a.start[t] - b.start[t])});
  return gap;
}

struct Lanes {
  LaneId cpu, up, srv;
};
/// Device 0's CPU and uplink and the server lane serving it, added to g in that order.
Lanes one_device(TaskGraph& g) {
  return {g.add_lane(Resource::DeviceCpu, 0, "d0.cpu"), g.add_lane(Resource::Uplink, 0, "d0.up"),
          g.add_lane(Resource::Server, 0, "server.r0")};
}

/// base_scenario(1) with the wire's CPU load c (s per byte) and a latency.
nlohmann::json wire_scenario(double latency_ms, double c) {
  auto j = test::base_scenario(1);
  j["devices"]["latency_ms"] = latency_ms;
  j["communication"] = {{"wire_cpu_per_byte_s", c}};
  return j;
}

/// One device split at P into N micro-batches, 12 ms of latency, aggregation every 2 iterations and
/// a 2 ms model load, with the given communication block: the cases both evaluators must agree on.
nlohmann::json one_device_case(int P, int N, const nlohmann::json& communication) {
  auto j = test::base_scenario(1);
  j["split"] = {{"split_point", P}, {"micro_batches", N}};
  j["devices"]["latency_ms"] = 12;
  j["training"]["aggregate_every"] = 2;
  j["training"]["model_load_fixed_s"] = 0.002;
  j["communication"] = communication;
  return j;
}

/// The device sends while it computes: f0 (10 ms at 1e9 flop/s) -> u0 (125,000 bytes, 100 ms at 10
/// Mbit/s) on the uplink, while f1 (100 ms) runs on the CPU.
struct SendWhileComputing {
  TaskId f0, u0, f1;
};
SendWhileComputing send_while_computing(TaskGraph& g, const Lanes& l) {
  const TaskId f0 = g.add(l.cpu, Op::Forward, 1e7, 0, 0, {});
  const TaskId u0 = g.add(l.up, Op::Activations, 125000, 0, 0, {f0});
  return {f0, u0, g.add(l.cpu, Op::Forward, 1e8, 0, 1, {})};
}

/// send_while_computing, then f1's message u1 (125,000 bytes) and s0 (100 ms at 2e10 flop/s on the
/// server) on u0's arrival.
struct SendTwice {
  TaskId f0, u0, f1, u1, s0;
};
SendTwice send_twice(TaskGraph& g, const Lanes& l) {
  const auto [f0, u0, f1] = send_while_computing(g, l);
  const TaskId u1 = g.add(l.up, Op::Activations, 125000, 0, 1, {f1});
  return {f0, u0, f1, u1, g.add(l.srv, Op::Forward, 2e9, 0, 0, {u0})};
}

/// Seconds the compute tasks of a timeline take, summed.
double compute_seconds(const TaskGraph& g, const Timeline& tl) {
  double sum = 0;
  for (TaskId t = 0; t < g.size(); ++t)
    if (!is_transfer(g.lane(g.task(t).lane).resource))
      sum += tl.end[t] - tl.start[t];
  return sum;
}

} // namespace

TEST_CASE("links are pipes: N back-to-back messages of b bytes arrive at L + k b / W", "[comm][pipe]") {
  for (double lat_ms : {0.0, 10.0, 250.0}) {
    auto j = test::base_scenario(1);
    j["devices"]["latency_ms"] = lat_ms;
    const Scenario s = test::make(j);
    const double L = lat_ms / 1000, b = 50000, W_up = 10e6 / 8, W_down = 25e6 / 8;
    const int N = 7;
    TaskGraph g;
    const LaneId up = g.add_lane(Resource::Uplink, 0, "d0.up");
    const LaneId down = g.add_lane(Resource::Downlink, 0, "d0.down");
    for (int k = 0; k < N; ++k) {
      g.add(up, Op::Activations, b, 0, static_cast<std::uint16_t>(k), {});
      g.add(down, Op::Gradients, b, 0, static_cast<std::uint16_t>(k), {});
    }
    const Timeline cp = critical_path(g, CostModel(g, s));
    const Timeline rep = replay_isolated(g, s, {}).timeline;
    for (int k = 1; k <= N; ++k) {
      INFO("latency " << lat_ms << " ms, message " << k);
      const auto tu = static_cast<TaskId>(2 * (k - 1)), td = tu + 1;
      CHECK(cp.end[tu] == Approx(L + k * b / W_up).epsilon(1e-12));
      CHECK(cp.end[td] == Approx(L + k * b / W_down).epsilon(1e-12));
      CHECK(rep.end[tu] == Approx(L + k * b / W_up).epsilon(1e-9));
      CHECK(rep.end[td] == Approx(L + k * b / W_down).epsilon(1e-9));
      // The next message enters the wire when the previous one's last byte has, not when it arrives.
      CHECK(rep.start[tu] == Approx((k - 1) * b / W_up).margin(1e-12));
    }
  }
}

TEST_CASE("a compute task waits for the arrival and the hand-off of the message it needs", "[comm][pipe]") {
  auto j = test::base_scenario(1);
  j["devices"]["latency_ms"] = 20;
  j["communication"] = {{"handoff_s", 0.003}};
  const Scenario s = test::make(j);
  TaskGraph g;
  const auto [cpu, up, srv] = one_device(g);
  const TaskId f = g.add(cpu, Op::Forward, 1e7, 0, 0, {});          // 10 ms at 1e9 flop/s
  const TaskId u = g.add(up, Op::Activations, 125000, 0, 0, {f});   // 100 ms at 10 Mbps
  const TaskId sf = g.add(srv, Op::Forward, 2e8, 0, 0, {u});        // 10 ms at 2e10 flop/s
  const double u_end = 0.010 + 0.100 + 0.020, sf_start = u_end + 0.003;
  for (const Timeline& t : {critical_path(g, CostModel(g, s)), replay_isolated(g, s, {}).timeline}) {
    CHECK(t.start[u] == Approx(0.010).epsilon(1e-9)); // hand-offs apply to compute tasks only
    CHECK(t.end[u] == Approx(u_end).epsilon(1e-9));   // the arrival
    CHECK(t.start[sf] == Approx(sf_start).epsilon(1e-9));
    CHECK(t.end[sf] == Approx(sf_start + 0.010).epsilon(1e-9));
  }
}

TEST_CASE("a message enters its link a send delay after its producer ends; queued, it waits for the link only",
          "[comm][pipe]") {
  // 20 ms of latency, a send delay of 2 ms + 10 ns per byte: 3.25 ms for 125,000 bytes (100 ms at
  // 10 Mbit/s). f0 (10 ms) -> u0 on the wire 13.25..113.25 ms, arrived at 133.25. f1 (10 ms) ends at
  // 20 ms: u1 would be ready at 23.25 but the link carries u0 until 113.25, so u1 starts then (the
  // delay hidden) and arrives at 233.25; the server's forward on u1 starts there (no hand-off).
  auto j = test::base_scenario(1);
  j["devices"]["latency_ms"] = 20;
  j["communication"] = {{"send_delay_s", 0.002}, {"send_delay_per_byte_s", 1e-8}};
  const Scenario s = test::make(j);
  TaskGraph g;
  const auto [cpu, up, srv] = one_device(g);
  const TaskId f0 = g.add(cpu, Op::Forward, 1e7, 0, 0, {});
  const TaskId u0 = g.add(up, Op::Activations, 125000, 0, 0, {f0});
  const TaskId f1 = g.add(cpu, Op::Forward, 1e7, 0, 1, {});
  const TaskId u1 = g.add(up, Op::Activations, 125000, 0, 1, {f1});
  const TaskId sf = g.add(srv, Op::Forward, 2e8, 0, 1, {u1});
  // A message passed on as it arrives (a model a device sends back without training) is sent alike.
  const LaneId down = g.add_lane(Resource::Downlink, 0, "d0.down");
  const TaskId d0 = g.add(down, Op::ModelDown, 312500, 0, 0, {u0}); // 100 ms at 25 Mbit/s
  const double delay = 0.002 + 1e-8 * 125000;
  for (const Timeline& t : {critical_path(g, CostModel(g, s)), replay_isolated(g, s, {}).timeline}) {
    CHECK(t.start[u0] == Approx(0.010 + delay).epsilon(1e-9));
    CHECK(t.end[u0] == Approx(0.010 + delay + 0.100 + 0.020).epsilon(1e-9));
    CHECK(t.start[u1] == Approx(0.010 + delay + 0.100).epsilon(1e-9)); // the link, not f1's end + delay
    CHECK(t.end[u1] == Approx(0.010 + delay + 0.200 + 0.020).epsilon(1e-9));
    CHECK(t.start[sf] == Approx(t.end[u1]).epsilon(1e-12)); // compute tasks get no send delay
    CHECK(t.start[d0] == Approx(t.end[u0] + 0.002 + 1e-8 * 312500).epsilon(1e-9));
    CHECK(t.end[d0] == Approx(t.start[d0] + 0.100 + 0.020).epsilon(1e-9));
  }
  // Without it the same graph starts u0 at f0's end.
  j["communication"] = nlohmann::json::object();
  CHECK(critical_path(g, CostModel(g, test::make(j))).start[u0] == Approx(0.010).epsilon(1e-12));
}

TEST_CASE("communication CPU cost and hand-offs: one device's replay equals the critical path", "[comm][replay]") {
  int cases = 0;
  for (int P : {1, 3})
    for (int N : {1, 4, 7}) {
      const Scenario s = test::make(one_device_case(
          P, N, {{"header_bytes", 110}, {"cpu_per_message_s", 0.0015}, {"cpu_per_byte_s", 2e-9}, {"handoff_s", 0.0005},
                 {"send_delay_s", 0.0004}, {"send_delay_per_byte_s", 2e-9}}));
      for (const auto& e : scheduler_registry()) {
        const TaskGraph g = e.build(s);
        const Timeline cp = critical_path(g, CostModel(g, s));
        const Timeline rep = replay_isolated(g, s, {}).timeline;
        INFO(e.name << " P=" << P << " N=" << N);
        CHECK(rep.makespan() == Approx(cp.makespan()).epsilon(1e-9));
        CHECK(max_gap(rep, cp) / cp.makespan() < 1e-9);
        ++cases;
      }
    }
  CHECK(cases >= 24);
}

TEST_CASE("communication CPU cost lands on the sender's next task and on the receiver's task", "[comm]") {
  auto j = test::base_scenario(1);
  j["communication"] = {{"cpu_per_message_s", 0.001}, {"cpu_per_byte_s", 1e-8}};
  const Scenario s = test::make(j);
  TaskGraph g;
  const auto [cpu, up, srv] = one_device(g);
  const TaskId f0 = g.add(cpu, Op::Forward, 1e6, 0, 0, {});
  const TaskId u = g.add(up, Op::Activations, 1000, 0, 0, {f0});
  const TaskId f1 = g.add(cpu, Op::Forward, 1e6, 0, 1, {});
  const TaskId sf = g.add(srv, Op::Forward, 1e6, 0, 0, {u});
  const CommCosts c = comm_costs(g, s);
  const double per_message = 0.001 + 1e-8 * 1000;
  CHECK(c.extra(f0) == 0);
  CHECK(c.extra(f1) == Approx(per_message));
  CHECK(c.extra(sf) == Approx(per_message));
  CHECK(c.extra(u) == 0);
}

TEST_CASE("the wire's CPU load slows a compute for the part of a transfer it overlaps, on both ends",
          "[comm][wire]") {
  // Closed form. 10 Mbit/s up (1.25e6 bytes/s), 2e-7 s of CPU per byte: a load of 0.25 of a core, of
  // which a message on the wire takes 0.25 x 1 / (1 + 0.25) = 0.2 on the device and on the server.
  // f0 (10 ms) -> u0 on the wire 10..110 ms; f1 (100 ms of work) runs at 0.8 while u0 is on the wire:
  // 80 ms done by 110, ends at 130; u1 on the wire 130..230. s0 (100 ms on the server) starts at u0's
  // arrival, 110: alone until 130 (20 ms), then at 0.8 while u1 arrives (80 ms): it ends at 230.
  const Scenario s = test::make(wire_scenario(0, 2e-7));
  TaskGraph g;
  const Lanes l = one_device(g);
  const auto [f0, u0, f1, u1, s0] = send_twice(g, l);
  REQUIRE(CostModel(g, s).comm().wire_load[l.up] == Approx(0.25));
  REQUIRE(CostModel(g, s).comm().wire_share(0.25) == Approx(0.2));
  for (const Timeline& t : {critical_path(g, CostModel(g, s)), replay_isolated(g, s, {}).timeline}) {
    CHECK(t.end[u0] == Approx(0.110).epsilon(1e-9));
    CHECK(t.end[f1] == Approx(0.130).epsilon(1e-9));
    CHECK(t.start[u1] == Approx(0.130).epsilon(1e-9));
    CHECK(t.start[s0] == Approx(0.110).epsilon(1e-9));
    CHECK(t.end[s0] == Approx(0.230).epsilon(1e-9));
  }
}

TEST_CASE("the wire's CPU load: the sender's share is a fraction of the receiver's", "[comm][wire]") {
  // As above, with wire_cpu_send_fraction = 0: the device computes f1 at full speed while u0 leaves
  // (10..110 ms), so u1 leaves at 110..210; s0 (100 ms from u0's arrival at 110) gives up 0.2 of its
  // core while u1 arrives: 80 ms done by 210, 20 ms after: it ends at 230 as before.
  auto j = wire_scenario(0, 2e-7);
  j["communication"]["wire_cpu_send_fraction"] = 0;
  const Scenario s = test::make(j);
  TaskGraph g;
  const Lanes l = one_device(g);
  const auto [f0, u0, f1, u1, s0] = send_twice(g, l);
  for (const Timeline& t : {critical_path(g, CostModel(g, s)), replay_isolated(g, s, {}).timeline}) {
    CHECK(t.end[f1] == Approx(0.110).epsilon(1e-9));
    CHECK(t.start[u1] == Approx(0.110).epsilon(1e-9));
    CHECK(t.end[s0] == Approx(0.230).epsilon(1e-9));
  }
  // A fraction of 0.5: the sender's load is 0.125 of a core, a share of 0.125 / 1.125 = 1/9, so f1
  // does 100 x 8/9 ms while u0 is on the wire and the rest, 100/9 ms, after: it ends at 0.110 + 0.1/9.
  j["communication"]["wire_cpu_send_fraction"] = 0.5;
  const Scenario half = test::make(j);
  for (const Timeline& t : {critical_path(g, CostModel(g, half)), replay_isolated(g, half, {}).timeline})
    CHECK(t.end[f1] == Approx(0.110 + 0.100 / 9).epsilon(1e-9));
}

TEST_CASE("the wire's CPU load: a backward pass feels its side's sending at a fraction of its own",
          "[comm][wire]") {
  // f0 (10 ms) then u0 on the wire 10..110 ms, as above, while the device runs 100 ms of work: as a
  // forward f1 it feels the sending fraction 1 (a share of 0.2: ends at 0.130); as a backward b1, the
  // backward fraction 0.5 (a share of 1/9: ends at 0.110 + 0.1/9, the closed form of the 0.5 case
  // above), and at 0 it runs at full speed (ends at 0.110). u0's arrival slows the server alike.
  auto j = wire_scenario(0, 2e-7);
  for (const double fb : {0.5, 0.0}) {
    j["communication"]["wire_cpu_send_fraction_backward"] = fb;
    const Scenario s = test::make(j);
    REQUIRE(s.comm.wire_cpu_send_fraction == 1);
    TaskGraph fwd, bwd;
    const Lanes lf = one_device(fwd), lb = one_device(bwd);
    const auto [f0, u0, f1] = send_while_computing(fwd, lf);
    const TaskId g0 = bwd.add(lb.cpu, Op::Forward, 1e7, 0, 0, {});
    bwd.add(lb.up, Op::Activations, 125000, 0, 0, {g0});
    const TaskId b1 = bwd.add(lb.cpu, Op::Backward, 1e8, 0, 1, {});
    const double b1_end = 0.110 + (fb > 0 ? 0.100 / 9 : 0.0);
    INFO("backward fraction " << fb);
    for (const Timeline& t : {critical_path(fwd, CostModel(fwd, s)), replay_isolated(fwd, s, {}).timeline})
      CHECK(t.end[f1] == Approx(0.130).epsilon(1e-9));
    for (const Timeline& t : {critical_path(bwd, CostModel(bwd, s)), replay_isolated(bwd, s, {}).timeline})
      CHECK(t.end[b1] == Approx(b1_end).epsilon(1e-9));
  }
  // Absent, the backward fraction is the sending fraction (scenarios keep their meaning).
  auto plain = wire_scenario(0, 2e-7);
  plain["communication"]["wire_cpu_send_fraction"] = 0.3;
  CHECK(test::make(plain).comm.wire_cpu_send_fraction_backward == 0.3);
}

TEST_CASE("the wire's CPU load in bursts: each compute feels its own factor on the load", "[comm][wire]") {
  // As the first case of the fraction test, sender = receiver: a load of 0.25 of a core on each side.
  // With wire_cpu_cv, f1 feels x L (x its factor): share x L / (1 + x L), so it does 100 ms / (1 + x L)
  // while u0 is on the wire (10..110 ms) and the rest after; s0 (100 ms from u0's arrival at 110)
  // runs at full speed until f1 ends and u1 leaves, then feels its own factor y while u1 is on the
  // wire (rate 1 / (1 + y L)), then full speed again. f0, which overlaps no transfer, is not touched.
  auto j = wire_scenario(0, 2e-7);
  j["communication"]["wire_cpu_cv"] = 0.8;
  j["seed"] = 5;
  const Scenario s = test::make(j);
  TaskGraph g;
  const Lanes l = one_device(g);
  const auto [f0, u0, f1, u1, s0] = send_twice(g, l);
  const CommCosts c = comm_costs(g, s);
  const double x = c.wire_task_factor(f1), y = c.wire_task_factor(s0), L = 0.25;
  REQUIRE(c.wire_task_factor(u0) == 1.0);
  REQUIRE(x != 1.0);
  REQUIRE(x != y);
  const double f1_end = 0.110 + 0.100 * (1 - 1 / (1 + x * L));
  const double left = 0.100 - (f1_end - 0.110);           // s0's work when u1 leaves (125,000 bytes, 100 ms)
  const double s0_end = left * (1 + y * L) <= 0.100 ? f1_end + left * (1 + y * L)
                                                    : f1_end + 0.100 + (left - 0.100 / (1 + y * L));
  for (const Timeline& t : {critical_path(g, CostModel(g, s)), replay_isolated(g, s, {}).timeline}) {
    CHECK(t.end[f0] == Approx(0.010).epsilon(1e-12));
    CHECK(t.end[f1] == Approx(f1_end).epsilon(1e-9));
    CHECK(t.start[u1] == Approx(f1_end).epsilon(1e-9));
    CHECK(t.end[s0] == Approx(s0_end).epsilon(1e-9));
  }
}

TEST_CASE("the wire's CPU load reaches the receiver a latency after the sender", "[comm][wire]") {
  // 20 ms latency, 0.2 of a core per message. f0 (10 ms) -> u0 leaves 10..110 ms and arrives
  // 30..130. f1 (100 ms) on the sender overlaps 10..110: ends at 130 as without latency. s_a (100 ms
  // on the server, no dependency) runs alone until 30 (30 ms done), then at 0.8: 70 ms take 87.5,
  // so it ends at 117.5 (at 122.5 if the load came at 10).
  const Scenario s = test::make(wire_scenario(20, 2e-7));
  TaskGraph g;
  const Lanes l = one_device(g);
  const auto [f0, u0, f1] = send_while_computing(g, l);
  const TaskId sa = g.add(l.srv, Op::Forward, 2e9, 0, 0, {});
  for (const Timeline& t : {critical_path(g, CostModel(g, s)), replay_isolated(g, s, {}).timeline}) {
    CHECK(t.end[u0] == Approx(0.130).epsilon(1e-9));
    CHECK(t.end[f1] == Approx(0.130).epsilon(1e-9));
    CHECK(t.end[sa] == Approx(0.1175).epsilon(1e-9));
  }
}

TEST_CASE("the wire's CPU load: the share of a core approaches M as the load grows", "[comm][wire]") {
  // 8e-7 s per byte at 1.25e6 bytes/s is a load of a whole core: with M = 1 the compute gives up half
  // of it, so f1 does 50 ms of its 100 while u0 is on the wire (10..110 ms) and 50 after.
  auto j = wire_scenario(0, 8e-7);
  TaskGraph g;
  const TaskId f1 = send_while_computing(g, one_device(g)).f1;
  const auto f1_end = [&](const nlohmann::json& scenario) {
    const Scenario s = test::make(scenario);
    const double cp = critical_path(g, CostModel(g, s)).end[f1];
    CHECK(replay_isolated(g, s, {}).timeline.end[f1] == Approx(cp).epsilon(1e-9));
    return cp;
  };
  CHECK(f1_end(j) == Approx(0.010 + 0.100 + 0.050).epsilon(1e-12));
  // M = 0.5: 1 x 0.5 / 1.5 = 1/3 of the core, 2/3 x 100 ms done on the wire, 1/3 after.
  j["communication"]["wire_cpu_max_share"] = 0.5;
  CHECK(f1_end(j) == Approx(0.010 + 0.100 + 0.100 / 3).epsilon(1e-12));
  // A load of 1.25e6 cores (1 s per byte) with M = 1: the compute all but stops while u0 is on the
  // wire (rate 1 / (1 + 1.25e6)) and does nearly all of its 100 ms after.
  j["communication"] = {{"wire_cpu_per_byte_s", 1.0}};
  CHECK(f1_end(j) == Approx(0.010 + 0.100 + 0.100 - 0.100 / (1 + 1.25e6)).epsilon(1e-9));
}

TEST_CASE("the wire's CPU load with costs and hand-offs: one device's replay equals the critical path",
          "[comm][wire][replay]") {
  int cases = 0;
  for (int P : {1, 3})
    for (int N : {1, 4, 7}) {
      const auto j = one_device_case(P, N,
                                     {{"header_bytes", 110},
                                      {"cpu_per_message_s", 0.0015},
                                      {"wire_cpu_per_byte_s", 9e-8},
                                      {"wire_cpu_send_fraction", 0.3},
                                      {"wire_cpu_send_fraction_backward", N == 7 ? 0.3 : 0.05},
                                      {"wire_cpu_cv", N == 4 ? 0.9 : 0.0},
                                      {"handoff_s", 0.0005},
                                      {"send_delay_s", 0.0004},
                                      {"send_delay_per_byte_s", N == 1 ? 0.0 : 2e-9}});
      const Scenario s = test::make(j);
      CHECK(!simgrid_needed(s, {}).empty()); // SimGrid's replay, not the event engine
      for (const auto& e : scheduler_registry()) {
        const TaskGraph g = e.build(s);
        const Timeline cp = critical_path(g, CostModel(g, s));
        const ReplayResult rep = replay_isolated(g, s, {});
        INFO(e.name << " P=" << P << " N=" << N);
        CHECK(rep.timeline.makespan() == Approx(cp.makespan()).epsilon(1e-9));
        CHECK(max_gap(rep.timeline, cp) / cp.makespan() < 1e-9);
        // The load costs compute time where a compute overlaps a transfer (PiPar's pipeline), never less.
        auto j0 = j;
        j0["communication"]["wire_cpu_per_byte_s"] = 0;
        const Scenario s0 = test::make(j0);
        const double with = compute_seconds(g, cp), without = compute_seconds(g, critical_path(g, CostModel(g, s0)));
        CHECK(with >= without);
        if (std::string(e.name) == "pipar" && N > 1)
          CHECK(with > without * 1.001);
        ++cases;
      }
    }
  CHECK(cases >= 24);
}

TEST_CASE("TCP slow start: a message waits a round trip per window until the window covers the link",
          "[comm][tcp]") {
  // 50 Mbit/s (6.25e6 B/s), 20 ms round trip: bandwidth-delay product 125,000 bytes. From 14,480
  // bytes the windows are 14,480, 28,960, 57,920, 115,840 (each below it), then 231,680 (above).
  const double C = 6.25e6, R = 0.020, w = 14480;
  const double four_rounds = 4 * R - (1 + 2 + 4 + 8) * w / C; // each round: R, of which w_k / C on the wire
  CHECK(tcp_stall(1e6, w, C, R) == Approx(four_rounds).epsilon(1e-12));
  CHECK(four_rounds == Approx(0.045248).epsilon(1e-9));
  CHECK(tcp_stall(20000, w, C, R) == Approx(R - w / C).epsilon(1e-12)); // one window, then the rest
  CHECK(tcp_stall(w, w, C, R) == 0.0);                                   // fits in the first window
  CHECK(tcp_stall(1e6, 2e5, C, R) == 0.0);                                // the window covers the link
  CHECK(tcp_stall(1e6, w, C, 0.0) == 0.0);                                // no latency: no round trips
  // A message of 2^n - 1 initial windows waits n - 1 round trips (the last window needs no wait).
  CHECK(tcp_stall(7 * 1000.0, 1000, 1e6, 1.0) == Approx(2 * 1.0 - 3 * 1000 / 1e6).epsilon(1e-12));
  // Growth 1.5 (one acknowledgement per two segments): windows 14,480, 21,720, 32,580, 48,870,
  // 73,305, 109,957.5 (below 125,000), then 164,936.25: six round trips.
  const double g15 = 6 * R - w * (1 + 1.5 + 2.25 + 3.375 + 5.0625 + 7.59375) / C;
  CHECK(tcp_stall(1e6, w, C, R, 1.5) == Approx(g15).epsilon(1e-12));
  CHECK(tcp_stall(1e6, w, C, R, 1.5) > tcp_stall(1e6, w, C, R, 2.0)); // slower growth, more waiting
}

TEST_CASE("TCP slow start: the closed form equals round-by-round sending, at any size", "[comm][tcp]") {
  // The reference: send a window, wait out the round trip, grow the window, until the window covers
  // the link or holds the rest.
  const auto rounds = [](double bytes, double w, double C, double R, double g) {
    double stall = 0;
    for (double left = bytes; left > w && w < C * R; w *= g) {
      stall += R - w / C;
      left -= w;
    }
    return stall;
  };
  std::uint64_t x = 12345;
  const auto uniform = [&x] { // splitmix64 to [0, 1)
    x += 0x9e3779b97f4a7c15ull;
    std::uint64_t z = x;
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return static_cast<double>((z ^ (z >> 31)) >> 11) * 0x1.0p-53;
  };
  for (int i = 0; i < 20000; ++i) {
    const double bytes = std::pow(10.0, 1 + 8 * uniform()), w = std::pow(10.0, 2 + 5 * uniform());
    const double C = std::pow(10.0, 4 + 6 * uniform()), R = 0.2 * uniform(), g = 1.25 + 0.75 * uniform();
    INFO("bytes " << bytes << " window " << w << " rate " << C << " rtt " << R << " growth " << g);
    REQUIRE(tcp_stall(bytes, w, C, R, g) == Approx(rounds(bytes, w, C, R, g)).epsilon(1e-9).margin(1e-12));
  }
  // On the boundaries: a message of exactly w (1 + g) waits once, one byte more twice.
  CHECK(tcp_stall(1000 * 2.5, 1000, 1e5, 1.0, 1.5) == Approx(1.0 - 1000 / 1e5).epsilon(1e-12));
  CHECK(tcp_stall(1000 * 2.5 + 1, 1000, 1e5, 1.0, 1.5) == Approx(2.0 - 2500 / 1e5).epsilon(1e-12));
  // Extreme inputs end at once (the closed form takes no loop over rounds): a window of 1e-6 bytes
  // on a link of 1e12 bytes/s and 100 s round trips waits ~2e2 round trips.
  CHECK(tcp_stall(1e15, 1e-6, 1e12, 100, 1.25) > 1e4);
}

TEST_CASE("TCP slow start: the window grows by (g - 1) bytes per byte sent on the link", "[comm][tcp]") {
  // Growth 1.5, 10 ms latency on 10 Mbit/s (product 25,000 bytes), initial window 4,000: a first
  // message of 8,000 bytes waits one round trip (4,000 then 4,000 of a window of 6,000); the next
  // starts with 4,000 + 0.5 x 8,000 = 8,000, and a message of 21,000 bytes waits after 8,000 and after
  // 12,000 (the last 1,000 go at once); one of 20,000 would wait only once.
  auto j = test::base_scenario(1);
  j["devices"]["latency_ms"] = 10;
  j["communication"] = {{"tcp_initial_window_bytes", 4000}, {"tcp_window_growth", 1.5}};
  const Scenario s = test::make(j);
  const double R = 0.020, C = 10e6 / 8;
  TaskGraph g;
  const LaneId up = g.add_lane(Resource::Uplink, 0, "d0.up");
  const TaskId a = g.add(up, Op::Activations, 8000, 0, 0, {});
  const TaskId b = g.add(up, Op::Activations, 21000, 0, 1, {});
  const CostModel cost(g, s);
  CHECK(cost.occupancy(a) == Approx(8000 / C + (R - 4000 / C)).epsilon(1e-12));
  CHECK(cost.occupancy(b) == Approx(21000 / C + (R - 8000 / C) + (R - 12000 / C)).epsilon(1e-12));
  CHECK(tcp_stall(20000, 8000, C, R, 1.5) == Approx(R - 8000 / C).epsilon(1e-12));
}

TEST_CASE("TCP slow start: back-to-back messages on a link, the first pays the ramp; both evaluators",
          "[comm][tcp][replay]") {
  // 10 Mbit/s up (1.25e6 B/s), 25 down, 10 ms latency (20 ms round trip, products 25,000 and 62,500
  // bytes), initial window 5,000: on the uplink the first message of 50,000 bytes sends 5,000, then
  // 10,000, then 20,000 (each followed by the rest of a round trip), then the rest at full rate. The
  // next messages start with a window of 55,000 or more: no wait.
  auto j = test::base_scenario(1);
  j["devices"]["latency_ms"] = 10;
  j["communication"] = {{"tcp_initial_window_bytes", 5000}};
  const Scenario s = test::make(j);
  const double L = 0.010, R = 0.020, b = 50000, W_up = 10e6 / 8, W_down = 25e6 / 8;
  const double stall_up = 3 * R - (5000 + 10000 + 20000) / W_up; // windows 5,000, 10,000, 20,000 < 25,000
  // Down: the product is 62,500; after 35,000 bytes in 3 round trips the window of 40,000 holds the
  // remaining 15,000, which go at once.
  const double stall_down = 3 * R - (5000 + 10000 + 20000) / W_down;
  TaskGraph g;
  const LaneId up = g.add_lane(Resource::Uplink, 0, "d0.up");
  const LaneId down = g.add_lane(Resource::Downlink, 0, "d0.down");
  const int N = 4;
  for (int k = 0; k < N; ++k) {
    g.add(up, Op::Activations, b, 0, static_cast<std::uint16_t>(k), {});
    g.add(down, Op::Gradients, b, 0, static_cast<std::uint16_t>(k), {});
  }
  const Timeline cp = critical_path(g, CostModel(g, s));
  ReplayOptions sg;
  sg.simgrid_engine = true;
  for (const Timeline& t : {cp, replay_isolated(g, s, {}).timeline, replay_isolated(g, s, sg).timeline})
    for (int k = 1; k <= N; ++k) {
      INFO("message " << k);
      const auto tu = static_cast<TaskId>(2 * (k - 1)), td = tu + 1;
      CHECK(t.end[tu] == Approx(stall_up + L + k * b / W_up).epsilon(1e-9));
      CHECK(t.end[td] == Approx(stall_down + L + k * b / W_down).epsilon(1e-9));
    }
  CHECK(tcp_stall(b, 5000, W_down, R) == Approx(stall_down).epsilon(1e-12));
  // Off (the default), or no latency: links at full rate from the first byte.
  auto j0 = j;
  j0["communication"]["tcp_initial_window_bytes"] = 0;
  auto jl = j;
  jl["devices"]["latency_ms"] = 0;
  CHECK(critical_path(g, CostModel(g, test::make(j0))).end[0] == Approx(L + b / W_up).epsilon(1e-12));
  CHECK(critical_path(g, CostModel(g, test::make(jl))).end[0] == Approx(b / W_up).epsilon(1e-12));
}

TEST_CASE("TCP slow start with the other costs: one device's replay equals the critical path",
          "[comm][tcp][replay]") {
  int cases = 0;
  for (int P : {1, 3})
    for (int N : {1, 4, 7})
      for (bool wire : {false, true}) {
        nlohmann::json comm = {{"header_bytes", 110}, {"cpu_per_message_s", 0.0015}, {"handoff_s", 0.0005},
                               {"send_delay_s", 0.0004}, {"tcp_initial_window_bytes", 14480}};
        if (wire)
          comm["wire_cpu_per_byte_s"] = 9e-8;
        const Scenario s = test::make(one_device_case(P, N, comm));
        auto j0 = one_device_case(P, N, comm);
        j0["communication"]["tcp_initial_window_bytes"] = 0;
        const Scenario s0 = test::make(j0);
        for (const auto& e : scheduler_registry()) {
          const TaskGraph g = e.build(s);
          const Timeline cp = critical_path(g, CostModel(g, s));
          const Timeline rep = replay_isolated(g, s, {}).timeline;
          INFO(e.name << " P=" << P << " N=" << N << " wire " << wire);
          CHECK(rep.makespan() == Approx(cp.makespan()).epsilon(1e-9));
          CHECK(max_gap(rep, cp) / cp.makespan() < 1e-9);
          // The ramp only adds time (12 ms of latency, links of 10 / 25 Mbit/s), and where the model
          // messages are on the critical path (FL: the whole round waits for them) it shows.
          const double without = critical_path(g, CostModel(g, s0)).makespan();
          CHECK(cp.makespan() >= without);
          if (std::string(e.name) == "fl")
            CHECK(cp.makespan() > without + 0.01);
          ++cases;
        }
      }
  CHECK(cases >= 48);
}
