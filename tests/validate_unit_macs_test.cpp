// The multiply-adds validate infers for a measured run's units (sim/validate/unit_macs.hpp), against
// VGG5's layers counted by hand: conv3x3 3->32 on 32x32 = 3 x 9 x 32 x 1024 MACs, and so on.
#include "validate/unit_macs.hpp"

#include <catch2/catch.hpp>

using namespace pipar::validate;

namespace {
RunUnit unit(const std::string& kind, std::vector<int> in, std::vector<int> out, double params, double buffers,
             double fwd_flops) {
  RunUnit u;
  u.kind = kind;
  u.in_shape = std::move(in);
  u.out_shape = std::move(out);
  u.parameters = params;
  u.buffer_bytes = buffers;
  u.forward_flops = fwd_flops;
  return u;
}
} // namespace

TEST_CASE("validate infers VGG5's multiply-adds from kinds, shapes and parameter counts", "[validate][macs]") {
  // The campaign's units (tests/data/realrun): conv + BN + ReLU (+ max-pool), then two dense layers.
  CHECK(unit_macs(unit("conv", {3, 32, 32}, {32, 16, 16}, 960, 264, 1998848)) == 3 * 9 * 32 * 32 * 32);
  CHECK(unit_macs(unit("conv", {32, 16, 16}, {64, 8, 8}, 18624, 520, 9551872)) == 32 * 9 * 64 * 16 * 16);
  CHECK(unit_macs(unit("conv", {64, 8, 8}, {64, 8, 8}, 37056, 520, 4743168)) == 64 * 9 * 64 * 8 * 8);
  CHECK(unit_macs(unit("dense", {64, 8, 8}, {128}, 524416, 0, 1048704)) == 4096 * 128);
  CHECK(unit_macs(unit("dense", {128}, {10}, 1290, 0, 2570)) == 1280);
  // Without BatchNorm (no buffers) a conv has only a bias per channel.
  CHECK(unit_macs(unit("conv", {3, 8, 8}, {4, 8, 8}, 3 * 9 * 4 + 4, 0, 1e6)) == 3 * 9 * 4 * 64);
}

TEST_CASE("a unit's own MAC count wins; a count that cannot be right is not known", "[validate][macs]") {
  RunUnit u = unit("conv", {3, 32, 32}, {32, 16, 16}, 960, 264, 1998848);
  u.given_macs = 123456;
  CHECK(unit_macs(u) == 123456);
  CHECK(unit_macs(unit("pool", {3, 32, 32}, {3, 16, 16}, 0, 0, 1e4)) == -1);           // another kind
  CHECK(unit_macs(unit("conv", {3, 32, 32}, {32, 16, 16}, 960, 264, 1e5)) == -1);     // over half the flop
  CHECK(unit_macs(unit("dense", {128}, {10}, 10, 0, 2570)) == -1);                    // no weights left
  CHECK(unit_macs(unit("conv", {3}, {32, 16, 16}, 960, 264, 1998848)) == -1);         // no height and width
}
