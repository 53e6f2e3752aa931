// "schedulers": which schedulers to run (registry names, or "all").
#include "scenario/sections.hpp"
#include "sched/registry.hpp"

namespace pipar::sections {

void read_schedulers(const JsonReader& r, Scenario& s) {
  const std::string ptr = "/schedulers";
  std::vector<std::string> names;
  if (!r.has(ptr)) {
    names = {"fl", "pipar"};
  } else if (r.at(ptr).is_string()) {
    names.push_back(r.string(ptr));
  } else {
    const size_t n = r.array_size(ptr, 1, 64);
    for (size_t i = 0; i < n; ++i)
      names.push_back(r.string(ptr + "/" + std::to_string(i)));
  }
  s.schedulers.clear();
  for (const auto& n : names) {
    if (n == "all") {
      for (const auto& e : scheduler_registry())
        s.schedulers.push_back(e.name);
      continue;
    }
    if (!find_scheduler(n))
      r.fail(ptr, "unknown scheduler \"" + n + "\"; valid values are: " + scheduler_names() + ", all");
    s.schedulers.push_back(n);
  }
  s.resolved["schedulers"] = s.schedulers;
}

} // namespace pipar::sections
