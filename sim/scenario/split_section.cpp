// "split": the split point P and the micro-batch count N of the split schedulers.
#include "scenario/sections.hpp"

namespace pipar::sections {

void read_split(const JsonReader& r, Scenario& s) {
  r.allow_only("/split", {"split_point", "micro_batches"});
  const int L = s.profile.split_units();
  s.split.split_point = static_cast<int>(r.integer_or("/split/split_point", {1, double(L - 1), "split units"}, 1));
  s.split.micro_batches = static_cast<int>(r.integer_or(
      "/split/micro_batches", {1, double(s.training.batch_size), "micro-batches (<= batch_size)"}, 1));
  s.resolved["split"] = {{"split_point", s.split.split_point}, {"micro_batches", s.split.micro_batches}};
}

} // namespace pipar::sections
