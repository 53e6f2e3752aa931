// The analytic model zoo against published counts (torchvision parameter counts and MACs) and
// against activation shapes derived here by hand.
#include "core/error.hpp"
#include "model/arch.hpp"
#include "model/blocks.hpp"
#include "model/build_profile.hpp"
#include "model/dataset.hpp"
#include "model/layer_walker.hpp"
#include "model/zoo.hpp"
#include "support.hpp"

#include <catch2/catch.hpp>
#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

using namespace pipar;

namespace {
const std::string kModels = std::string(PIPAR_SOURCE_DIR) + "/models";

Profile zoo(const std::string& arch, const std::string& dataset) { return make_profile(arch, dataset, kModels); }

double total_macs(const Profile& p) {
  double s = 0;
  for (const auto& u : p.units)
    s += u.forward_macs;
  return s;
}

/// Bytes of float32 tensors of the given element counts.
std::vector<double> bytes(const std::vector<double>& elements) {
  std::vector<double> b;
  for (double e : elements)
    b.push_back(4 * e);
  return b;
}

std::vector<double> output_bytes(const Profile& p) {
  std::vector<double> b;
  for (const auto& u : p.units)
    b.push_back(u.output_bytes);
  return b;
}
} // namespace

TEST_CASE("VGG5 on CIFAR-10: parameters and activation bytes of every split unit", "[model]") {
  const Profile p = zoo("vgg5", "cifar10");
  REQUIRE(p.split_units() == 5);
  CHECK(p.parameters() == 582346);
  CHECK(output_bytes(p) == bytes({32 * 16 * 16, 64 * 8 * 8, 64 * 8 * 8, 128, 10}));
  CHECK(p.input_bytes == 4 * 3 * 32 * 32);
  CHECK(p.label_bytes == 8);
  CHECK(p.input_shape == std::vector<int>{3, 32, 32});
  CHECK(p.classes == 10);
  for (const auto& u : p.units)
    CHECK(u.parameter_bytes == 4.0 * double(u.parameters));
}

TEST_CASE("VGG5 conv1 flops follow the documented per-element constants", "[model]") {
  const SplitUnit u = zoo("vgg5", "cifar10").units.at(0);
  const double out = 32 * 32 * 32;      // conv output elements before the pool
  const double macs = out * 3 * 3 * 3;  // 3 input channels, 3x3 kernel
  const double pooled = 32 * 16 * 16;   // 2x2 max pool: 3 compares per output element
  const double elementwise = out * (1 /*bias*/ + 6 /*batchnorm*/ + 1 /*relu*/) + 3 * pooled;
  CHECK(u.forward_macs == macs);
  CHECK(u.forward_flops == 2 * macs + elementwise);
  // First layer of the model: no input gradient.
  CHECK(u.backward_flops == 2 * macs + 2 * elementwise);
  const SplitUnit fc2 = zoo("vgg5", "cifar10").units.at(4);
  CHECK(fc2.forward_flops == 2 * 128 * 10 + 10);
  CHECK(fc2.backward_flops == 4 * 128 * 10 + 2 * 10);
}

TEST_CASE("ImageNet-size parameter counts equal torchvision's", "[model]") {
  CHECK(zoo("vgg16", "imagenet").parameters() == 138365992);   // vgg16_bn
  CHECK(zoo("resnet18", "imagenet").parameters() == 11689512);
  CHECK(zoo("resnet50", "imagenet").parameters() == 25557032);
  CHECK(zoo("mobilenetv3_large", "imagenet").parameters() == 5483032);
  CHECK(zoo("mobilenetv3_small", "imagenet").parameters() == 2542856);
}

TEST_CASE("ImageNet-size forward MACs per sample equal the published counts", "[model]") {
  // The acceptance bound is 0.5%; the shape-derived counts are exact, so any drift is a change.
  const struct {
    const char* arch;
    double macs;
  } cases[] = {{"vgg16", 15470264320.0},
               {"resnet18", 1814073344.0},
               {"resnet50", 4089184256.0},
               {"mobilenetv3_large", 216589760.0},
               {"mobilenetv3_small", 56510400.0}};
  for (const auto& c : cases) {
    INFO(c.arch);
    CHECK(total_macs(zoo(c.arch, "imagenet")) == c.macs);
  }
}

TEST_CASE("ResNet18 on CIFAR-10: activation bytes of every split unit", "[model]") {
  // 32 -> stem conv /2 -> 16 -> max pool /2 -> 8; stages at 8, 4, 2, 1; global pool; classes.
  const Profile p = zoo("resnet18", "cifar10");
  CHECK(output_bytes(p) == bytes({64 * 8 * 8, 64 * 8 * 8, 64 * 8 * 8, 128 * 4 * 4, 128 * 4 * 4, 256 * 2 * 2,
                                  256 * 2 * 2, 512, 512, 10}));
}

TEST_CASE("ResNet50 on CIFAR-10: activation bytes of every split unit", "[model]") {
  const Profile p = zoo("resnet50", "cifar10");
  std::vector<double> e = {64 * 8 * 8};
  for (int i = 0; i < 3; ++i)
    e.push_back(256 * 8 * 8);
  for (int i = 0; i < 4; ++i)
    e.push_back(512 * 4 * 4);
  for (int i = 0; i < 6; ++i)
    e.push_back(1024 * 2 * 2);
  e.push_back(2048);
  e.push_back(2048);
  e.push_back(2048); // last block ends with the global average pool
  e.push_back(10);
  CHECK(output_bytes(p) == bytes(e));
}

TEST_CASE("MobileNetV3 on CIFAR-10: activation bytes of every split unit", "[model]") {
  // Small: stem /2 -> 16; bneck strides 2,2,1,2,1,1,1,1,2,1,1 -> 8,4,4,2,2,2,2,2,1,1,1.
  const Profile s = zoo("mobilenetv3_small", "cifar10");
  CHECK(output_bytes(s) == bytes({16 * 16 * 16, 16 * 8 * 8, 24 * 4 * 4, 24 * 4 * 4, 40 * 2 * 2, 40 * 2 * 2,
                                  40 * 2 * 2, 48 * 2 * 2, 48 * 2 * 2, 96, 96, 96, 576, 1024, 10}));
  // Large: stem /2 -> 16; bneck strides 1,2,1,2,1,1,2,1,1,1,1,1,2,1,1 -> 16,8,8,4,4,4,2,...,2,1,1,1.
  const Profile l = zoo("mobilenetv3_large", "cifar10");
  CHECK(output_bytes(l) == bytes({16 * 16 * 16, 16 * 16 * 16, 24 * 8 * 8, 24 * 8 * 8, 40 * 4 * 4, 40 * 4 * 4,
                                  40 * 4 * 4, 80 * 2 * 2, 80 * 2 * 2, 80 * 2 * 2, 80 * 2 * 2, 112 * 2 * 2,
                                  112 * 2 * 2, 160, 160, 160, 960, 1280, 10}));
}

TEST_CASE("VGG16 on CIFAR-10: activation bytes and dense input from the shape", "[model]") {
  const Profile p = zoo("vgg16", "cifar10");
  CHECK(output_bytes(p) ==
        bytes({64 * 32 * 32, 64 * 16 * 16, 128 * 16 * 16, 128 * 8 * 8, 256 * 8 * 8, 256 * 8 * 8, 256 * 4 * 4,
               512 * 4 * 4, 512 * 4 * 4, 512 * 2 * 2, 512 * 2 * 2, 512 * 2 * 2, 512, 4096, 4096, 10}));
  CHECK(p.units.at(13).parameters == 512 * 4096 + 4096); // 512*1*1 features at 32x32
}

TEST_CASE("Dense input features and the last layer follow the dataset", "[model]") {
  // MNIST 28x28: two pools give 7x7.
  CHECK(zoo("vgg5", "mnist").units.at(3).parameters == 64 * 7 * 7 * 128 + 128);
  CHECK(zoo("vgg5", "mnist").units.at(0).parameters == 1 * 9 * 32 + 32 + 2 * 32);
  CHECK(zoo("vgg5", "cifar100").units.at(4).parameters == 128 * 100 + 100);
  CHECK(zoo("vgg5", "cifar100").units.at(4).output_bytes == 4 * 100);
}

TEST_CASE("Only the model's first layer skips the input gradient", "[model]") {
  const Profile p = zoo("vgg5", "cifar10");
  for (size_t i = 1; i < p.units.size(); ++i) {
    const auto& u = p.units[i];
    const double elementwise = u.forward_flops - 2 * u.forward_macs;
    CHECK(u.backward_flops == Approx(4 * u.forward_macs + 2 * elementwise));
  }
}

TEST_CASE("Pool output sizes follow PyTorch's floor and ceil modes", "[model]") {
  // Expected sizes printed by PyTorch 1.13: nn.MaxPool2d(k, s, p, ceil_mode)(torch.zeros(1, 1, n, n)).
  struct Case {
    int n, kernel, stride, padding;
    bool ceil_mode;
    int out; // 0: PyTorch raises "Output size is too small"
  };
  const Case cases[] = {{28, 2, 2, 0, true, 14}, {7, 2, 2, 0, true, 4},  {7, 2, 2, 0, false, 3}, {7, 3, 2, 1, true, 4},
                        {5, 3, 3, 0, true, 2},   {3, 2, 2, 0, true, 2},  {2, 3, 2, 1, true, 2},  {1, 2, 2, 0, true, 1},
                        {2, 3, 3, 0, true, 1},   {9, 3, 2, 0, true, 4},  {9, 3, 2, 1, true, 5},  {1, 2, 2, 0, false, 0},
                        {1, 3, 2, 0, true, 0}};
  for (const Case& c : cases) {
    INFO("n=" << c.n << " k=" << c.kernel << " s=" << c.stride << " p=" << c.padding << " ceil=" << c.ceil_mode);
    LayerWalker w(Shape{1, c.n, c.n, false}, "test input");
    if (c.out == 0) {
      REQUIRE_THROWS_WITH(w.max_pool(c.kernel, c.stride, c.padding, c.ceil_mode), Catch::Contains("collapses below 1"));
    } else {
      w.max_pool(c.kernel, c.stride, c.padding, c.ceil_mode);
      CHECK(w.shape().h == c.out);
      CHECK(w.shape().w == c.out);
    }
  }
}

TEST_CASE("VGG11 and VGG16 on 28x28 inputs: ceil-mode pools give 14, 7, 4, 2, 1", "[model]") {
  for (const char* dataset : {"mnist", "fashion_mnist"}) {
    INFO(dataset);
    const Profile v11 = zoo("vgg11", dataset);
    CHECK(output_bytes(v11) == bytes({64 * 14 * 14, 128 * 7 * 7, 256 * 7 * 7, 256 * 4 * 4, 512 * 4 * 4, 512 * 2 * 2,
                                      512 * 2 * 2, 512, 4096, 4096, 10}));
    // The reference's dense input: max(1, 28 // 2**5)**2 * 512 = 512 features.
    CHECK(v11.units.at(8).parameters == 512 * 4096 + 4096);
    const Profile v16 = zoo("vgg16", dataset);
    CHECK(output_bytes(v16) == bytes({64 * 28 * 28, 64 * 14 * 14, 128 * 14 * 14, 128 * 7 * 7, 256 * 7 * 7,
                                      256 * 7 * 7, 256 * 4 * 4, 512 * 4 * 4, 512 * 4 * 4, 512 * 2 * 2, 512 * 2 * 2,
                                      512 * 2 * 2, 512, 4096, 4096, 10}));
    CHECK(v16.units.at(13).parameters == 512 * 4096 + 4096);
  }
}

TEST_CASE("An architecture whose spatial size collapses on a small input is rejected", "[model]") {
  // Five floor-mode halvings of 28x28: 14, 7, 3, 1, then 0.
  const Arch a = arch_from_json(test::halving_arch("halves", 5), "halves.json");
  REQUIRE_THROWS_AS(build_profile(a, find_dataset("mnist")), InputError);
  REQUIRE_THROWS_WITH(build_profile(a, find_dataset("mnist")),
                      Catch::Contains("halves.json") && Catch::Contains("/units/4") &&
                          Catch::Contains("collapses below 1"));
  CHECK(build_profile(a, find_dataset("cifar10")).units.back().output_bytes == 40); // 32 halves to 1
}

TEST_CASE("Unknown names and bad architecture files are rejected with the place", "[model]") {
  REQUIRE_THROWS_WITH(zoo("vgg7", "cifar10"), Catch::Contains("valid values are"));
  REQUIRE_THROWS_WITH(zoo("vgg5", "cifar11"), Catch::Contains("valid values are: mnist"));

  auto arch = [](const char* text) { return arch_from_json(nlohmann::json::parse(text), "bad.json"); };
  const char* unknown_type = R"({"name": "x", "source": "s", "units": [
      {"name": "a", "layers": [{"type": "conv3d", "out": 4, "kernel": 3}]},
      {"name": "b", "layers": [{"type": "dense", "out": "classes"}]}]})";
  REQUIRE_THROWS_WITH(arch(unknown_type), Catch::Contains("/units/0/layers/0/type"));
  const char* unknown_key = R"({"name": "x", "source": "s", "units": [
      {"name": "a", "layers": [{"type": "conv2d", "out": 4, "kernel": 3, "dilation": 2}]},
      {"name": "b", "layers": [{"type": "flatten"}, {"type": "dense", "out": "classes"}]}]})";
  REQUIRE_THROWS_WITH(arch(unknown_key), Catch::Contains("/units/0/layers/0/dilation"));

  const Dataset& cifar = find_dataset("cifar10");
  const char* wrong_in = R"({"name": "x", "source": "s", "units": [
      {"name": "a", "layers": [{"type": "conv2d", "out": 4, "kernel": 3}]},
      {"name": "b", "layers": [{"type": "conv2d", "in": 8, "out": 4, "kernel": 3}]},
      {"name": "c", "layers": [{"type": "flatten"}, {"type": "dense", "out": "classes"}]}]})";
  REQUIRE_THROWS_WITH(build_profile(arch(wrong_in), cifar), Catch::Contains("/units/1/layers/0"));
  const char* no_flatten = R"({"name": "x", "source": "s", "units": [
      {"name": "a", "layers": [{"type": "conv2d", "out": 4, "kernel": 3}]},
      {"name": "b", "layers": [{"type": "dense", "out": "classes"}]}]})";
  REQUIRE_THROWS_WITH(build_profile(arch(no_flatten), cifar), Catch::Contains("flatten"));
  const char* wrong_classes = R"({"name": "x", "source": "s", "units": [
      {"name": "a", "layers": [{"type": "conv2d", "out": 4, "kernel": 3}]},
      {"name": "b", "layers": [{"type": "flatten"}, {"type": "dense", "out": 7}]}]})";
  REQUIRE_THROWS_WITH(build_profile(arch(wrong_classes), cifar), Catch::Contains("class scores"));
}

TEST_CASE("torchvision's make_divisible for squeeze-excitation channels", "[model]") {
  CHECK(make_divisible8(16 / 4) == 8);
  CHECK(make_divisible8(72 / 4) == 24); // 16 would be more than 10% below 18
  CHECK(make_divisible8(120 / 4) == 32);
  CHECK(make_divisible8(144 / 4) == 40);
  CHECK(make_divisible8(240 / 4) == 64);
  CHECK(make_divisible8(960 / 4) == 240);
}

TEST_CASE("Every architecture lists and every pair matches its committed profile", "[model]") {
  const auto archs = list_archs(kModels);
  CHECK(archs == std::vector<std::string>{"mobilenetv3_large", "mobilenetv3_small", "resnet18", "resnet50", "vgg11",
                                          "vgg16", "vgg5", "vgg8"});
  CHECK(list_datasets().size() == 6);
  int built = 0;
  for (const auto& a : archs)
    for (const auto& d : list_datasets()) {
      INFO(a << " on " << d);
      const Profile p = zoo(a, d);
      ++built;
      const Profile saved = load_profile(kModels + "/" + profile_file_name(a, d));
      CHECK(profile_to_json(saved) == profile_to_json(p));
    }
  CHECK(built == 48);
}

TEST_CASE("models_table lists the profiles with parameters and GFLOP", "[model]") {
  const std::string t = models_table(kModels);
  CHECK(t.find("vgg5_cifar10") != std::string::npos);
  CHECK(t.find("582346") != std::string::npos);
  CHECK(t.find("fwd GFLOP") != std::string::npos);
}

TEST_CASE("save_profile writes what load_profile reads", "[model]") {
  const Profile p = zoo("resnet18", "cifar100");
  const std::string path = (std::filesystem::temp_directory_path() / "pipar_model_zoo_roundtrip.json").string();
  save_profile(p, path);
  const Profile q = load_profile(path);
  std::remove(path.c_str());
  CHECK(profile_to_json(q) == profile_to_json(p));
}
