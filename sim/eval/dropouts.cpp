#include "eval/dropouts.hpp"

#include "eval/critical_path.hpp"
#include "scenario/scenario.hpp"
#include "sched/plan.hpp"

#include <algorithm>
#include <cmath>
#include <random>

namespace pipar {

namespace {

/// Dropouts' own random stream (see sched/participation.cpp for the uniform).
constexpr std::uint64_t kDropoutStream = 0x9e3779b97f4a7c15ULL;
double uniform01(std::mt19937_64& rng) { return static_cast<double>(rng() >> 11) * 0x1.0p-53; }

/// The first time >= t at which a device with these online intervals is offline.
double offline_from(const std::vector<std::pair<double, double>>& online, double t) {
  for (const auto& [a, b] : online) {
    if (t < a)
      return t;
    if (t < b)
      return b;
  }
  return t;
}

} // namespace

TaskOwners task_owners(const TaskGraph& g, const Scenario& s) {
  TaskOwners o;
  o.device.assign(g.size(), -1);
  o.round.assign(g.size(), 0);
  for (TaskId t = 0; t < g.size(); ++t)
    if (g.task(t).op == Op::Aggregate)
      o.closer.push_back(t);
  if (o.closer.empty()) { // SL: round r closes with its last hand-over upload
    const TrainingPlan plan = make_training_plan(s);
    std::vector<long long> last(static_cast<size_t>(plan.rounds), -1);
    for (TaskId t = 0; t < g.size(); ++t) {
      const Task& task = g.task(t);
      const int d = g.lane(task.lane).device;
      if (task.op != Op::ModelUp || d < 0)
        continue;
      const auto& re = plan.devices[static_cast<size_t>(d)].round_end;
      const auto r = static_cast<size_t>(std::upper_bound(re.begin(), re.end(), static_cast<int>(task.iteration)) -
                                         re.begin());
      if (r < last.size())
        last[r] = std::max(last[r], static_cast<long long>(t));
    }
    for (long long t : last)
      if (t >= 0)
        o.closer.push_back(static_cast<TaskId>(t));
  }
  o.rounds = static_cast<int>(o.closer.size());
  size_t k = 0;
  std::int32_t sl_owner = -1;
  for (TaskId t = 0; t < g.size(); ++t) {
    const Task& task = g.task(t);
    const Lane& lane = g.lane(task.lane);
    o.round[t] = static_cast<std::uint32_t>(k);
    std::int32_t owner = lane.device;
    if (owner < 0 && task.op != Op::Aggregate) { // SL's server: the device whose activations it runs on
      if (task.op == Op::Forward && task.dep_count > 0)
        sl_owner = g.lane(g.task(*g.deps_begin(t)).lane).device;
      owner = sl_owner;
    }
    o.device[t] = static_cast<int>(k) < o.rounds ? owner : -1;
    if (k < o.closer.size() && o.closer[k] == t)
      ++k;
  }
  return o;
}

Dropouts::Dropouts(const TaskGraph& g, const Scenario& s) : s_(s), own_(task_owners(g, s)), n_(s.devices.size()) {
  const auto R = static_cast<size_t>(own_.rounds);
  round_start_.assign(R, 0.0);
  tau_.assign(R * n_, std::nan(""));
  draw_.assign(R * n_, -1.0);
  const double p = s.availability.dropout_probability;
  if (!(p > 0))
    return;
  // Spans of every (device, round) in the critical path without dropouts.
  const Timeline cp = critical_path(g, CostModel(g, s));
  std::vector<double> cp_start(R, 0.0), last(R * n_, -1.0);
  for (size_t r = 0; r + 1 < R; ++r)
    cp_start[r + 1] = cp.end[own_.closer[r]];
  for (TaskId t = 0; t < g.size(); ++t)
    if (own_.device[t] >= 0) {
      const size_t key = own_.round[t] * n_ + static_cast<size_t>(own_.device[t]);
      last[key] = std::max(last[key], cp.end[t]);
    }
  std::mt19937_64 rng(s.seed ^ kDropoutStream);
  for (size_t r = 0; r < R; ++r)
    for (size_t d = 0; d < n_; ++d) {
      const double u = uniform01(rng), v = uniform01(rng);
      const size_t key = r * n_ + d;
      if (u < p && last[key] >= 0)
        draw_[key] = v * (last[key] - cp_start[r]);
    }
}

double Dropouts::drop_time(TaskId t) {
  const std::int32_t d = own_.device[t];
  if (d < 0)
    return kNever;
  const std::uint32_t r = own_.round[t];
  const size_t key = r * n_ + static_cast<size_t>(d);
  if (!std::isnan(tau_[key]))
    return tau_[key];
  const double start = round_start_[r];
  double tau = kNever;
  const AvailabilitySpec& a = s_.availability;
  if (a.round_deadline_s > 0)
    tau = start + a.round_deadline_s;
  if (draw_[key] >= 0)
    tau = std::min(tau, start + draw_[key]);
  if (const auto it = a.online.find(d); it != a.online.end())
    tau = std::min(tau, offline_from(it->second, start));
  return tau_[key] = tau;
}

void Dropouts::ended(TaskId t, double end) {
  const std::uint32_t r = own_.round[t];
  if (r + 1 < round_start_.size() && own_.closer[r] == t)
    round_start_[r + 1] = end;
}

} // namespace pipar
