// "model": which profile the scenario trains.
#include "scenario/sections.hpp"

#include <filesystem>

namespace pipar::sections {

namespace {
/// A path written in a scenario: relative to the scenario's folder if it exists there, else as
/// given (relative to the working directory), so "models/x.json" works from the repository root.
std::string resolve_path(const std::string& scenario_file, const std::string& p) {
  namespace fs = std::filesystem;
  if (fs::path(p).is_absolute())
    return p;
  const fs::path beside = fs::path(scenario_file).parent_path() / p;
  return fs::exists(beside) ? beside.string() : p;
}
} // namespace

void read_model(const JsonReader& r, Scenario& s) {
  r.allow_only("/model", {"profile"});
  s.profile_path = resolve_path(r.file(), r.string("/model/profile"));
  try {
    s.profile = load_profile(s.profile_path);
  } catch (const InputError& e) {
    r.fail("/model/profile", std::string("cannot use this profile: ") + e.what());
  }
  s.resolved["model"] = {{"profile", s.profile_path}};
}

} // namespace pipar::sections
