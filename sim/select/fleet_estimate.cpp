#include "select/fleet_estimate.hpp"

#include "platform/trace_mean.hpp"
#include "sched/task_costs.hpp"
#include "select/group_descent.hpp"
#include "select/pipeline.hpp"

#include <algorithm>
#include <limits>
#include <map>
#include <tuple>

namespace pipar::select {

namespace {

/// Devices that behave identically: same group (spec, samples, traces) and same (P, N).
struct DeviceClass {
  size_t first;     ///< a representative device
  double count = 0; ///< devices in the class
  SplitPN pn;
};

std::vector<DeviceClass> device_classes(const Scenario& s, const std::vector<size_t>& group_of, const SplitChoice& c) {
  std::map<std::tuple<size_t, int, int>, size_t> index;
  std::vector<DeviceClass> out;
  for (size_t d = 0; d < s.devices.size(); ++d) {
    const SplitPN pn = c.of(d);
    const auto it = index.emplace(std::make_tuple(group_of[d], pn.P, pn.N), out.size());
    if (it.second)
      out.push_back({d, 1.0, pn});
    else
      out[it.first->second].count += 1;
  }
  return out;
}

/// Max-min fair share of `capacity` among flows given as (rate cap, number of flows, possibly
/// fractional): the water level every flow not limited by its own cap gets (infinity when the
/// capacity is not a bottleneck).
double water_level(double capacity, std::vector<std::pair<double, double>> flows) {
  std::sort(flows.begin(), flows.end());
  double weight = 0;
  for (const auto& f : flows)
    weight += f.second;
  for (const auto& f : flows) {
    if (weight <= 0)
      break;
    if (f.first * weight <= capacity) { // this flow is held by its own cap: it takes no more
      capacity -= f.first * f.second;
      weight -= f.second;
    } else {
      return capacity / weight;
    }
  }
  return std::numeric_limits<double>::infinity();
}

/// b - a is the same shift d on every lane (to rounding): the pipeline then repeats with period d.
bool uniform_shift(const LaneClock& a, const LaneClock& b, double& d) {
  d = b.cpu - a.cpu;
  const double tol = 1e-12 * std::max({b.cpu, b.up, b.replica, b.down, 1.0});
  return std::abs(b.up - a.up - d) <= tol && std::abs(b.replica - a.replica - d) <= tol &&
         std::abs(b.down - a.down - d) <= tol;
}

void shift(LaneClock& c, double d) {
  c.cpu += d;
  c.up += d;
  c.replica += d;
  c.down += d;
}

/// A model transfer's wire time, for the overlap of transfers through a shared NIC.
struct Interval {
  double start = 0, end = 0;
};
using Windows = std::vector<std::vector<std::vector<Interval>>>; ///< [round run][round in run][class]

/// Fraction of a's time that b overlaps.
double overlap(const Interval& a, const Interval& b) {
  const double len = a.end - a.start;
  if (len <= 0)
    return 0;
  return std::max(0.0, std::min(a.end, b.end) - std::max(a.start, b.start)) / len;
}

struct Busy {
  double server = 0, up = 0, down = 0; ///< contended seconds its replica computes, its links carry bytes
  Busy& operator+=(const Busy& o) {
    server += o.server;
    up += o.up;
    down += o.down;
    return *this;
  }
  Busy operator-(const Busy& o) const { return {server - o.server, up - o.up, down - o.down}; }
  Busy operator*(double k) const { return {server * k, up * k, down * k}; }
};

/// A quantity of the fixed point below (a stretch factor, a busy fraction), moved to each pass's
/// new value, or halfway once its updates have reversed direction: undamped, a saturated server
/// can alternate for ever (one pass's long busy periods make the next pass's stretch large and its
/// spans short; 12 devices of 4 kinds on one core: 31 s, 80 s, 31 s, ... against 36 s simulated).
struct Relaxed {
  double value = 0, last_step = 0, weight = 1;
  /// Moves towards `next`; returns the move relative to the new value.
  double update(double next) {
    const double step = next - value;
    if (step * last_step < 0)
      weight = 0.5;
    value += weight * step;
    last_step = step;
    return std::abs(weight * step) / std::max(std::abs(value), 1e-300);
  }
};

/// Passes of the fixed point of stretch factors and busy fractions, at most; it stops earlier once
/// no factor or fraction moves by more than kConverged (relative).
constexpr int kMaxPasses = 16;
constexpr double kConverged = 1e-3;

} // namespace

FleetEstimator::FleetEstimator(const Scenario& s) : s_(s) {
  // The rounds of sched/plan.cpp's make_training_plan, computed per group in O(rounds) without
  // listing iterations: a device runs ceil(samples / B) iterations per epoch, the last one on the
  // remainder; rounds are epochs (aggregate_every = 0) or K iterations of the device's sequence.
  const auto groups = device_groups(s);
  group_of_.assign(s.devices.size(), 0);
  const long long B = s.training.batch_size, K = s.training.aggregate_every, E = s.training.epochs;
  std::vector<long long> per_epoch(groups.size()), last(groups.size());
  long long max_iterations = 0;
  for (size_t g = 0; g < groups.size(); ++g) {
    for (size_t d : groups[g])
      group_of_[d] = g;
    const long long samples = s.devices[groups[g].front()].samples;
    per_epoch[g] = (samples + B - 1) / B;
    last[g] = samples - (per_epoch[g] - 1) * B;
    max_iterations = std::max(max_iterations, E * per_epoch[g]);
  }
  const long long rounds = K == 0 ? E : (max_iterations + K - 1) / K;
  // Iterations [from, to) of group g as runs of equal batches.
  auto shape_of = [&](size_t g, long long from, long long to) {
    RoundShape shape;
    auto add = [&](int b, long long n) {
      if (n <= 0)
        return;
      if (!shape.empty() && shape.back().batch == b)
        shape.back().count += static_cast<int>(n);
      else
        shape.push_back({b, static_cast<int>(n)});
    };
    const long long ipe = per_epoch[g];
    for (long long i = from; i < to;) {
      const long long in_epoch = i % ipe, epoch_end = i - in_epoch + ipe;
      const long long full_end = std::min(to, epoch_end - 1); // iterations of B samples before the last
      add(static_cast<int>(B), full_end - i);
      i = std::max(i, full_end);
      if (i < to && i == epoch_end - 1) {
        add(static_cast<int>(last[g]), 1);
        ++i;
      }
    }
    return shape;
  };
  for (long long r = 0; r < rounds; ++r) {
    std::vector<RoundShape> shape(groups.size());
    for (size_t g = 0; g < groups.size(); ++g) {
      const long long total = E * per_epoch[g];
      shape[g] = K == 0 ? shape_of(g, r * per_epoch[g], (r + 1) * per_epoch[g])
                        : shape_of(g, std::min(total, r * K), std::min(total, (r + 1) * K));
    }
    if (!runs_.empty() && runs_.back().shape == shape)
      ++runs_.back().rounds;
    else
      runs_.push_back({1, std::move(shape)});
  }
}

FleetEstimate FleetEstimator::operator()(const SplitChoice& choice) const {
  const Scenario& s = s_;
  const std::vector<DeviceClass> classes = device_classes(s, group_of_, choice);
  const size_t nc = classes.size();
  const Profile& p = s.profile;
  const int L = p.split_units();
  const double cores = s.server.cores;
  const double agg_s = aggregation_flops(s, static_cast<double>(s.devices.size())) / s.server.speed_per_core;
  const double nic = s.server.nic_bps;
  bool traces = false;
  for (const DeviceClass& k : classes) {
    const DeviceSpec& d = s.devices[k.first];
    traces = traces || d.uplink_trace || d.downlink_trace || d.speed_trace;
  }

  // Server stretch per run of rounds and class: the others' load differs from run to run (a group
  // whose samples are used up stops computing).
  std::vector<double> alone(nc);
  std::vector<Relaxed> v_up(nc), v_down(nc);
  for (size_t i = 0; i < nc; ++i)
    alone[i] = std::max(1.0, classes[i].count / cores);
  std::vector<std::vector<Relaxed>> factor(runs_.size(), std::vector<Relaxed>(nc));
  for (auto& run : factor)
    for (size_t i = 0; i < nc; ++i)
      run[i].value = alone[i];
  double horizon = 0; // the training length trace averages are taken over (0: nominal values)
  Windows up_prev, down_prev; // the previous pass's model transfers, per round computed

  FleetEstimate e;
  for (int pass = 0; pass < kMaxPasses; ++pass) {
    // Each class's device as the estimate sees it: trace averages, and NIC shares for activations
    // and gradients (its own flows plus the others' in proportion to their busy time).
    std::vector<DeviceSpec> dev(nc);
    std::vector<double> link_up(nc), link_down(nc); // each device's own link rates (trace averages)
    for (size_t i = 0; i < nc; ++i) {
      DeviceSpec d = s.devices[classes[i].first];
      if (d.speed_trace)
        d.speed *= trace_mean(*d.speed_trace, 1.0, horizon);
      if (d.uplink_trace)
        d.uplink_bps = trace_mean(*d.uplink_trace, d.uplink_bps, horizon);
      if (d.downlink_trace)
        d.downlink_bps = trace_mean(*d.downlink_trace, d.downlink_bps, horizon);
      dev[i] = d;
    }
    for (size_t i = 0; i < nc; ++i) {
      link_up[i] = dev[i].uplink_bps;
      link_down[i] = dev[i].downlink_bps;
    }
    if (nic > 0) {
      std::vector<DeviceSpec> shared = dev;
      for (size_t i = 0; i < nc; ++i) {
        std::vector<std::pair<double, double>> up, down;
        for (size_t j = 0; j < nc; ++j) {
          const double w = classes[j].count;
          up.emplace_back(dev[j].uplink_bps, j == i ? w : w * v_up[j].value);
          down.emplace_back(dev[j].downlink_bps, j == i ? w : w * v_down[j].value);
        }
        shared[i].uplink_bps = std::min(dev[i].uplink_bps, water_level(nic, up));
        shared[i].downlink_bps = std::min(dev[i].downlink_bps, water_level(nic, down));
      }
      dev = shared;
    }

    std::vector<double> dev_step(nc), srv_step(nc), model_bytes(nc), load(nc);
    for (size_t i = 0; i < nc; ++i) {
      const int P = classes[i].pn.P;
      dev_step[i] = device_step_flops(s, dev[i], 0, P) / dev[i].speed;
      srv_step[i] = server_step_flops(s, P, L) / s.server.speed_per_core; // unstretched
      model_bytes[i] = message_bytes(s, p.model_bytes(0, P)); // parameters and buffers, one header
      load[i] = model_load_seconds(s, p.model_bytes(0, P));
    }
    // Stage times by micro-batch size, for the run of rounds `cache_run` (its stretch factors).
    std::vector<std::vector<std::pair<int, StageTimes>>> cache(nc);
    size_t cache_run = 0;
    auto stages = [&](size_t r, size_t i, int m) -> const StageTimes& {
      if (r != cache_run) {
        for (auto& c : cache)
          c.clear();
        cache_run = r;
      }
      for (const auto& c : cache[i])
        if (c.first == m)
          return c.second;
      cache[i].emplace_back(m, stage_times(s, dev[i], classes[i].pn.P, m, factor[r][i].value));
      return cache[i].back().second;
    };

    std::vector<LaneClock> clk(nc);
    // ready: when each class's model has arrived (and is loaded); compute_ready: when its next
    // compute may start (a hand-off after the arrival when nothing loads it, as eval/comm_costs.hpp).
    std::vector<double> ready(nc, 0.0), compute_ready(nc, 0.0), last_iter(nc, 0.0);
    std::vector<Busy> busy(nc);
    double round_start = 0; // when the model download of the previous round may begin

    // One class's iterations of round r; a run of equal batches stops being computed one by one
    // once an iteration (not the round's first, which waits for the model) shifts every lane alike.
    auto class_round = [&](size_t i, size_t r) {
      const RoundRun& run = runs_[r];
      const double step = srv_step[i] * factor[r][i].value;
      LaneClock& c = clk[i];
      const int N = classes[i].pn.N;
      bool first = true;
      for (const BatchRun& br : run.shape[group_of_[classes[i].first]]) {
        const int b = br.batch, n = std::max(1, std::min(N, b));
        const StageTimes small = stages(r, i, b / n), large = stages(r, i, b / n + 1);
        const Busy per_it{(small.srv_fwd + small.srv_bwd) * (n - b % n) + (large.srv_fwd + large.srv_bwd) * (b % n) +
                              step,
                          small.up * (n - b % n) + large.up * (b % n), small.down * (n - b % n) + large.down * (b % n)};
        for (int j = 0; j < br.count; ++j) {
          const LaneClock before = c;
          run_iteration(c, first ? compute_ready[i] : 0.0, b, n, small, large);
          c.cpu += dev_step[i];
          c.replica += step;
          busy[i] += per_it;
          const int rest = br.count - j - 1;
          double d = 0;
          if (!first && rest > 0 && uniform_shift(before, c, d)) {
            shift(c, rest * d);
            busy[i] += per_it * rest;
            break;
          }
          first = false;
        }
      }
      c.cpu = std::max(c.cpu, ready[i]); // a device without an iteration this round
      last_iter[i] = c.cpu;
    };
    // A model transfer's rate through the NIC: its own class's flows and, from the previous pass,
    // each other class's in proportion to how much of the transfer they overlap (all of them, the
    // first time).
    auto model_rate = [&](size_t i, const std::vector<Interval>* prev, const std::vector<double>& caps) {
      if (nic <= 0)
        return caps[i];
      std::vector<std::pair<double, double>> flows{{caps[i], classes[i].count}};
      for (size_t j = 0; j < nc; ++j)
        if (j != i)
          flows.emplace_back(caps[j], classes[j].count * (prev ? overlap((*prev)[i], (*prev)[j]) : 1.0));
      return std::min(caps[i], water_level(nic, flows));
    };
    auto previous = [](const Windows& w, size_t run, size_t k) -> const std::vector<Interval>* {
      if (run >= w.size() || w[run].empty())
        return nullptr;
      return &w[run][std::min(k, w[run].size() - 1)];
    };
    Windows up_win(runs_.size()), down_win(runs_.size());
    auto round = [&](size_t r, size_t k) {
      double uploads_done = 0;
      std::vector<Interval> up(nc), down(nc);
      const std::vector<Interval>* up0 = previous(up_prev, r, k);
      const std::vector<Interval>* down0 = previous(down_prev, r, k);
      for (size_t i = 0; i < nc; ++i) {
        class_round(i, r);
        const double wire = model_bytes[i] / model_rate(i, up0, link_up);
        // A model enters its link a send delay after what it waits for: the device's last compute (or
        // its model download, when it did not train), the aggregation (eval/comm_costs.hpp).
        up[i].start = std::max(clk[i].up, clk[i].cpu + s.comm.send_delay(model_bytes[i]));
        up[i].end = up[i].start + wire;
        clk[i].up = up[i].end; // links are pipes: free at the wire end, arrived a latency later
        busy[i].up += wire;
        uploads_done = std::max({uploads_done, clk[i].up + dev[i].latency_s + s.comm.handoff_s, clk[i].replica});
      }
      const double avg_end = std::max(round_start, uploads_done) + agg_s;
      round_start = avg_end;
      for (size_t i = 0; i < nc; ++i) {
        const double wire = model_bytes[i] / model_rate(i, down0, link_down);
        down[i].start = std::max(clk[i].down, avg_end + s.comm.send_delay(model_bytes[i]));
        down[i].end = down[i].start + wire;
        clk[i].down = down[i].end;
        busy[i].down += wire;
        // Arrived a latency after its wire end; then the device loads it (when loading costs time).
        ready[i] = clk[i].down + dev[i].latency_s + (load[i] > 0 ? s.comm.handoff_s + load[i] : 0.0);
        compute_ready[i] = ready[i] + (load[i] > 0 ? 0.0 : s.comm.handoff_s);
      }
      up_win[r].push_back(std::move(up));
      down_win[r].push_back(std::move(down));
    };
    // Runs of rounds of the same shape: once a round shifts the whole state alike, the rest of the
    // run repeats it. Per run and class: the replica's busy time and its span (from each round's
    // start to the end of the class's last server task in it), for the next pass's stretch factors.
    std::vector<std::vector<double>> run_busy(runs_.size(), std::vector<double>(nc, 0.0));
    std::vector<std::vector<double>> run_span = run_busy;
    for (size_t r = 0; r < runs_.size(); ++r) {
      const RoundRun& run = runs_[r];
      for (int k = 0; k < run.rounds; ++k) {
        const std::vector<LaneClock> clk0 = clk;
        const std::vector<double> ready0 = ready;
        const std::vector<Busy> busy0 = busy;
        const double start0 = round_start;
        round(r, static_cast<size_t>(k));
        std::vector<double> span(nc);
        for (size_t i = 0; i < nc; ++i) {
          span[i] = std::max(0.0, clk[i].replica - start0);
          run_busy[r][i] += busy[i].server - busy0[i].server;
          run_span[r][i] += span[i];
        }
        const int rest = run.rounds - k - 1;
        if (rest == 0)
          break;
        const double d = round_start - start0;
        bool uniform = true;
        for (size_t i = 0; i < nc && uniform; ++i) {
          double di = 0;
          uniform = uniform_shift(clk0[i], clk[i], di) && std::abs(di - d) <= 1e-12 * std::max(round_start, 1.0) &&
                    std::abs(ready[i] - ready0[i] - d) <= 1e-12 * std::max(round_start, 1.0);
        }
        if (!uniform)
          continue;
        round_start += rest * d;
        for (size_t i = 0; i < nc; ++i) {
          shift(clk[i], rest * d);
          ready[i] += rest * d;
          compute_ready[i] += rest * d;
          last_iter[i] += rest * d;
          run_busy[r][i] += (busy[i].server - busy0[i].server) * rest;
          run_span[r][i] += span[i] * rest;
          busy[i] += (busy[i] - busy0[i]) * rest;
        }
        break;
      }
    }
    double makespan = 0;
    for (size_t i = 0; i < nc; ++i)
      makespan = std::max(makespan, ready[i]);
    e.makespan_s = makespan;
    e.device_time_sum_s = 0;
    for (size_t i = 0; i < nc; ++i)
      e.device_time_sum_s += classes[i].count * last_iter[i];
    if (nc == 1 && !traces)
      break; // nothing shared with another class, nothing averaged over time: done
    horizon = makespan;
    up_prev = std::move(up_win);
    down_prev = std::move(down_win);
    // Fixed point of the stretch factors and busy fractions: replicas of a class are busy
    // together; others overlap with them in proportion to their busy fraction.
    double change = 0; // the largest relative move of this pass's update
    for (size_t i = 0; i < nc; ++i) {
      change = std::max(change, v_up[i].update(std::min(1.0, busy[i].up / std::max(makespan, 1e-300))));
      change = std::max(change, v_down[i].update(std::min(1.0, busy[i].down / std::max(makespan, 1e-300))));
    }
    std::vector<double> counts(nc);
    for (size_t i = 0; i < nc; ++i)
      counts[i] = classes[i].count;
    // In a run of rounds, class j computes busy_j within its span; while class i computes (its span),
    // j's replicas are busy a fraction busy_j / max(span_i, span_j): all of j's work falls in i's
    // span when j's is shorter, else it is spread over j's own (a class that has finished frees
    // the server for the others).
    for (size_t r = 0; r < runs_.size(); ++r)
      for (size_t i = 0; i < nc; ++i) {
        if (run_span[r][i] <= 0) {
          factor[r][i].value = alone[i];
          continue;
        }
        std::vector<double> q(nc, 0.0);
        for (size_t j = 0; j < nc; ++j)
          q[j] = std::min(1.0, run_busy[r][j] / std::max({run_span[r][i], run_span[r][j], 1e-300}));
        change = std::max(change, factor[r][i].update(server_stretch(counts, q, i, cores)));
      }
    if (change < kConverged)
      break; // converged: the factors this estimate used are within 0.1% of the next ones
  }
  return e;
}

FleetEstimate fleet_estimate(const Scenario& s, const SplitChoice& c) { return FleetEstimator(s)(c); }

double server_stretch(const std::vector<double>& counts, const std::vector<double>& q, size_t i, double cores) {
  if (counts.size() > 13) {
    double mean = counts[i];
    for (size_t j = 0; j < counts.size(); ++j)
      if (j != i)
        mean += counts[j] * q[j];
    return std::max(1.0, mean / cores);
  }
  std::vector<std::pair<double, double>> dist{{counts[i], 1.0}}; // (replicas running, probability)
  for (size_t j = 0; j < counts.size(); ++j) {
    if (j == i || q[j] <= 0)
      continue;
    std::vector<std::pair<double, double>> next;
    next.reserve(2 * dist.size());
    for (const auto& [n, pr] : dist) {
      next.emplace_back(n, pr * (1 - q[j]));
      next.emplace_back(n + counts[j], pr * q[j]);
    }
    dist = std::move(next);
  }
  double rate = 0; // the mean share of a core each task gets
  for (const auto& [n, pr] : dist)
    rate += pr * std::min(1.0, cores / n);
  return 1.0 / rate;
}


} // namespace pipar::select
