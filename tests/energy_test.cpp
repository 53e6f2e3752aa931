// Energy (README "Energy"): the timeline's joules against closed forms computed here from the
// profile and the platform, and against SimGrid's own host- and link-energy plugins.
#include "eval/critical_path.hpp"
#include "metrics/energy.hpp"
#include "metrics/metrics.hpp"
#include "platform/catalog.hpp"
#include "replay/replay.hpp"
#include "run/run.hpp"
#include "sched/registry.hpp"
#include "support.hpp"

#include <catch2/catch.hpp>

using namespace pipar;

namespace {

// Power figures of the tests (W): device idle / busy, radio idle / sending / receiving, server.
constexpr double kIdle = 2, kBusy = 5, kRadioIdle = 0.1, kTx = 3, kRx = 1.5, kSrvIdle = 40, kSrvBusy = 300;

nlohmann::json powered(int devices, double latency_ms = 5) {
  auto j = test::base_scenario(devices);
  j["devices"]["latency_ms"] = latency_ms;
  j["devices"]["idle_w"] = kIdle;
  j["devices"]["busy_w"] = kBusy;
  j["devices"]["radio_idle_w"] = kRadioIdle;
  j["devices"]["radio_tx_w"] = kTx;
  j["devices"]["radio_rx_w"] = kRx;
  j["server"]["idle_w"] = kSrvIdle;
  j["server"]["busy_w"] = kSrvBusy;
  return j;
}

/// Work of one device's run and of the server, from the profile (not from the graph).
struct Work {
  double device_flop = 0, up_bytes = 0, down_bytes = 0, server_flop = 0;
  int up_transfers = 0, down_transfers = 0;
};

/// The closed form: idle power x makespan + (busy - idle) x busy time, per host and radio.
void check_closed_form(const Scenario& s, const Metrics& m, const Work& w) {
  const DeviceSpec& d = s.devices[0];
  const double T = m.makespan_s;
  const double compute = kIdle * T + (kBusy - kIdle) * w.device_flop / d.speed;
  // Airtime: each transfer's bytes / bandwidth (the link's busy time; links are pipes, the latency
  // after the wire end is propagation, not radio work).
  const double up_busy = w.up_bytes / d.uplink_bps;
  const double down_busy = w.down_bytes / d.downlink_bps;
  const double radio = kRadioIdle * T + (kTx - kRadioIdle) * up_busy + (kRx - kRadioIdle) * down_busy;
  const double server =
      kSrvIdle * T + (kSrvBusy - kSrvIdle) / s.server.cores * w.server_flop / s.server.speed_per_core;
  CHECK(m.energy_device_compute_j.at(0) == Approx(compute).epsilon(1e-9));
  CHECK(m.energy_device_radio_j.at(0) == Approx(radio).epsilon(1e-9));
  CHECK(m.energy_server_j == Approx(server).epsilon(1e-9));
  CHECK(m.energy_total_j == Approx(compute + radio + server).epsilon(1e-9));
  CHECK(m.energy_per_sample_j == Approx((compute + radio + server) / 300).epsilon(1e-9));
  // The busy-time form of the same figure: busy x busy power + idle x idle power.
  const ResourceUsage& cpu = m.resources.at(1);
  CHECK(cpu.busy_s * kBusy + cpu.idle_s * kIdle == Approx(compute).epsilon(1e-9));
}

} // namespace

TEST_CASE("energy: single-device FL equals the closed form", "[energy][closed-form]") {
  const Scenario s = test::make(powered(1));
  const Profile& p = s.profile;
  const int L = p.split_units();
  const auto params = static_cast<double>(p.parameters());
  Work w;
  w.device_flop = 300 * (p.forward_flops(0, L) + p.backward_flops(0, L)) + 3 * 4 * params;
  w.up_bytes = w.down_bytes = p.parameter_bytes(0, L);
  w.server_flop = params; // one model averaged, 1 flop per parameter
  w.up_transfers = w.down_transfers = 1;
  const TaskGraph g = build_fl(s);
  const ReplayResult rep = replay_isolated(g, s, {});
  check_closed_form(s, compute_metrics(g, rep.timeline, s), w);
}

TEST_CASE("energy: single-device PiPar equals the closed form", "[energy][closed-form]") {
  const Scenario s = test::make(powered(1));
  const Profile& p = s.profile;
  const int L = p.split_units(), P = 2;
  const double opt = 4;
  Work w;
  w.device_flop = 300 * (p.forward_flops(0, P) + p.backward_flops(0, P)) + 3 * opt * double(p.parameters(0, P));
  w.up_bytes = 300 * (p.activation_bytes_at(P) + p.label_bytes) + p.parameter_bytes(0, P);
  w.down_bytes = 300 * p.activation_bytes_at(P) + p.parameter_bytes(0, P);
  w.up_transfers = w.down_transfers = 3 * 4 + 1; // 3 iterations of 4 micro-batches, and the model
  w.server_flop = 300 * (p.forward_flops(P, L) + p.backward_flops(P, L)) + 3 * opt * double(p.parameters(P, L)) +
                  double(p.parameters());
  const TaskGraph g = build_pipar(s);
  const ReplayResult rep = replay_isolated(g, s, {});
  const Metrics m = compute_metrics(g, rep.timeline, s);
  check_closed_form(s, m, w);
  // The critical path gives the same timeline, hence the same joules.
  const Metrics cpm = compute_metrics(g, critical_path(g, CostModel(g, s)), s);
  CHECK(cpm.energy_total_j == Approx(m.energy_total_j).epsilon(1e-9));
}

TEST_CASE("energy: SimGrid's energy plugins count the timeline's joules", "[energy][replay]") {
  // Several devices and a 2-core server shared fairly check the per-core server model; with and
  // without latency (the link plugin updates at a transfer's start and end only, so it counts the
  // latency as busy, as the timeline does). With the wire's CPU load, computes run slower while
  // transfers are in flight, as bounded executions: the plugins still count each compute's flop at
  // peak power, as the timeline's model does (README "Energy").
  for (double wire : {0.0, 9e-8})
    for (double latency_ms : {0.0, 5.0})
      for (int devices : {1, 3})
        for (const char* sched : {"fl", "pipar", "sl"}) {
          auto j = powered(devices, latency_ms);
          if (wire > 0)
            j["communication"] = {{"wire_cpu_per_byte_s", wire}};
          const Scenario s = test::make(j);
          const TaskGraph g = find_scheduler(sched)->build(s);
          ReplayOptions opt;
          opt.measure_energy = true;
          const ReplayResult rep = replay_isolated(g, s, opt);
          const EnergyUse e = energy_from_timeline(g, rep.timeline, s);
          INFO(sched << ", " << devices << " devices, latency " << latency_ms << " ms, wire " << wire);
          for (size_t d = 0; d < s.devices.size(); ++d) {
            CHECK(rep.energy_measured_j.at(3 * d) == Approx(e.compute_j[d]).epsilon(1e-9));
            CHECK(rep.energy_measured_j.at(3 * d + 1) == Approx(e.up_j[d]).epsilon(1e-9));
            CHECK(rep.energy_measured_j.at(3 * d + 2) == Approx(e.down_j[d]).epsilon(1e-9));
          }
          CHECK(rep.energy_measured_j.back() == Approx(e.server_j).epsilon(1e-9));
          if (devices == 1) { // nothing shared: the critical path's timeline gives the plugins' joules too
            const EnergyUse c = energy_from_timeline(g, critical_path(g, CostModel(g, s)), s);
            CHECK(rep.energy_measured_j.at(0) == Approx(c.compute_j[0]).epsilon(1e-9));
            CHECK(rep.energy_measured_j.at(1) + rep.energy_measured_j.at(2) == Approx(c.radio_j(0)).epsilon(1e-9));
            CHECK(rep.energy_measured_j.back() == Approx(c.server_j).epsilon(1e-9));
          }
        }
}

TEST_CASE("energy: catalogue power and its defaults", "[energy][scenario]") {
  auto j = test::base_scenario(2);
  const Scenario none = test::make(j);
  CHECK(none.devices[0].idle_w == 0);
  CHECK(none.server.busy_w == 0);
  j["devices"]["idle_w"] = 3;
  const Scenario idle_only = test::make(j);
  CHECK(idle_only.devices[0].busy_w == 3); // busy defaults to at least idle
  j["devices"]["busy_w"] = 1;
  CHECK_THROWS_AS(test::make(j), InputError);
}

TEST_CASE("energy: every catalogue entry has power figures and says where they come from", "[energy][platform]") {
  for (const auto& [name, c] : load_device_classes("platforms/device_classes.json")) {
    INFO(name);
    CHECK(c.idle_w > 0);
    CHECK(c.busy_w > c.idle_w);
    CHECK(!c.power_source.empty());
  }
  for (const auto& [name, n] : load_networks("platforms/networks.json")) {
    INFO(name);
    CHECK(n.radio_idle_w > 0);
    CHECK(n.radio_tx_w > n.radio_idle_w);
    CHECK(n.radio_rx_w > n.radio_idle_w);
    CHECK(!n.power_source.empty());
  }
}

TEST_CASE("energy: run --energy-plugins reports the plugins' joules, here the timeline's", "[energy][run]") {
  const Scenario s = test::make(powered(2));
  for (const char* name : {"fl", "pipar"}) {
    INFO(name);
    ReplayOptions plugins;
    plugins.measure_energy = true;
    const RunResult a = run_scheduler(s, *find_scheduler(name), {});
    const RunResult b = run_scheduler(s, *find_scheduler(name), plugins);
    CHECK(b.metrics.energy_total_j == Approx(a.metrics.energy_total_j).epsilon(1e-9));
    CHECK(b.metrics.energy_server_j == Approx(a.metrics.energy_server_j).epsilon(1e-9));
    for (size_t k = 0; k < a.metrics.resources.size(); ++k)
      CHECK(b.metrics.resources[k].energy_j == Approx(a.metrics.resources[k].energy_j).epsilon(1e-9));
    CHECK(b.metrics.energy_total_j > 0);
  }
}
