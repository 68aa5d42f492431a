#include <gtest/gtest.h>

#include <chrono>
#include <sstream>
#include <stdexcept>
#include <thread>
#include <vector>

#include "workloads/common/request_log.hpp"

namespace {

using concbench::LatencyCounters;
using concbench::RequestLog;
using namespace std::chrono_literals;

// 1..1000 ms: the nearest-rank percentiles are the 500th, 900th, 990th and 999th values.
TEST(RequestLog, PercentilesOfAKnownSetAreItsNearestRanks) {
  std::vector<double> seconds;
  for (int ms = 1000; ms >= 1; --ms) seconds.push_back(ms / 1000.0);  // any order
  const auto p = concbench::latency_percentiles(seconds);
  EXPECT_DOUBLE_EQ(p.p50, 0.500);
  EXPECT_DOUBLE_EQ(p.p90, 0.900);
  EXPECT_DOUBLE_EQ(p.p99, 0.990);
  EXPECT_DOUBLE_EQ(p.p999, 0.999);
  EXPECT_DOUBLE_EQ(p.max, 1.000);
  EXPECT_EQ(p.count, 1000u);
}

// Small sets: the rank rounds up (p50 of 1..3 is 2, p99 of ten values is the tenth).
TEST(RequestLog, NearestRankRoundsUp) {
  const std::vector<double> three{1, 2, 3};
  EXPECT_EQ(concbench::nearest_rank(three, 1, 2), 2);
  EXPECT_EQ(concbench::nearest_rank(three, 1, 100), 1);
  const std::vector<double> ten{1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
  EXPECT_EQ(concbench::nearest_rank(ten, 99, 100), 10);
  EXPECT_EQ(concbench::nearest_rank(ten, 9, 10), 9);
  const auto one = concbench::latency_percentiles({0.25});
  EXPECT_EQ(one.p50, 0.25);
  EXPECT_EQ(one.max, 0.25);
  EXPECT_EQ(concbench::latency_percentiles({}).count, 0u);
}

// The open loop's schedule: request i is due i / rate after the origin, whenever it runs.
TEST(RequestLog, OpenLoopRequestsAreDueOnTheirSchedule) {
  const RequestLog log(100, 1000.0);
  EXPECT_TRUE(log.open_loop());
  EXPECT_EQ(log.due(0), log.origin());
  EXPECT_EQ(log.due(50) - log.origin(), std::chrono::duration_cast<concbench::RequestClock::duration>(50ms));
  const RequestLog closed(10);
  EXPECT_FALSE(closed.open_loop());
  EXPECT_GE(closed.due(3), closed.origin());  // now: when a lane takes it
}

// A latency counts from when the request was due, so a late start is charged to the request.
TEST(RequestLog, LatencyCountsFromTheDueTime) {
  RequestLog log(2, 100.0);  // request 1 is due 10 ms after the origin
  std::this_thread::sleep_for(30ms);
  log.done(0, log.due(0));
  log.done(1, log.due(1));
  const auto seconds = log.seconds();
  EXPECT_GE(seconds[0], 0.030);
  EXPECT_GE(seconds[1], 0.020);
  EXPECT_LT(seconds[1], seconds[0]);
}

TEST(RequestLog, AMissingLatencyIsAnError) {
  RequestLog log(3);
  log.set(0, 0.1);
  log.set(2, 0.1);
  EXPECT_THROW(log.seconds(), std::runtime_error);
  log.set(1, 0.1);
  EXPECT_EQ(log.seconds().size(), 3u);
  EXPECT_THROW(log.set(3, 0.1), std::out_of_range);
  EXPECT_THROW(RequestLog(-1), std::invalid_argument);
  EXPECT_THROW(RequestLog(1, -5), std::invalid_argument);
}

TEST(RequestLog, ReadsAPythonModelsLatencies) {
  RequestLog log(3);
  std::istringstream words("0.01 0.02 0.5");
  log.read(words);
  EXPECT_DOUBLE_EQ(log.seconds()[2], 0.5);
  std::istringstream short_reply("0.01 0.02");
  EXPECT_THROW(log.read(short_reply), std::runtime_error);
  std::istringstream negative("0.01 -1 0.2");
  EXPECT_THROW(log.read(negative), std::runtime_error);
}

// A known schedule: one server that takes 2 ms per request, offered 400 requests/s (below its
// 500/s capacity) and then 1,000/s (above it). Below, every request waits only its own 2 ms and
// the first and last quarters' p99 agree; above, each request queues 1 ms longer than the one
// before, so p99 grows with time: the last quarter's is far above the first's.
TEST(LatencyCounters, AKnownScheduleGivesKnownPercentilesAndShowsSaturation) {
  const auto simulate = [](double rate, int requests) {
    RequestLog log(requests, rate);
    double free_at = 0;  // when the server can take the next request, seconds after the origin
    for (int id = 0; id < requests; ++id) {
      const double due = id / rate, start = std::max(due, free_at);
      free_at = start + 0.002;
      log.set(id, free_at - due);
    }
    LatencyCounters counters;
    counters.add(log);
    return counters.counters();
  };
  const auto below = simulate(400, 1000);
  EXPECT_NEAR(below.at("latency_p50_s"), 0.002, 1e-12);
  EXPECT_NEAR(below.at("latency_p99_s"), 0.002, 1e-12);
  EXPECT_NEAR(below.at("latency_p99_first_s"), below.at("latency_p99_last_s"), 1e-12);
  EXPECT_DOUBLE_EQ(below.at("offered_rate"), 400);
  const auto above = simulate(1000, 1000);  // request i waits 2 ms + i x 1 ms
  EXPECT_NEAR(above.at("latency_p50_s"), 0.002 + 499 * 0.001, 1e-9);
  EXPECT_NEAR(above.at("latency_p99_s"), 0.002 + 989 * 0.001, 1e-9);
  EXPECT_NEAR(above.at("latency_max_s"), 0.002 + 999 * 0.001, 1e-9);
  EXPECT_NEAR(above.at("latency_p99_first_s"), 0.002 + 247 * 0.001, 1e-9);
  EXPECT_NEAR(above.at("latency_p99_last_s"), 0.002 + 997 * 0.001, 1e-9);  // ids 750..999
  EXPECT_NEAR(above.at("achieved_rate"), 500, 1e-6);  // the server's capacity
  EXPECT_NEAR(below.at("achieved_rate"), 400, 1e-6);  // the schedule's
  EXPECT_EQ(below.count("latency_p99_first_s"), 1u);
}

TEST(LatencyCounters, AClosedLoopHasNoScheduleCounters) {
  RequestLog log(4);
  for (int id = 0; id < 4; ++id) log.set(id, 0.01 * (id + 1));
  LatencyCounters counters;
  counters.add(log);
  counters.add(log);
  const auto got = counters.counters();
  EXPECT_DOUBLE_EQ(got.at("latency_p50_s"), 0.02);
  EXPECT_DOUBLE_EQ(got.at("latency_max_s"), 0.04);
  EXPECT_EQ(got.count("offered_rate"), 0u);
  EXPECT_TRUE(LatencyCounters().counters().empty());
}

}  // namespace
