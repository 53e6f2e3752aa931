#include "model/blocks.hpp"

#include <algorithm>
#include <string>

namespace pipar {

namespace {
void conv_bn(LayerWalker& w, int out, int kernel, int stride, int groups = 1) {
  w.conv2d(out, kernel, stride, kernel / 2, groups, false);
  w.batchnorm();
}

void squeeze_excitation(LayerWalker& w) {
  const Shape x = w.shape();
  const int squeeze = make_divisible8(x.c / 4);
  w.adaptive_avg_pool(1);
  w.conv2d(squeeze, 1, 1, 0, 1, true);
  w.activation(Activation::relu);
  w.conv2d(x.c, 1, 1, 0, 1, true);
  w.activation(Activation::hardsigmoid);
  w.scale_channels(x);
}
} // namespace

void residual_basic_block(LayerWalker& w, int out, int stride) {
  const Shape in = w.shape();
  conv_bn(w, out, 3, stride);
  w.activation(Activation::relu);
  conv_bn(w, out, 3, 1);
  const Shape main = w.shape();
  w.branch_from(in);
  if (stride != 1 || in.c != out)
    conv_bn(w, out, 1, stride);
  w.add_residual(main);
  w.activation(Activation::relu);
}

void residual_bottleneck_block(LayerWalker& w, int mid, int stride) {
  constexpr int expansion = 4;
  const Shape in = w.shape();
  conv_bn(w, mid, 1, 1);
  w.activation(Activation::relu);
  conv_bn(w, mid, 3, stride);
  w.activation(Activation::relu);
  conv_bn(w, mid * expansion, 1, 1);
  const Shape main = w.shape();
  w.branch_from(in);
  if (stride != 1 || in.c != mid * expansion)
    conv_bn(w, mid * expansion, 1, stride);
  w.add_residual(main);
  w.activation(Activation::relu);
}

int make_divisible8(double v) {
  constexpr int divisor = 8;
  int rounded = std::max(divisor, static_cast<int>(v + divisor / 2.0) / divisor * divisor);
  if (rounded < 0.9 * v)
    rounded += divisor;
  return rounded;
}

void mobile_bottleneck_block(LayerWalker& w, const MobileBottleneckSpec& s) {
  const Shape in = w.shape();
  if (s.expanded != in.c) {
    conv_bn(w, s.expanded, 1, 1);
    w.activation(s.activation);
  }
  conv_bn(w, s.expanded, s.kernel, s.stride, s.expanded);
  w.activation(s.activation);
  if (s.squeeze_excite)
    squeeze_excitation(w);
  conv_bn(w, s.out, 1, 1);
  if (s.stride == 1 && in.c == s.out)
    w.add_residual(in);
}

void mobile_last_conv_block(LayerWalker& w, int out) {
  w.adaptive_avg_pool(1);
  w.flatten();
  w.dense(out, true);
  w.activation(Activation::hardswish);
}

} // namespace pipar
