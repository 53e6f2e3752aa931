#include "sched/participation.hpp"

#include "scenario/scenario.hpp"
#include "sched/plan.hpp"
#include "sched/task_costs.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <random>

namespace pipar {

namespace {

/// Uniform in [0, 1) from the top 53 bits of one draw (std::uniform_real_distribution's output is
/// implementation-defined; this is not).
double uniform01(std::mt19937_64& rng) { return static_cast<double>(rng() >> 11) * 0x1.0p-53; }

/// Sampling's own stream: the seed mixed with a constant, so other seeded draws do not shift it.
constexpr std::uint64_t kSamplingStream = 0x5a3d1e6b9c7f2a41ULL;

} // namespace

int participants_per_round(const Scenario& s) {
  const int n = static_cast<int>(s.devices.size());
  if (s.training.clients_per_round > 0)
    return std::min(n, s.training.clients_per_round);
  return std::clamp(static_cast<int>(std::ceil(s.training.client_fraction * n - 1e-9)), 1, n);
}

Participation sample_participants(const Scenario& s, int rounds) {
  const size_t n = s.devices.size();
  const auto k = static_cast<size_t>(participants_per_round(s));
  Participation out(static_cast<size_t>(rounds), std::vector<std::uint8_t>(n, k == n ? 1 : 0));
  if (k == n)
    return out;
  std::mt19937_64 rng(s.seed ^ kSamplingStream);
  const bool by_samples = s.training.client_selection == "by_samples";
  std::vector<double> key(n);
  std::vector<size_t> order(n);
  for (auto& round : out) {
    // Uniform: the k smallest of n uniform keys. By samples: weighted sampling without replacement
    // (Efraimidis and Spirakis): the k largest u^(1/w), as -log(u)/w smallest.
    for (size_t d = 0; d < n; ++d) {
      const double u = uniform01(rng);
      key[d] = by_samples ? -std::log1p(-u) / static_cast<double>(s.devices[d].samples) : u;
    }
    std::iota(order.begin(), order.end(), size_t{0});
    std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) { return key[a] < key[b]; });
    for (size_t i = 0; i < k; ++i)
      round[order[i]] = 1;
  }
  return out;
}

void skip_round(const TrainingPlan& plan, const Participation& p, int r, std::vector<int>& next_iteration) {
  for (size_t d = 0; d < next_iteration.size(); ++d)
    if (!p[static_cast<size_t>(r)][d])
      next_iteration[d] = std::max(next_iteration[d], plan.devices[d].round_end[static_cast<size_t>(r)]);
}

long long participating_samples(const Scenario& s) {
  const TrainingPlan plan = make_training_plan(s);
  const Participation part = sample_participants(s, plan.rounds);
  long long total = 0;
  for (size_t d = 0; d < plan.devices.size(); ++d) {
    const DevicePlan& dp = plan.devices[d];
    int i = 0;
    for (int r = 0; r < plan.rounds; ++r)
      for (; i < dp.round_end[static_cast<size_t>(r)]; ++i)
        if (part[static_cast<size_t>(r)][d])
          total += dp.batch[static_cast<size_t>(i)];
  }
  return total;
}

std::vector<size_t> members(const Participation& p, int r) {
  std::vector<size_t> out;
  const auto& row = p[static_cast<size_t>(r)];
  for (size_t d = 0; d < row.size(); ++d)
    if (row[d])
      out.push_back(d);
  return out;
}

std::vector<size_t> next_members(const Participation& p, int r) {
  return r + 1 < static_cast<int>(p.size()) ? members(p, r + 1) : members(p, r);
}

void add_round_close(TaskGraph& g, const AggregationLanes& lanes, const Scenario& s, const std::vector<size_t>& up,
                     const std::vector<size_t>& down, const std::vector<TaskId>& ready,
                     const std::vector<TaskId>& server_ready, const std::vector<double>& model_bytes,
                     std::uint32_t iteration, std::vector<TaskId>& model_ready) {
  std::vector<TaskId> after_uploads = server_ready;
  for (size_t d : up)
    after_uploads.push_back(g.add(lanes.up[d], Op::ModelUp, model_bytes[d], iteration, 0, {ready[d]}));
  const TaskId avg = g.add(lanes.server, Op::Aggregate, aggregation_flops(s, static_cast<double>(up.size())),
                           iteration, 0, after_uploads);
  for (size_t d : down) {
    model_ready[d] = g.add(lanes.down[d], Op::ModelDown, model_bytes[d], iteration, 0, {avg});
    if (!lanes.load_flops.empty() && lanes.load_flops[d] > 0) // the device loads the averaged model
      model_ready[d] = g.add(lanes.cpu[d], Op::Load, lanes.load_flops[d], iteration, 0, {model_ready[d]});
  }
}

} // namespace pipar
