// PiPar: split training with a pipeline. Per iteration the device runs the forward pass of its N
// micro-batches back to back; each micro-batch's activations (and labels) go up as soon as its
// forward ends (FIFO on the uplink); the device's server replica runs forward then backward per
// micro-batch as it arrives and sends the activation gradient down (FIFO on the downlink); the
// device runs the N backward passes in order as the gradients arrive; gradients accumulate, so one
// optimizer step per iteration on each side. A round ends with the aggregation of the device-side
// halves (uploaded and sent back) and of the server replicas (on the server).
// With N = 1 this is SplitFed (v1).
#include "scenario/scenario.hpp"
#include "sched/plan.hpp"
#include "sched/registry.hpp"

namespace pipar {

namespace {

struct DeviceLanes {
  LaneId cpu, up, down, replica;
};

} // namespace

TaskGraph build_pipar_with(const Scenario& s, int micro_batches) {
  const Profile& p = s.profile;
  const int L = p.split_units();
  const int P = s.split.split_point;
  const size_t n = s.devices.size();
  const double dev_fwd = p.forward_flops(0, P), dev_bwd = p.backward_flops(0, P);
  const double srv_fwd = p.forward_flops(P, L), srv_bwd = p.backward_flops(P, L);
  const double act = p.activation_bytes_at(P);
  const double up_per_sample = act + p.label_bytes;
  const double opt = s.training.optimizer_flops_per_parameter;
  const double dev_step = opt * static_cast<double>(p.parameters(0, P));
  const double srv_step = opt * static_cast<double>(p.parameters(P, L));
  const double dev_model_bytes = p.parameter_bytes(0, P);
  const double avg_flops =
      s.training.aggregation_flops_per_parameter * static_cast<double>(p.parameters()) * static_cast<double>(n);

  TaskGraph g;
  std::vector<DeviceLanes> lanes(n);
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
  }
  agg.server = g.add_lane(Resource::Server, -1, "server.agg");

  const TrainingPlan plan = make_training_plan(s);
  std::vector<int> next_iteration(n, 0);
  std::vector<TaskId> model_ready;
  std::vector<TaskId> fwd_ids, grad_ids;
  for (int r = 0; r < plan.rounds; ++r) {
    std::vector<TaskId> ready(n), replica_done;
    std::uint32_t last_it = 0;
    for (size_t d = 0; d < n; ++d) {
      const DevicePlan& dp = plan.devices[d];
      const DeviceLanes& ln = lanes[d];
      bool have = !model_ready.empty();
      TaskId last = have ? model_ready[d] : 0;
      bool replica_used = false;
      TaskId replica_last = 0;
      for (int& i = next_iteration[d]; i < dp.round_end[static_cast<size_t>(r)]; ++i) {
        const auto it = static_cast<std::uint32_t>(i);
        const std::vector<int> mb = split_batch(dp.batch[static_cast<size_t>(i)], micro_batches);
        grad_ids.clear();
        for (size_t k = 0; k < mb.size(); ++k) {
          const double m = mb[k];
          const auto mk = static_cast<std::uint16_t>(k);
          const TaskId f = (k == 0 && have) ? g.add(ln.cpu, Op::Forward, m * dev_fwd, it, mk, {last})
                                            : g.add(ln.cpu, Op::Forward, m * dev_fwd, it, mk, {});
          const TaskId u = g.add(ln.up, Op::Activations, m * up_per_sample, it, mk, {f});
          g.add(ln.replica, Op::Forward, m * srv_fwd, it, mk, {u});
          const TaskId sb = g.add(ln.replica, Op::Backward, m * srv_bwd, it, mk, {});
          grad_ids.push_back(g.add(ln.down, Op::Gradients, m * act, it, mk, {sb}));
        }
        for (size_t k = 0; k < mb.size(); ++k)
          g.add(ln.cpu, Op::Backward, mb[k] * dev_bwd, it, static_cast<std::uint16_t>(k), {grad_ids[k]});
        last = g.add(ln.cpu, Op::Step, dev_step, it, 0, {});
        replica_last = g.add(ln.replica, Op::Step, srv_step, it, 0, {});
        replica_used = have = true;
        last_it = std::max(last_it, it);
      }
      ready[d] = last;
      if (replica_used)
        replica_done.push_back(replica_last);
    }
    model_ready = add_aggregation(g, agg, ready, replica_done, dev_model_bytes, avg_flops, last_it);
  }
  return g;
}

TaskGraph build_pipar(const Scenario& s) { return build_pipar_with(s, s.split.micro_batches); }

} // namespace pipar
