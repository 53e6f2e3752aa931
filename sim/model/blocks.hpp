// Composite blocks of the reference architectures, built from LayerWalker's primitive layers.
// Each takes its input channels from the incoming tensor.
#pragma once
#include "model/layer_walker.hpp"

namespace pipar {

/// ResNet basic block (torchvision BasicBlock): conv3x3(stride) BN ReLU conv3x3 BN, plus a
/// conv1x1(stride)+BN shortcut when stride != 1 or in != out; add; ReLU.
void residual_basic_block(LayerWalker& w, int out, int stride);

/// ResNet bottleneck (torchvision Bottleneck, v1.5: the stride sits on the 3x3 conv):
/// conv1x1(in->mid) BN ReLU conv3x3(mid, stride) BN ReLU conv1x1(mid->4*mid) BN, plus a
/// conv1x1(stride)+BN shortcut when stride != 1 or in != 4*mid; add; ReLU.
void residual_bottleneck_block(LayerWalker& w, int mid, int stride);

struct MobileBottleneckSpec {
  int out = 0;
  int kernel = 3;
  int stride = 1;
  int expanded = 0;
  bool squeeze_excite = false;
  Activation activation = Activation::relu;
};

/// torchvision's make_divisible(v, 8): round to the nearest multiple of 8, at least 8, and never
/// more than 10% below v.
int make_divisible8(double v);

/// MobileNetV3 inverted residual (torchvision InvertedResidual): 1x1 expansion conv BN act (only
/// when expanded != in), depthwise kxk conv(stride) BN act, squeeze-excitation (avgpool,
/// 1x1 conv expanded->make_divisible(expanded/4) with bias, ReLU, 1x1 conv back with bias,
/// hardsigmoid, channel scaling), 1x1 projection conv BN; residual add when stride 1 and in == out.
void mobile_bottleneck_block(LayerWalker& w, const MobileBottleneckSpec& s);

/// MobileNetV3 head (torchvision): global average pool, flatten, linear in->out with bias,
/// hardswish (dropout follows, no flop).
void mobile_last_conv_block(LayerWalker& w, int out);

} // namespace pipar
