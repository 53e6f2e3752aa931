// The shape of one sample's tensor as it flows through a model (the batch dimension is left out).
#pragma once
#include <cstdint>
#include <string>
#include <vector>

namespace pipar {

struct Shape {
  int c = 0;         ///< channels, or features once flat
  int h = 1;         ///< height (1 once flat)
  int w = 1;         ///< width (1 once flat)
  bool flat = false; ///< true after flatten: a feature vector of c elements

  std::uint64_t elements() const {
    return static_cast<std::uint64_t>(c) * static_cast<std::uint64_t>(h) * static_cast<std::uint64_t>(w);
  }
  std::vector<int> dims() const { return flat ? std::vector<int>{c} : std::vector<int>{c, h, w}; }
  std::string str() const {
    return flat ? std::to_string(c) : std::to_string(c) + "x" + std::to_string(h) + "x" + std::to_string(w);
  }
  bool operator==(const Shape& o) const { return c == o.c && h == o.h && w == o.w && flat == o.flat; }
  bool operator!=(const Shape& o) const { return !(*this == o); }
};

} // namespace pipar
