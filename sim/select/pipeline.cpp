#include "select/pipeline.hpp"

#include "sched/plan.hpp"
#include "sched/task_costs.hpp"

#include <algorithm>

namespace pipar::select {

StageTimes stage_times(const Scenario& s, const DeviceSpec& d, int P, double m, double server_factor) {
  const Profile& p = s.profile;
  const int L = p.split_units();
  const double act = p.activation_bytes_at(P);
  const double core = s.server.speed_per_core / server_factor;
  StageTimes t;
  t.fwd = device_pass_flops(s, d, Pass::Forward, 0, P, m, 1.0, activation_noise_flops(s, P, m)) / d.speed;
  t.bwd = device_pass_flops(s, d, Pass::Backward, 0, P, m, dp_backward_flops(s, 1.0)) / d.speed;
  const double up_bytes = message_bytes(s, m * (act + p.label_bytes)), down_bytes = message_bytes(s, m * act);
  t.up = up_bytes / d.uplink_bps;
  t.down = down_bytes / d.downlink_bps;
  t.lat = d.latency_s;
  t.handoff = s.comm.handoff_s;
  t.send_up = s.comm.send_delay(up_bytes);
  t.send_down = s.comm.send_delay(down_bytes);
  const int samples = static_cast<int>(m); // the server's batch efficiency, as sched/pipar.cpp charges it
  t.srv_fwd = server_task_flops(s.server, server_pass_flops(s, Pass::Forward, P, L, m), samples) / core;
  t.srv_bwd = server_task_flops(s.server, server_pass_flops(s, Pass::Backward, P, L, m), samples) / core;
  // The wire's CPU load is charged whole, as if every transfer overlapped a compute on both ends (in
  // a pipeline most do): its share of a core for the wire time (the sender's with its load x f, the
  // larger of the forward's and the backward's fractions), an upper bound the selectors' simulations
  // then check.
  const double c = s.comm.wire_cpu_per_byte_s,
               f = std::max(s.comm.wire_cpu_send_fraction, s.comm.wire_cpu_send_fraction_backward);
  const auto wire_cpu = [&](double bytes, double bps, double load_factor) {
    const double L = c * bps * load_factor;
    return L > 0 ? bytes / bps * wire_cpu_share(L, s.comm.wire_cpu_max_share) : 0.0;
  };
  if (s.comm.cpu_per_message_s > 0 || s.comm.cpu_per_byte_s > 0 || c > 0) {
    const double msg_up = s.comm.cpu_per_message_s + s.comm.cpu_per_byte_s * up_bytes;
    const double msg_down = s.comm.cpu_per_message_s + s.comm.cpu_per_byte_s * down_bytes;
    t.fwd += msg_up + wire_cpu(up_bytes, d.uplink_bps, f);                   // sends the activations
    t.srv_fwd += msg_up + wire_cpu(up_bytes, d.uplink_bps, 1.0) +            // receives them
                 (msg_down + wire_cpu(down_bytes, d.downlink_bps, f)) * server_factor; // sends the gradient
    t.bwd += msg_down + wire_cpu(down_bytes, d.downlink_bps, 1.0);            // receives it
  }
  return t;
}

double run_iteration(LaneClock& c, double ready, int batch, int N, const StageTimes& small, const StageTimes& large) {
  N = std::max(1, std::min(N, batch));
  const int extra = batch % N; // split_batch: the first `extra` micro-batches hold one more sample
  // Forwards, uploads, server work and downloads of micro-batch k depend only on k - 1 and k; the
  // device backwards start after the last forward (known up front) and follow the downloads in order.
  double fwd = std::max(c.cpu, ready);
  double bwd = fwd + extra * large.fwd + (N - extra) * small.fwd;
  for (int k = 0; k < N; ++k) {
    const StageTimes& t = k < extra ? large : small;
    fwd += t.fwd;
    c.up = std::max(c.up, fwd + t.send_up) + t.up;
    c.replica = std::max(c.replica, c.up + t.lat + t.handoff) + t.srv_fwd + t.srv_bwd;
    c.down = std::max(c.down, c.replica + t.send_down) + t.down;
    bwd = std::max(bwd, c.down + t.lat + t.handoff) + t.bwd;
  }
  c.cpu = bwd;
  return bwd;
}

double iteration_estimate(const Scenario& s, const DeviceSpec& d, int P, int N, double server_factor) {
  const int B = s.training.batch_size;
  N = std::max(1, std::min(N, B));
  const int m = B / N;
  const StageTimes small = stage_times(s, d, P, m, server_factor);
  const StageTimes large = stage_times(s, d, P, m + 1, server_factor);
  LaneClock c;
  return run_iteration(c, 0.0, B, N, small, large);
}

} // namespace pipar::select
