#include "select/pipeline.hpp"

#include "sched/plan.hpp"

#include <algorithm>

namespace pipar::select {

StageTimes stage_times(const Scenario& s, const DeviceSpec& d, int P, double m, double server_factor) {
  const Profile& p = s.profile;
  const int L = p.split_units();
  const double act = p.activation_bytes_at(P);
  const double core = s.server.speed_per_core / server_factor;
  StageTimes t;
  t.fwd = device_task_flops(d, m * p.forward_flops(0, P) + activation_noise_flops(s, P, m), P) / d.speed;
  t.bwd = device_task_flops(d, dp_backward_flops(s, m * p.backward_flops(0, P)), P) / d.speed;
  t.up = d.latency_s + m * (act + p.label_bytes) / d.uplink_bps;
  t.down = d.latency_s + m * act / d.downlink_bps;
  const int samples = static_cast<int>(m); // the server's batch efficiency, as sched/pipar.cpp charges it
  t.srv_fwd = server_task_flops(s.server, m * p.forward_flops(P, L), samples) / core;
  t.srv_bwd = server_task_flops(s.server, m * p.backward_flops(P, L), samples) / core;
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
    c.up = std::max(c.up, fwd) + t.up;
    c.replica = std::max(c.replica, c.up) + t.srv_fwd + t.srv_bwd;
    c.down = std::max(c.down, c.replica) + t.down;
    bwd = std::max(bwd, c.down) + t.bwd;
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
