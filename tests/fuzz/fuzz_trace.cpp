// Trace CSV reader: text -> Trace, as a bandwidth trace (Mbps) and as a speed trace (fraction).
#include "fuzz_support.hpp"
#include "platform/trace.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text = pipar::fuzz::text_of(data, size);
  pipar::fuzz::guarded([&] {
    pipar::parse_trace_csv(text, "fuzz-trace.csv", {{0, 1e6, "Mbps", true}, 125000.0});
  });
  return pipar::fuzz::guarded([&] {
    pipar::parse_trace_csv(text, "fuzz-trace.csv", {{0, 1, "(fraction)", true}, 1.0});
  });
}
