#pragma once
// Timing of baselines: one call may be shorter than the clock's resolution or land on a slow
// instant, so a baseline is the mean of a batch of calls lasting at least a set time.
#include <chrono>

namespace concbench {

//! How long a baseline batch lasts at least: long enough that the clock's resolution and one
//! slow call do not matter; two batches (before and after) bracket each repetition.
inline constexpr double baseline_batch_seconds = 0.01;

//! Mean seconds per call of `call` over a batch lasting at least `at_least` seconds. A call that
//! alone lasts that long is the answer; a shorter first call only warms caches and branch
//! predictors up and is left out, so a short baseline is not biased slow against the timed loop
//! it brackets, which runs warm.
template <class Call>
double seconds_per_call(Call&& call, double at_least = baseline_batch_seconds) {
  using clock = std::chrono::steady_clock;
  const auto seconds_since = [](clock::time_point start) {
    return std::chrono::duration<double>(clock::now() - start).count();
  };
  const auto first = clock::now();
  call();
  if (const double once = seconds_since(first); once >= at_least) return once;
  const auto start = clock::now();
  long calls = 0;
  double elapsed = 0;
  do {
    call();
    ++calls;
    elapsed = seconds_since(start);
  } while (elapsed < at_least);
  return elapsed / static_cast<double>(calls);
}

}  // namespace concbench
