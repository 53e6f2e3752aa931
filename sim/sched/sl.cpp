// SL (vanilla split learning): one server-side model, so one server lane; devices take turns, one
// at a time, in device order. In its turn a device runs its iterations of the round as split
// training at P with the whole batch as one micro-batch: forward to P, upload activations + labels,
// server forward + backward + optimizer step, download the activation gradients, device backward
// and optimizer step. The turn ends by handing the device-side model on through the server: the
// device uploads it and the next device downloads it before its first forward (the very first turn
// starts from the initial model; the last turn's upload leaves the trained half on the server).
// A round is one cycle of turns over the devices, each running that round's iterations
// (training.aggregate_every); there is no averaging: one server model, and the device-side model
// travels. A device with no iteration in a round skips its turn. Every device cuts at the
// scenario's P (one server-side model fixes the cut). With client sampling the turns go round the
// round's sampled devices only (sched/participation.hpp). Privacy as in PiPar: DP-SGD multiplies the
// device backward, activation noise adds work to the device forward.
#include "scenario/scenario.hpp"
#include "sched/participation.hpp"
#include "sched/plan.hpp"
#include "sched/registry.hpp"
#include "sched/task_costs.hpp"

namespace pipar {

TaskGraph build_sl(const Scenario& s) {
  const Profile& p = s.profile;
  const int L = p.split_units();
  const int P = s.split.split_point;
  const size_t n = s.devices.size();
  const double down_per_sample = p.activation_bytes_at(P), up_per_sample = down_per_sample + p.label_bytes;
  const double srv_step = server_step_flops(s, P, L);
  const double dev_model_bytes = message_bytes(s, p.model_bytes(0, P));

  TaskGraph g;
  std::vector<LaneId> cpu(n), up(n), down(n);
  for (size_t d = 0; d < n; ++d) {
    const std::string dn = "d" + std::to_string(d);
    const int di = static_cast<int>(d);
    cpu[d] = g.add_lane(Resource::DeviceCpu, di, dn + ".cpu");
    up[d] = g.add_lane(Resource::Uplink, di, dn + ".up");
    down[d] = g.add_lane(Resource::Downlink, di, dn + ".down");
  }
  const LaneId server = g.add_lane(Resource::Server, -1, "server.sl");

  const TrainingPlan plan = make_training_plan(s);
  const Participation part = sample_participants(s, plan.rounds);
  std::vector<int> next_iteration(n, 0);
  bool handed = false; // a device-side model has been uploaded: the next turn downloads it
  TaskId model_up = 0;
  for (int r = 0; r < plan.rounds; ++r) {
    skip_round(plan, part, r, next_iteration); // a device not sampled sits this round out
    for (size_t d : members(part, r)) {
      const DevicePlan& dp = plan.devices[d];
      const DeviceSpec& spec = s.devices[d];
      int& i = next_iteration[d];
      const int end = dp.round_end[static_cast<size_t>(r)];
      if (i >= end)
        continue; // nothing to train in this round: the model goes on to the next device
      bool have = handed;
      TaskId last = handed ? g.add(down[d], Op::ModelDown, dev_model_bytes, static_cast<std::uint32_t>(i), 0,
                                   {model_up})
                           : 0;
      std::uint32_t it = 0;
      for (; i < end; ++i) {
        it = static_cast<std::uint32_t>(i);
        const double b = dp.batch[static_cast<size_t>(i)];
        const double f_flops = device_pass_flops(s, spec, Pass::Forward, 0, P, b, 1.0, activation_noise_flops(s, P, b));
        const TaskId f = have ? g.add(cpu[d], Op::Forward, f_flops, it, 0, {last})
                              : g.add(cpu[d], Op::Forward, f_flops, it, 0, {});
        const TaskId u = g.add(up[d], Op::Activations, message_bytes(s, b * up_per_sample), it, 0, {f});
        const int m = dp.batch[static_cast<size_t>(i)];
        g.add(server, Op::Forward, server_task_flops(s.server, server_pass_flops(s, Pass::Forward, P, L, b), m), it, 0,
              {u});
        const TaskId sb = g.add(server, Op::Backward,
                                server_task_flops(s.server, server_pass_flops(s, Pass::Backward, P, L, b), m), it, 0, {});
        g.add(server, Op::Step, srv_step, it, 0, {});
        const TaskId gr = g.add(down[d], Op::Gradients, message_bytes(s, b * down_per_sample), it, 0, {sb});
        g.add(cpu[d], Op::Backward, device_pass_flops(s, spec, Pass::Backward, 0, P, b, dp_backward_flops(s, 1.0)), it,
              0, {gr});
        last = g.add(cpu[d], Op::Step, device_step_flops(s, spec, 0, P), it, 0, {});
        have = true;
      }
      model_up = g.add(up[d], Op::ModelUp, dev_model_bytes, it, 0, {last});
      handed = true;
    }
  }
  return g;
}

} // namespace pipar
