// PipeDream graph.txt import: a small chain written here, converted by hand.
#include "core/error.hpp"
#include "model/pipedream_import.hpp"

#include <catch2/catch.hpp>

using namespace pipar;

namespace {
// A batch of 8 CIFAR-10 images: the input is 8 * 3 * 32 * 32 * 4 = 98304 bytes. Nodes are listed
// out of order and edges are tab-indented, as PipeDream writes them.
const std::string kChain =
    "node3 -- ReLU() -- forward_compute_time=0.500, backward_compute_time=1.000, activation_size=262144.000, "
    "parameter_size=0.000\n"
    "node1 -- Input -- forward_compute_time=9.000, backward_compute_time=0.000, activation_size=98304.000, "
    "parameter_size=0.000\n"
    "node2 -- Conv2d(3, 32, kernel_size=(3, 3), stride=(1, 1), padding=(1, 1)) -- forward_compute_time=4.000, "
    "backward_compute_time=8.000, activation_size=262144.000, parameter_size=3584.000 -- stage_id=0\n"
    "node4 -- Linear(in_features=8192, out_features=10, bias=True) -- forward_compute_time=2.000, "
    "backward_compute_time=[ignored], activation_size=[320.000; 0.000], parameter_size=327720.000\n"
    "\tnode1 -- node2\n"
    "\tnode3 -- node4\n"
    "\tnode2 -- node3\n";

PipeDreamImport options(int batch = 0) {
  PipeDreamImport o;
  o.model = "tiny";
  o.dataset = "cifar10";
  o.device_class = "v100";
  o.batch_size = batch;
  return o;
}

std::string fixed(std::string text) {
  const std::string bad = "backward_compute_time=[ignored]";
  return text.replace(text.find(bad), bad.size(), "backward_compute_time=6.000");
}

std::string error_of(const std::string& text, int batch = 0) {
  try {
    import_pipedream(text, "graph.txt", options(batch));
  } catch (const InputError& e) {
    return e.what();
  }
  return "no error";
}
} // namespace

TEST_CASE("a PipeDream chain becomes a measured profile, per sample", "[model][pipedream]") {
  const Profile p = import_pipedream(fixed(kChain), "graph.txt", options());
  CHECK(p.model == "tiny");
  CHECK(p.measured_class == "v100");
  CHECK(p.measured_batch_size == 8); // 98304 / 12288
  CHECK(p.input_bytes == 12288);
  CHECK(p.classes == 10);
  REQUIRE(p.split_units() == 3);
  CHECK(p.units[0].name == "node2 Conv2d");
  CHECK(p.units[1].name == "node3 ReLU");
  CHECK(p.units[2].name == "node4 Linear");
  CHECK(p.units[0].forward_seconds == Approx(0.004 / 8));
  CHECK(p.units[0].backward_seconds == Approx(0.008 / 8));
  CHECK(p.units[2].backward_seconds == Approx(0.006 / 8));
  CHECK(p.units[0].output_bytes == 262144.0 / 8);
  CHECK(p.units[2].output_bytes == 320.0 / 8); // a list of outputs is summed
  CHECK(p.units[0].parameter_bytes == 3584);
  CHECK(p.units[0].parameters == 896);
  CHECK(p.units[2].parameters == 81930);
  CHECK(p.units[1].forward_flops == 0);
  // The batch given explicitly wins.
  CHECK(import_pipedream(fixed(kChain), "graph.txt", options(4)).units[0].forward_seconds == Approx(0.001));
}

TEST_CASE("PipeDream import rejects what is not a linear chain or not the format", "[model][pipedream]") {
  const std::string ok = fixed(kChain);
  CHECK_THAT(error_of(ok + "\tnode2 -- node4\n"), Catch::Contains("graph.txt: line 8: node node2 has a second successor"));
  CHECK_THAT(error_of(ok + "\tnode1 -- node3\n"), Catch::Contains("second successor"));
  const std::string branchy = ok + "node5 -- Size(0) -- forward_compute_time=0, backward_compute_time=0, "
                                   "activation_size=4, parameter_size=0\n\tnode5 -- node4\n";
  CHECK_THAT(error_of(branchy), Catch::Contains("node node4 has a second predecessor"));
  CHECK_THAT(error_of(ok + "node5 -- X -- forward_compute_time=0, backward_compute_time=0, activation_size=4, "
                           "parameter_size=0\n"),
             Catch::Contains("2 nodes without a predecessor"));
  CHECK_THAT(error_of(kChain), Catch::Contains("line 4: backward_compute_time: expected a number"));
  CHECK_THAT(error_of(ok + "\tnode4 -- node9\n"), Catch::Contains("node9, which is not defined"));
  CHECK_THAT(error_of(ok + "garbage\n"), Catch::Contains("line 8: expected a node"));
  CHECK_THAT(error_of("node1 -- Input -- forward_compute_time=1, backward_compute_time=0, activation_size=1000, "
                      "parameter_size=0\n\tnode1 -- node2\nnode2 -- ReLU -- forward_compute_time=1, "
                      "backward_compute_time=1, activation_size=10, parameter_size=0\n\tnode2 -- node3\nnode3 -- "
                      "ReLU -- forward_compute_time=1, backward_compute_time=1, activation_size=10, "
                      "parameter_size=0\n"),
             Catch::Contains("not a whole number of cifar10 samples"));
  CHECK_THAT(error_of(ok + "node9 -- X -- forward_compute_time=1, colour=2\n"), Catch::Contains("unknown field"));
  CHECK_THAT(error_of(ok + "node9 -- X -- forward_compute_time=1, backward_compute_time=1, activation_size=4\n"),
             Catch::Contains("line 8: node node9 lacks parameter_size"));
}
