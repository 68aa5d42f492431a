#pragma once
#include <cstdint>
#include <vector>

namespace concbench {

//! A half-open range [first, last) of loop indices.
struct Chunk {
  std::uint64_t first;
  std::uint64_t last;
};

//! Splits [first, last) into `parts` contiguous chunks whose sizes differ by at most one;
//! when there are fewer indices than parts, the trailing chunks are empty.
inline std::vector<Chunk> split(std::uint64_t first, std::uint64_t last, int parts) {
  std::vector<Chunk> chunks;
  const std::uint64_t count = last > first ? last - first : 0;
  const std::uint64_t n = parts > 0 ? static_cast<std::uint64_t>(parts) : 1;
  std::uint64_t begin = first;
  for (std::uint64_t p = 0; p < n; ++p) {
    const std::uint64_t size = count / n + (p < count % n ? 1 : 0);
    chunks.push_back({begin, begin + size});
    begin += size;
  }
  return chunks;
}

}  // namespace concbench
