#include "core/json_read.hpp"

#include "core/files.hpp"
#include "core/text.hpp"

#include <cmath>
#include <set>
#include <vector>

namespace pipar {

namespace {
nlohmann::json::json_pointer ptr_of(const std::string& p) { return nlohmann::json::json_pointer(p); }
} // namespace

namespace {

/// Where the parser is, kept from its callback events: for messages (a duplicate key, a number
/// out of range) and to refuse duplicate keys and deep nesting while parsing.
class ParseTracker {
public:
  explicit ParseTracker(const std::string& file) : file_(file) {}

  bool on_event(int depth, nlohmann::json::parse_event_t event, const nlohmann::json& parsed) {
    using E = nlohmann::json::parse_event_t;
    switch (event) {
    case E::object_start:
    case E::array_start:
      if (depth >= static_cast<int>(max_json_depth))
        throw InputError(file_, path(), "nested deeper than " + std::to_string(max_json_depth) + " levels");
      frames_.push_back({event == E::array_start, {}, {}, 0});
      break;
    case E::key: {
      Frame& f = frames_.back();
      f.key = parsed.get<std::string>();
      if (!f.keys.insert(f.key).second)
        throw InputError(file_, path(), "duplicate key (each key may appear once in an object)");
      break;
    }
    case E::object_end:
    case E::array_end:
      frames_.pop_back();
      next_element();
      break;
    case E::value:
      next_element();
      break;
    }
    return true;
  }

  /// JSON pointer of the value being parsed.
  std::string path() const {
    std::string p;
    for (const Frame& f : frames_)
      p += "/" + (f.is_array ? std::to_string(f.index) : escape(f.key));
    return p;
  }

private:
  struct Frame {
    bool is_array;
    std::set<std::string> keys;
    std::string key;
    std::size_t index;
  };
  void next_element() {
    if (!frames_.empty() && frames_.back().is_array)
      ++frames_.back().index;
  }
  static std::string escape(const std::string& key) {
    std::string out;
    for (const char c : key)
      out += c == '~' ? std::string("~0") : c == '/' ? std::string("~1") : std::string(1, c);
    return out;
  }
  const std::string& file_;
  std::vector<Frame> frames_;
};

} // namespace

nlohmann::json parse_json_text(const std::string& text, const std::string& file) {
  ParseTracker where(file);
  try {
    return nlohmann::json::parse(
        text, [&where](int depth, nlohmann::json::parse_event_t event, nlohmann::json& parsed) {
          return where.on_event(depth, event, parsed);
        });
  } catch (const nlohmann::json::parse_error& e) {
    // Translate the byte offset into line:column.
    size_t line = 1, col = 1;
    for (size_t i = 0; i + 1 < e.byte && i < text.size(); ++i) {
      if (text[i] == '\n') {
        ++line;
        col = 1;
      } else {
        ++col;
      }
    }
    throw InputError(file, "", "invalid JSON at line " + std::to_string(line) + ", column " + std::to_string(col));
  } catch (const nlohmann::json::out_of_range&) {
    throw InputError(file, where.path(), "a number beyond the range of a double (about 1.8e308)");
  } catch (const nlohmann::json::exception& e) {
    throw InputError(file, where.path(), "invalid JSON (" + echo(e.what(), 120) + ")");
  }
}

nlohmann::json read_json_file(const std::string& path) { return parse_json_text(read_input_file(path), path); }

std::string echo_json(const nlohmann::json& v) {
  if (v.is_array())
    return "an array of " + std::to_string(v.size()) + " entries";
  if (v.is_object())
    return "an object of " + std::to_string(v.size()) + " fields";
  return echo(v.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
}

std::string Range::describe() const {
  std::string s = std::string(integer ? "an integer" : "a number") + " in " + (lo_open ? "(" : "[") + short_number(lo) +
                  ", " + short_number(hi) + "]";
  if (*unit)
    s += std::string(" ") + unit;
  return s;
}

bool Range::contains(double v) const {
  if (!std::isfinite(v))
    return false;
  if (integer && v != std::floor(v))
    return false;
  return (lo_open ? v > lo : v >= lo) && v <= hi;
}

bool JsonReader::has(const std::string& ptr) const { return root_.contains(ptr_of(ptr)); }

const nlohmann::json& JsonReader::at(const std::string& ptr) const {
  if (!has(ptr))
    fail(ptr, "is required but missing");
  return root_.at(ptr_of(ptr));
}

void JsonReader::fail(const std::string& ptr, const std::string& what) const { throw InputError(file_, ptr, what); }

double JsonReader::number(const std::string& ptr, const Range& r) const {
  const auto& v = at(ptr);
  if (!v.is_number())
    fail(ptr, "expected " + r.describe() + ", got " + echo_json(v));
  const double d = v.get<double>();
  if (!r.contains(d))
    fail(ptr, "expected " + r.describe() + ", got " + echo_json(v));
  return d;
}

double JsonReader::number_or(const std::string& ptr, const Range& r, double fallback) const {
  return has(ptr) ? number(ptr, r) : fallback;
}

long long JsonReader::integer(const std::string& ptr, const Range& r) const {
  Range ri = r;
  ri.integer = true;
  return static_cast<long long>(number(ptr, ri));
}

long long JsonReader::integer_or(const std::string& ptr, const Range& r, long long fallback) const {
  return has(ptr) ? integer(ptr, r) : fallback;
}

std::string JsonReader::string(const std::string& ptr) const {
  const auto& v = at(ptr);
  if (!v.is_string())
    fail(ptr, "expected a string, got " + echo_json(v));
  return v.get<std::string>();
}

std::string JsonReader::string_or(const std::string& ptr, const std::string& fallback) const {
  return has(ptr) ? string(ptr) : fallback;
}

std::string JsonReader::choice(const std::string& ptr, std::initializer_list<const char*> choices,
                               const std::string& fallback) const {
  const std::string v = string_or(ptr, fallback);
  std::string valid;
  for (const char* c : choices) {
    if (v == c)
      return v;
    valid += (valid.empty() ? "" : ", ") + std::string(c);
  }
  fail(ptr, "unknown value \"" + echo(v) + "\"; valid values are: " + valid);
}

bool JsonReader::boolean_or(const std::string& ptr, bool fallback) const {
  if (!has(ptr))
    return fallback;
  const auto& v = at(ptr);
  if (!v.is_boolean())
    fail(ptr, "expected true or false, got " + echo_json(v));
  return v.get<bool>();
}

size_t JsonReader::array_size(const std::string& ptr, size_t min, size_t max) const {
  const auto& v = at(ptr);
  if (!v.is_array())
    fail(ptr, "expected an array, got " + std::string(v.type_name()));
  if (v.size() < min || v.size() > max)
    fail(ptr, "expected between " + std::to_string(min) + " and " + std::to_string(max) + " entries, got " +
                  std::to_string(v.size()));
  return v.size();
}

void JsonReader::allow_only(const std::string& ptr, std::initializer_list<const char*> keys) const {
  if (!has(ptr))
    return;
  const auto& obj = root_.at(ptr_of(ptr));
  if (!obj.is_object())
    fail(ptr, "expected an object, got " + std::string(obj.type_name()));
  for (const auto& item : obj.items()) {
    bool ok = false;
    for (const char* k : keys)
      ok = ok || item.key() == k;
    if (!ok) {
      std::string valid;
      for (const char* k : keys)
        valid += (valid.empty() ? "" : ", ") + std::string(k);
      fail(ptr + "/" + echo(item.key()), "unknown field; valid fields here are: " + valid);
    }
  }
}

} // namespace pipar
