// Import of a PipeDream profile graph (graph.txt, github.com/msr-fiddle/pipedream, graph/graph.py):
//   node<id> -- <description> -- forward_compute_time=<ms>, backward_compute_time=<ms>,
//       activation_size=<bytes>, parameter_size=<bytes>[ -- stage_id=<n>]
//   \tnode<a> -- node<b>                                  (an edge: b consumes a's output)
// Times are milliseconds per minibatch, activation_size bytes per minibatch (a "[a; b]" list of
// several outputs is summed, as graph.py does), parameter_size bytes. The graph is a DAG with one
// source: a node described as "Input" is the input (its activation size gives the input bytes; its
// time, data loading, is dropped). Zero-cost side nodes (no time and no parameters, such as the
// Size node AlexNet's and VGG's profiles feed into View) are folded away: their consumers take
// their producers' outputs. Every other node becomes one split unit, in a topological order (ties
// by line order); the activation of the cut after a unit is the sum of every tensor made at or
// before it and consumed after it (inside a residual block, the block's input and the branch's
// output both cross). Values above 1e15, a cycle, several sources or a minibatch above 2^24 are
// errors.
#pragma once
#include "model/profile.hpp"

#include <string>

namespace pipar {

struct PipeDreamImport {
  std::string model;        ///< profile "model"
  std::string dataset;      ///< a dataset of list_datasets(): input shape and classes
  std::string device_class; ///< the class the times were measured on
  int batch_size = 0;       ///< minibatch of the graph; 0 = from the Input node and the dataset
};

/// Parses graph.txt text into a measured profile (flop fields 0: PipeDream records times only).
/// Throws InputError naming `file` and "line N" for bad lines, cycles, several sources and bad
/// options. The one entry point for graph text (fuzzed by tests/fuzz/); it reads no other file.
Profile import_pipedream(const std::string& text, const std::string& file, const PipeDreamImport& opt);
Profile import_pipedream_file(const std::string& path, const PipeDreamImport& opt);

} // namespace pipar
