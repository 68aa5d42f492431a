#pragma once
// Timing of baselines: one call may be shorter than the clock's resolution or land on a slow
// instant, so a baseline is the mean of a batch of calls lasting at least a set time.
#include <chrono>

namespace concbench {

//! How long a baseline batch lasts at least: about the length of a quick-suite repetition's
//! timed loop, so that a ratio's two sides average the machine's jitter alike.
inline constexpr double baseline_batch_seconds = 0.02;

//! Mean seconds per call of `call` over a batch lasting at least `at_least` seconds (one call
//! if it alone lasts that long).
template <class Call>
double seconds_per_call(Call&& call, double at_least = baseline_batch_seconds) {
  const auto start = std::chrono::steady_clock::now();
  long calls = 0;
  double elapsed = 0;
  do {
    call();
    ++calls;
    elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  } while (elapsed < at_least);
  return elapsed / static_cast<double>(calls);
}

}  // namespace concbench
