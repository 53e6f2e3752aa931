#include "model/models_dir.hpp"

#include "core/lookup.hpp"

#include <filesystem>

namespace pipar {

namespace fs = std::filesystem;

namespace {
bool is_models_dir(const fs::path& dir) {
  std::error_code ec;
  return fs::is_directory(dir / "arch", ec);
}

std::string found_or_default(const std::vector<fs::path>& dirs) {
  const fs::path found = find_input("models", dirs, is_models_dir);
  return found.empty() ? std::string("models") : found.lexically_normal().string();
}
} // namespace

std::string default_models_dir() { return found_or_default(with_default_dirs({})); }

std::string models_dir_for(const std::string& scenario_file) { return found_or_default(search_dirs(scenario_file)); }

std::vector<std::string> models_dirs_searched(const std::string& scenario_file) {
  std::vector<std::string> out;
  for (const auto& d : search_dirs(scenario_file))
    out.push_back(d.empty() ? std::string("models") : (d / "models").lexically_normal().string());
  return out;
}

} // namespace pipar
