// "schedulers": which schedulers to run (registry names, or "all").
#include "scenario/sections.hpp"
#include "sched/registry.hpp"

#include <algorithm>

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
  const bool listed = r.has(ptr) && r.at(ptr).is_array();
  for (size_t i = 0; i < names.size(); ++i) {
    const std::string& n = names[i];
    const std::string at = listed ? ptr + "/" + std::to_string(i) : ptr;
    std::vector<std::string> add;
    if (n == "all") {
      for (const auto& e : scheduler_registry())
        add.push_back(e.name);
    } else if (find_scheduler(n)) {
      add.push_back(n);
    } else {
      r.fail(ptr, "unknown scheduler \"" + echo(n) + "\"; valid values are: " + scheduler_names() + ", all");
    }
    for (const auto& a : add) {
      if (std::find(s.schedulers.begin(), s.schedulers.end(), a) != s.schedulers.end())
        r.fail(at, "scheduler \"" + a + "\" is listed twice");
      s.schedulers.push_back(a);
    }
  }
  s.resolved["schedulers"] = s.schedulers;
}

} // namespace pipar::sections
