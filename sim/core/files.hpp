// Reading input files with a byte cap, and writing result files so that a reader (or an
// interrupted run) never sees half a file.
#pragma once
#include <cstddef>
#include <functional>
#include <ostream>
#include <string>
#include <vector>

namespace pipar {

/// The largest input file any reader accepts (scenario, platform, profile, trace, catalogue,
/// PipeDream graph, runs.csv, sweep.json): 64 MiB. Larger files, and anything that is not a
/// regular file (/dev/zero, a FIFO, a folder), are refused before they are read.
constexpr std::size_t max_input_file_bytes = std::size_t(64) << 20;

/// The whole content of the regular file `path`, at most `max_bytes` of it; throws InputError
/// naming the file when it is missing, not a regular file, unreadable or too large.
std::string read_input_file(const std::string& path, std::size_t max_bytes = max_input_file_bytes);

/// Makes sure `dir` is (or can become) a writable folder for the output option `option` (e.g.
/// "--out"): creates it and its parents; throws InputError naming the option and the path if it
/// names a file, cannot be created or is not writable, or if one of `files` (the names the command
/// will write in it) or the temporary write_file_atomic() puts beside it (`<name>.tmp`) exists as
/// anything but a regular file (a folder named runs.csv), so it fails before anything runs.
void prepare_output_dir(const std::string& option, const std::string& dir, const std::vector<std::string>& files = {});

/// The same for an output file: its folder is created and must be writable, the file itself and
/// its `<file>.tmp` must not be a folder or a special file, and every path component must fit a
/// file name (255 bytes).
void check_output_file(const std::string& option, const std::string& file);

/// Writes `content` to `path` atomically: a temporary file beside it, then a rename.
/// Throws std::runtime_error naming the path if the file cannot be written; the temporary file
/// is removed then.
void write_file_atomic(const std::string& path, const std::string& content);

/// The same for content too large to hold in memory: `write` streams it into the temporary file.
void write_file_atomic(const std::string& path, const std::function<void(std::ostream&)>& write);

} // namespace pipar
