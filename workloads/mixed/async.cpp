#include <algorithm>
#include <deque>
#include <exception>
#include <memory>

#include "workloads/common/asio.hpp"
#include "workloads/mixed/mixed.hpp"

namespace mixed {
namespace {

struct Client {
  asio::io_context loop{1};
  std::deque<concbench::HttpConnection> connections;
};

asio::awaitable<void> lane(concbench::HttpConnection& connection, int& next, int requests, int delay_ms,
                           std::uint64_t terms, std::uint64_t& total, concbench::RequestLog& log) {
  for (int id; (id = next++) < requests;) {
    const auto due = log.due(id);
    const auto target = concbench::delay_target("async", delay_ms, static_cast<std::uint64_t>(id));
    concbench::check_delay_reply(co_await connection.get(target), target);
    total += work(id, terms);  // on the loop's thread: every other coroutine waits meanwhile
    log.done(id, due);
  }
}

}  // namespace

//! The crawler's coroutines doing the CPU work themselves, on the one loop thread: while one
//! computes, no other response is read — the stall asyncio warns about.
Runner make_async(const concbench::HttpServer& server, int concurrency) {
  auto client = std::make_shared<Client>();
  for (int i = 0; i < concurrency; ++i) client->connections.emplace_back(client->loop.get_executor(), server);
  Runner fetch_and_compute = [client](int requests, int delay_ms, std::uint64_t terms, concbench::RequestLog& log) {
    int next = 0;
    std::uint64_t total = 0;
    for (std::size_t i = 0; i < std::min<std::size_t>(client->connections.size(), static_cast<std::size_t>(requests)); ++i)
      asio::co_spawn(client->loop, lane(client->connections[i], next, requests, delay_ms, terms, total, log),
                     [](std::exception_ptr error) {
                       if (error) std::rethrow_exception(error);
                     });
    client->loop.restart();
    client->loop.run();
    return total;
  };
  concbench::RequestLog set_up(concurrency);
  fetch_and_compute(concurrency, 0, 1, set_up);  // set-up: open the keep-alive connections
  return fetch_and_compute;
}

const bool added = models().add({.name = "async",
                                  .what = "coroutines on one loop: the work after each reply stalls every other request",
                                  .make = make_async,
                                  .cpu_threads = one_thread});

}  // namespace mixed
