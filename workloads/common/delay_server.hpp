#pragma once
// The course's test server: GET /add?name=<label>&delay=<ms> answers "." after `delay` ms
// without blocking anything else. HTTP/1.1 on Boost.Beast and Asio coroutines, keep-alive,
// an idle timeout and bounded memory per connection.
#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "workloads/common/asio.hpp"
#include "workloads/common/child_process.hpp"

namespace concbench {

struct DelayServerOptions {
  std::string bind = "127.0.0.1";
  std::uint16_t port = 0;                              // 0: an ephemeral port
  int threads = 1;                                     // io_context threads
  std::chrono::milliseconds default_delay{0};          // when a request names no delay
  std::chrono::milliseconds max_delay{60'000};         // a longer delay is a 400
  std::chrono::milliseconds idle_timeout{30'000};      // a connection silent this long is closed
};

//! Per-connection limits: what bounds a connection's memory whatever a client sends.
inline constexpr std::size_t delay_server_header_limit = 8 * 1024;   // bigger: 431
inline constexpr std::size_t delay_server_body_limit = 1024;         // bigger: 413

//! The server, serving on threads of its own from construction to destruction.
class DelayServer {
 public:
  explicit DelayServer(DelayServerOptions options = {});  // throws if it cannot bind
  ~DelayServer();
  DelayServer(const DelayServer&) = delete;
  DelayServer& operator=(const DelayServer&) = delete;

  std::uint16_t port() const { return port_; }
  std::string url() const;  // http://HOST:PORT

 private:
  DelayServerOptions options_;
  asio::io_context io_;
  asio::ip::tcp::acceptor acceptor_;
  std::uint16_t port_ = 0;
  std::vector<std::jthread> threads_;
};

//! tools/delay_server as a child process, for servers that need descriptors of their own
//! (10,000 connections); it exits when this object (or this process) goes away.
class DelayServerProcess {
 public:
  explicit DelayServerProcess(const std::vector<std::string>& args = {});
  const std::string& url() const { return url_; }
  pid_t pid() const { return child_.pid(); }

 private:
  ChildProcess child_;
  std::string url_;
};

//! The server the http and mixed benchmarks use: $CONCBENCH_DELAY_SERVER (http://HOST:PORT)
//! if set and answering, else a tools/delay_server child started on first use and stopped at
//! exit. Throws a one-line error if that server does not answer within a few seconds.
const std::string& delay_server_url();

//! Raises this process's soft RLIMIT_NOFILE to at least `wanted` (up to the hard limit) and
//! returns the new soft limit.
long raise_open_files_limit(long wanted);

}  // namespace concbench
