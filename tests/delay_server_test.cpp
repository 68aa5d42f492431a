#include <gtest/gtest.h>

#include <chrono>
#include <cstring>
#include <deque>
#include <string>

#include "workloads/common/delay_server.hpp"
#include "workloads/common/http_client.hpp"

namespace {

using namespace std::chrono_literals;
using concbench::DelayServer;
using concbench::http_get;
using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point start) { return std::chrono::duration<double>(Clock::now() - start).count(); }

concbench::HttpServer address(const DelayServer& server) { return concbench::parse_http_url(server.url()); }

//! Sends raw bytes on a new connection and returns everything the server writes before it
//! closes (or 3 s pass).
std::string raw_exchange(const DelayServer& server, const std::string& bytes) {
  asio::io_context io;
  asio::ip::tcp::socket socket(io);
  socket.connect({asio::ip::make_address("127.0.0.1"), server.port()});
  boost::system::error_code write_error;  // the server may refuse before reading everything
  asio::write(socket, asio::buffer(bytes), write_error);
  std::string answer;
  asio::steady_timer deadline(io, 3s);
  deadline.async_wait([&](auto) { socket.close(); });
  std::array<char, 4096> chunk;
  std::function<void(boost::system::error_code, std::size_t)> on_read = [&](auto error, std::size_t n) {
    answer.append(chunk.data(), n);
    if (error) return deadline.cancel(), void();
    socket.async_read_some(asio::buffer(chunk), on_read);
  };
  socket.async_read_some(asio::buffer(chunk), on_read);
  io.run();
  return answer;
}

TEST(DelayServer, AnswersADotAfterTheDelayNeverEarly) {
  DelayServer server;
  for (const int delay_ms : {0, 1, 50, 150}) {
    const auto start = Clock::now();
    const auto reply = http_get(address(server), concbench::delay_target("test", delay_ms, 7));
    EXPECT_GE(seconds_since(start), delay_ms / 1000.0) << delay_ms;
    EXPECT_EQ(reply.status, 200u);
    EXPECT_EQ(reply.body, ".");
  }
}

TEST(DelayServer, MissingDelayMeansTheDefault) {
  DelayServer server({.default_delay = 120ms});
  const auto start = Clock::now();
  const auto reply = http_get(address(server), "/add?name=x");
  EXPECT_GE(seconds_since(start), 0.12);
  EXPECT_EQ(reply.body, ".");
}

TEST(DelayServer, ALongWaitBlocksNothingElse) {
  DelayServer server;
  asio::io_context io;
  concbench::HttpConnection slow(io.get_executor(), address(server)), fast(io.get_executor(), address(server));
  double fast_done = -1, slow_done = -1;
  const auto start = Clock::now();
  asio::co_spawn(io, [&]() -> asio::awaitable<void> { co_await slow.get("/add?delay=1500"); slow_done = seconds_since(start); }, asio::detached);
  asio::co_spawn(io, [&]() -> asio::awaitable<void> {
    asio::steady_timer pause(io, 100ms);
    co_await pause.async_wait(asio::use_awaitable);
    co_await fast.get("/add?delay=0");
    fast_done = seconds_since(start);
  }, asio::detached);
  io.run();
  EXPECT_GE(slow_done, 1.5);
  EXPECT_GE(fast_done, 0.1);
  EXPECT_LT(fast_done, slow_done) << "a delayed request held up another connection";
}

TEST(DelayServer, RefusesBadInputAndKeepsServing) {
  DelayServer server({.max_delay = 5000ms});
  const struct {
    std::string target;
    unsigned status;
  } cases[] = {{"/add?delay=-1", 400}, {"/add?delay=abc", 400}, {"/add?delay=1.5", 400}, {"/add?delay=", 400},
               {"/add?delay=+5", 400},  {"/add?delay=5001", 400}, {"/add?delay=99999999999999", 400},
               {"/nowhere", 404},       {"/add/more?delay=1", 404}, {"/", 404}};
  for (const auto& [target, status] : cases) {
    const auto reply = http_get(address(server), target);
    EXPECT_EQ(reply.status, status) << target;
    EXPECT_NE(reply.body, ".") << target;
  }
  EXPECT_EQ(http_get(address(server), "/add?delay=5000&name=edge", 10s).status, 200u);
}

TEST(DelayServer, MalformedAndOversizedRequestsGet4xxThenTheServerStillServes) {
  DelayServer server;
  EXPECT_EQ(raw_exchange(server, "GARBAGE\r\n\r\n").rfind("HTTP/1.1 400", 0), 0u);
  EXPECT_EQ(raw_exchange(server, "GET /add HTTP/9.9\r\n\r\n").rfind("HTTP/1.1 400", 0), 0u);
  const std::string huge_header(64 * 1024, 'a');
  EXPECT_EQ(raw_exchange(server, "GET /add HTTP/1.1\r\nX-Big: " + huge_header + "\r\n\r\n").rfind("HTTP/1.1 431", 0), 0u);
  EXPECT_EQ(raw_exchange(server, "GET /add HTTP/1.1\r\nContent-Length: 100000\r\n\r\n").rfind("HTTP/1.1 413", 0), 0u);
  EXPECT_EQ(raw_exchange(server, "POST /add HTTP/1.1\r\nContent-Length: 0\r\n\r\n").rfind("HTTP/1.1 405", 0), 0u);
  EXPECT_EQ(http_get(address(server), "/add?delay=1").body, ".");
}

TEST(DelayServer, KeepsConnectionsAliveAndClosesIdleOnes) {
  DelayServer server({.idle_timeout = 300ms});
  const std::string two = "GET /add?delay=1 HTTP/1.1\r\nHost: x\r\n\r\nGET /add?delay=1 HTTP/1.1\r\nHost: x\r\n\r\n";
  const auto start = Clock::now();
  const std::string answer = raw_exchange(server, two);  // both answered on one connection, then idle
  std::size_t replies = 0;
  for (auto at = answer.find("HTTP/1.1 200"); at != std::string::npos; at = answer.find("HTTP/1.1 200", at + 1)) ++replies;
  EXPECT_EQ(replies, 2u) << answer;
  const double closed_after = seconds_since(start);
  EXPECT_GE(closed_after, 0.3);
  EXPECT_LT(closed_after, 2.5) << "the idle connection was not closed by the server";
}

TEST(DelayServer, AsAChildProcessItPrintsItsUrlAndServes) {
  concbench::DelayServerProcess child;
  EXPECT_EQ(http_get(concbench::parse_http_url(child.url()), "/add?delay=2").body, ".");
}

// The server in its own process, as the benchmarks use it for large runs; this process opens
// the client ends, so it raises its own descriptor limit (soft up to hard, 20,000 here).
TEST(DelayServer, HoldsTenThousandConcurrentConnections) {
  constexpr int connections = 10'000;
  if (concbench::raise_open_files_limit(connections + 200) < connections + 200)
    GTEST_SKIP() << "RLIMIT_NOFILE hard limit too low for " << connections << " client sockets";
  concbench::DelayServerProcess child;
  const auto server = concbench::parse_http_url(child.url());
  asio::io_context io(1);
  std::deque<concbench::HttpConnection> clients;
  int good = 0, failed = 0;
  std::string first_failure;
  const auto start = Clock::now();
  for (int i = 0; i < connections; ++i) {
    auto& client = clients.emplace_back(io.get_executor(), server, 30s);
    asio::co_spawn(io, [&client, &good, &failed, &first_failure, i]() -> asio::awaitable<void> {
      try {
        const auto reply = co_await client.get(concbench::delay_target("many", 2000, static_cast<std::uint64_t>(i)));
        reply.status == 200 && reply.body == "." ? ++good : ++failed;
      } catch (const std::exception& error) {
        if (failed++ == 0) first_failure = error.what();
      }
    }, asio::detached);
  }
  io.run();
  EXPECT_EQ(good, connections) << failed << " failed, first: " << first_failure;
  EXPECT_LT(seconds_since(start), 60.0);  // all waits overlapped: one after another would be hours
}

}  // namespace
