// "privacy": differential privacy as a cost on the devices.
//   dp_sgd.backward_factor      DP-SGD computes, clips and noises a gradient per sample; the device's
//                               backward work is multiplied by this factor (>= 1).
//   activation_noise.flops_per_element  noise added to every element of the smashed activations a
//                               device sends (split schedulers), after its forward pass.
#include "scenario/sections.hpp"

namespace pipar::sections {

void read_privacy(const JsonReader& r, Scenario& s) {
  r.allow_only("/privacy", {"dp_sgd", "activation_noise"});
  r.allow_only("/privacy/dp_sgd", {"enabled", "backward_factor"});
  r.allow_only("/privacy/activation_noise", {"enabled", "flops_per_element"});
  PrivacySpec& p = s.privacy;
  p.dp_sgd = r.boolean_or("/privacy/dp_sgd/enabled", false);
  p.backward_factor = r.number_or("/privacy/dp_sgd/backward_factor", {1, 1e3, "x device backward work"}, 2);
  p.activation_noise = r.boolean_or("/privacy/activation_noise/enabled", false);
  p.noise_flops_per_element =
      r.number_or("/privacy/activation_noise/flops_per_element", {0, 1e6, "flop/element"}, 10);
  s.resolved["privacy"] = {
      {"dp_sgd", {{"enabled", p.dp_sgd}, {"backward_factor", p.backward_factor}}},
      {"activation_noise", {{"enabled", p.activation_noise}, {"flops_per_element", p.noise_flops_per_element}}}};
}

} // namespace pipar::sections
