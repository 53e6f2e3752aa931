// Typed errors: library code throws, main() decides the exit code.
#pragma once
#include "core/text.hpp"

#include <stdexcept>
#include <string>

namespace pipar {

/// A user input is wrong. Carries where: the file and the JSON path (e.g. "/devices/uplink_mbps").
class InputError : public std::runtime_error {
public:
  InputError(std::string file, std::string json_path, const std::string& what)
      : std::runtime_error(format(file, json_path, what)), file_(std::move(file)), path_(std::move(json_path)),
        detail_(what) {}
  const std::string& file() const { return file_; }
  const std::string& json_path() const { return path_; }
  /// What is wrong, without the file and the path.
  const std::string& detail() const { return detail_; }

private:
  /// Every part is capped (core/text.hpp's echo): a message never grows with the input.
  static std::string format(const std::string& file, const std::string& path, const std::string& what) {
    std::string s = file.empty() ? std::string("<input>") : echo(file, 300);
    if (!path.empty())
      s += ": " + echo(path, 300);
    return s + ": " + (what.size() > max_detail ? what.substr(0, max_detail) + "..." : what);
  }
  static constexpr std::size_t max_detail = 2000;
  std::string file_, path_, detail_;
};

} // namespace pipar
