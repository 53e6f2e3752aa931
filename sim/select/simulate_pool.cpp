#include "select/simulate_pool.hpp"

#include "run/process_pool.hpp"
#include "run/run_size.hpp"
#include "sched/registry.hpp"
#include "sched/variability.hpp"

#include <cstdio>
#include <cstdlib>
#include <stdexcept>
#include <string>

namespace pipar::select {

std::vector<double> simulate_makespans(const Scenario& s, const std::vector<SplitChoice>& choices,
                                       const ReplayOptions& opt, int jobs) {
  std::vector<double> out(choices.size(), 0.0);
  std::string failure;
  PoolCallbacks cb;
  cb.work = [&](size_t i) {
    const Scenario sc = apply_choice(s, choices[i]);
    const TaskGraph g = build_graph(*find_scheduler("pipar"), sc); // what `run` replays
    const ReplayResult rep = replay(g, sc, opt);
    check_replay_end(g, rep.timeline, "pipar (" + choices[i].describe() + ")");
    char buf[64];
    std::snprintf(buf, sizeof buf, "%a", rep.timeline.makespan()); // hex float: exact
    return std::string(buf);
  };
  cb.done = [&](size_t i, bool ok, const std::string& text) {
    if (ok)
      out[i] = std::strtod(text.c_str(), nullptr);
    else if (failure.empty())
      failure = choices[i].describe() + ": " + text;
  };
  run_in_processes(choices.size(), jobs > 0 ? jobs : default_jobs(), cb);
  if (!failure.empty())
    throw std::runtime_error("select: the simulation of " + failure + " failed");
  for (size_t i = 0; i < choices.size(); ++i) // a result, not a failure: the scenario's own mistake
    check_replayed_time(s, out[i], "pipar (" + choices[i].describe() + ")", opt.force);
  return out;
}

} // namespace pipar::select
