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

namespace {
std::string node(const std::string& id, const std::string& desc, double fwd, double bwd, double act, double par) {
  return id + " -- " + desc + " -- forward_compute_time=" + std::to_string(fwd) +
         ", backward_compute_time=" + std::to_string(bwd) + ", activation_size=" + std::to_string(act) +
         ", parameter_size=" + std::to_string(par) + "\n";
}
std::string edge(const std::string& a, const std::string& b) { return "\t" + a + " -- " + b + "\n"; }
} // namespace

TEST_CASE("a residual block: every tensor crossing a cut is summed", "[model][pipedream]") {
  // Input -> a -> b -> add -> fc, and a -> add (the skip). Batch 2 of CIFAR-10 (2 x 12288 bytes).
  const std::string g = node("n1", "Input", 1, 0, 24576, 0) + node("n2", "Conv2d(3, 8)", 4, 8, 1000, 16) +
                        node("n3", "Conv2d(8, 8)", 6, 12, 3000, 32) + node("n4", "Add()", 2, 2, 5000, 0) +
                        node("n5", "Linear(10)", 2, 4, 80, 64) + edge("n1", "n2") + edge("n2", "n3") +
                        edge("n3", "n4") + edge("n2", "n4") + edge("n4", "n5");
  const Profile p = import_pipedream(g, "res.txt", options());
  CHECK(p.measured_batch_size == 2);
  REQUIRE(p.split_units() == 4);
  CHECK(p.units[0].name == "n2 Conv2d");
  CHECK(p.units[2].name == "n4 Add");
  // Cut after a: a's output (read by b and by the add). After b: a's and b's outputs both cross.
  CHECK(p.units[0].output_bytes == 1000.0 / 2);
  CHECK(p.units[1].output_bytes == (1000.0 + 3000.0) / 2);
  CHECK(p.units[2].output_bytes == 5000.0 / 2);
  CHECK(p.units[3].output_bytes == 80.0 / 2);
  CHECK(p.units[1].forward_seconds == Approx(0.006 / 2));
  // A skip from the input itself: the input crosses every cut inside the block too.
  const Profile q = import_pipedream(g + edge("n1", "n4"), "res.txt", options());
  CHECK(q.units[0].output_bytes == (24576.0 + 1000.0) / 2);
  CHECK(q.units[1].output_bytes == (24576.0 + 1000.0 + 3000.0) / 2);
}

TEST_CASE("a graph shaped like PipeDream's AlexNet profile: the Size side node is folded away", "[model][pipedream]") {
  // As PipeDream's profiler writes AlexNet (torchvision, minibatch 4 of 224x224 ImageNet images):
  // the last pooling feeds both a zero-cost Size node and the View that reads Size's output.
  const double in = 4.0 * 3 * 224 * 224 * 4;
  const std::string alexnet =
      node("node1", "Input", 3.1, 0, in, 0) +
      node("node2", "Conv2d(3, 64, kernel_size=(11, 11), stride=(4, 4), padding=(2, 2))", 2.5, 5.1, 3097600, 92928) +
      node("node3", "ReLU(inplace)", 0.2, 0.3, 3097600, 0) +
      node("node4", "MaxPool2d(kernel_size=3, stride=2, padding=0, dilation=1, ceil_mode=False)", 0.3, 0.6, 746496, 0) +
      node("node5", "Conv2d(64, 192, kernel_size=(5, 5), stride=(1, 1), padding=(2, 2))", 4.0, 8.2, 2239488, 1229568) +
      node("node6", "ReLU(inplace)", 0.1, 0.2, 2239488, 0) +
      node("node7", "MaxPool2d(kernel_size=3, stride=2, padding=0, dilation=1, ceil_mode=False)", 0.2, 0.4, 147456, 0) +
      node("node8", "Size(0)", 0, 0, 4, 0) + node("node9", "View(-1)", 0.01, 0.01, 147456, 0) +
      node("node10", "Linear(in_features=9216, out_features=4096, bias=True)", 1.5, 3.0, 65536, 151011328) +
      node("node11", "ReLU(inplace)", 0.05, 0.05, 65536, 0) +
      node("node12", "Linear(in_features=4096, out_features=1000, bias=True)", 0.4, 0.8, 16000, 16388000) +
      edge("node1", "node2") + edge("node2", "node3") + edge("node3", "node4") + edge("node4", "node5") +
      edge("node5", "node6") + edge("node6", "node7") + edge("node7", "node8") + edge("node8", "node9") +
      edge("node7", "node9") + edge("node9", "node10") + edge("node10", "node11") + edge("node11", "node12");
  PipeDreamImport o = options();
  o.dataset = "imagenet";
  const Profile p = import_pipedream(alexnet, "alexnet/graph.txt", o);
  CHECK(p.measured_batch_size == 4);
  REQUIRE(p.split_units() == 10); // 11 nodes after the input, less the Size node
  std::vector<std::string> names;
  for (const auto& u : p.units)
    names.push_back(u.name);
  CHECK(names == std::vector<std::string>{"node2 Conv2d", "node3 ReLU", "node4 MaxPool2d", "node5 Conv2d",
                                          "node6 ReLU", "node7 MaxPool2d", "node9 View", "node10 Linear",
                                          "node11 ReLU", "node12 Linear"});
  // Folded: the cut after the last pooling carries its output only, not the 4-byte size.
  CHECK(p.units[5].output_bytes == 147456.0 / 4);
  CHECK(p.units[6].output_bytes == 147456.0 / 4);
  CHECK(p.units[7].parameters == 151011328 / 4);
  CHECK_THAT(p.measured_note, Catch::Contains("zero-cost nodes folded away: 1"));
}

TEST_CASE("PipeDream import rejects what is not a DAG with one source, or not the format", "[model][pipedream]") {
  const std::string ok = fixed(kChain);
  // Branches are accepted now; cycles are not, with or without a source (the latter crashed once).
  CHECK_THAT(error_of(ok + "\tnode4 -- node2\n"), Catch::Contains("graph.txt: the edges form a cycle (through node2"));
  CHECK_THAT(error_of(node("a", "ReLU", 1, 1, 4, 0) + node("b", "ReLU", 1, 1, 4, 0) + edge("a", "b") + edge("b", "a")),
             Catch::Contains("the edges form a cycle (through a, b)"));
  CHECK_THAT(error_of(ok + "\tnode3 -- node3\n"), Catch::Contains("line 8: node node3 consumes its own output"));
  CHECK_THAT(error_of(ok + "node5 -- X -- forward_compute_time=1, backward_compute_time=0, activation_size=4, "
                           "parameter_size=0\n"),
             Catch::Contains("2 nodes without a predecessor (node1, node5)"));
  // A zero-cost source is a side node: folded away, not a second source.
  CHECK(import_pipedream(ok + node("node5", "Size(0)", 0, 0, 4, 0) + edge("node5", "node4"), "graph.txt", options())
            .split_units() == 3);
  CHECK_THAT(error_of(kChain), Catch::Contains("line 4: backward_compute_time: expected a decimal number"));
  CHECK_THAT(error_of(ok + "\tnode4 -- node9\n"), Catch::Contains("line 8: an edge names node node9, which is not defined"));
  CHECK_THAT(error_of(ok + "garbage\n"), Catch::Contains("line 8: expected a node"));
  CHECK_THAT(error_of("node1 -- Input -- forward_compute_time=1, backward_compute_time=0, activation_size=1000, "
                      "parameter_size=0\n\tnode1 -- node2\nnode2 -- ReLU -- forward_compute_time=1, "
                      "backward_compute_time=1, activation_size=10, parameter_size=0\n\tnode2 -- node3\nnode3 -- "
                      "ReLU -- forward_compute_time=1, backward_compute_time=1, activation_size=10, "
                      "parameter_size=0\n"),
             Catch::Contains("not a whole number of cifar10 samples"));
  // A huge input no longer wraps the minibatch to -2147483648: out of range, or above 2^24 samples.
  std::string huge = ok;
  huge.replace(huge.find("activation_size=98304.000"), 25, "activation_size=1e300");
  CHECK_THAT(error_of(huge), Catch::Contains("line 2: activation_size: expected a decimal number in [0, 1e15]"));
  huge = ok;
  huge.replace(huge.find("activation_size=98304.000"), 25, "activation_size=1e15");
  CHECK_THAT(error_of(huge), Catch::Contains("between 1 and 16777216: give --batch"));
  CHECK_THAT(error_of(ok + "node9 -- X -- forward_compute_time=1, colour=2\n"), Catch::Contains("unknown field"));
  CHECK_THAT(error_of(ok + "node9 -- X -- forward_compute_time=1, backward_compute_time=1, activation_size=4\n"),
             Catch::Contains("line 8: node node9 lacks parameter_size"));
}
