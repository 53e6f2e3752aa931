#include "validate/ranking.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>

namespace pipar::validate {

double kendall_tau_b(const std::vector<double>& a, const std::vector<double>& b) {
  const size_t n = std::min(a.size(), b.size());
  double concordant = 0, discordant = 0, ties_a = 0, ties_b = 0, pairs = 0;
  for (size_t i = 0; i < n; ++i)
    for (size_t j = i + 1; j < n; ++j) {
      const double da = a[i] - a[j], db = b[i] - b[j];
      ++pairs;
      if (da == 0)
        ++ties_a;
      if (db == 0)
        ++ties_b;
      if (da != 0 && db != 0)
        ((da > 0) == (db > 0) ? concordant : discordant) += 1;
    }
  const double denom = std::sqrt((pairs - ties_a) * (pairs - ties_b));
  return denom > 0 ? (concordant - discordant) / denom : std::numeric_limits<double>::quiet_NaN();
}

std::string configuration_label(const RunComparison& r) {
  if (r.mode == "fl")
    return "fl";
  std::string s = r.mode + " P=" + std::to_string(r.P);
  if (r.mode == "pipar")
    s += " N=" + std::to_string(r.N);
  return s;
}

std::vector<std::vector<const RunComparison*>> group_configurations(const std::vector<RunComparison>& runs) {
  std::vector<std::vector<const RunComparison*>> groups;
  std::vector<std::pair<std::string, std::string>> keys; // (setting, label) of each group
  for (const RunComparison& r : runs) {
    const std::pair<std::string, std::string> key{r.setting, configuration_label(r)};
    const auto it = std::find(keys.begin(), keys.end(), key);
    if (it == keys.end()) {
      keys.push_back(key);
      groups.push_back({&r});
    } else {
      groups[static_cast<size_t>(it - keys.begin())].push_back(&r);
    }
  }
  return groups;
}

namespace {

struct Config {
  std::string label, mode;
  double measured = 0, simulated = 0;
  int repeats = 0;
};

/// The fastest of `configs` by `key` among those of `mode` ("" = any); nullptr if none.
template <class Key> const Config* fastest(const std::vector<Config>& configs, const std::string& mode, Key key) {
  const Config* best = nullptr;
  for (const Config& c : configs)
    if ((mode.empty() || c.mode == mode) && (!best || key(c) < key(*best)))
      best = &c;
  return best;
}

} // namespace

std::vector<SettingRanking> rank_settings(const std::vector<RunComparison>& runs) {
  std::vector<std::string> order;
  std::map<std::string, std::vector<Config>> by_setting;
  for (const auto& g : group_configurations(runs)) {
    const RunComparison& first = *g.front();
    auto it = by_setting.find(first.setting);
    if (it == by_setting.end()) {
      order.push_back(first.setting);
      it = by_setting.emplace(first.setting, std::vector<Config>{}).first;
    }
    Config c{configuration_label(first), first.mode, 0, 0, static_cast<int>(g.size())};
    for (const RunComparison* r : g) {
      c.measured += r->makespan_measured;
      c.simulated += r->makespan_simulated;
    }
    c.measured /= c.repeats;
    c.simulated /= c.repeats;
    it->second.push_back(c);
  }
  std::vector<SettingRanking> out;
  for (const std::string& setting : order) {
    std::vector<Config>& configs = by_setting[setting];
    std::vector<double> m, s;
    for (const Config& c : configs) {
      m.push_back(c.measured);
      s.push_back(c.simulated);
    }
    const auto measured = [](const Config& c) { return c.measured; };
    const auto simulated = [](const Config& c) { return c.simulated; };
    SettingRanking r;
    r.setting = setting;
    r.configurations = configs.size();
    r.kendall_tau = kendall_tau_b(m, s);
    const Config* best = fastest(configs, "", measured);
    const Config* pick = fastest(configs, "", simulated);
    r.best_measured = best->label;
    r.best_measured_s = best->measured;
    r.picked = pick->label;
    r.picked_measured_s = pick->measured;
    r.regret = pick->measured / best->measured - 1;
    const Config* fl = fastest(configs, "fl", measured);
    const Config* pm = fastest(configs, "pipar", measured);
    const Config* ps = fastest(configs, "pipar", simulated);
    if (fl && pm && ps) {
      r.faster_measured = fl->measured < pm->measured ? "fl" : "pipar";
      r.faster_simulated = fl->simulated < ps->simulated ? "fl" : "pipar";
    }
    out.push_back(r);
  }
  return out;
}

} // namespace pipar::validate
