// SFL (SplitFed v1): every device in parallel with its own server replica, split training with one
// micro-batch per iteration (N = 1 for every device), both halves averaged each round. It is
// PiPar's task graph with N forced to 1 (sched/pipar.cpp), so the two agree exactly at N = 1.
#include "sched/registry.hpp"

namespace pipar {

TaskGraph build_sfl(const Scenario& s) { return build_pipar_with(s, 1); }

} // namespace pipar
