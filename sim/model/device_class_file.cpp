#include "model/device_class_file.hpp"

#include "core/error.hpp"
#include "core/files.hpp"
#include "core/json_read.hpp"
#include "core/text.hpp"

#include <cstdio>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <vector>

namespace pipar {

namespace {

/// Byte positions inside a JSON text already known to be valid (checked with nlohmann first).
class Scanner {
public:
  explicit Scanner(const std::string& t) : t_(t) {}

  size_t skip_ws(size_t i) const {
    while (i < t_.size() && (t_[i] == ' ' || t_[i] == '\t' || t_[i] == '\n' || t_[i] == '\r'))
      ++i;
    return i;
  }
  /// `i` at an opening quote; returns the position after the closing quote.
  size_t skip_string(size_t i) const {
    for (++i; i < t_.size(); ++i) {
      if (t_[i] == '\\')
        ++i;
      else if (t_[i] == '"')
        return i + 1;
    }
    return i;
  }
  /// `i` at the start of a value; returns the position after it.
  size_t skip_value(size_t i) const {
    if (t_[i] == '"')
      return skip_string(i);
    if (t_[i] == '{' || t_[i] == '[') {
      int depth = 0;
      for (; i < t_.size(); ++i) {
        if (t_[i] == '"')
          i = skip_string(i) - 1;
        else if (t_[i] == '{' || t_[i] == '[')
          ++depth;
        else if ((t_[i] == '}' || t_[i] == ']') && --depth == 0)
          return i + 1;
      }
      return i;
    }
    while (i < t_.size() && t_[i] != ',' && t_[i] != '}' && t_[i] != ']' && t_[i] != ' ' && t_[i] != '\n' &&
           t_[i] != '\t' && t_[i] != '\r')
      ++i;
    return i;
  }

  struct Member {
    std::string key;
    size_t key_begin, value_begin, value_end;
  };
  /// The members of the object whose '{' is at `open`; `close` receives the position of its '}'.
  std::vector<Member> members(size_t open, size_t& close) const {
    std::vector<Member> out;
    size_t i = skip_ws(open + 1);
    while (t_[i] != '}') {
      const size_t key_end = skip_string(i);
      Member m{nlohmann::json::parse(t_.substr(i, key_end - i)).get<std::string>(), i, 0, 0};
      m.value_begin = skip_ws(skip_ws(key_end) + 1); // past ':'
      m.value_end = skip_value(m.value_begin);
      out.push_back(m);
      i = skip_ws(m.value_end);
      if (t_[i] == ',')
        i = skip_ws(i + 1);
    }
    close = i;
    return out;
  }

private:
  const std::string& t_;
};

/// `value` (an entry as device_class_json writes it) followed by every member of `old` (the entry
/// it replaces) that it does not set, in their order: power figures, radio, notes stay. Not an old
/// elementwise_flops: it belongs to the old fit (a one-rate fit writes none).
std::string with_kept_fields(const std::string& value, const std::string& old) {
  const nlohmann::ordered_json was = nlohmann::ordered_json::parse(old, nullptr, false);
  if (!was.is_object())
    return value;
  const nlohmann::json now = nlohmann::json::parse(value);
  std::string kept;
  for (const auto& [key, v] : was.items())
    if (!now.contains(key) && key != "elementwise_flops")
      kept += ", " + nlohmann::json(key).dump() + ": " + v.dump();
  return value.substr(0, value.size() - 1) + kept + "}";
}

std::string new_file(const std::string& name, const DeviceClassEntry& e) {
  return "{\n  \"classes\": {\n    " + nlohmann::json(name).dump() + ": " + device_class_json(e) + "\n  }\n}\n";
}

} // namespace

std::string device_class_json(const DeviceClassEntry& e) {
  using nlohmann::json;
  return "{\"speed_flops\": " + json(e.speed_flops).dump() + ", \"compute_overhead_s\": " +
         json(e.compute_overhead_s).dump() +
         (e.elementwise_flops > 0 ? ", \"elementwise_flops\": " + json(e.elementwise_flops).dump() : std::string()) +
         ", \"memory_bytes\": " + json(e.memory_bytes).dump() +
         ", \"source\": " + json(e.source).dump() + ", \"measured\": " + json(e.measured).dump() + "}";
}

std::string upsert_device_class(const std::string& text, const std::string& file, const std::string& name,
                                const DeviceClassEntry& e) {
  if (text.find_first_not_of(" \t\r\n") == std::string::npos)
    return new_file(name, e);
  const nlohmann::json doc = parse_json_text(text, file);
  if (!doc.is_object() || !doc.contains("classes") || !doc["classes"].is_object())
    throw InputError(file, "/classes", "a device classes file must be an object with a \"classes\" object");

  const Scanner sc(text);
  size_t close = 0;
  const size_t top = sc.skip_ws(0);
  size_t classes_open = std::string::npos;
  for (const auto& m : sc.members(top, close))
    if (m.key == "classes")
      classes_open = m.value_begin; // the last duplicate wins, as in nlohmann
  const auto entries = sc.members(classes_open, close);
  const std::string value = device_class_json(e);

  for (auto it = entries.rbegin(); it != entries.rend(); ++it)
    if (it->key == name)
      return text.substr(0, it->value_begin) + with_kept_fields(value, text.substr(it->value_begin, it->value_end - it->value_begin)) +
             text.substr(it->value_end);

  const std::string member = nlohmann::json(name).dump() + ": " + value;
  if (entries.empty()) {
    // "{}" or "{ }": open it on its own lines, indented one step deeper than "classes".
    const size_t line_start = text.rfind('\n', classes_open);
    const size_t base = line_start == std::string::npos ? 0 : line_start + 1;
    const std::string indent = text.substr(base, text.find_first_not_of(" \t", base) - base);
    return text.substr(0, classes_open + 1) + "\n" + indent + "  " + member + "\n" + indent + text.substr(close);
  }
  const auto& last = entries.back();
  // The separator before the last entry's key when that key starts its line ("\n    "), else a space.
  const size_t line_start = text.rfind('\n', last.key_begin);
  std::string indent = " ";
  if (line_start != std::string::npos) {
    const std::string lead = text.substr(line_start, last.key_begin - line_start);
    if (lead.find_first_not_of(" \t\n\r") == std::string::npos)
      indent = lead;
  }
  return text.substr(0, last.value_end) + "," + indent + member + text.substr(last.value_end);
}

void write_device_class(const std::string& path, const std::string& name, const DeviceClassEntry& e) {
  std::string text;
  if (std::filesystem::exists(path))
    text = without_bom(read_input_file(path)); // the reader skips a byte-order mark: written back without
  const std::string out = upsert_device_class(text, path, name, e);
  try {
    write_file_atomic(path, out);
  } catch (const std::runtime_error& err) {
    throw InputError(path, "", err.what());
  }
}

} // namespace pipar
