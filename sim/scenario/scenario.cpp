#include "scenario/scenario.hpp"

#include "core/json_read.hpp"
#include "scenario/sections.hpp"
#include "core/text.hpp"

#include <algorithm>
#include <filesystem>

namespace pipar {

void apply_override(nlohmann::json& j, const std::string& assignment) {
  static_assert(max_set_index < 1000000, "an index has at most 6 digits");
  const auto eq = assignment.find('=');
  if (eq == std::string::npos || eq == 0)
    throw InputError("--set", "", "expected key.path=value, got \"" + echo(assignment) + "\"");
  if (!valid_utf8(assignment))
    throw InputError("--set", "", "not valid UTF-8: \"" + echo(assignment) + "\"");
  const std::string key = assignment.substr(0, eq);
  const std::string text = assignment.substr(eq + 1);
  // The value: JSON if it is JSON (read as files are: duplicate keys and deep nesting refused),
  // else a bare word such as pipar, taken as a string.
  const nlohmann::json value =
      nlohmann::json::accept(text) ? parse_json_text(text, "--set " + echo(key)) : nlohmann::json(text);
  // Walk the key one component at a time (scenario.hpp): nothing grows beyond max_set_index.
  nlohmann::json* node = &j;
  std::string ptr;
  size_t start = 0;
  for (size_t depth = 1;; ++depth) {
    if (depth > max_json_depth)
      throw InputError("--set", "", "key \"" + echo(key) + "\" has more than " + std::to_string(max_json_depth) +
                                        " components");
    const auto dot = key.find('.', start);
    const std::string part = key.substr(start, dot == std::string::npos ? std::string::npos : dot - start);
    if (part.empty())
      throw InputError("--set", "", "empty component in key \"" + echo(key) + "\"");
    const bool digits = part.find_first_not_of("0123456789") == std::string::npos;
    if (node->is_null() && digits)
      *node = nlohmann::json::array(); // as in a platform override: "fleet.1.count" patches the file's list
    if (node->is_array()) {
      const size_t index = digits && part.size() <= 6 ? std::stoul(part) : max_set_index + 1;
      if (index > max_set_index)
        throw InputError("--set", ptr, "is a list of " + std::to_string(node->size()) + " entries: \"" +
                                           echo(part) + "\" must be an index from 0 to " +
                                           std::to_string(max_set_index));
      if (index >= node->size())
        node->get_ref<nlohmann::json::array_t&>().resize(index + 1); // null entries pad it
      node = &(*node)[index];
    } else if (node->is_object() || node->is_null()) {
      node = &(*node)[part];
    } else {
      throw InputError("--set", ptr, "is " + echo_json(*node) + ", not an object or a list: cannot set \"" +
                                         echo(key) + "\"");
    }
    ptr += "/" + part;
    if (dot == std::string::npos)
      break;
    start = dot + 1;
  }
  *node = value;
}

Scenario scenario_from_json(const nlohmann::json& j, const std::string& file) {
  const JsonReader r(j, file);
  if (!j.is_object())
    r.fail("", "a scenario must be a JSON object");
  r.allow_only("", {"name", "description", "model", "devices", "server", "training", "split", "schedulers", "seed",
                    "privacy", "platform", "availability", "communication", "variability", "$schema"}); // "$schema": the editor's schema (scenarios/schema.json)
  for (const char* text : {"/description", "/$schema"}) // free text: read by nothing, still a string
    if (r.has(text))
      r.string(text);
  Scenario s;
  s.file = file;
  s.name = r.string_or("/name", std::filesystem::path(file).stem().string());
  // The name goes into CSV rows and messages (the output folder uses file_name_safe(name)).
  if (!plain_name(s.name))
    r.fail("/name", "expected 1 to 200 bytes of UTF-8 text without control characters" +
                        std::string(r.has("/name") ? "" : " (the default is the file name)") + ", got \"" +
                        echo(s.name) + "\"");
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
  sections::read_variability(r, s);
  s.resolved["seed"] = s.seed;
  return s;
}

namespace {
/// The last of `overrides` ("a.b.c=value", from --set, --grid or --grid-point) that set the value at
/// JSON pointer `json_path` or a container holding it; nullptr if none did.
const std::string* override_at(const std::vector<std::string>& overrides, const std::string& json_path) {
  const std::string* found = nullptr;
  for (const auto& o : overrides) {
    const auto eq = o.find('=');
    if (eq == std::string::npos || eq == 0)
      continue;
    std::string pointer = "/" + o.substr(0, eq);
    std::replace(pointer.begin(), pointer.end(), '.', '/');
    if (json_path == pointer || json_path.rfind(pointer + "/", 0) == 0)
      found = &o;
  }
  return found;
}
} // namespace

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
  try {
    return scenario_from_json(j, path);
  } catch (const InputError& e) {
    // A value the command line put there is the command line's mistake, not the file's: say so.
    const std::string* from = override_at(overrides, e.json_path());
    if (e.file() != path || from == nullptr)
      throw;
    throw InputError(e.file(), e.json_path(), e.detail() + " (set on the command line: " + *from + ")");
  }
}

} // namespace pipar
