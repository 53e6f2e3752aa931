// Conservation: what the schedule says is moved and computed is what SimGrid measured on its links
// and hosts; busy + idle = makespan for every resource, with both parts non-negative.
#include "metrics/metrics.hpp"
#include "replay/replay.hpp"
#include "sched/registry.hpp"
#include "support.hpp"

#include <catch2/catch.hpp>

using namespace pipar;

TEST_CASE("bytes sent = bytes received on every link, flop scheduled = flop computed", "[conservation]") {
  auto j = test::base_scenario(3);
  j["server"]["cores"] = 1; // replicas contend for one core
  // SimGrid's link-load plugin also integrates the latency phase of each transfer at full bandwidth
  // (measured: + transfers x latency x bandwidth), so bytes are compared on zero-latency links.
  j["devices"]["latency_ms"] = 0;
  const Scenario s = test::make(j);
  for (const auto& e : scheduler_registry()) {
    INFO(e.name);
    const TaskGraph g = e.build(s);
    ReplayOptions opt;
    opt.measure_loads = true;
    const ReplayResult rep = replay_isolated(g, s, opt);
    std::vector<double> lane_bytes(g.lane_count(), 0.0), host_flops(s.devices.size() + 1, 0.0);
    for (const Task& t : g.tasks()) {
      const Lane& l = g.lane(t.lane);
      if (is_transfer(l.resource))
        lane_bytes[t.lane] += t.amount;
      else
        host_flops[l.resource == Resource::Server ? s.devices.size() : static_cast<size_t>(l.device)] += t.amount;
    }
    for (LaneId l = 0; l < g.lane_count(); ++l)
      CHECK(rep.lane_bytes_measured[l] == Approx(lane_bytes[l]).epsilon(1e-9));
    for (size_t h = 0; h < host_flops.size(); ++h)
      CHECK(rep.host_flops_measured[h] == Approx(host_flops[h]).epsilon(1e-9));

    const Metrics m = compute_metrics(g, rep.timeline, s);
    for (const auto& r : m.resources) {
      INFO(r.name);
      CHECK(r.busy_s >= 0);
      CHECK(r.idle_s >= -1e-9 * m.makespan_s);
      CHECK(r.busy_s + r.idle_s == Approx(m.makespan_s).epsilon(1e-12));
    }
    // A device computes alone on its host: its busy time is its flop over its speed.
    for (const auto& r : m.resources)
      if (r.kind == Resource::DeviceCpu)
        CHECK(r.busy_s == Approx(r.amount / 1e9).epsilon(1e-9));
    CHECK(m.bytes_up + m.bytes_down > 0);
  }
}
