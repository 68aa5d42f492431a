#include "workloads/common/memory_sampler.hpp"

#include <fcntl.h>
#include <malloc.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>

#include "workloads/common/sanitizers.hpp"
#if defined(CONCBENCH_ADDRESS_SANITIZER)
// From the sanitizers' <sanitizer/allocator_interface.h>, which GCC 12 does not install.
extern "C" std::size_t __sanitizer_get_current_allocated_bytes();
#endif

namespace concbench {

std::int64_t resident_bytes() {
  static const int statm = open("/proc/self/statm", O_RDONLY | O_CLOEXEC);
  char text[128] = {};
  if (statm < 0 || pread(statm, text, sizeof text - 1, 0) <= 0) return 0;
  char* end = nullptr;
  std::strtoll(text, &end, 10);  // total program size; then resident pages
  return std::strtoll(end, nullptr, 10) * sysconf(_SC_PAGESIZE);
}

std::int64_t heap_in_use_bytes() {
#if defined(CONCBENCH_ADDRESS_SANITIZER)
  return static_cast<std::int64_t>(__sanitizer_get_current_allocated_bytes());  // its malloc is not glibc's: mallinfo2 reads 0
#else
  const auto info = mallinfo2();
  return static_cast<std::int64_t>(info.uordblks + info.hblkhd);
#endif
}

MemorySampler::MemorySampler(std::chrono::milliseconds period)
    : start_rss_(resident_bytes()),
      start_heap_(heap_in_use_bytes()),
      peak_rss_(start_rss_),
      peak_heap_(start_heap_),
      sampler_([this, period](std::stop_token stop) {
        while (!stop.stop_requested()) {
          sample();
          std::this_thread::sleep_for(period);
        }
      }) {}

void MemorySampler::sample() {
  peak_rss_ = std::max(peak_rss_.load(), resident_bytes());
  peak_heap_ = std::max(peak_heap_.load(), heap_in_use_bytes());
}

std::int64_t MemorySampler::peak_growth() const {
  const auto rss = std::max(peak_rss_.load(), resident_bytes()) - start_rss_;
  const auto heap = std::max(peak_heap_.load(), heap_in_use_bytes()) - start_heap_;
  return std::max<std::int64_t>({0, rss, heap});
}

}  // namespace concbench
