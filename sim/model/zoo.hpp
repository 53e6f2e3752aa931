// The model zoo: architectures in <models_dir>/arch/<name>.json, datasets from model/dataset.hpp,
// generated profiles in <models_dir>/<arch>_<dataset>.json. The CLI's `profile` and `models`
// subcommands call these.
#pragma once
#include "model/profile.hpp"

#include <string>
#include <vector>

namespace pipar {

/// Architecture names (file stems of <models_dir>/arch/*.json), sorted.
std::vector<std::string> list_archs(const std::string& models_dir = "models");
/// Dataset names, in the order of datasets().
std::vector<std::string> list_datasets();
/// Builds the analytic profile; throws InputError for an unknown name or a pair that does not fit.
Profile make_profile(const std::string& arch, const std::string& dataset, const std::string& models_dir = "models");
/// "<arch>_<dataset>.json"
std::string profile_file_name(const std::string& arch, const std::string& dataset);
/// A table of the profiles in <models_dir>/*.json: file, model, dataset, parameters,
/// forward GFLOP per sample, split units.
std::string models_table(const std::string& models_dir = "models");

/// A table of the measured profiles in `dir` (e.g. <models_dir>/measured): file, model, dataset,
/// device class, batch size, measured forward and backward seconds per batch (summed over units).
std::string measured_table(const std::string& dir);

/// An architecture/dataset pair without a profile file in <models_dir>, and why.
struct AbsentPair {
  std::string arch;
  std::string dataset;
  std::string reason; ///< make_profile's error, or that the file was not generated
};
/// Every pair of list_archs() x list_datasets() whose <arch>_<dataset>.json is not in <models_dir>.
std::vector<AbsentPair> absent_pairs(const std::string& models_dir = "models");

} // namespace pipar
