// The PiPar pipeline of one device in closed recurrences, O(N) per iteration: the same task order
// and dependencies as sched/pipar.cpp (device forwards back to back, FIFO uplink, the replica's
// forward and backward per micro-batch, FIFO downlink, device backwards in order, one optimizer
// step per side), with the same cost model as eval/cost_model.cpp. With server_factor = 1 it is the
// critical path of that device's tasks; server_factor > 1 stretches every server task (replicas
// sharing the server's cores).
#pragma once
#include "scenario/scenario.hpp"

#include <vector>

namespace pipar::select {

/// The communication's CPU time (scenario "communication") is in the compute stages: each forward
/// and the replica's forward pay an upload's, the replica's forward and each backward a download's.
/// Seconds of each stage for one micro-batch of m samples at split point P. `up` and `down` are the
/// wire times (the link is busy); a message arrives `lat` after its wire end (links are pipes).
struct StageTimes {
  double fwd = 0, up = 0, srv_fwd = 0, srv_bwd = 0, down = 0, bwd = 0, lat = 0;
  double handoff = 0; ///< a compute task starts this long after the message it needs arrives
  /// An activation (gradient) message enters its link this long after the forward (the replica's
  /// backward) that produced it ends (communication.send_delay_s + send_delay_per_byte_s x bytes).
  double send_up = 0, send_down = 0;
};
StageTimes stage_times(const Scenario& s, const DeviceSpec& d, int P, double m, double server_factor = 1);

/// When each lane of one device (its CPU, uplink, replica, downlink) is next free, seconds (a link is
/// free at the wire end of its last message, before that message arrives).
struct LaneClock {
  double cpu = 0, up = 0, replica = 0, down = 0;
};

/// One iteration of `batch` samples in N micro-batches (split_batch), advancing `c`; the first
/// forward waits for `ready` too. Returns the end of the last device backward (before the step).
/// `small` and `large` are the stage times of micro-batches of floor(batch/N) and floor(batch/N)+1
/// samples. O(N), no allocation.
double run_iteration(LaneClock& c, double ready, int batch, int N, const StageTimes& small, const StageTimes& large);

/// The iteration time of a lone device from idle lanes to its last backward (optimizer step and
/// aggregation excluded): what the paper's APS estimates. O(N).
double iteration_estimate(const Scenario& s, const DeviceSpec& d, int P, int N, double server_factor = 1);

} // namespace pipar::select
