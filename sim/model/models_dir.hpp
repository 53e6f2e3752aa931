// Where the model zoo lives: the repository's models/ directory (arch/, generated profiles,
// measured/), found from the working directory, a scenario file or the executable.
#pragma once
#include <string>
#include <vector>

namespace pipar {

/// The first folder named models/ holding arch/ in the working directory or the data folders
/// (core/lookup.hpp), else "models".
std::string default_models_dir();

/// The models directory for a scenario file, by the lookup rule of core/lookup.hpp: models/ beside
/// the scenario, in its parent folder (the repository layout scenarios/x.json), in the working
/// directory, then in the data folders; else "models".
std::string models_dir_for(const std::string& scenario_file);

/// The models/ folders models_dir_for() tries, for error messages.
std::vector<std::string> models_dirs_searched(const std::string& scenario_file);

} // namespace pipar
