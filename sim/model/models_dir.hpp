// Where the model zoo lives: the repository's models/ directory (arch/, generated profiles,
// measured/), found from the working directory, a scenario file or the executable.
#pragma once
#include <string>

namespace pipar {

/// "models" when the working directory holds models/arch/, else <directory of this executable>/../models
/// when that holds arch/ (the binary is build*/pipar-sim), else "models".
std::string default_models_dir();

/// The models directory for a scenario file: <scenario's folder>/../models when it holds arch/ (the
/// repository layout scenarios/x.json), else <scenario's folder>/models, else default_models_dir().
std::string models_dir_for(const std::string& scenario_file);

} // namespace pipar
