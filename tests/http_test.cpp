#include <gtest/gtest.h>

#include "tests/model_case.hpp"
#include <stdlib.h>

#include <chrono>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <sstream>
#include <stdexcept>
#include <string>
#include <tuple>

#include "workloads/common/delay_server.hpp"
#include "workloads/http/http.hpp"
#include "workloads/mixed/mixed.hpp"

namespace {

using Clock = std::chrono::steady_clock;
using namespace std::chrono_literals;

//! A port nobody listens on: bound to get it from the kernel, then closed.
std::uint16_t dead_port() {
  asio::io_context io;
  asio::ip::tcp::acceptor acceptor(io, {asio::ip::make_address("127.0.0.1"), 0});
  return acceptor.local_endpoint().port();
}

TEST(HttpClient, ParsesServerUrlsAndRefusesOthers) {
  EXPECT_EQ(concbench::parse_http_url("http://127.0.0.1:8080").port, 8080);
  EXPECT_EQ(concbench::parse_http_url("http://127.0.0.1:8080/").host, "127.0.0.1");
  for (const char* bad : {"", "127.0.0.1:80", "http://127.0.0.1", "http://127.0.0.1:0", "http://127.0.0.1:70000",
                          "http://:80", "http://127.0.0.1:80/add", "https://127.0.0.1:80"})
    EXPECT_THROW(concbench::parse_http_url(bad), std::invalid_argument) << bad;
}

TEST(HttpClient, TargetsCarryADelayAndARandomSuffix) {
  const auto a = concbench::delay_target("serial", 100, 1), b = concbench::delay_target("serial", 100, 2);
  EXPECT_EQ(a.rfind("/add?name=serial&delay=100&", 0), 0u);
  EXPECT_EQ(a.size(), std::string("/add?name=serial&delay=100&").size() + 10);
  EXPECT_NE(a, b);
}

//! The processes this one has started and not reaped: a model must leave none behind.
using crawl::open_descriptors;
std::size_t child_processes() {
  std::size_t children = 0;
  for (const auto& task : std::filesystem::directory_iterator("/proc/self/task")) {
    std::ifstream list(task.path() / "children");
    for (pid_t pid; list >> pid;) ++children;
  }
  return children;
}

double seconds_since(Clock::time_point start) { return std::chrono::duration<double>(Clock::now() - start).count(); }

//! Every request of `log` has a latency of at least `delay_ms` (the server's wait is physics).
void expect_latencies_at_least(const concbench::RequestLog& log, int delay_ms) {
  const auto seconds = log.seconds();
  for (std::size_t id = 0; id < seconds.size(); ++id) EXPECT_GE(seconds[id], delay_ms / 1000.0) << "request " << id;
}

class CrawlModel : public testing::TestWithParam<crawl::Model> {};

TEST_P(CrawlModel, EveryRequestGetsAGoodReplyAndALatencyOfAtLeastTheDelay) {
  concbench::DelayServer server;
  const auto address = concbench::parse_http_url(server.url());
  for (const int concurrency : {1, 3}) {
    const auto crawl_all = GetParam().make(address, concurrency);
    for (const int requests : {0, 1, 7}) {
      concbench::RequestLog log(requests);
      const auto start = Clock::now();
      EXPECT_EQ(crawl_all(3, log), static_cast<std::uint64_t>(requests));
      EXPECT_GE(seconds_since(start), std::ceil(requests / static_cast<double>(concurrency)) * 0.003);
      expect_latencies_at_least(log, 3);
    }
  }
}

// wrk2's -R: request i is due i / rate after the start, so the call lasts at least the schedule
// and the last request's delay; a model without an open loop refuses the schedule.
TEST_P(CrawlModel, AnOpenLoopKeepsToItsScheduleOrIsRefused) {
  concbench::DelayServer server;
  const auto crawl_all = GetParam().make(concbench::parse_http_url(server.url()), 3);
  constexpr int requests = 12, delay_ms = 3;
  constexpr double rate = 200;  // every 5 ms: far below any model's capacity
  concbench::RequestLog log(requests, rate);
  if (!GetParam().open_loop) {
    EXPECT_THROW(crawl_all(delay_ms, log), std::invalid_argument);
    return;
  }
  const auto start = Clock::now();
  EXPECT_EQ(crawl_all(delay_ms, log), static_cast<std::uint64_t>(requests));
  EXPECT_GE(seconds_since(start), (requests - 1) / rate + delay_ms / 1000.0);
  expect_latencies_at_least(log, delay_ms);
}

// Against a server in its own process, so that every descriptor here is the client's: a model's
// set-up, crawls and end leave no connection, pipe or process behind.
TEST_P(CrawlModel, LeavesNoDescriptorOrProcessBehind) {
  concbench::DelayServerProcess server;
  const auto address = concbench::parse_http_url(server.url());
  const auto descriptors = open_descriptors(), children = child_processes();
  {
    const auto crawl_all = GetParam().make(address, 3);
    concbench::RequestLog log(7);
    EXPECT_EQ(crawl_all(1, log), 7u);
  }
  EXPECT_EQ(open_descriptors(), descriptors);
  EXPECT_EQ(child_processes(), children);
}

INSTANTIATE_TEST_SUITE_P(EveryModel, CrawlModel, testing::ValuesIn(crawl::models().all()), ModelName{});

// A Python crawler's reply: its tally, then a latency per request; one too few is an error, as
// is a request a model never recorded.
TEST(Http, AMissingLatencyIsAnError) {
  concbench::RequestLog log(3);
  EXPECT_EQ(crawl::checked_python_replies("3:200:. 0.101 0.102 0.103", "test", log), 3u);
  EXPECT_DOUBLE_EQ(log.seconds()[2], 0.103);
  EXPECT_THROW(crawl::checked_python_replies("3:200:. 0.101 0.102", "test", log), std::runtime_error);
  EXPECT_THROW(crawl::checked_python_replies("3:500:oops 0.1 0.1 0.1", "test", log), std::runtime_error);
  log.restart(2);
  log.done(0, log.due(0));
  EXPECT_THROW(log.seconds(), std::runtime_error);
  concbench::LatencyCounters counters;
  EXPECT_THROW(counters.add(log), std::runtime_error);
}

TEST(Http, ServerGivenByEnvironmentMustAnswer) {
  const std::string url = "http://127.0.0.1:" + std::to_string(dead_port());
  setenv("CONCBENCH_DELAY_SERVER", url.c_str(), 1);
  const auto start = Clock::now();
  try {
    concbench::delay_server_url();
    ADD_FAILURE() << "no error";
  } catch (const std::exception& error) {
    EXPECT_NE(std::string(error.what()).find("no delay server answers at " + url), std::string::npos) << error.what();
  }
  EXPECT_LT(Clock::now() - start, 5s);
  unsetenv("CONCBENCH_DELAY_SERVER");
}

TEST(Http, WrkPeerMeasuresTheSameServerOrIsSkipped) {
  concbench::DelayServer server;
  const auto rate = crawl::wrk_requests_per_s(server.url() + "/add?delay=0", 4, 1s);
  if (!rate) GTEST_SKIP() << "wrk is not installed (scripts/setup installs it)";
  EXPECT_GT(*rate, 100.0);
}

class MixedModel : public testing::TestWithParam<mixed::Model> {};

// Each request's work is done once, and each has a latency of at least the server's 2 ms delay
// (a lower bound: no upper one on a shared machine).
TEST_P(MixedModel, EveryRequestsWorkIsDoneOnce) {
  concbench::DelayServer server;
  const auto run = GetParam().make(concbench::parse_http_url(server.url()), 3);
  for (const int requests : {0, 1, 7}) {
    concbench::RequestLog log(requests);
    EXPECT_EQ(run(requests, 2, 1001, log), mixed::expected_total(requests, 1001)) << requests;
    for (const double seconds : log.seconds()) EXPECT_GE(seconds, 0.002) << requests;
  }
}

// A log that expects a request the run never makes: its missing latency is an error.
TEST_P(MixedModel, ARequestWithoutALatencyIsAnError) {
  concbench::DelayServer server;
  concbench::RequestLog log(4);
  GetParam().make(concbench::parse_http_url(server.url()), 2)(3, 1, 1001, log);
  EXPECT_THROW(log.seconds(), std::runtime_error);
}

INSTANTIATE_TEST_SUITE_P(EveryModel, MixedModel, testing::ValuesIn(mixed::models().all()), ModelName{});

}  // namespace
