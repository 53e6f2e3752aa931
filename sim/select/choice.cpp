#include "select/choice.hpp"

#include <algorithm>
#include <map>

namespace pipar::select {

std::string SplitChoice::describe() const {
  if (per_device.empty())
    return "P=" + std::to_string(common.P) + " N=" + std::to_string(common.N);
  std::map<std::pair<int, int>, int> count;
  std::vector<std::pair<int, int>> order;
  for (const auto& pn : per_device)
    if (count[{pn.P, pn.N}]++ == 0)
      order.emplace_back(pn.P, pn.N);
  std::string out = "per device:";
  for (size_t i = 0; i < order.size(); ++i)
    out += (i ? ", P=" : " P=") + std::to_string(order[i].first) + " N=" + std::to_string(order[i].second) + " x" +
           std::to_string(count[order[i]]);
  return out;
}

bool SplitChoice::uniform() const {
  return std::all_of(per_device.begin(), per_device.end(), [&](const SplitPN& x) { return x == per_device.front(); });
}

void SplitChoice::collapse_uniform() {
  if (!per_device.empty() && uniform()) {
    common = per_device.front();
    per_device.clear();
  }
}

Scenario apply_choice(const Scenario& s, const SplitChoice& c) {
  Scenario out = s;
  out.split.split_point = c.common.P;
  out.split.micro_batches = c.common.N;
  for (size_t d = 0; d < out.devices.size(); ++d) {
    const SplitPN pn = c.of(d);
    out.devices[d].split_point = c.is_common() ? 0 : pn.P;
    out.devices[d].micro_batches = c.is_common() ? 0 : pn.N;
  }
  return out;
}

} // namespace pipar::select
