#include "model/pipedream_import.hpp"

#include "core/files.hpp"

#include "core/error.hpp"
#include "core/text.hpp"
#include "model/dataset.hpp"

#include <cmath>
#include <cstdlib>
#include <fstream>
#include <algorithm>
#include <map>
#include <set>
#include <sstream>
#include <vector>

namespace pipar {

namespace {

struct Node {
  std::string id, desc;
  double forward_ms = 0, backward_ms = 0, activation_bytes = 0, parameter_bytes = 0;
  int line = 0;
};

std::string trim(const std::string& s) {
  const auto b = s.find_first_not_of(" \t\r");
  if (b == std::string::npos)
    return "";
  return s.substr(b, s.find_last_not_of(" \t\r") - b + 1);
}

std::vector<std::string> split(const std::string& s, const std::string& sep) {
  std::vector<std::string> parts;
  size_t start = 0;
  for (size_t pos; (pos = s.find(sep, start)) != std::string::npos; start = pos + sep.size())
    parts.push_back(s.substr(start, pos - start));
  parts.push_back(s.substr(start));
  return parts;
}

class Parser {
public:
  explicit Parser(std::string file) : file_(std::move(file)) {}

  [[noreturn]] void fail(int line, const std::string& what) const {
    throw InputError(file_, line > 0 ? "line " + std::to_string(line) : "", what);
  }

  double number(int line, const std::string& key, const std::string& text) const {
    // Times in ms up to 1e9 (the profile's 1e6 s per unit), sizes in bytes up to 1e15; decimal only
    // (strtod would also take "0x10" and "inf").
    const std::string t = trim(text);
    const bool ms = key.find("compute_time") != std::string::npos;
    const double hi = ms ? 1e9 : 1e15;
    char* end = nullptr;
    const double v = std::strtod(t.c_str(), &end);
    if (t.empty() || t.find_first_not_of("0123456789.eE+-") != std::string::npos || *end != '\0' ||
        !std::isfinite(v) || v < 0 || v > hi)
      fail(line, key + ": expected a decimal number in [0, " + (ms ? "1e9] ms" : "1e15] bytes") + ", got \"" +
                     t.substr(0, 80) + "\"");
    return v;
  }

  Node node(int line, const std::vector<std::string>& parts) const {
    Node n;
    n.line = line;
    n.id = trim(parts[0]);
    n.desc = trim(parts[1]);
    const char* names[4] = {"forward_compute_time", "backward_compute_time", "activation_size", "parameter_size"};
    double* targets[4] = {&n.forward_ms, &n.backward_ms, &n.activation_bytes, &n.parameter_bytes};
    bool seen[4] = {false, false, false, false};
    for (const auto& field : split(parts[2], ",")) {
      const auto eq = field.find('=');
      if (eq == std::string::npos)
        fail(line, "expected key=value, got \"" + trim(field) + "\"");
      const std::string key = trim(field.substr(0, eq));
      const std::string value = field.substr(eq + 1);
      int k = 0;
      while (k < 4 && key != names[k])
        ++k;
      if (k == 4)
        fail(line, "unknown field \"" + key + "\"; valid fields are: forward_compute_time, "
                   "backward_compute_time, activation_size, parameter_size");
      *targets[k] = k == 2 ? activation(line, value) : number(line, key, value);
      seen[k] = true;
    }
    for (int k = 0; k < 4; ++k)
      if (!seen[k])
        fail(line, std::string("node ") + n.id + " lacks " + names[k]);
    return n;
  }

  /// "123.0" or a list of outputs "[1.0; 2.0]" (summed, as PipeDream's graph.py does).
  double activation(int line, const std::string& text) const {
    std::string t = trim(text);
    if (t.empty() || t.front() != '[')
      return number(line, "activation_size", t);
    if (t.back() != ']')
      fail(line, "activation_size: unterminated list \"" + t + "\"");
    double sum = 0;
    for (const auto& x : split(t.substr(1, t.size() - 2), ";"))
      sum += number(line, "activation_size", x);
    return sum;
  }

private:
  std::string file_;
};

bool is_input(const Node& n) { return n.desc == "Input"; }

constexpr int kMaxBatch = 1 << 24; ///< the largest minibatch (as --batch)

/// Folds zero-cost side nodes (no time, no parameters, not the input; e.g. the Size node before a View):
/// each predecessor of such a node gains its successors. Returns the folded nodes' ids.
std::vector<std::string> fold_zero_cost(std::map<std::string, Node>& nodes, std::map<std::string, std::set<std::string>>& succ,
                                        std::map<std::string, std::set<std::string>>& pred) {
  std::vector<std::string> folded;
  for (auto it = nodes.begin(); it != nodes.end();) {
    const Node& n = it->second;
    if (is_input(n) || n.forward_ms != 0 || n.backward_ms != 0 || n.parameter_bytes != 0) {
      ++it;
      continue;
    }
    const std::string id = n.id;
    for (const auto& a : pred[id]) {
      succ[a].erase(id);
      for (const auto& b : succ[id])
        if (b != a) {
          succ[a].insert(b);
          pred[b].insert(a);
        }
    }
    for (const auto& b : succ[id])
      pred[b].erase(id);
    succ.erase(id);
    pred.erase(id);
    folded.push_back(id);
    it = nodes.erase(it);
  }
  return folded;
}

} // namespace

Profile import_pipedream(const std::string& text, const std::string& file, const PipeDreamImport& opt) {
  const Parser parser(file);
  std::map<std::string, Node> nodes;
  std::map<std::string, std::set<std::string>> succ, pred; // b in succ[a]: b consumes a's output
  std::map<std::string, int> edge_line;
  std::istringstream in(without_bom(text));
  std::string raw;
  for (int line = 1; std::getline(in, raw); ++line) {
    const std::string s = trim(raw);
    if (s.empty())
      continue;
    const auto parts = split(s, " -- ");
    if (parts.size() == 2) {
      const std::string a = trim(parts[0]), b = trim(parts[1]);
      if (a == b)
        parser.fail(line, "node " + a + " consumes its own output (an edge to itself)");
      succ[a].insert(b);
      pred[b].insert(a);
      edge_line.emplace(a, line);
      edge_line.emplace(b, line);
    } else if (parts.size() >= 3) {
      Node n = parser.node(line, parts);
      if (nodes.count(n.id))
        parser.fail(line, "node " + n.id + " is defined twice (line " + std::to_string(nodes[n.id].line) + ")");
      nodes[n.id] = n;
    } else {
      parser.fail(line, "expected a node (\"node1 -- desc -- forward_compute_time=..., ...\") or an edge "
                        "(\"node1 -- node2\"), got \"" + s + "\"");
    }
  }
  if (nodes.empty())
    parser.fail(0, "no nodes: not a PipeDream graph.txt");
  for (const auto& [id, line] : edge_line)
    if (!nodes.count(id))
      parser.fail(line, "an edge names node " + id + ", which is not defined");
  for (const auto& [id, n] : nodes) {
    succ[id];
    pred[id];
  }
  size_t inputs = 0;
  for (const auto& [id, n] : nodes)
    inputs += is_input(n);
  if (inputs > 1)
    parser.fail(0, std::to_string(inputs) + " Input nodes; a graph has at most one");
  const std::vector<std::string> folded = fold_zero_cost(nodes, succ, pred);
  if (nodes.empty()) // no node line, or only zero-cost side nodes (folded away)
    parser.fail(0, "no node with a cost: a graph.txt holds one line per layer (forward_compute_time, ...)");

  // A topological order (Kahn), ties broken by the order of the nodes' lines: deterministic.
  std::vector<std::string> sources;
  for (const auto& [id, n] : nodes)
    if (pred[id].empty())
      sources.push_back(id);
  if (sources.size() > 1)
    parser.fail(0, std::to_string(sources.size()) + " nodes without a predecessor (" + sources[0] + ", " + sources[1] +
                       (sources.size() > 2 ? ", ..." : "") + "): a graph has one source");
  std::map<std::string, size_t> waiting;
  std::set<std::pair<int, std::string>> ready;
  for (const auto& [id, n] : nodes) {
    waiting[id] = pred[id].size();
    if (waiting[id] == 0)
      ready.insert({n.line, id});
  }
  std::vector<const Node*> order;
  while (!ready.empty()) {
    const std::string id = ready.begin()->second;
    ready.erase(ready.begin());
    order.push_back(&nodes.at(id));
    for (const auto& b : succ[id])
      if (--waiting[b] == 0)
        ready.insert({nodes.at(b).line, b});
  }
  if (order.size() != nodes.size()) {
    std::string left;
    size_t shown = 0;
    for (const auto& [id, w] : waiting)
      if (w > 0 && shown++ < 4)
        left += (left.empty() ? "" : ", ") + id;
    parser.fail(0, "the edges form a cycle (through " + left + (nodes.size() - order.size() > 4 ? ", ..." : "") + ")");
  }

  const Dataset& dataset = find_dataset(opt.dataset);
  const double sample_input_bytes = 4.0 * dataset.channels * dataset.height * dataset.width;
  const Node* input = is_input(*order.front()) ? order.front() : nullptr;
  int batch = opt.batch_size;
  if (batch <= 0) {
    if (!input)
      parser.fail(0, "no Input node to infer the minibatch size from: give --batch");
    const double b = input->activation_bytes / sample_input_bytes;
    if (!(b >= 1 && b <= kMaxBatch) || std::abs(b - std::round(b)) > 1e-9 * b)
      parser.fail(input->line, "the Input node's activation_size " + std::to_string(input->activation_bytes) +
                                   " bytes is not a whole number of " + dataset.name + " samples (" +
                                   std::to_string(sample_input_bytes) + " bytes each) between 1 and " +
                                   std::to_string(kMaxBatch) + ": give --batch");
    batch = static_cast<int>(std::round(b));
  }
  if (batch > kMaxBatch)
    parser.fail(0, "minibatch " + std::to_string(batch) + " above " + std::to_string(kMaxBatch));
  if (opt.device_class.empty())
    parser.fail(0, "the device class the graph was profiled on must be named");

  Profile p;
  p.model = opt.model;
  p.dataset = dataset.name;
  p.source = "imported from PipeDream graph " + file;
  p.input_shape = {dataset.channels, dataset.height, dataset.width};
  p.classes = dataset.classes;
  p.input_bytes = input ? input->activation_bytes / batch : sample_input_bytes;
  p.label_bytes = 8;
  p.measured_class = opt.device_class;
  p.measured_batch_size = batch;
  p.measured_note = "imported from PipeDream graph " + file + " (minibatch " + std::to_string(batch) +
                    "); one split unit per node in a topological order; a unit's output is every tensor "
                    "crossing the cut after it; no flop counts";
  if (!folded.empty())
    p.measured_note += "; zero-cost nodes folded away: " + std::to_string(folded.size());

  // Cut after position k of the order: the bytes of every tensor made at or before k and consumed after k.
  std::map<std::string, size_t> position;
  for (size_t k = 0; k < order.size(); ++k)
    position[order[k]->id] = k;
  std::vector<size_t> last_use(order.size());
  for (size_t k = 0; k < order.size(); ++k) {
    last_use[k] = k;
    for (const auto& b : succ[order[k]->id])
      last_use[k] = std::max(last_use[k], position.at(b));
  }
  std::vector<double> released(order.size(), 0.0); // bytes whose last consumer is at position k
  for (size_t j = 0; j < order.size(); ++j)
    if (last_use[j] > j)
      released[last_use[j]] += order[j]->activation_bytes;
  double crossing = 0;
  for (size_t k = 0; k < order.size(); ++k) {
    const Node* n = order[k];
    crossing -= released[k];
    if (last_use[k] > k)
      crossing += n->activation_bytes;
    if (n == input)
      continue;
    double out = std::max(0.0, crossing);
    if (k + 1 == order.size())
      out = n->activation_bytes; // the last unit: its own output (what the loss reads)
    SplitUnit u;
    const std::string kind = n->desc.substr(0, n->desc.find('('));
    u.name = n->id + " " + kind;
    u.forward_seconds = n->forward_ms / 1000.0 / batch;
    u.backward_seconds = n->backward_ms / 1000.0 / batch;
    u.output_bytes = out / batch;
    u.parameter_bytes = n->parameter_bytes;
    u.parameters = static_cast<std::uint64_t>(std::llround(n->parameter_bytes / 4.0));
    p.units.push_back(std::move(u));
  }
  if (p.units.size() < 2)
    parser.fail(0, "the graph has " + std::to_string(p.units.size()) +
                       " layer node(s) with a cost; a profile needs at least 2 split units");
  return p;
}

Profile import_pipedream_file(const std::string& path, const PipeDreamImport& opt) {
  return import_pipedream(read_input_file(path), path, opt);
}

} // namespace pipar
