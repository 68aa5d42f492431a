#include <gtest/gtest.h>

#include "tests/model_case.hpp"

#include <chrono>
#include <string>
#include <tuple>

#include "workloads/latency/latency.hpp"

namespace {

using Clock = std::chrono::steady_clock;
class LatencyModel : public testing::TestWithParam<latency::Model> {};

// Every request completes exactly once, and no run beats ceil(N/C) waits: the waits are real.
TEST_P(LatencyModel, CompletesEveryRequestOnceAndNeverEarly) {
  const auto make = GetParam().make;
  const std::chrono::milliseconds delay(3);
  for (const int concurrency : {1, 3, 8}) {
    const auto run = make(concurrency);
    for (const int requests : {0, 1, 7, 16}) {
      const auto start = Clock::now();
      const auto result = run(requests, delay);
      const double seconds = std::chrono::duration<double>(Clock::now() - start).count();
      EXPECT_EQ(result.completed, static_cast<std::uint64_t>(requests)) << requests << " at " << concurrency;
      EXPECT_EQ(result.id_sum, static_cast<std::uint64_t>(requests) * (requests > 0 ? requests - 1 : 0) / 2);
      EXPECT_GE(seconds, latency::ideal_seconds(requests, delay, concurrency) * 0.999) << requests << " at " << concurrency;
    }
  }
}

INSTANTIATE_TEST_SUITE_P(EveryModel, LatencyModel, testing::ValuesIn(latency::models().all()), ModelName{});

// The pitfall the tbb model measures: blocking waits occupy TBB's few threads, so asking for
// more concurrency than that gives none (the bound tbb_in_flight states).
TEST(Latency, BlockingTbbTasksWaitNoMoreThanTbbThreadsAtOnce) {
  const std::chrono::milliseconds delay(40);
  const int asked = 8, requests = 8;
  const auto start = Clock::now();
  const auto& tbb = *latency::models().find("tbb");
  const auto result = tbb.make(asked)(requests, delay);
  const double seconds = std::chrono::duration<double>(Clock::now() - start).count();
  EXPECT_EQ(result.completed, 8u);
  EXPECT_LE(tbb.really_in_flight(asked), asked);
  EXPECT_GE(seconds, latency::ideal_seconds(requests, delay, tbb.really_in_flight(asked)) * 0.999);
}

TEST(Latency, IdealIsLittlesLaw) {
  EXPECT_DOUBLE_EQ(latency::ideal_seconds(500, std::chrono::milliseconds(100), 100), 0.5);
  EXPECT_DOUBLE_EQ(latency::ideal_seconds(501, std::chrono::milliseconds(100), 100), 0.6);
  EXPECT_DOUBLE_EQ(latency::ideal_seconds(10, std::chrono::milliseconds(10), 1), 0.1);
}

}  // namespace
