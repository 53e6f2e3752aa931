// FL (FedAvg): every device trains the whole model on its own data for a round (forward, backward,
// optimizer step per iteration), uploads the full model, the server averages, devices download.
// The server computes only the averaging. Privacy: DP-SGD multiplies the whole local backward pass;
// activation noise does not apply (no activations leave the device). Only the round's sampled
// devices train, upload and are averaged (sched/participation.hpp).
#include "scenario/scenario.hpp"
#include "sched/participation.hpp"
#include "sched/plan.hpp"
#include "sched/registry.hpp"
#include "sched/task_costs.hpp"

namespace pipar {

TaskGraph build_fl(const Scenario& s) {
  const Profile& p = s.profile;
  const int L = p.split_units();
  const size_t n = s.devices.size();
  const double model_bytes = p.model_bytes(0, L);

  TaskGraph g;
  std::vector<LaneId> cpu(n);
  AggregationLanes agg;
  for (size_t d = 0; d < n; ++d) {
    const std::string dn = "d" + std::to_string(d);
    cpu[d] = g.add_lane(Resource::DeviceCpu, static_cast<int>(d), dn + ".cpu");
    agg.up.push_back(g.add_lane(Resource::Uplink, static_cast<int>(d), dn + ".up"));
    agg.down.push_back(g.add_lane(Resource::Downlink, static_cast<int>(d), dn + ".down"));
  }
  agg.server = g.add_lane(Resource::Server, -1, "server.agg");
  set_model_loads(agg, s, cpu, std::vector<double>(n, model_bytes));

  const TrainingPlan plan = make_training_plan(s);
  const Participation part = sample_participants(s, plan.rounds);
  std::vector<int> next_iteration(n, 0);
  std::vector<TaskId> model_ready(n); // download of the previous round's average, per participant
  for (int r = 0; r < plan.rounds; ++r) {
    std::vector<TaskId> ready(n);
    std::uint32_t last_it = 0;
    const std::vector<size_t> who = members(part, r);
    for (size_t d : who) {
      const DevicePlan& dp = plan.devices[d];
      bool have = r > 0;
      TaskId last = have ? model_ready[d] : 0;
      for (int& i = next_iteration[d]; i < dp.round_end[static_cast<size_t>(r)]; ++i) {
        const double b = dp.batch[static_cast<size_t>(i)];
        const auto it = static_cast<std::uint32_t>(i);
        const DeviceSpec& spec = s.devices[d];
        const double f_flops = device_pass_flops(s, spec, Pass::Forward, 0, L, b);
        const double b_flops = device_pass_flops(s, spec, Pass::Backward, 0, L, b, dp_backward_flops(s, 1.0));
        const double step = device_step_flops(s, spec, 0, L);
        const TaskId f = have ? g.add(cpu[d], Op::Forward, f_flops, it, 0, {last})
                              : g.add(cpu[d], Op::Forward, f_flops, it, 0, {});
        g.add(cpu[d], Op::Backward, b_flops, it, 0, {f});
        last = g.add(cpu[d], Op::Step, step, it, 0, {});
        have = true;
        last_it = std::max(last_it, it);
      }
      ready[d] = last;
    }
    skip_round(plan, part, r, next_iteration); // a device not sampled leaves this round's batches
    add_round_close(g, agg, s, who, next_members(part, r), ready, {},
                    std::vector<double>(n, message_bytes(s, model_bytes)), last_it, model_ready);
  }
  return g;
}

} // namespace pipar
