// "model": which profile the scenario trains.
#include "scenario/sections.hpp"

#include "core/lookup.hpp"
#include "model/models_dir.hpp"
#include "model/zoo.hpp"

#include <algorithm>
#include <filesystem>

namespace pipar::sections {

namespace {
/// A profile path written in a scenario, found by the lookup rule (core/lookup.hpp).
std::string resolve_path(const JsonReader& r, const std::string& p) {
  const auto dirs = search_dirs(r.file());
  const std::filesystem::path found = find_input(p, dirs);
  if (found.empty())
    r.fail("/model/profile", "cannot find the profile \"" + p + "\" (" + searched_text(dirs) + ")");
  return found.string();
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
  } catch (const InputError&) {
    r.fail("/model", "no model zoo (a models/ folder holding arch/) for \"arch\" + \"dataset\"; looked in: " +
                         joined(models_dirs_searched(r.file())));
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
  s.profile_path = by_path ? resolve_path(r, r.string("/model/profile")) : zoo_profile_path(r);
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

void switch_profile_to_zoo(nlohmann::json& j, const std::string& file, const std::vector<std::string>& overrides) {
  bool names_zoo = false;
  for (const auto& o : overrides)
    names_zoo = names_zoo || o.rfind("model.arch=", 0) == 0 || o.rfind("model.dataset=", 0) == 0;
  if (!names_zoo || !j.is_object() || !j.contains("model") || !j["model"].is_object() ||
      !j["model"].contains("profile") || !j["model"]["profile"].is_string())
    return;
  for (const auto& o : overrides)
    if (o.rfind("model.profile=", 0) == 0)
      return; // both given on purpose: the reader reports it
  nlohmann::json& m = j["model"];
  const JsonReader r(j, file);
  if (!m.contains("arch") || !m.contains("dataset")) {
    nlohmann::json profile;
    try {
      profile = read_json_file(resolve_path(r, m["profile"].get<std::string>()));
    } catch (const InputError& e) {
      r.fail("/model/profile", std::string("--set model.arch/model.dataset needs the other half from this "
                                           "profile: ") + e.what());
    }
    for (const char* key : {"arch", "dataset"}) {
      const char* from = std::string(key) == "arch" ? "model" : "dataset";
      if (!m.contains(key) && profile.contains(from) && profile[from].is_string())
        m[key] = profile[from];
    }
  }
  m.erase("profile");
}

} // namespace pipar::sections
