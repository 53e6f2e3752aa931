#include "sched/plan.hpp"

#include "scenario/scenario.hpp"
#include "sched/task_costs.hpp"

#include <algorithm>

namespace pipar {

TrainingPlan make_training_plan(const Scenario& s) {
  TrainingPlan plan;
  const int B = s.training.batch_size;
  const int K = s.training.aggregate_every;
  int max_iterations = 0;
  for (const auto& d : s.devices) {
    DevicePlan dp;
    const auto per_epoch = static_cast<int>((d.samples + B - 1) / B);
    for (int e = 0; e < s.training.epochs; ++e)
      for (int i = 0; i < per_epoch; ++i)
        dp.batch.push_back(static_cast<int>(std::min<long long>(B, d.samples - static_cast<long long>(i) * B)));
    if (K == 0) {
      for (int e = 1; e <= s.training.epochs; ++e)
        dp.round_end.push_back(e * per_epoch);
    }
    max_iterations = std::max(max_iterations, static_cast<int>(dp.batch.size()));
    plan.devices.push_back(std::move(dp));
  }
  if (K == 0) {
    plan.rounds = s.training.epochs;
  } else {
    plan.rounds = (max_iterations + K - 1) / K;
    for (auto& dp : plan.devices)
      for (int r = 1; r <= plan.rounds; ++r)
        dp.round_end.push_back(std::min(r * K, static_cast<int>(dp.batch.size())));
  }
  return plan;
}

double server_task_flops(const ServerSpec& sv, double flops, int micro_batch_samples) {
  return flops / batch_efficiency(sv.batch_efficiency, micro_batch_samples);
}

double dp_backward_flops(const Scenario& s, double flops) {
  return s.privacy.dp_sgd ? flops * s.privacy.backward_factor : flops;
}

double activation_noise_flops(const Scenario& s, int split_point, double samples) {
  if (!s.privacy.activation_noise)
    return 0;
  const double elements = s.profile.activation_bytes_at(split_point) / 4; // float32
  return samples * elements * s.privacy.noise_flops_per_element;
}

void set_model_loads(AggregationLanes& lanes, const Scenario& s, const std::vector<LaneId>& cpu,
                     const std::vector<double>& model_bytes) {
  lanes.cpu = cpu;
  lanes.load_flops.assign(cpu.size(), 0.0);
  for (size_t d = 0; d < cpu.size(); ++d)
    lanes.load_flops[d] = model_load_seconds(s, model_bytes[d]) * s.devices[d].speed;
}

std::vector<int> split_batch(int batch, int n) {
  n = std::max(1, std::min(n, batch));
  std::vector<int> sizes(static_cast<size_t>(n), batch / n);
  for (int i = 0; i < batch % n; ++i)
    ++sizes[static_cast<size_t>(i)];
  return sizes;
}

std::vector<TaskId> add_aggregation(TaskGraph& g, const AggregationLanes& lanes, const std::vector<TaskId>& ready,
                                    const std::vector<TaskId>& server_ready, const std::vector<double>& model_bytes,
                                    double server_flops,
                                    std::uint32_t iteration) {
  const size_t n = lanes.up.size();
  std::vector<TaskId> after_uploads = server_ready;
  for (size_t d = 0; d < n; ++d)
    after_uploads.push_back(g.add(lanes.up[d], Op::ModelUp, model_bytes[d], iteration, 0, {ready[d]}));
  const TaskId avg = g.add(lanes.server, Op::Aggregate, server_flops, iteration, 0, after_uploads);
  std::vector<TaskId> downloads(n);
  for (size_t d = 0; d < n; ++d) {
    downloads[d] = g.add(lanes.down[d], Op::ModelDown, model_bytes[d], iteration, 0, {avg});
    if (!lanes.load_flops.empty() && lanes.load_flops[d] > 0)
      downloads[d] = g.add(lanes.cpu[d], Op::Load, lanes.load_flops[d], iteration, 0, {downloads[d]});
  }
  return downloads;
}

} // namespace pipar
