// Writing result files so that a reader (or an interrupted run) never sees half a file.
#pragma once
#include <functional>
#include <ostream>
#include <string>

namespace pipar {

/// Writes `content` to `path` atomically: a temporary file beside it, then a rename.
/// Throws std::runtime_error naming the path if the file cannot be written.
void write_file_atomic(const std::string& path, const std::string& content);

/// The same for content too large to hold in memory: `write` streams it into the temporary file.
void write_file_atomic(const std::string& path, const std::function<void(std::ostream&)>& write);

} // namespace pipar
