// The main self-check on a real profile: for one device nothing is shared, so the SimGrid replay of
// PiPar equals the critical-path evaluator for every split point of VGG5 and several N.
#include "eval/critical_path.hpp"
#include "replay/replay.hpp"
#include "sched/registry.hpp"
#include "support.hpp"

#include <catch2/catch.hpp>
#include <cmath>

using namespace pipar;

TEST_CASE("single device, VGG5/CIFAR-10: PiPar replay equals the critical path for every P and N",
          "[sched][replay][critical-path]") {
  auto j = test::base_scenario(1);
  j["model"]["profile"] = std::string(PIPAR_SOURCE_DIR) + "/models/vgg5_cifar10.json";
  j["devices"]["samples"] = 200; // two iterations
  const int L = test::make(j).profile.split_units();
  REQUIRE(L >= 3);
  int cases = 0;
  for (int P = 1; P <= L - 1; ++P)
    for (int N : {1, 2, 3, 8, 25}) {
      j["split"] = {{"split_point", P}, {"micro_batches", N}};
      const Scenario s = test::make(j);
      const TaskGraph g = build_pipar(s);
      const Timeline cp = critical_path(g, CostModel(g, s));
      const Timeline rep = replay_isolated(g, s, {}).timeline;
      INFO("P=" << P << " N=" << N);
      REQUIRE(rep.end.size() == cp.end.size());
      double gap = 0;
      for (size_t t = 0; t < cp.end.size(); ++t)
        gap = std::max(gap, std::abs(rep.end[t] - cp.end[t]));
      CHECK(gap / cp.makespan() < 1e-9);
      ++cases;
    }
  CHECK(cases == 5 * (L - 1));
}
