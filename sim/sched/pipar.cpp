// PiPar: split training with a pipeline. Per iteration the device runs the forward pass of its N
// micro-batches back to back; each micro-batch's activations (and labels) go up as soon as its
// forward ends (FIFO on the uplink); the device's server replica runs forward then backward per
// micro-batch as it arrives and sends the activation gradient down (FIFO on the downlink); the
// device runs the N backward passes in order as the gradients arrive; gradients accumulate, so one
// optimizer step per iteration on each side. A round ends with the aggregation of the device-side
// halves (uploaded and sent back) and of the server replicas (on the server).
// A device may carry its own P and N (DeviceSpec); with N = 1 for every device this is SplitFed v1
// (sched/sfl.cpp). Only the round's sampled devices (and their replicas) train and are averaged
// (sched/participation.hpp). Privacy: DP-SGD multiplies the device backward passes, activation noise adds work
// to each device forward.
#include "scenario/scenario.hpp"
#include "sched/participation.hpp"
#include "sched/plan.hpp"
#include "sched/registry.hpp"
#include "sched/task_costs.hpp"

namespace pipar {

namespace {

/// Per-device constants of the split: what runs where and what crosses the cut, per sample.
struct SplitCosts {
  int P, N;
  int L;
  double up_per_sample, down_per_sample, dev_step, srv_step, dev_model_bytes;
};

SplitCosts split_costs(const Scenario& s, const DeviceSpec& d, int forced_micro_batches) {
  const Profile& p = s.profile;
  const int L = p.split_units();
  SplitCosts c{};
  c.P = d.split_point > 0 ? d.split_point : s.split.split_point;
  // A forced count (SplitFed: 1) applies to every device; else the device's own N, else the scenario's.
  c.N = forced_micro_batches > 0 ? forced_micro_batches
                                 : (d.micro_batches > 0 ? d.micro_batches : s.split.micro_batches);
  c.L = L;
  c.down_per_sample = p.activation_bytes_at(c.P);
  c.up_per_sample = c.down_per_sample + p.label_bytes;
  c.dev_step = device_step_flops(s, d, 0, c.P);
  c.srv_step = server_step_flops(s, c.P, L);
  c.dev_model_bytes = p.model_bytes(0, c.P);
  return c;
}

struct DeviceLanes {
  LaneId cpu, up, down, replica;
};

} // namespace

TaskGraph build_pipar_with(const Scenario& s, int micro_batches) {
  const size_t n = s.devices.size();

  TaskGraph g;
  std::vector<DeviceLanes> lanes(n);
  std::vector<SplitCosts> costs;
  AggregationLanes agg;
  for (size_t d = 0; d < n; ++d) {
    const std::string dn = "d" + std::to_string(d);
    const int di = static_cast<int>(d);
    lanes[d].cpu = g.add_lane(Resource::DeviceCpu, di, dn + ".cpu");
    lanes[d].up = g.add_lane(Resource::Uplink, di, dn + ".up");
    lanes[d].down = g.add_lane(Resource::Downlink, di, dn + ".down");
    lanes[d].replica = g.add_lane(Resource::Server, di, "server.r" + std::to_string(d));
    agg.up.push_back(lanes[d].up);
    agg.down.push_back(lanes[d].down);
    costs.push_back(split_costs(s, s.devices[d], micro_batches));
  }
  agg.server = g.add_lane(Resource::Server, -1, "server.agg");
  // Each device uploads its own device-side half (its size follows that device's P).
  std::vector<double> model_bytes(n), message(n);
  std::vector<LaneId> cpus(n);
  for (size_t d = 0; d < n; ++d) {
    model_bytes[d] = costs[d].dev_model_bytes;
    message[d] = message_bytes(s, model_bytes[d]);
    cpus[d] = lanes[d].cpu;
  }
  set_model_loads(agg, s, cpus, model_bytes);

  const TrainingPlan plan = make_training_plan(s);
  const Participation part = sample_participants(s, plan.rounds);
  std::vector<int> next_iteration(n, 0);
  std::vector<TaskId> model_ready(n);
  std::vector<TaskId> grad_ids;
  for (int r = 0; r < plan.rounds; ++r) {
    std::vector<TaskId> ready(n), replica_done;
    std::uint32_t last_it = 0;
    const std::vector<size_t> who = members(part, r);
    for (size_t d : who) {
      const DevicePlan& dp = plan.devices[d];
      const DeviceLanes& ln = lanes[d];
      const SplitCosts& c = costs[d];
      const DeviceSpec& spec = s.devices[d];
      bool have = r > 0;
      TaskId last = have ? model_ready[d] : 0;
      bool replica_used = false;
      TaskId replica_last = 0;
      for (int& i = next_iteration[d]; i < dp.round_end[static_cast<size_t>(r)]; ++i) {
        const auto it = static_cast<std::uint32_t>(i);
        const std::vector<int> mb = split_batch(dp.batch[static_cast<size_t>(i)], c.N);
        grad_ids.clear();
        for (size_t k = 0; k < mb.size(); ++k) {
          const double m = mb[k];
          const auto mk = static_cast<std::uint16_t>(k);
          // Activation noise (privacy) is device work after the forward, before the upload.
          const double f_flops =
              device_pass_flops(s, spec, Pass::Forward, 0, c.P, m, 1.0, activation_noise_flops(s, c.P, m));
          const TaskId f = (k == 0 && have) ? g.add(ln.cpu, Op::Forward, f_flops, it, mk, {last})
                                            : g.add(ln.cpu, Op::Forward, f_flops, it, mk, {});
          const TaskId u = g.add(ln.up, Op::Activations, message_bytes(s, m * c.up_per_sample), it, mk, {f});
          g.add(ln.replica, Op::Forward,
                server_task_flops(s.server, server_pass_flops(s, Pass::Forward, c.P, c.L, m), mb[k]), it, mk, {u});
          const TaskId sb = g.add(ln.replica, Op::Backward,
                server_task_flops(s.server, server_pass_flops(s, Pass::Backward, c.P, c.L, m), mb[k]), it, mk, {});
          grad_ids.push_back(g.add(ln.down, Op::Gradients, message_bytes(s, m * c.down_per_sample), it, mk, {sb}));
        }
        for (size_t k = 0; k < mb.size(); ++k)
          g.add(ln.cpu, Op::Backward,
                device_pass_flops(s, spec, Pass::Backward, 0, c.P, mb[k], dp_backward_flops(s, 1.0)), it,
                static_cast<std::uint16_t>(k), {grad_ids[k]});
        last = g.add(ln.cpu, Op::Step, c.dev_step, it, 0, {});
        replica_last = g.add(ln.replica, Op::Step, c.srv_step, it, 0, {});
        replica_used = have = true;
        last_it = std::max(last_it, it);
      }
      ready[d] = last;
      if (replica_used)
        replica_done.push_back(replica_last);
    }
    skip_round(plan, part, r, next_iteration); // a device not sampled leaves this round's batches
    add_round_close(g, agg, s, who, next_members(part, r), ready, replica_done, message, last_it, model_ready);
  }
  return g;
}

TaskGraph build_pipar(const Scenario& s) { return build_pipar_with(s, 0); }

} // namespace pipar
