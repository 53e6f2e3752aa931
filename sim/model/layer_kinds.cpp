#include "model/layer_kinds.hpp"

#include "model/blocks.hpp"

namespace pipar {

namespace {
constexpr int kMaxChannels = 1 << 20;
constexpr int kMaxKernel = 1024;

Range int_range(int lo, int hi) { return Range{double(lo), double(hi), "", false, true}; }

void apply_conv2d(const LayerArgs& a, LayerWalker& w) {
  a.check_in_channels(w);
  w.conv2d(a.integer("out", 1, kMaxChannels), a.integer("kernel", 1, kMaxKernel),
           a.integer_or("stride", 1, kMaxKernel, 1), a.integer_or("padding", 0, kMaxKernel, 0),
           a.integer_or("groups", 1, kMaxChannels, 1), a.flag_or("bias", true));
}

void apply_pool(const LayerArgs& a, LayerWalker& w, bool max) {
  const int kernel = a.integer("kernel", 1, kMaxKernel);
  const int stride = a.integer_or("stride", 1, kMaxKernel, kernel);
  const int padding = a.integer_or("padding", 0, kMaxKernel, 0);
  const bool ceil_mode = a.flag_or("ceil_mode", false);
  if (max)
    w.max_pool(kernel, stride, padding, ceil_mode);
  else
    w.avg_pool(kernel, stride, padding, ceil_mode);
}

void apply_res_basic(const LayerArgs& a, LayerWalker& w) {
  a.check_in_channels(w);
  residual_basic_block(w, a.integer("out", 1, kMaxChannels), a.integer_or("stride", 1, kMaxKernel, 1));
}

void apply_res_bottleneck(const LayerArgs& a, LayerWalker& w) {
  a.check_in_channels(w);
  residual_bottleneck_block(w, a.integer("mid", 1, kMaxChannels), a.integer_or("stride", 1, kMaxKernel, 1));
}

void apply_mobile_bottleneck(const LayerArgs& a, LayerWalker& w) {
  a.check_in_channels(w);
  MobileBottleneckSpec s;
  s.out = a.integer("out", 1, kMaxChannels);
  s.kernel = a.integer("kernel", 1, kMaxKernel);
  s.stride = a.integer_or("stride", 1, kMaxKernel, 1);
  s.expanded = a.integer("expanded", 1, kMaxChannels);
  s.squeeze_excite = a.flag_or("se", false);
  s.activation = a.activation("activation");
  mobile_bottleneck_block(w, s);
}

void apply_mobile_last_conv(const LayerArgs& a, LayerWalker& w) {
  a.check_in_channels(w);
  a.number_or("dropout", 0, 1, 0); // validated; dropout costs no flop
  mobile_last_conv_block(w, a.integer("out", 1, kMaxChannels));
}
} // namespace

int LayerArgs::integer(const char* key, int lo, int hi) const {
  return static_cast<int>(r_.integer(at(key), int_range(lo, hi)));
}
int LayerArgs::integer_or(const char* key, int lo, int hi, int fallback) const {
  return static_cast<int>(r_.integer_or(at(key), int_range(lo, hi), fallback));
}
bool LayerArgs::flag_or(const char* key, bool fallback) const { return r_.boolean_or(at(key), fallback); }
double LayerArgs::number_or(const char* key, double lo, double hi, double fallback) const {
  return r_.number_or(at(key), Range{lo, hi}, fallback);
}
Activation LayerArgs::activation(const char* key) const {
  return r_.choice(at(key), {"relu", "hardswish"}, "relu") == "relu" ? Activation::relu : Activation::hardswish;
}
int LayerArgs::features(const char* key) const {
  if (r_.has(at(key)) && r_.at(at(key)).is_string()) {
    r_.choice(at(key), {"classes"}, "classes");
    return classes_;
  }
  return integer(key, 1, kMaxChannels);
}
void LayerArgs::check_in_channels(const LayerWalker& w) const {
  if (!r_.has(at("in")))
    return;
  const int in = integer("in", 1, kMaxChannels);
  if (w.shape().flat || in != w.shape().c)
    w.fail("the layer states in=" + std::to_string(in) + " but the incoming tensor is " + w.shape().str());
}

const std::vector<LayerKind>& layer_kinds() {
  static const std::vector<LayerKind> kinds = {
      {"conv2d", {"in", "out", "kernel", "stride", "padding", "groups", "bias"},
       "2-D convolution; stride 1, padding 0, groups 1, bias true unless stated", apply_conv2d},
      {"batchnorm", {}, "batch normalization over channels (2*C trainable parameters)",
       [](const LayerArgs&, LayerWalker& w) { w.batchnorm(); }},
      {"relu", {}, "ReLU", [](const LayerArgs&, LayerWalker& w) { w.activation(Activation::relu); }},
      {"hardswish", {}, "hard swish", [](const LayerArgs&, LayerWalker& w) { w.activation(Activation::hardswish); }},
      {"hardsigmoid", {}, "hard sigmoid",
       [](const LayerArgs&, LayerWalker& w) { w.activation(Activation::hardsigmoid); }},
      {"maxpool", {"kernel", "stride", "padding", "ceil_mode"},
       "max pooling; stride defaults to the kernel; ceil_mode (false) as PyTorch's",
       [](const LayerArgs& a, LayerWalker& w) { apply_pool(a, w, true); }},
      {"avgpool", {"kernel", "stride", "padding", "ceil_mode"},
       "average pooling; stride defaults to the kernel; ceil_mode (false) as PyTorch's",
       [](const LayerArgs& a, LayerWalker& w) { apply_pool(a, w, false); }},
      {"adaptive_avgpool", {"output"}, "adaptive average pooling to output x output (1: global)",
       [](const LayerArgs& a, LayerWalker& w) { w.adaptive_avg_pool(a.integer("output", 1, kMaxKernel)); }},
      {"flatten", {}, "CxHxW tensor to a vector of C*H*W features",
       [](const LayerArgs&, LayerWalker& w) { w.flatten(); }},
      {"dense", {"out", "bias"},
       "linear layer; input features are those of the incoming vector, out may be \"classes\"",
       [](const LayerArgs& a, LayerWalker& w) { w.dense(a.features("out"), a.flag_or("bias", true)); }},
      {"dropout", {"p"}, "dropout (no flop)",
       [](const LayerArgs& a, LayerWalker&) { a.number_or("p", 0, 1, 0.5); }},
      {"res_basic", {"in", "out", "stride"}, "ResNet basic block", apply_res_basic},
      {"res_bottleneck", {"in", "mid", "stride"}, "ResNet bottleneck block (output 4*mid channels)",
       apply_res_bottleneck},
      {"mobile_bottleneck", {"in", "out", "kernel", "stride", "expanded", "se", "activation"},
       "MobileNetV3 inverted residual with optional squeeze-excitation", apply_mobile_bottleneck},
      {"mobile_last_conv", {"in", "out", "dropout"},
       "MobileNetV3 head: global avgpool, flatten, dense with bias, hardswish, dropout", apply_mobile_last_conv},
  };
  return kinds;
}

const LayerKind& layer_kind(const JsonReader& r, const std::string& path) {
  const std::string type = r.string(path + "/type");
  std::string valid;
  for (const auto& k : layer_kinds()) {
    if (k.name == type)
      return k;
    valid += (valid.empty() ? "" : ", ") + k.name;
  }
  r.fail(path + "/type", "unknown layer type \"" + type + "\"; valid types are: " + valid);
}

void check_layer_keys(const JsonReader& r, const std::string& path, const LayerKind& kind) {
  for (const auto& item : r.at(path).items()) {
    bool ok = item.key() == "type";
    for (const auto& k : kind.keys)
      ok = ok || item.key() == k;
    if (!ok) {
      std::string valid = "type";
      for (const auto& k : kind.keys)
        valid += ", " + k;
      r.fail(path + "/" + item.key(), "unknown field for a " + kind.name + " layer; valid fields are: " + valid);
    }
  }
}

} // namespace pipar
