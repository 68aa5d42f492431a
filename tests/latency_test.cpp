#include <gtest/gtest.h>

#include "tests/model_case.hpp"

#include <chrono>
#include <string>
#include <tuple>

#include "workloads/latency/latency.hpp"

namespace {

using Clock = std::chrono::steady_clock;
class LatencyModel : public testing::TestWithParam<latency::Model> {};

// Every request completes exactly once, no run beats ceil(N/C) waits (the waits are real), and
// every request's recorded latency is at least its own wait.
TEST_P(LatencyModel, CompletesEveryRequestOnceAndNeverEarly) {
  const auto make = GetParam().make;
  const std::chrono::milliseconds delay(3);
  for (const int concurrency : {1, 3, 8}) {
    const auto run = make(concurrency);
    for (const int requests : {0, 1, 7, 16}) {
      concbench::RequestLog log(requests);
      const auto start = Clock::now();
      const auto result = run(delay, log);
      const double seconds = std::chrono::duration<double>(Clock::now() - start).count();
      EXPECT_EQ(result.completed, static_cast<std::uint64_t>(requests)) << requests << " at " << concurrency;
      EXPECT_EQ(result.id_sum, static_cast<std::uint64_t>(requests) * (requests > 0 ? requests - 1 : 0) / 2);
      EXPECT_GE(seconds, concbench::littles_law_seconds(requests, delay, concurrency) * 0.999) << requests << " at " << concurrency;
      ASSERT_NO_THROW(log.seconds()) << "a request without a latency, " << requests << " at " << concurrency;
      for (const double latency : log.seconds()) EXPECT_GE(latency, 0.003 * 0.999) << requests << " at " << concurrency;
    }
  }
}

// The open loop: request i may not start before i / rate, so the run lasts at least the
// schedule plus one wait (a model that ignored the schedule and ran them all at once would
// finish too soon), and each latency, counted from the due time, is at least the wait.
TEST_P(LatencyModel, AnOpenLoopKeepsItsSchedule) {
  const auto& model = GetParam();
  if (!model.open_loop) GTEST_SKIP() << model.name << " runs closed loops only";
  const std::chrono::milliseconds delay(2);
  const auto run = model.make(8);
  const int requests = 40;
  const double rate = 400;  // 100 ms of schedule, about one request in flight at a time
  concbench::RequestLog log(requests, rate);
  const auto start = log.origin();
  const auto result = run(delay, log);
  const double seconds = std::chrono::duration<double>(Clock::now() - start).count();
  EXPECT_EQ(result.completed, static_cast<std::uint64_t>(requests));
  EXPECT_GE(seconds, concbench::open_loop_seconds(requests, delay, rate) * 0.999);
  for (const double latency : log.seconds()) EXPECT_GE(latency, 0.002 * 0.999);
}

INSTANTIATE_TEST_SUITE_P(EveryModel, LatencyModel, testing::ValuesIn(latency::models().all()), ModelName{});

// The pitfall the tbb model measures: blocking waits occupy TBB's few threads, so asking for
// more concurrency than that gives none (the bound tbb_in_flight states).
TEST(Latency, BlockingTbbTasksWaitNoMoreThanTbbThreadsAtOnce) {
  const std::chrono::milliseconds delay(40);
  const int asked = 8, requests = 8;
  const auto start = Clock::now();
  const auto& tbb = *latency::models().find("tbb");
  concbench::RequestLog log(requests);
  const auto result = tbb.make(asked)(delay, log);
  const double seconds = std::chrono::duration<double>(Clock::now() - start).count();
  EXPECT_EQ(result.completed, 8u);
  EXPECT_LE(tbb.really_in_flight(asked), asked);
  EXPECT_GE(seconds, concbench::littles_law_seconds(requests, delay, tbb.really_in_flight(asked)) * 0.999);
}

TEST(Latency, OpenLoopIdealIsTheScheduleAndOneWait) {
  EXPECT_DOUBLE_EQ(concbench::open_loop_seconds(101, std::chrono::milliseconds(10), 1000), 0.11);
  EXPECT_DOUBLE_EQ(concbench::open_loop_seconds(0, std::chrono::milliseconds(10), 1000), 0.01);
}

TEST(Latency, IdealIsLittlesLaw) {
  EXPECT_DOUBLE_EQ(concbench::littles_law_seconds(500, std::chrono::milliseconds(100), 100), 0.5);
  EXPECT_DOUBLE_EQ(concbench::littles_law_seconds(501, std::chrono::milliseconds(100), 100), 0.6);
  EXPECT_DOUBLE_EQ(concbench::littles_law_seconds(10, std::chrono::milliseconds(10), 1), 0.1);
}

}  // namespace
