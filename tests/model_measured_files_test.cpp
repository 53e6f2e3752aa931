// The committed measured profiles (models/measured/, scripts/profile_torch.py): measured seconds in
// every unit, and every analytic field equal to the zoo's profile of the same model and dataset.
#include "model/measured.hpp"
#include "model/zoo.hpp"

#include <catch2/catch.hpp>
#include <filesystem>

using namespace pipar;

TEST_CASE("measured profiles carry the analytic profile's flop, bytes and parameters", "[model][measured]") {
  const std::string models = std::string(PIPAR_SOURCE_DIR) + "/models";
  int files = 0;
  for (const auto& entry : std::filesystem::directory_iterator(models + "/measured")) {
    if (entry.path().extension() != ".json")
      continue;
    ++files;
    const Profile m = load_profile(entry.path().string());
    INFO(entry.path().string());
    CHECK(is_measured(m));
    CHECK(m.measured_batch_size == 100);
    CHECK_FALSE(m.measured_note.empty());
    const Profile a = make_profile(m.model, m.dataset, models);
    REQUIRE(m.split_units() == a.split_units());
    CHECK(m.input_bytes == a.input_bytes);
    for (int i = 0; i < a.split_units(); ++i) {
      const auto& mu = m.units[static_cast<size_t>(i)];
      const auto& au = a.units[static_cast<size_t>(i)];
      CHECK(mu.name == au.name);
      CHECK(mu.forward_flops == au.forward_flops);
      CHECK(mu.backward_flops == au.backward_flops);
      CHECK(mu.output_bytes == au.output_bytes);
      CHECK(mu.parameters == au.parameters);
      CHECK(mu.forward_seconds > 0);
      CHECK(mu.backward_seconds > 0);
    }
  }
  CHECK(files >= 2);
}
