// SimGrid's effective configuration for a replay's options: pipar-sim's defaults, then the user's
// --cfg flags, as SimGrid itself parses them. Read in a forked child (one Engine per process), so
// what summary.json records is what the replay ran with (e.g. --cfg=network/model:LV08 -> "LV08").
#pragma once
#include "replay/replay.hpp"

#include <map>
#include <string>

namespace pipar {

/// network/model, network/TCP-gamma, network/crosstraffic and network/weight-S as SimGrid reads
/// them (values as text). Throws std::runtime_error if the child fails.
std::map<std::string, std::string> effective_network_config(const ReplayOptions& opt);

} // namespace pipar
