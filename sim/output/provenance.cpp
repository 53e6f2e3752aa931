#include "output/provenance.hpp"

#include "core/build_info.hpp"
#include "replay/effective_config.hpp"

#include <fstream>
#include <iterator>

namespace pipar {

std::vector<std::string> command_line() {
  std::ifstream in("/proc/self/cmdline", std::ios::binary);
  const std::string raw((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  std::vector<std::string> out;
  std::string cur;
  for (char c : raw) {
    if (c == '\0') {
      out.push_back(cur);
      cur.clear();
    } else {
      cur += c;
    }
  }
  if (!cur.empty())
    out.push_back(cur);
  return out;
}

nlohmann::json provenance(const ReplayOptions& opt) {
  nlohmann::json cfg = nlohmann::json::array();
  for (const auto& a : opt.simgrid_args)
    if (a.rfind("--cfg=", 0) == 0)
      cfg.push_back(a);
  const auto eff = effective_network_config(opt);
  return {{"version", build_version()},
          {"commit", build_commit()},
          {"command_line", command_line()},
          {"cfg", cfg},
          {"network_model", eff.count("network/model") ? eff.at("network/model") : std::string("unknown")},
          {"simgrid_config", eff}};
}

} // namespace pipar
