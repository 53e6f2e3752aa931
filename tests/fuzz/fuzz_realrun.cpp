// Measured-run reader (pipar-sim validate): text -> the run's scenario and its measured side, every
// check validate makes before it simulates, no simulation. The reader takes a file name (it names
// the file in its errors and resolves nothing relative to it), so the text goes to a file first.
#include "fuzz_support.hpp"
#include "validate/realrun.hpp"

#include <filesystem>
#include <fstream>
#include <unistd.h>

namespace {
/// The one file the inputs are written to, removed when the fuzzer exits.
struct InputFile {
  const std::string path =
      (std::filesystem::temp_directory_path() / ("fuzz-realrun-" + std::to_string(::getpid()) + ".json")).string();
  ~InputFile() {
    std::error_code ec;
    std::filesystem::remove(path, ec);
  }
};
} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const InputFile input;
  const std::string& file = input.path;
  std::ofstream(file, std::ios::binary | std::ios::trunc).write(reinterpret_cast<const char*>(data),
                                                               static_cast<std::streamsize>(size));
  return pipar::fuzz::guarded([&] { pipar::validate::check_run(file, pipar::validate::Mechanisms{}); });
}
