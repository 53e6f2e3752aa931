// Typed errors: library code throws, main() decides the exit code.
#pragma once
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
  static std::string format(const std::string& file, const std::string& path, const std::string& what) {
    std::string s = file.empty() ? std::string("<input>") : file;
    if (!path.empty())
      s += ": " + path;
    return s + ": " + what;
  }
  std::string file_, path_, detail_;
};

} // namespace pipar
