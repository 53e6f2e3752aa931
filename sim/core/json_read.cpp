#include "core/json_read.hpp"

#include <cmath>
#include <fstream>
#include <sstream>

namespace pipar {

namespace {
std::string fmt_num(double v) {
  std::ostringstream os;
  os << v;
  return os.str();
}
nlohmann::json::json_pointer ptr_of(const std::string& p) { return nlohmann::json::json_pointer(p); }
} // namespace

nlohmann::json parse_json_text(const std::string& text, const std::string& file) {
  try {
    return nlohmann::json::parse(text);
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
  }
}

nlohmann::json read_json_file(const std::string& path) {
  std::ifstream in(path);
  if (!in)
    throw InputError(path, "", "cannot open file");
  std::stringstream ss;
  ss << in.rdbuf();
  return parse_json_text(ss.str(), path);
}

std::string Range::describe() const {
  std::string s = std::string(integer ? "an integer" : "a number") + " in " + (lo_open ? "(" : "[") + fmt_num(lo) +
                  ", " + fmt_num(hi) + "]";
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
    fail(ptr, "expected " + r.describe() + ", got " + v.dump());
  const double d = v.get<double>();
  if (!r.contains(d))
    fail(ptr, "expected " + r.describe() + ", got " + v.dump());
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
    fail(ptr, "expected a string, got " + v.dump());
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
  fail(ptr, "unknown value \"" + v + "\"; valid values are: " + valid);
}

bool JsonReader::boolean_or(const std::string& ptr, bool fallback) const {
  if (!has(ptr))
    return fallback;
  const auto& v = at(ptr);
  if (!v.is_boolean())
    fail(ptr, "expected true or false, got " + v.dump());
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
      fail(ptr + "/" + item.key(), "unknown field; valid fields here are: " + valid);
    }
  }
}

} // namespace pipar
