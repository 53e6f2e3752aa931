// Shared by the libFuzzer targets: input errors are the expected outcome of garbage; anything else
// escaping a reader (another exception, a crash, a sanitizer report, a hang) is a finding.
#pragma once
#include "core/error.hpp"

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <string>

namespace pipar::fuzz {

template <class F> int guarded(F&& body) {
  try {
    body();
  } catch (const InputError&) {
    // the documented answer to bad input (exit 2)
  } catch (const std::exception& e) {
    std::fprintf(stderr, "fuzz: a reader threw something other than InputError: %s\n", e.what());
    std::abort();
  }
  return 0;
}

inline std::string text_of(const std::uint8_t* data, std::size_t size) {
  return std::string(reinterpret_cast<const char*>(data), size);
}

} // namespace pipar::fuzz
