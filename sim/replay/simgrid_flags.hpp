// SimGrid's own command-line flags (--cfg=..., --log=...), checked before anything runs.
#pragma once
#include <string>
#include <vector>

namespace pipar {

/// Tries each flag on a SimGrid engine in a forked child (SimGrid allows one engine per process and
/// reports a bad flag by dumping its configuration and exiting). Throws InputError naming the flag,
/// with SimGrid's first line of complaint, if SimGrid refuses it; silent otherwise.
void check_simgrid_flags(const std::vector<std::string>& flags);

} // namespace pipar
