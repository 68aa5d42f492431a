#include <algorithm>
#include <deque>
#include <exception>
#include <memory>

#include "workloads/common/asio.hpp"
#include "workloads/common/hardware.hpp"
#include "workloads/mixed/mixed.hpp"

namespace mixed {
namespace {

struct Client {
  asio::io_context loop{1};
  asio::thread_pool pool{static_cast<std::size_t>(concbench::usable_cores())};
  std::deque<concbench::HttpConnection> connections;
};

asio::awaitable<void> lane(Client& client, concbench::HttpConnection& connection, int& next, int requests, int delay_ms,
                           std::uint64_t terms, std::uint64_t& total, concbench::RequestLog& log) {
  for (int id; (id = next++) < requests;) {
    const auto due = log.due(id);
    const auto target = concbench::delay_target("async_pool", delay_ms, static_cast<std::uint64_t>(id));
    concbench::check_delay_reply(co_await connection.get(target), target);
    // await loop.run_in_executor(pool, work, id): the loop reads other responses meanwhile.
    total += co_await asio::co_spawn(
        client.pool, [id, terms]() -> asio::awaitable<std::uint64_t> { co_return work(id, terms); }, asio::use_awaitable);
    log.done(id, due);  // back on the loop with the result, as `await` returns in asyncio
  }
}

}  // namespace

//! The crawler's coroutines handing the CPU work to a thread pool of one thread per core and
//! awaiting it, so the loop keeps serving I/O (asyncio's run_in_executor).
Runner make_async_pool(const concbench::HttpServer& server, int concurrency) {
  auto client = std::make_shared<Client>();
  for (int i = 0; i < concurrency; ++i) client->connections.emplace_back(client->loop.get_executor(), server);
  Runner fetch_and_compute = [client](int requests, int delay_ms, std::uint64_t terms, concbench::RequestLog& log) {
    int next = 0;
    std::uint64_t total = 0;
    for (std::size_t i = 0; i < std::min<std::size_t>(client->connections.size(), static_cast<std::size_t>(requests)); ++i)
      asio::co_spawn(client->loop, lane(*client, client->connections[i], next, requests, delay_ms, terms, total, log),
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

const bool added = models().add({.name = "async_pool",
                                  .what = "coroutines that hand each reply's work to a thread pool (run_in_executor)",
                                  .make = make_async_pool,
                                  .cpu_threads = every_core});

}  // namespace mixed
