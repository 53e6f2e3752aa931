#include "sched/variability.hpp"

#include "scenario/scenario.hpp"
#include "sched/registry.hpp"

#include <cmath>

namespace pipar {

namespace {
constexpr double kPi = 3.14159265358979323846;

// splitmix64 (Steele, Lea and Flood 2014): a counter-based generator, so that task k's draw does not
// depend on how many draws came before it.
std::uint64_t splitmix64(std::uint64_t x) {
  x += 0x9e3779b97f4a7c15ull;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ull;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebull;
  return x ^ (x >> 31);
}
/// Uniform in (0, 1): the top 53 bits, offset by half a step so that 0 never comes out.
double unit(std::uint64_t x) { return (static_cast<double>(x >> 11) + 0.5) * 0x1.0p-53; }
} // namespace

double variability_factor(std::uint64_t seed, std::uint64_t task, double cv) {
  const std::uint64_t a = splitmix64(splitmix64(seed) ^ (2 * task));
  const std::uint64_t b = splitmix64(splitmix64(seed) ^ (2 * task + 1));
  const double z = std::sqrt(-2 * std::log(unit(a))) * std::cos(2 * kPi * unit(b)); // Box-Muller
  const double sigma2 = std::log1p(cv * cv);
  return std::exp(-sigma2 / 2 + std::sqrt(sigma2) * z);
}

void apply_compute_variability(TaskGraph& g, const Scenario& s) {
  const double cv = s.variability.compute_cv;
  if (!(cv > 0))
    return;
  for (TaskId t = 0; t < g.size(); ++t)
    if (!is_transfer(g.lane(g.task(t).lane).resource))
      g.scale_amount(t, variability_factor(s.seed, t, cv));
}

TaskGraph build_graph(const SchedulerEntry& e, const Scenario& s) {
  TaskGraph g = e.build(s);
  apply_compute_variability(g, s);
  return g;
}

} // namespace pipar
