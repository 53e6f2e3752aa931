// The layer vocabulary of models/arch/*.json: one table row per layer type, with its accepted
// keys, a one-line description and how it walks a sample through LayerWalker.
#pragma once
#include "core/json_read.hpp"
#include "model/layer_walker.hpp"

#include <string>
#include <vector>

namespace pipar {

/// Reads one layer's arguments (JSON object at `path`), reporting errors at file and key.
class LayerArgs {
public:
  LayerArgs(const JsonReader& r, std::string path, int classes) : r_(r), path_(std::move(path)), classes_(classes) {}

  int integer(const char* key, int lo, int hi) const;
  int integer_or(const char* key, int lo, int hi, int fallback) const;
  bool flag_or(const char* key, bool fallback) const;
  double number_or(const char* key, double lo, double hi, double fallback) const;
  Activation activation(const char* key) const; ///< "relu" or "hardswish"
  /// A feature count: a positive integer or "classes" (the dataset's class count).
  int features(const char* key) const;
  /// When the layer states its input channels (`in`), they must match the incoming tensor.
  void check_in_channels(const LayerWalker& w) const;

private:
  std::string at(const char* key) const { return path_ + "/" + key; }
  const JsonReader& r_;
  std::string path_;
  int classes_;
};

struct LayerKind {
  std::string name;
  std::vector<std::string> keys; ///< accepted keys besides "type"
  std::string summary;
  void (*apply)(const LayerArgs&, LayerWalker&);
};

const std::vector<LayerKind>& layer_kinds();
/// The kind named by the "type" of the layer at `path`; throws InputError listing valid types.
const LayerKind& layer_kind(const JsonReader& r, const std::string& path);
/// Rejects keys the kind does not accept.
void check_layer_keys(const JsonReader& r, const std::string& path, const LayerKind& kind);

} // namespace pipar
