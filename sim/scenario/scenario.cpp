#include "scenario/scenario.hpp"

#include "core/json_read.hpp"
#include "scenario/sections.hpp"

#include <filesystem>

namespace pipar {

void apply_override(nlohmann::json& j, const std::string& assignment) {
  const auto eq = assignment.find('=');
  if (eq == std::string::npos || eq == 0)
    throw InputError("--set", "", "expected key.path=value, got \"" + assignment + "\"");
  const std::string key = assignment.substr(0, eq);
  const std::string text = assignment.substr(eq + 1);
  std::string ptr;
  size_t start = 0;
  while (start <= key.size()) {
    const auto dot = key.find('.', start);
    const std::string part = key.substr(start, dot == std::string::npos ? std::string::npos : dot - start);
    if (part.empty())
      throw InputError("--set", "", "empty component in key \"" + key + "\"");
    ptr += "/" + part;
    if (dot == std::string::npos)
      break;
    start = dot + 1;
  }
  nlohmann::json value;
  try {
    value = nlohmann::json::parse(text);
  } catch (const nlohmann::json::parse_error&) {
    value = text; // a bare word such as pipar is a string
  }
  j[nlohmann::json::json_pointer(ptr)] = value;
}

Scenario scenario_from_json(const nlohmann::json& j, const std::string& file) {
  const JsonReader r(j, file);
  if (!j.is_object())
    r.fail("", "a scenario must be a JSON object");
  r.allow_only("", {"name", "description", "model", "devices", "server", "training", "split", "schedulers", "seed",
                    "privacy", "platform", "availability", "communication", "$schema"}); // "$schema": the editor's schema (scenarios/schema.json)
  Scenario s;
  s.file = file;
  s.name = r.string_or("/name", std::filesystem::path(file).stem().string());
  s.seed = static_cast<std::uint64_t>(r.integer_or("/seed", {0, 9007199254740991.0}, 1));
  s.resolved = {{"name", s.name}};
  sections::read_model(r, s);
  sections::read_platform(r, s);
  sections::read_training(r, s);
  sections::read_split(r, s);
  sections::read_schedulers(r, s);
  sections::read_privacy(r, s);
  sections::read_availability(r, s);
  sections::read_communication(r, s);
  s.resolved["seed"] = s.seed;
  return s;
}

Scenario load_scenario(const std::string& path, const std::vector<std::string>& overrides) {
  nlohmann::json j = read_json_file(path);
  // A named platform file becomes {"file": ...} so that --set platform.x=... can override its fields.
  if (j.is_object() && j.contains("platform") && j["platform"].is_string())
    j["platform"] = {{"file", j["platform"]}};
  for (const auto& o : overrides) {
    try {
      apply_override(j, o);
    } catch (const nlohmann::json::exception& e) {
      throw InputError(path, "", "cannot apply --set " + o + ": " + e.what());
    }
  }
  sections::switch_profile_to_zoo(j, path, overrides); // --set model.arch=... on a profile-based scenario
  return scenario_from_json(j, path);
}

} // namespace pipar
