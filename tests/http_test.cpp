#include <gtest/gtest.h>

#include "tests/model_case.hpp"
#include <stdlib.h>

#include <chrono>
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

class CrawlModel : public testing::TestWithParam<crawl::Model> {};

TEST_P(CrawlModel, EveryRequestGetsAGoodReply) {
  concbench::DelayServer server;
  const auto address = concbench::parse_http_url(server.url());
  for (const int concurrency : {1, 3}) {
    const auto crawl_all = GetParam().make(address, concurrency);
    for (const int requests : {0, 1, 7}) {
      const auto start = Clock::now();
      EXPECT_EQ(crawl_all(requests, 3), static_cast<std::uint64_t>(requests));
      EXPECT_GE(std::chrono::duration<double>(Clock::now() - start).count(),
                std::ceil(requests / static_cast<double>(concurrency)) * 0.003);
    }
  }
}

// Connection refused is immediate: no model may hang or retry for long on a dead server.
TEST_P(CrawlModel, ADeadServerIsAClearErrorFast) {
  const concbench::HttpServer nobody{"127.0.0.1", dead_port()};
  const auto start = Clock::now();
  try {
    GetParam().make(nobody, 2)(3, 1);
    ADD_FAILURE() << "no error";
  } catch (const std::exception& error) {
    EXPECT_NE(std::string(error.what()).find("efused"), std::string::npos) << error.what();
  }
  EXPECT_LT(Clock::now() - start, 5s);
}

INSTANTIATE_TEST_SUITE_P(EveryModel, CrawlModel, testing::ValuesIn(crawl::models().all()), ModelName{});

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
