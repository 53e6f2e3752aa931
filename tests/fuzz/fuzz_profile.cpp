// Profile reader: text -> Profile.
#include "fuzz_support.hpp"
#include "core/json_read.hpp"
#include "model/profile.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  return pipar::fuzz::guarded([&] {
    const nlohmann::json j = pipar::parse_json_text(pipar::fuzz::text_of(data, size), "fuzz-profile.json");
    pipar::profile_from_json(j, "fuzz-profile.json");
  });
}
