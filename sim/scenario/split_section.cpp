// "split": the split point P and the micro-batch count N of the split schedulers. Either may be
// "auto": a parameter selector ("selector", default "aps") picks it before the run
// (select/resolve_auto.cpp); until then it holds 1.
#include "scenario/sections.hpp"
#include "select/registry.hpp"

#include <algorithm>

namespace pipar::sections {

namespace {

bool is_auto(const JsonReader& r, const std::string& ptr) {
  if (!r.has(ptr) || !r.at(ptr).is_string())
    return false;
  if (r.at(ptr).get<std::string>() != "auto")
    r.fail(ptr, "expected an integer or \"auto\", got \"" + r.at(ptr).get<std::string>() + "\"");
  return true;
}

} // namespace

void read_split(const JsonReader& r, Scenario& s) {
  r.allow_only("/split", {"split_point", "micro_batches", "selector"});
  const int L = s.profile.split_units();
  SplitSpec& sp = s.split;
  sp.auto_split_point = is_auto(r, "/split/split_point");
  sp.auto_micro_batches = is_auto(r, "/split/micro_batches");
  sp.split_point = sp.auto_split_point
                       ? 1
                       : static_cast<int>(r.integer_or("/split/split_point", {1, double(L - 1), "split units"}, 1));
  // A batch never holds more samples than its device has: N above that would be reported but never run.
  double cap = s.training.batch_size;
  for (const DeviceSpec& d : s.devices)
    if (d.micro_batches == 0) // a group with its own N is checked against its own samples (fleet.cpp)
      cap = std::min(cap, static_cast<double>(d.samples));
  sp.micro_batches =
      sp.auto_micro_batches
          ? 1
          : static_cast<int>(r.integer_or(
                "/split/micro_batches",
                {1, cap, cap < s.training.batch_size ? "micro-batches (<= batch_size and <= every device's samples)"
                                                     : "micro-batches (<= batch_size)"},
                1));
  // "auto" picks every device's P (N): a group's own value would be overridden without a word.
  for (const DeviceSpec& d : s.devices) {
    if (sp.auto_split_point && d.split_point > 0)
      r.fail("/split/split_point", "is \"auto\", but group \"" + d.group +
                                       "\" sets its own split_point: the selector chooses every device's; remove one");
    if (sp.auto_micro_batches && d.micro_batches > 0)
      r.fail("/split/micro_batches", "is \"auto\", but group \"" + d.group +
                                         "\" sets its own micro_batches: the selector chooses every device's; remove one");
  }
  sp.selector = r.string_or("/split/selector", "aps");
  if (!select::find_selector(sp.selector))
    r.fail("/split/selector", "expected one of " + select::selector_names() + ", got \"" + sp.selector + "\"");
  s.resolved["split"] = {{"split_point", sp.auto_split_point ? nlohmann::json("auto") : nlohmann::json(sp.split_point)},
                         {"micro_batches",
                          sp.auto_micro_batches ? nlohmann::json("auto") : nlohmann::json(sp.micro_batches)}};
  if (sp.auto_split_point || sp.auto_micro_batches || r.has("/split/selector"))
    s.resolved["split"]["selector"] = sp.selector;
}

} // namespace pipar::sections
