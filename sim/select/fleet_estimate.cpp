#include "select/fleet_estimate.hpp"

#include "sched/plan.hpp"
#include "sched/task_costs.hpp"
#include "select/pipeline.hpp"

#include <algorithm>
#include <map>
#include <tuple>

namespace pipar::select {

namespace {

/// Devices that behave identically: same spec, same samples, same (P, N).
struct DeviceClass {
  size_t first;     ///< a representative device
  double count = 0; ///< devices in the class
  SplitPN pn;
};

std::vector<DeviceClass> device_classes(const Scenario& s, const SplitChoice& c) {
  using Key = std::tuple<double, double, double, double, double, double, long long, int, int>;
  std::map<Key, size_t> index;
  std::vector<DeviceClass> out;
  for (size_t d = 0; d < s.devices.size(); ++d) {
    const DeviceSpec& x = s.devices[d];
    const SplitPN pn = c.of(d);
    const Key k{x.speed, x.compute_overhead_s, x.memory_bytes, x.uplink_bps, x.downlink_bps, x.latency_s, x.samples,
                pn.P, pn.N};
    const auto it = index.find(k);
    if (it == index.end()) {
      index.emplace(k, out.size());
      out.push_back({d, 1.0, pn});
    } else {
      out[it->second].count += 1;
    }
  }
  return out;
}

struct ClassRun {
  double end = 0;         ///< end of the training for this class (its last model download)
  double last_iter = 0;   ///< end of its last device step
  double server_busy = 0; ///< contended seconds its replica computes
};

} // namespace

FleetEstimate fleet_estimate(const Scenario& s, const SplitChoice& choice) {
  const std::vector<DeviceClass> classes = device_classes(s, choice);
  const TrainingPlan plan = make_training_plan(s);
  const Profile& p = s.profile;
  const int L = p.split_units();
  const double cores = s.server.cores;
  const double agg_s = aggregation_flops(s, static_cast<double>(s.devices.size())) / s.server.speed_per_core;

  std::vector<double> factor(classes.size());
  for (size_t i = 0; i < classes.size(); ++i)
    factor[i] = std::max(1.0, classes[i].count / cores);

  std::vector<ClassRun> runs(classes.size());
  double makespan = 0;
  for (int pass = 0; pass < 4; ++pass) {
    std::vector<LaneClock> clk(classes.size());
    std::vector<size_t> next(classes.size(), 0);
    std::vector<StageTimes> small(classes.size()), large(classes.size());
    std::vector<double> srv_step(classes.size()), dev_step(classes.size()), model_bytes(classes.size()),
        load(classes.size());
    for (size_t i = 0; i < classes.size(); ++i) {
      const DeviceSpec& d = s.devices[classes[i].first];
      const int P = classes[i].pn.P;
      runs[i] = {};
      dev_step[i] = device_step_flops(s, d, 0, P) / d.speed;
      srv_step[i] = server_step_flops(s, P, L) / s.server.speed_per_core * factor[i];
      model_bytes[i] = message_bytes(s, p.model_bytes(0, P));
      load[i] = model_load_seconds(s, p.model_bytes(0, P));
    }
    double round_start = 0; // when the model download of the previous round may begin
    std::vector<double> model_ready(classes.size(), 0.0);
    for (int r = 0; r < plan.rounds; ++r) {
      double uploads_done = 0;
      for (size_t i = 0; i < classes.size(); ++i) {
        const DeviceSpec& d = s.devices[classes[i].first];
        const DevicePlan& dp = plan.devices[classes[i].first];
        const int P = classes[i].pn.P, N = classes[i].pn.N;
        LaneClock& c = clk[i];
        int cached_m = -1;
        double ready = model_ready[i];
        for (size_t& it = next[i]; static_cast<int>(it) < dp.round_end[static_cast<size_t>(r)]; ++it) {
          const int b = dp.batch[it];
          const int n = std::max(1, std::min(N, b));
          if (b / n != cached_m) {
            cached_m = b / n;
            small[i] = stage_times(s, d, P, cached_m, factor[i]);
            large[i] = stage_times(s, d, P, cached_m + 1, factor[i]);
          }
          run_iteration(c, ready, b, n, small[i], large[i]);
          runs[i].server_busy += (small[i].srv_fwd + small[i].srv_bwd) * (n - b % n) +
                                 (large[i].srv_fwd + large[i].srv_bwd) * (b % n) + srv_step[i];
          c.cpu += dev_step[i];
          c.replica += srv_step[i];
          ready = 0;
        }
        c.cpu = std::max(c.cpu, model_ready[i]); // a device without an iteration this round
        runs[i].last_iter = c.cpu;
        c.up = std::max(c.up, c.cpu) + model_bytes[i] / d.uplink_bps;
        uploads_done = std::max({uploads_done, c.up + d.latency_s + s.comm.handoff_s, c.replica});
      }
      const double avg_end = std::max(round_start, uploads_done) + agg_s;
      round_start = avg_end;
      for (size_t i = 0; i < classes.size(); ++i) {
        const DeviceSpec& d = s.devices[classes[i].first];
        LaneClock& c = clk[i];
        c.down = std::max(c.down, avg_end) + model_bytes[i] / d.downlink_bps;
        // Links are pipes: free at the wire end, arrived a latency later; then the device loads it.
        model_ready[i] = c.down + d.latency_s + (load[i] > 0 ? s.comm.handoff_s + load[i] : 0.0);
        runs[i].end = model_ready[i];
      }
    }
    makespan = 0;
    for (const ClassRun& r : runs)
      makespan = std::max(makespan, r.end);
    // Fixed point of the stretch factors: replicas of a class are busy together; others overlap
    // with them in proportion to their busy fraction.
    if (classes.size() == 1)
      break;
    double busy_total = 0;
    std::vector<double> busy(classes.size());
    for (size_t i = 0; i < classes.size(); ++i) {
      busy[i] = classes[i].count * std::min(1.0, runs[i].server_busy / std::max(makespan, 1e-300));
      busy_total += busy[i];
    }
    for (size_t i = 0; i < classes.size(); ++i)
      factor[i] = std::max(1.0, (classes[i].count + busy_total - busy[i]) / cores);
  }
  FleetEstimate e;
  e.makespan_s = makespan;
  for (size_t i = 0; i < classes.size(); ++i)
    e.device_time_sum_s += classes[i].count * runs[i].last_iter;
  return e;
}

} // namespace pipar::select
