// PipeDream importer: graph.txt text -> Profile, through its public entry point. The first byte
// picks the --batch option (0: from the Input node), the rest is the graph.
#include "fuzz_support.hpp"
#include "model/pipedream_import.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0)
    return 0;
  return pipar::fuzz::guarded([&] {
    pipar::PipeDreamImport opt;
    opt.model = "fuzz";
    opt.dataset = "cifar10";
    opt.device_class = "v100";
    opt.batch_size = data[0] % 4 == 0 ? 0 : data[0];
    pipar::import_pipedream(pipar::fuzz::text_of(data + 1, size - 1), "fuzz-graph.txt", opt);
  });
}
