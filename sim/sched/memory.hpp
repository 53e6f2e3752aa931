// Training memory per device and per server replica, from the profile (bytes, float32):
//   model state    3 x parameter bytes of the half held: weights, their gradients (accumulated over
//                  the micro-batches) and the momentum buffer of SGD with momentum
//   stashed acts   per sample in flight: the input of the first unit held plus the output of every
//                  unit held (what the backward pass reads), x the samples whose forward ran and
//                  whose backward has not
// Samples in flight: PiPar and SplitFed devices B (all N forwards run before the first backward),
// their replicas one micro-batch (ceil(B / N)); SL devices B and the one server-side model B;
// FL devices B over all L units. B is capped at the device's samples. FL has no replica.
#pragma once
#include <vector>

namespace pipar {

struct Scenario;
struct Profile;

struct MemoryUse {
  std::vector<double> device_bytes;  ///< per device
  std::vector<double> replica_bytes; ///< per server replica (SL: one; FL: none)
  double device_peak() const;
  double replica_peak() const;
  double server_total() const; ///< all replicas at once (they live side by side on the server)
};

/// Memory to train units [first, last) (0-based) of the profile on `samples` samples at once.
double training_memory_bytes(const Profile& p, int first, int last, double samples);

MemoryUse fl_memory(const Scenario& s);
MemoryUse sl_memory(const Scenario& s);
MemoryUse pipar_memory(const Scenario& s);
MemoryUse sfl_memory(const Scenario& s);

} // namespace pipar
