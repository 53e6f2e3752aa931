// Large arrays on transparent huge pages. On this project's machines a page fault is the dominant
// cost of filling a fresh array of millions of entries (a virtual machine: every 4 KiB page traps),
// and glibc serves arrays over 32 MiB from fresh mmap-ed memory every time. Asking for huge pages
// before the first touch (madvise; a no-op where THP is off) makes that one fault per 2 MiB.
#pragma once
#include <cstddef>
#include <cstdint>
#include <sys/mman.h>
#include <vector>

namespace pipar {

inline void advise_huge_pages(void* p, std::size_t bytes) {
  constexpr std::uintptr_t kHuge = std::uintptr_t{2} << 20;
  if (bytes < 2 * kHuge)
    return;
  const auto begin = (reinterpret_cast<std::uintptr_t>(p) + kHuge - 1) & ~(kHuge - 1);
  const auto end = (reinterpret_cast<std::uintptr_t>(p) + bytes) & ~(kHuge - 1);
  if (end > begin)
    ::madvise(reinterpret_cast<void*>(begin), end - begin, MADV_HUGEPAGE);
}

/// v = n copies of x, the storage advised for huge pages before it is written.
template <class T> void assign_huge(std::vector<T>& v, std::size_t n, const T& x) {
  std::vector<T>().swap(v);
  v.reserve(n);
  advise_huge_pages(v.data(), n * sizeof(T));
  v.assign(n, x);
}

} // namespace pipar
