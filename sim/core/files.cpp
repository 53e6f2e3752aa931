#include "core/files.hpp"

#include "core/error.hpp"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <sys/stat.h>
#include <unistd.h>

namespace pipar {

namespace fs = std::filesystem;

std::string read_input_file(const std::string& path, std::size_t max_bytes) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK);
  if (fd < 0)
    throw InputError(path, "", std::string("cannot open file (") + std::strerror(errno) + ")");
  struct Closer {
    int fd;
    ~Closer() { ::close(fd); }
  } closer{fd};
  struct stat st {};
  if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode))
    throw InputError(path, "", "not a regular file");
  if (static_cast<unsigned long long>(st.st_size) > max_bytes)
    throw InputError(path, "", "file too large: " + std::to_string(st.st_size) + " bytes, at most " +
                                   std::to_string(max_bytes) + " are read");
  std::string text;
  char buf[1 << 16];
  for (;;) {
    const ssize_t n = ::read(fd, buf, sizeof buf);
    if (n < 0 && errno == EINTR)
      continue;
    if (n < 0)
      throw InputError(path, "", std::string("cannot read file (") + std::strerror(errno) + ")");
    if (n == 0)
      break;
    if (text.size() + static_cast<size_t>(n) > max_bytes) // the file grew while being read
      throw InputError(path, "", "file too large: more than " + std::to_string(max_bytes) + " bytes");
    text.append(buf, static_cast<size_t>(n));
  }
  return text;
}

namespace {

constexpr std::size_t max_name_component = 255;

[[noreturn]] void output_error(const std::string& option, const std::string& path, const std::string& what) {
  throw InputError(option, "", "\"" + path + "\": " + what);
}

void check_components(const std::string& option, const std::string& path) {
  if (path.empty())
    output_error(option, path, "an empty path");
  for (const auto& part : fs::path(path))
    if (part.native().size() > max_name_component)
      output_error(option, path, "a path component is longer than " + std::to_string(max_name_component) +
                                     " bytes");
}

} // namespace

namespace {

/// `dir` exists (created if need be) as a writable folder; errors name `shown`, the path the
/// option was given (the folder itself, or the file to be written in it).
void writable_dir(const std::string& option, const std::string& shown, const std::string& dir) {
  const std::string in = shown == dir ? "the folder" : "its folder " + dir;
  std::error_code ec;
  const auto st = fs::status(dir, ec);
  if (fs::exists(st) && !fs::is_directory(st))
    output_error(option, shown, (shown == dir ? "exists and is not a folder" : in + " is not a folder"));
  if (!fs::exists(st)) {
    fs::create_directories(dir, ec);
    if (ec)
      output_error(option, shown, "cannot create " + in + " (" + ec.message() + ")");
  }
  if (::access(dir.c_str(), W_OK | X_OK) != 0)
    output_error(option, shown, in + " is not writable (" + std::strerror(errno) + ")");
  // /proc, /sys and the like pass access() but take no new files: try one.
  const std::string probe = (fs::path(dir) / ".pipar-write-test").string();
  const int fd = ::open(probe.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0 && errno != EEXIST)
    output_error(option, shown, "cannot create files in " + in + " (" + std::strerror(errno) + ")");
  if (fd >= 0) {
    ::close(fd);
    ::unlink(probe.c_str());
  }
}

/// `path` and `path.tmp` (write_file_atomic's temporary) are absent or regular files; errors name
/// the option's path `shown` and, when it is the folder, the file inside it.
void replaceable(const std::string& option, const std::string& shown, const std::string& path) {
  for (const std::string& p : {path, path + ".tmp"}) {
    std::error_code ec;
    const auto st = fs::status(p, ec);
    if (!fs::exists(st) || fs::is_regular_file(st))
      continue;
    output_error(option, shown, (p == shown ? "" : p + " ") + "exists and is not a regular file" +
                                    (fs::is_directory(st) ? " (a folder)" : "") + ", where a result file goes");
  }
}

} // namespace

void prepare_output_dir(const std::string& option, const std::string& dir, const std::vector<std::string>& files) {
  check_components(option, dir);
  writable_dir(option, dir, dir);
  for (const auto& name : files)
    replaceable(option, dir, (fs::path(dir) / name).string());
}

void check_output_file(const std::string& option, const std::string& file) {
  check_components(option, file);
  replaceable(option, file, file);
  const fs::path parent = fs::path(file).parent_path();
  writable_dir(option, file, parent.empty() ? std::string(".") : parent.string());
}

void write_file_atomic(const std::string& path, const std::function<void(std::ostream&)>& write) {
  const std::string tmp = path + ".tmp";
  try {
    {
      std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
      if (!out)
        throw std::runtime_error("cannot create " + tmp + " (" + std::strerror(errno) + ")");
      write(out);
      out.flush();
      if (!out)
        throw std::runtime_error("cannot write " + tmp);
    }
    if (std::rename(tmp.c_str(), path.c_str()) != 0)
      throw std::runtime_error("cannot replace " + path + " with " + tmp + " (" + std::strerror(errno) + ")");
  } catch (...) {
    std::remove(tmp.c_str());
    throw;
  }
}

void write_file_atomic(const std::string& path, const std::string& content) {
  write_file_atomic(path, [&content](std::ostream& out) { out << content; });
}

} // namespace pipar
