#include "model/models_dir.hpp"

#include <filesystem>

namespace pipar {

namespace fs = std::filesystem;

namespace {
bool is_models_dir(const fs::path& dir) {
  std::error_code ec;
  return fs::is_directory(dir / "arch", ec);
}
} // namespace

std::string default_models_dir() {
  if (is_models_dir("models"))
    return "models";
  std::error_code ec;
  const fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  if (!ec) {
    const fs::path beside = exe.parent_path().parent_path() / "models";
    if (is_models_dir(beside))
      return beside.lexically_normal().string();
  }
  return "models";
}

std::string models_dir_for(const std::string& scenario_file) {
  const fs::path folder = fs::path(scenario_file).parent_path();
  for (const fs::path& candidate : {folder / ".." / "models", folder / "models"})
    if (is_models_dir(candidate))
      return candidate.lexically_normal().string();
  return default_models_dir();
}

} // namespace pipar
