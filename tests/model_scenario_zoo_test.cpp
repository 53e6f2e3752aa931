// Scenarios naming a model by architecture and dataset ("model": {"arch", "dataset"}).
#include "core/error.hpp"
#include "model/zoo.hpp"
#include "support.hpp"

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>

using namespace pipar;

namespace {
const std::string kRepo = PIPAR_SOURCE_DIR;
// A scenario file in the repository's scenarios/ folder: its models are ../models.
const std::string kScenarioFile = kRepo + "/scenarios/zoo-test.json";

nlohmann::json by_name(const std::string& arch, const std::string& dataset) {
  auto j = test::base_scenario();
  j["model"] = {{"arch", arch}, {"dataset", dataset}};
  return j;
}

} // namespace

TEST_CASE("a scenario names a zoo model by arch and dataset", "[model][scenario]") {
  const Scenario s = scenario_from_json(by_name("vgg5", "cifar10"), kScenarioFile);
  CHECK(std::filesystem::equivalent(s.profile_path, kRepo + "/models/vgg5_cifar10.json"));
  CHECK(s.profile.model == "vgg5");
  CHECK(s.profile.dataset == "cifar10");
  CHECK(s.profile.parameters() == 582346);
  CHECK(s.resolved["model"] == nlohmann::json({{"arch", "vgg5"}, {"dataset", "cifar10"}}));
}

TEST_CASE("every generated profile can be named by a scenario", "[model][scenario]") {
  const std::string models = kRepo + "/models";
  int named = 0;
  for (const auto& arch : list_archs(models))
    for (const auto& dataset : list_datasets())
      if (std::filesystem::exists(models + "/" + profile_file_name(arch, dataset))) {
        const Scenario s = scenario_from_json(by_name(arch, dataset), kScenarioFile);
        CHECK(s.profile.model == arch);
        ++named;
      }
  CHECK(named == 48);
  CHECK(absent_pairs(models).empty());
}

TEST_CASE("model by name: errors name /model and list the valid names", "[model][scenario][errors]") {
  auto both = by_name("vgg5", "cifar10");
  both["model"]["profile"] = "x.json";
  CHECK_THAT(test::error_of(both, kScenarioFile), Catch::Contains("zoo-test.json: /model: give exactly one of"));
  auto neither = by_name("vgg5", "cifar10");
  neither["model"] = nlohmann::json::object();
  CHECK_THAT(test::error_of(neither, kScenarioFile), Catch::Contains("/model: give exactly one of"));

  const auto arch = test::error_of(by_name("vgg99", "cifar10"), kScenarioFile);
  CHECK_THAT(arch, Catch::Contains("/model/arch: unknown architecture \"vgg99\""));
  CHECK_THAT(arch, Catch::Contains("mobilenetv3_large, mobilenetv3_small, resnet18, resnet50, vgg11, vgg16, vgg5, vgg8"));
  const auto dataset = test::error_of(by_name("vgg5", "cifar11"), kScenarioFile);
  CHECK_THAT(dataset, Catch::Contains("/model/dataset: unknown dataset \"cifar11\""));
  CHECK_THAT(dataset, Catch::Contains("mnist, fashion_mnist, cifar10, cifar100, svhn, imagenet"));
  auto only_arch = by_name("vgg5", "cifar10");
  only_arch["model"].erase("dataset");
  CHECK_THAT(test::error_of(only_arch, kScenarioFile), Catch::Contains("/model/dataset"));
}

TEST_CASE("model by name: a pair without a profile says why", "[model][scenario][errors]") {
  // A zoo of one user architecture that halves its input five times (no profile generated):
  // on 28x28 it collapses, on 32x32 it fits but was not generated.
  namespace fs = std::filesystem;
  const fs::path root = test::temp_path("user-zoo");
  fs::create_directories(root / "models" / "arch");
  fs::create_directories(root / "scenarios");
  std::ofstream((root / "models" / "arch" / "halves.json").string()) << test::halving_arch("halves", 5).dump();
  const std::string scenario = (root / "scenarios" / "s.json").string();

  const auto collapsed = test::error_of(by_name("halves", "mnist"), scenario);
  CHECK_THAT(collapsed, Catch::Contains("/model: there is no profile"));
  CHECK_THAT(collapsed, Catch::Contains("halves on mnist"));
  CHECK_THAT(collapsed, Catch::Contains("collapses below 1"));
  const auto missing = test::error_of(by_name("halves", "cifar10"), scenario);
  CHECK_THAT(missing, Catch::Contains("halves on cifar10: it was not generated"));
}
