// The benchmark's yardstick: a plain SimGrid S4U program of the same activities as a PiPar training,
// written the way one would write it by hand. One persistent actor per device and one per server
// replica; per device-iteration the device computes, sends its activations to its replica's mailbox,
// the replica computes on the server (a multi-core host: SimGrid's fair sharing) and sends the
// gradient back to the device's mailbox: four activities. It runs in a forked process (one SimGrid
// Engine per process) and reports its CPU time, so `bench` can give pipar-sim's rate as a ratio to
// it measured in the same run: a figure that holds on a shared, noisy machine.
#pragma once
#include <cstddef>

namespace pipar {

struct BaselineSpec {
  int devices = 0;
  int iterations = 0;       ///< per device
  int server_cores = 8;
  double server_speed = 0;  ///< flop/s per core
  double device_speed = 0;  ///< flop/s
  double link_bps = 0;      ///< each device's uplink and downlink, bytes/s
  double latency_s = 0;
  double device_flop = 0, up_bytes = 0, server_flop = 0, down_bytes = 0; ///< one activity of each kind
};

struct BaselineResult {
  std::size_t activities = 0; ///< 4 x devices x iterations
  double cpu_s = 0;           ///< the child's user + system CPU
  double simulated_s = 0;     ///< the simulated end time (sanity)
  double activities_per_s = 0;
};

/// Runs the plain S4U program in a forked child and waits for it.
BaselineResult run_baseline_isolated(const BaselineSpec& spec);

} // namespace pipar
