// "variability": compute durations that vary from task to task (sched/variability.hpp).
//   compute_cv  coefficient of variation of every compute task's duration, in [0, 10] (default 0:
//               every task takes its cost model's time)
// The resolved scenario records the section only when the scenario gives it.
#include "scenario/sections.hpp"

namespace pipar::sections {

void read_variability(const JsonReader& r, Scenario& s) {
  if (!r.has("/variability"))
    return;
  r.allow_only("/variability", {"compute_cv"});
  s.variability.compute_cv = r.number_or("/variability/compute_cv", {0, 10, "(a coefficient of variation)"}, 0);
  s.resolved["variability"] = {{"compute_cv", s.variability.compute_cv}};
}

} // namespace pipar::sections
