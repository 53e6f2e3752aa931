// "model": which profile the scenario trains.
#include "scenario/sections.hpp"

#include "model/models_dir.hpp"
#include "model/zoo.hpp"

#include <algorithm>
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

std::string joined(const std::vector<std::string>& v) {
  std::string s;
  for (const auto& x : v)
    s += (s.empty() ? "" : ", ") + x;
  return s;
}

/// {"arch": A, "dataset": D}: the zoo's profile <models>/<A>_<D>.json, the models directory found
/// from the scenario's folder (../models) or the working directory (models/).
std::string zoo_profile_path(const JsonReader& r) {
  const std::string dir = models_dir_for(r.file());
  const std::string arch = r.string("/model/arch");
  const std::string dataset = r.string("/model/dataset");
  std::vector<std::string> archs;
  try {
    archs = list_archs(dir);
  } catch (const InputError& e) {
    r.fail("/model", std::string("no model zoo found for \"arch\" + \"dataset\" (looked beside the scenario, "
                                 "../models, and in the working directory's models/): ") + e.what());
  }
  const auto datasets = list_datasets();
  if (std::find(archs.begin(), archs.end(), arch) == archs.end())
    r.fail("/model/arch", "unknown architecture \"" + arch + "\"; valid architectures (" + dir +
                              "/arch/) are: " + joined(archs));
  if (std::find(datasets.begin(), datasets.end(), dataset) == datasets.end())
    r.fail("/model/dataset", "unknown dataset \"" + dataset + "\"; valid datasets are: " + joined(datasets));
  const std::string path = (std::filesystem::path(dir) / profile_file_name(arch, dataset)).string();
  if (!std::filesystem::exists(path)) {
    std::string why = "it was not generated (scripts/gen_models.sh)";
    try {
      make_profile(arch, dataset, dir);
    } catch (const InputError& e) {
      why = e.what();
    }
    r.fail("/model", "there is no profile " + path + " for " + arch + " on " + dataset + ": " + why);
  }
  return path;
}
} // namespace

void read_model(const JsonReader& r, Scenario& s) {
  r.allow_only("/model", {"profile", "arch", "dataset"});
  const bool by_path = r.has("/model/profile");
  const bool by_name = r.has("/model/arch") || r.has("/model/dataset");
  if (by_path == by_name)
    r.fail("/model", "give exactly one of {\"profile\": PATH} and {\"arch\": NAME, \"dataset\": NAME} (`pipar-sim "
                     "models` lists them; datasets: " + joined(list_datasets()) + ")");
  s.profile_path = by_path ? resolve_path(r.file(), r.string("/model/profile")) : zoo_profile_path(r);
  const std::string field = by_path ? "/model/profile" : "/model";
  try {
    s.profile = load_profile(s.profile_path);
  } catch (const InputError& e) {
    r.fail(field, std::string("cannot use this profile: ") + e.what());
  }
  if (by_path)
    s.resolved["model"] = {{"profile", s.profile_path}};
  else
    s.resolved["model"] = {{"arch", r.string("/model/arch")}, {"dataset", r.string("/model/dataset")}};
}

} // namespace pipar::sections
