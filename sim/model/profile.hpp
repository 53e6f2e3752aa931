// A model profile: per split unit, per sample, what the cost model needs.
// A split unit is a layer or block after which the DNN may be cut (see sim/README.md).
#pragma once
#include <algorithm>
#include <cstdint>
#include <nlohmann/json_fwd.hpp>
#include <string>
#include <vector>

namespace pipar {

/// Measured seconds of one split unit per task at several micro-batch sizes, on one device class
/// (piecewise linear in m between the sizes; sim/sched/task_costs.hpp documents the extrapolation).
struct UnitTiming {
  std::vector<double> m;                   ///< micro-batch sizes, strictly increasing
  std::vector<double> forward_s, backward_s; ///< seconds per task at each size
  double step_s = -1;                      ///< optimizer step of the unit's parameters, s (< 0: not measured)
  bool empty() const { return m.empty(); }
};

struct SplitUnit {
  std::string name;
  double forward_flops = 0;   ///< flop per sample, forward pass of this unit
  double backward_flops = 0;  ///< flop per sample, backward pass (input gradient + weight gradient)
  double output_bytes = 0;    ///< bytes per sample of the activation leaving this unit (float32)
  double parameter_bytes = 0; ///< bytes of trainable parameters (float32)
  std::uint64_t parameters = 0; ///< trainable parameter count
  /// Convolution + dense multiply-accumulates per sample (< 0: not known). 2 x forward_macs of the
  /// forward flop are multiply-add flop; the rest (biases, normalisation, activations, pooling) is
  /// element-wise, which a class with `elementwise_flops` charges at that rate (sim/sched/task_costs.hpp).
  double forward_macs = -1;
  /// The share of this unit's flop that is element-wise: 1 - 2 forward_macs / forward_flops, the same
  /// for the backward pass; 0 when the MACs are not known.
  double elementwise_share() const {
    return forward_macs >= 0 && forward_flops > 0 ? std::max(0.0, 1 - 2 * forward_macs / forward_flops) : 0;
  }
  /// Measured seconds per sample on Profile::measured_class (both < 0 when not measured).
  double forward_seconds = -1;
  double backward_seconds = -1;
  double buffer_bytes = 0;    ///< non-trainable state sent with the model (BatchNorm statistics), bytes
  int parameter_tensors = 0;  ///< trainable tensors (weights, biases), for a per-tensor optimizer cost
  UnitTiming device_timing;   ///< measured on Profile::measured_class (empty if none)
  UnitTiming server_timing;   ///< measured on Profile::measured_server_class (empty if none)
};

struct Profile {
  std::string model;   ///< e.g. "vgg5"
  std::string dataset; ///< e.g. "cifar10"
  std::string source;  ///< where the architecture comes from
  std::vector<int> input_shape; ///< C, H, W
  int classes = 0;
  double input_bytes = 0; ///< bytes per input sample (float32)
  double label_bytes = 8; ///< bytes per label (int64, as PyTorch sends them)
  std::vector<SplitUnit> units;
  std::string measured_class; ///< device class the *_seconds were measured on; empty if none
  int measured_batch_size = 0; ///< batch size of the measurement (seconds are per sample at that batch)
  std::string measured_note;   ///< how it was measured (free text)
  std::string measured_server_class; ///< class the units' server_timing was measured on ("" if none)
  /// Set by the scenario reader from the catalogue: the flop/s and per-unit overhead of the classes
  /// the seconds were measured on (0 when not measured).
  double measured_speed = 0, measured_overhead_s = 0, measured_server_speed = 0;

  int split_units() const { return static_cast<int>(units.size()); }
  /// Sums over units [first, last) (0-based, half open).
  double forward_flops(int first, int last) const;
  double backward_flops(int first, int last) const;
  double parameter_bytes(int first, int last) const;
  double buffer_bytes(int first, int last) const;
  /// Model bytes a state_dict of units [first, last) carries: parameters + buffers.
  double model_bytes(int first, int last) const { return parameter_bytes(first, last) + buffer_bytes(first, last); }
  int parameter_tensors(int first, int last) const;
  std::uint64_t parameters(int first, int last) const;
  std::uint64_t parameters() const { return parameters(0, split_units()); }
  /// Bytes per sample of the activation crossing split point P (output of unit P, 1-based).
  double activation_bytes_at(int split_point) const;
};

/// Loads and validates a profile file; throws InputError naming the file and JSON path.
Profile load_profile(const std::string& path);
Profile profile_from_json(const nlohmann::json& j, const std::string& file);
nlohmann::json profile_to_json(const Profile& p);
/// Writes profile_to_json(p) indented by 2, with a final newline; throws InputError on failure.
void save_profile(const Profile& p, const std::string& path);

} // namespace pipar
