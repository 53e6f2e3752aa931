#include "model/layer_walker.hpp"

#include "core/error.hpp"

namespace pipar {

void LayerWalker::fail(const std::string& what) const {
  throw InputError(file_, path_, what + " (input: " + context_ + ")");
}

void LayerWalker::require_spatial(const char* layer) const {
  if (shape_.flat)
    fail(std::string(layer) + " needs a CxHxW tensor but gets a flat vector of " + std::to_string(shape_.c) +
         " features");
}

int LayerWalker::pooled_size(int size, int kernel, int stride, int padding, bool ceil_mode, const char* layer) const {
  // PyTorch's rule: floor((n + 2p - k) / s) + 1, or with ceil_mode ceil(...) + 1 minus one when the
  // last window would start in the right padding (so it always starts inside the input).
  const int span = size + 2 * padding - kernel;
  int out = 0;
  if (!ceil_mode)
    out = span < 0 ? 0 : span / stride + 1;
  else {
    out = (span >= 0 ? (span + stride - 1) / stride : -(-span / stride)) + 1;
    if ((out - 1) * stride >= size + padding)
      --out;
  }
  if (out < 1)
    fail(std::string("spatial size collapses below 1: ") + layer + " with kernel " + std::to_string(kernel) +
         (ceil_mode ? " (ceil_mode)" : "") + " meets a " + shape_.str() + " tensor");
  return out;
}

void LayerWalker::charge_weights(double macs, std::uint64_t parameters) {
  cost_.macs += macs;
  if (input_needs_grad_)
    cost_.input_grad_macs += macs;
  cost_.parameters += parameters;
  input_needs_grad_ = true;
}

void LayerWalker::conv2d(int out, int kernel, int stride, int padding, int groups, bool bias) {
  require_spatial("conv2d");
  const int in = shape_.c;
  if (in % groups != 0 || out % groups != 0)
    fail("conv2d groups=" + std::to_string(groups) + " must divide both the input channels (" + std::to_string(in) +
         ") and the output channels (" + std::to_string(out) + ")");
  const int oh = pooled_size(shape_.h, kernel, stride, padding, false, "conv2d");
  const int ow = pooled_size(shape_.w, kernel, stride, padding, false, "conv2d");
  const double out_elements = double(out) * oh * ow;
  const std::uint64_t weights = std::uint64_t(out) * std::uint64_t(in / groups) * std::uint64_t(kernel) * kernel;
  charge_weights(out_elements * (in / groups) * kernel * kernel, weights + (bias ? std::uint64_t(out) : 0));
  if (bias)
    cost_.elementwise += flop_per_element::bias * out_elements;
  shape_ = Shape{out, oh, ow, false};
}

void LayerWalker::batchnorm() {
  require_spatial("batchnorm");
  cost_.parameters += 2 * std::uint64_t(shape_.c); // gamma and beta; running statistics are not trained
  input_needs_grad_ = true;
  cost_.elementwise += flop_per_element::batchnorm * double(shape_.elements());
}

void LayerWalker::activation(Activation a) {
  const double per = a == Activation::relu        ? flop_per_element::relu
                     : a == Activation::hardswish ? flop_per_element::hardswish
                                                  : flop_per_element::hardsigmoid;
  cost_.elementwise += per * double(shape_.elements());
}

void LayerWalker::pool(const char* layer, int kernel, int stride, int padding, bool ceil_mode, int flop_per_output) {
  require_spatial(layer);
  if (2 * padding > kernel)
    fail(std::string(layer) + " padding must be at most half the kernel");
  shape_.h = pooled_size(shape_.h, kernel, stride, padding, ceil_mode, layer);
  shape_.w = pooled_size(shape_.w, kernel, stride, padding, ceil_mode, layer);
  cost_.elementwise += double(flop_per_output) * double(shape_.elements());
}

void LayerWalker::max_pool(int kernel, int stride, int padding, bool ceil_mode) {
  pool("maxpool", kernel, stride, padding, ceil_mode, kernel * kernel - 1);
}

void LayerWalker::avg_pool(int kernel, int stride, int padding, bool ceil_mode) {
  pool("avgpool", kernel, stride, padding, ceil_mode, kernel * kernel);
}

void LayerWalker::adaptive_avg_pool(int output) {
  require_spatial("adaptive_avgpool");
  // PyTorch's bins: output cell i covers [floor(i*n/o), ceil((i+1)*n/o)).
  auto bins = [output](int n) {
    long long total = 0;
    for (int i = 0; i < output; ++i) {
      const long long start = (long long)i * n / output;
      const long long end = ((long long)(i + 1) * n + output - 1) / output;
      total += end - start;
    }
    return total;
  };
  // Sum over output cells of (window rows * window cols) = (sum of row windows) * (sum of col windows).
  cost_.elementwise += double(shape_.c) * double(bins(shape_.h)) * double(bins(shape_.w));
  shape_.h = output;
  shape_.w = output;
}

void LayerWalker::flatten() { shape_ = Shape{static_cast<int>(shape_.elements()), 1, 1, true}; }

void LayerWalker::dense(int out, bool bias) {
  if (!shape_.flat)
    fail("dense needs a flat vector but gets a " + shape_.str() + " tensor (add a flatten layer first)");
  const int in = shape_.c;
  charge_weights(double(in) * out, std::uint64_t(in) * std::uint64_t(out) + (bias ? std::uint64_t(out) : 0));
  if (bias)
    cost_.elementwise += flop_per_element::bias * out;
  shape_ = Shape{out, 1, 1, true};
}

void LayerWalker::add_residual(const Shape& other) {
  if (shape_ != other)
    fail("residual add of tensors with different shapes: " + shape_.str() + " and " + other.str());
  cost_.elementwise += flop_per_element::residual_add * double(shape_.elements());
}

void LayerWalker::scale_channels(const Shape& x) {
  if (shape_.flat || shape_.c != x.c || shape_.h != 1 || shape_.w != 1)
    fail("channel scaling needs a " + std::to_string(x.c) + "x1x1 gate, got " + shape_.str());
  shape_ = x;
  cost_.elementwise += flop_per_element::channel_scale * double(shape_.elements());
}

UnitCost LayerWalker::take_unit_cost() {
  UnitCost c = cost_;
  cost_ = UnitCost{};
  return c;
}

} // namespace pipar
