// Validating access to JSON input: every read names the file, the JSON path and the expected range,
// unknown keys are rejected with the list of valid ones. Paths are JSON pointers ("/devices/count").
#pragma once
#include "core/error.hpp"

#include <initializer_list>
#include <nlohmann/json.hpp>
#include <string>

namespace pipar {

/// JSON input nested deeper than this is refused while parsing (nothing recurses that deep).
constexpr std::size_t max_json_depth = 64;

/// Reads a JSON file (read_input_file: regular files only, size-capped). Every problem becomes an
/// InputError naming the file: a syntax error with its line and column; a duplicate key, nesting
/// deeper than max_json_depth or a number beyond double range with its JSON path.
nlohmann::json read_json_file(const std::string& path);
nlohmann::json parse_json_text(const std::string& text, const std::string& file);

/// A JSON value as it may appear in a message: a scalar capped in length (core/text.hpp's echo),
/// a container only by its kind and size (never dumped: no deep recursion, no megabyte messages).
std::string echo_json(const nlohmann::json& v);

/// An accepted numeric range with its unit, for the error message. Bounds are inclusive unless *_open.
struct Range {
  double lo;
  double hi;
  const char* unit = "";
  bool lo_open = false;
  bool integer = false;
  std::string describe() const;
  bool contains(double v) const;
};

class JsonReader {
public:
  JsonReader(const nlohmann::json& root, std::string file) : root_(root), file_(std::move(file)) {}

  bool has(const std::string& ptr) const;
  const nlohmann::json& at(const std::string& ptr) const; ///< required; throws if missing
  [[noreturn]] void fail(const std::string& ptr, const std::string& what) const;

  double number(const std::string& ptr, const Range& r) const;
  double number_or(const std::string& ptr, const Range& r, double fallback) const;
  long long integer(const std::string& ptr, const Range& r) const;
  long long integer_or(const std::string& ptr, const Range& r, long long fallback) const;
  std::string string(const std::string& ptr) const;
  std::string string_or(const std::string& ptr, const std::string& fallback) const;
  /// A string that must be one of `choices`.
  std::string choice(const std::string& ptr, std::initializer_list<const char*> choices,
                     const std::string& fallback) const;
  bool boolean_or(const std::string& ptr, bool fallback) const;
  /// Size of a required array, checked against [min, max].
  size_t array_size(const std::string& ptr, size_t min, size_t max) const;
  /// Rejects keys of the object at `ptr` that are not in `keys` (no-op if the object is absent).
  void allow_only(const std::string& ptr, std::initializer_list<const char*> keys) const;

  // Convenience wrappers used by the profile reader.
  template <class T> T get(const std::string& ptr) const {
    try {
      return at(ptr).get<T>();
    } catch (const nlohmann::json::exception&) {
      fail(ptr, "has the wrong type (got " + std::string(at(ptr).type_name()) + ")");
    }
  }
  template <class T> T get_or(const std::string& ptr, T fallback) const { return has(ptr) ? get<T>(ptr) : fallback; }
  double get_number(const std::string& ptr, double lo, double hi) const { return number(ptr, {lo, hi}); }
  double get_number_or(const std::string& ptr, double lo, double hi, double fb) const {
    return number_or(ptr, {lo, hi}, fb);
  }
  int get_int(const std::string& ptr, int lo, int hi) const {
    return static_cast<int>(integer(ptr, {double(lo), double(hi), "", false, true}));
  }

  const std::string& file() const { return file_; }

private:
  const nlohmann::json& root_;
  std::string file_;
};

} // namespace pipar
