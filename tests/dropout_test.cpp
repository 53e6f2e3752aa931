// Dropouts (eval/dropouts.hpp, README "Availability and dropouts"): a device that leaves at a known
// time loses exactly its remaining work, in both evaluators, for every scheduler; the figures
// expected here come from the run without dropouts cut at that time.
#include "eval/critical_path.hpp"
#include "eval/dropouts.hpp"
#include "metrics/metrics.hpp"
#include "output/writers.hpp"
#include "run/run.hpp"
#include "replay/replay.hpp"
#include "sched/registry.hpp"
#include "support.hpp"

#include <catch2/catch.hpp>
#include <sstream>

using namespace pipar;

namespace {

nlohmann::json two_devices() {
  auto j = test::base_scenario(2);
  j["devices"]["idle_w"] = 1;
  j["devices"]["busy_w"] = 4;
  return j;
}

/// Seconds of the tasks of lanes `pick` before `t_off` in a timeline: the work a device that leaves
/// at t_off has done (and loses).
template <class Pick> double busy_before(const TaskGraph& g, const Timeline& tl, double t_off, Pick pick) {
  double s = 0;
  for (TaskId t = 0; t < g.size(); ++t)
    if (pick(g.lane(g.task(t).lane)))
      s += std::max(0.0, std::min(tl.end[t], t_off) - tl.start[t]);
  return s;
}

} // namespace

TEST_CASE("dropout: a device offline at a known time loses exactly its remaining work", "[dropout]") {
  for (const char* name : {"fl", "sfl", "pipar", "sl"}) {
    INFO(name);
    const SchedulerEntry& e = *find_scheduler(name);
    const Scenario base = test::make(two_devices());
    const TaskGraph g = e.build(base);
    const Timeline full = critical_path(g, CostModel(g, base));
    // Device 0 leaves in the middle of its own work (SL: of its turn, the first).
    double d0_end = 0;
    for (TaskId t = 0; t < g.size(); ++t)
      if (g.lane(g.task(t).lane).device == 0 && g.task(t).op != Op::ModelDown)
        d0_end = std::max(d0_end, full.end[t]);
    const double t_off = 0.45 * d0_end;
    auto j = two_devices();
    j["availability"] = {{"trace", {{0, 0, t_off}}}};
    const Scenario s = test::make(j);
    const Timeline cp = critical_path(g, CostModel(g, s), s);
    const ReplayResult rep = replay_isolated(g, s, {});
    const Metrics m = compute_metrics(g, rep.timeline, s);

    const auto d0_cpu = [](const Lane& l) { return l.resource == Resource::DeviceCpu && l.device == 0; };
    const double lost_cpu = busy_before(g, full, t_off, d0_cpu);
    CHECK(m.wasted_device_s == Approx(lost_cpu).epsilon(1e-9));
    CHECK(m.resources.at(1).busy_s == Approx(lost_cpu).epsilon(1e-9)); // d0.cpu did nothing after t_off
    CHECK(m.dropouts == 1);
    CHECK(m.round_dropouts == std::vector<int>{1});
    CHECK(m.samples == 300); // device 1's only
    CHECK(rep.timeline.makespan() == Approx(cp.makespan()).epsilon(1e-9));
    if (std::string(name) == "sl") {
      // The turn passes on at t_off: device 1 downloads the half device 0 started from and runs
      // its whole turn, as long as in the run without dropouts.
      double d1_first = 1e300;
      for (TaskId t = 0; t < g.size(); ++t)
        if (g.lane(g.task(t).lane).device == 1)
          d1_first = std::min(d1_first, full.start[t]);
      CHECK(m.makespan_s == Approx(t_off + (full.makespan() - d1_first)).epsilon(1e-9));
      CHECK(m.wasted_server_s == Approx(busy_before(g, full, t_off, [](const Lane& l) {
                                   return l.resource == Resource::Server;
                                 })).epsilon(1e-9));
    } else {
      // Device 1 and the aggregation are unchanged: the round closes as before.
      CHECK(m.makespan_s == Approx(full.makespan()).epsilon(1e-9));
      const auto r0 = [](const Lane& l) { return l.resource == Resource::Server && l.device == 0; };
      CHECK(m.wasted_server_s == Approx(busy_before(g, full, t_off, r0)).epsilon(1e-9));
      // Bytes: d0's transfers before t_off, a cut one pro rata of its wire time (links are pipes:
      // the bytes go first, the 5 ms latency after them).
      double bytes = 0;
      for (TaskId t = 0; t < g.size(); ++t) {
        const Lane& l = g.lane(g.task(t).lane);
        if (l.device != 0 || !is_transfer(l.resource) || full.start[t] >= t_off)
          continue;
        const Cut c = cut_at(full.start[t], full.end[t] - full.start[t] - 5e-3, t_off);
        bytes += g.task(t).amount * c.done;
      }
      CHECK(m.wasted_bytes == Approx(bytes).epsilon(1e-9));
    }
    // Energy wasted: device 0's compute above idle, (4 - 1) W, plus its replica's share; FL has none.
    CHECK(m.wasted_energy_j >= Approx(3 * lost_cpu).epsilon(1e-9));
  }
}

TEST_CASE("dropout: a round deadline drops the devices not done by then", "[dropout]") {
  auto j = two_devices();
  j["platform"] = {{"server", j["server"]},
                   {"fleet", {{{"count", 1}, {"speed_flops", 1e9}, {"uplink_mbps", 10}, {"downlink_mbps", 25},
                               {"latency_ms", 5}, {"samples", 100}},
                              {{"count", 1}, {"speed_flops", 1e9}, {"uplink_mbps", 10}, {"downlink_mbps", 25},
                               {"latency_ms", 5}, {"samples", 400}}}}};
  j.erase("devices");
  j.erase("server");
  const Scenario base = test::make(j);
  const TaskGraph g = build_fl(base);
  const Timeline full = critical_path(g, CostModel(g, base));
  double up0_end = 0;
  for (TaskId t = 0; t < g.size(); ++t)
    if (g.task(t).op == Op::ModelUp && g.lane(g.task(t).lane).device == 0)
      up0_end = full.end[t];
  const double deadline = up0_end + 1.0; // device 0 is done, device 1 (4x the data) is not
  j["availability"] = {{"round_deadline_s", deadline}};
  const Scenario s = test::make(j);
  const ReplayResult rep = replay_isolated(g, s, {});
  const Metrics m = compute_metrics(g, rep.timeline, s);
  CHECK(m.dropouts == 1);
  CHECK(m.samples == 100);
  CHECK(m.wasted_device_s == Approx(deadline).epsilon(1e-9)); // device 1 computed until the deadline
  // The average (of the participants' models: 2 x parameters flop) starts at the deadline, then
  // both devices download it.
  const double agg = 2.0 * static_cast<double>(s.profile.parameters()) / 2e10;
  const double down = 5e-3 + s.profile.parameter_bytes(0, s.profile.split_units()) / (25e6 / 8);
  CHECK(m.makespan_s == Approx(deadline + agg + down).epsilon(1e-9));
  CHECK(critical_path(g, CostModel(g, s), s).makespan() == Approx(m.makespan_s).epsilon(1e-9));
}

TEST_CASE("dropout: seeded dropouts, the same for the same seed", "[dropout]") {
  auto j = test::base_scenario(8);
  j["devices"]["samples"] = 400;
  j["training"]["aggregate_every"] = 1;
  j["availability"] = {{"dropout_probability", 0.3}};
  const Scenario s = test::make(j);
  const TaskGraph g = build_pipar(s);
  const Metrics a = compute_metrics(g, replay_isolated(g, s, {}).timeline, s);
  const Metrics b = compute_metrics(g, replay_isolated(g, s, {}).timeline, s);
  CHECK(a.dropouts == b.dropouts);
  CHECK(a.makespan_s == b.makespan_s);
  CHECK(a.wasted_bytes == b.wasted_bytes);
  // 32 (device, round)s at 0.3: some drop, not all (the draw for this seed: checked, not assumed).
  CHECK(a.dropouts > 0);
  CHECK(a.dropouts < 32);
  CHECK(a.samples == 3200 - 100 * a.dropouts);
  j["seed"] = 7;
  const Scenario s7 = test::make(j);
  const Metrics c = compute_metrics(g, replay_isolated(g, s7, {}).timeline, s7);
  CHECK((c.dropouts != a.dropouts || c.wasted_bytes != a.wasted_bytes));
}

TEST_CASE("availability: bad input is refused with its path", "[dropout][scenario]") {
  auto j = test::base_scenario(2);
  j["availability"] = {{"trace", {{5, 0, 10}}}};
  CHECK_THROWS_AS(test::make(j), InputError);
  j["availability"] = {{"trace", {{0, 10, 5}}}};
  CHECK_THROWS_AS(test::make(j), InputError);
  j["availability"] = {{"dropout_probability", 1.5}};
  CHECK_THROWS_AS(test::make(j), InputError);
  j["availability"] = {{"round_deadline_s", 0}};
  CHECK_THROWS_AS(test::make(j), InputError);
}

TEST_CASE("dropout: links cut or skipped by a deadline are busy for the bytes they moved", "[dropout][metrics]") {
  // A transfer that a dropout cuts or skips ends where it stopped, with no latency after it: a link's
  // busy time is the bytes it moved over its bandwidth (no sharing here), never negative, and
  // busy + idle = makespan on every resource.
  for (const char* name : {"sfl", "pipar", "fl"}) {
    const SchedulerEntry& e = *find_scheduler(name);
    const Scenario base = test::make(two_devices());
    const TaskGraph g = e.build(base);
    const double full = critical_path(g, CostModel(g, base)).makespan();
    for (const double frac : {0.01, 0.1, 0.4}) {
      INFO(name << " deadline " << frac << " of the makespan");
      auto j = two_devices();
      j["availability"] = {{"round_deadline_s", frac * full}};
      const Scenario s = test::make(j);
      const Metrics m = compute_metrics(g, replay_isolated(g, s, {}).timeline, s);
      CHECK(m.dropouts > 0);
      for (const ResourceUsage& r : m.resources) {
        INFO(r.name);
        CHECK(r.busy_s >= 0);
        CHECK(r.busy_s <= m.makespan_s * (1 + 1e-12));
        CHECK(r.busy_s + r.idle_s == Approx(m.makespan_s).epsilon(1e-12));
        if (r.kind == Resource::Uplink)
          CHECK(r.busy_s == Approx(r.amount / (10e6 / 8)).epsilon(1e-9).margin(1e-12));
        if (r.kind == Resource::Downlink)
          CHECK(r.busy_s == Approx(r.amount / (25e6 / 8)).epsilon(1e-9).margin(1e-12));
      }
    }
  }
}

TEST_CASE("availability: every device offline trains nothing, and the table says so without ratios", "[dropout]") {
  auto j = two_devices();
  j["availability"] = {{"trace", {{0, 1e9, 2e9}, {1, 1e9, 2e9}}}}; // online only long after the training
  const Scenario s = test::make(j);
  std::vector<RunResult> runs;
  for (const char* name : {"fl", "pipar"}) {
    const TaskGraph g = find_scheduler(name)->build(s);
    runs.push_back({name, compute_metrics(g, replay_isolated(g, s, {}).timeline, s), 0, 0});
    CHECK(runs.back().metrics.samples == 0);
  }
  std::ostringstream os;
  print_table(os, s, runs);
  CHECK_THAT(os.str(), Catch::Contains("n/a") && !Catch::Contains("inf"));
  CHECK_THAT(os.str(), Catch::Contains("warning: pipar trained no sample"));
}
