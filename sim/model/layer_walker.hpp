// Walks one sample through a model layer by layer: propagates the tensor shape and tallies, per
// split unit, the multiply-accumulates, the element-wise work and the trainable parameters.
// Counting rules (also in models/README.md):
//   conv2d  MACs = out_c * out_h * out_w * (in_c / groups) * k * k
//   dense   MACs = in_features * out_features
//   element-wise flop per element, forward pass (constants below):
//     bias add 1 (per output element), batchnorm 6 (batch mean and variance 2, normalize 2,
//     scale and shift 2), relu 1, hardswish 5 (add, max, min, multiply, scale),
//     hardsigmoid 4 (add, max, min, scale), residual add 1, squeeze-excitation channel scaling 1,
//     max pool (window - 1) compares per output element, average pool `window` per output
//     element (window - 1 adds and one scale), dropout and flatten 0.
//   forward flop  = 2 * MACs + element-wise
//   backward flop = 2 * MACs (weight gradient) + 2 * MACs (input gradient, not for the model's
//                   first layer whose input needs no gradient) + 2 * element-wise
#pragma once
#include "model/shape.hpp"

#include <cstdint>
#include <string>

namespace pipar {

namespace flop_per_element {
constexpr double bias = 1;
constexpr double batchnorm = 6;
constexpr double relu = 1;
constexpr double hardswish = 5;
constexpr double hardsigmoid = 4;
constexpr double residual_add = 1;
constexpr double channel_scale = 1;
} // namespace flop_per_element

enum class Activation { relu, hardswish, hardsigmoid };

/// What one split unit costs per sample.
struct UnitCost {
  double macs = 0;            ///< conv + dense multiply-accumulates (forward)
  double input_grad_macs = 0; ///< MACs of the input-gradient computation (backward)
  double elementwise = 0;     ///< forward element-wise flop (bias, norm, activations, pooling, adds)
  std::uint64_t parameters = 0;

  double forward_flops() const { return 2 * macs + elementwise; }
  double backward_flops() const { return 2 * macs + 2 * input_grad_macs + 2 * elementwise; }
};

class LayerWalker {
public:
  /// `context` names the input in error messages, e.g. "dataset mnist (1x28x28)".
  LayerWalker(Shape input, std::string context) : shape_(input), context_(std::move(context)) {}

  /// Where the next layers come from (file and JSON path), for error messages.
  void locate(std::string file, std::string json_path) {
    file_ = std::move(file);
    path_ = std::move(json_path);
  }
  const Shape& shape() const { return shape_; }
  [[noreturn]] void fail(const std::string& what) const;

  void conv2d(int out, int kernel, int stride, int padding, int groups, bool bias);
  void batchnorm();
  void activation(Activation a);
  /// Pools; `ceil_mode` rounds the output size up as PyTorch's ceil_mode=True does.
  void max_pool(int kernel, int stride, int padding, bool ceil_mode);
  void avg_pool(int kernel, int stride, int padding, bool ceil_mode);
  void adaptive_avg_pool(int output);
  void flatten();
  void dense(int out, bool bias);

  /// Continues the walk on another branch of the graph whose input has shape `s` (a shortcut).
  void branch_from(const Shape& s) { shape_ = s; }
  /// Adds the current tensor to another of the same shape (residual connection).
  void add_residual(const Shape& other);
  /// Multiplies `x` by the current per-channel gate (Cx1x1); the result has x's shape.
  void scale_channels(const Shape& x);

  /// The cost tallied since the last call; starts the next unit.
  UnitCost take_unit_cost();

private:
  void require_spatial(const char* layer) const;
  /// A kernel x kernel pool; each output element costs `flop_per_output` (window - 1 or window),
  /// also a ceil-mode window that overhangs the input (an upper bound, as for padded windows).
  void pool(const char* layer, int kernel, int stride, int padding, bool ceil_mode, int flop_per_output);
  int pooled_size(int size, int kernel, int stride, int padding, bool ceil_mode, const char* layer) const;
  void charge_weights(double macs, std::uint64_t parameters);

  Shape shape_;
  UnitCost cost_;
  bool input_needs_grad_ = false; ///< false until the first layer with parameters
  std::string context_, file_, path_;
};

} // namespace pipar
