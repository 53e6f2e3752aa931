// What produced a result file: pipar-sim's version and git commit (core/build_info.hpp), the
// full command line, every --cfg flag, and SimGrid's effective network configuration
// (replay/effective_config.hpp). Written under "provenance" in summary.json and sweep.json.
#pragma once
#include "replay/replay.hpp"

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace pipar {

/// This process's command line (from /proc/self/cmdline; empty if unreadable).
std::vector<std::string> command_line();

/// {"version", "commit", "command_line", "cfg", "network_model", "simgrid_config"}.
nlohmann::json provenance(const ReplayOptions& opt);

} // namespace pipar
