// Where an input file named by a relative path is found: one rule for models, catalogues
// (device_classes.json, networks.json), platform files and traces (README, "Where inputs are found").
//
// A relative path P named in file F is tried, in order, in: F's folder, F's parent folder, the
// working directory, then the data folders (the folder above the binary's, i.e. the source tree for
// build*/pipar-sim, and the source tree the binary was built from). The first existing one wins.
#pragma once
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

namespace pipar {

/// The folders searched for a relative path named in `naming_file` (see above); duplicates removed.
std::vector<std::filesystem::path> search_dirs(const std::string& naming_file);

/// The data folders alone: the binary's parent folder's parent, then the build's source tree.
std::vector<std::filesystem::path> data_dirs();

/// Appends the working directory and the data folders to `dirs` (skipping folders already there).
std::vector<std::filesystem::path> with_default_dirs(std::vector<std::filesystem::path> dirs);

/// The first dir / p (not normalised) that exists and passes `accept`, else an empty path. An
/// absolute p is returned as given if it passes.
std::filesystem::path find_input(const std::string& p, const std::vector<std::filesystem::path>& dirs,
                                 const std::function<bool(const std::filesystem::path&)>& accept = {});

/// "looked in: a/, b/, the working directory, ..." for error messages.
std::string searched_text(const std::vector<std::filesystem::path>& dirs);

} // namespace pipar
