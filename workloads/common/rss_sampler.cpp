#include "workloads/common/rss_sampler.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>

namespace concbench {

std::int64_t resident_bytes() {
  static const int statm = open("/proc/self/statm", O_RDONLY | O_CLOEXEC);
  char text[128] = {};
  if (statm < 0 || pread(statm, text, sizeof text - 1, 0) <= 0) return 0;
  char* end = nullptr;
  std::strtoll(text, &end, 10);                      // total program size; then resident pages
  return std::strtoll(end, nullptr, 10) * sysconf(_SC_PAGESIZE);
}

RssSampler::RssSampler(std::chrono::milliseconds period)
    : start_(resident_bytes()), peak_(start_), sampler_([this, period](std::stop_token stop) {
        while (!stop.stop_requested()) {
          peak_ = std::max(peak_.load(), resident_bytes());
          std::this_thread::sleep_for(period);
        }
      }) {}

std::int64_t RssSampler::peak_growth() const {
  const auto peak = std::max(peak_.load(), resident_bytes());
  return std::max<std::int64_t>(0, peak - start_);
}

}  // namespace concbench
