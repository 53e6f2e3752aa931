#include "model/zoo.hpp"

#include "core/error.hpp"
#include "model/arch.hpp"
#include "model/build_profile.hpp"
#include "model/dataset.hpp"

#include <algorithm>
#include <filesystem>
#include <iomanip>
#include <sstream>

namespace pipar {

namespace fs = std::filesystem;

namespace {
/// Stems of the *.json regular files directly in `dir`, sorted.
std::vector<std::string> json_stems(const std::string& dir) {
  std::error_code ec;
  fs::directory_iterator it(dir, ec);
  if (ec)
    throw InputError(dir, "", "cannot read the directory: " + ec.message());
  std::vector<std::string> stems;
  for (const auto& entry : it)
    if (entry.is_regular_file() && entry.path().extension() == ".json")
      stems.push_back(entry.path().stem().string());
  std::sort(stems.begin(), stems.end());
  return stems;
}

std::string join(const std::vector<std::string>& v) {
  std::string s;
  for (const auto& x : v)
    s += (s.empty() ? "" : ", ") + x;
  return s;
}
} // namespace

std::vector<std::string> list_archs(const std::string& models_dir) { return json_stems(models_dir + "/arch"); }

std::vector<std::string> list_datasets() {
  std::vector<std::string> names;
  for (const auto& d : datasets())
    names.push_back(d.name);
  return names;
}

std::string profile_file_name(const std::string& arch, const std::string& dataset) {
  return arch + "_" + dataset + ".json";
}

Profile make_profile(const std::string& arch_name, const std::string& dataset_name, const std::string& models_dir) {
  const auto archs = list_archs(models_dir);
  if (std::find(archs.begin(), archs.end(), arch_name) == archs.end())
    throw InputError("", "", "unknown architecture '" + arch_name + "' (valid values are: " + join(archs) + ")");
  const Dataset& dataset = find_dataset(dataset_name);
  const std::string file = models_dir + "/arch/" + arch_name + ".json";
  const Arch arch = load_arch(file);
  if (arch.name != arch_name)
    throw InputError(file, "/name", "is \"" + arch.name + "\" but must equal the file name \"" + arch_name + "\"");
  return build_profile(arch, dataset);
}

std::string models_table(const std::string& models_dir) {
  const auto stems = json_stems(models_dir);
  size_t name_width = std::string("profile").size();
  for (const auto& stem : stems)
    name_width = std::max(name_width, stem.size());
  std::ostringstream os;
  os << std::left << std::setw(int(name_width) + 2) << "profile" << std::setw(20) << "model" << std::setw(15)
     << "dataset" << std::right << std::setw(13) << "parameters" << std::setw(16) << "fwd GFLOP/smp" << std::setw(7)
     << "units" << "\n";
  for (const auto& stem : stems) {
    const Profile p = load_profile(models_dir + "/" + stem + ".json");
    os << std::left << std::setw(int(name_width) + 2) << stem << std::setw(20) << p.model << std::setw(15)
       << p.dataset << std::right << std::setw(13) << p.parameters() << std::setw(16) << std::fixed
       << std::setprecision(4) << p.forward_flops(0, p.split_units()) / 1e9 << std::setw(7) << p.split_units()
       << "\n";
  }
  return os.str();
}

std::string measured_table(const std::string& dir) {
  const auto stems = json_stems(dir);
  size_t name_width = std::string("profile").size();
  for (const auto& stem : stems)
    name_width = std::max(name_width, stem.size());
  std::ostringstream os;
  os << std::left << std::setw(int(name_width) + 2) << "profile" << std::setw(20) << "model" << std::setw(15)
     << "dataset" << std::setw(16) << "device class" << std::right << std::setw(6) << "batch" << std::setw(14)
     << "fwd s/batch" << std::setw(14) << "bwd s/batch" << "\n";
  for (const auto& stem : stems) {
    const Profile p = load_profile(dir + "/" + stem + ".json");
    double fwd = 0, bwd = 0;
    for (const auto& u : p.units) {
      fwd += u.forward_seconds * p.measured_batch_size;
      bwd += u.backward_seconds * p.measured_batch_size;
    }
    os << std::left << std::setw(int(name_width) + 2) << stem << std::setw(20) << p.model << std::setw(15) << p.dataset
       << std::setw(16) << (p.measured_class.empty() ? "-" : p.measured_class) << std::right << std::setw(6)
       << p.measured_batch_size << std::fixed << std::setprecision(4) << std::setw(14) << fwd << std::setw(14) << bwd
       << "\n";
  }
  return os.str();
}

std::vector<AbsentPair> absent_pairs(const std::string& models_dir) {
  std::vector<AbsentPair> absent;
  for (const auto& arch : list_archs(models_dir))
    for (const auto& dataset : list_datasets()) {
      if (fs::exists(fs::path(models_dir) / profile_file_name(arch, dataset)))
        continue;
      std::string reason = "not generated (run scripts/gen_models.sh)";
      try {
        make_profile(arch, dataset, models_dir);
      } catch (const InputError& e) {
        reason = e.what();
      }
      absent.push_back({arch, dataset, reason});
    }
  return absent;
}

} // namespace pipar
